package lifecycle

import (
	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
)

// A tableRow is one row of the lifecycle table: in any state of From, on input
// On, when Guard holds, the machine goes to To (or stays, when Stay is set)
// and does its Effects, in order; Rule is the rule of the behaviour of
// record the row implements. Read one aloud:
//
//	from in_room, on returnToMainMeeting, when returnAllowed && mainHungUp:
//	go to returning; hang up every breakout call, rejoinMain, clear the
//	settings, …, mark an early return (R15)
type tableRow struct {
	From  stateGroup
	On    InputKind
	Guard fsm.Guard
	To    State
	Stay  bool
	// Effects are what the row does, in order: its primitives (the
	// effects for the host, and the changes to the participant's facts,
	// its failure report or its refusal).
	Effects []primitive
	Rule    errcodes.Rule
}

// stateGroup is the states a row applies in: one state, or a named group of
// them (a superstate), so that what is common to them is written once.
type stateGroup struct {
	Name   string
	States []State
}

// The states, one by one, and the groups the table writes rows for.
var (
	gMain       = stateGroup{"main", []State{StateMain}}
	gAssigned   = stateGroup{"assigned", []State{StateAssigned}}
	gJoining    = stateGroup{"joining", []State{StateJoining}}
	gInRoom     = stateGroup{"in_room", []State{StateInRoom}}
	gReassigned = stateGroup{"reassigned", []State{StateReassigned}}
	gSwitching  = stateGroup{"switching", []State{StateSwitching}}
	gReturning  = stateGroup{"returning", []State{StateReturning}}

	// gLive: every state but left.
	gLive = stateGroup{"any", []State{StateMain, StateAssigned, StateJoining, StateInRoom, StateReassigned, StateSwitching, StateReturning}}
	// gInMain: in the main meeting, or on the way back to it.
	gInMain = stateGroup{"main|assigned|returning", []State{StateMain, StateAssigned, StateReturning}}
	// gHome: in the main meeting.
	gHome = stateGroup{"main|assigned", []State{StateMain, StateAssigned}}
	// gAssignedOrReturning: a room may be assigned, and no breakout call is
	// the participant's.
	gAssignedOrReturning = stateGroup{"assigned|returning", []State{StateAssigned, StateReturning}}
	// gRoom: in a breakout room (R13's re-assignment included).
	gRoom = stateGroup{"in a room", []State{StateInRoom, StateReassigned, StateSwitching}}
	// gInRoomOrReassigned: in a room, with no re-assigned join in flight.
	gInRoomOrReassigned = stateGroup{"in_room|reassigned", []State{StateInRoom, StateReassigned}}
	// gSettingsInForce: where settings are recorded for the call in force.
	gSettingsInForce = stateGroup{"joining|in_room|reassigned", []State{StateJoining, StateInRoom, StateReassigned}}
	// gJoiningOrRoom: a breakout call is being joined or is the current one.
	gJoiningOrRoom = stateGroup{"joining|in a room", []State{StateJoining, StateInRoom, StateReassigned, StateSwitching}}
	// gAlreadyJoining: joining, or in the room a join would be for.
	gAlreadyJoining = stateGroup{"joining|in_room|switching", []State{StateJoining, StateInRoom, StateSwitching}}
	// gNotReturning: every state but left and returning.
	gNotReturning = stateGroup{"any but returning", []State{StateMain, StateAssigned, StateJoining, StateInRoom, StateReassigned, StateSwitching}}
	// gNotJoiningNorReturning: where a failed hold changes only the main call.
	gNotJoiningNorReturning = stateGroup{"main|assigned|in a room", []State{StateMain, StateAssigned, StateInRoom, StateReassigned, StateSwitching}}
)

