package proptest

import (
	"fmt"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// A recipe is a short, fixed way into a state a uniform walk seldom reaches:
// effects left in flight from a join given up or a return under way, carried
// into a room, a re-assignment or the main meeting. A run may start with one;
// the walk then goes on from there. Every input of a recipe goes through the
// same checks as any other.
type recipe struct {
	name  string
	steps []recipeStep
}

// recipeStep is one input of a recipe: an SDK event written as JSON, or
// another input.
type recipeStep struct {
	event string
	in    lifecycle.Input
	// answer, when set, answers the newest effect of its kind in flight (ok
	// or failed, as it says), naming its room: the join being made now, not
	// one given up.
	answer lifecycle.InputKind
	// tick lets the next timer fall due.
	tick bool
	// repeat, for a tick, is how many ticks (1 when zero).
	repeat int
	// oneOf, when set, is a choice: one of its steps, drawn.
	oneOf []recipeStep
}

func roomStep(thread, state string, auto bool) recipeStep {
	a := ""
	if auto {
		a = `,"autoMoveParticipantToBreakoutRoom":true`
	}
	return recipeStep{event: fmt.Sprintf(`{"type":"assignedBreakoutRooms","data":{"threadId":%q,"state":%q%s}}`, thread, state, a)}
}

var (
	stepUnassign     = recipeStep{event: `{"type":"assignedBreakoutRooms"}`}
	stepTimedRoom    = recipeStep{event: `{"type":"breakoutRoomsSettings","data":{"disableReturnToMainMeeting":false,"roomEndTime":{"deltaTimeInMs":60000}}}`}
	stepReturnAllow  = recipeStep{event: `{"type":"breakoutRoomsSettings","data":{"disableReturnToMainMeeting":false}}`}
	stepSDKJoin      = recipeStep{event: `{"type":"join","data":{"id":"call-1"}}`}
	stepJoin         = recipeStep{in: lifecycle.Input{Kind: lifecycle.InputJoin}}
	stepReturn       = recipeStep{in: lifecycle.Input{Kind: lifecycle.InputReturn}}
	stepHangUpAction = recipeStep{in: lifecycle.Input{Kind: lifecycle.InputHangUpBreakout}}
)

func answer(k lifecycle.InputKind) recipeStep { return recipeStep{answer: k} }

// waysOut are the ways out of a room in 19:r1 (or re-assigned from it to
// 19:r2) whose settings allow a return and set an end: R15's return and
// manual leave, R12's unassignment, the assigned room or the current one
// closing, R14's re-assignment to a closed room, and R12's end of time
// (closingSoon first, then roomEnd).
var waysOut = []recipeStep{
	stepReturn, stepHangUpAction, stepUnassign,
	roomStep("19:r1", "closed", false), roomStep("19:r2", "closed", false), roomStep("19:r3", "closed", false),
	{tick: true, repeat: 2},
}

// unsolicited are outcomes of every kind with nothing of their kind in
// flight (R24), or naming a room no effect is for.
var unsolicited = func() []recipeStep {
	var out []recipeStep
	for _, k := range outcomeOps {
		in := lifecycle.Input{Kind: k}
		if namesBreakoutCall(k) {
			in.ThreadID = "19:r3"
		}
		out = append(out, recipeStep{in: in})
	}
	return out
}()

// recipes are written from the rules: each comment says which.
var recipes = []recipe{
	{
		// R12 then R10: the return's rejoin (or resume) is still in flight
		// when the SDK joins another room by itself and it connects (R9);
		// then a re-assignment (R13) with the stale effect still in flight.
		name: "return, SDK joins another room, re-assigned",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r1", "closed", false), answer(lifecycle.InputHangUpBreakoutOK),
			roomStep("19:r2", "open", false), stepSDKJoin, answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r1", "open", false), stepJoin,
		},
	},
	{
		// The same, the stale effect answered in the room the SDK joined,
		// or in the waiting re-assignment (R18, R19: the main call is not
		// brought back from a room).
		name: "return's effect answered in the room the SDK joined",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r1", "closed", false), answer(lifecycle.InputHangUpBreakoutOK),
			roomStep("19:r2", "open", false), stepSDKJoin, answer(lifecycle.InputJoinBreakoutOK),
			answer(lifecycle.InputRejoinMainFailed), answer(lifecycle.InputResumeMainFailed),
		},
	},
	{
		name: "return's effect answered in a waiting re-assignment",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r1", "closed", false), answer(lifecycle.InputHangUpBreakoutOK),
			roomStep("19:r2", "open", false), stepSDKJoin, answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r1", "open", false), answer(lifecycle.InputRejoinMainOK), answer(lifecycle.InputResumeMainOK),
		},
	},
	{
		// R8 then R5: a join undone before its hold was answered leaves a
		// resume in flight; the next join connects, and the return's rejoin
		// races that stale resume (R18: either brings the participant back).
		name: "stale resume races a return",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			roomStep("19:r1", "closed", false), roomStep("19:r2", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			stepReturnAllow, stepReturn, answer(lifecycle.InputResumeMainOK),
			{in: lifecycle.Input{Kind: lifecycle.InputResumeMain}},
		},
	},
	{
		// The same, unassigned on the way back (R8 while returning): an
		// attendee arrives in the main meeting (R18, by the stale resume)
		// with its rejoin still in flight, where resumeMain is refused with
		// 46257 (R15, decision 5).
		name: "stale resume brings an attendee back unassigned",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			roomStep("19:r1", "closed", false), roomStep("19:r2", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			stepReturnAllow, stepReturn, stepUnassign, answer(lifecycle.InputResumeMainOK),
			{in: lifecycle.Input{Kind: lifecycle.InputResumeMain}}, answer(lifecycle.InputRejoinMainFailed),
		},
	},
	{
		// R15 (the manual recipe while joining) then R10: a hold given up
		// stays in flight into a room the SDK joined by itself, and into a
		// re-assigned join (R13).
		name: "hold given up, carried into a re-assignment",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, stepHangUpAction,
			roomStep("19:r2", "open", false), stepSDKJoin, answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputHoldMainFailed),
		},
	},
	{
		// R9 then R15 and R18: the attendee's hangUpMain is still in flight
		// after the rejoin brought it back, and into the next join.
		name: "hangUpMain outlives the room",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			stepReturnAllow, stepReturn, answer(lifecycle.InputHangUpBreakoutOK), answer(lifecycle.InputRejoinMainOK),
			stepJoin,
		},
	},
	{
		// The same hold given up, failing in the room the SDK joined (R7: a
		// hold not made for this room's join is only reported).
		name: "hold given up fails in the room",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, stepHangUpAction,
			roomStep("19:r2", "open", false), stepSDKJoin, answer(lifecycle.InputJoinBreakoutOK),
			answer(lifecycle.InputHoldMainFailed),
		},
	},
	{
		// R11 while joining: the closing-soon notice falls due before the
		// join connects; then the room's end (R8: the join is undone).
		name: "closing soon, then the end, while joining",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			{event: `{"type":"breakoutRoomsSettings","data":{"roomEndTime":{"deltaTimeInMs":40000}}}`},
			{tick: true}, {tick: true},
		},
	},
	{
		// The same hold given up, failing while the re-assignment waits for
		// its join (R13, R7: only reported; decision 14).
		name: "hold given up fails in a waiting re-assignment",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, stepHangUpAction,
			roomStep("19:r2", "open", false), stepSDKJoin, answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r1", "open", false), answer(lifecycle.InputHoldMainFailed),
		},
	},
	{
		// R9 before R5's hold is answered, then R13; the join's own hold
		// fails in the re-assignment (C2: only reported).
		name: "own hold fails in a re-assignment",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r2", "open", false), answer(lifecycle.InputHoldMainFailed),
		},
	},
	{
		// R9 before R5's hold (or hang-up) of the main call is answered,
		// then R12: the assignment goes away with the main call neither
		// connected, held nor hung up.
		name: "unassigned while the main call's hold is in flight",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			stepUnassign,
		},
	},
	{
		// The same with the re-assigned join in flight.
		name: "own hold fails in a re-assigned join",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r2", "open", false), stepJoin, answer(lifecycle.InputHoldMainFailed),
		},
	},
	{
		// The return's rejoin (or resume) fails in a waiting re-assignment
		// (R19: reported, the participant stays in its room).
		name: "return's effect fails in a re-assignment",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r1", "closed", false), answer(lifecycle.InputHangUpBreakoutOK),
			roomStep("19:r2", "open", false), stepSDKJoin, answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r1", "open", false), answer(lifecycle.InputRejoinMainFailed), answer(lifecycle.InputResumeMainFailed),
		},
	},
	{
		// R15 while joining, then unassigned or not: the hold is the only
		// thing in flight and fails (decision 6: the return is complete,
		// position main, or assigned when the room is still assigned).
		name: "the hold was all a return waited for",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, stepHangUpAction,
			{oneOf: []recipeStep{stepUnassign, stepReturnAllow}},
			answer(lifecycle.InputHoldMainFailed),
		},
	},
	{
		// Decision 18: a return's resume fails after the hold it raced failed
		// too: the main call is connected with nothing on its way, so the
		// return arrives (position assigned, or main when unassigned).
		name: "return arrives when its resume fails on a connected call",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			roomStep("19:r1", "closed", false), roomStep("19:r1", "open", false), stepJoin, stepHangUpAction,
			answer(lifecycle.InputHoldMainFailed), answer(lifecycle.InputHoldMainFailed),
			answer(lifecycle.InputResumeMainFailed),
		},
	},
	{
		name: "unassigned return arrives when its resume fails on a connected call",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			roomStep("19:r1", "closed", false), roomStep("19:r1", "open", false), stepJoin, stepHangUpAction,
			stepUnassign, answer(lifecycle.InputHoldMainFailed), answer(lifecycle.InputHoldMainFailed),
			answer(lifecycle.InputResumeMainFailed),
		},
	},
	{
		// Decision 18 for an attendee's rejoin: a return's rejoin is still on
		// its way when the SDK joins another room (R10), the participant
		// returns from that join (R16) and joins again (R5), gives that join
		// up (R15), and its hold, the resume and the rejoin all fail.
		name: "return arrives when its rejoin fails on a connected call",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			stepReturnAllow, stepReturn,
			roomStep("19:r2", "open", false), stepSDKJoin, stepReturn, stepJoin, stepHangUpAction,
			answer(lifecycle.InputHoldMainFailed), answer(lifecycle.InputResumeMainFailed), answer(lifecycle.InputRejoinMainFailed),
		},
	},
	{
		name: "unassigned return arrives when its rejoin fails on a connected call",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			stepReturnAllow, stepReturn,
			roomStep("19:r2", "open", false), stepSDKJoin, stepReturn, stepJoin, stepHangUpAction, stepUnassign,
			answer(lifecycle.InputHoldMainFailed), answer(lifecycle.InputResumeMainFailed), answer(lifecycle.InputRejoinMainFailed),
		},
	},
	{
		// The same, the rejoin answered ok on the connected call (R18: it
		// was connected already), assigned, unassigned (R12), or with an
		// open auto-move room announced on the way back (R18: its autoMove
		// starts on arrival).
		name: "return's rejoin answered ok on a connected call",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			stepReturnAllow, stepReturn,
			roomStep("19:r2", "open", false), stepSDKJoin, stepReturn, stepJoin, stepHangUpAction,
			{oneOf: []recipeStep{stepReturnAllow, stepUnassign, roomStep("19:r3", "open", true)}},
			answer(lifecycle.InputHoldMainFailed), answer(lifecycle.InputResumeMainFailed), answer(lifecycle.InputRejoinMainOK),
		},
	},
	{
		// Two rejoins in flight (as below), both failing (R19): the first
		// leaves the main call hung up, the second finds it so.
		name: "two rejoins in flight, both failing",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r1", "closed", false), answer(lifecycle.InputHangUpBreakoutOK),
			roomStep("19:r2", "open", false), stepSDKJoin, answer(lifecycle.InputJoinBreakoutOK),
			stepUnassign, answer(lifecycle.InputRejoinMainFailed), answer(lifecycle.InputRejoinMainFailed),
		},
	},
	{
		// R10 twice and C2: a manager's SDK join fails (R6), the user joins
		// and the SDK joins that room itself, the hold fails after it
		// connected, so the main call counts as connected with the undone
		// join's resume still on its way; then the room closes (R12).
		name: "SDK join, hold fails after it connected, the room closes",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepSDKJoin, answer(lifecycle.InputJoinBreakoutFailed),
			stepJoin, stepSDKJoin, answer(lifecycle.InputJoinBreakoutOK), answer(lifecycle.InputHoldMainFailed),
			roomStep("19:r1", "closed", false),
		},
	},
	{
		// C2: the join connects (R9) before its hold is answered, and the
		// hold fails: only reported; a manager's main call counts as
		// connected, so a return (R12, R14, R15) arrives at once. Then one
		// way out of the room, drawn.
		name: "hold fails after the join connected",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			answer(lifecycle.InputHoldMainFailed), stepTimedRoom, {oneOf: waysOut},
		},
	},
	{
		// The same from a waiting re-assignment (R13).
		name: "hold fails after the join connected, re-assigned",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			answer(lifecycle.InputHoldMainFailed), stepTimedRoom, roomStep("19:r2", "open", false), {oneOf: waysOut},
		},
	},
	{
		// The same with the re-assigned join in flight.
		name: "hold fails after the join connected, re-assigned join",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			answer(lifecycle.InputHoldMainFailed), stepTimedRoom, roomStep("19:r2", "open", false), stepJoin,
			{oneOf: waysOut},
		},
	},
	{
		// R24: outcomes naming another room, or with nothing of their kind in
		// flight, while joining and during a re-assigned join.
		name: "outcomes nobody asked for",
		steps: append([]recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			{in: lifecycle.Input{Kind: lifecycle.InputJoinBreakoutFailed, ThreadID: "19:r3"}},
			{in: lifecycle.Input{Kind: lifecycle.InputHangUpBreakoutOK, ThreadID: "19:r3"}},
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r2", "open", false), stepJoin,
			answer(lifecycle.InputHangUpMainOK),
		}, unsolicited...),
	},
	{
		// The same in a waiting re-assignment.
		name: "outcomes nobody asked for, re-assigned",
		steps: append([]recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK), answer(lifecycle.InputHangUpMainOK),
			roomStep("19:r2", "open", false),
		}, unsolicited...),
	},
	{
		// R12 then R10 and R9: the return's rejoin is still in flight when
		// the SDK joins another room and it connects, so an attendee's main
		// call is hung up again; unassigned (R12), it returns with a second
		// rejoin in flight. The first rejoin brings it back (R18, C3: the main
		// call is connected) and the second is answered in the main meeting,
		// ok (R18) or failed (R19: only reported).
		name: "two rejoins in flight, the second answered in the main meeting",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r1", "closed", false), answer(lifecycle.InputHangUpBreakoutOK),
			roomStep("19:r2", "open", false), stepSDKJoin, answer(lifecycle.InputJoinBreakoutOK),
			stepUnassign, answer(lifecycle.InputRejoinMainOK),
			{oneOf: []recipeStep{answer(lifecycle.InputRejoinMainOK), answer(lifecycle.InputRejoinMainFailed)}},
		},
	},
	{
		// C2 with a stale resume: a join undone before its hold was answered
		// leaves a resume in flight (R8); the next join's own hold fails after
		// it connected (C2), so a manager's main call is connected with that
		// resume still on its way. Every way out of the room then brings
		// nothing back (R12, R14, R15).
		name: "connected main call, stale resume, way out",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputHoldMainOK),
			roomStep("19:r2", "open", false), stepJoin,
			answer(lifecycle.InputJoinBreakoutOK), answer(lifecycle.InputHoldMainFailed),
			stepTimedRoom, {oneOf: waysOut},
		},
	},
	{
		// The same, re-assigned, its join made or not (R13).
		name: "connected main call, stale resume, re-assigned, way out",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputHoldMainOK),
			roomStep("19:r2", "open", false), stepJoin,
			answer(lifecycle.InputJoinBreakoutOK), answer(lifecycle.InputHoldMainFailed),
			stepTimedRoom, roomStep("19:r3", "open", false),
			{oneOf: []recipeStep{stepJoin, stepTimedRoom}}, {oneOf: waysOut},
		},
	},
	{
		// C8 in the main meeting: eight joins given up, each hang-up failing,
		// leave eight calls up; a join, the SDK's join and an auto-move are
		// each refused (R5), until the calls are hung up again.
		name: "eight failed hang-ups, then joins",
		steps: seqSteps(eightGivenUp(), []recipeStep{stepUnassign}, failHangUps(8), []recipeStep{
			roomStep("19:r9", "open", false), stepJoin, stepSDKJoin,
			roomStep("19:r9", "open", true), {tick: true}, stepHangUpAction, stepJoin,
		}),
	},
	{
		// C8 in a room: the same eight calls, then a re-assignment, whose
		// join, SDK join and auto-move are refused (R5, R13).
		name: "eight failed hang-ups in a room, then re-assigned",
		steps: seqSteps(eightGivenUp(), []recipeStep{
			roomStep("19:r9", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
		}, failHangUps(8), []recipeStep{
			roomStep("19:r10", "open", false), stepJoin, stepSDKJoin, roomStep("19:r10", "open", true), {tick: true},
		}),
	},
	{
		// The same eight calls hung up again by a return (C4) and failing
		// again: on the way back, the SDK's join is refused (R5, R10).
		name: "eight failed hang-ups on the way back",
		steps: seqSteps(eightGivenUp(), []recipeStep{
			roomStep("19:r9", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
		}, failHangUps(8), []recipeStep{roomStep("19:r9", "closed", false)}, failHangUps(8), []recipeStep{
			roomStep("19:r10", "open", false), stepSDKJoin,
		}),
	},
	{
		// 250 joins undone, each with its hold and its resume in flight: the
		// next join, or auto-move, is refused (R5), until one is answered.
		name: "250 effects on the main call in flight",
		steps: seqSteps(func() []recipeStep {
			var out []recipeStep
			for range 250 {
				out = append(out, roomStep("19:r1", "open", false), stepJoin, roomStep("19:r1", "closed", false))
			}
			return out
		}(), []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, stepSDKJoin, roomStep("19:r1", "open", true), {tick: true},
			answer(lifecycle.InputHoldMainOK), stepJoin,
		}),
	},
	{
		// R13 while a re-assigned join is in flight: re-assigned again, to
		// an open room with auto-move or without, or the settings withdrawn.
		name: "re-assigned again, or settings withdrawn, while switching",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r2", "open", true), stepJoin,
			{oneOf: []recipeStep{
				roomStep("19:r3", "open", true), roomStep("19:r3", "open", false),
				{event: `{"type":"breakoutRoomsSettings","data":null}`},
			}},
		},
	},
	{
		// R13: settings for the re-assigned room arrive before its join
		// connects, with an end later than the closing-soon lead or within
		// it; the join then connects and they take over.
		name: "settings for a re-assigned join, which then connects",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r2", "open", false), stepJoin,
			{oneOf: []recipeStep{
				stepTimedRoom,
				{event: `{"type":"breakoutRoomsSettings","data":{"roomEndTime":{"deltaTimeInMs":20000}}}`},
			}},
			answer(lifecycle.InputJoinBreakoutOK),
		},
	},
	{
		// R8 then R3: the SDK's join is undone by a re-assignment to an open
		// auto-move room; its resume fails (R19: the main call stays held),
		// and the auto-move joins with the main call on hold.
		name: "auto-move with the main call still on hold",
		steps: []recipeStep{
			roomStep("19:r3", "open", false), stepSDKJoin, roomStep("19:r1", "open", true),
			answer(lifecycle.InputResumeMainFailed), {tick: true},
		},
	},
	{
		// R15: resumeMain in a room whose settings allow a return is refused
		// (for a manager, whose main call is held).
		name: "resumeMain in a room",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			stepReturnAllow, {in: lifecycle.Input{Kind: lifecycle.InputResumeMain}},
		},
	},
	{
		// R9 before the hold is answered, then R14: re-assigned to a closed
		// room, the participant returns while the hold is in flight, and
		// the hold fails (R7: only reported).
		name: "re-assigned to a closed room while the hold is in flight",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r3", "closed", false), answer(lifecycle.InputHoldMainFailed),
		},
	},
	{
		// R12 then R18: unassigned, the participant returns (an attendee's
		// rejoin, a manager's resume in flight); an open auto-move room is
		// assigned on the way back, and the main call connects: the
		// auto-move waits no more.
		name: "auto-move room assigned on the way back",
		steps: []recipeStep{
			roomStep("19:r1", "open", true), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			stepUnassign, roomStep("19:r3", "open", true),
			answer(lifecycle.InputRejoinMainOK), answer(lifecycle.InputResumeMainOK),
		},
	},
	{
		// R11 then R12: a timed room's closing-soon notice, then its end,
		// with the main call held (a manager) or hung up (an attendee).
		name: "a timed room ends",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputHangUpMainOK), answer(lifecycle.InputJoinBreakoutOK),
			stepTimedRoom, {tick: true}, {tick: true},
		},
	},
	{
		// R15 then R10: on the way back the SDK joins the room by itself and
		// the user leaves it again, so the main call is hung up once more
		// when the first rejoin connects (R18: only answered).
		name: "SDK joins on the way back, the user leaves, the rejoin connects",
		steps: []recipeStep{
			roomStep("19:r2", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			stepReturnAllow, stepReturn, stepSDKJoin, stepHangUpAction,
			answer(lifecycle.InputRejoinMainOK),
		},
	},
	{
		// R16: a return while joining issues a resume for the return, which
		// fails (R19: re-thrown as 46261).
		name: "return's resume fails after a return while joining",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, stepReturn,
			answer(lifecycle.InputResumeMainFailed),
		},
	},
	{
		// R9a then R12 and R19: an attendee's hang-up of the main call fails
		// (the call is held), the room goes away, the return's resume fails,
		// and so does a manual resumeMain's: the main call stays held.
		name: "resumes fail after the main call's hang-up failed",
		steps: []recipeStep{
			roomStep("19:r3", "open", true), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			answer(lifecycle.InputHangUpMainFailed), stepUnassign, answer(lifecycle.InputHangUpBreakoutOK),
			answer(lifecycle.InputResumeMainFailed), {in: lifecycle.Input{Kind: lifecycle.InputResumeMain}},
			answer(lifecycle.InputResumeMainFailed),
		},
	},
	{
		// R6 then R5 and R12: the SDK's join fails, the user joins, the room
		// closes while the first join's resume is in flight, and it fails
		// (R19: only reported).
		name: "a failed SDK join's resume fails on the way back",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepSDKJoin, answer(lifecycle.InputJoinBreakoutFailed),
			stepJoin, answer(lifecycle.InputJoinBreakoutOK), roomStep("19:r1", "closed", false),
			answer(lifecycle.InputResumeMainFailed),
		},
	},
	{
		// R13: settings repeated for a re-assigned join in flight.
		name: "settings repeated while switching",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r2", "open", false), stepJoin, stepTimedRoom, stepTimedRoom,
		},
	},
	{
		// R15 while joining, then an open auto-move room announced on the way
		// back (R18): the hold was all the return waited for, and it fails, so
		// the participant arrives and the auto-move starts (R7, R18).
		name: "the hold was all a return waited for, auto-move announced",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, stepHangUpAction, roomStep("19:r2", "open", true),
			answer(lifecycle.InputHoldMainFailed),
		},
	},
	{
		// Decision 18 with an auto-move announced on the way back: the
		// rejoin is answered last, ok or failed, on a main call connected
		// after all (R18, R19).
		name: "return arrives on a connected call, auto-move announced",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			stepReturnAllow, stepReturn,
			roomStep("19:r2", "open", false), stepSDKJoin, stepReturn, stepJoin, stepHangUpAction,
			roomStep("19:r3", "open", true),
			answer(lifecycle.InputHoldMainFailed), answer(lifecycle.InputResumeMainFailed),
			{oneOf: []recipeStep{answer(lifecycle.InputRejoinMainOK), answer(lifecycle.InputRejoinMainFailed)}},
		},
	},
	{
		// The same, unassigned or not on the way back.
		name: "return arrives on a connected call",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			stepReturnAllow, stepReturn,
			roomStep("19:r2", "open", false), stepSDKJoin, stepReturn, stepJoin, stepHangUpAction,
			{oneOf: []recipeStep{stepUnassign, roomStep("19:r2", "open", false)}},
			answer(lifecycle.InputHoldMainFailed), answer(lifecycle.InputResumeMainFailed),
			{oneOf: []recipeStep{answer(lifecycle.InputRejoinMainOK), answer(lifecycle.InputRejoinMainFailed)}},
		},
	},
	{
		// A return while joining issues a resume for the return (R16); the
		// next join's hold makes the main call held again, and fails after
		// the join was given up (R15): the call is connected with the
		// return's resume on its way, and its failure completes the return
		// (re-thrown as 46261, §5), with an auto-move announced or not.
		name: "return's resume fails on a connected call",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, stepReturn, stepJoin, stepHangUpAction,
			roomStep("19:r2", "open", true),
			answer(lifecycle.InputHoldMainFailed), answer(lifecycle.InputHoldMainFailed), answer(lifecycle.InputResumeMainFailed),
		},
	},
	{
		// The same, unassigned or not on the way back.
		name: "return's resume fails on a connected call, no auto-move",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, stepReturn, stepJoin, stepHangUpAction,
			{oneOf: []recipeStep{stepUnassign, roomStep("19:r1", "open", false)}},
			answer(lifecycle.InputHoldMainFailed), answer(lifecycle.InputHoldMainFailed), answer(lifecycle.InputResumeMainFailed),
		},
	},
	{
		// The same for an undo's resume, with an auto-move announced.
		name: "undo's resume fails on a connected call, auto-move announced",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			roomStep("19:r1", "closed", false), roomStep("19:r1", "open", false), stepJoin, stepHangUpAction,
			roomStep("19:r2", "open", true), answer(lifecycle.InputHoldMainFailed), answer(lifecycle.InputHoldMainFailed),
			answer(lifecycle.InputResumeMainFailed),
		},
	},
	{
		// R11: settings repeated while joining change nothing.
		name: "settings repeated while joining",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, stepTimedRoom, stepTimedRoom,
		},
	},
	{
		// C6 in the main meeting: the stale hold answered ok holds the main
		// call, the join's own hold fails (R7: abandoned, the call stays
		// held), and the undo's resume is still in flight: the manual
		// resumeMain is refused, assigned or not.
		name: "manual resume while a stale resume is in flight",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			roomStep("19:r1", "closed", false), roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputHoldMainFailed),
			answer(lifecycle.InputHangUpBreakoutOK), answer(lifecycle.InputHangUpBreakoutOK),
			{oneOf: []recipeStep{stepUnassign, roomStep("19:r1", "open", false)}},
			{in: lifecycle.Input{Kind: lifecycle.InputResumeMain}},
		},
	},
	{
		// Two holds in flight into a room, then re-assigned (and its join
		// made, or not): the older hold fails there (R7: only reported); so
		// does an undo's resume (R19).
		name: "two holds and a resume in flight into a re-assignment",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			roomStep("19:r2", "open", false), stepJoin,
			answer(lifecycle.InputJoinBreakoutOK),
			{oneOf: []recipeStep{roomStep("19:r3", "open", false), stepTimedRoom}},
			{oneOf: []recipeStep{stepJoin, stepTimedRoom}},
			{oneOf: []recipeStep{answer(lifecycle.InputHoldMainFailed), answer(lifecycle.InputResumeMainFailed)}},
		},
	},
	{
		// Two hangUpMain in flight: the return's rejoin is still on its way
		// when the SDK joins another room (R10) and it connects (R9); the
		// first hang-up fails (R9a: the call is held), then, re-assigned, the
		// second (R9a: only reported).
		name: "two hangUpMain in flight into a re-assignment",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r1", "closed", false), answer(lifecycle.InputHangUpBreakoutOK),
			roomStep("19:r2", "open", false), stepSDKJoin, answer(lifecycle.InputJoinBreakoutOK),
			answer(lifecycle.InputHangUpMainFailed),
			{oneOf: []recipeStep{roomStep("19:r3", "open", false), stepTimedRoom}},
			answer(lifecycle.InputHangUpMainFailed),
		},
	},
	{
		// R13: re-assigned twice with auto-move, the previous room's call
		// waiting for hangUpPrevious while the next move starts.
		name: "re-assigned twice",
		steps: []recipeStep{
			roomStep("19:r1", "open", true), stepJoin,
			answer(lifecycle.InputHoldMainOK), answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r2", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r3", "open", false), stepJoin, stepUnassign,
		},
	},
	{
		// R12, R10, R14 then R19 twice: an attendee's room closes (rejoinMain
		// in flight), it reopens and the SDK joins it again, and a
		// re-assignment to a closed room returns once more (a second
		// rejoinMain); both rejoins fail. The first leaves the main call hung
		// up, so the second fails with it neither connected nor being
		// rejoined (row 172, which the walk reaches about one run in two
		// thousand).
		name: "two rejoins in flight fail",
		steps: []recipeStep{
			roomStep("19:r1", "open", false), stepJoin, answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r1", "closed", false),
			roomStep("19:r1", "open", true), stepSDKJoin, answer(lifecycle.InputJoinBreakoutOK),
			roomStep("19:r3", "closed", false),
			answer(lifecycle.InputRejoinMainFailed), answer(lifecycle.InputRejoinMainFailed),
		},
	},
}

