package meeting

import (
	"slices"
	"time"

	"github.com/breakoutfsm/breakoutfsm/internal/inject"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// This file turns the meeting's model into the SDK events each participant
// receives. It works by difference: the meeting remembers what each
// participant's machine last received (its assignment, the room list, the
// settings of its breakout call) and, after every change, delivers exactly
// what differs, so a change reaches exactly the participants whose events
// change.

// rebuild builds the view of every room that changed, and the room list if
// any room changed.
func (m *Meeting) rebuild() {
	for _, r := range m.rooms {
		if r.view == nil {
			r.view = m.viewOf(r)
			m.listDirty = true
		}
	}
	if !m.listDirty {
		return
	}
	list := make([]lifecycle.Room, len(m.rooms))
	for i, r := range m.rooms {
		list[i] = *r.view
	}
	m.list, m.listDirty = list, false
	m.listGen++
}

// viewOf is the room as the SDK delivers it: threadId, displayName, state,
// autoMoveParticipantToBreakoutRoom and the invitees, in join order.
func (m *Meeting) viewOf(r *room) *lifecycle.Room {
	v := &lifecycle.Room{
		ThreadID: r.thread, DisplayName: r.name, HasDisplayName: true,
		State:    lifecycle.RoomClosed,
		AutoMove: m.autoMove(r), HasAutoMove: true,
		HasInvitees: true,
	}
	if r.open {
		v.State = lifecycle.RoomOpen
	}
	if r.invitees == nil {
		r.invitees = make([]lifecycle.Invitee, len(r.members))
		for i, pi := range r.members {
			r.invitees[i] = m.people[pi].invitee()
		}
	}
	v.Invitees = r.invitees
	return v
}

// fanOut brings every participant present up to date, in join order. It
// visits only those whose events may differ (readers): the participants the
// input touched, the members of the rooms it touched, those in the call of
// a touched room while assigned elsewhere, every manager when the room list
// changed, and those still pending (stale, or whose last visit left
// something undelivered, so that another is needed). A visit to anyone else
// delivers nothing and changes nothing, so the outcome is the one a visit
// to everyone gives (fanOutAll, for tests, does that to show it), in time
// proportional to the change rather than to the meeting.
func (m *Meeting) fanOut(now time.Time) {
	if m.fanOutAll {
		for _, p := range m.people {
			if !p.left {
				m.sync(p, now)
			}
		}
		return
	}
	list := indexLists.Get().(*[]int32)
	defer indexLists.Put(list)
	visit := m.readers((*list)[:0])
	for _, i := range m.pending {
		if p := m.people[i]; p.pending {
			p.pending = false // sync says again whether it is
			visit = append(visit, i)
		}
	}
	m.pending = m.pending[:0]
	slices.Sort(visit)
	visit = slices.Compact(visit)
	// Those visited may all be touched: room for them at once, not by
	// doubling (a meeting keeps this list between inputs).
	m.changes.people = slices.Grow(m.changes.people, len(visit))
	for _, i := range visit {
		if p := m.people[i]; !p.left {
			m.sync(p, now)
		}
	}
	*list = visit[:0]
}

// sync delivers to one participant what differs between the meeting and what
// its machine last received, in this order:
//
//  1. the room the participant is in, closed, if that room closed or was
//     removed while the participant is re-assigned elsewhere (R13's window):
//     see below;
//  2. assignedBreakoutRooms with its room as it is now, or undefined;
//  3. breakoutRooms with every room, to a manager;
//  4. breakoutRoomsSettings of the breakout call it is joining or in.
//
// Step 1: while re-assigned, the SDK tells the participant about its new
// room only, so nothing the SDK sends says that the room it is still in has
// closed (the server would end that breakout call, for which the machine has
// no input). The meeting delivers the old room, closed, which the machine
// takes as the close of the room it is in (R12: it returns), and then step 2
// delivers the new assignment again (R18 re-arms its auto-move on arrival).
func (m *Meeting) sync(p *participant, now time.Time) {
	before, unsettled := p.syncFields(), m.unsettled
	defer func() {
		if p.syncFields() != before {
			m.touchPerson(p)
		}
		// A visit that delivered everything it had to, and had it taken,
		// leaves nothing for the next: only one that did not (or that
		// delivered the room it is in, closed, which it repeats while the
		// machine is still in that room's call) is pending.
		pending := m.unsettled != unsettled || p.stale
		if pending && !p.pending {
			m.pending = append(m.pending, p.index)
		}
		p.pending = pending
	}()
	p.stale = false
	if thread, ok := p.m.CurrentRoom(); ok && thread != p.room {
		if r := m.roomOf(thread); r == nil || !r.open {
			m.unsettled++
			var closed *lifecycle.Room
			switch {
			case r != nil:
				closed = r.view
			case p.callView != nil && p.callView.ThreadID == thread:
				c := *p.callView
				c.State = lifecycle.RoomClosed
				closed = &c
			default: // not reachable: a room is delivered before anyone is in it
				closed = &lifecycle.Room{ThreadID: thread, State: lifecycle.RoomClosed}
			}
			if res, ok := m.deliverEvent(p, lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: closed}, now); ok && !res.Refused {
				p.sentRoom = closed
			}
		}
	}

	var want *lifecycle.Room
	if r := m.roomOf(p.room); r != nil {
		want = r.view
	}
	if want != p.sentRoom {
		if res, ok := m.deliverEvent(p, lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: want}, now); ok && !res.Refused {
			p.sentRoom = want
		}
	}

	if p.Role == lifecycle.Manager && p.sentList != m.listGen {
		in := lifecycle.Input{Kind: lifecycle.InputRoomList, Rooms: m.list, RoomsDefined: true}
		if res, ok := m.deliverEvent(p, in, now); ok && !res.Refused {
			p.sentList = m.listGen
		}
	}

	m.syncSettings(p, now)
}

