package proptest

import (
	"errors"
	"fmt"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// maxWayHome bounds the inputs wayHome tries before it gives up, beyond
// one for each effect in flight (each may have to be answered first).
const maxWayHome = 40

// wayHome looks for a sequence of inputs that brings a copy of the engine
// back to the main meeting (position main or assigned), as R21 promises for
// every state that is not left. It drives the copy as a host would, using
// only what the engine's snapshot shows: answer the oldest effect in flight
// (ok), else return to the main meeting, else have the organizer remove the
// assignment, else let the next timer fall due. An input that is refused or
// changes nothing is passed over for the next one. It returns the inputs it
// gave.
func wayHome(newEngine NewEngine, cfg lifecycle.Config, eng Snapshotter, history []step, now time.Time) ([]lifecycle.Input, error) {
	if eng.Position() == lifecycle.PositionLeft {
		return nil, nil
	}
	clone, err := cloneEngine(newEngine, cfg, eng, history)
	if err != nil {
		return nil, err
	}
	var path []lifecycle.Input
	snap := clone.Snapshot()
	limit := maxWayHome + len(snap.Main.InFlight) + 2*len(snap.Calls)
	for range limit {
		switch clone.Position() {
		case lifecycle.PositionMain, lifecycle.PositionAssigned:
			return path, nil
		case lifecycle.PositionLeft:
			return path, errors.New("the way home ended in left")
		}
		moved := false
		for _, c := range homeward(clone, now) {
			before := comparableSnapshot(clone)
			res, _ := clone.Apply(&c.in, c.at)
			if res.Refused || comparableSnapshot(clone) == before {
				continue
			}
			path, now, moved = append(path, c.in), c.at, true
			break
		}
		if !moved {
			return path, fmt.Errorf("no input moves the participant on from %s", clone.State())
		}
	}
	return path, fmt.Errorf("still %s after %d inputs", clone.Position(), limit)
}

type timedInput struct {
	in lifecycle.Input
	at time.Time
}

// homeward lists the inputs a host would try, in order, to bring the
// participant back.
func homeward(eng Snapshotter, now time.Time) []timedInput {
	s := eng.Snapshot()
	var out []timedInput
	add := func(in lifecycle.Input) { out = append(out, timedInput{in, now}) }
	okOf := map[string]lifecycle.InputKind{
		"holdMain": lifecycle.InputHoldMainOK, "hangUpMain": lifecycle.InputHangUpMainOK,
		"resumeMain": lifecycle.InputResumeMainOK, "rejoinMain": lifecycle.InputRejoinMainOK,
	}
	for _, name := range s.Main.InFlight {
		add(lifecycle.Input{Kind: okOf[name]})
	}
	for _, c := range s.Calls {
		if c.JoinPending {
			add(lifecycle.Input{Kind: lifecycle.InputJoinBreakoutOK, ThreadID: c.ThreadID})
		}
		if c.HangUpPending {
			add(lifecycle.Input{Kind: lifecycle.InputHangUpBreakoutOK, ThreadID: c.ThreadID})
		}
	}
	add(lifecycle.Input{Kind: lifecycle.InputReturn})
	add(lifecycle.Input{Kind: lifecycle.InputAssignedRoom}) // the organizer removes the assignment
	if due, ok := eng.NextDue(); ok {
		if due.Before(now) {
			due = now
		}
		out = append(out, timedInput{lifecycle.Input{Kind: lifecycle.InputTick}, due})
	}
	return out
}

// comparableSnapshot is the engine's snapshot without its clock, to tell
// whether an input changed anything.
func comparableSnapshot(eng Snapshotter) string {
	s := eng.Snapshot()
	s.Now = time.Time{}
	return mustJSON(s)
}

// cloneEngine makes an independent copy of the engine in its current state:
// lifecycle.Restore from its snapshot when it is the lifecycle machine,
// otherwise a new engine that replays the run.
func cloneEngine(newEngine NewEngine, cfg lifecycle.Config, eng Snapshotter, history []step) (Snapshotter, error) {
	if m, ok := eng.(*lifecycle.Machine); ok {
		return lifecycle.Restore(m.Snapshot())
	}
	e, err := newEngine(cfg)
	if err != nil {
		return nil, err
	}
	c, ok := e.(Snapshotter)
	if !ok {
		return nil, errors.New("a second engine of the same constructor is not a Snapshotter")
	}
	for _, st := range history {
		if st.event != nil && st.event.Malformed != "" {
			continue
		}
		c.Apply(&st.in, st.now)
	}
	return c, nil
}
