package lifecycle

import (
	"fmt"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/policy"
)

// Row is one row of the lifecycle table.
type Row = fsm.Row[State, InputKind, Action, errcodes.Rule]

// Table is the lifecycle table type.
type Table = fsm.Table[State, InputKind, Action, errcodes.Rule]

// The table is built and validated once. A table that does not validate is a
// bug of this package: New reports it as an error instead of panicking, and a
// test keeps it from ever being released.
var (
	table, tableErr = buildTable()
	rowErrs         []*errcodes.Error // a row's refusal or failure report
	rowWrapped      []*errcodes.Error // the same, re-thrown as 46261 (R5 §5)
)

// LifecycleTable is the participant lifecycle table: the single source of
// truth that Apply runs and the diagrams, docs and reference adapters are
// derived from.
func LifecycleTable() (*Table, error) { return table, tableErr }

// Spec is the table's specification, for tools that build their own table
// from it (as the looplab adapter does) or check it.
func Spec() fsm.Spec[State, InputKind, Action, errcodes.Rule] {
	return fsm.Spec[State, InputKind, Action, errcodes.Rule]{
		States:     tableStates(),
		Inputs:     tableInputs(),
		Conditions: policy.Names(),
		Initial:    StateMain,
		Home:       []State{StateMain, StateAssigned},
		Terminal:   []State{StateLeft},
		Rows:       rows(),
		Refusal:    Action.IsRefusal,
	}
}

// tableStates are the states the table covers. StateUnavailable is not among
// them: a machine that R1 refuses is never created, and Apply answers it
// before looking at the table.
func tableStates() []State {
	return []State{StateMain, StateAssigned, StateJoining, StateInRoom, StateReassigned, StateSwitching, StateReturning, StateLeft}
}

// tableInputs are the inputs the table covers: every input but a tick, which
// Apply turns into the timers that fall due.
func tableInputs() []InputKind {
	var out []InputKind
	for _, k := range AllInputKinds() {
		if k != InputTick {
			out = append(out, k)
		}
	}
	return out
}

func buildTable() (*Table, error) {
	spec := Spec()
	t, err := fsm.New(spec)
	if err != nil {
		return nil, fmt.Errorf("lifecycle: the table does not validate: %w", err)
	}
	rowErrs = make([]*errcodes.Error, len(spec.Rows))
	rowWrapped = make([]*errcodes.Error, len(spec.Rows))
	names := policy.Names()
	for i, r := range spec.Rows {
		rowErrs[i], rowWrapped[i] = r.Action.errorFor(r.Rule, r.Guard.Format(names))
	}
	return t, nil
}

// guard builds a row's guard: every condition of when, none of unless.
type guard struct{ fsm.Guard }

func when(cs ...policy.Condition) guard { return guard{policy.When(cs...)} }

func always() guard { return guard{} }

func (g guard) unless(cs ...policy.Condition) guard {
	return guard{g.Guard.Not(conditionBits(cs)...)}
}

func conditionBits(cs []policy.Condition) []uint8 {
	out := make([]uint8, len(cs))
	for i, c := range cs {
		out[i] = c.Bit()
	}
	return out
}

// Short names for the conditions, to keep the rows readable.
const (
	cManager       = policy.Manager
	cAssigned      = policy.Assigned
	cRoomOpen      = policy.RoomOpen
	cAutoMove      = policy.AutoMove
	cReturnAllowed = policy.ReturnAllowed
	cEarly         = policy.ReturnedEarly
	cUnassigns     = policy.EventUnassigns
	cSame          = policy.EventSameRoom
	cIdentical     = policy.EventIdentical
	cEvOpen        = policy.EventOpen
	cEvAuto        = policy.EventAutoMove
	cCurrent       = policy.EventCurrentRoom
	cInFlight      = policy.OutcomeInFlight
	cActiveJoin    = policy.OutcomeForActiveJoin
	cLastHold      = policy.OutcomeForLastHold
	cSettles       = policy.MainSettlesConnected
	cMainGone      = policy.MainGone
	cMainOnHold    = policy.MainOnHold
	cRestoring     = policy.MainRestorePending
	cConnected     = policy.MainConnected
	cBreakoutUp    = policy.BreakoutUp
	cStray         = policy.StrayBreakout
	cRedo          = policy.SomethingToRedo
	cInFlightAny   = policy.SomethingInFlight
)

