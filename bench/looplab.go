package bench

import (
	"context"
	"errors"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	lfsm "github.com/looplab/fsm"
)

// Looplab is implementation (2): github.com/looplab/fsm v1.0.3 driven
// directly (not through the library's fsm adapter). Its states are the peer
// states by name and its events the subset's inputs by name; guards are
// before_<event> callbacks that cancel the event, with nil when the guard
// does not apply (the driver then tries the input's next event) or with the
// refusal. The facts change in after_<event> callbacks, which looplab runs for
// a transition and for an event that keeps the state alike.
//
// Two inputs lead from one state to two states depending on a guard, which a
// looplab event cannot express: a tick (autoMove due or not) and rejoinMainOK
// (a room still assigned or not). Each gets a second event.
type Looplab struct {
	f     *lfsm.FSM
	facts uint8
}

// Refusal errors the callbacks cancel with. The driver maps them back.
var looplabRefusals [refusalEnd]error

func init() {
	for r := Refusal(1); r < refusalEnd; r++ {
		looplabRefusals[r] = errors.New(r.String())
	}
}

func refusalOfLooplab(err error) Refusal {
	for r := Refusal(1); r < refusalEnd; r++ {
		if looplabRefusals[r] == err {
			return r
		}
	}
	return RefuseOther
}

// The looplab events that stand for each input, in the order the driver
// fires them.
var looplabEventsOf = [inputEnd][]string{
	InAssignOpenAuto:   {"assignOpenAuto"},
	InAssignOpenPrompt: {"assignOpenPrompt"},
	InAssignClosed:     {"assignClosed"},
	InUnassign:         {"unassign"},
	InSettingsAllow:    {"settingsAllow"},
	InSettingsDeny:     {"settingsDeny"},
	InJoin:             {"join"},
	InReturn:           {"return"},
	InTick:             {"tick", "autoMove"},
	InLeave:            {"leave"},
	InHoldMainOK:       {"holdMainOK"},
	InJoinBreakoutOK:   {"joinBreakoutOK"},
	InHangUpMainOK:     {"hangUpMainOK"},
	InHangUpBreakoutOK: {"hangUpBreakoutOK"},
	InRejoinMainOK:     {"rejoinMainOK", "rejoinMainOKToMain"},
}

var looplabStates = func() map[string]State {
	m := make(map[string]State, stateEnd)
	for s := State(0); s < stateEnd; s++ {
		m[s.String()] = s
	}
	return m
}()

