package natskv_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting/meetingtest"
	"github.com/breakoutfsm/breakoutfsm/store/natskv/internal/embedded"
)

// fleet is three hosts, each on a connection of its own to one server, and
// a fourth connection for the test's own reads.
type fleet struct {
	hosts []*meeting.Host
	conns []*nats.Conn
	check meeting.Store
}

func newFleet(t testing.TB, url string, n int) *fleet {
	t.Helper()
	f := &fleet{}
	for k := range n {
		nc := connect(t, url)
		f.conns = append(f.conns, nc)
		cfg := meeting.HostConfig{}
		if k == 1 {
			cfg.Optimistic = true
		}
		f.hosts = append(f.hosts, meeting.NewHost(open(t, nc, ""), cfg))
	}
	f.check = open(t, connect(t, url), "")
	return f
}

func (f *fleet) conflicts() int {
	n := 0
	for _, h := range f.hosts {
		n += h.Stats().Conflicts
	}
	return n
}

// inputs is the number of inputs of the exactly-once test: 100,000 as the
// issue asks; under -race 10,000, because the race detector makes the full
// count take about 15 minutes on 2 cores, past go test's default timeout of
// 10, so that `go test -race ./...` passes as it is. .ci/run runs the full
// count without -race as well. BREAKOUTFSM_FLEET_INPUTS sets the count
// either way (with -race and 100000, give -timeout 30m).
func inputs(t testing.TB) int {
	if v := os.Getenv("BREAKOUTFSM_FLEET_INPUTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("BREAKOUTFSM_FLEET_INPUTS=%q", v)
		}
		return n
	}
	if raceDetector {
		t.Logf("under -race: 10,000 inputs (100,000 without -race; BREAKOUTFSM_FLEET_INPUTS sets the count)")
		return 10_000
	}
	return 100_000
}

// TestFleet_ThreeHostsTakeEveryInputExactlyOnce: three hosts, each on its
// own connection, serve 100 meetings from 8 goroutines each, 100,000 inputs
// in a random order. Every input is taken exactly once, and each meeting
// the store holds is the one a single in-memory meeting makes by taking the
// same inputs in the order the store accepted them.
func TestFleet_ThreeHostsTakeEveryInputExactlyOnce(t *testing.T) {
	srv, _ := startServer(t)
	f := newFleet(t, srv.ClientURL(), 3)
	w := meetingtest.Workload{Meetings: 100, Attendees: 5, Rooms: 3, Goroutines: 8, Inputs: inputs(t), Seed: 14}
	res := w.Run(t, f.hosts)
	res.CheckExactlyOnce(t, f.check)
	if res.Conflicts == 0 || res.Conflicts != f.conflicts() {
		t.Fatalf("%d conflicts recorded, the hosts counted %d: three hosts on 100 meetings conflict", res.Conflicts, f.conflicts())
	}
	t.Logf("%d inputs (%d set-up) in %v: %.0f inputs/s, %d conflicts retried, %d failed calls",
		res.Inputs, res.Inputs-w.Inputs, res.Elapsed.Round(time.Millisecond), float64(w.Inputs)/res.Elapsed.Seconds(), res.Conflicts, res.Failures)
}

// TestFleet_ConnectionClosedMidStream closes the first host's connection
// after a fifth of the inputs: its inputs in flight fail and are retried
// through the other hosts; none is lost or taken twice, and the other hosts
// go on.
func TestFleet_ConnectionClosedMidStream(t *testing.T) {
	srv, _ := startServer(t)
	f := newFleet(t, srv.ClientURL(), 3)
	var closedFailures sync.Map
	w := meetingtest.Workload{Meetings: 20, Attendees: 4, Rooms: 2, Goroutines: 8, Inputs: 5000, Seed: 15,
		AfterInput: func(done int64) {
			if done == 1000 {
				f.conns[0].Close()
			}
		},
		OnFailure: func(host int, err error) {
			if host == 0 {
				closedFailures.Store(err.Error(), true)
			}
		},
	}
	res := w.Run(t, f.hosts)
	dups := res.CheckExactlyOnce(t, f.check)
	n := 0
	closedFailures.Range(func(k, _ any) bool { n++; return true })
	if n == 0 {
		t.Fatal("the closed connection's host never failed")
	}
	if after := f.hosts[0].Stats().Applied; after == 0 {
		t.Fatal("the first host took nothing before its connection closed")
	}
	t.Logf("%d failed calls retried through the other hosts, %d duplicates answered, %d conflicts", res.Failures, dups, res.Conflicts)
}

