package lifecycle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/jsonscan"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
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
	var r rare
	f := m.facts(&r)
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
	s.Main.ResumesByReturn = append(s.Main.ResumesByReturn, f.moreByReturn...)
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
		return errs.NewKind(errcodes.UnknownInput, rule.R24, "snapshot: "+fmt.Sprintf(format, a...))
	}
	if s.Version != SnapshotVersion {
		return nil, bad("version: %d, want %d", s.Version, SnapshotVersion)
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
		return nil, bad("state: unknown state %q", s.State)
	}
	if (st == StateUnavailable) != (m.gate() != nil) {
		return nil, bad("state, config: state %s does not fit the config (R1: a machine outside a Teams meeting, or with the feature disabled, is unavailable, and only then)", st)
	}
	if !inSpan(s.Now) {
		return nil, bad("now: %v is not a time a machine keeps (years 0000 to 9999, not the zero time)", s.Now)
	}
	m.now = instantOf(s.Now)
	var c core
	var r rare
	f := facts{core: &c, rare: &r}
	if len(s.Assignment) > 0 {
		in, derr := DecodeEvent(s.Assignment)
		if derr != nil || in.Kind != InputAssignedRoom || in.Room == nil {
			return nil, bad("assignment: not an assignedBreakoutRooms event with a room: %v", derr)
		}
		f.room = in.Room
	}
	if len(s.RoomList) > 0 {
		in, derr := DecodeEvent(s.RoomList)
		if derr != nil || in.Kind != InputRoomList {
			return nil, bad("roomList: not a breakoutRooms event: %v", derr)
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
			return nil, bad("notifications: %q unknown or repeated", name)
		}
		f.notes |= 1 << n
	}
	for _, t := range s.Timers {
		tm, ok := lookupName(AllTimers(), t.Timer)
		if !ok || f.timerSet&(1<<tm) != 0 {
			return nil, bad("timers: %q unknown or repeated", t.Timer)
		}
		if !inSpan(t.At) {
			return nil, bad("timers: %s at %v is not a time a machine keeps (years 0000 to 9999, not the zero time)", t.Timer, t.At)
		}
		f.timerSet |= 1 << tm
		f.setAt(tm, instantOf(t.At))
	}
	mainState := slices.Index(mainCallNames[:], s.Main.State)
	if mainState < 0 {
		return nil, bad("main.state: unknown main call state %q", s.Main.State)
	}
	f.main = mainCall(mainState)
	for _, name := range s.Main.InFlight {
		op := slices.Index(mainOpNames[:], name)
		if op < 0 || f.mainInFlight[op] > maxMainInFlight+1 {
			return nil, bad("main.inFlight: %q unknown, or more of it than the engine lets be in flight", name)
		}
		f.mainInFlight[op]++
	}
	if len(s.Main.ResumesByReturn) != int(f.mainInFlight[opResume]) {
		return nil, bad("main.resumesByReturn: %d flags for %d resumes in flight", len(s.Main.ResumesByReturn), f.mainInFlight[opResume])
	}
	for i, byReturn := range s.Main.ResumesByReturn {
		switch {
		case i >= 8:
			f.moreByReturn = append(f.moreByReturn, byReturn)
		case byReturn:
			f.resumeByReturn |= 1 << i
		}
	}
	f.generation, f.activeHold = s.Main.Generation, s.Main.ActiveHold
	for i, c := range s.Calls {
		role := callRole(slices.Index(callRoleNames[:], c.Role))
		if role < roleCurrent || role > roleLeaving || c.ThreadID == "" {
			return nil, bad("calls[%d].role, calls[%d].threadId: unknown role %q or no threadId", i, i, c.Role)
		}
		if c.JoinSeq > s.Seq || c.HangUpSeq > s.Seq {
			return nil, bad("calls[%d].joinSeq, calls[%d].hangUpSeq: beyond seq", i, i)
		}
		f.calls.add(breakoutCall{thread: c.ThreadID, role: role, up: c.Up, connected: c.Connected,
			joinPending: c.JoinPending, hangPending: c.HangUpPending, joinSeq: c.JoinSeq, hangSeq: c.HangUpSeq})
	}
	f.seq = s.Seq
	f.returnedEarly, f.autoMoveOnReturn, f.callID = s.ReturnedEarly, s.AutoMoveOnReturn, s.CallID
	c.st, c.full, c.cfgIdx, c.call = st, false, m.cfgIdx, 0
	m.core = c
	m.storeRare(f)
	if err := m.CheckInvariants(); err != nil {
		return nil, bad("%v", err)
	}
	return m, nil
}

