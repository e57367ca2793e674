package lifecycle

import (
	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
)

// A Row is one row of the lifecycle table: in any state of From, on input
// On, when Guard holds, the machine goes to To (or stays, when Stay is set)
// and does its Effects, in order; Rule is the rule of the behaviour of
// record the row implements. Read one aloud:
//
//	from in_room, on returnToMainMeeting, when returnAllowed && mainHungUp:
//	go to returning; hang up every breakout call, rejoinMain, clear the
//	settings, …, mark an early return (R15)
type Row struct {
	From  Group
	On    InputKind
	Guard fsm.Guard
	To    State
	Stay  bool
	// Effects are what the row does, in order: its primitives (the
	// effects for the host, and the changes to the participant's facts,
	// its failure report or its refusal).
	Effects []Primitive
	Rule    errcodes.Rule
}

// Group is the states a row applies in: one state, or a named group of
// them (a superstate), so that what is common to them is written once.
type Group struct {
	Name   string
	States []State
}

// The states, one by one, and the groups the table writes rows for.
var (
	gMain       = Group{"main", []State{StateMain}}
	gAssigned   = Group{"assigned", []State{StateAssigned}}
	gJoining    = Group{"joining", []State{StateJoining}}
	gInRoom     = Group{"in_room", []State{StateInRoom}}
	gReassigned = Group{"reassigned", []State{StateReassigned}}
	gSwitching  = Group{"switching", []State{StateSwitching}}
	gReturning  = Group{"returning", []State{StateReturning}}

	// gLive: every state but left.
	gLive = Group{"any", []State{StateMain, StateAssigned, StateJoining, StateInRoom, StateReassigned, StateSwitching, StateReturning}}
	// gInMain: in the main meeting, or on the way back to it.
	gInMain = Group{"main|assigned|returning", []State{StateMain, StateAssigned, StateReturning}}
	// gHome: in the main meeting.
	gHome = Group{"main|assigned", []State{StateMain, StateAssigned}}
	// gAssignedOrReturning: a room may be assigned, and no breakout call is
	// the participant's.
	gAssignedOrReturning = Group{"assigned|returning", []State{StateAssigned, StateReturning}}
	// gRoom: in a breakout room (R13's re-assignment included).
	gRoom = Group{"in a room", []State{StateInRoom, StateReassigned, StateSwitching}}
	// gInRoomOrReassigned: in a room, with no re-assigned join in flight.
	gInRoomOrReassigned = Group{"in_room|reassigned", []State{StateInRoom, StateReassigned}}
	// gSettingsInForce: where settings are recorded for the call in force.
	gSettingsInForce = Group{"joining|in_room|reassigned", []State{StateJoining, StateInRoom, StateReassigned}}
	// gJoiningOrRoom: a breakout call is being joined or is the current one.
	gJoiningOrRoom = Group{"joining|in a room", []State{StateJoining, StateInRoom, StateReassigned, StateSwitching}}
	// gAlreadyJoining: joining, or in the room a join would be for.
	gAlreadyJoining = Group{"joining|in_room|switching", []State{StateJoining, StateInRoom, StateSwitching}}
	// gNotReturning: every state but left and returning.
	gNotReturning = Group{"any but returning", []State{StateMain, StateAssigned, StateJoining, StateInRoom, StateReassigned, StateSwitching}}
	// gNotJoiningNorReturning: where a failed hold changes only the main call.
	gNotJoiningNorReturning = Group{"main|assigned|in a room", []State{StateMain, StateAssigned, StateInRoom, StateReassigned, StateSwitching}}
)

// Short names for the conditions, so that the rows read as a table.
const (
	cManager      = CondManager
	cAssigned     = CondAssigned
	cRoomOpen     = CondRoomOpen
	cReturnOK     = CondReturnAllowed
	cEarly        = CondReturnedEarly
	cWaits        = CondAutoMoveWaits
	cUnassigns    = CondEventUnassigns
	cIdentical    = CondEventIdentical
	cEvOpen       = CondEventOpen
	cEvAuto       = CondEventAutoMove
	cSame         = CondEventSameRoom
	cCurrent      = CondEventCurrentRoom
	cOpens        = CondEventRoomOpens
	cCloses       = CondEventRoomCloses
	cToggles      = CondEventTogglesAutoMove
	cUndefined    = CondSettingsUndefined
	cRepeat       = CondSettingsRepeat
	cRepeatPend   = CondSettingsRepeatPending
	cEnd          = CondSettingsEnd
	cEndSoon      = CondSettingsEndSoon
	cPendEnd      = CondPendingEnd
	cPendEndSoon  = CondPendingEndSoon
	cActiveJoin   = CondOutcomeForActiveJoin
	cLastHold     = CondOutcomeForLastHold
	cCallUp       = CondOutcomeCallUp
	cSettles      = CondMainSettlesConnected
	cForReturn    = CondResumeForReturn
	cHolding      = CondMainHolding
	cOnHold       = CondMainOnHold
	cHungUp       = CondMainHungUp
	cGone         = CondMainGone
	cResuming     = CondMainResuming
	cRejoining    = CondMainRejoining
	cConnected    = CondMainConnected
	cResumeFlying = CondResumeInFlight
	cUp           = CondBreakoutUp
	cStray        = CondStrayBreakout
	cRedo         = CondSomethingToRedo
	cInFlight     = CondSomethingInFlight
	cBound        = CondCallBound
	cMainBound    = CondMainBound
)

