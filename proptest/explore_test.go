package proptest

import (
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// ciExploreOptions bound the exhaustive search CI runs: the defaults, two
// breakout calls tracked and four effects in flight.
var ciExploreOptions = exploreOptions{}

// explored caches each role's search for the tests that read it.
var explored = map[lifecycle.Role]*exploration{}

func exploreRole(t *testing.T, role lifecycle.Role) *exploration {
	t.Helper()
	if x := explored[role]; x != nil {
		return x
	}
	cfg := lifecycle.DefaultConfig()
	cfg.Role = role
	start := time.Now()
	x, err := explore(cfg, ciExploreOptions)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d states, %d edges (%d more into states beyond the bounds, checked and not explored) in %v",
		role, x.States, x.Edges, x.Cut, time.Since(start).Round(time.Millisecond))
	explored[role] = x
	return x
}

// TestExhaustiveSearchOfOneParticipant explores every reachable abstract
// state of an attendee and of a manager: the invariants hold in each, a
// refused input changes nothing, an outcome of an effect in flight is taken,
// and (R21) the main meeting is reachable from every state but left.
func TestExhaustiveSearchOfOneParticipant(t *testing.T) {
	for _, role := range []lifecycle.Role{lifecycle.Attendee, lifecycle.Manager} {
		t.Run(role.String(), func(t *testing.T) {
			x := exploreRole(t, role)
			for _, p := range x.Problems {
				t.Error(p)
			}
		})
	}
}

// TestUnreachableRowsAreNeverReached keeps the coverage gate's list of rows
// that cannot happen honest: the exhaustive search never takes them.
func TestUnreachableRowsAreNeverReached(t *testing.T) {
	table, err := lifecycle.LifecycleTable()
	if err != nil {
		t.Fatal(err)
	}
	hits := make([]int, fsmq.Of(table).Len())
	for _, role := range []lifecycle.Role{lifecycle.Attendee, lifecycle.Manager} {
		for i, n := range exploreRole(t, role).Rows {
			hits[i] += n
		}
	}
	found := 0
	for i, n := range hits {
		row, _ := fsmq.Of(table).Row(i)
		if unreachableRows[rowKey(row)] != "" {
			found++
			if n > 0 {
				t.Errorf("row %d %s is listed as unreachable, but the search took it %d times", i, rowKey(row), n)
			}
		}
	}
	if found != len(unreachableRows) {
		t.Errorf("%d rows listed as unreachable, %d of them in the table", len(unreachableRows), found)
	}
	reached := 0
	for _, n := range hits {
		if n > 0 {
			reached++
		}
	}
	t.Logf("the search took %d of the table's %d rows", reached, fsmq.Of(table).Len())
}
