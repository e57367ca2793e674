package lifecycle

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// scriptInputs turns fuzz bytes into inputs with their times: three bytes an
// input (its kind, a parameter, how far the clock moves).
func scriptInputs(script []byte, start time.Time) ([]Input, []time.Time) {
	kinds := []InputKind{
		InputAssignedRoom, InputSettings, InputRoomList, InputJoinEvent,
		InputJoin, InputReturn, InputHangUpBreakout, InputResumeMain, InputLeaveMeeting,
		InputHoldMainOK, InputHoldMainFailed, InputJoinBreakoutOK, InputJoinBreakoutFailed,
		InputHangUpMainOK, InputHangUpMainFailed, InputHangUpBreakoutOK, InputHangUpBreakoutFailed,
		InputResumeMainOK, InputResumeMainFailed, InputRejoinMainOK, InputRejoinMainFailed,
		InputTick, InputMeetingEnded,
	}
	threads := []string{"19:r1", "19:r2", "19:r3", ""}
	var ins []Input
	var times []time.Time
	now := start
	for i := 0; i+2 < len(script) && len(ins) < 64; i += 3 {
		k, p := kinds[int(script[i])%len(kinds)], script[i+1]
		now = now.Add(time.Duration(script[i+2]) * 250 * time.Millisecond)
		in := Input{Kind: k}
		switch k {
		case InputAssignedRoom:
			if p%5 != 0 {
				in.Room = &Room{ThreadID: threads[p%3], State: RoomOpen, AutoMove: p&8 != 0, HasAutoMove: p&8 != 0}
				if p&16 != 0 {
					in.Room.State = RoomClosed
				}
			}
		case InputSettings:
			if p%7 != 0 {
				in.Settings = &Settings{HasDisableReturn: p&1 != 0, DisableReturn: p&3 == 3}
				if p&4 != 0 {
					ms := float64(p) * 1000
					in.Settings.EndKind, in.Settings.EndNumber, in.Settings.Delta = EndTimeDelta, ms, time.Duration(ms)*time.Millisecond
				}
			}
		case InputRoomList:
			in.RoomsDefined = p&1 != 0
			if in.RoomsDefined && p&2 != 0 {
				in.Rooms = []Room{{ThreadID: threads[p%3], State: RoomOpen}}
			}
		case InputJoinEvent:
			in.CallID = "call-" + strconv.Itoa(int(p%3))
		case InputJoinBreakoutOK, InputJoinBreakoutFailed, InputHangUpBreakoutOK, InputHangUpBreakoutFailed:
			in.ThreadID = threads[p%4]
		}
		ins = append(ins, in)
		times = append(times, now)
	}
	return ins, times
}

