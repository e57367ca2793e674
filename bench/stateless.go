package bench

import (
	"context"
	"errors"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/qmuntal/stateless"
)

// Stateless is implementation (3): github.com/qmuntal/stateless v1.7.2. Its
// states are the peer states and its triggers the subset's inputs. Guarded
// transitions are Permit with guard functions (the Go port's form of
// PermitIf), accepted inputs that keep the state are Ignore or
// InternalTransition (also guarded where they depend on the facts), and a
// refusal is an InternalTransition whose action returns the refusal error,
// which Fire returns. Facts that change on a move change in OnEntryFrom.
// The machine fires immediately (FiringImmediate): nothing fires from within
// a callback, so the default queue would only add work.
type Stateless struct {
	sm    *stateless.StateMachine
	facts uint8
}

var statelessRefusals [refusalEnd]error

func init() {
	for r := Refusal(1); r < refusalEnd; r++ {
		statelessRefusals[r] = errors.New(r.String())
	}
}

func refusalOfStateless(err error) Refusal {
	for r := Refusal(1); r < refusalEnd; r++ {
		if statelessRefusals[r] == err {
			return r
		}
	}
	return RefuseOther
}

// NewStateless creates implementation (3) in the main meeting.
func NewStateless() *Stateless {
	p := &Stateless{}
	sm := stateless.NewStateMachineWithMode(StMain, stateless.FiringImmediate)
	p.sm = sm

	is := func(bits uint8) stateless.GuardFunc {
		return func(context.Context, ...any) bool { return p.facts&bits == bits }
	}
	not := func(bits uint8) stateless.GuardFunc {
		return func(context.Context, ...any) bool { return p.facts&bits == 0 }
	}
	anyRoom := func(context.Context, ...any) bool { return p.facts&(factOpen|factClosed) != 0 }
	refuse := func(r Refusal) stateless.ActionFunc {
		err := statelessRefusals[r]
		return func(context.Context, ...any) error { return err }
	}
	set := func(f func(uint8) uint8) stateless.ActionFunc {
		return func(context.Context, ...any) error { p.facts = f(p.facts); return nil }
	}
	outcomes := []Input{InHoldMainOK, InJoinBreakoutOK, InHangUpMainOK, InHangUpBreakoutOK, InRejoinMainOK}
	refuseOutcomes := func(c *stateless.StateConfiguration) {
		for _, o := range outcomes {
			c.InternalTransition(o, refuse(RefuseUnexpected)) // R24
		}
	}

	// main: nothing assigned.
	main := sm.Configure(StMain).
		OnEntryFrom(InUnassign, set(func(uint8) uint8 { return 0 })).     // R8
		OnEntryFrom(InRejoinMainOK, set(func(uint8) uint8 { return 0 })). // R18
		Permit(InAssignOpenAuto, StAssigned).                             // R3
		Permit(InAssignOpenPrompt, StAssigned).                           // R4
		Permit(InAssignClosed, StAssigned).                               // R2
		Ignore(InUnassign).
		Ignore(InSettingsAllow).
		Ignore(InSettingsDeny).
		InternalTransition(InJoin, refuse(RefuseNoAssignment)).    // R5
		InternalTransition(InReturn, refuse(RefuseAlreadyInMain)). // R17
		Ignore(InTick).
		Permit(InLeave, StLeft) // R22
	refuseOutcomes(main)

	// assigned.
	assigned := sm.Configure(StAssigned).
		OnEntryFrom(InAssignOpenAuto, set(func(uint8) uint8 { return factOpen | factAuto | factArmed })).
		OnEntryFrom(InAssignOpenPrompt, set(func(uint8) uint8 { return factOpen })).
		OnEntryFrom(InAssignClosed, set(func(uint8) uint8 { return factClosed })).
		// R4a: the same room again, or auto-move switched on or off.
		Ignore(InAssignOpenAuto, is(factOpen|factAuto)).
		InternalTransition(InAssignOpenAuto, set(func(f uint8) uint8 { return f | factAuto | factArmed }), is(factOpen), not(factAuto|factEarly)).
		InternalTransition(InAssignOpenAuto, set(func(f uint8) uint8 { return f | factAuto }), is(factOpen|factEarly), not(factAuto)). // R16
		InternalTransition(InAssignOpenAuto, set(func(uint8) uint8 { return factOpen | factAuto | factArmed }), is(factClosed)).       // reopened: R3
		Ignore(InAssignOpenPrompt, is(factOpen), not(factAuto)).
		InternalTransition(InAssignOpenPrompt, set(func(f uint8) uint8 { return f &^ (factAuto | factArmed) }), is(factOpen|factAuto)).
		InternalTransition(InAssignOpenPrompt, set(func(uint8) uint8 { return factOpen }), is(factClosed)). // reopened: R4
		Ignore(InAssignClosed, is(factClosed)).
		InternalTransition(InAssignClosed, set(func(f uint8) uint8 { return f&^(factOpen|factAuto|factArmed) | factClosed }), is(factOpen)). // R8
		Permit(InUnassign, StMain).                                                                                                          // R8
		Ignore(InSettingsAllow).
		Ignore(InSettingsDeny).
		Permit(InJoin, StJoiningHold, is(factOpen)).                         // R5
		InternalTransition(InJoin, refuse(RefuseRoomClosed), not(factOpen)). // R5
		InternalTransition(InReturn, refuse(RefuseAlreadyInMain)).           // R17
		Permit(InTick, StJoiningHold, is(factArmed)).                        // R3
		Ignore(InTick, not(factArmed)).
		Permit(InLeave, StLeft)
	refuseOutcomes(assigned)

	// joining: the host's outcomes, in order.
	sm.Configure(StJoiningHold).
		OnEntry(set(func(f uint8) uint8 { return f &^ (factArmed | factAllow) })). // R5: autoMove cancelled, settings cleared
		Permit(InHoldMainOK, StJoiningJoin)
	sm.Configure(StJoiningJoin).Permit(InJoinBreakoutOK, StInRoomHangUp) // R9
	sm.Configure(StInRoomHangUp).Permit(InHangUpMainOK, StInRoom)

	// in the room.
	inRoom := sm.Configure(StInRoom).
		Ignore(InAssignOpenAuto, is(factAuto)).
		InternalTransition(InAssignOpenAuto, set(func(f uint8) uint8 { return f | factAuto }), not(factAuto)).
		Ignore(InAssignOpenPrompt, not(factAuto)).
		InternalTransition(InAssignOpenPrompt, set(func(f uint8) uint8 { return f &^ factAuto }), is(factAuto)).
		Permit(InAssignClosed, StReturningBoth).                                                // R12
		Permit(InUnassign, StReturningBoth).                                                    // R12
		InternalTransition(InSettingsAllow, set(func(f uint8) uint8 { return f | factAllow })). // R11
		InternalTransition(InSettingsDeny, set(func(f uint8) uint8 { return f &^ factAllow })).
		InternalTransition(InJoin, refuse(RefuseAlreadyInRoom)).                    // R5
		Permit(InReturn, StReturningBoth, is(factAllow)).                           // R15
		InternalTransition(InReturn, refuse(RefuseReturnDisabled), not(factAllow)). // R15
		Ignore(InTick).
		Permit(InLeave, StLeft)
	refuseOutcomes(inRoom)

	// returning: the host's outcomes, in order.
	sm.Configure(StReturningBoth).
		OnEntryFrom(InAssignClosed, set(func(f uint8) uint8 { return f&^(factOpen|factAuto|factAllow) | factClosed })).
		OnEntryFrom(InUnassign, set(func(uint8) uint8 { return 0 })).
		OnEntryFrom(InReturn, set(func(f uint8) uint8 { return f&^factAllow | factEarly })). // R16
		Permit(InHangUpBreakoutOK, StReturningRejoin)
	sm.Configure(StReturningRejoin).
		Permit(InRejoinMainOK, StAssigned, anyRoom). // R18
		Permit(InRejoinMainOK, StMain, func(ctx context.Context, args ...any) bool { return !anyRoom(ctx, args...) })

	// left: every input refused (R22), through the unhandled-trigger hook.
	sm.Configure(StLeft).OnEntry(set(func(uint8) uint8 { return 0 }))
	sm.OnUnhandledTrigger(func(_ context.Context, state stateless.State, _ stateless.Trigger, _ []string) error {
		if state == StLeft {
			return statelessRefusals[RefuseLeft]
		}
		return statelessRefusals[RefuseOutsideSubset]
	})
	return p
}

// Apply fires one input.
func (p *Stateless) Apply(in Input) (lifecycle.Position, Refusal) {
	err := p.sm.Fire(in)
	if err != nil {
		return p.Position(), refusalOfStateless(err)
	}
	return p.Position(), RefuseNone
}

// Step is Apply behind the Participant interface.
func (p *Stateless) Step(in Input) (lifecycle.Position, Refusal) { return p.Apply(in) }

// State is the machine's state.
func (p *Stateless) State() State { return p.sm.MustState().(State) }

// Position is the machine's position.
func (p *Stateless) Position() lifecycle.Position { return p.State().Position() }
