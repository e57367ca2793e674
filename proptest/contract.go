package proptest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/internal/trace"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// This file checks engines through the trace contract (docs/TRACE.md):
// a whole trace goes in, one JSON result line per non-blank input line
// comes out, and each is compared with the reference model. The engine is
// internal/trace's own replay (the suite's trace property) or a command
// (CheckProcess); both are read back from the JSON they write, so that
// they are held to the same contract.

// replayer runs a whole trace through an engine, as `breakoutfsm replay
// --json -` does.
type replayer interface {
	replay(trace []byte) replayOutput
	// String names the engine in failure reports.
	String() string
}

// replayOutput is what an engine did with one trace.
type replayOutput struct {
	stdout []byte
	// stderr is the tail of what the engine wrote on its standard error.
	stderr   []byte
	exit     int    // the exit status; 0 when it finished well
	status   string // how it ended, when not well: "exit status 2", "signal: killed"
	startErr error  // the engine could not be started
	timedOut bool   // it did not finish within the deadline and was killed
	overflow bool   // it wrote more than maxOutput bytes
}

// inProcessReplay is internal/trace's replay, what `breakoutfsm replay
// --json -` runs, in this process.
type inProcessReplay struct{}

func (inProcessReplay) replay(text []byte) replayOutput {
	var out bytes.Buffer
	if err := trace.Replay(bytes.NewReader(text), &out, true); err != nil {
		return replayOutput{stdout: out.Bytes(), stderr: []byte(err.Error()), exit: 2, status: "exit status 2"}
	}
	return replayOutput{stdout: out.Bytes()}
}

func (inProcessReplay) String() string { return "trace.Replay" }

// traceChecker checks traces against one engine and keeps the last one
// that failed, for the pass that shortens it further.
type traceChecker struct {
	prefix    string // starts its reports: "CheckProcess: "
	engine    replayer
	cov       *coverage      // rules named by the engine's errors; may be nil
	known     map[string]int // inputs skipped for reported disagreements
	skipKnown bool
	// abort, when set, stops the test at once with a report: an engine that
	// hangs is not shrunk, since every attempt would wait the whole deadline.
	abort func(report string)
	last  *traceFailure
	// shrinkFor, when set, bounds the time rapid's shrinking may spend on
	// an engine that is slow to replay (a process each time): rapid's
	// shrinker tries tens of thousands of smaller cases. Past it, the next
	// case calls stop, which takes the smallest failure found so far (last)
	// on through the pass that removes lines, reports it and ends the test.
	shrinkFor    time.Duration
	stop         func()
	firstFailure time.Time
}

// traceFailure is a trace the engine failed on.
type traceFailure struct {
	lines []generatedLine
	// sig says what failed and on what kind of line: the pass that removes
	// lines keeps a removal only if the failure stays the same.
	sig  string
	what string // what failed, for the report
	// hang is set for an engine that could not be started or did not finish
	// in time.
	hang bool
}

// report is the failure with its trace, ready for `breakoutfsm replay`.
func (f *traceFailure) report() string {
	return fmt.Sprintf("%s\n%s", f.what, formatTrace(f.lines))
}

