package meeting

import (
	"fmt"
	"slices"
	"strings"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// CheckInvariants reports the first way the meeting breaks §6 of the rules
// (docs/RULES.md#meeting), or nil. Tests and the simulator call it after
// every step. It checks:
//
//   - limits: at most MaxRooms rooms and MaxParticipants participants
//     present;
//   - invitees equal assignments: each room's invitees are exactly the
//     participants assigned to it, in join order, and every assignment names
//     a room that exists; each participant present holds its assignment
//     exactly as the meeting would send it now, and each manager the room
//     list (R23), while an attendee holds none;
//   - at most one room per participant: a participant is in (has the current
//     breakout call of) at most one room, and it is the one the meeting
//     tracks;
//   - nobody is in a closed room once returns complete: whoever is joining
//     or in a room is joining or in an open one (a participant whose room
//     closed is at worst returning, on its way out);
//   - settings follow the breakout call: a participant joining or in a room
//     holds that room's current settings (while a re-assigned join is in
//     flight, the new room's; the old room's changes wait for it);
//   - no room outlives the main meeting: once it has ended, every room is
//     closed and every participant has left;
//   - every participant machine's own invariants.
//
// It reads every machine's snapshot for those in a room, so it costs more
// than a step; it changes nothing.
func (m *Meeting) CheckInvariants() error {
	if err := m.checkModel(); err != nil {
		return fmt.Errorf("meeting: %w", err)
	}
	for _, p := range m.people {
		if err := m.checkParticipant(p); err != nil {
			return fmt.Errorf("meeting: participant %q: %w", p.ID, err)
		}
	}
	return nil
}

func (m *Meeting) checkModel() error {
	switch {
	case len(m.rooms) > m.cfg.MaxRooms:
		return fmt.Errorf("%d rooms, more than the limit %d", len(m.rooms), m.cfg.MaxRooms)
	case m.present > m.cfg.MaxParticipants:
		return fmt.Errorf("%d participants present, more than the limit %d", m.present, m.cfg.MaxParticipants)
	case len(m.roomAt) != len(m.rooms) || len(m.names) != len(m.rooms):
		return fmt.Errorf("room index holds %d threads and %d names for %d rooms", len(m.roomAt), len(m.names), len(m.rooms))
	case len(m.byID) != len(m.people):
		return fmt.Errorf("participant index holds %d ids for %d participants", len(m.byID), len(m.people))
	case !slices.IsSortedFunc(m.byID, func(a, b int32) int { return strings.Compare(m.people[a].ID, m.people[b].ID) }):
		return fmt.Errorf("participant index is not sorted by id")
	}
	present := 0
	for i, p := range m.people {
		if j, ok := m.indexOf(p.ID); !ok || j != i || int(p.index) != i {
			return fmt.Errorf("participant %q is indexed wrongly", p.ID)
		}
		if p.left != (p.m.Position() == lifecycle.PositionLeft) {
			return fmt.Errorf("participant %q: left is %v at position %s", p.ID, p.left, p.m.Position())
		}
		if !p.left {
			present++
		}
	}
	if present != m.present {
		return fmt.Errorf("%d participants present, counted %d", present, m.present)
	}

	assigned := 0
	for _, p := range m.people {
		if p.room == "" {
			continue
		}
		r := m.roomOf(p.room)
		if r == nil {
			return fmt.Errorf("participant %q is assigned to %s, which does not exist", p.ID, p.room)
		}
		if _, ok := slices.BinarySearch(r.members, int(p.index)); !ok {
			return fmt.Errorf("participant %q is assigned to %s but not among its invitees", p.ID, p.room)
		}
		assigned++
	}
	invited := 0
	for i, r := range m.rooms {
		if m.roomAt[r.thread] != i {
			return fmt.Errorf("room %s is indexed wrongly", r.thread)
		}
		if _, ok := m.names[r.name]; !ok {
			return fmt.Errorf("room %s's name is not indexed", r.thread)
		}
		if !slices.IsSorted(r.members) || len(slices.Compact(slices.Clone(r.members))) != len(r.members) {
			return fmt.Errorf("room %s's invitees are not in join order", r.thread)
		}
		for _, pi := range r.members {
			if m.people[pi].room != r.thread {
				return fmt.Errorf("room %s lists %q as invitee, who is assigned to %q", r.thread, m.people[pi].ID, m.people[pi].room)
			}
		}
		invited += len(r.members)
		if err := m.checkView(r); err != nil {
			return fmt.Errorf("room %s: %w", r.thread, err)
		}
		if m.ended && r.open {
			return fmt.Errorf("room %s outlives the main meeting", r.thread)
		}
	}
	if invited != assigned {
		return fmt.Errorf("%d invitees for %d assignments", invited, assigned)
	}
	if m.listGen > 0 {
		if len(m.list) != len(m.rooms) {
			return fmt.Errorf("the room list has %d rooms, the meeting %d", len(m.list), len(m.rooms))
		}
		for i, r := range m.rooms {
			if !roomEqual(&m.list[i], r.view) {
				return fmt.Errorf("the room list's entry %d is not room %s", i, r.thread)
			}
		}
	}
	if m.ended && m.present > 0 {
		return fmt.Errorf("%d participants present after the main meeting ended", m.present)
	}
	return nil
}

// checkView checks that a room's view and settings are what the meeting
// would send now.
func (m *Meeting) checkView(r *room) error {
	v := r.view
	if v == nil {
		return fmt.Errorf("no view")
	}
	want := m.viewOf(r)
	if !roomEqual(v, want) {
		return fmt.Errorf("the view %+v is not the room %+v", *v, *want)
	}
	s := r.settings
	if s != nil && !r.open {
		// A closed room keeps the settings it had when it closed.
		return nil
	}
	switch {
	case s == nil:
		return fmt.Errorf("no settings")
	case !s.HasDisableReturn || s.DisableReturn == m.canReturn(r):
		return fmt.Errorf("disableReturnToMainMeeting is not the negation of participants can return")
	case r.hasEnd != (r.open && m.settings.TimeLimit > 0):
		return fmt.Errorf("an end time %v with the room open %v and time limit %v", r.hasEnd, r.open, m.settings.TimeLimit)
	case r.hasEnd && (!r.end.Equal(r.openedAt.Add(m.settings.TimeLimit)) || s.EndKind != lifecycle.EndTimeString || !s.EndAt.Equal(r.end)):
		return fmt.Errorf("roomEndTime %q is not the time limit's end %v", s.EndText, r.end)
	case !r.hasEnd && s.EndKind != lifecycle.EndTimeAbsent:
		return fmt.Errorf("a roomEndTime %q with no time limit running", s.EndText)
	}
	return nil
}

func (m *Meeting) checkParticipant(p *participant) error {
	if err := p.m.CheckInvariants(); err != nil {
		return err
	}
	if p.left {
		return nil
	}
	if role := p.m.Config().Role; role != p.Role {
		return fmt.Errorf("machine role %s, participant role %s", role, p.Role)
	}
	if p.stale {
		// An event was lost (SetFaults): the machine is behind the meeting
		// until the next delivery catches it up.
		return nil
	}

	held, ok := p.m.Assignment()
	r := m.roomOf(p.room)
	switch {
	case ok != (r != nil):
		return fmt.Errorf("holds an assignment %v, the meeting assigns %q", ok, p.room)
	case ok && !roomEqual(&held, r.view):
		return fmt.Errorf("holds room %+v, the meeting would send %+v", held, *r.view)
	}
	list, hasList := p.m.RoomList()
	switch {
	case p.Role == lifecycle.Attendee && hasList:
		return fmt.Errorf("an attendee holds the room list (R23)")
	case p.Role == lifecycle.Manager && hasList != (m.listGen > 0):
		return fmt.Errorf("a manager holds a room list %v, the meeting has one %v (R23)", hasList, m.listGen > 0)
	case p.Role == lifecycle.Manager && hasList && !roomsEqual(list, m.list):
		return fmt.Errorf("a manager holds a room list that is not the meeting's (R23)")
	}

	st := p.m.State()
	in := m.roomOf(p.callRoom)
	switch st {
	case lifecycle.StateJoining:
		if !r.open || p.cur != (sent{r.thread, r.settings}) {
			return fmt.Errorf("joining room %s (open %v) without its settings", r.thread, r.open)
		}
	case lifecycle.StateInRoom:
		if p.callRoom != p.room || !r.open || p.cur != (sent{r.thread, r.settings}) {
			return fmt.Errorf("in room %q, assigned %q (open %v), without its settings", p.callRoom, p.room, r.open)
		}
	case lifecycle.StateReassigned, lifecycle.StateSwitching:
		switch {
		case in == nil || !in.open:
			return fmt.Errorf("in room %q, which is closed or gone", p.callRoom)
		case p.callRoom == p.room:
			return fmt.Errorf("%s into the room %q it is in", st, p.room)
		case st == lifecycle.StateReassigned && p.cur != (sent{in.thread, in.settings}):
			return fmt.Errorf("in room %q without its settings", p.callRoom)
		case st == lifecycle.StateSwitching && p.cur.thread != in.thread && p.cur != (sent{}):
			// (No settings at all: those of the room it is in were lost
			// (SetFaults); they cannot be delivered again while it switches.)
			// While the new join is in flight the machine keeps any settings
			// that arrive for the new call, so the old room's changes wait.
			return fmt.Errorf("in room %q with the settings of %q", p.callRoom, p.cur.thread)
		case st == lifecycle.StateSwitching && p.nextSent() != (sent{r.thread, r.settings}):
			return fmt.Errorf("joining room %s without its settings", r.thread)
		}
	default:
		if p.callRoom != "" || p.cur != (sent{}) || p.next != nil {
			return fmt.Errorf("at %s, still tracked in room %q", st, p.callRoom)
		}
	}

	// At most one room: the machine's current breakout call, if any, is the
	// room the meeting tracks.
	if st == lifecycle.StateInRoom || st == lifecycle.StateReassigned || st == lifecycle.StateSwitching {
		thread, ok := p.m.CurrentRoom()
		switch {
		case !ok:
			return fmt.Errorf("in no room at %s", st)
		case thread != p.callRoom:
			return fmt.Errorf("in room %s, tracked in %q", thread, p.callRoom)
		}
	}
	return nil
}

func roomsEqual(a, b []lifecycle.Room) bool {
	return slices.EqualFunc(a, b, func(x, y lifecycle.Room) bool { return roomEqual(&x, &y) })
}

func roomEqual(a, b *lifecycle.Room) bool {
	return a.ThreadID == b.ThreadID && a.DisplayName == b.DisplayName && a.HasDisplayName == b.HasDisplayName &&
		a.State == b.State && a.AutoMove == b.AutoMove && a.HasAutoMove == b.HasAutoMove &&
		a.HasInvitees == b.HasInvitees && slices.Equal(a.Invitees, b.Invitees)
}
