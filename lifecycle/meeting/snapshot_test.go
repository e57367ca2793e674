package meeting_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// roundTrip encodes the meeting's snapshot and restores it, failing the
// test when the restored meeting's snapshot is not the same, byte for byte.
func roundTrip(t failer, m *meeting.Meeting) (*meeting.Meeting, []byte) {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	r, err := meeting.Unmarshal(b)
	if err != nil {
		t.Fatalf("restore: %v\n%.2000s", err, b)
	}
	again, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(b) {
		at := 0
		for at < len(b) && at < len(again) && b[at] == again[at] {
			at++
		}
		lo := max(0, at-300)
		t.Fatalf("the restored meeting's snapshot differs at byte %d:\n%.600s\n%.600s", at, b[lo:], again[lo:])
	}
	return r, b
}

// bigMeeting is Teams' largest meeting: 3 managers and 297 attendees (one
// in seven a Microsoft 365 user) over 50 rooms with a time limit, every
// room open, everyone moved in and settled, and one input id per input in
// the window, 1024 of them.
func bigMeeting(t *testing.T) *host {
	t.Helper()
	h := newHost(t, meeting.Config{})
	h.add(org, lifecycle.Manager)
	h.add("8:orgid:co-1", lifecycle.Manager)
	h.add("8:orgid:co-2", lifecycle.Manager)
	for k := range meeting.DefaultMaxRooms {
		h.op(meeting.CreateRoom(org, roomID(k), fmt.Sprintf("Room %d", k)))
	}
	for n := range meeting.DefaultMaxParticipants - 3 {
		id := attendeeID(n)
		if n%7 == 0 {
			id = fmt.Sprintf("8:orgid:00000000-0000-0000-0000-%012d", n)
		}
		h.add(id, lifecycle.Attendee)
		h.op(meeting.Assign(org, id, roomID(n%meeting.DefaultMaxRooms)))
	}
	h.op(meeting.SetTimeLimit(org, 30*time.Minute))
	h.op(meeting.SetParticipantsCanReturn(org, true))
	h.observe(h.op(meeting.OpenAllRooms(org)))
	h.advance(4 * time.Second)
	h.settle(h.now)
	for i := range meeting.InputWindow {
		h.advance(time.Millisecond)
		o, _ := h.m.Take(meeting.Input{ID: fmt.Sprintf("host-2/%08d", i), Kind: meeting.InputTick, At: h.now})
		h.observe(o)
	}
	return h
}

// TestSnapshot_SizeOfTheLargestMeeting measures the snapshot of a meeting at
// Teams' limits, 300 participants in 50 rooms, with a full input-id window:
// it must fit a NATS message (1 MiB by default) with room to spare.
func TestSnapshot_SizeOfTheLargestMeeting(t *testing.T) {
	h := bigMeeting(t)
	inRoom := 0
	for _, p := range h.m.Participants() {
		if p.Position == lifecycle.PositionInRoom {
			inRoom++
		}
	}
	require.Equal(t, 297, inRoom, "every attendee is in a room")
	_, b := roundTrip(t, h.m)
	t.Logf("meeting snapshot, 300 participants in 50 rooms, window of %d ids: %d bytes (%.1f KiB)", meeting.InputWindow, len(b), float64(len(b))/1024)
	assert.Less(t, len(b), 512<<10, "well under 1 MiB")
}

// TestSnapshot_RestoredMeetingGoesOnAlike restores the largest meeting and
// gives it and the original the same inputs (rooms closing, everyone
// returning, a re-assignment, the end): same outcomes, same snapshots.
func TestSnapshot_RestoredMeetingGoesOnAlike(t *testing.T) {
	h := bigMeeting(t)
	r, _ := roundTrip(t, h.m)
	twin := &host{t: t, m: r, now: h.now, inflight: map[string][]lifecycle.Effect{}}
	for id, fl := range h.inflight {
		twin.inflight[id] = slices.Clone(fl)
	}
	same := func(a, b meeting.Outcome, what string) {
		t.Helper()
		require.Equal(t, a.Seq, b.Seq, what)
		require.Equal(t, fmt.Sprint(a.Err), fmt.Sprint(b.Err), what)
		require.Equal(t, format(a), format(b), what)
	}
	for _, step := range []func(*host) meeting.Outcome{
		func(h *host) meeting.Outcome { return h.op(meeting.Assign(org, attendeeID(1), roomID(7))) },
		func(h *host) meeting.Outcome { h.advance(3 * time.Second); return h.tick() },
		func(h *host) meeting.Outcome { return h.op(meeting.CloseRoom(org, roomID(3))) },
		func(h *host) meeting.Outcome { return h.act(attendeeID(2), lifecycle.InputReturn) },
		func(h *host) meeting.Outcome { return h.op(meeting.RemoveRoom(org, roomID(4))) },
		func(h *host) meeting.Outcome { h.advance(31 * time.Minute); return h.tick() },
	} {
		a, b := h.observe(step(h)), twin.observe(step(twin))
		same(a, b, "step")
		h.check("step")
		twin.check("step")
	}
	ja, err := json.Marshal(h.m)
	require.NoError(t, err)
	jb, err := json.Marshal(twin.m)
	require.NoError(t, err)
	require.JSONEq(t, string(ja), string(jb))
	same(h.m.End(h.now), twin.m.End(twin.now), "end")
}

