package fsm

import (
	"errors"
	"slices"
)

// Row is one line of a transition table: in state From, on input On, when
// Guard holds, go to state To. Action names what the host does on this row;
// the host computes the effects. Rule names the rule of the domain the row
// implements, for traces, diagrams and error reports.
type Row[S, I, A, R Enum] struct {
	From   S
	On     I
	Guard  Guard
	To     S
	Action A
	Rule   R
}

// Spec is everything [New] needs to build a table.
type Spec[S, I, A, R Enum] struct {
	States     []S      // every state, in the order used for output
	Inputs     []I      // every input, in the order used for output
	Conditions []string // condition names; bit i is named Conditions[i]; at most 64
	Initial    S
	Home       []S // the states that count as home: targets of the no-dead-end check
	Terminal   []S // states exempt from the path-home check
	Rows       []Row[S, I, A, R]
	// Refusal reports whether an action refuses its input, leaving the state
	// unchanged. Validation requires a refusal row to have To == From, and
	// diagrams draw refusal rows only on request. Nil means no action is a
	// refusal.
	Refusal func(A) bool
	// Impossible lists the combinations of conditions that cannot occur
	// (see [Constraint]); validation leaves them out.
	Impossible []Constraint[S]
	// NoRow reports the (state, input) pairs that need no row because the
	// input never reaches the table there (the host answers it before, or it
	// cannot happen in that state). Nil means every pair needs rows.
	NoRow func(S, I) bool
}

// Table is a validated, immutable transition table. It is safe for concurrent
// use. Build one with [New].
type Table[S, I, A, R Enum] struct {
	spec    Spec[S, I, A, R] // a private copy; accessors hand out copies
	refusal []bool           // by row index

	// stateRank and inputRank give an enum value's position in spec.States
	// and spec.Inputs, or -1 when the value is not listed.
	stateRank [256]int16
	inputRank [256]int16
	home      []bool // by state rank
	terminal  []bool // by state rank

	// cells[int(from)*stride+int(on)] is the span of order that holds the
	// row indexes for (from, on), in spec order. Dense, so Step neither
	// hashes nor allocates.
	stride int
	cells  []span
	order  []int32
	// reads[c] is every condition a guard of cell c tests.
	reads []Conditions

	// moves[rank] lists, in spec order, the non-refusal rows leaving the
	// state with that rank whose target is a listed state.
	moves [][]int
	// clauses[rank] are the guards of the constraints that apply in the
	// state with that rank.
	clauses [][]Guard
}

type span struct{ lo, hi int32 }

// New validates the spec and builds the table. It returns every problem it
// finds, as one [*ValidationError] per problem joined with errors.Join and
// sorted deterministically; the table is nil whenever the error is not. New
// never panics on a bad spec (it does call spec.Refusal, which must not
// panic).
func New[S, I, A, R Enum](spec Spec[S, I, A, R]) (*Table[S, I, A, R], error) {
	t := build(spec)
	problems := t.validate()
	if len(problems) == 0 {
		return t, nil
	}
	slices.SortFunc(problems, compareValidationErrors)
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = p
	}
	return nil, errors.Join(errs...)
}

// build copies the spec and indexes it. It tolerates any spec, however
// broken, so that validation can report on the result.
func build[S, I, A, R Enum](spec Spec[S, I, A, R]) *Table[S, I, A, R] {
	t := &Table[S, I, A, R]{spec: copySpec(spec)}
	for i := range t.stateRank {
		t.stateRank[i] = -1
		t.inputRank[i] = -1
	}
	maxState, maxInput := -1, -1
	for k, s := range t.spec.States {
		if t.stateRank[s] < 0 {
			t.stateRank[s] = int16(k)
		}
		maxState = max(maxState, int(s))
	}
	for k, in := range t.spec.Inputs {
		if t.inputRank[in] < 0 {
			t.inputRank[in] = int16(k)
		}
		maxInput = max(maxInput, int(in))
	}
	t.home = make([]bool, len(t.spec.States))
	for _, s := range t.spec.Home {
		if r := t.rank(s); r >= 0 {
			t.home[r] = true
		}
	}
	t.terminal = make([]bool, len(t.spec.States))
	for _, s := range t.spec.Terminal {
		if r := t.rank(s); r >= 0 {
			t.terminal[r] = true
		}
	}

	t.refusal = make([]bool, len(t.spec.Rows))
	if t.spec.Refusal != nil {
		for k, row := range t.spec.Rows {
			t.refusal[k] = t.spec.Refusal(row.Action)
		}
	}

	// Counting sort of the rows into their (From, On) cells keeps spec order
	// inside each cell.
	t.stride = maxInput + 1
	t.cells = make([]span, (maxState+1)*t.stride)
	counts := make([]int32, len(t.cells)+1)
	for _, row := range t.spec.Rows {
		if c, ok := t.cell(row.From, row.On); ok {
			counts[c+1]++
		}
	}
	for c := range t.cells {
		counts[c+1] += counts[c]
		t.cells[c] = span{lo: counts[c], hi: counts[c]}
	}
	t.order = make([]int32, counts[len(t.cells)])
	t.reads = make([]Conditions, len(t.cells))
	for k, row := range t.spec.Rows {
		if c, ok := t.cell(row.From, row.On); ok {
			t.order[t.cells[c].hi] = int32(k)
			t.cells[c].hi++
			t.reads[c] |= row.Guard.Must | row.Guard.MustNot
		}
	}

	t.buildClauses()
	t.moves = make([][]int, len(t.spec.States))
	for k, row := range t.spec.Rows {
		from, to := t.rank(row.From), t.rank(row.To)
		if from >= 0 && to >= 0 && !t.refusal[k] {
			t.moves[from] = append(t.moves[from], k)
		}
	}
	return t
}