// guard is a row's guard: every condition of when, none of unless.
type guard struct{ fsm.Guard }

func when(cs ...Condition) guard {
	var g fsm.Guard
	for _, c := range cs {
		g.Must |= c.bit()
	}
	return guard{g}
}

func always() guard { return guard{} }

func (g guard) and(cs ...Condition) guard {
	for _, c := range cs {
		g.Must |= c.bit()
	}
	return g
}

func (g guard) unless(cs ...Condition) guard {
	for _, c := range cs {
		g.MustNot |= c.bit()
	}
	return g
}

// stay is a row's target when it keeps the state.
const stay State = StateInvalid

type rowBuilder struct{ rows []Row }

func (b *rowBuilder) row(from Group, on InputKind, g guard, to State, rule errcodes.Rule, does ...Primitive) {
	b.rows = append(b.rows, Row{From: from, On: on, Guard: g.Guard, To: to, Stay: to == stay, Effects: does, Rule: rule})
}

// Sequences of primitives several rows share. Rows list them in full: these
// only spare the writer the repetition.
var (
	// Leaving a breakout room (R12, R14, R15): every breakout call still up
	// is hung up (C4), the main call brought back by the row, the room's
	// settings, timers and notifications dropped.
	leaveRoomPrims = []Primitive{DoClearSettings, DoForgetPendingSettings, DoCancelAutoMove, DoWithdrawRoomNotes}
	// Giving up a join from the main meeting (R8): its call is hung up, the
	// main call resumed (it is on hold while joining), the call's settings
	// and notifications dropped.
	undoJoinPrims = []Primitive{DoHangUpJoiningCall, DoResumeMain, DoClearSettings, DoWithdrawRoomNotes}
	// Joining the assigned room from the main meeting, after the hold (R3,
	// R5).
	joinFromMainPrims = []Primitive{DoJoinAssignedRoom, DoCancelAutoMove, DoClearSettings, DoWithdrawPrompts}
	// Joining the re-assigned room from a room (R13): no holdMain.
	joinNewRoomPrims = []Primitive{DoJoinAssignedRoom, DoForgetPendingSettings, DoCancelAutoMove, DoWithdrawPrompts}
	// Taking up a newly assigned room (R2, R8).
	assignClosedPrims = []Primitive{DoAssign, DoForgetEarlyReturn, DoCancelAutoMove, DoWithdrawPrompts}
	// Leaving the main meeting (R22): every call still up is hung up, every
	// timer cancelled, every notification withdrawn.
	leavePrims = []Primitive{DoCancelAllTimers, DoWithdrawAll, DoStopWaiting, DoForgetPendingSettings}
)

