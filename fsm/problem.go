package fsm

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Problem is the kind of a [ValidationError]: one kind of defect found in a
// table spec (by [New]) or in the looplab adapter's event and callback names
// ([Table.Looplab]). The kinds themselves are not exported; String names one
// ("overlapping guards", "incomplete guards", "no path home"), and the
// ValidationError's other fields say where it is.
type Problem uint8

// The problems, in the order validation errors are sorted by.
const (
	problemInvalid      Problem = iota // the zero value; never reported
	unknownState                       // a state not listed in Spec.States
	unknownInput                       // an input not listed in Spec.Inputs
	unknownCondition                   // a guard bit with no condition name
	contradictoryGuard                 // a guard that requires and forbids one bit
	duplicateRow                       // two rows with the same From, On and Guard
	overlappingGuards                  // two rows of one (From, On) that can both hold
	incompleteGuards                   // a (From, On) for which, under some conditions, no row holds
	refusalChangesState                // a refusal row whose To differs from From
	unreachableState                   // a state the initial state never leads to
	noPathHome                         // a non-terminal state that never leads home
	duplicateName                      // two states, inputs, conditions or callbacks with one name
	emptySpec                          // no states, no inputs or no rows
	tooManyConditions                  // more than 64 condition names
	invalidName                        // an empty name
	unknownCallback                    // a looplab callback key looplab would silently ignore
	deadRow                            // a row whose guard can hold under no possible set of conditions
	problemLimit
)

var problemNames = [...]string{
	problemInvalid:      "invalid problem",
	unknownState:        "unknown state",
	unknownInput:        "unknown input",
	unknownCondition:    "unknown condition",
	contradictoryGuard:  "contradictory guard",
	duplicateRow:        "duplicate row",
	overlappingGuards:   "overlapping guards",
	incompleteGuards:    "incomplete guards",
	refusalChangesState: "refusal changes state",
	unreachableState:    "unreachable state",
	noPathHome:          "no path home",
	duplicateName:       "duplicate name",
	emptySpec:           "empty spec",
	tooManyConditions:   "too many conditions",
	invalidName:         "invalid name",
	unknownCallback:     "unknown callback",
	deadRow:             "dead row",
}

// allProblems lists every valid Problem, in order.
func allProblems() []Problem {
	all := make([]Problem, 0, problemLimit-1)
	for p := problemInvalid + 1; p < problemLimit; p++ {
		all = append(all, p)
	}
	return all
}

// String names the problem, as the error's text does ("overlapping guards").
func (p Problem) String() string {
	if p < problemLimit {
		return problemNames[p]
	}
	return "Problem(" + strconv.Itoa(int(p)) + ")"
}

var _ error = (*ValidationError)(nil)

// ValidationError describes one problem with a table spec. [New] returns one
// for each problem it finds, joined with errors.Join: read them with
// errors.As, or, for all of them, through the joined error's
// Unwrap() []error. Fields that do not apply to the problem are left empty.
type ValidationError struct {
	Problem Problem
	State   string // the state concerned, by name
	Input   string // the input concerned, by name
	Other   string // what else is concerned: "initial", "home", a condition, a callback key...
	Rows    []int  // indexes into Spec.Rows of the rows involved, ascending
	Detail  string // a sentence a person can act on
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("fsm: ")
	b.WriteString(e.Problem.String())
	var where []string
	if e.State != "" {
		where = append(where, "state "+e.State)
	}
	if e.Input != "" {
		where = append(where, "input "+e.Input)
	}
	if e.Other != "" {
		where = append(where, e.Other)
	}
	switch len(e.Rows) {
	case 0:
	case 1:
		where = append(where, "row "+strconv.Itoa(e.Rows[0]))
	default:
		rows := make([]string, len(e.Rows))
		for i, r := range e.Rows {
			rows[i] = strconv.Itoa(r)
		}
		where = append(where, "rows "+strings.Join(rows, ", "))
	}
	if len(where) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(where, "; "))
		b.WriteString(")")
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// compareValidationErrors orders errors by problem, then state, input, rows,
// and the remaining text, so that the same spec always yields the same error.
func compareValidationErrors(a, b *ValidationError) int {
	return cmp.Or(
		cmp.Compare(a.Problem, b.Problem),
		cmp.Compare(a.State, b.State),
		cmp.Compare(a.Input, b.Input),
		slices.Compare(a.Rows, b.Rows),
		cmp.Compare(a.Other, b.Other),
		cmp.Compare(a.Detail, b.Detail),
	)
}
