package sim

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func small() Config {
	return Config{Seed: 7, Meetings: 3, Participants: 30, Rooms: 5, Faults: 0.05, Duration: 15 * time.Minute, Workers: 2}
}

// The same seed gives the same output, byte for byte, whatever the workers do.
func TestSameSeedSameOutput(t *testing.T) {
	var outs [3][]byte
	for i := range outs {
		cfg := small()
		cfg.Workers = 1 + i
		s, err := Run(cfg)
		require.NoError(t, err)
		var b bytes.Buffer
		require.NoError(t, s.Write(&b, cfg))
		outs[i] = b.Bytes()
	}
	assert.Equal(t, string(outs[0]), string(outs[1]))
	assert.Equal(t, string(outs[0]), string(outs[2]))
	cfg := small()
	cfg.Seed = 8
	s, err := Run(cfg)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, s.Write(&b, cfg))
	assert.NotEqual(t, string(outs[0]), b.String(), "another seed gives another run")
}

// The default job holds every invariant, moves everyone through the rooms,
// and injects and recovers faults of every kind.
func TestDefaultSimulationHoldsEveryInvariant(t *testing.T) {
	cfg := DefaultConfig()
	s, err := Run(cfg)
	require.NoError(t, err)
	require.True(t, s.OK(), "%v", s.Violations)
	assert.Equal(t, cfg.Participants, s.Final["left"], "everyone has left once the meeting ended")
	assert.Greater(t, s.Moves, cfg.Participants*9/10, "most participants reached a room")
	assert.Greater(t, s.Returns, cfg.Participants*9/10, "most came back")
	for _, k := range []string{"failed holdMain", "failed joinBreakout", "failed hangUpBreakout", "failed rejoinMain", "lostCloseEvent", "repeatedSettings", "unreadableEvent"} {
		assert.Positive(t, s.Faults[k], "no %s injected", k)
	}
	assert.Greater(t, s.FaultsRecovered, 10*s.FaultsUnrecovered, "faults are recovered")
	assert.Positive(t, s.Refusals["46258 BREAKOUT_ROOMS_UPDATEFAILED"], "unreadable events are refused with 46258")
}

func TestConfigIsValidated(t *testing.T) {
	for _, c := range []struct {
		cfg  Config
		says string // the flag and the limit the error must name
	}{
		{Config{Meetings: 0, Participants: 10, Rooms: 1, Duration: time.Hour}, "--meetings must be from 1 to 10000"},
		{Config{Meetings: 100_000_000, Participants: 10, Rooms: 1, Duration: time.Hour}, "--meetings must be from 1 to 10000"},
		{Config{Meetings: 1, Participants: 1, Rooms: 1, Duration: time.Hour}, "--participants must be from 2"},
		{Config{Meetings: 1, Participants: 10_000_000, Rooms: 1, Duration: time.Hour}, "to 10000 per meeting"},
		{Config{Meetings: 1, Participants: 10, Rooms: 0, Duration: time.Hour}, "--rooms must be from 1 to 1000"},
		{Config{Meetings: 1, Participants: 10, Rooms: 100_000_000, Duration: time.Hour}, "--rooms must be from 1 to 1000"},
		{Config{Meetings: 200, Participants: 10_000, Rooms: 1, Duration: time.Hour}, "at most 1000000 participants in all"},
		{Config{Meetings: 1, Participants: 10, Rooms: 1, Faults: 1.5, Duration: time.Hour}, "--faults is a probability from 0 to 1"},
		{Config{Meetings: 1, Participants: 10, Rooms: 1, Faults: math.NaN(), Duration: time.Hour}, "got NaN"},
		{Config{Meetings: 1, Participants: 10, Rooms: 1, Faults: math.Inf(1), Duration: time.Hour}, "got +Inf"},
		{Config{Meetings: 1, Participants: 10, Rooms: 1, Duration: time.Minute}, "--duration must be at least 10m"},
		{Config{Meetings: 1, Participants: 10, Rooms: 1, Duration: 25 * time.Hour}, "--duration must be at most 24h"},
		{Config{Meetings: 1, Participants: 501, Rooms: 1, Duration: time.Hour, TraceDir: t.TempDir()}, "with --trace-out, --participants must be at most 500"},
		{Config{Meetings: 11, Participants: 500, Rooms: 1, Duration: time.Hour, TraceDir: t.TempDir()}, "at most 5000 participants in all"},
		{Config{Meetings: 1, Participants: 10, Rooms: 1, Duration: time.Hour, Check: CheckFull + 1}, "check mode"},
	} {
		_, err := Run(c.cfg)
		if assert.Error(t, err, "%+v", c.cfg) {
			assert.Contains(t, err.Error(), c.says)
		}
	}
}

