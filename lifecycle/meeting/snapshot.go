package meeting

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// SnapshotVersion is the version of the meeting snapshot format this
// package writes (MarshalJSON) and reads (Unmarshal): the snapshot's
// "version" field, its first. A snapshot of any other version is refused
// whole: nothing of it is read.
const SnapshotVersion = 1

// meetingSnapshot is everything a meeting knows, in a form that encodes to
// JSON and back: the config, the clock, the organizer's settings, the rooms,
// every participant with its machine (lifecycle.Snapshot, as the machine
// takes it) and what the meeting last delivered to it, and the window of
// input ids the meeting has taken (Take). A host stores it between inputs
// (Host, Store), encoded (MarshalJSON); restore rebuilds the meeting.
//
// What the meeting delivered is kept by reference where it is what the
// room is now (most of the time), and as the SDK event otherwise (a
// participant who lost an event, or one who left): the meeting delivers by
// difference, so a restored meeting must tell "already has this view" from
// "has an older one equal to it" exactly as the meeting did.
//
// The fault injector (internal/inject) is not part of the meeting's state: it is
// the caller's, to install again on the restored meeting.
type meetingSnapshot struct {
	Version  int              `json:"version"`
	Config   snapshotConfig   `json:"config"`
	Now      time.Time        `json:"now"`
	Seq      uint64           `json:"seq"`
	Ended    bool             `json:"ended,omitempty"`
	Settings snapshotSettings `json:"settings"`
	// ListGen numbers the room lists the meeting built (0: none yet).
	ListGen      uint64                `json:"listGen,omitempty"`
	Rooms        []snapshotRoom        `json:"rooms"`
	Participants []snapshotParticipant `json:"participants"`
	// Window is the input ids the meeting took most recently, oldest first,
	// at most InputWindow of them.
	Window snapshotWindow `json:"window"`
}

// snapshotConfig is the meeting's config. The participants' config is that
// of lifecycle.SnapshotConfig without the role, which each participant
// brings.
type snapshotConfig struct {
	MaxRooms        int    `json:"maxRooms"`
	MaxParticipants int    `json:"maxParticipants"`
	Meeting         string `json:"meeting"`
	FeatureEnabled  bool   `json:"featureEnabled"`
	AutoMoveDelayMs int64  `json:"autoMoveDelayMs"`
	HangUpDelayMs   int64  `json:"hangUpDelayMs"`
	RoomEndGraceMs  int64  `json:"roomEndGraceMs"`
}

// snapshotSettings are the organizer's settings for every room.
type snapshotSettings struct {
	// TimeLimit is a Go duration ("30m0s"), exact to the nanosecond.
	TimeLimit             string `json:"timeLimit"`
	AutoMove              bool   `json:"autoMove"`
	ParticipantsCanReturn bool   `json:"participantsCanReturn"`
}

// snapshotRoom is one room. Its invitees are the participants whose Room it
// is, in join order; its time limit's end follows from OpenedAt and the
// settings.
type snapshotRoom struct {
	ThreadID    string `json:"threadId"`
	DisplayName string `json:"displayName"`
	Open        bool   `json:"open,omitempty"`
	// OpenedAt is when the room last opened (absent: never).
	OpenedAt *time.Time `json:"openedAt,omitempty"`
	// AutoMove and ParticipantsCanReturn override the meeting's settings for
	// this room when present.
	AutoMove              *bool `json:"autoMove,omitempty"`
	ParticipantsCanReturn *bool `json:"participantsCanReturn,omitempty"`
	// SettingsEnd is the roomEndTime the room's breakout call settings
	// carry: the time limit's end while the room is open with one, and what
	// it was when it closed (a closed room keeps its settings).
	SettingsEnd *time.Time `json:"settingsEnd,omitempty"`
}