// looplabEvents is the machine's event table, shared by every participant
// (looplab copies it into each machine's own transition map).
var looplabEvents = func() lfsm.Events {
	main, assigned, inRoom, left := StMain.String(), StAssigned.String(), StInRoom.String(), StLeft.String()
	stable := []string{main, assigned, inRoom, left}
	ev := func(name string, dst string, src ...string) lfsm.EventDesc {
		return lfsm.EventDesc{Name: name, Src: src, Dst: dst}
	}
	// looplab keys transitions by (event, source) and gives each EventDesc
	// one Dst, so an input that keeps several states as they are lists one
	// EventDesc per state.
	return lfsm.Events{
		ev("assignOpenAuto", assigned, main, assigned),
		ev("assignOpenAuto", inRoom, inRoom),
		ev("assignOpenAuto", left, left),
		ev("assignOpenPrompt", assigned, main, assigned),
		ev("assignOpenPrompt", inRoom, inRoom),
		ev("assignOpenPrompt", left, left),
		ev("assignClosed", assigned, main, assigned),
		ev("assignClosed", StReturningBoth.String(), inRoom),
		ev("assignClosed", left, left),
		ev("unassign", main, main, assigned),
		ev("unassign", StReturningBoth.String(), inRoom),
		ev("unassign", left, left),
		ev("settingsAllow", main, main),
		ev("settingsAllow", assigned, assigned),
		ev("settingsAllow", inRoom, inRoom),
		ev("settingsAllow", left, left),
		ev("settingsDeny", main, main),
		ev("settingsDeny", assigned, assigned),
		ev("settingsDeny", inRoom, inRoom),
		ev("settingsDeny", left, left),
		ev("join", main, main),
		ev("join", StJoiningHold.String(), assigned),
		ev("join", inRoom, inRoom),
		ev("join", left, left),
		ev("return", main, main),
		ev("return", assigned, assigned),
		ev("return", StReturningBoth.String(), inRoom),
		ev("return", left, left),
		ev("tick", main, main),
		ev("tick", assigned, assigned),
		ev("tick", inRoom, inRoom),
		ev("tick", left, left),
		ev("autoMove", StJoiningHold.String(), assigned),
		ev("leave", left, stable...),
		ev("holdMainOK", StJoiningJoin.String(), StJoiningHold.String()),
		ev("joinBreakoutOK", StInRoomHangUp.String(), StJoiningJoin.String()),
		ev("hangUpMainOK", inRoom, StInRoomHangUp.String()),
		ev("hangUpBreakoutOK", StReturningRejoin.String(), StReturningBoth.String()),
		ev("rejoinMainOK", assigned, StReturningRejoin.String()),
		ev("rejoinMainOKToMain", main, StReturningRejoin.String()),
		// An outcome with nothing in flight is refused in every stable state.
		ev("holdMainOK", main, main), ev("holdMainOK", assigned, assigned), ev("holdMainOK", inRoom, inRoom), ev("holdMainOK", left, left),
		ev("joinBreakoutOK", main, main), ev("joinBreakoutOK", assigned, assigned), ev("joinBreakoutOK", inRoom, inRoom), ev("joinBreakoutOK", left, left),
		ev("hangUpMainOK", main, main), ev("hangUpMainOK", assigned, assigned), ev("hangUpMainOK", inRoom, inRoom), ev("hangUpMainOK", left, left),
		ev("hangUpBreakoutOK", main, main), ev("hangUpBreakoutOK", assigned, assigned), ev("hangUpBreakoutOK", inRoom, inRoom), ev("hangUpBreakoutOK", left, left),
		ev("rejoinMainOK", main, main), ev("rejoinMainOK", assigned, assigned), ev("rejoinMainOK", inRoom, inRoom), ev("rejoinMainOK", left, left),
	}
}()

