package sim

import (
	"bytes"
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
	assert.Positive(t, s.Refusals["46258"], "unreadable events are refused with 46258")
}

func TestConfigIsValidated(t *testing.T) {
	for _, c := range []Config{
		{Meetings: 0, Participants: 10, Rooms: 1, Duration: time.Hour},
		{Meetings: 1, Participants: 1, Rooms: 1, Duration: time.Hour},
		{Meetings: 1, Participants: 10, Rooms: 0, Duration: time.Hour},
		{Meetings: 1, Participants: 10, Rooms: 1, Faults: 1.5, Duration: time.Hour},
		{Meetings: 1, Participants: 10, Rooms: 1, Duration: time.Minute},
	} {
		_, err := Run(c)
		assert.Error(t, err, "%+v", c)
	}
}
