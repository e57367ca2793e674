package lifecycle

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"

	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
	"github.com/breakoutfsm/breakoutfsm/internal/inspect"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
)

// RowID names a row of the lifecycle table (Rows), by its index: the
// action of the validated fsm.Table is the row it was expanded from.
type RowID uint8

func (r RowID) String() string { return "row " + strconv.Itoa(int(r)) }

// Table is the lifecycle table as fsm validates and runs it: each tableRow
// expanded into one fsm row per state of its group (leaving out the states
// where its guard cannot hold), whose action is the RowID.
type Table = fsm.Table[State, InputKind, RowID, errcodes.Rule]

// The table is built and validated once. A table that does not validate is a
// bug of this package: New reports it as an error instead of panicking, and
// a test keeps it from ever being released.
var (
	declared             = rows()
	table, tableErr      = buildTable(declared)
	rowErrs              []*errcodes.Error // a row's refusal or failure report
	compiled, compileErr = compile(table)
)

// compiledTable is the table as Apply reads it, derived from it once: for
// each state and input (a dense array), a decision tree over the conditions
// its rows' guards read. Each node tests one condition and goes on to one of
// two nodes; a leaf is the first row whose guard holds, what the table's
// Find gives for every combination of the conditions. A cell computes only
// the conditions on its path, one at a time: a refusal such as returning
// where it is disabled tests one condition. The trees are built as pattern
// matches are compiled: a node tests a condition of the first row still
// possible, the one the most rows still possible read.
type compiledTable struct {
	// roots is each cell's tree, in nodes: roots[state][input], sized in
	// powers of two so that a State and an InputKind index it masked, with
	// no bounds check (a test keeps stateEnd and inputCount within them).
	roots [16][32]uint16
	nodes [maxCompiledNodes]compiledNode
	size  int // nodes in use
	// rows are the rows as Apply runs them, by RowID (an array of 256, so
	// that a RowID needs no bounds check).
	rows [256]compiledRow
}

// compiledRow is what Apply needs of a row, in one place: its primitives,
// its error, where it goes.
type compiledRow struct {
	effects []primitive
	err     *errcodes.Error // its refusal or failure report, or nil
	to      State
	stay    bool
	refuses bool
	// needsRare: the row's primitives read or write the rare facts.
	needsRare bool
}

// root is the root of the tree of state st and input k.
func (c *compiledTable) root(st State, k InputKind) *compiledNode {
	return &c.nodes[c.roots[st&15][k&31]&(maxCompiledNodes-1)]
}

// next is the node after test n, whose condition holds or not.
func (c *compiledTable) next(n *compiledNode, holds bool) *compiledNode {
	i := n.no
	if holds {
		i = n.yes
	}
	return &c.nodes[i&(maxCompiledNodes-1)]
}

// compiledNode is a test, or a leaf when cond is condInvalid.
type compiledNode struct {
	cond condition // the condition tested; condInvalid for a leaf
	row  RowID     // leaf: the row as written, in Rows
	// A test goes on to node yes when cond holds, to node no otherwise. A
	// leaf's no is 1 + the row's index in the table (for SetTrace), or 0
	// when no row applies.
	yes, no uint16
}

// maxCompiledNodes bounds the compiled table (a power of two, so that a
// node's index, masked, needs no bounds check); a test keeps the table
// within it with room to grow.
const maxCompiledNodes = 1 << 12

func compile(t *Table) (compiledTable, error) {
	c := new(compiledTable)
	if t == nil {
		return *c, nil // tableErr says why; New refuses to make machines
	}
	q := fsmq.Of(t)
	var b treeBuilder
	for st := range stateEnd {
		for k := range inputCount {
			c.roots[st][k] = b.tree(q, q.RowsFor(st, k), fsm.Guard{})
		}
	}
	if len(b.nodes) > maxCompiledNodes {
		return compiledTable{}, fmt.Errorf("lifecycle: the compiled table has %d nodes, more than %d", len(b.nodes), maxCompiledNodes)
	}
	c.size = copy(c.nodes[:], b.nodes)
	for i := range declared {
		r := &declared[i]
		c.rows[i] = compiledRow{effects: r.Effects, err: rowErrs[i], to: r.To, stay: r.Stay,
			refuses: r.refuses(), needsRare: slices.ContainsFunc(r.Effects, primitive.touchesRare)}
	}
	return *c, nil
}

