package proptest

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// failer is what the checks of a run need of a test: a *rapid.T while the
// run is drawn, a replayer while a failing run is shortened.
type failer interface {
	Helper()
	Fatalf(format string, args ...any)
	Skip(args ...any)
}

// failedRun is a run of the machine property that failed: its config and
// its inputs, and the check that failed (the format of its message).
type failedRun struct {
	cfg   lifecycle.Config
	steps []step
	sig   string
}

// rerun is a failer that replays a run's inputs without drawing: a check
// that fails stops the replay with what failed.
type rerun struct {
	sig, msg string
}

// stopReplay is what a failing check of a rerun panics with.
type stopReplay struct{ r *rerun }

func (*rerun) Helper() {}

func (r *rerun) Fatalf(format string, args ...any) {
	if r.sig == "" {
		r.sig = format
	}
	r.msg = fmt.Sprintf(format, args...)
	panic(stopReplay{r})
}

func (r *rerun) Skip(args ...any) {
	r.sig, r.msg = "skip", fmt.Sprint(args...)
	panic(stopReplay{r})
}

// replayRun gives a new engine the inputs of a run, with every check after
// every input, and returns the first check that failed (nil if none).
func (s *suite) replayRun(cfg lifecycle.Config, steps []step) *rerun {
	failed, _ := s.runChecked(cfg, func(h *harness, r *rerun) {
		for _, st := range steps {
			h.apply(r, st)
			h.checkInvariants(r)
		}
	})
	return failed
}

// runChecked runs drive on a harness around a new engine, with a rerun as
// its failer, and returns the first check that failed (nil if none; an
// engine that panics fails) and, if one did, the inputs given until then.
func (s *suite) runChecked(cfg lifecycle.Config, drive func(*harness, *rerun)) (failed *rerun, steps []step) {
	r := &rerun{}
	var h *harness
	defer func() {
		switch p := recover().(type) {
		case nil:
		case stopReplay:
			if p.r.sig != "skip" {
				failed = p.r
			}
		default:
			failed = &rerun{sig: "panic", msg: fmt.Sprintf("the engine panicked: %v", p)}
		}
		if failed != nil && h != nil {
			steps = slices.Clone(h.history)
		}
	}()
	h, err := newHarness(s, cfg)
	if err != nil {
		return &rerun{sig: "new", msg: err.Error()}, nil
	}
	drive(h, r)
	return nil, nil
}

// The pass after rapid's shrinking, for runs and traces alike: rapid
// shrinks the draws, which leaves inputs a later draw depended on; this
// removes every input the failure does not need, one at a time, repeated
// ones first, replaying each time and keeping a removal only if the same
// check still fails, until no input can go.
const (
	maxMinimizeReplays = 400
	maxMinimizeTime    = 20 * time.Second
)

// removeUnneeded shortens items while fails(shorter) holds, repeated items
// (same as an earlier one) first, then any, from the last; it returns what
// is left and how many replays it took.
func removeUnneeded[E any](items []E, same func(a, b E) bool, fails func([]E) bool) ([]E, int) {
	best, replays := items, 0
	deadline := time.Now().Add(maxMinimizeTime)
	budget := func() bool { return replays < maxMinimizeReplays && time.Now().Before(deadline) }
	try := func(i int) bool {
		replays++
		cand := slices.Delete(slices.Clone(best), i, i+1)
		if fails(cand) {
			best = cand
			return true
		}
		return false
	}
	for i := len(best) - 1; i > 0 && budget(); i-- {
		if i < len(best) && slices.ContainsFunc(best[:i], func(e E) bool { return same(e, best[i]) }) {
			try(i)
		}
	}
	for removed := true; removed && budget(); {
		removed = false
		for i := len(best) - 1; i >= 0 && budget(); i-- {
			if i < len(best) && try(i) {
				removed = true
			}
		}
	}
	return best, replays
}

// minimizeRun shortens the machine property's last failing run and reports
// what is left.
func (s *suite) minimizeRun(t testing.TB) {
	t.Helper()
	f := s.lastRun
	if f == nil {
		return
	}
	var last *rerun
	steps, replays := removeUnneeded(f.steps,
		func(a, b step) bool { return stepLine(a) == stepLine(b) },
		func(cand []step) bool {
			r := s.replayRun(f.cfg, cand)
			if r != nil && r.sig == f.sig {
				last = r
				return true
			}
			return false
		})
	if last == nil { // nothing could go: replay the run as it is, for its report
		if last = s.replayRun(f.cfg, steps); last == nil {
			t.Errorf("the failing run did not fail again when its inputs were replayed without drawing")
			return
		}
	}
	t.Errorf("the failing run without the inputs the failure does not need (%d of its %d inputs; %d replays):\n%s",
		len(steps), len(f.steps), replays, last.msg)
}

// minimizeLast shortens the last failing trace and reports what is left.
func (c *traceChecker) minimizeLast(t testing.TB) {
	t.Helper()
	f := c.last
	if f == nil || f.hang {
		return
	}
	g := f
	lines, replays := removeUnneeded(f.lines,
		func(a, b generatedLine) bool { return bytes.Equal(a.Text, b.Text) },
		func(cand []generatedLine) bool {
			if h := c.run(cand); h != nil && !h.hang && h.sig == f.sig {
				g = h
				return true
			}
			return false
		})
	t.Errorf("%sthe failing trace without the lines the failure does not need (%d of its %d lines; %d replays):\n%s",
		c.prefix, len(lines), len(f.lines), replays, g.report())
}
