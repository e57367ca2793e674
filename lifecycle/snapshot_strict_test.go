package lifecycle

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
)

// Restore accepts exactly the snapshots some sequence of inputs can produce.
// These tests take snapshots of machines in rich states, change one field,
// and check that the result is refused with an error that names the field.

func openRoom(thread string, auto bool) *Room {
	return &Room{ThreadID: thread, State: RoomOpen, AutoMove: auto, HasAutoMove: auto}
}

func closedRoom(thread string) *Room { return &Room{ThreadID: thread, State: RoomClosed} }

func timedSettings(allow bool, endMs float64) *Settings {
	s := &Settings{HasDisableReturn: true, DisableReturn: !allow}
	if endMs > 0 {
		s.EndKind, s.EndNumber, s.Delta = EndTimeDelta, endMs, time.Duration(endMs)*time.Millisecond
	}
	return s
}

// driven is a machine of cfg after the inputs, one second apart, each of
// which must be accepted.
func driven(tb testing.TB, cfg Config, ins ...Input) *Machine {
	tb.Helper()
	m, err := New(cfg)
	require.NoError(tb, err)
	for i, in := range ins {
		res, err := m.Apply(&in, testTime(i))
		require.False(tb, res.Refused, "input %d (%s): %v", i, in.Kind, err)
	}
	require.NoError(tb, m.CheckInvariants())
	return m
}

func managerConfig() Config {
	c := DefaultConfig()
	c.Role = Manager
	return c
}

// snapshotBases are machines whose snapshots use every field.
func snapshotBases(tb testing.TB) map[string]*Machine {
	return map[string]*Machine{
		// A manager in a timed room, with its room list, a re-assigned join
		// in flight that has its own settings and the SDK's call id.
		"switching": driven(tb, managerConfig(),
			Input{Kind: InputAssignedRoom, Room: openRoom("19:r1", false)},
			Input{Kind: InputJoin},
			Input{Kind: InputHoldMainOK},
			Input{Kind: InputJoinBreakoutOK},
			Input{Kind: InputSettings, Settings: timedSettings(true, 60000)},
			Input{Kind: InputRoomList, RoomsDefined: true, Rooms: []Room{*openRoom("19:r1", false), *openRoom("19:r2", false)}},
			Input{Kind: InputAssignedRoom, Room: openRoom("19:r2", false)},
			Input{Kind: InputJoin},
			Input{Kind: InputJoinEvent, CallID: "call-2"},
			Input{Kind: InputSettings, Settings: timedSettings(false, 90000)},
		),
		// A manager joining with its hold in flight, after a join given up
		// whose hang-up failed and whose resume is still in flight.
		"joining": driven(tb, managerConfig(),
			Input{Kind: InputAssignedRoom, Room: openRoom("19:r1", false)},
			Input{Kind: InputJoin},
			Input{Kind: InputHoldMainOK},
			Input{Kind: InputAssignedRoom, Room: closedRoom("19:r1")},
			Input{Kind: InputJoinBreakoutOK},
			Input{Kind: InputHangUpBreakoutFailed},
			Input{Kind: InputAssignedRoom, Room: openRoom("19:r1", false)},
			Input{Kind: InputJoin},
		),
		// An attendee on its way back from a closed room, with an open
		// auto-move room announced on the way and the rejoin in flight.
		"returning": driven(tb, DefaultConfig(),
			Input{Kind: InputAssignedRoom, Room: openRoom("19:r1", false)},
			Input{Kind: InputJoin},
			Input{Kind: InputHoldMainOK},
			Input{Kind: InputJoinBreakoutOK},
			Input{Kind: InputAssignedRoom, Room: closedRoom("19:r1")},
			Input{Kind: InputAssignedRoom, Room: openRoom("19:r2", true)},
		),
		// An attendee that returned early from an open room, back in it.
		"early": driven(tb, DefaultConfig(),
			Input{Kind: InputAssignedRoom, Room: openRoom("19:r1", false)},
			Input{Kind: InputJoin},
			Input{Kind: InputHoldMainOK},
			Input{Kind: InputJoinBreakoutOK},
			Input{Kind: InputHangUpMainOK},
			Input{Kind: InputSettings, Settings: timedSettings(true, 0)},
			Input{Kind: InputReturn},
			Input{Kind: InputHangUpBreakoutOK},
			Input{Kind: InputRejoinMainOK},
		),
	}
}

