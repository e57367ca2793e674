package meeting

import (
	"fmt"
	"slices"
	"strings"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// CheckInvariants reports the first way the meeting breaks §6 of the rules (docs/RULES.md#meeting),
// or nil. It checks the whole meeting:
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
//   - every participant machine's own invariants;
//   - the meeting's own indexes and caches (ids, rooms, names, managers,
//     the participants away in another room's call, NextDue's answer).
//
// It reads every participant and room, so it costs time proportional to the
// meeting; CheckLastInput checks the same after one input in time
// proportional to what the input changed. It changes nothing.
func (m *Meeting) CheckInvariants() error {
	if err := m.checkModel(); err != nil {
		return fmt.Errorf("meeting: %w", err)
	}
	for _, p := range m.people {
		if err := m.checkPerson(p); err != nil {
			return fmt.Errorf("meeting: participant %q: %w", p.ID, err)
		}
	}
	return nil
}

// CheckLastInput reports the first way the last input broke §6 of the rules (docs/RULES.md#meeting),
// or nil: the checks of CheckInvariants, made on what the input changed and
// on what reads it (the participants it touched; the rooms it touched and
// their members; the participants still in the call of a touched room; every
// manager when the room list changed; the meeting's counts and limits). It
// takes time proportional to that, not to the meeting, and finds every
// breach that CheckInvariants would find, provided the meeting held every
// invariant before the input: call it after every input (the simulator
// does), or call CheckInvariants. Only NextDue's cache is left to
// CheckInvariants, which must visit everyone to check it. It changes nothing
// the meeting shows.
func (m *Meeting) CheckLastInput() error {
	if err := m.checkChanges(); err != nil {
		return fmt.Errorf("meeting: %w", err)
	}
	return nil
}

func (m *Meeting) checkChanges() error {
	c := &m.changes
	if err := m.checkLimits(); err != nil {
		return err
	}

	// The rooms the input touched, and how many invitees it added.
	invited := 0
	for _, r := range c.rooms {
		after := 0
		if i, ok := m.roomAt[r.thread]; ok && m.rooms[i] == r {
			if err := m.checkRoom(i, r); err != nil {
				return err
			}
			if m.listGen > 0 && !roomEqual(&m.list[i], r.view) {
				return fmt.Errorf("the room list's entry %d is not room %s", i, r.thread)
			}
			after = len(r.members)
		} else if m.hasRoom(r.thread) || m.hasName(r.name) {
			return fmt.Errorf("room %s was removed but is still indexed", r.thread)
		}
		invited += after - int(r.membersBefore)
	}
	for i := c.shifted; i < len(m.rooms); i++ {
		if m.roomAt[m.rooms[i].thread] != i {
			return fmt.Errorf("room %s is indexed wrongly", m.rooms[i].thread)
		}
	}
	if m.ended != c.ended {
		for _, r := range m.rooms {
			if r.open {
				return fmt.Errorf("room %s outlives the main meeting", r.thread)
			}
		}
	}
	if m.listGen != c.listGen {
		if err := m.checkList(); err != nil {
			return err
		}
	}

	// The participants it touched: how many it made present and assigned.
	slices.SortStableFunc(c.people, func(a, b uint32) int { return cmpInt(a&touchIndex, b&touchIndex) })
	present, assigned := 0, 0
	for k, e := range c.people {
		i := e & touchIndex
		if k > 0 && c.people[k-1]&touchIndex == i {
			continue // its state before the input is the first entry's
		}
		if int(i) >= len(m.people) {
			return fmt.Errorf("participant %d was touched but does not exist", i)
		}
		p := m.people[i]
		present += b2i(!p.left) - b2i(e&touchWasPresent != 0)
		assigned += b2i(p.room != "") - b2i(e&touchWasAssigned != 0)
		if err := m.checkIDOrder(p); err != nil {
			return err
		}
	}
	if m.present-c.present != present {
		return fmt.Errorf("the input made %d participants present, counted %d", present, m.present-c.present)
	}
	if invited != assigned {
		return fmt.Errorf("the input added %d invitees for %d assignments", invited, assigned)
	}

	// Whoever reads what changed.
	list := indexLists.Get().(*[]int32)
	defer indexLists.Put(list)
	check := m.readers((*list)[:0])
	slices.Sort(check)
	check = slices.Compact(check)
	*list = check[:0]
	for _, i := range check {
		p := m.people[i]
		if err := m.checkPerson(p); err != nil {
			return fmt.Errorf("participant %q: %w", p.ID, err)
		}
	}
	return nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func cmpInt[T int | uint32 | int32](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// checkLimits checks what holds of the meeting as a whole and costs nothing
// to check: the limits and the sizes of the indexes.
func (m *Meeting) checkLimits() error {
	switch {
	case len(m.rooms) > m.cfg.MaxRooms:
		return fmt.Errorf("%d rooms, more than the limit %d", len(m.rooms), m.cfg.MaxRooms)
	case m.present > m.cfg.MaxParticipants:
		return fmt.Errorf("%d participants present, more than the limit %d", m.present, m.cfg.MaxParticipants)
	case len(m.roomAt) != len(m.rooms) || len(m.names) != len(m.rooms):
		return fmt.Errorf("room index holds %d threads and %d names for %d rooms", len(m.roomAt), len(m.names), len(m.rooms))
	case len(m.byID) != len(m.people):
		return fmt.Errorf("participant index holds %d ids for %d participants", len(m.byID), len(m.people))
	case m.listGen > 0 && len(m.list) != len(m.rooms):
		return fmt.Errorf("the room list has %d rooms, the meeting %d", len(m.list), len(m.rooms))
	case m.ended && m.present > 0:
		return fmt.Errorf("%d participants present after the main meeting ended", m.present)
	}
	return nil
}

// checkIDOrder checks that the participant's id sits in order in the id
// index, between its neighbours.
func (m *Meeting) checkIDOrder(p *participant) error {
	k, ok := slices.BinarySearchFunc(m.byID, p.ID, m.compareID)
	switch {
	case !ok || m.byID[k] != p.index:
		return fmt.Errorf("participant %q is indexed wrongly", p.ID)
	case k > 0 && m.people[m.byID[k-1]].ID >= p.ID, k+1 < len(m.byID) && m.people[m.byID[k+1]].ID <= p.ID:
		return fmt.Errorf("participant index is not sorted by id around %q", p.ID)
	}
	return nil
}

func (m *Meeting) checkModel() error {
	if err := m.checkLimits(); err != nil {
		return err
	}
	if !slices.IsSortedFunc(m.byID, func(a, b int32) int { return strings.Compare(m.people[a].ID, m.people[b].ID) }) {
		return fmt.Errorf("participant index is not sorted by id")
	}
	present, assigned, away := 0, 0, 0
	for _, p := range m.people {
		if !p.left {
			present++
		}
		if p.room != "" {
			assigned++
		}
		if p.away() != "" {
			away++
		}
	}
	switch {
	case present != m.present:
		return fmt.Errorf("%d participants present, counted %d", present, m.present)
	case away != len(m.away):
		return fmt.Errorf("%d participants away in another room's call, indexed %d", away, len(m.away))
	}
	managers := 0
	for i, p := range m.people {
		if p.Role != lifecycle.Manager {
			continue
		}
		managers++
		if _, ok := slices.BinarySearch(m.managers, int32(i)); !ok {
			return fmt.Errorf("manager %q is not indexed", p.ID)
		}
	}
	if !slices.IsSorted(m.managers) || len(m.managers) < managers {
		return fmt.Errorf("the manager index holds %d entries for %d managers", len(m.managers), managers)
	}

	invited := 0
	for i, r := range m.rooms {
		if err := m.checkRoom(i, r); err != nil {
			return err
		}
		invited += len(r.members)
	}
	if invited != assigned {
		return fmt.Errorf("%d invitees for %d assignments", invited, assigned)
	}
	if err := m.checkList(); err != nil {
		return err
	}
	if m.due.valid {
		at, has := m.nextDue()
		if has != m.due.has || !at.Equal(m.due.at) {
			return fmt.Errorf("NextDue's cache says %v (%v), the participants %v (%v)", m.due.at, m.due.has, at, has)
		}
	}
	return nil
}

// checkRoom checks one room, the i-th: its place in the indexes, its
// invitees, its view and settings, and that it does not outlive the main
// meeting.
func (m *Meeting) checkRoom(i int, r *room) error {
	if m.roomAt[r.thread] != i {
		return fmt.Errorf("room %s is indexed wrongly", r.thread)
	}
	if _, ok := m.names[r.name]; !ok {
		return fmt.Errorf("room %s's name is not indexed", r.thread)
	}
	for k, pi := range r.members {
		if k > 0 && r.members[k-1] >= pi {
			return fmt.Errorf("room %s's invitees are not in join order", r.thread)
		}
		if pi < 0 || pi >= len(m.people) {
			return fmt.Errorf("room %s lists participant %d, who does not exist", r.thread, pi)
		}
		if m.people[pi].room != r.thread {
			return fmt.Errorf("room %s lists %q as invitee, who is assigned to %q", r.thread, m.people[pi].ID, m.people[pi].room)
		}
	}
	if err := m.checkView(r); err != nil {
		return fmt.Errorf("room %s: %w", r.thread, err)
	}
	if m.ended && r.open {
		return fmt.Errorf("room %s outlives the main meeting", r.thread)
	}
	return nil
}

// checkList checks the room list against the rooms.
func (m *Meeting) checkList() error {
	if m.listGen == 0 {
		return nil
	}
	if len(m.list) != len(m.rooms) {
		return fmt.Errorf("the room list has %d rooms, the meeting %d", len(m.list), len(m.rooms))
	}
	for i, r := range m.rooms {
		if !roomEqual(&m.list[i], r.view) {
			return fmt.Errorf("the room list's entry %d is not room %s", i, r.thread)
		}
	}
	return nil
}

// checkPerson checks one participant: its place in the indexes, its
// assignment among its room's invitees, and what its machine holds.
func (m *Meeting) checkPerson(p *participant) error {
	if j, ok := m.indexOf(p.ID); !ok || j != int(p.index) || m.people[j] != p {
		return fmt.Errorf("is indexed wrongly")
	}
	if p.left != (p.m.Position() == lifecycle.PositionLeft) {
		return fmt.Errorf("left is %v at position %s", p.left, p.m.Position())
	}
	if p.room != "" {
		r := m.roomOf(p.room)
		if r == nil {
			return fmt.Errorf("is assigned to %s, which does not exist", p.room)
		}
		if _, ok := slices.BinarySearch(r.members, int(p.index)); !ok {
			return fmt.Errorf("is assigned to %s but not among its invitees", p.room)
		}
	}
	if thread, ok := m.away[p.index]; thread != p.away() || ok != (thread != "") {
		return fmt.Errorf("is in the call of %q while assigned to %q, indexed as away in %q", p.callRoom, p.room, thread)
	}
	return m.checkParticipant(p)
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
		// An event was lost (internal/inject): the machine is behind the meeting
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
			// (internal/inject); they cannot be delivered again while it switches.)
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
	if sameArray(a, b) {
		return true // the list as delivered: views never change once built
	}
	return slices.EqualFunc(a, b, func(x, y lifecycle.Room) bool { return roomEqual(&x, &y) })
}

func roomEqual(a, b *lifecycle.Room) bool {
	return a.ThreadID == b.ThreadID && a.DisplayName == b.DisplayName && a.HasDisplayName == b.HasDisplayName &&
		a.State == b.State && a.AutoMove == b.AutoMove && a.HasAutoMove == b.HasAutoMove &&
		a.HasInvitees == b.HasInvitees && (sameArray(a.Invitees, b.Invitees) || slices.Equal(a.Invitees, b.Invitees))
}

// sameArray reports whether two slices are the same elements of the same
// array: then they are equal without reading them, which keeps comparing a
// view with the one delivered independent of the room's size.
func sameArray[E any](a, b []E) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