func copySpec[S, I, A, R Enum](s Spec[S, I, A, R]) Spec[S, I, A, R] {
	s.States = slices.Clone(s.States)
	s.Inputs = slices.Clone(s.Inputs)
	s.Conditions = slices.Clone(s.Conditions)
	s.Home = slices.Clone(s.Home)
	s.Terminal = slices.Clone(s.Terminal)
	s.Rows = slices.Clone(s.Rows)
	s.Impossible = slices.Clone(s.Impossible)
	return s
}

// rank is the position of s in the States list, or -1.
func (t *Table[S, I, A, R]) rank(s S) int { return int(t.stateRank[s]) }

// cell is the index into t.cells for (from, on), when both are listed.
func (t *Table[S, I, A, R]) cell(from S, on I) (int, bool) {
	if t.stateRank[from] < 0 || t.inputRank[on] < 0 {
		return 0, false
	}
	return int(from)*t.stride + int(on), true
}

// rowsIn returns the row indexes of (from, on), shared with the table.
func (t *Table[S, I, A, R]) rowsIn(from S, on I) []int32 {
	c, ok := t.cell(from, on)
	if !ok {
		return nil
	}
	sp := t.cells[c]
	return t.order[sp.lo:sp.hi]
}

// Reads returns every condition a guard of the rows for (from, on) tests:
// Step's answer for that pair depends on those bits of its conditions only,
// so a caller may compute just these. It is 0 for a pair that is not listed.
func (t queries[S, I, A, R]) Reads(from S, on I) Conditions {
	c, ok := t.cell(from, on)
	if !ok {
		return 0
	}
	return t.reads[c]
}

// Find is Step's index alone: the index of the row that applies, or -1. It
// copies no row; Row, RowRef and IsRefusal take the index.
func (t queries[S, I, A, R]) Find(from S, on I, c Conditions) int {
	for _, k := range t.rowsIn(from, on) {
		if t.spec.Rows[k].Guard.Holds(c) {
			return int(k)
		}
	}
	return -1
}

// RowRef is the row with the given index, shared with the table: it must not
// be modified. The index must be one Find or Step returned.
func (t queries[S, I, A, R]) RowRef(index int) *Row[S, I, A, R] { return &t.spec.Rows[index] }

// Step returns the row that applies in state from, on input on, when exactly
// the conditions in c hold, together with its index in the spec. ok is false
// only when no row applies, which cannot happen for a listed state and input
// of a validated table. Step does not allocate.
func (t *Table[S, I, A, R]) Step(from S, on I, c Conditions) (index int, row Row[S, I, A, R], ok bool) {
	for _, k := range t.rowsIn(from, on) {
		if r := &t.spec.Rows[k]; r.Guard.Holds(c) {
			return int(k), *r, true
		}
	}
	return -1, row, false
}

// Rows returns a copy of the rows, in spec order.
func (t queries[S, I, A, R]) Rows() []Row[S, I, A, R] { return slices.Clone(t.spec.Rows) }

// RowsFor returns the indexes of the rows for (from, on), in spec order.
func (t queries[S, I, A, R]) RowsFor(from S, on I) []int {
	in := t.rowsIn(from, on)
	out := make([]int, len(in))
	for i, k := range in {
		out[i] = int(k)
	}
	return out
}

// Len is the number of rows.
func (t queries[S, I, A, R]) Len() int { return len(t.spec.Rows) }

