package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/breakoutfsm/breakoutfsm/lifecycle/trace"
)

const replayAbout = `Replays a trace of one participant (JSON Lines, one input a line, in the format
docs/TRACE.md states) through the engine and prints the result of every non-blank
line. FILE '-' reads standard input. Refused lines are results, not failures: the exit
status is 0 when the file was read to the end, 2 when it could not be read.`

// replayTrace is trace.Replay. A test build with the breakoutfsm_plantbug
// tag replaces it with a replay that has one bug planted (plantbug.go), so
// that proptest can show that CheckProcess catches it.
var replayTrace = trace.Replay

func runReplay(args []string, e *env) int {
	fs := newFlags("replay", "[--json] FILE|-", replayAbout, e)
	asJSON := fs.Bool("json", false, "print one JSON object per line (the result lines of docs/TRACE.md)")
	if code, ok := parseFlags(fs, args, e); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(e, "replay", "want exactly one trace file (or - for standard input), got %d arguments", fs.NArg())
	}
	name := fs.Arg(0)
	var in io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return usageError(e, "replay", "cannot read the trace: %v", err)
		}
		defer f.Close()
		in = f
	}
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	err := replayTrace(in, out, *asJSON)
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "breakoutfsm replay: reading %s: %v\n", name, err)
		return exitUsage
	}
	return exitOK
}
