package trace

import (
	"bytes"
	"encoding/json"
	"testing"
)

// fuzzSeeds are real-shaped traces and the malformed lines R24 names.
var fuzzSeeds = []string{
	`{"config":{"role":"manager"}}
{"at":"2026-01-05T10:00:00Z","sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","displayName":"Room 1","state":"open","autoMoveParticipantToBreakoutRoom":true,"invitees":[{"identifier":{"communicationUserId":"8:acs:1"}}]}}}
{"at":"2026-01-05T10:00:03Z","tick":true}
{"outcome":{"op":"holdMain","ok":true}}
{"outcome":{"op":"joinBreakout","threadId":"19:r1","ok":true}}
{"sdk":{"type":"breakoutRoomsSettings","data":{"disableReturnToMainMeeting":false,"roomEndTime":{"deltaTimeInMs":60000}}}}
{"action":"returnToMainMeeting"}
{"outcome":{"op":"resumeMain","ok":false}}
{"action":"returnToMainMeeting"}
{"meetingEnded":true}`,
	`{"at":"2026-01-05T10:00:00Z","sdk":{"type":"assignedBreakoutRoom","data":{"threadId":"19:r1","state":"open"}}}
{"action":"join"}
{"sdk":{"type":"join","data":{"id":"call-1"}}}
{"outcome":{"op":"joinBreakout","ok":true}}
{"sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:r2","state":"open","autoMoveParticipantToBreakoutRoom":true}}}
{"at":"2026-01-05T10:00:04Z","tick":true}
{"sdk":{"type":"breakoutRoomSettings","data":{"roomEndTime":"2026-01-05T10:00:20"}}}
{"outcome":{"op":"joinBreakout","ok":true}}
{"at":"2026-01-05T10:00:09Z","tick":true}
{"sdk":{"type":"breakoutRooms","data":[{"threadId":"19:r1","state":"closed"}]}}
{"sdk":{"type":"assignedBreakoutRooms"}}`,
	`{"sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"","state":"open"}}}
{"sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1"}}}
{"sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","state":"ajar"}}}
{"sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","state":"open","autoMoveParticipantToBreakoutRoom":1}}}
{"sdk":{"type":"join","data":{}}}
{"sdk":{"type":"breakoutRoomsSettings","data":{"roomEndTime":{"attemptTimestamp":-1}}}}
{"sdk":{"type":"breakoutRoomsSettings","data":{"roomEndTime":"yesterday"}}}
{"sdk":{"type":"nope"}}
{"sdk":[1,2]}
{"action":"fly"}
{"outcome":{"op":"resumeMain","ok":true,"threadId":"19:r1"}}
{"tick":false}
{"at":"1999-01-01T00:00:00Z","tick":true}
{"config":{"role":"manager"}}
not json at all`,
}

// FuzzReplay runs arbitrary traces through the decoder and Apply together:
// nothing may crash, a refused line may change nothing, and the machine's
// invariants hold after every line.
func FuzzReplay(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewRunner()
		for _, line := range bytes.Split(data, []byte("\n")) {
			before, err := json.Marshal(r.Machine().Snapshot())
			if err != nil {
				t.Fatal(err)
			}
			beforeMachine := r.Machine()
			res, ok := r.Next(line)
			if !ok {
				continue
			}
			if res.Refused && res.Err == nil {
				t.Fatalf("line %q refused without an error", line)
			}
			if res.Refused && r.Machine() == beforeMachine {
				after, _ := json.Marshal(r.Machine().Snapshot())
				if !bytes.Equal(before, after) {
					t.Fatalf("refused line %q changed the machine:\n%s\n%s", line, before, after)
				}
			}
			if err := r.Machine().CheckInvariants(); err != nil {
				t.Fatalf("after line %q: %v", line, err)
			}
			if _, err := res.AppendJSON(nil); err != nil {
				t.Fatalf("line %q: the result does not encode: %v", line, err)
			}
		}
	})
}
