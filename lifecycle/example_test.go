package lifecycle_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// An attendee is assigned to an open room with auto-move, is moved in after
// three seconds, and comes back when the room closes. The host carries out
// each effect and reports its outcome.
func Example() {
	m, err := lifecycle.New(lifecycle.DefaultConfig())
	if err != nil {
		panic(err)
	}
	start := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	room := &lifecycle.Room{ThreadID: "19:room1", DisplayName: "Room 1", HasDisplayName: true, State: lifecycle.RoomOpen, AutoMove: true, HasAutoMove: true}
	closed := *room
	closed.State = lifecycle.RoomClosed

	steps := []struct {
		at time.Duration
		in lifecycle.Input
	}{
		{0, lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: room}},
		{3 * time.Second, lifecycle.Input{Kind: lifecycle.InputTick}},
		{3 * time.Second, lifecycle.Input{Kind: lifecycle.InputHoldMainOK}},
		{4 * time.Second, lifecycle.Input{Kind: lifecycle.InputJoinBreakoutOK}},
		{4 * time.Second, lifecycle.Input{Kind: lifecycle.InputHangUpMainOK}},
		{60 * time.Second, lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &closed}},
		{61 * time.Second, lifecycle.Input{Kind: lifecycle.InputHangUpBreakoutOK}},
		{62 * time.Second, lifecycle.Input{Kind: lifecycle.InputRejoinMainOK}},
	}
	for _, s := range steps {
		res, _ := m.Apply(&s.in, start.Add(s.at))
		line := fmt.Sprintf("%-22s -> %-9s %s", s.in.Kind, res.Position(), lifecycle.FormatEffects(res.Effects))
		fmt.Println(strings.TrimSpace(line))
	}
	// Output:
	// assignedBreakoutRooms  -> assigned  schedule(autoMove@2026-01-05T10:00:03Z) notify(assignedBreakoutRoomOpened)
	// tick                   -> joining   holdMain joinBreakout(19:room1) dismiss(assignedBreakoutRoomOpened)
	// holdMainOk             -> joining
	// joinBreakoutOk         -> in_room   hangUpMain notify(breakoutRoomJoined)
	// hangUpMainOk           -> in_room
	// assignedBreakoutRooms  -> returning hangUpBreakout(19:room1) rejoinMain dismiss(breakoutRoomJoined) notify(assignedBreakoutRoomClosed)
	// hangUpBreakoutOk       -> returning
	// rejoinMainOk           -> assigned  dismiss(assignedBreakoutRoomClosed)
}

// A refusal changes nothing and says why, with the SDK's subcode and the
// rule that refused.
func ExampleMachine_Apply_refusal() {
	m, _ := lifecycle.New(lifecycle.DefaultConfig())
	now := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	closed := &lifecycle.Room{ThreadID: "19:room1", State: lifecycle.RoomClosed}
	m.Apply(&lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: closed}, now)
	res, err := m.Apply(&lifecycle.Input{Kind: lifecycle.InputJoin}, now)
	fmt.Println(res.Refused, res.Position(), uint16(errcodes.Of(err).Subcode), errcodes.Of(err).Rule)
	// Output: true assigned 46256 R5
}

// A host that holds many participants gives every machine the same effect
// buffer: ApplyTo writes into it, and no machine keeps one of its own.
func ExampleMachine_ApplyTo() {
	now := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	open := &lifecycle.Room{ThreadID: "19:room1", State: lifecycle.RoomOpen, AutoMove: true, HasAutoMove: true}
	var buf []lifecycle.Effect
	for _, id := range []string{"alice", "bob"} {
		m, _ := lifecycle.New(lifecycle.DefaultConfig())
		res, _ := m.ApplyTo(buf, &lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: open}, now)
		buf = res.Effects // reuse the array next time
		fmt.Println(id, res.Position(), len(res.Effects), "effects")
	}
	// Output:
	// alice assigned 2 effects
	// bob assigned 2 effects
}

// The error snippet of docs/GUIDE.md ("Reading errors"), run on an input
// taken without a failure and on a refused one: a join while the assigned
// room is closed (R5, 46256). TestGuideErrorSnippetIsTheExample (package
// docs) keeps the two texts the same.
func ExampleMachine_Apply_errors() {
	m, _ := lifecycle.New(lifecycle.DefaultConfig())
	now := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	closed := &lifecycle.Room{ThreadID: "19:room1", State: lifecycle.RoomClosed}
	for _, in := range []lifecycle.Input{{Kind: lifecycle.InputAssignedRoom, Room: closed}, {Kind: lifecycle.InputJoin}} {
		_, err := m.Apply(&in, now)
		readError(err)
	}
	// Output:
	// false false false false
	// 46256 JOIN_FAILED_ROOM_CLOSED 412 ExpectedError R5 assigned && !roomOpen
	// Not able to join Breakout Room as the room is closed. Please check the state of the Breakout Room before calling join.
	// Wait for an assignedBreakoutRooms event whose room state is open, then call join(); a closed room cannot be entered.
	// true true false false
}

func readError(err error) {
	// The snippet, from docs/GUIDE.md:
	var e *errcodes.Error
	if errors.As(err, &e) {
		fmt.Println(e.Subcode, e.Code, e.Category, e.Rule, e.Guard)
		fmt.Println(e.Message)
		fmt.Println(e.Resolution)
	}
	fmt.Println(
		errors.Is(err, errcodes.JoinFailedRoomClosed),      // the subcode 46256
		errors.Is(err, errcodes.ExpectedError),             // the SDK's result category
		errors.Is(err, errcodes.ReturnDisabled),            // a project kind
		errors.Is(err, errcodes.ReturnToMainMeetingFailed), // 46261: every failure the SDK re-throws from returnToMainMeeting()
	)
	// The end of the snippet.
}
