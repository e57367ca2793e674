package meeting

import "github.com/breakoutfsm/breakoutfsm/errcodes"

// The snapshot as the package holds it, for the external tests that break
// one field at a time: a test build exports them, the package does not.
type (
	MeetingSnapshot = meetingSnapshot
	SnapshotError   = snapshotError
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
