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
	m, err := meeting.New(meeting.DefaultConfig())
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
