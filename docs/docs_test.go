package docs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
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
	for _, r := range errcodes.AllRules() {
		assert.NotEmpty(t, ruleSummaries[r], "rule %s has no summary", r)
	}
}
