package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/internal/errs"
)

// binary is the breakoutfsm command built once for these tests: they drive
// the built command, not only the functions behind it.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "breakoutfsm-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "breakoutfsm")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building the command: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type ran struct {
	code           int
	stdout, stderr string
}

func runCmd(t *testing.T, stdin string, args ...string) ran {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %v: %v", args, err)
	}
	return ran{code, out.String(), errb.String()}
}

const sampleTrace = `{"config":{"role":"attendee"}}
{"at":"2026-01-05T10:00:00Z","sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","state":"open","autoMoveParticipantToBreakoutRoom":true}}}

{"at":"2026-01-05T10:00:03Z","tick":true}
not json
{"action":"join"}
`

func TestReplayJSONFollowsTheTraceFormat(t *testing.T) {
	r := runCmd(t, sampleTrace, "replay", "--json", "-")
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, lines, 5, "one result per non-blank line")
	want := []string{
		`{"line":1,"position":"main","state":"main","effects":[],"error":null}`,
		`{"line":2,"position":"assigned","state":"assigned","effects":[{"kind":"schedule","timer":"autoMove","at":"2026-01-05T10:00:03Z"},{"kind":"notify","target":"assignedBreakoutRoomOpened"}],"error":null}`,
		`{"line":4,"position":"joining","state":"joining","effects":[{"kind":"holdMain"},{"kind":"joinBreakout","threadId":"19:r1"},{"kind":"dismiss","target":"assignedBreakoutRoomOpened"}],"error":null}`,
	}
	assert.Equal(t, want, lines[:3])
	var bad, join struct {
		Line  int
		Error struct {
			Kind string `json:"kind"`
			Rule string `json:"rule"`
		} `json:"error"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[3]), &bad))
	assert.Equal(t, 5, bad.Line)
	assert.Equal(t, "unknownInput", bad.Error.Kind)
	require.NoError(t, json.Unmarshal([]byte(lines[4]), &join))
	assert.Equal(t, "alreadyInRoom", join.Error.Kind)
	assert.Equal(t, "R5", join.Error.Rule)
}

func TestReplayReadableTable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trace.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(sampleTrace), 0o644))
	r := runCmd(t, "", "replay", path)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "LINE")
	assert.Contains(t, r.stdout, "holdMain joinBreakout(19:r1)")
	assert.Contains(t, r.stdout, "alreadyInRoom R5")
}

func TestReplayUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"replay"},
		{"replay", "a", "b"},
		{"replay", "--nosuchflag", "-"},
		{"replay", filepath.Join(t.TempDir(), "missing.jsonl")},
		{"replay", t.TempDir()},
	} {
		r := runCmd(t, "", args...)
		assert.Equal(t, 2, r.code, "%v", args)
		assert.NotEmpty(t, r.stderr, "%v says nothing", args)
	}
	r := runCmd(t, "", "replay", filepath.Join(t.TempDir(), "missing.jsonl"))
	assert.Contains(t, r.stderr, "cannot read the trace")
	assert.Contains(t, r.stderr, "breakoutfsm replay -h")
}

// help CMD, CMD -h (or -help, --help) print that command's help to stdout,
// with exit status 0; a flag error prints one line and a hint to stderr,
// with exit status 2.
func TestEverySubcommandHasHelp(t *testing.T) {
	for _, c := range commands() {
		var helps []string
		for _, args := range [][]string{{c.name, "-h"}, {c.name, "--help"}, {c.name, "-help"}, {"help", c.name}} {
			r := runCmd(t, "", args...)
			assert.Equal(t, 0, r.code, "%v", args)
			assert.True(t, strings.HasPrefix(r.stdout, "usage: breakoutfsm "+c.name+" "), "%v: %q", args, r.stdout)
			assert.Contains(t, r.stdout, "\nFlags:\n", "%v", args)
			assert.Empty(t, r.stderr, "%v", args)
			helps = append(helps, r.stdout)
		}
		for _, h := range helps[1:] {
			assert.Equal(t, helps[0], h, "%s: every way of asking prints the same help", c.name)
		}
		r := runCmd(t, "", c.name, "--nosuchflag")
		assert.Equal(t, 2, r.code, c.name)
		assert.Empty(t, r.stdout, c.name)
		assert.Equal(t, "breakoutfsm "+c.name+": flag provided but not defined: -nosuchflag\nRun 'breakoutfsm "+c.name+" -h' for usage.\n", r.stderr)
	}
	r := runCmd(t, "", "help", "nosuchcommand")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unknown command "nosuchcommand"`)
	r = runCmd(t, "", "help")
	assert.Equal(t, 0, r.code)
	assert.Contains(t, r.stdout, "Commands:")
	r = runCmd(t, "", "--help")
	assert.Equal(t, 0, r.code)
	for _, c := range commands() {
		assert.Contains(t, r.stdout, c.name)
	}
	r = runCmd(t, "", "nosuchcommand")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, `unknown command "nosuchcommand"`)
	r = runCmd(t, "")
	assert.Equal(t, 2, r.code)
}

