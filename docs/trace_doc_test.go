package docs

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/docgen"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/inspect"
	"github.com/breakoutfsm/breakoutfsm/internal/trace"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

func readDoc(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "docs", name))
	require.NoError(t, err)
	return string(b)
}

// TRACE.md names every value the format reads or writes: the input keys,
// actions, outcome ops, config keys, event types, positions, states, effect
// kinds, timers, notification targets, project kinds and categories.
func TestTraceDocNamesEveryValue(t *testing.T) {
	doc := readDoc(t, "TRACE.md")
	names := []string{"at", "config", "sdk", "action", "outcome", "tick", "meetingEnded", "op", "ok", "threadId",
		"assignedBreakoutRooms", "assignedBreakoutRoom", "breakoutRoomsSettings", "breakoutRoomSettings", "breakoutRooms", "join",
		"line", "position", "state", "effects", "error", "subcode", "code", "category", "rule", "message", "wrappedBy", "kind", "target", "timer"}
	for _, k := range []lifecycle.InputKind{lifecycle.InputJoin, lifecycle.InputReturn, lifecycle.InputHangUpBreakout, lifecycle.InputResumeMain, lifecycle.InputLeaveMeeting} {
		names = append(names, k.String())
	}
	for _, op := range []string{"holdMain", "joinBreakout", "hangUpMain", "hangUpBreakout", "resumeMain", "rejoinMain"} {
		l := trace.ParseLine([]byte(`{"outcome":{"op":"` + op + `","ok":true}}`))
		require.Nil(t, l.Err, "op %s is one the format reads", op)
		names = append(names, op)
	}
	cfg, err := trace.FormatConfig(nil, lifecycle.DefaultConfig())
	require.NoError(t, err)
	var line struct{ Config map[string]any }
	require.NoError(t, json.Unmarshal(cfg, &line))
	for k := range line.Config {
		names = append(names, k)
	}
	for _, p := range lifecycle.AllPositions() {
		names = append(names, p.String())
	}
	for _, s := range lifecycle.AllStates() {
		names = append(names, s.String())
	}
	for _, k := range lifecycle.AllEffectKinds() {
		names = append(names, k.String())
	}
	for _, tm := range lifecycle.AllTimers() {
		names = append(names, tm.String())
	}
	for _, n := range lifecycle.AllNotifications() {
		names = append(names, n.String())
	}
	// The project's kinds and the SDK's categories, as the error table
	// lists them.
	table, err := errs.JSONTable()
	require.NoError(t, err)
	var entries []struct{ Kind, Category string }
	require.NoError(t, json.Unmarshal(table, &entries))
	seen := map[string]bool{}
	for _, e := range entries {
		for _, n := range []string{e.Kind, e.Category} {
			if n != "" && !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	for _, n := range names {
		named := strings.Contains(doc, "`"+n+"`") || strings.Contains(doc, "`\""+n+"\"`")
		assert.True(t, named, "TRACE.md does not name %q", n)
	}
}

// The config table of TRACE.md gives the defaults FormatConfig writes.
func TestTraceDocConfigDefaults(t *testing.T) {
	doc := readDoc(t, "TRACE.md")
	cfg, err := trace.FormatConfig(nil, lifecycle.DefaultConfig())
	require.NoError(t, err)
	var line struct{ Config map[string]json.RawMessage }
	require.NoError(t, json.Unmarshal(cfg, &line))
	require.Len(t, line.Config, 6)
	for key, value := range line.Config {
		row := regexp.MustCompile("(?m)^\\| `" + key + "` \\|.*\\| `([^`]*)` \\|$").FindStringSubmatch(doc)
		if !assert.NotNil(t, row, "TRACE.md's config table has no row for %s", key) {
			continue
		}
		assert.Equal(t, string(value), row[1], "the default of %s", key)
	}
	// The config example line reads back as the defaults.
	example := regexp.MustCompile(`(?m)^\{"config":\{"role":"attendee".*\}$`).FindString(doc)
	l := trace.ParseLine([]byte(example))
	require.Nil(t, l.Err)
	assert.Equal(t, lifecycle.DefaultConfig(), l.Config)
}

// The table of effect objects gives the keys each kind is written with, in
// the order Effect.AppendJSON writes them.
func TestTraceDocEffectObjects(t *testing.T) {
	doc := readDoc(t, "TRACE.md")
	for _, k := range lifecycle.AllEffectKinds() {
		e := lifecycle.Effect{Kind: k, ThreadID: "19:r1", Timer: lifecycle.TimerAutoMove, Target: lifecycle.NotifyOpened}
		b := e.AppendJSON(nil)
		var keys []string
		for _, m := range regexp.MustCompile(`"(\w+)":`).FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
		require.Equal(t, "kind", keys[0])
		var cells []string
		for _, key := range keys[1:] {
			cells = append(cells, "`"+key+"`")
		}
		row := "| `" + k.String() + "` | " + strings.Join(cells, ", ") + " |"
		if len(cells) == 0 {
			row = "| `" + k.String() + "` | |"
		}
		assert.True(t, strings.Contains(doc, "\n"+row+"\n"), "TRACE.md has no row %s", row)
	}
}

// What TRACE.md says tells a failure report from a refusal holds for every
// row of the table: a row taking an outcome never refuses, and the errors it
// reports are the failures TRACE.md lists.
func TestTraceDocFailureReports(t *testing.T) {
	failures := map[string]bool{"46254": true, "46255": true, "46257": true, "46261": true, "46263": true, "mainHangUpFailed": true}
	doc := readDoc(t, "TRACE.md")
	for f := range failures {
		assert.True(t, strings.Contains(doc, f), "TRACE.md does not name %s", f)
	}
	for i, r := range inspect.Rows() {
		err := r.Err
		if err == nil {
			continue
		}
		if k, ok := lookupKind(r.On); !ok || !k.IsOutcome() {
			continue
		}
		tag := err.Kind.Error()
		if err.Kind == errcodes.KindSDK {
			tag = strconv.Itoa(int(err.Subcode))
		}
		assert.True(t, failures[tag], "row %d (%s) answers an outcome with %s, which TRACE.md does not list as a failure report", i, r.On, tag)
		assert.False(t, strings.HasPrefix(r.Effects[len(r.Effects)-1], "refuse"), "row %d refuses an outcome", i)
	}
}

// The anchors RULES.md and TRACE.md link to in TRACE.md exist.
func TestTraceDocAnchors(t *testing.T) {
	doc := readDoc(t, "TRACE.md")
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(`<a id="([^"]+)"></a>`).FindAllStringSubmatch(doc, -1) {
		ids[m[1]] = true
	}
	files, err := docgen.Generated("..")
	require.NoError(t, err)
	rules := files["docs/RULES.md"]
	for _, src := range []string{string(rules), readDoc(t, "GUIDE.md"), readDoc(t, "ARCHITECTURE.md")} {
		for _, m := range regexp.MustCompile(`TRACE\.md#([\w-]+)`).FindAllStringSubmatch(src, -1) {
			assert.True(t, ids[m[1]], "a link to TRACE.md#%s, which is no anchor", m[1])
		}
	}
	for _, m := range regexp.MustCompile(`\]\(#([^)]+)\)`).FindAllStringSubmatch(doc, -1) {
		assert.True(t, ids[m[1]], "TRACE.md links to #%s, which is no anchor", m[1])
	}
}

// lookupKind is the input kind named name.
func lookupKind(name string) (lifecycle.InputKind, bool) {
	for _, k := range lifecycle.AllInputKinds() {
		if k.String() == name {
			return k, true
		}
	}
	return 0, false
}
