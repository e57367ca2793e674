package meeting

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/internal/inject"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// The tests of CheckLastInput: it must find whatever CheckInvariants finds
// after an input. That rests on two things, each tested here on random
// meetings (organizer operations, participants joining, leaving and coming
// back, their actions and the outcomes of their hosts' calls, lost and
// repeated SDK events, time passing, the end of the meeting):
//
//  1. every change an input makes is marked (touchPerson, touchRoom):
//     every participant and room is fingerprinted before and after each
//     input, and whatever changed must be among the marked;
//  2. the checks run on what is marked and on what reads it find every
//     breach there: after an input, a participant or room the input
//     touched is corrupted in one of many ways, and both checks must report
//     it.
//
// On the valid meetings both checks must also agree that every invariant
// holds.

var (
	drvT0      = time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	drvThreads = []string{"19:a", "19:b", "19:c", "19:d"}
	drvPeople  = []Participant{
		{ID: "8:orgid:boss", Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser},
		{ID: "8:orgid:deputy", Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser},
		{ID: "8:orgid:deputy", Role: lifecycle.Attendee, Kind: lifecycle.IdentifierMicrosoftTeamsUser},
		{ID: "8:acs:ann", Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser},
		{ID: "8:acs:bob", Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser},
		{ID: "8:acs:cy", Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser},
		{ID: "8:acs:dee", Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser},
		{ID: "4:+15550100", Role: lifecycle.Attendee, Kind: lifecycle.IdentifierPhoneNumber},
	}
	drvParticipantInputs = []lifecycle.InputKind{
		lifecycle.InputJoin, lifecycle.InputReturn, lifecycle.InputHangUpBreakout, lifecycle.InputResumeMain,
		lifecycle.InputLeaveMeeting, lifecycle.InputJoinEvent, lifecycle.InputMeetingEnded,
	}
)

// driver gives a meeting random inputs and answers its participants' call
// effects, as their hosts would, with random outcomes. A twin, when there
// is one, is given the same inputs.
type driver struct {
	m, twin  *Meeting
	now      time.Time
	inflight map[string][]lifecycle.Effect
}