// TestFleet_ServerRestartedOnTheSameDirectory stops the server a third of
// the way through and starts it again on the same store directory and port.
// An input sent during the outage (to a meeting of its own, outside the
// workload) fails with an error that says so, and is taken once when
// retried; the meetings written before the outage are there after it; the
// hosts reconnect by themselves; every input of the workload, those that
// failed during the outage and were retried included, is taken once.
func TestFleet_ServerRestartedOnTheSameDirectory(t *testing.T) {
	dir := t.TempDir()
	srv, err := embedded.Start(dir, -1)
	if err != nil {
		t.Fatal(err)
	}
	url := srv.ClientURL()
	p := srv.Addr().(*net.TCPAddr).Port
	var mu sync.Mutex
	current := srv
	t.Cleanup(func() { mu.Lock(); current.Shutdown(); mu.Unlock() })
	f := newFleet(t, url, 3)

	ctx := context.Background()
	const probe = "outage-probe" // a meeting outside the workload
	if err := f.hosts[0].Create(ctx, probe, meeting.Config{}); err != nil {
		t.Fatal(err)
	}
	var outage error
	var before map[string][]byte
	var appliedAtRestart []int
	w := meetingtest.Workload{Meetings: 10, Attendees: 4, Rooms: 2, Goroutines: 4, Inputs: 3000, Seed: 16,
		AfterInput: func(done int64) {
			if done != 1000 {
				return
			}
			before = map[string][]byte{}
			for i := range 10 {
				id := fmt.Sprintf("meeting-%03d", i) // the workload's names
				data, _, err := f.check.Load(ctx, id)
				if err != nil {
					t.Errorf("before the outage: %v", err)
					return
				}
				before[id] = data
			}
			mu.Lock()
			current.Shutdown()
			current.WaitForShutdown()
			mu.Unlock()
			_, outage = f.hosts[2].Apply(ctx, probe, meeting.Input{ID: "during-the-outage", Kind: meeting.InputTick, At: t0})
			mu.Lock()
			current, err = embedded.Start(dir, p)
			mu.Unlock()
			if err != nil {
				t.Errorf("restart: %v", err)
			}
			for _, h := range f.hosts {
				appliedAtRestart = append(appliedAtRestart, h.Stats().Applied)
			}
		},
	}
	res := w.Run(t, f.hosts)
	if outage == nil {
		t.Fatal("an input during the outage was taken")
	}
	if !strings.HasPrefix(outage.Error(), "meeting host: apply ") {
		t.Fatalf("the outage's error %v is not the host's", outage)
	}
	t.Logf("during the outage: %v", outage)
	if errors.Is(outage, meeting.ErrConflict) || errors.Is(outage, meeting.ErrNotFound) {
		t.Fatalf("the outage reads as a store answer: %v", outage)
	}
	retried := meeting.Input{ID: "during-the-outage", Kind: meeting.InputTick, At: t0}
	a, err := f.hosts[2].Apply(ctx, probe, retried)
	if err != nil {
		t.Fatalf("the retry after the restart: %v", err)
	}
	if a.Seq != 1 {
		t.Fatalf("the retry was taken as input %d of the probe meeting, want 1", a.Seq)
	}
	again, err := f.hosts[0].Apply(ctx, probe, retried)
	if err != nil || !again.Duplicate || again.Seq != 1 {
		t.Fatalf("retried again through another host: %+v, %v; want a duplicate of input 1", again, err)
	}
	if len(before) != 10 {
		t.Fatal("the meetings were not read before the outage")
	}
	for id, data := range before {
		// Each meeting after the restart holds at least what it held before:
		// its Seq did not go back.
		if _, err := meeting.Unmarshal(data); err != nil {
			t.Fatal(err)
		}
		var after []byte
		var merr error
		if err := f.hosts[0].View(ctx, id, func(n *meeting.Meeting) { after, merr = n.MarshalJSON() }); err != nil || merr != nil {
			t.Fatal(err, merr)
		}
		if seqOf(t, after) < seqOf(t, data) {
			t.Fatalf("%s: %d inputs after the restart, %d before", id, seqOf(t, after), seqOf(t, data))
		}
	}
	for k, h := range f.hosts {
		if h.Stats().Applied <= appliedAtRestart[k] {
			t.Fatalf("host %d took nothing after the restart: it did not reconnect", k)
		}
	}
	res.CheckExactlyOnce(t, f.check)
	if res.Failures == 0 {
		t.Fatal("no input failed during the outage")
	}
	t.Logf("%d failed calls during the outage, retried", res.Failures)
}

