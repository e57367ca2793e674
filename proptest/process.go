package proptest

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// defaultTraceTimeout is how long CheckProcess waits for one trace unless
// TraceTimeout says otherwise.
const defaultTraceTimeout = 10 * time.Second

// maxOutput bounds what an engine may write for one trace; a trace of 41
// lines takes a few kilobytes.
const maxOutput = 16 << 20

// processShrinkTime bounds rapid's shrinking of a trace a process failed
// on: its shrinker tries tens of thousands of smaller cases, each a process
// here. The pass that removes lines one at a time does the rest.
const processShrinkTime = 5 * time.Second

// stderrTail is how much of an engine's standard error a failure shows.
const stderrTail = 2 << 10

// TraceTimeout sets how long CheckProcess gives the engine for one trace,
// from its start to its exit; the default (and what zero or less means) is
// 10 s. An engine that is not
// done by then is killed (with the processes it started, on Unix) and the
// test fails at once with the trace it was given: such a case is not
// shrunk, since each attempt would wait as long again.
func TraceTimeout(d time.Duration) Option { return func(o *options) { o.timeout = d } }

// CheckProcess checks an engine in another process, in any language,
// through the trace contract of docs/TRACE.md, with the default options:
// it is CheckProcessWith(t, argv).
func CheckProcess(t testing.TB, argv ...string) {
	t.Helper()
	CheckProcessWith(t, argv)
}

// CheckProcessWith checks the engine the command argv runs (argv[0] is
// looked up in PATH, as exec.Command does) through the trace contract of
// docs/TRACE.md, which is what `breakoutfsm replay --json -` does:
//
//   - one process per trace: for each generated trace CheckProcessWith
//     starts the command, in the test's working directory and environment,
//     writes the whole trace to its standard input (JSON Lines, each line
//     ending in a newline, the first perhaps a config line) and closes it;
//   - the engine writes to its standard output one result line per
//     non-blank input line, in order, and nothing else:
//     {"line":N,"position":…,"effects":[…],"error":…}, with "state"
//     optional and other keys ignored; blank lines get no result;
//   - then it exits with status 0 (refusals are results, not failures),
//     within TraceTimeout (10 s by default). What it writes on its standard
//     error is shown when it fails.
//
// Each result line is compared with the reference model, as Check's trace
// property compares internal/trace's: "line" is the input line's number
// (from 1, blank lines counted); "position" is the model's; "state", if
// written, is a state of that position; the effects are the model's, in
// order, field for field ("at" as an instant: any RFC 3339 spelling); the
// error is null when the model expects none, else the model's object
// field for field ("subcode", "code", "category" and "wrappedBy", or
// "kind"; "rule"), with a "message" string whose text is free. (Whether a
// line was refused, which Check also compares, is not in the contract.)
//
// Traces are drawn as Check's trace property draws them: up to 41 lines of
// SDK events (readable or not), actions, outcomes of the effects in flight,
// ticks when timers fall due, the end of the meeting, blank lines, lines
// that are not JSON, "at" times that go backwards, and config lines, first
// or not. The empty trace is checked first (no output, status 0). A trace
// the engine fails on is shrunk by rapid (and saved under testdata/rapid/,
// as Check's are); then every line the failure does not need is removed,
// repeated lines first, replaying each shorter trace to confirm that the
// engine still fails the same way. The failure prints that trace, ready for
// `breakoutfsm replay --json -`, with what differed, or, for an engine
// that exited early, its exit status and the end of its standard error. An
// engine that cannot be started, or does not finish a trace in time, fails
// the test at once.
//
// Of the options, Checks (how many traces; DefaultChecks by default, a
// fifth with -short) and TraceTimeout apply. Each trace starts a process:
// at a few milliseconds a process, the default takes seconds for a
// compiled engine and a minute or two for one on a runtime that starts
// slowly; Checks(200) is a quick run.
//
// The meeting level (CheckMeeting) has no trace contract, so no process
// form.
func CheckProcessWith(t testing.TB, argv []string, opts ...Option) {
	t.Helper()
	if len(argv) == 0 {
		t.Fatal("CheckProcess: no command")
	}
	o := makeOptions(opts)
	checks := o.checks
	if testing.Short() {
		checks = max(1, checks/5)
	}
	if o.timeout <= 0 {
		o.timeout = defaultTraceTimeout
	}
	p := &process{argv: argv, timeout: o.timeout}
	c := &traceChecker{prefix: "CheckProcess: ", engine: p, known: map[string]int{}, skipKnown: o.skipKnown, shrinkFor: processShrinkTime}
	c.abort = func(report string) {
		t.Helper()
		t.Fatalf("CheckProcess: %s", report)
	}
	c.stop = func() {
		t.Helper()
		c.minimizeLast(t)
		t.FailNow()
	}
	if f := c.run(nil); f != nil {
		if f.hang {
			c.abort(f.report())
		}
		t.Fatalf("CheckProcess: the empty trace: %s", f.report())
	}
	n := runChecks(t, func(rt *rapid.T) { c.check(rt, drawTrace(rt)) }, checks, c.minimizeLast)
	t.Logf("CheckProcess: %d traces through %s, one process each", n, p)
}

// process is an engine behind a command: one process per trace.
type process struct {
	argv    []string
	timeout time.Duration
}

func (p *process) String() string { return "the command `" + strings.Join(p.argv, " ") + "`" }

func (p *process) replay(text []byte) replayOutput {
	ctx, cancel := context.WithTimeout(context.Background(), p.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.argv[0], p.argv[1:]...)
	cmd.Stdin = bytes.NewReader(text)
	stdout := &cappedBuffer{max: maxOutput}
	stderr := &tailBuffer{max: stderrTail}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	killTree(cmd)
	// After the process exits (or is killed), wait at most this long for
	// whatever it left holding its output to let go.
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	out := replayOutput{stdout: stdout.buf.Bytes(), stderr: stderr.bytes(), overflow: stdout.overflow}
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		out.timedOut = true
	case cmd.Process == nil && err != nil:
		out.startErr = err
	case errors.As(err, &exit):
		out.exit, out.status = exit.ExitCode(), exit.String()
	case err != nil && !errors.Is(err, exec.ErrWaitDelay):
		out.exit, out.status = -1, err.Error()
	}
	return out
}

// cappedBuffer keeps the first max bytes written to it.
type cappedBuffer struct {
	buf      bytes.Buffer
	max      int
	overflow bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); len(p) > room {
		b.overflow = true
		b.buf.Write(p[:max(room, 0)])
		return len(p), nil
	}
	return b.buf.Write(p)
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	buf []byte
	max int
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) bytes() []byte { return b.buf }
