package meeting_test

import (
	"testing"

	"github.com/breakoutfsm/breakoutfsm/proptest"
)

// TestSection6_PropertyInvariantsHoldAfterEveryStep drives a meeting of up to
// 12 participants and 4 rooms with random organizer operations, participant
// inputs, lost and repeated SDK events and time, checking the §6 invariants
// and a reference model of the meeting after every step: the meeting-level
// property of package proptest (proptest.MeetingSuite), which runs it at
// full length; here a shorter run.
func TestSection6_PropertyInvariantsHoldAfterEveryStep(t *testing.T) {
	proptest.CheckMeeting(t, proptest.Checks(200))
}
