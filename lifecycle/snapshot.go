package lifecycle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
)

// SnapshotVersion is the version of the snapshot format this package writes
// and reads.
const SnapshotVersion = 1

// Snapshot is everything a participant machine knows, in a form that encodes
// to JSON and back. Rooms and settings keep the SDK's own JSON shape.
type Snapshot struct {
	Version int            `json:"version"`
	Config  SnapshotConfig `json:"config"`
	State   string         `json:"state"`
	Now     time.Time      `json:"now"`

	Assignment      json.RawMessage   `json:"assignment,omitempty"`
	Settings        *SnapshotSettings `json:"settings,omitempty"`
	PendingSettings *SnapshotSettings `json:"pendingSettings,omitempty"`
	RoomList        json.RawMessage   `json:"roomList,omitempty"`

	Notifications []string        `json:"notifications"`
	Timers        []SnapshotTimer `json:"timers"`

	Main  SnapshotMain   `json:"main"`
	Calls []SnapshotCall `json:"calls"`
	Seq   uint32         `json:"seq"`

	ReturnedEarly    bool   `json:"returnedEarly"`
	AutoMoveOnReturn bool   `json:"autoMoveOnReturn"`
	CallID           string `json:"callId,omitempty"`
}

// SnapshotConfig is a machine's config.
type SnapshotConfig struct {
	Role            string `json:"role"`
	Meeting         string `json:"meeting"`
	FeatureEnabled  bool   `json:"featureEnabled"`
	AutoMoveDelayMs int64  `json:"autoMoveDelayMs"`
	HangUpDelayMs   int64  `json:"hangUpDelayMs"`
	RoomEndGraceMs  int64  `json:"roomEndGraceMs"`
}

// SnapshotSettings is a breakout call's settings: the SDK event that carried
// them, and the end time they resolved to.
type SnapshotSettings struct {
	Event json.RawMessage `json:"event"`
	End   *time.Time      `json:"end,omitempty"`
}

// SnapshotTimer is a pending timer.
type SnapshotTimer struct {
	Timer string    `json:"timer"`
	At    time.Time `json:"at"`
}

// SnapshotMain is the main meeting call.
type SnapshotMain struct {
	State    string   `json:"state"`
	InFlight []string `json:"inFlight"`
	// ResumesByReturn says, for each resumeMain in flight, oldest first,
	// whether a return issued it.
	ResumesByReturn []bool `json:"resumesByReturn"`
	// ActiveHold: the newest hold in flight serves the join being made now.
	ActiveHold bool   `json:"activeHold"`
	Generation uint32 `json:"generation"`
}

// SnapshotCall is one breakout call.
type SnapshotCall struct {
	ThreadID      string `json:"threadId"`
	Role          string `json:"role"`
	Up            bool   `json:"up"`
	Connected     bool   `json:"connected"`
	JoinPending   bool   `json:"joinPending"`
	HangUpPending bool   `json:"hangUpPending"`
	JoinSeq       uint32 `json:"joinSeq"`
	HangUpSeq     uint32 `json:"hangUpSeq"`
}

// Snapshot captures the machine.
func (m *Machine) Snapshot() Snapshot {
	facts := m.facts()
	f := &facts
	cfg := m.config()
	s := Snapshot{
		Version: SnapshotVersion,
		Config: SnapshotConfig{
			Role: cfg.Role.String(), Meeting: cfg.Meeting.String(), FeatureEnabled: cfg.FeatureEnabled,
			AutoMoveDelayMs: cfg.AutoMoveDelay.Milliseconds(), HangUpDelayMs: cfg.HangUpDelay.Milliseconds(),
			RoomEndGraceMs: cfg.RoomEndGrace.Milliseconds(),
		},
		State:            m.st.String(),
		Now:              m.now.Time(),
		Notifications:    []string{},
		Timers:           []SnapshotTimer{},
		Calls:            []SnapshotCall{},
		Seq:              f.seq,
		ReturnedEarly:    f.returnedEarly,
		AutoMoveOnReturn: f.autoMoveOnReturn,
		CallID:           f.callID,
		Main: SnapshotMain{
			State: f.main.String(), InFlight: []string{}, ResumesByReturn: []bool{}, ActiveHold: f.activeHold, Generation: f.generation,
		},
	}
	if f.room != nil {
		s.Assignment = mustEncode(Input{Kind: InputAssignedRoom, Room: f.room})
	}
	if f.hasRoomList {
		s.RoomList = mustEncode(Input{Kind: InputRoomList, Rooms: f.rooms, RoomsDefined: true})
	}
	s.Settings = snapshotSettings(&f.settings)
	s.PendingSettings = snapshotSettings(&f.pending)
	for _, n := range m.ActiveNotifications() {
		s.Notifications = append(s.Notifications, n.String())
	}
	for _, t := range m.PendingTimers() {
		s.Timers = append(s.Timers, SnapshotTimer{Timer: t.Timer.String(), At: t.At})
	}
	for i := range min(f.mainInFlight[opResume], 8) {
		s.Main.ResumesByReturn = append(s.Main.ResumesByReturn, f.resumeByReturn&(1<<i) != 0)
	}
	for op, n := range f.mainInFlight {
		for range n {
			s.Main.InFlight = append(s.Main.InFlight, mainOpNames[op])
		}
	}
	for i := range f.calls.all() {
		c := &f.calls.all()[i]
		s.Calls = append(s.Calls, SnapshotCall{
			ThreadID: c.thread, Role: c.role.String(), Up: c.up, Connected: c.connected,
			JoinPending: c.joinPending, HangUpPending: c.hangPending, JoinSeq: c.joinSeq, HangUpSeq: c.hangSeq,
		})
	}
	return s
}

