package lifecycle

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// A machine at rest is small: a host holds one per participant. The size is
// the figure docs/BENCHMARKS.md measures as live heap per participant.
func TestMachineAtRestIs112Bytes(t *testing.T) {
	require.LessOrEqual(t, unsafe.Sizeof(Machine{}), uintptr(112))
	a, err := New(DefaultConfig())
	require.NoError(t, err)
	b, err := New(DefaultConfig())
	require.NoError(t, err)
	require.Same(t, a.cfg, b.cfg, "machines with a default config share it")
	odd := DefaultConfig()
	odd.AutoMoveDelay++
	c, err := New(odd)
	require.NoError(t, err)
	require.Equal(t, odd, c.Config(), "a config of its own is kept")
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

// The call bookkeeping lives outside the machine only while it is needed:
// a machine driven through a cycle with ApplyTo is back to holding nothing
// outside itself, and Apply keeps only its effect buffer.
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
				res = m.ApplyTo(buf, in, testTime(i))
				buf = res.Effects
			} else {
				res = m.Apply(in, testTime(i))
			}
			require.Nil(t, res.Err, "input %d", i)
			require.NoError(t, m.CheckInvariants(), "input %d", i)
			if i == 3 {
				require.True(t, m.full, "in a room the call is tracked")
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
		want := a.Apply(in, testTime(i))
		got := b.ApplyTo(buf, in, testTime(i))
		require.Len(t, got.Effects, len(want.Effects), "input %d", i)
		if len(want.Effects) > 0 {
			require.Equal(t, want.Effects, got.Effects, "input %d", i)
		}
		require.Same(t, unsafe.SliceData(buf), unsafe.SliceData(got.Effects[:cap(got.Effects)]), "input %d: the caller's buffer is used", i)
		want.Effects, got.Effects = nil, nil
		require.Equal(t, want, got, "input %d", i)
		require.Equal(t, a.Snapshot(), b.Snapshot(), "input %d", i)
	}
	res := b.ApplyTo(buf, Input{Kind: InputReturn}, testTime(len(ins)))
	require.True(t, res.Refused)
	require.Empty(t, res.Effects)
	allocs := testing.AllocsPerRun(100, func() {
		if r := b.ApplyTo(buf, Input{Kind: InputAssignedRoom}, testTime(len(ins))); r.Err != nil {
			t.Fatal(r.Err)
		}
		if r := b.ApplyTo(buf, Input{Kind: InputAssignedRoom, Room: room}, testTime(len(ins))); r.Err != nil {
			t.Fatal(r.Err)
		}
	})
	require.Zero(t, allocs, "ApplyTo with a buffer large enough allocates")
}
