package fsm

import (
	"strconv"
	"strings"
)

// maxCheckedConditions bounds the completeness check: a (From, On) pair whose
// rows mention more conditions than this is reported rather than enumerated,
// so that validation always finishes quickly.
const maxCheckedConditions = 16

// validate returns every problem with the table's spec, unsorted.
func (t *Table[S, I, A, R]) validate() []*ValidationError {
	var v validation
	spec := &t.spec
	if len(spec.States) == 0 {
		v.add(&ValidationError{Problem: emptySpec, Detail: "no states"})
	}
	if len(spec.Inputs) == 0 {
		v.add(&ValidationError{Problem: emptySpec, Detail: "no inputs"})
	}
	if len(spec.Rows) == 0 {
		v.add(&ValidationError{Problem: emptySpec, Detail: "no rows"})
	}
	if len(v.problems) > 0 {
		// Everything else would be a consequence of the missing part.
		return v.problems
	}
	t.checkNames(&v)
	t.checkMembership(&v)
	t.checkRows(&v)
	t.checkCells(&v)
	t.checkGraph(&v)
	return v.problems
}

type validation struct{ problems []*ValidationError }

func (v *validation) add(e *ValidationError) { v.problems = append(v.problems, e) }

// checkNames reports empty and repeated names: every later use of a name
// (errors, diagrams, the looplab adapter) relies on names being distinct.
func (t *Table[S, I, A, R]) checkNames(v *validation) {
	spec := &t.spec
	names := func(kind string, list []string, report func(name string) *ValidationError) {
		first := make(map[string]int, len(list))
		for i, name := range list {
			if name == "" {
				e := report(name)
				e.Problem, e.Other = invalidName, kind+" at position "+strconv.Itoa(i)
				e.Detail = "the name is empty"
				v.add(e)
				continue
			}
			if j, seen := first[name]; seen {
				e := report(name)
				e.Problem, e.Other = duplicateName, strings.TrimSpace(kind+" "+e.Other)
				e.Detail = "positions " + strconv.Itoa(j) + " and " + strconv.Itoa(i) + " share the name"
				v.add(e)
				continue
			}
			first[name] = i
		}
	}
	stateNames := make([]string, len(spec.States))
	for i, s := range spec.States {
		stateNames[i] = s.String()
	}
	names("state", stateNames, func(n string) *ValidationError { return &ValidationError{State: n} })
	inputNames := make([]string, len(spec.Inputs))
	for i, in := range spec.Inputs {
		inputNames[i] = in.String()
	}
	names("input", inputNames, func(n string) *ValidationError { return &ValidationError{Input: n} })
	names("condition", spec.Conditions, func(n string) *ValidationError { return &ValidationError{Other: n} })
	if len(spec.Conditions) > maxConditions {
		v.add(&ValidationError{
			Problem: tooManyConditions,
			Detail:  strconv.Itoa(len(spec.Conditions)) + " conditions named, at most " + strconv.Itoa(maxConditions) + " fit in a guard",
		})
	}
}

// checkMembership reports states named by Initial, Home and Terminal that are
// not listed in States.
func (t *Table[S, I, A, R]) checkMembership(v *validation) {
	spec := &t.spec
	unknown := func(s S, role string) {
		if t.rank(s) < 0 {
			v.add(&ValidationError{Problem: unknownState, State: s.String(), Other: role, Detail: "not listed in States"})
		}
	}
	unknown(spec.Initial, "initial")
	for _, s := range spec.Home {
		unknown(s, "home")
	}
	for _, s := range spec.Terminal {
		unknown(s, "terminal")
	}
}

// checkRows reports what is wrong with each row on its own.
func (t *Table[S, I, A, R]) checkRows(v *validation) {
	spec := &t.spec
	named := Conditions(0)
	if n := len(spec.Conditions); n >= maxConditions {
		named = ^Conditions(0)
	} else {
		named = Conditions(1)<<n - 1
	}
	for k, row := range spec.Rows {
		at := func(p Problem) *ValidationError {
			return &ValidationError{Problem: p, State: row.From.String(), Input: row.On.String(), Rows: []int{k}}
		}
		if t.rank(row.From) < 0 {
			e := at(unknownState)
			e.Other, e.Detail = "from", "the row starts in a state not listed in States"
			v.add(e)
		}
		if t.rank(row.To) < 0 {
			e := at(unknownState)
			e.State, e.Other, e.Detail = row.To.String(), "to", "the row leads to a state not listed in States"
			v.add(e)
		}
		if t.inputRank[row.On] < 0 {
			e := at(unknownInput)
			e.Detail = "the row's input is not listed in Inputs"
			v.add(e)
		}
		if row.Guard == poisoned {
			e := at(contradictoryGuard)
			e.Detail = "the guard was built with a condition bit of 64 or more"
			v.add(e)
			continue
		}
		if extra := row.Guard.mentions() &^ named; extra != 0 {
			e := at(unknownCondition)
			e.Other = "condition bits " + bitList(extra)
			e.Detail = "the guard uses conditions beyond the " + strconv.Itoa(len(spec.Conditions)) + " named"
			v.add(e)
		}
		if row.Guard.contradictory() {
			e := at(contradictoryGuard)
			e.Detail = "the guard \"" + row.Guard.Format(spec.Conditions) + "\" can never hold"
			v.add(e)
		}
		if t.refusal[k] && row.To != row.From {
			e := at(refusalChangesState)
			e.Other = "action " + row.Action.String()
			e.Detail = "a refusal must stay in " + row.From.String() + " but the row goes to " + row.To.String()
			v.add(e)
		}
	}
}