// treeBuilder collects the compiled table's nodes as compile builds them.
type treeBuilder struct{ nodes []compiledNode }

// tree adds the decision tree for rows (a cell's, in order) when the
// conditions known hold (known.Must) or do not (known.MustNot), and returns
// its root.
func (c *treeBuilder) tree(q fsmq.Queries[State, InputKind, RowID, errcodes.Rule], rows []int, known fsm.Guard) uint16 {
	// The rows whose guard can still hold.
	var live []int
	for _, i := range rows {
		g := q.RowRef(i).Guard
		if g.Must&known.MustNot == 0 && g.MustNot&known.Must == 0 {
			live = append(live, i)
		}
	}
	if len(live) == 0 {
		return c.add(compiledNode{})
	}
	first := q.RowRef(live[0]).Guard
	open := (first.Must &^ known.Must) | (first.MustNot &^ known.MustNot)
	if open == 0 { // the first row's guard holds
		return c.add(compiledNode{row: q.RowRef(live[0]).Action, no: uint16(live[0] + 1)})
	}
	// Test the open condition of the first row that the most live rows read.
	best, most := condInvalid, -1
	for rest := open; rest != 0; rest &= rest - 1 {
		b := fsm.Conditions(1) << bits.TrailingZeros64(uint64(rest))
		n := 0
		for _, i := range live {
			if g := q.RowRef(i).Guard; (g.Must|g.MustNot)&b != 0 {
				n++
			}
		}
		if n > most {
			best, most = condition(bits.TrailingZeros64(uint64(b))), n
		}
	}
	at := c.add(compiledNode{cond: best})
	yes := c.tree(q, live, fsm.Guard{Must: known.Must | best.bit(), MustNot: known.MustNot})
	no := c.tree(q, live, fsm.Guard{Must: known.Must, MustNot: known.MustNot | best.bit()})
	c.nodes[at].yes, c.nodes[at].no = yes, no
	return at
}

// add appends a node and returns its index (compile checks that they all
// fit a uint16).
func (c *treeBuilder) add(n compiledNode) uint16 {
	c.nodes = append(c.nodes, n)
	return uint16(len(c.nodes) - 1)
}

// The project's tools (the command's table, explain and diagram, the docs
// generator, the coverage gate) read the table as written through
// internal/inspect, which this fills in.
func init() {
	inspect.Fill(inspectRows, inspectPreTable, inspectConditions, inspectPrimitives, inspectDiagram)
}

func inspectRows() []inspect.Row {
	out := make([]inspect.Row, len(declared))
	for i := range declared {
		r := &declared[i]
		row := inspect.Row{ID: i, Group: r.From.Name, On: r.On.String(), Guard: r.Guard, Rule: r.Rule, Refuses: compiled.rows[i].refuses}
		if rowErrs[i] != nil {
			row.Err = rowErrs[i]
		}
		if !r.Stay {
			row.To = r.To.String()
		}
		for _, st := range r.From.States {
			row.States = append(row.States, st.String())
		}
		for _, p := range r.Effects {
			row.Effects = append(row.Effects, p.String())
			row.EffectDocs = append(row.EffectDocs, p.Describe())
		}
		out[i] = row
	}
	return out
}

func inspectPreTable() []inspect.PreTable {
	var out []inspect.PreTable
	for _, p := range preTableRules() {
		out = append(out, inspect.PreTable{When: p.When, Answers: p.Answers, Rule: p.Rule})
	}
	return out
}

func inspectConditions() []inspect.Condition {
	out := make([]inspect.Condition, conditionEnd)
	for c := range conditionEnd {
		out[c] = inspect.Condition{Bit: int(c), Name: condition(c).String(), Doc: condition(c).Describe(), Rule: condition(c).Rule()}
	}
	return out
}

func inspectPrimitives() []inspect.Primitive {
	var out []inspect.Primitive
	for _, p := range allPrimitives() {
		out = append(out, inspect.Primitive{Name: p.String(), Doc: p.Describe()})
	}
	return out
}