// snapshotParticipant is one participant, its machine, and what the meeting
// last delivered to it.
type snapshotParticipant struct {
	ID   string `json:"id"`
	Role string `json:"role"`
	// Kind is its identifier's kind, as lifecycle.IdentifierKind names it.
	Kind  string `json:"kind"`
	Left  bool   `json:"left,omitempty"`
	Stale bool   `json:"stale,omitempty"`
	// Room is its assignment's threadId ("" for none).
	Room    string             `json:"room,omitempty"`
	Machine lifecycle.Snapshot `json:"machine"`
	// Elided lists the parts of Machine left out because they are, byte
	// for byte, what the meeting delivered and the snapshot holds anyway:
	// "assignment" (SentRoom's event), "roomList" (the meeting's room list,
	// when SentList is the latest), "settings" and "pendingSettings" (the
	// events of CallSettings and NextSettings). restore puts them back
	// before lifecycle.Restore reads the machine. Without it a meeting's
	// snapshot would hold every room's invitees once per participant.
	Elided []string `json:"elided,omitempty"`

	// SentRoom is the assignedBreakoutRooms data last delivered (absent:
	// none, or undefined).
	SentRoom *snapshotView `json:"sentRoom,omitempty"`
	// SentList is the generation of the room list last delivered (0: none).
	SentList uint64 `json:"sentList,omitempty"`
	// CallRoom is the room whose breakout call the participant is in, and
	// CallView that room as it was delivered.
	CallRoom string        `json:"callRoom,omitempty"`
	CallView *snapshotView `json:"callView,omitempty"`
	// CallSettings are the settings delivered for the call it is in or
	// joining from the main meeting; NextSettings those of a re-assigned
	// join (R13).
	CallSettings *snapshotSent `json:"callSettings,omitempty"`
	NextSettings *snapshotSent `json:"nextSettings,omitempty"`
}

// snapshotView is a room as it was delivered: either the room's view as it
// is now (Current, its threadId), or an older one, as the
// assignedBreakoutRooms event that carried it.
type snapshotView struct {
	Current string          `json:"current,omitempty"`
	Event   json.RawMessage `json:"event,omitempty"`
}

// snapshotSent is the settings delivered for one breakout call: the room's
// settings as they are now (Current), or older ones, as the
// breakoutRoomsSettings event that carried them.
type snapshotSent struct {
	ThreadID string          `json:"threadId"`
	Current  bool            `json:"current,omitempty"`
	Event    json.RawMessage `json:"event,omitempty"`
}

// snapshotWindow is the input-id window: IDs[i] was taken as input Seqs[i].
type snapshotWindow struct {
	IDs  []string `json:"ids"`
	Seqs []uint64 `json:"seqs"`
}

// capture takes the meeting's snapshot. It changes nothing; the snapshot
// shares nothing with the meeting.
func (m *Meeting) capture() meetingSnapshot {
	pc := m.cfg.Participant
	s := meetingSnapshot{
		Version: SnapshotVersion,
		Config: snapshotConfig{
			MaxRooms: m.cfg.MaxRooms, MaxParticipants: m.cfg.MaxParticipants,
			Meeting: pc.Meeting.String(), FeatureEnabled: pc.FeatureEnabled,
			AutoMoveDelayMs: pc.AutoMoveDelay.Milliseconds(), HangUpDelayMs: pc.HangUpDelay.Milliseconds(),
			RoomEndGraceMs: pc.RoomEndGrace.Milliseconds(),
		},
		Now: m.now, Seq: m.seq, Ended: m.ended,
		Settings: snapshotSettings{
			TimeLimit: m.settings.TimeLimit.String(), AutoMove: m.settings.AutoMove,
			ParticipantsCanReturn: m.settings.ParticipantsCanReturn,
		},
		ListGen:      m.listGen,
		Rooms:        make([]snapshotRoom, len(m.rooms)),
		Participants: make([]snapshotParticipant, len(m.people)),
		Window:       snapshotWindow{IDs: []string{}, Seqs: []uint64{}},
	}
	for i, r := range m.rooms {
		sr := snapshotRoom{ThreadID: r.thread, DisplayName: r.name, Open: r.open,
			AutoMove: clonePtr(r.autoMove), ParticipantsCanReturn: clonePtr(r.canReturn)}
		if !r.openedAt.IsZero() {
			sr.OpenedAt = clonePtr(&r.openedAt)
		}
		if r.settings != nil && r.settings.EndKind == lifecycle.EndTimeString {
			sr.SettingsEnd = clonePtr(&r.settings.EndAt)
		}
		s.Rooms[i] = sr
	}
	var enc encodings
	for i, p := range m.people {
		sp := snapshotParticipant{
			ID: p.ID, Role: p.Role.String(), Kind: p.Kind.String(), Left: p.left, Stale: p.stale,
			Room: p.room, Machine: p.m.Snapshot(),
			SentRoom: m.viewRef(p.sentRoom), SentList: p.sentList,
			CallRoom: p.callRoom, CallView: m.viewRef(p.callView),
			CallSettings: m.sentRef(p.cur),
		}
		if p.next != nil {
			sp.NextSettings = m.sentRef(*p.next)
		}
		m.elide(&sp, p, &enc)
		s.Participants[i] = sp
	}
	if m.window != nil {
		s.Window.IDs = append(s.Window.IDs, m.window.ids...)
		s.Window.Seqs = append(s.Window.Seqs, m.window.seqs...)
	}
	return s
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// viewRef refers to a delivered room: by threadId when it is the room's view
// now, else as its event.
func (m *Meeting) viewRef(v *lifecycle.Room) *snapshotView {
	if v == nil {
		return nil
	}
	if r := m.roomOf(v.ThreadID); r != nil && r.view == v {
		return &snapshotView{Current: v.ThreadID}
	}
	b, err := lifecycle.EncodeEvent(lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: v})
	if err != nil { // every view the meeting built or delivered encodes
		b = unencodable(err)
	}
	return &snapshotView{Event: b}
}