// codes prints an aligned table by default, the Markdown and JSON tables
// on demand, and one entry in full when given a subcode, a key or a kind.
func TestCodes(t *testing.T) {
	r := runCmd(t, "", "codes")
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(r.stdout, "\n")
	assert.Regexp(t, `^SUBCODE +HTTP +CATEGORY +KEY +MESSAGE`, lines[0])
	keyAt := strings.Index(lines[0], "KEY")
	var subcodes []codeEntry
	for n := 46250; n <= 46263; n++ {
		subcodes = append(subcodes, tableEntry(t, n))
	}
	for i, info := range subcodes {
		row := lines[1+i]
		assert.True(t, strings.HasPrefix(row, strconv.Itoa(info.Subcode)+" "), row)
		assert.Equal(t, info.Key, strings.Fields(row[keyAt:])[0], "the key column is aligned: %s", row)
		assert.Contains(t, row, info.Message)
	}
	for _, k := range []string{"returnDisabled", "alreadyInRoom", "participantLeft", "unknownInput", "unexpectedInput", "mainHangUpFailed"} {
		assert.Regexp(t, "(?m)^"+k+" +", r.stdout)
	}
	assert.NotContains(t, r.stdout, "|", "no Markdown")

	md := runCmd(t, "", "codes", "--format", "markdown")
	require.Equal(t, 0, md.code, md.stderr)
	assert.Equal(t, errs.MarkdownTable(), md.stdout)
	assert.Equal(t, md.stdout, runCmd(t, "", "codes", "--format", "md").stdout)

	r = runCmd(t, "", "codes", "--format", "json")
	require.Equal(t, 0, r.code, r.stderr)
	var rows []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rows))
	assert.Len(t, rows, 14+6)

	r = runCmd(t, "", "codes", "--format", "xml")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "use table, markdown or json")
}

func TestCodesPrintsOneEntry(t *testing.T) {
	info := tableEntry(t, 46258)
	r := runCmd(t, "", "codes", "46258")
	require.Equal(t, 0, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.stdout, "46258 BREAKOUT_ROOMS_UPDATEFAILED\n"), r.stdout)
	assert.Contains(t, r.stdout, "HTTP code:  412\n")
	assert.Contains(t, r.stdout, "category:   "+info.Category+"\n")
	unwrapped := strings.Join(strings.Fields(r.stdout), " ")
	assert.Contains(t, unwrapped, info.Message)
	assert.Contains(t, unwrapped, info.Resolution)
	assert.Contains(t, unwrapped, info.Note)
	for _, other := range []string{"BREAKOUT_ROOMS_UPDATEFAILED", "breakout_rooms_updatefailed"} {
		assert.Equal(t, r.stdout, runCmd(t, "", "codes", other).stdout, other)
	}
	for _, line := range strings.Split(r.stdout, "\n") {
		assert.LessOrEqual(t, len(line), 100, "wrapped: %q", line)
	}

	r = runCmd(t, "", "codes", "returnDisabled")
	require.Equal(t, 0, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.stdout, "returnDisabled (a project kind"), r.stdout)
	unwrapped = strings.Join(strings.Fields(r.stdout), " ")
	kind, ok := lookupCode("returnDisabled")
	require.True(t, ok)
	assert.Contains(t, unwrapped, kind.Description)
	assert.Contains(t, unwrapped, kind.Resolution)

	// In JSON, the entry is the table's object; in Markdown, its row.
	r = runCmd(t, "", "codes", "46258", "--format", "json")
	require.Equal(t, 0, r.code, r.stderr)
	var one map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &one))
	var all []map[string]any
	require.NoError(t, json.Unmarshal([]byte(runCmd(t, "", "codes", "--format", "json").stdout), &all))
	assert.Equal(t, all[46258-46250], one)
	r = runCmd(t, "", "codes", "--format", "json", "unknownInput")
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &one))
	assert.Equal(t, "unknownInput", one["kind"])
	r = runCmd(t, "", "codes", "--format", "markdown", "46258")
	require.Equal(t, 0, r.code, r.stderr)
	md := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.Len(t, md, 3)
	assert.True(t, strings.HasPrefix(md[0], "| Subcode | HTTP |"))
	assert.True(t, strings.HasPrefix(md[2], "| 46258 | 412 |"))
	assert.Contains(t, errs.MarkdownTable(), md[2]+"\n")

	for _, args := range [][]string{{"codes", "46249"}, {"codes", "99999999999"}, {"codes", "sdk"}, {"codes", "nope"}, {"codes", "46258", "46259"}} {
		r := runCmd(t, "", args...)
		assert.Equal(t, 2, r.code, "%v", args)
		assert.Empty(t, r.stdout, "%v", args)
	}
	r = runCmd(t, "", "codes", "nope")
	assert.Contains(t, r.stderr, `unknown code "nope": use a subcode from 46250 to 46263`)
	assert.Contains(t, r.stderr, "returnDisabled, alreadyInRoom")
}