func inspectDiagram(format, level, name string) (string, error) {
	f := map[string]diagramFormat{"mermaid": diagramMermaid, "dot": diagramDOT}[format]
	if f == diagramInvalid {
		return "", fmt.Errorf("lifecycle: unknown diagram format %q: mermaid or dot", format)
	}
	switch level {
	case "overview":
		return diagram(f, diagramOverview, nil, "")
	case "reference":
		return diagram(f, diagramReference, nil, "")
	case "state":
		st, ok := lookupName(tableStates(), name)
		if !ok {
			return "", fmt.Errorf("lifecycle: no detail diagram for state %q", name)
		}
		return diagram(f, diagramDetail, []State{st}, "State "+st.String())
	case "position":
		pos, ok := lookupName(AllPositions(), name)
		if !ok || pos == PositionLeft {
			return "", fmt.Errorf("lifecycle: no detail diagram for position %q", name)
		}
		var own []State
		for _, s := range tableStates() {
			if s.Position() == pos {
				own = append(own, s)
			}
		}
		return diagram(f, diagramDetail, own, "Position "+pos.String())
	}
	return "", fmt.Errorf("lifecycle: unknown diagram level %q", level)
}

// LifecycleTable is the validated table Apply dispatches on (see Table).
func LifecycleTable() (*Table, error) { return table, tableError() }

// tableError is why the table cannot be used, or nil: it did not validate,
// or it did not compile.
func tableError() error {
	if tableErr != nil {
		return tableErr
	}
	return compileErr
}

// rowError is the error a row answers with: its refusal, or the failure it
// reports; nil for a row that has neither.
func rowError(id RowID) error {
	if int(id) >= len(rowErrs) || rowErrs[id] == nil {
		return nil
	}
	return rowErrs[id]
}

// tableStates are the states the table covers. StateUnavailable is not among
// them: a machine that R1 refuses is never created, and Apply answers it
// before looking at the table. StateLeft is, though every input there is
// answered before the table (R22): it is where leaving leads.
func tableStates() []State {
	return []State{StateMain, StateAssigned, StateJoining, StateInRoom, StateReassigned, StateSwitching, StateReturning, StateLeft}
}

// tableInputs are the inputs the table covers: every input but a tick, which
// Apply turns into the timers that fall due.
func tableInputs() []InputKind {
	var out []InputKind
	for _, k := range AllInputKinds() {
		if k != InputTick {
			out = append(out, k)
		}
	}
	return out
}

// timerStates are the states in which each timer can be pending, and so
// fall due (CheckInvariants keeps it so): elsewhere its input needs no row.
var timerStates = map[InputKind][]State{
	InputAutoMoveDue:       {StateAssigned, StateReassigned},
	InputHangUpPreviousDue: {StateMain, StateAssigned, StateJoining, StateInRoom, StateReassigned, StateSwitching, StateReturning},
	InputClosingSoonDue:    {StateJoining, StateInRoom, StateReassigned, StateSwitching},
	InputRoomEndDue:        {StateJoining, StateInRoom, StateReassigned, StateSwitching},
}

// noRow reports the (state, input) pairs the table has no row for: left,
// where every input is refused before the table (R22), and the timers that
// cannot be pending in the state.
func noRow(s State, k InputKind) bool {
	if s == StateLeft {
		return true
	}
	if states, ok := timerStates[k]; ok {
		return !slices.Contains(states, s)
	}
	return false
}

// spec expands the rows into the fsm specification: one fsm row per state
// of a row's group in which its guard can hold.
func spec(rs []tableRow) fsm.Spec[State, InputKind, RowID, errcodes.Rule] {
	s := fsm.Spec[State, InputKind, RowID, errcodes.Rule]{
		States:     tableStates(),
		Inputs:     tableInputs(),
		Conditions: conditionNames(),
		Initial:    StateMain,
		Home:       []State{StateMain, StateAssigned},
		Terminal:   []State{StateLeft},
		Refusal:    func(id RowID) bool { return int(id) < len(rs) && rs[id].refuses() },
		Impossible: impossibleConditions(),
		NoRow:      noRow,
	}
	for i, r := range rs {
		for _, st := range r.From.States {
			if !fsmq.PossibleIn(st, r.Guard, s.Impossible) {
				continue // the guard cannot hold in this state of the group
			}
			to := r.To
			if r.Stay {
				to = st
			}
			s.Rows = append(s.Rows, fsm.Row[State, InputKind, RowID, errcodes.Rule]{
				From: st, On: r.On, Guard: r.Guard, To: to, Action: RowID(i), Rule: r.Rule,
			})
		}
	}
	return s
}

