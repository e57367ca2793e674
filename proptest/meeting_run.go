package proptest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/internal/inject"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// meetingRun is one generated run of the meeting property: the meeting, the
// model, and what the host of every participant knows (the call effects each
// has in flight, the clock), with the inputs so far for the failure report.
type meetingRun struct {
	s     *meetingSuite
	m     *meeting.Meeting
	model *meetingModel
	now   time.Time
	seq   uint64 // the last outcome's Seq

	inflight map[string][]lifecycle.Effect
	// lost are the participants an SDK event was lost to (inject.Drop)
	// during the input being applied.
	lost map[string]bool

	// staleBefore are the participants the model knew to be stale before
	// the input being applied, as they were then (for the known
	// disagreements).
	staleBefore map[string]meeting.ParticipantInfo
	// discarded names the reported disagreement the run hit: the inputs
	// after it are not given, and the "" check discards the case.
	discarded string

	// ids are the participants a run draws from, one more than may be
	// present: the first three Microsoft 365 users (who may manage), the
	// rest ACS users. threads are the rooms, one more than may exist.
	ids, threads []string
	history      []string
}

// stranger is a participant who never joins.
const stranger = "8:orgid:stranger"

func newMeetingRun(t *rapid.T, s *meetingSuite, cfg meeting.Config) *meetingRun {
	m, err := meeting.New(cfg)
	if err != nil {
		t.Fatalf("meeting.New(%+v): %v", cfg, err)
	}
	r := &meetingRun{
		s: s, m: m, model: newMeetingModel(m.Config(), m.Settings()), now: runStart,
		inflight: map[string][]lifecycle.Effect{}, lost: map[string]bool{}, staleBefore: map[string]meeting.ParticipantInfo{},
	}
	for n := range m.Config().MaxParticipants + 1 {
		if n < 3 {
			r.ids = append(r.ids, fmt.Sprintf("8:orgid:m%d", n))
		} else {
			r.ids = append(r.ids, fmt.Sprintf("8:acs:a%d", n))
		}
	}
	for k := range m.Config().MaxRooms + 1 {
		r.threads = append(r.threads, fmt.Sprintf("19:r%d", k))
	}
	return r
}

// fail reports a failing step with the meeting's inputs so far.
func (r *meetingRun) fail(t *rapid.T, format string, args ...any) {
	t.Helper()
	t.Fatalf("%s\nthe meeting's inputs (outcome, time since the start, input):\n  %s", fmt.Sprintf(format, args...), strings.Join(r.history, "\n  "))
}

// input gives the meeting one input and checks what it did: its outcome is
// numbered next; the meeting refuses it exactly when the model says, for
// the model's reason, and a refusal delivers nothing and changes nothing;
// the §6 invariants hold after it. The call effects delivered go in flight.
func (r *meetingRun) input(t *rapid.T, what string, want meeting.Reason, give func() meeting.Outcome) meeting.Outcome {
	t.Helper()
	if r.discarded != "" {
		return meeting.Outcome{}
	}
	var before string
	if want != noRefusal {
		before = meetingState(r.m)
	}
	clear(r.lost)
	r.noteStale()
	o := give()
	entry := fmt.Sprintf("%d +%v %s", o.Seq, r.now.Sub(runStart), what)
	if o.Err != nil {
		entry += ": refused, " + o.Err.Error()
	}
	r.history = append(r.history, entry)
	if o.Seq != r.seq+1 {
		r.fail(t, "%s: outcome %d after %d", what, o.Seq, r.seq)
	}
	r.seq = o.Seq
	if err := r.m.CheckInvariants(); err != nil {
		if name := r.knownDisagreement(err); name != "" {
			// t.Skip in an action would only reject the action, and the run
			// would go on from a broken meeting: the "" check discards the
			// whole case.
			r.s.skipped(name)
			r.discarded = name
			return meeting.Outcome{}
		}
		r.fail(t, "after %s: %v", what, err)
	}
	switch {
	case want == noRefusal && o.Err != nil:
		r.fail(t, "%s refused: %v", what, o.Err)
	case want != noRefusal && !errors.Is(o.Err, want):
		r.fail(t, "%s: want a %s refusal, got %v", what, want, o.Err)
	case want != noRefusal && (len(o.Deliveries) > 0 || meetingState(r.m) != before):
		r.fail(t, "%s was refused but changed the meeting", what)
	}
	r.observe(o)
	r.model.noteLeft(o)
	return o
}

