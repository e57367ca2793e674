package lifecycle

import "fmt"

// CheckInvariants reports the first way the machine's facts do not fit its
// state, or nil. It holds after every input; Restore refuses a snapshot that
// breaks it, and the property tests check it after every step.
func (m *Machine) CheckInvariants() error {
	// bad names the snapshot fields the broken invariant is about.
	bad := func(fields, format string, a ...any) error {
		return fmt.Errorf("%s: %s (state %s)", fields, fmt.Sprintf(format, a...), m.st)
	}
	switch {
	case m.cfgIdx == ownConfig && (m.x == nil || m.x.cfg == nil), m.cfgIdx != ownConfig && int(m.cfgIdx) >= len(sharedConfigs):
		return bad("config", "no config")
	case m.full && m.x == nil:
		return bad("the machine", "rare facts in use but not held")
	case m.full && m.call != 0:
		return bad("calls", "a breakout call held both inline and in the extra part")
	case len(m.slot.thread) > 0 && m.call == 0:
		return bad("calls", "an inline breakout call slot without its call")
	}
	var r rare
	f := m.facts(&r)
	if m.full != f.needsExtra() {
		return bad("the machine", "the extra part in use is %v, but the facts need it is %v", m.full, f.needsExtra())
	}
	has := func(t Timer) bool { return f.timerSet&(1<<t) != 0 }
	note := func(n Notification) bool { return f.notes&(1<<n) != 0 }

	current, joining := -1, -1
	for i := range f.calls.all() {
		c := &f.calls.all()[i]
		switch {
		case c.thread == "":
			return bad("calls[].threadId", "breakout call %d has no threadId", i)
		case !c.up && !c.joinPending && !c.hangPending:
			return bad("calls[].up", "breakout call %s is down with nothing in flight but still tracked", c.thread)
		case c.joinSeq > f.seq || c.hangSeq > f.seq:
			return bad("calls[].joinSeq, seq", "breakout call %s has sequence numbers beyond %d", c.thread, f.seq)
		case c.role == roleCurrent && !c.up, c.role == roleJoining && !c.up:
			return bad("calls[].role, calls[].up", "breakout call %s is %s but not up", c.thread, c.role)
		case c.role == roleCurrent && c.hangPending, c.role == roleJoining && c.hangPending:
			return bad("calls[].role, calls[].hangUpPending", "breakout call %s is %s but being hung up", c.thread, c.role)
		case c.role == rolePrevious && (!c.up || !c.connected || c.joinPending || c.hangPending):
			return bad("calls[].role", "previous breakout call %s is not a connected call left alone", c.thread)
		case c.connected && (!c.up || c.joinPending):
			return bad("calls[].connected", "breakout call %s is connected but down or still being joined", c.thread)
		case c.joinSeq == 0, c.hangPending && c.hangSeq == 0:
			return bad("calls[].joinSeq, calls[].hangUpSeq", "breakout call %s has an effect in flight without its number", c.thread)
		case c.hangSeq != 0 && c.hangSeq <= c.joinSeq:
			return bad("calls[].hangUpSeq", "breakout call %s was hung up before it was joined", c.thread)
		case i > 0 && c.joinSeq <= f.calls.all()[i-1].joinSeq:
			return bad("calls[].joinSeq", "breakout call %s is not in the order of the joins", c.thread)
		}
		for j := range i {
			o := &f.calls.all()[j]
			if c.joinSeq == o.hangSeq || c.hangSeq != 0 && (c.hangSeq == o.joinSeq || c.hangSeq == o.hangSeq) {
				return bad("calls[].joinSeq, calls[].hangUpSeq", "breakout calls %s and %s share an effect number", o.thread, c.thread)
			}
		}
		switch c.role {
		case roleCurrent:
			if current >= 0 {
				return bad("calls[].role", "two current breakout calls")
			}
			current = i
			if !c.connected {
				return bad("calls[].connected", "current breakout call %s is not connected", c.thread)
			}
		case roleJoining:
			if joining >= 0 {
				return bad("calls[].role", "two breakout calls being joined")
			}
			joining = i
			if !c.joinPending {
				return bad("calls[].joinPending", "breakout call %s is being joined with no join in flight", c.thread)
			}
		}
	}
	if f.notes&^uint8((1<<notificationEnd)-2) != 0 {
		return bad("notifications", "unknown notification bits %08b", f.notes)
	}
	if f.timerSet&^uint8((1<<timerEnd)-2) != 0 {
		return bad("timers", "unknown timer bits %08b", f.timerSet)
	}
	joinStates := m.st == StateJoining || m.st == StateInRoom || m.st == StateReassigned || m.st == StateSwitching
	switch {
	case f.seq > maxSeq:
		return bad("seq", "the effect counter %d is beyond %d", f.seq, uint32(maxSeq))
	case max(f.mainInFlight[opHold], f.mainInFlight[opResume], f.mainInFlight[opHangUp], f.mainInFlight[opRejoin]) > maxMainInFlight+1:
		return bad("main.inFlight", "more effects of one kind on the main call in flight than the engine lets be")
	case f.activeHold && !f.inFlight(opHold):
		return bad("main.activeHold, main.inFlight", "a hold for the current join, with no hold in flight")
	case f.activeHold && !joinStates:
		return bad("main.activeHold, state", "a hold for a join, with no join")
	case f.main == mainHolding && joinStates && !f.activeHold:
		// A join relies on the hold on its way (R5): it is the join's hold.
		return bad("main.activeHold", "joining with a hold in flight that is not the join's")
	case f.main == mainHolding && !f.inFlight(opHold),
		f.main == mainResuming && !f.inFlight(opResume),
		f.main == mainRejoining && !f.inFlight(opRejoin):
		return bad("main.state, main.inFlight", "the main call is %s with no such effect in flight", f.main)
	case f.resumeByReturn>>min(f.mainInFlight[opResume], 8) != 0, len(f.moreByReturn) != max(int(f.mainInFlight[opResume])-8, 0):
		return bad("main.resumesByReturn", "flags of resumes that are not in flight")
	case note(NotifyClosingSoon) && !joinStates:
		return bad("notifications", "breakoutRoomClosingSoon active outside a room")
	case f.autoMoveOnReturn && (m.st != StateReturning || f.room == nil || f.room.State != RoomOpen || !f.room.AutoMove ||
		f.returnedEarly || has(TimerAutoMove)):
		return bad("autoMoveOnReturn, returnedEarly, timers, assignment", "an auto-move waiting for the return without an open auto-move assignment on the way back")
	case f.returnedEarly && (f.room == nil || f.room.State != RoomOpen):
		return bad("returnedEarly", "returned early from a room that is not open and assigned")
	case (f.hasRoomList || f.rooms != nil) && m.config().Role != Manager:
		return bad("roomList", "an attendee holding the list of all rooms (R23: it is read and ignored)")
	case f.rooms != nil && !f.hasRoomList:
		return bad("roomList", "rooms in an undefined room list")
	}
	if err := m.checkSettings(&f, has, note); err != nil {
		return bad("settings, timers", "%v", err)
	}
	openAssignment := f.room != nil && f.room.State == RoomOpen
	inRoom := m.st == StateInRoom || m.st == StateReassigned || m.st == StateSwitching
	if note(NotifyJoined) != inRoom {
		return bad("notifications", "breakoutRoomJoined active is %v", note(NotifyJoined))
	}
	if inRoom {
		switch {
		case current < 0:
			return bad("calls", "no current breakout call")
		case !openAssignment:
			return bad("assignment", "in a room without an open assignment")
		case m.config().Role == Manager && f.main != mainHolding && f.main != mainHeld && f.main != mainConnected:
			// connected: its hold failed after the join connected (C2).
			return bad("main.state", "a manager in a room with its main call %s", f.main)
		case f.main == mainConnected && f.inFlight(opHold):
			return bad("main.state, main.inFlight", "in a room with the main call connected and a hold in flight")
		case m.config().Role == Attendee && f.main != mainHungUp && f.main != mainHeld:
			return bad("main.state", "an attendee in a room with its main call %s", f.main)
		case has(TimerAutoMove) && m.st != StateReassigned:
			return bad("timers", "autoMove pending")
		case f.pending.present() && m.st != StateSwitching:
			return bad("pendingSettings", "settings of a join that is not in flight")
		}
	} else {
		switch {
		case current >= 0:
			return bad("calls[].role", "a current breakout call %s outside a room", f.calls.all()[current].thread)
		case f.pending.present():
			return bad("pendingSettings", "settings of a re-assigned join outside a room")
		}
	}
	switch m.st {
	case StateUnavailable:
		if m.gate() == nil || f.room != nil || f.calls.len() > 0 || f.timerSet != 0 || f.notes != 0 {
			return bad("state", "an unavailable machine with facts")
		}
	case StateLeft:
		if f.timerSet != 0 || f.notes != 0 {
			return bad("timers, notifications", "timers or notifications after leaving")
		}
	case StateMain, StateAssigned, StateReturning:
		switch {
		case (m.st == StateMain) == (f.room != nil) && m.st != StateReturning:
			return bad("state, assignment", "position does not match the assignment (assigned %v)", f.room != nil)
		case joining >= 0:
			return bad("calls[].role", "a breakout call %s being joined", f.calls.all()[joining].thread)
		case f.settings.present() || has(TimerClosingSoon) || has(TimerRoomEnd):
			return bad("settings, timers", "breakout settings or their timers in force")
		case has(TimerAutoMove) && (m.st != StateAssigned || !openAssignment || !f.room.AutoMove || f.returnedEarly):
			return bad("timers", "autoMove pending without an open auto-move assignment")
		case m.st == StateReturning && f.main == mainConnected && !f.inFlight(opResume) && !f.inFlight(opRejoin):
			// R18: it would have arrived; neither a hangUpMain nor a hold in
			// flight brings the main call back.
			return bad("main.state, main.inFlight", "returning with the main call connected and no resume or rejoin in flight")
		case m.st == StateReturning && f.main == mainConnected && f.inFlight(opHold):
			// A hold is issued only by a join; once the main call is
			// connected again on the way back, no hold of it is left.
			return bad("main.state, main.inFlight", "returning with the main call connected and a hold in flight")
		case m.st != StateReturning && f.main == mainHolding:
			// Every way into the main meeting leaves the main call resuming
			// or connected; no join is being made there.
			return bad("main.state", "in the main meeting with the main call being held")
		case m.st != StateReturning && (f.main == mainHungUp || f.main == mainRejoining):
			// R18, C3: the position is main or assigned only once the main
			// call is connected; nothing hangs it up there.
			return bad("main.state", "in the main meeting with the main call %s", f.main)
		}
	case StateJoining:
		switch {
		case joining < 0:
			return bad("calls", "no breakout call being joined")
		case !openAssignment || f.calls.all()[joining].thread != f.room.ThreadID:
			return bad("calls[].threadId, assignment", "joining a room that is not the open assigned one")
		case f.main != mainHolding && f.main != mainHeld:
			return bad("main.state", "joining with the main call %s", f.main)
		case has(TimerAutoMove):
			return bad("timers", "autoMove pending")
		}
	case StateInRoom:
		if joining >= 0 || f.calls.all()[current].thread != f.room.ThreadID {
			return bad("calls[].threadId, assignment", "in room %s assigned %s, joining %d", f.calls.all()[current].thread, f.room.ThreadID, joining)
		}
	case StateReassigned:
		if joining >= 0 || f.calls.all()[current].thread == f.room.ThreadID {
			return bad("calls, assignment", "re-assigned to the room it is in, or joining")
		}
	case StateSwitching:
		if joining < 0 || f.calls.all()[joining].thread != f.room.ThreadID || f.calls.all()[current].thread == f.room.ThreadID {
			return bad("calls, assignment", "switching without a join to the assigned room")
		}
	}
	if f.room != nil && (f.room.ThreadID == "" || (f.room.State != RoomOpen && f.room.State != RoomClosed)) {
		return bad("assignment", "an assignment without threadId or state")
	}
	return nil
}

