package meeting

import (
	"strconv"
	"time"
)

// OpKind says what an organizer operation does. The zero value is invalid.
type OpKind uint8

// The organizer's operations (docs/RULES.md#meeting). Only a manager may
// apply them.
const (
	OpInvalid OpKind = iota
	OpCreateRoom
	OpRemoveRoom
	OpOpenRoom
	OpCloseRoom
	OpOpenAllRooms
	OpCloseAllRooms
	OpAssign // also re-assigns
	OpUnassign
	OpSetTimeLimit
	OpSetAutoMove
	OpSetParticipantsCanReturn
	OpSetRoomAutoMove              // one room's auto-move, overriding the meeting's
	OpSetRoomParticipantsCanReturn // one room's "participants can return", overriding the meeting's
	opEnd
)

var opNames = [opEnd]string{
	"OpKind(0)", "createRoom", "removeRoom", "openRoom", "closeRoom", "openAllRooms", "closeAllRooms",
	"assign", "unassign", "setTimeLimit", "setAutoMove", "setParticipantsCanReturn",
	"setRoomAutoMove", "setRoomParticipantsCanReturn",
}

// Valid reports whether k is one of the operations.
func (k OpKind) Valid() bool { return k > OpInvalid && k < opEnd }

// String is the operation's name, such as "openAllRooms".
func (k OpKind) String() string {
	if !k.Valid() {
		return "OpKind(" + strconv.Itoa(int(k)) + ")"
	}
	return opNames[k]
}

// AllOpKinds lists every operation in declaration order.
func AllOpKinds() []OpKind {
	out := make([]OpKind, 0, opEnd-1)
	for k := OpInvalid + 1; k < opEnd; k++ {
		out = append(out, k)
	}
	return out
}

// Op is one organizer operation. Which fields matter depends on Kind; the
// constructors below fill in the right ones.
type Op struct {
	Kind OpKind
	// Actor is the id of the manager who acts.
	Actor string
	// ThreadID names the room (createRoom, removeRoom, openRoom, closeRoom,
	// assign).
	ThreadID string
	// DisplayName is a new room's name (createRoom).
	DisplayName string
	// Participant is who is assigned or unassigned.
	Participant string
	// TimeLimit is the rooms' time limit (setTimeLimit); 0 means none.
	TimeLimit time.Duration
	// On is the new value of a switch (setAutoMove, setParticipantsCanReturn).
	On bool
}

// CreateRoom adds a closed room with no one assigned.
func CreateRoom(actor, threadID, displayName string) Op {
	return Op{Kind: OpCreateRoom, Actor: actor, ThreadID: threadID, DisplayName: displayName}
}

// RemoveRoom removes a room; whoever was assigned to it is unassigned.
func RemoveRoom(actor, threadID string) Op {
	return Op{Kind: OpRemoveRoom, Actor: actor, ThreadID: threadID}
}

// OpenRoom opens one room.
func OpenRoom(actor, threadID string) Op {
	return Op{Kind: OpOpenRoom, Actor: actor, ThreadID: threadID}
}

// CloseRoom closes one room.
func CloseRoom(actor, threadID string) Op {
	return Op{Kind: OpCloseRoom, Actor: actor, ThreadID: threadID}
}

// OpenAllRooms opens every room.
func OpenAllRooms(actor string) Op { return Op{Kind: OpOpenAllRooms, Actor: actor} }

// CloseAllRooms closes every room.
func CloseAllRooms(actor string) Op { return Op{Kind: OpCloseAllRooms, Actor: actor} }

// Assign assigns a participant to a room, or re-assigns it from the room it
// had.
func Assign(actor, participant, threadID string) Op {
	return Op{Kind: OpAssign, Actor: actor, Participant: participant, ThreadID: threadID}
}

// Unassign removes a participant's assignment.
func Unassign(actor, participant string) Op {
	return Op{Kind: OpUnassign, Actor: actor, Participant: participant}
}

// SetTimeLimit sets how long each room stays open, counted from when it
// opened; 0 means no limit.
func SetTimeLimit(actor string, limit time.Duration) Op {
	return Op{Kind: OpSetTimeLimit, Actor: actor, TimeLimit: limit}
}

// SetAutoMove sets whether participants are moved into their open rooms
// automatically.
func SetAutoMove(actor string, on bool) Op { return Op{Kind: OpSetAutoMove, Actor: actor, On: on} }

// SetParticipantsCanReturn sets whether participants may return to the main
// meeting from their rooms before the rooms close.
func SetParticipantsCanReturn(actor string, on bool) Op {
	return Op{Kind: OpSetParticipantsCanReturn, Actor: actor, On: on}
}

// SetRoomAutoMove sets one room's auto-move, overriding the meeting's
// setting for that room (rooms may differ, as the SDK reports auto-move per
// assigned room).
func SetRoomAutoMove(actor, threadID string, on bool) Op {
	return Op{Kind: OpSetRoomAutoMove, Actor: actor, ThreadID: threadID, On: on}
}

// SetRoomParticipantsCanReturn sets whether participants may return early
// from one room, overriding the meeting's setting for that room (the SDK
// reports disableReturnToMainMeeting per breakout call).
func SetRoomParticipantsCanReturn(actor, threadID string, on bool) Op {
	return Op{Kind: OpSetRoomParticipantsCanReturn, Actor: actor, ThreadID: threadID, On: on}
}

// String is the operation in a short readable form, such as
// assign(by 8:orgid:o, 8:acs:a → 19:r1).
func (o Op) String() string {
	s := o.Kind.String() + "(by " + o.Actor
	switch o.Kind {
	case OpCreateRoom:
		s += ", " + o.ThreadID + " " + strconv.Quote(o.DisplayName)
	case OpRemoveRoom, OpOpenRoom, OpCloseRoom:
		s += ", " + o.ThreadID
	case OpAssign:
		s += ", " + o.Participant + " → " + o.ThreadID
	case OpUnassign:
		s += ", " + o.Participant
	case OpSetTimeLimit:
		s += ", " + o.TimeLimit.String()
	case OpSetAutoMove, OpSetParticipantsCanReturn:
		s += ", " + strconv.FormatBool(o.On)
	case OpSetRoomAutoMove, OpSetRoomParticipantsCanReturn:
		s += ", " + o.ThreadID + " " + strconv.FormatBool(o.On)
	}
	return s + ")"
}