// The largest run allowed is valid.
func TestTheLimitsAreValid(t *testing.T) {
	for _, c := range []Config{
		{Meetings: MaxMeetings, Participants: MaxTotal / MaxMeetings, Rooms: MaxRooms, Faults: 1, Duration: MaxDuration},
		{Meetings: MaxTotal / MaxParticipants, Participants: MaxParticipants, Rooms: 1, Duration: MinDuration},
		{Meetings: MaxTraceTotal / MaxTraceParticipants, Participants: MaxTraceParticipants, Rooms: 1, Duration: MinDuration, TraceDir: "x"},
	} {
		assert.NoError(t, c.Validate(), "%+v", c)
	}
}

// The incremental check after every input finds what the full check finds
// on the simulator's meetings: both hold the same verdict on the same runs,
// whose summaries differ only in the line that says how they checked.
func TestIncrementalAndFullChecksAgree(t *testing.T) {
	var outs [2]string
	for i, mode := range []CheckMode{CheckIncremental, CheckFull} {
		cfg := small()
		cfg.Faults, cfg.Check = 0.2, mode
		s, err := Run(cfg)
		require.NoError(t, err)
		require.True(t, s.OK(), "%v", s.Violations)
		var b bytes.Buffer
		require.NoError(t, s.Write(&b, cfg))
		outs[i] = b.String()
	}
	strip := func(s string) string { return s[:strings.LastIndex(s, "invariants")] }
	assert.Equal(t, strip(outs[0]), strip(outs[1]))
	assert.Contains(t, outs[0], "checked incrementally")
	assert.Contains(t, outs[1], "checked in full")
}

// The summary names each subcode with the SDK's key, says what "not
// recovered" means and who, and how to replay one of them.
func TestSummaryIsReadable(t *testing.T) {
	cfg := small()
	cfg.Faults = 0.3
	s, err := Run(cfg)
	require.NoError(t, err)
	require.NotEmpty(t, s.Unrecovered, "a run with this many faults leaves some open")
	var b bytes.Buffer
	require.NoError(t, s.Write(&b, cfg))
	out := b.String()
	t.Log(out)
	assert.Regexp(t, `\d+  46258 BREAKOUT_ROOMS_UPDATEFAILED\n`, out)
	assert.NotRegexp(t, `\b462\d\d:`, out, "no bare subcode")
	assert.Contains(t, out, "a fault is recovered when its participant")
	u := s.Unrecovered[0]
	assert.Contains(t, out, fmt.Sprintf("meeting-%d %s (", u.Meeting, u.Participant))
	assert.Contains(t, out, "breakoutfsm replay DIR/"+u.TraceFile())
	assert.Contains(t, out, "breakoutfsm simulate --seed 7 --meetings 3 --participants 30 --rooms 5 --faults 0.3 --duration 15m0s --trace-out DIR")
	total := 0
	for _, u := range s.Unrecovered {
		assert.Positive(t, u.Faults)
		total += u.Faults
	}
	assert.Equal(t, s.FaultsUnrecovered, total, "the participants named hold every fault not recovered")

	// With the traces written, the hint names the file, which exists.
	cfg.TraceDir = t.TempDir()
	s, err = Run(cfg)
	require.NoError(t, err)
	b.Reset()
	require.NoError(t, s.Write(&b, cfg))
	file := filepath.Join(cfg.TraceDir, s.Unrecovered[0].TraceFile())
	assert.Contains(t, b.String(), "replay one: breakoutfsm replay "+file)
	assert.FileExists(t, file)
}

// Progress counts the work as it goes, and ends at all of it.
func TestProgressCountsTheRun(t *testing.T) {
	cfg := small()
	cfg.Progress = new(Progress)
	s, err := Run(cfg)
	require.NoError(t, err)
	assert.Equal(t, cfg.Meetings, cfg.Progress.Meetings())
	assert.Equal(t, int64(s.Inputs), cfg.Progress.Inputs())
	assert.InDelta(t, 1.0, cfg.Progress.Done(cfg), 1e-9)
}
