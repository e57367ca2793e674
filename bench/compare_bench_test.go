package bench

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// The benchmarks every implementation runs. Each is a sub-benchmark per
// implementation: breakoutfsm, looplab, stateless, floor. Each calls the
// implementation's own API (no interface in between).

// benchNow is the time of the breakoutfsm inputs that do not need a clock.
var benchNow = Start.Add(time.Hour)

// Sinks keep results alive so that the compiler cannot drop the work.
var (
	sinkMachine   *lifecycle.Machine
	sinkLooplab   *Looplab
	sinkStateless *Stateless
	sinkFloor     *Floor
)

// BenchmarkLegal is one legal transition: an open room without auto-move is
// assigned (main -> assigned, R4), then unassigned (assigned -> main, R8),
// alternately. One op is one input.
func BenchmarkLegal(b *testing.B) {
	ins := [2]Input{InAssignOpenPrompt, InUnassign}
	b.Run("breakoutfsm", func(b *testing.B) {
		m, _ := lifecycle.New(lifecycle.DefaultConfig())
		lins := [2]lifecycle.Input{LifecycleInputs[ins[0]], LifecycleInputs[ins[1]]}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := m.Apply(&lins[i&1], benchNow); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("looplab", func(b *testing.B) {
		p := NewLooplab()
		ctx := context.Background()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, r := p.Apply(ctx, ins[i&1]); r != RefuseNone {
				b.Fatal(r)
			}
		}
	})
	b.Run("stateless", func(b *testing.B) {
		p := NewStateless()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, r := p.Apply(ins[i&1]); r != RefuseNone {
				b.Fatal(r)
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		p := NewFloor()
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, r := p.Apply(ins[i&1]); r != RefuseNone {
				b.Fatal(r)
			}
		}
	})
}

// BenchmarkRefused is one refused input: returnToMainMeeting in a room whose
// settings do not allow a return (R15, returnDisabled).
func BenchmarkRefused(b *testing.B) {
	b.Run("breakoutfsm", func(b *testing.B) {
		p := NewBreakout()
		for _, in := range toInRoom {
			p.Step(in)
		}
		in, now := LifecycleInputs[InReturn], p.Now
		b.ReportAllocs()
		for b.Loop() {
			if r, _ := p.M.Apply(&in, now); !r.Refused {
				b.Fatal("accepted")
			}
		}
	})
	b.Run("looplab", func(b *testing.B) {
		p := NewLooplab()
		ctx := context.Background()
		for _, in := range toInRoom {
			p.Apply(ctx, in)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, r := p.Apply(ctx, InReturn); r != RefuseReturnDisabled {
				b.Fatal(r)
			}
		}
	})
	b.Run("stateless", func(b *testing.B) {
		p := NewStateless()
		for _, in := range toInRoom {
			p.Apply(in)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, r := p.Apply(InReturn); r != RefuseReturnDisabled {
				b.Fatal(r)
			}
		}
	})
	b.Run("floor", func(b *testing.B) {
		p := NewFloor()
		for _, in := range toInRoom {
			p.Apply(in)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, r := p.Apply(InReturn); r != RefuseReturnDisabled {
				b.Fatal(r)
			}
		}
	})
}

// BenchmarkCreate creates one participant, ready for its first input.
func BenchmarkCreate(b *testing.B) {
	b.Run("breakoutfsm", func(b *testing.B) {
		cfg := lifecycle.DefaultConfig()
		b.ReportAllocs()
		for b.Loop() {
			m, err := lifecycle.New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			sinkMachine = m
		}
	})
	b.Run("looplab", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkLooplab = NewLooplab()
		}
	})
	b.Run("stateless", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkStateless = NewStateless()
		}
	})
	b.Run("floor", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkFloor = NewFloor()
		}
	})
}

// heapParticipants is how many participants BenchmarkHeap holds.
const heapParticipants = 100_000

