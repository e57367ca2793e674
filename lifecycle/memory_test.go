package lifecycle

import (
	"time"

	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// A machine is small: a host holds one per participant. The size is the
// figure docs/BENCHMARKS.md measures as live heap per participant.
func TestMachineIs128Bytes(t *testing.T) {
	require.LessOrEqual(t, unsafe.Sizeof(Machine{}), uintptr(128))
	a, err := New(DefaultConfig())
	require.NoError(t, err)
	mgr := DefaultConfig()
	mgr.Role = Manager
	b, err := New(mgr)
	require.NoError(t, err)
	require.Nil(t, a.x, "a default config is shared, not held")
	require.Nil(t, b.x, "a manager's default config is shared, not held")
	require.Equal(t, mgr, b.Config())
	require.Same(t, a.config(), a.config())
	odd := DefaultConfig()
	odd.AutoMoveDelay += time.Millisecond
	c, err := New(odd)
	require.NoError(t, err)
	require.Equal(t, odd, c.Config(), "a config of its own is kept")
	require.NotNil(t, c.x)
	require.NoError(t, c.CheckInvariants())
}

// cycleInputs take an attendee from the main meeting into a room and back.
func cycleInputs(room, closed *Room) []Input {
	return []Input{
		{Kind: InputAssignedRoom, Room: room},
		{Kind: InputJoin},
		{Kind: InputHoldMainOK},
		{Kind: InputJoinBreakoutOK},
		{Kind: InputHangUpMainOK},
		{Kind: InputAssignedRoom, Room: closed},
		{Kind: InputHangUpBreakoutOK},
		{Kind: InputRejoinMainOK},
	}
}

// A cycle through one room needs nothing outside the machine: its one
// breakout call is held inline. Apply keeps only its effect buffer outside.
func TestRareFactsAreReleasedAfterACycle(t *testing.T) {
	room := &Room{ThreadID: "19:r1", State: RoomOpen}
	closed := &Room{ThreadID: "19:r1", State: RoomClosed}
	for _, shared := range []bool{true, false} {
		m, err := New(DefaultConfig())
		require.NoError(t, err)
		var buf []Effect
		for i, in := range cycleInputs(room, closed) {
			var res Result
			if shared {
				res, err = m.ApplyTo(buf, &in, testTime(i))
				buf = res.Effects
			} else {
				res, err = m.Apply(&in, testTime(i))
			}
			require.Nil(t, err, "input %d", i)
			require.NoError(t, m.CheckInvariants(), "input %d", i)
			require.False(t, m.full, "input %d: the extra part used", i)
			if i == 3 {
				require.NotZero(t, m.call, "in a room the call is tracked inline")
				room, ok := m.CurrentRoom()
				require.True(t, ok)
				require.Equal(t, "19:r1", room)
			}
		}
		require.Equal(t, StateAssigned, m.State())
		require.False(t, m.full, "shared %v: the call bookkeeping is kept after the cycle", shared)
		if shared {
			require.Nil(t, m.x, "ApplyTo: nothing kept outside the machine")
		} else {
			require.NotNil(t, m.x)
			require.NotZero(t, cap(m.x.out), "Apply keeps its effect buffer")
		}
	}
}

// ApplyTo gives the same results as Apply, writes into the caller's buffer
// when it is large enough, and a refusal leaves it empty.
func TestApplyToMatchesApply(t *testing.T) {
	room := &Room{ThreadID: "19:r1", State: RoomOpen, AutoMove: true, HasAutoMove: true}
	closed := &Room{ThreadID: "19:r1", State: RoomClosed}
	ins := append([]Input{{Kind: InputReturn}}, cycleInputs(room, closed)...)
	ins = append(ins, Input{Kind: InputTick}, Input{Kind: InputJoin})
	a, err := New(DefaultConfig())
	require.NoError(t, err)
	b, err := New(DefaultConfig())
	require.NoError(t, err)
	buf := make([]Effect, 0, 16)
	for i, in := range ins {
		want, wantErr := a.Apply(&in, testTime(i))
		got, gotErr := b.ApplyTo(buf, &in, testTime(i))
		require.Len(t, got.Effects, len(want.Effects), "input %d", i)
		if len(want.Effects) > 0 {
			require.Equal(t, want.Effects, got.Effects, "input %d", i)
		}
		require.Same(t, unsafe.SliceData(buf), unsafe.SliceData(got.Effects[:cap(got.Effects)]), "input %d: the caller's buffer is used", i)
		want.Effects, got.Effects = nil, nil
		require.Equal(t, want, got, "input %d", i)
		require.Equal(t, wantErr, gotErr, "input %d", i)
		require.Equal(t, a.Snapshot(), b.Snapshot(), "input %d", i)
	}
	res, err := b.ApplyTo(buf, &Input{Kind: InputReturn}, testTime(len(ins)))
	require.True(t, res.Refused)
	require.Empty(t, res.Effects)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := b.ApplyTo(buf, &Input{Kind: InputAssignedRoom}, testTime(len(ins))); err != nil {
			t.Fatal(err)
		}
		if _, err := b.ApplyTo(buf, &Input{Kind: InputAssignedRoom, Room: room}, testTime(len(ins))); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs, "ApplyTo with a buffer large enough allocates")
}

// A re-assignment tracks two breakout calls: they go to the extra part, and
// come back inline once the previous room's call is hung up.
func TestSecondCallUsesTheExtraPartWhileItLasts(t *testing.T) {
	m, err := New(DefaultConfig())
	require.NoError(t, err)
	r1 := &Room{ThreadID: "19:r1", State: RoomOpen}
	r2 := &Room{ThreadID: "19:r2", State: RoomOpen}
	var buf []Effect
	steps := []struct {
		in   Input
		full bool
	}{
		{Input{Kind: InputAssignedRoom, Room: r1}, false},
		{Input{Kind: InputJoin}, false},
		{Input{Kind: InputHoldMainOK}, false},
		{Input{Kind: InputJoinBreakoutOK}, false},
		{Input{Kind: InputHangUpMainOK}, false},
		{Input{Kind: InputAssignedRoom, Room: r2}, false},
		{Input{Kind: InputJoin}, true},
		{Input{Kind: InputJoinBreakoutOK, ThreadID: "19:r2"}, true},
	}
	for i, st := range steps {
		res, err := m.ApplyTo(buf, &st.in, testTime(i))
		buf = res.Effects
		require.Nil(t, err, "input %d", i)
		require.NoError(t, m.CheckInvariants(), "input %d", i)
		require.Equal(t, st.full, m.full, "input %d in %s: extra part in use", i, m.State())
	}
	// The previous room's call is hung up when hangUpPrevious falls due.
	due, ok := m.NextDue()
	require.True(t, ok)
	res, err := m.ApplyTo(buf, &Input{Kind: InputTick}, due)
	require.Nil(t, err)
	res, err = m.ApplyTo(res.Effects, &Input{Kind: InputHangUpBreakoutOK, ThreadID: "19:r1"}, due)
	require.Nil(t, err)
	require.NoError(t, m.CheckInvariants())
	require.False(t, m.full, "one call left: held inline again")
	require.Nil(t, m.x, "nothing left outside the machine")
	room, ok := m.CurrentRoom()
	require.True(t, ok)
	require.Equal(t, "19:r2", room)
}
