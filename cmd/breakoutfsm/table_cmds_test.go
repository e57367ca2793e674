package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breakoutfsm/breakoutfsm/internal/inspect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// table prints every row of the table as written, one a line, after the
// answers given before the table, each accepted row with what it does.
func TestTablePrintsEveryRow(t *testing.T) {
	r := runCmd(t, "", "table")
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	rows := inspect.Rows()
	pre := inspect.PreTableRules()
	assert.Len(t, lines, 1+len(pre)+len(rows), "a header, the answers before the table, and the rows")
	assert.LessOrEqual(t, len(rows), 200)
	assert.True(t, strings.HasPrefix(lines[0], "ROW"))
	for i, r := range rows {
		line := lines[1+len(pre)+i]
		assert.Contains(t, line, r.On, "row %d", i)
		assert.Contains(t, line, r.Rule.String(), "row %d", i)
		for _, p := range r.Effects {
			assert.Contains(t, line, p, "row %d lists %s", i, p)
		}
	}
}

// docs/RULES.md lists, under each rule, the rows that implement it with the
// numbers, guards, targets and effects that table prints: every row table
// prints is there, under its rule's heading.
func TestRulesBookShowsTheRowsTablePrints(t *testing.T) {
	r := runCmd(t, "", "table", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var rows []tableRow
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rows))
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "RULES.md"))
	require.NoError(t, err)
	doc := string(b)
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for _, row := range rows {
		guard := row.Guard
		if !strings.HasPrefix(row.ID, "b") && guard != "-" {
			guard = "`" + guard + "`"
		}
		effects := strings.Join(row.Effects, ", ")
		if effects == "" {
			effects = "-"
		}
		line := fmt.Sprintf("| %s | %s | %s | %s | %s | %s |", row.ID, cell(row.From), row.Input, cell(guard), row.To, cell(effects))
		at := strings.Index(doc, "\n"+line+"\n")
		if !assert.GreaterOrEqual(t, at, 0, "docs/RULES.md has no line for row %s: run go generate ./docs\n%s", row.ID, line) {
			continue
		}
		heading := strings.LastIndex(doc[:at], "\n### ")
		require.GreaterOrEqual(t, heading, 0)
		assert.True(t, strings.HasPrefix(doc[heading:], "\n### "+row.Rule+" "), "row %s is listed under another rule than %s", row.ID, row.Rule)
	}
}

func TestTableFiltersAndJSON(t *testing.T) {
	r := runCmd(t, "", "table", "--state", "in_room", "--input", "returnToMainMeeting", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var rows []tableRow
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rows))
	require.NotEmpty(t, rows)
	for _, row := range rows {
		assert.Equal(t, "returnToMainMeeting", row.Input)
		assert.Contains(t, row.States, "in_room")
	}
	refused := false
	for _, row := range rows {
		if row.Error == "returnDisabled" {
			refused = true
			assert.Equal(t, []string{"refuse returnDisabled"}, row.Effects)
		}
	}
	assert.True(t, refused, "the guard's refusal is among the rows")

	for _, args := range [][]string{
		{"table", "--state", "nowhere"},
		{"table", "--input", "dance"},
		{"table", "--input", "tick"},
		{"table", "extra"},
	} {
		r := runCmd(t, "", args...)
		assert.Equal(t, 2, r.code, "%v", args)
		assert.Contains(t, r.stderr, "breakoutfsm table -h", "%v", args)
	}
}

// explain shows what the row it picks does, primitive by primitive.
func TestExplainShowsWhatTheRowDoes(t *testing.T) {
	r := runCmd(t, "", "explain", "--state", "in_room", "--input", "returnToMainMeeting", "--facts", "returnAllowed=true,mainHungUp=true")
	require.Equal(t, 0, r.code, r.stderr)
	for _, want := range []string{"next:   returning", "hangUpBreakout(all)", "rejoinMain", "markEarlyReturn", "rule:   R15"} {
		assert.Contains(t, r.stdout, want)
	}
	r = runCmd(t, "", "explain", "--state", "in_room", "--input", "returnToMainMeeting", "--facts", "mainHungUp=true,mainOnHold=true")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "cannot occur together")
}
