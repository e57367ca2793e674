package lifecycle

import (
	"encoding/json"
	"math"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
)

// drawGoRoom draws a Room as a Go caller may build it: mostly one DecodeEvent
// could produce, sometimes not (a field marked absent that carries a value,
// an invalid state or identifier).
func drawGoRoom(t *rapid.T, label string) Room {
	r := Room{
		ThreadID: rapid.SampledFrom([]string{"19:r1", "19:r2", "19:r3", ""}).Draw(t, label+"Thread"),
		State:    rapid.SampledFrom([]RoomState{RoomOpen, RoomOpen, RoomClosed, RoomStateInvalid}).Draw(t, label+"State"),
	}
	r.HasAutoMove = rapid.Bool().Draw(t, label+"HasAuto")
	r.AutoMove = rapid.Bool().Draw(t, label+"Auto")
	if rapid.Bool().Draw(t, label+"Named") {
		r.DisplayName = "Room"
		r.HasDisplayName = rapid.IntRange(0, 4).Draw(t, label+"HasName") > 0
	}
	if rapid.IntRange(0, 3).Draw(t, label+"Invitees") == 0 {
		r.HasInvitees = rapid.IntRange(0, 4).Draw(t, label+"HasInvitees") > 0
		r.Invitees = []Invitee{{Identifier: Identifier{
			Kind:        rapid.SampledFrom([]IdentifierKind{IdentifierCommunicationUser, IdentifierMicrosoftTeamsUser, IdentifierInvalid}).Draw(t, label+"IDKind"),
			ID:          "id",
			IsAnonymous: rapid.IntRange(0, 4).Draw(t, label+"Anon") == 0,
		}}}
	}
	return r
}

// drawGoSettings draws Settings as a Go caller may build them.
func drawGoSettings(t *rapid.T) *Settings {
	s := &Settings{HasDisableReturn: rapid.Bool().Draw(t, "hasDisable"), DisableReturn: rapid.Bool().Draw(t, "disable")}
	s.EndKind = rapid.SampledFrom([]EndTimeKind{EndTimeAbsent, EndTimeEmpty, EndTimeString, EndTimeAttempt, EndTimeDelta, EndTimeDelta, EndTimeEmptyDelta, 42}).Draw(t, "endKind")
	base := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	switch s.EndKind {
	case EndTimeString:
		s.EndAt = base.Add(time.Duration(rapid.IntRange(0, 240).Draw(t, "endSec")) * time.Second)
		switch rapid.IntRange(0, 3).Draw(t, "endText") {
		case 0:
		case 1:
			s.EndText = "soon"
		default:
			s.EndText = s.EndAt.Format(time.RFC3339)
		}
	case EndTimeAttempt:
		s.EndNumber = float64(base.UnixMilli() + int64(rapid.IntRange(0, 240).Draw(t, "endSec"))*1000)
		s.EndAt = time.UnixMilli(int64(s.EndNumber)).UTC()
	case EndTimeDelta:
		ms := rapid.IntRange(-1000, 120000).Draw(t, "deltaMs")
		s.EndNumber, s.Delta = float64(ms), time.Duration(ms)*time.Millisecond
		if rapid.IntRange(0, 9).Draw(t, "nan") == 0 {
			s.EndNumber = math.NaN()
		}
	}
	return s
}

// drawGoInput draws an input as a Go caller may give it, not only one the
// decoder produced: fields of another kind, impossible rooms and settings.
func drawGoInput(t *rapid.T) Input {
	k := rapid.SampledFrom([]InputKind{
		InputAssignedRoom, InputAssignedRoom, InputSettings, InputRoomList, InputJoinEvent,
		InputJoin, InputJoin, InputReturn, InputHangUpBreakout, InputResumeMain, InputLeaveMeeting,
		InputHoldMainOK, InputHoldMainFailed, InputJoinBreakoutOK, InputJoinBreakoutFailed,
		InputHangUpMainOK, InputHangUpMainFailed, InputHangUpBreakoutOK, InputHangUpBreakoutFailed,
		InputResumeMainOK, InputResumeMainFailed, InputRejoinMainOK, InputRejoinMainFailed,
		InputTick, InputTick, InputTick, InputMeetingEnded, InputRoomEndDue, InputInvalid,
	}).Draw(t, "kind")
	in := Input{Kind: k}
	switch k {
	case InputAssignedRoom:
		if rapid.IntRange(0, 5).Draw(t, "unassign") > 0 {
			r := drawGoRoom(t, "room")
			in.Room = &r
		}
	case InputSettings:
		if rapid.IntRange(0, 5).Draw(t, "undefined") > 0 {
			in.Settings = drawGoSettings(t)
		}
	case InputRoomList:
		in.RoomsDefined = rapid.IntRange(0, 4).Draw(t, "listDefined") > 0
		for range rapid.IntRange(0, 2).Draw(t, "listRooms") {
			in.Rooms = append(in.Rooms, drawGoRoom(t, "listRoom"))
		}
	case InputJoinEvent:
		in.CallID = rapid.SampledFrom([]string{"call-1", "call-2", ""}).Draw(t, "callID")
	case InputJoinBreakoutOK, InputJoinBreakoutFailed, InputHangUpBreakoutOK, InputHangUpBreakoutFailed:
		if rapid.Bool().Draw(t, "named") {
			in.ThreadID = rapid.SampledFrom([]string{"19:r1", "19:r2", "19:r3"}).Draw(t, "outcomeThread")
		}
	}
	// Now and then a field that belongs to another kind of input.
	switch rapid.IntRange(0, 30).Draw(t, "stray") {
	case 0:
		in.ThreadID = "19:r1"
	case 1:
		in.CallID = "call-9"
	case 2:
		in.Room = openRoom("19:r1", false)
	}
	return in
}

