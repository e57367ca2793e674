package fsm_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The package is generic and pure: it imports no other package of this
// module (but internal/fsmhook, which imports nothing: the project's tools
// read the table through it), reads no clock, draws no random numbers, does no I/O and starts no
// goroutines. This test reads its source to hold it to that.
func TestPackageStaysPure(t *testing.T) {
	allowed := map[string]bool{
		"cmp": true, "context": true, "errors": true, "math/bits": true, "slices": true,
		"strconv": true, "strings": true,
		"sync":                   true, // the looplab adapter's lock, and nothing else
		"github.com/looplab/fsm": true,
		// how internal/fsmq opens a table, and nothing else
		"github.com/breakoutfsm/breakoutfsm/internal/fsmhook": true,
	}
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	checked := 0
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		checked++
		for _, imp := range file.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			require.NoError(t, err)
			assert.True(t, allowed[path], "%s imports %s", name, path)
			if path == "sync" {
				assert.Equal(t, "looplab.go", name, "only the looplab adapter may lock")
			}
			if strings.HasPrefix(path, "github.com/breakoutfsm/") {
				assert.Equal(t, "internal.go", name, "only internal.go hands the table to internal/fsmq")
			}
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if g, ok := n.(*ast.GoStmt); ok {
				t.Errorf("%s: go statement at %v", name, fset.Position(g.Pos()))
			}
			return true
		})
	}
	assert.Positive(t, checked)
}