// sentRef refers to delivered settings: as the room's current ones, or as
// their event.
func (m *Meeting) sentRef(s sent) *snapshotSent {
	if s == (sent{}) {
		return nil
	}
	out := &snapshotSent{ThreadID: s.thread}
	if r := m.roomOf(s.thread); r != nil && r.settings == s.settings {
		out.Current = true
		return out
	}
	b, err := lifecycle.EncodeEvent(lifecycle.Input{Kind: lifecycle.InputSettings, Settings: s.settings})
	if err != nil {
		b = unencodable(err)
	}
	out.Event = b
	return out
}

// encodings caches the events a capture encodes: the views participants
// share, and the room list.
type encodings struct {
	views map[*lifecycle.Room][]byte
	list  []byte
}

func (e *encodings) view(v *lifecycle.Room) []byte {
	if b, ok := e.views[v]; ok {
		return b
	}
	if e.views == nil {
		e.views = make(map[*lifecycle.Room][]byte)
	}
	b, err := lifecycle.EncodeEvent(lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: v})
	if err != nil {
		b = nil // never equal to a machine's: nothing is elided
	}
	e.views[v] = b
	return b
}

// elide leaves out of the machine's snapshot what equals, byte for byte,
// what the meeting holds anyway (snapshotParticipant.Elided).
func (m *Meeting) elide(sp *snapshotParticipant, p *participant, enc *encodings) {
	ms := &sp.Machine
	if p.sentRoom != nil && len(ms.Assignment) > 0 && bytes.Equal(ms.Assignment, enc.view(p.sentRoom)) {
		ms.Assignment = nil
		sp.Elided = append(sp.Elided, elidedAssignment)
	}
	if p.sentList == m.listGen && p.sentList > 0 && len(ms.RoomList) > 0 {
		if enc.list == nil {
			enc.list, _ = lifecycle.EncodeEvent(lifecycle.Input{Kind: lifecycle.InputRoomList, Rooms: m.list, RoomsDefined: true})
		}
		if bytes.Equal(ms.RoomList, enc.list) {
			ms.RoomList = nil
			sp.Elided = append(sp.Elided, elidedRoomList)
		}
	}
	elideSettings := func(have *lifecycle.SnapshotSettings, s sent, name string) {
		if have == nil || s == (sent{}) {
			return
		}
		b, err := lifecycle.EncodeEvent(lifecycle.Input{Kind: lifecycle.InputSettings, Settings: s.settings})
		if err == nil && bytes.Equal(have.Event, b) {
			have.Event = nil
			sp.Elided = append(sp.Elided, name)
		}
	}
	elideSettings(ms.Settings, p.cur, elidedSettings)
	elideSettings(ms.PendingSettings, p.nextSent(), elidedPending)
}

// The parts of a machine's snapshot a meeting snapshot may leave out.
const (
	elidedAssignment = "assignment"
	elidedRoomList   = "roomList"
	elidedSettings   = "settings"
	elidedPending    = "pendingSettings"
)

