package meeting

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/inject"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// Delivery is one input one participant's machine received, and what it did.
type Delivery struct {
	// Participant is the id of the participant who received the input.
	Participant string
	// Input is what the participant received. The rooms and settings it
	// points to are shared with the meeting and other participants, and never
	// change: do not modify them.
	Input    lifecycle.Input
	Position lifecycle.Position
	State    lifecycle.State
	// Effects are the machine's effects, copied: they belong to the caller.
	Effects []lifecycle.Effect
	// Err is the machine's refusal or failure report (an *errcodes.Error),
	// or nil.
	Err     error
	Refused bool
}

// Outcome is what one input to the meeting did.
type Outcome struct {
	// Seq numbers the meeting's inputs, refused or not, from 1: every input
	// has exactly one outcome, and no two outcomes of a meeting share a Seq.
	Seq uint64
	// Deliveries are the inputs the participants received, in order: a
	// participant's inputs one after another, participants in join order.
	Deliveries []Delivery
	// Err is the meeting's refusal (an *errcodes.Error, whose cause names
	// the meeting's Reason), or nil: nothing changed, nobody received
	// anything. A participant's own refusal is its delivery's Err.
	Err error
}

// Settings are the organizer's settings for every room.
type Settings struct {
	// TimeLimit is how long a room stays open, counted from when it opened;
	// 0 means no limit.
	TimeLimit time.Duration
	// AutoMove moves participants into their open rooms automatically
	// (autoMoveParticipantToBreakoutRoom). Teams' default is on.
	AutoMove bool
	// ParticipantsCanReturn lets participants return to the main meeting
	// before their room closes (disableReturnToMainMeeting is its negation).
	// Teams' default is off.
	ParticipantsCanReturn bool
}

// room is one breakout room.
type room struct {
	thread, name string
	openedAt     time.Time
	end          time.Time // when a time limit closes the room
	// members are the indices of the participants assigned, ascending (join
	// order).
	members []int
	// invitees are the members as the SDK lists them; nil when they must be
	// rebuilt. Like view, never changed once built: views share them.
	invitees []lifecycle.Invitee
	// view is the room as the SDK delivers it (assignedBreakoutRooms data and
	// breakoutRooms entry); nil when it must be rebuilt. A view never changes
	// once built: machines keep references to it.
	view *lifecycle.Room
	// autoMove and canReturn override the meeting's settings for this room
	// when set.
	autoMove, canReturn *bool
	// settings are what the room's breakout call delivers
	// (breakoutRoomsSettings data); like view, never changed once built.
	settings     *lifecycle.Settings
	open, hasEnd bool
	// touched says the input being taken (between inputs: the last one)
	// changed the room (touchRoom), and membersBefore how many members it
	// had before. (With the flags above they fill one word: a meeting
	// holds many rooms.)
	touched       bool
	membersBefore int32
}

// membersChanged drops what was built from the room's members.
func (r *room) membersChanged() { r.view, r.invitees = nil, nil }

// sent records which settings a participant's machine holds for a breakout
// call.
type sent struct {
	thread   string
	settings *lifecycle.Settings
}

// participant is one participant of the meeting and what it has received.
type participant struct {
	Participant
	m *lifecycle.Machine
	// index is the participant's place in people (int32 with the two flags
	// keeps the struct in a smaller size class: a meeting holds many).
	index int32
	left  bool
	// stale is true while an SDK event lost by the fault injector has not
	// been delivered again.
	stale bool
	// pending is true while the participant is in Meeting.pending: the next
	// fan-out must visit it.
	pending bool
	// room is the meeting's assignment: a room's threadId, or "".
	room string
	// sentRoom is the assignedBreakoutRooms data last delivered (nil: none,
	// or undefined).
	sentRoom *lifecycle.Room
	// sentList is the generation of the room list last delivered (0: none).
	sentList uint64
	// callRoom is the room whose breakout call the participant is in, while
	// its position is in_room; callView is that room as it was delivered.
	callRoom string
	callView *lifecycle.Room
	// cur are the settings delivered for the call the participant is in or
	// joining from the main meeting; next those of a re-assigned join (R13),
	// nil when there are none (held apart: they are seldom there).
	cur  sent
	next *sent
}

