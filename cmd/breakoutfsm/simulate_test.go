package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/cmd/breakoutfsm/internal/sim"
	"github.com/breakoutfsm/breakoutfsm/internal/trace"
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
	assert.Empty(t, r.stderr, "no progress when stderr is not a terminal")
	// Every size flag has a limit, and the error names it; NaN and the
	// infinities are no probability.
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"--faults", "2"}, "a probability, a number from 0 to 1"},
		{[]string{"--faults", "NaN"}, `got "NaN"`},
		{[]string{"--faults", "+Inf"}, `got "+Inf"`},
		{[]string{"--faults", "-infinity"}, `got "-infinity"`},
		{[]string{"--participants", "1"}, "participants per meeting from 2 to 10000"},
		{[]string{"--participants", "1e7"}, "participants per meeting from 2 to 10000"},
		{[]string{"--participants", "10000001"}, "participants per meeting from 2 to 10000"},
		{[]string{"--rooms", "100000000"}, "rooms per meeting from 1 to 1000"},
		{[]string{"--rooms", "x"}, "rooms per meeting from 1 to 1000"},
		{[]string{"--meetings", "1e8"}, "meetings from 1 to 10000"},
		{[]string{"--meetings", "0"}, "meetings from 1 to 10000"},
		{[]string{"--meetings", "10000", "--participants", "101"}, "at most 1000000 participants in all"},
		{[]string{"--duration", "1m"}, "--duration must be at least 10m"},
		{[]string{"--duration", "48h"}, "--duration must be at most 24h"},
		{[]string{"--participants", "600", "--trace-out", t.TempDir()}, "with --trace-out, --participants must be at most 500"},
		{[]string{"--check", "some"}, "use incremental or full"},
		{[]string{"extra"}, "takes no arguments"},
	} {
		r := runCmd(t, "", append([]string{"simulate"}, c.args...)...)
		assert.Equal(t, 2, r.code, "%v", c.args)
		assert.Contains(t, r.stderr, "breakoutfsm simulate: ", "%v", c.args)
		assert.Contains(t, r.stderr, c.says, "%v", c.args)
		assert.Contains(t, r.stderr, "Run 'breakoutfsm simulate -h' for usage.", "%v", c.args)
		assert.Empty(t, r.stdout, "%v", c.args)
	}
	// The limits are in the help.
	r = runCmd(t, "", "simulate", "-h")
	assert.Contains(t, r.stdout, "--meetings 1 to 10000, --participants 2 to 10000 per meeting, --rooms 1 to 1000")
}

// runIn runs the command in this process, with stderr taken for a terminal
// or not, and progress shown at once and often.
func runIn(terminal bool, args ...string) ran {
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, terminal: terminal, progressEvery: 5 * time.Millisecond}
	code := e.run(args)
	return ran{code, out.String(), errb.String()}
}

// A progress line on stderr when it is a terminal, redrawn in place and
// cleared at the end; none with --quiet or when stderr is not a terminal;
// the summary on stdout is the same in every case.
func TestSimulateShowsProgressOnATerminal(t *testing.T) {
	args := []string{"simulate", "--meetings", "6", "--participants", "200"}
	shown := runIn(true, args...)
	require.Equal(t, 0, shown.code, shown.stderr)
	assert.Regexp(t, `^\rsimulating: \d+/6 meetings, \d+%, [\d,]+ inputs/s`, shown.stderr)
	assert.Contains(t, shown.stderr, "left\x1b[K")
	assert.True(t, strings.HasSuffix(shown.stderr, "\r\x1b[K"), "the line is cleared at the end: %q", shown.stderr)
	quiet := runIn(true, append(args, "--quiet")...)
	assert.Empty(t, quiet.stderr)
	plain := runIn(false, args...)
	assert.Empty(t, plain.stderr)
	assert.Equal(t, plain.stdout, shown.stdout)
	assert.Equal(t, plain.stdout, quiet.stdout)
}

func TestProgressLine(t *testing.T) {
	assert.Equal(t, "simulating: 0/100 meetings, 0%, 0 inputs/s", progressLine(0, 100, 0, 0, time.Second))
	assert.Equal(t, "simulating: 25/100 meetings, 25%, 1,234,567 inputs/s, about 6s left", progressLine(25, 100, 2469134, 0.25, 2*time.Second))
	assert.Equal(t, "-1,234", thousands(-1234))
	assert.Equal(t, "123", thousands(123))
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