// unelide puts back what elide left out; the events are encoded from what
// the restored meeting holds, so they are the bytes that were left out.
func (m *Meeting) unelide(field string, sp *snapshotParticipant, p *participant) *errcodes.Error {
	ms := &sp.Machine
	seen := map[string]bool{}
	for _, name := range sp.Elided {
		if seen[name] {
			return badSnapshot(field+".elided", strconv.Quote(name)+" listed twice")
		}
		seen[name] = true
		var err error
		switch name {
		case elidedAssignment:
			if p.sentRoom == nil || !absent(ms.Assignment) {
				return badSnapshot(field+".elided", "assignment elided with no room delivered, or present")
			}
			ms.Assignment, err = lifecycle.EncodeEvent(lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: p.sentRoom})
		case elidedRoomList:
			if p.sentList != m.listGen || p.sentList == 0 || !absent(ms.RoomList) {
				return badSnapshot(field+".elided", "roomList elided but not the latest list delivered, or present")
			}
			ms.RoomList, err = lifecycle.EncodeEvent(lifecycle.Input{Kind: lifecycle.InputRoomList, Rooms: m.list, RoomsDefined: true})
		case elidedSettings, elidedPending:
			have, s := ms.Settings, p.cur
			if name == elidedPending {
				have, s = ms.PendingSettings, p.nextSent()
			}
			if have == nil || !absent(have.Event) || s == (sent{}) {
				return badSnapshot(field+".elided", name+" elided with no settings delivered, or present")
			}
			have.Event, err = lifecycle.EncodeEvent(lifecycle.Input{Kind: lifecycle.InputSettings, Settings: s.settings})
		default:
			return badSnapshot(field+".elided", "unknown part "+strconv.Quote(name))
		}
		if err != nil {
			return badSnapshot(field+".elided", err.Error())
		}
	}
	return nil
}

// absent reports whether a raw JSON value is absent or null.
func absent(b json.RawMessage) bool { return len(b) == 0 || string(b) == "null" }

// unencodable says so loudly in the snapshot, which restore then refuses.
func unencodable(err error) json.RawMessage {
	b, _ := json.Marshal(map[string]string{"unencodable": err.Error()})
	return b
}

// MarshalJSON encodes the meeting as its snapshot: everything the meeting
// knows, as one JSON object whose first field is "version"
// (SnapshotVersion). It holds the config, the clock and the number of inputs
// taken, the organizer's settings, the rooms in creation order, every
// participant in join order with its machine (as lifecycle.Snapshot
// encodes it) and what the meeting last delivered to it, and the ids of the
// last InputWindow inputs taken (Take). The format is this package's: store
// the bytes and give them to Unmarshal; the same meeting encodes to the same
// bytes. It changes nothing. A host stores it between inputs (Host, Store).
func (m *Meeting) MarshalJSON() ([]byte, error) { return json.Marshal(m.capture()) }

// snapshotError names the field of a meeting snapshot that Unmarshal
// refused, and what was wrong with it. It is the cause of the
// *errcodes.Error Unmarshal returns (its text ends with the field and the
// problem), and matches BadSnapshot (errors.Is).
type snapshotError struct {
	// Field is the path of the field, such as "participants[3].machine" or
	// "version".
	Field   string
	Problem string
}

func (e *snapshotError) Error() string { return "meeting snapshot: " + e.Field + ": " + e.Problem }

// Unwrap makes every snapshot error match BadSnapshot.
func (e *snapshotError) Unwrap() error { return BadSnapshot }

func badSnapshot(field, problem string) *errcodes.Error {
	cause := &snapshotError{Field: field, Problem: problem}
	return errs.WithCause(errs.NewKind(BadSnapshot.kind(), rule.Invalid, "§6: the meeting snapshot cannot be restored"), cause)
}

// Unmarshal decodes a meeting snapshot (MarshalJSON) and restores the
// meeting, after checking that it is one this package could have written:
// its version, its config, every room and participant (each machine through
// lifecycle.Restore, which refuses a machine no input could have reached),
// the references between them, the input-id window, and finally every
// invariant CheckInvariants checks. Unknown fields are refused, and so is a
// version other than SnapshotVersion, before any other field is read. A
// snapshot refused is an *errcodes.Error (unknownInput) matching BadSnapshot
// (errors.Is), whose text ends with the field refused and why, such as
// "meeting snapshot: participants[3].machine: …"; nothing is returned then.
func Unmarshal(b []byte) (*Meeting, error) {
	v, err := version(b)
	switch {
	case err != nil:
		return nil, badSnapshot("(json)", err.Error())
	case v == nil:
		return nil, badSnapshot("version", "missing")
	case *v != SnapshotVersion:
		return nil, versionRefused(*v)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var s meetingSnapshot
	if err := dec.Decode(&s); err != nil {
		return nil, badSnapshot("(json)", err.Error())
	}
	if dec.More() {
		return nil, badSnapshot("(json)", "data after the snapshot")
	}
	return restore(s)
}

// version reads the snapshot's version: from its first field, where capture
// writes it, without reading the rest; else from the whole object.
func version(b []byte) (*int, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err == nil && tok == json.Delim('{') {
		if key, err := dec.Token(); err == nil && key == "version" {
			var v int
			if err := dec.Decode(&v); err != nil {
				return nil, err
			}
			return &v, nil
		}
	}
	var probe struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, err
	}
	return probe.Version, nil
}

