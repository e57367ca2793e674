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
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// DefaultChecks is how many test cases each property runs by default: what
// CI runs (go test -race ./...). With -short it is a fifth.
const DefaultChecks = 2000

// Option changes what Check does.
type Option func(*options)

type options struct {
	checks    int
	gate      bool
	gateSet   bool
	coverage  *Coverage
	skipKnown bool
}

// Checks sets how many test cases each property runs (at least); the
// default is DefaultChecks.
func Checks(n int) Option { return func(o *options) { o.checks = n } }

// CoverageGate turns the coverage gate on or off. It is on by default for
// an engine that is a Tracer (except with -short): Check then fails when
// some table row, guard outcome or rule was never exercised.
func CoverageGate(on bool) Option { return func(o *options) { o.gate, o.gateSet = on, true } }

// CountInto adds the coverage of the run to c, for a caller that reports or
// gates it itself.
func CountInto(c *Coverage) Option { return func(o *options) { o.coverage = c } }

// StrictKnown makes Check fail on the disagreements already reported
// (KnownDisagreements) instead of skipping them: use it to see whether a
// fix of the engine has made one go away.
func StrictKnown() Option { return func(o *options) { o.skipKnown = false } }

// Property is one property of the suite, for rapid.Check or rapid.MakeFuzz.
type Property struct {
	Name string
	Fn   func(*rapid.T)
	// Weight multiplies the checks Check runs: the machine property, whose
	// runs reach the table's rare rows, runs more.
	Weight int
}

// Suite is the property suite for one engine: its properties and what they
// have exercised so far.
type Suite struct {
	newEngine NewEngine
	coverage  *Coverage
	skipKnown bool
	traced    bool
	// known counts the test inputs skipped because they hit a reported
	// disagreement, by its name.
	known map[string]int
}

// NewSuite is the property suite for the engine newEngine creates.
func NewSuite(newEngine NewEngine) (*Suite, error) {
	cov, err := NewCoverage()
	if err != nil {
		return nil, err
	}
	s := &Suite{newEngine: newEngine, coverage: cov, skipKnown: true, known: map[string]int{}}
	e, err := newEngine(lifecycle.DefaultConfig())
	if err != nil {
		return nil, fmt.Errorf("proptest: the engine refuses the default config: %w", err)
	}
	_, s.traced = e.(Tracer)
	return s, nil
}

// Coverage is what the suite's runs have exercised so far.
func (s *Suite) Coverage() *Coverage { return s.coverage }

// KnownSkips is how many generated inputs each reported disagreement kept
// out of the comparison.
func (s *Suite) KnownSkips() map[string]int { return s.known }

// Properties are the suite's properties:
//   - "machine": a model-based differential test (rapid's T.Repeat, one
//     action per kind of input, the "" action checking every invariant after
//     every step): the engine, the reference model and, for a Tracer, the
//     looplab adapter of the lifecycle table agree on every input;
//   - "trace": whole traces (docs/TRACE.md) replayed by lifecycle/trace's
//     Runner and by the engine agree with the model line by line;
//   - "events": the decoder reads every SDK event as it was meant and refuses
//     every unreadable one with 46258, naming the field.
func (s *Suite) Properties() []Property {
	return []Property{
		{"machine", s.machineProperty, 3},
		{"trace", s.traceProperty, 1},
		{"events", eventsProperty, 1},
	}
}