// meetingState is everything a caller can see of a meeting, to check that
// a refusal changed nothing.
func meetingState(m *meeting.Meeting) string {
	seen := []any{m.Rooms(), m.Settings(), m.Now(), m.Ended()}
	for _, p := range m.Participants() {
		s, _ := m.Snapshot(p.ID)
		seen = append(seen, p, s)
	}
	return mustJSON(seen)
}

// observe puts the call effects of an outcome in flight; a participant who
// left has none.
func (r *meetingRun) observe(o meeting.Outcome) {
	for _, d := range o.Deliveries {
		if d.Position == lifecycle.PositionLeft {
			delete(r.inflight, d.Participant)
		} else {
			r.inflight[d.Participant] = appendCalls(r.inflight[d.Participant], d.Effects)
		}
	}
}

// appendCalls appends the call effects among effects to calls.
func appendCalls(calls, effects []lifecycle.Effect) []lifecycle.Effect {
	for _, e := range effects {
		if e.Kind.IsCall() {
			calls = append(calls, e)
		}
	}
	return calls
}

// inject is the fault injector of one run of faults: each SDK event of the
// kinds chosen, to the participant chosen (or anyone), meets one of the
// faults drawn (mostly none).
func (r *meetingRun) inject(t *rapid.T, who string, kinds map[lifecycle.InputKind]bool, faults []inject.Fault) func(string, lifecycle.Input) inject.Fault {
	return func(id string, in lifecycle.Input) inject.Fault {
		if (who != "" && id != who) || !kinds[in.Kind] {
			return inject.Deliver
		}
		f := rapid.SampledFrom(faults).Draw(t, "fault")
		if f == inject.Drop {
			r.lost[id] = true
		}
		return f
	}
}

// --- the inputs, each with what the model expects of it ---

func identifierKind(id string) lifecycle.IdentifierKind {
	if strings.HasPrefix(id, "8:orgid:") {
		return lifecycle.IdentifierMicrosoftTeamsUser
	}
	return lifecycle.IdentifierCommunicationUser
}

// join lets a participant join: a new one, or one who left, as a new
// machine. Joining fans out to everyone present.
func (r *meetingRun) join(t *rapid.T, id string, role lifecycle.Role) {
	want := r.model.joinRefusal(id)
	p := meeting.Participant{ID: id, Role: role, Kind: identifierKind(id)}
	r.input(t, "addParticipant("+id+", "+role.String()+")", want, func() meeting.Outcome { return r.m.AddParticipant(p, r.now) })
	if want == noRefusal {
		r.model.joined(id, role)
		r.model.caughtUp(true, "", r.lost)
	}
}

// organize applies an organizer operation. One that changes something fans
// out to everyone present; one that changes nothing delivers nothing.
func (r *meetingRun) organize(t *rapid.T, op orgOp) {
	want := r.model.refusal(op)
	mop := op.op()
	o := r.input(t, mop.String(), want, func() meeting.Outcome { return r.m.Apply(mop, r.now) })
	if want != noRefusal {
		return
	}
	changed := r.model.apply(op, r.now)
	if !changed && len(o.Deliveries) > 0 {
		r.fail(t, "%s changes nothing but delivered %d inputs", mop, len(o.Deliveries))
	}
	r.model.caughtUp(changed, "", r.lost)
}

