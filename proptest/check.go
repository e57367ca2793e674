package proptest

import (
	"flag"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// DefaultChecks is how many test cases each property runs by default: what
// CI runs (go test -race ./...). With -short it is a fifth.
const DefaultChecks = 2000

// Option changes what Check, CheckProcessWith and CheckMeeting do.
type Option func(*options)

type options struct {
	checks    int
	gate      bool
	gateSet   bool
	skipKnown bool
	timeout   time.Duration
}

func makeOptions(opts []Option) options {
	o := options{checks: DefaultChecks, skipKnown: true, timeout: defaultTraceTimeout}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// Checks sets how many test cases each property runs (at least): traces
// for CheckProcess, runs for Check (its machine property three times that)
// and CheckMeeting. The default is DefaultChecks; -short divides it by five.
//
// The coverage gate needs the default: the recipes take the rows that
// walks seldom take in every Check, but the other rows, guard outcomes and
// rules are left to the walks (at the default, the least taken of those
// rows was taken at least fifty times a run; with Checks(50), two runs of
// three missed one). So with fewer than DefaultChecks checks the gate is
// off unless CoverageGate(true) asks for it, and a gate that then fails
// says that it needs more checks.
func Checks(n int) Option { return func(o *options) { o.checks = n } }

// CoverageGate turns the coverage gate on or off. It is on by default for
// an engine that is a Tracer run with at least DefaultChecks checks (and
// not -short): Check then fails when some row of the table as written, some
// guard outcome or some rule was never exercised.
func CoverageGate(on bool) Option { return func(o *options) { o.gate, o.gateSet = on, true } }

// property is one property of the suite, for rapid.Check or rapid.MakeFuzz.
type property struct {
	name string
	fn   func(*rapid.T)
	// weight multiplies the checks Check runs: the machine property, whose
	// runs reach the table's rare rows, runs more.
	weight int
	// minimize, when set, is run after rapid has shrunk a failing case: it
	// removes the lines the failure does not need and reports what is left.
	minimize func(t testing.TB)
}

// suite is the property suite for one engine: its properties and what they
// have exercised so far.
type suite struct {
	newEngine NewEngine
	cov       *coverage
	skipKnown bool
	traced    bool
	// known counts the test inputs skipped because they hit a reported
	// disagreement, by its name.
	known map[string]int
	// traces checks the trace property's traces; its last failure is the
	// case rapid shrank.
	traces *traceChecker
	// lastRun is the machine property's last failing run.
	lastRun *failedRun
}

// newSuite is the property suite for the engine newEngine creates.
func newSuite(newEngine NewEngine) (*suite, error) {
	cov, err := newCoverage()
	if err != nil {
		return nil, err
	}
	s := &suite{newEngine: newEngine, cov: cov, skipKnown: true, known: map[string]int{}}
	e, err := newEngine(lifecycle.DefaultConfig())
	if err != nil {
		return nil, fmt.Errorf("proptest: the engine refuses the default config: %w", err)
	}
	_, s.traced = e.(Tracer)
	s.traces = &traceChecker{engine: inProcessReplay{}, cov: cov, known: s.known, skipKnown: true}
	return s, nil
}

// properties are the suite's properties:
//   - "machine": a model-based differential test (rapid's T.Repeat, one
//     action per kind of input, the "" action checking every invariant after
//     every step): the engine, the reference model and, for a Tracer, the
//     looplab adapter of the lifecycle table agree on every input;
//   - "trace": whole traces (docs/TRACE.md) replayed by internal/trace
//     (trace.Replay, what `breakoutfsm replay --json` runs) agree with the
//     model line by line, read back from the JSON it writes;
//   - "events": the decoder reads every SDK event as it was meant and refuses
//     every unreadable one with 46258, naming the field.
func (s *suite) properties() []property {
	return []property{
		{name: "machine", fn: s.machineProperty, weight: 3, minimize: s.minimizeRun},
		{name: "trace", fn: s.traceProperty, weight: 1, minimize: s.traces.minimizeLast},
		{name: "events", fn: eventsProperty, weight: 1},
	}
}

// Check runs the whole property suite against the engine newEngine creates,
// each property for at least DefaultChecks test cases (or as Checks says;
// the machine property three times that), logs the coverage counts and, for a
// Tracer, gates on them. What it checks of the engine grows with what the
// engine shows: see Engine, Inspector, Snapshotter and Tracer.
//
// Failing cases are shrunk by rapid and saved under testdata/rapid/ of the
// calling package; the failure prints the case as a trace in the JSON Lines
// form of docs/TRACE.md, ready for `breakoutfsm replay`.
func Check(t testing.TB, newEngine NewEngine, opts ...Option) {
	t.Helper()
	o := makeOptions(opts)
	s, err := newSuite(newEngine)
	if err != nil {
		t.Fatal(err)
	}
	s.skipKnown = o.skipKnown
	s.traces.skipKnown = o.skipKnown
	checks := o.checks
	gate := o.gate
	if !o.gateSet {
		gate = s.traced && checks >= DefaultChecks && !testing.Short()
		if s.traced && !gate {
			t.Logf("coverage gate off: it needs at least Checks(%d) without -short (the rows the recipes do not take are left to the walks); CoverageGate(true) turns it on anyway", DefaultChecks)
		}
	}
	if testing.Short() {
		checks = max(1, checks/5)
	}
	run(t, "recipes", func(t testing.TB) {
		t.Logf("recipes: %d runs", s.runRecipes(t))
	})
	for _, p := range s.properties() {
		run(t, p.name, func(t testing.TB) {
			n := runChecks(t, p.fn, checks*p.weight, p.minimize)
			t.Logf("%s: %d checks", p.name, n)
		})
	}
	if len(s.known) > 0 {
		t.Logf("inputs skipped for reported disagreements: %v", s.known)
	}
	if s.traced {
		t.Logf("coverage:\n%s", s.cov.Summary())
	}
	if gate && !t.Failed() {
		if missing := s.cov.Missing(); len(missing) > 0 {
			msg := fmt.Sprintf("coverage gate: never exercised:\n  %s", strings.Join(missing, "\n  "))
			if o.checks < DefaultChecks || testing.Short() {
				msg += fmt.Sprintf("\nthe gate needs at least Checks(%d) without -short to reach every row; this run had %d per property (CoverageGate(false) turns the gate off)", DefaultChecks, checks)
			}
			t.Error(msg)
		}
	}
}

// run runs f as a subtest of t when t can have one (a *testing.T), else in
// t itself.
func run(t testing.TB, name string, f func(t testing.TB)) {
	t.Helper()
	if tt, ok := t.(*testing.T); ok {
		tt.Run(name, func(t *testing.T) { f(t) })
		return
	}
	f(t)
}

// runChecks runs prop with rapid until at least want test cases have passed,
// as many rounds of rapid.Check as that takes (a round is -rapid.checks
// cases, 100 by default), and returns how many passed. With -rapid.seed
// given, every round would repeat the same cases, so it runs one. When a
// case fails, rapid shrinks it and reports it; minimize, if set, then
// shortens the case further and reports that, and t fails.
func runChecks(t testing.TB, prop func(*rapid.T), want int, minimize func(testing.TB)) int {
	t.Helper()
	passed := 0
	counted := func(rt *rapid.T) {
		prop(rt)
		passed++
	}
	fixedSeed := false
	if f := flag.Lookup("rapid.seed"); f != nil && f.Value.String() != "0" {
		fixedSeed = true
	}
	for passed < want {
		before := passed
		rapid.Check(goOnTB{t}, counted)
		if t.Failed() {
			if minimize != nil {
				minimize(t)
			}
			t.FailNow()
		}
		if fixedSeed || passed == before {
			break
		}
	}
	return passed
}

// goOnTB is a test that rapid's final FailNow does not stop, so that
// runChecks can shorten the failing case further before it stops.
type goOnTB struct{ testing.TB }

func (goOnTB) FailNow() {}

// --- the machine property ---

func (s *suite) machineProperty(rt *rapid.T) {
	cfg := drawConfig(rt)
	h, err := newHarness(s, cfg)
	if err != nil {
		rt.Fatalf("creating the engine: %v", err)
	}
	h.lazy = rapid.SampledFrom([]lifecycle.InputKind{
		lifecycle.InputInvalid, lifecycle.InputInvalid, lifecycle.InputHoldMainOK, lifecycle.InputJoinBreakoutOK,
		lifecycle.InputHangUpMainOK, lifecycle.InputHangUpBreakoutOK, lifecycle.InputResumeMainOK, lifecycle.InputRejoinMainOK,
		lifecycle.InputRejoinMainOK, lifecycle.InputResumeMainOK, lifecycle.InputHangUpMainOK,
	}).Draw(rt, "lazyHost")
	h.followRecipe(rt)
	for range rapid.IntRange(0, 6).Draw(rt, "steerFirst") {
		h.steer(rt)
	}
	rt.Repeat(h.actions())
}

// actions are the Repeat actions: one per kind of input, some listed twice
// so that they come more often.
func (h *harness) actions() map[string]func(*rapid.T) {
	assigned := func(t *rapid.T) { h.event(t, drawAssignedEvent(t)) }
	outcome := func(t *rapid.T) {
		h.take(t, drawOutcome(t, h.inFlight(h.answersLazy(t))), drawAdvance(t, h.now, h.model.PendingTimers()))
	}
	tick := func(t *rapid.T) {
		h.take(t, lifecycle.Input{Kind: lifecycle.InputTick}, drawTickTime(t, h.now, h.model.PendingTimers()))
	}
	action := func(k lifecycle.InputKind) func(*rapid.T) {
		return func(t *rapid.T) { h.take(t, lifecycle.Input{Kind: k}, drawAdvance(t, h.now, h.model.PendingTimers())) }
	}
	return map[string]func(*rapid.T){
		"assignedBreakoutRooms":   assigned,
		"assignedBreakoutRooms/2": assigned,
		"breakoutRoomsSettings":   func(t *rapid.T) { h.event(t, drawSettingsEvent(t, h.eventTime(t))) },
		"breakoutRooms":           func(t *rapid.T) { h.event(t, drawRoomListEvent(t)) },
		"sdkJoin":                 func(t *rapid.T) { h.event(t, drawJoinEvent(t)) },
		"unreadableEvent":         func(t *rapid.T) { h.event(t, drawMalformedEvent(t)) },
		"join":                    action(lifecycle.InputJoin),
		"returnToMainMeeting":     action(lifecycle.InputReturn),
		"hangUpBreakout":          action(lifecycle.InputHangUpBreakout),
		"resumeMain":              action(lifecycle.InputResumeMain),
		"leave": func(t *rapid.T) {
			if len(h.history) < 12 {
				t.Skip("leave late in a run, so that runs go deep") // before any draw: no rejection
			}
			k := rapid.SampledFrom([]lifecycle.InputKind{lifecycle.InputLeaveMeeting, lifecycle.InputMeetingEnded}).Draw(t, "leave")
			h.take(t, lifecycle.Input{Kind: k}, drawAdvance(t, h.now, h.model.PendingTimers()))
		},
		"outcome":   outcome,
		"outcome/2": outcome,
		"outcome/3": outcome,
		"tick":      tick,
		"tick/2":    tick,
		"lateInput": func(t *rapid.T) { // decision 13: a time earlier than the last input's
			k := rapid.SampledFrom([]lifecycle.InputKind{lifecycle.InputTick, lifecycle.InputJoin, lifecycle.InputReturn}).Draw(t, "lateKind")
			back := h.now.Add(-rapid.SampledFrom([]time.Duration{time.Millisecond, time.Second}).Draw(t, "lateBy"))
			h.take(t, lifecycle.Input{Kind: k}, back)
		},
		"hostCatchesUp": h.catchUp,
		"steer":         h.steer,
		"":              func(t *rapid.T) { h.checkInvariants(t) },
	}
}

// eventsProperty is the decoder's property: every generated event reads as
// meant, every unreadable one is refused with 46258 naming the field, and
// what the decoder reads writes back to the same input.
func eventsProperty(rt *rapid.T) {
	ev := drawEvent(rt, runStart)
	in, err := lifecycle.DecodeEvent(ev.JSON)
	if ev.Malformed != "" {
		checkUnreadable(rt, ev, err)
		return
	}
	if err != nil {
		rt.Fatalf("DecodeEvent refused a readable event %s: %v", ev.JSON, err)
	}
	if !reflect.DeepEqual(in, ev.Input) {
		rt.Fatalf("DecodeEvent(%s)\n got  %+v\n want %+v", ev.JSON, describeInput(in), describeInput(ev.Input))
	}
	back, encErr := lifecycle.EncodeEvent(in)
	if encErr != nil {
		rt.Fatalf("EncodeEvent refused what DecodeEvent read from %s: %v", ev.JSON, encErr)
	}
	again, err := lifecycle.DecodeEvent(back)
	if err != nil || !reflect.DeepEqual(again, in) {
		rt.Fatalf("EncodeEvent(%s) = %s reads back as %+v (%v)", ev.JSON, back, describeInput(again), err)
	}
}

// checkUnreadable checks the decoder's refusal of an unreadable event (R24).
func checkUnreadable(t failer, ev sdkEvent, decodeErr error) {
	err := errcodes.Of(decodeErr)
	if err == nil {
		t.Fatalf("DecodeEvent accepted an unreadable event (%s): %s", ev.Malformed, ev.JSON)
	}
	if err.Subcode != errcodes.UpdateFailed || err.Rule != rule.R24 {
		t.Fatalf("DecodeEvent refused %s with %v, want 46258 (R24)", ev.JSON, err)
	}
	if ev.Field != "" && !strings.Contains(err.Message, ev.Field) {
		t.Fatalf("DecodeEvent's refusal of %s (%s) does not name the field %s: %q", ev.JSON, ev.Malformed, ev.Field, err.Message)
	}
}

// describeInput prints an input with its pointers followed.
func describeInput(in lifecycle.Input) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{%s", in.Kind)
	if in.Room != nil {
		fmt.Fprintf(&b, " room=%+v", *in.Room)
	}
	if in.Settings != nil {
		fmt.Fprintf(&b, " settings=%+v", *in.Settings)
	}
	if in.RoomsDefined || len(in.Rooms) > 0 {
		fmt.Fprintf(&b, " rooms(%v)=%+v", in.RoomsDefined, in.Rooms)
	}
	if in.CallID != "" {
		fmt.Fprintf(&b, " callId=%s", in.CallID)
	}
	if in.ThreadID != "" {
		fmt.Fprintf(&b, " threadId=%s", in.ThreadID)
	}
	b.WriteString("}")
	return b.String()
}

func sameEffects(a, b []lifecycle.Effect) bool {
	return slices.EqualFunc(a, b, func(x, y lifecycle.Effect) bool {
		return x.Kind == y.Kind && x.ThreadID == y.ThreadID && x.Target == y.Target && x.Timer == y.Timer && x.At.Equal(y.At)
	})
}