// Check runs the whole property suite against the engine newEngine creates,
// each property for at least DefaultChecks test cases (or as Checks says;
// the machine property three times that), logs the coverage counts and, for a
// Tracer, gates on them.
//
// Failing cases are shrunk by rapid and saved under testdata/rapid/ of the
// calling package; the failure prints the case as a trace in the JSON Lines
// form of docs/TRACE.md, ready for `breakoutfsm replay`.
func Check(t *testing.T, newEngine NewEngine, opts ...Option) {
	t.Helper()
	o := options{checks: DefaultChecks, skipKnown: true}
	for _, opt := range opts {
		opt(&o)
	}
	s, err := NewSuite(newEngine)
	if err != nil {
		t.Fatal(err)
	}
	s.skipKnown = o.skipKnown
	if !o.gateSet {
		o.gate = s.traced
	}
	checks := o.checks
	if testing.Short() {
		// Fewer cases cannot promise to reach every row: no gate then.
		checks = max(1, checks/5)
		if !o.gateSet {
			o.gate = false
		}
	}
	for _, p := range s.Properties() {
		t.Run(p.Name, func(t *testing.T) {
			n := RunChecks(t, p.Fn, checks*p.Weight)
			t.Logf("%s: %d checks", p.Name, n)
		})
	}
	if len(s.known) > 0 {
		t.Logf("inputs skipped for reported disagreements: %v", s.known)
	}
	if o.coverage != nil {
		o.coverage.Merge(s.coverage)
	}
	if s.traced {
		t.Logf("coverage:\n%s", s.coverage.Summary())
	}
	if o.gate && !t.Failed() {
		if missing := s.coverage.Missing(); len(missing) > 0 {
			t.Errorf("coverage gate: never exercised:\n  %s", strings.Join(missing, "\n  "))
		}
	}
}

// RunChecks runs prop with rapid until at least want test cases have passed,
// as many rounds of rapid.Check as that takes (a round is -rapid.checks
// cases, 100 by default), and returns how many passed. With -rapid.seed
// given, every round would repeat the same cases, so it runs one.
func RunChecks(t *testing.T, prop func(*rapid.T), want int) int {
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
		rapid.Check(t, counted)
		if t.Failed() || fixedSeed || passed == before {
			break
		}
	}
	return passed
}

// --- the machine property ---

func (s *Suite) machineProperty(rt *rapid.T) {
	cfg := DrawConfig(rt)
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
	assigned := func(t *rapid.T) { h.event(t, DrawAssignedEvent(t)) }
	outcome := func(t *rapid.T) {
		h.take(t, DrawOutcome(t, h.inFlight(h.answersLazy(t))), DrawAdvance(t, h.now, h.model.PendingTimers()))
	}
	tick := func(t *rapid.T) {
		h.take(t, lifecycle.Input{Kind: lifecycle.InputTick}, DrawTickTime(t, h.now, h.model.PendingTimers()))
	}
	action := func(k lifecycle.InputKind) func(*rapid.T) {
		return func(t *rapid.T) { h.take(t, lifecycle.Input{Kind: k}, DrawAdvance(t, h.now, h.model.PendingTimers())) }
	}
	return map[string]func(*rapid.T){
		"assignedBreakoutRooms":   assigned,
		"assignedBreakoutRooms/2": assigned,
		"breakoutRoomsSettings":   func(t *rapid.T) { h.event(t, DrawSettingsEvent(t, h.eventTime(t))) },
		"breakoutRooms":           func(t *rapid.T) { h.event(t, DrawRoomListEvent(t)) },
		"sdkJoin":                 func(t *rapid.T) { h.event(t, DrawJoinEvent(t)) },
		"unreadableEvent":         func(t *rapid.T) { h.event(t, DrawMalformedEvent(t)) },
		"join":                    action(lifecycle.InputJoin),
		"returnToMainMeeting":     action(lifecycle.InputReturn),
		"hangUpBreakout":          action(lifecycle.InputHangUpBreakout),
		"resumeMain":              action(lifecycle.InputResumeMain),
		"leave": func(t *rapid.T) {
			if len(h.history) < 12 {
				t.Skip("leave late in a run, so that runs go deep") // before any draw: no rejection
			}
			k := rapid.SampledFrom([]lifecycle.InputKind{lifecycle.InputLeaveMeeting, lifecycle.InputMeetingEnded}).Draw(t, "leave")
			h.take(t, lifecycle.Input{Kind: k}, DrawAdvance(t, h.now, h.model.PendingTimers()))
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
		"":              h.checkInvariants,
	}
}

// eventsProperty is the decoder's property: every generated event reads as
// meant, every unreadable one is refused with 46258 naming the field, and
// what the decoder reads writes back to the same input.
func eventsProperty(rt *rapid.T) {
	ev := DrawEvent(rt, Start)
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
func checkUnreadable(t *rapid.T, ev Event, err *errcodes.Error) {
	if err == nil {
		t.Fatalf("DecodeEvent accepted an unreadable event (%s): %s", ev.Malformed, ev.JSON)
	}
	if err.Subcode != errcodes.UpdateFailed || err.Rule != errcodes.R24 {
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
