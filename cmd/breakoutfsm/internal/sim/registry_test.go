package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// driver plays the hosts of one meeting's participants from inside
// registry.do: it is only touched under the meeting's lock.
type driver struct {
	ids      []string // participants, the organizer first
	threads  []string
	inflight map[string][]lifecycle.Effect
	inputs   []int // the test's numbers of the inputs this meeting took, in order
}

func (d *driver) observe(o meeting.Outcome) {
	for _, dl := range o.Deliveries {
		if dl.Position == lifecycle.PositionLeft {
			delete(d.inflight, dl.Participant)
			continue
		}
		for _, e := range dl.Effects {
			if e.Kind.IsCall() {
				d.inflight[dl.Participant] = append(d.inflight[dl.Participant], e)
			}
		}
	}
}

// step gives the meeting one input, drawn from rng: an organizer operation
// (now and then by an attendee), a participant's action, the outcome of an
// effect in flight, a tick, someone leaving or joining again.
func (d *driver) step(m *meeting.Meeting, rng *rand.Rand) meeting.Outcome {
	now := m.Now().Add(time.Duration(rng.IntN(2000)) * time.Millisecond)
	org := d.ids[0]
	anyone := func() string { return d.ids[rng.IntN(len(d.ids))] }
	room := func() string { return d.threads[rng.IntN(len(d.threads))] }
	switch n := rng.IntN(100); {
	case n < 15:
		var op meeting.Op
		switch rng.IntN(10) {
		case 0, 1, 2:
			op = meeting.Assign(org, anyone(), room())
		case 3:
			op = meeting.Unassign(org, anyone())
		case 4:
			op = meeting.OpenRoom(org, room())
		case 5:
			op = meeting.CloseRoom(org, room())
		case 6:
			op = []meeting.Op{meeting.OpenAllRooms(org), meeting.CloseAllRooms(org)}[rng.IntN(2)]
		case 7:
			op = meeting.SetAutoMove(org, rng.IntN(4) != 0)
		case 8:
			op = []meeting.Op{meeting.SetParticipantsCanReturn(org, rng.IntN(2) == 0), meeting.SetTimeLimit(org, time.Duration(rng.IntN(4))*time.Minute)}[rng.IntN(2)]
		default:
			th := room()
			op = []meeting.Op{meeting.RemoveRoom(org, th), meeting.CreateRoom(org, th, "Room "+th)}[rng.IntN(2)]
		}
		return m.Apply(op, now)
	case n < 18:
		return m.Apply(meeting.OpenAllRooms(d.ids[1+rng.IntN(len(d.ids)-1)]), now) // refused: an attendee
	case n < 63:
		var busy []string
		for _, id := range d.ids {
			if len(d.inflight[id]) > 0 {
				busy = append(busy, id)
			}
		}
		if len(busy) > 0 {
			id := busy[rng.IntN(len(busy))]
			e := d.inflight[id][0]
			d.inflight[id] = d.inflight[id][1:]
			return m.ApplyParticipant(id, callOutcome(e, rng.IntN(10) != 0), now)
		}
		fallthrough
	case n < 75:
		if due, ok := m.NextDue(); ok && due.After(now) && rng.IntN(2) == 0 {
			now = due
		}
		return m.Tick(now)
	case n < 97:
		k := []lifecycle.InputKind{lifecycle.InputJoin, lifecycle.InputReturn, lifecycle.InputHangUpBreakout, lifecycle.InputResumeMain}[rng.IntN(4)]
		return m.ApplyParticipant(anyone(), lifecycle.Input{Kind: k}, now)
	default:
		id := d.ids[1+rng.IntN(len(d.ids)-1)]
		if p, _ := m.Participant(id); p.Left {
			return m.AddParticipant(meeting.Participant{ID: id, Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser}, now)
		}
		return m.ApplyParticipant(id, lifecycle.Input{Kind: lifecycle.InputLeaveMeeting}, now)
	}
}