// tamper is one change to a snapshot, in its JSON form.
type tamper struct {
	base  string
	field string // what the refusal must name
	edit  func(s map[string]any)
}

func obj(v any) map[string]any { return v.(map[string]any) }
func arr(v any) []any          { return v.([]any) }

// callWithRole is the snapshot's first call with the role.
func snapCall(s map[string]any, role string) map[string]any {
	for _, c := range arr(s["calls"]) {
		if obj(c)["role"] == role {
			return obj(c)
		}
	}
	panic("no " + role + " call")
}

func snapTimer(s map[string]any, name string) map[string]any {
	for _, t := range arr(s["timers"]) {
		if obj(t)["timer"] == name {
			return obj(t)
		}
	}
	panic("no timer " + name)
}

func shifted(v any, d time.Duration) string {
	t, err := time.Parse(time.RFC3339Nano, v.(string))
	if err != nil {
		panic(err)
	}
	return t.Add(d).Format(time.RFC3339Nano)
}

// tampers has, for every field a snapshot carries, at least one change that
// no sequence of inputs can produce; TestRestoreTamperCasesCoverEveryField
// keeps it so.
var tampers = map[string]tamper{
	"version":                 {"switching", "version", func(s map[string]any) { s["version"] = 2 }},
	"config.role":             {"switching", "config", func(s map[string]any) { obj(s["config"])["role"] = "spectator" }},
	"config.role: attendee":   {"switching", "roomList", func(s map[string]any) { obj(s["config"])["role"] = "attendee" }},
	"config.meeting":          {"switching", "config", func(s map[string]any) { obj(s["config"])["meeting"] = "" }},
	"config.meeting: R1":      {"early", "config", func(s map[string]any) { obj(s["config"])["meeting"] = "other" }},
	"config.featureEnabled":   {"early", "config", func(s map[string]any) { obj(s["config"])["featureEnabled"] = false }},
	"config.autoMoveDelayMs":  {"early", "config.autoMoveDelayMs", func(s map[string]any) { obj(s["config"])["autoMoveDelayMs"] = -1 }},
	"config.autoMoveDelayMs+": {"early", "config.autoMoveDelayMs", func(s map[string]any) { obj(s["config"])["autoMoveDelayMs"] = int64(1) << 60 }},
	"config.hangUpDelayMs":    {"early", "config.hangUpDelayMs", func(s map[string]any) { obj(s["config"])["hangUpDelayMs"] = int64(math.MaxInt64) }},
	"config.roomEndGraceMs":   {"switching", "roomEnd", func(s map[string]any) { obj(s["config"])["roomEndGraceMs"] = 4000 }},
	"config.roomEndGraceMs+":  {"switching", "config.roomEndGraceMs", func(s map[string]any) { obj(s["config"])["roomEndGraceMs"] = int64(1) << 62 }},
	"state":                   {"switching", "state", func(s map[string]any) { s["state"] = "floating" }},
	"state: main":             {"switching", "state", func(s map[string]any) { s["state"] = "main" }},
	"state: unavailable":      {"early", "state", func(s map[string]any) { s["state"] = "unavailable" }},
	"now":                     {"early", "now", func(s map[string]any) { s["now"] = "0001-01-01T00:00:00Z" }},
	"assignment": {"switching", "assignment", func(s map[string]any) {
		s["assignment"] = map[string]any{"type": "assignedBreakoutRooms", "data": map[string]any{"threadId": "19:r2", "state": "closed"}}
	}},
	"assignment: not an event": {"switching", "assignment", func(s map[string]any) { s["assignment"] = "19:r2" }},
	"settings.event": {"switching", "settings", func(s map[string]any) {
		obj(s["settings"])["event"] = map[string]any{"type": "breakoutRoomsSettings", "data": map[string]any{"disableReturnToMainMeeting": false}}
	}},
	// A timed room's settings without their resolved end time.
	"settings.end":          {"switching", "settings", func(s map[string]any) { delete(obj(s["settings"]), "end") }},
	"settings.end: shifted": {"switching", "roomEnd", func(s map[string]any) { obj(s["settings"])["end"] = shifted(obj(s["settings"])["end"], time.Second) }},
	"pendingSettings.event": {"switching", "pendingSettings", func(s map[string]any) {
		obj(s["pendingSettings"])["event"] = map[string]any{"type": "breakoutRooms"}
	}},
	"pendingSettings.end": {"switching", "pendingSettings", func(s map[string]any) { delete(obj(s["pendingSettings"]), "end") }},
	"pendingSettings: outside a re-assignment": {"early", "pendingSettings", func(s map[string]any) {
		s["pendingSettings"] = map[string]any{"event": map[string]any{"type": "breakoutRoomsSettings", "data": map[string]any{}}}
	}},
	"roomList": {"switching", "roomList", func(s map[string]any) {
		s["roomList"] = map[string]any{"type": "join", "data": map[string]any{"id": "x"}}
	}},
	"notifications": {"switching", "notifications", func(s map[string]any) { s["notifications"] = []any{} }},
	"notifications: unknown": {"switching", "notifications", func(s map[string]any) {
		s["notifications"] = append(arr(s["notifications"]), "fireworks")
	}},
	"notifications: closingSoon outside a room": {"early", "notifications", func(s map[string]any) {
		s["notifications"] = append(arr(s["notifications"]), "breakoutRoomClosingSoon")
	}},
	"timers":         {"switching", "roomEnd", func(s map[string]any) { s["timers"] = []any{} }},
	"timers[].timer": {"switching", "timers", func(s map[string]any) { snapTimer(s, "roomEnd")["timer"] = "teaTime" }},
	"timers[].at": {"switching", "roomEnd", func(s map[string]any) {
		snapTimer(s, "roomEnd")["at"] = shifted(snapTimer(s, "roomEnd")["at"], -time.Second)
	}},
	"timers[].at: far": {"switching", "timers", func(s map[string]any) { snapTimer(s, "roomEnd")["at"] = "0001-01-01T00:00:00Z" }},
	// The main call holding with no hold in flight.
	"main.state":             {"joining", "main.inFlight", func(s map[string]any) { obj(s["main"])["inFlight"] = []any{"resumeMain"} }},
	"main.state: holding":    {"returning", "main.state", func(s map[string]any) { obj(s["main"])["state"] = "holding" }},
	"main.state: connected":  {"switching", "main.state", func(s map[string]any) { obj(s["main"])["state"] = "hungUp" }},
	"main.inFlight":          {"joining", "main.inFlight", func(s map[string]any) { obj(s["main"])["inFlight"] = []any{"holdMain", "tea"} }},
	"main.inFlight: resumes": {"joining", "main.resumesByReturn", func(s map[string]any) { obj(s["main"])["inFlight"] = []any{"holdMain"} }},
	"main.resumesByReturn": {"joining", "main.resumesByReturn", func(s map[string]any) {
		obj(s["main"])["resumesByReturn"] = []any{true, true}
	}},
	// Joining with a hold in flight that is not marked as the join's.
	"main.activeHold":          {"joining", "main.activeHold", func(s map[string]any) { obj(s["main"])["activeHold"] = false }},
	"main.activeHold: no join": {"returning", "main.activeHold", func(s map[string]any) { obj(s["main"])["activeHold"] = true }},
	"calls[].threadId":         {"switching", "calls[", func(s map[string]any) { snapCall(s, "current")["threadId"] = "" }},
	"calls[].threadId: room":   {"switching", "calls", func(s map[string]any) { snapCall(s, "joining")["threadId"] = "19:r3" }},
	"calls[].role":             {"switching", "calls", func(s map[string]any) { snapCall(s, "current")["role"] = "previous" }},
	"calls[].role: unknown":    {"switching", "calls[", func(s map[string]any) { snapCall(s, "current")["role"] = "guest" }},
	"calls[].up":               {"switching", "calls[].up", func(s map[string]any) { snapCall(s, "current")["up"] = false }},
	"calls[].connected":        {"switching", "calls[].connected", func(s map[string]any) { snapCall(s, "current")["connected"] = false }},
	"calls[].joinPending":      {"switching", "calls[].joinPending", func(s map[string]any) { snapCall(s, "joining")["joinPending"] = false }},
	"calls[].hangUpPending":    {"switching", "calls[].hangUpPending", func(s map[string]any) { snapCall(s, "current")["hangUpPending"] = true }},
	"calls[].joinSeq":          {"switching", "calls[].joinSeq", func(s map[string]any) { snapCall(s, "joining")["joinSeq"] = 1 }},
	"calls[].joinSeq: zero":    {"switching", "calls[].joinSeq", func(s map[string]any) { snapCall(s, "current")["joinSeq"] = 0 }},
	"calls[].hangUpSeq":        {"joining", "calls[].hangUpSeq", func(s map[string]any) { snapCall(s, "leaving")["hangUpSeq"] = 1 }},
	// A call sequence counter with no headroom.
	"seq":           {"switching", "seq", func(s map[string]any) { s["seq"] = uint32(math.MaxUint32) }},
	"seq: behind":   {"switching", "seq", func(s map[string]any) { s["seq"] = 1 }},
	"returnedEarly": {"returning", "returnedEarly", func(s map[string]any) { s["returnedEarly"] = true }},
	"autoMoveOnReturn": {"early", "autoMoveOnReturn", func(s map[string]any) {
		s["autoMoveOnReturn"] = true
	}},
	"autoMoveOnReturn: off": {"returning", "timers", func(s map[string]any) {
		// What waits for the return cannot also be pending.
		s["timers"] = []any{map[string]any{"timer": "autoMove", "at": s["now"]}}
	}},
}

