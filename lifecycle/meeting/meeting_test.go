package meeting_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

const org = "8:orgid:org"

// state captures everything a caller can see of a meeting, to check that a
// refusal changed nothing.
func state(t interface {
	require.TestingT
	Helper()
}, m *meeting.Meeting) string {
	t.Helper()
	type whole struct {
		Rooms        []meeting.RoomInfo
		Participants []meeting.ParticipantInfo
		Settings     meeting.Settings
		Now          time.Time
		Ended        bool
		Machines     []lifecycle.Snapshot
	}
	w := whole{Rooms: m.Rooms(), Participants: m.Participants(), Settings: m.Settings(), Now: m.Now(), Ended: m.Ended()}
	for _, p := range w.Participants {
		s, ok := m.Snapshot(p.ID)
		require.True(t, ok)
		w.Machines = append(w.Machines, s)
	}
	b, err := json.Marshal(w)
	require.NoError(t, err)
	return string(b)
}

// classroom is an organizer, n attendees 8:acs:pN and rooms 19:rK, each
// attendee assigned to room N mod rooms.
func classroom(t *testing.T, cfg meeting.Config, attendees, rooms int) *host {
	t.Helper()
	h := newHost(t, cfg)
	h.add(org, lifecycle.Manager)
	for k := range rooms {
		h.op(meeting.CreateRoom(org, roomID(k), fmt.Sprintf("Room %d", k)))
	}
	for n := range attendees {
		h.add(attendeeID(n), lifecycle.Attendee)
		h.op(meeting.Assign(org, attendeeID(n), roomID(n%rooms)))
	}
	return h
}

func roomID(k int) string     { return fmt.Sprintf("19:r%d@thread.v2", k) }
func attendeeID(n int) string { return fmt.Sprintf("8:acs:p%d", n) }

func TestSection6_AttendeeIsRefusedEveryOperation(t *testing.T) {
	h := classroom(t, meeting.Config{}, 2, 2)
	ann := attendeeID(0)
	ops := []meeting.Op{
		meeting.CreateRoom(ann, "19:new", "New"), meeting.RemoveRoom(ann, roomID(0)),
		meeting.OpenRoom(ann, roomID(0)), meeting.CloseRoom(ann, roomID(0)),
		meeting.OpenAllRooms(ann), meeting.CloseAllRooms(ann),
		meeting.Assign(ann, ann, roomID(1)), meeting.Unassign(ann, ann),
		meeting.SetTimeLimit(ann, time.Minute), meeting.SetAutoMove(ann, false),
		meeting.SetParticipantsCanReturn(ann, true),
		meeting.SetRoomAutoMove(ann, roomID(0), false), meeting.SetRoomParticipantsCanReturn(ann, roomID(0), true),
	}
	kinds := map[string]bool{}
	for _, op := range ops {
		kinds[meeting.OpName(op)] = true
		before, seq := state(t, h.m), meeting.Inputs(h.m)
		o := h.m.Apply(op, h.now)
		require.NotNil(t, o.Err, op.String())
		assert.ErrorIs(t, o.Err, meeting.NotManager, op.String())
		assert.ErrorIs(t, o.Err, errcodes.UnexpectedInput, op.String())
		assert.Equal(t, "manager", errcodes.Of(o.Err).Guard)
		assert.Error(t, o.Err)
		assert.Empty(t, o.Deliveries)
		assert.Equal(t, seq+1, o.Seq)
		assert.Equal(t, before, state(t, h.m), "%s changed the meeting", op)
	}
	assert.Len(t, kinds, len(meeting.OpNames()), "every operation is tried")
}