// TestSection6_RegistryRace drives 100 meetings from 8 goroutines with
// 100,000 mixed inputs. Afterwards every input's outcome is accounted for
// exactly once (each meeting numbered its outcomes 1, 2, 3, … with no gap or
// repeat, and they are exactly the inputs given to it), every invariant of
// §6 holds, and still holds once every meeting has ended. Run it with -race.
func TestSection6_RegistryRace(t *testing.T) {
	const meetings, workers, inputs = 100, 8, 100_000
	reg := newRegistry()
	drivers := make([]*driver, meetings)
	setupInputs := make([]uint64, meetings)
	meetingID := func(k int) string { return fmt.Sprintf("meeting-%03d", k) }

	for k := range meetings {
		require.NoError(t, reg.create(meetingID(k), meeting.Config{}))
		d := &driver{ids: []string{"8:orgid:organizer"}, threads: []string{"19:a", "19:b", "19:c"}, inflight: map[string][]lifecycle.Effect{}}
		for n := range 7 {
			d.ids = append(d.ids, fmt.Sprintf("8:acs:m%d-p%d", k, n))
		}
		drivers[k] = d
		require.NoError(t, reg.do(meetingID(k), func(m *meeting.Meeting) {
			must := func(o meeting.Outcome) {
				require.Nil(t, o.Err)
				d.observe(o)
				setupInputs[k] = o.Seq // the Seq of the set-up's last input
			}
			must(m.AddParticipant(meeting.Participant{ID: d.ids[0], Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser}, Start))
			for _, id := range d.ids[1:] {
				must(m.AddParticipant(meeting.Participant{ID: id, Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser}, Start))
			}
			for _, th := range d.threads {
				must(m.Apply(meeting.CreateRoom(d.ids[0], th, "Room "+th), Start))
			}
			for n, id := range d.ids[1:] {
				must(m.Apply(meeting.Assign(d.ids[0], id, d.threads[n%len(d.threads)]), Start))
			}
		}))
	}
	assert.Equal(t, meetings, len(reg.ids()))
	assert.Error(t, reg.create(meetingID(0), meeting.Config{}), "a meeting id is held once")
	assert.ErrorIs(t, reg.do("no such meeting", func(*meeting.Meeting) {}), errUnknownMeeting)

	type result struct {
		meeting, input int
		seq            uint64
		refused        bool
		deliveries     int
		inRoom         int // deliveries that left a participant in a room
	}
	results := make([][]result, workers)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(2026, uint64(w)))
			for i := range inputs / workers {
				input := w*(inputs/workers) + i
				k := rng.IntN(meetings)
				err := reg.do(meetingID(k), func(m *meeting.Meeting) {
					d := drivers[k]
					o := d.step(m, rng)
					d.observe(o)
					d.inputs = append(d.inputs, input)
					r := result{meeting: k, input: input, seq: o.Seq, refused: o.Err != nil, deliveries: len(o.Deliveries)}
					for _, dl := range o.Deliveries {
						if dl.Position == lifecycle.PositionInRoom {
							r.inRoom++
						}
					}
					results[w] = append(results[w], r)
					if len(d.inputs)%64 == 0 {
						if err := m.CheckInvariants(); err != nil {
							t.Errorf("%s after input %d: %v", meetingID(k), input, err)
						}
					}
				})
				if err != nil {
					t.Errorf("input %d: %v", input, err)
					return
				}
			}
		})
	}
	wg.Wait()
	t.Logf("%d inputs from %d goroutines over %d meetings in %v", inputs, workers, meetings, time.Since(start))

	// Every input has one outcome, and each meeting's outcomes are numbered
	// without gap or repeat after its setup.
	seen := make([]int, inputs)
	seqs := make([][]uint64, meetings)
	total, refused, delivered, inRoom := 0, 0, 0, 0
	for _, rs := range results {
		total += len(rs)
		for _, r := range rs {
			delivered += r.deliveries
			inRoom += r.inRoom
			if r.refused {
				refused++
			}
			seen[r.input]++
			seqs[r.meeting] = append(seqs[r.meeting], r.seq)
		}
	}
	assert.Equal(t, inputs, total)
	t.Logf("%d inputs refused by the meetings, %d deliveries to participants, %d of them in a room", refused, delivered, inRoom)
	assert.Positive(t, inRoom, "participants get into rooms")
	assert.Less(t, refused, inputs/4, "most inputs are taken")
	for i, n := range seen {
		if n != 1 {
			t.Errorf("input %d has %d outcomes", i, n)
		}
	}
	taken := 0
	for k := range meetings {
		d := drivers[k]
		taken += len(d.inputs)
		slices.Sort(seqs[k])
		for i, s := range seqs[k] {
			if s != setupInputs[k]+uint64(i)+1 {
				t.Fatalf("%s: outcome %d numbered %d, want %d", meetingID(k), i, s, setupInputs[k]+uint64(i)+1)
			}
		}
		require.NoError(t, reg.do(meetingID(k), func(m *meeting.Meeting) {
			assert.NoError(t, m.CheckInvariants())
			end := m.End(m.Now())
			require.Nil(t, end.Err)
			assert.Equal(t, setupInputs[k]+uint64(len(d.inputs))+1, end.Seq, "%s: the end is the input after every other", meetingID(k))
			assert.NoError(t, m.CheckInvariants())
			for _, r := range m.Rooms() {
				assert.False(t, r.Open, "%s: room %s outlives the main meeting", meetingID(k), r.ThreadID)
			}
		}))
	}
	assert.Equal(t, inputs, taken)

	assert.True(t, reg.remove(meetingID(7)))
	assert.False(t, reg.remove(meetingID(7)))
	assert.ErrorIs(t, reg.do(meetingID(7), func(*meeting.Meeting) {}), errUnknownMeeting)
	assert.Len(t, reg.ids(), meetings-1)
}

// callOutcome is the outcome input answering a call effect.
func callOutcome(e lifecycle.Effect, ok bool) lifecycle.Input {
	pick := func(yes, no lifecycle.InputKind) lifecycle.InputKind {
		if ok {
			return yes
		}
		return no
	}
	switch e.Kind {
	case lifecycle.EffectHoldMain:
		return lifecycle.Input{Kind: pick(lifecycle.InputHoldMainOK, lifecycle.InputHoldMainFailed)}
	case lifecycle.EffectJoinBreakout:
		return lifecycle.Input{Kind: pick(lifecycle.InputJoinBreakoutOK, lifecycle.InputJoinBreakoutFailed), ThreadID: e.ThreadID}
	case lifecycle.EffectHangUpMain:
		return lifecycle.Input{Kind: pick(lifecycle.InputHangUpMainOK, lifecycle.InputHangUpMainFailed)}
	case lifecycle.EffectHangUpBreakout:
		return lifecycle.Input{Kind: pick(lifecycle.InputHangUpBreakoutOK, lifecycle.InputHangUpBreakoutFailed), ThreadID: e.ThreadID}
	case lifecycle.EffectResumeMain:
		return lifecycle.Input{Kind: pick(lifecycle.InputResumeMainOK, lifecycle.InputResumeMainFailed)}
	case lifecycle.EffectRejoinMain:
		return lifecycle.Input{Kind: pick(lifecycle.InputRejoinMainOK, lifecycle.InputRejoinMainFailed)}
	}
	panic("not a call effect: " + e.Kind.String())
}
