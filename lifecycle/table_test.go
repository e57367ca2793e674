package lifecycle

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTableValidates(t *testing.T) {
	require.NoError(t, tableErr)
	assert.LessOrEqual(t, len(declared), 200, "the table's rows, as written")
	seen := make([]bool, len(declared))
	for _, r := range fsmq.Of(table).Rows() {
		seen[r.Action] = true
	}
	for i, ok := range seen {
		assert.True(t, ok, "row %d applies in no state", i)
	}
}

// R21: from every state that is not left there is a way back to the main
// meeting, on the table's graph.
func TestR21_EveryStateHasAWayBackToTheMainMeeting(t *testing.T) {
	require.NoError(t, tableErr)
	for _, s := range fsmq.Of(table).States() {
		if s == StateLeft {
			continue
		}
		path, ok := fsmq.Of(table).PathHome(s)
		require.True(t, ok, "no way back to the main meeting from %s", s)
		to := s
		for _, i := range path {
			r := fsmq.Of(table).Rows()[i]
			require.Equal(t, to, r.From)
			to = r.To
		}
		assert.Contains(t, []State{StateMain, StateAssigned}, to, "the path from %s ends in %s", s, to)
	}
}

// Every (state, input) pair the table covers has exactly one row for every
// possible combination of the conditions its rows read (fsm.New checks
// exclusivity and completeness; this test proves it again by enumeration,
// with the constraints of impossibleConditions).
func TestEveryStateAndInputHasExactlyOneRow(t *testing.T) {
	require.NoError(t, tableErr)
	all := fsmq.Of(table).Rows()
	for _, s := range fsmq.Of(table).States() {
		for _, k := range fsmq.Of(table).Inputs() {
			idx := fsmq.Of(table).RowsFor(s, k)
			if noRow(s, k) {
				assert.Empty(t, idx, "%s in %s is answered before the table, or cannot happen", k, s)
				continue
			}
			require.NotEmpty(t, idx, "no row for %s in %s", k, s)
			mentioned := fsmq.Of(table).Reads(s, k)
			var bits []uint
			for b := uint(0); b < 64; b++ {
				if mentioned&(1<<b) != 0 {
					bits = append(bits, b)
				}
			}
			for combo := 0; combo < 1<<len(bits); combo++ {
				var c fsm.Conditions
				for j, b := range bits {
					if combo&(1<<j) != 0 {
						c |= 1 << b
					}
				}
				if !fsmq.Of(table).Possible(s, fsm.Guard{Must: c, MustNot: mentioned &^ c}) {
					continue
				}
				n := 0
				for _, i := range idx {
					if all[i].Guard.Holds(c) {
						n++
					}
				}
				assert.Equal(t, 1, n, "%s in %s with conditions %s: %d rows apply", k, s,
					fsm.Guard{Must: c, MustNot: mentioned &^ c}.Format(conditionNames()), n)
			}
		}
	}
}

func TestRefusalRowsKeepTheirStateAndDoNothingElse(t *testing.T) {
	for i, r := range declared {
		if r.refuses() {
			assert.True(t, r.Stay, "row %d", i)
			assert.Len(t, r.Effects, 1, "row %d", i)
			assert.NotNil(t, rowErrs[i], "row %d refuses without an error", i)
		}
	}
}

func TestEveryRowNamesARule(t *testing.T) {
	for i, r := range declared {
		assert.True(t, rule.Valid(r.Rule), "row %d", i)
		assert.NotEmpty(t, r.From.States, "row %d", i)
	}
}

func TestEveryEnumValueHasAName(t *testing.T) {
	check := func(name string, zero string, values []string) {
		seen := map[string]bool{}
		for _, v := range values {
			assert.NotEmpty(t, v, name)
			assert.NotContains(t, v, "primitive(", "%s value without a name: %s", name, v)
			assert.False(t, strings.HasPrefix(v, name+"("), "%s value without a name: %s", name, v)
			assert.False(t, seen[v], "%s name %q twice", name, v)
			seen[v] = true
		}
		assert.Contains(t, zero, "(0)", "%s zero value must be invalid", name)
	}
	check("Position", PositionInvalid.String(), strs(AllPositions()))
	check("State", StateInvalid.String(), strs(AllStates()))
	check("InputKind", InputInvalid.String(), strs(AllInputKinds()))
	check("Timer", TimerInvalid.String(), strs(AllTimers()))
	check("Notification", NotificationInvalid.String(), strs(AllNotifications()))
	check("EffectKind", EffectInvalid.String(), strs(AllEffectKinds()))
	check("condition", condInvalid.String(), strs(allConditions()))
	check("primitive", primitiveInvalid.String(), strs(allPrimitives()))
	for _, s := range AllStates() {
		assert.NotEqual(t, PositionInvalid, s.Position(), "state %s has no position", s)
	}
	for _, p := range allPrimitives() {
		assert.NotEqual(t, "invalid", p.Describe(), "primitive %s has no doc", p)
	}
}

