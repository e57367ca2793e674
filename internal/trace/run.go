package trace

import (
	"fmt"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// Result is what one non-blank line of a trace did.
type Result struct {
	Line int
	// Kind and Input are the line as read.
	Kind     LineKind
	Input    lifecycle.Input
	Position lifecycle.Position
	State    lifecycle.State
	// Effects belong to the Runner and are valid until its next line.
	Effects []lifecycle.Effect
	Err     *errcodes.Error
	// Refused is true when the line changed nothing: a refusal, as opposed
	// to a failure report (an accepted outcome with ok:false).
	Refused bool
}

// epoch is the trace clock before the first line that carries "at".
var epoch = time.Unix(0, 0).UTC()

// Runner replays a trace line by line (docs/TRACE.md): it keeps the
// trace's clock, takes an optional config line first, and feeds every other
// line to one participant machine. It is not safe for concurrent use.
type Runner struct {
	m      *lifecycle.Machine
	clock  time.Time
	line   int
	seen   bool
	config lifecycle.Config
	last   Line
}

// NewRunner is a runner whose machine has the default config until a first
// config line says otherwise.
func NewRunner() *Runner {
	cfg := lifecycle.DefaultConfig()
	m, err := lifecycle.New(cfg)
	if err != nil { // the default config is valid: a test keeps it so
		panic("trace: default config refused: " + err.Error())
	}
	return &Runner{m: m, clock: epoch, config: cfg}
}

// Machine is the participant machine the runner drives.
func (r *Runner) Machine() *lifecycle.Machine { return r.m }

// Config is the config the machine runs with.
func (r *Runner) Config() lifecycle.Config { return r.config }

// Clock is the trace's clock: the time of the last line.
func (r *Runner) Clock() time.Time { return r.clock }

var (
	errLateConfig = errs.NewKind(errcodes.UnknownInput, rule.R24,
		"config refused: a config may only be the first non-blank line of a trace; the machine keeps its config")
	errClockBack = errs.NewKind(errcodes.UnknownInput, rule.R24,
		`line refused: its "at" is earlier than the trace's clock (the previous line's time)`)
)

// Next replays one line (without its newline). It reports false for a blank
// line, which prints nothing; the line is still counted.
func (r *Runner) Next(b []byte) (Result, bool) {
	r.line++
	l := ParseLine(b)
	if l.Kind == LineBlank {
		return Result{}, false
	}
	r.last = l
	first := !r.seen
	r.seen = true

	var atErr *errcodes.Error
	if l.HasAt {
		if l.At.Before(r.clock) {
			atErr = errClockBack
		} else {
			r.clock = l.At
		}
	}
	if err := r.m.Refusal(); err != nil {
		return r.refused(errcodes.Of(err)), true
	}
	switch {
	case atErr != nil:
		return r.refused(atErr), true
	case l.Err != nil:
		return r.refused(l.Err), true
	case l.Kind == LineConfig && !first:
		return r.refused(errLateConfig), true
	case l.Kind == LineConfig:
		m, err := lifecycle.New(l.Config)
		if err != nil {
			return r.refused(asError(err)), true
		}
		r.m, r.config = m, l.Config
		if err := m.Refusal(); err != nil {
			return r.refused(errcodes.Of(err)), true
		}
		return r.result(nil, nil), true
	}
	res, err := r.m.Apply(&l.Input, r.clock)
	out := r.result(res.Effects, errcodes.Of(err))
	out.Refused = res.Refused
	return out, true
}

// TooLong takes a line that was not read because it is longer than the
// limit a reader set (EachLineMax): n bytes, more than max. It is a refused
// line, unknownInput (rule R24), whose message names the limit; the trace's
// clock does not advance (its "at" was not read), and nothing else changes
// but the count of lines.
func (r *Runner) TooLong(n int64, max int) Result {
	r.line++
	r.last = Line{}
	r.seen = true
	if err := r.m.Refusal(); err != nil {
		return r.refused(errcodes.Of(err))
	}
	return r.refused(errs.NewKind(errcodes.UnknownInput, rule.R24, fmt.Sprintf(
		"unreadable trace line: it is %d bytes long, more than the %d bytes a line may have (breakoutfsm replay --max-line sets the limit); it was skipped unread", n, max)))
}

func (r *Runner) refused(err *errcodes.Error) Result {
	res := r.result(nil, err)
	res.Refused = true
	return res
}

func (r *Runner) result(effects []lifecycle.Effect, err *errcodes.Error) Result {
	return Result{Line: r.line, Kind: r.last.Kind, Input: r.last.Input, Position: r.m.Position(), State: r.m.State(), Effects: effects, Err: err}
}

func asError(err error) *errcodes.Error {
	if e, ok := err.(*errcodes.Error); ok {
		return e
	}
	return errs.NewKind(errcodes.UnknownInput, rule.R24, err.Error())
}

// AppendJSON appends the result as the line `breakoutfsm replay --json`
// prints for it (without the newline).
func (res *Result) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"line":`...)
	b = appendInt(b, res.Line)
	b = append(b, `,"position":"`...)
	b = append(b, res.Position.String()...)
	b = append(b, `","state":"`...)
	b = append(b, res.State.String()...)
	b = append(b, `","effects":[`...)
	for i, e := range res.Effects {
		if i > 0 {
			b = append(b, ',')
		}
		b = e.AppendJSON(b)
	}
	b = append(b, `],"error":`...)
	if res.Err == nil {
		b = append(b, "null"...)
	} else {
		j, err := res.Err.MarshalJSON()
		if err != nil {
			return b, err
		}
		b = append(b, j...)
	}
	return append(b, '}'), nil
}

func appendInt(b []byte, n int) []byte {
	if n == 0 {
		return append(b, '0')
	}
	var tmp [20]byte
	i := len(tmp)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		tmp[i] = '-'
	}
	return append(b, tmp[i:]...)
}
