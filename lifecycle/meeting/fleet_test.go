package meeting_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting/meetingtest"
)

func TestMemStore_KeepsTheStoreContract(t *testing.T) {
	meetingtest.CheckStore(t, func(*testing.T) meeting.Store { return meeting.NewMemStore() })
}

func threeHosts(s meeting.Store) []*meeting.Host {
	return []*meeting.Host{
		meeting.NewHost(s, meeting.HostConfig{}),
		meeting.NewHost(s, meeting.HostConfig{Optimistic: true}),
		meeting.NewHost(s, meeting.HostConfig{Cached: 2}),
	}
}

// TestHost_ThreeHostsTakeEveryInputExactlyOnce runs 3,000 inputs to 10
// meetings through three hosts of one in-memory store, from 8 goroutines
// each: every input is taken once, and each meeting is what one meeting
// taking its inputs in the store's order makes. (The second host writes
// optimistically, without loading first; the third keeps only two meetings
// decoded, so it decodes often.)
func TestHost_ThreeHostsTakeEveryInputExactlyOnce(t *testing.T) {
	s := meeting.NewMemStore()
	hosts := threeHosts(s)
	w := meetingtest.Workload{Meetings: 10, Attendees: 5, Rooms: 3, Goroutines: 8, Inputs: 3000, Seed: 1}
	res := w.Run(t, hosts)
	res.CheckExactlyOnce(t, s)
	conflicts := 0
	for _, h := range hosts {
		conflicts += h.Stats().Conflicts
	}
	assert.Positive(t, conflicts, "three hosts on the same meetings conflict")
	assert.Equal(t, conflicts, res.Conflicts)
	assert.Positive(t, hosts[2].Stats().Decoded)
}

// flaky is a store whose updates fail after taking effect (a lost reply)
// every third time.
type flaky struct {
	meeting.Store
	n int
}

func (f *flaky) Update(ctx context.Context, id string, rec meeting.Record, rev uint64) (uint64, error) {
	r, err := f.Store.Update(ctx, id, rec, rev)
	f.n++
	if err == nil && f.n%3 == 0 {
		return 0, errors.New("the reply was lost")
	}
	return r, err
}

// TestHost_RetryAfterLostReplyIsADuplicate retries, through another host,
// inputs whose write took effect but whose reply was lost: each is
// answered as a duplicate with the Seq it was taken as.
func TestHost_RetryAfterLostReplyIsADuplicate(t *testing.T) {
	mem := meeting.NewMemStore()
	lossy := meeting.NewHost(&flaky{Store: mem}, meeting.HostConfig{})
	good := meeting.NewHost(mem, meeting.HostConfig{})
	w := meetingtest.Workload{Meetings: 2, Attendees: 3, Rooms: 2, Goroutines: 1, Inputs: 300, Seed: 2}
	res := w.Run(t, []*meeting.Host{lossy, good})
	dups := res.CheckExactlyOnce(t, mem)
	assert.Positive(t, dups, "lost replies were retried")
	assert.Positive(t, res.Failures)
}

func TestHost_ThreeHostsSweepingFireEachTimerOnce(t *testing.T) {
	s := meeting.NewMemStore()
	hosts := threeHosts(s)
	fired := meetingtest.CheckSweep(t, hosts, 5)
	assert.Positive(t, fired)
	notDue := 0
	for _, h := range hosts {
		notDue += h.Stats().NotDue
	}
	t.Logf("%d ticks fired; %d sweeps found a meeting listed as due already ticked", fired, notDue)
}

func TestHost_RefusesWhatItCannotTake(t *testing.T) {
	ctx := context.Background()
	s := meeting.NewMemStore()
	h := meeting.NewHost(s, meeting.HostConfig{})
	require.NoError(t, h.Create(ctx, "m", meeting.Config{}))
	var he *meeting.HostError
	err := h.Create(ctx, "m", meeting.Config{})
	require.ErrorAs(t, err, &he)
	assert.ErrorIs(t, err, meeting.ErrExists)

	_, err = h.Apply(ctx, "m", meeting.Input{Kind: meeting.InputTick, At: t0})
	require.ErrorAs(t, err, &he, "an input without an id")
	assert.ErrorIs(t, err, meeting.ErrInputID)
	_, err = h.Apply(ctx, "nowhere", meeting.Input{ID: "x", Kind: meeting.InputTick, At: t0})
	assert.ErrorIs(t, err, meeting.ErrNotFound)

	// A meeting written by a newer build is refused, and nothing is written.
	_, rev, err := s.Load(ctx, "m")
	require.NoError(t, err)
	_, err = s.Update(ctx, "m", meeting.Record{Snapshot: []byte(`{"version":2,"rooms":{"new":"shape"}}`)}, rev)
	require.NoError(t, err)
	_, err = h.Apply(ctx, "m", meeting.Input{ID: "y", Kind: meeting.InputTick, At: t0})
	var se *meeting.SnapshotError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "version", se.Field)
	data, rev2, err := s.Load(ctx, "m")
	require.NoError(t, err)
	assert.Equal(t, rev+1, rev2)
	assert.Contains(t, string(data), `"version":2`)

	require.NoError(t, h.Delete(ctx, "m"))
	assert.ErrorIs(t, h.Delete(ctx, "m"), meeting.ErrNotFound)
}

// TestHost_ClampsAnEarlyInputToTheMeetingsClock: hosts' clocks differ, so an
// input stamped before the meeting's clock is taken at the clock.
func TestHost_ClampsAnEarlyInputToTheMeetingsClock(t *testing.T) {
	ctx := context.Background()
	h := meeting.NewHost(meeting.NewMemStore(), meeting.HostConfig{})
	require.NoError(t, h.Create(ctx, "m", meeting.Config{}))
	a, err := h.Apply(ctx, "m", meeting.Input{ID: "1", Kind: meeting.InputAdd, At: t0.Add(time.Second),
		Participant: meeting.Participant{ID: org, Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser}})
	require.NoError(t, err)
	require.Nil(t, a.Outcome.Err)
	a, err = h.Apply(ctx, "m", meeting.Input{ID: "2", Kind: meeting.InputOp, At: t0, Op: meeting.CreateRoom(org, "19:r", "R")})
	require.NoError(t, err)
	assert.Nil(t, a.Outcome.Err)
	assert.Equal(t, t0.Add(time.Second), a.Input.At)
	require.NoError(t, h.View(ctx, "m", func(m *meeting.Meeting) { assert.Len(t, m.Rooms(), 1) }))
}
