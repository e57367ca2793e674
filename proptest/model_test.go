package proptest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/trace"
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
	r := NewTraceModel()
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
				i+1, line, wantPos, wantEffects, wantErr, got.position, got.effects, got.err, r.Model())
		}
	}
}

// knownScenarioDifferences maps "file:line" of a golden scenario to the
// reported disagreement the model's result differs by.
var knownScenarioDifferences = map[string]string{}

type scenarioOut struct{ position, effects, err string }

func scenarioResult(e Expectation) scenarioOut {
	out := scenarioOut{position: e.Position.String(), effects: lifecycle.FormatEffects(e.Effects)}
	if e.Err != nil {
		tag := e.Err.Kind.String()
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
func traceLineOf(l trace.Line) TraceLine {
	out := TraceLine{Blank: l.Kind == trace.LineBlank, HasAt: l.HasAt, At: l.At, Input: l.Input}
	switch {
	case l.Err != nil:
		out.Unreadable = &ExpectedError{Kind: l.Err.Kind, Subcode: l.Err.Subcode, Rule: l.Err.Rule}
	case l.Kind == trace.LineConfig:
		c := l.Config
		out.Config = &c
	}
	return out
}
