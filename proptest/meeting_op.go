package proptest

import (
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// noRefusal is the zero meeting.Reason: the meeting must take the input.
const noRefusal meeting.Reason = 0

// orgOp is an organizer operation as the model reads it (a meeting.Op keeps
// its values to itself): its kind, as meeting.Op.String names it ("" for no
// operation, the zero meeting.Op), and the values its constructor takes.
type orgOp struct {
	kind          string
	actor, thread string
	name          string // a new room's display name
	who           string // who is assigned or unassigned
	limit         time.Duration
	on            bool
}

// op is the meeting's operation.
func (o orgOp) op() meeting.Op {
	switch o.kind {
	case "createRoom":
		return meeting.CreateRoom(o.actor, o.thread, o.name)
	case "removeRoom":
		return meeting.RemoveRoom(o.actor, o.thread)
	case "openRoom":
		return meeting.OpenRoom(o.actor, o.thread)
	case "closeRoom":
		return meeting.CloseRoom(o.actor, o.thread)
	case "openAllRooms":
		return meeting.OpenAllRooms(o.actor)
	case "closeAllRooms":
		return meeting.CloseAllRooms(o.actor)
	case "assign":
		return meeting.Assign(o.actor, o.who, o.thread)
	case "unassign":
		return meeting.Unassign(o.actor, o.who)
	case "setTimeLimit":
		return meeting.SetTimeLimit(o.actor, o.limit)
	case "setAutoMove":
		return meeting.SetAutoMove(o.actor, o.on)
	case "setParticipantsCanReturn":
		return meeting.SetParticipantsCanReturn(o.actor, o.on)
	case "setRoomAutoMove":
		return meeting.SetRoomAutoMove(o.actor, o.thread, o.on)
	case "setRoomParticipantsCanReturn":
		return meeting.SetRoomParticipantsCanReturn(o.actor, o.thread, o.on)
	}
	return meeting.Op{}
}

// The operations, as the meeting's constructors make them.

func opCreateRoom(actor, thread, name string) orgOp {
	return orgOp{kind: "createRoom", actor: actor, thread: thread, name: name}
}
func opRemoveRoom(actor, thread string) orgOp {
	return orgOp{kind: "removeRoom", actor: actor, thread: thread}
}
func opOpenRoom(actor, thread string) orgOp {
	return orgOp{kind: "openRoom", actor: actor, thread: thread}
}
func opCloseRoom(actor, thread string) orgOp {
	return orgOp{kind: "closeRoom", actor: actor, thread: thread}
}
func opOpenAllRooms(actor string) orgOp  { return orgOp{kind: "openAllRooms", actor: actor} }
func opCloseAllRooms(actor string) orgOp { return orgOp{kind: "closeAllRooms", actor: actor} }
func opAssign(actor, who, thread string) orgOp {
	return orgOp{kind: "assign", actor: actor, who: who, thread: thread}
}
func opUnassign(actor, who string) orgOp { return orgOp{kind: "unassign", actor: actor, who: who} }
func opSetTimeLimit(actor string, limit time.Duration) orgOp {
	return orgOp{kind: "setTimeLimit", actor: actor, limit: limit}
}
func opSetAutoMove(actor string, on bool) orgOp {
	return orgOp{kind: "setAutoMove", actor: actor, on: on}
}
func opSetParticipantsCanReturn(actor string, on bool) orgOp {
	return orgOp{kind: "setParticipantsCanReturn", actor: actor, on: on}
}
func opSetRoomAutoMove(actor, thread string, on bool) orgOp {
	return orgOp{kind: "setRoomAutoMove", actor: actor, thread: thread, on: on}
}
func opSetRoomParticipantsCanReturn(actor, thread string, on bool) orgOp {
	return orgOp{kind: "setRoomParticipantsCanReturn", actor: actor, thread: thread, on: on}
}
