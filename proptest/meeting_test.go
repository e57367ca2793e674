package proptest

import (
	"testing"

	"pgregory.net/rapid"
)

// TestSection6_MeetingInvariantsHoldAfterEveryStep runs the meeting property
// (meetingSuite): random organizer operations, participant inputs, faults
// and time over a meeting of up to 12 participants and 4 rooms, with the §6
// invariants and the reference model of the meeting checked after every
// step, for DefaultChecks cases.
func TestSection6_MeetingInvariantsHoldAfterEveryStep(t *testing.T) {
	s := meetingSuite{Checks: DefaultChecks}
	s.check(t)
}

// FuzzMeeting is the meeting property as a fuzz target: `go test
// -fuzz=FuzzMeeting` lets the fuzzer drive rapid's draws. Without -fuzz it
// runs its seed, every draw its smallest value.
func FuzzMeeting(f *testing.F) {
	var s meetingSuite
	f.Add(make([]byte, 1<<10))
	f.Fuzz(rapid.MakeFuzz(s.property))
}
