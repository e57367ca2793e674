package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The generated docs are fresh: regenerating them from the code gives the
// committed files byte for byte. Run `go generate ./docs` after a change.
func TestGeneratedDocsAreFresh(t *testing.T) {
	files, err := Generated("..")
	require.NoError(t, err)
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(name)))
		require.NoError(t, err, "%s is missing: run go generate ./docs", name)
		assert.Equal(t, string(want), string(got), "%s is stale: run go generate ./docs", name)
	}
}

// Every rule is named by at least one test, in the test's name (TestR12_…)
// or its leading comment, and has its text in the rulebook.
func TestEveryRuleIsNamedByATest(t *testing.T) {
	tests, err := ruleTests("..")
	require.NoError(t, err)
	for _, r := range rule.All() {
		var names []string
		for _, ref := range tests[r] {
			if strings.HasPrefix(ref.name, "Test") || strings.HasPrefix(ref.name, "Fuzz") {
				names = append(names, ref.name)
			}
		}
		assert.NotEmpty(t, names, "no test names %s", r)
		text := rulebook[r]
		assert.NotEmpty(t, text.title, "rule %s has no title", r)
		assert.NotEmpty(t, text.summary, "rule %s has no summary", r)
		assert.NotEmpty(t, text.text, "rule %s is not stated", r)
	}
	assert.Len(t, rulebook, len(rule.All()), "the rulebook states exactly the rules")
}

// RULES.md is the rulebook generated now: the rules' text, the rows of the
// table that implement them and the tests that check them. Run
// `go generate ./docs` after changing any of them.
func TestRulesAreFresh(t *testing.T) {
	want, err := rulesDoc("..")
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join("..", "docs", "RULES.md"))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "docs/RULES.md is stale: run go generate ./docs")
	files, err := Generated("..")
	require.NoError(t, err)
	assert.Contains(t, files, "docs/RULES.md", "RULES.md is among the generated files, so go generate ./docs writes it")
}

// Every rule has at least one row of the lifecycle table (or an answer
// given before it), or says why none: a rule that is a property of the
// whole table. A rule with rows does not claim to have none.
func TestEveryRuleHasARowOrSaysWhyNone(t *testing.T) {
	rows := map[errcodes.Rule]int{}
	for _, r := range tableRows() {
		require.True(t, rule.Valid(r.rule), "row %s names no rule", r.id)
		rows[r.rule]++
	}
	for _, r := range rule.All() {
		why := rulebook[r].noRows
		if rows[r] == 0 {
			assert.NotEmpty(t, why, "no row implements %s, and the rulebook does not say why", r)
		} else {
			assert.Empty(t, why, "%s has %d rows, yet the rulebook says it has none", r, rows[r])
		}
	}
}

// Each v2.3 decision is written into the text of every rule it decides, by
// name, and names only rules.
func TestDecisionsAreFoldedIntoTheirRules(t *testing.T) {
	require.Len(t, decisions, 8, "C1 to C8")
	for i, d := range decisions {
		assert.Equal(t, "C"+strconv.Itoa(i+1), d.id)
		require.NotEmpty(t, d.rules, "%s decides no rule", d.id)
		for _, r := range d.rules {
			assert.Contains(t, strings.Join(rulebook[r].text, "\n"), d.id, "%s's text does not name decision %s", r, d.id)
		}
	}
}

// The rulebook's anchors are stable: one per rule (#r15, #r4a) and one per
// section, and every link inside it leads to one of them.
func TestRulesAnchors(t *testing.T) {
	b, err := rulesDoc("..")
	require.NoError(t, err)
	doc := string(b)
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(`<a id="([^"]+)"></a>`).FindAllStringSubmatch(doc, -1) {
		assert.False(t, ids[m[1]], "anchor %q is given twice", m[1])
		ids[m[1]] = true
	}
	for _, r := range rule.All() {
		assert.True(t, ids[strings.ToLower(r.String())], "no anchor for %s", r)
	}
	for _, want := range []string{"participant", "inputs", "effects", "rules", "errors", "meeting", "trace", "decisions", "conditions", "primitives"} {
		assert.True(t, ids[want], "no anchor %q", want)
	}
	for _, m := range regexp.MustCompile(`\]\(#([^)]+)\)`).FindAllStringSubmatch(doc, -1) {
		assert.True(t, ids[m[1]], "link to #%s, which is no anchor", m[1])
	}
}

