package lifecycle

import (
	"encoding/json"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// drawInput draws any input a machine may be given, over two rooms.
func drawInput(t *rapid.T) Input {
	threads := []string{"19:r1", "19:r2", "19:r3"}
	kinds := []InputKind{
		InputAssignedRoom, InputSettings, InputRoomList, InputJoinEvent,
		InputJoin, InputReturn, InputHangUpBreakout, InputResumeMain, InputLeaveMeeting,
		InputHoldMainOK, InputHoldMainFailed, InputJoinBreakoutOK, InputJoinBreakoutFailed,
		InputHangUpMainOK, InputHangUpMainFailed, InputHangUpBreakoutOK, InputHangUpBreakoutFailed,
		InputResumeMainOK, InputResumeMainFailed, InputRejoinMainOK, InputRejoinMainFailed,
		InputTick, InputTick, InputTick, InputMeetingEnded,
	}
	k := rapid.SampledFrom(kinds).Draw(t, "kind")
	in := Input{Kind: k}
	switch k {
	case InputAssignedRoom:
		if rapid.IntRange(0, 5).Draw(t, "unassign") > 0 {
			in.Room = &Room{
				ThreadID: rapid.SampledFrom(threads).Draw(t, "thread"),
				State:    rapid.SampledFrom([]RoomState{RoomOpen, RoomOpen, RoomClosed}).Draw(t, "state"),
				AutoMove: rapid.Bool().Draw(t, "auto"),
			}
			in.Room.HasAutoMove = in.Room.AutoMove
		}
	case InputSettings:
		if rapid.IntRange(0, 5).Draw(t, "undefined") > 0 {
			s := &Settings{}
			if rapid.Bool().Draw(t, "hasDisable") {
				s.HasDisableReturn, s.DisableReturn = true, rapid.Bool().Draw(t, "disable")
			}
			if rapid.Bool().Draw(t, "hasEnd") {
				s.EndKind = EndTimeDelta
				s.EndNumber = float64(rapid.IntRange(0, 120).Draw(t, "endSec") * 1000)
				s.Delta = time.Duration(s.EndNumber) * time.Millisecond
			}
			in.Settings = s
		}
	case InputJoinEvent:
		in.CallID = "call-1"
	case InputJoinBreakoutOK, InputJoinBreakoutFailed, InputHangUpBreakoutOK, InputHangUpBreakoutFailed:
		if rapid.Bool().Draw(t, "named") {
			in.ThreadID = rapid.SampledFrom(threads).Draw(t, "outcomeThread")
		}
	}
	return in
}

// TestRandomWalksKeepInvariants drives machines with random inputs: after
// every input the invariants hold, a refused input changes nothing, the
// snapshot restores to the same machine, and (R21) the main meeting stays
// reachable.
func TestRandomWalksKeepInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cfg := DefaultConfig()
		if rapid.Bool().Draw(t, "manager") {
			cfg.Role = Manager
		}
		m, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
		for i := range rapid.IntRange(1, 60).Draw(t, "steps") {
			now = now.Add(time.Duration(rapid.IntRange(0, 4000).Draw(t, "advanceMs")) * time.Millisecond)
			in := drawInput(t)
			before, _ := json.Marshal(m.Snapshot())
			res, err := m.Apply(&in, now)
			after, _ := json.Marshal(m.Snapshot())
			if res.Refused {
				if string(before) != string(after) {
					t.Fatalf("step %d: refused %s changed the machine:\n%s\n%s", i, in.Kind, before, after)
				}
				if err == nil {
					t.Fatalf("step %d: refused %s without an error", i, in.Kind)
				}
			}
			if err := m.CheckInvariants(); err != nil {
				t.Fatalf("step %d after %s: %v\n%s", i, in.Kind, err, after)
			}
			back, err := UnmarshalSnapshot(after)
			if err != nil {
				t.Fatalf("step %d: snapshot does not restore: %v\n%s", i, err, after)
			}
			again, _ := json.Marshal(back.Snapshot())
			if string(again) != string(after) {
				t.Fatalf("step %d: snapshot round trip differs:\n%s\n%s", i, after, again)
			}
		}
	})
}
