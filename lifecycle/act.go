package lifecycle

import "github.com/breakoutfsm/breakoutfsm/errcodes"

// act carries out an accepted row's action on the step's facts. An error
// refuses the input after all (the step's facts are then thrown away).
func (s *step) act(a Action) *errcodes.Error {
	f := &s.f
	in := &s.in
	switch a {
	case actNothing:

	case actUpdateFacts:
		s.assign(in.Room)

	case actAssignClosed: // R2; a room that is closed withdraws the prompts.
		s.assign(in.Room)
		f.returnedEarly = false
		s.disarmAutoMove()
		s.withdrawPrompts()

	case actAssignOpenAuto: // R3
		s.assign(in.Room)
		f.returnedEarly = false
		s.armAutoMove()
		s.show(NotifyOpened)

	case actAssignOpenManual: // R4
		s.assign(in.Room)
		f.returnedEarly = false
		s.disarmAutoMove()
		s.show(NotifyOpenedPromptJoin)

	case actAutoMoveOn: // R4a: acts as R3
		s.assign(in.Room)
		s.armAutoMove()
		s.show(NotifyOpened)

	case actAutoMoveOff: // R4a
		s.assign(in.Room)
		s.disarmAutoMove()
		s.show(NotifyOpenedPromptJoin)

	case actUnassign, actCloseAssigned: // R8, R16
		s.assign(in.Room)
		f.returnedEarly = false
		s.disarmAutoMove()
		s.withdrawPrompts()

	case actJoinFromMain: // R3, R5
		s.holdMain()
		i, err := s.newCall(f.room.ThreadID)
		if err != nil {
			return err
		}
		s.emit(EffectJoinBreakout, f.calls.all()[i].thread)
		s.disarmAutoMove()
		s.clearSettings()
		s.withdrawPrompts()

	case actFollowSDKJoin: // R10: the SDK held and joined by itself.
		if _, err := s.newCall(f.room.ThreadID); err != nil {
			return err
		}
		f.main = mainHeld
		f.callID = in.CallID
		s.disarmAutoMove()
		s.clearSettings()
		s.withdrawPrompts()

	case actFollowSDKJoinSwitch: // R10 in a room, R13
		if _, err := s.newCall(f.room.ThreadID); err != nil {
			return err
		}
		f.callID = in.CallID
		f.pending = settingsFacts{}
		s.disarmAutoMove()
		s.withdrawPrompts()

	case actRecordCallID: // R10
		f.callID = in.CallID

	case actJoinedFromMain: // R9
		c := &f.calls.all()[s.outcome]
		c.joinPending, c.connected, c.role = false, true, roleCurrent
		s.show(NotifyJoined)
		if s.cfg.Role == Attendee && f.main != mainHungUp && f.main != mainRejoining {
			f.main = mainHungUp
			f.issued(opHangUp)
			s.emit(EffectHangUpMain, "")
		}

	case actJoinFailedFromMain: // R6
		c := &f.calls.all()[s.outcome]
		c.joinPending, c.up, c.role = false, false, roleLeaving
		s.undoHold(false)
		s.clearSettings()
		s.withdrawRoomNotes()
		s.gc()

	case actAbandonJoin: // R7
		s.holdFailed()
		if i := f.callWithRole(roleJoining); i >= 0 {
			s.hangUp(i)
		}
		s.clearSettings()
		s.withdrawRoomNotes()

	case actUndoJoinUnassigned, actUndoJoinClosed: // R8
		s.undoJoin(false)
		s.assign(in.Room)
		f.returnedEarly = false
		s.withdrawPrompts()

	case actUndoJoinReassigned: // R8, then R2, R3 or R4 for the new room
		s.undoJoin(false)
		s.assign(in.Room)
		f.returnedEarly = false
		switch {
		case in.Room.State != RoomOpen:
			s.withdrawPrompts()
		case in.Room.AutoMove:
			s.armAutoMove()
			s.show(NotifyOpened)
		default:
			s.show(NotifyOpenedPromptJoin)
		}

	case actUndoJoinRoomEnd: // R8
		s.undoJoin(false)

	case actReturnWhileJoining: // R16; a return hangs up every call still up (C4)
		s.undoJoin(true)
		s.voluntaryReturn()

	case actHangUpWhileJoining: // R15
		if i := f.callWithRole(roleJoining); i >= 0 {
			s.hangUp(i)
		}
		s.clearSettings()
		s.withdrawRoomNotes()
		s.voluntaryReturn()

	case actReassign: // R13
		s.giveUpNewJoin()
		s.assign(in.Room)
		f.returnedEarly = false
		if in.Room.AutoMove {
			s.schedule(TimerAutoMove, s.now.add(s.cfg.AutoMoveDelay))
			s.show(NotifyChanged)
		} else {
			s.cancel(TimerAutoMove)
			s.show(NotifyChangedPromptJoin)
		}

	case actReassignUpdate: // R13: the same new room, auto-move switched
		was := f.room.AutoMove
		s.assign(in.Room)
		switch {
		case in.Room.AutoMove && !was:
			s.schedule(TimerAutoMove, s.now.add(s.cfg.AutoMoveDelay))
			s.show(NotifyChanged)
		case !in.Room.AutoMove && was:
			s.cancel(TimerAutoMove)
			s.show(NotifyChangedPromptJoin)
		}

	case actBackToCurrent: // R13: re-assigned back to the room the participant is in
		s.giveUpNewJoin()
		s.assign(in.Room)
		f.returnedEarly = false
		s.cancel(TimerAutoMove)
		s.withdraw(NotifyChanged, NotifyChangedPromptJoin)

	case actJoinNewRoom: // R13: no holdMain, the main call is already held or hung up
		i, err := s.newCall(f.room.ThreadID)
		if err != nil {
			return err
		}
		s.emit(EffectJoinBreakout, f.calls.all()[i].thread)
		f.pending = settingsFacts{}
		s.cancel(TimerAutoMove)
		s.withdrawPrompts()

	case actJoinedNewRoom: // R13: the old room becomes the previous one
		if i := f.callWithRole(roleCurrent); i >= 0 {
			f.calls.all()[i].role = rolePrevious
		}
		c := &f.calls.all()[s.outcome]
		c.joinPending, c.connected, c.role = false, true, roleCurrent
		s.schedule(TimerHangUpPrevious, s.now.add(s.cfg.HangUpDelay))
		f.settings, f.pending = f.pending, settingsFacts{}
		s.withdrawRoomNotes()
		s.renotify(NotifyJoined) // C1: the new room's, though the target was active
		s.armSettings(&f.settings)

	case actJoinFailedNewRoom: // R13: still in the old room
		c := &f.calls.all()[s.outcome]
		c.joinPending, c.up, c.role = false, false, roleLeaving
		f.pending = settingsFacts{}
		s.gc()

	case actHangUpPrevious: // R13, C5: every non-current call still up, oldest first
		s.hangUpStrays()

	case actHangUpStrays: // R13, R19, R20
		s.hangUpStrays()

	case actRecordSettings: // R11
		s.recordSettings(&f.settings, in.Settings, true)

	case actRecordPendingSettings: // R13
		s.recordSettings(&f.pending, in.Settings, false)

	case actIgnoreSettings: // R11: read (R24 applied) and ignored

	case actClosingSoon: // R11
		s.show(NotifyClosingSoon)

	case actKeepRoomList: // R23
		f.rooms, f.hasRoomList = in.Rooms, in.RoomsDefined

	case actReturnClosed, actReturnClosedArrived: // R12, R14: nobody is left in a closed room
		s.leaveRoom(true)
		s.assign(in.Room)
		f.returnedEarly = false
		s.withdrawPrompts()
		s.show(NotifyClosed)

	case actReturnRoomEnd, actReturnRoomEndArrived: // R12: the room's time is up and no close was seen
		s.leaveRoom(true)
		s.show(NotifyClosed)

	case actReturnFromRoom, actReturnFromRoomArrived: // R15
		s.leaveRoom(true)
		s.voluntaryReturn()

	case actLeaveRoomManually, actLeaveRoomManuallyArrived: // R15: the seed's recipe, hang up first
		s.leaveRoom(false)
		s.voluntaryReturn()

	case actResumeManually: // R15: the seed's recipe, then resume
		s.resumeMain(false)

	case actRetryReturn: // R17, R19: re-issue what is still missing
		s.hangUpStrays()
		s.redoMain()

	case actBackInMainResumed: // R18
		s.resumed()
		s.backInMain()

	case actBackInMainRejoined: // R18
		s.rejoined()
		s.backInMain()

	case actHoldOK:
		f.answered(opHold)
		if f.main == mainHolding {
			f.main = mainHeld
		}

	case actHoldFailed: // R7: reported; the main call was never held
		s.holdFailed()

	case actHoldFailedBackInMain: // R7: nothing left to bring back
		s.holdFailed()
		s.backInMain()

	case actGivenUpJoinConnected: // R8: a given-up join connected after all
		c := &f.calls.all()[s.outcome]
		c.joinPending = false
		c.connected = c.up

	case actGivenUpJoinFailed: // R6: reported
		c := &f.calls.all()[s.outcome]
		c.joinPending, c.up = false, false
		s.gc()

	case actHangUpMainOK: // R9
		f.answered(opHangUp)

	case actHangUpMainFailed: // R9a: the call stays held; a return resumes it
		f.answered(opHangUp)
		if f.main == mainHungUp {
			f.main = mainHeld
		}

	case actHangUpBreakoutOK: // R20
		c := &f.calls.all()[s.outcome]
		c.hangPending, c.up, c.connected = false, false, false
		s.gc()

	case actHangUpBreakoutFailed: // R20: still up, a retry is allowed
		f.calls.all()[s.outcome].hangPending = false

	case actResumeOK:
		s.resumed()

	case actResumeFailedBackInMain: // R19: reported; the main call is connected after all
		s.wrapped = f.popResume()
		s.backInMain()

	case actRejoinFailedBackInMain: // R19: reported; the main call is connected after all
		f.answered(opRejoin)
		s.backInMain()

	case actResumeFailed: // R19
		s.wrapped = f.popResume()
		if f.main == mainResuming {
			f.main = mainHeld
		}

	case actRejoinOK:
		s.rejoined()

	case actRejoinFailed: // R19
		f.answered(opRejoin)
		if f.main == mainRejoining {
			f.main = mainHungUp
		}

	case actLeave: // R22: hang up every call still up, cancel every timer
		s.hangUpRole(roleJoining)
		s.hangUpRole(roleCurrent)
		s.hangUpStrays()
		if f.main != mainHungUp {
			f.main = mainHungUp
			f.issued(opHangUp)
			s.emit(EffectHangUpMain, "")
		}
		f.timerSet = 0
		f.notes = 0
		f.autoMoveOnReturn = false
		f.pending = settingsFacts{}

	default:
		return errNoRow
	}
	switch a {
	case actReturnClosedArrived, actReturnRoomEndArrived, actReturnFromRoomArrived, actLeaveRoomManuallyArrived:
		// The main call is connected (its hold failed, C2): the return has
		// nothing to bring back and arrives at once (R18).
		s.backInMain()
	}
	return nil
}

// holdFailed takes a failed hold: the main call is connected again unless
// another hold is still on its way.
func (s *step) holdFailed() {
	s.f.answered(opHold)
	if s.f.main == mainHolding && !s.f.inFlight(opHold) {
		s.f.main = mainConnected
	}
}

func (s *step) resumed() {
	s.f.popResume()
	if s.f.main == mainResuming {
		s.f.main = mainConnected
	}
}

func (s *step) rejoined() {
	s.f.answered(opRejoin)
	if s.f.main == mainRejoining {
		s.f.main = mainConnected
		s.f.generation++
	}
}