// participantInput gives one participant an input of its own; the meeting
// then brings that participant up to date.
func (r *meetingRun) participantInput(t *rapid.T, id string, in lifecycle.Input) {
	want := noRefusal
	switch {
	case r.model.ended:
		want = meeting.MeetingEnded
	case r.model.person(id) == nil:
		want = meeting.UnknownParticipant
	case in.Kind == lifecycle.InputAssignedRoom || in.Kind == lifecycle.InputSettings || in.Kind == lifecycle.InputRoomList:
		want = meeting.OrganizerEvent
	}
	r.input(t, id+": "+describeInput(in), want, func() meeting.Outcome { return r.m.ApplyParticipant(id, in, r.now) })
	if want == noRefusal {
		r.model.caughtUp(false, id, r.lost)
	}
}

// tick lets time pass: rooms whose time limit is up close (and the meeting
// fans out), then timers due fire.
func (r *meetingRun) tick(t *rapid.T) {
	want := noRefusal
	if r.model.ended {
		want = meeting.MeetingEnded
	}
	r.input(t, "tick", want, func() meeting.Outcome { return r.m.Tick(r.now) })
	if want == noRefusal {
		r.model.caughtUp(r.model.tick(r.now), "", r.lost)
	}
}

func (r *meetingRun) end(t *rapid.T) {
	want := noRefusal
	if r.model.ended {
		want = meeting.MeetingEnded
	}
	r.input(t, "end", want, func() meeting.Outcome { return r.m.End(r.now) })
	r.model.endMeeting()
}

// outcomeInput is the input answering a call effect, ok or failed.
func outcomeInput(e lifecycle.Effect, ok bool) lifecycle.Input {
	k, _ := outcomeOf(e)
	if !ok {
		k = failedOf(k)
	}
	in := lifecycle.Input{Kind: k}
	if namesBreakoutCall(k) {
		in.ThreadID = e.ThreadID
	}
	return in
}

// answer reports the outcome of one of a participant's effects in flight.
func (r *meetingRun) answer(t *rapid.T, id string, i int, ok bool) {
	e := r.inflight[id][i]
	r.inflight[id] = slices.Delete(r.inflight[id], i, i+1)
	r.participantInput(t, id, outcomeInput(e, ok))
}

// answerAll answers every effect in flight with success, participants in
// join order, oldest first.
func (r *meetingRun) answerAll(t *rapid.T) {
	for _, p := range r.model.people {
		for n := 0; len(r.inflight[p.id]) > 0 && !r.model.ended; n++ {
			if n == 64 {
				r.fail(t, "%s's effects in flight never run out: %v", p.id, r.inflight[p.id])
			}
			r.answer(t, p.id, 0, true)
		}
	}
}

// settle lets everything succeed and every timer due in the next ten seconds
// fire: people get into their rooms, or back.
func (r *meetingRun) settle(t *rapid.T) {
	for range 4 {
		r.answerAll(t)
		due, ok := r.m.NextDue()
		if !ok || due.After(r.now.Add(10*time.Second)) {
			break
		}
		if due.After(r.now) {
			r.now = due
		}
		r.tick(t)
	}
}

// --- drawing ---

func (r *meetingRun) drawRole(t *rapid.T, id string) lifecycle.Role {
	if identifierKind(id) == lifecycle.IdentifierMicrosoftTeamsUser && rapid.Bool().Draw(t, "manager") {
		return lifecycle.Manager
	}
	return lifecycle.Attendee
}

// anyone is mostly a participant who joined, sometimes anyone at all.
func (r *meetingRun) anyone(t *rapid.T, label string) string {
	if len(r.model.people) == 0 || rapid.IntRange(0, 15).Draw(t, label+"Unknown") == 0 {
		return rapid.SampledFrom(append(r.ids, stranger)).Draw(t, label)
	}
	return rapid.SampledFrom(r.model.people).Draw(t, label).id
}

// manager is mostly a manager who is present, sometimes anyone.
func (r *meetingRun) manager(t *rapid.T) string {
	var ms []string
	for _, p := range r.model.people {
		if p.role == lifecycle.Manager && !p.left {
			ms = append(ms, p.id)
		}
	}
	if len(ms) == 0 || rapid.IntRange(0, 9).Draw(t, "anyActor") == 0 {
		return r.anyone(t, "actor")
	}
	return rapid.SampledFrom(ms).Draw(t, "actor")
}