func newDriver(t *rapid.T) *driver {
	d := &driver{now: drvT0, inflight: map[string][]lifecycle.Effect{}}
	drop := rapid.SampledFrom([]uint64{0, 10, 40}).Draw(t, "drop")
	seed := rapid.Uint64().Draw(t, "seed")
	setup := rapid.IntRange(0, 3).Draw(t, "setup")
	d.m = newDriven(t, d.now, drop, seed, setup)
	d.now = latest(d.now, d.m.Now())
	return d
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// withTwin gives the driver a twin meeting whose fan-outs visit everyone.
func (d *driver) withTwin(t *rapid.T, drop, seed uint64, setup int) *driver {
	d.m = newDriven(t, d.now, drop, seed, setup)
	d.twin = newDriven(t, d.now, drop, seed, setup)
	d.twin.fanOutAll = true
	d.now = latest(d.now, d.m.Now())
	return d
}

// newDriven is a meeting that loses drop in a hundred SDK events and repeats
// a few (pseudo-randomly from seed, so that twins agree). Unless setup is 0
// it starts with two rooms and people assigned to them; from 2 up, the rooms
// open and everyone is moved in.
func newDriven(t *rapid.T, now time.Time, drop, seed uint64, setup int) *Meeting {
	m, err := New(Config{MaxRooms: 3, MaxParticipants: 6})
	if err != nil {
		t.Fatal(err)
	}
	m.faults = func(string, lifecycle.Input) inject.Fault {
		seed += 0x9e3779b97f4a7c15 // splitmix64
		z := seed
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		switch f := (z ^ z>>31) % 100; {
		case f < drop:
			return inject.Drop
		case f >= 95:
			return inject.Repeat
		}
		return inject.Deliver
	}
	if setup == 0 {
		return m
	}
	boss := drvPeople[0].ID
	m.AddParticipant(drvPeople[0], now)
	for _, th := range drvThreads[:2] {
		m.Apply(CreateRoom(boss, th, "Room "+th), now)
	}
	for i, p := range drvPeople[3:7] {
		m.AddParticipant(p, now)
		m.Apply(Assign(boss, p.ID, drvThreads[i%2]), now)
	}
	if setup >= 2 {
		// Open the rooms and have every host answer every call, until
		// nothing is in flight (the SDK's events may be lost meanwhile).
		inflight := map[string][]lifecycle.Effect{}
		note := func(o Outcome) {
			for _, dl := range o.Deliveries {
				for _, e := range dl.Effects {
					if e.Kind.IsCall() {
						inflight[dl.Participant] = append(inflight[dl.Participant], e)
					}
				}
			}
		}
		note(m.Apply(OpenAllRooms(boss), now))
		now = now.Add(4 * time.Second)
		note(m.Tick(now))
		for busy := true; busy; {
			busy = false
			for _, p := range drvPeople {
				if calls := inflight[p.ID]; len(calls) > 0 {
					inflight[p.ID] = calls[1:]
					note(m.ApplyParticipant(p.ID, outcomeOf(calls[0], true), now))
					busy = true
				}
			}
		}
	}
	if err := m.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
	return m
}

// step gives the meeting one random input and says what it was.
func (d *driver) step(t *rapid.T) string {
	what, give := d.draw(t)
	o := give(d.m)
	if d.twin != nil {
		if got, want := outcomeText(give(d.twin)), outcomeText(o); got != want {
			t.Fatalf("after %s, the fan-out to everyone gives\n%s\nthe fan-out to the readers\n%s", what, got, want)
		}
	}
	for _, dl := range o.Deliveries {
		if dl.Position == lifecycle.PositionLeft {
			delete(d.inflight, dl.Participant)
			continue
		}
		for _, e := range dl.Effects {
			if e.Kind.IsCall() {
				d.inflight[dl.Participant] = append(d.inflight[dl.Participant], e)
			}
		}
	}
	return what
}

// outcomeText writes an outcome out whole.
func outcomeText(o Outcome) string {
	b, err := json.Marshal(o)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// draw draws one input, and says what it is.
func (d *driver) draw(t *rapid.T) (string, func(*Meeting) Outcome) {
	if rapid.IntRange(0, 3).Draw(t, "later") == 0 {
		d.now = d.now.Add(time.Duration(rapid.IntRange(1, 8000).Draw(t, "ms")) * time.Millisecond)
	}
	actor := rapid.SampledFrom([]string{"8:orgid:boss", "8:orgid:boss", "8:orgid:deputy", "8:acs:ann"}).Draw(t, "actor")
	thread := rapid.SampledFrom(drvThreads).Draw(t, "thread")
	who := rapid.SampledFrom(drvPeople).Draw(t, "who")
	on := rapid.Bool().Draw(t, "on")
	var give func(*Meeting) Outcome
	what := ""
	switch k := rapid.IntRange(0, 32).Draw(t, "kind"); k {
	case 29, 30, 31, 32:
		// Someone in a room is re-assigned to another (R13).
		var in []string
		for _, p := range d.m.people {
			if st := p.m.State(); st == lifecycle.StateInRoom || st == lifecycle.StateReassigned || st == lifecycle.StateSwitching {
				in = append(in, p.ID)
			}
		}
		var rooms []string
		for _, r := range d.m.rooms {
			rooms = append(rooms, r.thread)
		}
		if len(in) == 0 || len(rooms) < 2 {
			what = "open all"
			give = func(m *Meeting) Outcome { return m.Apply(OpenAllRooms(actor), d.now) }
			break
		}
		id, to := rapid.SampledFrom(in).Draw(t, "in room"), rapid.SampledFrom(rooms).Draw(t, "to")
		what = "re-assign " + id + " " + to
		give = func(m *Meeting) Outcome { return m.Apply(Assign(actor, id, to), d.now) }
	case 0, 1:
		what = "join " + who.ID
		give = func(m *Meeting) Outcome { return m.AddParticipant(who, d.now) }
	case 2:
		what = "create " + thread
		give = func(m *Meeting) Outcome { return m.Apply(CreateRoom(actor, thread, "Room "+thread), d.now) }
	case 3:
		what = "remove " + thread
		give = func(m *Meeting) Outcome { return m.Apply(RemoveRoom(actor, thread), d.now) }
	case 4:
		what = "open " + thread
		give = func(m *Meeting) Outcome { return m.Apply(OpenRoom(actor, thread), d.now) }
	case 5:
		what = "close " + thread
		give = func(m *Meeting) Outcome { return m.Apply(CloseRoom(actor, thread), d.now) }
	case 6:
		what = "open all"
		give = func(m *Meeting) Outcome { return m.Apply(OpenAllRooms(actor), d.now) }
	case 7:
		what = "close all"
		give = func(m *Meeting) Outcome { return m.Apply(CloseAllRooms(actor), d.now) }
	case 8, 9:
		what = "assign " + who.ID + " " + thread
		give = func(m *Meeting) Outcome { return m.Apply(Assign(actor, who.ID, thread), d.now) }
	case 10:
		what = "unassign " + who.ID
		give = func(m *Meeting) Outcome { return m.Apply(Unassign(actor, who.ID), d.now) }
	case 11:
		limit := time.Duration(rapid.IntRange(0, 20).Draw(t, "limit")) * time.Second
		what = "limit " + limit.String()
		give = func(m *Meeting) Outcome { return m.Apply(SetTimeLimit(actor, limit), d.now) }
	case 12:
		switch rapid.IntRange(0, 3).Draw(t, "setting") {
		case 0:
			what = "auto-move"
			give = func(m *Meeting) Outcome { return m.Apply(SetAutoMove(actor, on), d.now) }
		case 1:
			what = "can return"
			give = func(m *Meeting) Outcome { return m.Apply(SetParticipantsCanReturn(actor, on), d.now) }
		case 2:
			what = "room auto-move " + thread
			give = func(m *Meeting) Outcome { return m.Apply(SetRoomAutoMove(actor, thread, on), d.now) }
		default:
			what = "room can return " + thread
			give = func(m *Meeting) Outcome { return m.Apply(SetRoomParticipantsCanReturn(actor, thread, on), d.now) }
		}
	case 13, 14, 15, 20, 21, 22, 23, 24, 25, 26:
		// A host answers its oldest call effect in flight.
		var busy []string
		for _, p := range drvPeople {
			if len(d.inflight[p.ID]) > 0 && !slices.Contains(busy, p.ID) {
				busy = append(busy, p.ID)
			}
		}
		if len(busy) == 0 {
			what = "open all"
			give = func(m *Meeting) Outcome { return m.Apply(OpenAllRooms(actor), d.now) }
			break
		}
		who.ID = rapid.SampledFrom(busy).Draw(t, "busy")
		calls := d.inflight[who.ID]
		e := calls[0]
		d.inflight[who.ID] = calls[1:]
		in := outcomeOf(e, rapid.IntRange(0, 9).Draw(t, "ok") > 0)
		what = "answer " + who.ID + " " + e.Kind.String()
		give = func(m *Meeting) Outcome { return m.ApplyParticipant(who.ID, in, d.now) }
	case 16:
		k := rapid.SampledFrom(drvParticipantInputs).Draw(t, "input")
		in := lifecycle.Input{Kind: k}
		if k == lifecycle.InputJoinEvent {
			in.CallID = "call-1"
		}
		what = who.ID + " " + k.String()
		give = func(m *Meeting) Outcome { return m.ApplyParticipant(who.ID, in, d.now) }
	case 17, 18, 27, 28:
		if due, ok := d.m.NextDue(); ok && due.After(d.now) {
			d.now = due
		}
		what = "tick"
		give = func(m *Meeting) Outcome { return m.Tick(d.now) }
	default:
		if rapid.IntRange(0, 19).Draw(t, "end") == 0 {
			what = "end"
			give = func(m *Meeting) Outcome { return m.End(d.now) }
		} else {
			what = "tick"
			give = func(m *Meeting) Outcome { return m.Tick(d.now) }
		}
	}
	return what, give
}

func outcomeOf(e lifecycle.Effect, ok bool) lifecycle.Input {
	pick := func(yes, no lifecycle.InputKind) lifecycle.InputKind {
		if ok {
			return yes
		}
		return no
	}
	in := lifecycle.Input{}
	switch e.Kind {
	case lifecycle.EffectHoldMain:
		in.Kind = pick(lifecycle.InputHoldMainOK, lifecycle.InputHoldMainFailed)
	case lifecycle.EffectJoinBreakout:
		in.Kind, in.ThreadID = pick(lifecycle.InputJoinBreakoutOK, lifecycle.InputJoinBreakoutFailed), e.ThreadID
	case lifecycle.EffectHangUpMain:
		in.Kind = pick(lifecycle.InputHangUpMainOK, lifecycle.InputHangUpMainFailed)
	case lifecycle.EffectHangUpBreakout:
		in.Kind, in.ThreadID = pick(lifecycle.InputHangUpBreakoutOK, lifecycle.InputHangUpBreakoutFailed), e.ThreadID
	case lifecycle.EffectResumeMain:
		in.Kind = pick(lifecycle.InputResumeMainOK, lifecycle.InputResumeMainFailed)
	case lifecycle.EffectRejoinMain:
		in.Kind = pick(lifecycle.InputRejoinMainOK, lifecycle.InputRejoinMainFailed)
	}
	return in
}

// fingerprints are every participant (by index) and room (by identity) of a
// meeting, written out whole.
type fingerprints struct {
	people []string
	rooms  map[*room]string
}

func fingerprint(t *rapid.T, m *Meeting) fingerprints {
	f := fingerprints{rooms: map[*room]string{}}
	for _, p := range m.people {
		snap, err := json.Marshal(p.m.Snapshot())
		if err != nil {
			t.Fatal(err)
		}
		f.people = append(f.people, fmt.Sprintf("%p %+v %v %v %q %p %d %q %p %+v %p %s",
			p, p.Participant, p.left, p.stale, p.room, p.sentRoom, p.sentList, p.callRoom, p.callView, p.cur, p.next, snap))
	}
	for _, r := range m.rooms {
		f.rooms[r] = fmt.Sprintf("%q %q %v %v %v %v %v %p %p %v %v %p",
			r.thread, r.name, r.open, r.openedAt, r.end, r.hasEnd, r.members, r.view, r.invitees, r.autoMove, r.canReturn, r.settings)
	}
	return f
}

// reached counts what the random meetings went through, so that a test can
// show its driver reaches the states that matter.
type reached struct{ inRoom, reassigned, away, stale, removedWithMembers, ended int }

func (c *reached) note(m *Meeting, what string, membersBefore map[string]int) {
	for _, p := range m.people {
		if p.m.State() == lifecycle.StateInRoom {
			c.inRoom++
		}
		if st := p.m.State(); st == lifecycle.StateReassigned || st == lifecycle.StateSwitching {
			c.reassigned++
		}
		if p.stale {
			c.stale++
		}
	}
	c.away += len(m.away)
	if m.ended {
		c.ended++
	}
	for thread, n := range membersBefore {
		if n > 0 && !m.hasRoom(thread) {
			c.removedWithMembers++
		}
	}
}

func (c *reached) require(t *testing.T) {
	t.Logf("%+v", *c)
	if c.inRoom == 0 || c.away == 0 || c.stale == 0 || c.removedWithMembers == 0 || c.ended == 0 {
		t.Errorf("the random meetings never reached a state that matters: %+v", *c)
	}
}

func membersOf(m *Meeting) map[string]int {
	out := map[string]int{}
	for _, r := range m.rooms {
		out[r.thread] = len(r.members)
	}
	return out
}

func TestChangesCoverEverythingThatChanged(t *testing.T) {
	var seen reached
	defer seen.require(t)
	rapid.Check(t, func(t *rapid.T) {
		d := newDriver(t)
		touchedPeople, touchedRooms := 0, 0
		for range rapid.IntRange(1, 200).Draw(t, "steps") {
			before, members := fingerprint(t, d.m), membersOf(d.m)
			what := d.step(t)
			seen.note(d.m, what, members)
			after := fingerprint(t, d.m)

			marked := map[int]bool{}
			for _, e := range d.m.changes.people {
				marked[int(e&touchIndex)] = true
			}
			for i, fp := range after.people {
				if i >= len(before.people) || before.people[i] != fp {
					if !marked[i] {
						t.Fatalf("after %s: participant %q changed unmarked:\n%s\n%s", what, d.m.people[i].ID, at(before.people, i), fp)
					}
				}
			}
			for r, fp := range before.rooms {
				if after.rooms[r] != fp && !r.touched {
					t.Fatalf("after %s: room %s changed or went unmarked:\n%s\n%s", what, r.thread, fp, after.rooms[r])
				}
			}
			for r := range after.rooms {
				if _, ok := before.rooms[r]; !ok && !r.touched {
					t.Fatalf("after %s: room %s created unmarked", what, r.thread)
				}
			}
			touchedPeople += len(marked)
			touchedRooms += len(d.m.changes.rooms)

			full, last := d.m.CheckInvariants(), d.m.CheckLastInput()
			if full != nil || last != nil {
				t.Fatalf("after %s: CheckInvariants says %v, CheckLastInput %v", what, full, last)
			}
		}
		t.Logf("participants marked %d, rooms marked %d", touchedPeople, touchedRooms)
	})
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "(none)"
}

// corruption breaks an invariant of something the last input touched, as a
// wrong line in the meeting would; it reports false when it does not apply.
type corruption struct {
	name  string
	apply func(t *rapid.T, m *Meeting, p *participant, r *room) bool
}

var corruptions = []corruption{
	{"participant: left flipped", func(_ *rapid.T, _ *Meeting, p *participant, _ *room) bool {
		if p == nil {
			return false
		}
		p.left = !p.left
		return true
	}},
	{"participant: assigned to a room that does not list it", func(_ *rapid.T, m *Meeting, p *participant, _ *room) bool {
		for _, r := range m.rooms {
			if p != nil && r.thread != p.room {
				p.room = r.thread
				return true
			}
		}
		return false
	}},
	{"participant: unassigned behind its room's back", func(_ *rapid.T, _ *Meeting, p *participant, _ *room) bool {
		if p == nil || p.room == "" {
			return false
		}
		p.room = ""
		return true
	}},
	{"participant: indexed at another place", func(_ *rapid.T, m *Meeting, p *participant, _ *room) bool {
		if p == nil || len(m.people) < 2 {
			return false
		}
		p.index = (p.index + 1) % int32(len(m.people))
		return true
	}},
	{"participant: tracked in a call it is not in", func(_ *rapid.T, _ *Meeting, p *participant, _ *room) bool {
		if p == nil || p.left {
			return false
		}
		p.callRoom = "19:nowhere"
		return true
	}},
	{"room: opened or closed behind its view", func(_ *rapid.T, _ *Meeting, _ *participant, r *room) bool {
		if r == nil {
			return false
		}
		r.open = !r.open
		return true
	}},
	{"room: an invitee dropped", func(t *rapid.T, _ *Meeting, _ *participant, r *room) bool {
		if r == nil || len(r.members) == 0 {
			return false
		}
		r.members = slices.Delete(slices.Clone(r.members), 0, 1)
		return true
	}},
	{"room: an invitee listed twice", func(_ *rapid.T, _ *Meeting, _ *participant, r *room) bool {
		if r == nil || len(r.members) == 0 {
			return false
		}
		r.members = append(slices.Clone(r.members), r.members[len(r.members)-1])
		return true
	}},
	{"room: settings lost", func(_ *rapid.T, _ *Meeting, _ *participant, r *room) bool {
		if r == nil {
			return false
		}
		r.settings = nil
		return true
	}},
	{"room: renamed behind the name index", func(_ *rapid.T, _ *Meeting, _ *participant, r *room) bool {
		if r == nil {
			return false
		}
		r.name += " (renamed)"
		return true
	}},
	{"meeting: participants present miscounted", func(_ *rapid.T, m *Meeting, _ *participant, _ *room) bool {
		m.present++
		return true
	}},
}

// After random inputs, something the last input touched is corrupted: both
// checks must report it. Each corruption is a subtest of its own, so that
// every one is tried however few checks rapid runs (-short, -rapid.checks).
func TestCheckLastInputFindsWhatCheckInvariantsFinds(t *testing.T) {
	for _, c := range corruptions {
		t.Run(c.name, func(t *testing.T) {
			caught := 0
			rapid.Check(t, func(t *rapid.T) {
				if checkCorruptionIsFound(t, c) {
					caught++
				}
			})
			if caught == 0 {
				t.Errorf("corruption %q never applied to what an input touched", c.name)
			}
		})
	}
}

// checkCorruptionIsFound drives a meeting with random inputs, then applies
// the corruption c to something the last input touched and checks that both
// checks report it; false when c applied to nothing within 300 more inputs.
func checkCorruptionIsFound(t *rapid.T, c corruption) bool {
	d := newDriver(t)
	what := "nothing"
	for range rapid.IntRange(0, 100).Draw(t, "steps") {
		what = d.step(t)
	}
	// Go on until the corruption applies to something the last input
	// touched.
	for step := 0; ; step++ {
		if step == 300 {
			return false // the corruption never applied
		}
		what = d.step(t)
		if err := d.m.CheckLastInput(); err != nil {
			t.Fatalf("after %s, before any corruption: %v", what, err)
		}
		var people []*participant
		for _, e := range d.m.changes.people {
			people = append(people, d.m.people[e&touchIndex])
		}
		var rooms []*room
		for _, r := range d.m.changes.rooms {
			if d.m.roomOf(r.thread) == r {
				rooms = append(rooms, r)
			}
		}
		var p *participant
		var r *room
		if len(people) > 0 {
			p = rapid.SampledFrom(people).Draw(t, "participant")
		}
		if len(rooms) > 0 {
			r = rapid.SampledFrom(rooms).Draw(t, "room")
		}
		if c.apply(t, d.m, p, r) {
			break
		}
	}
	full, last := d.m.CheckInvariants(), d.m.CheckLastInput()
	if full == nil || last == nil {
		t.Fatalf("after %s, %s: CheckInvariants says %v, CheckLastInput %v", what, c.name, full, last)
	}
	return true
}

// A fan-out visits only the participants whose events may differ (the
// readers of what changed, and those pending): a twin meeting whose fan-outs
// visit everyone, given the same inputs and the same lost and repeated
// events, gives the same outcome after every input, deliveries and all.
func TestFanOutToReadersDeliversWhatFanOutToEveryoneDoes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		drop := rapid.SampledFrom([]uint64{0, 10, 40}).Draw(t, "drop")
		seed := rapid.Uint64().Draw(t, "seed")
		setup := rapid.IntRange(0, 3).Draw(t, "setup")
		d := (&driver{now: drvT0, inflight: map[string][]lifecycle.Effect{}}).withTwin(t, drop, seed, setup)
		for range rapid.IntRange(1, 200).Draw(t, "steps") {
			d.step(t)
		}
		if a, b := fmt.Sprint(d.m.Participants()), fmt.Sprint(d.twin.Participants()); a != b {
			t.Fatalf("the twins ended apart:\n%s\n%s", a, b)
		}
	})
}
