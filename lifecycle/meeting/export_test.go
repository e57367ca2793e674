package meeting

import (
	"slices"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// This file gives the package's external tests what the package keeps to
// itself: only a test build has it.

// The snapshot as the package holds it, for the tests that break one field
// at a time, and the package's errors.
type (
	MeetingSnapshot = meetingSnapshot
	SnapshotError   = snapshotError
	HostError       = hostError
)

// Capture takes the meeting's snapshot.
func (m *Meeting) Capture() MeetingSnapshot { return m.capture() }

// Restore rebuilds a meeting from its snapshot.
func Restore(s MeetingSnapshot) (*Meeting, error) { return restore(s) }

// The enumerations, for the tests that check each has a name.

// OpName is the name of an operation's kind, as Op.String writes it.
func OpName(op Op) string { return op.kind.String() }

// OpNames lists the names of every operation, in declaration order.
func OpNames() []string {
	var out []string
	for k := opInvalid + 1; k < opEnd; k++ {
		out = append(out, k.String())
	}
	return out
}

// OpOfKind is an operation of any kind, valid or not, by actor.
func OpOfKind(k uint8, actor string) Op { return Op{kind: opKind(k), actor: actor} }

// InputKindNames lists the name of every input kind (and of the zero one
// last), as Input.String writes them.
func InputKindNames() []string {
	var out []string
	for k := inputInvalid + 1; k < inputEnd; k++ {
		out = append(out, k.name())
	}
	return append(out, inputInvalid.name())
}

// AllReasons lists every reason in declaration order.
func AllReasons() []Reason {
	var out []Reason
	for r := reasonInvalid + 1; r < reasonEnd; r++ {
		out = append(out, r)
	}
	return out
}

// ReasonKind is the project kind of a refusal for r (0 for none).
func ReasonKind(r Reason) errcodes.Kind { return r.kind() }

// Teams' limits, which the zero Config allows.
const (
	DefaultMaxRooms        = defaultMaxRooms
	DefaultMaxParticipants = defaultMaxParticipants
)

// Seen reports whether an input with that id is in m's window, and the Seq
// it was taken as.
func Seen(m *Meeting, id string) (uint64, bool) { return m.seen(id) }

// ValidInputID reports whether id can name an input.
func ValidInputID(id string) bool { return validInputID(id) }

// Inputs is how many inputs m took, refused or not: the Seq of its last
// outcome.
func Inputs(m *Meeting) uint64 { return m.seq }

// ErrInputID is what Host.Apply's error matches for an input without a
// valid id.
var ErrInputID = errInputID

// HeldRoomList is the room list (R23) the participant's machine holds: the
// breakoutRooms data it last received, as a copy, and whether it received
// one.
func HeldRoomList(m *Meeting, id string) ([]lifecycle.Room, bool) {
	i, ok := m.indexOf(id)
	if !ok {
		return nil, false
	}
	rooms, held := m.people[i].m.RoomList()
	out := make([]lifecycle.Room, len(rooms))
	for j, r := range rooms {
		out[j] = r
		out[j].Invitees = slices.Clone(r.Invitees)
	}
	return out, held
}
