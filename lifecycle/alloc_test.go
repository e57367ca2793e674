package lifecycle

import (
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/stretchr/testify/require"
)

func conditionsOf(c uint64) fsm.Conditions { return fsm.Conditions(c) }

// inRoomMachine is an attendee in room 19:r1 with return not allowed.
func inRoomMachine(tb testing.TB) *Machine {
	m, err := New(DefaultConfig())
	require.NoError(tb, err)
	room := &Room{ThreadID: "19:r1", State: RoomOpen}
	for i, in := range []Input{
		{Kind: InputAssignedRoom, Room: room},
		{Kind: InputJoin},
		{Kind: InputHoldMainOK},
		{Kind: InputJoinBreakoutOK},
		{Kind: InputHangUpMainOK},
	} {
		_, err := m.Apply(&in, testTime(i))
		require.NoError(tb, err, "input %d", i)
	}
	require.Equal(tb, StateInRoom, m.State())
	return m
}

func TestApplyAllocatesNothing(t *testing.T) {
	m := inRoomMachine(t)
	now := testTime(10)
	refused := Input{Kind: InputReturn}
	allocs := testing.AllocsPerRun(1000, func() {
		if res, _ := m.Apply(&refused, now); !res.Refused {
			t.Fatal("the return should be refused")
		}
	})
	require.Zero(t, allocs, "a refusal allocates")

	open := &Room{ThreadID: "19:r1", State: RoomOpen}
	closed := &Room{ThreadID: "19:r1", State: RoomClosed}
	a, err := New(DefaultConfig())
	require.NoError(t, err)
	allocs = testing.AllocsPerRun(1000, func() {
		if _, err := a.Apply(&Input{Kind: InputAssignedRoom, Room: open}, now); err != nil {
			t.Fatal(err)
		}
		if _, err := a.Apply(&Input{Kind: InputAssignedRoom, Room: closed}, now); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs, "a legal transition allocates")
}

// BenchmarkApplyLegal is a legal transition and back: an open room is
// assigned (R4), then closed (R8).
func BenchmarkApplyLegal(b *testing.B) {
	m, err := New(DefaultConfig())
	require.NoError(b, err)
	open := Input{Kind: InputAssignedRoom, Room: &Room{ThreadID: "19:r1", State: RoomOpen}}
	closed := Input{Kind: InputAssignedRoom, Room: &Room{ThreadID: "19:r1", State: RoomClosed}}
	now := time.Unix(1_767_000_000, 0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		in := open
		if i&1 == 1 {
			in = closed
		}
		if _, err := m.Apply(&in, now); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApplyRefused is a refusal: returnToMainMeeting in a room whose
// settings do not allow it (R15).
func BenchmarkApplyRefused(b *testing.B) {
	m := inRoomMachine(b)
	in := Input{Kind: InputReturn}
	now := testTime(30)
	b.ReportAllocs()
	for b.Loop() {
		if r, _ := m.Apply(&in, now); !r.Refused {
			b.Fatal("not refused")
		}
	}
}
