package main

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/cmd/breakoutfsm/internal/sim"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/trace"
)

func TestSimulateDefaultRuns(t *testing.T) {
	r := runCmd(t, "", "simulate")
	require.Equal(t, 0, r.code, r.stderr)
	for _, want := range []string{"300 participants", "50 rooms", "in_room", "refusals", "faults injected", "every invariant held"} {
		assert.Contains(t, r.stdout, want)
	}
	again := runCmd(t, "", "simulate")
	assert.Equal(t, r.stdout, again.stdout, "the same seed gives the same output, byte for byte")
}

func TestSimulateFlags(t *testing.T) {
	r := runCmd(t, "", "simulate", "--seed", "3", "--participants", "40", "--rooms", "4", "--meetings", "3", "--faults", "0.1", "--duration", "20m")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "3 meeting(s) x 40 participants, 4 rooms, faults 0.1, 20m0s, seed 3")
	for _, args := range [][]string{
		{"simulate", "--faults", "2"},
		{"simulate", "--participants", "1"},
		{"simulate", "--duration", "1m"},
		{"simulate", "--rooms", "x"},
		{"simulate", "extra"},
	} {
		r := runCmd(t, "", args...)
		assert.Equal(t, 2, r.code, "%v", args)
		assert.Contains(t, r.stderr, "breakoutfsm simulate", "%v", args)
	}
}

// Replaying every trace that simulate --trace-out wrote, with the built
// command, reproduces the simulator's own results line for line.
func TestSimulatedTracesReplayToTheSameResults(t *testing.T) {
	dir := t.TempDir()
	cfg := sim.Config{Seed: 11, Meetings: 2, Participants: 24, Rooms: 4, Faults: 0.08, Duration: 15 * time.Minute, TraceDir: dir}
	var mu sync.Mutex
	want := map[string][]string{}
	cfg.Observe = func(m int, participant string, line []byte, res trace.Result) {
		b, err := res.AppendJSON(nil)
		require.NoError(t, err)
		name := sim.TraceFile(m, participant)
		mu.Lock()
		want[name] = append(want[name], string(b))
		mu.Unlock()
	}
	s, err := sim.Run(cfg)
	require.NoError(t, err)
	require.True(t, s.OK(), "%v", s.Violations)
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	require.NoError(t, err)
	require.Len(t, files, 48, "one trace per participant")
	lines := 0
	for _, f := range files {
		expected, ok := want[filepath.Base(f)]
		require.True(t, ok, "no results observed for %s", f)
		r := runCmd(t, "", "replay", "--json", f)
		require.Equal(t, 0, r.code, r.stderr)
		got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
		require.Equal(t, len(expected), len(got), "%s: line count", f)
		for i := range got {
			require.Equal(t, expected[i], got[i], "%s line %d", f, i+1)
		}
		lines += len(got)
	}
	t.Logf("%d traces, %d lines replayed to the simulator's results", len(files), lines)
	data, err := os.ReadFile(files[0])
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), `{"at":"2026-01-05T10:00:00Z","config":`), "a trace starts with its config")
}
