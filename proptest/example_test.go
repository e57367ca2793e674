package proptest_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/proptest"
)

// The whole suite against the engine itself: in a test,
//
//	func TestEngine(t *testing.T) {
//		proptest.Check(t, proptest.Lifecycle)
//	}
//
// runs the machine, trace and events properties (at least 2,000 cases each),
// drives the looplab adapter of the lifecycle table in lockstep, logs the
// coverage counts and fails if a table row, guard outcome or rule was never
// exercised. This package's TestEngine is exactly that.
func ExampleCheck() {
	var t *testing.T // the test's own *testing.T
	if t != nil {
		proptest.Check(t, proptest.Lifecycle)
	}
	fmt.Println("proptest.Check(t, proptest.Lifecycle)")
	// Output: proptest.Check(t, proptest.Lifecycle)
}

// lockedEngine is what a service might put in front of the engine: a
// machine behind a lock, with the effect buffer copied out. It shows its
// state and its snapshot (it is a Snapshotter), so the suite checks its
// timers, notifications, invariants, refusals and way home; it is not a
// Tracer, so the suite runs without the looplab adapter and without the
// coverage gate.
type lockedEngine struct {
	mu sync.Mutex
	m  *lifecycle.Machine
}

func newLockedEngine(cfg lifecycle.Config) (proptest.Engine, error) {
	m, err := lifecycle.New(cfg)
	if err != nil {
		return nil, err
	}
	return &lockedEngine{m: m}, nil
}

func (e *lockedEngine) Apply(in *lifecycle.Input, now time.Time) (lifecycle.Result, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	res, err := e.m.Apply(in, now)
	res.Effects = append([]lifecycle.Effect(nil), res.Effects...)
	return res, err
}

func (e *lockedEngine) State() lifecycle.State { e.mu.Lock(); defer e.mu.Unlock(); return e.m.State() }
func (e *lockedEngine) Position() lifecycle.Position {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.m.Position()
}
func (e *lockedEngine) Snapshot() lifecycle.Snapshot {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.m.Snapshot()
}
func (e *lockedEngine) CheckInvariants() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.m.CheckInvariants()
}
func (e *lockedEngine) Refusal() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.m.Refusal()
}

func (e *lockedEngine) PendingTimers() []lifecycle.Effect {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.m.PendingTimers()
}

func (e *lockedEngine) ActiveNotifications() []lifecycle.Notification {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.m.ActiveNotifications()
}

func (e *lockedEngine) NextDue() (time.Time, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.m.NextDue()
}

var _ proptest.Snapshotter = (*lockedEngine)(nil)

// A service checks its own wrapper with the same suite, giving Check the
// wrapper's constructor (TestCheckOnAWrapper runs this).
func ExampleCheck_wrapper() {
	var t *testing.T // the test's own *testing.T
	if t != nil {
		proptest.Check(t, newLockedEngine)
	}
	fmt.Println("proptest.Check(t, newLockedEngine)")
	// Output: proptest.Check(t, newLockedEngine)
}

func TestCheckOnAWrapper(t *testing.T) {
	proptest.Check(t, newLockedEngine, proptest.Checks(200))
}

// applyOnly is the least an engine can be: Apply, and nothing else to look
// at. The suite compares its every answer with the reference model.
type applyOnly struct{ m *lifecycle.Machine }

func (e applyOnly) Apply(in *lifecycle.Input, now time.Time) (lifecycle.Result, error) {
	return e.m.Apply(in, now)
}

func TestCheckOnAnEngineThatOnlyApplies(t *testing.T) {
	proptest.Check(t, func(cfg lifecycle.Config) (proptest.Engine, error) {
		m, err := lifecycle.New(cfg)
		return applyOnly{m}, err
	}, proptest.Checks(200))
}

// An engine in another process, in any language, is checked through the
// trace contract of docs/TRACE.md: each generated trace goes to a new
// process on its standard input, and the result lines it writes are
// compared with the reference model. The project's own command passes
// (TestCheckProcess_TheCommandPasses builds it and runs this).
func ExampleCheckProcess() {
	var t *testing.T // the test's own *testing.T
	if t != nil {
		proptest.CheckProcess(t, "node", "my-engine.js")
		proptest.CheckProcessWith(t, []string{"breakoutfsm", "replay", "--json", "-"},
			proptest.Checks(200), proptest.TraceTimeout(5*time.Second))
	}
	fmt.Println(`proptest.CheckProcess(t, "node", "my-engine.js")`)
	// Output: proptest.CheckProcess(t, "node", "my-engine.js")
}