// Short names for the conditions, so that the rows read as a table.
const (
	cManager      = condManager
	cAssigned     = condAssigned
	cRoomOpen     = condRoomOpen
	cReturnOK     = condReturnAllowed
	cEarly        = condReturnedEarly
	cWaits        = condAutoMoveWaits
	cUnassigns    = condEventUnassigns
	cIdentical    = condEventIdentical
	cEvOpen       = condEventOpen
	cEvAuto       = condEventAutoMove
	cSame         = condEventSameRoom
	cCurrent      = condEventCurrentRoom
	cOpens        = condEventRoomOpens
	cCloses       = condEventRoomCloses
	cToggles      = condEventTogglesAutoMove
	cUndefined    = condSettingsUndefined
	cRepeat       = condSettingsRepeat
	cRepeatPend   = condSettingsRepeatPending
	cEnd          = condSettingsEnd
	cEndSoon      = condSettingsEndSoon
	cPendEnd      = condPendingEnd
	cPendEndSoon  = condPendingEndSoon
	cActiveJoin   = condOutcomeForActiveJoin
	cLastHold     = condOutcomeForLastHold
	cCallUp       = condOutcomeCallUp
	cSettles      = condMainSettlesConnected
	cForReturn    = condResumeForReturn
	cHolding      = condMainHolding
	cOnHold       = condMainOnHold
	cHungUp       = condMainHungUp
	cGone         = condMainGone
	cResuming     = condMainResuming
	cRejoining    = condMainRejoining
	cConnected    = condMainConnected
	cResumeFlying = condResumeInFlight
	cUp           = condBreakoutUp
	cStray        = condStrayBreakout
	cRedo         = condSomethingToRedo
	cInFlight     = condSomethingInFlight
	cBound        = condCallBound
	cMainBound    = condMainBound
)

// guard is a row's guard: every condition of when, none of unless.
type guard struct{ fsm.Guard }

func when(cs ...condition) guard {
	var g fsm.Guard
	for _, c := range cs {
		g.Must |= c.bit()
	}
	return guard{g}
}

func always() guard { return guard{} }

func (g guard) and(cs ...condition) guard {
	for _, c := range cs {
		g.Must |= c.bit()
	}
	return g
}

func (g guard) unless(cs ...condition) guard {
	for _, c := range cs {
		g.MustNot |= c.bit()
	}
	return g
}

// stay is a row's target when it keeps the state.
const stay State = StateInvalid

type rowBuilder struct{ rows []tableRow }

func (b *rowBuilder) row(from stateGroup, on InputKind, g guard, to State, ru errcodes.Rule, does ...primitive) {
	b.rows = append(b.rows, tableRow{From: from, On: on, Guard: g.Guard, To: to, Stay: to == stay, Effects: does, Rule: ru})
}

// Sequences of primitives several rows share. Rows list them in full: these
// only spare the writer the repetition.
var (
	// Leaving a breakout room (R12, R14, R15): every breakout call still up
	// is hung up (C4), the main call brought back by the row, the room's
	// settings, timers and notifications dropped.
	leaveRoomPrims = []primitive{doClearSettings, doForgetPendingSettings, doCancelAutoMove, doWithdrawRoomNotes}
	// Giving up a join from the main meeting (R8): its call is hung up, the
	// main call resumed (it is on hold while joining), the call's settings
	// and notifications dropped.
	undoJoinPrims = []primitive{doHangUpJoiningCall, doResumeMain, doClearSettings, doWithdrawRoomNotes}
	// Joining the assigned room from the main meeting, after the hold (R3,
	// R5).
	joinFromMainPrims = []primitive{doJoinAssignedRoom, doCancelAutoMove, doClearSettings, doWithdrawPrompts}
	// Joining the re-assigned room from a room (R13): no holdMain.
	joinNewRoomPrims = []primitive{doJoinAssignedRoom, doForgetPendingSettings, doCancelAutoMove, doWithdrawPrompts}
	// Taking up a newly assigned room (R2, R8).
	assignClosedPrims = []primitive{doAssign, doForgetEarlyReturn, doCancelAutoMove, doWithdrawPrompts}
	// Leaving the main meeting (R22): every call still up is hung up, every
	// timer cancelled, every notification withdrawn.
	leavePrims = []primitive{doCancelAllTimers, doWithdrawAll, doStopWaiting, doForgetPendingSettings}
)

