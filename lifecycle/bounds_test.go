package lifecycle

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
)

// Effects on the main call in flight are counted without loss: a join that
// would put a 251st effect of one kind in flight is refused (R5), and
// answering one lets joins through again.
func TestR5_EffectsOnTheMainCallAreBounded(t *testing.T) {
	m := driven(t, DefaultConfig())
	at := testTime(1)
	open, closed := openRoom("19:r1", false), closedRoom("19:r1")
	for i := range maxMainInFlight {
		for _, in := range []Input{{Kind: InputAssignedRoom, Room: open}, {Kind: InputJoin}, {Kind: InputAssignedRoom, Room: closed}} {
			res, err := m.Apply(&in, at)
			require.False(t, res.Refused, "cycle %d, %s: %v", i, in.Kind, err)
		}
	}
	take(t, m, Input{Kind: InputAssignedRoom, Room: open}, at)
	res, err := m.Apply(&Input{Kind: InputJoin}, at)
	require.True(t, res.Refused)
	assert.Equal(t, errcodes.UnexpectedInput, errcodes.Of(err).Kind)
	assert.Equal(t, rule.R5, errcodes.Of(err).Rule)
	assert.Contains(t, errcodes.Of(err).Message, "250")
	require.NoError(t, m.CheckInvariants())
	b, err := json.Marshal(m)
	require.NoError(t, err)
	_, err = UnmarshalSnapshot(b)
	require.NoError(t, err, "a machine at the bound restores")

	take(t, m, Input{Kind: InputHoldMainOK}, at)
	take(t, m, Input{Kind: InputResumeMainOK}, at)
	res, err = m.Apply(&Input{Kind: InputJoin}, at)
	require.False(t, res.Refused, "%v", err)
	assert.Equal(t, StateJoining, m.State())
}

// Whether a return issued a resume is kept for every resume in flight, not
// only the first eight: each failure is re-thrown as 46261 exactly when its
// resume was a return's (§5).
func TestR19_EveryResumeKeepsItsWrappingPastEight(t *testing.T) {
	m := driven(t, DefaultConfig())
	at := testTime(1)
	open, closed := openRoom("19:r1", false), closedRoom("19:r1")
	for range 9 { // nine undone joins: nine resumes that no return issued
		for _, in := range []Input{{Kind: InputAssignedRoom, Room: open}, {Kind: InputJoin}, {Kind: InputAssignedRoom, Room: closed}} {
			take(t, m, in, at)
		}
	}
	// A tenth resume, issued by a return while joining (R16).
	take(t, m, Input{Kind: InputAssignedRoom, Room: open}, at)
	take(t, m, Input{Kind: InputJoin}, at)
	take(t, m, Input{Kind: InputReturn}, at)
	require.NoError(t, m.CheckInvariants())
	b, err := json.Marshal(m)
	require.NoError(t, err)
	back, err := UnmarshalSnapshot(b)
	require.NoError(t, err)
	for _, mm := range []*Machine{m, back} {
		for i := range 10 {
			res, err := mm.Apply(&Input{Kind: InputResumeMainFailed}, at)
			require.False(t, res.Refused)
			require.NotNil(t, err)
			if i == 9 {
				assert.Equal(t, errcodes.ReturnToMainMeetingFailed, errcodes.Of(err).WrappedBy, "the return's resume is re-thrown")
			} else {
				assert.Zero(t, errcodes.Of(err).WrappedBy, "resume %d is an undo's", i)
			}
			require.NoError(t, mm.CheckInvariants())
		}
	}
}
