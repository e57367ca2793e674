package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeTrace(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "trace.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

// Flags may follow the file name, and "--" ends the flags.
func TestReplayTakesFlagsAfterTheFile(t *testing.T) {
	path := writeTrace(t, sampleTrace)
	before := runCmd(t, "", "replay", "--json", path)
	require.Equal(t, 0, before.code, before.stderr)
	after := runCmd(t, "", "replay", path, "--json")
	require.Equal(t, 0, after.code, after.stderr)
	assert.Equal(t, before.stdout, after.stdout)
	both := runCmd(t, "", "replay", "--max-line", "64KiB", path, "--json")
	assert.Equal(t, before.stdout, both.stdout)
	dashed := runCmd(t, "", "replay", "--", path)
	require.Equal(t, 0, dashed.code, dashed.stderr)
	assert.Contains(t, dashed.stdout, "LINE")
	r := runCmd(t, "", "replay", path, "--", "--json")
	assert.Equal(t, 2, r.code, "after --, --json is a second file")
	assert.Contains(t, r.stderr, "got 2 arguments")
}

// Thread and call ids carrying ESC and CR (and other control characters)
// are shown escaped: no trace recolours the terminal or forges a row.
func TestReplayEscapesControlCharacters(t *testing.T) {
	path := writeTrace(t, `{"sdk":{"type":"join","data":{"id":"call\u001b[31m\r-1"}}}
{"at":"2026-01-05T10:00:00Z","sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:r\u001b]0;title\u0007\r\nforged","state":"open","autoMoveParticipantToBreakoutRoom":true}}}
{"at":"2026-01-05T10:00:03Z","tick":true}
{"outcome":{"op":"joinBreakout","ok":true,"threadId":"19:x\u001b[2J\r"}}
`)
	r := runCmd(t, "", "replay", path)
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "\x1b")
	assert.NotContains(t, r.stdout, "\r")
	assert.NotContains(t, r.stdout, "\a")
	assert.Contains(t, r.stdout, `sdk join(call\x1b[31m\r-1)`)
	assert.Contains(t, r.stdout, `sdk assigned(19:r\x1b]0;title\a\r\nforged open auto)`)
	assert.Contains(t, r.stdout, `joinBreakout(19:r\x1b]0;title\a\r\nforged)`)
	assert.Contains(t, r.stdout, `outcome joinBreakoutOk(19:x\x1b[2J\r)`)
	assert.Equal(t, 5, strings.Count(r.stdout, "\n"), "a header and four rows")
	// The file name in an error is escaped too.
	r = runCmd(t, "", "replay", filepath.Join(t.TempDir(), "no\x1b[31mfile"))
	assert.Equal(t, 2, r.code)
	assert.NotContains(t, r.stderr, "\x1b")
	assert.Contains(t, r.stderr, `no\x1b[31mfile`)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// A byte order mark before the config does not cost the config.
func TestReplaySkipsAByteOrderMark(t *testing.T) {
	path := writeTrace(t, "\xEF\xBB\xBF"+`{"config":{"role":"manager"}}
{"sdk":{"type":"breakoutRooms","data":[]}}
`)
	r := runCmd(t, "", "replay", "--json", path)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, `{"line":1,"position":"main","state":"main","effects":[],"error":null}`+"\n"+
		`{"line":2,"position":"main","state":"main","effects":[],"error":null}`+"\n", r.stdout,
		"the config is read: a manager takes the room list (an attendee would refuse it, R23)")
}

// A line over --max-line is a refused line that names the limit, and the
// replay goes on; a larger --max-line reads it.
func TestReplayRefusesAnOverlongLineAndGoesOn(t *testing.T) {
	big := strings.Repeat("n", 2<<20)
	path := writeTrace(t, `{"config":{"role":"attendee"}}
{"at":"2026-01-05T10:00:00Z","sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","displayName":"`+big+`","state":"open"}}}
{"at":"2026-01-05T10:00:01Z","tick":true}
`)
	long := len(strings.Split(readFile(t, path), "\n")[1])
	r := runCmd(t, "", "replay", path)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `\n2 +unreadable +main +main +- +unknownInput R24 +unreadable trace line: it is `+strconv.Itoa(long)+` bytes long, more than the 1048576 bytes a line may have \(breakoutfsm replay --max-line sets the limit\)\n3 +tick`, r.stdout)
	r = runCmd(t, "", "replay", "--json", path)
	require.Equal(t, 0, r.code, r.stderr)
	rows := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, rows, 3)
	assert.Contains(t, rows[1], `"kind":"unknownInput","rule":"R24","message":"unreadable trace line: it is `+strconv.Itoa(long)+` bytes long, more than the 1048576 bytes`)
	assert.Equal(t, `{"line":3,"position":"main","state":"main","effects":[],"error":null}`, rows[2])
	r = runCmd(t, "", "replay", "--json", "--max-line", "4MiB", path)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `{"line":2,"position":"assigned"`)
	for _, bad := range []string{"0", "100", "2GiB", "lots", "-1"} {
		r := runCmd(t, "", "replay", "--max-line", bad, path)
		assert.Equal(t, 2, r.code, bad)
		assert.Contains(t, r.stderr, "want a size from 1KiB to 1GiB", bad)
	}
}

