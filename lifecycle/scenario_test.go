package lifecycle_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breakoutfsm/breakoutfsm/lifecycle/internal/golden"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/trace"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

var update = flag.Bool("update", false, "rewrite the expected results of the golden scenarios in testdata/scenarios")

// A scenario is a trace (docs/TRACE.md) with, below each line, the result
// the engine must give: "=> position/state effects" and, for an error,
// "!! subcode-or-kind rule". Lines starting with # are comments. The -update
// flag rewrites the expected results from what the engine does now: review
// the diff before committing it.
func runScenario(t *testing.T, name string) {
	t.Helper()
	path := filepath.Join("testdata", "scenarios", name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading scenario: %v", err)
	}
	golden.Check(t, path, playScenario(src), *update)
}

func playScenario(src []byte) []byte {
	r := trace.NewRunner()
	var out bytes.Buffer
	for _, line := range strings.Split(strings.TrimSuffix(string(src), "\n"), "\n") {
		if strings.HasPrefix(line, "=>") || strings.HasPrefix(line, "!!") {
			continue
		}
		out.WriteString(line)
		out.WriteByte('\n')
		if strings.HasPrefix(line, "#") {
			continue
		}
		res, ok := r.Next([]byte(line))
		if !ok {
			continue
		}
		out.WriteString(formatResult(&res))
	}
	return out.Bytes()
}

func formatResult(res *trace.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "=> %s/%s", res.Position, res.State)
	if len(res.Effects) > 0 {
		b.WriteString(" ")
		b.WriteString(lifecycle.FormatEffects(res.Effects))
	}
	b.WriteString("\n")
	if res.Err != nil {
		b.WriteString("!! ")
		b.WriteString(errorTag(res.Err))
		b.WriteString("\n")
	}
	return b.String()
}

func errorTag(e *errcodes.Error) string {
	tag := e.Kind.Error()
	if e.Kind == errcodes.KindSDK {
		tag = fmt.Sprint(uint16(e.Subcode))
		if e.WrappedBy != 0 {
			tag += fmt.Sprintf(" wrappedBy=%d", uint16(e.WrappedBy))
		}
	}
	return tag + " " + e.Rule.String()
}