func strs[E interface{ String() string }](vs []E) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	return out
}

// The engine core is pure: no clock, no randomness, no goroutines, no I/O.
func TestEngineImportsNoClockRandomnessOrIO(t *testing.T) {
	forbidden := map[string]bool{
		"math/rand": true, "math/rand/v2": true, "crypto/rand": true, "os": true, "io": true,
		"net": true, "net/http": true, "sync": true, "sync/atomic": true, "log": true, "log/slog": true,
		"bufio": true, "os/exec": true, "syscall": true, "unsafe": true, "runtime": true,
	}
	for _, dir := range []string{".", "../policy", "../fsm"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			parsed, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
			require.NoError(t, err)
			for _, imp := range parsed.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if strings.HasSuffix(f, "looplab.go") && path == "sync" {
					continue // the looplab adapter's lock; not the engine
				}
				assert.False(t, forbidden[path], "%s imports %s", f, path)
			}
			text := string(src)
			for _, call := range []string{"time.Now(", "time.Since(", "time.Sleep(", "time.After(", "time.Tick(", "time.NewTimer(", "go func"} {
				assert.NotContains(t, text, call, "%s calls %s", f, call)
			}
		}
	}
}

// Every condition is declared once: a name, a rule, a doc line, and its
// predicate, one case of holds in conditions.go that lists it alone.
func TestEveryConditionIsDeclaredOnce(t *testing.T) {
	names := conditionNames()
	for _, c := range allConditions() {
		assert.Equal(t, c.String(), names[c], "bit %d", c)
		assert.True(t, rule.Valid(c.Rule()), c.String())
		assert.NotEqual(t, "invalid", c.Describe(), c.String())
	}
	f, err := parser.ParseFile(token.NewFileSet(), "conditions.go", nil, 0)
	require.NoError(t, err)
	fn := findMethod(f, "holds")
	require.NotNil(t, fn, "conditions.go has no method holds")
	var sw *ast.SwitchStmt
	for _, st := range fn.Body.List {
		if x, ok := st.(*ast.SwitchStmt); ok {
			sw = x
		}
	}
	require.NotNil(t, sw, "holds has no switch")
	labels := map[string]int{}
	for _, st := range sw.Body.List {
		cc := st.(*ast.CaseClause)
		require.Len(t, cc.List, 1, "a case of holds lists one condition")
		if id, ok := cc.List[0].(*ast.Ident); ok {
			labels[id.Name]++
		}
	}
	for _, c := range allConditions() {
		assert.Equal(t, 1, labels[constName(t, "cond", c.String())], "%s has one case in holds", c)
	}
	assert.Len(t, labels, len(allConditions()), "holds has a case for each condition and no other")
	assert.Equal(t, bitsOf(allConditions()...), allConditionBits)
}

func bitsOf(cs ...condition) (set fsm.Conditions) {
	for _, c := range cs {
		set |= c.bit()
	}
	return set
}

// walkCompiled walks a cell's decision tree as find does, with the
// conditions in set holding, and returns the leaf and the conditions it
// tested.
func walkCompiled(st State, k InputKind, set fsm.Conditions) (leaf compiledNode, tested fsm.Conditions) {
	n := compiled.nodes[compiled.roots[st][k]]
	for n.cond != condInvalid {
		tested |= n.cond.bit()
		next := n.no
		if set&n.cond.bit() != 0 {
			next = n.yes
		}
		n = compiled.nodes[next]
	}
	return n, tested
}

