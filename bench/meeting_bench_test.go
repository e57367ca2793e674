package bench

import (
	"fmt"
	"math"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// The meeting-level benchmarks: the fan-out of opening every room, and a
// million participants through one cycle.

// fleetMeeting is one meeting of the fleet: an organizer (a manager), 299
// attendees and 50 rooms, and the ids to address them.
type fleetMeeting struct {
	m         *meeting.Meeting
	org       string
	attendees []string
	rooms     []string
}

// newFleetMeeting creates meeting k with its rooms and participants, nobody
// assigned, all rooms closed. Every id is the meeting's own, as in real
// meetings.
// Teams' limits: what the zero meeting.Config allows.
const teamsMaxRooms, teamsMaxParticipants = 50, 300

func newFleetMeeting(k int, now time.Time) (*fleetMeeting, error) {
	m, err := meeting.New(meeting.Config{})
	if err != nil {
		return nil, err
	}
	f := &fleetMeeting{m: m, org: "8:orgid:organizer-" + strconv.Itoa(k)}
	check := func(o meeting.Outcome) error {
		if o.Err != nil {
			return o.Err
		}
		for _, d := range o.Deliveries {
			if d.Err != nil {
				return fmt.Errorf("%s: %v", d.Participant, d.Err)
			}
		}
		return nil
	}
	if err := check(m.AddParticipant(meeting.Participant{ID: f.org, Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser}, now)); err != nil {
		return nil, err
	}
	for r := range teamsMaxRooms {
		id := "19:meeting_" + strconv.Itoa(k) + "_room_" + strconv.Itoa(r) + "@thread.v2"
		if err := check(m.Apply(meeting.CreateRoom(f.org, id, "Room "+strconv.Itoa(r+1)), now)); err != nil {
			return nil, err
		}
		f.rooms = append(f.rooms, id)
	}
	for a := range teamsMaxParticipants - 1 {
		id := "8:acs:meeting-" + strconv.Itoa(k) + "_attendee-" + strconv.Itoa(a)
		if err := check(m.AddParticipant(meeting.Participant{ID: id, Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser}, now)); err != nil {
			return nil, err
		}
		f.attendees = append(f.attendees, id)
	}
	return f, nil
}

// check fails on a refused outcome or any delivery's error.
func (f *fleetMeeting) check(o meeting.Outcome, what string) error {
	if o.Err != nil {
		return fmt.Errorf("%s: %v", what, o.Err)
	}
	for _, d := range o.Deliveries {
		if d.Err != nil {
			return fmt.Errorf("%s: %s: %v", what, d.Participant, d.Err)
		}
	}
	return nil
}

// cyclePhases are the steps of one full cycle, every attendee of every
// meeting through each before the next starts.
var cyclePhases = []string{"assign", "tick", "holdMainOK", "joinBreakoutOK", "hangUpMainOK", "closeRooms", "hangUpBreakoutOK", "rejoinMainOK"}

// runPhase drives one meeting through phase p at time now.
func (f *fleetMeeting) runPhase(p int, now time.Time) error {
	m := f.m
	outcome := func(in lifecycle.InputKind) error {
		for _, id := range f.attendees {
			if err := f.check(m.ApplyParticipant(id, lifecycle.Input{Kind: in}, now), cyclePhases[p]); err != nil {
				return err
			}
		}
		return nil
	}
	switch cyclePhases[p] {
	case "assign": // open every room (auto-move is on), then assign each attendee: R3
		if err := f.check(m.Apply(meeting.OpenAllRooms(f.org), now), "open"); err != nil {
			return err
		}
		for i, id := range f.attendees {
			if err := f.check(m.Apply(meeting.Assign(f.org, id, f.rooms[i%len(f.rooms)]), now), "assign"); err != nil {
				return err
			}
		}
	case "tick": // autoMove fires: holdMain, joinBreakout
		return f.check(m.Tick(now), "tick")
	case "holdMainOK":
		return outcome(lifecycle.InputHoldMainOK)
	case "joinBreakoutOK": // R9: in the room, hangUpMain; the room's settings follow
		return outcome(lifecycle.InputJoinBreakoutOK)
	case "hangUpMainOK":
		return outcome(lifecycle.InputHangUpMainOK)
	case "closeRooms": // R12: hangUpBreakout, rejoinMain
		return f.check(m.Apply(meeting.CloseAllRooms(f.org), now), "close")
	case "hangUpBreakoutOK":
		return outcome(lifecycle.InputHangUpBreakoutOK)
	case "rejoinMainOK": // R18: back in the main meeting, the closed room still assigned
		return outcome(lifecycle.InputRejoinMainOK)
	}
	return nil
}

// phaseTime is when phase p happens: the tick autoMoveDelay after the
// assignments, every other phase a second after the one before.
func phaseTime(t0 time.Time, p int) time.Time {
	t := t0.Add(time.Duration(p) * time.Second)
	if p >= 1 {
		t = t.Add(lifecycle.DefaultAutoMoveDelay)
	}
	return t
}

// checkCycled checks that every attendee went round: back in the main meeting
// with its closed room assigned.
func (f *fleetMeeting) checkCycled() error {
	for _, id := range f.attendees {
		info, _ := f.m.Participant(id)
		if info.Position != lifecycle.PositionAssigned || info.InRoom != "" {
			return fmt.Errorf("%s: position %v after the cycle", id, info.Position)
		}
	}
	return f.m.CheckInvariants()
}

// TestFleetCycle runs the million-participant cycle on three meetings and
// checks where everyone ends up.
func TestFleetCycle(t *testing.T) {
	var fleet []*fleetMeeting
	for k := range 3 {
		f, err := newFleetMeeting(k, Start)
		if err != nil {
			t.Fatal(err)
		}
		fleet = append(fleet, f)
	}
	t0 := Start.Add(time.Second)
	for p := range cyclePhases {
		for _, f := range fleet {
			if err := f.runPhase(p, phaseTime(t0, p)); err != nil {
				t.Fatal(err)
			}
			if cyclePhases[p] == "hangUpMainOK" {
				for _, id := range f.attendees[:5] {
					if info, _ := f.m.Participant(id); info.Position != lifecycle.PositionInRoom {
						t.Fatalf("%s: %v before the rooms close", id, info.Position)
					}
				}
			}
		}
	}
	for _, f := range fleet {
		if err := f.checkCycled(); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkFanOut opens all 50 rooms of a meeting of 300 participants (an
// organizer and 299 attendees, each assigned, auto-move on, a 30-minute
// limit): one organizer operation, every participant's machine given its
// event and every delivery's effects copied into the outcome. Closing the
// rooms again between ops is not timed.
func BenchmarkFanOut(b *testing.B) {
	now := Start
	f, err := newFleetMeeting(0, now)
	if err != nil {
		b.Fatal(err)
	}
	m := f.m
	for i, id := range f.attendees {
		if err := f.check(m.Apply(meeting.Assign(f.org, id, f.rooms[i%len(f.rooms)]), now), "assign"); err != nil {
			b.Fatal(err)
		}
	}
	if err := f.check(m.Apply(meeting.SetTimeLimit(f.org, 30*time.Minute), now), "limit"); err != nil {
		b.Fatal(err)
	}
	deliveries := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		now = now.Add(time.Second)
		if err := f.check(m.Apply(meeting.CloseAllRooms(f.org), now), "close"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		o := m.Apply(meeting.OpenAllRooms(f.org), now)
		b.StopTimer()
		if err := f.check(o, "open"); err != nil {
			b.Fatal(err)
		}
		deliveries = len(o.Deliveries)
		b.StartTimer()
	}
	b.StopTimer()
	if deliveries != teamsMaxParticipants { // 299 assignments and the organizer's room list
		b.Fatalf("%d deliveries", deliveries)
	}
	b.ReportMetric(float64(deliveries), "deliveries/op")
}

// millionParticipants is how many participants BenchmarkMillion holds: whole
// meetings of 300, at least a million.
const millionParticipants = 1_000_000

// BenchmarkMillion holds a million participants (3,334 meetings of 300) in
// memory and drives every attendee through one full cycle: assigned an open
// auto-move room, the autoMove tick, holdMain ok, joinBreakout ok, hangUpMain
// ok, the rooms close, hangUpBreakout ok, rejoinMain ok. Each phase runs over
// every meeting before the next starts, so all the machines are live
// throughout. Metrics: peak-heap-MB is the largest heap in use (live objects
// and garbage not yet collected, sampled every 2 ms from runtime/metrics),
// live-heap-MB the heap after a full GC once the cycle is done (MB = 10^6
// bytes), live-B/participant that divided by the participants. One op is
// building the fleet and the cycle.
func BenchmarkMillion(b *testing.B) {
	if testing.Short() {
		b.Skip("a million participants: not with -short")
	}
	meetings := int(math.Ceil(float64(millionParticipants) / teamsMaxParticipants))
	participants := meetings * teamsMaxParticipants
	var peak, live float64
	var cycle time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		stop := sampleHeapPeak()
		b.StartTimer()

		fleet := make([]*fleetMeeting, meetings)
		for k := range fleet {
			f, err := newFleetMeeting(k, Start)
			if err != nil {
				b.Fatal(err)
			}
			fleet[k] = f
		}
		started := time.Now()
		t0 := Start.Add(time.Second)
		for p := range cyclePhases {
			now := phaseTime(t0, p)
			for _, f := range fleet {
				if err := f.runPhase(p, now); err != nil {
					b.Fatal(err)
				}
			}
		}
		cycle += time.Since(started)

		b.StopTimer()
		peakBytes := stop()
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		for _, k := range []int{0, meetings / 2, meetings - 1} {
			if err := fleet[k].checkCycled(); err != nil {
				b.Fatal(err)
			}
		}
		runtime.KeepAlive(fleet)
		peak = max(peak, float64(peakBytes-base.HeapAlloc))
		live += float64(after.HeapAlloc - base.HeapAlloc)
		b.StartTimer()
	}
	b.StopTimer()
	live /= float64(b.N)
	b.ReportMetric(float64(participants), "participants")
	b.ReportMetric(peak/1e6, "peak-heap-MB")
	b.ReportMetric(live/1e6, "live-heap-MB")
	b.ReportMetric(live/float64(participants), "live-B/participant")
	b.ReportMetric(float64(cycle.Nanoseconds())/float64(b.N)/float64(participants), "cycle-ns/participant")
}

// sampleHeapPeak samples the heap in use (runtime/metrics
// /memory/classes/heap/objects:bytes: live objects and garbage not yet
// swept) every 2 ms until the returned function is called, which returns the
// largest value seen.
func sampleHeapPeak() func() uint64 {
	const name = "/memory/classes/heap/objects:bytes"
	sample := []metrics.Sample{{Name: name}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	var mu sync.Mutex
	peak := read()
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				v := read()
				mu.Lock()
				peak = max(peak, v)
				mu.Unlock()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		v := read()
		mu.Lock()
		defer mu.Unlock()
		return max(peak, v)
	}
}