// BenchmarkHeap measures the live heap each participant holds: 100,000
// participants are created and each is assigned an open room with auto-move
// (one accepted input: position assigned, the autoMove timer pending), then
// the heap in use after a full GC, minus the heap before, is divided by the
// number of participants (metric B/participant). The slice that holds them
// is allocated before the first measurement and does not count. One op
// creates and primes the 100,000.
//
// breakoutfsm is driven as a host holding many participants drives it:
// ApplyTo with one effect buffer for all of them (the meeting package does
// the same). breakoutfsm-apply uses Apply instead, which keeps an effect
// buffer in every machine: it shows what that buffer costs.
func BenchmarkHeap(b *testing.B) {
	b.Run("breakoutfsm", func(b *testing.B) {
		cfg, in := lifecycle.DefaultConfig(), LifecycleInputs[InAssignOpenAuto]
		var buf []lifecycle.Effect
		heapPerParticipant(b, func() *lifecycle.Machine {
			m, _ := lifecycle.New(cfg)
			r, err := m.ApplyTo(buf, &in, benchNow)
			if err != nil {
				b.Fatal(err)
			}
			buf = r.Effects
			return m
		})
	})
	b.Run("breakoutfsm-apply", func(b *testing.B) {
		cfg, in := lifecycle.DefaultConfig(), LifecycleInputs[InAssignOpenAuto]
		heapPerParticipant(b, func() *lifecycle.Machine {
			m, _ := lifecycle.New(cfg)
			if _, err := m.Apply(&in, benchNow); err != nil {
				b.Fatal(err)
			}
			return m
		})
	})
	b.Run("looplab", func(b *testing.B) {
		ctx := context.Background()
		heapPerParticipant(b, func() *Looplab {
			p := NewLooplab()
			p.Apply(ctx, InAssignOpenAuto)
			return p
		})
	})
	b.Run("stateless", func(b *testing.B) {
		heapPerParticipant(b, func() *Stateless {
			p := NewStateless()
			p.Apply(InAssignOpenAuto)
			return p
		})
	})
	b.Run("floor", func(b *testing.B) {
		heapPerParticipant(b, func() *Floor {
			p := NewFloor()
			p.Apply(InAssignOpenAuto)
			return p
		})
	})
}

func heapPerParticipant[T any](b *testing.B, create func() T) {
	held := make([]T, heapParticipants)
	var total float64
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		clear(held)
		runtime.GC()
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b.StartTimer()
		for k := range held {
			held[k] = create()
		}
		b.StopTimer()
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(held)
		total += float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / heapParticipants
		b.StartTimer()
	}
	b.StopTimer()
	clear(held)
	b.ReportMetric(total/float64(b.N), "B/participant")
}

// BenchmarkParallel is the legal transition of BenchmarkLegal on independent
// participants, one per goroutine (b.RunParallel): run with -cpu 1,2, the
// ratio of the two ns/op is the speed-up from one core to two.
func BenchmarkParallel(b *testing.B) {
	ins := [2]Input{InAssignOpenPrompt, InUnassign}
	b.Run("breakoutfsm", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			m, _ := lifecycle.New(lifecycle.DefaultConfig())
			lins := [2]lifecycle.Input{LifecycleInputs[ins[0]], LifecycleInputs[ins[1]]}
			for i := 0; pb.Next(); i++ {
				if _, err := m.Apply(&lins[i&1], benchNow); err != nil {
					panic(err)
				}
			}
		})
	})
	b.Run("looplab", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			p, ctx := NewLooplab(), context.Background()
			for i := 0; pb.Next(); i++ {
				if _, r := p.Apply(ctx, ins[i&1]); r != RefuseNone {
					panic(r)
				}
			}
		})
	})
	b.Run("stateless", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			p := NewStateless()
			for i := 0; pb.Next(); i++ {
				if _, r := p.Apply(ins[i&1]); r != RefuseNone {
					panic(r)
				}
			}
		})
	})
	b.Run("floor", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			p := NewFloor()
			for i := 0; pb.Next(); i++ {
				if _, r := p.Apply(ins[i&1]); r != RefuseNone {
					panic(r)
				}
			}
		})
	})
}