func versionRefused(v int) *errcodes.Error {
	problem := "version " + strconv.Itoa(v) + " is not " + strconv.Itoa(SnapshotVersion) + ", the one this build reads"
	if v > SnapshotVersion {
		problem += " (written by a newer build)"
	} else {
		problem += " (written by an older build)"
	}
	return badSnapshot("version", problem)
}

// restore rebuilds a meeting from its snapshot, after checking that it is
// one this package could have written: its version, its config, every room
// and participant (each machine through lifecycle.Restore, which refuses a
// machine no input could have reached), the references between them, the
// input-id window, and finally every invariant CheckInvariants checks. A
// snapshot that fails any check is refused with an *errcodes.Error
// (unknownInput) whose cause is a *snapshotError naming the field; nothing
// is returned then.
func restore(s meetingSnapshot) (*Meeting, error) {
	if s.Version != SnapshotVersion {
		return nil, versionRefused(s.Version)
	}
	cfg, err := s.Config.config()
	if err != nil {
		return nil, err
	}
	m, nerr := New(cfg)
	if nerr != nil {
		return nil, badSnapshot("config", nerr.Error())
	}
	m.now, m.seq, m.ended = s.Now, s.Seq, s.Ended
	limit, perr := time.ParseDuration(s.Settings.TimeLimit)
	if perr != nil || limit < 0 {
		return nil, badSnapshot("settings.timeLimit", "not a duration of zero or more: "+strconv.Quote(s.Settings.TimeLimit))
	}
	m.settings = Settings{TimeLimit: limit,
		AutoMove: s.Settings.AutoMove, ParticipantsCanReturn: s.Settings.ParticipantsCanReturn}

	if len(s.Rooms) > m.cfg.MaxRooms {
		return nil, badSnapshot("rooms", strconv.Itoa(len(s.Rooms))+" rooms, more than the limit "+strconv.Itoa(m.cfg.MaxRooms))
	}
	for i, sr := range s.Rooms {
		if err := m.restoreRoom(i, sr); err != nil {
			return nil, err
		}
	}
	if len(s.Rooms) > 0 && s.ListGen == 0 {
		return nil, badSnapshot("listGen", "0 with rooms: a room list was built when the first room was created")
	}

	for i := range s.Participants {
		if err := m.restoreParticipant(i, &s.Participants[i]); err != nil {
			return nil, err
		}
	}
	if m.present > m.cfg.MaxParticipants {
		return nil, badSnapshot("participants", strconv.Itoa(m.present)+" present, more than the limit "+strconv.Itoa(m.cfg.MaxParticipants))
	}
	// The rooms' views and the room list, as the meeting built them.
	if s.ListGen > 0 {
		m.listDirty = true
	}
	m.rebuild()
	m.listGen = s.ListGen

	for i := range s.Participants {
		if err := m.restoreSent(i, &s.Participants[i]); err != nil {
			return nil, err
		}
	}
	for i := range s.Participants {
		if err := m.restoreMachine(i, s.Participants[i]); err != nil {
			return nil, err
		}
	}
	if err := m.restoreWindow(s.Window); err != nil {
		return nil, err
	}
	m.reindex()
	if err := m.CheckInvariants(); err != nil {
		return nil, badSnapshot("(invariants)", err.Error())
	}
	return m, nil
}

