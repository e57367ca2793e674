package lifecycle

import (
	"github.com/breakoutfsm/breakoutfsm/errcodes"
)

// Action names what a table row does. Its effects are computed from the
// machine's facts by the function the action names; a refusal action changes
// nothing and answers with its error.
type Action uint8

// Actions.
const (
	actInvalid Action = iota

	actNothing     // accepted; nothing changes
	actUpdateFacts // the assigned room's facts change; nothing else

	actAssignClosed     // R2
	actAssignOpenAuto   // R3
	actAssignOpenManual // R4
	actAutoMoveOn       // R4a
	actAutoMoveOff      // R4a
	actUnassign         // R8
	actCloseAssigned    // R8

	actJoinFromMain        // R3, R5
	actFollowSDKJoin       // R10
	actFollowSDKJoinSwitch // R10, R13
	actRecordCallID        // R10
	actJoinedFromMain      // R9
	actJoinFailedFromMain  // R6
	actAbandonJoin         // R7
	actUndoJoinUnassigned  // R8
	actUndoJoinClosed      // R8
	actUndoJoinReassigned  // R8
	actUndoJoinRoomEnd     // R8
	actReturnWhileJoining  // R16
	actHangUpWhileJoining  // R15

	actReassign          // R13
	actReassignUpdate    // R13
	actBackToCurrent     // R13
	actJoinNewRoom       // R13
	actJoinedNewRoom     // R13
	actJoinFailedNewRoom // R13
	actHangUpPrevious    // R13
	actHangUpStrays      // R13

	actRecordSettings        // R11
	actRecordPendingSettings // R13
	actIgnoreSettings        // R11
	actClosingSoon           // R11
	actKeepRoomList          // R23

	actReturnClosed       // R12, R14
	actReturnRoomEnd      // R12
	actReturnFromRoom     // R15
	actLeaveRoomManually  // R15
	actResumeManually     // R15
	actRetryReturn        // R17, R19
	actBackInMainResumed  // R18
	actBackInMainRejoined // R18

	// A return that finds the main call connected arrives at once (R18, C2).
	actReturnClosedArrived      // R12, R14
	actReturnRoomEndArrived     // R12
	actReturnFromRoomArrived    // R15
	actLeaveRoomManuallyArrived // R15

	actHoldOK                 // R5
	actHoldFailed             // R7
	actHoldFailedBackInMain   // R7
	actGivenUpJoinConnected   // R8
	actGivenUpJoinFailed      // R6
	actHangUpMainOK           // R9
	actHangUpMainFailed       // R9a
	actHangUpBreakoutOK       // R20
	actHangUpBreakoutFailed   // R20
	actResumeOK               // R18
	actResumeFailed           // R19
	actResumeFailedBackInMain // R19: the main call is connected after all
	actRejoinOK               // R18
	actRejoinFailed           // R19
	actRejoinFailedBackInMain // R19: the main call is connected after all

	actLeave // R22

	// Refusals.
	actRefuseNoAssignment   // 46260
	actRefuseRoomClosed     // 46256
	actRefuseAlreadyInRoom  // alreadyInRoom
	actRefuseReturnDisabled // returnDisabled
	actRefuseAlreadyInMain  // 46262, re-thrown as 46261
	actRefuseMainGone       // 46257
	actRefuseUnexpected     // unexpectedInput
	actRefuseLeft           // participantLeft
	actNotReachable         // a pair that cannot happen: refused as unexpectedInput

	actionEnd
)

var actionNames = [actionEnd]string{
	"Action(0)", "nothing", "updateFacts",
	"assignClosed", "assignOpenAuto", "assignOpenManual", "autoMoveOn", "autoMoveOff", "unassign", "closeAssigned",
	"joinFromMain", "followSDKJoin", "followSDKJoinSwitch", "recordCallID", "joinedFromMain", "joinFailedFromMain",
	"abandonJoin", "undoJoinUnassigned", "undoJoinClosed", "undoJoinReassigned", "undoJoinRoomEnd",
	"returnWhileJoining", "hangUpWhileJoining",
	"reassign", "reassignUpdate", "backToCurrent", "joinNewRoom", "joinedNewRoom", "joinFailedNewRoom",
	"hangUpPrevious", "hangUpStrays",
	"recordSettings", "recordPendingSettings", "ignoreSettings", "closingSoon", "keepRoomList",
	"returnClosed", "returnRoomEnd", "returnFromRoom", "leaveRoomManually", "resumeManually", "retryReturn",
	"backInMainResumed", "backInMainRejoined",
	"returnClosedArrived", "returnRoomEndArrived", "returnFromRoomArrived", "leaveRoomManuallyArrived",
	"holdOk", "holdFailed", "holdFailedBackInMain", "givenUpJoinConnected", "givenUpJoinFailed",
	"hangUpMainOk", "hangUpMainFailed", "hangUpBreakoutOk", "hangUpBreakoutFailed",
	"resumeOk", "resumeFailed", "resumeFailedBackInMain", "rejoinOk", "rejoinFailed", "rejoinFailedBackInMain",
	"leave",
	"refuseNoAssignment", "refuseRoomClosed", "refuseAlreadyInRoom", "refuseReturnDisabled",
	"refuseAlreadyInMain", "refuseMainGone", "refuseUnexpected", "refuseLeft", "notReachable",
}

func (a Action) String() string { return enumName(actionNames[:], uint8(a), "Action") }

