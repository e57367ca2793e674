package docgen

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

// root is the repository root, seen from this package's folder.
const root = "../.."

// Every rule is named by at least one test, in the test's name (TestR12_…)
// or its leading comment, and has its text in the rulebook.
func TestEveryRuleIsNamedByATest(t *testing.T) {
	tests, err := ruleTests(root)
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
	want, err := rulesDoc(root)
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(root, "docs", "RULES.md"))
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "docs/RULES.md is stale: run go generate ./docs")
	files, err := Generated(root)
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
	b, err := rulesDoc(root)
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

// absolutePath matches a path that only means something on one machine: a
// home, work or temporary directory on Linux or macOS, or a Windows user's
// folder.
var absolutePath = regexp.MustCompile(`(^|[^\w.~/-])(/(work|home|tmp|root|Users|private|var/folders)/[^\s)\]"'` + "`" + `]*)|[A-Za-z]:\\Users\\`)

// The generated docs (docs/*.md, .mmd, .dot, .svg, and the README's generated
// blocks) hold no absolute path of the machine that generated them: a
// reader's clone is somewhere else. Generators write paths relative to the
// repository (bench/internal/report does so for pprof's source paths).
func TestGeneratedDocsHoldNoAbsolutePaths(t *testing.T) {
	docs := map[string]string{}
	for _, pattern := range []string{"*.md", "*.mmd", "*.dot", "*.svg"} {
		names, err := filepath.Glob(filepath.Join(root, "docs", pattern))
		require.NoError(t, err)
		for _, name := range names {
			b, err := os.ReadFile(name)
			require.NoError(t, err)
			docs["docs/"+filepath.Base(name)] = string(b)
		}
	}
	require.Contains(t, docs, "docs/BENCHMARKS.md")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	for _, marker := range []string{readmeMarker, readmeTrace, readmeTable, readmeTableJSON} {
		b, err := block(readme, "README.md", marker)
		require.NoError(t, err)
		docs["README.md (block "+strings.TrimSpace(strings.SplitN(marker, "\n", 2)[0])+")"] = string(b)
	}
	files, err := Generated(root)
	require.NoError(t, err)
	for name, b := range files {
		docs[name+" (as generated now)"] = string(b)
	}
	for name, doc := range docs {
		for i, line := range strings.Split(doc, "\n") {
			if m := absolutePath.FindString(line); m != "" {
				t.Errorf("%s:%d holds the absolute path %q: write it relative to the repository", name, i+1, strings.TrimSpace(m))
			}
		}
	}
}
