package storepipe_test

import (
	"io"
	"testing"

	"github.com/breakoutfsm/breakoutfsm/internal/storepipe"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting/meetingtest"
)

// pipe serves stores over in-memory pipes and returns the client.
func pipe(t *testing.T, stores ...meeting.Store) *storepipe.Client {
	t.Helper()
	reqR, reqW := io.Pipe()
	resR, resW := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- storepipe.Serve(reqR, resW, stores); resW.Close() }()
	c, err := storepipe.Dial(resR, reqW)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		reqW.Close()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return c
}

// TestPipe_KeepsTheStoreContract: a store used through the pipe keeps the
// contract, its sentinel errors included.
func TestPipe_KeepsTheStoreContract(t *testing.T) {
	meetingtest.CheckStore(t, func(t *testing.T) meeting.Store { return pipe(t, meeting.NewMemStore()).Store(0) })
}

// TestPipe_HostsOnSeparateStoresOfOnePipe runs the exactly-once workload
// through three hosts, each on its own store of one server (one memory
// store behind them all).
func TestPipe_HostsOnSeparateStoresOfOnePipe(t *testing.T) {
	mem := meeting.NewMemStore()
	c := pipe(t, mem, mem, mem)
	hosts := []*meeting.Host{
		meeting.NewHost(c.Store(0), meeting.HostConfig{}),
		meeting.NewHost(c.Store(1), meeting.HostConfig{Optimistic: true}),
		meeting.NewHost(c.Store(2), meeting.HostConfig{}),
	}
	w := meetingtest.Workload{Meetings: 4, Attendees: 3, Rooms: 2, Goroutines: 4, Inputs: 600, Seed: 3}
	w.Run(t, hosts).CheckExactlyOnce(t, mem)
}
