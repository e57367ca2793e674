package bench

import (
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// shapeOnly has breakoutfsm's Apply signature and nothing of its logic: it
// takes the input and the time, keeps the clock from going backwards,
// writes the one effect BenchmarkLegal's inputs produce into a buffer it
// keeps, and returns a Result. BenchmarkAPIShape times it: what any engine
// with this API pays per input before it decides anything, to set beside
// the floor (which takes a byte and returns two).
type shapeOnly struct {
	now int64
	out []lifecycle.Effect
}

// errShapeRefused is the refusal shapeOnly answers returnToMainMeeting with.
var errShapeRefused = errs.NewKind(errcodes.ReturnDisabled, rule.R15, "returnToMainMeeting refused")

//go:noinline
func (m *shapeOnly) Apply(in *lifecycle.Input, now time.Time) (lifecycle.Result, error) {
	t := now.Unix()
	if t < m.now {
		return lifecycle.Result{Refused: true}, errShapeRefused
	}
	if in.Kind == lifecycle.InputReturn {
		return lifecycle.Result{State: lifecycle.StateInRoom, Effects: m.out[:0], Refused: true}, errShapeRefused
	}
	m.now = t
	target := lifecycle.NotifyOpenedPromptJoin
	kind := lifecycle.EffectNotify
	if in.Room == nil {
		kind = lifecycle.EffectDismiss
	}
	m.out = append(m.out[:0], lifecycle.Effect{Kind: kind, Target: target})
	return lifecycle.Result{State: lifecycle.StateAssigned, Effects: m.out}, nil
}

// BenchmarkAPIShape is BenchmarkLegal's inputs (legal) and
// BenchmarkRefused's input (refused) through shapeOnly.
func BenchmarkAPIShape(b *testing.B) {
	b.Run("legal", func(b *testing.B) {
		m := &shapeOnly{out: make([]lifecycle.Effect, 0, 8)}
		lins := [2]lifecycle.Input{LifecycleInputs[InAssignOpenPrompt], LifecycleInputs[InUnassign]}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if r, _ := m.Apply(&lins[i&1], benchNow); r.Refused || len(r.Effects) != 1 {
				b.Fatal("shapeOnly refused")
			}
		}
	})
	b.Run("refused", func(b *testing.B) {
		m := &shapeOnly{out: make([]lifecycle.Effect, 0, 8)}
		in := LifecycleInputs[InReturn]
		b.ReportAllocs()
		for b.Loop() {
			if r, _ := m.Apply(&in, benchNow); !r.Refused {
				b.Fatal("shapeOnly accepted")
			}
		}
	})
}