func seq(parts ...[]primitive) []primitive {
	var out []primitive
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func prims(ps ...primitive) []primitive { return ps }

// leave writes the four rows of a way out of a room, one per state of the
// main call: hung up (an attendee's, rejoined), on hold (a manager's, or an
// attendee's whose hang-up failed, resumed), connected (its hold failed after
// the join, C2: nothing to bring back, the return arrives at once, at home)
// and connected with a resume or rejoin already on its way (nothing more).
// Every other breakout call still up is hung up first (C4).
func (b *rowBuilder) leave(from stateGroup, on InputKind, g guard, home State, ru errcodes.Rule, tail ...primitive) {
	b.row(from, on, g.and(cHungUp), StateReturning, ru,
		seq(prims(doHangUpEveryCall, doRejoinMain), leaveRoomPrims, tail)...)
	b.row(from, on, g.and(cOnHold), StateReturning, ru,
		seq(prims(doHangUpEveryCall, doResumeMainForReturn), leaveRoomPrims, tail)...)
	b.row(from, on, g.unless(cHungUp, cOnHold, cConnected), StateReturning, ru,
		seq(prims(doHangUpEveryCall), leaveRoomPrims, tail)...)
	b.row(from, on, g.and(cConnected), home, ru,
		seq(prims(doHangUpEveryCall), leaveRoomPrims, tail, prims(doWithdrawClosed))...)
}

// arrive writes the three rows of an outcome that brings the participant
// back to the main meeting (R18): to assigned with the auto-move that waited
// for the arrival started, to assigned, or to main when no room is assigned.
func (b *rowBuilder) arrive(on InputKind, g guard, ru errcodes.Rule, first []primitive, last ...primitive) {
	b.row(gReturning, on, g.and(cAssigned, cWaits), StateAssigned, ru,
		seq(first, prims(doWithdrawClosed, doScheduleAutoMove, doStopWaiting), last)...)
	b.row(gReturning, on, g.and(cAssigned).unless(cWaits), StateAssigned, ru,
		seq(first, prims(doWithdrawClosed), last)...)
	b.row(gReturning, on, g.unless(cAssigned), StateMain, ru,
		seq(first, prims(doWithdrawClosed), last)...)
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
func rows() []tableRow {
	b := &rowBuilder{}

	// assignedBreakoutRooms in the main meeting (R2, R3, R4).
	b.row(gMain, InputAssignedRoom, when(cUnassigns), stay, rule.R4a)
	b.row(gMain, InputAssignedRoom, when(cCloses), StateAssigned, rule.R2, assignClosedPrims...)
	b.row(gMain, InputAssignedRoom, when(cOpens, cEvAuto), StateAssigned, rule.R3,
		doAssign, doForgetEarlyReturn, doScheduleAutoMove, doShowOpened)
	b.row(gMain, InputAssignedRoom, when(cOpens).unless(cEvAuto), StateAssigned, rule.R4,
		doAssign, doForgetEarlyReturn, doCancelAutoMove, doShowOpenedPromptJoin)

	// ... assigned, or on the way back (where an auto-move waits for the
	// arrival, R18): R2–R4 for a new room, R4a for the same one, R8.
	b.row(gAssigned, InputAssignedRoom, when(cUnassigns), StateMain, rule.R8, assignClosedPrims...)
	b.row(gReturning, InputAssignedRoom, when(cUnassigns), stay, rule.R8, assignClosedPrims...)
	b.row(gAssignedOrReturning, InputAssignedRoom, when(cIdentical).unless(cUnassigns), stay, rule.R4a)
	b.row(gAssignedOrReturning, InputAssignedRoom, when(cCloses, cSame), stay, rule.R8, assignClosedPrims...)
	b.row(gAssignedOrReturning, InputAssignedRoom, when(cCloses).unless(cSame), stay, rule.R2, assignClosedPrims...)
	b.row(gAssigned, InputAssignedRoom, when(cOpens, cEvAuto), stay, rule.R3,
		doAssign, doForgetEarlyReturn, doScheduleAutoMove, doShowOpened)
	b.row(gReturning, InputAssignedRoom, when(cOpens, cEvAuto), stay, rule.R3,
		doAssign, doForgetEarlyReturn, doWaitForArrival, doShowOpened)
	b.row(gAssignedOrReturning, InputAssignedRoom, when(cOpens).unless(cEvAuto), stay, rule.R4,
		doAssign, doForgetEarlyReturn, doCancelAutoMove, doShowOpenedPromptJoin)
	b.row(gAssigned, InputAssignedRoom, when(cToggles, cEvAuto).unless(cEarly), stay, rule.R4a,
		doAssign, doScheduleAutoMove, doShowOpened)
	b.row(gReturning, InputAssignedRoom, when(cToggles, cEvAuto).unless(cEarly), stay, rule.R4a,
		doAssign, doWaitForArrival, doShowOpened)
	b.row(gAssignedOrReturning, InputAssignedRoom, when(cToggles).unless(cEvAuto, cEarly), stay, rule.R4a,
		doAssign, doCancelAutoMove, doShowOpenedPromptJoin)
	b.row(gAssignedOrReturning, InputAssignedRoom, when(cToggles, cEarly), stay, rule.R16, doAssign)
	b.row(gAssignedOrReturning, InputAssignedRoom, always().unless(cUnassigns, cIdentical, cOpens, cCloses, cToggles), stay, rule.R4a,
		doAssign)

	// ... while joining from the main meeting: the join is undone (R8), then
	// the new room is taken up as R2–R4 would.
	b.row(gJoining, InputAssignedRoom, when(cUnassigns), StateMain, rule.R8,
		seq(undoJoinPrims, assignClosedPrims)...)
	b.row(gJoining, InputAssignedRoom, when(cCloses), StateAssigned, rule.R8,
		seq(undoJoinPrims, assignClosedPrims)...)
	b.row(gJoining, InputAssignedRoom, when(cOpens, cEvAuto), StateAssigned, rule.R8,
		seq(undoJoinPrims, prims(doAssign, doForgetEarlyReturn, doScheduleAutoMove, doShowOpened))...)
	b.row(gJoining, InputAssignedRoom, when(cOpens).unless(cEvAuto), StateAssigned, rule.R8,
		seq(undoJoinPrims, prims(doAssign, doForgetEarlyReturn, doShowOpenedPromptJoin))...)
	b.row(gJoining, InputAssignedRoom, always().unless(cUnassigns, cOpens, cCloses), stay, rule.R4a, doAssign)

	// ... in a room: nobody is left in a closed room (R12, R14, C4).
	closed := seq(prims(doAssign, doForgetEarlyReturn, doWithdrawPrompts, doShowClosed))
	b.leave(gRoom, InputAssignedRoom, when(cUnassigns), StateMain, rule.R12, closed...)
	b.leave(gRoom, InputAssignedRoom, when(cCurrent).unless(cEvOpen), StateAssigned, rule.R12, closed...)
	b.leave(gRoom, InputAssignedRoom, always().unless(cUnassigns, cEvOpen, cCurrent), StateAssigned, rule.R14, closed...)
	// ... re-assigned to another open room (R13).
	b.row(gInRoomOrReassigned, InputAssignedRoom, when(cOpens, cEvAuto).unless(cCurrent), StateReassigned, rule.R13,
		doAssign, doForgetEarlyReturn, doScheduleAutoMove, doShowChanged)
	b.row(gInRoomOrReassigned, InputAssignedRoom, when(cOpens).unless(cEvAuto, cCurrent), StateReassigned, rule.R13,
		doAssign, doForgetEarlyReturn, doCancelAutoMove, doShowChangedPromptJoin)
	b.row(gSwitching, InputAssignedRoom, when(cOpens, cEvAuto).unless(cCurrent), StateReassigned, rule.R13,
		doHangUpJoiningCall, doForgetPendingSettings, doAssign, doForgetEarlyReturn, doScheduleAutoMove, doShowChanged)
	b.row(gSwitching, InputAssignedRoom, when(cOpens).unless(cEvAuto, cCurrent), StateReassigned, rule.R13,
		doHangUpJoiningCall, doForgetPendingSettings, doAssign, doForgetEarlyReturn, doCancelAutoMove, doShowChangedPromptJoin)
	// ... re-assigned back to the room the participant is in (R13).
	b.row(gReassigned, InputAssignedRoom, when(cOpens, cCurrent), StateInRoom, rule.R13,
		doAssign, doForgetEarlyReturn, doCancelAutoMove, doWithdrawChangedPrompts)
	b.row(gSwitching, InputAssignedRoom, when(cOpens, cCurrent), StateInRoom, rule.R13,
		doHangUpJoiningCall, doForgetPendingSettings, doAssign, doForgetEarlyReturn, doCancelAutoMove, doWithdrawChangedPrompts)
	// ... the same room again, still open (R4a, R13).
	b.row(gInRoom, InputAssignedRoom, when(cEvOpen).unless(cOpens), stay, rule.R4a, doAssign)
	b.row(gReassigned, InputAssignedRoom, when(cToggles, cEvAuto), stay, rule.R13, doAssign, doScheduleAutoMove, doShowChanged)
	b.row(gReassigned, InputAssignedRoom, when(cToggles).unless(cEvAuto), stay, rule.R13, doAssign, doCancelAutoMove, doShowChangedPromptJoin)
	b.row(gReassigned, InputAssignedRoom, when(cEvOpen).unless(cOpens, cToggles), stay, rule.R13, doAssign)
	b.row(gSwitching, InputAssignedRoom, when(cEvOpen).unless(cOpens), stay, rule.R13, doAssign)

	// breakoutRoomsSettings: recorded while joining or in a room, read and
	// ignored elsewhere (R11); a re-assigned join keeps them for later (R13).
	b.row(gInMain, InputSettings, always(), stay, rule.R11)
	b.row(gSettingsInForce, InputSettings, when(cUndefined), stay, rule.R11, doClearSettings)
	b.row(gSettingsInForce, InputSettings, when(cRepeat), stay, rule.R11)
	b.row(gSettingsInForce, InputSettings, always().unless(cUndefined, cRepeat, cEnd), stay, rule.R11,
		doRecordSettings, doCancelClosingSoon, doCancelRoomEnd)
	b.row(gSettingsInForce, InputSettings, when(cEnd).unless(cRepeat, cEndSoon), stay, rule.R11,
		doRecordSettings, doScheduleClosingSoon, doScheduleRoomEnd)
	b.row(gSettingsInForce, InputSettings, when(cEndSoon).unless(cRepeat), stay, rule.R11,
		doRecordSettings, doCancelClosingSoon, doShowClosingSoon, doScheduleRoomEnd)
	b.row(gSwitching, InputSettings, when(cUndefined), stay, rule.R13, doForgetPendingSettings)
	b.row(gSwitching, InputSettings, when(cRepeatPend), stay, rule.R13)
	b.row(gSwitching, InputSettings, always().unless(cUndefined, cRepeatPend), stay, rule.R13, doRecordPendingSettings)

	// breakoutRooms (R23).
	b.row(gLive, InputRoomList, when(cManager), stay, rule.R23, doKeepRoomList)
	b.row(gLive, InputRoomList, always().unless(cManager), stay, rule.R23)

	// The SDK's own join event (R10).
	b.row(gInMain, InputJoinEvent, always().unless(cRoomOpen), stay, rule.R10, doRefuseUnexpected)
	b.row(gAssignedOrReturning, InputJoinEvent, when(cRoomOpen, cBound), stay, rule.R5, doRefuseCallBound)
	b.row(gAssignedOrReturning, InputJoinEvent, when(cRoomOpen, cMainBound).unless(cBound), stay, rule.R5, doRefuseMainBound)
	b.row(gAssignedOrReturning, InputJoinEvent, when(cRoomOpen).unless(cBound, cMainBound), StateJoining, rule.R10,
		doFollowSDKJoin, doMainHeldBySDK, doRecordCallID, doCancelAutoMove, doClearSettings, doWithdrawPrompts)
	b.row(gAlreadyJoining, InputJoinEvent, always(), stay, rule.R10, doRecordCallID)
	b.row(gReassigned, InputJoinEvent, when(cBound), stay, rule.R5, doRefuseCallBound)
	b.row(gReassigned, InputJoinEvent, always().unless(cBound), StateSwitching, rule.R10,
		doFollowSDKJoin, doRecordCallID, doForgetPendingSettings, doCancelAutoMove, doWithdrawPrompts)

	// join (R5), checked in the rule's order.
	b.row(gInMain, InputJoin, always().unless(cAssigned), stay, rule.R5, doRefuseNoAssignment)
	b.row(gInMain, InputJoin, when(cAssigned).unless(cRoomOpen), stay, rule.R5, doRefuseRoomClosed)
	b.row(gReturning, InputJoin, when(cRoomOpen), stay, rule.R5, doRefuseUnexpected)
	b.row(gAlreadyJoining, InputJoin, always(), stay, rule.R5, doRefuseAlreadyInRoom)
	b.row(gReassigned, InputJoin, when(cBound), stay, rule.R5, doRefuseCallBound)
	b.row(gReassigned, InputJoin, always().unless(cBound), StateSwitching, rule.R13, joinNewRoomPrims...)
	b.joinFromMain(InputJoin, when(cRoomOpen), rule.R5)

	// autoMove falls due (R3, R13); it is pending only for an open
	// auto-move assignment.
	b.joinFromMain(InputAutoMoveDue, always(), rule.R3)
	b.row(gReassigned, InputAutoMoveDue, when(cBound), stay, rule.R5, doRefuseCallBound)
	b.row(gReassigned, InputAutoMoveDue, always().unless(cBound), StateSwitching, rule.R13, joinNewRoomPrims...)

	// returnToMainMeeting.
	// ... in the main meeting or on the way back: what is still missing is
	// re-issued (R19; in the main meeting, R17 and decision 4).
	b.row(gInMain, InputReturn, when(cHungUp), stay, rule.R19, doHangUpStrays, doRejoinMain)
	b.row(gInMain, InputReturn, when(cOnHold), stay, rule.R19, doHangUpStrays, doResumeMainForReturn)
	b.row(gInMain, InputReturn, when(cStray).unless(cHungUp, cOnHold), stay, rule.R19, doHangUpStrays)
	b.row(gHome, InputReturn, when(cInFlight).unless(cRedo), stay, rule.R17)
	b.row(gHome, InputReturn, always().unless(cRedo, cInFlight), stay, rule.R17, doRefuseAlreadyInMain)
	b.row(gReturning, InputReturn, always().unless(cHungUp, cOnHold, cStray), stay, rule.R19)
	// ... while joining: the join is given up, an early return (R16).
	b.row(gJoining, InputReturn, always(), StateAssigned, rule.R16,
		doHangUpEveryCall, doResumeMainForReturn, doClearSettings, doWithdrawRoomNotes, doMarkEarlyReturn)
	// ... in a room, where the settings allow it (R15).
	b.leave(gRoom, InputReturn, when(cReturnOK), StateAssigned, rule.R15, doMarkEarlyReturn)
	b.row(gRoom, InputReturn, always().unless(cReturnOK), stay, rule.R15, doRefuseReturnDisabled)

	// The action hangUpBreakout: stray calls first (R13), then the manual
	// recipe (R15).
	b.row(gLive, InputHangUpBreakout, when(cStray), stay, rule.R13, doHangUpStrays)
	b.row(gInMain, InputHangUpBreakout, when(cUp).unless(cStray), stay, rule.R20)
	b.row(gInMain, InputHangUpBreakout, always().unless(cStray, cUp), stay, rule.R20, doRefuseUnexpected)
	b.row(gJoining, InputHangUpBreakout, always().unless(cStray), StateReturning, rule.R15,
		doHangUpJoiningCall, doClearSettings, doWithdrawRoomNotes, doMarkEarlyReturn)
	b.row(gRoom, InputHangUpBreakout, when(cReturnOK).unless(cStray, cConnected), StateReturning, rule.R15,
		seq(prims(doHangUpEveryCall), leaveRoomPrims, prims(doMarkEarlyReturn))...)
	b.row(gRoom, InputHangUpBreakout, when(cReturnOK, cConnected).unless(cStray), StateAssigned, rule.R15,
		seq(prims(doHangUpEveryCall), leaveRoomPrims, prims(doMarkEarlyReturn, doWithdrawClosed))...)
	b.row(gRoom, InputHangUpBreakout, always().unless(cStray, cReturnOK), stay, rule.R15, doRefuseReturnDisabled)

	// The action resumeMain (the manual recipe, R15, decision 5, C6).
	b.row(gRoom, InputResumeMain, when(cGone), stay, rule.R15, doRefuseMainGone)
	b.row(gRoom, InputResumeMain, always().unless(cGone, cReturnOK), stay, rule.R15, doRefuseReturnDisabled)
	b.row(gRoom, InputResumeMain, when(cReturnOK).unless(cGone), stay, rule.R15, doRefuseUnexpected)
	b.row(gJoining, InputResumeMain, always(), stay, rule.R15, doRefuseUnexpected)
	b.row(gInMain, InputResumeMain, when(cGone), stay, rule.R15, doRefuseMainGone)
	b.row(gInMain, InputResumeMain, when(cUp).unless(cGone), stay, rule.R15, doRefuseUnexpected)
	b.row(gInMain, InputResumeMain, when(cOnHold).unless(cGone, cUp, cResumeFlying), stay, rule.R15, doResumeMain)
	b.row(gInMain, InputResumeMain, when(cOnHold, cResumeFlying).unless(cGone, cUp), stay, rule.R15, doRefuseUnexpected)
	b.row(gInMain, InputResumeMain, always().unless(cGone, cUp, cOnHold), stay, rule.R15, doRefuseUnexpected)

	// leaveMeeting and meetingEnded (R22).
	for _, k := range []InputKind{InputLeaveMeeting, InputMeetingEnded} {
		b.row(gLive, k, when(cHungUp), StateLeft, rule.R22, seq(prims(doHangUpEveryCall), leavePrims)...)
		b.row(gLive, k, always().unless(cHungUp), StateLeft, rule.R22, seq(prims(doHangUpEveryCall, doHangUpMain), leavePrims)...)
	}

	// Outcomes of the host's effects (one with nothing of its kind in flight
	// is refused before the table, R24).
	b.row(gLive, InputHoldMainOK, when(cHolding), stay, rule.R5, doAnswerHold, doMainHeld)
	b.row(gLive, InputHoldMainOK, always().unless(cHolding), stay, rule.R5, doAnswerHold)

	// holdMain failed: the join it was for is abandoned (R7); after that join
	// connected, or for a join given up, it is only reported (C2).
	b.row(gJoining, InputHoldMainFailed, when(cActiveJoin, cHolding), StateAssigned, rule.R7,
		doAnswerHold, doMainConnected, doHangUpJoiningCall, doClearSettings, doWithdrawRoomNotes, doReportHoldFailed)
	b.row(gJoining, InputHoldMainFailed, when(cActiveJoin).unless(cHolding), StateAssigned, rule.R7,
		doAnswerHold, doHangUpJoiningCall, doClearSettings, doWithdrawRoomNotes, doReportHoldFailed)
	b.row(gJoining, InputHoldMainFailed, always().unless(cActiveJoin), stay, rule.R7, doAnswerHold, doReportHoldFailed)
	b.row(gNotJoiningNorReturning, InputHoldMainFailed, when(cLastHold, cHolding), stay, rule.R7,
		doAnswerHold, doMainConnected, doReportHoldFailed)
	b.row(gNotJoiningNorReturning, InputHoldMainFailed, always().unless(cLastHold), stay, rule.R7, doAnswerHold, doReportHoldFailed)
	b.row(gNotJoiningNorReturning, InputHoldMainFailed, when(cLastHold).unless(cHolding), stay, rule.R7, doAnswerHold, doReportHoldFailed)
	b.arrive(InputHoldMainFailed, when(cSettles), rule.R7, prims(doAnswerHold, doMainConnected), doReportHoldFailed)
	b.row(gReturning, InputHoldMainFailed, when(cLastHold, cHolding).unless(cSettles), stay, rule.R7,
		doAnswerHold, doMainConnected, doReportHoldFailed)
	b.row(gReturning, InputHoldMainFailed, always().unless(cSettles, cLastHold), stay, rule.R7, doAnswerHold, doReportHoldFailed)
	b.row(gReturning, InputHoldMainFailed, when(cLastHold).unless(cSettles, cHolding), stay, rule.R7, doAnswerHold, doReportHoldFailed)

	// joinBreakout: the join being made connects (R9, R13), or one given up
	// is answered (R8, R6).
	b.row(gJoining, InputJoinBreakoutOK, when(cActiveJoin, cManager), StateInRoom, rule.R9, doCallConnected, doShowJoined)
	b.row(gJoining, InputJoinBreakoutOK, when(cActiveJoin).unless(cManager), StateInRoom, rule.R9,
		doCallConnected, doShowJoined, doHangUpMain)
	joinedNew := prims(doCurrentBecomesPrevious, doCallConnected, doScheduleHangUpPrevious, doPendingTakesOver, doWithdrawRoomNotes, doShowJoinedAgain)
	b.row(gSwitching, InputJoinBreakoutOK, when(cActiveJoin).unless(cPendEnd), StateInRoom, rule.R13,
		seq(joinedNew, prims(doCancelClosingSoon, doCancelRoomEnd))...)
	b.row(gSwitching, InputJoinBreakoutOK, when(cActiveJoin, cPendEnd).unless(cPendEndSoon), StateInRoom, rule.R13,
		seq(joinedNew, prims(doScheduleClosingSoon, doScheduleRoomEnd))...)
	b.row(gSwitching, InputJoinBreakoutOK, when(cActiveJoin, cPendEndSoon), StateInRoom, rule.R13,
		seq(joinedNew, prims(doCancelClosingSoon, doShowClosingSoon, doScheduleRoomEnd))...)
	b.row(gLive, InputJoinBreakoutOK, when(cCallUp).unless(cActiveJoin), stay, rule.R8, doCallConnectedLate)
	b.row(gLive, InputJoinBreakoutOK, always().unless(cActiveJoin, cCallUp), stay, rule.R8, doJoinAnsweredLate)
	b.row(gJoining, InputJoinBreakoutFailed, when(cActiveJoin), StateAssigned, rule.R6,
		doCallJoinFailed, doResumeMain, doClearSettings, doWithdrawRoomNotes, doReportJoinFailed)
	b.row(gSwitching, InputJoinBreakoutFailed, when(cActiveJoin), StateReassigned, rule.R13,
		doCallJoinFailed, doForgetPendingSettings, doReportJoinFailed)
	b.row(gLive, InputJoinBreakoutFailed, always().unless(cActiveJoin), stay, rule.R6, doCallJoinFailed, doReportJoinFailed)

	// hangUpMain (R9, R9a) and hangUpBreakout (R20).
	b.row(gLive, InputHangUpMainOK, always(), stay, rule.R9, doAnswerHangUpMain)
	b.row(gLive, InputHangUpMainFailed, when(cHungUp), stay, rule.R9a, doAnswerHangUpMain, doMainHeld, doReportMainHangUpFailed)
	b.row(gLive, InputHangUpMainFailed, always().unless(cHungUp), stay, rule.R9a, doAnswerHangUpMain, doReportMainHangUpFailed)
	b.row(gLive, InputHangUpBreakoutOK, always(), stay, rule.R20, doCallHungUp)
	b.row(gLive, InputHangUpBreakoutFailed, always(), stay, rule.R20, doCallHangUpFailed, doReportHangUpFailed)

	// resumeMain and rejoinMain ok: back once the main call is connected
	// (R18, C3).
	b.arrive(InputResumeMainOK, when(cSettles), rule.R18, prims(doAnswerResume, doMainConnected))
	b.row(gReturning, InputResumeMainOK, always().unless(cSettles), stay, rule.R18, doAnswerResume)
	b.row(gNotReturning, InputResumeMainOK, when(cResuming), stay, rule.R18, doAnswerResume, doMainConnected)
	b.row(gNotReturning, InputResumeMainOK, always().unless(cResuming), stay, rule.R18, doAnswerResume)
	b.arrive(InputRejoinMainOK, when(cSettles, cRejoining), rule.R18, prims(doAnswerRejoin, doMainRejoined))
	b.arrive(InputRejoinMainOK, when(cSettles).unless(cRejoining), rule.R18, prims(doAnswerRejoin))
	b.row(gReturning, InputRejoinMainOK, always().unless(cSettles), stay, rule.R18, doAnswerRejoin)
	b.row(gNotReturning, InputRejoinMainOK, always(), stay, rule.R18, doAnswerRejoin)

	// resumeMain and rejoinMain failed: reported (R19); a resume a return
	// issued is re-thrown as 46261 (§5). A failure on a main call that is
	// connected after all (its hold failed meanwhile) completes the return.
	for _, w := range []struct {
		g      guard
		report primitive
	}{{when(cForReturn), doReportResumeFailedForReturn}, {always().unless(cForReturn), doReportResumeFailed}} {
		b.arrive(InputResumeMainFailed, w.g.and(cSettles), rule.R19, prims(doAnswerResume), w.report)
		b.row(gReturning, InputResumeMainFailed, w.g.and(cResuming).unless(cSettles), stay, rule.R19,
			doAnswerResume, doMainHeld, w.report)
		b.row(gReturning, InputResumeMainFailed, w.g.unless(cSettles, cResuming), stay, rule.R19, doAnswerResume, w.report)
		b.row(gNotReturning, InputResumeMainFailed, w.g.and(cResuming), stay, rule.R19, doAnswerResume, doMainHeld, w.report)
		b.row(gNotReturning, InputResumeMainFailed, w.g.unless(cResuming), stay, rule.R19, doAnswerResume, w.report)
	}
	b.arrive(InputRejoinMainFailed, when(cSettles), rule.R19, prims(doAnswerRejoin), doReportRejoinFailed)
	b.row(gReturning, InputRejoinMainFailed, when(cRejoining).unless(cSettles), stay, rule.R19, doAnswerRejoin, doMainHungUp, doReportRejoinFailed)
	b.row(gReturning, InputRejoinMainFailed, always().unless(cSettles, cRejoining), stay, rule.R19, doAnswerRejoin, doReportRejoinFailed)
	b.row(gNotReturning, InputRejoinMainFailed, always(), stay, rule.R19, doAnswerRejoin, doReportRejoinFailed)

	// The other timers, fired by a tick.
	b.row(gLive, InputHangUpPreviousDue, always(), stay, rule.R13, doHangUpStrays)
	b.row(gJoiningOrRoom, InputClosingSoonDue, always(), stay, rule.R11, doShowClosingSoon)
	b.row(gJoining, InputRoomEndDue, always(), StateAssigned, rule.R8, undoJoinPrims...)
	b.leave(gRoom, InputRoomEndDue, always(), StateAssigned, rule.R12, doShowClosed)
	return b.rows
}

// joinFromMain writes R5's join from the main meeting (the action join, or
// autoMove falling due): the main call is put on hold unless it is already
// held (it is never being held there: CheckInvariants), then the room is
// joined; a join that would track one call too many is refused (C8), as is
// one that would put a 251st effect of a kind on the main call in flight.
func (b *rowBuilder) joinFromMain(on InputKind, g guard, ru errcodes.Rule) {
	b.row(gAssigned, on, g.and(cBound), stay, rule.R5, doRefuseCallBound)
	b.row(gAssigned, on, g.and(cMainBound).unless(cBound), stay, rule.R5, doRefuseMainBound)
	b.row(gAssigned, on, g.unless(cBound, cMainBound, cOnHold), StateJoining, ru, seq(prims(doHoldMain), joinFromMainPrims)...)
	b.row(gAssigned, on, g.and(cOnHold).unless(cBound, cMainBound), StateJoining, ru, joinFromMainPrims...)
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
