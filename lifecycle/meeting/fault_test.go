package meeting_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/internal/inject"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// A lost close event (internal/inject) leaves the attendee in its room, stale; R12
// brings it back when roomEnd fires with no close seen, and the meeting
// delivers the missing close at its next input, after which the §6
// invariants compare it again.
func TestSection6_LostCloseIsRecoveredByRoomEnd(t *testing.T) {
	h := classroom(t, meeting.Config{}, 2, 1)
	h.op(meeting.SetTimeLimit(org, time.Minute))
	h.op(meeting.OpenAllRooms(org))
	h.settle(h.now.Add(10 * time.Second))
	lost := attendeeID(0)
	info, _ := h.m.Participant(lost)
	require.Equal(t, lifecycle.PositionInRoom, info.Position)

	inject.Set(h.m, func(id string, in lifecycle.Input) inject.Fault {
		if id == lost && in.Kind == lifecycle.InputAssignedRoom && in.Room != nil && in.Room.State == lifecycle.RoomClosed {
			return inject.Drop
		}
		return inject.Deliver
	})
	h.advance(time.Minute)
	h.tick() // the time limit closes the room; the close to `lost` is lost
	info, _ = h.m.Participant(lost)
	assert.Equal(t, lifecycle.PositionInRoom, info.Position, "the attendee never saw the close")
	other, _ := h.m.Participant(attendeeID(1))
	assert.Equal(t, lifecycle.PositionReturning, other.Position)

	inject.Set(h.m, nil)
	h.advance(5 * time.Second)
	o := h.tick() // roomEnd fires: R12 with no close seen, then the close arrives
	var kinds []lifecycle.InputKind
	for _, d := range o.Deliveries {
		if d.Participant == lost {
			kinds = append(kinds, d.Input.Kind)
		}
	}
	assert.Equal(t, []lifecycle.InputKind{lifecycle.InputTick, lifecycle.InputAssignedRoom}, kinds)
	info, _ = h.m.Participant(lost)
	assert.Equal(t, lifecycle.PositionReturning, info.Position)
	h.check("after the recovery")
}

// Repeat delivers an event twice; the repeat changes nothing (R11, R4a).
func TestSection6_RepeatedSettingsChangeNothing(t *testing.T) {
	h := classroom(t, meeting.Config{}, 1, 1)
	inject.Set(h.m, func(id string, in lifecycle.Input) inject.Fault {
		if in.Kind == lifecycle.InputSettings {
			return inject.Repeat
		}
		return inject.Deliver
	})
	h.op(meeting.SetTimeLimit(org, time.Minute))
	h.op(meeting.OpenAllRooms(org))
	h.advance(3 * time.Second)
	o := h.tick()
	var settings []meeting.Delivery
	for _, d := range o.Deliveries {
		if d.Input.Kind == lifecycle.InputSettings {
			settings = append(settings, d)
		}
	}
	require.Len(t, settings, 2, "the settings arrive twice")
	assert.NotEmpty(t, settings[0].Effects, "the first arms the room's timers")
	assert.Empty(t, settings[1].Effects, "the repeat emits nothing")
	h.check("after repeated settings")
}

// Rooms may differ: one room's auto-move and return setting override the
// meeting's.
func TestSection6_PerRoomAutoMoveAndReturn(t *testing.T) {
	h := classroom(t, meeting.Config{}, 2, 2)
	h.op(meeting.SetRoomAutoMove(org, roomID(1), false))
	h.op(meeting.SetRoomParticipantsCanReturn(org, roomID(1), true))
	o := h.op(meeting.OpenAllRooms(org))
	for _, d := range o.Deliveries {
		if d.Input.Kind != lifecycle.InputAssignedRoom {
			continue
		}
		want := d.Input.Room.ThreadID == roomID(0)
		assert.Equal(t, want, d.Input.Room.AutoMove, "%s auto-move", d.Input.Room.ThreadID)
	}
	h.act(attendeeID(1), lifecycle.InputJoin)
	o = h.answer(attendeeID(1), true)
	h.settle(h.now.Add(10 * time.Second))
	info, _ := h.m.Participant(attendeeID(1))
	require.Equal(t, lifecycle.PositionInRoom, info.Position)
	o = h.act(attendeeID(1), lifecycle.InputReturn)
	assert.Equal(t, lifecycle.PositionReturning, o.Deliveries[0].Position, "room 1 lets participants return")
}

// Settings lost on every re-assigned join: the attendee moves from room 0
// to room 1 and back, and each room's settings are lost (internal/inject).
// Back in room 0, its machine holds none, so the meeting must not count the
// settings it delivered to the first call in room 0 as held by the second:
// once nothing is lost any more, the next fan-out delivers them (here that
// of a room created elsewhere). (Found by
// TestSection6_PropertyInvariantsHoldAfterEveryStep: the meeting kept them
// as delivered and never sent them again.)
func TestSection6_SettingsLostOnEveryMoveAreDeliveredAgain(t *testing.T) {
	h := classroom(t, meeting.Config{}, 1, 2)
	a := attendeeID(0)
	h.op(meeting.OpenAllRooms(org))
	h.settle(h.now.Add(10 * time.Second))
	info, _ := h.m.Participant(a)
	require.Equal(t, lifecycle.PositionInRoom, info.Position)
	snap, _ := h.m.Snapshot(a)
	require.NotNil(t, snap.Settings, "in room 0 with its settings")

	inject.Set(h.m, func(id string, in lifecycle.Input) inject.Fault {
		if id == a && in.Kind == lifecycle.InputSettings {
			return inject.Drop
		}
		return inject.Deliver
	})
	for _, room := range []string{roomID(1), roomID(0)} {
		h.op(meeting.Assign(org, a, room))
		h.settle(h.now.Add(10 * time.Second))
		info, _ := h.m.Participant(a)
		require.Equal(t, lifecycle.StateInRoom, info.State, "moved to %s", room)
		require.Equal(t, room, info.Room)
	}
	snap, _ = h.m.Snapshot(a)
	require.Nil(t, snap.Settings, "every settings event of the two moves was lost")

	inject.Set(h.m, nil)
	h.op(meeting.CreateRoom(org, roomID(9), "Room 9"))
	snap, _ = h.m.Snapshot(a)
	assert.NotNil(t, snap.Settings, "the next fan-out delivers room 0's settings")
	h.check("after the settings were delivered again")
}
