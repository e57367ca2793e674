package trace_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/internal/trace"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

func TestLineKindsHaveNames(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range trace.AllLineKinds() {
		name := k.String()
		assert.NotContains(t, name, "LineKind(", "kind %d has no name", k)
		assert.False(t, seen[name], "name %q is used twice", name)
		seen[name] = true
	}
	assert.Len(t, seen, 7)
	assert.NotContains(t, trace.AllLineKinds(), trace.LineInvalid)
	assert.Equal(t, "LineKind(0)", trace.LineInvalid.String())
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func input(k lifecycle.InputKind) lifecycle.Input { return lifecycle.Input{Kind: k} }

func configWith(f func(*lifecycle.Config)) lifecycle.Config {
	c := lifecycle.DefaultConfig()
	f(&c)
	return c
}

// parseAccepted are lines ParseLine must read, with what it must read.
var parseAccepted = []struct {
	name string
	line string
	want trace.Line
}{
	{"empty line", "", trace.Line{Kind: trace.LineBlank}},
	{"spaces and tabs", " \t  \t", trace.Line{Kind: trace.LineBlank}},
	{"a final CR", " \t\r", trace.Line{Kind: trace.LineBlank}},
	{"only a CR", "\r", trace.Line{Kind: trace.LineBlank}},

	// the example of the trace format, line by line
	{"§7 config", `{"config":{"role":"attendee","meeting":"teams","featureEnabled":true,"autoMoveDelayMs":3000,"hangUpDelayMs":5000,"roomEndGraceMs":5000}}`,
		trace.Line{Kind: trace.LineConfig, Config: lifecycle.DefaultConfig()}},
	{"§7 sdk", `{"at":"2026-01-05T10:00:00Z","sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","displayName":"Room 1","state":"open","autoMoveParticipantToBreakoutRoom":true}}}`,
		trace.Line{Kind: trace.LineSDK, HasAt: true, At: at("2026-01-05T10:00:00Z"), Input: lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{
			ThreadID: "19:r1", DisplayName: "Room 1", HasDisplayName: true, State: lifecycle.RoomOpen, AutoMove: true, HasAutoMove: true}}}},
	{"§7 tick", `{"at":"2026-01-05T10:00:03Z","tick":true}`,
		trace.Line{Kind: trace.LineTick, HasAt: true, At: at("2026-01-05T10:00:03Z"), Input: input(lifecycle.InputTick)}},
	{"§7 holdMain ok", `{"outcome":{"op":"holdMain","ok":true}}`, trace.Line{Kind: trace.LineOutcome, Input: input(lifecycle.InputHoldMainOK)}},
	{"§7 joinBreakout ok", `{"outcome":{"op":"joinBreakout","ok":true}}`, trace.Line{Kind: trace.LineOutcome, Input: input(lifecycle.InputJoinBreakoutOK)}},
	{"§7 return", `{"action":"returnToMainMeeting"}`, trace.Line{Kind: trace.LineAction, Input: input(lifecycle.InputReturn)}},
	{"§7 meeting ended", `{"meetingEnded":true}`, trace.Line{Kind: trace.LineMeetingEnded, Input: input(lifecycle.InputMeetingEnded)}},

	// actions
	{"join", `{"action":"join"}`, trace.Line{Kind: trace.LineAction, Input: input(lifecycle.InputJoin)}},
	{"hangUpBreakout", `{"action":"hangUpBreakout"}`, trace.Line{Kind: trace.LineAction, Input: input(lifecycle.InputHangUpBreakout)}},
	{"resumeMain", `{"action":"resumeMain"}`, trace.Line{Kind: trace.LineAction, Input: input(lifecycle.InputResumeMain)}},
	{"leaveMeeting", `{"action":"leaveMeeting"}`, trace.Line{Kind: trace.LineAction, Input: input(lifecycle.InputLeaveMeeting)}},

	// outcomes
	{"holdMain failed", `{"outcome":{"op":"holdMain","ok":false}}`, trace.Line{Kind: trace.LineOutcome, Input: input(lifecycle.InputHoldMainFailed)}},
	{"joinBreakout failed naming its room", `{"outcome":{"threadId":"19:r2","ok":false,"op":"joinBreakout"}}`,
		trace.Line{Kind: trace.LineOutcome, Input: lifecycle.Input{Kind: lifecycle.InputJoinBreakoutFailed, ThreadID: "19:r2"}}},
	{"joinBreakout ok naming its room", `{"outcome":{"op":"joinBreakout","ok":true,"threadId":"19:r2"}}`,
		trace.Line{Kind: trace.LineOutcome, Input: lifecycle.Input{Kind: lifecycle.InputJoinBreakoutOK, ThreadID: "19:r2"}}},
	{"hangUpMain ok", `{"outcome":{"op":"hangUpMain","ok":true}}`, trace.Line{Kind: trace.LineOutcome, Input: input(lifecycle.InputHangUpMainOK)}},
	{"hangUpMain failed", `{"outcome":{"op":"hangUpMain","ok":false}}`, trace.Line{Kind: trace.LineOutcome, Input: input(lifecycle.InputHangUpMainFailed)}},
	{"hangUpBreakout ok", `{"outcome":{"op":"hangUpBreakout","ok":true}}`, trace.Line{Kind: trace.LineOutcome, Input: input(lifecycle.InputHangUpBreakoutOK)}},
	{"hangUpBreakout failed naming its room", `{"outcome":{"op":"hangUpBreakout","ok":false,"threadId":"19:r1"}}`,
		trace.Line{Kind: trace.LineOutcome, Input: lifecycle.Input{Kind: lifecycle.InputHangUpBreakoutFailed, ThreadID: "19:r1"}}},
	{"resumeMain ok", `{"outcome":{"op":"resumeMain","ok":true}}`, trace.Line{Kind: trace.LineOutcome, Input: input(lifecycle.InputResumeMainOK)}},
	{"resumeMain failed", `{"outcome":{"op":"resumeMain","ok":false}}`, trace.Line{Kind: trace.LineOutcome, Input: input(lifecycle.InputResumeMainFailed)}},
	{"rejoinMain ok", `{"outcome":{"op":"rejoinMain","ok":true}}`, trace.Line{Kind: trace.LineOutcome, Input: input(lifecycle.InputRejoinMainOK)}},
	{"rejoinMain failed", `{"outcome":{"op":"rejoinMain","ok":false}}`, trace.Line{Kind: trace.LineOutcome, Input: input(lifecycle.InputRejoinMainFailed)}},

	// config
	{"empty config takes the defaults", `{"config":{}}`, trace.Line{Kind: trace.LineConfig, Config: lifecycle.DefaultConfig()}},
	{"manager", `{"config":{"role":"manager"}}`,
		trace.Line{Kind: trace.LineConfig, Config: configWith(func(c *lifecycle.Config) { c.Role = lifecycle.Manager })}},
	{"another meeting, feature off", `{"at":"2026-01-05T10:00:00Z","config":{"meeting":"groupCall","featureEnabled":false}}`,
		trace.Line{Kind: trace.LineConfig, HasAt: true, At: at("2026-01-05T10:00:00Z"), Config: configWith(func(c *lifecycle.Config) {
			c.Meeting, c.FeatureEnabled = lifecycle.MeetingOther, false
		})}},
	{"delays, in any number form", `{"config":{"autoMoveDelayMs":0,"hangUpDelayMs":1.5e3,"roomEndGraceMs":9223372036854}}`,
		trace.Line{Kind: trace.LineConfig, Config: configWith(func(c *lifecycle.Config) {
			c.AutoMoveDelay, c.HangUpDelay, c.RoomEndGrace = 0, 1500*time.Millisecond, 9223372036854*time.Millisecond
		})}},
	{"a delay of -0 is zero", `{"config":{"autoMoveDelayMs":-0}}`,
		trace.Line{Kind: trace.LineConfig, Config: configWith(func(c *lifecycle.Config) { c.AutoMoveDelay = 0 })}},

	// at, layout
	{"at with an offset, in UTC", `{"at":"2026-01-05T11:00:00.25+01:00","tick":true}`,
		trace.Line{Kind: trace.LineTick, HasAt: true, At: at("2026-01-05T10:00:00.25Z"), Input: input(lifecycle.InputTick)}},
	{"at after the input, lower-case t and z", `{"tick":true,"at":"2026-01-05t10:00:00z"}`,
		trace.Line{Kind: trace.LineTick, HasAt: true, At: at("2026-01-05T10:00:00Z"), Input: input(lifecycle.InputTick)}},
	{"at in the year 0", `{"at":"0000-01-01T00:00:00Z","tick":true}`,
		trace.Line{Kind: trace.LineTick, HasAt: true, At: time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), Input: input(lifecycle.InputTick)}},
	{"white space and a CRLF ending", " { \"tick\" : true , \"at\" : \"2026-01-05T10:00:00Z\" } \r",
		trace.Line{Kind: trace.LineTick, HasAt: true, At: at("2026-01-05T10:00:00Z"), Input: input(lifecycle.InputTick)}},
	{"escaped keys and values", `{"\u0061ction":"\u006aoin"}`, trace.Line{Kind: trace.LineAction, Input: input(lifecycle.InputJoin)}},
}

