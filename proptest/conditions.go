package proptest

import (
	"fmt"
	"time"

	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// conditionsBefore is the set of guard conditions that hold for a table
// input in the machine described by a snapshot, at time now. It restores a
// machine from the snapshot and asks it (lifecycle.Machine.Conditions), so
// that the conditions come from their one declaration in package lifecycle
// and from nothing but what the snapshot carries: if the row they select is
// not the row the engine reports taking, the engine's guards read something
// its snapshot does not show.
func conditionsBefore(s *lifecycle.Snapshot, in lifecycle.Input, now time.Time) (fsm.Conditions, error) {
	m, err := lifecycle.Restore(*s)
	if err != nil {
		return 0, fmt.Errorf("the snapshot before the input does not restore: %v", err)
	}
	return m.Conditions(in, now), nil
}