func snapshotSettings(st *settingsFacts) *SnapshotSettings {
	if !st.present() {
		return nil
	}
	out := &SnapshotSettings{Event: mustEncode(Input{Kind: InputSettings, Settings: st.value})}
	if st.hasEnd {
		end := st.end.Time()
		out.End = &end
	}
	return out
}

func mustEncode(in Input) json.RawMessage {
	b, err := EncodeEvent(in)
	if err != nil {
		// Everything a machine holds came through the decoder or passed
		// checkInput, so it encodes; say so loudly in the snapshot if not.
		b, _ = json.Marshal(map[string]string{"unencodable": err.Error()})
	}
	return b
}

// MarshalJSON encodes the machine as its snapshot.
func (m *Machine) MarshalJSON() ([]byte, error) { return json.Marshal(m.Snapshot()) }

// Restore rebuilds a machine from a snapshot, after checking that it is one
// this package could have written: a known version, a valid config, names it
// knows, and facts that fit the state (see CheckInvariants). A snapshot that
// could not have been reached is refused with an unknownInput error.
func Restore(s Snapshot) (*Machine, error) {
	bad := func(format string, a ...any) error {
		return errcodes.NewKind(errcodes.UnknownInput, errcodes.R24, "snapshot: "+fmt.Sprintf(format, a...))
	}
	if s.Version != SnapshotVersion {
		return nil, bad("version %d, want %d", s.Version, SnapshotVersion)
	}
	cfg, err := s.Config.config()
	if err != nil {
		return nil, bad("%v", err)
	}
	m, err := New(cfg)
	if err != nil {
		return nil, bad("%v", err)
	}
	st, ok := lookupName(AllStates(), s.State)
	if !ok {
		return nil, bad("unknown state %q", s.State)
	}
	if (st == StateUnavailable) != (m.gate() != nil) {
		return nil, bad("state %s does not fit the config (R1)", st)
	}
	m.now = instantOf(s.Now)
	var facts facts
	f := &facts
	if len(s.Assignment) > 0 {
		in, derr := DecodeEvent(s.Assignment)
		if derr != nil || in.Kind != InputAssignedRoom || in.Room == nil {
			return nil, bad("assignment is not an assigned room event: %v", derr)
		}
		f.room = in.Room
	}
	if len(s.RoomList) > 0 {
		in, derr := DecodeEvent(s.RoomList)
		if derr != nil || in.Kind != InputRoomList {
			return nil, bad("roomList is not a breakoutRooms event: %v", derr)
		}
		f.rooms, f.hasRoomList = in.Rooms, in.RoomsDefined
	}
	if f.settings, err = restoreSettings(s.Settings); err != nil {
		return nil, bad("settings: %v", err)
	}
	if f.pending, err = restoreSettings(s.PendingSettings); err != nil {
		return nil, bad("pendingSettings: %v", err)
	}
	for _, name := range s.Notifications {
		n, ok := lookupName(AllNotifications(), name)
		if !ok || f.notes&(1<<n) != 0 {
			return nil, bad("notification %q unknown or repeated", name)
		}
		f.notes |= 1 << n
	}
	for _, t := range s.Timers {
		tm, ok := lookupName(AllTimers(), t.Timer)
		if !ok || f.timerSet&(1<<tm) != 0 {
			return nil, bad("timer %q unknown or repeated", t.Timer)
		}
		f.timerSet |= 1 << tm
		f.setAt(tm, instantOf(t.At))
	}
	mainState := slices.Index(mainCallNames[:], s.Main.State)
	if mainState < 0 {
		return nil, bad("unknown main call state %q", s.Main.State)
	}
	f.main = mainCall(mainState)
	for _, name := range s.Main.InFlight {
		op := slices.Index(mainOpNames[:], name)
		if op < 0 || f.mainInFlight[op] == 255 {
			return nil, bad("main call effect in flight %q unknown or too many", name)
		}
		f.mainInFlight[op]++
	}
	if len(s.Main.ResumesByReturn) != int(min(f.mainInFlight[opResume], 8)) {
		return nil, bad("%d resumes by return for %d resumes in flight", len(s.Main.ResumesByReturn), f.mainInFlight[opResume])
	}
	for i, byReturn := range s.Main.ResumesByReturn {
		if byReturn {
			f.resumeByReturn |= 1 << i
		}
	}
	f.generation, f.activeHold = s.Main.Generation, s.Main.ActiveHold
	for i, c := range s.Calls {
		role := callRole(slices.Index(callRoleNames[:], c.Role))
		if role < roleCurrent || role > roleLeaving || c.ThreadID == "" {
			return nil, bad("call %d: unknown role %q or no threadId", i, c.Role)
		}
		if c.JoinSeq > s.Seq || c.HangUpSeq > s.Seq {
			return nil, bad("call %d: sequence numbers beyond seq", i)
		}
		f.calls.add(breakoutCall{thread: c.ThreadID, role: role, up: c.Up, connected: c.Connected,
			joinPending: c.JoinPending, hangPending: c.HangUpPending, joinSeq: c.JoinSeq, hangSeq: c.HangUpSeq})
	}
	f.seq = s.Seq
	f.returnedEarly, f.autoMoveOnReturn, f.callID = s.ReturnedEarly, s.AutoMoveOnReturn, s.CallID
	m.store(f, st)
	if err := m.CheckInvariants(); err != nil {
		return nil, bad("%v", err)
	}
	return m, nil
}