// TestFleet_ThreeHostsSweepingFireEachTimerOnce: three hosts sweep the same
// meetings every second; every due timer fires once, through one host.
func TestFleet_ThreeHostsSweepingFireEachTimerOnce(t *testing.T) {
	srv, _ := startServer(t)
	f := newFleet(t, srv.ClientURL(), 3)
	fired := meetingtest.CheckSweep(t, f.hosts, 20)
	notDue := 0
	for _, h := range f.hosts {
		notDue += h.Stats().NotDue
	}
	t.Logf("%d ticks fired; %d times a host found a listed meeting already ticked", fired, notDue)
}

// TestFleet_OtherSnapshotVersionsAreRefused writes snapshots of an older and
// a newer version into the store: a host refuses each with an error naming
// the version, takes nothing, and writes nothing.
func TestFleet_OtherSnapshotVersionsAreRefused(t *testing.T) {
	srv, _ := startServer(t)
	f := newFleet(t, srv.ClientURL(), 1)
	ctx := context.Background()
	for _, v := range []int{meeting.SnapshotVersion - 1, meeting.SnapshotVersion + 1} {
		id := fmt.Sprintf("v%d", v)
		data := []byte(fmt.Sprintf(`{"version":%d,"participants":{"a":"shape this build does not know"}}`, v))
		rev, err := f.check.Create(ctx, id, meeting.Record{Snapshot: data})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.hosts[0].Apply(ctx, id, meeting.Input{ID: "x", Kind: meeting.InputTick, At: t0})
		if err == nil || !strings.Contains(err.Error(), "meeting snapshot: version: ") {
			t.Fatalf("version %d: %v, want a snapshot error naming the version", v, err)
		}
		if !errors.Is(err, meeting.BadSnapshot) {
			t.Fatalf("version %d: %v does not match BadSnapshot", v, err)
		}
		got, rev2, err := f.check.Load(ctx, id)
		if err != nil || rev2 != rev || string(got) != string(data) {
			t.Fatalf("version %d: the store changed: %s at %d (was %d), %v", v, got, rev2, rev, err)
		}
	}
}

// TestFleet_CreateRightAfterDeleteRaces has two hosts create a meeting at
// once right after it was deleted, twenty times: exactly one wins each
// time, the other is told the meeting exists.
func TestFleet_CreateRightAfterDeleteRaces(t *testing.T) {
	srv, _ := startServer(t)
	f := newFleet(t, srv.ClientURL(), 2)
	ctx := context.Background()
	for round := range 20 {
		if round > 0 {
			if err := f.hosts[0].Delete(ctx, "contested"); err != nil {
				t.Fatal(err)
			}
		}
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for k, h := range f.hosts {
			wg.Add(1)
			go func() { defer wg.Done(); errs[k] = h.Create(ctx, "contested", meeting.Config{}) }()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, meeting.ErrExists):
				t.Fatalf("round %d: %v, want nil or ErrExists", round, err)
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d creates won", round, won)
		}
	}
}

// seqOf reads how many inputs a meeting took from its snapshot (its "seq").
func seqOf(t *testing.T, snapshot []byte) uint64 {
	var s struct {
		Seq uint64 `json:"seq"`
	}
	if err := json.Unmarshal(snapshot, &s); err != nil {
		t.Fatal(err)
	}
	return s.Seq
}

// t0 is a time for the inputs the tests send themselves (a host takes an
// input earlier than a meeting's clock at the clock).
var t0 = time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
