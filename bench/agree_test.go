package bench

import (
	"fmt"
	"strings"
	"testing"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

const (
	agreePaths = 3000 // paths, seeds 1..agreePaths
	agreeSteps = 40   // inputs a path
)

// TestAllFourAgree runs every implementation over the same random paths and
// checks that they agree input by input: the same position, and the same
// decision (accepted, or refused for the same reason). The three peers must
// also agree on the fine state and the facts they keep.
func TestAllFourAgree(t *testing.T) {
	steps, refusals := 0, 0
	positions := map[lifecycle.Position]int{}
	for seed := uint64(1); seed <= agreePaths; seed++ {
		path, err := randomPath(seed, agreeSteps, true)
		if err != nil {
			t.Fatal(err)
		}
		impls := implementations()
		floor := impls[3].p.(*Floor)
		ll := impls[1].p.(*Looplab)
		sl := impls[2].p.(*Stateless)
		for i, in := range path {
			var got [4]struct {
				pos lifecycle.Position
				ref Refusal
			}
			for k, im := range impls {
				got[k].pos, got[k].ref = im.p.Step(in)
			}
			for k := range impls {
				if got[k] != got[0] || got[k].ref == RefuseOutsideSubset || got[k].ref == RefuseOther {
					t.Fatalf("seed %d, input %d (%v): %s gives %v/%v, breakoutfsm %v/%v\npath: %s",
						seed, i+1, in, impls[k].name, got[k].pos, got[k].ref, got[0].pos, got[0].ref, describe(path[:i+1]))
				}
			}
			if ll.State() != floor.State() || sl.State() != floor.State() {
				t.Fatalf("seed %d, input %d (%v): states floor %v, looplab %v, stateless %v", seed, i+1, in, floor.State(), ll.State(), sl.State())
			}
			if ll.facts != floor.facts || sl.facts != floor.facts {
				t.Fatalf("seed %d, input %d (%v): facts floor %06b, looplab %06b, stateless %06b", seed, i+1, in, floor.facts, ll.facts, sl.facts)
			}
			steps++
			positions[got[0].pos]++
			if got[0].ref != RefuseNone {
				refusals++
			}
		}
	}
	t.Logf("%d paths, %d inputs, %d refused; positions after each input: %v", agreePaths, steps, refusals, positions)
}

// TestPathsCoverTheSubset checks that the random paths take every row of the
// subset (so the agreement test exercises all of it) and every refusal.
func TestPathsCoverTheSubset(t *testing.T) {
	rows := floorRows()
	taken := make([]int, len(rows))
	index := map[[2]uint8][]int{} // (state, input) -> rows, in table order
	for k, r := range rows {
		key := [2]uint8{uint8(r.from), uint8(r.on)}
		index[key] = append(index[key], k)
	}
	for seed := uint64(1); seed <= agreePaths; seed++ {
		path, err := randomPath(seed, agreeSteps, true)
		if err != nil {
			t.Fatal(err)
		}
		m := NewFloor()
		for _, in := range path {
			for _, k := range index[[2]uint8{uint8(m.st), uint8(in)}] {
				if m.facts&rows[k].mask == rows[k].want {
					taken[k]++
					break
				}
			}
			m.Apply(in)
		}
	}
	var missed []string
	for k, r := range rows {
		if taken[k] == 0 {
			missed = append(missed, fmt.Sprintf("%v on %v [mask %06b want %06b]", r.from, r.on, r.mask, r.want))
		}
	}
	if len(missed) > 0 {
		t.Errorf("%d of %d rows never taken:\n%s", len(missed), len(rows), strings.Join(missed, "\n"))
	}
}

// TestFloorGuardsPartition checks the floor table: in every (state, input)
// cell that has rows, exactly one row applies to every combination of facts
// the state can hold (a room is never both open and closed; from assigned to
// in the room, one is assigned).
func TestFloorGuardsPartition(t *testing.T) {
	for st := State(0); st < stateEnd; st++ {
		for in := Input(1); in < inputEnd; in++ {
			c := &floorTable[st][in]
			if c.n == 0 {
				continue
			}
			for facts := 0; facts < 64; facts++ {
				room := uint8(facts) & (factOpen | factClosed)
				if room == factOpen|factClosed || room == 0 && st >= StAssigned && st <= StInRoom {
					continue
				}
				n := 0
				for i := uint8(0); i < c.n; i++ {
					if uint8(facts)&c.rows[i].mask == c.rows[i].want {
						n++
					}
				}
				if n != 1 {
					t.Errorf("%v on %v with facts %06b: %d rows apply", st, in, facts, n)
				}
			}
		}
	}
}

// TestBenchmarkedPaths checks the inputs the benchmarks use, on every
// implementation: the legal transitions are accepted and move between main
// and assigned, the refused input is refused with returnDisabled and changes
// nothing.
func TestBenchmarkedPaths(t *testing.T) {
	for _, im := range implementations() {
		for i := 0; i < 4; i++ {
			want := lifecycle.PositionAssigned
			in := InAssignOpenPrompt
			if i%2 == 1 {
				in, want = InUnassign, lifecycle.PositionMain
			}
			if pos, ref := im.p.Step(in); pos != want || ref != RefuseNone {
				t.Errorf("%s: legal %v gives %v/%v", im.name, in, pos, ref)
			}
		}
	}
	for _, im := range implementations() {
		for _, in := range toInRoom {
			if _, ref := im.p.Step(in); ref != RefuseNone {
				t.Fatalf("%s: %v refused (%v) on the way into the room", im.name, in, ref)
			}
		}
		for i := 0; i < 3; i++ {
			if pos, ref := im.p.Step(InReturn); pos != lifecycle.PositionInRoom || ref != RefuseReturnDisabled {
				t.Errorf("%s: return gives %v/%v", im.name, pos, ref)
			}
		}
	}
}

// toInRoom takes a participant from main into the room, with no settings (so
// a return is refused).
var toInRoom = []Input{InAssignOpenPrompt, InJoin, InHoldMainOK, InJoinBreakoutOK, InHangUpMainOK}

func describe(path []Input) string {
	parts := make([]string, len(path))
	for i, in := range path {
		parts[i] = in.String()
	}
	return strings.Join(parts, " ")
}