// UnmarshalSnapshot decodes and restores a machine from its JSON snapshot.
// Unknown fields are refused.
func UnmarshalSnapshot(b []byte) (*Machine, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var s Snapshot
	if err := dec.Decode(&s); err != nil {
		return nil, errcodes.NewKind(errcodes.UnknownInput, errcodes.R24, "snapshot: "+err.Error())
	}
	return Restore(s)
}

func restoreSettings(s *SnapshotSettings) (settingsFacts, error) {
	if s == nil {
		return settingsFacts{}, nil
	}
	in, derr := DecodeEvent(s.Event)
	if derr != nil || in.Kind != InputSettings || in.Settings == nil {
		return settingsFacts{}, fmt.Errorf("not a breakoutRoomsSettings event with data: %v", derr)
	}
	out := settingsFacts{value: in.Settings}
	hasEnd := in.Settings.EndKind == EndTimeString || in.Settings.EndKind == EndTimeAttempt || in.Settings.EndKind == EndTimeDelta
	if hasEnd != (s.End != nil) {
		return settingsFacts{}, fmt.Errorf("end time does not fit the event's roomEndTime")
	}
	if s.End != nil {
		out.hasEnd, out.end = true, instantOf(*s.End)
	}
	return out, nil
}

func (c SnapshotConfig) config() (Config, error) {
	role, ok := lookupName([]Role{Attendee, Manager}, c.Role)
	if !ok {
		return Config{}, fmt.Errorf("config: unknown role %q", c.Role)
	}
	meeting, ok := lookupName([]MeetingKind{MeetingTeams, MeetingOther}, c.Meeting)
	if !ok {
		return Config{}, fmt.Errorf("config: unknown meeting %q", c.Meeting)
	}
	return Config{
		Role: role, Meeting: meeting, FeatureEnabled: c.FeatureEnabled,
		AutoMoveDelay: time.Duration(c.AutoMoveDelayMs) * time.Millisecond,
		HangUpDelay:   time.Duration(c.HangUpDelayMs) * time.Millisecond,
		RoomEndGrace:  time.Duration(c.RoomEndGraceMs) * time.Millisecond,
	}, nil
}

func lookupName[E interface{ String() string }](all []E, name string) (E, bool) {
	for _, v := range all {
		if v.String() == name {
			return v, true
		}
	}
	var zero E
	return zero, false
}