// checkRestoredRun is the fuzz targets' oracle: a snapshot is refused, or it
// restores to a machine whose invariants hold after every input that
// follows, and whose snapshot restores too.
func checkRestoredRun(t interface{ Fatalf(string, ...any) }, snapshot, script []byte) {
	m, err := UnmarshalSnapshot(snapshot)
	if err != nil {
		return
	}
	if err := m.CheckInvariants(); err != nil {
		t.Fatalf("restored a machine that breaks its invariants: %v\n%s", err, snapshot)
	}
	ins, times := scriptInputs(script, m.Now())
	for i, in := range ins {
		m.Apply(&in, times[i])
		if err := m.CheckInvariants(); err != nil {
			b, _ := json.Marshal(m)
			t.Fatalf("input %d (%+v) breaks the invariants of a restored machine: %v\nrestored from %s\nnow %s", i, in, err, snapshot, b)
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("%v", err)
	}
	if _, err := UnmarshalSnapshot(b); err != nil {
		t.Fatalf("the restored machine's own snapshot does not restore: %v\n%s", err, b)
	}
}

// FuzzRestoreSnapshot feeds UnmarshalSnapshot arbitrary bytes, then drives
// what it restores with inputs: the only outcomes allowed are a refusal, or
// a machine whose invariants hold after every input. The seeds are the
// snapshots of machines in rich states.
func FuzzRestoreSnapshot(f *testing.F) {
	for _, m := range snapshotBases(f) {
		b, err := json.Marshal(m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, []byte{0, 5, 1, 11, 0, 2, 21, 0, 40, 5, 0, 1, 16, 0, 3, 18, 0, 1})
		f.Add(b, []byte{12, 1, 0, 15, 1, 0, 9, 0, 0, 6, 0, 0, 21, 0, 200})
	}
	f.Fuzz(func(t *testing.T, snapshot, script []byte) { checkRestoredRun(t, snapshot, script) })
}

// tamperedSnapshot is a snapshot of a machine driven by random inputs, with
// one of its fields then changed to a value drawn for it: the values a
// snapshot can hold, reachable or not.
func tamperedSnapshot(t *rapid.T) []byte {
	m := newDrawnMachine(t)
	now := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	for range rapid.IntRange(0, 40).Draw(t, "walk") {
		now = now.Add(time.Duration(rapid.IntRange(0, 4000).Draw(t, "advanceMs")) * time.Millisecond)
		in := drawGoInput(t)
		m.Apply(&in, now)
	}
	s := m.Snapshot()
	anyTime := func(label string) time.Time {
		return now.Add(time.Duration(rapid.IntRange(-10, 200).Draw(t, label)) * 500 * time.Millisecond)
	}
	pickCall := func() *SnapshotCall {
		if len(s.Calls) == 0 {
			s.Calls = append(s.Calls, SnapshotCall{ThreadID: "19:r1", Role: "leaving", Up: true, JoinSeq: 1})
		}
		return &s.Calls[rapid.IntRange(0, len(s.Calls)-1).Draw(t, "call")]
	}
	states := []string{"main", "assigned", "joining", "in_room", "reassigned", "switching", "returning", "left", "unavailable"}
	mains := []string{"connected", "holding", "held", "hungUp", "resuming", "rejoining"}
	ops := []string{"holdMain", "resumeMain", "hangUpMain", "rejoinMain"}
	for range rapid.IntRange(1, 3).Draw(t, "tampers") {
		switch rapid.IntRange(0, 20).Draw(t, "field") {
		case 0:
			s.State = rapid.SampledFrom(states).Draw(t, "state")
		case 1:
			s.Main.State = rapid.SampledFrom(mains).Draw(t, "mainState")
		case 2:
			s.Main.InFlight = append(s.Main.InFlight, rapid.SampledFrom(ops).Draw(t, "op"))
		case 3:
			if len(s.Main.InFlight) > 0 {
				s.Main.InFlight = s.Main.InFlight[1:]
			}
		case 4:
			s.Main.ActiveHold = !s.Main.ActiveHold
		case 5:
			s.Main.ResumesByReturn = append(s.Main.ResumesByReturn, rapid.Bool().Draw(t, "byReturn"))
		case 6:
			c := pickCall()
			c.Role = rapid.SampledFrom([]string{"current", "joining", "previous", "leaving"}).Draw(t, "role")
		case 7:
			c := pickCall()
			c.Up, c.Connected = rapid.Bool().Draw(t, "up"), rapid.Bool().Draw(t, "connected")
		case 8:
			c := pickCall()
			c.JoinPending, c.HangUpPending = rapid.Bool().Draw(t, "joinPending"), rapid.Bool().Draw(t, "hangUpPending")
		case 9:
			c := pickCall()
			c.JoinSeq, c.HangUpSeq = uint32(rapid.IntRange(0, 6).Draw(t, "joinSeq")), uint32(rapid.IntRange(0, 6).Draw(t, "hangUpSeq"))
		case 10:
			c := pickCall()
			c.ThreadID = rapid.SampledFrom([]string{"19:r1", "19:r2", "19:r3"}).Draw(t, "callThread")
		case 11:
			s.Seq = rapid.SampledFrom([]uint32{0, 1, 5, maxSeq - 1, maxSeq, maxSeq + 1, 1<<32 - 1}).Draw(t, "seq")
		case 12:
			s.Timers = append(s.Timers, SnapshotTimer{Timer: rapid.SampledFrom([]string{"autoMove", "hangUpPrevious", "closingSoon", "roomEnd"}).Draw(t, "timer"), At: anyTime("timerAt")})
		case 13:
			if len(s.Timers) > 0 {
				s.Timers = s.Timers[1:]
			}
		case 14:
			n := rapid.SampledFrom([]string{"assignedBreakoutRoomOpened", "assignedBreakoutRoomOpenedPromptJoin", "assignedBreakoutRoomChanged",
				"assignedBreakoutRoomChangedPromptJoin", "assignedBreakoutRoomClosed", "breakoutRoomJoined", "breakoutRoomClosingSoon"}).Draw(t, "note")
			s.Notifications = append(s.Notifications, n)
		case 15:
			s.Notifications = nil
		case 16:
			st := rapid.SampledFrom([]string{"open", "closed"}).Draw(t, "roomState")
			s.Assignment = json.RawMessage(`{"type":"assignedBreakoutRooms","data":{"threadId":"` +
				rapid.SampledFrom([]string{"19:r1", "19:r2"}).Draw(t, "roomThread") + `","state":"` + st + `"}}`)
		case 17:
			end := anyTime("end")
			ev := json.RawMessage(`{"type":"breakoutRoomsSettings","data":{"disableReturnToMainMeeting":false,"roomEndTime":"` + end.Format(time.RFC3339Nano) + `"}}`)
			if rapid.Bool().Draw(t, "pending") {
				s.PendingSettings = &SnapshotSettings{Event: ev, End: &end}
			} else {
				s.Settings = &SnapshotSettings{Event: ev, End: &end}
			}
		case 18:
			s.ReturnedEarly, s.AutoMoveOnReturn = rapid.Bool().Draw(t, "early"), rapid.Bool().Draw(t, "onReturn")
		case 19:
			s.Config.Role = rapid.SampledFrom([]string{"attendee", "manager"}).Draw(t, "role")
			s.Config.RoomEndGraceMs = int64(rapid.IntRange(0, 6000).Draw(t, "graceMs"))
		case 20:
			s.Settings, s.PendingSettings = nil, nil
		}
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func tamperedRestoreProperty(t *rapid.T) {
	snap := tamperedSnapshot(t)
	script := rapid.SliceOfN(rapid.Byte(), 0, 90).Draw(t, "script")
	checkRestoredRun(t, snap, script)
}

// TestRestoredTamperedSnapshotsKeepTheirInvariants: whatever field of a
// reachable snapshot is changed, Restore refuses it, or the machine it
// restores keeps its invariants under any inputs.
func TestRestoredTamperedSnapshotsKeepTheirInvariants(t *testing.T) {
	rapid.Check(t, tamperedRestoreProperty)
}

// FuzzRestoreTamperedSnapshot is the same property with the fuzzer driving
// the draws.
func FuzzRestoreTamperedSnapshot(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(tamperedRestoreProperty))
}