// syncSettings follows the participant's breakout call and delivers its
// room's settings when the machine holds other ones. Settings arrive on the
// breakout call only, so they reach a participant joining or in a room:
//   - joining from the main meeting, or in its assigned room: that room's;
//   - in a room while re-assigned elsewhere: the room it is in;
//   - joining the re-assigned room (R13): the new room's, which the machine
//     keeps for the new call; the old room's changes wait until the switch
//     succeeds (they are then moot) or fails;
//   - anywhere else: none, and the meeting forgets what was delivered (the
//     machine clears settings when a join from the main meeting or a return
//     starts).
func (m *Meeting) syncSettings(p *participant, now time.Time) {
	// Follow the breakout call the machine is in, whatever it went through
	// during this input.
	if thread, ok := p.m.CurrentRoom(); ok && thread != p.callRoom {
		switch {
		case p.next != nil && p.next.thread == thread: // the re-assigned join connected: its settings took over
			p.cur = *p.next
		case p.callRoom != "":
			// A re-assigned join connected with no settings delivered for
			// it (all lost): the machine's pending settings, none, took
			// over, whatever the previous call had.
			p.cur = sent{}
		}
		p.callRoom, p.callView = thread, p.sentRoom
		if p.sentRoom == nil || p.sentRoom.ThreadID != thread {
			p.callView = nil
			if r := m.roomOf(thread); r != nil {
				p.callView = r.view
			}
		}
	}
	switch st := p.m.State(); st {
	case lifecycle.StateJoining:
		a, _ := p.m.Assignment()
		p.callRoom, p.callView, p.next = "", nil, nil
		m.wantSettings(p, &p.cur, a.ThreadID, now)
	case lifecycle.StateInRoom, lifecycle.StateReassigned:
		p.next = nil
		m.wantSettings(p, &p.cur, p.callRoom, now)
	case lifecycle.StateSwitching:
		a, _ := p.m.Assignment()
		if p.next == nil {
			p.next = new(sent)
		}
		m.wantSettings(p, p.next, a.ThreadID, now)
		if *p.next == (sent{}) {
			p.next = nil
		}
	default:
		p.callRoom, p.callView, p.cur, p.next = "", nil, sent{}, nil
	}
}

func (m *Meeting) wantSettings(p *participant, have *sent, thread string, now time.Time) {
	r := m.roomOf(thread)
	if r == nil || *have == (sent{thread, r.settings}) {
		return
	}
	if res, ok := m.deliverEvent(p, lifecycle.Input{Kind: lifecycle.InputSettings, Settings: r.settings}, now); ok && !res.Refused {
		*have = sent{thread, r.settings}
	}
}

// The fault injector (internal/inject) is installed through Register: it
// is for the simulator and proptest, not part of the API.
func init() {
	inject.Register(func(m *Meeting, f inject.Injector) { m.faults = f })
}

// deliverEvent delivers one of the meeting's SDK events through the fault
// injector. It reports false when the event was lost.
func (m *Meeting) deliverEvent(p *participant, in lifecycle.Input, now time.Time) (lifecycle.Result, bool) {
	fault := inject.Deliver
	if m.faults != nil {
		fault = m.faults(p.ID, in)
	}
	switch fault {
	case inject.Drop:
		m.touchPerson(p)
		p.stale = true
		m.unsettled++
		return lifecycle.Result{}, false
	case inject.Repeat:
		if res := m.deliver(p, in, now); res.Refused {
			m.unsettled++
			return res, true
		}
	}
	res := m.deliver(p, in, now)
	if res.Refused {
		m.unsettled++
	}
	return res, true
}

// deliver applies one input to one participant's machine and records it in
// the outcome being built.
func (m *Meeting) deliver(p *participant, in lifecycle.Input, now time.Time) lifecycle.Result {
	if m.b == nil {
		m.b = builders.Get().(*builder)
	}
	b := m.b
	// The machine writes its effects straight after the outcome's, into
	// the builder: machines keep no buffer of their own.
	m.touchPerson(p)
	wasLeft := p.left
	before, had := p.m.NextDue()
	start := len(b.effs)
	b.effs = slices.Grow(b.effs, effectsPerInput)
	res, err := p.m.ApplyTo(b.effs[start:], &in, now)
	b.effs = append(b.effs, res.Effects...)
	b.out = append(b.out, Delivery{
		Participant: p.ID, Input: in, Position: res.Position(), State: res.State,
		Err: err, Refused: res.Refused,
	})
	b.ends = append(b.ends, len(b.effs))
	if res.State == lifecycle.StateLeft && !p.left {
		p.left = true
		m.present--
	}
	after, has := p.m.NextDue()
	m.dueChanged(before, had && !wasLeft, after, has && !p.left)
	return res
}

// finish returns the outcome built, in memory of its own sized to it, and
// gives the builder back to the pool.
func (m *Meeting) finish() Outcome {
	m.settle()
	o := Outcome{Seq: m.seq}
	b := m.b
	if b == nil {
		return o
	}
	m.b = nil
	if len(b.out) > 0 {
		effs := slices.Clone(b.effs)
		ds := slices.Clone(b.out)
		start := 0
		for i, end := range b.ends {
			if end > start {
				ds[i].Effects = effs[start:end:end]
			}
			start = end
		}
		o.Deliveries = ds
	}
	clear(b.out)
	b.out, b.ends, b.effs = b.out[:0], b.ends[:0], b.effs[:0]
	builders.Put(b)
	return o
}

// effectsPerInput is the room made in the outcome's effect buffer before
// each delivery, so that a machine writes its effects in place; one that
// writes more grows an array of its own, which deliver appends back.
const effectsPerInput = 8