// nextSent is what next points to, or nothing.
func (p *participant) nextSent() sent {
	if p.next == nil {
		return sent{}
	}
	return *p.next
}

// indexOf finds the participant with that id: its index in people.
func (m *Meeting) indexOf(id string) (int, bool) {
	k, ok := slices.BinarySearchFunc(m.byID, id, m.compareID)
	if !ok {
		return 0, false
	}
	return int(m.byID[k]), true
}

// addIndex indexes a new participant's id.
func (m *Meeting) addIndex(id string, i int) {
	k, _ := slices.BinarySearchFunc(m.byID, id, m.compareID)
	m.byID = slices.Insert(m.byID, k, int32(i))
}

func (m *Meeting) compareID(i int32, id string) int { return strings.Compare(m.people[i].ID, id) }

// invitee is the participant's entry in its room's invitees, built from its
// id and kind each time (it is not kept: a meeting holds many participants).
func (p *participant) invitee() lifecycle.Invitee {
	return lifecycle.Invitee{Identifier: identifierOf(p.Participant)}
}

// Meeting is one Teams meeting: its rooms, the organizer's settings and a
// participant machine per participant. It turns every change into the SDK
// events each affected participant receives. A Meeting is not safe for
// concurrent use; Host is the concurrent layer.
type Meeting struct {
	cfg   Config
	now   time.Time
	seq   uint64
	ended bool

	rooms  []*room // creation order
	roomAt map[string]int
	names  map[string]struct{}

	people  []*participant // join order
	byID    []int32        // indexes of people, sorted by id
	present int

	settings Settings

	list      []lifecycle.Room // the breakoutRooms data; never changed once built
	listGen   uint64
	listDirty bool

	// faults is the fault injector (internal/inject), or nil.
	faults inject.Injector

	// b builds the outcome of the input being taken; nil between inputs.
	b *builder

	// window holds the ids of the last inputs taken with one (Take); nil
	// until the first.
	window *window
	// changes is what the last input changed (changes.go); away indexes the
	// participants in the breakout call of a room they are not assigned to;
	// due caches NextDue.
	changes changes
	away    map[int32]string
	due     dueCache
	// managers are the indexes of the participants who joined as managers
	// (some may have left, or joined again as attendees), ascending: they
	// hold the room list.
	managers []int32
	// pending lists the participants whose last visit by sync left
	// something to deliver (an event lost or refused, or the room they are
	// in, closed, delivered while they are still in its call)
	// (participant.pending): the next fan-out visits them whatever changed.
	// It may hold an index twice, or one no longer pending.
	pending []int32
	// unsettled counts the SDK events lost or refused, and the closed rooms
	// delivered to participants still in their call.
	unsettled uint64
	// fanOutAll has fanOut visit every participant present (for tests).
	fanOutAll bool
}

// New creates a meeting with no rooms and no participants, auto-move on,
// returns not allowed and no time limit (Teams' defaults).
func New(cfg Config) (*Meeting, error) {
	c, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	return &Meeting{
		cfg:      c,
		roomAt:   make(map[string]int),
		names:    make(map[string]struct{}),
		settings: Settings{AutoMove: true},
	}, nil
}

// Config is the meeting's config, with the defaults filled in.
func (m *Meeting) Config() Config { return m.cfg }

// Now is the meeting's clock: the time of the last input it took.
func (m *Meeting) Now() time.Time { return m.now }

// Ended reports whether the main meeting has ended.
func (m *Meeting) Ended() bool { return m.ended }

// Settings are the organizer's settings.
func (m *Meeting) Settings() Settings { return m.settings }