// Each SVG is rendered from the DOT file now generated: it carries the hash
// of the DOT source it was rendered from (go generate ./docs renders it with
// Graphviz).
func TestRenderedDiagramsAreFresh(t *testing.T) {
	files, err := Generated("..")
	require.NoError(t, err)
	for dot, svg := range Rendered() {
		b, err := os.ReadFile(filepath.Join("..", "docs", svg))
		require.NoError(t, err, "%s is missing: run go generate ./docs with Graphviz installed", svg)
		assert.Contains(t, string(b), RenderedFrom(files["docs/"+dot]), "%s was not rendered from the current %s: run go generate ./docs with Graphviz installed", svg, dot)
	}
}

var (
	dotEdge     = regexp.MustCompile(`(?m)^\s*"?([\w]+)"?\s*->\s*"?([\w]+)"?(?:\s*\[(.*)\])?;`)
	dotLabel    = regexp.MustCompile(`label="([^"]*)"`)
	mermaidEdge = regexp.MustCompile(`(?m)^\s*(\S+)\s*-->\s*(\S+)(?:\s*:\s*(.*))?$`)
	svgSize     = regexp.MustCompile(`<svg width="([\d.]+)pt" height="([\d.]+)pt"`)
)

// The overview is a picture a docs writer can publish: at most 20 arrows,
// plain words of at most 40 characters on each (no guard expressions), a
// legend, and a rendered picture whose width and height are within a factor
// 2 of each other.
func TestOverviewIsReadable(t *testing.T) {
	files, err := Generated("..")
	require.NoError(t, err)
	checkLabel := func(where, label string) {
		label = strings.TrimSpace(label)
		assert.LessOrEqual(t, len(label), 40, "%s: label %q is longer than 40 characters", where, label)
		for _, guardSyntax := range []string{"&&", "||", "[", "!", "=="} {
			assert.NotContains(t, label, guardSyntax, "%s: label %q reads like a guard", where, label)
		}
	}

	dot := string(files["docs/lifecycle.dot"])
	edges := dotEdge.FindAllStringSubmatch(dot, -1)
	drawn := 0
	for _, e := range edges {
		if strings.Contains(e[3], "style=invis") {
			continue // the legend's placement
		}
		drawn++
		if m := dotLabel.FindStringSubmatch(e[3]); m != nil {
			checkLabel("lifecycle.dot "+e[1]+" -> "+e[2], m[1])
		}
	}
	assert.Greater(t, drawn, 10, "the DOT overview's arrows were read")
	assert.LessOrEqual(t, drawn, 20, "the DOT overview has %d arrows", drawn)
	assert.Contains(t, dot, "legend", "the DOT overview has a legend")

	mmd := string(files["docs/lifecycle.mmd"])
	medges := mermaidEdge.FindAllStringSubmatch(mmd, -1)
	assert.Greater(t, len(medges), 10, "the Mermaid overview's arrows were read")
	assert.LessOrEqual(t, len(medges), 20, "the Mermaid overview has %d arrows", len(medges))
	for _, e := range medges {
		if e[3] != "" {
			checkLabel("lifecycle.mmd "+e[1]+" --> "+e[2], e[3])
		}
	}
	assert.Contains(t, mmd, "note", "the Mermaid overview has a legend")

	svg, err := os.ReadFile(filepath.Join("..", "docs", "lifecycle.svg"))
	require.NoError(t, err)
	m := svgSize.FindStringSubmatch(string(svg))
	require.NotNil(t, m, "lifecycle.svg has a size")
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	ratio := max(w, h) / min(w, h)
	assert.LessOrEqual(t, ratio, 2.0, "lifecycle.svg is %.0f x %.0f pt", w, h)
}

// The error snippet of GUIDE.md ("Reading errors") is the code that
// ExampleMachine_Apply_errors (lifecycle/example_test.go) runs, line for
// line, so that the guide shows what compiles and what it prints.
func TestGuideErrorSnippetIsTheExample(t *testing.T) {
	guide, err := os.ReadFile("GUIDE.md")
	require.NoError(t, err)
	section := string(guide)[strings.Index(string(guide), "## Reading errors"):]
	start := strings.Index(section, "```go\n") + len("```go\n")
	snippet := section[start : start+strings.Index(section[start:], "```")]
	example, err := os.ReadFile(filepath.Join("..", "lifecycle", "example_test.go"))
	require.NoError(t, err)
	from := strings.Index(string(example), "// The snippet, from docs/GUIDE.md:\n")
	to := strings.Index(string(example), "\t// The end of the snippet.")
	require.True(t, from >= 0 && to > from, "the example marks the snippet")
	code := string(example)[from+len("// The snippet, from docs/GUIDE.md:\n") : to]
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(code, "\n"), "\n") {
		lines = append(lines, strings.TrimPrefix(l, "\t"))
	}
	assert.Equal(t, strings.TrimRight(snippet, "\n"), strings.Join(lines, "\n"))
}