func (r *meetingRun) thread(t *rapid.T) string { return rapid.SampledFrom(r.threads).Draw(t, "thread") }

// existingRoom is a room of the meeting, or skips the action.
func (r *meetingRun) existingRoom(t *rapid.T) string {
	if len(r.model.rooms) == 0 {
		t.Skip("no room")
	}
	return rapid.SampledFrom(r.model.rooms).Draw(t, "room").thread
}

// drawFaults has the SDK lose or repeat events from now on, or stop doing
// so: the events of some kinds, to one participant or to anyone.
func (r *meetingRun) drawFaults(t *rapid.T) {
	faults := rapid.SampledFrom([][]inject.Fault{
		nil,
		{inject.Deliver, inject.Drop},
		{inject.Deliver, inject.Repeat},
		{inject.Deliver, inject.Drop, inject.Repeat},
	}).Draw(t, "faults")
	if faults == nil {
		inject.Set(r.m, nil)
		return
	}
	who := ""
	if rapid.IntRange(0, 2).Draw(t, "faultsToOne") == 0 {
		who = rapid.SampledFrom(r.ids).Draw(t, "faultsTo")
	}
	kinds := map[lifecycle.InputKind]bool{}
	for _, k := range []lifecycle.InputKind{lifecycle.InputAssignedRoom, lifecycle.InputRoomList, lifecycle.InputSettings} {
		kinds[k] = rapid.IntRange(0, 2).Draw(t, "faultsOn"+k.String()) > 0
	}
	inject.Set(r.m, r.inject(t, who, kinds, faults))
}

// scene is a first scene, so that the steps start with rooms and people: an
// organizer, others joining, rooms, assignments, perhaps open rooms; perhaps
// faults from the start.
func (r *meetingRun) scene(t *rapid.T) {
	org := r.ids[0]
	if rapid.Bool().Draw(t, "faultsFromTheStart") {
		r.drawFaults(t)
	}
	r.join(t, org, lifecycle.Manager)
	for _, id := range r.ids[1:rapid.IntRange(1, len(r.ids)-1).Draw(t, "people")] {
		r.join(t, id, r.drawRole(t, id))
	}
	rooms := rapid.IntRange(0, len(r.threads)-1).Draw(t, "rooms")
	for _, th := range r.threads[:rooms] {
		r.organize(t, opCreateRoom(org, th, "Room "+th[4:]))
	}
	if rooms > 0 {
		for _, p := range r.model.people {
			if k := rapid.IntRange(-1, rooms-1).Draw(t, "room"); k >= 0 {
				r.organize(t, opAssign(org, p.id, r.threads[k]))
			}
		}
	}
	if rapid.Bool().Draw(t, "openAtOnce") {
		r.organize(t, opOpenAllRooms(org))
		if rapid.Bool().Draw(t, "moveAtOnce") {
			r.settle(t)
		}
	}
}