// The compiled table gives, for every state, input and combination of the
// conditions a cell reads, the row the table's Find gives, whatever else
// holds, and tests no condition the cell's rows do not read.
func TestCompiledTableIsTheTable(t *testing.T) {
	q := fsmq.Of(table)
	combinations := 0
	for st := range stateEnd {
		for k := range inputCount {
			reads := q.Reads(st, k)
			for set := reads; ; set = (set - 1) & reads { // every subset
				combinations++
				want := q.Find(st, k, set)
				for _, extra := range []fsm.Conditions{0, ^reads} { // what the cell does not read changes nothing
					got, tested := walkCompiled(st, k, set|extra&allConditionBits)
					assert.Zero(t, tested&^reads, "%s × %s tests a condition its rows do not read", st, k)
					if want < 0 {
						assert.Zero(t, got.no, "%s × %s with %b", st, k, set)
					} else if assert.NotZero(t, got.no, "%s × %s with %b", st, k, set) {
						assert.Equal(t, want, int(got.no-1))
						assert.Equal(t, q.RowRef(want).Action, got.row)
					}
				}
				if set == 0 {
					break
				}
			}
		}
	}
	t.Logf("compiled: %d nodes for %d combinations", compiled.size, combinations)
}

// A refusal that one condition decides is found by testing that condition
// alone: returning where it is disabled tests returnAllowed and nothing else.
func TestCompiledTableTestsWhatDecides(t *testing.T) {
	_, tested := walkCompiled(StateInRoom, InputReturn, 0)
	assert.Equal(t, condReturnAllowed.bit(), tested)
	// The worst path of any cell, for the record.
	deepest := 0
	var depth func(i uint16) int
	depth = func(i uint16) int {
		n := compiled.nodes[i]
		if n.cond == condInvalid {
			return 0
		}
		return 1 + max(depth(n.yes), depth(n.no))
	}
	for st := range stateEnd {
		for k := range inputCount {
			deepest = max(deepest, depth(compiled.roots[st][k]))
		}
	}
	t.Logf("the deepest path tests %d conditions", deepest)
	assert.LessOrEqual(t, deepest, 16)
}

// The primitives decide nothing: every case of do is straight-line code (no
// if, switch, for or select, no comparison or logic), so that what an input does can be read off
// its row; the named computations, which compute what a guard cannot say,
// are functions of their own with their own tests.
func TestPrimitivesDecideNothing(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "primitives.go", nil, 0)
	require.NoError(t, err)
	do := findMethod(f, "do")
	require.NotNil(t, do, "primitives.go has no do method")
	named := map[string]bool{}
	for _, fn := range namedComputations {
		named[fn] = true
	}
	seen := 0
	ast.Inspect(do.Body, func(n ast.Node) bool {
		cc, ok := n.(*ast.CaseClause)
		if !ok {
			return true
		}
		seen++
		for _, stmt := range cc.Body {
			ast.Inspect(stmt, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SelectStmt, *ast.FuncLit:
					t.Errorf("%s: a primitive decides something", fset.Position(n.Pos()))
				case *ast.BinaryExpr:
					switch n.Op {
					case token.EQL, token.NEQ, token.LSS, token.GTR, token.LEQ, token.GEQ, token.LAND, token.LOR:
						t.Errorf("%s: a primitive computes a condition (%s)", fset.Position(n.Pos()), n.Op)
					}
				case *ast.UnaryExpr:
					if n.Op == token.NOT {
						t.Errorf("%s: a primitive computes a condition (!)", fset.Position(n.Pos()))
					}
				case *ast.CallExpr:
					if name := calleeName(n); name != "" && !straightHelpers[name] && !named[name] {
						t.Errorf("%s: a primitive calls %s, which is neither a straight-line helper nor a named computation", fset.Position(n.Pos()), name)
					}
				}
				return true
			})
		}
		return false
	})
	assert.Greater(t, seen, len(allPrimitives())/2, "do's cases were read")
	// Every primitive that is not a report or a refusal is carried out by a
	// case of do.
	cases := caseLabels(t, "primitives.go", "do")
	for _, p := range allPrimitives() {
		if p.IsReport() || p.IsRefusal() {
			continue
		}
		assert.Equal(t, 1, cases[primitiveConst[p]], "do has no single case for %s", p)
	}
}

// straightHelpers are the functions a primitive may call: bookkeeping that
// writes an effect, a timer, a notification or a counter, and reads nothing
// a guard could say.
var straightHelpers = map[string]bool{
	"emit": true, "schedule": true, "cancel": true, "show": true, "add": true,
	"issued": true, "answered": true, "pushResume": true, "popResume": true, "nextSeq": true,
	"trackJoin": true, "hangUp": true, "callWithRole": true, "all": true, "at": true,
	"Time": true, "config": true,
}

