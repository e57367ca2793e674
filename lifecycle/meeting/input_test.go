package meeting_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// TestTake_RetriedInputIsTakenOnce retries an accepted input and a refused
// one: each keeps the Seq it was taken as, and nothing changes.
func TestTake_RetriedInputIsTakenOnce(t *testing.T) {
	m, err := meeting.New(meeting.Config{})
	require.NoError(t, err)
	add := meeting.Input{ID: "add-org", Kind: meeting.InputAdd, At: t0,
		Participant: meeting.Participant{ID: org, Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser}}
	first, dup := m.Take(add)
	require.False(t, dup)
	require.Nil(t, first.Err)
	require.Equal(t, uint64(1), first.Seq)

	refused := meeting.Input{ID: "open-nothing", Kind: meeting.InputOp, At: t0, Op: meeting.OpenRoom(org, "19:none")}
	r, _ := m.Take(refused)
	require.ErrorIs(t, r.Err, meeting.UnknownRoom)
	require.Equal(t, uint64(2), r.Seq)

	before, err := m.MarshalJSON()
	require.NoError(t, err)
	for _, in := range []meeting.Input{add, refused} {
		again, dup := m.Take(in)
		assert.True(t, dup, in.ID)
		assert.Empty(t, again.Deliveries)
		assert.Nil(t, again.Err)
	}
	again, _ := m.Take(add)
	assert.Equal(t, uint64(1), again.Seq)
	again, _ = m.Take(refused)
	assert.Equal(t, uint64(2), again.Seq)
	after, err := m.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "a duplicate changes nothing")
	assert.Equal(t, uint64(2), meeting.Inputs(m))

	bad, _ := m.Take(meeting.Input{ID: "what", Kind: meeting.InputKind(99), At: t0})
	assert.ErrorIs(t, bad.Err, meeting.BadInput)
	assert.Equal(t, uint64(3), bad.Seq, "a refused input has its Seq")
}

// TestTake_WindowKeepsTheLastInputWindowIDs takes InputWindow+1 inputs: the
// first id falls out of the window (and would be taken again), the others
// are still remembered; an input without an id is never remembered.
func TestTake_WindowKeepsTheLastInputWindowIDs(t *testing.T) {
	m, err := meeting.New(meeting.Config{})
	require.NoError(t, err)
	at := t0
	for i := range meeting.InputWindow + 1 {
		at = at.Add(time.Millisecond)
		_, dup := m.Take(meeting.Input{ID: fmt.Sprintf("t%d", i), Kind: meeting.InputTick, At: at})
		require.False(t, dup)
	}
	_, seen := meeting.Seen(m, "t0")
	assert.False(t, seen, "the oldest id left the window")
	seq, seen := meeting.Seen(m, "t1")
	assert.True(t, seen)
	assert.Equal(t, uint64(2), seq)
	seq, seen = meeting.Seen(m, fmt.Sprintf("t%d", meeting.InputWindow))
	assert.True(t, seen)
	assert.Equal(t, uint64(meeting.InputWindow+1), seq)
	assert.Len(t, m.Capture().Window.IDs, meeting.InputWindow)

	n := meeting.Inputs(m)
	m.Take(meeting.Input{Kind: meeting.InputTick, At: at})
	m.Take(meeting.Input{Kind: meeting.InputTick, At: at})
	assert.Equal(t, n+2, meeting.Inputs(m), "inputs without an id are taken every time")
	assert.False(t, meeting.ValidInputID(""))
	assert.False(t, meeting.ValidInputID(string(make([]byte, meeting.MaxInputID+1))))
	assert.True(t, meeting.ValidInputID("host-1/42"))
}

func TestInputKindsHaveNames(t *testing.T) {
	names := meeting.InputKindNames()
	for _, name := range names[:len(names)-1] {
		assert.NotContains(t, name, "InputKind(", "an input kind has no name")
	}
	assert.Equal(t, "InputKind(0)", names[len(names)-1])
}