// runMeasured runs the command with stdin from in under /usr/bin/time, and
// reports its peak resident memory. (The rusage of a child of the test
// process cannot say: Go starts children with vfork, and the kernel counts
// the parent's memory up to the exec in the child's peak. time forks.)
func runMeasured(t *testing.T, in io.Reader, args ...string) (ran, int64) {
	t.Helper()
	timer, err := exec.LookPath("/usr/bin/time")
	if err != nil || runtime.GOOS != "linux" {
		t.Skip("needs GNU time at /usr/bin/time")
	}
	cmd := exec.Command(timer, append([]string{"-f", "peak-rss-kib=%M", binary}, args...)...)
	cmd.Stdin = in
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	stderr := errb.String()
	i := strings.LastIndex(stderr, "peak-rss-kib=")
	require.GreaterOrEqual(t, i, 0, "time said %q", stderr)
	kib, err := strconv.ParseInt(strings.TrimSpace(stderr[i+len("peak-rss-kib="):]), 10, 64)
	require.NoError(t, err)
	return ran{code, out.String(), stderr[:i]}, kib << 10
}

// zeros reads n zero bytes.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), z.n)
	clear(p[:k])
	z.n -= k
	return int(k), nil
}

// `head -c 1G /dev/zero | breakoutfsm replay -`, at a quarter of the size:
// one line of zeros, refused, naming the limit, in little memory.
func TestReplayOfZerosIsARefusedLineInLittleMemory(t *testing.T) {
	const size = 256 << 20
	r, rss := runMeasured(t, &zeros{size}, "replay", "-")
	require.Equal(t, 0, r.code, r.stderr)
	t.Logf("peak RSS %d MiB", rss>>20)
	assert.Less(t, rss, int64(64<<20))
	assert.Regexp(t, `\n1 +unreadable +main +main +- +unknownInput R24 +unreadable trace line: it is 268435456 bytes long, more than the 1048576 bytes a line may have`, r.stdout)
	assert.Equal(t, 2, strings.Count(r.stdout, "\n"))
}

// The table is written row by row: its memory does not grow with the trace.
func TestReplayTableTakesTheSameMemoryForAnyTrace(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"config":{"role":"attendee"}}` + "\n")
	var body []string
	for _, l := range strings.Split(strings.TrimSpace(sampleTrace), "\n")[1:] {
		if l != "" {
			body = append(body, l)
		}
	}
	const rows = 300_000
	for n := 1; n < rows; n++ {
		b.WriteString(body[n%len(body)])
		b.WriteByte('\n')
	}
	r, rss := runMeasured(t, strings.NewReader(b.String()), "replay", "-")
	require.Equal(t, 0, r.code, r.stderr)
	t.Logf("%d lines (%d MiB): peak RSS %d MiB", rows, b.Len()>>20, rss>>20)
	assert.Less(t, rss, int64(64<<20))
	assert.Equal(t, rows+1, strings.Count(r.stdout, "\n"), "every line has its row")
}

// No output of replay names an internal type ("InputKind(0)").
func TestReplayNamesNoInternalType(t *testing.T) {
	path := writeTrace(t, `{"action":"fly"}
{"outcome":{"op":"nope","ok":true}}
{"outcome":{"op":"resumeMain","ok":true,"threadId":"19:r1"}}
{"tick":false}
{"meetingEnded":0}
{"sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"","state":"open"}}}
{"config":{"role":"boss"}}
[]
`)
	for _, args := range [][]string{{"replay", path}, {"replay", "--json", path}} {
		r := runCmd(t, "", args...)
		require.Equal(t, 0, r.code, r.stderr)
		assert.NotRegexp(t, regexp.MustCompile(`[A-Za-z]\(\d+\)`), r.stdout, "%v", args)
	}
}
