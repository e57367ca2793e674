package lifecycle

import "fmt"

// CheckInvariants reports the first way the machine's facts do not fit its
// state, or nil. It holds after every input; Restore refuses a snapshot that
// breaks it, and the property tests check it after every step.
func (m *Machine) CheckInvariants() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("state %s: %s", m.st, fmt.Sprintf(format, a...))
	}
	switch {
	case m.cfgIdx == ownConfig && (m.x == nil || m.x.cfg == nil), m.cfgIdx != ownConfig && int(m.cfgIdx) >= len(sharedConfigs):
		return bad("no config")
	case m.full && m.x == nil:
		return bad("rare facts in use but not held")
	case m.full && m.call != 0:
		return bad("a breakout call held both inline and in the extra part")
	case len(m.slot.thread) > 0 && m.call == 0:
		return bad("an inline breakout call slot without its call")
	}
	facts := m.facts()
	f := &facts
	if m.full != f.needsExtra() {
		return bad("the extra part in use is %v, but the facts need it is %v", m.full, f.needsExtra())
	}
	has := func(t Timer) bool { return f.timerSet&(1<<t) != 0 }
	note := func(n Notification) bool { return f.notes&(1<<n) != 0 }

	current, joining := -1, -1
	for i := range f.calls.all() {
		c := &f.calls.all()[i]
		switch {
		case c.thread == "":
			return bad("breakout call %d has no threadId", i)
		case !c.up && !c.joinPending && !c.hangPending:
			return bad("breakout call %s is down with nothing in flight but still tracked", c.thread)
		case c.joinSeq > f.seq || c.hangSeq > f.seq:
			return bad("breakout call %s has sequence numbers beyond %d", c.thread, f.seq)
		case c.role == roleCurrent && !c.up, c.role == roleJoining && !c.up:
			return bad("breakout call %s is %s but not up", c.thread, c.role)
		case c.role == roleCurrent && c.hangPending, c.role == roleJoining && c.hangPending:
			return bad("breakout call %s is %s but being hung up", c.thread, c.role)
		}
		switch c.role {
		case roleCurrent:
			if current >= 0 {
				return bad("two current breakout calls")
			}
			current = i
			if !c.connected {
				return bad("current breakout call %s is not connected", c.thread)
			}
		case roleJoining:
			if joining >= 0 {
				return bad("two breakout calls being joined")
			}
			joining = i
			if !c.joinPending {
				return bad("breakout call %s is being joined with no join in flight", c.thread)
			}
		}
	}
	if f.notes&^uint8((1<<notificationEnd)-2) != 0 {
		return bad("unknown notification bits %08b", f.notes)
	}
	if f.timerSet&^uint8((1<<timerEnd)-2) != 0 {
		return bad("unknown timer bits %08b", f.timerSet)
	}
	if f.activeHold && !f.inFlight(opHold) {
		return bad("a hold for the current join, with no hold in flight")
	}
	openAssignment := f.room != nil && f.room.State == RoomOpen
	inRoom := m.st == StateInRoom || m.st == StateReassigned || m.st == StateSwitching
	if note(NotifyJoined) != inRoom {
		return bad("breakoutRoomJoined active is %v", note(NotifyJoined))
	}
	if inRoom {
		switch {
		case current < 0:
			return bad("no current breakout call")
		case !openAssignment:
			return bad("in a room without an open assignment")
		case m.config().Role == Manager && f.main != mainHolding && f.main != mainHeld && f.main != mainConnected:
			// connected: its hold failed after the join connected (C2).
			return bad("a manager in a room with its main call %s", f.main)
		case f.main == mainConnected && f.inFlight(opHold):
			return bad("in a room with the main call connected and a hold in flight")
		case m.config().Role == Attendee && f.main != mainHungUp && f.main != mainHeld:
			return bad("an attendee in a room with its main call %s", f.main)
		case has(TimerAutoMove) && m.st != StateReassigned:
			return bad("autoMove pending")
		case f.pending.present() && m.st != StateSwitching:
			return bad("settings of a join that is not in flight")
		}
	} else {
		switch {
		case current >= 0:
			return bad("a current breakout call %s outside a room", f.calls.all()[current].thread)
		case f.pending.present():
			return bad("settings of a re-assigned join outside a room")
		}
	}
	switch m.st {
	case StateUnavailable:
		if m.gate() == nil || f.room != nil || f.calls.len() > 0 || f.timerSet != 0 || f.notes != 0 {
			return bad("an unavailable machine with facts")
		}
	case StateLeft:
		if f.timerSet != 0 || f.notes != 0 {
			return bad("timers or notifications after leaving")
		}
	case StateMain, StateAssigned, StateReturning:
		switch {
		case (m.st == StateMain) == (f.room != nil) && m.st != StateReturning:
			return bad("position does not match the assignment (assigned %v)", f.room != nil)
		case joining >= 0:
			return bad("a breakout call %s being joined", f.calls.all()[joining].thread)
		case f.settings.present() || has(TimerClosingSoon) || has(TimerRoomEnd):
			return bad("breakout settings or their timers in force")
		case has(TimerAutoMove) && (m.st != StateAssigned || !openAssignment || !f.room.AutoMove || f.returnedEarly):
			return bad("autoMove pending without an open auto-move assignment")
		case m.st == StateReturning && f.main == mainConnected && f.mainInFlight == [mainOpCount]uint8{}:
			return bad("returning with the main call connected and nothing in flight")
		case m.st != StateReturning && (f.main == mainHungUp || f.main == mainRejoining):
			// R18, C3: the position is main or assigned only once the main
			// call is connected; nothing hangs it up there.
			return bad("in the main meeting with the main call %s", f.main)
		}
	case StateJoining:
		switch {
		case joining < 0:
			return bad("no breakout call being joined")
		case !openAssignment || f.calls.all()[joining].thread != f.room.ThreadID:
			return bad("joining a room that is not the open assigned one")
		case f.main != mainHolding && f.main != mainHeld:
			return bad("joining with the main call %s", f.main)
		case has(TimerAutoMove):
			return bad("autoMove pending")
		}
	case StateInRoom:
		if joining >= 0 || f.calls.all()[current].thread != f.room.ThreadID {
			return bad("in room %s assigned %s, joining %d", f.calls.all()[current].thread, f.room.ThreadID, joining)
		}
	case StateReassigned:
		if joining >= 0 || f.calls.all()[current].thread == f.room.ThreadID {
			return bad("re-assigned to the room it is in, or joining")
		}
	case StateSwitching:
		if joining < 0 || f.calls.all()[joining].thread != f.room.ThreadID || f.calls.all()[current].thread == f.room.ThreadID {
			return bad("switching without a join to the assigned room")
		}
	}
	if f.room != nil && (f.room.ThreadID == "" || (f.room.State != RoomOpen && f.room.State != RoomClosed)) {
		return bad("an assignment without threadId or state")
	}
	return nil
}