// UnmarshalSnapshot decodes and restores a machine from its JSON snapshot.
// It reads JSON as strictly as DecodeEvent does: unknown keys, keys written
// in another case, a key given twice and anything after the object are
// refused, as is a snapshot that Restore refuses.
func UnmarshalSnapshot(b []byte) (*Machine, error) {
	bad := func(err error) error {
		return errs.NewKind(errcodes.UnknownInput, rule.R24, "snapshot: "+err.Error())
	}
	if err := strictJSON(b, reflect.TypeFor[Snapshot]()); err != nil {
		return nil, bad(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var s Snapshot
	if err := dec.Decode(&s); err != nil {
		return nil, bad(err)
	}
	return Restore(s)
}

// strictJSON checks that b holds exactly one JSON value of type t with no
// key given twice and every key spelled exactly as t's fields are (the
// standard decoder matches keys in any case). json.RawMessage values are
// left to DecodeEvent, which is as strict.
func strictJSON(b []byte, t reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := strictValue(dec, t, ""); err != nil {
		return err
	}
	if len(bytes.TrimLeft(b[dec.InputOffset():], " \t\r\n")) > 0 {
		return fmt.Errorf("data after the snapshot object")
	}
	return nil
}

var rawMessageType = reflect.TypeFor[json.RawMessage]()

func strictValue(dec *json.Decoder, t reflect.Type, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("%s: %v", orTop(path), err)
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	delim, isDelim := tok.(json.Delim)
	switch {
	case t == rawMessageType:
		if isDelim {
			return skipValue(dec, delim)
		}
	case t.Kind() == reflect.Struct && t != reflect.TypeFor[time.Time]() && delim == '{':
		seen := map[string]bool{}
		for dec.More() {
			keyTok, err := dec.Token()
			if err != nil {
				return fmt.Errorf("%s: %v", orTop(path), err)
			}
			key := keyTok.(string)
			field, ok := jsonField(t, key)
			switch {
			case !ok:
				return fmt.Errorf("%s: unknown key %q", orTop(path), key)
			case seen[key]:
				return fmt.Errorf("%s: key %q is given twice", orTop(path), key)
			}
			seen[key] = true
			if err := strictValue(dec, field.Type, path+"."+key); err != nil {
				return err
			}
		}
		_, err := dec.Token() // '}'
		return err
	case t.Kind() == reflect.Slice && delim == '[':
		for i := 0; dec.More(); i++ {
			if err := strictValue(dec, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		_, err := dec.Token() // ']'
		return err
	case isDelim:
		// A type mismatch: the standard decoder reports it.
		return skipValue(dec, delim)
	}
	return nil
}

// jsonField is t's field whose JSON name is exactly key.
func jsonField(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		if name == key && f.IsExported() {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// skipValue reads past the rest of a value whose opening delim was read.
func skipValue(dec *json.Decoder, delim json.Delim) error {
	if delim == '}' || delim == ']' {
		return nil
	}
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

func orTop(path string) string {
	if path == "" {
		return "the snapshot"
	}
	return strings.TrimPrefix(path, ".")
}

func restoreSettings(s *SnapshotSettings) (settingsFacts, error) {
	if s == nil {
		return settingsFacts{}, nil
	}
	in, derr := DecodeEvent(s.Event)
	if derr != nil || in.Kind != InputSettings || in.Settings == nil {
		return settingsFacts{}, fmt.Errorf("event: not a breakoutRoomsSettings event with data: %v", derr)
	}
	out := settingsFacts{value: in.Settings}
	hasEnd := in.Settings.EndKind == EndTimeString || in.Settings.EndKind == EndTimeAttempt || in.Settings.EndKind == EndTimeDelta
	if hasEnd != (s.End != nil) {
		return settingsFacts{}, fmt.Errorf("end: an end time is given exactly when the event's roomEndTime has one")
	}
	if s.End != nil {
		if !inSpan(*s.End) {
			return settingsFacts{}, fmt.Errorf("end: %v is not a time a machine keeps (years 0000 to 9999, not the zero time)", *s.End)
		}
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
	for _, d := range []struct {
		name string
		ms   int64
	}{{"autoMoveDelayMs", c.AutoMoveDelayMs}, {"hangUpDelayMs", c.HangUpDelayMs}, {"roomEndGraceMs", c.RoomEndGraceMs}} {
		if d.ms < 0 || d.ms > jsonscan.MaxDurationMs {
			return Config{}, fmt.Errorf("config.%s: %d is not a delay from 0 to %d ms", d.name, d.ms, jsonscan.MaxDurationMs)
		}
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

// inSpan reports whether t is a time a machine keeps exactly: one within
// the years 0000 to 9999 (RFC 3339's span). The zero time.Time is not one (a
// machine's clock starts at the Unix epoch, and a snapshot writes that).
func inSpan(t time.Time) bool { return !t.IsZero() && instantOf(t).Time().Equal(t) }
