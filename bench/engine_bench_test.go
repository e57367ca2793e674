package bench

import (
	"bytes"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/trace"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// The breakoutfsm-only benchmarks: decoding an SDK event line, replaying a
// large trace. The meeting-level ones are in meeting_bench_test.go.

// sdkLine is a typical SDK event line of a trace: an open room with
// auto-move, two invitees (an ACS user and a Teams user).
var sdkLine = []byte(`{"at":"2026-01-05T10:00:00Z","sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:meeting_NmE4ZTk2@thread.v2","displayName":"Room 7","state":"open","autoMoveParticipantToBreakoutRoom":true,"invitees":[{"identifier":{"communicationUserId":"8:acs:5f0c7a1e-0000-4d2b-9e1a-1c2d3e4f5a6b_0000001a-2b3c"}},{"identifier":{"kind":"microsoftTeamsUser","microsoftTeamsUserId":"0d6f3e2a-7b1c-4c8d-9e0f-a1b2c3d4e5f6","isAnonymous":false,"cloud":"public"}}]}}}`)

// plainSDKLine is what encoding/json fills from the same line: the fields
// the engine reads, typed, as a hand-written client would declare them.
type plainSDKLine struct {
	At  time.Time `json:"at"`
	SDK struct {
		Type string `json:"type"`
		Data *struct {
			ThreadID    string  `json:"threadId"`
			DisplayName *string `json:"displayName"`
			State       string  `json:"state"`
			AutoMove    *bool   `json:"autoMoveParticipantToBreakoutRoom"`
			Invitees    []struct {
				Identifier struct {
					Kind                 string `json:"kind"`
					RawID                string `json:"rawId"`
					CommunicationUserID  string `json:"communicationUserId"`
					MicrosoftTeamsUserID string `json:"microsoftTeamsUserId"`
					IsAnonymous          bool   `json:"isAnonymous"`
					Cloud                string `json:"cloud"`
				} `json:"identifier"`
			} `json:"invitees"`
		} `json:"data"`
	} `json:"sdk"`
}

// BenchmarkDecodeLine decodes one SDK event line: breakoutfsm's trace.ParseLine
// (the line, its time and the event, validated, into a lifecycle.Input)
// against encoding/json into the typed struct above.
func BenchmarkDecodeLine(b *testing.B) {
	b.Run("breakoutfsm", func(b *testing.B) {
		b.SetBytes(int64(len(sdkLine)))
		b.ReportAllocs()
		for b.Loop() {
			if l := trace.ParseLine(sdkLine); l.Err != nil || l.Input.Room == nil {
				b.Fatal(l.Err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(sdkLine)))
		b.ReportAllocs()
		for b.Loop() {
			var p plainSDKLine
			if err := json.Unmarshal(sdkLine, &p); err != nil || p.SDK.Data == nil {
				b.Fatal(err)
			}
		}
	})
}

// The replay corpus: one trace per participant, each a config line and then
// a random path of the subset (without leave; the last line is leaveMeeting),
// its rooms carrying two invitees as the SDK sends them.
const (
	corpusTraces = 2000
	corpusSteps  = 100
)

var corpusRoomData = func() [3]*lifecycle.Room {
	invitees := []lifecycle.Invitee{
		{Identifier: lifecycle.Identifier{Kind: lifecycle.IdentifierCommunicationUser, ID: "8:acs:5f0c7a1e-0000-4d2b-9e1a-1c2d3e4f5a6b_0000001a-2b3c"}},
		{Identifier: lifecycle.Identifier{Kind: lifecycle.IdentifierMicrosoftTeamsUser, ID: "0d6f3e2a-7b1c-4c8d-9e0f-a1b2c3d4e5f6", RawID: "8:orgid:0d6f3e2a-7b1c-4c8d-9e0f-a1b2c3d4e5f6", Cloud: "public"}},
	}
	var out [3]*lifecycle.Room
	for i, r := range []*lifecycle.Room{roomOpenAuto, roomOpenPrompt, roomClosed} {
		c := *r
		c.Invitees, c.HasInvitees = invitees, true
		out[i] = &c
	}
	return out
}()

// corpusInput is the breakoutfsm input a corpus line carries for in.
func corpusInput(in Input) lifecycle.Input {
	li := LifecycleInputs[in]
	switch in {
	case InAssignOpenAuto:
		li.Room = corpusRoomData[0]
	case InAssignOpenPrompt:
		li.Room = corpusRoomData[1]
	case InAssignClosed:
		li.Room = corpusRoomData[2]
	}
	return li
}

// buildCorpus writes n traces of steps inputs each (plus the config line and
// the final leaveMeeting), and counts their lines.
func buildCorpus(n, steps int) ([][]byte, int, error) {
	cfg := lifecycle.DefaultConfig()
	traces := make([][]byte, 0, n)
	lines := 0
	for seed := uint64(1); seed <= uint64(n); seed++ {
		path, err := randomPath(seed+1_000_000, steps, false)
		if err != nil {
			return nil, 0, err
		}
		path = append(path, InLeave)
		at := Start
		line, err := trace.FormatConfig(&at, cfg)
		if err != nil {
			return nil, 0, err
		}
		buf := append(line, '\n')
		for _, in := range path {
			if in == InTick {
				at = at.Add(cfg.AutoMoveDelay)
			} else {
				at = at.Add(time.Second)
			}
			line, err := trace.FormatLine(&at, corpusInput(in))
			if err != nil {
				return nil, 0, err
			}
			buf = append(append(buf, line...), '\n')
		}
		traces = append(traces, buf)
		lines += len(path) + 1
	}
	return traces, lines, nil
}

var corpus struct {
	once   sync.Once
	traces [][]byte
	lines  int
	err    error
}

func replayCorpus() ([][]byte, int, error) {
	corpus.once.Do(func() { corpus.traces, corpus.lines, corpus.err = buildCorpus(corpusTraces, corpusSteps) })
	return corpus.traces, corpus.lines, corpus.err
}

// replayAll replays every trace as `breakoutfsm replay --json` does, minus
// the output: each trace through a new trace.Runner, every result written
// as its JSON line into a reused buffer. It returns how many results it
// wrote.
func replayAll(traces [][]byte, buf []byte, each func(trace.Result)) ([]byte, int, error) {
	n := 0
	for _, tr := range traces {
		r := trace.NewRunner()
		err := trace.EachLine(bytes.NewReader(tr), func(line []byte) error {
			res, ok := r.Next(line)
			if !ok {
				return nil
			}
			n++
			if each != nil {
				each(res)
			}
			var err error
			buf, err = res.AppendJSON(buf[:0])
			return err
		})
		if err != nil {
			return buf, n, err
		}
	}
	return buf, n, nil
}

// BenchmarkReplay replays the corpus (2,000 traces, 204,000 lines). One op is
// the whole corpus; the metric lines/s is what counts.
func BenchmarkReplay(b *testing.B) {
	traces, lines, err := replayCorpus()
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, tr := range traces {
		size += len(tr)
	}
	buf := make([]byte, 0, 4096)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var n int
		if buf, n, err = replayAll(traces, buf, nil); err != nil || n != lines {
			b.Fatalf("%d of %d lines: %v", n, lines, err)
		}
	}
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(float64(lines), "lines/op")
}

// TestReplayCorpus checks a small corpus: every line is readable, and the
// replay gives the positions a direct run of the same path gives.
func TestReplayCorpus(t *testing.T) {
	traces, lines, err := buildCorpus(50, corpusSteps)
	if err != nil {
		t.Fatal(err)
	}
	var got []lifecycle.Position
	_, n, err := replayAll(traces, nil, func(res trace.Result) {
		if e := res.Err; e != nil && (e.Kind == errcodes.UnknownInput || e.Subcode == errcodes.UpdateFailed) {
			t.Fatalf("line %d unreadable: %v", res.Line, e)
		}
		got = append(got, res.Position)
	})
	if err != nil || n != lines {
		t.Fatalf("replayed %d of %d lines: %v", n, lines, err)
	}
	var want []lifecycle.Position
	for seed := uint64(1); seed <= 50; seed++ {
		path, _ := randomPath(seed+1_000_000, corpusSteps, false)
		p := NewBreakout()
		want = append(want, lifecycle.PositionMain) // the config line
		for _, in := range append(path, InLeave) {
			pos, _ := p.Step(in)
			want = append(want, pos)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d results, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("result %d: position %v, a direct run gives %v", i, got[i], want[i])
		}
	}
}
