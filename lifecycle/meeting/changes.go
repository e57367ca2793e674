package meeting

import (
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// This file records what each input changes, so that CheckLastInput checks
// the invariants of that and of nothing else, in time proportional to it,
// instead of walking the whole meeting after every input (issue 13).
//
// Every change to the meeting goes through one of the marks below, made
// before the change: touchPerson for a participant (its machine, its
// assignment, what it was last delivered, its presence), touchRoom for a
// room (its members, state, view, settings, or its removal). The invariants
// of an untouched participant read only its own fields, the room it is
// assigned to, the room whose call it is in and the room list, so the
// participants to check are the touched ones, the members of touched rooms,
// those in the call of a touched room while assigned elsewhere (the away
// index), and every manager when the room list changed. A test
// (TestChangesCoverEverythingThatChanged) compares every participant and
// room before and after random inputs and fails if something changed without
// its mark.

// Flags of a touched participant, as it was before the input: they sit in
// the two high bits of its index.
const (
	touchWasPresent  uint32 = 1 << 31
	touchWasAssigned uint32 = 1 << 30
	touchIndex              = touchWasAssigned - 1
)

// changes is what the input being taken changed (between inputs: what the
// last one changed).
type changes struct {
	seq uint64 // the input they belong to
	// people are the participants touched: index and flags as they were
	// before the input, in the order touched; an index may repeat, the first
	// entry holds its state before the input.
	people []uint32
	// rooms are the rooms touched, each once (room.touched; the number of
	// members each had before the input is its membersBefore).
	rooms []*room
	// shifted is the first position in m.rooms whose room moved (a room
	// before it was removed); len(m.rooms) when none moved.
	shifted int
	// What the meeting was before the input.
	present int
	listGen uint64
	ended   bool
}

// begin starts recording the changes of a new input (m.seq is its number).
func (m *Meeting) begin() {
	c := &m.changes
	c.seq = m.seq
	c.people = c.people[:0]
	for _, r := range c.rooms {
		r.touched = false
	}
	clear(c.rooms)
	c.rooms = c.rooms[:0]
	c.shifted = len(m.rooms)
	c.present, c.listGen, c.ended = m.present, m.listGen, m.ended
}

// touchPerson marks a participant about to change.
func (m *Meeting) touchPerson(p *participant) {
	e := uint32(p.index)
	if n := len(m.changes.people); n > 0 && m.changes.people[n-1]&touchIndex == e {
		return // its deliveries come one after another: noted already
	}
	if !p.left {
		e |= touchWasPresent
	}
	if p.room != "" {
		e |= touchWasAssigned
	}
	m.changes.people = append(m.changes.people, e)
}

// touchRoom marks a room about to change.
func (m *Meeting) touchRoom(r *room) {
	if r.touched {
		return
	}
	r.touched, r.membersBefore = true, int32(len(r.members))
	m.changes.rooms = append(m.changes.rooms, r)
}

// syncFields are the fields sync may change without a delivery.
type syncFields struct {
	stale    bool
	sentRoom *lifecycle.Room
	sentList uint64
	callRoom string
	callView *lifecycle.Room
	cur      sent
	next     *sent
}

func (p *participant) syncFields() syncFields {
	return syncFields{p.stale, p.sentRoom, p.sentList, p.callRoom, p.callView, p.cur, p.next}
}

// readers appends to out the participants whose invariants, and whose
// events, may have changed with what the input has changed so far: the
// participants it touched, the members of the rooms it touched, those in the
// call of a touched (or removed) room while assigned elsewhere, and every
// manager when the room list changed. An index may appear twice.
func (m *Meeting) readers(out []int32) []int32 {
	c := &m.changes
	for _, e := range c.people {
		out = append(out, int32(e&touchIndex))
	}
	for _, r := range c.rooms {
		if m.roomOf(r.thread) == r {
			for _, pi := range r.members {
				out = append(out, int32(pi))
			}
		}
	}
	for i, thread := range m.away {
		if r := m.roomOf(thread); r == nil || r.touched {
			out = append(out, i)
		}
	}
	if m.listGen != c.listGen {
		out = append(out, m.managers...)
	}
	return out
}

// settle keeps the indexes derived from what the input changed: the away
// index (participants present in the breakout call of a room they are no
// longer assigned to). It also lets go of the room a past fan-out made in
// the lists that outlive the input, when this input needed far less: a
// meeting holds what its last input changed, not the most any input ever
// did.
func (m *Meeting) settle() {
	m.changes.people = fit(m.changes.people)
	m.changes.rooms = fit(m.changes.rooms)
	m.pending = fit(m.pending)
	for _, e := range m.changes.people {
		i := int32(e & touchIndex)
		p := m.people[i]
		if thread := p.away(); thread != "" {
			if m.away == nil {
				m.away = make(map[int32]string)
			}
			m.away[i] = thread
		} else {
			delete(m.away, i)
		}
	}
}

// away is the room whose breakout call the participant is in while it is
// assigned to another room (or none), or "".
func (p *participant) away() string {
	if p.left || p.callRoom == p.room {
		return ""
	}
	return p.callRoom
}

// dueCache is NextDue's answer, kept up to date by every delivery while it
// can be, so that a host asking after every input does not walk every
// participant.
type dueCache struct {
	at    time.Time
	has   bool // something is due at at
	valid bool // at and has are NextDue's answer
}

// dueChanged takes note that a participant's earliest timer went from
// before (had) to after (has).
func (m *Meeting) dueChanged(before time.Time, had bool, after time.Time, has bool) {
	c := &m.due
	switch {
	case !c.valid:
	case has && (!c.has || after.Before(c.at)):
		c.at, c.has = after, true
	case had && c.has && before.Equal(c.at) && !(has && after.Equal(before)):
		c.valid = false // it was the earliest, and is no longer: look again
	}
}

// fit returns s in an array of about its length when the one it is in is
// much larger.
func fit[E any](s []E) []E {
	if c := cap(s); c > 32 && len(s) < c/4 {
		return append(make([]E, 0, 2*len(s)), s...)
	}
	return s
}
