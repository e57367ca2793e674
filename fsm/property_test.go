package fsm_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
)

// The looplab adapter and Step agree on every random sequence of inputs and
// conditions, from every starting state: same row, same resulting state.
func TestLooplabAgreesWithStep(t *testing.T) {
	table := newDoor(t)
	rapid.Check(t, func(rt *rapid.T) {
		state := rapid.SampledFrom(allDoorStates()).Draw(rt, "initial")
		m, err := table.Looplab(state)
		if err != nil {
			rt.Fatalf("Looplab(%v): %v", state, err)
		}
		ctx := context.Background()
		rt.Repeat(map[string]func(*rapid.T){
			"fire": func(rt *rapid.T) {
				on := rapid.SampledFrom(allDoorInputs()).Draw(rt, "input")
				c := fsm.Conditions(rapid.Uint64Range(0, 1<<len(doorConditions)-1).Draw(rt, "conditions"))
				want, row, ok := table.Step(state, on, c)
				if !ok {
					rt.Fatalf("Step(%v, %v, %b) found no row in a validated table", state, on, c)
				}
				got, err := m.Fire(ctx, on, c)
				if err != nil {
					rt.Fatalf("Fire(%v, %b) in %v: %v", on, c, state, err)
				}
				if got != want {
					rt.Fatalf("Fire(%v, %b) in %v took row %d, Step says %d", on, c, state, got, want)
				}
				state = row.To
			},
			"fire with a cancelled context": func(rt *rapid.T) {
				on := rapid.SampledFrom(allDoorInputs()).Draw(rt, "input")
				cctx, cancel := context.WithCancel(ctx)
				cancel()
				if _, err := m.Fire(cctx, on, 0); !errors.Is(err, context.Canceled) {
					rt.Fatalf("Fire with a cancelled context: %v", err)
				}
			},
			"": func(rt *rapid.T) {
				if got := m.Current(); got != state {
					rt.Fatalf("looplab is in %v, the model in %v", got, state)
				}
			},
		})
	})
}

// specGen draws door-typed specs that are often valid and often slightly
// broken. Each state's first input leads round a ring of all the states, so
// that every state is reachable and can get home; every (state, input) pair
// gets a complete set of rows split on at most one condition; then a few
// random edits break things.
var specGen = rapid.Custom(func(rt *rapid.T) doorSpec {
	states := rapid.SliceOfNDistinct(rapid.Custom(func(rt *rapid.T) doorState {
		return doorState(rapid.Uint8Range(1, 6).Draw(rt, "state"))
	}), 1, 5, rapid.ID).Draw(rt, "states")
	inputs := rapid.SliceOfNDistinct(rapid.Custom(func(rt *rapid.T) doorInput {
		return doorInput(rapid.Uint8Range(1, 4).Draw(rt, "input"))
	}), 1, 3, rapid.ID).Draw(rt, "inputs")
	nConds := rapid.IntRange(0, 3).Draw(rt, "conditions")
	spec := doorSpec{
		States:     states,
		Inputs:     inputs,
		Conditions: doorConditions[:nConds],
		Initial:    rapid.SampledFrom(states).Draw(rt, "initial"),
		Home:       []doorState{rapid.SampledFrom(states).Draw(rt, "home")},
		Refusal:    isRefusal,
	}
	for i, s := range states {
		for j, in := range inputs {
			to := states[(i+1)%len(states)]
			if j > 0 {
				to = rapid.SampledFrom(states).Draw(rt, "to")
			}
			if nConds > 0 && rapid.Bool().Draw(rt, "split") {
				bit := uint8(rapid.IntRange(0, nConds-1).Draw(rt, "bit"))
				spec.Rows = append(spec.Rows,
					doorRow{From: s, On: in, Guard: fsm.When(bit), To: to, Action: move},
					doorRow{From: s, On: in, Guard: fsm.Guard{}.Not(bit), To: s, Action: refuse})
			} else {
				spec.Rows = append(spec.Rows, doorRow{From: s, On: in, To: to, Action: move})
			}
		}
	}
	edits := rapid.IntRange(0, 2).Draw(rt, "edits")
	for range edits {
		k := rapid.IntRange(0, len(spec.Rows)-1).Draw(rt, "row")
		switch rapid.IntRange(0, 7).Draw(rt, "edit") {
		case 0:
			spec.Rows = slices.Delete(spec.Rows, k, k+1)
		case 1:
			spec.Rows = append(spec.Rows, spec.Rows[k])
		case 2:
			spec.Rows[k].Guard = fsm.Guard{
				Must:    fsm.Conditions(rapid.Uint64Range(0, 15).Draw(rt, "must")),
				MustNot: fsm.Conditions(rapid.Uint64Range(0, 15).Draw(rt, "mustNot")),
			}
		case 3:
			spec.Rows[k].To = doorState(rapid.Uint8Range(0, 8).Draw(rt, "to"))
		case 4:
			spec.Rows[k].On = doorInput(rapid.Uint8Range(0, 8).Draw(rt, "on"))
		case 5:
			spec.Rows[k].Action = refuse
		case 6:
			spec.States = append(spec.States, doorState(rapid.Uint8Range(0, 8).Draw(rt, "extra state")))
		case 7:
			spec.Terminal = append(spec.Terminal, rapid.SampledFrom(states).Draw(rt, "terminal"))
		}
		if len(spec.Rows) == 0 {
			break
		}
	}
	return spec
})