const (
	sMain       = StateMain
	sAssigned   = StateAssigned
	sJoining    = StateJoining
	sInRoom     = StateInRoom
	sReassigned = StateReassigned
	sSwitching  = StateSwitching
	sReturning  = StateReturning
	sLeft       = StateLeft
)

// stay marks a row that keeps the state it starts from.
const stay State = 0

type rowBuilder struct{ rows []Row }

func (b *rowBuilder) add(from State, on InputKind, g guard, to State, a Action, rule errcodes.Rule) {
	if to == stay {
		to = from
	}
	b.rows = append(b.rows, Row{From: from, On: on, Guard: g.Guard, To: to, Action: a, Rule: rule})
}

// rows is the lifecycle, written down. Each block is one input; within it,
// one group of rows per state. The guards of a (state, input) pair are
// mutually exclusive and together cover every case: fsm.New checks both.
func rows() []Row {
	b := &rowBuilder{}
	live := []State{sMain, sAssigned, sJoining, sInRoom, sReassigned, sSwitching, sReturning}
	inRoom := []State{sInRoom, sReassigned, sSwitching}

	// assignedBreakoutRooms.
	b.add(sMain, InputAssignedRoom, when(cUnassigns), stay, actNothing, errcodes.R4a)
	b.add(sMain, InputAssignedRoom, always().unless(cUnassigns, cEvOpen), sAssigned, actAssignClosed, errcodes.R2)
	b.add(sMain, InputAssignedRoom, when(cEvOpen, cEvAuto).unless(cUnassigns), sAssigned, actAssignOpenAuto, errcodes.R3)
	b.add(sMain, InputAssignedRoom, when(cEvOpen).unless(cUnassigns, cEvAuto), sAssigned, actAssignOpenManual, errcodes.R4)
	b.assignedWhileInMain(sAssigned, sMain)
	b.assignedWhileInMain(sReturning, sReturning)

	b.add(sJoining, InputAssignedRoom, when(cUnassigns), sMain, actUndoJoinUnassigned, errcodes.R8)
	b.add(sJoining, InputAssignedRoom, when(cSame).unless(cUnassigns, cEvOpen), sAssigned, actUndoJoinClosed, errcodes.R8)
	b.add(sJoining, InputAssignedRoom, when(cSame, cEvOpen).unless(cUnassigns), stay, actUpdateFacts, errcodes.R4a)
	b.add(sJoining, InputAssignedRoom, always().unless(cUnassigns, cSame, cEvOpen), sAssigned, actUndoJoinReassigned, errcodes.R8)
	b.add(sJoining, InputAssignedRoom, when(cEvOpen, cEvAuto).unless(cUnassigns, cSame), sAssigned, actUndoJoinReassigned, errcodes.R8)
	b.add(sJoining, InputAssignedRoom, when(cEvOpen).unless(cUnassigns, cSame, cEvAuto), sAssigned, actUndoJoinReassigned, errcodes.R8)

	b.returnClosed(sInRoom, when(cUnassigns), errcodes.R12)
	b.returnClosed(sInRoom, when(cSame).unless(cUnassigns, cEvOpen), errcodes.R12)
	b.add(sInRoom, InputAssignedRoom, when(cSame, cEvOpen).unless(cUnassigns), stay, actUpdateFacts, errcodes.R4a)
	b.returnClosed(sInRoom, always().unless(cUnassigns, cSame, cEvOpen), errcodes.R14)
	b.add(sInRoom, InputAssignedRoom, when(cEvOpen).unless(cUnassigns, cSame), sReassigned, actReassign, errcodes.R13)

	for _, s := range []State{sReassigned, sSwitching} {
		sameOpen := actReassignUpdate
		if s == sSwitching {
			sameOpen = actUpdateFacts
		}
		b.returnClosed(s, when(cUnassigns), errcodes.R12)
		b.returnClosed(s, when(cSame).unless(cUnassigns, cEvOpen), errcodes.R14)
		b.add(s, InputAssignedRoom, when(cSame, cEvOpen).unless(cUnassigns), stay, sameOpen, errcodes.R13)
		b.add(s, InputAssignedRoom, when(cCurrent, cEvOpen).unless(cUnassigns, cSame), sInRoom, actBackToCurrent, errcodes.R13)
		b.returnClosed(s, when(cCurrent).unless(cUnassigns, cSame, cEvOpen), errcodes.R12)
		b.add(s, InputAssignedRoom, when(cEvOpen).unless(cUnassigns, cSame, cCurrent), sReassigned, actReassign, errcodes.R13)
		b.returnClosed(s, always().unless(cUnassigns, cSame, cCurrent, cEvOpen), errcodes.R14)
	}

	// breakoutRoomsSettings: recorded while joining or in a room, read and
	// ignored elsewhere (R11); a re-assigned join keeps them for later (R13).
	for _, s := range []State{sMain, sAssigned, sReturning} {
		b.add(s, InputSettings, always(), stay, actIgnoreSettings, errcodes.R11)
	}
	for _, s := range []State{sJoining, sInRoom, sReassigned} {
		b.add(s, InputSettings, always(), stay, actRecordSettings, errcodes.R11)
	}
	b.add(sSwitching, InputSettings, always(), stay, actRecordPendingSettings, errcodes.R13)

	// breakoutRooms (R23).
	for _, s := range live {
		b.add(s, InputRoomList, when(cManager), stay, actKeepRoomList, errcodes.R23)
		b.add(s, InputRoomList, always().unless(cManager), stay, actNothing, errcodes.R23)
	}

	// The SDK's own join event (R10).
	b.add(sMain, InputJoinEvent, always(), stay, actRefuseUnexpected, errcodes.R10)
	b.add(sAssigned, InputJoinEvent, when(cRoomOpen), sJoining, actFollowSDKJoin, errcodes.R10)
	b.add(sAssigned, InputJoinEvent, always().unless(cRoomOpen), stay, actRefuseUnexpected, errcodes.R10)
	for _, s := range []State{sJoining, sInRoom, sSwitching} {
		b.add(s, InputJoinEvent, always(), stay, actRecordCallID, errcodes.R10)
	}
	b.add(sReassigned, InputJoinEvent, always(), sSwitching, actFollowSDKJoinSwitch, errcodes.R10)
	b.add(sReturning, InputJoinEvent, when(cAssigned, cRoomOpen), sJoining, actFollowSDKJoin, errcodes.R10)
	b.add(sReturning, InputJoinEvent, always().unless(cAssigned), stay, actRefuseUnexpected, errcodes.R10)
	b.add(sReturning, InputJoinEvent, when(cAssigned).unless(cRoomOpen), stay, actRefuseUnexpected, errcodes.R10)

	// join (R5), checked in the rule's order.
	b.add(sMain, InputJoin, always(), stay, actRefuseNoAssignment, errcodes.R5)
	b.add(sAssigned, InputJoin, always().unless(cAssigned), stay, actRefuseNoAssignment, errcodes.R5)
	b.add(sAssigned, InputJoin, when(cAssigned).unless(cRoomOpen), stay, actRefuseRoomClosed, errcodes.R5)
	b.add(sAssigned, InputJoin, when(cAssigned, cRoomOpen), sJoining, actJoinFromMain, errcodes.R5)
	for _, s := range []State{sJoining, sInRoom, sSwitching} {
		b.add(s, InputJoin, always(), stay, actRefuseAlreadyInRoom, errcodes.R5)
	}
	b.add(sReassigned, InputJoin, always(), sSwitching, actJoinNewRoom, errcodes.R13)
	b.add(sReturning, InputJoin, always().unless(cAssigned), stay, actRefuseNoAssignment, errcodes.R5)
	b.add(sReturning, InputJoin, when(cAssigned).unless(cRoomOpen), stay, actRefuseRoomClosed, errcodes.R5)
	b.add(sReturning, InputJoin, when(cAssigned, cRoomOpen), stay, actRefuseUnexpected, errcodes.R5)

	// returnToMainMeeting.
	for _, s := range []State{sMain, sAssigned} {
		b.add(s, InputReturn, when(cRedo), stay, actRetryReturn, errcodes.R17)
		b.add(s, InputReturn, when(cInFlightAny).unless(cRedo), stay, actNothing, errcodes.R17)
		b.add(s, InputReturn, always().unless(cRedo, cInFlightAny), stay, actRefuseAlreadyInMain, errcodes.R17)
	}
	b.add(sJoining, InputReturn, always(), sAssigned, actReturnWhileJoining, errcodes.R16)
	for _, s := range inRoom {
		b.ret(s, InputReturn, when(cReturnAllowed), actReturnFromRoom, actReturnFromRoomArrived, sAssigned, errcodes.R15)
		b.add(s, InputReturn, always().unless(cReturnAllowed), stay, actRefuseReturnDisabled, errcodes.R15)
	}
	b.add(sReturning, InputReturn, always(), stay, actRetryReturn, errcodes.R19)

	// The action hangUpBreakout.
	for _, s := range []State{sMain, sAssigned, sReturning} {
		rule := errcodes.R13
		if s == sReturning {
			rule = errcodes.R19
		}
		b.add(s, InputHangUpBreakout, when(cStray), stay, actHangUpStrays, rule)
		b.add(s, InputHangUpBreakout, when(cBreakoutUp).unless(cStray), stay, actNothing, errcodes.R20)
		b.add(s, InputHangUpBreakout, always().unless(cStray, cBreakoutUp), stay, actRefuseUnexpected, errcodes.R20)
	}
	b.add(sJoining, InputHangUpBreakout, when(cStray), stay, actHangUpStrays, errcodes.R13)
	b.add(sJoining, InputHangUpBreakout, always().unless(cStray), sReturning, actHangUpWhileJoining, errcodes.R15)
	for _, s := range inRoom {
		b.add(s, InputHangUpBreakout, when(cStray), stay, actHangUpStrays, errcodes.R13)
		b.ret(s, InputHangUpBreakout, when(cReturnAllowed).unless(cStray), actLeaveRoomManually, actLeaveRoomManuallyArrived, sAssigned, errcodes.R15)
		b.add(s, InputHangUpBreakout, always().unless(cStray, cReturnAllowed), stay, actRefuseReturnDisabled, errcodes.R15)
	}

	// The action resumeMain (the seed's manual recipe, R15).
	for _, s := range inRoom {
		b.add(s, InputResumeMain, when(cMainGone), stay, actRefuseMainGone, errcodes.R15)
		b.add(s, InputResumeMain, always().unless(cMainGone, cReturnAllowed), stay, actRefuseReturnDisabled, errcodes.R15)
		b.add(s, InputResumeMain, when(cReturnAllowed).unless(cMainGone), stay, actRefuseUnexpected, errcodes.R15)
	}
	b.add(sJoining, InputResumeMain, always(), stay, actRefuseUnexpected, errcodes.R15)
	for _, s := range []State{sMain, sAssigned, sReturning} {
		gone := actRefuseMainGone
		if s != sReturning {
			// The main call is connected on arrival (R18, C3) and nothing
			// hangs it up in the main meeting.
			gone = actNotReachable
		}
		b.add(s, InputResumeMain, when(cMainGone), stay, gone, errcodes.R15)
		b.add(s, InputResumeMain, when(cBreakoutUp).unless(cMainGone), stay, actRefuseUnexpected, errcodes.R15)
		b.add(s, InputResumeMain, when(cMainOnHold).unless(cMainGone, cBreakoutUp), stay, actResumeManually, errcodes.R15)
		b.add(s, InputResumeMain, always().unless(cMainGone, cBreakoutUp, cMainOnHold), stay, actRefuseUnexpected, errcodes.R15)
	}

	// leaveMeeting and meetingEnded (R22).
	for _, s := range live {
		b.add(s, InputLeaveMeeting, always(), sLeft, actLeave, errcodes.R22)
		b.add(s, InputMeetingEnded, always(), sLeft, actLeave, errcodes.R22)
	}

	// Outcomes of the host's effects.
	for _, s := range live {
		b.add(s, InputHoldMainOK, when(cInFlight), stay, actHoldOK, errcodes.R5)
		switch s {
		case sJoining:
			b.add(s, InputHoldMainFailed, when(cInFlight, cActiveJoin), sAssigned, actAbandonJoin, errcodes.R7)
			b.add(s, InputHoldMainFailed, when(cInFlight).unless(cActiveJoin), stay, actHoldFailed, errcodes.R7)
		case sInRoom, sReassigned, sSwitching:
			// C2: after the join connected the failure is only reported; a
			// manager's main call counts as connected, an attendee's stays as
			// it is (being hung up).
			b.add(s, InputHoldMainFailed, when(cInFlight), stay, actHoldFailed, errcodes.R7)
		case sReturning:
			b.add(s, InputHoldMainFailed, when(cInFlight, cSettles, cAssigned), sAssigned, actHoldFailedBackInMain, errcodes.R7)
			b.add(s, InputHoldMainFailed, when(cInFlight, cSettles).unless(cAssigned), sMain, actHoldFailedBackInMain, errcodes.R7)
			b.add(s, InputHoldMainFailed, when(cInFlight).unless(cSettles), stay, actHoldFailed, errcodes.R7)
		default:
			b.add(s, InputHoldMainFailed, when(cInFlight), stay, actHoldFailed, errcodes.R7)
		}
		switch s {
		case sJoining:
			b.add(s, InputJoinBreakoutOK, when(cInFlight, cActiveJoin), sInRoom, actJoinedFromMain, errcodes.R9)
			b.add(s, InputJoinBreakoutOK, when(cInFlight).unless(cActiveJoin), stay, actGivenUpJoinConnected, errcodes.R8)
			b.add(s, InputJoinBreakoutFailed, when(cInFlight, cActiveJoin), sAssigned, actJoinFailedFromMain, errcodes.R6)
			b.add(s, InputJoinBreakoutFailed, when(cInFlight).unless(cActiveJoin), stay, actGivenUpJoinFailed, errcodes.R6)
		case sSwitching:
			b.add(s, InputJoinBreakoutOK, when(cInFlight, cActiveJoin), sInRoom, actJoinedNewRoom, errcodes.R13)
			b.add(s, InputJoinBreakoutOK, when(cInFlight).unless(cActiveJoin), stay, actGivenUpJoinConnected, errcodes.R8)
			b.add(s, InputJoinBreakoutFailed, when(cInFlight, cActiveJoin), sReassigned, actJoinFailedNewRoom, errcodes.R13)
			b.add(s, InputJoinBreakoutFailed, when(cInFlight).unless(cActiveJoin), stay, actGivenUpJoinFailed, errcodes.R6)
		default:
			b.add(s, InputJoinBreakoutOK, when(cInFlight), stay, actGivenUpJoinConnected, errcodes.R8)
			b.add(s, InputJoinBreakoutFailed, when(cInFlight), stay, actGivenUpJoinFailed, errcodes.R6)
		}
		b.add(s, InputHangUpMainOK, when(cInFlight), stay, actHangUpMainOK, errcodes.R9)
		b.add(s, InputHangUpMainFailed, when(cInFlight), stay, actHangUpMainFailed, errcodes.R9a)
		b.add(s, InputHangUpBreakoutOK, when(cInFlight), stay, actHangUpBreakoutOK, errcodes.R20)
		b.add(s, InputHangUpBreakoutFailed, when(cInFlight), stay, actHangUpBreakoutFailed, errcodes.R20)
		if s == sReturning {
			// C3: back only once the main call is connected.
			b.add(s, InputResumeMainOK, when(cInFlight, cSettles, cAssigned), sAssigned, actBackInMainResumed, errcodes.R18)
			b.add(s, InputResumeMainOK, when(cInFlight, cSettles).unless(cAssigned), sMain, actBackInMainResumed, errcodes.R18)
			b.add(s, InputResumeMainOK, when(cInFlight).unless(cSettles), stay, actResumeOK, errcodes.R18)
			b.add(s, InputRejoinMainOK, when(cInFlight, cSettles, cAssigned), sAssigned, actBackInMainRejoined, errcodes.R18)
			b.add(s, InputRejoinMainOK, when(cInFlight, cSettles).unless(cAssigned), sMain, actBackInMainRejoined, errcodes.R18)
			b.add(s, InputRejoinMainOK, when(cInFlight).unless(cSettles), stay, actRejoinOK, errcodes.R18)
		} else {
			b.add(s, InputResumeMainOK, when(cInFlight), stay, actResumeOK, errcodes.R18)
			b.add(s, InputRejoinMainOK, when(cInFlight), stay, actRejoinOK, errcodes.R18)
		}
		if s == sReturning {
			for _, k := range []InputKind{InputResumeMainFailed, InputRejoinMainFailed} {
				a, back := actResumeFailed, actResumeFailedBackInMain
				if k == InputRejoinMainFailed {
					a, back = actRejoinFailed, actRejoinFailedBackInMain
				}
				b.add(s, k, when(cInFlight, cSettles, cAssigned), sAssigned, back, errcodes.R19)
				b.add(s, k, when(cInFlight, cSettles).unless(cAssigned), sMain, back, errcodes.R19)
				b.add(s, k, when(cInFlight).unless(cSettles), stay, a, errcodes.R19)
			}
		} else {
			b.add(s, InputResumeMainFailed, when(cInFlight), stay, actResumeFailed, errcodes.R19)
			b.add(s, InputRejoinMainFailed, when(cInFlight), stay, actRejoinFailed, errcodes.R19)
		}
		for _, k := range []InputKind{
			InputHoldMainOK, InputHoldMainFailed, InputJoinBreakoutOK, InputJoinBreakoutFailed,
			InputHangUpMainOK, InputHangUpMainFailed, InputHangUpBreakoutOK, InputHangUpBreakoutFailed,
			InputResumeMainOK, InputResumeMainFailed, InputRejoinMainOK, InputRejoinMainFailed,
		} {
			b.add(s, k, always().unless(cInFlight), stay, actRefuseUnexpected, errcodes.R24)
		}
	}

	// Timers, fired by a tick.
	for _, s := range live {
		switch s {
		case sAssigned:
			b.add(s, InputAutoMoveDue, always(), sJoining, actJoinFromMain, errcodes.R3)
		case sReassigned:
			b.add(s, InputAutoMoveDue, always(), sSwitching, actJoinNewRoom, errcodes.R13)
		default:
			b.add(s, InputAutoMoveDue, always(), stay, actNotReachable, errcodes.R3)
		}
		b.add(s, InputHangUpPreviousDue, always(), stay, actHangUpPrevious, errcodes.R13)
		switch s {
		case sJoining, sInRoom, sReassigned, sSwitching:
			b.add(s, InputClosingSoonDue, always(), stay, actClosingSoon, errcodes.R11)
		default:
			b.add(s, InputClosingSoonDue, always(), stay, actNotReachable, errcodes.R11)
		}
		switch s {
		case sJoining:
			b.add(s, InputRoomEndDue, always(), sAssigned, actUndoJoinRoomEnd, errcodes.R8)
		case sInRoom, sReassigned, sSwitching:
			b.ret(s, InputRoomEndDue, always(), actReturnRoomEnd, actReturnRoomEndArrived, sAssigned, errcodes.R12)
		default:
			b.add(s, InputRoomEndDue, always(), stay, actNotReachable, errcodes.R12)
		}
	}

	// left is terminal (R22).
	for _, k := range tableInputs() {
		a := actRefuseLeft
		if k.IsTimer() {
			a = actNotReachable
		}
		b.add(sLeft, k, always(), stay, a, errcodes.R22)
	}
	return b.rows
}

