package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

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

// Every rule of the behaviour of record is named by at least one test.
func TestEveryRuleIsNamedByATest(t *testing.T) {
	b, err := rulesIndex("..")
	require.NoError(t, err)
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "| R") {
			continue
		}
		cells := strings.Split(line, " | ")
		assert.NotEqual(t, "|", strings.TrimSpace(cells[len(cells)-1]), "no test names %s", cells[0])
		assert.True(t, strings.Contains(cells[len(cells)-1], "`Test") || strings.Contains(cells[len(cells)-1], "`Fuzz"),
			"no test names %s", strings.TrimPrefix(cells[0], "| "))
	}
	for _, r := range rule.All() {
		assert.NotEmpty(t, ruleSummaries[r], "rule %s has no summary", r)
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
