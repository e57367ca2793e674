package meeting_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// model is a naive meeting: rooms, assignments, settings and who is present,
// with none of the fan-out. The property test compares the meeting with it
// after every step ("agrees with a dumb version").
type model struct {
	cfg      meeting.Config
	now      time.Time
	rooms    []modelRoom
	people   []modelPerson
	assign   map[string]string
	settings meeting.Settings
	ended    bool
}

type modelRoom struct {
	thread, name string
	open         bool
	openedAt     time.Time
}

type modelPerson struct {
	id   string
	role lifecycle.Role
	left bool
}

func (md *model) person(id string) *modelPerson {
	for i := range md.people {
		if md.people[i].id == id {
			return &md.people[i]
		}
	}
	return nil
}

func (md *model) room(thread string) int {
	return slices.IndexFunc(md.rooms, func(r modelRoom) bool { return r.thread == thread })
}

func (md *model) present() int {
	n := 0
	for _, p := range md.people {
		if !p.left {
			n++
		}
	}
	return n
}

// refusal is why the meeting must refuse op, or ReasonInvalid.
func (md *model) refusal(op meeting.Op) meeting.Reason {
	actor := md.person(op.Actor)
	switch {
	case md.ended:
		return meeting.MeetingEnded
	case !op.Kind.Valid():
		return meeting.BadOp
	case actor == nil:
		return meeting.UnknownParticipant
	case actor.left:
		return meeting.ActorLeft
	case actor.role != lifecycle.Manager:
		return meeting.NotManager
	}
	switch op.Kind {
	case meeting.OpCreateRoom:
		switch {
		case op.ThreadID == "" || op.DisplayName == "":
			return meeting.BadRoom
		case md.room(op.ThreadID) >= 0 || slices.ContainsFunc(md.rooms, func(r modelRoom) bool { return r.name == op.DisplayName }):
			return meeting.DuplicateRoom
		case len(md.rooms) >= md.cfg.MaxRooms:
			return meeting.RoomLimit
		}
	case meeting.OpRemoveRoom, meeting.OpOpenRoom, meeting.OpCloseRoom, meeting.OpSetRoomAutoMove, meeting.OpSetRoomParticipantsCanReturn:
		if md.room(op.ThreadID) < 0 {
			return meeting.UnknownRoom
		}
	case meeting.OpAssign, meeting.OpUnassign:
		if md.person(op.Participant) == nil {
			return meeting.UnknownParticipant
		}
		if op.Kind == meeting.OpAssign && md.room(op.ThreadID) < 0 {
			return meeting.UnknownRoom
		}
	case meeting.OpSetTimeLimit:
		if op.TimeLimit < 0 {
			return meeting.BadOp
		}
	}
	return meeting.ReasonInvalid
}

func (md *model) apply(op meeting.Op, now time.Time) {
	setOpen := func(i int, open bool) {
		if open && !md.rooms[i].open {
			md.rooms[i].openedAt = now
		}
		md.rooms[i].open = open
	}
	switch op.Kind {
	case meeting.OpCreateRoom:
		md.rooms = append(md.rooms, modelRoom{thread: op.ThreadID, name: op.DisplayName})
	case meeting.OpRemoveRoom:
		for id, th := range md.assign {
			if th == op.ThreadID {
				delete(md.assign, id)
			}
		}
		md.rooms = slices.Delete(md.rooms, md.room(op.ThreadID), md.room(op.ThreadID)+1)
	case meeting.OpOpenRoom, meeting.OpCloseRoom:
		setOpen(md.room(op.ThreadID), op.Kind == meeting.OpOpenRoom)
	case meeting.OpOpenAllRooms, meeting.OpCloseAllRooms:
		for i := range md.rooms {
			setOpen(i, op.Kind == meeting.OpOpenAllRooms)
		}
	case meeting.OpAssign:
		md.assign[op.Participant] = op.ThreadID
	case meeting.OpUnassign:
		delete(md.assign, op.Participant)
	case meeting.OpSetTimeLimit:
		md.settings.TimeLimit = op.TimeLimit
	case meeting.OpSetAutoMove:
		md.settings.AutoMove = op.On
	case meeting.OpSetParticipantsCanReturn:
		md.settings.ParticipantsCanReturn = op.On
	}
}

