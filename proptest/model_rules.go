package proptest

import (
	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// take applies one input that is not a tick to the model's working copy. It
// returns the input's error and whether the input is refused; a refused
// input is thrown away with the copy, so the cases may refuse at any point
// before they change something.
func (m *model) take(in lifecycle.Input) (*expectedError, bool) {
	switch in.Kind {
	case lifecycle.InputAssignedRoom:
		m.assignedBreakoutRooms(copyRoom(in.Room))
	case lifecycle.InputSettings:
		m.breakoutRoomsSettings(in.Settings)
	case lifecycle.InputRoomList: // R23: kept for managers, read and ignored for attendees
		if m.cfg.Role == lifecycle.Manager {
			m.rooms, m.roomsDefined = in.Rooms, in.RoomsDefined
		}
	case lifecycle.InputJoinEvent:
		return m.sdkJoined(in.CallID)
	case lifecycle.InputJoin:
		return m.join()
	case lifecycle.InputReturn:
		return m.returnToMainMeeting()
	case lifecycle.InputHangUpBreakout:
		return m.hangUpBreakoutAction()
	case lifecycle.InputResumeMain:
		return m.resumeMainAction()
	case lifecycle.InputLeaveMeeting, lifecycle.InputMeetingEnded:
		m.leave()
	default:
		return m.outcome(in)
	}
	return nil, false
}

// assignedBreakoutRooms is R2–R4a, R8, R12–R14 and R16–R18 for the
// assignment event r (nil: the assignment is removed).
func (m *model) assignedBreakoutRooms(r *lifecycle.Room) {
	switch m.phase {
	case phaseHome, phaseReturning:
		m.assignInMain(r)
	case phaseJoining:
		m.assignWhileJoining(r)
	case phaseRoom:
		m.assignInRoom(r)
	}
}

// assignInMain is an assignment event in the main meeting, or on the way
// back to it (where auto-move waits for the arrival, R18).
func (m *model) assignInMain(r *lifecycle.Room) {
	old := m.room
	switch {
	case r == nil:
		if old == nil {
			return // nothing assigned, nothing removed: the event changes nothing
		}
		// R8: a pending autoMove is cancelled, no Closed is shown; §3 withdraws
		// the prompts; R16: an unassignment clears returnedEarly.
		m.room, m.returnedEarly = nil, false
		m.disarmAutoMove()
		m.withdrawPrompts()

	case old != nil && old.ThreadID == r.ThreadID:
		if sameRoomEvent(old, r) {
			return // R4a: an identical event changes nothing
		}
		switch wasOpen, nowOpen := isOpen(old), isOpen(r); {
		case wasOpen && !nowOpen: // R8: the room closes while assigned
			m.room, m.returnedEarly = r, false
			m.disarmAutoMove()
			m.withdrawPrompts()
		case !wasOpen && !nowOpen: // R4a: only the facts change
			m.room = r
		case !wasOpen && nowOpen: // reopened: R3 or R4 anew; R16: a close then a reopen clears it
			m.room, m.returnedEarly = r, false
			m.openRoomAssigned(r)
		default: // R4a for an open room
			was := old.AutoMove
			m.room = r
			switch {
			case m.returnedEarly: // R4a, R16: while R16 holds only the facts change
			case r.AutoMove && !was: // acts as R3
				m.armAutoMove()
				m.show(lifecycle.NotifyOpened)
			case !r.AutoMove && was:
				m.disarmAutoMove()
				m.show(lifecycle.NotifyOpenedPromptJoin)
			}
		}

	default: // a first assignment, or another room
		m.room, m.returnedEarly = r, false // R16: a different room clears it
		if isOpen(r) {
			m.openRoomAssigned(r)
		} else { // R2; §3: a room that is closed withdraws the prompts
			m.disarmAutoMove()
			m.withdrawPrompts()
		}
	}
}

// openRoomAssigned is R3 (auto-move) or R4 (prompt to join) for an open room.
// The old room's prompts stay unless §3 withdraws them (decision 7).
func (m *model) openRoomAssigned(r *lifecycle.Room) {
	if r.AutoMove {
		m.armAutoMove()
		m.show(lifecycle.NotifyOpened)
		return
	}
	m.disarmAutoMove() // R4: nothing moves until the user calls join
	m.show(lifecycle.NotifyOpenedPromptJoin)
}

// assignWhileJoining is R8 (and R4a) while joining from the main meeting.
func (m *model) assignWhileJoining(r *lifecycle.Room) {
	switch {
	case r != nil && r.ThreadID == m.room.ThreadID && isOpen(r):
		m.room = r // R4a: while joining only the facts change
	case r != nil && r.ThreadID != m.room.ThreadID:
		// R8: re-assigned while joining: undo the join, then R2, R3 or R4.
		m.undoJoin(false)
		m.phase = phaseHome
		m.room, m.returnedEarly = r, false
		if isOpen(r) {
			m.openRoomAssigned(r)
		} else {
			m.withdrawPrompts()
		}
	default:
		// R8: the room closes, or the assignment is removed: the join is
		// undone at once, position assigned or main.
		m.undoJoin(false)
		m.phase = phaseHome
		m.room, m.returnedEarly = r, false
		m.withdrawPrompts()
	}
}

// assignInRoom is R12–R14 (and R4a, R16) while in a room.
func (m *model) assignInRoom(r *lifecycle.Room) {
	current := m.CurrentThread()
	switch {
	case r == nil: // R12: the assignment is removed
		m.giveUpNewJoin()
		m.returnFromRoom(true, true)
		m.room, m.returnedEarly = nil, false
		m.withdrawPrompts()

	case r.ThreadID == m.room.ThreadID && isOpen(r): // the assigned room again, open
		was := m.room.AutoMove
		m.room = r
		if r.ThreadID == current || m.callWith(roleJoining) != nil {
			return // R4a in the room; R13: the same new room while its join is in flight
		}
		// Decision 8: auto-move toggled for a waiting re-assignment acts as R13 anew.
		switch {
		case r.AutoMove && !was:
			m.schedule(lifecycle.TimerAutoMove, m.now.Add(m.cfg.AutoMoveDelay))
			m.show(lifecycle.NotifyChanged)
		case !r.AutoMove && was:
			m.cancel(lifecycle.TimerAutoMove)
			m.show(lifecycle.NotifyChangedPromptJoin)
		}

	case r.ThreadID == current && isOpen(r):
		// R13: re-assigned back to the room the participant is in: the new
		// join is given up; §3 withdraws Changed and ChangedPromptJoin.
		m.giveUpNewJoin()
		m.room, m.returnedEarly = r, false
		m.cancel(lifecycle.TimerAutoMove)
		m.withdraw(lifecycle.NotifyChanged, lifecycle.NotifyChangedPromptJoin)

	case isOpen(r): // R13: re-assigned to another open room
		m.giveUpNewJoin()
		m.room, m.returnedEarly = r, false
		if r.AutoMove {
			m.schedule(lifecycle.TimerAutoMove, m.now.Add(m.cfg.AutoMoveDelay))
			m.show(lifecycle.NotifyChanged)
		} else {
			m.cancel(lifecycle.TimerAutoMove)
			m.show(lifecycle.NotifyChangedPromptJoin)
		}

	default: // a closed room: the room closes (R12) or a re-assignment to a closed room (R14)
		m.giveUpNewJoin()
		m.returnFromRoom(true, true)
		m.room, m.returnedEarly = r, false
		m.withdrawPrompts()
	}
}

// giveUpNewJoin gives up a re-assigned join in flight (R13); its settings go.
func (m *model) giveUpNewJoin() {
	m.hangUp(m.callWith(roleJoining))
	m.nextSettings = breakoutSettings{}
}

// returnFromRoom starts a return from a breakout room: the room's call is
// hung up and, unless the manual recipe (R15) is used, the main call is
// brought back (R12, R14, R15). closed says R12 or R14 returns the
// participant (the Closed notice is shown).
//
// C4: every other breakout call still up is hung up too, oldest first. R18,
// C2: a main call that is connected (its hold failed) has nothing to bring
// back, so the participant is back in the main meeting at once.
func (m *model) returnFromRoom(bringBack, closed bool) {
	m.giveUpNewJoin()
	m.hangUp(m.callWith(roleCurrent))
	m.hangUpStrays()
	if bringBack {
		m.bringMainBack()
	}
	m.dropSettings()
	m.disarmAutoMove()
	m.withdrawRoomNotices()
	if closed {
		m.show(lifecycle.NotifyClosed)
	}
	m.phase = phaseReturning
	m.arriveIfConnected()
}

// undoJoin gives up a join from the main meeting (R8, R16): the call being
// joined is hung up, the main call resumed if it is on hold, the call's
// settings dropped; §3 withdraws Joined and ClosingSoon.
//
// A return (R16, byReturn) hangs up every other breakout call still up too,
// oldest first (C4).
func (m *model) undoJoin(byReturn bool) {
	m.hangUp(m.callWith(roleJoining))
	if byReturn {
		m.hangUpStrays()
	}
	if m.main.onHold() {
		m.resumeMain(byReturn)
	}
	m.dropSettings()
	m.withdrawRoomNotices()
}

// breakoutRoomsSettings is R11 (and R13's settings of the new call).
func (m *model) breakoutRoomsSettings(s *lifecycle.Settings) {
	switch m.phase {
	case phaseJoining:
		m.record(&m.settings, s, true)
	case phaseRoom:
		if m.callWith(roleJoining) != nil { // R13: kept for the new call, no timer until it connects
			m.record(&m.nextSettings, s, false)
			return
		}
		m.record(&m.settings, s, true)
	}
	// Elsewhere they are read (R24 applied) and ignored.
}

// mainBound reports whether the effects of one kind on the main call in
// flight reach the project's bound (maxMainInFlight): a join from the main
// meeting, or the SDK's, is then refused.
func (m *model) mainBound() bool {
	return max(len(m.holds), m.hangUps, len(m.resumes), m.rejoins) >= maxMainInFlight
}

// sdkJoined is R10: the SDK's own join event.
func (m *model) sdkJoined(id string) (*expectedError, bool) {
	switch m.phase {
	case phaseHome, phaseReturning:
		if !isOpen(m.room) {
			return kindError(errcodes.UnexpectedInput, rule.R10), true
		}
		if _, ok := m.startCall(m.room.ThreadID); !ok {
			return kindError(errcodes.UnexpectedInput, rule.R5), true
		}
		if m.mainBound() {
			m.calls = m.calls[:len(m.calls)-1]
			m.seq--
			return kindError(errcodes.UnexpectedInput, rule.R5), true
		}
		// The SDK holds and joins by itself: no call effects, and the main
		// call counts as held at once.
		m.main = mainHeld
		m.callID = id
		m.disarmAutoMove()
		m.dropSettings()
		m.withdrawPrompts()
		m.phase = phaseJoining
	case phaseJoining:
		m.callID = id
	case phaseRoom:
		if m.room.ThreadID != m.CurrentThread() && m.callWith(roleJoining) == nil {
			// Decision 11: followed into the re-assigned join, without call effects.
			if _, ok := m.startCall(m.room.ThreadID); !ok {
				return kindError(errcodes.UnexpectedInput, rule.R5), true
			}
			m.callID = id
			m.nextSettings = breakoutSettings{}
			m.cancel(lifecycle.TimerAutoMove)
			m.withdrawPrompts()
			return nil, false
		}
		m.callID = id // in the room it is in, or its join in flight: only the id
	}
	return nil, false
}

// join is R5 (and R13's join of a re-assigned room).
func (m *model) join() (*expectedError, bool) {
	switch m.phase {
	case phaseHome, phaseReturning:
		switch {
		case m.room == nil:
			return sdkError(errcodes.URLDoesNotExist, rule.R5), true
		case !isOpen(m.room):
			return sdkError(errcodes.JoinFailedRoomClosed, rule.R5), true
		case m.phase == phaseReturning:
			return kindError(errcodes.UnexpectedInput, rule.R5), true
		}
		return m.joinFromMain()
	case phaseJoining:
		return kindError(errcodes.AlreadyInRoom, rule.R5), true
	case phaseRoom:
		if m.room.ThreadID == m.CurrentThread() || m.callWith(roleJoining) != nil {
			return kindError(errcodes.AlreadyInRoom, rule.R5), true
		}
		return m.joinReassignedRoom()
	}
	return nil, false
}

// joinFromMain is R3's move and R5's join: hold the main call (unless it is
// already on hold), join the room; a pending autoMove is cancelled.
func (m *model) joinFromMain() (*expectedError, bool) {
	c, ok := m.startCall(m.room.ThreadID)
	if !ok {
		return kindError(errcodes.UnexpectedInput, rule.R5), true // C8
	}
	if m.mainBound() {
		// The project's bound on the main call's effects in flight
		// (docs/ARCHITECTURE.md, decision 22): undo the call just started.
		m.calls = m.calls[:len(m.calls)-1]
		m.seq--
		return kindError(errcodes.UnexpectedInput, rule.R5), true
	}
	if m.main == mainHolding && len(m.holds) > 0 {
		// Decision 17: a join that finds a hold already on its way (R5: no
		// second holdMain) relies on it; that hold's failure abandons it.
		m.holds[len(m.holds)-1] = c.id
	}
	m.holdMain(c)
	m.visitJoin = c.id
	m.emit(lifecycle.EffectJoinBreakout, c.thread)
	m.disarmAutoMove()
	m.dropSettings() // settings are cleared when a join from the main meeting starts
	m.withdrawPrompts()
	m.phase = phaseJoining
	return nil, false
}

// joinReassignedRoom is R13's join of the new room: no holdMain, the main
// call is already held or hung up.
func (m *model) joinReassignedRoom() (*expectedError, bool) {
	c, ok := m.startCall(m.room.ThreadID)
	if !ok {
		return kindError(errcodes.UnexpectedInput, rule.R5), true // C8
	}
	m.emit(lifecycle.EffectJoinBreakout, c.thread)
	m.nextSettings = breakoutSettings{}
	m.cancel(lifecycle.TimerAutoMove)
	m.withdrawPrompts()
	return nil, false
}

// returnToMainMeeting is R15–R17 and R19.
func (m *model) returnToMainMeeting() (*expectedError, bool) {
	switch m.phase {
	case phaseHome:
		// R17 and decision 4: re-issue what is left to redo; accept with no
		// effects when something is only in flight; otherwise 46262.
		switch {
		case len(m.strays()) > 0 || m.main.onHold() || m.main == mainHungUp:
			m.hangUpStrays()
			m.redoMain()
		case m.somethingInFlight():
		default:
			e := sdkError(errcodes.AlreadyInMainMeeting, rule.R17)
			e.Wrapped = true
			return e, true
		}
	case phaseJoining:
		// R16: gives up the join (as R8) and counts as an early return.
		m.undoJoin(true)
		m.returnedEarly = isOpen(m.room)
		m.phase = phaseHome
	case phaseRoom:
		if !m.settings.returnAllowed() {
			return kindError(errcodes.ReturnDisabled, rule.R15), true
		}
		m.returnFromRoom(true, false) // decision 2: a re-assigned join in flight is given up first
		m.returnedEarly = isOpen(m.room)
	case phaseReturning:
		// R19: a retry re-issues what is still missing, no guard.
		m.hangUpStrays()
		m.redoMain()
	}
	return nil, false
}

// somethingInFlight is R17's "a hang-up or resume still in flight": what a
// return issues, a breakout call's hang-up, a resume or a rejoin. R9's
// hangUpMain of the old main call is not part of a return: once the main
// call is back (rejoined as a new call) it leaves nothing to wait for.
func (m *model) somethingInFlight() bool {
	if len(m.resumes) > 0 || m.rejoins > 0 {
		return true
	}
	for _, c := range m.calls {
		if c.hang != 0 {
			return true
		}
	}
	return false
}

// hangUpBreakoutAction is the action hangUpBreakout (R13, R15, R19, R20).
func (m *model) hangUpBreakoutAction() (*expectedError, bool) {
	if len(m.strays()) > 0 { // R13: only those calls, without the guard
		m.hangUpStrays()
		return nil, false
	}
	switch m.phase {
	case phaseHome, phaseReturning:
		if !m.anyCallUp() { // R20
			return kindError(errcodes.UnexpectedInput, rule.R20), true
		}
		// Decision 16: only hang-ups in flight: accepted with no effects.
	case phaseJoining:
		// R15: gives up the join (no guard), an early return, position
		// returning until the main call is resumed.
		m.hangUp(m.callWith(roleJoining))
		m.dropSettings()
		m.withdrawRoomNotices()
		m.returnedEarly = isOpen(m.room)
		m.phase = phaseReturning
	case phaseRoom:
		if !m.settings.returnAllowed() {
			return kindError(errcodes.ReturnDisabled, rule.R15), true
		}
		m.returnFromRoom(false, false) // the manual recipe (R15): hang up first, resume later
		m.returnedEarly = isOpen(m.room)
	}
	return nil, false
}

// resumeMainAction is the manual recipe's resumeMain (R15), checked in decision 5's
// order.
func (m *model) resumeMainAction() (*expectedError, bool) {
	switch {
	case m.main == mainHungUp || m.main == mainRejoining:
		return sdkError(errcodes.MainMeetingResumeFailed, rule.R15), true
	case m.phase == phaseRoom && !m.settings.returnAllowed():
		return kindError(errcodes.ReturnDisabled, rule.R15), true
	case m.anyCallUp():
		return kindError(errcodes.UnexpectedInput, rule.R15), true
	case m.main.onHold() && len(m.resumes) == 0:
		// C6: not while a resume is already in flight, even one that an
		// earlier undo issued before the main call was held again.
		m.resumeMain(false) // the manual recipe's resume: §5 does not wrap it
		return nil, false
	}
	return kindError(errcodes.UnexpectedInput, rule.R15), true
}

// leave is R22: hang up every call still up, cancel every timer, withdraw
// every notification; left is terminal.
func (m *model) leave() {
	m.hangUp(m.callWith(roleJoining))
	m.hangUp(m.callWith(roleCurrent))
	m.hangUpStrays()
	if m.main != mainHungUp {
		m.hangUpMain()
	}
	for _, t := range lifecycle.AllTimers() {
		m.cancel(t)
	}
	for _, n := range lifecycle.AllNotifications() {
		m.shown[n] = false
	}
	m.announced = false
	m.nextSettings = breakoutSettings{}
	m.phase = phaseLeft
}

// arrive is R18: the main call is back. Closed is withdrawn; an open
// auto-move assignment that arrived while returning now schedules its move.
func (m *model) arrive() {
	m.phase = phaseHome
	m.withdraw(lifecycle.NotifyClosed)
	if m.announced && isOpen(m.room) && m.room.AutoMove && !m.returnedEarly {
		m.schedule(lifecycle.TimerAutoMove, m.now.Add(m.cfg.AutoMoveDelay))
	}
	m.announced = false
}

// arriveIfConnected completes a return whose main call turns out connected
// with nothing else on its way to it (its hold failed, and the resume or
// rejoin racing it failed too): decision 6 for a failed hold, decision 15
// for the failure taken last, so that returning is never a dead end (R19,
// R21). The failure is still reported.
func (m *model) arriveIfConnected() {
	if m.main == mainConnected && len(m.holds)+len(m.resumes)+m.rejoins == 0 {
		m.arrive()
	}
}

// oldest is the breakout call whose join (or hang-up) is the oldest in
// flight, naming thread when it is given (decision 1).
func (m *model) oldest(thread string, join bool) *modelCall {
	var best *modelCall
	bestSeq := 0
	for _, c := range m.calls {
		if thread != "" && c.thread != thread {
			continue
		}
		seq := c.hang
		if join {
			seq = c.join
		}
		if seq != 0 && (best == nil || seq < bestSeq) {
			best, bestSeq = c, seq
		}
	}
	return best
}

// outcome is the outcome of an effect the host carried out. One with
// nothing of its kind in flight is unexpectedInput (R24); a failure is
// always reported, whatever it changes.
func (m *model) outcome(in lifecycle.Input) (*expectedError, bool) {
	nothing := func() (*expectedError, bool) { return kindError(errcodes.UnexpectedInput, rule.R24), true }
	switch in.Kind {
	case lifecycle.InputHoldMainOK:
		if len(m.holds) == 0 {
			return nothing()
		}
		m.holds = m.holds[1:]
		if m.main == mainHolding {
			m.main = mainHeld
		}

	case lifecycle.InputHoldMainFailed:
		if len(m.holds) == 0 {
			return nothing()
		}
		owner := m.holds[0] // decision 1: the oldest hold in flight
		m.holds = m.holds[1:]
		ours := owner == m.visitJoin && len(m.holds) == 0
		offHold := m.main == mainHolding && len(m.holds) == 0
		if offHold {
			m.main = mainConnected // never held; a newer hold in flight keeps it holding (decision 14)
		}
		// R7: "While joining from the main meeting, holdMain failed: the join
		// is abandoned". Decision 17: only the hold made for this join, or the
		// one it relied on, abandons it, and not while another hold is on its
		// way. (A failure that leaves the main call off hold abandons it by
		// the letter of R7 whoever's hold it was; decision 14 makes both the
		// same.) C2: once the join connected (in a room) the failure is only
		// reported: the main call's facts changed above, nothing else.
		switch {
		case m.phase == phaseJoining && (ours || offHold):
			m.hangUp(m.callWith(roleJoining))
			m.dropSettings()
			m.withdrawRoomNotices()
			m.phase = phaseHome
		case m.phase == phaseReturning:
			m.arriveIfConnected() // decisions 6 and 18
		}
		// Otherwise (in a room, C2; the main meeting) it is only reported.
		return sdkError(errcodes.MainMeetingHoldFailed, rule.R7), false

	case lifecycle.InputJoinBreakoutOK:
		c := m.oldest(in.ThreadID, true)
		if c == nil {
			return nothing()
		}
		c.join = 0
		if c.role != roleJoining {
			return nil, false // R8: a given-up join connected after all; its hang-up is on its way
		}
		if m.phase == phaseJoining {
			m.connectedFromMain(c)
		} else {
			m.connectedNewRoom(c)
		}

	case lifecycle.InputJoinBreakoutFailed:
		c := m.oldest(in.ThreadID, true)
		if c == nil {
			return nothing()
		}
		c.join, c.up = 0, false
		if c.role != roleJoining {
			return sdkError(errcodes.JoinFailed, rule.R6), false // a given-up join: only reported
		}
		c.role = roleGone
		if m.phase == phaseJoining {
			// R6: position assigned, the main call resumed if on hold, no
			// auto-move re-armed.
			if m.main.onHold() {
				m.resumeMain(false)
			}
			m.dropSettings()
			m.withdrawRoomNotices()
			m.phase = phaseHome
			return sdkError(errcodes.JoinFailed, rule.R6), false
		}
		m.nextSettings = breakoutSettings{} // R13: still in the old room; the new call's settings are dropped
		return sdkError(errcodes.JoinFailed, rule.R13), false

	case lifecycle.InputHangUpMainOK:
		if m.hangUps == 0 {
			return nothing()
		}
		m.hangUps--

	case lifecycle.InputHangUpMainFailed:
		if m.hangUps == 0 {
			return nothing()
		}
		m.hangUps--
		// R9a: the call stays held and a return resumes it; after a rejoin
		// was issued the failure is only reported.
		if m.main == mainHungUp {
			m.main = mainHeld
		}
		return kindError(errcodes.MainHangUpFailed, rule.R9a), false

	case lifecycle.InputHangUpBreakoutOK:
		c := m.oldest(in.ThreadID, false)
		if c == nil {
			return nothing()
		}
		c.hang, c.up = 0, false

	case lifecycle.InputHangUpBreakoutFailed:
		c := m.oldest(in.ThreadID, false)
		if c == nil {
			return nothing()
		}
		c.hang = 0 // R20: still up; a retry is allowed
		return sdkError(errcodes.HangUpExistingBreakoutFailed, rule.R20), false

	case lifecycle.InputResumeMainOK:
		if len(m.resumes) == 0 {
			return nothing()
		}
		m.resumes = m.resumes[1:]
		if m.main == mainResuming {
			m.main = mainConnected
		}
		if m.phase == phaseReturning && m.main == mainConnected { // R18, C3
			m.arrive()
		}

	case lifecycle.InputResumeMainFailed:
		if len(m.resumes) == 0 {
			return nothing()
		}
		byReturn := m.resumes[0]
		m.resumes = m.resumes[1:]
		if m.main == mainResuming {
			m.main = mainHeld
		}
		e := sdkError(errcodes.MainMeetingResumeFailed, rule.R19)
		e.Wrapped = byReturn
		if m.phase == phaseReturning {
			m.arriveIfConnected() // decision 15
		}
		return e, false

	case lifecycle.InputRejoinMainOK:
		if m.rejoins == 0 {
			return nothing()
		}
		m.rejoins--
		if m.main == mainRejoining {
			m.main = mainConnected
		}
		if m.phase == phaseReturning && m.main == mainConnected { // R18, C3
			m.arrive()
		}

	case lifecycle.InputRejoinMainFailed:
		if m.rejoins == 0 {
			return nothing()
		}
		m.rejoins--
		if m.main == mainRejoining {
			m.main = mainHungUp
		}
		if m.phase == phaseReturning {
			m.arriveIfConnected() // decision 15
		}
		return sdkError(errcodes.ReturnToMainMeetingFailed, rule.R19), false
	}
	return nil, false
}

// connectedFromMain is R9: in the room. An attendee's main call is hung up
// (it will rejoin as a new call); a manager's stays held.
func (m *model) connectedFromMain(c *modelCall) {
	c.role = roleCurrent
	m.show(lifecycle.NotifyJoined)
	if m.cfg.Role == lifecycle.Attendee && m.main != mainHungUp && m.main != mainRejoining {
		m.hangUpMain()
	}
	m.phase = phaseRoom
}

// connectedNewRoom is R13 once the new call connects: the old room becomes
// the previous one, hung up after hangUpDelay; the new call's settings take
// over (decision 9); the old room is left and the new room's Joined shown.
// The main call is not hung up again (R9a).
func (m *model) connectedNewRoom(c *modelCall) {
	if old := m.callWith(roleCurrent); old != nil {
		old.role = rolePrevious
	}
	c.role = roleCurrent
	m.schedule(lifecycle.TimerHangUpPrevious, m.now.Add(m.cfg.HangUpDelay))
	m.settings, m.nextSettings = m.nextSettings, breakoutSettings{}
	m.withdrawRoomNotices()
	m.showAgain(lifecycle.NotifyJoined) // C1: the new room's, though the target was active
	m.armSettings()
}

// tick fires every timer due at now, earliest first; on a tie autoMove,
// hangUpPrevious, closingSoon, roomEnd. A timer cancelled by an earlier one
// does not fire.
func (m *model) tick() {
	for {
		var next lifecycle.Timer
		for _, t := range lifecycle.AllTimers() {
			p := m.timers[t]
			if p.set && !p.at.After(m.now) && (next == lifecycle.TimerInvalid || p.at.Before(m.timers[next].at)) {
				next = t
			}
		}
		if next == lifecycle.TimerInvalid {
			return
		}
		m.cancel(next)
		m.out.fired[next] = true
		m.out.firedOrder = append(m.out.firedOrder, next)
		m.fire(next)
	}
}

// fire is what one timer does when it falls due.
func (m *model) fire(t lifecycle.Timer) {
	switch t {
	case lifecycle.TimerAutoMove:
		switch m.phase {
		case phaseHome: // R3: position joining, holdMain then joinBreakout
			if isOpen(m.room) {
				if _, refused := m.joinFromMain(); refused { // C8: the move is left undone
					m.out.moveRefused = true
				}
			}
		case phaseRoom: // R13: joinBreakout(new), no holdMain
			if _, refused := m.joinReassignedRoom(); refused {
				m.out.moveRefused = true
			}
		}
	case lifecycle.TimerHangUpPrevious: // R13, C5: every non-current call still up, oldest first
		m.hangUpStrays()
	case lifecycle.TimerClosingSoon: // R11
		m.show(lifecycle.NotifyClosingSoon)
	case lifecycle.TimerRoomEnd:
		switch m.phase {
		case phaseJoining: // R8: the join is undone at once, position assigned
			m.undoJoin(false)
			m.phase = phaseHome
		case phaseRoom: // R12 (R13: the new join is given up first); the assignment stays (decision 10)
			m.returnFromRoom(true, true)
		}
	}
}
