package meeting

import (
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// RoomInfo describes one room as the meeting keeps it.
type RoomInfo struct {
	ThreadID    string
	DisplayName string
	Open        bool
	// OpenedAt is when the room last opened (zero if never).
	OpenedAt time.Time
	// EndTime is when the time limit closes the open room (zero: no limit, or
	// the room is closed).
	EndTime time.Time
	// Invitees are the ids of the participants assigned, in join order.
	Invitees []string
}

// Rooms lists the rooms in creation order.
func (m *Meeting) Rooms() []RoomInfo {
	out := make([]RoomInfo, len(m.rooms))
	for i, r := range m.rooms {
		out[i] = RoomInfo{ThreadID: r.thread, DisplayName: r.name, Open: r.open, OpenedAt: r.openedAt, EndTime: r.end}
		out[i].Invitees = make([]string, len(r.members))
		for j, pi := range r.members {
			out[i].Invitees[j] = m.people[pi].ID
		}
	}
	return out
}

// ParticipantInfo describes one participant.
type ParticipantInfo struct {
	ID         string
	Role       lifecycle.Role
	Identifier lifecycle.Identifier
	Position   lifecycle.Position
	State      lifecycle.State
	// Room is the room the participant is assigned to ("" for none).
	Room string
	// InRoom is the room whose breakout call the participant is in while its
	// position is in_room; during a re-assignment (R13) it differs from Room.
	InRoom string
	Left   bool
}

func (p *participant) info() ParticipantInfo {
	return ParticipantInfo{
		ID: p.ID, Role: p.Role, Identifier: p.invitee().Identifier,
		Position: p.m.Position(), State: p.m.State(), Room: p.room, InRoom: p.callRoom, Left: p.left,
	}
}

// Participants lists the participants in join order, those who left
// included.
func (m *Meeting) Participants() []ParticipantInfo {
	out := make([]ParticipantInfo, len(m.people))
	for i, p := range m.people {
		out[i] = p.info()
	}
	return out
}

// Participant describes the participant with that id.
func (m *Meeting) Participant(id string) (ParticipantInfo, bool) {
	i, ok := m.indexOf(id)
	if !ok {
		return ParticipantInfo{}, false
	}
	return m.people[i].info(), true
}

// Snapshot is the participant's machine, captured (lifecycle.Snapshot):
// what it holds as the SDK events it received (its assignment, a manager's
// room list, R23, and the settings of its breakout call), its position,
// state and timers.
func (m *Meeting) Snapshot(id string) (lifecycle.Snapshot, bool) {
	i, ok := m.indexOf(id)
	if !ok {
		return lifecycle.Snapshot{}, false
	}
	return m.people[i].m.Snapshot(), true
}
