package trace

import (
	"encoding/json"
	"testing"
)

// A typical line: an open room with auto-move and two invitees.
var benchLine = []byte(`{"at":"2026-01-05T10:00:00Z","sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:meeting_Yzk3ZTE4@thread.v2","displayName":"Room 1","state":"open","autoMoveParticipantToBreakoutRoom":true,"invitees":[{"identifier":{"communicationUserId":"8:acs:11111111-2222"}},{"identifier":{"kind":"microsoftTeamsUser","microsoftTeamsUserId":"aaaa-bbbb","isAnonymous":false,"cloud":"public"}}]}}}`)

// plainLine is what a plain encoding/json decode of the same line fills: the
// baseline the decoder is measured against.
type plainLine struct {
	At  string `json:"at"`
	SDK struct {
		Type string `json:"type"`
		Data *struct {
			ThreadID    string `json:"threadId"`
			DisplayName string `json:"displayName"`
			State       string `json:"state"`
			AutoMove    *bool  `json:"autoMoveParticipantToBreakoutRoom"`
			Invitees    []struct {
				Identifier struct {
					Kind                 string `json:"kind"`
					CommunicationUserID  string `json:"communicationUserId"`
					MicrosoftTeamsUserID string `json:"microsoftTeamsUserId"`
					IsAnonymous          bool   `json:"isAnonymous"`
					Cloud                string `json:"cloud"`
					RawID                string `json:"rawId"`
				} `json:"identifier"`
			} `json:"invitees"`
		} `json:"data"`
	} `json:"sdk"`
}

// The decoder allocates no more than a plain encoding/json decode of the same
// line into typed structs (issue: decoding must not cost more than the
// baseline).
func TestParseLineAllocatesNoMoreThanEncodingJSON(t *testing.T) {
	ours := testing.AllocsPerRun(200, func() {
		if l := ParseLine(benchLine); l.Err != nil {
			t.Fatal(l.Err)
		}
	})
	plain := testing.AllocsPerRun(200, func() {
		var p plainLine
		if err := json.Unmarshal(benchLine, &p); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("allocations per line: ParseLine %.0f, encoding/json %.0f", ours, plain)
	if ours > plain {
		t.Errorf("ParseLine allocates %.0f times a line, encoding/json %.0f", ours, plain)
	}
}

func BenchmarkDecodeLine(b *testing.B) {
	b.Run("breakoutfsm", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(benchLine)))
		for b.Loop() {
			if l := ParseLine(benchLine); l.Err != nil {
				b.Fatal(l.Err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(benchLine)))
		for b.Loop() {
			var p plainLine
			if err := json.Unmarshal(benchLine, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