// refuses reports whether the row refuses its input.
func (r *tableRow) refuses() bool { return slices.ContainsFunc(r.Effects, primitive.IsRefusal) }

func buildTable(rs []tableRow) (*Table, error) {
	if err := checkRows(rs); err != nil {
		return nil, fmt.Errorf("lifecycle: the table does not validate: %w", err)
	}
	t, err := fsm.New(spec(rs))
	if err != nil {
		return nil, fmt.Errorf("lifecycle: the table does not validate: %w", err)
	}
	rowErrs = make([]*errcodes.Error, len(rs))
	names := conditionNames()
	for i := range rs {
		r := &rs[i]
		for _, p := range r.Effects {
			if e := p.errorFor(r.Rule); e != nil {
				if p.IsRefusal() && r.Guard != (fsm.Guard{}) {
					e = errs.WithGuard(e, r.Guard.Format(names))
				}
				rowErrs[i] = e
			}
		}
	}
	return t, nil
}

// checkRows checks what fsm cannot see: every row applies in at least one
// state of its group, has at most one error, and a refusal does nothing
// else; a row's states are listed; there are at most 256 rows.
func checkRows(rs []tableRow) error {
	if len(rs) > 256 {
		return fmt.Errorf("%d rows: a RowID holds at most 256", len(rs))
	}
	s := spec(rs)
	applies := make([]bool, len(rs))
	for _, r := range s.Rows {
		applies[r.Action] = true
	}
	for i, r := range rs {
		errs := 0
		for _, p := range r.Effects {
			if p == primitiveInvalid || p >= primitiveEnd {
				return fmt.Errorf("row %d (%s on %s): invalid primitive %d", i, r.From.Name, r.On, p)
			}
			if p.IsRefusal() || p.IsReport() {
				errs++
			}
		}
		switch {
		case len(r.From.States) == 0:
			return fmt.Errorf("row %d (%s on %s): no state", i, r.From.Name, r.On)
		case !applies[i]:
			return fmt.Errorf("row %d (%s on %s [%s]): its guard can hold in none of its states", i, r.From.Name, r.On, r.Guard.Format(conditionNames()))
		case errs > 1:
			return fmt.Errorf("row %d (%s on %s): more than one error", i, r.From.Name, r.On)
		case r.refuses() && (len(r.Effects) != 1 || !r.Stay):
			return fmt.Errorf("row %d (%s on %s): a refusal does nothing else and keeps the state", i, r.From.Name, r.On)
		}
	}
	return nil
}

// preTableRule is an answer given before the table is consulted: the same
// for every state, so written once instead of once per row.
type preTableRule struct {
	Rule    errcodes.Rule
	When    string
	Answers string
}

// preTableRules lists, in the order Apply checks them, the inputs answered
// before the table.
func preTableRules() []preTableRule {
	return []preTableRule{
		{rule.R1, "the machine is unavailable (not a Teams meeting, or the feature disabled)", "refused: 46251 (featureEnabled) or 46250 (teamsMeeting)"},
		{rule.R22, "the participant has left", "refused: participantLeft, whatever the input"},
		{rule.R24, "the input's time is earlier than the last input's", "refused: unknownInput"},
		{rule.R24, "the input is not a kind a machine takes (a timer's input comes only from a tick)", "refused: unknownInput"},
		{rule.R24, "the input carries fields that do not fit its kind, or an SDK event DecodeEvent could not have produced", "refused: unknownInput (46258 for a join event without a call id)"},
		{rule.R24, "an outcome with nothing of its kind (and threadId) in flight [!outcomeInFlight]", "refused: unexpectedInput"},
	}
}