// admit checks what every input is checked for first: the meeting has not
// ended and the clock does not go backwards.
func (m *Meeting) admit(now time.Time) *errcodes.Error {
	switch {
	case m.ended:
		return refuse(MeetingEnded, rule.R22, "§6: the main meeting has ended")
	case now.Before(m.now):
		return refuse(ClockBackwards, rule.Invalid, "§6: time "+now.UTC().Format(lifecycle.TimeFormat)+
			" is earlier than the meeting's clock "+m.now.UTC().Format(lifecycle.TimeFormat))
	case !now.IsZero() && now.Before(clockStart):
		// A participant machine's clock starts there (the zero time counts
		// as it): a machine would refuse the input the meeting took.
		return refuse(ClockBackwards, rule.Invalid, "§6: time "+now.UTC().Format(lifecycle.TimeFormat)+
			" is earlier than 1970-01-01T00:00:00Z, where the participants' clocks start")
	}
	return nil
}

// clockStart is where a participant machine's clock starts: the Unix epoch.
var clockStart = time.Unix(0, 0)

// AddParticipant lets a participant join the meeting. Its machine receives
// what the SDK delivers on joining: its assignment, if it has one (a
// participant who left and joins again keeps it), and for a manager the room
// list, if any room was ever created. A participant who left may join again
// with the same id, as a new machine; one who is present may not.
func (m *Meeting) AddParticipant(p Participant, now time.Time) Outcome {
	m.seq++
	m.begin()
	if err := m.admit(now); err != nil {
		return Outcome{Seq: m.seq, Err: err}
	}
	if err := p.validate(); err != nil {
		return Outcome{Seq: m.seq, Err: err}
	}
	idx, known := m.indexOf(p.ID)
	if known && !m.people[idx].left {
		return Outcome{Seq: m.seq, Err: refuse(DuplicateParticipant, rule.Invalid,
			"§6: participant "+strconv.Quote(p.ID)+" is already in the meeting")}
	}
	if m.present >= m.cfg.MaxParticipants {
		return Outcome{Seq: m.seq, Err: refuse(ParticipantLimit, rule.Invalid,
			"§6: the meeting already has "+strconv.Itoa(m.cfg.MaxParticipants)+" participants")}
	}
	cfg := m.cfg.Participant
	cfg.Role = p.Role
	machine, err := lifecycle.New(cfg)
	if err != nil { // resolve validated the config: not reachable
		return Outcome{Seq: m.seq, Err: refuse(BadConfig, rule.R1, "§6: "+err.Error())}
	}

	m.now = now
	np := &participant{Participant: p, m: machine}
	if known {
		old := m.people[idx]
		m.touchPerson(old)
		np.index, np.room = int32(idx), old.room
		if np.invitee() != old.invitee() && np.room != "" {
			r := m.rooms[m.roomAt[np.room]]
			m.touchRoom(r)
			r.membersChanged()
		}
		m.people[idx] = np
	} else {
		np.index = int32(len(m.people))
		m.addIndex(p.ID, int(np.index))
		m.people = append(m.people, np)
		m.changes.people = append(m.changes.people, uint32(np.index)) // absent and unassigned before
	}
	if p.Role == lifecycle.Manager {
		if k, found := slices.BinarySearch(m.managers, np.index); !found {
			m.managers = slices.Insert(m.managers, k, np.index)
		}
	}
	m.present++
	m.rebuild()
	m.fanOut(now)
	return m.finish()
}

// Apply applies one organizer operation at time now. The actor must be a
// manager who is present; the operation's names must exist (or, for a new
// room, must not); limits hold. A refused operation changes nothing. An
// operation that changes nothing (opening an open room, assigning a
// participant to its own room) is taken with no deliveries.
//
// The checks, in order: the meeting has not ended, the clock, the operation
// kind, the actor (known, present, a manager), then the operation's values.
func (m *Meeting) Apply(op Op, now time.Time) Outcome {
	m.seq++
	m.begin()
	if err := m.checkOp(op, now); err != nil {
		return Outcome{Seq: m.seq, Err: err}
	}
	m.now = now
	if m.do(op, now) {
		m.rebuild()
		m.fanOut(now)
	}
	return m.finish()
}