// checkSettings checks the settings in force and their timers (R11): with an
// end time, roomEnd falls due at the end plus the grace and closingSoon 30 s
// before the end, or its notice is already shown; without one, neither timer
// is pending. Settings whose end time is written in the event have that end.
func (m *Machine) checkSettings(f *facts, has func(Timer) bool, note func(Notification) bool) error {
	for _, st := range []*settingsFacts{&f.settings, &f.pending} {
		if err := st.check(); err != nil {
			return err
		}
	}
	if m.st == StateLeft || m.st == StateUnavailable {
		return nil
	}
	st := &f.settings
	if !st.hasEnd {
		if has(TimerClosingSoon) || has(TimerRoomEnd) {
			return fmt.Errorf("closingSoon or roomEnd pending without an end time")
		}
		return nil
	}
	switch soon := st.end.add(-closingSoonLead); {
	case !has(TimerRoomEnd) || f.at(TimerRoomEnd) != st.end.add(m.config().RoomEndGrace):
		return fmt.Errorf("the settings end at %v, but roomEnd is not pending at the end plus the grace", st.end.Time())
	case has(TimerClosingSoon) && f.at(TimerClosingSoon) != soon:
		return fmt.Errorf("the settings end at %v, but closingSoon is pending at %v", st.end.Time(), f.at(TimerClosingSoon).Time())
	case !has(TimerClosingSoon) && !note(NotifyClosingSoon):
		return fmt.Errorf("the settings end at %v, but closingSoon is neither pending nor shown", st.end.Time())
	}
	return nil
}

// check reports settings whose resolved end does not fit the event: an end
// time for settings without one, none for settings with one, or, where the
// event writes the end time itself, another one.
func (s *settingsFacts) check() error {
	if s.value == nil {
		if s.hasEnd || s.end != (instant{}) {
			return fmt.Errorf("an end time without settings")
		}
		return nil
	}
	switch s.value.EndKind {
	case EndTimeString, EndTimeAttempt:
		if !s.hasEnd || s.end != instantOf(s.value.EndAt) {
			return fmt.Errorf("the settings' end time is not the one their roomEndTime gives")
		}
	case EndTimeDelta:
		if !s.hasEnd {
			return fmt.Errorf("settings with a roomEndTime but no end time")
		}
	default:
		if s.hasEnd || s.end != (instant{}) {
			return fmt.Errorf("an end time for settings without a roomEndTime")
		}
	}
	return nil
}
