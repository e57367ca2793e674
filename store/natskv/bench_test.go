package natskv_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting/meetingtest"
)

// BenchmarkCompareAndSet is one compare-and-set round trip to an in-process
// server over loopback: Update of a meeting on the revision just written,
// for a value of the size of the workload's meetings (6 participants) and
// of the largest meeting (300 participants, 50 rooms, ~330 KiB).
func BenchmarkCompareAndSet(b *testing.B) {
	for _, size := range []int{8 << 10, 330 << 10} {
		b.Run(fmt.Sprintf("value=%dKiB", size>>10), func(b *testing.B) {
			srv, _ := startServer(b)
			s := open(b, connect(b, srv.ClientURL()), "")
			ctx := context.Background()
			rec := meeting.Record{Snapshot: make([]byte, size), Due: t0}
			rev, err := s.Create(ctx, "m", rec)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size))
			b.ResetTimer()
			for range b.N {
				if rev, err = s.Update(ctx, "m", rec, rev); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoad is one Load round trip, for the same two sizes.
func BenchmarkLoad(b *testing.B) {
	for _, size := range []int{8 << 10, 330 << 10} {
		b.Run(fmt.Sprintf("value=%dKiB", size>>10), func(b *testing.B) {
			srv, _ := startServer(b)
			s := open(b, connect(b, srv.ClientURL()), "")
			ctx := context.Background()
			if _, err := s.Create(ctx, "m", meeting.Record{Snapshot: make([]byte, size)}); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size))
			b.ResetTimer()
			for range b.N {
				if _, _, err := s.Load(ctx, "m"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkInputs runs the workload of the exactly-once test (meetings of
// an organizer and 5 attendees in 3 rooms, inputs in a random order) through
// 1 and 3 hosts, each on its own connection with 8 goroutines, over 100
// meetings: inputs/s is the inputs taken and written per second of the
// run, conflicts/input the compare-and-set conflicts retried per input.
func BenchmarkInputs(b *testing.B) {
	for _, n := range []int{1, 3} {
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) {
			srv, _ := startServer(b)
			f := newFleet(b, srv.ClientURL(), n)
			w := meetingtest.Workload{Meetings: 100, Attendees: 5, Rooms: 3, Goroutines: 8, Inputs: max(b.N, 1), Seed: 17}
			b.ResetTimer()
			res := w.Run(b, f.hosts)
			b.StopTimer()
			b.ReportMetric(float64(w.Inputs)/res.Elapsed.Seconds(), "inputs/s")
			b.ReportMetric(float64(res.Conflicts)/float64(w.Inputs), "conflicts/input")
		})
	}
}
