package lifecycle

import (
	"fmt"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
)

// Primitive is one thing a table row does, in order: an effect for the host
// (hold the main call, join the assigned room, schedule a timer, show a
// notification), a change of the participant's facts, the failure it
// reports, or the refusal it answers with. A row's primitives are data: the
// row lists them, and `breakoutfsm table` prints them. Each one is small and
// decides nothing: where what an input does depends on the facts, the table
// has a row for each case, told apart by its guard. The few that compute
// something a guard cannot say (every breakout call still up, in §3's order;
// the call an outcome answers; an end time) are named computations, each
// with its own tests (see namedComputations).
type Primitive uint8

// The primitives.
const (
	PrimitiveInvalid Primitive = iota

	// The assignment and what is kept of the SDK's events.
	DoAssign
	DoForgetEarlyReturn
	DoMarkEarlyReturn
	DoKeepRoomList
	DoRecordCallID

	// Auto-move.
	DoScheduleAutoMove
	DoCancelAutoMove
	DoWaitForArrival
	DoStopWaiting

	// The main call.
	DoHoldMain
	DoMainHeldBySDK
	DoHangUpMain
	DoResumeMain
	DoResumeMainForReturn
	DoRejoinMain
	DoAnswerHold
	DoAnswerHangUpMain
	DoAnswerResume
	DoAnswerRejoin
	DoMainHeld
	DoMainConnected
	DoMainRejoined
	DoMainHungUp

	// The breakout calls.
	DoJoinAssignedRoom
	DoFollowSDKJoin
	DoHangUpJoiningCall
	DoHangUpStrays
	DoHangUpEveryCall
	DoCallConnected
	DoCurrentBecomesPrevious
	DoJoinAnsweredLate
	DoCallConnectedLate
	DoCallJoinFailed
	DoCallHungUp
	DoCallHangUpFailed
	DoForgetDownCalls

	// The settings of the breakout call and their timers.
	DoRecordSettings
	DoClearSettings
	DoScheduleClosingSoon
	DoCancelClosingSoon
	DoScheduleRoomEnd
	DoCancelRoomEnd
	DoRecordPendingSettings
	DoForgetPendingSettings
	DoPendingTakesOver

	// Other timers.
	DoScheduleHangUpPrevious
	DoCancelAllTimers

	// Notifications.
	DoShowOpened
	DoShowOpenedPromptJoin
	DoShowChanged
	DoShowChangedPromptJoin
	DoShowClosed
	DoShowJoined
	DoShowJoinedAgain
	DoShowClosingSoon
	DoWithdrawPrompts
	DoWithdrawChangedPrompts
	DoWithdrawRoomNotes
	DoWithdrawClosed
	DoWithdrawAll

	// Failure reports: the input is taken, and its error is reported.
	DoReportJoinFailed
	DoReportHoldFailed
	DoReportResumeFailed
	DoReportResumeFailedForReturn
	DoReportRejoinFailed
	DoReportHangUpFailed
	DoReportMainHangUpFailed

	// Refusals: the input is not taken and nothing changes.
	DoRefuseNoAssignment
	DoRefuseRoomClosed
	DoRefuseAlreadyInRoom
	DoRefuseReturnDisabled
	DoRefuseAlreadyInMain
	DoRefuseMainGone
	DoRefuseUnexpected
	DoRefuseCallBound
	DoRefuseMainBound

	primitiveEnd
)

// primitiveDecl is a primitive's name (as the table prints it) and what it
// does.
type primitiveDecl struct {
	name string
	doc  string
}

