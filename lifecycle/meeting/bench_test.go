package meeting_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// BenchmarkOpenAllRoomsFanOut opens all 50 rooms of a meeting of 300
// participants (an organizer and 299 attendees spread over the rooms) with
// auto-move and a time limit: the fan-out of one organizer operation, every
// participant's effects computed and copied into the outcome. Closing the
// rooms again between iterations is not timed.
func BenchmarkOpenAllRoomsFanOut(b *testing.B) {
	m, err := meeting.New(meeting.Config{})
	if err != nil {
		b.Fatal(err)
	}
	now := t0
	must := func(o meeting.Outcome) meeting.Outcome {
		if o.Err != nil {
			b.Fatal(o.Err)
		}
		return o
	}
	must(m.AddParticipant(meeting.Participant{ID: org, Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser}, now))
	for k := range meeting.DefaultMaxRooms {
		must(m.Apply(meeting.CreateRoom(org, roomID(k), fmt.Sprintf("Room %d", k)), now))
	}
	for n := range meeting.DefaultMaxParticipants - 1 {
		must(m.AddParticipant(meeting.Participant{ID: attendeeID(n), Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser}, now))
		must(m.Apply(meeting.Assign(org, attendeeID(n), roomID(n%meeting.DefaultMaxRooms)), now))
	}
	must(m.Apply(meeting.SetTimeLimit(org, 30*time.Minute), now))

	var deliveries, effects int
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		now = now.Add(time.Second)
		must(m.Apply(meeting.CloseAllRooms(org), now))
		b.StartTimer()

		o := must(m.Apply(meeting.OpenAllRooms(org), now))

		b.StopTimer()
		deliveries = len(o.Deliveries)
		effects = 0
		for _, d := range o.Deliveries {
			effects += len(d.Effects)
		}
		b.StartTimer()
	}
	b.StopTimer()
	if deliveries != meeting.DefaultMaxParticipants { // 299 assignments and the organizer's room list
		b.Fatalf("%d deliveries", deliveries)
	}
	b.ReportMetric(float64(deliveries), "deliveries/op")
	b.ReportMetric(float64(effects), "effects/op")
	if err := m.CheckInvariants(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkInvariantsPerInput measures the invariant check after one input,
// in meetings of 300, 3,000 and 30,000 participants (an organizer and
// attendees spread over 50 open rooms without auto-move, returns allowed).
// Every op is one input and its check. The participants take turns, in
// join order, each for a whole round: from assigned, the user joins, the
// host answers each call effect in flight (hold, join, hang up the main
// call), the user returns, the host answers again (hang up the room's call,
// rejoin the main call), and the participant is assigned again, with
// nothing in flight; then the next one's turn. So every meeting size gets
// the same inputs in the same proportions. check=last is CheckLastInput (what
// the simulator runs after every input), check=full CheckInvariants (the
// whole meeting). check-ns/input is the check alone (timed around each
// call), ns/op the input and its check.
//
// To build the big meetings quickly, everyone joins, leaves and is
// assigned while away, then joins again (a participant who comes back
// receives its assignment at once): assigning 30,000 participants present
// would deliver every room's new invitee list to all its members each time,
// minutes of set-up that the measurement does not need.
func BenchmarkInvariantsPerInput(b *testing.B) {
	for _, n := range []int{300, 3000, 30000} {
		for _, mode := range []string{"last", "full"} {
			b.Run(fmt.Sprintf("participants=%d/check=%s", n, mode), func(b *testing.B) {
				benchInvariants(b, n, mode == "full")
			})
		}
	}
}

func benchInvariants(b *testing.B, n int, full bool) {
	const rooms = 50
	m, err := meeting.New(meeting.Config{MaxRooms: rooms, MaxParticipants: n})
	if err != nil {
		b.Fatal(err)
	}
	now := t0
	must := func(o meeting.Outcome) meeting.Outcome {
		b.Helper()
		if o.Err != nil {
			b.Fatal(o.Err)
		}
		return o
	}
	must(m.AddParticipant(meeting.Participant{ID: org, Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser}, now))
	must(m.Apply(meeting.SetAutoMove(org, false), now))
	must(m.Apply(meeting.SetParticipantsCanReturn(org, true), now))
	for k := range rooms {
		must(m.Apply(meeting.CreateRoom(org, roomID(k), fmt.Sprintf("Room %d", k)), now))
	}
	ids := make([]string, n-1)
	for i := range ids {
		ids[i] = attendeeID(i)
		p := meeting.Participant{ID: ids[i], Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser}
		must(m.AddParticipant(p, now))
		must(m.ApplyParticipant(ids[i], lifecycle.Input{Kind: lifecycle.InputLeaveMeeting}, now))
		must(m.Apply(meeting.Assign(org, ids[i], roomID(i%rooms)), now))
	}
	must(m.Apply(meeting.OpenAllRooms(org), now))
	for _, id := range ids {
		must(m.AddParticipant(meeting.Participant{ID: id, Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser}, now))
	}
	if err := m.CheckInvariants(); err != nil {
		b.Fatal(err)
	}

	var inflight []lifecycle.Effect
	var checking time.Duration
	k, started := 0, false
	b.ResetTimer()
	for range b.N {
		now = now.Add(time.Millisecond)
		var in lifecycle.Input
		info, _ := m.Participant(ids[k])
		switch {
		case len(inflight) > 0:
			in = answered(inflight[0])
			inflight = inflight[1:]
		case info.Position == lifecycle.PositionInRoom:
			in.Kind = lifecycle.InputReturn
		case info.Position == lifecycle.PositionAssigned && started:
			k, started = (k+1)%len(ids), false // its round is done
			fallthrough
		default:
			in.Kind = lifecycle.InputJoin
			started = true
		}
		o := must(m.ApplyParticipant(ids[k], in, now))
		for _, d := range o.Deliveries {
			if d.Err != nil {
				b.Fatalf("%s: %v", in.Kind, d.Err)
			}
			for _, e := range d.Effects {
				if e.Kind.IsCall() {
					inflight = append(inflight, e)
				}
			}
		}
		start := time.Now()
		if full {
			err = m.CheckInvariants()
		} else {
			err = m.CheckLastInput()
		}
		checking += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(checking.Nanoseconds())/float64(b.N), "check-ns/input")
}

// answered is the successful outcome of a call effect.
func answered(e lifecycle.Effect) lifecycle.Input {
	in := lifecycle.Input{ThreadID: e.ThreadID}
	switch e.Kind {
	case lifecycle.EffectHoldMain:
		in.Kind = lifecycle.InputHoldMainOK
	case lifecycle.EffectJoinBreakout:
		in.Kind = lifecycle.InputJoinBreakoutOK
	case lifecycle.EffectHangUpMain:
		in.Kind = lifecycle.InputHangUpMainOK
	case lifecycle.EffectHangUpBreakout:
		in.Kind = lifecycle.InputHangUpBreakoutOK
	case lifecycle.EffectResumeMain:
		in.Kind = lifecycle.InputResumeMainOK
	case lifecycle.EffectRejoinMain:
		in.Kind = lifecycle.InputRejoinMainOK
	}
	return in
}