func TestSection6_UnknownNamesAreRefused(t *testing.T) {
	h := classroom(t, meeting.Config{}, 1, 1)
	cases := []struct {
		op     meeting.Op
		reason meeting.Reason
	}{
		{meeting.OpenRoom("8:orgid:nobody", roomID(0)), meeting.UnknownParticipant},
		{meeting.OpenRoom(org, "19:nope"), meeting.UnknownRoom},
		{meeting.RemoveRoom(org, "19:nope"), meeting.UnknownRoom},
		{meeting.CloseRoom(org, "19:nope"), meeting.UnknownRoom},
		{meeting.Assign(org, "8:acs:nobody", roomID(0)), meeting.UnknownParticipant},
		{meeting.Assign(org, attendeeID(0), "19:nope"), meeting.UnknownRoom},
		{meeting.Unassign(org, "8:acs:nobody"), meeting.UnknownParticipant},
		{meeting.CreateRoom(org, "", "x"), meeting.BadRoom},
		{meeting.CreateRoom(org, "19:x", ""), meeting.BadRoom},
		{meeting.CreateRoom(org, roomID(0), "other name"), meeting.DuplicateRoom},
		{meeting.CreateRoom(org, "19:other", "Room 0"), meeting.DuplicateRoom},
		{meeting.SetTimeLimit(org, -time.Second), meeting.BadOp},
		{meeting.OpOfKind(200, org), meeting.BadOp},
		{meeting.Op{}, meeting.BadOp},
	}
	for _, c := range cases {
		before := state(t, h.m)
		o := h.m.Apply(c.op, h.now)
		require.NotNil(t, o.Err, c.op.String())
		assert.ErrorIs(t, o.Err, c.reason, c.op.String())
		assert.ErrorIs(t, o.Err, meeting.ReasonKind(c.reason), c.op.String())
		for _, other := range meeting.AllReasons() {
			if other != c.reason {
				assert.NotErrorIs(t, o.Err, other, c.op.String())
			}
		}
		assert.Empty(t, o.Deliveries)
		assert.Equal(t, before, state(t, h.m), "%s changed the meeting", c.op)
	}
}

func TestSection6_RoomLimit(t *testing.T) {
	h := newHost(t, meeting.Config{})
	h.add(org, lifecycle.Manager)
	for k := range meeting.DefaultMaxRooms {
		h.op(meeting.CreateRoom(org, roomID(k), fmt.Sprintf("Room %d", k)))
	}
	o := h.m.Apply(meeting.CreateRoom(org, "19:one-more", "One more"), h.now)
	assert.ErrorIs(t, o.Err, meeting.RoomLimit)
	assert.Len(t, h.m.Rooms(), 50)

	// Removing one makes room for another.
	h.op(meeting.RemoveRoom(org, roomID(7)))
	h.op(meeting.CreateRoom(org, "19:one-more", "One more"))
	assert.Len(t, h.m.Rooms(), 50)

	small := newHost(t, meeting.Config{MaxRooms: 2})
	small.add(org, lifecycle.Manager)
	small.op(meeting.CreateRoom(org, "19:a", "A"))
	small.op(meeting.CreateRoom(org, "19:b", "B"))
	assert.ErrorIs(t, small.m.Apply(meeting.CreateRoom(org, "19:c", "C"), small.now).Err, meeting.RoomLimit)
}

func TestSection6_ParticipantLimit(t *testing.T) {
	h := newHost(t, meeting.Config{})
	for n := range meeting.DefaultMaxParticipants {
		h.add(attendeeID(n), lifecycle.Attendee)
	}
	join := func(id string) meeting.Outcome {
		return h.m.AddParticipant(meeting.Participant{ID: id, Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser}, h.now)
	}
	assert.ErrorIs(t, join("8:acs:late").Err, meeting.ParticipantLimit)

	// A participant who left no longer counts; one who is present cannot
	// join twice.
	h.act(attendeeID(3), lifecycle.InputLeaveMeeting)
	assert.ErrorIs(t, join(attendeeID(4)).Err, meeting.DuplicateParticipant)
	require.Nil(t, join("8:acs:late").Err)
	assert.ErrorIs(t, join(attendeeID(3)).Err, meeting.ParticipantLimit)
	h.check("the joins")
}