// snapshotOf is a valid snapshot of a small meeting with a room, a manager
// and an attendee in the room.
func snapshotOf(t *testing.T) meeting.MeetingSnapshot {
	t.Helper()
	h := classroom(t, meeting.Config{}, 2, 2)
	h.op(meeting.OpenAllRooms(org))
	h.advance(4 * time.Second)
	h.settle(h.now)
	h.m.Take(meeting.Input{ID: "a", Kind: meeting.InputTick, At: h.now})
	h.m.Take(meeting.Input{ID: "b", Kind: meeting.InputTick, At: h.now})
	return h.m.Capture()
}

// TestSnapshot_RefusesWhatNoMeetingHolds breaks one field at a time and
// checks that Restore refuses the snapshot with an error that names it.
func TestSnapshot_RefusesWhatNoMeetingHolds(t *testing.T) {
	require.NotPanics(t, func() { _ = snapshotOf(t) })
	_, err := meeting.Restore(snapshotOf(t))
	require.NoError(t, err, "the unbroken snapshot restores")
	for _, c := range []struct {
		field   string
		breakIt func(s *meeting.MeetingSnapshot)
	}{
		{"version", func(s *meeting.MeetingSnapshot) { s.Version = 2 }},
		{"config.meeting", func(s *meeting.MeetingSnapshot) { s.Config.Meeting = "webinar" }},
		{"config.maxRooms", func(s *meeting.MeetingSnapshot) { s.Config.MaxRooms = 0 }},
		{"config", func(s *meeting.MeetingSnapshot) { s.Config.FeatureEnabled = false }},
		{"settings.timeLimit", func(s *meeting.MeetingSnapshot) { s.Settings.TimeLimit = "-1s" }},
		{"rooms", func(s *meeting.MeetingSnapshot) { s.Config.MaxRooms = 1 }},
		{"rooms[1].threadId", func(s *meeting.MeetingSnapshot) { s.Rooms[1].ThreadID = s.Rooms[0].ThreadID }},
		{"rooms[1].displayName", func(s *meeting.MeetingSnapshot) { s.Rooms[1].DisplayName = s.Rooms[0].DisplayName }},
		{"rooms[0].openedAt", func(s *meeting.MeetingSnapshot) { s.Rooms[0].OpenedAt = nil }},
		{"rooms[0].settingsEnd", func(s *meeting.MeetingSnapshot) { s.Rooms[0].SettingsEnd = &s.Now }},
		{"listGen", func(s *meeting.MeetingSnapshot) { s.ListGen = 0 }},
		{"participants[1].role", func(s *meeting.MeetingSnapshot) { s.Participants[1].Role = "owner" }},
		{"participants[1].kind", func(s *meeting.MeetingSnapshot) { s.Participants[1].Kind = "robot" }},
		{"participants[1]", func(s *meeting.MeetingSnapshot) { s.Participants[1].Role = "manager" }},
		{"participants[2].id", func(s *meeting.MeetingSnapshot) { s.Participants[2].ID = s.Participants[1].ID }},
		{"participants[1].room", func(s *meeting.MeetingSnapshot) { s.Participants[1].Room = "19:nowhere" }},
		{"participants[1].machine", func(s *meeting.MeetingSnapshot) { s.Participants[1].Machine.State = "dancing" }},
		{"participants[1].machine.config", func(s *meeting.MeetingSnapshot) { s.Participants[1].Machine.Config.HangUpDelayMs++ }},
		{"participants[1].machine.now", func(s *meeting.MeetingSnapshot) { s.Participants[1].Machine.Now = s.Now.Add(time.Hour) }},
		{"participants[1].left", func(s *meeting.MeetingSnapshot) { s.Participants[1].Left = true }},
		{"participants", func(s *meeting.MeetingSnapshot) { s.Config.MaxParticipants = 1 }},
		{"participants[1].sentRoom.current", func(s *meeting.MeetingSnapshot) { s.Participants[1].SentRoom.Current = "19:gone" }},
		{"participants[1].sentRoom", func(s *meeting.MeetingSnapshot) { s.Participants[1].SentRoom.Event = json.RawMessage(`{}`) }},
		{"participants[2].sentList", func(s *meeting.MeetingSnapshot) { s.Participants[2].SentList = 1 }},
		{"participants[0].sentList", func(s *meeting.MeetingSnapshot) { s.Participants[0].SentList = s.ListGen + 1 }},
		{"participants[1].callView", func(s *meeting.MeetingSnapshot) { s.Participants[1].CallView = nil }},
		{"participants[1].callSettings.threadId", func(s *meeting.MeetingSnapshot) { s.Participants[1].CallSettings.ThreadID = "19:gone" }},
		{"participants[1].callSettings.event", func(s *meeting.MeetingSnapshot) {
			s.Participants[1].CallSettings.Current, s.Participants[1].CallSettings.Event = false, json.RawMessage(`{"type":"join"}`)
		}},
		{"window", func(s *meeting.MeetingSnapshot) { s.Window.Seqs = s.Window.Seqs[:1] }},
		{"window.ids[1]", func(s *meeting.MeetingSnapshot) { s.Window.IDs[1] = s.Window.IDs[0] }},
		{"window.ids[0]", func(s *meeting.MeetingSnapshot) { s.Window.IDs[0] = strings.Repeat("x", meeting.MaxInputID+1) }},
		{"window.seqs[1]", func(s *meeting.MeetingSnapshot) { s.Window.Seqs[1] = s.Seq + 1 }},
		{"(invariants)", func(s *meeting.MeetingSnapshot) { s.Participants[2].Room = "" }},
		{"(invariants)", func(s *meeting.MeetingSnapshot) { s.Ended = true }},
	} {
		t.Run(c.field, func(t *testing.T) {
			s := snapshotOf(t)
			c.breakIt(&s)
			m, err := meeting.Restore(s)
			require.Error(t, err)
			assert.Nil(t, m)
			var se *meeting.SnapshotError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, c.field, se.Field, "%v", err)
			assert.ErrorIs(t, err, meeting.BadSnapshot)
			assert.ErrorIs(t, err, errcodes.UnknownInput)
		})
	}
}

