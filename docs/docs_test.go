package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/breakoutfsm/breakoutfsm/internal/docgen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The generated docs are fresh: regenerating them from the code gives the
// committed files byte for byte. Run `go generate ./docs` after a change.
func TestGeneratedDocsAreFresh(t *testing.T) {
	files, err := docgen.Generated("..")
	require.NoError(t, err)
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(name)))
		require.NoError(t, err, "%s is missing: run go generate ./docs", name)
		assert.Equal(t, string(want), string(got), "%s is stale: run go generate ./docs", name)
	}
}

// Each SVG is rendered from the DOT file now generated: it carries the hash
// of the DOT source it was rendered from (go generate ./docs renders it with
// Graphviz).
func TestRenderedDiagramsAreFresh(t *testing.T) {
	files, err := docgen.Generated("..")
	require.NoError(t, err)
	for dot, svg := range docgen.Rendered() {
		b, err := os.ReadFile(filepath.Join("..", "docs", svg))
		require.NoError(t, err, "%s is missing: run go generate ./docs with Graphviz installed", svg)
		assert.Contains(t, string(b), docgen.RenderedFrom(files["docs/"+dot]), "%s was not rendered from the current %s: run go generate ./docs with Graphviz installed", svg, dot)
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
	files, err := docgen.Generated("..")
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