var primitiveDecls = [primitiveEnd]primitiveDecl{
	PrimitiveInvalid: {"Primitive(0)", "invalid"},

	DoAssign:            {"assign", "the event's room becomes the assignment (none when the event has no room)"},
	DoForgetEarlyReturn: {"forgetEarlyReturn", "returnedEarly is cleared (R16)"},
	DoMarkEarlyReturn:   {"markEarlyReturn", "returnedEarly is set: the room's auto-move does not pull the participant back (R16)"},
	DoKeepRoomList:      {"keepRoomList", "the list of all rooms is kept (R23)"},
	DoRecordCallID:      {"recordCallId", "the SDK's join event's call id is recorded (R10)"},

	DoScheduleAutoMove: {"schedule(autoMove)", "autoMove is scheduled at now + autoMoveDelay"},
	DoCancelAutoMove:   {"cancel(autoMove)", "autoMove is cancelled, and no longer waits for the arrival"},
	DoWaitForArrival:   {"autoMoveOnArrival", "autoMove waits for the arrival in the main meeting (R18)"},
	DoStopWaiting:      {"stopWaiting", "nothing waits for the arrival any more"},

	DoHoldMain:            {"holdMain", "holdMain: the main call is put on hold; this join relies on that hold"},
	DoMainHeldBySDK:       {"mainHeldBySDK", "the main call counts as held: the SDK held it by itself (R10)"},
	DoHangUpMain:          {"hangUpMain", "hangUpMain: the main call is hung up"},
	DoResumeMain:          {"resumeMain", "resumeMain (not re-thrown as 46261 if it fails)"},
	DoResumeMainForReturn: {"resumeMain(return)", "resumeMain for a return (re-thrown as 46261 if it fails, §5)"},
	DoRejoinMain:          {"rejoinMain", "rejoinMain: the main meeting is rejoined as a new call"},
	DoAnswerHold:          {"answerHold", "the oldest holdMain in flight is answered"},
	DoAnswerHangUpMain:    {"answerHangUpMain", "the oldest hangUpMain in flight is answered"},
	DoAnswerResume:        {"answerResume", "the oldest resumeMain in flight is answered"},
	DoAnswerRejoin:        {"answerRejoin", "the oldest rejoinMain in flight is answered"},
	DoMainHeld:            {"main=held", "the main call is held"},
	DoMainConnected:       {"main=connected", "the main call is connected"},
	DoMainRejoined:        {"main=rejoined", "the main call is connected as a new call (its generation grows)"},
	DoMainHungUp:          {"main=hungUp", "the main call is hung up"},

	DoJoinAssignedRoom:       {"joinBreakout(assigned)", "joinBreakout(threadId): the assigned room's breakout call is joined"},
	DoFollowSDKJoin:          {"followSDKJoin", "the assigned room's breakout call, joined by the SDK itself, is tracked (no effect, R10)"},
	DoHangUpJoiningCall:      {"hangUpBreakout(joining)", "hangUpBreakout(threadId) of the call being joined"},
	DoHangUpStrays:           {"hangUpBreakout(strays)", "hangUpBreakout for every breakout call other than the current room's and the one being joined that is still up and not being hung up, oldest first (C4, C5)"},
	DoHangUpEveryCall:        {"hangUpBreakout(all)", "hangUpBreakout for every breakout call still up and not being hung up, in §3's order: the one being joined, the current room's, then the others oldest first (C4)"},
	DoCallConnected:          {"callConnected", "the call the outcome answers is connected and becomes the current room's"},
	DoCurrentBecomesPrevious: {"currentBecomesPrevious", "the current room's call becomes the previous room's (hung up by hangUpPrevious, R13)"},
	DoJoinAnsweredLate:       {"joinAnsweredLate", "the join of a call already given up and hung up is answered"},
	DoCallConnectedLate:      {"callConnectedLate", "the join of a call already given up connects: the call is connected until its hang-up is answered"},
	DoCallJoinFailed:         {"callJoinFailed", "the call the outcome answers failed to join: it is down"},
	DoCallHungUp:             {"callHungUp", "the call the outcome answers is hung up: it is down"},
	DoCallHangUpFailed:       {"callHangUpFailed", "the call the outcome answers is still up: its hang-up failed"},
	DoForgetDownCalls:        {"forgetDownCalls", "calls that are down with nothing in flight are forgotten"},

	DoRecordSettings:        {"recordSettings", "the event's settings are the breakout call's, with their end time (a deltaTimeInMs counts from now)"},
	DoClearSettings:         {"clearSettings", "the breakout call's settings are cleared, and closingSoon and roomEnd cancelled"},
	DoScheduleClosingSoon:   {"schedule(closingSoon)", "closingSoon is scheduled 30 s before the end time"},
	DoCancelClosingSoon:     {"cancel(closingSoon)", "closingSoon is cancelled"},
	DoScheduleRoomEnd:       {"schedule(roomEnd)", "roomEnd is scheduled at the end time plus roomEndGrace"},
	DoCancelRoomEnd:         {"cancel(roomEnd)", "roomEnd is cancelled"},
	DoRecordPendingSettings: {"recordPendingSettings", "the event's settings are kept for the re-assigned join (R13)"},
	DoForgetPendingSettings: {"forgetPendingSettings", "the settings kept for a re-assigned join are dropped"},
	DoPendingTakesOver:      {"pendingTakesOver", "the settings kept for the re-assigned join become the breakout call's"},

	DoScheduleHangUpPrevious: {"schedule(hangUpPrevious)", "hangUpPrevious is scheduled at now + hangUpDelay (R13)"},
	DoCancelAllTimers:        {"cancel(all)", "every timer is cancelled"},

	DoShowOpened:             {"notify(assignedBreakoutRoomOpened)", "assignedBreakoutRoomOpened is shown"},
	DoShowOpenedPromptJoin:   {"notify(assignedBreakoutRoomOpenedPromptJoin)", "assignedBreakoutRoomOpenedPromptJoin is shown"},
	DoShowChanged:            {"notify(assignedBreakoutRoomChanged)", "assignedBreakoutRoomChanged is shown"},
	DoShowChangedPromptJoin:  {"notify(assignedBreakoutRoomChangedPromptJoin)", "assignedBreakoutRoomChangedPromptJoin is shown"},
	DoShowClosed:             {"notify(assignedBreakoutRoomClosed)", "assignedBreakoutRoomClosed is shown"},
	DoShowJoined:             {"notify(breakoutRoomJoined)", "breakoutRoomJoined is shown"},
	DoShowJoinedAgain:        {"notify(breakoutRoomJoined, again)", "breakoutRoomJoined is shown for the new room, even though it was active (C1)"},
	DoShowClosingSoon:        {"notify(breakoutRoomClosingSoon)", "breakoutRoomClosingSoon is shown"},
	DoWithdrawPrompts:        {"dismiss(prompts)", "the Opened, OpenedPromptJoin, Changed and ChangedPromptJoin notifications are withdrawn"},
	DoWithdrawChangedPrompts: {"dismiss(changed)", "the Changed and ChangedPromptJoin notifications are withdrawn"},
	DoWithdrawRoomNotes:      {"dismiss(room)", "the Joined and ClosingSoon notifications are withdrawn"},
	DoWithdrawClosed:         {"dismiss(assignedBreakoutRoomClosed)", "assignedBreakoutRoomClosed is withdrawn"},
	DoWithdrawAll:            {"dismiss(all)", "every notification is withdrawn"},

	DoReportJoinFailed:            {"report 46254", "the failure is reported: 46254 (joining the breakout room failed)"},
	DoReportHoldFailed:            {"report 46255", "the failure is reported: 46255 (the main call could not be held)"},
	DoReportResumeFailed:          {"report 46257", "the failure is reported: 46257 (the main call could not be resumed)"},
	DoReportResumeFailedForReturn: {"report 46257 (as 46261)", "the failure is reported: 46257, re-thrown as 46261 because a return issued the resume (§5)"},
	DoReportRejoinFailed:          {"report 46261", "the failure is reported: 46261 (the main meeting could not be rejoined)"},
	DoReportHangUpFailed:          {"report 46263", "the failure is reported: 46263 (the breakout call could not be hung up)"},
	DoReportMainHangUpFailed:      {"report mainHangUpFailed", "the failure is reported: mainHangUpFailed (R9a)"},

	DoRefuseNoAssignment:   {"refuse 46260", "refused: no breakout room is assigned"},
	DoRefuseRoomClosed:     {"refuse 46256", "refused: the assigned room is not open"},
	DoRefuseAlreadyInRoom:  {"refuse alreadyInRoom", "refused: the participant is already joining or in that room"},
	DoRefuseReturnDisabled: {"refuse returnDisabled", "refused: the settings do not allow a return to the main meeting"},
	DoRefuseAlreadyInMain:  {"refuse 46262 (as 46261)", "refused: already in the main meeting with nothing to redo"},
	DoRefuseMainGone:       {"refuse 46257", "refused: the main call was hung up or is being rejoined; call returnToMainMeeting instead"},
	DoRefuseUnexpected:     {"refuse unexpectedInput", "refused: the state cannot take this input"},
	DoRefuseCallBound:      {"refuse unexpectedInput (call bound)", "refused: 8 breakout calls are still up after a failed hang-up (C8)"},
	DoRefuseMainBound:      {"refuse unexpectedInput (main bound)", "refused: 250 effects of one kind on the main call are in flight"},
}