// actions are the Repeat actions: one per organizer operation, per kind of
// participant input, time, the end of the meeting and the fault injector;
// some listed twice so that they come more often. The "" action checks the
// invariants and compares the meeting with the model.
func (r *meetingRun) actions() map[string]func(*rapid.T) {
	assign := func(t *rapid.T) {
		r.organize(t, opAssign(r.manager(t), r.anyone(t, "participant"), r.thread(t)))
	}
	return map[string]func(*rapid.T){
		"join": func(t *rapid.T) {
			id := rapid.SampledFrom(r.ids).Draw(t, "id")
			r.join(t, id, r.drawRole(t, id))
		},
		"createRoom": func(t *rapid.T) {
			th := r.thread(t)
			name := "Room " + th[4:]
			if rapid.IntRange(0, 9).Draw(t, "otherName") == 0 {
				name = rapid.SampledFrom([]string{"", "Room 0", "Lobby"}).Draw(t, "name")
			}
			r.organize(t, opCreateRoom(r.manager(t), th, name))
		},
		"removeRoom":    func(t *rapid.T) { r.organize(t, opRemoveRoom(r.manager(t), r.thread(t))) },
		"openRoom":      func(t *rapid.T) { r.organize(t, opOpenRoom(r.manager(t), r.thread(t))) },
		"closeRoom":     func(t *rapid.T) { r.organize(t, opCloseRoom(r.manager(t), r.thread(t))) },
		"openAllRooms":  func(t *rapid.T) { r.organize(t, opOpenAllRooms(r.manager(t))) },
		"closeAllRooms": func(t *rapid.T) { r.organize(t, opCloseAllRooms(r.manager(t))) },
		"assign":        assign,
		"assign/2":      assign,
		"reassignFromARoom": func(t *rapid.T) {
			// Someone in a room moves to another room (the re-assignment
			// window).
			var inRoom []string
			for _, p := range r.m.Participants() {
				if p.InRoom != "" {
					inRoom = append(inRoom, p.ID)
				}
			}
			if len(inRoom) == 0 || len(r.model.rooms) < 2 {
				t.Skip("nobody in a room, or nowhere else to go")
			}
			r.organize(t, opAssign(r.manager(t), rapid.SampledFrom(inRoom).Draw(t, "mover"), rapid.SampledFrom(r.model.rooms).Draw(t, "to").thread))
		},
		"unassign": func(t *rapid.T) { r.organize(t, opUnassign(r.manager(t), r.anyone(t, "participant"))) },
		"setTimeLimit": func(t *rapid.T) {
			d := rapid.SampledFrom([]time.Duration{0, 20 * time.Second, 2 * time.Minute, 10 * time.Minute, -time.Second}).Draw(t, "limit")
			r.organize(t, opSetTimeLimit(r.manager(t), d))
		},
		"setAutoMove": func(t *rapid.T) { r.organize(t, opSetAutoMove(r.manager(t), rapid.Bool().Draw(t, "on"))) },
		"setParticipantsCanReturn": func(t *rapid.T) {
			r.organize(t, opSetParticipantsCanReturn(r.manager(t), rapid.Bool().Draw(t, "on")))
		},
		"setRoomAutoMove": func(t *rapid.T) {
			r.organize(t, opSetRoomAutoMove(r.manager(t), r.existingRoom(t), rapid.Bool().Draw(t, "on")))
		},
		"setRoomParticipantsCanReturn": func(t *rapid.T) {
			r.organize(t, opSetRoomParticipantsCanReturn(r.manager(t), r.existingRoom(t), rapid.Bool().Draw(t, "on")))
		},
		"badOp": func(t *rapid.T) {
			r.organize(t, orgOp{actor: r.manager(t)}) // no operation: the zero meeting.Op
		},
		"act": func(t *rapid.T) {
			if len(r.model.people) == 0 {
				t.Skip("nobody to act")
			}
			id := rapid.SampledFrom(r.model.people).Draw(t, "who").id
			k := rapid.SampledFrom([]lifecycle.InputKind{
				lifecycle.InputJoin, lifecycle.InputJoin, lifecycle.InputReturn, lifecycle.InputReturn,
				lifecycle.InputHangUpBreakout, lifecycle.InputResumeMain, lifecycle.InputJoinEvent, lifecycle.InputTick,
			}).Draw(t, "action")
			in := lifecycle.Input{Kind: k}
			if k == lifecycle.InputJoinEvent {
				in.CallID = "call-" + id
			}
			r.participantInput(t, id, in)
		},
		"misdirectedInput": func(t *rapid.T) {
			// An SDK event of the meeting's own, or an input for someone who
			// never joined: the meeting refuses both.
			k := rapid.SampledFrom([]lifecycle.InputKind{
				lifecycle.InputAssignedRoom, lifecycle.InputSettings, lifecycle.InputRoomList, lifecycle.InputJoin,
			}).Draw(t, "misdirected")
			id := stranger
			if k != lifecycle.InputJoin {
				id = r.anyone(t, "who")
			}
			r.participantInput(t, id, lifecycle.Input{Kind: k})
		},
		"leave": func(t *rapid.T) {
			if len(r.model.people) == 0 || rapid.IntRange(0, 3).Draw(t, "leaveNow") != 0 {
				t.Skip("leaving is rare")
			}
			// Leaving, or the end of the meeting as one participant's client
			// saw it.
			k := rapid.SampledFrom([]lifecycle.InputKind{lifecycle.InputLeaveMeeting, lifecycle.InputMeetingEnded}).Draw(t, "leave")
			r.participantInput(t, rapid.SampledFrom(r.model.people).Draw(t, "who").id, lifecycle.Input{Kind: k})
		},
		"answer": func(t *rapid.T) {
			var busy []string
			for _, p := range r.model.people {
				if len(r.inflight[p.id]) > 0 {
					busy = append(busy, p.id)
				}
			}
			if len(busy) == 0 {
				t.Skip("nothing in flight")
			}
			id := rapid.SampledFrom(busy).Draw(t, "who")
			i := rapid.IntRange(0, len(r.inflight[id])-1).Draw(t, "effect")
			r.answer(t, id, i, rapid.IntRange(0, 4).Draw(t, "fails") != 0)
		},
		"answerAll": r.answerAll,
		"settle":    r.settle,
		"settle/2":  r.settle,
		"tick": func(t *rapid.T) {
			if due, ok := r.m.NextDue(); ok && due.After(r.now) && rapid.Bool().Draw(t, "toNextDue") {
				r.now = due
			} else {
				r.now = r.now.Add(time.Duration(rapid.IntRange(0, 5000).Draw(t, "advanceMs")) * time.Millisecond)
			}
			r.tick(t)
		},
		"clockBackwards": func(t *rapid.T) {
			if r.m.Now().IsZero() {
				t.Skip("no clock yet")
			}
			earlier := r.m.Now().Add(-time.Millisecond)
			want := meeting.ClockBackwards
			if r.model.ended {
				want = meeting.MeetingEnded
			}
			op := meeting.OpenAllRooms(r.manager(t))
			r.input(t, op.String()+" from the past", want, func() meeting.Outcome { return r.m.Apply(op, earlier) })
		},
		"faults":   r.drawFaults,
		"faults/2": r.drawFaults,
		"end": func(t *rapid.T) {
			if rapid.IntRange(0, 19).Draw(t, "endNow") != 0 {
				t.Skip("the meeting ends rarely")
			}
			r.end(t)
		},
		"": r.check,
	}
}

