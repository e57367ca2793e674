package proptest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/trace"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// TestModelAgreesWithGoldenScenarios replays the engine's golden scenarios
// (lifecycle/testdata/scenarios) through the reference model. The scenarios
// are the engine's own expectations, so a difference here is either a model
// mistake or a disagreement to report; knownScenarioDifferences lists the
// reported ones.
func TestModelAgreesWithGoldenScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "lifecycle", "testdata", "scenarios", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Skipf("no golden scenarios found: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			checkScenarioAgainstModel(t, filepath.Base(path), string(src))
		})
	}
}

func checkScenarioAgainstModel(t *testing.T, name, src string) {
	r := newTraceModel()
	lines := strings.Split(strings.TrimSuffix(src, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "=>") || strings.HasPrefix(line, "!!") {
			continue
		}
		var want []string
		for j := i + 1; j < len(lines) && (strings.HasPrefix(lines[j], "=>") || strings.HasPrefix(lines[j], "!!")); j++ {
			want = append(want, lines[j])
		}
		exp, ok := r.Line(traceLineOf(trace.ParseLine([]byte(line))))
		if !ok {
			continue
		}
		got := scenarioResult(exp)
		if key := name + ":" + fmt.Sprint(i+1); knownScenarioDifferences[key] != "" {
			t.Logf("line %d: known difference (%s)", i+1, knownScenarioDifferences[key])
			continue
		}
		if len(want) == 0 {
			t.Fatalf("line %d: no expected result in the scenario", i+1)
		}
		wantPos, _, _ := strings.Cut(strings.TrimPrefix(want[0], "=> "), "/")
		_, wantEffects, _ := strings.Cut(want[0], " ")
		_, wantEffects, _ = strings.Cut(wantEffects, " ")
		wantErr := ""
		if len(want) > 1 {
			wantErr = strings.TrimPrefix(want[1], "!! ")
		}
		if got.position != wantPos || got.effects != wantEffects || got.err != wantErr {
			t.Fatalf("line %d: %s\n  engine: %s | %s | %s\n  model:  %s | %s | %s\n  model facts: %s",
				i+1, line, wantPos, wantEffects, wantErr, got.position, got.effects, got.err, r.model())
		}
	}
}

// knownScenarioDifferences maps "file:line" of a golden scenario to the
// reported disagreement the model's result differs by.
var knownScenarioDifferences = map[string]string{}

type scenarioOut struct{ position, effects, err string }

func scenarioResult(e expectation) scenarioOut {
	out := scenarioOut{position: e.Position.String(), effects: lifecycle.FormatEffects(e.Effects)}
	if e.Err != nil {
		tag := e.Err.Kind.Error()
		if e.Err.Kind == errcodes.KindSDK {
			tag = fmt.Sprint(uint16(e.Err.Subcode))
			if e.Err.Wrapped {
				tag += " wrappedBy=46261"
			}
		}
		out.err = tag + " " + e.Err.Rule.String()
	}
	return out
}

// traceLineOf turns a parsed line into what the model reads.
func traceLineOf(l trace.Line) traceLine {
	out := traceLine{Blank: l.Kind == trace.LineBlank, HasAt: l.HasAt, At: l.At, Input: l.Input}
	switch {
	case l.Err != nil:
		out.Unreadable = &expectedError{Kind: l.Err.Kind, Subcode: l.Err.Subcode, Rule: l.Err.Rule}
	case l.Kind == trace.LineConfig:
		c := l.Config
		out.Config = &c
	}
	return out
}

// The reference model answers inputs as the behaviour of record says: here
// R3's auto-move falls due and R5's join effects follow.
func TestModelMovesAnAttendeeOnItsOwn(t *testing.T) {
	m := newModel(lifecycle.DefaultConfig())
	start := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	room := &lifecycle.Room{ThreadID: "19:r1", State: lifecycle.RoomOpen, AutoMove: true, HasAutoMove: true}
	var got []string
	for _, step := range []struct {
		in lifecycle.Input
		at time.Duration
	}{
		{lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: room}, 0},
		{lifecycle.Input{Kind: lifecycle.InputTick}, 3 * time.Second},
		{lifecycle.Input{Kind: lifecycle.InputHoldMainOK}, 3 * time.Second},
		{lifecycle.Input{Kind: lifecycle.InputJoinBreakoutOK}, 3 * time.Second},
	} {
		e := m.Apply(step.in, start.Add(step.at))
		got = append(got, strings.TrimSpace(fmt.Sprint(step.in.Kind, " => ", e.Position, " ", lifecycle.FormatEffects(e.Effects))))
	}
	want := []string{
		"assignedBreakoutRooms => assigned schedule(autoMove@2026-01-05T10:00:03Z) notify(assignedBreakoutRoomOpened)",
		"tick => joining holdMain joinBreakout(19:r1) dismiss(assignedBreakoutRoomOpened)",
		"holdMainOk => joining",
		"joinBreakoutOk => in_room hangUpMain notify(breakoutRoomJoined)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the model answers\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