// Row returns the row with the given index; ok is false when there is none.
func (t queries[S, I, A, R]) Row(index int) (row Row[S, I, A, R], ok bool) {
	if index < 0 || index >= len(t.spec.Rows) {
		return row, false
	}
	return t.spec.Rows[index], true
}

// IsRefusal reports whether the row with the given index refuses its input.
func (t queries[S, I, A, R]) IsRefusal(index int) bool {
	return index >= 0 && index < len(t.refusal) && t.refusal[index]
}

// Spec returns a copy of the spec the table was built from.
func (t queries[S, I, A, R]) Spec() Spec[S, I, A, R] { return copySpec(t.spec) }

// States returns a copy of the states, in spec order.
func (t queries[S, I, A, R]) States() []S { return slices.Clone(t.spec.States) }

// Inputs returns a copy of the inputs, in spec order.
func (t queries[S, I, A, R]) Inputs() []I { return slices.Clone(t.spec.Inputs) }

// Conditions returns a copy of the condition names; bit i is named by element i.
func (t queries[S, I, A, R]) Conditions() []string { return slices.Clone(t.spec.Conditions) }

// Initial returns the initial state.
func (t queries[S, I, A, R]) Initial() S { return t.spec.Initial }

// Home returns a copy of the home states.
func (t queries[S, I, A, R]) Home() []S { return slices.Clone(t.spec.Home) }

// Terminal returns a copy of the terminal states.
func (t queries[S, I, A, R]) Terminal() []S { return slices.Clone(t.spec.Terminal) }

// IsHome reports whether s is a home state.
func (t queries[S, I, A, R]) IsHome(s S) bool { r := t.rank(s); return r >= 0 && t.home[r] }

// IsTerminal reports whether s is a terminal state.
func (t queries[S, I, A, R]) IsTerminal(s S) bool { r := t.rank(s); return r >= 0 && t.terminal[r] }

// Successors returns the distinct states that one non-refusal row leads to
// from s, whatever the conditions, in States order.
func (t queries[S, I, A, R]) Successors(s S) []S {
	r := t.rank(s)
	if r < 0 {
		return nil
	}
	seen := make([]bool, len(t.spec.States))
	for _, k := range t.moves[r] {
		seen[t.rank(t.spec.Rows[k].To)] = true
	}
	var out []S
	for i, ok := range seen {
		if ok {
			out = append(out, t.spec.States[i])
		}
	}
	return out
}

// PathHome returns a shortest sequence of row indexes leading from s to a home
// state along non-refusal rows, ignoring guards. The path is empty when s is
// itself home; ok is false when no home state can be reached (or s is not a
// listed state). The search visits states breadth first and rows in spec
// order, so the answer is stable.
func (t queries[S, I, A, R]) PathHome(s S) (path []int, ok bool) {
	start := t.rank(s)
	if start < 0 {
		return nil, false
	}
	if t.home[start] {
		return []int{}, true
	}
	// via[r] is the row by which the search first reached rank r.
	via := make([]int, len(t.spec.States))
	for i := range via {
		via[i] = -1
	}
	visited := make([]bool, len(t.spec.States))
	visited[start] = true
	queue := []int{start}
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		for _, k := range t.moves[r] {
			next := t.rank(t.spec.Rows[k].To)
			if visited[next] {
				continue
			}
			visited[next] = true
			via[next] = k
			if t.home[next] {
				return t.pathTo(start, next, via), true
			}
			queue = append(queue, next)
		}
	}
	return nil, false
}

// pathTo follows via back from end to start and returns the rows in order.
func (t *Table[S, I, A, R]) pathTo(start, end int, via []int) []int {
	var path []int
	for r := end; r != start; r = t.rank(t.spec.Rows[via[r]].From) {
		path = append(path, via[r])
	}
	slices.Reverse(path)
	return path
}

// reachable marks the states reachable from the given ranks along moves
// (forward) or against them (backward), ignoring guards.
func (t *Table[S, I, A, R]) reachable(from []int, backward bool) []bool {
	edges := t.moves
	if backward {
		edges = make([][]int, len(t.spec.States))
		for r, ks := range t.moves {
			for _, k := range ks {
				to := t.rank(t.spec.Rows[k].To)
				edges[to] = append(edges[to], r)
			}
		}
	}
	seen := make([]bool, len(t.spec.States))
	queue := slices.Clone(from)
	for _, r := range from {
		seen[r] = true
	}
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		for _, e := range edges[r] {
			next := e
			if !backward {
				next = t.rank(t.spec.Rows[e].To)
			}
			if !seen[next] {
				seen[next] = true
				queue = append(queue, next)
			}
		}
	}
	return seen
}