func (m *Meeting) checkOp(op Op, now time.Time) *errcodes.Error {
	if err := m.admit(now); err != nil {
		return err
	}
	if !op.kind.valid() {
		return refuse(BadOp, rule.Invalid, "§6: "+op.kind.String()+" is not an organizer operation")
	}
	idx, ok := m.indexOf(op.actor)
	switch {
	case !ok:
		return refuse(UnknownParticipant, rule.Invalid, "§6: no participant "+strconv.Quote(op.actor)+" to "+op.kind.String())
	case m.people[idx].left:
		return refuse(ActorLeft, rule.R22, "§6: "+strconv.Quote(op.actor)+" has left the meeting and cannot "+op.kind.String())
	case m.people[idx].Role != lifecycle.Manager:
		return errs.WithGuard(refuse(NotManager, rule.Invalid, "§6: only a manager changes breakout rooms; "+
			strconv.Quote(op.actor)+" is an attendee and cannot "+op.kind.String()), "manager")
	}
	switch op.kind {
	case opCreateRoom:
		switch {
		case op.thread == "" || op.name == "":
			return refuse(BadRoom, rule.Invalid, "§6: a room needs a non-empty threadId and display name")
		case m.hasRoom(op.thread):
			return refuse(DuplicateRoom, rule.Invalid, "§6: room "+op.thread+" already exists")
		case m.hasName(op.name):
			return refuse(DuplicateRoom, rule.Invalid, "§6: a room is already named "+strconv.Quote(op.name))
		case len(m.rooms) >= m.cfg.MaxRooms:
			return refuse(RoomLimit, rule.Invalid, "§6: the meeting already has "+strconv.Itoa(m.cfg.MaxRooms)+" rooms")
		}
	case opRemoveRoom, opOpenRoom, opCloseRoom, opSetRoomAutoMove, opSetRoomParticipantsCanReturn:
		if !m.hasRoom(op.thread) {
			return refuse(UnknownRoom, rule.Invalid, "§6: no room "+strconv.Quote(op.thread)+" to "+op.kind.String())
		}
	case opAssign, opUnassign:
		if _, ok := m.indexOf(op.participant); !ok {
			return refuse(UnknownParticipant, rule.Invalid, "§6: no participant "+strconv.Quote(op.participant)+" to "+op.kind.String())
		}
		if op.kind == opAssign && !m.hasRoom(op.thread) {
			return refuse(UnknownRoom, rule.Invalid, "§6: no room "+strconv.Quote(op.thread)+" to assign to")
		}
	case opSetTimeLimit:
		if op.limit < 0 {
			return refuse(BadOp, rule.Invalid, "§6: the time limit must not be negative")
		}
	}
	return nil
}

func (m *Meeting) hasRoom(thread string) bool { _, ok := m.roomAt[thread]; return ok }

func (m *Meeting) hasName(name string) bool { _, ok := m.names[name]; return ok }

func (m *Meeting) roomOf(thread string) *room {
	if i, ok := m.roomAt[thread]; ok {
		return m.rooms[i]
	}
	return nil
}