func TestParseLineReadsEveryKindOfLine(t *testing.T) {
	for _, tc := range parseAccepted {
		t.Run(tc.name, func(t *testing.T) {
			got := trace.ParseLine([]byte(tc.line))
			require.Nil(t, got.Err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestR24_ParseLineRefusesUnreadableLines(t *testing.T) {
	const sdk46258 = -1 // want: the 46258 refusal rather than unknownInput
	tests := []struct {
		name    string
		line    string
		kind    trace.LineKind // the line's kind as told, LineInvalid when it cannot be told
		hasAt   bool
		want    int // sdk46258, or 0 for unknownInput
		message string
	}{
		// the line itself
		{"not JSON", `{"tick":true`, trace.LineInvalid, false, 0, "the line is not valid JSON"},
		{"a CR that is not final", "\r \t", trace.LineInvalid, false, 0, "the line is not valid JSON"},
		{"a form feed", "\f", trace.LineInvalid, false, 0, "the line is not valid JSON"},
		{"two objects", `{"tick":true}{"tick":true}`, trace.LineInvalid, false, 0, "not valid JSON"},
		{"an array", `[{"tick":true}]`, trace.LineInvalid, false, 0, "the line is an array; expected a JSON object"},
		{"a string", `"tick"`, trace.LineInvalid, false, 0, "the line is a string"},
		{"null", `null`, trace.LineInvalid, false, 0, "the line is null"},
		{"no key", `{}`, trace.LineInvalid, false, 0, `the line has no input; expected "at" and exactly one of`},
		{"only at", `{"at":"2026-01-05T10:00:00Z"}`, trace.LineInvalid, true, 0, "the line has no input"},
		{"an unknown key", `{"at":"2026-01-05T10:00:00Z","tick":true,"note":"x"}`, trace.LineInvalid, true, 0, `the line has an unknown key "note"`},
		{"a key in the wrong case", `{"Tick":true}`, trace.LineInvalid, false, 0, `unknown key "Tick"`},
		{"a long unknown key is cut short", `{"` + strings.Repeat("k", 100) + `":1}`, trace.LineInvalid, false, 0, `kkk"…; expected`},
		{"two input keys", `{"tick":true,"meetingEnded":true}`, trace.LineInvalid, false, 0, `the line has both "tick" and "meetingEnded"`},
		{"sdk and action", `{"sdk":{"type":"join","data":{"id":"c"}},"action":"join"}`, trace.LineInvalid, false, 0, `both "sdk" and "action"`},
		{"an input key twice", `{"tick":true,"tick":true}`, trace.LineInvalid, false, 0, `"tick" is given twice; expected exactly one input key`},
		{"at twice", `{"at":"2026-01-05T10:00:00Z","at":"2026-01-05T10:00:01Z","tick":true}`, trace.LineInvalid, false, 0, `"at" is given twice`},
		{"bad keys and a bad at: the keys are reported", `{"at":"x","nope":1}`, trace.LineInvalid, false, 0, `unknown key "nope"`},
		{"the keys are reported even when the bad at comes after", `{"nope":1,"at":"2026-01-05T10:00:00Z"}`, trace.LineInvalid, true, 0, `unknown key "nope"`},

		// at
		{"at null", `{"at":null,"tick":true}`, trace.LineTick, false, 0, `"at" is null; expected an RFC 3339 date-time string`},
		{"at a number", `{"at":1767607200000,"tick":true}`, trace.LineTick, false, 0, `"at" is a number`},
		{"at without an offset", `{"at":"2026-01-05T10:00:00","tick":true}`, trace.LineTick, false, 0,
			`"at" is "2026-01-05T10:00:00", not an RFC 3339 date-time; expected an RFC 3339 date-time string such as "2026-01-05T10:00:00Z"`},
		{"at a date only", `{"at":"2026-01-05","action":"join"}`, trace.LineAction, false, 0, "not an RFC 3339 date-time"},
		{"at with a one-digit hour", `{"at":"2026-01-05T1:00:00Z","action":"join"}`, trace.LineAction, false, 0, "not an RFC 3339 date-time"},
		{"at with offset 24:00", `{"at":"2026-01-05T10:00:00+24:00","action":"join"}`, trace.LineAction, false, 0, "not an RFC 3339 date-time"},
		{"at before the year 0 in UTC", `{"at":"0000-01-01T00:00:00+00:01","tick":true}`, trace.LineTick, false, 0,
			`"at" is "0000-01-01T00:00:00+00:01", outside the years 0000 to 9999 in UTC`},
		{"at after the year 9999 in UTC", `{"at":"9999-12-31T23:59:59-00:01","tick":true}`, trace.LineTick, false, 0, "outside the years 0000 to 9999"},
		{"at on a day that does not exist", `{"at":"2026-04-31T10:00:00Z","action":"join"}`, trace.LineAction, false, 0, "not an RFC 3339 date-time"},
		{"at unreadable, sdk fine", `{"at":"now","sdk":{"type":"join","data":{"id":"c"}}}`, trace.LineSDK, false, 0, `"at" is "now"`},

		// sdk
		{"sdk unreadable, at fine", `{"at":"2026-01-05T10:00:00Z","sdk":{"type":"join"}}`, trace.LineSDK, true, sdk46258, "data is missing"},
		{"sdk not an object", `{"sdk":"join"}`, trace.LineSDK, false, sdk46258, "the event is a string"},
		{"sdk with an unknown type", `{"sdk":{"type":"breakoutRoom"}}`, trace.LineSDK, false, sdk46258, `type is "breakoutRoom", an unknown event type`},
		{"sdk with a bad room", `{"sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","state":"gone"}}}`, trace.LineSDK, false, sdk46258, `data.state is "gone"`},

		// action
		{"action unknown", `{"at":"2026-01-05T10:00:00Z","action":"dance"}`, trace.LineAction, true, 0,
			`"action" is "dance", not a user action; expected "join", "returnToMainMeeting", "hangUpBreakout", "resumeMain" or "leaveMeeting"`},
		{"action in the wrong case", `{"action":"Join"}`, trace.LineAction, false, 0, `"action" is "Join", not a user action`},
		{"action an outcome name", `{"action":"holdMain"}`, trace.LineAction, false, 0, "not a user action"},
		{"action not a string", `{"action":["join"]}`, trace.LineAction, false, 0, `"action" is an array; expected one of "join"`},
		{"action null", `{"action":null}`, trace.LineAction, false, 0, `"action" is null`},

		// outcome
		{"outcome a string", `{"outcome":"holdMain"}`, trace.LineOutcome, false, 0, `"outcome" is a string; expected an object {"op": name, "ok": true or false}`},
		{"outcome without op", `{"outcome":{"ok":true}}`, trace.LineOutcome, false, 0, `"outcome.op" is missing; expected one of "holdMain"`},
		{"outcome op a number", `{"outcome":{"op":1,"ok":true}}`, trace.LineOutcome, false, 0, `"outcome.op" is a number`},
		{"outcome op unknown", `{"outcome":{"op":"hold","ok":true}}`, trace.LineOutcome, false, 0, `"outcome.op" is "hold", not an effect; expected "holdMain", "joinBreakout"`},
		{"outcome op an action name", `{"outcome":{"op":"returnToMainMeeting","ok":true}}`, trace.LineOutcome, false, 0, "not an effect"},
		{"outcome without ok", `{"outcome":{"op":"holdMain"}}`, trace.LineOutcome, false, 0, `"outcome.ok" is missing; expected true or false`},
		{"outcome ok a string", `{"outcome":{"op":"holdMain","ok":"true"}}`, trace.LineOutcome, false, 0, `"outcome.ok" is a string; expected true or false`},
		{"outcome ok null", `{"outcome":{"op":"holdMain","ok":null}}`, trace.LineOutcome, false, 0, `"outcome.ok" is null`},
		{"outcome with an unknown key", `{"outcome":{"op":"holdMain","ok":true,"error":"x"}}`, trace.LineOutcome, false, 0, `"outcome" has an unknown key "error"`},
		{"outcome with a key twice", `{"outcome":{"op":"holdMain","ok":true,"ok":false}}`, trace.LineOutcome, false, 0, `"outcome.ok" is given twice`},
		{"threadId on holdMain", `{"outcome":{"op":"holdMain","ok":true,"threadId":"19:r1"}}`, trace.LineOutcome, false, 0,
			`"outcome.threadId" is given for op "holdMain"; only joinBreakout and hangUpBreakout outcomes name a threadId`},
		{"threadId on rejoinMain", `{"outcome":{"op":"rejoinMain","ok":false,"threadId":"19:r1"}}`, trace.LineOutcome, false, 0, `given for op "rejoinMain"`},
		{"threadId empty", `{"outcome":{"op":"joinBreakout","ok":true,"threadId":""}}`, trace.LineOutcome, false, 0, `"outcome.threadId" is an empty string`},
		{"threadId a number", `{"outcome":{"op":"hangUpBreakout","ok":true,"threadId":19}}`, trace.LineOutcome, false, 0, `"outcome.threadId" is a number`},
		{"threadId null", `{"outcome":{"op":"hangUpBreakout","ok":true,"threadId":null}}`, trace.LineOutcome, false, 0, `"outcome.threadId" is null`},

		// tick and meetingEnded
		{"tick false", `{"at":"2026-01-05T10:00:00Z","tick":false}`, trace.LineTick, true, 0, `"tick" is false; expected true`},
		{"tick a string", `{"tick":"true"}`, trace.LineTick, false, 0, `"tick" is a string; expected true`},
		{"tick a number", `{"tick":1}`, trace.LineTick, false, 0, `"tick" is a number`},
		{"tick null", `{"tick":null}`, trace.LineTick, false, 0, `"tick" is null`},
		{"meetingEnded false", `{"meetingEnded":false}`, trace.LineMeetingEnded, false, 0, `"meetingEnded" is false; expected true`},
		{"meetingEnded an object", `{"meetingEnded":{}}`, trace.LineMeetingEnded, false, 0, `"meetingEnded" is an object`},

		// config
		{"config null", `{"config":null}`, trace.LineConfig, false, 0, `"config" is null; expected an object with any of "role"`},
		{"config an unknown key", `{"at":"2026-01-05T10:00:00Z","config":{"role":"attendee","locale":"en"}}`, trace.LineConfig, true, 0, `"config" has an unknown key "locale"`},
		{"config a key twice", `{"config":{"role":"attendee","role":"manager"}}`, trace.LineConfig, false, 0, `"config.role" is given twice`},
		{"config role unknown", `{"config":{"role":"organizer"}}`, trace.LineConfig, false, 0, `"config.role" is "organizer"; expected "attendee" or "manager"`},
		{"config role null", `{"config":{"role":null}}`, trace.LineConfig, false, 0, `"config.role" is null`},
		{"config meeting empty", `{"config":{"meeting":""}}`, trace.LineConfig, false, 0, `"config.meeting" is an empty string; expected "teams", or another non-empty string`},
		{"config meeting a boolean", `{"config":{"meeting":true}}`, trace.LineConfig, false, 0, `"config.meeting" is a boolean`},
		{"config featureEnabled a string", `{"config":{"featureEnabled":"yes"}}`, trace.LineConfig, false, 0, `"config.featureEnabled" is a string; expected true or false`},
		{"config delay negative", `{"config":{"autoMoveDelayMs":-1}}`, trace.LineConfig, false, 0, `"config.autoMoveDelayMs" is -1, negative; expected a whole, non-negative number of milliseconds`},
		{"config delay a fraction", `{"config":{"hangUpDelayMs":2.5}}`, trace.LineConfig, false, 0, `"config.hangUpDelayMs" is 2.5, not a whole number`},
		{"config delay too large", `{"config":{"roomEndGraceMs":9223372036855}}`, trace.LineConfig, false, 0, `"config.roomEndGraceMs" is 9223372036855, too large`},
		{"config delay beyond float64", `{"config":{"roomEndGraceMs":1e999}}`, trace.LineConfig, false, 0, `"config.roomEndGraceMs" is 1e999, too large`},
		{"config delay a string", `{"config":{"autoMoveDelayMs":"3000"}}`, trace.LineConfig, false, 0, `"config.autoMoveDelayMs" is a string`},
		{"config delay null", `{"config":{"autoMoveDelayMs":null}}`, trace.LineConfig, false, 0, `"config.autoMoveDelayMs" is null`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := trace.ParseLine([]byte(tc.line))
			require.NotNil(t, got.Err)
			assert.Equal(t, tc.kind, got.Kind)
			assert.Equal(t, tc.hasAt, got.HasAt)
			if !tc.hasAt {
				assert.True(t, got.At.IsZero())
			}
			assert.Equal(t, lifecycle.Input{}, got.Input)
			assert.Equal(t, lifecycle.Config{}, got.Config)
			e := got.Err
			assert.Equal(t, rule.R24, e.Rule)
			if tc.want == sdk46258 {
				assert.Equal(t, errcodes.UpdateFailed, e.Subcode)
			} else {
				assert.Equal(t, errcodes.UnknownInput, e.Kind)
				assert.True(t, errors.Is(e, errcodes.UnknownInput))
				assert.Zero(t, e.Subcode)
				assert.Contains(t, e.Message, "unreadable trace line: ")
			}
			assert.Contains(t, e.Message, tc.message)
		})
	}
}

func TestParseLineKeepsAReadableAtOfARefusedLine(t *testing.T) {
	got := trace.ParseLine([]byte(`{"at":"2026-01-05T10:00:07.5+00:00","action":"jump"}`))
	require.NotNil(t, got.Err)
	assert.True(t, got.HasAt)
	assert.Equal(t, at("2026-01-05T10:00:07.5Z"), got.At)
}

// formatInputs has one input of every kind that has a line.
var formatInputs = []lifecycle.Input{
	{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{ThreadID: "19:r1", State: lifecycle.RoomOpen, AutoMove: true, HasAutoMove: true}},
	{Kind: lifecycle.InputAssignedRoom},
	{Kind: lifecycle.InputSettings, Settings: &lifecycle.Settings{HasDisableReturn: true, EndKind: lifecycle.EndTimeDelta, EndNumber: 60000, Delta: time.Minute}},
	{Kind: lifecycle.InputSettings},
	{Kind: lifecycle.InputRoomList, RoomsDefined: true, Rooms: []lifecycle.Room{{ThreadID: "19:r1", State: lifecycle.RoomClosed}}},
	{Kind: lifecycle.InputRoomList},
	{Kind: lifecycle.InputJoinEvent, CallID: "call-1"},
	{Kind: lifecycle.InputJoin},
	{Kind: lifecycle.InputReturn},
	{Kind: lifecycle.InputHangUpBreakout},
	{Kind: lifecycle.InputResumeMain},
	{Kind: lifecycle.InputLeaveMeeting},
	{Kind: lifecycle.InputHoldMainOK},
	{Kind: lifecycle.InputHoldMainFailed},
	{Kind: lifecycle.InputJoinBreakoutOK},
	{Kind: lifecycle.InputJoinBreakoutOK, ThreadID: "19:r1"},
	{Kind: lifecycle.InputJoinBreakoutFailed, ThreadID: "19:\"r2\""},
	{Kind: lifecycle.InputHangUpMainOK},
	{Kind: lifecycle.InputHangUpMainFailed},
	{Kind: lifecycle.InputHangUpBreakoutOK, ThreadID: "19:r1"},
	{Kind: lifecycle.InputHangUpBreakoutFailed},
	{Kind: lifecycle.InputResumeMainOK},
	{Kind: lifecycle.InputResumeMainFailed},
	{Kind: lifecycle.InputRejoinMainOK},
	{Kind: lifecycle.InputRejoinMainFailed},
	{Kind: lifecycle.InputTick},
	{Kind: lifecycle.InputMeetingEnded},
}

func TestFormatLineCoversEveryKindThatHasALine(t *testing.T) {
	covered := map[lifecycle.InputKind]bool{}
	for _, in := range formatInputs {
		covered[in.Kind] = true
	}
	for _, k := range lifecycle.AllInputKinds() {
		assert.Equal(t, !k.IsTimer(), covered[k], "%v", k)
	}
}

func TestFormatLineRoundTrips(t *testing.T) {
	times := []*time.Time{nil, ptr(at("2026-01-05T10:00:00Z")), ptr(time.Date(2026, 1, 5, 11, 0, 0, 1, time.FixedZone("", 3600)))}
	for _, in := range formatInputs {
		for _, when := range times {
			b, err := trace.FormatLine(when, in)
			require.NoError(t, err, "%v", in.Kind)
			got := trace.ParseLine(b)
			require.Nil(t, got.Err, "%s", b)
			assert.Equal(t, in, got.Input, "%s", b)
			assert.Equal(t, when != nil, got.HasAt, "%s", b)
			if when != nil {
				assert.Equal(t, when.UTC(), got.At, "%s", b)
			}
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestFormatLineWritesTheDocumentedShape(t *testing.T) {
	tests := []struct {
		at   *time.Time
		in   lifecycle.Input
		want string
	}{
		{nil, lifecycle.Input{Kind: lifecycle.InputTick}, `{"tick":true}`},
		{ptr(time.Date(2026, 1, 5, 11, 0, 3, 5e8, time.FixedZone("", 3600))), lifecycle.Input{Kind: lifecycle.InputTick},
			`{"at":"2026-01-05T10:00:03.5Z","tick":true}`},
		{ptr(at("2026-01-05T10:00:00Z")), lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{
			ThreadID: "19:r1", DisplayName: "Room 1", HasDisplayName: true, State: lifecycle.RoomOpen, AutoMove: true, HasAutoMove: true}},
			`{"at":"2026-01-05T10:00:00Z","sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","displayName":"Room 1","state":"open","autoMoveParticipantToBreakoutRoom":true}}}`},
		{nil, lifecycle.Input{Kind: lifecycle.InputReturn}, `{"action":"returnToMainMeeting"}`},
		{nil, lifecycle.Input{Kind: lifecycle.InputHoldMainOK}, `{"outcome":{"op":"holdMain","ok":true}}`},
		{nil, lifecycle.Input{Kind: lifecycle.InputHangUpBreakoutFailed, ThreadID: "19:r1"}, `{"outcome":{"op":"hangUpBreakout","ok":false,"threadId":"19:r1"}}`},
		{nil, lifecycle.Input{Kind: lifecycle.InputMeetingEnded}, `{"meetingEnded":true}`},
	}
	for _, tc := range tests {
		b, err := trace.FormatLine(tc.at, tc.in)
		require.NoError(t, err)
		assert.Equal(t, tc.want, string(b))
	}
}

func TestFormatLineRefusesWhatNoLineSays(t *testing.T) {
	tests := []struct {
		name    string
		at      *time.Time
		in      lifecycle.Input
		message string
	}{
		{"invalid", nil, lifecycle.Input{}, "has no trace line"},
		{"autoMove due", nil, lifecycle.Input{Kind: lifecycle.InputAutoMoveDue}, "has no trace line"},
		{"hangUpPrevious due", nil, lifecycle.Input{Kind: lifecycle.InputHangUpPreviousDue}, "has no trace line"},
		{"closingSoon due", nil, lifecycle.Input{Kind: lifecycle.InputClosingSoonDue}, "has no trace line"},
		{"roomEnd due", nil, lifecycle.Input{Kind: lifecycle.InputRoomEndDue}, "has no trace line"},
		{"beyond the input kinds", nil, lifecycle.Input{Kind: 200}, "has no trace line"},
		{"threadId on holdMain", nil, lifecycle.Input{Kind: lifecycle.InputHoldMainOK, ThreadID: "19:r1"}, "ThreadID is set on a holdMainOk input"},
		{"threadId on an action", nil, lifecycle.Input{Kind: lifecycle.InputJoin, ThreadID: "19:r1"}, "ThreadID is set"},
		{"an sdk event it cannot write", nil, lifecycle.Input{Kind: lifecycle.InputJoinEvent}, "non-empty CallID"},
		{"at after the year 9999", ptr(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)), lifecycle.Input{Kind: lifecycle.InputTick}, "outside the years RFC 3339 can write"},
		{"at before the year 0", ptr(time.Date(-1, 12, 31, 0, 0, 0, 0, time.UTC)), lifecycle.Input{Kind: lifecycle.InputTick}, "outside the years"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := trace.FormatLine(tc.at, tc.in)
			require.Error(t, err)
			assert.Nil(t, b)
			var e *errcodes.Error
			require.True(t, errors.As(err, &e))
			assert.Equal(t, errcodes.UnknownInput, e.Kind)
			assert.Contains(t, e.Message, tc.message)
		})
	}
}

func TestFormatConfigRoundTrips(t *testing.T) {
	configs := []lifecycle.Config{
		lifecycle.DefaultConfig(),
		{Role: lifecycle.Manager, Meeting: lifecycle.MeetingOther, FeatureEnabled: false},
		{Role: lifecycle.Attendee, Meeting: lifecycle.MeetingTeams, FeatureEnabled: true,
			AutoMoveDelay: 10 * time.Second, HangUpDelay: time.Millisecond, RoomEndGrace: 9223372036854 * time.Millisecond},
	}
	for _, c := range configs {
		for _, when := range []*time.Time{nil, ptr(at("2026-01-05T10:00:00.123456789Z"))} {
			b, err := trace.FormatConfig(when, c)
			require.NoError(t, err)
			got := trace.ParseLine(b)
			require.Nil(t, got.Err, "%s", b)
			assert.Equal(t, trace.LineConfig, got.Kind)
			assert.Equal(t, c, got.Config, "%s", b)
			assert.Equal(t, when != nil, got.HasAt)
		}
	}
	b, err := trace.FormatConfig(nil, lifecycle.DefaultConfig())
	require.NoError(t, err)
	assert.Equal(t, `{"config":{"role":"attendee","meeting":"teams","featureEnabled":true,"autoMoveDelayMs":3000,"hangUpDelayMs":5000,"roomEndGraceMs":5000}}`, string(b),
		"the config line of docs/TRACE.md")
}

func TestFormatConfigRefusesWhatNoLineSays(t *testing.T) {
	tests := []struct {
		name    string
		config  lifecycle.Config
		message string
	}{
		{"no role", configWith(func(c *lifecycle.Config) { c.Role = lifecycle.RoleInvalid }), "config role Role(0) is neither attendee nor manager"},
		{"no meeting", configWith(func(c *lifecycle.Config) { c.Meeting = lifecycle.MeetingInvalid }), "is neither teams nor other"},
		{"negative delay", configWith(func(c *lifecycle.Config) { c.AutoMoveDelay = -time.Millisecond }), "config autoMoveDelayMs: -1ms is not a whole, non-negative number of milliseconds"},
		{"sub-millisecond delay", configWith(func(c *lifecycle.Config) { c.RoomEndGrace = time.Microsecond }), "roomEndGraceMs: 1µs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := trace.FormatConfig(nil, tc.config)
			require.Error(t, err)
			assert.Nil(t, b)
			var e *errcodes.Error
			require.True(t, errors.As(err, &e))
			assert.Equal(t, errcodes.UnknownInput, e.Kind)
			assert.Contains(t, e.Message, tc.message)
		})
	}
}

// FuzzParseLine checks that ParseLine never panics, that what it reports
// hangs together, and that every accepted line writes back to the same line.
func FuzzParseLine(f *testing.F) {
	for _, tc := range parseAccepted {
		f.Add([]byte(tc.line))
	}
	for _, s := range []string{
		`{"at":"2026-01-05T10:00:00Z","sdk":{"type":"breakoutRooms","data":[{"threadId":"a","state":"open","invitees":[{"identifier":{"id":"x"}}]}]}}`,
		`{"at":"2026-01-05T10:00:00Z","sdk":{"type":"breakoutRoomsSettings","data":{"roomEndTime":{"deltaTimeInMs":1.5}}}}`,
		`{"sdk":{"type":"join","data":{"id":"c"}}}`, `{"at":"x","nope":1}`, `{"tick":true,"tick":true}`, `[]`, `{`,
		`{"outcome":{"op":"joinBreakout","ok":true,"threadId":"19:r1"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		l := trace.ParseLine(b)
		require.True(t, l.Kind == trace.LineInvalid || slices.Contains(trace.AllLineKinds(), l.Kind), "kind %d", l.Kind)
		if l.Err == nil {
			require.NotEqual(t, trace.LineInvalid, l.Kind)
		} else {
			require.NotEqual(t, trace.LineBlank, l.Kind)
			require.Equal(t, rule.R24, l.Err.Rule)
			if l.Err.Subcode != 0 {
				require.Equal(t, trace.LineSDK, l.Kind)
				require.Equal(t, errcodes.UpdateFailed, l.Err.Subcode)
			} else {
				require.Equal(t, errcodes.UnknownInput, l.Err.Kind)
			}
			require.Equal(t, lifecycle.Input{}, l.Input)
			require.Equal(t, lifecycle.Config{}, l.Config)
		}
		if !l.HasAt {
			require.True(t, l.At.IsZero())
		}
		if l.Err != nil || l.Kind == trace.LineBlank {
			return
		}

		var when *time.Time
		if l.HasAt {
			when = &l.At
		}
		var again []byte
		var err error
		if l.Kind == trace.LineConfig {
			again, err = trace.FormatConfig(when, l.Config)
		} else {
			again, err = trace.FormatLine(when, l.Input)
		}
		require.NoError(t, err)
		back := trace.ParseLine(again)
		require.Nil(t, back.Err, "%s", again)
		require.Equal(t, l, back, "%s", again)
	})
}
