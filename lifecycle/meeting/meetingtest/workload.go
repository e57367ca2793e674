package meetingtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// start is when the workload's meetings start.
var start = time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)

// Workload runs inputs to many meetings through several hosts at once.
// Every meeting is set up first (an organizer, attendees, rooms, everyone
// assigned, the rooms open), then the inputs (the attendees' actions and
// answers to their effects, the organizer's re-assignments, rooms closing
// and opening, settings) go to the hosts in a random order, each host
// taking them from Goroutines goroutines. An input whose Apply fails is
// retried, with the same id, through the next host, until it succeeds. The
// meetings are named meeting-000, meeting-001, … (three digits at least),
// and start at 2026-01-05T10:00:00Z.
type Workload struct {
	Meetings   int
	Attendees  int // per meeting
	Rooms      int // per meeting
	Goroutines int // per host
	Inputs     int // in all, after the set-up
	Seed       uint64
	// Deadline bounds how long an input is retried (0: one minute).
	Deadline time.Duration
	// AfterInput, when set, is called after every input a host took, with
	// how many inputs were taken so far (for tests that inject faults
	// mid-stream: closing a host's connection, stopping the server).
	AfterInput func(done int64)
	// OnFailure, when set, is told every failed Apply before it is retried.
	OnFailure func(host int, err error)
}

// Result is what a workload did: every input with the answer that ended
// its retries.
type Result struct {
	w     Workload
	mu    sync.Mutex
	taken map[string][]record // by meeting
	// Inputs counts the inputs taken: the set-up's and the workload's.
	Inputs int
	// Failures counts Apply calls that failed and were retried.
	Failures int
	// Conflicts counts the compare-and-set conflicts the hosts retried.
	Conflicts int
	Elapsed   time.Duration
}

// record is one input and the answer that ended its retries.
type record struct {
	Input   meeting.Input // as sent (before a host clamps its time)
	Applied meeting.Applied
	Host    int
}

// meetingID is the workload's name for its meeting i.
func meetingID(i int) string { return fmt.Sprintf("meeting-%03d", i) }

type job struct {
	meeting string
	in      meeting.Input
}

// Run sets up the meetings through the first host and runs the inputs
// through all of them. It fails the test when an input cannot be taken
// before the deadline.
func (w Workload) Run(t testing.TB, hosts []*meeting.Host) *Result {
	t.Helper()
	if w.Deadline == 0 {
		w.Deadline = time.Minute
	}
	res := &Result{w: w, taken: map[string][]record{}}
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(w.Seed, 0xb7e))
	var clock atomic.Int64 // milliseconds after start, one per input
	at := func() time.Time { return start.Add(time.Duration(clock.Add(1)) * time.Millisecond) }
	var n int64
	var done atomic.Int64

	cfg := w.config()
	// Set-up, one meeting after another, through the first host.
	for i := range w.Meetings {
		id := meetingID(i)
		must(t, hosts[0].Create(ctx, id, cfg))
		for _, in := range w.setUp(at) {
			n++
			in.ID = fmt.Sprintf("setup-%d", n)
			res.add(t, ctx, hosts, 0, id, in, w.Deadline)
		}
	}

	// The inputs, in a random order, from every host's goroutines.
	jobs := make(chan job, 256)
	var wg sync.WaitGroup
	began := time.Now()
	for h := range hosts {
		for range w.Goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					res.add(t, ctx, hosts, h, j.meeting, j.in, w.Deadline)
					if w.AfterInput != nil {
						w.AfterInput(done.Add(1))
					}
				}
			}()
		}
	}
	for k := range w.Inputs {
		i := rng.IntN(w.Meetings)
		in := w.random(rng, at)
		in.ID = fmt.Sprintf("in-%d", k)
		jobs <- job{meeting: meetingID(i), in: in}
	}
	close(jobs)
	wg.Wait()
	res.Elapsed = time.Since(began)
	for _, rs := range res.taken {
		res.Inputs += len(rs)
	}
	return res
}