// do carries out a checked operation on the meeting's model and reports
// whether anything changed.
func (m *Meeting) do(op Op, now time.Time) bool {
	switch op.kind {
	case opCreateRoom:
		r := &room{thread: op.thread, name: op.name}
		m.touchRoom(r)
		r.settings = m.settingsOf(r)
		m.roomAt[r.thread] = len(m.rooms)
		m.names[r.name] = struct{}{}
		m.rooms = append(m.rooms, r)
		return true
	case opRemoveRoom:
		i := m.roomAt[op.thread]
		r := m.rooms[i]
		m.touchRoom(r)
		for _, pi := range r.members {
			m.touchPerson(m.people[pi])
			m.people[pi].room = ""
		}
		m.changes.shifted = min(m.changes.shifted, i)
		m.due.valid = false // its time limit goes with it
		m.rooms = slices.Delete(m.rooms, i, i+1)
		delete(m.roomAt, r.thread)
		delete(m.names, r.name)
		for j := i; j < len(m.rooms); j++ {
			m.roomAt[m.rooms[j].thread] = j
		}
		m.listDirty = true
		return true
	case opOpenRoom:
		return m.setOpen(m.roomOf(op.thread), true, now)
	case opCloseRoom:
		return m.setOpen(m.roomOf(op.thread), false, now)
	case opOpenAllRooms, opCloseAllRooms:
		changed := false
		for _, r := range m.rooms {
			changed = m.setOpen(r, op.kind == opOpenAllRooms, now) || changed
		}
		return changed
	case opAssign, opUnassign:
		idx, _ := m.indexOf(op.participant)
		p := m.people[idx]
		to := ""
		if op.kind == opAssign {
			to = op.thread
		}
		if p.room == to {
			return false
		}
		m.touchPerson(p)
		if r := m.roomOf(p.room); r != nil {
			m.touchRoom(r)
			i := slices.Index(r.members, int(p.index))
			r.members = slices.Delete(r.members, i, i+1)
			r.membersChanged()
		}
		p.room = to
		if r := m.roomOf(to); r != nil {
			m.touchRoom(r)
			at, _ := slices.BinarySearch(r.members, int(p.index))
			r.members = slices.Insert(r.members, at, int(p.index))
			r.membersChanged()
		}
		return true
	case opSetTimeLimit:
		if m.settings.TimeLimit == op.limit {
			return false
		}
		m.settings.TimeLimit = op.limit
		for _, r := range m.rooms {
			if r.open {
				m.touchRoom(r)
				m.setEnd(r)
				r.settings = m.settingsOf(r)
			}
		}
		return true
	case opSetAutoMove:
		if m.settings.AutoMove == op.on {
			return false
		}
		m.settings.AutoMove = op.on
		for _, r := range m.rooms {
			m.touchRoom(r)
			r.view = nil
		}
		return true
	case opSetRoomAutoMove:
		r := m.roomOf(op.thread)
		if r.autoMove != nil && *r.autoMove == op.on {
			return false
		}
		m.touchRoom(r)
		r.autoMove, r.view = &op.on, nil
		return true
	case opSetRoomParticipantsCanReturn:
		r := m.roomOf(op.thread)
		if r.canReturn != nil && *r.canReturn == op.on {
			return false
		}
		m.touchRoom(r)
		r.canReturn = &op.on
		r.settings = m.settingsOf(r)
		return true
	case opSetParticipantsCanReturn:
		if m.settings.ParticipantsCanReturn == op.on {
			return false
		}
		m.settings.ParticipantsCanReturn = op.on
		for _, r := range m.rooms {
			m.touchRoom(r)
			r.settings = m.settingsOf(r)
		}
		return true
	}
	return false
}

// setOpen opens or closes a room. A room that opens starts its time limit.
func (m *Meeting) setOpen(r *room, open bool, now time.Time) bool {
	if r.open == open {
		return false
	}
	m.touchRoom(r)
	r.open, r.view = open, nil
	if open {
		r.openedAt = now
	}
	m.setEnd(r)
	if open {
		// A room that closes keeps its settings: its breakout calls end, and
		// nothing new is sent on them.
		r.settings = m.settingsOf(r)
	}
	return true
}

// setEnd sets when the time limit closes an open room.
func (m *Meeting) setEnd(r *room) {
	m.due.valid = false
	r.hasEnd = r.open && m.settings.TimeLimit > 0
	r.end = time.Time{}
	if r.hasEnd {
		r.end = r.openedAt.Add(m.settings.TimeLimit)
	}
}

// autoMove is whether the room moves participants automatically: its own
// setting if it has one, else the meeting's.
func (m *Meeting) autoMove(r *room) bool {
	if r.autoMove != nil {
		return *r.autoMove
	}
	return m.settings.AutoMove
}

// canReturn is whether participants may return early from the room: its own
// setting if it has one, else the meeting's.
func (m *Meeting) canReturn(r *room) bool {
	if r.canReturn != nil {
		return *r.canReturn
	}
	return m.settings.ParticipantsCanReturn
}

// settingsOf builds the breakoutRoomsSettings data of a room:
// disableReturnToMainMeeting is the negation of "participants can return",
// and roomEndTime, when the room has a time limit, is its end as an RFC 3339
// string in UTC.
func (m *Meeting) settingsOf(r *room) *lifecycle.Settings {
	s := &lifecycle.Settings{DisableReturn: !m.canReturn(r), HasDisableReturn: true}
	if r.hasEnd {
		s.EndKind, s.EndAt = lifecycle.EndTimeString, r.end.UTC()
		s.EndText = s.EndAt.Format(lifecycle.TimeFormat)
	}
	return s
}