// --version says which build this is: the module's version and the
// revision it was built from, as the binary's build information records
// them (go version -m).
func TestVersion(t *testing.T) {
	r := runCmd(t, "", "--version")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, 1, strings.Count(r.stdout, "\n"))
	assert.True(t, strings.HasPrefix(r.stdout, "breakoutfsm "), r.stdout)
	assert.Equal(t, r.stdout, runCmd(t, "", "version").stdout)
	out, err := exec.Command("go", "version", "-m", binary).Output()
	require.NoError(t, err)
	info := string(out)
	mod := regexp.MustCompile(`(?m)^\tmod\t(\S+)\t(\S+)`).FindStringSubmatch(info)
	require.NotNil(t, mod, info)
	assert.Contains(t, r.stdout, "breakoutfsm "+mod[2]+" ("+mod[1]+")")
	if rev := regexp.MustCompile(`(?m)^\tbuild\tvcs.revision=(\S+)`).FindStringSubmatch(info); rev != nil {
		assert.Contains(t, r.stdout, "revision "+rev[1])
	} else {
		assert.Contains(t, r.stdout, "no revision recorded")
	}
}

func TestFormatVersion(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/breakoutfsm/breakoutfsm", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123abcd"}, {Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}
	assert.Equal(t, "breakoutfsm v1.2.3 (github.com/breakoutfsm/breakoutfsm), git revision 0123abcd (2026-12-01T10:00:00Z, modified), go1.26.8", formatVersion(info))
	info.Settings = nil
	info.Main.Version = "(devel)"
	assert.Equal(t, "breakoutfsm (devel) (github.com/breakoutfsm/breakoutfsm), no revision recorded (built outside a repository, or with -buildvcs=false), go1.26.8", formatVersion(info))
}

func TestDiagram(t *testing.T) {
	r := runCmd(t, "", "diagram")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "stateDiagram-v2")
	assert.Contains(t, r.stdout, "in_room --> returning")
	r = runCmd(t, "", "diagram", "--format", "dot", "--all")
	require.Equal(t, 0, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.stdout, "digraph"), r.stdout[:20])
	r = runCmd(t, "", "diagram", "--looplab")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "stateDiagram")
	r = runCmd(t, "", "diagram", "--format", "png")
	assert.Equal(t, 2, r.code)
	// Incompatible flags are refused, not ignored.
	r = runCmd(t, "", "diagram", "--all", "--looplab")
	assert.Equal(t, 2, r.code)
	assert.Empty(t, r.stdout)
	assert.Contains(t, r.stderr, "each choose what to draw: give one of them")
	r = runCmd(t, "", "diagram", "--looplab", "--format", "dot")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "digraph")
}

func TestExplain(t *testing.T) {
	r := runCmd(t, "", "explain", "--state", "in_room", "--input", "returnToMainMeeting", "--facts", "returnAllowed=false")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "rule:   R15")
	assert.Contains(t, r.stdout, "returnDisabled")
	assert.Contains(t, r.stdout, "refused")
	r = runCmd(t, "", "explain", "--state", "in_room", "--input", "returnToMainMeeting", "--facts", "returnAllowed=true")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "next:   returning")
	for _, args := range [][]string{
		{"explain", "--state", "nowhere", "--input", "join"},
		{"explain", "--state", "main", "--input", "dance"},
		{"explain", "--state", "main", "--input", "join", "--facts", "flying=true"},
		{"explain", "--state", "main", "--input", "join", "--facts", "assigned=maybe"},
	} {
		r := runCmd(t, "", args...)
		assert.Equal(t, 2, r.code, "%v", args)
		assert.Contains(t, r.stderr, "breakoutfsm explain -h", "%v", args)
	}
}

// tableEntry is the error table's entry for subcode n, as errs.JSONTable
// writes it.
func tableEntry(t *testing.T, n int) codeEntry {
	t.Helper()
	b, err := errs.JSONTable()
	require.NoError(t, err)
	var all []codeEntry
	require.NoError(t, json.Unmarshal(b, &all))
	for _, c := range all {
		if c.Kind == "" && c.Subcode == n {
			return c
		}
	}
	t.Fatalf("no entry for %d", n)
	return codeEntry{}
}