func (w Workload) config() meeting.Config {
	return meeting.Config{MaxRooms: w.Rooms, MaxParticipants: w.Attendees + 1}
}

const organizer = "8:orgid:organizer"

func attendee(k int) string { return fmt.Sprintf("8:acs:attendee-%d", k) }
func thread(k int) string   { return fmt.Sprintf("19:room-%d@thread.v2", k) }

// setUp is a meeting's first inputs: the organizer and the attendees join,
// the rooms are created, everyone is assigned round robin, returns are
// allowed, the rooms open.
func (w Workload) setUp(at func() time.Time) []meeting.Input {
	ins := []meeting.Input{{Kind: meeting.InputAdd, At: at(), Participant: meeting.Participant{
		ID: organizer, Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser}}}
	for k := range w.Rooms {
		ins = append(ins, meeting.Input{Kind: meeting.InputOp, At: at(), Op: meeting.CreateRoom(organizer, thread(k), fmt.Sprintf("Room %d", k))})
	}
	for k := range w.Attendees {
		ins = append(ins,
			meeting.Input{Kind: meeting.InputAdd, At: at(), Participant: meeting.Participant{
				ID: attendee(k), Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser}},
			meeting.Input{Kind: meeting.InputOp, At: at(), Op: meeting.Assign(organizer, attendee(k), thread(k%w.Rooms))})
	}
	ins = append(ins,
		meeting.Input{Kind: meeting.InputOp, At: at(), Op: meeting.SetParticipantsCanReturn(organizer, true)},
		meeting.Input{Kind: meeting.InputOp, At: at(), Op: meeting.OpenAllRooms(organizer)})
	return ins
}

// random is one input of the workload's mix: mostly an attendee's (answers
// to the effects a host carries out, failed one time in ten; joining;
// returning), sometimes the organizer's.
func (w Workload) random(rng *rand.Rand, at func() time.Time) meeting.Input {
	who := attendee(rng.IntN(w.Attendees))
	room := thread(rng.IntN(w.Rooms))
	ok := rng.IntN(10) > 0
	pick := func(yes, no lifecycle.InputKind) lifecycle.InputKind {
		if ok {
			return yes
		}
		return no
	}
	in := meeting.Input{Kind: meeting.InputParticipant, At: at(), To: who}
	switch r := rng.IntN(20); {
	case r < 3:
		in.Event = lifecycle.Input{Kind: pick(lifecycle.InputHoldMainOK, lifecycle.InputHoldMainFailed)}
	case r < 6:
		in.Event = lifecycle.Input{Kind: pick(lifecycle.InputJoinBreakoutOK, lifecycle.InputJoinBreakoutFailed)}
	case r < 7:
		in.Event = lifecycle.Input{Kind: pick(lifecycle.InputHangUpMainOK, lifecycle.InputHangUpMainFailed)}
	case r < 9:
		in.Event = lifecycle.Input{Kind: pick(lifecycle.InputHangUpBreakoutOK, lifecycle.InputHangUpBreakoutFailed)}
	case r < 11:
		in.Event = lifecycle.Input{Kind: pick(lifecycle.InputRejoinMainOK, lifecycle.InputRejoinMainFailed)}
	case r < 13:
		in.Event = lifecycle.Input{Kind: lifecycle.InputJoin}
	case r < 15:
		in.Event = lifecycle.Input{Kind: lifecycle.InputReturn}
	case r < 17:
		in = meeting.Input{Kind: meeting.InputOp, At: in.At, Op: meeting.Assign(organizer, who, room)}
	case r < 18:
		in = meeting.Input{Kind: meeting.InputOp, At: in.At, Op: meeting.CloseRoom(organizer, room)}
	case r < 19:
		in = meeting.Input{Kind: meeting.InputOp, At: in.At, Op: meeting.OpenRoom(organizer, room)}
	default:
		in = meeting.Input{Kind: meeting.InputTick, At: in.At}
	}
	return in
}

