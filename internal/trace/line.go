package trace

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/jsonscan"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// LineKind says what a trace line holds. The zero value is invalid.
type LineKind uint8

// Line kinds: a blank line, then the one input key a line carries.
const (
	LineInvalid      LineKind = iota // not a readable line: see Line.Err
	LineBlank                        // nothing but spaces, tabs and a final CR: skipped
	LineConfig                       // "config"
	LineSDK                          // "sdk"
	LineAction                       // "action"
	LineOutcome                      // "outcome"
	LineTick                         // "tick"
	LineMeetingEnded                 // "meetingEnded"
	lineKindEnd
)

// lineKeys are the line keys of the kinds that have one, indexed by kind.
var lineKeys = [lineKindEnd]string{
	LineConfig: "config", LineSDK: "sdk", LineAction: "action", LineOutcome: "outcome",
	LineTick: "tick", LineMeetingEnded: "meetingEnded",
}

// String names the kind by its line key ("sdk", "tick"); LineBlank is
// "blank", and a value that is no kind prints as LineKind(n).
func (k LineKind) String() string {
	switch {
	case k == LineBlank:
		return "blank"
	case k > LineBlank && k < lineKindEnd:
		return lineKeys[k]
	}
	return "LineKind(" + strconv.Itoa(int(k)) + ")"
}

// AllLineKinds lists every valid line kind.
func AllLineKinds() []LineKind {
	all := make([]LineKind, 0, lineKindEnd-1)
	for k := LineBlank; k < lineKindEnd; k++ {
		all = append(all, k)
	}
	return all
}

// Line is one trace line as read.
type Line struct {
	// Kind is the line's one input key when it has one, also when the line
	// is refused for its value or its "at"; LineInvalid when it has none,
	// several, an unknown key, or is not a JSON object.
	Kind LineKind
	// HasAt says the line carries a readable "at"; At is then that time, in
	// UTC. They are set even when the rest of the line is refused: the
	// trace's clock advances with every line.
	HasAt bool
	At    time.Time
	// Config is, for an accepted LineConfig, lifecycle.DefaultConfig() with
	// the line's keys applied.
	Config lifecycle.Config
	// Input is, for an accepted line of the other kinds, the input it
	// carries: InputTick for LineTick, InputMeetingEnded for
	// LineMeetingEnded.
	Input lifecycle.Input
	// Err refuses the line: unknownInput (rule R24) for a line, "at" or
	// config that cannot be read, 46258 (R24) for an unreadable SDK event.
	// Config and Input are then zero.
	Err *errcodes.Error
}

// The names a line may give, in the order messages list them.
var (
	actionNames = [...]struct {
		name string
		kind lifecycle.InputKind
	}{
		{"join", lifecycle.InputJoin},
		{"returnToMainMeeting", lifecycle.InputReturn},
		{"hangUpBreakout", lifecycle.InputHangUpBreakout},
		{"resumeMain", lifecycle.InputResumeMain},
		{"leaveMeeting", lifecycle.InputLeaveMeeting},
	}
	outcomeOps = [...]struct {
		name       string
		ok, failed lifecycle.InputKind
		threadID   bool // the op may name the breakout call's threadId
	}{
		{"holdMain", lifecycle.InputHoldMainOK, lifecycle.InputHoldMainFailed, false},
		{"joinBreakout", lifecycle.InputJoinBreakoutOK, lifecycle.InputJoinBreakoutFailed, true},
		{"hangUpMain", lifecycle.InputHangUpMainOK, lifecycle.InputHangUpMainFailed, false},
		{"hangUpBreakout", lifecycle.InputHangUpBreakoutOK, lifecycle.InputHangUpBreakoutFailed, true},
		{"resumeMain", lifecycle.InputResumeMainOK, lifecycle.InputResumeMainFailed, false},
		{"rejoinMain", lifecycle.InputRejoinMainOK, lifecycle.InputRejoinMainFailed, false},
	}
)

const (
	inputKeysExpected = `"at" and exactly one of "sdk", "action", "outcome", "tick", "meetingEnded" or "config"`
	actionsExpected   = `"join", "returnToMainMeeting", "hangUpBreakout", "resumeMain" or "leaveMeeting"`
	opsExpected       = `"holdMain", "joinBreakout", "hangUpMain", "hangUpBreakout", "resumeMain" or "rejoinMain"`
	atExpected        = `an RFC 3339 date-time string such as "2026-01-05T10:00:00Z"`
)

// lineReader reads the parts of a line; jsonscan.Reader does the walking.
type lineReader struct{ jsonscan.Reader }