func TestSection6_NewRefusesMeetingsWithoutBreakoutRooms(t *testing.T) {
	disabled := meeting.Config{Participant: lifecycle.DefaultConfig()}
	disabled.Participant.FeatureEnabled = false
	_, err := meeting.New(disabled)
	assert.ErrorIs(t, err, errcodes.Disabled)
	assert.ErrorIs(t, err, meeting.BadConfig)

	notTeams := meeting.Config{Participant: lifecycle.DefaultConfig()}
	notTeams.Participant.Meeting = lifecycle.MeetingOther
	_, err = meeting.New(notTeams)
	assert.ErrorIs(t, err, errcodes.OnlyAvailableInMeetings)

	_, err = meeting.New(meeting.Config{MaxRooms: -1})
	assert.ErrorIs(t, err, meeting.BadConfig)
	_, err = meeting.New(meeting.Config{MaxParticipants: -1})
	assert.ErrorIs(t, err, meeting.BadConfig)

	m, err := meeting.New(meeting.Config{})
	require.NoError(t, err)
	assert.Equal(t, meeting.Config{MaxRooms: meeting.DefaultMaxRooms, MaxParticipants: meeting.DefaultMaxParticipants,
		Participant: lifecycle.DefaultConfig()}, m.Config(), "the zero config is Teams' limits and the SDK's delays")
	assert.Equal(t, meeting.Settings{AutoMove: true}, m.Settings(), "Teams' defaults: auto-move on, no return, no limit")
}

func TestSection6_OnlyMicrosoft365UsersManage(t *testing.T) {
	m, err := meeting.New(meeting.Config{})
	require.NoError(t, err)
	for _, p := range []meeting.Participant{
		{ID: "8:acs:x", Role: lifecycle.Manager, Kind: lifecycle.IdentifierCommunicationUser},
		{ID: "4:+15550100", Role: lifecycle.Manager, Kind: lifecycle.IdentifierPhoneNumber},
		{ID: "8:teamsvisitor:v", Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser},
		{ID: "", Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser},
		{ID: "8:acs:y", Role: lifecycle.RoleInvalid, Kind: lifecycle.IdentifierCommunicationUser},
		{ID: "8:acs:z", Role: lifecycle.Attendee, Kind: lifecycle.IdentifierInvalid},
	} {
		o := m.AddParticipant(p, t0)
		assert.ErrorIs(t, o.Err, meeting.BadParticipant, p.ID)
	}
	assert.Empty(t, m.Participants())
	o := m.AddParticipant(meeting.Participant{ID: "8:orgid:boss", Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser}, t0)
	assert.Nil(t, o.Err)
}

func TestSection6_InviteesEqualAssignments(t *testing.T) {
	h := newHost(t, meeting.Config{})
	h.add(org, lifecycle.Manager)
	h.add("8:acs:ann", lifecycle.Attendee)
	h.add("8:orgid:tom", lifecycle.Attendee)
	h.add("8:acs:cat", lifecycle.Attendee)
	h.op(meeting.CreateRoom(org, "19:r1", "Room 1"))
	h.op(meeting.CreateRoom(org, "19:r2", "Room 2"))
	h.op(meeting.Assign(org, "8:acs:cat", "19:r1"))
	h.op(meeting.Assign(org, "8:acs:ann", "19:r1"))
	o := h.op(meeting.Assign(org, "8:orgid:tom", "19:r1"))

	// Invitees are listed in join order, whatever the order of assignment.
	rooms := h.m.Rooms()
	assert.Equal(t, []string{"8:acs:ann", "8:orgid:tom", "8:acs:cat"}, rooms[0].Invitees)
	assert.Empty(t, rooms[1].Invitees)

	// Every member of the room receives the room with its new invitees, as
	// CommunicationIdentifiers.
	var got []string
	for _, d := range o.Deliveries {
		if d.Input.Kind == lifecycle.InputAssignedRoom {
			got = append(got, d.Participant)
			assert.Equal(t, []lifecycle.Invitee{
				{Identifier: lifecycle.Identifier{Kind: lifecycle.IdentifierCommunicationUser, ID: "8:acs:ann", RawID: "8:acs:ann"}},
				{Identifier: lifecycle.Identifier{Kind: lifecycle.IdentifierMicrosoftTeamsUser, ID: "tom", RawID: "8:orgid:tom", Cloud: "public"}},
				{Identifier: lifecycle.Identifier{Kind: lifecycle.IdentifierCommunicationUser, ID: "8:acs:cat", RawID: "8:acs:cat"}},
			}, d.Input.Room.Invitees)
		}
	}
	assert.Equal(t, []string{"8:acs:ann", "8:orgid:tom", "8:acs:cat"}, got)

	// Re-assigning tom changes both rooms: exactly their members receive
	// them; the organizer receives the list.
	o = h.op(meeting.Assign(org, "8:orgid:tom", "19:r2"))
	var who []string
	for _, d := range o.Deliveries {
		who = append(who, d.Participant+" "+d.Input.Kind.String())
	}
	assert.Equal(t, []string{
		org + " breakoutRooms", "8:acs:ann assignedBreakoutRooms", "8:orgid:tom assignedBreakoutRooms", "8:acs:cat assignedBreakoutRooms",
	}, who)
	rooms = h.m.Rooms()
	assert.Equal(t, []string{"8:acs:ann", "8:acs:cat"}, rooms[0].Invitees)
	assert.Equal(t, []string{"8:orgid:tom"}, rooms[1].Invitees)
	for _, p := range h.m.Participants() {
		if p.ID != org {
			assert.NotEmpty(t, p.Room, p.ID)
		}
	}

	// Unassigning sends undefined to the participant (alone in its room)
	// and the list to the organizer.
	o = h.op(meeting.Unassign(org, "8:orgid:tom"))
	require.Len(t, o.Deliveries, 2)
	assert.Equal(t, "8:orgid:tom", o.Deliveries[1].Participant)
	assert.Nil(t, o.Deliveries[1].Input.Room)
	assert.Empty(t, h.m.Rooms()[1].Invitees)
}

