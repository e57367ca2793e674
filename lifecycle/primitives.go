package lifecycle

import (
	"fmt"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
)

// primitive is one thing a table row does, in order: an effect for the host
// (hold the main call, join the assigned room, schedule a timer, show a
// notification), a change of the participant's facts, the failure it
// reports, or the refusal it answers with. A row's primitives are data: the
// row lists them, and `breakoutfsm table` prints them. Each one is small and
// decides nothing: where what an input does depends on the facts, the table
// has a row for each case, told apart by its guard. The few that compute
// something a guard cannot say (every breakout call still up, in §3's order;
// the call an outcome answers; an end time) are named computations, each
// with its own tests (see namedComputations).
type primitive uint8

// The primitives.
const (
	primitiveInvalid primitive = iota

	// The assignment and what is kept of the SDK's events.
	doAssign
	doForgetEarlyReturn
	doMarkEarlyReturn
	doKeepRoomList
	doRecordCallID

	// Auto-move.
	doScheduleAutoMove
	doCancelAutoMove
	doWaitForArrival
	doStopWaiting

	// The main call.
	doHoldMain
	doMainHeldBySDK
	doHangUpMain
	doResumeMain
	doResumeMainForReturn
	doRejoinMain
	doAnswerHold
	doAnswerHangUpMain
	doAnswerResume
	doAnswerRejoin
	doMainHeld
	doMainConnected
	doMainRejoined
	doMainHungUp

	// The breakout calls.
	doJoinAssignedRoom
	doFollowSDKJoin
	doHangUpJoiningCall
	doHangUpStrays
	doHangUpEveryCall
	doCallConnected
	doCurrentBecomesPrevious
	doJoinAnsweredLate
	doCallConnectedLate
	doCallJoinFailed
	doCallHungUp
	doCallHangUpFailed
	doForgetDownCalls

	// The settings of the breakout call and their timers.
	doRecordSettings
	doClearSettings
	doScheduleClosingSoon
	doCancelClosingSoon
	doScheduleRoomEnd
	doCancelRoomEnd
	doRecordPendingSettings
	doForgetPendingSettings
	doPendingTakesOver

	// Other timers.
	doScheduleHangUpPrevious
	doCancelAllTimers

	// Notifications.
	doShowOpened
	doShowOpenedPromptJoin
	doShowChanged
	doShowChangedPromptJoin
	doShowClosed
	doShowJoined
	doShowJoinedAgain
	doShowClosingSoon
	doWithdrawPrompts
	doWithdrawChangedPrompts
	doWithdrawRoomNotes
	doWithdrawClosed
	doWithdrawAll

	// Failure reports: the input is taken, and its error is reported.
	doReportJoinFailed
	doReportHoldFailed
	doReportResumeFailed
	doReportResumeFailedForReturn
	doReportRejoinFailed
	doReportHangUpFailed
	doReportMainHangUpFailed

	// Refusals: the input is not taken and nothing changes.
	doRefuseNoAssignment
	doRefuseRoomClosed
	doRefuseAlreadyInRoom
	doRefuseReturnDisabled
	doRefuseAlreadyInMain
	doRefuseMainGone
	doRefuseUnexpected
	doRefuseCallBound
	doRefuseMainBound

	primitiveEnd
)

// primitiveDecl is a primitive's name (as the table prints it) and what it
// does.
type primitiveDecl struct {
	name string
	doc  string
}