// formatTrace writes a trace for a failure report: its lines as they are,
// under a heading that counts them.
func formatTrace(lines []generatedLine) string {
	var b strings.Builder
	fmt.Fprintf(&b, "trace (docs/TRACE.md, %d lines; `breakoutfsm replay --json -` reads it):\n", len(lines))
	for _, l := range lines {
		b.Write(l.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

func traceBytes(lines []generatedLine) []byte {
	var b bytes.Buffer
	for _, l := range lines {
		b.Write(l.Text)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// check is the property's body: the trace must pass.
func (c *traceChecker) check(rt *rapid.T, lines []generatedLine) {
	if c.shrinkFor > 0 && !c.firstFailure.IsZero() && time.Since(c.firstFailure) > c.shrinkFor {
		c.stop()
	}
	lines = c.cutAtKnown(lines)
	f := c.run(lines)
	if f == nil {
		return
	}
	if c.firstFailure.IsZero() {
		c.firstFailure = time.Now()
	}
	c.last = f
	if f.hang && c.abort != nil {
		c.abort(f.report() + "(not shrunk: every attempt would wait as long again)")
	}
	rt.Fatalf("%s", f.report())
}

// cutAtKnown ends the trace before the first line that hits a reported
// disagreement: the rest of the trace follows from it.
func (c *traceChecker) cutAtKnown(lines []generatedLine) []generatedLine {
	if !c.skipKnown || len(knownDisagreements) == 0 {
		return lines
	}
	tm := newTraceModel()
	for i, l := range lines {
		if l.Line.Unreadable == nil && !l.Line.Blank && l.Line.Config == nil {
			now := tm.Clock()
			if l.Line.HasAt && !l.Line.At.Before(now) {
				now = l.Line.At
			}
			if name := knownDisagreement(tm.model(), step{in: l.Line.Input, now: now}, false); name != "" {
				c.known[name]++
				return lines[:i]
			}
		}
		tm.Line(l.Line)
	}
	return lines
}

// expectedLine is what the model expects of one non-blank line.
type expectedLine struct {
	number int // the line's number in the trace, from 1
	line   generatedLine
	exp    expectation
	facts  string // the model's facts after the line
}

// expect replays the trace through the reference model.
func expect(lines []generatedLine) []expectedLine {
	tm := newTraceModel()
	var out []expectedLine
	for i, l := range lines {
		if exp, ok := tm.Line(l.Line); ok {
			out = append(out, expectedLine{number: i + 1, line: l, exp: exp, facts: tm.model().String()})
		}
	}
	return out
}

// run replays the trace through the engine and through the model and
// compares them; nil when they agree and the engine finished well.
func (c *traceChecker) run(lines []generatedLine) *traceFailure {
	wants := expect(lines)
	out := c.engine.replay(traceBytes(lines))
	fail := func(sig string, hang bool, format string, args ...any) *traceFailure {
		what := fmt.Sprintf(format, args...)
		if len(out.stderr) > 0 {
			what += fmt.Sprintf("\n  its standard error ended with:\n    %s", strings.ReplaceAll(strings.TrimRight(string(out.stderr), "\n"), "\n", "\n    "))
		}
		return &traceFailure{lines: lines, sig: sig, what: what, hang: hang}
	}
	got := resultLines(out.stdout)
	switch {
	case out.startErr != nil:
		return fail("start", true, "%s could not be started: %v", c.engine, out.startErr)
	case out.timedOut:
		return fail("hang", true, "%s did not finish the trace within the deadline (TraceTimeout) and was killed; it had written %d of the %d result lines",
			c.engine, len(got), len(wants))
	}
	for i, w := range wants {
		if i >= len(got) {
			break
		}
		r, err := parseResult(got[i])
		if err != nil {
			return fail("unreadable result on "+lineKind(w.line), false, "result line %d of %s is not a result line of docs/TRACE.md (%v):\n  %s\nwant one for line %d of the trace, %s",
				i+1, c.engine, err, got[i], w.number, w.line.Text)
		}
		if field, why := r.compare(w); field != "" {
			return fail(field+" on "+lineKind(w.line), false, "line %d of the trace, %s: %s\n  engine: %s\n  model:  %s\n  model facts after the line: %s",
				w.number, w.line.Text, why, got[i],
				describeResult(w.exp.Position, w.exp.Effects, w.exp.Err.String(), w.exp.Refused), w.facts)
		}
		if c.cov != nil && rule.Valid(r.rule) {
			c.cov.rule(r.rule)
		}
	}
	switch {
	case out.overflow:
		return fail("too much output", false, "%s wrote more than %d bytes for a trace of %d lines", c.engine, maxOutput, len(lines))
	case len(got) > len(wants):
		return fail("extra results", false, "%s wrote %d result lines for the %d non-blank lines of the trace (one each, blank lines none); the first extra one:\n  %s",
			c.engine, len(got), len(wants), got[len(wants)])
	case out.exit != 0:
		return fail("crash", false, "%s ended with %s after writing %d of the %d result lines (the contract: exit status 0 once the trace is read to the end)",
			c.engine, out.status, len(got), len(wants))
	case len(got) < len(wants):
		return fail("crash", false, "%s exited with status 0 after writing %d of the %d result lines; the first one missing is for line %d of the trace, %s",
			c.engine, len(got), len(wants), wants[len(got)].number, wants[len(got)].line.Text)
	}
	return nil
}

// lineKind names the kind of a trace line, for a failure's signature.
func lineKind(l generatedLine) string {
	switch {
	case l.Line.Blank:
		return "blank"
	case l.Line.Unreadable != nil:
		return "unreadable"
	case l.Line.Config != nil:
		return "config"
	}
	return l.Line.Input.Kind.String()
}

// resultLines splits what the engine wrote into lines, without their
// newline (and a CR before it).
func resultLines(out []byte) [][]byte {
	var lines [][]byte
	for len(out) > 0 {
		i := bytes.IndexByte(out, '\n')
		if i < 0 {
			lines = append(lines, out)
			break
		}
		lines = append(lines, bytes.TrimSuffix(out[:i], []byte{'\r'}))
		out = out[i+1:]
	}
	return lines
}

// result is one result line as the engine wrote it.
type result struct {
	line     int
	position string
	state    string // "" when the engine does not write one
	effects  []map[string]any
	err      map[string]any // nil for "error":null
	rule     errcodes.Rule  // the error's rule, for the coverage count
}

// parseResult reads a result line: an object with "line", "position",
// "effects" and "error", and perhaps "state". Other keys are allowed.
func parseResult(b []byte) (result, error) {
	var r result
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil || obj == nil {
		return r, fmt.Errorf("not a JSON object")
	}
	for _, key := range []string{"line", "position", "effects", "error"} {
		if _, ok := obj[key]; !ok {
			return r, fmt.Errorf("no %q", key)
		}
	}
	if err := json.Unmarshal(obj["line"], &r.line); err != nil {
		return r, fmt.Errorf(`"line" is not a whole number`)
	}
	if err := json.Unmarshal(obj["position"], &r.position); err != nil {
		return r, fmt.Errorf(`"position" is not a string`)
	}
	if s, ok := obj["state"]; ok {
		if err := json.Unmarshal(s, &r.state); err != nil {
			return r, fmt.Errorf(`"state" is not a string`)
		}
	}
	var effects []json.RawMessage
	if err := json.Unmarshal(obj["effects"], &effects); err != nil || effects == nil {
		return r, fmt.Errorf(`"effects" is not an array`)
	}
	for i, e := range effects {
		m, err := decodeObject(e)
		if err != nil {
			return r, fmt.Errorf("effect %d is not an object", i+1)
		}
		r.effects = append(r.effects, m)
	}
	if string(bytes.TrimSpace(obj["error"])) != "null" {
		m, err := decodeObject(obj["error"])
		if err != nil {
			return r, fmt.Errorf(`"error" is neither null nor an object`)
		}
		r.err = m
		if name, ok := m["rule"].(string); ok {
			r.rule = ruleNamed(name)
		}
	}
	return r, nil
}

func decodeObject(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, fmt.Errorf("not an object")
	}
	return m, nil
}

func ruleNamed(name string) errcodes.Rule {
	for _, r := range rule.All() {
		if r.String() == name {
			return r
		}
	}
	return rule.Invalid
}

// compare checks a result line against what the model expects of its line:
// the line number, the position (and that a state, if written, is a state of
// that position), the effects in order, and the error (an SDK subcode with
// its HTTP code, category and wrapping, or a project kind; the rule; a
// message, whose text is free). It returns the field that differs and how,
// or "".
func (r result) compare(w expectedLine) (field, why string) {
	if r.line != w.number {
		return "line", fmt.Sprintf(`"line" is %d, want %d`, r.line, w.number)
	}
	if want := w.exp.Position.String(); r.position != want {
		return "position", fmt.Sprintf("the engine is in %s, the model in %s", r.position, want)
	}
	if r.state != "" {
		if st, ok := stateNamed(r.state); !ok || st.Position().String() != r.position {
			return "state", fmt.Sprintf("%q is not a state of position %s", r.state, r.position)
		}
	}
	if len(r.effects) != len(w.exp.Effects) {
		return "effects", fmt.Sprintf("the engine's effects are not the model's [%s]", lifecycle.FormatEffects(w.exp.Effects))
	}
	for i, e := range w.exp.Effects {
		want, _ := decodeObject(e.AppendJSON(nil))
		if !sameFields(r.effects[i], want, "") {
			return "effects", fmt.Sprintf("effect %d is not the model's %s (effects [%s])", i+1, e.AppendJSON(nil), lifecycle.FormatEffects(w.exp.Effects))
		}
	}
	want := errorObject(w.exp.Err)
	switch {
	case want == nil && r.err == nil:
		return "", ""
	case want == nil:
		return "error", fmt.Sprintf("the engine reports an error, the model none")
	case r.err == nil:
		return "error", fmt.Sprintf("the engine reports no error, the model %s", w.exp.Err)
	}
	if _, ok := r.err["message"].(string); !ok {
		return "error", `the error has no "message" string`
	}
	if !sameFields(r.err, want, "message") {
		return "error", fmt.Sprintf("the model's error is %s", w.exp.Err)
	}
	return "", ""
}

// errorObject is the error object §7 writes for an expected error, as
// errcodes writes it, decoded.
func errorObject(e *expectedError) map[string]any {
	if e == nil {
		return nil
	}
	var err *errcodes.Error
	switch {
	case e.Kind != errcodes.KindSDK:
		err = errs.NewKind(e.Kind, e.Rule, "")
	case e.Wrapped:
		err = errs.Wrapped(e.Subcode, e.Rule)
	default:
		err = errs.New(e.Subcode, e.Rule)
	}
	b, jerr := err.MarshalJSON()
	if jerr != nil {
		return map[string]any{"unwritable": jerr.Error()}
	}
	m, _ := decodeObject(b)
	return m
}

// sameFields reports whether two decoded objects have the same keys (but
// skip) with the same values; "at" is compared as a time, so that any
// RFC 3339 spelling of the instant is accepted.
func sameFields(got, want map[string]any, skip string) bool {
	n := 0
	for k, w := range want {
		if k == skip {
			continue
		}
		n++
		g, ok := got[k]
		if !ok {
			return false
		}
		if k == "at" {
			gs, _ := g.(string)
			ws, _ := w.(string)
			gt, gerr := time.Parse(time.RFC3339Nano, gs)
			wt, werr := time.Parse(time.RFC3339Nano, ws)
			if gerr != nil || werr != nil || !gt.Equal(wt) {
				return false
			}
			continue
		}
		if !reflect.DeepEqual(g, w) {
			return false
		}
	}
	for k := range got {
		if k == skip {
			continue
		}
		if _, ok := want[k]; !ok {
			return false
		}
	}
	return true
}

func stateNamed(name string) (lifecycle.State, bool) {
	for _, s := range lifecycle.AllStates() {
		if s.String() == name {
			return s, true
		}
	}
	return 0, false
}
