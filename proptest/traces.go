package proptest

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// generatedLine is one line of a generated trace: its text and what its
// writer meant by it.
type generatedLine struct {
	Text []byte
	Line traceLine
}

// drawTrace draws a whole trace (docs/TRACE.md): an optional config line,
// then SDK events (readable or not), actions, outcomes of the effects in
// flight, ticks at the moments timers fall due, the end of the meeting,
// blank lines and lines that cannot be read, with "at" on most lines and
// now and then one earlier than the clock. A reference model follows the
// trace as it is drawn, so that outcomes answer effects really in flight.
func drawTrace(t *rapid.T) []generatedLine {
	tm := newTraceModel()
	var lines []generatedLine
	add := func(l generatedLine) {
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
func drawAt(t *rapid.T, tm *traceModel, tick bool) (string, traceLine) {
	var l traceLine
	switch rapid.IntRange(0, 19).Draw(t, "atKind") {
	case 0, 1, 2, 3, 4, 5: // no "at": the previous line's time
		return "", l
	case 6: // earlier than the clock: refused, and the clock stays
		l.HasAt, l.At = true, tm.Clock().Add(-time.Second)
	case 7:
		return `"at":"yesterday",`, traceLine{Unreadable: kindError(errcodes.UnknownInput, rule.R24)}
	default:
		base := tm.Clock()
		if base.Before(runStart) {
			base = runStart
		}
		if tick {
			l.At = drawTickTime(t, base, tm.model().PendingTimers())
		} else {
			l.At = drawAdvance(t, base, tm.model().PendingTimers())
		}
		l.HasAt = true
	}
	return fmt.Sprintf(`"at":%q,`, l.At.UTC().Format(time.RFC3339Nano)), l
}

func configLine(t *rapid.T, tm *traceModel) generatedLine {
	at, l := drawAt(t, tm, false)
	cfg := drawConfig(t)
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
	return generatedLine{Text: []byte("{" + at + `"config":{` + strings.Join(fields, ",") + "}}"), Line: l}
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

func drawTraceLine(t *rapid.T, tm *traceModel) generatedLine {
	kind := rapid.IntRange(0, 39).Draw(t, "lineKind")
	switch kind {
	case 37:
		blank := rapid.SampledFrom([]string{"", "   ", " \t\r"}).Draw(t, "blank")
		return generatedLine{Text: []byte(blank), Line: traceLine{Blank: true}}
	case 38:
		bad := rapid.SampledFrom(badLines).Draw(t, "badLine")
		return generatedLine{Text: []byte(bad), Line: traceLine{Unreadable: kindError(errcodes.UnknownInput, rule.R24)}}
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
		ev := drawEvent(t, now)
		body = `"sdk":` + string(ev.JSON)
		if ev.Malformed != "" {
			switch {
			case l.Unreadable != nil:
			case !json.Valid(ev.JSON): // the whole line is not JSON then, its "at" unread
				l.Unreadable = kindError(errcodes.UnknownInput, rule.R24)
				l.HasAt = false
			default:
				l.Unreadable = sdkError(errcodes.UpdateFailed, rule.R24)
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
		in := drawOutcome(t, tm.model().InFlight())
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
	return generatedLine{Text: []byte("{" + at + body + "}"), Line: l}
}

// traceProperty replays a drawn trace with internal/trace (trace.Replay,
// what `breakoutfsm replay --json` runs) and with the reference model; every
// line must give the same position, effects and error, read back from the
// JSON the replay writes.
func (s *suite) traceProperty(rt *rapid.T) {
	s.traces.check(rt, drawTrace(rt))
}