func seq(parts ...[]Primitive) []Primitive {
	var out []Primitive
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func prims(ps ...Primitive) []Primitive { return ps }

// leave writes the four rows of a way out of a room, one per state of the
// main call: hung up (an attendee's, rejoined), on hold (a manager's, or an
// attendee's whose hang-up failed, resumed), connected (its hold failed after
// the join, C2: nothing to bring back, the return arrives at once, at home)
// and connected with a resume or rejoin already on its way (nothing more).
// Every other breakout call still up is hung up first (C4).
func (b *rowBuilder) leave(from Group, on InputKind, g guard, home State, rule errcodes.Rule, tail ...Primitive) {
	b.row(from, on, g.and(cHungUp), StateReturning, rule,
		seq(prims(DoHangUpEveryCall, DoRejoinMain), leaveRoomPrims, tail)...)
	b.row(from, on, g.and(cOnHold), StateReturning, rule,
		seq(prims(DoHangUpEveryCall, DoResumeMainForReturn), leaveRoomPrims, tail)...)
	b.row(from, on, g.unless(cHungUp, cOnHold, cConnected), StateReturning, rule,
		seq(prims(DoHangUpEveryCall), leaveRoomPrims, tail)...)
	b.row(from, on, g.and(cConnected), home, rule,
		seq(prims(DoHangUpEveryCall), leaveRoomPrims, tail, prims(DoWithdrawClosed))...)
}

// arrive writes the three rows of an outcome that brings the participant
// back to the main meeting (R18): to assigned with the auto-move that waited
// for the arrival started, to assigned, or to main when no room is assigned.
func (b *rowBuilder) arrive(on InputKind, g guard, rule errcodes.Rule, first []Primitive, last ...Primitive) {
	b.row(gReturning, on, g.and(cAssigned, cWaits), StateAssigned, rule,
		seq(first, prims(DoWithdrawClosed, DoScheduleAutoMove, DoStopWaiting), last)...)
	b.row(gReturning, on, g.and(cAssigned).unless(cWaits), StateAssigned, rule,
		seq(first, prims(DoWithdrawClosed), last)...)
	b.row(gReturning, on, g.unless(cAssigned), StateMain, rule,
		seq(first, prims(DoWithdrawClosed), last)...)
}

// rows is the lifecycle, written down: one block per input, and within it
// one group of rows per state or group of states. The guards of a (state,
// input) pair are disjoint and together cover every possible case: fsm.New
// checks both, with the constraints of impossibleConditions.
//
// Some inputs are answered before the table (preTableRules): every input
// once left (R22) or when the machine is unavailable (R1), a time earlier
// than the last input's or an input whose fields do not fit (R24), and an
// outcome with nothing of its kind in flight (R24).
func rows() []Row {
	b := &rowBuilder{}

	// assignedBreakoutRooms in the main meeting (R2, R3, R4).
	b.row(gMain, InputAssignedRoom, when(cUnassigns), stay, errcodes.R4a)
	b.row(gMain, InputAssignedRoom, when(cCloses), StateAssigned, errcodes.R2, assignClosedPrims...)
	b.row(gMain, InputAssignedRoom, when(cOpens, cEvAuto), StateAssigned, errcodes.R3,
		DoAssign, DoForgetEarlyReturn, DoScheduleAutoMove, DoShowOpened)
	b.row(gMain, InputAssignedRoom, when(cOpens).unless(cEvAuto), StateAssigned, errcodes.R4,
		DoAssign, DoForgetEarlyReturn, DoCancelAutoMove, DoShowOpenedPromptJoin)

	// ... assigned, or on the way back (where an auto-move waits for the
	// arrival, R18): R2–R4 for a new room, R4a for the same one, R8.
	b.row(gAssigned, InputAssignedRoom, when(cUnassigns), StateMain, errcodes.R8, assignClosedPrims...)
	b.row(gReturning, InputAssignedRoom, when(cUnassigns), stay, errcodes.R8, assignClosedPrims...)
	b.row(gAssignedOrReturning, InputAssignedRoom, when(cIdentical).unless(cUnassigns), stay, errcodes.R4a)
	b.row(gAssignedOrReturning, InputAssignedRoom, when(cCloses, cSame), stay, errcodes.R8, assignClosedPrims...)
	b.row(gAssignedOrReturning, InputAssignedRoom, when(cCloses).unless(cSame), stay, errcodes.R2, assignClosedPrims...)
	b.row(gAssigned, InputAssignedRoom, when(cOpens, cEvAuto), stay, errcodes.R3,
		DoAssign, DoForgetEarlyReturn, DoScheduleAutoMove, DoShowOpened)
	b.row(gReturning, InputAssignedRoom, when(cOpens, cEvAuto), stay, errcodes.R3,
		DoAssign, DoForgetEarlyReturn, DoWaitForArrival, DoShowOpened)
	b.row(gAssignedOrReturning, InputAssignedRoom, when(cOpens).unless(cEvAuto), stay, errcodes.R4,
		DoAssign, DoForgetEarlyReturn, DoCancelAutoMove, DoShowOpenedPromptJoin)
	b.row(gAssigned, InputAssignedRoom, when(cToggles, cEvAuto).unless(cEarly), stay, errcodes.R4a,
		DoAssign, DoScheduleAutoMove, DoShowOpened)
	b.row(gReturning, InputAssignedRoom, when(cToggles, cEvAuto).unless(cEarly), stay, errcodes.R4a,
		DoAssign, DoWaitForArrival, DoShowOpened)
	b.row(gAssignedOrReturning, InputAssignedRoom, when(cToggles).unless(cEvAuto, cEarly), stay, errcodes.R4a,
		DoAssign, DoCancelAutoMove, DoShowOpenedPromptJoin)
	b.row(gAssignedOrReturning, InputAssignedRoom, when(cToggles, cEarly), stay, errcodes.R16, DoAssign)
	b.row(gAssignedOrReturning, InputAssignedRoom, always().unless(cUnassigns, cIdentical, cOpens, cCloses, cToggles), stay, errcodes.R4a,
		DoAssign)

	// ... while joining from the main meeting: the join is undone (R8), then
	// the new room is taken up as R2–R4 would.
	b.row(gJoining, InputAssignedRoom, when(cUnassigns), StateMain, errcodes.R8,
		seq(undoJoinPrims, assignClosedPrims)...)
	b.row(gJoining, InputAssignedRoom, when(cCloses), StateAssigned, errcodes.R8,
		seq(undoJoinPrims, assignClosedPrims)...)
	b.row(gJoining, InputAssignedRoom, when(cOpens, cEvAuto), StateAssigned, errcodes.R8,
		seq(undoJoinPrims, prims(DoAssign, DoForgetEarlyReturn, DoScheduleAutoMove, DoShowOpened))...)
	b.row(gJoining, InputAssignedRoom, when(cOpens).unless(cEvAuto), StateAssigned, errcodes.R8,
		seq(undoJoinPrims, prims(DoAssign, DoForgetEarlyReturn, DoShowOpenedPromptJoin))...)
	b.row(gJoining, InputAssignedRoom, always().unless(cUnassigns, cOpens, cCloses), stay, errcodes.R4a, DoAssign)

	// ... in a room: nobody is left in a closed room (R12, R14, C4).
	closed := seq(prims(DoAssign, DoForgetEarlyReturn, DoWithdrawPrompts, DoShowClosed))
	b.leave(gRoom, InputAssignedRoom, when(cUnassigns), StateMain, errcodes.R12, closed...)
	b.leave(gRoom, InputAssignedRoom, when(cCurrent).unless(cEvOpen), StateAssigned, errcodes.R12, closed...)
	b.leave(gRoom, InputAssignedRoom, always().unless(cUnassigns, cEvOpen, cCurrent), StateAssigned, errcodes.R14, closed...)
	// ... re-assigned to another open room (R13).
	b.row(gInRoomOrReassigned, InputAssignedRoom, when(cOpens, cEvAuto).unless(cCurrent), StateReassigned, errcodes.R13,
		DoAssign, DoForgetEarlyReturn, DoScheduleAutoMove, DoShowChanged)
	b.row(gInRoomOrReassigned, InputAssignedRoom, when(cOpens).unless(cEvAuto, cCurrent), StateReassigned, errcodes.R13,
		DoAssign, DoForgetEarlyReturn, DoCancelAutoMove, DoShowChangedPromptJoin)
	b.row(gSwitching, InputAssignedRoom, when(cOpens, cEvAuto).unless(cCurrent), StateReassigned, errcodes.R13,
		DoHangUpJoiningCall, DoForgetPendingSettings, DoAssign, DoForgetEarlyReturn, DoScheduleAutoMove, DoShowChanged)
	b.row(gSwitching, InputAssignedRoom, when(cOpens).unless(cEvAuto, cCurrent), StateReassigned, errcodes.R13,
		DoHangUpJoiningCall, DoForgetPendingSettings, DoAssign, DoForgetEarlyReturn, DoCancelAutoMove, DoShowChangedPromptJoin)
	// ... re-assigned back to the room the participant is in (R13).
	b.row(gReassigned, InputAssignedRoom, when(cOpens, cCurrent), StateInRoom, errcodes.R13,
		DoAssign, DoForgetEarlyReturn, DoCancelAutoMove, DoWithdrawChangedPrompts)
	b.row(gSwitching, InputAssignedRoom, when(cOpens, cCurrent), StateInRoom, errcodes.R13,
		DoHangUpJoiningCall, DoForgetPendingSettings, DoAssign, DoForgetEarlyReturn, DoCancelAutoMove, DoWithdrawChangedPrompts)
	// ... the same room again, still open (R4a, R13).
	b.row(gInRoom, InputAssignedRoom, when(cEvOpen).unless(cOpens), stay, errcodes.R4a, DoAssign)
	b.row(gReassigned, InputAssignedRoom, when(cToggles, cEvAuto), stay, errcodes.R13, DoAssign, DoScheduleAutoMove, DoShowChanged)
	b.row(gReassigned, InputAssignedRoom, when(cToggles).unless(cEvAuto), stay, errcodes.R13, DoAssign, DoCancelAutoMove, DoShowChangedPromptJoin)
	b.row(gReassigned, InputAssignedRoom, when(cEvOpen).unless(cOpens, cToggles), stay, errcodes.R13, DoAssign)
	b.row(gSwitching, InputAssignedRoom, when(cEvOpen).unless(cOpens), stay, errcodes.R13, DoAssign)

	// breakoutRoomsSettings: recorded while joining or in a room, read and
	// ignored elsewhere (R11); a re-assigned join keeps them for later (R13).
	b.row(gInMain, InputSettings, always(), stay, errcodes.R11)
	b.row(gSettingsInForce, InputSettings, when(cUndefined), stay, errcodes.R11, DoClearSettings)
	b.row(gSettingsInForce, InputSettings, when(cRepeat), stay, errcodes.R11)
	b.row(gSettingsInForce, InputSettings, always().unless(cUndefined, cRepeat, cEnd), stay, errcodes.R11,
		DoRecordSettings, DoCancelClosingSoon, DoCancelRoomEnd)
	b.row(gSettingsInForce, InputSettings, when(cEnd).unless(cRepeat, cEndSoon), stay, errcodes.R11,
		DoRecordSettings, DoScheduleClosingSoon, DoScheduleRoomEnd)
	b.row(gSettingsInForce, InputSettings, when(cEndSoon).unless(cRepeat), stay, errcodes.R11,
		DoRecordSettings, DoCancelClosingSoon, DoShowClosingSoon, DoScheduleRoomEnd)
	b.row(gSwitching, InputSettings, when(cUndefined), stay, errcodes.R13, DoForgetPendingSettings)
	b.row(gSwitching, InputSettings, when(cRepeatPend), stay, errcodes.R13)
	b.row(gSwitching, InputSettings, always().unless(cUndefined, cRepeatPend), stay, errcodes.R13, DoRecordPendingSettings)

	// breakoutRooms (R23).
	b.row(gLive, InputRoomList, when(cManager), stay, errcodes.R23, DoKeepRoomList)
	b.row(gLive, InputRoomList, always().unless(cManager), stay, errcodes.R23)

	// The SDK's own join event (R10).
	b.row(gInMain, InputJoinEvent, always().unless(cRoomOpen), stay, errcodes.R10, DoRefuseUnexpected)
	b.row(gAssignedOrReturning, InputJoinEvent, when(cRoomOpen, cBound), stay, errcodes.R5, DoRefuseCallBound)
	b.row(gAssignedOrReturning, InputJoinEvent, when(cRoomOpen, cMainBound).unless(cBound), stay, errcodes.R5, DoRefuseMainBound)
	b.row(gAssignedOrReturning, InputJoinEvent, when(cRoomOpen).unless(cBound, cMainBound), StateJoining, errcodes.R10,
		DoFollowSDKJoin, DoMainHeldBySDK, DoRecordCallID, DoCancelAutoMove, DoClearSettings, DoWithdrawPrompts)
	b.row(gAlreadyJoining, InputJoinEvent, always(), stay, errcodes.R10, DoRecordCallID)
	b.row(gReassigned, InputJoinEvent, when(cBound), stay, errcodes.R5, DoRefuseCallBound)
	b.row(gReassigned, InputJoinEvent, always().unless(cBound), StateSwitching, errcodes.R10,
		DoFollowSDKJoin, DoRecordCallID, DoForgetPendingSettings, DoCancelAutoMove, DoWithdrawPrompts)

	// join (R5), checked in the rule's order.
	b.row(gInMain, InputJoin, always().unless(cAssigned), stay, errcodes.R5, DoRefuseNoAssignment)
	b.row(gInMain, InputJoin, when(cAssigned).unless(cRoomOpen), stay, errcodes.R5, DoRefuseRoomClosed)
	b.row(gReturning, InputJoin, when(cRoomOpen), stay, errcodes.R5, DoRefuseUnexpected)
	b.row(gAlreadyJoining, InputJoin, always(), stay, errcodes.R5, DoRefuseAlreadyInRoom)
	b.row(gReassigned, InputJoin, when(cBound), stay, errcodes.R5, DoRefuseCallBound)
	b.row(gReassigned, InputJoin, always().unless(cBound), StateSwitching, errcodes.R13, joinNewRoomPrims...)
	b.joinFromMain(InputJoin, when(cRoomOpen), errcodes.R5)

	// autoMove falls due (R3, R13); it is pending only for an open
	// auto-move assignment.
	b.joinFromMain(InputAutoMoveDue, always(), errcodes.R3)
	b.row(gReassigned, InputAutoMoveDue, when(cBound), stay, errcodes.R5, DoRefuseCallBound)
	b.row(gReassigned, InputAutoMoveDue, always().unless(cBound), StateSwitching, errcodes.R13, joinNewRoomPrims...)

	// returnToMainMeeting.
	// ... in the main meeting or on the way back: what is still missing is
	// re-issued (R19; in the main meeting, R17 and decision 4).
	b.row(gInMain, InputReturn, when(cHungUp), stay, errcodes.R19, DoHangUpStrays, DoRejoinMain)
	b.row(gInMain, InputReturn, when(cOnHold), stay, errcodes.R19, DoHangUpStrays, DoResumeMainForReturn)
	b.row(gInMain, InputReturn, when(cStray).unless(cHungUp, cOnHold), stay, errcodes.R19, DoHangUpStrays)
	b.row(gHome, InputReturn, when(cInFlight).unless(cRedo), stay, errcodes.R17)
	b.row(gHome, InputReturn, always().unless(cRedo, cInFlight), stay, errcodes.R17, DoRefuseAlreadyInMain)
	b.row(gReturning, InputReturn, always().unless(cHungUp, cOnHold, cStray), stay, errcodes.R19)
	// ... while joining: the join is given up, an early return (R16).
	b.row(gJoining, InputReturn, always(), StateAssigned, errcodes.R16,
		DoHangUpEveryCall, DoResumeMainForReturn, DoClearSettings, DoWithdrawRoomNotes, DoMarkEarlyReturn)
	// ... in a room, where the settings allow it (R15).
	b.leave(gRoom, InputReturn, when(cReturnOK), StateAssigned, errcodes.R15, DoMarkEarlyReturn)
	b.row(gRoom, InputReturn, always().unless(cReturnOK), stay, errcodes.R15, DoRefuseReturnDisabled)

	// The action hangUpBreakout: stray calls first (R13), then the manual
	// recipe (R15).
	b.row(gLive, InputHangUpBreakout, when(cStray), stay, errcodes.R13, DoHangUpStrays)
	b.row(gInMain, InputHangUpBreakout, when(cUp).unless(cStray), stay, errcodes.R20)
	b.row(gInMain, InputHangUpBreakout, always().unless(cStray, cUp), stay, errcodes.R20, DoRefuseUnexpected)
	b.row(gJoining, InputHangUpBreakout, always().unless(cStray), StateReturning, errcodes.R15,
		DoHangUpJoiningCall, DoClearSettings, DoWithdrawRoomNotes, DoMarkEarlyReturn)
	b.row(gRoom, InputHangUpBreakout, when(cReturnOK).unless(cStray, cConnected), StateReturning, errcodes.R15,
		seq(prims(DoHangUpEveryCall), leaveRoomPrims, prims(DoMarkEarlyReturn))...)
	b.row(gRoom, InputHangUpBreakout, when(cReturnOK, cConnected).unless(cStray), StateAssigned, errcodes.R15,
		seq(prims(DoHangUpEveryCall), leaveRoomPrims, prims(DoMarkEarlyReturn, DoWithdrawClosed))...)
	b.row(gRoom, InputHangUpBreakout, always().unless(cStray, cReturnOK), stay, errcodes.R15, DoRefuseReturnDisabled)

	// The action resumeMain (the manual recipe, R15, decision 5, C6).
	b.row(gRoom, InputResumeMain, when(cGone), stay, errcodes.R15, DoRefuseMainGone)
	b.row(gRoom, InputResumeMain, always().unless(cGone, cReturnOK), stay, errcodes.R15, DoRefuseReturnDisabled)
	b.row(gRoom, InputResumeMain, when(cReturnOK).unless(cGone), stay, errcodes.R15, DoRefuseUnexpected)
	b.row(gJoining, InputResumeMain, always(), stay, errcodes.R15, DoRefuseUnexpected)
	b.row(gInMain, InputResumeMain, when(cGone), stay, errcodes.R15, DoRefuseMainGone)
	b.row(gInMain, InputResumeMain, when(cUp).unless(cGone), stay, errcodes.R15, DoRefuseUnexpected)
	b.row(gInMain, InputResumeMain, when(cOnHold).unless(cGone, cUp, cResumeFlying), stay, errcodes.R15, DoResumeMain)
	b.row(gInMain, InputResumeMain, when(cOnHold, cResumeFlying).unless(cGone, cUp), stay, errcodes.R15, DoRefuseUnexpected)
	b.row(gInMain, InputResumeMain, always().unless(cGone, cUp, cOnHold), stay, errcodes.R15, DoRefuseUnexpected)

	// leaveMeeting and meetingEnded (R22).
	for _, k := range []InputKind{InputLeaveMeeting, InputMeetingEnded} {
		b.row(gLive, k, when(cHungUp), StateLeft, errcodes.R22, seq(prims(DoHangUpEveryCall), leavePrims)...)
		b.row(gLive, k, always().unless(cHungUp), StateLeft, errcodes.R22, seq(prims(DoHangUpEveryCall, DoHangUpMain), leavePrims)...)
	}

	// Outcomes of the host's effects (one with nothing of its kind in flight
	// is refused before the table, R24).
	b.row(gLive, InputHoldMainOK, when(cHolding), stay, errcodes.R5, DoAnswerHold, DoMainHeld)
	b.row(gLive, InputHoldMainOK, always().unless(cHolding), stay, errcodes.R5, DoAnswerHold)

	// holdMain failed: the join it was for is abandoned (R7); after that join
	// connected, or for a join given up, it is only reported (C2).
	b.row(gJoining, InputHoldMainFailed, when(cActiveJoin, cHolding), StateAssigned, errcodes.R7,
		DoAnswerHold, DoMainConnected, DoHangUpJoiningCall, DoClearSettings, DoWithdrawRoomNotes, DoReportHoldFailed)
	b.row(gJoining, InputHoldMainFailed, when(cActiveJoin).unless(cHolding), StateAssigned, errcodes.R7,
		DoAnswerHold, DoHangUpJoiningCall, DoClearSettings, DoWithdrawRoomNotes, DoReportHoldFailed)
	b.row(gJoining, InputHoldMainFailed, always().unless(cActiveJoin), stay, errcodes.R7, DoAnswerHold, DoReportHoldFailed)
	b.row(gNotJoiningNorReturning, InputHoldMainFailed, when(cLastHold, cHolding), stay, errcodes.R7,
		DoAnswerHold, DoMainConnected, DoReportHoldFailed)
	b.row(gNotJoiningNorReturning, InputHoldMainFailed, always().unless(cLastHold), stay, errcodes.R7, DoAnswerHold, DoReportHoldFailed)
	b.row(gNotJoiningNorReturning, InputHoldMainFailed, when(cLastHold).unless(cHolding), stay, errcodes.R7, DoAnswerHold, DoReportHoldFailed)
	b.arrive(InputHoldMainFailed, when(cSettles), errcodes.R7, prims(DoAnswerHold, DoMainConnected), DoReportHoldFailed)
	b.row(gReturning, InputHoldMainFailed, when(cLastHold, cHolding).unless(cSettles), stay, errcodes.R7,
		DoAnswerHold, DoMainConnected, DoReportHoldFailed)
	b.row(gReturning, InputHoldMainFailed, always().unless(cSettles, cLastHold), stay, errcodes.R7, DoAnswerHold, DoReportHoldFailed)
	b.row(gReturning, InputHoldMainFailed, when(cLastHold).unless(cSettles, cHolding), stay, errcodes.R7, DoAnswerHold, DoReportHoldFailed)

	// joinBreakout: the join being made connects (R9, R13), or one given up
	// is answered (R8, R6).
	b.row(gJoining, InputJoinBreakoutOK, when(cActiveJoin, cManager), StateInRoom, errcodes.R9, DoCallConnected, DoShowJoined)
	b.row(gJoining, InputJoinBreakoutOK, when(cActiveJoin).unless(cManager), StateInRoom, errcodes.R9,
		DoCallConnected, DoShowJoined, DoHangUpMain)
	joinedNew := prims(DoCurrentBecomesPrevious, DoCallConnected, DoScheduleHangUpPrevious, DoPendingTakesOver, DoWithdrawRoomNotes, DoShowJoinedAgain)
	b.row(gSwitching, InputJoinBreakoutOK, when(cActiveJoin).unless(cPendEnd), StateInRoom, errcodes.R13,
		seq(joinedNew, prims(DoCancelClosingSoon, DoCancelRoomEnd))...)
	b.row(gSwitching, InputJoinBreakoutOK, when(cActiveJoin, cPendEnd).unless(cPendEndSoon), StateInRoom, errcodes.R13,
		seq(joinedNew, prims(DoScheduleClosingSoon, DoScheduleRoomEnd))...)
	b.row(gSwitching, InputJoinBreakoutOK, when(cActiveJoin, cPendEndSoon), StateInRoom, errcodes.R13,
		seq(joinedNew, prims(DoCancelClosingSoon, DoShowClosingSoon, DoScheduleRoomEnd))...)
	b.row(gLive, InputJoinBreakoutOK, when(cCallUp).unless(cActiveJoin), stay, errcodes.R8, DoCallConnectedLate)
	b.row(gLive, InputJoinBreakoutOK, always().unless(cActiveJoin, cCallUp), stay, errcodes.R8, DoJoinAnsweredLate)
	b.row(gJoining, InputJoinBreakoutFailed, when(cActiveJoin), StateAssigned, errcodes.R6,
		DoCallJoinFailed, DoResumeMain, DoClearSettings, DoWithdrawRoomNotes, DoReportJoinFailed)
	b.row(gSwitching, InputJoinBreakoutFailed, when(cActiveJoin), StateReassigned, errcodes.R13,
		DoCallJoinFailed, DoForgetPendingSettings, DoReportJoinFailed)
	b.row(gLive, InputJoinBreakoutFailed, always().unless(cActiveJoin), stay, errcodes.R6, DoCallJoinFailed, DoReportJoinFailed)

	// hangUpMain (R9, R9a) and hangUpBreakout (R20).
	b.row(gLive, InputHangUpMainOK, always(), stay, errcodes.R9, DoAnswerHangUpMain)
	b.row(gLive, InputHangUpMainFailed, when(cHungUp), stay, errcodes.R9a, DoAnswerHangUpMain, DoMainHeld, DoReportMainHangUpFailed)
	b.row(gLive, InputHangUpMainFailed, always().unless(cHungUp), stay, errcodes.R9a, DoAnswerHangUpMain, DoReportMainHangUpFailed)
	b.row(gLive, InputHangUpBreakoutOK, always(), stay, errcodes.R20, DoCallHungUp)
	b.row(gLive, InputHangUpBreakoutFailed, always(), stay, errcodes.R20, DoCallHangUpFailed, DoReportHangUpFailed)

	// resumeMain and rejoinMain ok: back once the main call is connected
	// (R18, C3).
	b.arrive(InputResumeMainOK, when(cSettles), errcodes.R18, prims(DoAnswerResume, DoMainConnected))
	b.row(gReturning, InputResumeMainOK, always().unless(cSettles), stay, errcodes.R18, DoAnswerResume)
	b.row(gNotReturning, InputResumeMainOK, when(cResuming), stay, errcodes.R18, DoAnswerResume, DoMainConnected)
	b.row(gNotReturning, InputResumeMainOK, always().unless(cResuming), stay, errcodes.R18, DoAnswerResume)
	b.arrive(InputRejoinMainOK, when(cSettles, cRejoining), errcodes.R18, prims(DoAnswerRejoin, DoMainRejoined))
	b.arrive(InputRejoinMainOK, when(cSettles).unless(cRejoining), errcodes.R18, prims(DoAnswerRejoin))
	b.row(gReturning, InputRejoinMainOK, always().unless(cSettles), stay, errcodes.R18, DoAnswerRejoin)
	b.row(gNotReturning, InputRejoinMainOK, always(), stay, errcodes.R18, DoAnswerRejoin)

	// resumeMain and rejoinMain failed: reported (R19); a resume a return
	// issued is re-thrown as 46261 (§5). A failure on a main call that is
	// connected after all (its hold failed meanwhile) completes the return.
	for _, w := range []struct {
		g      guard
		report Primitive
	}{{when(cForReturn), DoReportResumeFailedForReturn}, {always().unless(cForReturn), DoReportResumeFailed}} {
		b.arrive(InputResumeMainFailed, w.g.and(cSettles), errcodes.R19, prims(DoAnswerResume), w.report)
		b.row(gReturning, InputResumeMainFailed, w.g.and(cResuming).unless(cSettles), stay, errcodes.R19,
			DoAnswerResume, DoMainHeld, w.report)
		b.row(gReturning, InputResumeMainFailed, w.g.unless(cSettles, cResuming), stay, errcodes.R19, DoAnswerResume, w.report)
		b.row(gNotReturning, InputResumeMainFailed, w.g.and(cResuming), stay, errcodes.R19, DoAnswerResume, DoMainHeld, w.report)
		b.row(gNotReturning, InputResumeMainFailed, w.g.unless(cResuming), stay, errcodes.R19, DoAnswerResume, w.report)
	}
	b.arrive(InputRejoinMainFailed, when(cSettles), errcodes.R19, prims(DoAnswerRejoin), DoReportRejoinFailed)
	b.row(gReturning, InputRejoinMainFailed, when(cRejoining).unless(cSettles), stay, errcodes.R19, DoAnswerRejoin, DoMainHungUp, DoReportRejoinFailed)
	b.row(gReturning, InputRejoinMainFailed, always().unless(cSettles, cRejoining), stay, errcodes.R19, DoAnswerRejoin, DoReportRejoinFailed)
	b.row(gNotReturning, InputRejoinMainFailed, always(), stay, errcodes.R19, DoAnswerRejoin, DoReportRejoinFailed)

	// The other timers, fired by a tick.
	b.row(gLive, InputHangUpPreviousDue, always(), stay, errcodes.R13, DoHangUpStrays)
	b.row(gJoiningOrRoom, InputClosingSoonDue, always(), stay, errcodes.R11, DoShowClosingSoon)
	b.row(gJoining, InputRoomEndDue, always(), StateAssigned, errcodes.R8, undoJoinPrims...)
	b.leave(gRoom, InputRoomEndDue, always(), StateAssigned, errcodes.R12, DoShowClosed)
	return b.rows
}

// joinFromMain writes R5's join from the main meeting (the action join, or
// autoMove falling due): the main call is put on hold unless it is already
// held (it is never being held there: CheckInvariants), then the room is
// joined; a join that would track one call too many is refused (C8), as is
// one that would put a 251st effect of a kind on the main call in flight.
func (b *rowBuilder) joinFromMain(on InputKind, g guard, rule errcodes.Rule) {
	b.row(gAssigned, on, g.and(cBound), stay, errcodes.R5, DoRefuseCallBound)
	b.row(gAssigned, on, g.and(cMainBound).unless(cBound), stay, errcodes.R5, DoRefuseMainBound)
	b.row(gAssigned, on, g.unless(cBound, cMainBound, cOnHold), StateJoining, rule, seq(prims(DoHoldMain), joinFromMainPrims)...)
	b.row(gAssigned, on, g.and(cOnHold).unless(cBound, cMainBound), StateJoining, rule, joinFromMainPrims...)
}

// impossibleConditions are the combinations of conditions that cannot occur,
// by their definitions or by the invariants the machine keeps
// (CheckInvariants): the table's guards may leave them out, and validation
// does not ask for rows for them.
func impossibleConditions() []fsm.Constraint[State] {
	never := func(g guard, why string, states ...State) fsm.Constraint[State] {
		return fsm.Constraint[State]{States: states, Guard: g.Guard, Why: why}
	}
	return []fsm.Constraint[State]{
		// By the definitions.
		never(when(cRoomOpen).unless(cAssigned), "an open room is an assigned one"),
		never(when(cEvOpen, cUnassigns), "an event with no room has no open room"),
		never(when(cEvAuto, cUnassigns), "an event with no room moves nobody"),
		never(when(cSame, cUnassigns), "an event with no room names no room"),
		never(when(cSame).unless(cAssigned), "the assigned room is one that is assigned"),
		never(when(cCurrent, cUnassigns), "an event with no room names no room"),
		never(when(cOpens).unless(cEvOpen), "a room that opens is open"),
		never(when(cCloses, cEvOpen), "a room that closes is not open"),
		never(when(cCloses, cUnassigns), "an event with no room closes none"),
		never(always().unless(cAssigned, cUnassigns, cOpens, cCloses), "with nothing assigned, a room opens or closes"),
		never(when(cToggles).unless(cEvOpen), "a room switching auto-move stays open"),
		never(when(cToggles).unless(cSame), "only the assigned room switches auto-move"),
		never(when(cToggles, cOpens), "a room switching auto-move was open already"),
		never(when(cIdentical, cOpens), "an identical event opens nothing"),
		never(when(cIdentical, cCloses), "an identical event closes nothing"),
		never(when(cIdentical, cToggles), "an identical event switches nothing"),
		never(when(cIdentical, cUnassigns, cAssigned), "an event with no room removes the assignment"),
		never(when(cEndSoon).unless(cEnd), "an end that is soon is an end"),
		never(when(cEnd, cUndefined), "undefined settings have no end"),
		never(when(cRepeat, cUndefined), "undefined settings repeat nothing"),
		never(when(cRepeatPend, cUndefined), "undefined settings repeat nothing"),
		never(when(cPendEndSoon).unless(cPendEnd), "an end that is soon is an end"),
		never(when(cHolding).unless(cOnHold), "a main call being held counts as on hold"),
		never(when(cHungUp).unless(cGone), "a hung-up main call is gone"),
		never(when(cRejoining).unless(cGone), "a main call being rejoined is gone"),
		never(when(cHungUp, cRejoining), "the main call is in one state"),
		never(when(cOnHold, cGone), "the main call is in one state"),
		never(when(cResuming, cOnHold), "the main call is in one state"),
		never(when(cResuming, cGone), "the main call is in one state"),
		never(when(cConnected, cOnHold), "the main call is in one state"),
		never(when(cConnected, cGone), "the main call is in one state"),
		never(when(cConnected, cResuming), "the main call is in one state"),
		never(when(cStray).unless(cUp), "a stray call is up"),
		never(when(cStray).unless(cRedo), "a stray call is something to redo"),
		never(when(cOnHold).unless(cRedo), "a main call on hold is something to redo"),
		never(when(cHungUp).unless(cRedo), "a hung-up main call is something to redo"),
		never(when(cRedo).unless(cStray, cOnHold, cHungUp), "something to redo is a stray call or a main call to bring back"),

		// By the invariants (CheckInvariants).
		never(when(cAssigned), "in the main meeting with nothing assigned", StateMain),
		never(always().unless(cAssigned), "assigned, a room is assigned", StateAssigned),
		never(when(cHolding), "in the main meeting, the main call is not being held", StateMain, StateAssigned),
		never(when(cGone), "in the main meeting, the main call is not hung up or being rejoined", StateMain, StateAssigned),
		never(when(cResuming), "in a room, the main call is not being resumed", StateInRoom, StateReassigned, StateSwitching),
		never(when(cRejoining), "the main call is rejoined only on the way back", StateJoining, StateInRoom, StateReassigned, StateSwitching),
		never(when(cWaits).unless(cAssigned), "an auto-move waits only for an open auto-move assignment"),
		never(always().unless(cRoomOpen), "joining or in a room, the assigned room is open",
			StateJoining, StateInRoom, StateReassigned, StateSwitching),
		never(always().unless(cOnHold), "while joining from the main meeting, the main call is on hold or being held", StateJoining),
		never(when(cOpens, cCurrent), "in a room with nothing re-assigned, the room it is in is the open assigned one", StateInRoom),
		never(when(cCurrent, cSame), "re-assigned, the assigned room is not the one it is in", StateReassigned, StateSwitching),
		never(when(cCurrent, cEvOpen).unless(cOpens), "re-assigned, the room it is in is not the assigned one", StateReassigned, StateSwitching),
		never(when(cActiveJoin), "no join is being made", StateMain, StateAssigned, StateInRoom, StateReassigned, StateReturning),
	}
}