// untampered are the fields for which every value is reachable, so that no
// change of them alone can be refused: main.generation counts the times the
// main call was rejoined as a new call (any number of rejoins can happen),
// callId is whatever id the SDK's last join event carried.
var untampered = map[string]string{
	"main.generation": "counts rejoins of the main call: every value is reachable",
	"callId":          "the id of the SDK's last join event: every non-empty string is reachable",
}

// snapshotFields lists the JSON paths of every field of t, slices as [].
func snapshotFields(t reflect.Type, prefix string) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		path := prefix + name
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			out = append(out, snapshotFields(ft.Elem(), path+"[].")...)
		case ft.Kind() == reflect.Struct && ft != reflect.TypeFor[time.Time]():
			out = append(out, snapshotFields(ft, path+".")...)
		default:
			out = append(out, path)
		}
	}
	return out
}

func TestRestoreTamperCasesCoverEveryField(t *testing.T) {
	covered := map[string]bool{}
	for name := range tampers {
		field, _, _ := strings.Cut(name, ":")
		covered[strings.TrimSuffix(field, "+")] = true
	}
	for _, f := range snapshotFields(reflect.TypeFor[Snapshot](), "") {
		if _, ok := untampered[f]; ok {
			continue
		}
		assert.True(t, covered[f], "no tamper case changes the snapshot field %s", f)
	}
}