// unknownLine is the refusal of a line that cannot be read: unknownInput,
// rule R24.
func unknownLine(format string, args ...any) *errcodes.Error {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return errs.NewKind(errcodes.UnknownInput, rule.R24, "unreadable trace line: "+msg)
}

// ParseLine parses one line (without its newline). Blank lines (only spaces,
// tabs, and a final CR) give LineBlank. When "at" is present and readable,
// HasAt and At are set even if the rest of the line is refused (the trace
// clock advances with every line). When "at" itself is unreadable: Err
// unknownInput and HasAt false.
//
// Where the format leaves a choice, ParseLine decides (docs/TRACE.md states
// these too):
//   - "at" must carry an offset (RFC 3339 requires one), may use a lower-case
//     T or Z, may not be null, and must fall in the years 0000 to 9999 once
//     in UTC (so that FormatLine can write it back);
//   - a key given twice, in the line, an outcome or a config, is refused;
//   - config "meeting" must be a non-empty string ("teams" or any other,
//     which means another kind of meeting); the delays must be whole,
//     non-negative numbers of milliseconds (3000, 3e3 and 3000.0 alike) no
//     larger than a time.Duration holds;
//   - when both the keys and "at" are wrong, the message is about the keys.
func ParseLine(b []byte) Line {
	if isBlank(b) {
		return Line{Kind: LineBlank}
	}
	if !json.Valid(b) {
		return Line{Err: unknownLine(`the line is not valid JSON; expected a JSON object such as {"tick":true}`)}
	}
	r := lineReader{jsonscan.NewReader(b)}
	r.SkipSpace()
	if r.Peek() != '{' {
		return Line{Err: unknownLine("the line is %s; expected a JSON object holding %s", r.TypeName(), inputKeysExpected)}
	}

	var l Line
	var keyErr *errcodes.Error // the first problem with the line's keys
	atAt, atCount, valueAt, valueEnd := -1, 0, -1, -1
	r.Enter()
	for {
		key, more := r.NextKey()
		if !more {
			break
		}
		start := r.Pos()
		r.Skip()
		if string(key) == "at" {
			atAt, atCount = start, atCount+1
			if atCount == 2 && keyErr == nil {
				keyErr = unknownLine(`"at" is given twice`)
			}
			continue
		}
		if keyErr != nil {
			continue
		}
		switch kind := lineKindOf(key); {
		case kind == LineInvalid:
			keyErr = unknownLine("the line has an unknown key %s; expected %s", quoteText(key), inputKeysExpected)
		case l.Kind == kind:
			keyErr = unknownLine("%q is given twice; expected exactly one input key", lineKeys[kind])
		case l.Kind != LineInvalid:
			keyErr = unknownLine("the line has both %q and %q; expected %s", lineKeys[l.Kind], lineKeys[kind], inputKeysExpected)
		default:
			l.Kind, valueAt, valueEnd = kind, start, r.Pos()
		}
	}
	if keyErr == nil && l.Kind == LineInvalid {
		keyErr = unknownLine("the line has no input; expected %s", inputKeysExpected)
	}

	var atErr *errcodes.Error
	if atCount == 1 {
		atErr = readAt(lineReader{r.At(atAt)}, &l)
	}
	switch {
	case keyErr != nil:
		l.Kind, l.Err = LineInvalid, keyErr
		return l
	case atErr != nil:
		l.Err = atErr
		return l
	}

	v := lineReader{r.At(valueAt)}
	switch l.Kind {
	case LineSDK:
		var err error
		l.Input, err = lifecycle.DecodeEvent(b[valueAt:valueEnd])
		l.Err = errcodes.Of(err)
	case LineAction:
		l.Input.Kind, l.Err = v.action()
	case LineOutcome:
		l.Input, l.Err = v.outcome()
	case LineTick:
		l.Input.Kind, l.Err = v.mustBeTrue("tick", lifecycle.InputTick)
	case LineMeetingEnded:
		l.Input.Kind, l.Err = v.mustBeTrue("meetingEnded", lifecycle.InputMeetingEnded)
	case LineConfig:
		l.Config, l.Err = v.config()
	}
	if l.Err != nil {
		l.Input, l.Config = lifecycle.Input{}, lifecycle.Config{}
	}
	return l
}

// readAt reads the "at" at r's read position into l.
func readAt(r lineReader, l *Line) *errcodes.Error {
	if r.Peek() != '"' {
		return unknownLine(`"at" is %s; expected %s`, r.TypeName(), atExpected)
	}
	s := r.RawString()
	t, ok := jsonscan.ParseDateTime(s, false)
	switch {
	case !ok:
		return unknownLine(`"at" is %s, not an RFC 3339 date-time; expected %s`, quoteText(s), atExpected)
	case t.Year() < 0 || t.Year() > 9999: // its offset took it out of the years a line can write
		return unknownLine(`"at" is %s, outside the years 0000 to 9999 in UTC; expected %s`, quoteText(s), atExpected)
	}
	l.HasAt, l.At = true, t
	return nil
}

