package main

import (
	"fmt"
	"os"
	"time"

	"github.com/breakoutfsm/breakoutfsm/cmd/breakoutfsm/internal/sim"
)

const simulateAbout = `Simulates whole Teams meetings: the organizer creates rooms (auto-move on in four rooms
of five, return allowed in half), assigns everyone, sets a time limit, opens the rooms,
re-assigns and unassigns some participants while rooms are open, closes a few rooms early
and the rest on their time limit or at the end; every participant's host carries out the
engine's effects with the SDK's latency, and users join when prompted, return early where
allowed and retry after failures. Faults are injected at the --faults rate: failed holds,
joins, hang-ups, resumes and rejoins, lost close events, repeated settings, unreadable
events. Every participant is driven through its lifecycle machine with a simulated clock;
the meeting's invariants are checked after every input. The same --seed gives the same
output, byte for byte. Exit status 1 when an invariant broke.`

func runSimulate(args []string, e *env) int {
	def := sim.DefaultConfig()
	fs := newFlags("simulate", "[flags]", simulateAbout, e)
	seed := fs.Uint64("seed", def.Seed, "random seed: the same seed gives the same run")
	participants := fs.Int("participants", def.Participants, "participants per meeting, managers included (one in a hundred is a manager)")
	rooms := fs.Int("rooms", def.Rooms, "breakout rooms per meeting")
	meetings := fs.Int("meetings", def.Meetings, "meetings, run in parallel through the concurrent registry")
	faults := fs.Float64("faults", def.Faults, "probability of each injected fault, from 0 to 1")
	duration := fs.Duration("duration", def.Duration, "simulated length of each meeting")
	traceOut := fs.String("trace-out", "", "write one JSON Lines trace per participant to this folder (replayable with replay)")
	fleet := addFleetFlags(fs) // --hosts, --store: fleet.go
	if code, ok := parseFlags(fs, args, e); !ok {
		return code
	}
	if fs.NArg() != 0 {
		return usageError(e, "simulate", "takes no arguments, got %q", fs.Args())
	}
	cfg := sim.Config{Seed: *seed, Meetings: *meetings, Participants: *participants, Rooms: *rooms,
		Faults: *faults, Duration: *duration, TraceDir: *traceOut}
	if err := cfg.Validate(); err != nil {
		return usageError(e, "simulate", "%v", err)
	}
	if code, ok := fleet.attach(&cfg, e); !ok {
		return code
	}
	defer fleet.report(e)
	if isTerminal(e.stderr) {
		start := time.Now()
		cfg.Progress = func(done, total int) {
			fmt.Fprintf(e.stderr, "\rsimulating: %d/%d meetings, %s", done, total, time.Since(start).Round(100*time.Millisecond))
			if done == total {
				fmt.Fprintln(e.stderr)
			}
		}
	}
	sum, err := sim.Run(cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "breakoutfsm simulate: %v\n", err)
		return exitUsage
	}
	if err := sum.Write(e.stdout, cfg); err != nil {
		fmt.Fprintf(e.stderr, "breakoutfsm simulate: %v\n", err)
		return exitUsage
	}
	if !sum.OK() {
		return exitFailed
	}
	return exitOK
}

// isTerminal reports whether w is a terminal (progress is shown only there).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
