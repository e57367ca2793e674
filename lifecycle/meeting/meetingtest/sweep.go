package meetingtest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// CheckSweep sets up meetings whose rooms open with auto-move and a time
// limit (so that every attendee's autoMove timer falls due three seconds
// later and every room's time limit runs out after a minute), then has all
// the hosts sweep at once, second after second, for two minutes. Every due
// timer must fire once, through exactly one host: each meeting's ticks,
// taken from all the hosts' sweeps, must be the ticks one host sweeping
// alone over an in-memory store takes, with the same outcomes, and in each
// second a due meeting is ticked by one host only. It returns how many
// ticks fired.
func CheckSweep(t testing.TB, hosts []*meeting.Host, meetings int) int {
	t.Helper()
	ctx := context.Background()
	w := Workload{Meetings: meetings, Attendees: 4, Rooms: 2}
	ref := meeting.NewHost(meeting.NewMemStore(), meeting.HostConfig{})
	for i := range meetings {
		id := fmt.Sprintf("swept-%03d", i)
		must(t, hosts[0].Create(ctx, id, w.config()))
		must(t, ref.Create(ctx, id, w.config()))
		n := 0
		at := func() time.Time { return start }
		ins := w.setUp(at)
		ins = slices.Insert(ins, len(ins)-1, meeting.Input{Kind: meeting.InputOp, At: start, Op: meeting.SetTimeLimit(organizer, time.Minute)})
		for _, in := range ins {
			n++
			in.ID = fmt.Sprintf("setup-%d", n)
			if _, err := hosts[n%len(hosts)].Apply(ctx, id, in); err != nil {
				t.Fatal(err)
			}
			if _, err := ref.Apply(ctx, id, in); err != nil {
				t.Fatal(err)
			}
		}
	}

	type tick struct {
		round int
		host  int
		a     meeting.Applied
	}
	fleet := map[string][]tick{}
	alone := map[string][]tick{}
	var mu sync.Mutex
	fired := 0
	for round := 1; round <= 120; round++ {
		now := start.Add(time.Duration(round) * time.Second)
		var wg sync.WaitGroup
		errs := make([]error, len(hosts))
		for h, host := range hosts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				swept, err := host.Sweep(ctx, now)
				errs[h] = err
				mu.Lock()
				for _, a := range swept {
					fleet[a.Meeting] = append(fleet[a.Meeting], tick{round, h, a})
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		for _, err := range errs {
			must(t, err)
		}
		swept, err := ref.Sweep(ctx, now)
		must(t, err)
		for _, a := range swept {
			alone[a.Meeting] = append(alone[a.Meeting], tick{round, 0, a})
		}
	}
	if len(alone) != meetings {
		t.Fatalf("one host alone ticked %d meetings of %d: the set-up has no timers", len(alone), meetings)
	}
	for id, want := range alone {
		got := fleet[id]
		slices.SortFunc(got, func(a, b tick) int { return int(a.a.Seq) - int(b.a.Seq) })
		if len(got) != len(want) {
			t.Fatalf("%s: the hosts fired %d ticks, one host alone %d", id, len(got), len(want))
		}
		for k := range want {
			if got[k].round != want[k].round {
				t.Fatalf("%s: tick %d fired in second %d, alone in second %d", id, k, got[k].round, want[k].round)
			}
			if k > 0 && got[k].round == got[k-1].round {
				t.Fatalf("%s: two ticks in second %d (hosts %d and %d)", id, got[k].round, got[k-1].host, got[k].host)
			}
			if g, w := describe(got[k].a.Outcome), describe(want[k].a.Outcome); g != w {
				t.Fatalf("%s: tick %d:\n%s\nalone:\n%s", id, k, g, w)
			}
		}
		fired += len(got)
	}
	return fired
}