var primitiveDecls = [primitiveEnd]primitiveDecl{
	primitiveInvalid: {"primitive(0)", "invalid"},

	doAssign:            {"assign", "the event's room becomes the assignment (none when the event has no room)"},
	doForgetEarlyReturn: {"forgetEarlyReturn", "returnedEarly is cleared (R16)"},
	doMarkEarlyReturn:   {"markEarlyReturn", "returnedEarly is set: the room's auto-move does not pull the participant back (R16)"},
	doKeepRoomList:      {"keepRoomList", "the list of all rooms is kept (R23)"},
	doRecordCallID:      {"recordCallId", "the SDK's join event's call id is recorded (R10)"},

	doScheduleAutoMove: {"schedule(autoMove)", "autoMove is scheduled at now + autoMoveDelay"},
	doCancelAutoMove:   {"cancel(autoMove)", "autoMove is cancelled, and no longer waits for the arrival"},
	doWaitForArrival:   {"autoMoveOnArrival", "autoMove waits for the arrival in the main meeting (R18)"},
	doStopWaiting:      {"stopWaiting", "nothing waits for the arrival any more"},

	doHoldMain:            {"holdMain", "holdMain: the main call is put on hold; this join relies on that hold"},
	doMainHeldBySDK:       {"mainHeldBySDK", "the main call counts as held: the SDK held it by itself (R10)"},
	doHangUpMain:          {"hangUpMain", "hangUpMain: the main call is hung up"},
	doResumeMain:          {"resumeMain", "resumeMain (not re-thrown as 46261 if it fails)"},
	doResumeMainForReturn: {"resumeMain(return)", "resumeMain for a return (re-thrown as 46261 if it fails, §5)"},
	doRejoinMain:          {"rejoinMain", "rejoinMain: the main meeting is rejoined as a new call"},
	doAnswerHold:          {"answerHold", "the oldest holdMain in flight is answered"},
	doAnswerHangUpMain:    {"answerHangUpMain", "the oldest hangUpMain in flight is answered"},
	doAnswerResume:        {"answerResume", "the oldest resumeMain in flight is answered"},
	doAnswerRejoin:        {"answerRejoin", "the oldest rejoinMain in flight is answered"},
	doMainHeld:            {"main=held", "the main call is held"},
	doMainConnected:       {"main=connected", "the main call is connected"},
	doMainRejoined:        {"main=rejoined", "the main call is connected as a new call (its generation grows)"},
	doMainHungUp:          {"main=hungUp", "the main call is hung up"},

	doJoinAssignedRoom:       {"joinBreakout(assigned)", "joinBreakout(threadId): the assigned room's breakout call is joined"},
	doFollowSDKJoin:          {"followSDKJoin", "the assigned room's breakout call, joined by the SDK itself, is tracked (no effect, R10)"},
	doHangUpJoiningCall:      {"hangUpBreakout(joining)", "hangUpBreakout(threadId) of the call being joined"},
	doHangUpStrays:           {"hangUpBreakout(strays)", "hangUpBreakout for every breakout call other than the current room's and the one being joined that is still up and not being hung up, oldest first (C4, C5)"},
	doHangUpEveryCall:        {"hangUpBreakout(all)", "hangUpBreakout for every breakout call still up and not being hung up, in §3's order: the one being joined, the current room's, then the others oldest first (C4)"},
	doCallConnected:          {"callConnected", "the call the outcome answers is connected and becomes the current room's"},
	doCurrentBecomesPrevious: {"currentBecomesPrevious", "the current room's call becomes the previous room's (hung up by hangUpPrevious, R13)"},
	doJoinAnsweredLate:       {"joinAnsweredLate", "the join of a call already given up and hung up is answered"},
	doCallConnectedLate:      {"callConnectedLate", "the join of a call already given up connects: the call is connected until its hang-up is answered"},
	doCallJoinFailed:         {"callJoinFailed", "the call the outcome answers failed to join: it is down"},
	doCallHungUp:             {"callHungUp", "the call the outcome answers is hung up: it is down"},
	doCallHangUpFailed:       {"callHangUpFailed", "the call the outcome answers is still up: its hang-up failed"},
	doForgetDownCalls:        {"forgetDownCalls", "calls that are down with nothing in flight are forgotten"},

	doRecordSettings:        {"recordSettings", "the event's settings are the breakout call's, with their end time (a deltaTimeInMs counts from now)"},
	doClearSettings:         {"clearSettings", "the breakout call's settings are cleared, and closingSoon and roomEnd cancelled"},
	doScheduleClosingSoon:   {"schedule(closingSoon)", "closingSoon is scheduled 30 s before the end time"},
	doCancelClosingSoon:     {"cancel(closingSoon)", "closingSoon is cancelled"},
	doScheduleRoomEnd:       {"schedule(roomEnd)", "roomEnd is scheduled at the end time plus roomEndGrace"},
	doCancelRoomEnd:         {"cancel(roomEnd)", "roomEnd is cancelled"},
	doRecordPendingSettings: {"recordPendingSettings", "the event's settings are kept for the re-assigned join (R13)"},
	doForgetPendingSettings: {"forgetPendingSettings", "the settings kept for a re-assigned join are dropped"},
	doPendingTakesOver:      {"pendingTakesOver", "the settings kept for the re-assigned join become the breakout call's"},

	doScheduleHangUpPrevious: {"schedule(hangUpPrevious)", "hangUpPrevious is scheduled at now + hangUpDelay (R13)"},
	doCancelAllTimers:        {"cancel(all)", "every timer is cancelled"},

	doShowOpened:             {"notify(assignedBreakoutRoomOpened)", "assignedBreakoutRoomOpened is shown"},
	doShowOpenedPromptJoin:   {"notify(assignedBreakoutRoomOpenedPromptJoin)", "assignedBreakoutRoomOpenedPromptJoin is shown"},
	doShowChanged:            {"notify(assignedBreakoutRoomChanged)", "assignedBreakoutRoomChanged is shown"},
	doShowChangedPromptJoin:  {"notify(assignedBreakoutRoomChangedPromptJoin)", "assignedBreakoutRoomChangedPromptJoin is shown"},
	doShowClosed:             {"notify(assignedBreakoutRoomClosed)", "assignedBreakoutRoomClosed is shown"},
	doShowJoined:             {"notify(breakoutRoomJoined)", "breakoutRoomJoined is shown"},
	doShowJoinedAgain:        {"notify(breakoutRoomJoined, again)", "breakoutRoomJoined is shown for the new room, even though it was active (C1)"},
	doShowClosingSoon:        {"notify(breakoutRoomClosingSoon)", "breakoutRoomClosingSoon is shown"},
	doWithdrawPrompts:        {"dismiss(prompts)", "the Opened, OpenedPromptJoin, Changed and ChangedPromptJoin notifications are withdrawn"},
	doWithdrawChangedPrompts: {"dismiss(changed)", "the Changed and ChangedPromptJoin notifications are withdrawn"},
	doWithdrawRoomNotes:      {"dismiss(room)", "the Joined and ClosingSoon notifications are withdrawn"},
	doWithdrawClosed:         {"dismiss(assignedBreakoutRoomClosed)", "assignedBreakoutRoomClosed is withdrawn"},
	doWithdrawAll:            {"dismiss(all)", "every notification is withdrawn"},

	doReportJoinFailed:            {"report 46254", "the failure is reported: 46254 (joining the breakout room failed)"},
	doReportHoldFailed:            {"report 46255", "the failure is reported: 46255 (the main call could not be held)"},
	doReportResumeFailed:          {"report 46257", "the failure is reported: 46257 (the main call could not be resumed)"},
	doReportResumeFailedForReturn: {"report 46257 (as 46261)", "the failure is reported: 46257, re-thrown as 46261 because a return issued the resume (§5)"},
	doReportRejoinFailed:          {"report 46261", "the failure is reported: 46261 (the main meeting could not be rejoined)"},
	doReportHangUpFailed:          {"report 46263", "the failure is reported: 46263 (the breakout call could not be hung up)"},
	doReportMainHangUpFailed:      {"report mainHangUpFailed", "the failure is reported: mainHangUpFailed (R9a)"},

	doRefuseNoAssignment:   {"refuse 46260", "refused: no breakout room is assigned"},
	doRefuseRoomClosed:     {"refuse 46256", "refused: the assigned room is not open"},
	doRefuseAlreadyInRoom:  {"refuse alreadyInRoom", "refused: the participant is already joining or in that room"},
	doRefuseReturnDisabled: {"refuse returnDisabled", "refused: the settings do not allow a return to the main meeting"},
	doRefuseAlreadyInMain:  {"refuse 46262 (as 46261)", "refused: already in the main meeting with nothing to redo"},
	doRefuseMainGone:       {"refuse 46257", "refused: the main call was hung up or is being rejoined; call returnToMainMeeting instead"},
	doRefuseUnexpected:     {"refuse unexpectedInput", "refused: the state cannot take this input"},
	doRefuseCallBound:      {"refuse unexpectedInput (call bound)", "refused: 8 breakout calls are still up after a failed hang-up (C8)"},
	doRefuseMainBound:      {"refuse unexpectedInput (main bound)", "refused: 250 effects of one kind on the main call are in flight"},
}