// writable reports whether a snapshot or a trace could carry the input: an
// SDK event EncodeEvent writes, or another input with only its own fields.
func writable(in Input) bool {
	k := in.Kind
	if (in.Room != nil && k != InputAssignedRoom) || (in.Settings != nil && k != InputSettings) ||
		((in.Rooms != nil || in.RoomsDefined) && k != InputRoomList) || (in.CallID != "" && k != InputJoinEvent) {
		return false
	}
	if in.ThreadID != "" && k != InputJoinBreakoutOK && k != InputJoinBreakoutFailed && k != InputHangUpBreakoutOK && k != InputHangUpBreakoutFailed {
		return false
	}
	if k.IsSDKEvent() {
		_, err := EncodeEvent(in)
		return err == nil
	}
	return true
}

func newDrawnMachine(t *rapid.T) *Machine {
	cfg := DefaultConfig()
	if rapid.Bool().Draw(t, "manager") {
		cfg.Role = Manager
	}
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// No input the Go API accepts can make a machine unsnapshottable: an input
// that no snapshot or trace could carry is refused (unknownInput, nothing
// changes; an empty call id keeps its 46258), and after every accepted input the snapshot restores to the same
// machine.
func TestR24_GoInputsKeepTheMachineSnapshottable(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := newDrawnMachine(t)
		now := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
		for i := range rapid.IntRange(1, 80).Draw(t, "steps") {
			now = now.Add(time.Duration(rapid.IntRange(0, 4000).Draw(t, "advanceMs")) * time.Millisecond)
			in := drawGoInput(t)
			before, _ := json.Marshal(m)
			res, applyErr := m.Apply(&in, now)
			after, err := json.Marshal(m)
			if err != nil {
				t.Fatalf("step %d: %v", i, err)
			}
			if !writable(in) && m.State() != StateLeft {
				if e := errcodes.Of(applyErr); !res.Refused || e == nil || e.Rule != rule.R24 {
					t.Fatalf("step %d: %+v cannot be written down but was not refused (R24): %v", i, in, applyErr)
				}
			}
			if res.Refused && string(before) != string(after) {
				t.Fatalf("step %d: refused %s changed the machine", i, in.Kind)
			}
			if err := m.CheckInvariants(); err != nil {
				t.Fatalf("step %d after %s: %v", i, in.Kind, err)
			}
			back, err := UnmarshalSnapshot(after)
			if err != nil {
				t.Fatalf("step %d after %+v: the snapshot does not restore: %v\n%s", i, in, err, after)
			}
			if again, _ := json.Marshal(back); string(again) != string(after) {
				t.Fatalf("step %d: the snapshot's round trip differs:\n%s\n%s", i, after, again)
			}
		}
	})
}

// Every snapshot taken after any input restores to a machine that gives the
// same results as the original for any inputs that follow.
func TestSnapshotRestoresAMachineThatActsTheSame(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := newDrawnMachine(t)
		now := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
		next := func() (Input, time.Time) {
			now = now.Add(time.Duration(rapid.IntRange(0, 4000).Draw(t, "advanceMs")) * time.Millisecond)
			return drawGoInput(t), now
		}
		for range rapid.IntRange(0, 60).Draw(t, "before") {
			in, at := next()
			m.Apply(&in, at)
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		back, err := UnmarshalSnapshot(b)
		if err != nil {
			t.Fatalf("the snapshot does not restore: %v\n%s", err, b)
		}
		for i := range rapid.IntRange(1, 60).Draw(t, "after") {
			in, at := next()
			r1, err1 := m.Apply(&in, at)
			r1.Effects = slices.Clone(r1.Effects)
			r2, err2 := back.Apply(&in, at)
			if r1.Position() != r2.Position() || r1.State != r2.State || r1.Refused != r2.Refused ||
				FormatEffects(r1.Effects) != FormatEffects(r2.Effects) || errText(err1) != errText(err2) {
				t.Fatalf("step %d (%s): the restored machine answers differently:\n  original %s/%s %s %v\n  restored %s/%s %s %v",
					i, in.Kind, r1.Position(), r1.State, FormatEffects(r1.Effects), err1, r2.Position(), r2.State, FormatEffects(r2.Effects), err2)
			}
		}
		s1, _ := json.Marshal(m)
		s2, _ := json.Marshal(back)
		if string(s1) != string(s2) {
			t.Fatalf("the two machines end apart:\n%s\n%s", s1, s2)
		}
	})
}

func errText(e error) string {
	if e == nil {
		return ""
	}
	return e.Error()
}