// reindex rebuilds, once every participant is restored, the indexes the
// meeting keeps beside its snapshot for its fan-out and its checks: the
// managers, the participants in the call of a room they are not assigned
// to, and those the next fan-out must visit. Every participant present is
// marked to be visited once: a visit that finds nothing new delivers
// nothing, so the restored meeting answers every input as the original
// would, and the visits after it are those the original would make.
func (m *Meeting) reindex() {
	m.managers, m.pending = m.managers[:0], m.pending[:0]
	clear(m.away)
	for _, p := range m.people {
		if p.Role == lifecycle.Manager {
			m.managers = append(m.managers, p.index)
		}
		if thread := p.away(); thread != "" {
			if m.away == nil {
				m.away = make(map[int32]string)
			}
			m.away[p.index] = thread
		}
		if !p.left {
			p.pending = true
			m.pending = append(m.pending, p.index)
		}
	}
	m.due.valid = false
}

func (c snapshotConfig) config() (Config, *errcodes.Error) {
	kind, ok := lookup([]lifecycle.MeetingKind{lifecycle.MeetingTeams, lifecycle.MeetingOther}, c.Meeting)
	if !ok {
		return Config{}, badSnapshot("config.meeting", "unknown meeting kind "+strconv.Quote(c.Meeting))
	}
	for _, f := range []struct {
		name string
		v    int64
	}{{"config.autoMoveDelayMs", c.AutoMoveDelayMs}, {"config.hangUpDelayMs", c.HangUpDelayMs}, {"config.roomEndGraceMs", c.RoomEndGraceMs}} {
		if f.v < 0 {
			return Config{}, badSnapshot(f.name, "negative")
		}
	}
	switch {
	case c.MaxRooms <= 0:
		return Config{}, badSnapshot("config.maxRooms", "must be positive")
	case c.MaxParticipants <= 0:
		return Config{}, badSnapshot("config.maxParticipants", "must be positive")
	}
	return Config{
		MaxRooms: c.MaxRooms, MaxParticipants: c.MaxParticipants,
		Participant: lifecycle.Config{
			Role: lifecycle.Attendee, Meeting: kind, FeatureEnabled: c.FeatureEnabled,
			AutoMoveDelay: time.Duration(c.AutoMoveDelayMs) * time.Millisecond,
			HangUpDelay:   time.Duration(c.HangUpDelayMs) * time.Millisecond,
			RoomEndGrace:  time.Duration(c.RoomEndGraceMs) * time.Millisecond,
		},
	}, nil
}

func lookup[E interface{ String() string }](all []E, name string) (E, bool) {
	for _, v := range all {
		if v.String() == name {
			return v, true
		}
	}
	var zero E
	return zero, false
}

func (m *Meeting) restoreRoom(i int, sr snapshotRoom) *errcodes.Error {
	field := "rooms[" + strconv.Itoa(i) + "]"
	switch {
	case sr.ThreadID == "" || sr.DisplayName == "":
		return badSnapshot(field, "a room needs a non-empty threadId and displayName")
	case m.hasRoom(sr.ThreadID):
		return badSnapshot(field+".threadId", "room "+sr.ThreadID+" is listed twice")
	case m.hasName(sr.DisplayName):
		return badSnapshot(field+".displayName", strconv.Quote(sr.DisplayName)+" names two rooms")
	case sr.Open && sr.OpenedAt == nil:
		return badSnapshot(field+".openedAt", "an open room has an opening time")
	case sr.OpenedAt != nil && sr.OpenedAt.After(m.now):
		return badSnapshot(field+".openedAt", "after the meeting's clock")
	}
	r := &room{thread: sr.ThreadID, name: sr.DisplayName, open: sr.Open,
		autoMove: clonePtr(sr.AutoMove), canReturn: clonePtr(sr.ParticipantsCanReturn)}
	if sr.OpenedAt != nil {
		r.openedAt = *sr.OpenedAt
	}
	m.setEnd(r)
	s := m.settingsOf(r)
	switch {
	case r.hasEnd && (sr.SettingsEnd == nil || !sr.SettingsEnd.Equal(r.end)):
		return badSnapshot(field+".settingsEnd", "an open room's settings carry its time limit's end "+r.end.UTC().Format(lifecycle.TimeFormat))
	case r.open && !r.hasEnd && sr.SettingsEnd != nil:
		return badSnapshot(field+".settingsEnd", "an end time with no time limit running")
	case !r.open && sr.SettingsEnd != nil:
		// A closed room keeps the settings it had when it closed.
		if sr.OpenedAt == nil || sr.SettingsEnd.Before(*sr.OpenedAt) {
			return badSnapshot(field+".settingsEnd", "an end time before the room ever opened")
		}
		s.EndKind, s.EndAt = lifecycle.EndTimeString, sr.SettingsEnd.UTC()
		s.EndText = s.EndAt.Format(lifecycle.TimeFormat)
	}
	r.settings = s
	m.roomAt[r.thread] = len(m.rooms)
	m.names[r.name] = struct{}{}
	m.rooms = append(m.rooms, r)
	return nil
}