// New never panics; it either returns sorted validation errors only, or a
// table in which exactly one row holds for every state, input and condition
// set, and from which every non-terminal state has a connected path home.
func checkNew(rt *rapid.T) {
	spec := specGen.Draw(rt, "spec")
	table, err := fsm.New(spec)
	if err != nil {
		if table != nil {
			rt.Fatalf("New returned both a table and %v", err)
		}
		var prev fsm.Problem
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			var ve *fsm.ValidationError
			if !errors.As(e, &ve) || ve.Problem == fsm.ProblemInvalid {
				rt.Fatalf("not a validation error: %v", e)
			}
			if ve.Problem < prev {
				rt.Fatalf("errors out of order: %v", err)
			}
			prev = ve.Problem
		}
		return
	}
	for _, s := range spec.States {
		for _, in := range spec.Inputs {
			for c := range fsm.Conditions(1 << len(spec.Conditions)) {
				holding := 0
				for _, row := range spec.Rows {
					if row.From == s && row.On == in && row.Guard.Holds(c) {
						holding++
					}
				}
				if holding != 1 {
					rt.Fatalf("%d rows hold for (%v, %v, %b) in a validated table", holding, s, in, c)
				}
				if _, _, ok := table.Step(s, in, c); !ok {
					rt.Fatalf("Step(%v, %v, %b) found no row", s, in, c)
				}
			}
		}
		path, ok := fsmq.Of(table).PathHome(s)
		if !ok && fsmq.Of(table).IsTerminal(s) {
			continue
		}
		if !ok {
			rt.Fatalf("validated table has no path home from %v", s)
		}
		at := s
		for _, k := range path {
			row, _ := fsmq.Of(table).Row(k)
			if row.From != at || fsmq.Of(table).IsRefusal(k) {
				rt.Fatalf("path %v from %v is not a chain of moves", path, s)
			}
			at = row.To
		}
		if !fsmq.Of(table).IsHome(at) {
			rt.Fatalf("path %v from %v ends in %v", path, s, at)
		}
	}
	lookalike(rt, table)
}

// lookalike checks the looplab adapter against Step on a validated table.
func lookalike(rt *rapid.T, table *doorTable) {
	m, err := table.Looplab(fsmq.Of(table).Initial())
	if err != nil {
		rt.Fatalf("Looplab: %v", err)
	}
	state := fsmq.Of(table).Initial()
	n := rapid.IntRange(0, 20).Draw(rt, "fires")
	for range n {
		on := rapid.SampledFrom(fsmq.Of(table).Inputs()).Draw(rt, "input")
		c := fsm.Conditions(rapid.Uint64Range(0, 1<<len(fsmq.Of(table).Conditions())-1).Draw(rt, "conditions"))
		want, row, _ := table.Step(state, on, c)
		got, err := m.Fire(context.Background(), on, c)
		if err != nil || got != want {
			rt.Fatalf("Fire(%v, %b) in %v = %d, %v; Step says %d", on, c, state, got, err, want)
		}
		state = row.To
	}
}

func TestNewNeverPanicsAndValidatedTablesBehave(t *testing.T) {
	rapid.Check(t, checkNew)
}

func FuzzNew(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(checkNew))
}

// Step's answer depends only on the conditions Reads names: clearing or
// setting any other bit never changes the row.
func TestStepDependsOnlyOnReads(t *testing.T) {
	table := newDoor(t)
	rapid.Check(t, func(rt *rapid.T) {
		state := rapid.SampledFrom(allDoorStates()).Draw(rt, "state")
		on := rapid.SampledFrom(allDoorInputs()).Draw(rt, "input")
		c := fsm.Conditions(rapid.Uint64().Draw(rt, "conditions"))
		reads := fsmq.Of(table).Reads(state, on)
		want, _, okWant := table.Step(state, on, c)
		if found := fsmq.Of(table).Find(state, on, c); found != want || (okWant && *fsmq.Of(table).RowRef(found) != mustRow(rt, table, want)) {
			rt.Fatalf("Find(%v, %v, %b) = %d, Step says %d", state, on, c, found, want)
		}
		got, _, okGot := table.Step(state, on, c&reads)
		if want != got || okWant != okGot {
			rt.Fatalf("Step(%v, %v) with %b took row %d, with only the bits it reads (%b) row %d", state, on, c, want, reads, got)
		}
		if again, _, _ := table.Step(state, on, c|^reads); again != want {
			rt.Fatalf("Step(%v, %v): setting bits it does not read changed the row from %d to %d", state, on, want, again)
		}
	})
	if fsmq.Of(table).Reads(locked, push)&^fsm.Conditions(1<<len(doorConditions)-1) != 0 {
		t.Fatal("Reads names bits beyond the declared conditions")
	}
}

func mustRow(rt *rapid.T, table *doorTable, index int) doorRow {
	row, ok := fsmq.Of(table).Row(index)
	if !ok {
		rt.Fatalf("no row %d", index)
	}
	return row
}
