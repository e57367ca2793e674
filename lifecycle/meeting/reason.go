package meeting

import (
	"fmt"
	"strconv"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
)

// Reason says why the meeting refused an input. Every refusal of the meeting
// is an [*errcodes.Error] whose Cause is a Reason, so that
// errors.Is(err, meeting.NotManager) tells the reasons apart while the error
// still matches its project kind (errcodes.UnexpectedInput, …) like any other
// refusal of the engine: unknownInput for what names nothing or cannot be
// read, participantLeft for an actor who left (ActorLeft), unexpectedInput
// for a well-formed input the meeting cannot take now. NotManager is an
// unexpectedInput naming the guard "manager" (errcodes has no kind for it).
type Reason uint8

// The reasons. The zero Reason names none.
const (
	reasonInvalid Reason = iota
	// NotManager: an organizer action, or the room list, asked for by an
	// attendee (§6, R23).
	NotManager
	// ActorLeft: an organizer action by a manager who has left the meeting.
	ActorLeft
	// UnknownParticipant: no participant of the meeting has that id.
	UnknownParticipant
	// UnknownRoom: no room of the meeting has that threadId.
	UnknownRoom
	// BadOp: the operation's kind is not one of the organizer's operations,
	// or one of its values is out of range (a negative time limit).
	BadOp
	// BadParticipant: a participant with an empty id, an invalid role or
	// identifier kind, or a manager whose identity cannot manage rooms.
	BadParticipant
	// BadRoom: a room with an empty threadId or display name.
	BadRoom
	// BadConfig: limits below zero, or a participant config whose machines
	// could not take part in breakout rooms at all.
	BadConfig
	// DuplicateParticipant: a participant with that id is already in the
	// meeting.
	DuplicateParticipant
	// DuplicateRoom: a room with that threadId, or that display name (the
	// SDK matches rooms by display name), already exists.
	DuplicateRoom
	// RoomLimit: the meeting already has MaxRooms rooms.
	RoomLimit
	// ParticipantLimit: the meeting already has MaxParticipants participants
	// present.
	ParticipantLimit
	// MeetingEnded: the main meeting has ended; nothing changes any more.
	MeetingEnded
	// ClockBackwards: the input's time is earlier than the meeting's clock.
	ClockBackwards
	// OrganizerEvent: assignedBreakoutRooms, breakoutRoomsSettings and
	// breakoutRooms come from the organizer's side of the meeting; a host
	// cannot hand them to one participant.
	OrganizerEvent
	// BadInput: an Input whose kind is none of the meeting's inputs (Take).
	BadInput
	// BadSnapshot: a meeting snapshot that Unmarshal refuses: another
	// version, a field that cannot be read, or a meeting no input could have
	// reached. The error's text names the field.
	BadSnapshot

	reasonEnd
)

var reasonNames = [reasonEnd]string{
	"Reason(0)", "notManager", "actorLeft", "unknownParticipant", "unknownRoom",
	"badOp", "badParticipant", "badRoom", "badConfig",
	"duplicateParticipant", "duplicateRoom",
	"roomLimit", "participantLimit", "meetingEnded", "clockBackwards", "organizerEvent",
	"badInput", "badSnapshot",
}

// valid reports whether r names one of the reasons.
func (r Reason) valid() bool { return r > reasonInvalid && r < reasonEnd }

// Error is the reason's name, such as "notManager": a reason is an error, so
// that it can be an error's cause and an errors.Is target.
func (r Reason) Error() string {
	if !r.valid() {
		return "Reason(" + strconv.Itoa(int(r)) + ")"
	}
	return reasonNames[r]
}

// kind is the project kind of the errcodes error a refusal for this reason
// carries: unknownInput for what names nothing or cannot be read,
// participantLeft for an actor who left, unexpectedInput for a well-formed
// input the meeting cannot take now.
//
// NotManager is an unexpectedInput: errcodes has no kind for "an
// organizer-only action by an attendee", and this package may not add one; a
// kind notManager in errcodes would be cleaner. The Reason tells it apart.
func (r Reason) kind() errcodes.Kind {
	switch r {
	case UnknownParticipant, UnknownRoom, BadOp, BadParticipant, BadRoom, BadConfig, ClockBackwards,
		BadInput, BadSnapshot:
		return errcodes.UnknownInput
	case ActorLeft:
		return errcodes.ParticipantLeft
	case reasonInvalid, reasonEnd:
		return 0
	}
	return errcodes.UnexpectedInput
}

// refuse builds the meeting's refusal for reason r. The meeting's own
// refusals carry no rule of §4 (those are the participant's rules) unless
// one applies, such as R23 for the room list; their message starts with the
// section or rule of docs/RULES.md that refused.
func refuse(r Reason, rule errcodes.Rule, msg string) *errcodes.Error {
	return errs.WithCause(errs.NewKind(r.kind(), rule, msg), r)
}

// A Reason is an error, and an operation names itself.
var (
	_ error        = Reason(0)
	_ fmt.Stringer = opKind(0)
)