func lineKindOf(key []byte) LineKind {
	for k := LineConfig; k < lineKindEnd; k++ {
		if string(key) == lineKeys[k] {
			return k
		}
	}
	return LineInvalid
}

// isBlank reports whether b holds nothing but spaces and tabs, and perhaps a
// final CR.
func isBlank(b []byte) bool {
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

func (r *lineReader) action() (lifecycle.InputKind, *errcodes.Error) {
	if r.Peek() != '"' {
		return lifecycle.InputInvalid, unknownLine(`"action" is %s; expected one of %s`, r.TypeName(), actionsExpected)
	}
	s := r.RawString()
	for _, a := range actionNames {
		if string(s) == a.name {
			return a.kind, nil
		}
	}
	return lifecycle.InputInvalid, unknownLine(`"action" is %s, not a user action; expected %s`, quoteText(s), actionsExpected)
}

func (r *lineReader) mustBeTrue(key string, kind lifecycle.InputKind) (lifecycle.InputKind, *errcodes.Error) {
	if r.Peek() == 't' {
		return kind, nil
	}
	what := r.TypeName()
	if r.Peek() == 'f' {
		what = "false"
	}
	return lifecycle.InputInvalid, unknownLine("%q is %s; expected true", key, what)
}

// outcomeKeys are the keys of an outcome object.
var outcomeKeys = [...]string{"op", "ok", "threadId"}

// outcome reads {"op":…, "ok":…, "threadId":…}.
func (r *lineReader) outcome() (lifecycle.Input, *errcodes.Error) {
	const expected = `an object {"op": name, "ok": true or false}, with "threadId" for joinBreakout and hangUpBreakout`
	if r.Peek() != '{' {
		return lifecycle.Input{}, unknownLine(`"outcome" is %s; expected %s`, r.TypeName(), expected)
	}
	var at [len(outcomeKeys)]int
	switch key, stop := r.Members(outcomeKeys[:], at[:], false); stop {
	case jsonscan.UnknownMember:
		return lifecycle.Input{}, unknownLine(`"outcome" has an unknown key %s; expected %s`, quoteText(key), expected)
	case jsonscan.RepeatedMember:
		return lifecycle.Input{}, unknownLine(`"outcome.%s" is given twice`, key)
	}
	opAt, okAt, threadAt := at[0], at[1], at[2]

	if opAt < 0 {
		return lifecycle.Input{}, unknownLine(`"outcome.op" is missing; expected one of %s`, opsExpected)
	}
	v := r.At(opAt)
	if v.Peek() != '"' {
		return lifecycle.Input{}, unknownLine(`"outcome.op" is %s; expected one of %s`, v.TypeName(), opsExpected)
	}
	name := v.RawString()
	op := -1
	for i, o := range outcomeOps {
		if string(name) == o.name {
			op = i
			break
		}
	}
	if op < 0 {
		return lifecycle.Input{}, unknownLine(`"outcome.op" is %s, not an effect; expected %s`, quoteText(name), opsExpected)
	}

	if okAt < 0 {
		return lifecycle.Input{}, unknownLine(`"outcome.ok" is missing; expected true or false`)
	}
	v = r.At(okAt)
	if c := v.Peek(); c != 't' && c != 'f' {
		return lifecycle.Input{}, unknownLine(`"outcome.ok" is %s; expected true or false`, v.TypeName())
	}
	in := lifecycle.Input{Kind: outcomeOps[op].failed}
	if v.Peek() == 't' {
		in.Kind = outcomeOps[op].ok
	}

	if threadAt >= 0 {
		if !outcomeOps[op].threadID {
			return lifecycle.Input{}, unknownLine(`"outcome.threadId" is given for op %q; only joinBreakout and hangUpBreakout outcomes name a threadId`, outcomeOps[op].name)
		}
		v = r.At(threadAt)
		if v.Peek() != '"' {
			return lifecycle.Input{}, unknownLine(`"outcome.threadId" is %s; expected the breakout room's threadId, a non-empty string`, v.TypeName())
		}
		if in.ThreadID = v.Str(); in.ThreadID == "" {
			return lifecycle.Input{}, unknownLine(`"outcome.threadId" is an empty string; expected the breakout room's threadId, a non-empty string`)
		}
	}
	return in, nil
}

// The keys of a config line, as bits for spotting repeats.
var configKeys = [...]string{"role", "meeting", "featureEnabled", "autoMoveDelayMs", "hangUpDelayMs", "roomEndGraceMs"}

const configKeysExpected = `"role", "meeting", "featureEnabled", "autoMoveDelayMs", "hangUpDelayMs" or "roomEndGraceMs"`

// config reads a config object onto the defaults.
func (r *lineReader) config() (lifecycle.Config, *errcodes.Error) {
	c := lifecycle.DefaultConfig()
	if r.Peek() != '{' {
		return c, unknownLine(`"config" is %s; expected an object with any of %s`, r.TypeName(), configKeysExpected)
	}
	var seen uint8
	r.Enter()
	for {
		key, more := r.NextKey()
		if !more {
			break
		}
		k := -1
		for i, name := range configKeys {
			if string(key) == name {
				k = i
				break
			}
		}
		if k < 0 {
			return c, unknownLine(`"config" has an unknown key %s; expected %s`, quoteText(key), configKeysExpected)
		}
		if seen&(1<<k) != 0 {
			return c, unknownLine(`"config.%s" is given twice`, configKeys[k])
		}
		seen |= 1 << k
		var err *errcodes.Error
		switch configKeys[k] {
		case "role":
			err = r.configRole(&c)
		case "meeting":
			err = r.configMeeting(&c)
		case "featureEnabled":
			if ch := r.Peek(); ch != 't' && ch != 'f' {
				err = unknownLine(`"config.featureEnabled" is %s; expected true or false`, r.TypeName())
			} else {
				c.FeatureEnabled = r.Bool()
			}
		case "autoMoveDelayMs":
			err = r.configDelay("autoMoveDelayMs", &c.AutoMoveDelay)
		case "hangUpDelayMs":
			err = r.configDelay("hangUpDelayMs", &c.HangUpDelay)
		case "roomEndGraceMs":
			err = r.configDelay("roomEndGraceMs", &c.RoomEndGrace)
		}
		if err != nil {
			return c, err
		}
	}
	return c, nil
}

func (r *lineReader) configRole(c *lifecycle.Config) *errcodes.Error {
	const expected = `"attendee" or "manager"`
	if r.Peek() != '"' {
		return unknownLine(`"config.role" is %s; expected %s`, r.TypeName(), expected)
	}
	switch s := r.RawString(); string(s) {
	case "attendee":
		c.Role = lifecycle.Attendee
	case "manager":
		c.Role = lifecycle.Manager
	default:
		return unknownLine(`"config.role" is %s; expected %s`, quoteText(s), expected)
	}
	return nil
}

func (r *lineReader) configMeeting(c *lifecycle.Config) *errcodes.Error {
	const expected = `"teams", or another non-empty string for a meeting that is not a Teams meeting`
	if r.Peek() != '"' {
		return unknownLine(`"config.meeting" is %s; expected %s`, r.TypeName(), expected)
	}
	switch s := r.RawString(); {
	case len(s) == 0:
		return unknownLine(`"config.meeting" is an empty string; expected %s`, expected)
	case string(s) == "teams":
		c.Meeting = lifecycle.MeetingTeams
	default:
		c.Meeting = lifecycle.MeetingOther
	}
	return nil
}

func (r *lineReader) configDelay(key string, d *time.Duration) *errcodes.Error {
	const expected = "a whole, non-negative number of milliseconds"
	switch r.Peek() {
	case 'n', 't', 'f', '"', '{', '[':
		return unknownLine(`"config.%s" is %s; expected %s`, key, r.TypeName(), expected)
	}
	f, text, ok := r.Number()
	switch {
	case !ok || f > float64(jsonscan.MaxDurationMs):
		return unknownLine(`"config.%s" is %s, too large; expected %s, at most %d`, key, text, expected, jsonscan.MaxDurationMs)
	case f < 0:
		return unknownLine(`"config.%s" is %s, negative; expected %s`, key, text, expected)
	case f != math.Trunc(f):
		return unknownLine(`"config.%s" is %s, not a whole number; expected %s`, key, text, expected)
	}
	*d = time.Duration(f) * time.Millisecond
	return nil
}

// quoteText quotes what the line said for a message, cut to a readable
// length.
func quoteText(s []byte) string {
	const maxBytes = 60
	if len(s) <= maxBytes {
		return strconv.Quote(string(s))
	}
	n := maxBytes
	for n > 0 && s[n]&0xC0 == 0x80 { // do not cut a UTF-8 sequence
		n--
	}
	return strconv.Quote(string(s[:n])) + "…"
}
