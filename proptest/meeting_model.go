package proptest

import (
	"slices"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// meetingModel is a naive meeting: rooms with their own switches,
// assignments, settings and who is present, with none of the fan-out. The
// meeting property compares the meeting with it after every step ("agrees
// with a dumb version"). It also knows, from the fault injector, which
// participants may be behind the meeting (stale), and leaves them out of the
// comparisons of what a participant's machine holds.
type meetingModel struct {
	cfg      meeting.Config
	rooms    []modelRoom // creation order
	people   []modelPerson
	assign   map[string]string
	settings meeting.Settings
	ended    bool
}

type modelRoom struct {
	thread, name string
	open         bool
	openedAt     time.Time
	// autoMove and canReturn are the room's own switches (setRoomAutoMove,
	// setRoomParticipantsCanReturn); nil follows the meeting's.
	autoMove, canReturn *bool
}

type modelPerson struct {
	id   string
	role lifecycle.Role
	left bool
	// stale: an SDK event to the participant was lost (inject.Drop) and no
	// input since is known to have caught it up.
	stale bool
}

func newMeetingModel(cfg meeting.Config, settings meeting.Settings) *meetingModel {
	return &meetingModel{cfg: cfg, assign: map[string]string{}, settings: settings}
}

func (md *meetingModel) person(id string) *modelPerson {
	for i := range md.people {
		if md.people[i].id == id {
			return &md.people[i]
		}
	}
	return nil
}

func (md *meetingModel) room(thread string) int {
	return slices.IndexFunc(md.rooms, func(r modelRoom) bool { return r.thread == thread })
}

func (md *meetingModel) present() int {
	n := 0
	for _, p := range md.people {
		if !p.left {
			n++
		}
	}
	return n
}

// autoMove and canReturn are a room's switches: its own, else the meeting's.
func (md *meetingModel) autoMove(r modelRoom) bool {
	if r.autoMove != nil {
		return *r.autoMove
	}
	return md.settings.AutoMove
}

func (md *meetingModel) canReturn(r modelRoom) bool {
	if r.canReturn != nil {
		return *r.canReturn
	}
	return md.settings.ParticipantsCanReturn
}

// invitees are the ids of the participants assigned to a room, in join order.
func (md *meetingModel) invitees(thread string) []string {
	var out []string
	for _, p := range md.people {
		if md.assign[p.id] == thread {
			out = append(out, p.id)
		}
	}
	return out
}

// end is when the time limit closes an open room (zero: none).
func (md *meetingModel) end(r modelRoom) time.Time {
	if !r.open || md.settings.TimeLimit <= 0 {
		return time.Time{}
	}
	return r.openedAt.Add(md.settings.TimeLimit)
}

// joinRefusal is why the meeting must refuse a participant joining, or
// noRefusal.
func (md *meetingModel) joinRefusal(id string) meeting.Reason {
	p := md.person(id)
	switch {
	case md.ended:
		return meeting.MeetingEnded
	case p != nil && !p.left:
		return meeting.DuplicateParticipant
	case md.present() >= md.cfg.MaxParticipants:
		return meeting.ParticipantLimit
	}
	return noRefusal
}

// joined records a participant who joined (again, as a new machine).
func (md *meetingModel) joined(id string, role lifecycle.Role) {
	if p := md.person(id); p != nil {
		p.left, p.role = false, role
		return
	}
	md.people = append(md.people, modelPerson{id: id, role: role})
}

// refusal is why the meeting must refuse op, or noRefusal.
func (md *meetingModel) refusal(op orgOp) meeting.Reason {
	actor := md.person(op.actor)
	switch {
	case md.ended:
		return meeting.MeetingEnded
	case op.kind == "":
		return meeting.BadOp
	case actor == nil:
		return meeting.UnknownParticipant
	case actor.left:
		return meeting.ActorLeft
	case actor.role != lifecycle.Manager:
		return meeting.NotManager
	}
	switch op.kind {
	case "createRoom":
		switch {
		case op.thread == "" || op.name == "":
			return meeting.BadRoom
		case md.room(op.thread) >= 0 || slices.ContainsFunc(md.rooms, func(r modelRoom) bool { return r.name == op.name }):
			return meeting.DuplicateRoom
		case len(md.rooms) >= md.cfg.MaxRooms:
			return meeting.RoomLimit
		}
	case "removeRoom", "openRoom", "closeRoom", "setRoomAutoMove", "setRoomParticipantsCanReturn":
		if md.room(op.thread) < 0 {
			return meeting.UnknownRoom
		}
	case "assign", "unassign":
		if md.person(op.who) == nil {
			return meeting.UnknownParticipant
		}
		if op.kind == "assign" && md.room(op.thread) < 0 {
			return meeting.UnknownRoom
		}
	case "setTimeLimit":
		if op.limit < 0 {
			return meeting.BadOp
		}
	}
	return noRefusal
}

// apply carries out an operation the meeting took and reports whether it
// changed anything: an operation that changes something reaches every
// participant present (the meeting fans out), one that changes nothing
// reaches no one.
func (md *meetingModel) apply(op orgOp, now time.Time) bool {
	setOpen := func(i int, open bool) bool {
		if md.rooms[i].open == open {
			return false
		}
		if open {
			md.rooms[i].openedAt = now
		}
		md.rooms[i].open = open
		return true
	}
	setSwitch := func(p **bool, on bool) bool {
		if *p != nil && **p == on {
			return false
		}
		*p = &on
		return true
	}
	switch op.kind {
	case "createRoom":
		md.rooms = append(md.rooms, modelRoom{thread: op.thread, name: op.name})
		return true
	case "removeRoom":
		for id, th := range md.assign {
			if th == op.thread {
				delete(md.assign, id)
			}
		}
		i := md.room(op.thread)
		md.rooms = slices.Delete(md.rooms, i, i+1)
		return true
	case "openRoom", "closeRoom":
		return setOpen(md.room(op.thread), op.kind == "openRoom")
	case "openAllRooms", "closeAllRooms":
		changed := false
		for i := range md.rooms {
			changed = setOpen(i, op.kind == "openAllRooms") || changed
		}
		return changed
	case "assign", "unassign":
		to := ""
		if op.kind == "assign" {
			to = op.thread
		}
		if md.assign[op.who] == to {
			return false
		}
		if to == "" {
			delete(md.assign, op.who)
		} else {
			md.assign[op.who] = to
		}
		return true
	case "setTimeLimit":
		return set(&md.settings.TimeLimit, op.limit)
	case "setAutoMove":
		return set(&md.settings.AutoMove, op.on)
	case "setParticipantsCanReturn":
		return set(&md.settings.ParticipantsCanReturn, op.on)
	case "setRoomAutoMove":
		return setSwitch(&md.rooms[md.room(op.thread)].autoMove, op.on)
	case "setRoomParticipantsCanReturn":
		return setSwitch(&md.rooms[md.room(op.thread)].canReturn, op.on)
	}
	return false
}

// set sets *p to v and reports whether that changed it.
func set[T comparable](p *T, v T) bool {
	changed := *p != v
	*p = v
	return changed
}

// tick closes the rooms whose time limit is up and reports whether any did
// (the meeting then fans out).
func (md *meetingModel) tick(now time.Time) bool {
	closed := false
	for i, r := range md.rooms {
		if end := md.end(r); !end.IsZero() && !now.Before(end) {
			md.rooms[i].open = false
			closed = true
		}
	}
	return closed
}

// end ends the main meeting: every room closes.
func (md *meetingModel) endMeeting() {
	md.ended = true
	for i := range md.rooms {
		md.rooms[i].open = false
	}
}

// caughtUp records which participants an input brought up to date. lost are
// those an SDK event was lost to during the input. An input that fans out
// (synced nil, all true) brings every participant present up to date; a
// participant's own input brings that participant (synced) up to date; in
// either case, but for what was lost again. Any other input leaves stale who
// was stale.
func (md *meetingModel) caughtUp(all bool, synced string, lost map[string]bool) {
	for i := range md.people {
		p := &md.people[i]
		if all || p.id == synced {
			p.stale = lost[p.id]
		} else if lost[p.id] {
			p.stale = true
		}
	}
}

// noteLeft records who left, from an outcome's deliveries.
func (md *meetingModel) noteLeft(o meeting.Outcome) {
	for _, d := range o.Deliveries {
		if d.Position == lifecycle.PositionLeft {
			if p := md.person(d.Participant); p != nil {
				p.left = true
			}
		}
	}
}

// roomView is what a participant's machine must hold of a model room: the
// room as the SDK delivers it, with the invitees' raw ids.
type roomView struct {
	Thread, Name string
	Open, Auto   bool
	Invitees     []string
}

func (md *meetingModel) view(r modelRoom) roomView {
	return roomView{Thread: r.thread, Name: r.name, Open: r.open, Auto: md.autoMove(r), Invitees: md.invitees(r.thread)}
}

func viewOf(r lifecycle.Room) roomView {
	v := roomView{Thread: r.ThreadID, Name: r.DisplayName, Open: r.State == lifecycle.RoomOpen, Auto: r.AutoMove}
	for _, inv := range r.Invitees {
		v.Invitees = append(v.Invitees, inv.Identifier.RawID)
	}
	return v
}
