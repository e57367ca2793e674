package meeting

import (
	"strconv"
	"time"
)

// opKind says what an organizer operation does. The zero value is invalid.
type opKind uint8

// The organizer's operations (docs/RULES.md#meeting), one for each
// constructor below. Only a manager may apply them.
const (
	opInvalid opKind = iota
	opCreateRoom
	opRemoveRoom
	opOpenRoom
	opCloseRoom
	opOpenAllRooms
	opCloseAllRooms
	opAssign // also re-assigns
	opUnassign
	opSetTimeLimit
	opSetAutoMove
	opSetParticipantsCanReturn
	opSetRoomAutoMove              // one room's auto-move, overriding the meeting's
	opSetRoomParticipantsCanReturn // one room's "participants can return", overriding the meeting's
	opEnd
)

var opNames = [opEnd]string{
	"OpKind(0)", "createRoom", "removeRoom", "openRoom", "closeRoom", "openAllRooms", "closeAllRooms",
	"assign", "unassign", "setTimeLimit", "setAutoMove", "setParticipantsCanReturn",
	"setRoomAutoMove", "setRoomParticipantsCanReturn",
}

// valid reports whether k is one of the operations.
func (k opKind) valid() bool { return k > opInvalid && k < opEnd }

// String is the operation's name, such as "openAllRooms" (the name refusals
// and Op.String give it).
func (k opKind) String() string {
	if !k.valid() {
		return "OpKind(" + strconv.Itoa(int(k)) + ")"
	}
	return opNames[k]
}

// Op is one organizer operation, made by one of the constructors below
// (CreateRoom, Assign, SetTimeLimit, …), each of which names the manager who
// acts and what the operation needs. Meeting.Apply applies it, or an Input
// of kind InputOp carries it. The zero Op is no operation: Apply refuses it
// (BadOp).
type Op struct {
	kind opKind
	// actor is the id of the manager who acts.
	actor string
	// thread names the room (createRoom, removeRoom, openRoom, closeRoom,
	// assign, and the room's own switches).
	thread string
	// name is a new room's display name (createRoom).
	name string
	// participant is who is assigned or unassigned.
	participant string
	// limit is the rooms' time limit (setTimeLimit); 0 means none.
	limit time.Duration
	// on is the new value of a switch (setAutoMove, setParticipantsCanReturn
	// and the room's own).
	on bool
}

// CreateRoom adds a closed room with no one assigned.
func CreateRoom(actor, threadID, displayName string) Op {
	return Op{kind: opCreateRoom, actor: actor, thread: threadID, name: displayName}
}

// RemoveRoom removes a room; whoever was assigned to it is unassigned.
func RemoveRoom(actor, threadID string) Op {
	return Op{kind: opRemoveRoom, actor: actor, thread: threadID}
}

// OpenRoom opens one room.
func OpenRoom(actor, threadID string) Op {
	return Op{kind: opOpenRoom, actor: actor, thread: threadID}
}

// CloseRoom closes one room.
func CloseRoom(actor, threadID string) Op {
	return Op{kind: opCloseRoom, actor: actor, thread: threadID}
}

// OpenAllRooms opens every room.
func OpenAllRooms(actor string) Op { return Op{kind: opOpenAllRooms, actor: actor} }

// CloseAllRooms closes every room.
func CloseAllRooms(actor string) Op { return Op{kind: opCloseAllRooms, actor: actor} }

// Assign assigns a participant to a room, or re-assigns it from the room it
// had.
func Assign(actor, participant, threadID string) Op {
	return Op{kind: opAssign, actor: actor, participant: participant, thread: threadID}
}

// Unassign removes a participant's assignment.
func Unassign(actor, participant string) Op {
	return Op{kind: opUnassign, actor: actor, participant: participant}
}

// SetTimeLimit sets how long each room stays open, counted from when it
// opened; 0 means no limit.
func SetTimeLimit(actor string, limit time.Duration) Op {
	return Op{kind: opSetTimeLimit, actor: actor, limit: limit}
}

// SetAutoMove sets whether participants are moved into their open rooms
// automatically.
func SetAutoMove(actor string, on bool) Op { return Op{kind: opSetAutoMove, actor: actor, on: on} }

// SetParticipantsCanReturn sets whether participants may return to the main
// meeting from their rooms before the rooms close.
func SetParticipantsCanReturn(actor string, on bool) Op {
	return Op{kind: opSetParticipantsCanReturn, actor: actor, on: on}
}

// SetRoomAutoMove sets one room's auto-move, overriding the meeting's
// setting for that room (rooms may differ, as the SDK reports auto-move per
// assigned room).
func SetRoomAutoMove(actor, threadID string, on bool) Op {
	return Op{kind: opSetRoomAutoMove, actor: actor, thread: threadID, on: on}
}

// SetRoomParticipantsCanReturn sets whether participants may return early
// from one room, overriding the meeting's setting for that room (the SDK
// reports disableReturnToMainMeeting per breakout call).
func SetRoomParticipantsCanReturn(actor, threadID string, on bool) Op {
	return Op{kind: opSetRoomParticipantsCanReturn, actor: actor, thread: threadID, on: on}
}

// String is the operation in a short readable form, such as
// assign(by 8:orgid:o, 8:acs:a → 19:r1).
func (o Op) String() string {
	s := o.kind.String() + "(by " + o.actor
	switch o.kind {
	case opCreateRoom:
		s += ", " + o.thread + " " + strconv.Quote(o.name)
	case opRemoveRoom, opOpenRoom, opCloseRoom:
		s += ", " + o.thread
	case opAssign:
		s += ", " + o.participant + " → " + o.thread
	case opUnassign:
		s += ", " + o.participant
	case opSetTimeLimit:
		s += ", " + o.limit.String()
	case opSetAutoMove, opSetParticipantsCanReturn:
		s += ", " + strconv.FormatBool(o.on)
	case opSetRoomAutoMove, opSetRoomParticipantsCanReturn:
		s += ", " + o.thread + " " + strconv.FormatBool(o.on)
	}
	return s + ")"
}
