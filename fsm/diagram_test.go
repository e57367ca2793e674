package fsm_test

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./fsm/ -update to create it")
	assert.Equal(t, string(want), got, "%s is stale; run go test ./fsm/ -update and review the diff", path)
}

func TestDiagramsAreGoldenAndDeterministic(t *testing.T) {
	table := newDoor(t)
	full := fsm.DiagramOptions{
		Title:          "Door: toy table",
		Refusals:       true,
		MergeSelfLoops: true,
		Label: func(row int) string {
			if fsmq.Of(table).IsRefusal(row) {
				return "#" + strconv.Itoa(400+row)
			}
			return ""
		},
	}
	cases := []struct {
		file string
		draw func() string
	}{
		{"door.mmd", func() string { return table.Mermaid(fsm.DiagramOptions{}) }},
		{"door_full.mmd", func() string { return table.Mermaid(full) }},
		{"door.dot", func() string { return table.DOT(fsm.DiagramOptions{}) }},
		{"door_full.dot", func() string { return table.DOT(full) }},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			first := c.draw()
			for range 5 {
				require.Equal(t, first, c.draw())
			}
			golden(t, c.file, first)
		})
	}
}

func TestMermaidDrawsOneEdgePerRow(t *testing.T) {
	table := newDoor(t)
	plain := table.Mermaid(fsm.DiagramOptions{})
	assert.True(t, strings.HasPrefix(plain, "stateDiagram-v2\n"))
	assert.Contains(t, plain, "    [*] --> closed\n")
	assert.Contains(t, plain, "    closed --> opened : push [!jammed] / D1\n")
	assert.Contains(t, plain, "    locked --> closed : turnKey [hasKey && !alarmOn] / D9\n")
	assert.Contains(t, plain, "    removed --> [*]\n")
	assert.NotContains(t, plain, "(refused)")
	nonRefusals := 0
	for k := range fsmq.Of(table).Len() {
		if !fsmq.Of(table).IsRefusal(k) {
			nonRefusals++
		}
	}
	assert.Equal(t, nonRefusals, strings.Count(plain, " : "))

	all := table.Mermaid(fsm.DiagramOptions{Refusals: true})
	assert.Equal(t, fsmq.Of(table).Len(), strings.Count(all, " : "))
	assert.Contains(t, all, "    locked --> locked : turnKey [hasKey && alarmOn] / D10 (refused)\n")
}

func TestDOTMarksRefusalsDashed(t *testing.T) {
	table := newDoor(t)
	out := table.DOT(fsm.DiagramOptions{Refusals: true})
	assert.Contains(t, out, `"closed" -> "closed" [label="push [jammed] / D2 (refused)", style=dashed];`)
	assert.Contains(t, out, `"closed" -> "closed" [label="pull / D5"];`)
	assert.Contains(t, out, `"closed" [peripheries=2];`)
	assert.Equal(t, fsmq.Of(table).Len(), strings.Count(out, "[label="))
}

// Names that Mermaid or DOT would misread are escaped, not emitted raw.
func TestDiagramsEscapeAwkwardNames(t *testing.T) {
	spec := fsm.Spec[oddName, oddName, oddName, oddName]{
		States:     []oddName{0, 1, 2},
		Inputs:     []oddName{3},
		Conditions: []string{`a:b;"c"`},
		Initial:    0,
		Home:       []oddName{0},
		Rows: []fsm.Row[oddName, oddName, oddName, oddName]{
			{From: 0, On: 3, Guard: fsm.When(0), To: 1, Rule: 4},
			{From: 0, On: 3, Guard: fsm.Guard{}.Not(0), To: 2, Rule: 4},
			{From: 1, On: 3, To: 0, Rule: 4},
			{From: 2, On: 3, To: 0, Rule: 4},
		},
	}
	table, err := fsm.New(spec)
	require.NoError(t, err)

	mermaid := table.Mermaid(fsm.DiagramOptions{Title: `say "hi"`})
	assert.Equal(t, `---
title: "say \"hi\""
---
stateDiagram-v2
    state "left" as s0
    state "x y" as s1
    state "#123;q#125;" as s2
    [*] --> s0
    s0 --> s1 : in#58;put [a#58;b#59;#34;c#34;] / rule #35;1
    s0 --> s2 : in#58;put [!a#58;b#59;#34;c#34;] / rule #35;1
    s1 --> s0 : in#58;put / rule #35;1
    s2 --> s0 : in#58;put / rule #35;1
`, mermaid)

	dot := table.DOT(fsm.DiagramOptions{})
	assert.Contains(t, dot, `"left" -> "x y" [label="in:put [a:b;\"c\"] / rule #1"];`)
	assert.Contains(t, dot, `"__start" -> "left";`)
}

type oddName uint8

func (n oddName) String() string {
	return [...]string{"left", "x y", "{q}", "in:put", "rule #1"}[n]
}

// A generated id never clashes with a state that is named like one.
func TestMermaidGeneratedIDsAvoidStateNames(t *testing.T) {
	spec := fsm.Spec[clashName, clashName, clashName, clashName]{
		States:  []clashName{0, 1},
		Inputs:  []clashName{2},
		Initial: 0,
		Home:    []clashName{0},
		Rows: []fsm.Row[clashName, clashName, clashName, clashName]{
			{From: 0, On: 2, To: 1},
			{From: 1, On: 2, To: 0},
		},
	}
	table, err := fsm.New(spec)
	require.NoError(t, err)
	assert.Equal(t, `stateDiagram-v2
    state "a b" as _s0
    s0
    [*] --> _s0
    _s0 --> s0 : go / a b
    s0 --> _s0 : go / a b
`, table.Mermaid(fsm.DiagramOptions{}))
}

type clashName uint8

func (n clashName) String() string { return [...]string{"a b", "s0", "go"}[n] }

// MergeParallel draws the rows between two states as one edge, and Include
// keeps only the rows asked for.
func TestDiagramMergeParallelAndInclude(t *testing.T) {
	table := newDoor(t)
	all := table.Mermaid(fsm.DiagramOptions{})
	merged := table.Mermaid(fsm.DiagramOptions{MergeParallel: true})
	edges := func(s string) int { return strings.Count(s, " --> ") }
	assert.LessOrEqual(t, edges(merged), edges(all))
	for _, line := range strings.Split(merged, "\n") {
		if i := strings.Index(line, " : "); i > 0 && strings.Contains(line, " --> ") {
			head := line[:i]
			assert.Equal(t, 1, strings.Count(merged, head+" : "), "two edges %s", head)
		}
	}
	none := table.Mermaid(fsm.DiagramOptions{Include: func(int) bool { return false }})
	for _, line := range strings.Split(none, "\n") {
		if strings.Contains(line, " --> ") {
			assert.Contains(t, line, "[*]", "only the start and end arrows are left")
		}
	}
}
