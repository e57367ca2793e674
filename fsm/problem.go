package fsm

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Problem is one kind of defect found in a table spec (by [New]) or in a
// looplab callbacks map. A Problem is also an error value, so a caller can ask
// errors.Is(err, fsm.OverlappingGuards) of the error New returns.
type Problem uint8

// The problems, in the order validation errors are sorted by.
const (
	ProblemInvalid      Problem = iota // the zero value; never reported
	UnknownState                       // a state not listed in Spec.States
	UnknownInput                       // an input not listed in Spec.Inputs
	UnknownCondition                   // a guard bit with no condition name
	ContradictoryGuard                 // a guard that requires and forbids one bit
	DuplicateRow                       // two rows with the same From, On and Guard
	OverlappingGuards                  // two rows of one (From, On) that can both hold
	IncompleteGuards                   // a (From, On) for which, under some conditions, no row holds
	RefusalChangesState                // a refusal row whose To differs from From
	UnreachableState                   // a state the initial state never leads to
	NoPathHome                         // a non-terminal state that never leads home
	DuplicateName                      // two states, inputs, conditions or callbacks with one name
	EmptySpec                          // no states, no inputs or no rows
	TooManyConditions                  // more than MaxConditions condition names
	InvalidName                        // an empty name
	UnknownCallback                    // a looplab callback key looplab would silently ignore
	DeadRow                            // a row whose guard can hold under no possible set of conditions
	problemLimit
)

var problemNames = [...]string{
	ProblemInvalid:      "invalid problem",
	UnknownState:        "unknown state",
	UnknownInput:        "unknown input",
	UnknownCondition:    "unknown condition",
	ContradictoryGuard:  "contradictory guard",
	DuplicateRow:        "duplicate row",
	OverlappingGuards:   "overlapping guards",
	IncompleteGuards:    "incomplete guards",
	RefusalChangesState: "refusal changes state",
	UnreachableState:    "unreachable state",
	NoPathHome:          "no path home",
	DuplicateName:       "duplicate name",
	EmptySpec:           "empty spec",
	TooManyConditions:   "too many conditions",
	InvalidName:         "invalid name",
	UnknownCallback:     "unknown callback",
	DeadRow:             "dead row",
}

// Problems lists every valid Problem, in order.
func Problems() []Problem {
	all := make([]Problem, 0, problemLimit-1)
	for p := ProblemInvalid + 1; p < problemLimit; p++ {
		all = append(all, p)
	}
	return all
}

func (p Problem) String() string {
	if p < problemLimit {
		return problemNames[p]
	}
	return "Problem(" + strconv.Itoa(int(p)) + ")"
}

// Error makes a Problem usable as a category with errors.Is.
func (p Problem) Error() string { return "fsm: " + p.String() }

var (
	_ error = Problem(0)
	_ error = (*ValidationError)(nil)
)

// ValidationError describes one problem with a table spec. Fields that do not
// apply to the problem are left empty.
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

// Is matches the error's Problem, so errors.Is(err, fsm.DuplicateRow) works
// on a single ValidationError and on the joined error New returns.
func (e *ValidationError) Is(target error) bool {
	p, ok := target.(Problem)
	return ok && p == e.Problem
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