// AllActions lists every valid action.
func AllActions() []Action { return enumAll[Action](uint8(actionEnd)) }

// IsRefusal reports whether the action refuses its input.
func (a Action) IsRefusal() bool { return a >= actRefuseNoAssignment && a < actionEnd }

// IsReachable is false for the rows of pairs that cannot happen (a timer
// that is never pending in that state): they exist so that every pair has a
// row, and coverage does not expect them.
func (a Action) IsReachable() bool { return a != actNotReachable }

// errorFor is the error a row with this action answers with, if any, and
// its form re-thrown as 46261 (§5).
func (a Action) errorFor(rule errcodes.Rule, guard string) (plain, wrapped *errcodes.Error) {
	var e *errcodes.Error
	switch a {
	case actRefuseNoAssignment:
		e = errcodes.New(errcodes.URLDoesNotExist, rule)
	case actRefuseRoomClosed:
		e = errcodes.New(errcodes.JoinFailedRoomClosed, rule)
	case actRefuseAlreadyInRoom:
		e = errcodes.NewKind(errcodes.AlreadyInRoom, rule, "join refused: the participant is already joining or in that room")
	case actRefuseReturnDisabled:
		e = errcodes.NewKind(errcodes.ReturnDisabled, rule, "return refused: the breakout room's settings do not allow a return to the main meeting (disableReturnToMainMeeting is true or absent)")
	case actRefuseAlreadyInMain:
		e = errcodes.NewWrapped(errcodes.AlreadyInMainMeeting, rule)
	case actRefuseMainGone:
		e = errcodes.New(errcodes.MainMeetingResumeFailed, rule).WithMessage(
			"Not able to resume the main meeting call: it was hung up or is being rejoined as a new call; call returnToMainMeeting() instead.")
	case actRefuseUnexpected:
		e = errcodes.NewKind(errcodes.UnexpectedInput, rule, unexpectedMessage(rule))
	case actRefuseLeft:
		e = errcodes.NewKind(errcodes.ParticipantLeft, rule, "input refused: the participant has left the meeting")
	case actNotReachable:
		e = errcodes.NewKind(errcodes.UnexpectedInput, rule, "input refused: no timer of this kind can be pending in this state")
	case actJoinFailedFromMain, actJoinFailedNewRoom, actGivenUpJoinFailed:
		e = errcodes.New(errcodes.JoinFailed, rule)
	case actAbandonJoin, actHoldFailed, actHoldFailedBackInMain:
		e = errcodes.New(errcodes.MainMeetingHoldFailed, rule)
	case actHangUpMainFailed:
		e = errcodes.NewKind(errcodes.MainHangUpFailed, rule, "the main meeting call could not be hung up: it stays held, and a return resumes it instead of rejoining")
	case actHangUpBreakoutFailed:
		e = errcodes.New(errcodes.HangUpExistingBreakoutFailed, rule)
	case actResumeFailed, actResumeFailedBackInMain:
		e = errcodes.New(errcodes.MainMeetingResumeFailed, rule)
		return e, errcodes.NewWrapped(errcodes.MainMeetingResumeFailed, rule)
	case actRejoinFailed, actRejoinFailedBackInMain:
		e = errcodes.New(errcodes.ReturnToMainMeetingFailed, rule)
	default:
		return nil, nil
	}
	if a.IsRefusal() && guard != "always" && guard != "" {
		e = e.WithGuard(guard)
	}
	return e, e
}

func unexpectedMessage(rule errcodes.Rule) string {
	switch rule {
	case errcodes.R5:
		return "join refused: the participant is on its way back to the main meeting"
	case errcodes.R10:
		return "join event refused: no open room is assigned"
	case errcodes.R15:
		return "resumeMain refused: a breakout call is still up, or nothing is on hold"
	case errcodes.R20:
		return "hangUpBreakout refused: no breakout call is up"
	case errcodes.R24:
		return "outcome refused: no effect of that kind (and threadId) is in flight"
	}
	return "input refused: the current state cannot take it"
}

// Errors that do not come from a table row.
var (
	errFeatureDisabled  = errcodes.New(errcodes.Disabled, errcodes.R1).WithGuard("featureEnabled")
	errNotTeams         = errcodes.New(errcodes.OnlyAvailableInMeetings, errcodes.R1).WithGuard("teamsMeeting")
	errLeft             = errcodes.NewKind(errcodes.ParticipantLeft, errcodes.R22, "input refused: the participant has left the meeting")
	errClockBackwards   = errcodes.NewKind(errcodes.UnknownInput, errcodes.R24, "input refused: its time is earlier than the previous input's")
	errUnknownInputKind = errcodes.NewKind(errcodes.UnknownInput, errcodes.R24, "input refused: not an input kind a machine takes")
	errBadJoinEvent     = errcodes.New(errcodes.UpdateFailed, errcodes.R24).WithMessage("data.id: a join event needs a non-empty call id")
	errThreadOnOtherOp  = errcodes.NewKind(errcodes.UnknownInput, errcodes.R24, "input refused: threadId goes only with the joinBreakout and hangUpBreakout outcomes")
	errFieldOfOtherKind = errcodes.NewKind(errcodes.UnknownInput, errcodes.R24, "input refused: it carries a field of another kind of input (Room, Settings, Rooms or CallID)")
	errTooManyCalls     = errcodes.NewKind(errcodes.UnexpectedInput, errcodes.R5, "join refused: 8 breakout calls are still up after a failed hang-up (the most this engine tracks); hang them up first")
)
