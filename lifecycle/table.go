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
	declared        = rows()
	table, tableErr = buildTable(declared)
	rowErrs         []*errcodes.Error // a row's refusal or failure report
	rowRefuses      []bool
	rowNeedsRare    []bool // the row's primitives read or write the rare facts
	compiled        = compile(table)
)

// compiledTable is the table as Apply reads it, derived from it once. For
// each state and input (a dense array), its cell says which groups of
// conditions its rows' guards read; the conditions read that hold index, by a
// multiply and a shift (a perfect hash found once per cell, as chess engines
// index their move tables), a lookup array that gives the first row whose
// guard holds: what the table's Find gives, precomputed for every
// combination. The row gives its index in the table (for SetTrace) and the
// row as written (its primitives).
type compiledTable struct {
	cells  [stateEnd][inputCount]compiledCell
	lookup []uint16 // 1 + an index into guards, or 0 for no row
	guards []compiledGuard
}

type compiledCell struct {
	reads  fsm.Conditions
	magic  uint64 // (set & reads) * magic >> shift indexes the cell's lookup
	shift  uint8
	groups uint8  // the condition groups to compute (bit i: conditionGroups[i])
	lookup uint32 // where the cell's part of lookup starts
}

type compiledGuard struct {
	index uint16 // in the table (LifecycleTable)
	row   RowID  // in Rows, as written
}

// index is where the conditions set (of which the cell reads some) are in
// the lookup.
func (c *compiledCell) index(set fsm.Conditions) uint32 {
	return c.lookup + uint32(uint64(set&c.reads)*c.magic>>c.shift)
}

// maxLookupBits bounds a cell's lookup at 2^maxLookupBits entries; a test
// keeps every cell within it.
const maxLookupBits = 16

func compile(t *Table) *compiledTable {
	c := new(compiledTable)
	if t == nil {
		return c // tableErr says why; New refuses to make machines
	}
	// The multipliers tried come from a fixed sequence (splitmix64 from a
	// fixed seed): the same every time, so the compiled table is too.
	seed := uint64(0x9e3779b97f4a7c15)
	next := func() uint64 {
		seed += 0x9e3779b97f4a7c15
		z := seed
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		return z ^ z>>31
	}
	var slots, stamp []int // the row in each slot, and the try that put it there
	try := 0
	for st := range stateEnd {
		for k := range inputCount {
			cell := &c.cells[st][k]
			cell.reads = fsmq.Of(t).Reads(st, k)
			for i, g := range conditionGroups {
				if g.set&cell.reads != 0 {
					cell.groups |= 1 << i
				}
			}
			// The row for each subset of the reads.
			type entry struct {
				set fsm.Conditions
				row int
			}
			var rows []entry
			for set := cell.reads; ; set = (set - 1) & cell.reads {
				rows = append(rows, entry{set, fsmq.Of(t).Find(st, k, set)})
				if set == 0 {
					break
				}
			}
			n := bits.OnesCount64(uint64(cell.reads))
		search:
			for b := n; b <= maxLookupBits; b++ {
				slots = slices.Grow(slots[:0], 1<<b)[:1<<b]
				stamp = slices.Grow(stamp[:0], 1<<b)[:1<<b]
				clear(stamp)
				for range 1 << 8 {
					try++
					magic, shift := next()|1, uint8(64-b)
					if b == 0 {
						magic, shift = 0, 63 // (set & 0) * 0 >> 63 is 0
					}
					ok := true
					for _, e := range rows {
						i := uint64(e.set) * magic >> shift
						if stamp[i] == try && slots[i] != e.row {
							ok = false
							break
						}
						stamp[i], slots[i] = try, e.row
					}
					if ok {
						for i := range slots {
							if stamp[i] != try {
								slots[i] = -1 // no subset lands here
							}
						}
						cell.magic, cell.shift = magic, shift
						break search
					}
				}
			}
			cell.lookup = uint32(len(c.lookup))
			for _, row := range slots {
				found := uint16(0)
				if row >= 0 {
					found = uint16(len(c.guards)) + 1
					c.guards = append(c.guards, compiledGuard{index: uint16(row), row: fsmq.Of(t).RowRef(row).Action})
				}
				c.lookup = append(c.lookup, found)
			}
		}
	}
	return c
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
		row := inspect.Row{ID: i, Group: r.From.Name, On: r.On.String(), Guard: r.Guard, Rule: r.Rule, Refuses: rowRefuses[i]}
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
func LifecycleTable() (*Table, error) { return table, tableErr }

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
	rowRefuses = make([]bool, len(rs))
	rowNeedsRare = make([]bool, len(rs))
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
		rowRefuses[i] = r.refuses()
		rowNeedsRare[i] = slices.ContainsFunc(r.Effects, primitive.touchesRare)
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
