package bench

import "github.com/breakoutfsm/breakoutfsm/lifecycle"

// Input is one input of the compared subset (see the package comment). The
// zero value is not an input.
type Input uint8

// The inputs of the subset. The first ten are what a user or the SDK may send
// at any time; the last five are the outcomes a synchronous, fault-free host
// reports for the call effects the engine asked for.
const (
	InNone Input = iota

	InAssignOpenAuto   // sdk assignedBreakoutRooms: 19:r1, open, auto-move on
	InAssignOpenPrompt // sdk assignedBreakoutRooms: 19:r1, open, auto-move off
	InAssignClosed     // sdk assignedBreakoutRooms: 19:r1, closed
	InUnassign         // sdk assignedBreakoutRooms: undefined
	InSettingsAllow    // sdk breakoutRoomsSettings: disableReturnToMainMeeting false
	InSettingsDeny     // sdk breakoutRoomsSettings: disableReturnToMainMeeting true
	InJoin             // action join
	InReturn           // action returnToMainMeeting
	InTick             // tick, autoMoveDelay after the previous input
	InLeave            // action leaveMeeting

	InHoldMainOK       // outcome holdMain ok
	InJoinBreakoutOK   // outcome joinBreakout ok
	InHangUpMainOK     // outcome hangUpMain ok
	InHangUpBreakoutOK // outcome hangUpBreakout ok
	InRejoinMainOK     // outcome rejoinMain ok

	inputEnd
)

// NumInputs is how many inputs the subset has (InNone excluded).
const NumInputs = int(inputEnd) - 1

var inputNames = [inputEnd]string{
	"none", "assignOpenAuto", "assignOpenPrompt", "assignClosed", "unassign", "settingsAllow", "settingsDeny",
	"join", "return", "tick", "leave", "holdMainOK", "joinBreakoutOK", "hangUpMainOK", "hangUpBreakoutOK", "rejoinMainOK",
}

func (in Input) String() string {
	if in < inputEnd {
		return inputNames[in]
	}
	return "Input(?)"
}

// IsOutcome reports whether the input is the outcome of a call effect.
func (in Input) IsOutcome() bool { return in >= InHoldMainOK && in < inputEnd }

// Refusal says why an input was refused; RefuseNone means it was accepted.
type Refusal uint8

// The refusals of the subset, with what breakoutfsm calls them.
const (
	RefuseNone           Refusal = iota
	RefuseNoAssignment           // 46260, R5
	RefuseRoomClosed             // 46256, R5
	RefuseAlreadyInRoom          // alreadyInRoom, R5
	RefuseReturnDisabled         // returnDisabled, R15
	RefuseAlreadyInMain          // 46262, R17
	RefuseLeft                   // participantLeft, R22
	RefuseUnexpected             // unexpectedInput, R24: an outcome with nothing in flight
	// RefuseOutsideSubset is the peers' own answer to an input the subset
	// does not cover in that state (breakoutfsm would take it). The random
	// paths never produce one; a test fails if they do.
	RefuseOutsideSubset
	// RefuseOther is a breakoutfsm refusal the subset does not expect.
	RefuseOther
	refusalEnd
)

var refusalNames = [refusalEnd]string{
	"accepted", "46260", "46256", "alreadyInRoom", "returnDisabled", "46262", "participantLeft",
	"unexpectedInput", "outsideSubset", "other",
}

func (r Refusal) String() string {
	if r < refusalEnd {
		return refusalNames[r]
	}
	return "Refusal(?)"
}

// State is the fine state the three peer implementations share: the position
// plus which call effects are in flight. Only main, assigned, inRoom and left
// are stable; in the others the host's outcome comes next.
type State uint8

// The peer states.
const (
	StMain            State = iota
	StAssigned              // a room is assigned, nothing in flight
	StJoiningHold           // holdMain and joinBreakout in flight
	StJoiningJoin           // joinBreakout in flight
	StInRoomHangUp          // in the room, hangUpMain in flight
	StInRoom                // in the room, nothing in flight
	StReturningBoth         // hangUpBreakout and rejoinMain in flight
	StReturningRejoin       // rejoinMain in flight
	StLeft
	stateEnd
)

// NumStates is how many peer states there are.
const NumStates = int(stateEnd)

var stateNames = [stateEnd]string{
	"main", "assigned", "joiningHold", "joiningJoin", "inRoomHangUp", "inRoom", "returningBoth", "returningRejoin", "left",
}

func (s State) String() string {
	if s < stateEnd {
		return stateNames[s]
	}
	return "State(?)"
}

var statePositions = [stateEnd]lifecycle.Position{
	lifecycle.PositionMain, lifecycle.PositionAssigned, lifecycle.PositionJoining, lifecycle.PositionJoining,
	lifecycle.PositionInRoom, lifecycle.PositionInRoom, lifecycle.PositionReturning, lifecycle.PositionReturning,
	lifecycle.PositionLeft,
}

// Position is the coarse position of a peer state.
func (s State) Position() lifecycle.Position { return statePositions[s] }

// The facts the peers keep beside the state, as bits. A room is assigned
// when factOpen or factClosed is set.
const (
	factOpen   uint8 = 1 << iota // the assigned room is open
	factClosed                   // the assigned room is closed
	factAuto                     // the assigned room has auto-move on
	factArmed                    // the autoMove timer is pending (R3)
	factEarly                    // returnedEarly (R16)
	factAllow                    // the room's settings allow a return (R15)
)

// Participant is what the agreement tests drive: any of the four
// implementations behind one interface. The benchmarks call each one's own
// API instead, without the interface.
type Participant interface {
	Step(in Input) (lifecycle.Position, Refusal)
}
