package proptest

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/trace"
)

// GeneratedLine is one line of a generated trace: its text and what its
// writer meant by it.
type GeneratedLine struct {
	Text []byte
	Line TraceLine
}

// DrawTrace draws a whole trace (docs/TRACE.md): an optional config line,
// then SDK events (readable or not), actions, outcomes of the effects in
// flight, ticks at the moments timers fall due, the end of the meeting,
// blank lines and lines that cannot be read, with "at" on most lines and
// now and then one earlier than the clock. A reference model follows the
// trace as it is drawn, so that outcomes answer effects really in flight.
func DrawTrace(t *rapid.T) []GeneratedLine {
	tm := NewTraceModel()
	var lines []GeneratedLine
	add := func(l GeneratedLine) {
		tm.Line(l.Line)
		lines = append(lines, l)
	}
	if rapid.IntRange(0, 2).Draw(t, "configFirst") == 0 {
		add(configLine(t, tm))
	}
	n := rapid.IntRange(1, 40).Draw(t, "lines")
	for range n {
		add(drawTraceLine(t, tm))
	}
	return lines
}

// drawAt draws the "at" of a line: none, a readable time (at the moments
// timers fall due, for a tick), one earlier than the clock, or one that
// cannot be read. It returns the text that starts the line's object and the
// trace line it begins.
func drawAt(t *rapid.T, tm *TraceModel, tick bool) (string, TraceLine) {
	var l TraceLine
	switch rapid.IntRange(0, 19).Draw(t, "atKind") {
	case 0, 1, 2, 3, 4, 5: // no "at": the previous line's time
		return "", l
	case 6: // earlier than the clock: refused, and the clock stays
		l.HasAt, l.At = true, tm.Clock().Add(-time.Second)
	case 7:
		return `"at":"yesterday",`, TraceLine{Unreadable: kindError(errcodes.UnknownInput, errcodes.R24)}
	default:
		base := tm.Clock()
		if base.Before(Start) {
			base = Start
		}
		if tick {
			l.At = DrawTickTime(t, base, tm.Model().PendingTimers())
		} else {
			l.At = DrawAdvance(t, base, tm.Model().PendingTimers())
		}
		l.HasAt = true
	}
	return fmt.Sprintf(`"at":%q,`, l.At.UTC().Format(time.RFC3339Nano)), l
}

func configLine(t *rapid.T, tm *TraceModel) GeneratedLine {
	at, l := drawAt(t, tm, false)
	cfg := DrawConfig(t)
	meeting := "teams"
	if cfg.Meeting != lifecycle.MeetingTeams {
		meeting = "other"
	}
	fields := []string{
		fmt.Sprintf(`"role":%q`, cfg.Role),
		fmt.Sprintf(`"meeting":%q`, meeting),
		fmt.Sprintf(`"featureEnabled":%v`, cfg.FeatureEnabled),
		fmt.Sprintf(`"autoMoveDelayMs":%d`, cfg.AutoMoveDelay.Milliseconds()),
		fmt.Sprintf(`"hangUpDelayMs":%d`, cfg.HangUpDelay.Milliseconds()),
		fmt.Sprintf(`"roomEndGraceMs":%d`, cfg.RoomEndGrace.Milliseconds()),
	}
	if l.Unreadable == nil {
		l.Config = &cfg
	}
	return GeneratedLine{Text: []byte("{" + at + `"config":{` + strings.Join(fields, ",") + "}}"), Line: l}
}

var actionNames = map[lifecycle.InputKind]string{
	lifecycle.InputJoin: "join", lifecycle.InputReturn: "returnToMainMeeting", lifecycle.InputHangUpBreakout: "hangUpBreakout",
	lifecycle.InputResumeMain: "resumeMain", lifecycle.InputLeaveMeeting: "leaveMeeting",
}

var outcomeNames = map[lifecycle.InputKind]string{
	lifecycle.InputHoldMainOK: "holdMain", lifecycle.InputHoldMainFailed: "holdMain",
	lifecycle.InputJoinBreakoutOK: "joinBreakout", lifecycle.InputJoinBreakoutFailed: "joinBreakout",
	lifecycle.InputHangUpMainOK: "hangUpMain", lifecycle.InputHangUpMainFailed: "hangUpMain",
	lifecycle.InputHangUpBreakoutOK: "hangUpBreakout", lifecycle.InputHangUpBreakoutFailed: "hangUpBreakout",
	lifecycle.InputResumeMainOK: "resumeMain", lifecycle.InputResumeMainFailed: "resumeMain",
	lifecycle.InputRejoinMainOK: "rejoinMain", lifecycle.InputRejoinMainFailed: "rejoinMain",
}

