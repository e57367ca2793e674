package proptest

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// Meeting-level limits the meeting property uses unless its suite says
// otherwise: small enough that rooms fill up, the participant limit is hit
// and re-assignments happen in a run of a few dozen steps.
const (
	meetingMaxRooms        = 4
	meetingMaxParticipants = 12
)

// meetingConfig is the config the meeting property uses by default: 4 rooms,
// 12 participants, the SDK's default delays.
func meetingConfig() meeting.Config {
	return meeting.Config{MaxRooms: meetingMaxRooms, MaxParticipants: meetingMaxParticipants, Participant: lifecycle.DefaultConfig()}
}

// meetingSuite is the meeting-level property (docs/RULES.md#meeting): a rapid
// T.Repeat state-machine test over one meeting (lifecycle/meeting), with one
// action per organizer operation (every constructor of meeting.Op, by
// managers and by attendees, with good and bad names), per kind of participant input (joins,
// user actions, the outcomes of call effects succeeding or failing, leaving,
// inputs the meeting must refuse), time (ticks, clocks going backwards) and
// the end of the meeting, and the fault injector (internal/inject, losing
// and repeating SDK events). After every input the meeting's outcome is
// numbered next, a refusal is the one a reference model of the meeting
// expects and changes nothing, and (*meeting.Meeting).CheckInvariants holds;
// the "" action checks the invariants again and compares the meeting with
// the model: rooms, invitees, settings, who is present and assigned where,
// and what each participant's machine holds (its assignment, a manager's
// room list, an in-room participant's settings), except for participants an
// event was lost to and that nothing has caught up since.
//
// The zero value runs DefaultChecks cases against meetingConfig().
type meetingSuite struct {
	// Config is the meeting's config; the zero value means meetingConfig().
	// The run draws participants and rooms one past its limits, so that the
	// limits are hit: keep them small.
	Config meeting.Config
	// Checks is how many test cases Check runs, at least; 0 means
	// DefaultChecks. With -short it is a fifth.
	Checks int
	// StrictKnown makes the property fail on the disagreements already
	// reported (knownMeetingDisagreements) instead of discarding the cases
	// that hit them.
	StrictKnown bool

	known map[string]int
}

// config is the suite's meeting config with the default filled in.
func (s *meetingSuite) config() meeting.Config {
	if s.Config == (meeting.Config{}) {
		return meetingConfig()
	}
	return s.Config
}

// property is the meeting property, for rapid.Check or rapid.MakeFuzz (see
// FuzzMeeting in this package's tests).
func (s *meetingSuite) property(t *rapid.T) {
	r := newMeetingRun(t, s, s.config())
	r.scene(t)
	t.Repeat(r.actions())
}

// check runs the meeting property for at least s.Checks test cases. A
// failing case is shrunk by rapid, saved under testdata/rapid/ of the
// calling package, and printed with the meeting's inputs so far.
func (s *meetingSuite) check(t testing.TB) {
	t.Helper()
	checks := s.Checks
	if checks <= 0 {
		checks = DefaultChecks
	}
	if testing.Short() {
		checks = max(1, checks/5)
	}
	n := runChecks(t, s.property, checks, nil)
	t.Logf("meeting: %d checks", n)
	if len(s.known) > 0 {
		t.Logf("cases discarded for reported disagreements: %v", s.known)
	}
}

// CheckMeeting runs the meeting property of the meeting (docs/RULES.md#meeting) against
// lifecycle/meeting: a rapid state-machine test over one meeting of up to
// 12 participants and 4 rooms, with one action per organizer operation, per
// kind of participant input, time, the end of the meeting and the fault
// injector (lost and repeated SDK events). After every input the meeting
// refuses exactly what a naive reference model of the meeting refuses, a
// refusal changes nothing, and the meeting's invariants hold; after every
// step the meeting agrees with the model (rooms, invitees, time limits,
// settings, who is present and assigned where, what each participant's
// machine holds). It runs at least DefaultChecks cases (a fifth with
// -short); of the options, only Checks applies.
func CheckMeeting(t testing.TB, opts ...Option) {
	t.Helper()
	o := makeOptions(opts)
	s := meetingSuite{Checks: o.checks, StrictKnown: !o.skipKnown}
	s.check(t)
}