// String is the primitive's name, as the table prints it.
func (p Primitive) String() string {
	if p == PrimitiveInvalid || p >= primitiveEnd {
		return fmt.Sprintf("Primitive(%d)", uint8(p))
	}
	return primitiveDecls[p].name
}

// Describe says what the primitive does.
func (p Primitive) Describe() string {
	if p == PrimitiveInvalid || p >= primitiveEnd {
		return "invalid"
	}
	return primitiveDecls[p].doc
}

// AllPrimitives lists every valid primitive.
func AllPrimitives() []Primitive { return enumAll[Primitive](uint8(primitiveEnd)) }

// IsRefusal reports whether the primitive refuses the input.
func (p Primitive) IsRefusal() bool { return p >= DoRefuseNoAssignment && p < primitiveEnd }

// IsReport reports whether the primitive reports a failure.
func (p Primitive) IsReport() bool { return p >= DoReportJoinFailed && p < DoRefuseNoAssignment }

// touchesRare reports whether the primitive reads or writes the rare facts:
// the breakout calls, the settings kept for a re-assigned join, a timer
// other than autoMove, the join event's callId, the room list, or the flags
// of the resumes beyond the eighth. A row with such a primitive works on a
// copy of the rare facts even when the machine holds none (Machine.apply);
// the others change only the core facts, which the machine holds itself.
func (p Primitive) touchesRare() bool {
	switch p {
	case DoKeepRoomList, DoRecordCallID,
		DoResumeMain, DoResumeMainForReturn, DoAnswerResume,
		DoJoinAssignedRoom, DoFollowSDKJoin, DoHangUpJoiningCall, DoHangUpStrays, DoHangUpEveryCall,
		DoCallConnected, DoCurrentBecomesPrevious, DoJoinAnsweredLate, DoCallConnectedLate,
		DoCallJoinFailed, DoCallHungUp, DoCallHangUpFailed, DoForgetDownCalls,
		DoScheduleClosingSoon, DoScheduleRoomEnd,
		DoRecordPendingSettings, DoForgetPendingSettings, DoPendingTakesOver,
		DoScheduleHangUpPrevious:
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
var namedComputations = map[Primitive]string{
	DoHangUpStrays:          "hangUpStrays",
	DoHangUpEveryCall:       "hangUpEveryCall",
	DoForgetDownCalls:       "forgetDownCalls",
	DoRecordSettings:        "resolveSettings",
	DoRecordPendingSettings: "resolveSettings",
}

// errorFor is the error a row whose primitives include p answers with (a
// refusal or a failure report), for a row of the rule; nil for a primitive
// that is neither.
func (p Primitive) errorFor(rule errcodes.Rule) (e *errcodes.Error) {
	switch p {
	case DoRefuseNoAssignment:
		return errcodes.New(errcodes.URLDoesNotExist, rule)
	case DoRefuseRoomClosed:
		return errcodes.New(errcodes.JoinFailedRoomClosed, rule)
	case DoRefuseAlreadyInRoom:
		return errcodes.NewKind(errcodes.AlreadyInRoom, rule, "join refused: the participant is already joining or in that room")
	case DoRefuseReturnDisabled:
		return errcodes.NewKind(errcodes.ReturnDisabled, rule, "return refused: the breakout room's settings do not allow a return to the main meeting (disableReturnToMainMeeting is true or absent)")
	case DoRefuseAlreadyInMain:
		return errcodes.NewWrapped(errcodes.AlreadyInMainMeeting, rule)
	case DoRefuseMainGone:
		return errcodes.New(errcodes.MainMeetingResumeFailed, rule).WithMessage(
			"Not able to resume the main meeting call: it was hung up or is being rejoined as a new call; call returnToMainMeeting() instead.")
	case DoRefuseUnexpected:
		return errcodes.NewKind(errcodes.UnexpectedInput, rule, unexpectedMessage(rule))
	case DoRefuseCallBound:
		return errcodes.NewKind(errcodes.UnexpectedInput, rule, "join refused: 8 breakout calls are still up after a failed hang-up (the most this engine tracks); hang them up first")
	case DoRefuseMainBound:
		return errcodes.NewKind(errcodes.UnexpectedInput, rule, "join refused: 250 effects of one kind on the main call are in flight (the most this engine tracks); answer them first")
	case DoReportJoinFailed:
		return errcodes.New(errcodes.JoinFailed, rule)
	case DoReportHoldFailed:
		return errcodes.New(errcodes.MainMeetingHoldFailed, rule)
	case DoReportResumeFailed:
		return errcodes.New(errcodes.MainMeetingResumeFailed, rule)
	case DoReportResumeFailedForReturn:
		return errcodes.NewWrapped(errcodes.MainMeetingResumeFailed, rule)
	case DoReportRejoinFailed:
		return errcodes.New(errcodes.ReturnToMainMeetingFailed, rule)
	case DoReportHangUpFailed:
		return errcodes.New(errcodes.HangUpExistingBreakoutFailed, rule)
	case DoReportMainHangUpFailed:
		return errcodes.NewKind(errcodes.MainHangUpFailed, rule, "the main meeting call could not be hung up: it stays held, and a return resumes it instead of rejoining")
	}
	return nil
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

// do carries out one primitive of an accepted row. Every case is
// straight-line: what varies with the facts is the table's business (its
// guards), or one of the named computations.
func (s *step) do(p Primitive) {
	f := &s.f
	switch p {
	case DoAssign:
		f.room = s.in.Room
	case DoForgetEarlyReturn:
		f.returnedEarly = false
	case DoMarkEarlyReturn:
		f.returnedEarly = true
	case DoKeepRoomList:
		f.rooms, f.hasRoomList = s.in.Rooms, s.in.RoomsDefined
	case DoRecordCallID:
		f.callID = s.in.CallID

	case DoScheduleAutoMove:
		s.schedule(TimerAutoMove, s.now.add(s.config().AutoMoveDelay))
	case DoCancelAutoMove:
		s.cancel(TimerAutoMove)
		f.autoMoveOnReturn = false
	case DoWaitForArrival:
		f.autoMoveOnReturn = true
	case DoStopWaiting:
		f.autoMoveOnReturn = false

	case DoHoldMain:
		f.main = mainHolding
		f.issued(opHold)
		f.activeHold = true
		s.emit(EffectHoldMain, "")
	case DoMainHeldBySDK, DoMainHeld:
		f.main = mainHeld
	case DoHangUpMain:
		f.main = mainHungUp
		f.issued(opHangUp)
		s.emit(EffectHangUpMain, "")
	case DoResumeMain:
		f.main = mainResuming
		f.pushResume(false)
		s.emit(EffectResumeMain, "")
	case DoResumeMainForReturn:
		f.main = mainResuming
		f.pushResume(true)
		s.emit(EffectResumeMain, "")
	case DoRejoinMain:
		f.main = mainRejoining
		f.issued(opRejoin)
		s.emit(EffectRejoinMain, "")
	case DoAnswerHold:
		f.answered(opHold)
	case DoAnswerHangUpMain:
		f.answered(opHangUp)
	case DoAnswerResume:
		f.popResume()
	case DoAnswerRejoin:
		f.answered(opRejoin)
	case DoMainConnected:
		f.main = mainConnected
	case DoMainRejoined:
		f.main = mainConnected
		f.generation++
	case DoMainHungUp:
		f.main = mainHungUp

	case DoJoinAssignedRoom:
		f.trackJoin(f.room.ThreadID)
		s.emit(EffectJoinBreakout, f.room.ThreadID)
	case DoFollowSDKJoin:
		f.trackJoin(f.room.ThreadID)
	case DoHangUpJoiningCall:
		s.hangUp(callWithRole(f.calls.all(), roleJoining))
	case DoHangUpStrays:
		s.hangUpStrays()
	case DoHangUpEveryCall:
		s.hangUpEveryCall()
	case DoCallConnected:
		c := &f.calls.all()[s.outcome]
		c.joinPending, c.connected, c.role = false, true, roleCurrent
	case DoCurrentBecomesPrevious:
		f.calls.all()[callWithRole(f.calls.all(), roleCurrent)].role = rolePrevious
	case DoJoinAnsweredLate:
		f.calls.all()[s.outcome].joinPending = false
	case DoCallConnectedLate:
		c := &f.calls.all()[s.outcome]
		c.joinPending, c.connected = false, true
	case DoCallJoinFailed:
		c := &f.calls.all()[s.outcome]
		c.joinPending, c.up, c.role = false, false, roleLeaving
	case DoCallHungUp:
		c := &f.calls.all()[s.outcome]
		c.hangPending, c.up, c.connected = false, false, false
	case DoCallHangUpFailed:
		f.calls.all()[s.outcome].hangPending = false
	case DoForgetDownCalls:
		f.forgetDownCalls()

	case DoRecordSettings:
		f.settings = resolveSettings(s.in.Settings, s.now)
	case DoClearSettings:
		f.settings = settingsFacts{}
		s.cancel(TimerClosingSoon)
		s.cancel(TimerRoomEnd)
	case DoScheduleClosingSoon:
		s.schedule(TimerClosingSoon, f.settings.end.add(-closingSoonLead))
	case DoCancelClosingSoon:
		s.cancel(TimerClosingSoon)
	case DoScheduleRoomEnd:
		s.schedule(TimerRoomEnd, f.settings.end.add(s.config().RoomEndGrace))
	case DoCancelRoomEnd:
		s.cancel(TimerRoomEnd)
	case DoRecordPendingSettings:
		f.pending = resolveSettings(s.in.Settings, s.now)
	case DoForgetPendingSettings:
		f.pending = settingsFacts{}
	case DoPendingTakesOver:
		f.settings, f.pending = f.pending, settingsFacts{}

	case DoScheduleHangUpPrevious:
		s.schedule(TimerHangUpPrevious, s.now.add(s.config().HangUpDelay))
	case DoCancelAllTimers:
		f.timerSet = 0

	case DoShowOpened:
		s.show(NotifyOpened)
	case DoShowOpenedPromptJoin:
		s.show(NotifyOpenedPromptJoin)
	case DoShowChanged:
		s.show(NotifyChanged)
	case DoShowChangedPromptJoin:
		s.show(NotifyChangedPromptJoin)
	case DoShowClosed:
		s.show(NotifyClosed)
	case DoShowJoined:
		s.show(NotifyJoined)
	case DoShowJoinedAgain:
		s.show(NotifyJoined)
		s.renotified |= 1 << NotifyJoined
	case DoShowClosingSoon:
		s.show(NotifyClosingSoon)
	case DoWithdrawPrompts:
		f.notes &^= 1<<NotifyOpened | 1<<NotifyOpenedPromptJoin | 1<<NotifyChanged | 1<<NotifyChangedPromptJoin
	case DoWithdrawChangedPrompts:
		f.notes &^= 1<<NotifyChanged | 1<<NotifyChangedPromptJoin
	case DoWithdrawRoomNotes:
		f.notes &^= 1<<NotifyJoined | 1<<NotifyClosingSoon
	case DoWithdrawClosed:
		f.notes &^= 1 << NotifyClosed
	case DoWithdrawAll:
		f.notes = 0
	}
	// Reports and refusals set no fact: the row's error is prepared when
	// the table is built.
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