func TestRestoreRefusesEveryTamperedField(t *testing.T) {
	bases := snapshotBases(t)
	good := map[string][]byte{}
	for name, m := range bases {
		b, err := json.Marshal(m)
		require.NoError(t, err)
		_, err = UnmarshalSnapshot(b)
		require.NoError(t, err, "base %s restores untouched", name)
		good[name] = b
	}
	names := make([]string, 0, len(tampers))
	for name := range tampers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		tc := tampers[name]
		t.Run(name, func(t *testing.T) {
			var s map[string]any
			require.NoError(t, json.Unmarshal(good[tc.base], &s))
			tc.edit(s)
			b, err := json.Marshal(s)
			require.NoError(t, err)
			require.NotEqual(t, string(good[tc.base]), string(b), "the tamper changes something")
			m, err := UnmarshalSnapshot(b)
			require.Error(t, err, "restored %s", b)
			assert.Nil(t, m)
			var e *errcodes.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, errcodes.UnknownInput, e.Kind)
			assert.Contains(t, e.Message, tc.field, "the refusal names the field")
		})
	}
}

// UnmarshalSnapshot reads JSON as strictly as DecodeEvent does.
func TestUnmarshalSnapshotIsStrictJSON(t *testing.T) {
	good, err := json.Marshal(snapshotBases(t)["switching"])
	require.NoError(t, err)
	s := string(good)
	for name, bad := range map[string]string{
		"a key given twice":       strings.Replace(s, `"state":`, `"state":"main","state":`, 1),
		"a nested key twice":      strings.Replace(s, `"role":"manager"`, `"role":"manager","role":"manager"`, 1),
		"a key in another case":   strings.Replace(s, `"state":`, `"State":`, 1),
		"a nested key's case":     strings.Replace(s, `"threadId":"19:r1","role"`, `"threadID":"19:r1","role"`, 1),
		"data after the object":   s + ` {}`,
		"garbage after":           s + `x`,
		"an unknown key":          strings.Replace(s, `"version"`, `"surprise":1,"version"`, 1),
		"a duplicate event key":   strings.Replace(s, `{"type":"assignedBreakoutRooms","data"`, `{"type":"assignedBreakoutRooms","type":"assignedBreakoutRooms","data"`, 1),
		"not an object":           `[]`,
		"a number for a string":   strings.Replace(s, `"state":"switching"`, `"state":7`, 1),
		"an object for a boolean": strings.Replace(s, `"returnedEarly":false`, `"returnedEarly":{}`, 1),
	} {
		require.NotEqual(t, s, bad, name)
		_, err := UnmarshalSnapshot([]byte(bad))
		assert.Error(t, err, name)
	}
	_, err = UnmarshalSnapshot([]byte(s + "\n\t "))
	assert.NoError(t, err, "trailing white space is fine")
}