// eightGivenUp are eight joins, each given up by the next assignment while
// its join is in flight, so that eight hang-ups are in flight.
func eightGivenUp() []recipeStep {
	var out []recipeStep
	for i := 1; i <= 8; i++ {
		out = append(out, roomStep(fmt.Sprintf("19:r%d", i), "open", false), stepJoin)
	}
	return out
}

// failHangUps answers the hang-ups of rooms 19:r1 to 19:r<n> with a failure
// (R20: the calls stay up).
func failHangUps(n int) []recipeStep {
	var out []recipeStep
	for i := 1; i <= n; i++ {
		out = append(out, recipeStep{in: lifecycle.Input{Kind: lifecycle.InputHangUpBreakoutFailed, ThreadID: fmt.Sprintf("19:r%d", i)}})
	}
	return out
}

func seqSteps(parts ...[]recipeStep) []recipeStep {
	var out []recipeStep
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// followRecipe starts a run with a recipe, drawn (or none), its choices
// drawn too.
func (h *harness) followRecipe(t *rapid.T) {
	i := rapid.IntRange(-1, len(recipes)-1).Draw(t, "recipe")
	if i < 0 {
		return
	}
	h.follow(t, recipes[i], func(oneOf []recipeStep) recipeStep {
		return rapid.SampledFrom(oneOf).Draw(t, "recipeWayOut")
	}, false)
}

// follow gives the harness a recipe's inputs, all at the run's time; choose
// picks one step of each oneOf. With check, the invariants are checked
// after every input, or after the last one of a recipe longer than
// maxCheckedRecipe (the walk that follows a drawn recipe checks them after
// its first action).
func (h *harness) follow(t failer, r recipe, choose func([]recipeStep) recipeStep, check bool) {
	everyStep := check && len(r.steps) <= maxCheckedRecipe
	for _, s := range r.steps {
		if h.model.Left() {
			break
		}
		if s.oneOf != nil {
			s = choose(s.oneOf)
		}
		switch {
		case s.event != "":
			in, err := lifecycle.DecodeEvent([]byte(s.event))
			if err != nil {
				t.Fatalf("recipe %q: %v", r.name, err)
			}
			h.eventAt(t, sdkEvent{JSON: []byte(s.event), Input: in}, h.now)
		case s.tick:
			for range max(1, s.repeat) {
				if due, ok := h.nextDue(); ok {
					h.take(t, lifecycle.Input{Kind: lifecycle.InputTick}, later(h.now, due))
				}
			}
		case s.answer != lifecycle.InputInvalid:
			inFlight := h.model.InFlight()
			for j := len(inFlight) - 1; j >= 0; j-- {
				if in := inFlight[j]; in.Kind == s.answer || failedOf(in.Kind) == s.answer {
					in.Kind = s.answer
					h.take(t, in, h.now)
					break
				}
			}
		default:
			h.take(t, s.in, h.now)
		}
		if everyStep {
			h.checkInvariants(t)
		}
	}
	if check && !everyStep {
		h.checkInvariants(t)
	}
}

// maxCheckedRecipe is the longest recipe that runRecipes checks after
// every input; longer ones are checked after their last. (Checking each of
// the 757 inputs of "250 effects on the main call in flight" would take
// about 20 s per role.)
const maxCheckedRecipe = 100

// recipeRoles are the roles every recipe is followed in by runRecipes.
var recipeRoles = []lifecycle.Role{lifecycle.Attendee, lifecycle.Manager}

// choices lists every way through a recipe: one index into each of its
// oneOf steps, in order.
func (r recipe) choices() [][]int {
	ways := [][]int{nil}
	for _, s := range r.steps {
		if s.oneOf == nil {
			continue
		}
		var next [][]int
		for _, w := range ways {
			for i := range s.oneOf {
				next = append(next, append(slices.Clone(w), i))
			}
		}
		ways = next
	}
	return ways
}

// runRecipes follows every recipe, every way through it, in each role with
// the default config, checking every input as the machine property does and
// the invariants after each. The recipes go where a walk seldom goes; run
// this way, the rows they reach are exercised in every Check, not by luck.
// It returns how many runs it made. The first run that fails fails t, and
// is reported again without the inputs the failure does not need.
func (s *suite) runRecipes(t testing.TB) int {
	t.Helper()
	runs := 0
	for _, role := range recipeRoles {
		cfg := lifecycle.DefaultConfig()
		cfg.Role = role
		for _, r := range recipes {
			for _, way := range r.choices() {
				if f, steps := s.followOnce(cfg, r, way); f != nil {
					t.Errorf("recipe %q as %s (choices %v): %s", r.name, role, way, f.msg)
					s.lastRun = &failedRun{cfg: cfg, steps: steps, sig: f.sig}
					s.minimizeRun(t)
					return runs
				}
				runs++
			}
		}
	}
	return runs
}

// followOnce follows one way through a recipe in a new harness and returns
// the first check that failed (nil if none) and the inputs given until then.
func (s *suite) followOnce(cfg lifecycle.Config, r recipe, way []int) (*rerun, []step) {
	return s.runChecked(cfg, func(h *harness, f *rerun) {
		next := 0
		h.follow(f, r, func(oneOf []recipeStep) recipeStep {
			i := way[next]
			next++
			return oneOf[i]
		}, true)
	})
}
