package lifecycle

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
)

func TestSnapshotRoundTrip(t *testing.T) {
	m := inRoomMachine(t)
	_, err := m.Apply(&Input{Kind: InputSettings, Settings: &Settings{HasDisableReturn: true, EndKind: EndTimeDelta, EndNumber: 60000, Delta: 60e9}}, testTime(20))
	require.NoError(t, err)
	b, err := json.Marshal(m)
	require.NoError(t, err)
	back, err := UnmarshalSnapshot(b)
	require.NoError(t, err)
	again, err := json.Marshal(back)
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(again))
	// The restored machine goes on exactly as the original does.
	for _, in := range []Input{{Kind: InputTick}, {Kind: InputReturn}, {Kind: InputLeaveMeeting}} {
		r1, _ := m.Apply(&in, testTime(59))
		r2, _ := back.Apply(&in, testTime(59))
		assert.Equal(t, FormatEffects(r1.Effects), FormatEffects(r2.Effects), "%s", in.Kind)
		assert.Equal(t, r1.State, r2.State)
	}
}

// A snapshot that could not have been reached is refused.
func TestRestoreRefusesUnreachableSnapshots(t *testing.T) {
	m := inRoomMachine(t)
	good, err := json.Marshal(m)
	require.NoError(t, err)
	tamper := map[string]func(s *Snapshot){
		"version":             func(s *Snapshot) { s.Version = 99 },
		"unknown state":       func(s *Snapshot) { s.State = "floating" },
		"in a room, no call":  func(s *Snapshot) { s.Calls = nil },
		"no assignment":       func(s *Snapshot) { s.Assignment = nil },
		"main call connected": func(s *Snapshot) { s.Main.State = "connected" },
		"left with timers": func(s *Snapshot) {
			s.State = "left"
			s.Timers = []SnapshotTimer{{Timer: "roomEnd", At: testTime(1)}}
		},
		"unknown notification": func(s *Snapshot) { s.Notifications = append(s.Notifications, "fireworks") },
		"joined not shown":     func(s *Snapshot) { s.Notifications = nil },
		"role":                 func(s *Snapshot) { s.Config.Role = "spectator" },
		"R1 state, Teams config": func(s *Snapshot) {
			s.State = "unavailable"
		},
		"seq": func(s *Snapshot) { s.Seq = 0 },
		"auto-move in room": func(s *Snapshot) {
			s.Timers = append(s.Timers, SnapshotTimer{Timer: "autoMove", At: testTime(30)})
		},
	}
	for name, f := range tamper {
		var s Snapshot
		require.NoError(t, json.Unmarshal(good, &s))
		f(&s)
		_, err := Restore(s)
		require.Error(t, err, name)
		var e *errcodes.Error
		require.ErrorAs(t, err, &e, name)
		assert.Equal(t, errcodes.UnknownInput, e.Kind, name)
	}
	_, err = UnmarshalSnapshot([]byte(strings.Replace(string(good), `"version"`, `"surprise":1,"version"`, 1)))
	assert.Error(t, err, "unknown fields are refused")
}
