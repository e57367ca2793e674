package proptest

import (
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// traceLine is what one line of a trace (docs/TRACE.md) says, as its
// writer meant it: blank, a config, an input, or a line that cannot be read
// (Unreadable, with the error it must be refused with). At, when HasAt, is
// the line's "at".
type traceLine struct {
	Blank      bool
	HasAt      bool
	At         time.Time
	Config     *lifecycle.Config
	Input      lifecycle.Input
	Unreadable *expectedError
}

// traceModel replays a trace through the reference model the way §7 says a
// replay goes: the clock starts at the epoch and advances with every line,
// refused or not; an "at" earlier than the clock is refused; an optional
// first line configures the participant; R1 and R22 refuse everything.
type traceModel struct {
	m     *model
	clock time.Time
	seen  bool
}

// traceEpoch is the trace clock before the first line that carries "at".
var traceEpoch = time.Unix(0, 0).UTC()

// newTraceModel is a trace replay whose participant has the default config
// until a first config line says otherwise.
func newTraceModel() *traceModel {
	return &traceModel{m: newModel(lifecycle.DefaultConfig()), clock: traceEpoch}
}

// model is the participant the replay drives.
func (r *traceModel) model() *model { return r.m }

// Clock is the trace's clock.
func (r *traceModel) Clock() time.Time { return r.clock }

// Line replays one line. ok is false for a blank line, which prints nothing.
func (r *traceModel) Line(l traceLine) (e expectation, ok bool) {
	if l.Blank {
		return expectation{}, false
	}
	first := !r.seen
	r.seen = true
	late := false
	if l.HasAt {
		if l.At.Before(r.clock) {
			late = true
		} else {
			r.clock = l.At
		}
	}
	refuse := func(err *expectedError) (expectation, bool) {
		return expectation{Position: r.m.Position(), Refused: true, Err: err}, true
	}
	if r.m.gate != nil {
		return *r.m.gate, true
	}
	if r.m.Left() {
		return refuse(kindError(errcodes.ParticipantLeft, rule.R22))
	}
	switch {
	case late:
		return refuse(kindError(errcodes.UnknownInput, rule.R24))
	case l.Unreadable != nil:
		return refuse(l.Unreadable)
	case l.Config != nil && !first:
		return refuse(kindError(errcodes.UnknownInput, rule.R24))
	case l.Config != nil:
		r.m = newModel(*l.Config)
		if r.m.gate != nil {
			return *r.m.gate, true
		}
		return expectation{Position: r.m.Position()}, true
	}
	return r.m.Apply(l.Input, r.clock), true
}