// tick closes the rooms whose time limit is up.
func (md *model) tick(now time.Time) {
	for i, r := range md.rooms {
		if r.open && md.settings.TimeLimit > 0 && !now.Before(r.openedAt.Add(md.settings.TimeLimit)) {
			md.rooms[i].open = false
		}
	}
}

// compare fails when the meeting disagrees with the model.
func (md *model) compare(t *rapid.T, m *meeting.Meeting) {
	rooms := m.Rooms()
	if len(rooms) != len(md.rooms) {
		t.Fatalf("%d rooms, the model has %d", len(rooms), len(md.rooms))
	}
	for i, r := range rooms {
		w := md.rooms[i]
		var invitees []string
		for _, p := range md.people {
			if md.assign[p.id] == w.thread {
				invitees = append(invitees, p.id)
			}
		}
		if r.ThreadID != w.thread || r.DisplayName != w.name || r.Open != w.open || !slices.Equal(r.Invitees, invitees) {
			t.Fatalf("room %d is %+v, the model has %+v with invitees %v", i, r, w, invitees)
		}
	}
	ps := m.Participants()
	if len(ps) != len(md.people) {
		t.Fatalf("%d participants, the model has %d", len(ps), len(md.people))
	}
	for i, p := range ps {
		w := md.people[i]
		if p.ID != w.id || p.Role != w.role || p.Left != w.left || p.Room != md.assign[w.id] {
			t.Fatalf("participant %d is %+v, the model has %+v assigned %q", i, p, w, md.assign[w.id])
		}
	}
	if m.Settings() != md.settings || m.Ended() != md.ended {
		t.Fatalf("settings %+v ended %v, the model has %+v %v", m.Settings(), m.Ended(), md.settings, md.ended)
	}
}

// noteLeft records who left, from an outcome's deliveries.
func (md *model) noteLeft(o meeting.Outcome) {
	for _, d := range o.Deliveries {
		if d.Position == lifecycle.PositionLeft {
			md.person(d.Participant).left = true
		}
	}
}