// --- the check after every step ---

// check is the "" action: the invariants hold and the meeting agrees with
// the model.
func (r *meetingRun) check(t *rapid.T) {
	if r.discarded != "" {
		t.Skip("reported disagreement " + r.discarded)
	}
	if err := r.m.CheckInvariants(); err != nil {
		r.fail(t, "%v", err)
	}
	r.compareRooms(t)
	r.compareParticipants(t)
	if r.m.Settings() != r.model.settings || r.m.Ended() != r.model.ended {
		r.fail(t, "settings %+v ended %v, the model has %+v %v", r.m.Settings(), r.m.Ended(), r.model.settings, r.model.ended)
	}
}

func (r *meetingRun) compareRooms(t *rapid.T) {
	md := r.model
	rooms := r.m.Rooms()
	if len(rooms) != len(md.rooms) {
		r.fail(t, "%d rooms, the model has %d", len(rooms), len(md.rooms))
	}
	for i, got := range rooms {
		w := md.rooms[i]
		invitees := md.invitees(w.thread)
		if got.ThreadID != w.thread || got.DisplayName != w.name || got.Open != w.open || !slices.Equal(got.Invitees, invitees) ||
			!got.OpenedAt.Equal(w.openedAt) || !got.EndTime.Equal(md.end(w)) {
			r.fail(t, "room %d is %+v, the model has %+v with invitees %v ending %v", i, got, w, invitees, md.end(w))
		}
	}
}

