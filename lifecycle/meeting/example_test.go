package meeting_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// An organizer opens a room with auto-move; the attendee assigned to it
// receives the room and is moved after the SDK's delay, and receives the
// room's settings once it is joining.
func Example() {
	m, err := meeting.New(meeting.Config{})
	if err != nil {
		panic(err)
	}
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	show := func(o meeting.Outcome) {
		if o.Err != nil {
			fmt.Println("refused:", o.Err)
		}
		for _, d := range o.Deliveries {
			fmt.Println(strings.TrimSpace(fmt.Sprintf("%s %s → %s %s", d.Participant, d.Input.Kind, d.Position, lifecycle.FormatEffects(d.Effects))))
		}
	}
	m.AddParticipant(meeting.Participant{ID: "8:orgid:org", Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser}, at)
	m.AddParticipant(meeting.Participant{ID: "8:acs:ann", Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser}, at)
	m.Apply(meeting.CreateRoom("8:orgid:org", "19:r1@thread.v2", "Room 1"), at)
	m.Apply(meeting.Assign("8:orgid:org", "8:acs:ann", "19:r1@thread.v2"), at)

	show(m.Apply(meeting.OpenRoom("8:acs:ann", "19:r1@thread.v2"), at))
	show(m.Apply(meeting.OpenRoom("8:orgid:org", "19:r1@thread.v2"), at))
	due, _ := m.NextDue()
	show(m.Tick(due))
	fmt.Println(m.CheckInvariants())
	// Output:
	// refused: breakoutfsm: unexpectedInput [guard manager]: §6: only a manager changes breakout rooms; "8:acs:ann" is an attendee and cannot openRoom: notManager
	// 8:orgid:org breakoutRooms → main
	// 8:acs:ann assignedBreakoutRooms → assigned schedule(autoMove@2026-01-05T10:00:03Z) notify(assignedBreakoutRoomOpened)
	// 8:acs:ann tick → joining holdMain joinBreakout(19:r1@thread.v2) dismiss(assignedBreakoutRoomOpened)
	// 8:acs:ann breakoutRoomsSettings → joining
	// <nil>
}