// String is the primitive's name, as the table prints it.
func (p primitive) String() string {
	if p == primitiveInvalid || p >= primitiveEnd {
		return fmt.Sprintf("primitive(%d)", uint8(p))
	}
	return primitiveDecls[p].name
}

// Describe says what the primitive does.
func (p primitive) Describe() string {
	if p == primitiveInvalid || p >= primitiveEnd {
		return "invalid"
	}
	return primitiveDecls[p].doc
}

// allPrimitives lists every valid primitive.
func allPrimitives() []primitive { return enumAll[primitive](uint8(primitiveEnd)) }

// IsRefusal reports whether the primitive refuses the input.
func (p primitive) IsRefusal() bool { return p >= doRefuseNoAssignment && p < primitiveEnd }

// IsReport reports whether the primitive reports a failure.
func (p primitive) IsReport() bool { return p >= doReportJoinFailed && p < doRefuseNoAssignment }

// touchesRare reports whether the primitive reads or writes the rare facts:
// the breakout calls, the settings kept for a re-assigned join, a timer
// other than autoMove, the join event's callId, the room list, or the flags
// of the resumes beyond the eighth. A row with such a primitive works on a
// copy of the rare facts even when the machine holds none (Machine.apply);
// the others change only the core facts, which the machine holds itself.
func (p primitive) touchesRare() bool {
	switch p {
	case doKeepRoomList, doRecordCallID,
		doResumeMain, doResumeMainForReturn, doAnswerResume,
		doJoinAssignedRoom, doFollowSDKJoin, doHangUpJoiningCall, doHangUpStrays, doHangUpEveryCall,
		doCallConnected, doCurrentBecomesPrevious, doJoinAnsweredLate, doCallConnectedLate,
		doCallJoinFailed, doCallHungUp, doCallHangUpFailed, doForgetDownCalls,
		doScheduleClosingSoon, doScheduleRoomEnd,
		doRecordPendingSettings, doForgetPendingSettings, doPendingTakesOver,
		doScheduleHangUpPrevious:
		return true
	}
	return false
}