// primitiveConst names each primitive's constant, as do's cases write it.
var primitiveConst = func() map[primitive]string {
	src, err := os.ReadFile("primitives.go")
	if err != nil {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), "primitives.go", src, 0)
	if err != nil {
		return nil
	}
	out := map[primitive]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		i := 0
		for _, s := range g.Specs {
			for _, n := range s.(*ast.ValueSpec).Names {
				if strings.HasPrefix(n.Name, "do") || n.Name == "primitiveInvalid" {
					out[primitive(i)] = n.Name
				}
				i++
			}
		}
	}
	return out
}()

func findMethod(f *ast.File, name string) *ast.FuncDecl {
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == name && fn.Recv != nil {
			return fn
		}
	}
	return nil
}

// caseLabels counts, for each identifier, the case clauses of the method's
// switch that list it.
func caseLabels(t *testing.T, file, method string) map[string]int {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	require.NoError(t, err)
	fn := findMethod(f, method)
	require.NotNil(t, fn, "%s has no method %s", file, method)
	out := map[string]int{}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if cc, ok := n.(*ast.CaseClause); ok {
			for _, e := range cc.List {
				if id, ok := e.(*ast.Ident); ok {
					out[id.Name]++
				}
			}
		}
		return true
	})
	return out
}

// constName is the constant the enum value's name comes from: manager ->
// condManager.
func constName(t *testing.T, prefix, name string) string {
	return prefix + strings.ToUpper(name[:1]) + name[1:]
}

func calleeName(c *ast.CallExpr) string {
	switch fn := c.Fun.(type) {
	case *ast.Ident:
		return fn.Name
	case *ast.SelectorExpr:
		return fn.Sel.Name
	}
	return ""
}

func testTime(sec int) time.Time {
	return time.Date(2026, 1, 5, 10, 0, sec, 0, time.UTC)
}

// take applies an input the test needs accepted, and returns its result.
func take(tb testing.TB, m *Machine, in Input, now time.Time) Result {
	tb.Helper()
	res, err := m.Apply(&in, now)
	require.False(tb, res.Refused, "%s refused: %v", in.Kind, err)
	return res
}

// R25: every refusal and failure report names the rule that produced it, and
// the guard where one refused; its text says both.
func TestR25_EveryRefusalNamesItsRuleAndGuard(t *testing.T) {
	for i, r := range declared {
		e := rowErrs[i]
		if r.refuses() || slices.ContainsFunc(r.Effects, primitive.IsReport) {
			require.NotNil(t, e, "row %d has no error", i)
			assert.Equal(t, r.Rule, e.Rule, "row %d", i)
			assert.Contains(t, e.Error(), r.Rule.String(), "row %d", i)
			if r.refuses() && r.Guard != (fsm.Guard{}) {
				assert.NotEmpty(t, e.Guard, "row %d refuses by a guard it does not name", i)
				assert.Contains(t, e.Error(), e.Guard, "row %d", i)
			}
			assert.True(t, e.Kind == errcodes.KindSDK && e.Subcode != 0 || e.Kind != errcodes.KindSDK && e.Subcode == 0,
				"row %d: an error is an SDK subcode or a project kind", i)
		} else {
			assert.Nil(t, e, "row %d has an error but neither refuses nor reports", i)
		}
	}
	for _, e := range []*errcodes.Error{errFeatureDisabled, errNotTeams, errNotInFlight} {
		assert.True(t, rule.Valid(e.Rule))
		assert.NotEmpty(t, e.Guard)
	}
}

// R22: once left, every input is refused with participantLeft, before its
// time or its fields are looked at.
func TestR22_LeftComesBeforeTimeAndFields(t *testing.T) {
	m, err := New(DefaultConfig())
	require.NoError(t, err)
	take(t, m, Input{Kind: InputLeaveMeeting}, testTime(10))
	for _, in := range []struct {
		in  Input
		now time.Time
	}{
		{Input{Kind: InputHoldMainOK, ThreadID: "19:r1"}, testTime(11)},
		{Input{Kind: InputJoin}, testTime(1)},
		{Input{Kind: InputTick}, testTime(12)},
		{Input{Kind: InputAssignedRoom, Room: &Room{}}, testTime(12)},
		{Input{Kind: InputKind(200)}, testTime(12)},
	} {
		res, err := m.Apply(&in.in, in.now)
		require.True(t, res.Refused)
		assert.Equal(t, errcodes.ParticipantLeft, errcodes.Of(err).Kind, "%v", in.in.Kind)
		assert.Equal(t, rule.R22, errcodes.Of(err).Rule)
	}
}
