package proptest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// The engine itself has everything the suite can check: it is an Engine,
// an Inspector, a Snapshotter and a Tracer.
var (
	_ Engine      = (*lifecycle.Machine)(nil)
	_ Inspector   = (*lifecycle.Machine)(nil)
	_ Snapshotter = (*lifecycle.Machine)(nil)
	_ Tracer      = (*lifecycle.Machine)(nil)
)

// TestCheck_FewChecksPassWithoutTheGate: a run shorter than the coverage
// gate needs passes on a correct engine; the gate is off, and says why.
func TestCheck_FewChecksPassWithoutTheGate(t *testing.T) {
	Check(t, Lifecycle, Checks(100))
}

// TestCheck_AGateWithTooFewChecksSaysWhy: asked for anyway, the gate fails
// a short run and says that it needs more checks, and how to turn it off.
// The recipes take the rows walks seldom reach, so a short run can now and
// then reach everything: measured over 20 runs each, the gate passed 2 runs
// with Checks(5) and none with Checks(1). The test takes Checks(1) and
// gives it three tries to fail.
func TestCheck_AGateWithTooFewChecksSaysWhy(t *testing.T) {
	var rec *recorder
	for range 3 {
		if rec, _ = recorded(t, func(tb testing.TB) { Check(tb, Lifecycle, Checks(1), CoverageGate(true)) }); rec.Failed() {
			break
		}
	}
	if !rec.Failed() {
		t.Fatal("the coverage gate passed after 1 check, three times")
	}
	msg := rec.last()
	for _, want := range []string{"coverage gate: never exercised", "the gate needs at least Checks(2000)", "CoverageGate(false)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the gate's failure does not say %q:\n%s", want, msg)
		}
	}
}

// forgetful is an engine that forgets to report R15's refusal: a return
// the settings do not allow is refused without an error.
type forgetful struct{ m *lifecycle.Machine }

func (e forgetful) Apply(in *lifecycle.Input, now time.Time) (lifecycle.Result, error) {
	res, err := e.m.Apply(in, now)
	if errcodes.Of(err) != nil && errcodes.Of(err).Kind == errcodes.ReturnDisabled {
		err = nil
	}
	return res, err
}

// TestCheck_CatchesABrokenEngine: Check finds the same bug the command
// built with breakoutfsm_plantbug has, in a Go engine that only applies,
// and prints a short trace.
func TestCheck_CatchesABrokenEngine(t *testing.T) {
	rec, took := recorded(t, func(tb testing.TB) {
		Check(tb, func(cfg lifecycle.Config) (Engine, error) {
			m, err := lifecycle.New(cfg)
			return forgetful{m}, err
		})
	})
	if !rec.Failed() {
		t.Fatal("Check passed an engine that forgets R15's refusal")
	}
	report := rec.last()
	t.Logf("Check failed in %v; its last report:\n%s", took, report)
	if !strings.Contains(report, "error none") || !strings.Contains(report, "returnDisabled R15") {
		t.Errorf("the report does not show the bug")
	}
	if lines, n := reportedTrace(t, report); n > 8 || len(lines) != n {
		t.Errorf("the trace has %d lines (%d shown), want at most 8", n, len(lines))
	}
}

// TestAPI_IsSmall keeps proptest's API to its entry points: at most 25
// exported names (top-level functions, types, constants and variables, and
// the methods of exported types), and no exported variable.
func TestAPI_IsSmall(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range pkgs {
		for _, f := range p.Files {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Name.IsExported() && (d.Recv == nil || exportedReceiver(d.Recv)) {
						names = append(names, d.Name.Name)
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						switch s := s.(type) {
						case *ast.TypeSpec:
							if s.Name.IsExported() {
								names = append(names, s.Name.Name)
							}
						case *ast.ValueSpec:
							for _, n := range s.Names {
								if n.IsExported() {
									names = append(names, n.Name)
									if d.Tok == token.VAR {
										t.Errorf("exported variable %s: a user could change it under every other test", n.Name)
									}
								}
							}
						}
					}
				}
			}
		}
	}
	sort.Strings(names)
	t.Logf("%d exported names: %s", len(names), strings.Join(names, " "))
	if len(names) > 25 {
		t.Errorf("%d exported names, want at most 25: plumbing goes unexported", len(names))
	}
}

func exportedReceiver(recv *ast.FieldList) bool {
	typ := recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.IsExported()
}