// NewLooplab creates implementation (2) in the main meeting: a looplab
// machine with this participant's callbacks.
func NewLooplab() *Looplab {
	p := &Looplab{}
	main, assigned, inRoom := StMain.String(), StAssigned.String(), StInRoom.String()
	refuse := func(e *lfsm.Event, r Refusal) { e.Cancel(looplabRefusals[r]) }
	// notHere cancels with nil: the guard does not apply, the driver tries
	// the input's next event.
	notHere := func(e *lfsm.Event) { e.Cancel() }
	unexpected := func(_ context.Context, e *lfsm.Event) {
		switch e.Src {
		case main, assigned, inRoom:
			refuse(e, RefuseUnexpected)
		}
	}
	has := func(bits uint8) bool { return p.facts&bits != 0 }

	callbacks := lfsm.Callbacks{
		// R22: every input is refused once left.
		"before_event": func(_ context.Context, e *lfsm.Event) {
			if e.Src == StLeft.String() {
				refuse(e, RefuseLeft)
			}
		},

		"after_assignOpenAuto": func(_ context.Context, e *lfsm.Event) {
			switch {
			case e.Src == main || e.Src == assigned && has(factClosed): // R3
				p.facts = factOpen | factAuto | factArmed
			case e.Src == assigned && !has(factAuto): // R4a: auto-move switched on
				p.facts |= factAuto
				if !has(factEarly) {
					p.facts |= factArmed
				}
			case e.Src == inRoom:
				p.facts |= factAuto
			}
		},
		"after_assignOpenPrompt": func(_ context.Context, e *lfsm.Event) {
			switch {
			case e.Src == main || e.Src == assigned && has(factClosed): // R4
				p.facts = factOpen
			case e.Src == assigned || e.Src == inRoom: // R4a: auto-move switched off
				p.facts &^= factAuto | factArmed
			}
		},
		"after_assignClosed": func(_ context.Context, e *lfsm.Event) {
			switch e.Src {
			case main: // R2
				p.facts = factClosed
			case assigned, inRoom: // R8, R12
				p.facts = p.facts&^(factOpen|factAuto|factArmed|factAllow) | factClosed
			}
		},
		"after_unassign": func(_ context.Context, e *lfsm.Event) { p.facts = 0 }, // R8, R12

		"after_settingsAllow": func(_ context.Context, e *lfsm.Event) {
			if e.Src == inRoom { // R11
				p.facts |= factAllow
			}
		},
		"after_settingsDeny": func(_ context.Context, e *lfsm.Event) {
			if e.Src == inRoom {
				p.facts &^= factAllow
			}
		},

		"before_join": func(_ context.Context, e *lfsm.Event) {
			switch {
			case e.Src == main:
				refuse(e, RefuseNoAssignment)
			case e.Src == assigned && !has(factOpen):
				refuse(e, RefuseRoomClosed)
			case e.Src == inRoom:
				refuse(e, RefuseAlreadyInRoom)
			}
		},
		"after_join": func(_ context.Context, e *lfsm.Event) { p.facts &^= factArmed | factAllow }, // R5

		"before_return": func(_ context.Context, e *lfsm.Event) {
			switch {
			case e.Src == main || e.Src == assigned:
				refuse(e, RefuseAlreadyInMain) // R17
			case e.Src == inRoom && !has(factAllow):
				refuse(e, RefuseReturnDisabled) // R15
			}
		},
		"after_return": func(_ context.Context, e *lfsm.Event) { p.facts = p.facts&^factAllow | factEarly }, // R16

		"before_tick": func(_ context.Context, e *lfsm.Event) {
			if e.Src == assigned && has(factArmed) {
				notHere(e) // autoMove is due
			}
		},
		"before_autoMove": func(_ context.Context, e *lfsm.Event) {
			if !has(factArmed) {
				notHere(e)
			}
		},
		"after_autoMove": func(_ context.Context, e *lfsm.Event) { p.facts &^= factArmed | factAllow }, // R3

		"after_leave": func(_ context.Context, e *lfsm.Event) { p.facts = 0 }, // R22

		"before_holdMainOK":       unexpected,
		"before_joinBreakoutOK":   unexpected,
		"before_hangUpMainOK":     unexpected,
		"before_hangUpBreakoutOK": unexpected,
		"before_rejoinMainOK": func(ctx context.Context, e *lfsm.Event) {
			if e.Src == StReturningRejoin.String() && !has(factOpen|factClosed) {
				notHere(e) // nothing assigned: back to main (R18)
				return
			}
			unexpected(ctx, e)
		},
		"after_rejoinMainOKToMain": func(_ context.Context, e *lfsm.Event) { p.facts = 0 }, // R18
	}
	p.f = lfsm.NewFSM(main, looplabEvents, callbacks)
	return p
}

// Apply applies one input: it fires the input's events in turn until one is
// taken or refused.
func (p *Looplab) Apply(ctx context.Context, in Input) (lifecycle.Position, Refusal) {
	names := looplabEventsOf[in]
	for _, name := range names {
		err := p.f.Event(ctx, name)
		switch e := err.(type) {
		case nil:
			return p.Position(), RefuseNone
		case lfsm.NoTransitionError:
			if e.Err == nil {
				return p.Position(), RefuseNone
			}
			return p.Position(), RefuseOther
		case lfsm.CanceledError:
			if e.Err == nil {
				continue // the guard does not apply: next event
			}
			return p.Position(), refusalOfLooplab(e.Err)
		case lfsm.InvalidEventError:
			continue
		default:
			return p.Position(), RefuseOther
		}
	}
	return p.Position(), RefuseOutsideSubset
}

// Step is Apply behind the Participant interface.
func (p *Looplab) Step(in Input) (lifecycle.Position, Refusal) {
	return p.Apply(context.Background(), in)
}

// State is the machine's state.
func (p *Looplab) State() State { return looplabStates[p.f.Current()] }

// Position is the machine's position.
func (p *Looplab) Position() lifecycle.Position { return p.State().Position() }