// A config delay that would overflow a time.Duration is refused, not
// wrapped; so is one that a snapshot could not write (finer than a ms).
func TestConfigDelaysAreBounded(t *testing.T) {
	for _, d := range []time.Duration{-time.Millisecond, time.Millisecond + 1} {
		cfg := DefaultConfig()
		cfg.HangUpDelay = d
		_, err := New(cfg)
		assert.Error(t, err, "%v", d)
	}
	cfg := DefaultConfig()
	cfg.RoomEndGrace = time.Duration(math.MaxInt64 / int64(time.Millisecond) * int64(time.Millisecond))
	m, err := New(cfg)
	require.NoError(t, err, "the largest whole number of ms is a delay")
	back, err := Restore(m.Snapshot())
	require.NoError(t, err)
	assert.Equal(t, cfg, back.Config())
}

// R1 holds after a restore too: a snapshot of a machine that exists cannot
// be restored with a config in which it could not.
func TestR1_RestoreKeepsTheFeatureGate(t *testing.T) {
	m := driven(t, DefaultConfig())
	for _, change := range []func(*Snapshot){
		func(s *Snapshot) { s.Config.Meeting = "other" },
		func(s *Snapshot) { s.Config.FeatureEnabled = false },
	} {
		s := m.Snapshot()
		change(&s)
		_, err := Restore(s)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "R1")
		s.State = StateUnavailable.String()
		back, err := Restore(s)
		require.NoError(t, err, "an unavailable machine in that config exists")
		res, err := back.Apply(&Input{Kind: InputJoin}, testTime(1))
		assert.True(t, res.Refused)
		assert.Contains(t, []errcodes.Subcode{errcodes.OnlyAvailableInMeetings, errcodes.Disabled}, errcodes.Of(err).Subcode)
	}
}

// The effect counter never wraps: near its bound the calls are numbered
// again, in the same order, and outcomes still answer the oldest effect.
func TestEffectCounterIsRenumberedNotWrapped(t *testing.T) {
	m := snapshotBases(t)["switching"] // r1 current, r2 being joined
	s := m.Snapshot()
	s.Calls[0].JoinSeq, s.Calls[1].JoinSeq, s.Seq = maxSeq-5, maxSeq-1, maxSeq
	m, err := Restore(s)
	require.NoError(t, err)
	at := testTime(30)
	for _, in := range []Input{
		{Kind: InputAssignedRoom, Room: openRoom("19:r3", false)}, // gives up r2's join: hangUp r2 takes a number
		{Kind: InputJoin},                              // r3's join takes the next
		{Kind: InputJoinBreakoutOK},                    // the oldest join in flight is r2's
		{Kind: InputHangUpBreakoutOK},                  // r2's hang-up
		{Kind: InputJoinBreakoutOK, ThreadID: "19:r3"}, // r3 connects
	} {
		res, err := m.Apply(&in, at)
		require.False(t, res.Refused, "%s: %v", in.Kind, err)
		require.NoError(t, m.CheckInvariants())
	}
	assert.Equal(t, StateInRoom, m.State())
	room, _ := m.CurrentRoom()
	assert.Equal(t, "19:r3", room)
	assert.Less(t, m.Snapshot().Seq, uint32(10), "renumbered from 1")
}

func TestSnapshotFieldsAreListed(t *testing.T) {
	// A guard on the test above: the field list is what the JSON has.
	b, err := json.Marshal(snapshotBases(t)["switching"])
	require.NoError(t, err)
	var top map[string]any
	require.NoError(t, json.Unmarshal(b, &top))
	fields := strings.Join(snapshotFields(reflect.TypeFor[Snapshot](), ""), " ")
	for k := range top {
		assert.Contains(t, fields, k)
	}
	assert.Contains(t, fields, fmt.Sprintf("calls[].%s", "hangUpSeq"))
}