// badLines are lines §7 refuses with unknownInput (R24) whatever the state.
var badLines = []string{
	`not json`,
	`{"action":"dance"}`,
	`{"tick":true,"meetingEnded":true}`,
	`{"wiggle":1}`,
	`{"tick":false}`,
	`{"outcome":{"op":"teleport","ok":true}}`,
	`[]`,
}

func drawTraceLine(t *rapid.T, tm *TraceModel) GeneratedLine {
	kind := rapid.IntRange(0, 39).Draw(t, "lineKind")
	switch kind {
	case 37:
		blank := rapid.SampledFrom([]string{"", "   ", " \t\r"}).Draw(t, "blank")
		return GeneratedLine{Text: []byte(blank), Line: TraceLine{Blank: true}}
	case 38:
		bad := rapid.SampledFrom(badLines).Draw(t, "badLine")
		return GeneratedLine{Text: []byte(bad), Line: TraceLine{Unreadable: kindError(errcodes.UnknownInput, errcodes.R24)}}
	case 39:
		return configLine(t, tm) // refused unless it is the first line
	}

	isTick := kind >= 30 && kind < 36
	at, l := drawAt(t, tm, isTick)
	var body string
	switch {
	case kind < 14: // an SDK event
		now := tm.Clock()
		if l.HasAt && !l.At.Before(now) {
			now = l.At
		}
		ev := DrawEvent(t, now)
		body = `"sdk":` + string(ev.JSON)
		if ev.Malformed != "" {
			switch {
			case l.Unreadable != nil:
			case !json.Valid(ev.JSON): // the whole line is not JSON then, its "at" unread
				l.Unreadable = kindError(errcodes.UnknownInput, errcodes.R24)
				l.HasAt = false
			default:
				l.Unreadable = sdkError(errcodes.UpdateFailed, errcodes.R24)
			}
		} else {
			l.Input = ev.Input
		}
	case kind < 20:
		k := rapid.SampledFrom([]lifecycle.InputKind{
			lifecycle.InputJoin, lifecycle.InputJoin, lifecycle.InputReturn, lifecycle.InputReturn,
			lifecycle.InputHangUpBreakout, lifecycle.InputResumeMain, lifecycle.InputLeaveMeeting,
		}).Draw(t, "traceAction")
		l.Input.Kind = k
		body = fmt.Sprintf(`"action":%q`, actionNames[k])
	case kind < 30:
		in := DrawOutcome(t, tm.Model().InFlight())
		l.Input = in
		ok := !strings.Contains(in.Kind.String(), "Failed")
		body = fmt.Sprintf(`"outcome":{"op":%q,"ok":%v`, outcomeNames[in.Kind], ok)
		if in.ThreadID != "" {
			body += fmt.Sprintf(`,"threadId":%q`, in.ThreadID)
		}
		body += "}"
	case isTick:
		l.Input.Kind = lifecycle.InputTick
		body = `"tick":true`
	case kind == 36:
		l.Input.Kind = lifecycle.InputMeetingEnded
		body = `"meetingEnded":true`
	}
	if l.Unreadable != nil {
		l.Input = lifecycle.Input{}
	}
	return GeneratedLine{Text: []byte("{" + at + body + "}"), Line: l}
}

// traceProperty replays a drawn trace with lifecycle/trace's Runner (the
// public contract of `breakoutfsm replay`) and with the reference model;
// every line must give the same position, effects and error.
func (s *Suite) traceProperty(rt *rapid.T) {
	lines := DrawTrace(rt)
	runner := trace.NewRunner()
	tm := NewTraceModel()
	var text strings.Builder
	for i, l := range lines {
		if s.skipKnown && l.Line.Unreadable == nil && !l.Line.Blank && l.Line.Config == nil {
			now := tm.Clock()
			if l.Line.HasAt && !l.Line.At.Before(now) {
				now = l.Line.At
			}
			if name := knownDisagreement(tm.Model(), step{in: l.Line.Input, now: now}, false); name != "" {
				s.known[name]++
				return // the rest of the trace follows from a reported disagreement
			}
		}
		text.Write(l.Text)
		text.WriteByte('\n')
		res, ok := runner.Next(l.Text)
		exp, eok := tm.Line(l.Line)
		if ok != eok {
			rt.Fatalf("line %d %q: the runner printed %v, the model %v\n%s", i+1, l.Text, ok, eok, text.String())
		}
		if !ok {
			continue
		}
		if res.Position != exp.Position || !sameEffects(res.Effects, exp.Effects) || !exp.Err.Matches(res.Err) {
			rt.Fatalf("line %d: %s\n  runner: %s\n  model:  %s\n  model facts: %s\ntrace:\n%s", i+1, l.Text,
				describeResult(res.Position, res.Effects, errString(res.Err), false),
				describeResult(exp.Position, exp.Effects, exp.Err.String(), false), tm.Model(), text.String())
		}
		if res.Err != nil {
			s.coverage.rule(res.Err.Rule)
		}
	}
}
