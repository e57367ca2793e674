package trace_test

import (
	"bytes"
	"encoding/json"
	"io"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/internal/trace"
)

// repeated is a reader of n copies of a byte, then the rest.
type repeated struct {
	c    byte
	n    int64
	rest io.Reader
}

func (r *repeated) Read(p []byte) (int, error) {
	if r.n == 0 {
		return r.rest.Read(p)
	}
	k := int64(len(p))
	if k > r.n {
		k = r.n
	}
	for i := range p[:k] {
		p[i] = r.c
	}
	r.n -= k
	return int(k), nil
}

type line struct {
	text    string
	tooLong int64
}

func lines(t *testing.T, r io.Reader, max int) []line {
	t.Helper()
	var out []line
	require.NoError(t, trace.EachLineMax(r, max, func(l []byte, tooLong int64) error {
		if tooLong > 0 {
			assert.Nil(t, l)
		}
		out = append(out, line{string(l), tooLong})
		return nil
	}))
	return out
}

func TestEachLineMaxSkipsWhatIsTooLong(t *testing.T) {
	for _, c := range []struct {
		name, in string
		max      int
		want     []line
	}{
		{"short lines", "a\nbb\n\nccc", 3, []line{{"a", 0}, {"bb", 0}, {"", 0}, {"ccc", 0}}},
		{"a line of exactly the limit", "abc\nd\n", 3, []line{{"abc", 0}, {"d", 0}}},
		{"one byte more", "abcd\nd\n", 3, []line{{"", 4}, {"d", 0}}},
		{"the last line, without its newline", "a\nabcdef", 3, []line{{"a", 0}, {"", 6}}},
		{"a CR counts", "ab\r\nx", 2, []line{{"", 3}, {"x", 0}}},
		{"a byte order mark at the start is skipped", "\xEF\xBB\xBFabc\nx", 3, []line{{"abc", 0}, {"x", 0}}},
		{"only at the start", "a\n\xEF\xBB\xBFb\n", 10, []line{{"a", 0}, {"\xEF\xBB\xBFb", 0}}},
		{"only a byte order mark", "\xEF\xBB\xBF", 10, nil},
		{"nothing", "", 10, nil},
	} {
		assert.Equal(t, c.want, lines(t, strings.NewReader(c.in), c.max), c.name)
	}
	// Lines longer than the reader's buffer, on both sides of the limit.
	long := strings.Repeat("x", 200<<10)
	got := lines(t, strings.NewReader(long+"\n"+long+"y\nz"), len(long))
	require.Len(t, got, 3)
	assert.Equal(t, long, got[0].text)
	assert.Equal(t, int64(len(long)+1), got[1].tooLong)
	assert.Equal(t, "z", got[2].text)
}

// However long a line, EachLineMax holds at most the limit and its buffer.
func TestEachLineMaxHoldsAtMostTheLimit(t *testing.T) {
	const size = 256 << 20
	in := &repeated{c: 0, n: size, rest: strings.NewReader("\n{\"tick\":true}\n")}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	got := lines(t, in, 1<<20)
	runtime.ReadMemStats(&after)
	assert.Equal(t, []line{{"", size}, {`{"tick":true}`, 0}}, got)
	allocated := after.TotalAlloc - before.TotalAlloc
	t.Logf("a %d MiB line read with %d KiB allocated", size>>20, allocated>>10)
	assert.Less(t, allocated, uint64(8<<20), "a line that is too long is not held: a few times the limit is allocated, not the line")
}

func TestEachLineIsUnlimited(t *testing.T) {
	long := strings.Repeat("x", 3<<20)
	var got []string
	require.NoError(t, trace.EachLine(strings.NewReader("\xEF\xBB\xBFa\n"+long), func(l []byte) error {
		got = append(got, string(l))
		return nil
	}))
	assert.Equal(t, []string{"\xEF\xBB\xBFa", long}, got, "EachLine takes every line whole, the byte order mark too")
}