// add takes one input through host h, retrying it through the next hosts
// until it succeeds, and records the answer.
func (r *Result) add(t testing.TB, ctx context.Context, hosts []*meeting.Host, h int, id string, in meeting.Input, deadline time.Duration) {
	end := time.Now().Add(deadline)
	var last error
	for try := 0; time.Now().Before(end); try++ {
		host := (h + try) % len(hosts)
		a, err := hosts[host].Apply(ctx, id, in)
		r.mu.Lock()
		r.Conflicts += a.Conflicts
		if err != nil {
			r.Failures++
			r.mu.Unlock()
			if r.w.OnFailure != nil {
				r.w.OnFailure(host, err)
			}
			last = err
			if try >= len(hosts) {
				time.Sleep(10 * time.Millisecond) // every host failed: let the store come back
			}
			continue
		}
		r.taken[id] = append(r.taken[id], record{Input: in, Applied: a, Host: host})
		r.mu.Unlock()
		return
	}
	t.Errorf("input %s to %s not taken within %v: %v", in.ID, id, deadline, last)
}

// CheckExactlyOnce checks that every input was taken exactly once: in each
// meeting, the inputs' Seqs are exactly 1 to the number of inputs, and the
// meeting the store holds is the one a single in-memory meeting makes by
// taking the same inputs in the order of their Seqs (the order the store
// accepted them), with the same outcome for every input whose outcome a
// host returned. It returns how many inputs were answered as duplicates
// (retried after a lost reply).
func (r *Result) CheckExactlyOnce(t testing.TB, store meeting.Store) (duplicates int) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	ctx := context.Background()
	if len(r.taken) != r.w.Meetings {
		t.Fatalf("inputs for %d meetings, want %d", len(r.taken), r.w.Meetings)
	}
	ids := make([]string, 0, len(r.taken))
	for id := range r.taken {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		recs := slices.Clone(r.taken[id])
		slices.SortFunc(recs, func(a, b record) int { return int(a.Applied.Seq) - int(b.Applied.Seq) })
		for i, rec := range recs {
			if rec.Applied.Seq != uint64(i+1) {
				t.Fatalf("%s: the %dth input by Seq (%s) has Seq %d: an input was taken twice or lost", id, i+1, rec.Input.ID, rec.Applied.Seq)
			}
			if rec.Applied.Duplicate {
				duplicates++
			}
		}
		replay, err := meeting.New(r.w.config())
		must(t, err)
		for _, rec := range recs {
			in := rec.Input
			if in.At.Before(replay.Now()) {
				in.At = replay.Now()
			}
			got, dup := replay.Take(in)
			if got.Seq != rec.Applied.Seq || dup {
				t.Fatalf("%s: replaying %s gave Seq %d (duplicate %v), the fleet %d", id, in.ID, got.Seq, dup, rec.Applied.Seq)
			}
			if !rec.Applied.Duplicate {
				if want, have := describe(rec.Applied.Outcome), describe(got); want != have {
					t.Fatalf("%s: input %s (Seq %d): the fleet's outcome\n%s\nthe replay's\n%s", id, in.ID, got.Seq, want, have)
				}
			}
		}
		data, _, err := store.Load(ctx, id)
		must(t, err)
		want, err := replay.MarshalJSON()
		must(t, err)
		if string(data) != string(want) {
			t.Fatalf("%s: the store holds a meeting that the replay of its %d inputs does not make", id, len(recs))
		}
	}
	return duplicates
}

// describe writes an outcome one delivery a line, for comparisons.
func describe(o meeting.Outcome) string {
	var b strings.Builder
	fmt.Fprintf(&b, "seq %d", o.Seq)
	if o.Err != nil {
		fmt.Fprintf(&b, " refused: %v", o.Err)
	}
	for _, d := range o.Deliveries {
		fmt.Fprintf(&b, "\n%s %s → %s/%s %s", d.Participant, d.Input.Kind, d.Position, d.State, lifecycle.FormatEffects(d.Effects))
		if d.Err != nil {
			fmt.Fprintf(&b, " error %v", d.Err)
		}
	}
	return b.String()
}
