package meeting

import (
	"slices"
	"strconv"
	"time"

	"github.com/breakoutfsm/breakoutfsm/internal/rule"
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

// Snapshot is the participant's machine, captured (lifecycle.Snapshot).
func (m *Meeting) Snapshot(id string) (lifecycle.Snapshot, bool) {
	i, ok := m.indexOf(id)
	if !ok {
		return lifecycle.Snapshot{}, false
	}
	return m.people[i].m.Snapshot(), true
}

// RoomList is a manager's view of the rooms (R23): the breakoutRooms data
// its machine last received, every room in creation order with its
// invitees. The rooms are the caller's copy. An attendee never receives the
// list from the SDK, so asking for an attendee's view is refused; a manager
// who received no list yet (no room was ever created) gets none.
func (m *Meeting) RoomList(viewer string) ([]lifecycle.Room, error) {
	i, ok := m.indexOf(viewer)
	if !ok {
		return nil, refuse(UnknownParticipant, rule.R23, "R23: no participant "+strconv.Quote(viewer))
	}
	p := m.people[i]
	if p.Role != lifecycle.Manager {
		return nil, refuse(NotManager, rule.R23, "R23: an attendee never receives the list of rooms; "+
			strconv.Quote(viewer)+" is an attendee")
	}
	rooms, _ := p.m.RoomList()
	out := make([]lifecycle.Room, len(rooms))
	for j, r := range rooms {
		out[j] = r
		out[j].Invitees = slices.Clone(r.Invitees)
	}
	return out, nil
}