// checkCells looks at each (state, input) pair: it must have rows, no two of
// them may hold at once, and together they must hold under every assignment
// of the conditions they mention.
func (t *Table[S, I, A, R]) checkCells(v *validation) {
	spec := &t.spec
	for sr, s := range spec.States {
		if t.rank(s) != sr {
			continue // a repeated state, already reported
		}
		for ir, in := range spec.Inputs {
			if int(t.inputRank[in]) != ir {
				continue
			}
			ks := t.rowsIn(s, in)
			at := func(p Problem, rows []int, detail string) {
				v.add(&ValidationError{Problem: p, State: s.String(), Input: in.String(), Rows: rows, Detail: detail})
			}
			if len(ks) == 0 {
				if spec.NoRow == nil || !spec.NoRow(s, in) {
					at(incompleteGuards, nil, "no row")
				}
				continue
			}
			clauses := t.clausesFor(s)
			for _, k := range ks {
				if g := spec.Rows[k].Guard; !g.contradictory() && g != poisoned && !possible(g, clauses) {
					at(deadRow, []int{int(k)}, "the guard \""+g.Format(spec.Conditions)+"\" can hold under no possible set of conditions")
				}
			}
			for a := range ks {
				for b := a + 1; b < len(ks); b++ {
					ga, gb := spec.Rows[ks[a]].Guard, spec.Rows[ks[b]].Guard
					pair := []int{int(ks[a]), int(ks[b])}
					switch {
					case ga == gb:
						at(duplicateRow, pair, "both rows have the guard \""+ga.Format(spec.Conditions)+"\"")
					case !ga.contradictory() && !gb.contradictory() && ga.overlaps(gb):
						both := Guard{Must: ga.Must | gb.Must, MustNot: ga.MustNot | gb.MustNot}
						if possible(both, clauses) {
							at(overlappingGuards, pair, "both hold when "+both.Format(spec.Conditions))
						}
					}
				}
			}
			if detail, ok := t.coverage(ks, clauses); !ok {
				rows := make([]int, len(ks))
				for i, k := range ks {
					rows[i] = int(k)
				}
				at(incompleteGuards, rows, detail)
			}
		}
	}
}

// coverage reports whether the rows' guards together hold under every
// assignment of the conditions they mention, and if not, one assignment
// under which none holds.
func (t *Table[S, I, A, R]) coverage(ks []int32, clauses []Guard) (detail string, ok bool) {
	spec := &t.spec
	var mentioned Conditions
	for _, k := range ks {
		if g := spec.Rows[k].Guard; !g.contradictory() {
			mentioned |= g.mentions()
		}
	}
	if mentioned.width() > maxCheckedConditions {
		return "too many conditions to check", false
	}
	// Walk every subset of mentioned, in increasing order, starting and
	// ending with the empty set.
	sub := Conditions(0)
	for {
		held := false
		for _, k := range ks {
			if spec.Rows[k].Guard.Holds(sub) {
				held = true
				break
			}
		}
		if missing := (Guard{Must: sub, MustNot: mentioned &^ sub}); !held && possible(missing, clauses) {
			if mentioned == 0 {
				return "no row's guard can hold", false
			}
			return "no row when " + missing.Format(spec.Conditions), false
		}
		sub = (sub - mentioned) & mentioned
		if sub == 0 {
			return "", true
		}
	}
}

// checkGraph reports states the initial state cannot reach and states that
// cannot reach home, following non-refusal rows and ignoring guards.
func (t *Table[S, I, A, R]) checkGraph(v *validation) {
	spec := &t.spec
	var forward []bool
	if r := t.rank(spec.Initial); r >= 0 {
		forward = t.reachable([]int{r}, false)
	}
	var homes []int
	for r, h := range t.home {
		if h {
			homes = append(homes, r)
		}
	}
	backward := t.reachable(homes, true)
	for r, s := range spec.States {
		if t.rank(s) != r {
			continue
		}
		if forward != nil && !forward[r] {
			v.add(&ValidationError{Problem: unreachableState, State: s.String(),
				Detail: "no sequence of rows leads here from " + spec.Initial.String()})
		}
		if !backward[r] && !t.terminal[r] {
			v.add(&ValidationError{Problem: noPathHome, State: s.String(),
				Detail: "no sequence of rows leads from here to a home state"})
		}
	}
}

// bitList writes the set bits of c as "3, 40".
func bitList(c Conditions) string {
	var out []byte
	for i := range maxConditions {
		if c&(1<<i) != 0 {
			if len(out) > 0 {
				out = append(out, ", "...)
			}
			out = strconv.AppendInt(out, int64(i), 10)
		}
	}
	return string(out)
}