// namedComputations are the primitives that compute something a guard cannot
// say, each with its own tests: every call still up, in order (a list of any
// length); the call an outcome answers (matched by kind, threadId and age);
// the forgetting of calls that are down; and the end time of settings (a
// deltaTimeInMs counts from now). Every other primitive is straight-line
// code: TestPrimitivesDecideNothing reads their source to keep it so.
var namedComputations = map[primitive]string{
	doHangUpStrays:          "hangUpStrays",
	doHangUpEveryCall:       "hangUpEveryCall",
	doForgetDownCalls:       "forgetDownCalls",
	doRecordSettings:        "resolveSettings",
	doRecordPendingSettings: "resolveSettings",
}

// errorFor is the error a row whose primitives include p answers with (a
// refusal or a failure report), for a row of the rule; nil for a primitive
// that is neither.
func (p primitive) errorFor(ru errcodes.Rule) (e *errcodes.Error) {
	switch p {
	case doRefuseNoAssignment:
		return errs.New(errcodes.URLDoesNotExist, ru)
	case doRefuseRoomClosed:
		return errs.New(errcodes.JoinFailedRoomClosed, ru)
	case doRefuseAlreadyInRoom:
		return errs.NewKind(errcodes.AlreadyInRoom, ru, "join refused: the participant is already joining or in that room")
	case doRefuseReturnDisabled:
		return errs.NewKind(errcodes.ReturnDisabled, ru, "return refused: the breakout room's settings do not allow a return to the main meeting (disableReturnToMainMeeting is true or absent)")
	case doRefuseAlreadyInMain:
		return errs.Wrapped(errcodes.AlreadyInMainMeeting, ru)
	case doRefuseMainGone:
		return errs.WithMessage(errs.New(errcodes.MainMeetingResumeFailed, ru),
			"Not able to resume the main meeting call: it was hung up or is being rejoined as a new call; call returnToMainMeeting() instead.")
	case doRefuseUnexpected:
		return errs.NewKind(errcodes.UnexpectedInput, ru, unexpectedMessage(ru))
	case doRefuseCallBound:
		return errs.NewKind(errcodes.UnexpectedInput, ru, "join refused: 8 breakout calls are still up after a failed hang-up (the most this engine tracks); hang them up first")
	case doRefuseMainBound:
		return errs.NewKind(errcodes.UnexpectedInput, ru, "join refused: 250 effects of one kind on the main call are in flight (the most this engine tracks); answer them first")
	case doReportJoinFailed:
		return errs.New(errcodes.JoinFailed, ru)
	case doReportHoldFailed:
		return errs.New(errcodes.MainMeetingHoldFailed, ru)
	case doReportResumeFailed:
		return errs.New(errcodes.MainMeetingResumeFailed, ru)
	case doReportResumeFailedForReturn:
		return errs.Wrapped(errcodes.MainMeetingResumeFailed, ru)
	case doReportRejoinFailed:
		return errs.New(errcodes.ReturnToMainMeetingFailed, ru)
	case doReportHangUpFailed:
		return errs.New(errcodes.HangUpExistingBreakoutFailed, ru)
	case doReportMainHangUpFailed:
		return errs.NewKind(errcodes.MainHangUpFailed, ru, "the main meeting call could not be hung up: it stays held, and a return resumes it instead of rejoining")
	}
	return nil
}

