package proptest

import (
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// Engine is what the property suite drives: one participant machine, as
// lifecycle.Machine is, or any wrapper around one that keeps its contract
// (a service's own adapter, a machine behind a lock, a persisted machine).
// Its Result's effects may be a buffer it reuses: the suite copies them. Its
// error, when there is one, is an *errcodes.Error (or wraps one).
type Engine interface {
	Apply(in *lifecycle.Input, now time.Time) (lifecycle.Result, error)
	State() lifecycle.State
	Position() lifecycle.Position
	// Snapshot is every fact the machine keeps; the suite compares snapshots
	// to prove that a refused input changed nothing.
	Snapshot() lifecycle.Snapshot
	CheckInvariants() error
	PendingTimers() []lifecycle.Effect
	ActiveNotifications() []lifecycle.Notification
	NextDue() (time.Time, bool)
	// Refusal is the error every input gets now (R1, R22), or nil.
	Refusal() *errcodes.Error
}

// Tracer is an Engine that reports the index of every table row an input
// takes. With it, the suite also runs the looplab adapter of the lifecycle
// table in lockstep and measures coverage.
type Tracer interface {
	Engine
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