func TestTooLongIsARefusedLine(t *testing.T) {
	r := trace.NewRunner()
	first, ok := r.Next([]byte(`{"at":"2026-01-05T10:00:00Z","sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","state":"open"}}}`))
	require.True(t, ok)
	before, err := json.Marshal(r.Machine().Snapshot())
	require.NoError(t, err)
	res := r.TooLong(5<<20, 1<<20)
	after, err := json.Marshal(r.Machine().Snapshot())
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "nothing changes")
	assert.Equal(t, 2, res.Line)
	assert.True(t, res.Refused)
	assert.Equal(t, first.Position, res.Position)
	assert.Equal(t, trace.LineInvalid, res.Kind)
	assert.True(t, errorsIs(res.Err, errcodes.UnknownInput))
	assert.Equal(t, rule.R24, res.Err.Rule)
	assert.Contains(t, res.Err.Message, "5242880 bytes long, more than the 1048576 bytes a line may have (breakoutfsm replay --max-line sets the limit)")
	assert.True(t, r.Clock().Equal(at("2026-01-05T10:00:00Z")), "the clock stays")
	// A config after it is not the first line.
	res, _ = r.Next([]byte(`{"config":{}}`))
	assert.True(t, res.Refused)
	assert.Contains(t, res.Err.Message, "config refused")
}

func errorsIs(err *errcodes.Error, target error) bool { return err != nil && err.Is(target) }

func replayText(t *testing.T, in string) string {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, trace.ReplayWith(strings.NewReader(in), &out, trace.ReplayOptions{MaxLine: 4096}))
	return out.String()
}

// hostile are lines that carry control and other non-printable characters
// in the ids a table shows, and malformed lines of every kind.
const hostile = "\xEF\xBB\xBF" + `{"config":{"role":"manager"}}
{"sdk":{"type":"join","data":{"id":"call\u001b[31m\r-1"}}}
{"at":"2026-01-05T10:00:00Z","sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:\u001b]0;x\u0007\r\n\u202e\u2028\\","state":"open"}}}
{"outcome":{"op":"joinBreakout","ok":true,"threadId":"19:\u001b[2J\r"}}
{"action":"fly"}
{"outcome":{"op":"x","ok":true}}
{"tick":false}
{"meetingEnded":"yes"}
{"sdk":{"type":"nope"}}
{"sdk":{"type":"breakoutRooms","data":[{"threadId":"","state":"open"}]}}
{"sdk":{"type":"breakoutRoomsSettings","data":{"roomEndTime":"yesterday"}}}
{"config":{}}
{"at":"1999-01-01T00:00:00Z","tick":true}
{"at":"noon","tick":true}
{"tick":true,"action":"join"}
{"unknown":1}
[1,2]
not json ` + "\x1b[2J\xff\x00" + `
` + "{\"action\":\"join\"}\x1b"

func TestTableEscapesWhatATraceGave(t *testing.T) {
	out := replayText(t, hostile)
	t.Log("\n" + out)
	for _, c := range out {
		if c == '\n' {
			continue
		}
		require.True(t, c >= 0x20 && c < 0x7f || c == '…', "the table holds %U: %q", c, out)
	}
	assert.Contains(t, out, `sdk join(call\x1b[31m\r-1)`)
	assert.Contains(t, out, `sdk assigned(19:\x1b]0;x\a\r\n\u202e\u2028\\ open)`)
	assert.Contains(t, out, `outcome joinBreakoutOk(19:\x1b[2J\r)`)
	assert.Equal(t, 20, strings.Count(out, "\n"), "a header and one row per line: no line forged")
}

// The table names every input and error in the trace's own words: no
// internal type names such as InputKind(0), and a short reason for every
// error.
func TestTableHasNoInternalNamesAndGivesTheReason(t *testing.T) {
	out := replayText(t, hostile)
	assert.NotRegexp(t, regexp.MustCompile(`[A-Za-z]\(\d+\)`), out)
	rows := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	assert.Regexp(t, `^LINE +INPUT +POSITION +STATE +EFFECTS +ERROR +REASON$`, rows[0])
	for _, want := range []string{
		`action \(unreadable\) .* unknownInput R24 +unreadable trace line: "action" is "fly", not a user action$`,
		`outcome \(unreadable\) .* "outcome.op" is "x", not an effect$`,
		`tick \(unreadable\) .* "tick" is false$`,
		`meetingEnded \(unreadable\) `,
		`sdk \(unreadable\) .* 46258 R24 `,
		`unreadable .* unreadable trace line: the line is not valid JSON$`,
		`config .* config refused: a config may only be the first non-blank line of a trace`,
	} {
		assert.Regexp(t, "(?m)"+want, out)
	}
	for _, row := range rows[1:] {
		fields := strings.Fields(row)
		if !strings.Contains(row, "unknownInput") && !strings.Contains(row, "4625") && !strings.Contains(row, "unexpectedInput") {
			continue
		}
		assert.NotEqual(t, "-", fields[len(fields)-1], "an error without its reason: %s", row)
	}
	assert.Regexp(t, `^1 +config +main +main +- +- +-$`, rows[1], "the byte order mark is skipped: the config is read")
}