func (r *meetingRun) compareParticipants(t *rapid.T) {
	md := r.model
	ps := r.m.Participants()
	if len(ps) != len(md.people) {
		r.fail(t, "%d participants, the model has %d", len(ps), len(md.people))
	}
	var list []roomView
	for _, room := range md.rooms {
		list = append(list, md.view(room))
	}
	for i, p := range ps {
		w := md.people[i]
		if p.ID != w.id || p.Role != w.role || p.Left != w.left || p.Room != md.assign[w.id] {
			r.fail(t, "participant %d is %+v, the model has %+v assigned %q", i, p, w, md.assign[w.id])
		}
		if md.ended && !p.Left {
			r.fail(t, "%s is present after the meeting ended", p.ID)
		}
		if !p.Left && !w.stale {
			r.compareHeld(t, p, list)
		}
	}
}

// compareHeld compares what a participant's machine holds with the model:
// its assignment, a manager's room list (an attendee has none), and an
// in-room participant's settings. A participant an event was lost to holds
// what it held before (stale) and is left out.
func (r *meetingRun) compareHeld(t *rapid.T, p meeting.ParticipantInfo, list []roomView) {
	md := r.model
	snap, _ := r.m.Snapshot(p.ID)
	switch {
	case p.Role == lifecycle.Attendee && len(snap.RoomList) > 0:
		r.fail(t, "attendee %s holds a room list: %s", p.ID, snap.RoomList)
	case p.Role == lifecycle.Manager:
		var rooms []lifecycle.Room
		if len(snap.RoomList) > 0 {
			rooms = r.decode(t, p.ID, snap.RoomList).Rooms
		}
		var held []roomView
		for _, room := range rooms {
			held = append(held, viewOf(room))
		}
		if !slices.EqualFunc(held, list, roomView.equal) {
			r.fail(t, "manager %s holds the room list %+v, the model has %+v", p.ID, held, list)
		}
	}

	var held *lifecycle.Room
	if len(snap.Assignment) > 0 {
		held = r.decode(t, p.ID, snap.Assignment).Room
	}
	i := md.room(md.assign[p.ID])
	switch {
	case i < 0 && held != nil:
		r.fail(t, "%s holds room %s, the model assigns none", p.ID, held.ThreadID)
	case i >= 0 && held == nil:
		r.fail(t, "%s holds no room, the model assigns %s", p.ID, md.rooms[i].thread)
	case i >= 0 && !viewOf(*held).equal(md.view(md.rooms[i])):
		r.fail(t, "%s holds room %+v, the model has %+v", p.ID, viewOf(*held), md.view(md.rooms[i]))
	}

	if p.State != lifecycle.StateInRoom {
		return
	}
	if i < 0 {
		r.fail(t, "%s is in a room, the model assigns none", p.ID)
	}
	room := md.rooms[i]
	if snap.Settings == nil {
		r.fail(t, "%s is in room %s without settings", p.ID, room.thread)
	}
	s, end := r.decode(t, p.ID, snap.Settings.Event).Settings, md.end(room)
	switch {
	case s == nil:
		r.fail(t, "%s is in room %s with undefined settings", p.ID, room.thread)
	case !s.HasDisableReturn || s.DisableReturn == md.canReturn(room):
		r.fail(t, "%s is in room %s with disableReturnToMainMeeting %v, the model lets participants return %v", p.ID, room.thread, s.DisableReturn, md.canReturn(room))
	case end.IsZero() != (s.EndKind == lifecycle.EndTimeAbsent) || (!end.IsZero() && !s.EndAt.Equal(end)):
		r.fail(t, "%s is in room %s with the end time %q, the model ends it at %v", p.ID, room.thread, s.EndText, end)
	}
}

// decode reads an SDK event a participant's snapshot holds.
func (r *meetingRun) decode(t *rapid.T, id string, event []byte) lifecycle.Input {
	in, err := lifecycle.DecodeEvent(event)
	if err != nil {
		r.fail(t, "%s's snapshot holds %s, which does not decode: %v", id, event, err)
	}
	return in
}

func (v roomView) equal(w roomView) bool {
	return v.Thread == w.Thread && v.Name == w.Name && v.Open == w.Open && v.Auto == w.Auto && slices.Equal(v.Invitees, w.Invitees)
}