// restoreParticipant restores a participant and its machine; what the meeting
// delivered to it waits for the rooms' views (restoreSent).
func (m *Meeting) restoreParticipant(i int, sp *snapshotParticipant) *errcodes.Error {
	field := "participants[" + strconv.Itoa(i) + "]"
	role, ok := lookup([]lifecycle.Role{lifecycle.Attendee, lifecycle.Manager}, sp.Role)
	if !ok {
		return badSnapshot(field+".role", "unknown role "+strconv.Quote(sp.Role))
	}
	kinds := []lifecycle.IdentifierKind{lifecycle.IdentifierCommunicationUser, lifecycle.IdentifierMicrosoftTeamsUser,
		lifecycle.IdentifierPhoneNumber, lifecycle.IdentifierMicrosoftTeamsApp, lifecycle.IdentifierUnknown}
	kind, ok := lookup(kinds, sp.Kind)
	if !ok {
		return badSnapshot(field+".kind", "unknown identifier kind "+strconv.Quote(sp.Kind))
	}
	p := Participant{ID: sp.ID, Role: role, Kind: kind}
	if err := p.validate(); err != nil {
		return badSnapshot(field, err.Message)
	}
	if _, dup := m.indexOf(p.ID); dup {
		return badSnapshot(field+".id", strconv.Quote(p.ID)+" is listed twice")
	}
	if sp.Room != "" && !m.hasRoom(sp.Room) {
		return badSnapshot(field+".room", "no room "+strconv.Quote(sp.Room))
	}
	np := &participant{Participant: p, index: int32(len(m.people)), left: sp.Left, stale: sp.Stale, room: sp.Room}
	m.addIndex(p.ID, len(m.people))
	m.people = append(m.people, np)
	if r := m.roomOf(np.room); r != nil {
		r.members = append(r.members, int(np.index)) // join order: ascending
	}
	if !np.left {
		m.present++
	}
	return nil
}

// restoreMachine restores a participant's machine, once what the meeting
// delivered to it is restored (the parts of the machine's snapshot left out
// are encoded from it).
func (m *Meeting) restoreMachine(i int, sp snapshotParticipant) *errcodes.Error {
	field := "participants[" + strconv.Itoa(i) + "]"
	p := m.people[i]
	sp.Machine = cloneMachineSnapshot(sp.Machine)
	if err := m.unelide(field, &sp, p); err != nil {
		return err
	}
	machine, err := lifecycle.Restore(sp.Machine)
	if err != nil {
		return badSnapshot(field+".machine", err.Error())
	}
	want := m.cfg.Participant
	want.Role = p.Role
	switch {
	case machine.Config() != want:
		return badSnapshot(field+".machine.config", "not the meeting's participant config with the participant's role")
	case machine.Now().After(m.now):
		return badSnapshot(field+".machine.now", "after the meeting's clock")
	case p.left != (machine.Position() == lifecycle.PositionLeft):
		return badSnapshot(field+".left", "left is "+strconv.FormatBool(p.left)+" at position "+machine.Position().String())
	}
	p.m = machine
	return nil
}

// cloneMachineSnapshot copies the settings a restore fills in, so that
// restore leaves the caller's snapshot as it was.
func cloneMachineSnapshot(s lifecycle.Snapshot) lifecycle.Snapshot {
	s.Settings, s.PendingSettings = clonePtr(s.Settings), clonePtr(s.PendingSettings)
	return s
}

