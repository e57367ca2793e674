package proptest

import (
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// Engine is what the property suite drives: one participant machine, as
// lifecycle.Machine is, or any wrapper around one or reimplementation of it
// (a service's own adapter, a machine behind a lock, a persisted machine, a
// port). It asks only for what the trace contract (docs/TRACE.md) carries:
// the position (and fine state) after each input, the effects in order, and
// the error. Its Result's effects may be a buffer it reuses: the suite
// copies them. Its error, when there is one, is an *errcodes.Error (or
// wraps one).
//
// An engine that can show more gets more checked: see Inspector,
// Snapshotter and Tracer, which the suite finds with type assertions.
type Engine interface {
	Apply(in *lifecycle.Input, now time.Time) (lifecycle.Result, error)
}

// Inspector is an Engine whose state the suite can read between inputs.
// With it, the suite also checks after every input that the engine is
// where its result said, in a fine state of that position; that its own
// invariants hold; that its pending timers are exactly the ones its effects
// scheduled and not cancelled, with NextDue the earliest, and that a tick
// leaves none due; that the notifications it shows are the ones its effects
// showed and not dismissed; that left is terminal and keeps nothing. An SDK
// event the decoder cannot read never reaches Apply: an Inspector is asked
// for the refusal that stands (Refusal), and its answer is compared.
type Inspector interface {
	Engine
	State() lifecycle.State
	Position() lifecycle.Position
	CheckInvariants() error
	PendingTimers() []lifecycle.Effect
	ActiveNotifications() []lifecycle.Notification
	NextDue() (time.Time, bool)
	// Refusal is the error every input gets now (R1, R22), or nil; an
	// *errcodes.Error.
	Refusal() error
}

// Snapshotter is an Inspector that can show every fact it keeps, as a
// lifecycle.Snapshot. With it, the suite also checks that a refused input
// changes nothing, that a machine restored from the snapshot before an input
// (lifecycle.Restore) answers that input the same, and R21: from every
// state but left, a host can bring the participant back to the main
// meeting.
type Snapshotter interface {
	Inspector
	Snapshot() lifecycle.Snapshot
}

// Tracer is a Snapshotter that reports the index of every table row an
// input takes. With it, the suite also runs the looplab/fsm adapter of the
// lifecycle table in lockstep (it must take the row the engine took, under
// the conditions the snapshot shows) and gates on coverage: every row as
// written, every guard both ways and every rule must be exercised.
type Tracer interface {
	Snapshotter
	SetTrace(func(row int))
}

// NewEngine creates the engine under test for a config.
type NewEngine func(cfg lifecycle.Config) (Engine, error)

// Lifecycle is the NewEngine of the engine itself, lifecycle.New.
func Lifecycle(cfg lifecycle.Config) (Engine, error) {
	m, err := lifecycle.New(cfg)
	if err != nil {
		return nil, err
	}
	return m, nil
}

var (
	_ Engine    = (*lifecycle.Machine)(nil)
	_ Tracer    = (*lifecycle.Machine)(nil)
	_ NewEngine = Lifecycle
)

// reply is an engine's answer to one input as the suite compares it: the
// result, and its error as an *errcodes.Error (nil when none).
type reply struct {
	lifecycle.Result
	Err *errcodes.Error
}

func replyOf(res lifecycle.Result, err error) reply {
	return reply{Result: res, Err: errcodes.Of(err)}
}