// The table is written row by row: each result is written as it is
// replayed, none held back.
func TestTableWritesEveryRowAtOnce(t *testing.T) {
	var w countingWriter
	tb := trace.NewTable(&w)
	assert.Equal(t, 1, w.writes)
	r := trace.NewRunner()
	for i, l := range strings.Split(hostile, "\n") {
		res, ok := r.Next([]byte(l))
		if !ok {
			continue
		}
		tb.Add(&res)
		assert.Equal(t, i+2, w.writes, "row %d", i+1)
	}
	assert.NoError(t, tb.Flush())
}

type countingWriter struct{ writes int }

func (w *countingWriter) Write(p []byte) (int, error) { w.writes++; return len(p), nil }

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"19:r1@thread.v2": "19:r1@thread.v2",
		"Raum für alle":   "Raum für alle",
		"a\x1b[31mb":      `a\x1b[31mb`,
		"a\rb\nc\td":      `a\rb\nc\td`,
		"\u202ereversed":  `\u202ereversed`,
		"\u2028":          `\u2028`,
		"\xff\xfe":        `\xff\xfe`,
		`back\slash`:      `back\\slash`,
		"…":               `\u2026`,
		"\x00\x7f\u0085":  `\x00\x7f\u0085`,
		"emoji 🙂 is fine": "emoji 🙂 is fine",
	} {
		assert.Equal(t, want, trace.Printable(in), "%q", in)
	}
}

// A cell is cut: a trace cannot make a row as long as its line.
func TestTableCutsLongCells(t *testing.T) {
	id := strings.Repeat("r", 2000)
	out := replayText(t, `{"sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:`+id+`","state":"open"}}}`)
	rows := strings.Split(out, "\n")
	assert.Less(t, len(rows[1]), 1000)
	assert.Contains(t, rows[1], "rrr…")
}

func TestShortReason(t *testing.T) {
	assert.Equal(t, "", trace.ShortReason(nil))
	e := errs.NewKind(errcodes.UnknownInput, rule.R24, `unreadable trace line: "tick" is false; expected true`)
	assert.Equal(t, `unreadable trace line: "tick" is false`, trace.ShortReason(e))
	assert.Equal(t, "unknownInput R24", trace.DescribeError(e))
}

// An over-long line is a refused line in both outputs, and the replay goes
// on; the JSON of the other lines is what it was.
func TestReplaySkipsAnOverlongLine(t *testing.T) {
	in := `{"config":{"role":"attendee"}}` + "\n" + `{"tick":true,"pad":"` + strings.Repeat("p", 8000) + `"}` + "\n" + `{"at":"2026-01-05T10:00:00Z","tick":true}` + "\n"
	var j bytes.Buffer
	require.NoError(t, trace.ReplayWith(strings.NewReader(in), &j, trace.ReplayOptions{JSON: true, MaxLine: 4096}))
	got := strings.Split(strings.TrimSuffix(j.String(), "\n"), "\n")
	require.Len(t, got, 3)
	assert.Equal(t, `{"line":1,"position":"main","state":"main","effects":[],"error":null}`, got[0])
	assert.Contains(t, got[1], `{"line":2,"position":"main","state":"main","effects":[],"error":{"kind":"unknownInput","rule":"R24","message":"unreadable trace line: it is 8022 bytes long, more than the 4096 bytes a line may have`)
	assert.Equal(t, `{"line":3,"position":"main","state":"main","effects":[],"error":null}`, got[2])
	text := replayText(t, in)
	assert.Regexp(t, `\n2 +unreadable .* unknownInput R24 +unreadable trace line: it is 8022 bytes long, more than the 4096 bytes a line may have \(breakoutfsm replay --max-line sets the limit\)\n3 +tick`, text)
}