// TestSection6_PropertyInvariantsHoldAfterEveryStep drives a meeting of up to
// 12 participants and 4 rooms with random organizer operations (by managers
// and attendees, with good and bad names), participants joining and
// leaving, their actions, the outcomes of their effects (succeeding or
// failing) and time. After every step the §6 invariants hold, the meeting
// agrees with a naive model of rooms and assignments, a refused input
// changes nothing, and outcomes are numbered one by one.
func TestSection6_PropertyInvariantsHoldAfterEveryStep(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := meeting.Config{MaxRooms: 4, MaxParticipants: 12}
		h := newHost(t, cfg)
		md := &model{cfg: cfg, assign: map[string]string{}, settings: h.m.Settings()}
		ids := []string{"8:orgid:m0", "8:orgid:m1", "8:orgid:m2"}
		for n := 3; n < 13; n++ {
			ids = append(ids, fmt.Sprintf("8:acs:a%d", n))
		}
		threads := []string{"19:r0", "19:r1", "19:r2", "19:r3", "19:r4"}
		var seq uint64

		took := func(t *rapid.T, o meeting.Outcome, what string) meeting.Outcome {
			if o.Seq != seq+1 {
				t.Fatalf("%s: outcome %d after %d", what, o.Seq, seq)
			}
			seq = o.Seq
			h.took(o, what)
			md.noteLeft(o)
			return o
		}
		expect := func(t *rapid.T, o meeting.Outcome, want meeting.Reason, before, what string) {
			switch {
			case want == meeting.ReasonInvalid && o.Err != nil:
				t.Fatalf("%s refused: %v", what, o.Err)
			case want != meeting.ReasonInvalid && !errors.Is(o.Err, want):
				t.Fatalf("%s: want a %s refusal, got %v", what, want, o.Err)
			case want != meeting.ReasonInvalid && (len(o.Deliveries) > 0 || state(t, h.m) != before):
				t.Fatalf("%s was refused but changed the meeting", what)
			}
		}
		join := func(t *rapid.T, id string, role lifecycle.Role) {
			kind := lifecycle.IdentifierCommunicationUser
			if id[:8] == "8:orgid:" {
				kind = lifecycle.IdentifierMicrosoftTeamsUser
			}
			var want meeting.Reason
			p := md.person(id)
			switch {
			case md.ended:
				want = meeting.MeetingEnded
			case p != nil && !p.left:
				want = meeting.DuplicateParticipant
			case md.present() >= cfg.MaxParticipants:
				want = meeting.ParticipantLimit
			}
			before := state(t, h.m)
			o := took(t, h.m.AddParticipant(meeting.Participant{ID: id, Role: role, Kind: kind}, h.now), "join of "+id)
			expect(t, o, want, before, "join of "+id)
			if want == meeting.ReasonInvalid {
				if p == nil {
					md.people = append(md.people, modelPerson{id: id, role: role})
				} else {
					p.left, p.role = false, role
				}
			}
		}
		organize := func(t *rapid.T, op meeting.Op) {
			want := md.refusal(op)
			before := state(t, h.m)
			o := took(t, h.m.Apply(op, h.now), op.String())
			expect(t, o, want, before, op.String())
			if want == meeting.ReasonInvalid {
				md.apply(op, h.now)
			}
		}
		participantInput := func(t *rapid.T, id string, in lifecycle.Input) {
			want := meeting.ReasonInvalid
			if md.ended {
				want = meeting.MeetingEnded
			}
			before := state(t, h.m)
			o := took(t, h.m.ApplyParticipant(id, in, h.now), in.Kind.String()+" of "+id)
			expect(t, o, want, before, in.Kind.String()+" of "+id)
		}
		anyone := func(t *rapid.T, label string) string {
			if len(md.people) == 0 || rapid.IntRange(0, 15).Draw(t, label+"Unknown") == 0 {
				return rapid.SampledFrom(append(ids, "8:orgid:stranger")).Draw(t, label)
			}
			return rapid.SampledFrom(md.people).Draw(t, label).id
		}
		manager := func(t *rapid.T) string {
			var ms []string
			for _, p := range md.people {
				if p.role == lifecycle.Manager && !p.left {
					ms = append(ms, p.id)
				}
			}
			if len(ms) == 0 || rapid.IntRange(0, 9).Draw(t, "anyActor") == 0 {
				return anyone(t, "actor")
			}
			return rapid.SampledFrom(ms).Draw(t, "actor")
		}
		thread := func(t *rapid.T) string { return rapid.SampledFrom(threads).Draw(t, "thread") }

		tick := func(t *rapid.T) {
			want := meeting.ReasonInvalid
			if md.ended {
				want = meeting.MeetingEnded
			}
			before := state(t, h.m)
			o := took(t, h.m.Tick(h.now), "tick")
			expect(t, o, want, before, "tick")
			if want == meeting.ReasonInvalid {
				md.tick(h.now)
			}
		}
		answerAll := func(t *rapid.T) {
			for _, p := range md.people {
				for len(h.inflight[p.id]) > 0 && !md.ended {
					e := h.inflight[p.id][0]
					h.inflight[p.id] = h.inflight[p.id][1:]
					participantInput(t, p.id, outcomeOf(e, true))
				}
			}
		}

		// settle lets everything succeed and every timer due in the next ten
		// seconds fire: people get into their rooms, or back.
		settle := func(t *rapid.T) {
			for range 4 {
				answerAll(t)
				due, ok := h.m.NextDue()
				if !ok || due.After(h.now.Add(10*time.Second)) {
					break
				}
				if due.After(h.now) {
					h.now = due
				}
				tick(t)
			}
		}

		// A first scene, so that the steps start with rooms and people: an
		// organizer, others joining, rooms, assignments, perhaps open rooms.
		join(t, "8:orgid:m0", lifecycle.Manager)
		for _, id := range ids[1:rapid.IntRange(1, len(ids)-1).Draw(t, "people")] {
			role := lifecycle.Attendee
			if id[:8] == "8:orgid:" && rapid.Bool().Draw(t, "manager") {
				role = lifecycle.Manager
			}
			join(t, id, role)
		}
		rooms := rapid.IntRange(0, 4).Draw(t, "rooms")
		for _, th := range threads[:rooms] {
			organize(t, meeting.CreateRoom("8:orgid:m0", th, "Room "+th[4:]))
		}
		if rooms > 0 {
			for _, p := range md.people {
				if k := rapid.IntRange(-1, rooms-1).Draw(t, "room"); k >= 0 {
					organize(t, meeting.Assign("8:orgid:m0", p.id, threads[k]))
				}
			}
		}
		if rapid.Bool().Draw(t, "openAtOnce") {
			organize(t, meeting.OpenAllRooms("8:orgid:m0"))
			if rapid.Bool().Draw(t, "moveAtOnce") {
				settle(t)
			}
		}

		t.Repeat(map[string]func(*rapid.T){
			"join": func(t *rapid.T) {
				id := rapid.SampledFrom(ids).Draw(t, "id")
				role := lifecycle.Attendee
				if id[:8] == "8:orgid:" && rapid.Bool().Draw(t, "manager") {
					role = lifecycle.Manager
				}
				join(t, id, role)
			},
			"createRoom": func(t *rapid.T) {
				th := thread(t)
				name := "Room " + th[4:]
				if rapid.IntRange(0, 9).Draw(t, "otherName") == 0 {
					name = rapid.SampledFrom([]string{"", "Room 0", "Lobby"}).Draw(t, "name")
				}
				organize(t, meeting.CreateRoom(manager(t), th, name))
			},
			"removeRoom": func(t *rapid.T) { organize(t, meeting.RemoveRoom(manager(t), thread(t))) },
			"openRoom":   func(t *rapid.T) { organize(t, meeting.OpenRoom(manager(t), thread(t))) },
			"closeRoom":  func(t *rapid.T) { organize(t, meeting.CloseRoom(manager(t), thread(t))) },
			"openAll":    func(t *rapid.T) { organize(t, meeting.OpenAllRooms(manager(t))) },
			"closeAll":   func(t *rapid.T) { organize(t, meeting.CloseAllRooms(manager(t))) },
			"assign": func(t *rapid.T) {
				organize(t, meeting.Assign(manager(t), anyone(t, "participant"), thread(t)))
			},
			"assignMore": func(t *rapid.T) {
				organize(t, meeting.Assign(manager(t), anyone(t, "participant"), thread(t)))
			},
			"reassignFromARoom": func(t *rapid.T) {
				// Someone in a room moves to another room (R13's window).
				var inRoom []string
				for _, p := range h.m.Participants() {
					if p.InRoom != "" {
						inRoom = append(inRoom, p.ID)
					}
				}
				if len(inRoom) == 0 || len(md.rooms) < 2 {
					t.Skip("nobody in a room, or nowhere else to go")
				}
				organize(t, meeting.Assign(manager(t), rapid.SampledFrom(inRoom).Draw(t, "mover"), rapid.SampledFrom(md.rooms).Draw(t, "to").thread))
			},
			"unassign": func(t *rapid.T) { organize(t, meeting.Unassign(manager(t), anyone(t, "participant"))) },
			"setTimeLimit": func(t *rapid.T) {
				d := rapid.SampledFrom([]time.Duration{0, 20 * time.Second, 2 * time.Minute, 10 * time.Minute, -time.Second}).Draw(t, "limit")
				organize(t, meeting.SetTimeLimit(manager(t), d))
			},
			"setAutoMove": func(t *rapid.T) { organize(t, meeting.SetAutoMove(manager(t), rapid.Bool().Draw(t, "on"))) },
			"setParticipantsCanReturn": func(t *rapid.T) {
				organize(t, meeting.SetParticipantsCanReturn(manager(t), rapid.Bool().Draw(t, "on")))
			},
			"setRoomAutoMove": func(t *rapid.T) {
				if len(md.rooms) == 0 {
					t.Skip("no room")
				}
				th := rapid.SampledFrom(md.rooms).Draw(t, "room").thread
				organize(t, meeting.SetRoomAutoMove(manager(t), th, rapid.Bool().Draw(t, "on")))
			},
			"setRoomParticipantsCanReturn": func(t *rapid.T) {
				if len(md.rooms) == 0 {
					t.Skip("no room")
				}
				th := rapid.SampledFrom(md.rooms).Draw(t, "room").thread
				organize(t, meeting.SetRoomParticipantsCanReturn(manager(t), th, rapid.Bool().Draw(t, "on")))
			},
			"act": func(t *rapid.T) {
				if len(md.people) == 0 {
					t.Skip("nobody to act")
				}
				id := rapid.SampledFrom(md.people).Draw(t, "who").id
				k := rapid.SampledFrom([]lifecycle.InputKind{
					lifecycle.InputJoin, lifecycle.InputJoin, lifecycle.InputReturn, lifecycle.InputReturn,
					lifecycle.InputHangUpBreakout, lifecycle.InputResumeMain, lifecycle.InputJoinEvent,
				}).Draw(t, "action")
				in := lifecycle.Input{Kind: k}
				if k == lifecycle.InputJoinEvent {
					in.CallID = "call-" + id
				}
				participantInput(t, id, in)
			},
			"leave": func(t *rapid.T) {
				if len(md.people) == 0 || rapid.IntRange(0, 3).Draw(t, "leaveNow") != 0 {
					t.Skip("leaving is rare")
				}
				participantInput(t, rapid.SampledFrom(md.people).Draw(t, "who").id, lifecycle.Input{Kind: lifecycle.InputLeaveMeeting})
			},
			"answer": func(t *rapid.T) {
				var busy []string
				for _, p := range md.people {
					if len(h.inflight[p.id]) > 0 {
						busy = append(busy, p.id)
					}
				}
				if len(busy) == 0 {
					t.Skip("nothing in flight")
				}
				id := rapid.SampledFrom(busy).Draw(t, "who")
				i := rapid.IntRange(0, len(h.inflight[id])-1).Draw(t, "effect")
				e := h.inflight[id][i]
				h.inflight[id] = slices.Delete(h.inflight[id], i, i+1)
				ok := rapid.IntRange(0, 4).Draw(t, "fails") != 0
				participantInput(t, id, outcomeOf(e, ok))
			},
			"answerAll":  answerAll,
			"settle":     settle,
			"settleMore": settle,
			"tick": func(t *rapid.T) {
				if due, ok := h.m.NextDue(); ok && due.After(h.now) && rapid.Bool().Draw(t, "toNextDue") {
					h.now = due
				} else {
					h.advance(time.Duration(rapid.IntRange(0, 5000).Draw(t, "advanceMs")) * time.Millisecond)
				}
				tick(t)
			},
			"clockBackwards": func(t *rapid.T) {
				if h.m.Now().IsZero() {
					t.Skip("no clock yet")
				}
				earlier := h.m.Now().Add(-time.Millisecond)
				before := state(t, h.m)
				o := took(t, h.m.Apply(meeting.OpenAllRooms(manager(t)), earlier), "an input from the past")
				want := meeting.ClockBackwards
				if md.ended {
					want = meeting.MeetingEnded
				}
				expect(t, o, want, before, "an input from the past")
			},
			"end": func(t *rapid.T) {
				if rapid.IntRange(0, 19).Draw(t, "endNow") != 0 {
					t.Skip("the meeting ends rarely")
				}
				want := meeting.ReasonInvalid
				if md.ended {
					want = meeting.MeetingEnded
				}
				before := state(t, h.m)
				o := took(t, h.m.End(h.now), "end")
				expect(t, o, want, before, "end")
				md.ended = true
				for i := range md.rooms {
					md.rooms[i].open = false
				}
			},
			"": func(t *rapid.T) {
				h.check("the step")
				md.compare(t, h.m)
			},
		})
	})
}
