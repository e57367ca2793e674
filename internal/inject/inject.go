// Package inject is the meeting's fault injector (package
// lifecycle/meeting): it decides, for every SDK event a meeting delivers
// (assignedBreakoutRooms, breakoutRooms, breakoutRoomsSettings), whether it
// is delivered, lost or repeated. The simulator (cmd/breakoutfsm) and
// proptest's meeting property use it to play the SDK's lost and repeated
// events; a service's meeting delivers every event, so it is not part of
// the API.
package inject

import "github.com/breakoutfsm/breakoutfsm/lifecycle"

// Fault is what a fault injector does to one SDK event the meeting is about
// to deliver.
type Fault uint8

// Faults.
const (
	// Deliver delivers the event.
	Deliver Fault = iota
	// Drop loses the event: the participant's machine does not receive it
	// now. The meeting delivers what is still missing at the participant's
	// next input or the meeting's next change (as the SDK re-emits state on
	// its next update), and until then the participant is stale: the
	// invariants that compare its machine with the meeting wait.
	Drop
	// Repeat delivers the event twice, as the SDK does with settings.
	Repeat
)

// Injector decides what happens to one SDK event for one participant. It
// must be pure of the meeting (it may not call it).
type Injector func(participant string, in lifecycle.Input) Fault

// install is package meeting's, set once by Register.
var install any

// Register is called once, by package meeting, with the function that
// installs an injector on a meeting.
func Register[M any](set func(m *M, f Injector)) { install = set }

// Set installs f on m, a *meeting.Meeting: from now on every SDK event the
// meeting delivers goes through f. nil delivers everything. The injector is
// not part of the meeting's snapshot: install it again on a meeting restored
// from one.
func Set[M any](m *M, f Injector) { install.(func(*M, Injector))(m, f) }