// TestSnapshot_OtherVersionsAreRefusedUnread checks that a snapshot written by
// an older or a newer version is refused on its version alone, whatever the
// rest holds (a newer version may add fields this build cannot read).
func TestSnapshot_OtherVersionsAreRefusedUnread(t *testing.T) {
	for _, v := range []int{0, meeting.SnapshotVersion - 1, meeting.SnapshotVersion + 1, 99} {
		if v == meeting.SnapshotVersion {
			continue
		}
		b := []byte(fmt.Sprintf(`{"version":%d,"rooms":"a field this build cannot read","future":{"x":1}}`, v))
		_, err := meeting.Unmarshal(b)
		var se *meeting.SnapshotError
		require.ErrorAs(t, err, &se, "version %d", v)
		assert.Equal(t, "version", se.Field)
		want := "older"
		if v > meeting.SnapshotVersion {
			want = "newer"
		}
		assert.Contains(t, se.Problem, want)
	}
	_, err := meeting.Unmarshal([]byte(`{"rooms":[]}`))
	var se *meeting.SnapshotError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "version", se.Field)

	s := snapshotOf(t)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	withUnknown := strings.Replace(string(b), `"version":1,`, `"version":1,"shards":3,`, 1)
	_, err = meeting.Unmarshal([]byte(withUnknown))
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "(json)", se.Field)
	assert.Contains(t, se.Problem, "shards")
	assert.True(t, errors.Is(err, meeting.BadSnapshot))
}

// BenchmarkSnapshot measures the largest meeting's snapshot: Capture and
// encode (what a host writes after every input), and decode and Restore
// (what a host does when another host wrote the meeting since).
func BenchmarkSnapshot(b *testing.B) {
	t := &testing.T{}
	h := bigMeeting(t)
	data, err := json.Marshal(h.m)
	require.NoError(b, err)
	b.Run("encode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for range b.N {
			if _, err := h.m.MarshalJSON(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for range b.N {
			if _, err := meeting.Unmarshal(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
