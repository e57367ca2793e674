package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/breakoutfsm/breakoutfsm/cmd/breakoutfsm/internal/sim"
)

var simulateAbout = fmt.Sprintf(`Simulates whole Teams meetings: the organizer creates rooms (auto-move on in four rooms
of five, return allowed in half), assigns everyone, sets a time limit, opens the rooms,
re-assigns and unassigns some participants while rooms are open, closes a few rooms early
and the rest on their time limit or at the end; every participant's host carries out the
engine's effects with the SDK's latency, and users join when prompted, return early where
allowed and retry after failures. Faults are injected at the --faults rate: failed holds,
joins, hang-ups, resumes and rejoins, lost close events, repeated settings, unreadable
events. Every participant is driven through its lifecycle machine with a simulated clock;
the meeting's invariants are checked after every input (--check). The same --seed gives
the same output, byte for byte.

Limits: --meetings 1 to %d, --participants 2 to %d per meeting, --rooms 1 to %d per
meeting, at most %d participants in all (meetings x participants), --duration %s to %s.
A run that takes more than a second shows its progress on stderr when stderr is a
terminal (not with --quiet). Exit status 1 when an invariant broke, 2 for a usage error.`,
	sim.MaxMeetings, sim.MaxParticipants, sim.MaxRooms, sim.MaxTotal, "10m", "24h")

func runSimulate(args []string, e *env) int {
	def := sim.DefaultConfig()
	fs := newFlags("simulate", "[flags]", simulateAbout, e)
	seed := fs.Uint64("seed", def.Seed, "random seed: the same seed gives the same run")
	participants := &intFlag{n: def.Participants, min: 2, max: sim.MaxParticipants, what: "participants per meeting"}
	fs.Var(participants, "participants", fmt.Sprintf("participants per meeting, managers included (one in a hundred is a manager); 2 to %d", sim.MaxParticipants))
	rooms := &intFlag{n: def.Rooms, min: 1, max: sim.MaxRooms, what: "rooms per meeting"}
	fs.Var(rooms, "rooms", fmt.Sprintf("breakout rooms per meeting; 1 to %d", sim.MaxRooms))
	meetings := &intFlag{n: def.Meetings, min: 1, max: sim.MaxMeetings, what: "meetings"}
	fs.Var(meetings, "meetings", fmt.Sprintf("meetings, run in parallel through the concurrent registry; 1 to %d", sim.MaxMeetings))
	faults := &probabilityFlag{p: def.Faults}
	fs.Var(faults, "faults", "probability of each injected fault, from 0 to 1")
	duration := fs.Duration("duration", def.Duration, "simulated length of each meeting, 10m to 24h")
	traceOut := fs.String("trace-out", "", "write one JSON Lines trace per participant to this folder (replayable with replay)")
	fleet := addFleetFlags(fs) // --hosts, --store: fleet.go
	check := fs.String("check", "incremental", "invariant check after every input: incremental (what the input changed) or full (the whole meeting, slow for big meetings)")
	quiet := fs.Bool("quiet", false, "show no progress line")
	if code, ok := parseFlags(fs, args, e); !ok {
		return code
	}
	if fs.NArg() != 0 {
		return usageError(e, "simulate", "takes no arguments, got %q", fs.Args())
	}
	cfg := sim.Config{Seed: *seed, Meetings: meetings.n, Participants: participants.n, Rooms: rooms.n,
		Faults: faults.p, Duration: *duration, TraceDir: *traceOut}
	switch *check {
	case "incremental":
		cfg.Check = sim.CheckIncremental
	case "full":
		cfg.Check = sim.CheckFull
	default:
		return usageError(e, "simulate", "unknown --check %q: use incremental or full", *check)
	}
	if err := cfg.Validate(); err != nil {
		return usageError(e, "simulate", "%v", err)
	}
	if code, ok := fleet.attach(&cfg, e); !ok {
		return code
	}
	defer fleet.report(e)
	if e.terminal && !*quiet {
		cfg.Progress = new(sim.Progress)
		stop := showProgress(e.stderr, cfg, e.progressAfter, e.progressEvery)
		defer stop()
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

// showProgress rewrites one line on w (a terminal) every so often, once the
// run has gone on for after: meetings done, inputs per second and the time
// left. stop ends it and clears the line.
func showProgress(w io.Writer, cfg sim.Config, after, every time.Duration) (stop func()) {
	start := time.Now()
	done, ended := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		tick := time.NewTicker(every)
		defer tick.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(w, "\r\033[K")
				}
				return
			case <-tick.C:
				elapsed := time.Since(start)
				if elapsed < after {
					continue
				}
				p := cfg.Progress
				fmt.Fprint(w, "\r"+progressLine(p.Meetings(), cfg.Meetings, p.Inputs(), p.Done(cfg), elapsed)+"\033[K")
				shown = true
			}
		}
	}()
	return func() {
		close(done)
		<-ended
	}
}

// progressLine says how far a run is: meetings done, inputs per second and,
// once some is done, the time left at the pace so far.
func progressLine(meetings, total int, inputs int64, done float64, elapsed time.Duration) string {
	line := fmt.Sprintf("simulating: %d/%d meetings, %d%%, %s inputs/s", meetings, total, int(done*100), thousands(int64(float64(inputs)/elapsed.Seconds())))
	if done > 0 {
		left := time.Duration(float64(elapsed) * (1 - done) / done)
		line += ", about " + left.Round(time.Second).String() + " left"
	}
	return line
}

// thousands writes n with a comma every three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
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
