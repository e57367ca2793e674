package proptest_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
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
// machine behind a lock, with the effect buffer copied out. It is not a
// Tracer, so the suite checks it without the looplab adapter and without the
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
func (e *lockedEngine) Refusal() *errcodes.Error {
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

var _ proptest.Engine = (*lockedEngine)(nil)

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

// The reference model answers inputs as the behaviour of record says: here
// R3's auto-move falls due and R5's join effects follow.
func ExampleModel() {
	m := proptest.NewModel(lifecycle.DefaultConfig())
	start := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	room := &lifecycle.Room{ThreadID: "19:r1", State: lifecycle.RoomOpen, AutoMove: true, HasAutoMove: true}
	for _, step := range []struct {
		in lifecycle.Input
		at time.Duration
	}{
		{lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: room}, 0},
		{lifecycle.Input{Kind: lifecycle.InputTick}, 3 * time.Second},
		{lifecycle.Input{Kind: lifecycle.InputHoldMainOK}, 3 * time.Second},
		{lifecycle.Input{Kind: lifecycle.InputJoinBreakoutOK}, 3 * time.Second},
	} {
		e := m.Apply(step.in, start.Add(step.at))
		fmt.Println(strings.TrimSpace(fmt.Sprint(step.in.Kind, " => ", e.Position, " ", lifecycle.FormatEffects(e.Effects))))
	}
	// Output:
	// assignedBreakoutRooms => assigned schedule(autoMove@2026-01-05T10:00:03Z) notify(assignedBreakoutRoomOpened)
	// tick => joining holdMain joinBreakout(19:r1) dismiss(assignedBreakoutRoomOpened)
	// holdMainOk => joining
	// joinBreakoutOk => in_room hangUpMain notify(breakoutRoomJoined)
}