func unexpectedMessage(ru errcodes.Rule) string {
	switch ru {
	case rule.R5:
		return "join refused: the participant is on its way back to the main meeting"
	case rule.R10:
		return "join event refused: no open room is assigned"
	case rule.R15:
		return "resumeMain refused: a breakout call is still up, or nothing is on hold"
	case rule.R20:
		return "hangUpBreakout refused: no breakout call is up"
	case rule.R24:
		return "outcome refused: no effect of that kind (and threadId) is in flight"
	}
	return "input refused: the current state cannot take it"
}

// do carries out the primitives of an accepted row, in order. Every case is
// straight-line: what varies with the facts is the table's business (its
// guards), or one of the named computations. (One call for the row, not one
// per primitive: the loop is here so that the switch costs no call.)
func (s *step) do(ps []primitive) {
	f := &s.f
	for _, p := range ps {
		switch p {
		case doAssign:
			f.room = s.in.Room
		case doForgetEarlyReturn:
			f.returnedEarly = false
		case doMarkEarlyReturn:
			f.returnedEarly = true
		case doKeepRoomList:
			f.rooms, f.hasRoomList = s.in.Rooms, s.in.RoomsDefined
		case doRecordCallID:
			f.callID = s.in.CallID

		case doScheduleAutoMove:
			s.schedule(TimerAutoMove, s.now.add(s.config().AutoMoveDelay))
		case doCancelAutoMove:
			s.cancel(TimerAutoMove)
			f.autoMoveOnReturn = false
		case doWaitForArrival:
			f.autoMoveOnReturn = true
		case doStopWaiting:
			f.autoMoveOnReturn = false

		case doHoldMain:
			f.main = mainHolding
			f.issued(opHold)
			f.activeHold = true
			s.emit(EffectHoldMain, "")
		case doMainHeldBySDK, doMainHeld:
			f.main = mainHeld
		case doHangUpMain:
			f.main = mainHungUp
			f.issued(opHangUp)
			s.emit(EffectHangUpMain, "")
		case doResumeMain:
			f.main = mainResuming
			f.pushResume(false)
			s.emit(EffectResumeMain, "")
		case doResumeMainForReturn:
			f.main = mainResuming
			f.pushResume(true)
			s.emit(EffectResumeMain, "")
		case doRejoinMain:
			f.main = mainRejoining
			f.issued(opRejoin)
			s.emit(EffectRejoinMain, "")
		case doAnswerHold:
			f.answered(opHold)
		case doAnswerHangUpMain:
			f.answered(opHangUp)
		case doAnswerResume:
			f.popResume()
		case doAnswerRejoin:
			f.answered(opRejoin)
		case doMainConnected:
			f.main = mainConnected
		case doMainRejoined:
			f.main = mainConnected
			f.generation++
		case doMainHungUp:
			f.main = mainHungUp

		case doJoinAssignedRoom:
			f.trackJoin(f.room.ThreadID)
			s.emit(EffectJoinBreakout, f.room.ThreadID)
		case doFollowSDKJoin:
			f.trackJoin(f.room.ThreadID)
		case doHangUpJoiningCall:
			s.hangUp(callWithRole(f.calls.all(), roleJoining))
		case doHangUpStrays:
			s.hangUpStrays()
		case doHangUpEveryCall:
			s.hangUpEveryCall()
		case doCallConnected:
			c := &f.calls.all()[s.outcome]
			c.joinPending, c.connected, c.role = false, true, roleCurrent
		case doCurrentBecomesPrevious:
			f.calls.all()[callWithRole(f.calls.all(), roleCurrent)].role = rolePrevious
		case doJoinAnsweredLate:
			f.calls.all()[s.outcome].joinPending = false
		case doCallConnectedLate:
			c := &f.calls.all()[s.outcome]
			c.joinPending, c.connected = false, true
		case doCallJoinFailed:
			c := &f.calls.all()[s.outcome]
			c.joinPending, c.up, c.role = false, false, roleLeaving
		case doCallHungUp:
			c := &f.calls.all()[s.outcome]
			c.hangPending, c.up, c.connected = false, false, false
		case doCallHangUpFailed:
			f.calls.all()[s.outcome].hangPending = false
		case doForgetDownCalls:
			f.forgetDownCalls()

		case doRecordSettings:
			f.settings = resolveSettings(s.in.Settings, s.now)
		case doClearSettings:
			f.settings = settingsFacts{}
			s.cancel(TimerClosingSoon)
			s.cancel(TimerRoomEnd)
		case doScheduleClosingSoon:
			s.schedule(TimerClosingSoon, f.settings.end.add(-closingSoonLead))
		case doCancelClosingSoon:
			s.cancel(TimerClosingSoon)
		case doScheduleRoomEnd:
			s.schedule(TimerRoomEnd, f.settings.end.add(s.config().RoomEndGrace))
		case doCancelRoomEnd:
			s.cancel(TimerRoomEnd)
		case doRecordPendingSettings:
			f.pending = resolveSettings(s.in.Settings, s.now)
		case doForgetPendingSettings:
			f.pending = settingsFacts{}
		case doPendingTakesOver:
			f.settings, f.pending = f.pending, settingsFacts{}

		case doScheduleHangUpPrevious:
			s.schedule(TimerHangUpPrevious, s.now.add(s.config().HangUpDelay))
		case doCancelAllTimers:
			f.timerSet = 0

		case doShowOpened:
			s.show(NotifyOpened)
		case doShowOpenedPromptJoin:
			s.show(NotifyOpenedPromptJoin)
		case doShowChanged:
			s.show(NotifyChanged)
		case doShowChangedPromptJoin:
			s.show(NotifyChangedPromptJoin)
		case doShowClosed:
			s.show(NotifyClosed)
		case doShowJoined:
			s.show(NotifyJoined)
		case doShowJoinedAgain:
			s.show(NotifyJoined)
			s.renotified |= 1 << NotifyJoined
		case doShowClosingSoon:
			s.show(NotifyClosingSoon)
		case doWithdrawPrompts:
			f.notes &^= 1<<NotifyOpened | 1<<NotifyOpenedPromptJoin | 1<<NotifyChanged | 1<<NotifyChangedPromptJoin
		case doWithdrawChangedPrompts:
			f.notes &^= 1<<NotifyChanged | 1<<NotifyChangedPromptJoin
		case doWithdrawRoomNotes:
			f.notes &^= 1<<NotifyJoined | 1<<NotifyClosingSoon
		case doWithdrawClosed:
			f.notes &^= 1 << NotifyClosed
		case doWithdrawAll:
			f.notes = 0
		}
		// Reports and refusals set no fact: the row's error is prepared
		// when the table is built.
	}
}