// ret is a return from a room: to returning, or, when the main call is
// connected (its hold failed, C2), straight to home, which is the position
// once the main call is connected (R18).
func (b *rowBuilder) ret(from State, on InputKind, g guard, a, arrived Action, home State, rule errcodes.Rule) {
	b.add(from, on, g.unless(cConnected), sReturning, a, rule)
	b.add(from, on, guard{g.Guard.And(cConnected.Bit())}, home, arrived, rule)
}

// returnClosed is R12 or R14 for an assignedBreakoutRooms event in a room:
// home is main when the event removes the assignment.
func (b *rowBuilder) returnClosed(from State, g guard, rule errcodes.Rule) {
	home := sAssigned
	if g.Must&(1<<cUnassigns.Bit()) != 0 {
		home = sMain
	}
	b.ret(from, InputAssignedRoom, g, actReturnClosed, actReturnClosedArrived, home, rule)
}

// assignedWhileInMain is assignedBreakoutRooms while in the main meeting with
// a room assigned, or on the way back to it.
func (b *rowBuilder) assignedWhileInMain(s, unassigned State) {
	b.add(s, InputAssignedRoom, when(cUnassigns), unassigned, actUnassign, errcodes.R8)
	b.add(s, InputAssignedRoom, when(cSame, cIdentical).unless(cUnassigns), stay, actNothing, errcodes.R4a)
	b.add(s, InputAssignedRoom, when(cSame, cRoomOpen).unless(cUnassigns, cIdentical, cEvOpen), stay, actCloseAssigned, errcodes.R8)
	b.add(s, InputAssignedRoom, when(cSame, cEvOpen, cEvAuto).unless(cUnassigns, cIdentical, cRoomOpen), stay, actAssignOpenAuto, errcodes.R3)
	b.add(s, InputAssignedRoom, when(cSame, cEvOpen).unless(cUnassigns, cIdentical, cRoomOpen, cEvAuto), stay, actAssignOpenManual, errcodes.R4)
	b.add(s, InputAssignedRoom, when(cSame).unless(cUnassigns, cIdentical, cRoomOpen, cEvOpen), stay, actUpdateFacts, errcodes.R4a)
	b.add(s, InputAssignedRoom, when(cSame, cRoomOpen, cEvOpen, cEvAuto).unless(cUnassigns, cIdentical, cAutoMove, cEarly), stay, actAutoMoveOn, errcodes.R4a)
	b.add(s, InputAssignedRoom, when(cSame, cRoomOpen, cEvOpen, cEvAuto, cEarly).unless(cUnassigns, cIdentical, cAutoMove), stay, actUpdateFacts, errcodes.R16)
	b.add(s, InputAssignedRoom, when(cSame, cRoomOpen, cEvOpen, cAutoMove).unless(cUnassigns, cIdentical, cEvAuto, cEarly), stay, actAutoMoveOff, errcodes.R4a)
	b.add(s, InputAssignedRoom, when(cSame, cRoomOpen, cEvOpen, cAutoMove, cEarly).unless(cUnassigns, cIdentical, cEvAuto), stay, actUpdateFacts, errcodes.R16)
	b.add(s, InputAssignedRoom, when(cSame, cRoomOpen, cEvOpen, cAutoMove, cEvAuto).unless(cUnassigns, cIdentical), stay, actUpdateFacts, errcodes.R4a)
	b.add(s, InputAssignedRoom, when(cSame, cRoomOpen, cEvOpen).unless(cUnassigns, cIdentical, cAutoMove, cEvAuto), stay, actUpdateFacts, errcodes.R4a)
	b.add(s, InputAssignedRoom, always().unless(cUnassigns, cSame, cEvOpen), stay, actAssignClosed, errcodes.R2)
	b.add(s, InputAssignedRoom, when(cEvOpen, cEvAuto).unless(cUnassigns, cSame), stay, actAssignOpenAuto, errcodes.R3)
	b.add(s, InputAssignedRoom, when(cEvOpen).unless(cUnassigns, cSame, cEvAuto), stay, actAssignOpenManual, errcodes.R4)
}