func TestR23_ManagerRoomListIsTheBreakoutRoomsEvent(t *testing.T) {
	h := newHost(t, meeting.Config{})
	h.add(org, lifecycle.Manager)
	h.add("8:acs:ann", lifecycle.Attendee)
	h.add("8:orgid:tom", lifecycle.Attendee)
	h.op(meeting.CreateRoom(org, "19:r1@thread.v2", "Room 1"))
	h.op(meeting.CreateRoom(org, "19:r2@thread.v2", "Room 2"))
	h.op(meeting.Assign(org, "8:acs:ann", "19:r2@thread.v2"))
	h.op(meeting.Assign(org, "8:orgid:tom", "19:r2@thread.v2"))
	h.op(meeting.OpenRoom(org, "19:r2@thread.v2"))

	list, held := meeting.HeldRoomList(h.m, org)
	require.True(t, held)
	b, err := lifecycle.EncodeEvent(lifecycle.Input{Kind: lifecycle.InputRoomList, Rooms: list, RoomsDefined: true})
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"breakoutRooms","data":[
		{"threadId":"19:r1@thread.v2","displayName":"Room 1","state":"closed","autoMoveParticipantToBreakoutRoom":true,"invitees":[]},
		{"threadId":"19:r2@thread.v2","displayName":"Room 2","state":"open","autoMoveParticipantToBreakoutRoom":true,"invitees":[
			{"identifier":{"kind":"communicationUser","rawId":"8:acs:ann","communicationUserId":"8:acs:ann"}},
			{"identifier":{"kind":"microsoftTeamsUser","rawId":"8:orgid:tom","microsoftTeamsUserId":"tom","cloud":"public"}}]}]}`, string(b))

	// The snapshot of the manager's machine holds that event.
	snap, ok := h.m.Snapshot(org)
	require.True(t, ok)
	assert.JSONEq(t, string(b), string(snap.RoomList))

	// An attendee never receives the list.
	_, held = meeting.HeldRoomList(h.m, "8:acs:ann")
	assert.False(t, held)
	snap, ok = h.m.Snapshot("8:acs:ann")
	require.True(t, ok)
	assert.Empty(t, snap.RoomList)
	h.check("the lists held")
}

func TestR23_AttendeesNeverReceiveTheRoomList(t *testing.T) {
	h := classroom(t, meeting.Config{}, 6, 3)
	outcomes := []meeting.Outcome{
		h.op(meeting.OpenAllRooms(org)),
		h.op(meeting.Assign(org, attendeeID(0), roomID(2))),
		h.op(meeting.RemoveRoom(org, roomID(1))),
		h.op(meeting.CloseAllRooms(org)),
	}
	managers := 0
	for _, o := range outcomes {
		for _, d := range o.Deliveries {
			if d.Input.Kind == lifecycle.InputRoomList {
				assert.Equal(t, org, d.Participant)
				managers++
			}
		}
	}
	assert.Equal(t, len(outcomes), managers, "the manager receives every change of the list")
}

func TestSection6_SettingsArriveOnTheBreakoutCall(t *testing.T) {
	h := classroom(t, meeting.Config{}, 2, 1)
	h.op(meeting.SetTimeLimit(org, 20*time.Minute))
	o := h.op(meeting.OpenAllRooms(org))
	for _, d := range o.Deliveries {
		assert.NotEqual(t, lifecycle.InputSettings, d.Input.Kind, "no settings before anyone joins")
	}
	// Nobody is joining yet: changing settings reaches nobody.
	assert.Empty(t, h.op(meeting.SetParticipantsCanReturn(org, true)).Deliveries)

	h.advance(3 * time.Second)
	o = h.tick()
	var settings []lifecycle.Settings
	for _, d := range o.Deliveries {
		if d.Input.Kind == lifecycle.InputSettings {
			settings = append(settings, *d.Input.Settings)
			assert.Equal(t, lifecycle.PositionJoining, d.Position)
		}
	}
	want := lifecycle.Settings{
		DisableReturn: false, HasDisableReturn: true,
		EndKind: lifecycle.EndTimeString, EndText: "2026-01-05T10:20:00Z", EndAt: t0.Add(20 * time.Minute),
	}
	assert.Equal(t, []lifecycle.Settings{want, want}, settings)

	// The same settings are not delivered again.
	o = h.answer(attendeeID(0), true)
	assert.Len(t, o.Deliveries, 1)
	o = h.answer(attendeeID(0), true)
	require.Len(t, o.Deliveries, 1)
	assert.Equal(t, lifecycle.PositionInRoom, o.Deliveries[0].Position)

	// Settings arriving are read by the machine: return is allowed.
	h.settle(h.now)
	o = h.act(attendeeID(0), lifecycle.InputReturn)
	require.Nil(t, o.Deliveries[0].Err)
	assert.Equal(t, lifecycle.PositionReturning, o.Deliveries[0].Position)

	// Disallowed again: those still in the room are told, and refused.
	o = h.op(meeting.SetParticipantsCanReturn(org, false))
	require.Len(t, o.Deliveries, 1)
	assert.Equal(t, attendeeID(1), o.Deliveries[0].Participant)
	assert.True(t, o.Deliveries[0].Input.Settings.DisableReturn)
	o = h.act(attendeeID(1), lifecycle.InputReturn)
	assert.ErrorIs(t, o.Deliveries[0].Err, errcodes.ReturnDisabled)
}

func TestSection6_CloseAllReturnsEveryoneAndNobodyStaysInAClosedRoom(t *testing.T) {
	h := classroom(t, meeting.Config{}, 12, 4)
	h.op(meeting.OpenAllRooms(org))
	h.settle(h.now.Add(10 * time.Second))
	for _, p := range h.m.Participants()[1:] {
		require.Equal(t, lifecycle.PositionInRoom, p.Position, p.ID)
		require.Equal(t, p.Room, p.InRoom, p.ID)
	}

	o := h.op(meeting.CloseAllRooms(org))
	returning := 0
	for _, d := range o.Deliveries {
		if d.Input.Kind == lifecycle.InputAssignedRoom {
			assert.Equal(t, lifecycle.PositionReturning, d.Position, d.Participant)
			assert.Equal(t, lifecycle.EffectHangUpBreakout, d.Effects[slices.IndexFunc(d.Effects, func(e lifecycle.Effect) bool { return e.Kind.IsCall() })].Kind)
			returning++
		}
	}
	assert.Equal(t, 12, returning)

	h.settle(h.now.Add(time.Minute))
	for _, p := range h.m.Participants()[1:] {
		assert.Equal(t, lifecycle.PositionAssigned, p.Position, p.ID)
		assert.Empty(t, p.InRoom, p.ID)
		s, _ := h.m.Snapshot(p.ID)
		for _, c := range s.Calls {
			assert.False(t, c.Up, "%s still has a breakout call to %s up", p.ID, c.ThreadID)
		}
	}
	for _, r := range h.m.Rooms() {
		assert.False(t, r.Open)
		assert.Len(t, r.Invitees, 3, "assignments stay: reopened rooms keep them")
	}
}

func TestSection6_TimeLimitClosesRoomsOnTick(t *testing.T) {
	h := classroom(t, meeting.Config{}, 4, 2)
	h.op(meeting.SetTimeLimit(org, 5*time.Minute))
	h.op(meeting.OpenRoom(org, roomID(0)))
	h.advance(time.Minute)
	h.op(meeting.OpenRoom(org, roomID(1)))
	rooms := h.m.Rooms()
	assert.Equal(t, t0.Add(5*time.Minute), rooms[0].EndTime)
	assert.Equal(t, t0.Add(6*time.Minute), rooms[1].EndTime)

	h.settle(t0.Add(5 * time.Minute))
	rooms = h.m.Rooms()
	assert.False(t, rooms[0].Open, "room 0's time is up")
	assert.True(t, rooms[1].Open)
	assert.Zero(t, rooms[0].EndTime)

	// A shorter limit ends room 1 at once on the next tick.
	h.op(meeting.SetTimeLimit(org, 2*time.Minute))
	due, ok := h.m.NextDue()
	require.True(t, ok)
	assert.False(t, due.After(h.now))
	h.settle(h.now.Add(time.Minute))
	for _, p := range h.m.Participants()[1:] {
		assert.Equal(t, lifecycle.PositionAssigned, p.Position, p.ID)
	}
	assert.False(t, h.m.Rooms()[1].Open)
}

func TestSection6_ReassignWhileOpenMovesOnlyTheParticipant(t *testing.T) {
	h := classroom(t, meeting.Config{}, 4, 2)
	h.op(meeting.OpenAllRooms(org))
	h.settle(h.now.Add(10 * time.Second))

	o := h.op(meeting.Assign(org, attendeeID(0), roomID(1)))
	byWho := map[string]meeting.Delivery{}
	for _, d := range o.Deliveries {
		byWho[d.Participant] = d
	}
	moved := byWho[attendeeID(0)]
	assert.Equal(t, lifecycle.StateReassigned, moved.State)
	assert.Contains(t, moved.Effects, lifecycle.Effect{Kind: lifecycle.EffectNotify, Target: lifecycle.NotifyChanged})
	for _, id := range []string{attendeeID(1), attendeeID(2), attendeeID(3)} {
		assert.Equal(t, lifecycle.StateInRoom, byWho[id].State, "%s only learns the new invitees", id)
		assert.Empty(t, byWho[id].Effects, id)
	}

	h.settle(h.now.Add(time.Minute))
	p, _ := h.m.Participant(attendeeID(0))
	assert.Equal(t, roomID(1), p.InRoom)
	assert.Equal(t, lifecycle.StateInRoom, p.State)
}

func TestSection6_RoomClosingUnderAReassignedParticipantReturnsIt(t *testing.T) {
	h := classroom(t, meeting.Config{}, 2, 2)
	h.op(meeting.OpenAllRooms(org))
	h.settle(h.now.Add(10 * time.Second))
	h.op(meeting.Assign(org, attendeeID(0), roomID(1)))
	p, _ := h.m.Participant(attendeeID(0))
	require.Equal(t, lifecycle.StateReassigned, p.State)

	// Its old room is removed before the move: it receives that room, closed,
	// then its new assignment.
	o := h.op(meeting.RemoveRoom(org, roomID(0)))
	var mine []meeting.Delivery
	for _, d := range o.Deliveries {
		if d.Participant == attendeeID(0) {
			mine = append(mine, d)
		}
	}
	require.Len(t, mine, 2)
	assert.Equal(t, roomID(0), mine[0].Input.Room.ThreadID)
	assert.Equal(t, lifecycle.RoomClosed, mine[0].Input.Room.State)
	assert.Equal(t, lifecycle.PositionReturning, mine[0].Position)
	assert.Equal(t, roomID(1), mine[1].Input.Room.ThreadID)

	h.settle(h.now.Add(time.Minute))
	p, _ = h.m.Participant(attendeeID(0))
	assert.Equal(t, lifecycle.PositionInRoom, p.Position, "auto-move takes it to its new room")
	assert.Equal(t, roomID(1), p.InRoom)
}

func TestSection6_NoRoomOutlivesTheMainMeeting(t *testing.T) {
	h := classroom(t, meeting.Config{}, 6, 2)
	h.op(meeting.OpenAllRooms(org))
	h.settle(h.now.Add(10 * time.Second))
	o := h.must(h.m.End(h.now), "end")
	assert.Len(t, o.Deliveries, 7)
	for _, d := range o.Deliveries {
		assert.Equal(t, lifecycle.InputMeetingEnded, d.Input.Kind)
		assert.Equal(t, lifecycle.PositionLeft, d.Position)
	}
	assert.True(t, h.m.Ended())
	for _, r := range h.m.Rooms() {
		assert.False(t, r.Open, r.ThreadID)
	}
	_, due := h.m.NextDue()
	assert.False(t, due, "nothing is left to happen")

	before := state(t, h.m)
	for _, o := range []meeting.Outcome{
		h.m.Apply(meeting.OpenAllRooms(org), h.now),
		h.m.Tick(h.now),
		h.m.End(h.now),
		h.m.ApplyParticipant(attendeeID(0), lifecycle.Input{Kind: lifecycle.InputJoin}, h.now),
		h.m.AddParticipant(meeting.Participant{ID: "8:acs:late", Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser}, h.now),
	} {
		assert.ErrorIs(t, o.Err, meeting.MeetingEnded)
	}
	assert.Equal(t, before, state(t, h.m))
}

func TestSection6_ClockNeverGoesBackwards(t *testing.T) {
	h := classroom(t, meeting.Config{}, 1, 1)
	h.advance(time.Second)
	h.op(meeting.OpenAllRooms(org))
	before := state(t, h.m)
	earlier := h.now.Add(-time.Millisecond)
	for _, o := range []meeting.Outcome{
		h.m.Apply(meeting.CloseAllRooms(org), earlier),
		h.m.Tick(earlier),
		h.m.ApplyParticipant(attendeeID(0), lifecycle.Input{Kind: lifecycle.InputJoin}, earlier),
	} {
		assert.ErrorIs(t, o.Err, meeting.ClockBackwards)
		assert.ErrorIs(t, o.Err, errcodes.UnknownInput)
	}
	assert.Equal(t, before, state(t, h.m))
}

func TestSection6_OrganizerEventsComeOnlyFromTheMeeting(t *testing.T) {
	h := classroom(t, meeting.Config{}, 1, 1)
	before := state(t, h.m)
	for _, in := range []lifecycle.Input{
		{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{ThreadID: "19:x", State: lifecycle.RoomOpen}},
		{Kind: lifecycle.InputSettings, Settings: &lifecycle.Settings{HasDisableReturn: true}},
		{Kind: lifecycle.InputRoomList, RoomsDefined: true},
	} {
		o := h.m.ApplyParticipant(attendeeID(0), in, h.now)
		assert.ErrorIs(t, o.Err, meeting.OrganizerEvent, in.Kind.String())
	}
	assert.ErrorIs(t, h.m.ApplyParticipant("8:acs:nobody", lifecycle.Input{Kind: lifecycle.InputJoin}, h.now).Err, meeting.UnknownParticipant)
	assert.Equal(t, before, state(t, h.m))

	// The machine's own refusals come back in the delivery.
	o := h.m.ApplyParticipant(attendeeID(0), lifecycle.Input{Kind: lifecycle.InputJoin}, h.now)
	require.Nil(t, o.Err)
	require.Len(t, o.Deliveries, 1)
	assert.True(t, o.Deliveries[0].Refused)
	assert.ErrorIs(t, o.Deliveries[0].Err, errcodes.JoinFailedRoomClosed)
}

func TestSection6_RejoiningKeepsTheAssignment(t *testing.T) {
	h := classroom(t, meeting.Config{}, 2, 1)
	h.op(meeting.OpenAllRooms(org))
	h.act(attendeeID(0), lifecycle.InputLeaveMeeting)
	o := h.op(meeting.SetAutoMove(org, false))
	for _, d := range o.Deliveries {
		assert.NotEqual(t, attendeeID(0), d.Participant, "a participant who left receives nothing")
	}
	o = h.add(attendeeID(0), lifecycle.Attendee)
	require.Len(t, o.Deliveries, 1)
	assert.Equal(t, roomID(0), o.Deliveries[0].Input.Room.ThreadID)
	assert.Equal(t, lifecycle.PositionAssigned, o.Deliveries[0].Position)
	assert.Contains(t, o.Deliveries[0].Effects, lifecycle.Effect{Kind: lifecycle.EffectNotify, Target: lifecycle.NotifyOpenedPromptJoin})
}

func TestSection6_OutcomesOwnTheirEffects(t *testing.T) {
	h := classroom(t, meeting.Config{}, 3, 1)
	first := h.op(meeting.OpenAllRooms(org))
	kept := make([]string, len(first.Deliveries))
	for i, d := range first.Deliveries {
		kept[i] = lifecycle.FormatEffects(d.Effects)
	}
	h.op(meeting.CloseAllRooms(org))
	h.op(meeting.OpenAllRooms(org))
	h.advance(3 * time.Second)
	h.tick()
	for i, d := range first.Deliveries {
		assert.Equal(t, kept[i], lifecycle.FormatEffects(d.Effects), "later inputs changed an earlier outcome")
	}
}

// Deterministic order: the same inputs give the same outcomes, byte for byte.
func TestSection6_SameInputsSameOutcomes(t *testing.T) {
	run := func() []string {
		h := classroom(t, meeting.Config{}, 9, 3)
		var lines []string
		for _, o := range []meeting.Outcome{
			h.op(meeting.SetTimeLimit(org, 4*time.Minute)),
			h.op(meeting.OpenAllRooms(org)),
			h.op(meeting.Assign(org, attendeeID(4), roomID(0))),
		} {
			lines = append(lines, format(o)...)
		}
		h.advance(3 * time.Second)
		lines = append(lines, format(h.tick())...)
		lines = append(lines, format(h.op(meeting.CloseRoom(org, roomID(1))))...)
		return lines
	}
	a, b := run(), run()
	assert.Equal(t, a, b)
	assert.NotEmpty(t, a)
}

func TestEnumsHaveNames(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range meeting.OpNames() {
		assert.NotContains(t, name, "OpKind(", "an op kind has no name")
		assert.False(t, seen[name], "two op kinds named %s", name)
		seen[name] = true
	}
	assert.Equal(t, "OpKind(0)", meeting.OpName(meeting.Op{}))

	for _, r := range meeting.AllReasons() {
		assert.NotContains(t, r.Error(), "Reason(", "reason %d has no name", uint8(r))
		assert.False(t, seen[r.Error()], "two names %s", r)
		seen[r.Error()] = true
		assert.NotContains(t, meeting.ReasonKind(r).Error(), "Kind(", "reason %s has a project kind", r)
		assert.NotEqual(t, errcodes.KindSDK, meeting.ReasonKind(r))
		assert.True(t, errors.Is(r, r))
	}
	assert.Equal(t, "Reason(0)", meeting.Reason(0).Error())
	assert.Zero(t, meeting.ReasonKind(0))
}

// A participant machine's clock starts at the Unix epoch (the zero time
// counts as it), so the meeting refuses an earlier time instead of taking an
// input its machines would refuse: a manager added then would miss the room
// list and break R23's invariant.
func TestSection6_TimeBeforeTheEpochIsRefused(t *testing.T) {
	m, err := meeting.New(meeting.Config{})
	require.NoError(t, err)
	early := time.Time{}.Add(time.Millisecond)
	o := m.AddParticipant(meeting.Participant{ID: org, Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser}, early)
	assert.ErrorIs(t, o.Err, meeting.ClockBackwards)
	assert.ErrorContains(t, o.Err, "1970-01-01T00:00:00Z")
	require.NoError(t, m.CheckInvariants())
	// At the zero time itself, and from the epoch on, the meeting and its
	// machines agree.
	require.NoError(t, m.AddParticipant(meeting.Participant{ID: org, Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser}, time.Time{}).Err)
	require.NoError(t, m.Apply(meeting.CreateRoom(org, "19:r1", "Room 1"), time.Unix(0, 0)).Err)
	require.NoError(t, m.CheckInvariants())
	room, held := meeting.HeldRoomList(m, org)
	require.True(t, held)
	assert.Len(t, room, 1, "the manager holds the room list")
}
