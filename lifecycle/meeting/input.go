package meeting

import (
	"strconv"
	"time"

	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// InputKind says which of the meeting's inputs an Input is. The zero value
// is none: Take refuses it (BadInput).
type InputKind uint8

// The meeting's inputs, one for each of its methods.
const (
	inputInvalid     InputKind = iota
	InputAdd                   // AddParticipant
	InputOp                    // Apply: an organizer operation
	InputParticipant           // ApplyParticipant
	InputTick                  // Tick
	InputEnd                   // End
	inputEnd
)

var inputKindNames = [inputEnd]string{"InputKind(0)", "addParticipant", "op", "participant", "tick", "end"}

// name is the input's name, such as "tick" (as Input.String writes it).
func (k InputKind) name() string {
	if k <= inputInvalid || k >= inputEnd {
		return "InputKind(" + strconv.Itoa(int(k)) + ")"
	}
	return inputKindNames[k]
}

// Input is one input to a meeting as a value, with an id: what a host
// receives, retries and hands to Take (or to a Host, which runs it against a
// store). Which fields matter depends on Kind.
type Input struct {
	// ID names the input so that a delivery retried after a lost reply is
	// taken once (see Take and InputWindow). "" takes the input without
	// remembering it.
	ID   string
	Kind InputKind
	// At is when the input happens.
	At time.Time
	// Participant is who joins (InputAdd).
	Participant Participant
	// Op is the organizer's operation (InputOp).
	Op Op
	// To and Event are the participant and its input (InputParticipant).
	To    string
	Event lifecycle.Input
}

// InputWindow is how many input ids a meeting remembers: the ids of its
// last InputWindow inputs that had one. A delivery retried while its id is
// in the window is not taken again; one retried later than that would be.
// 1024 covers the retries of several seconds of the busiest meeting (a
// 300-participant meeting opening its rooms takes about 1,000 inputs in the
// first seconds) and costs at most 1024*(MaxInputID+~10) bytes of the
// snapshot, 75 KiB, typically under 20 KiB.
const InputWindow = 1024

// MaxInputID is the longest input id, in bytes: an id is 1 to MaxInputID
// bytes.
const MaxInputID = 64

// validInputID reports whether id can name an input: 1 to MaxInputID bytes.
func validInputID(id string) bool { return id != "" && len(id) <= MaxInputID }

// window remembers the last InputWindow input ids, oldest first, and the
// Seq each was taken as.
type window struct {
	ids  []string
	seqs []uint64
	seen map[string]uint64
}

func newWindow() *window { return &window{seen: make(map[string]uint64)} }

func (w *window) add(id string, seq uint64) {
	if len(w.ids) == InputWindow {
		delete(w.seen, w.ids[0])
		w.ids, w.seqs = append(w.ids[:0], w.ids[1:]...), append(w.seqs[:0], w.seqs[1:]...)
	}
	w.ids, w.seqs = append(w.ids, id), append(w.seqs, seq)
	w.seen[id] = seq
}

// seen reports whether an input with that id is in the window, and the Seq
// it was taken as.
func (m *Meeting) seen(id string) (uint64, bool) {
	if m.window == nil || id == "" {
		return 0, false
	}
	seq, ok := m.window.seen[id]
	return seq, ok
}

// Take takes one input and returns its outcome, unless its id is in the
// window: then it reports the input a duplicate (true), with an outcome that
// holds only the Seq it was taken as, and changes nothing. A taken input's
// id enters
// the window whether the meeting accepted or refused it (a refused input has
// its Seq too, and retrying it must not give it another). An input of an
// invalid kind is refused by the meeting, like an invalid operation.
func (m *Meeting) Take(in Input) (Outcome, bool) {
	if seq, ok := m.seen(in.ID); ok {
		return Outcome{Seq: seq}, true
	}
	var o Outcome
	switch in.Kind {
	case InputAdd:
		o = m.AddParticipant(in.Participant, in.At)
	case InputOp:
		o = m.Apply(in.Op, in.At)
	case InputParticipant:
		o = m.ApplyParticipant(in.To, in.Event, in.At)
	case InputTick:
		o = m.Tick(in.At)
	case InputEnd:
		o = m.End(in.At)
	default:
		m.seq++
		o = Outcome{Seq: m.seq, Err: refuse(BadInput, rule.Invalid, "§6: "+in.Kind.name()+" is not an input of the meeting")}
	}
	if in.ID != "" {
		if m.window == nil {
			m.window = newWindow()
		}
		m.window.add(in.ID, o.Seq)
	}
	return o, false
}

// String is the input in a short readable form, such as
// "op assign(by 8:orgid:o, 8:acs:a → 19:r1)".
func (in Input) String() string {
	s := in.Kind.name()
	switch in.Kind {
	case InputAdd:
		s += " " + in.Participant.ID + " " + in.Participant.Role.String()
	case InputOp:
		s += " " + in.Op.String()
	case InputParticipant:
		s += " " + in.To + " " + in.Event.Kind.String()
	}
	return s
}