// trackJoin starts tracking a breakout call being joined, numbered as the
// newest effect, and returns its index.
func (f *facts) trackJoin(thread string) int {
	return f.calls.add(breakoutCall{thread: thread, role: roleJoining, up: true, joinPending: true, joinSeq: f.nextSeq()})
}

// resolveSettings is named computation: settings received at now, with their
// end time resolved (a deltaTimeInMs counts from now; the other forms give
// the time itself).
func resolveSettings(in *Settings, now instant) settingsFacts {
	out := settingsFacts{value: in}
	if in.hasEnd() {
		out.hasEnd, out.end = true, in.endFrom(now)
	}
	return out
}

// hangUp hangs up breakout call i, which is up and not being hung up: it is
// numbered as the newest effect.
func (s *step) hangUp(i int) {
	c := &s.f.calls.all()[i]
	c.role = roleLeaving
	c.hangPending, c.hangSeq = true, s.f.nextSeq()
	s.emit(EffectHangUpBreakout, c.thread)
}

// hangUpStrays is a named computation: it hangs up, oldest first, every
// breakout call other than the current room's and the one being joined that
// is up and not being hung up: previous rooms' calls and those left up by a
// failed hang-up (C4, C5).
func (s *step) hangUpStrays() {
	for i := range s.f.calls.all() {
		if s.f.calls.all()[i].stray() {
			s.hangUp(i)
		}
	}
}

// hangUpEveryCall is a named computation: it hangs up every breakout call
// still up and not being hung up, in §3's order: the one being joined, the
// current room's, then the others, oldest first (C4, R22).
func (s *step) hangUpEveryCall() {
	for _, r := range [...]callRole{roleJoining, roleCurrent} {
		for {
			i := callWithRole(s.f.calls.all(), r)
			if i < 0 {
				break
			}
			s.hangUp(i)
		}
	}
	s.hangUpStrays()
}

// forgetDownCalls is a named computation: it forgets the breakout calls that
// are down with nothing in flight.
func (f *facts) forgetDownCalls() {
	n := 0
	all := f.calls.all()
	for _, c := range all {
		if c.up || c.joinPending || c.hangPending {
			all[n] = c
			n++
		}
	}
	f.calls.truncate(n)
}
