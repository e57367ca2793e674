package meeting_test

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

// The meeting is pure but for its fleet layer: it reads no clock (time is
// an input), draws no random numbers, does no I/O and starts no goroutines;
// pool.go uses sync for its sync.Pool of outcome builders and nothing else.
// This test reads the package's source to hold it to that.
//
// The snapshot encodes to JSON (snapshot.go alone imports encoding/json and
// bytes: encoding is not I/O, the caller writes the bytes). The fleet layer
// is the one concurrent layer: host.go locks a
// meeting while it runs an input against a Store, and memstore.go, the
// in-memory Store, locks its map; the I/O is the Store's, behind the
// interface (store.go and host.go take a context for it). No file starts a
// goroutine.
func TestPackageReadsNoClockAndLocksOnlyInTheFleetLayer(t *testing.T) {
	allowed := map[string]bool{
		"fmt": true, "slices": true, "strconv": true, "strings": true, "time": true, "sync": true,
		"bytes": true, "encoding/json": true, "context": true, "errors": true,
		"github.com/breakoutfsm/breakoutfsm/errcodes":        true,
		"github.com/breakoutfsm/breakoutfsm/lifecycle":       true,
		"github.com/breakoutfsm/breakoutfsm/policy":          true,
		"github.com/breakoutfsm/breakoutfsm/internal/rule":   true,
		"github.com/breakoutfsm/breakoutfsm/internal/errs":   true,
		"github.com/breakoutfsm/breakoutfsm/internal/inject": true,
	}
	onlyIn := map[string][]string{
		"bytes": {"snapshot.go"}, "encoding/json": {"snapshot.go"},
		"sync": {"pool.go", "host.go", "memstore.go"},
	}
	clocks := map[string]bool{"Now": true, "Since": true, "Until": true, "Sleep": true, "After": true, "Tick": true, "NewTimer": true, "NewTicker": true, "AfterFunc": true}
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		checked++
		file, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, imp := range file.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			require.NoError(t, err)
			assert.True(t, allowed[path], "%s imports %s", name, path)
			if files, ok := onlyIn[path]; ok {
				assert.Contains(t, files, name, "only %v may import %s", files, path)
			}
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				t.Errorf("%s: go statement at %v", name, fset.Position(n.Pos()))
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok && id.Name == "time" && clocks[n.Sel.Name] {
					t.Errorf("%s: time.%s at %v: time is an input", name, n.Sel.Name, fset.Position(n.Pos()))
				}
				if id, ok := n.X.(*ast.Ident); ok && id.Name == "sync" && name == "pool.go" && n.Sel.Name != "Pool" {
					t.Errorf("%s: sync.%s at %v: the pool file only pools", name, n.Sel.Name, fset.Position(n.Pos()))
				}
			}
			return true
		})
	}
	assert.Positive(t, checked)
}