// restoreSent restores what the meeting last delivered to a participant.
func (m *Meeting) restoreSent(i int, sp *snapshotParticipant) *errcodes.Error {
	field := "participants[" + strconv.Itoa(i) + "]"
	p := m.people[i]
	var err *errcodes.Error
	if p.sentRoom, err = m.view(field+".sentRoom", sp.SentRoom); err != nil {
		return err
	}
	if p.callView, err = m.view(field+".callView", sp.CallView); err != nil {
		return err
	}
	switch {
	case sp.SentList > m.listGen:
		return badSnapshot(field+".sentList", "a room list not built yet")
	case sp.SentList > 0 && p.Role != lifecycle.Manager:
		return badSnapshot(field+".sentList", "an attendee never receives the room list (R23)")
	case sp.CallRoom != "" && p.callView == nil:
		return badSnapshot(field+".callView", "missing for the call in "+sp.CallRoom)
	case sp.CallRoom == "" && p.callView != nil:
		return badSnapshot(field+".callView", "a view with no call")
	case p.callView != nil && p.callView.ThreadID != sp.CallRoom:
		return badSnapshot(field+".callView", "the view of "+p.callView.ThreadID+" for the call in "+sp.CallRoom)
	}
	p.sentList, p.callRoom = sp.SentList, sp.CallRoom
	if p.cur, err = m.sent(field+".callSettings", sp.CallSettings); err != nil {
		return err
	}
	if sp.NextSettings != nil {
		next, err := m.sent(field+".nextSettings", sp.NextSettings)
		if err != nil {
			return err
		}
		p.next = &next
	}
	return nil
}

func (m *Meeting) view(field string, v *snapshotView) (*lifecycle.Room, *errcodes.Error) {
	switch {
	case v == nil:
		return nil, nil
	case (v.Current == "") == absent(v.Event):
		return nil, badSnapshot(field, "exactly one of current and event")
	case v.Current != "":
		r := m.roomOf(v.Current)
		if r == nil {
			return nil, badSnapshot(field+".current", "no room "+strconv.Quote(v.Current))
		}
		return r.view, nil
	}
	in, err := lifecycle.DecodeEvent(v.Event)
	if err != nil || in.Kind != lifecycle.InputAssignedRoom || in.Room == nil {
		return nil, badSnapshot(field+".event", "not an assignedBreakoutRooms event with a room: "+errText(err))
	}
	return in.Room, nil
}

func (m *Meeting) sent(field string, s *snapshotSent) (sent, *errcodes.Error) {
	switch {
	case s == nil:
		return sent{}, nil
	case s.ThreadID == "":
		return sent{}, badSnapshot(field+".threadId", "empty")
	case s.Current == !absent(s.Event):
		return sent{}, badSnapshot(field, "exactly one of current and event")
	case s.Current:
		r := m.roomOf(s.ThreadID)
		if r == nil {
			return sent{}, badSnapshot(field+".threadId", "no room "+strconv.Quote(s.ThreadID))
		}
		return sent{s.ThreadID, r.settings}, nil
	}
	in, err := lifecycle.DecodeEvent(s.Event)
	if err != nil || in.Kind != lifecycle.InputSettings || in.Settings == nil {
		return sent{}, badSnapshot(field+".event", "not a breakoutRoomsSettings event with data: "+errText(err))
	}
	return sent{s.ThreadID, in.Settings}, nil
}

func errText(err error) string {
	if err == nil {
		return "another event"
	}
	return err.Error()
}

func (m *Meeting) restoreWindow(w snapshotWindow) *errcodes.Error {
	switch {
	case len(w.IDs) != len(w.Seqs):
		return badSnapshot("window", strconv.Itoa(len(w.IDs))+" ids for "+strconv.Itoa(len(w.Seqs))+" seqs")
	case len(w.IDs) > InputWindow:
		return badSnapshot("window", strconv.Itoa(len(w.IDs))+" ids, more than the window's "+strconv.Itoa(InputWindow))
	case len(w.IDs) == 0:
		return nil
	}
	win := newWindow()
	for i, id := range w.IDs {
		field := "window.ids[" + strconv.Itoa(i) + "]"
		switch {
		case !validInputID(id):
			return badSnapshot(field, "not a valid input id")
		case w.Seqs[i] == 0 || w.Seqs[i] > m.seq:
			return badSnapshot("window.seqs["+strconv.Itoa(i)+"]", "not an input the meeting took")
		case i > 0 && w.Seqs[i] <= w.Seqs[i-1]:
			return badSnapshot("window.seqs["+strconv.Itoa(i)+"]", "not after the one before")
		}
		if _, dup := win.seen[id]; dup {
			return badSnapshot(field, strconv.Quote(id)+" is listed twice")
		}
		win.add(id, w.Seqs[i])
	}
	m.window = win
	return nil
}
