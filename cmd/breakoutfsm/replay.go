package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/breakoutfsm/breakoutfsm/internal/trace"
)

const replayAbout = `Replays a trace of one participant (JSON Lines, one input a line, in the format
docs/TRACE.md states) through the engine and prints the result of every non-blank line: a table, or
with --json one JSON object per line. FILE '-' reads standard input; flags may come
before or after it. A leading UTF-8 byte order mark is skipped. A line longer than
--max-line is a refused line (unknownInput, its reason names the limit), skipped without
being held, and the replay goes on. The table is written row by row: its columns widen to
the widest cell so far, and a trace's control characters are shown escaped (\x1b, \r).
Refused lines are results, not failures: the exit status is 0 when the file was read to
the end, 2 when it could not be read or for a usage error.`

// replayTrace is trace.ReplayWith. A test build with the
// breakoutfsm_plantbug tag replaces it with a replay that has one bug
// planted (plantbug.go), so that proptest can show that CheckProcess catches
// it.
var replayTrace = trace.ReplayWith

// The limits of --max-line.
const (
	minMaxLine = 1 << 10
	maxMaxLine = 1 << 30
)

func runReplay(args []string, e *env) int {
	fs := newFlags("replay", "[--json] [--max-line SIZE] FILE|-", replayAbout, e)
	asJSON := fs.Bool("json", false, "print one JSON object per line (the format of docs/TRACE.md)")
	maxLine := &byteSizeFlag{n: trace.DefaultMaxLine, min: minMaxLine, max: maxMaxLine}
	fs.Var(maxLine, "max-line", "the longest line read, such as 64KiB or 4MiB, from 1KiB to 1GiB")
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
			return usageError(e, "replay", "cannot read the trace: %s", trace.Printable(err.Error()))
		}
		defer f.Close()
		in = f
	}
	// On a terminal every row shows as soon as it is replayed; elsewhere
	// rows are written in blocks.
	var w io.Writer = e.stdout
	var buf *bufio.Writer
	if !isTerminal(e.stdout) {
		buf = bufio.NewWriterSize(e.stdout, 64<<10)
		w = buf
	}
	err := replayTrace(in, w, trace.ReplayOptions{JSON: *asJSON, MaxLine: int(maxLine.n)})
	if buf != nil {
		if ferr := buf.Flush(); err == nil {
			err = ferr
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "breakoutfsm replay: reading %s: %s\n", trace.Printable(name), trace.Printable(err.Error()))
		return exitUsage
	}
	return exitOK
}