// ApplyParticipant gives one participant-side input to a participant's
// machine: a user action, the outcome of an effect its host carried out, a
// tick, the SDK's join event, or meetingEnded as that participant's client
// saw it. If the input takes the participant into a breakout call, the
// call's settings follow as a second delivery (the SDK delivers them on the
// breakout call). assignedBreakoutRooms, breakoutRoomsSettings and
// breakoutRooms come from the meeting itself and are refused here. The
// machine's own refusals are in the delivery: the meeting takes the input
// (its clock advances) and passes it on.
func (m *Meeting) ApplyParticipant(id string, in lifecycle.Input, now time.Time) Outcome {
	m.seq++
	m.begin()
	if err := m.admit(now); err != nil {
		return Outcome{Seq: m.seq, Err: err}
	}
	idx, ok := m.indexOf(id)
	if !ok {
		return Outcome{Seq: m.seq, Err: refuse(UnknownParticipant, rule.Invalid, "§6: no participant "+strconv.Quote(id))}
	}
	switch in.Kind {
	case lifecycle.InputAssignedRoom, lifecycle.InputSettings, lifecycle.InputRoomList:
		return Outcome{Seq: m.seq, Err: refuse(OrganizerEvent, rule.Invalid,
			"§6: "+in.Kind.String()+" comes from the meeting's rooms; change them with an organizer operation")}
	}
	m.now = now
	p := m.people[idx]
	m.deliver(p, in, now)
	m.sync(p, now)
	return m.finish()
}

// Tick is the passing of time. First every open room whose time limit is
// up closes, in creation order, as if the organizer closed it (its
// participants receive the closed room, R12); then every participant with a
// timer due at now is ticked, in join order.
func (m *Meeting) Tick(now time.Time) Outcome {
	m.seq++
	m.begin()
	if err := m.admit(now); err != nil {
		return Outcome{Seq: m.seq, Err: err}
	}
	m.now = now
	closed := false
	for _, r := range m.rooms {
		if r.open && r.hasEnd && !now.Before(r.end) {
			closed = m.setOpen(r, false, now) || closed
		}
	}
	if closed {
		m.rebuild()
		m.fanOut(now)
	}
	for _, p := range m.people {
		if p.left {
			continue
		}
		if due, ok := p.m.NextDue(); ok && !now.Before(due) {
			m.deliver(p, lifecycle.Input{Kind: lifecycle.InputTick}, now)
			m.sync(p, now)
		}
	}
	return m.finish()
}

// End ends the main meeting: every participant present receives
// meetingEnded (R22) and every room closes, so that no room outlives the
// main meeting. Every later input is refused.
func (m *Meeting) End(now time.Time) Outcome {
	m.seq++
	m.begin()
	if err := m.admit(now); err != nil {
		return Outcome{Seq: m.seq, Err: err}
	}
	m.now = now
	m.ended = true
	for _, p := range m.people {
		if !p.left {
			m.deliver(p, lifecycle.Input{Kind: lifecycle.InputMeetingEnded}, now)
		}
	}
	for _, r := range m.rooms {
		m.setOpen(r, false, now)
	}
	m.rebuild()
	return m.finish()
}

// NextDue is the earliest time something happens by itself: a room's time
// limit runs out, or a participant's timer falls due. The host calls Tick
// then.
func (m *Meeting) NextDue() (time.Time, bool) {
	if !m.due.valid {
		m.due.at, m.due.has = m.nextDue()
		m.due.valid = true
	}
	return m.due.at, m.due.has
}

// nextDue finds NextDue's answer by visiting every room and participant.
func (m *Meeting) nextDue() (time.Time, bool) {
	var best time.Time
	ok := false
	consider := func(t time.Time) {
		if !ok || t.Before(best) {
			best, ok = t, true
		}
	}
	for _, r := range m.rooms {
		if r.open && r.hasEnd {
			consider(r.end)
		}
	}
	for _, p := range m.people {
		if p.left {
			continue
		}
		if t, due := p.m.NextDue(); due {
			consider(t)
		}
	}
	return best, ok
}
