// Package fsmq is the read side of an fsm table that the project's own
// tools use and users do not: the lifecycle compiles its table from a cell's
// reads and rows (Reads, Find, RowRef), draws its diagrams row by row, the
// property suite counts the rows and guards it covers, the command's table
// and explain list a cell's rows and ask which combinations can occur
// (Possible), the tests walk the graph (PathHome, Successors) and look for
// a case to try a row with (Witness), and `breakoutfsm diagram --looplab`
// shows looplab's own rendering (Visualize).
//
// Package fsm keeps these as methods of unexported types and hands them
// over through internal/fsmhook: Of opens a table, OfLooplab an adapter.
//
// It is not part of the API: a user of package fsm has the spec it built
// the table from, and Step, the diagrams and the looplab adapter.
package fsmq

import (
	"slices"

	lfsm "github.com/looplab/fsm"

	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/internal/fsmhook"
)

// MaxConditions is the largest number of conditions a table can name: one
// per bit of fsm.Conditions (New refuses more).
const MaxConditions = 64

// Queries is what a table answers besides Step.
type Queries[S, I, A, R fsm.Enum] interface {
	// Reads is every condition a guard of the rows for (from, on) tests:
	// Step's answer for that pair depends on those bits only. It is 0 for a
	// pair that is not listed.
	Reads(from S, on I) fsm.Conditions
	// Find is Step's index alone: the index of the row that applies, or -1.
	Find(from S, on I, c fsm.Conditions) int
	// RowRef is the row with the given index, shared with the table: it must
	// not be modified. The index must be one Find or Step returned.
	RowRef(index int) *fsm.Row[S, I, A, R]
	// Row is the row with the given index; ok is false when there is none.
	Row(index int) (row fsm.Row[S, I, A, R], ok bool)
	// Rows is a copy of the rows, in spec order.
	Rows() []fsm.Row[S, I, A, R]
	// RowsFor is the indexes of the rows for (from, on), in spec order.
	RowsFor(from S, on I) []int
	// Len is the number of rows.
	Len() int
	// IsRefusal reports whether the row with the given index refuses its
	// input.
	IsRefusal(index int) bool
	// Spec is a copy of the spec the table was built from.
	Spec() fsm.Spec[S, I, A, R]
	// States, Inputs, Conditions, Initial, Home and Terminal are (copies
	// of) the spec's lists and initial state.
	States() []S
	Inputs() []I
	Conditions() []string
	Initial() S
	Home() []S
	Terminal() []S
	IsHome(s S) bool
	IsTerminal(s S) bool
	// Successors is the distinct states one non-refusal row leads to from
	// s, whatever the conditions, in States order.
	Successors(s S) []S
	// PathHome is a shortest sequence of row indexes from s to a home state
	// along non-refusal rows, ignoring guards; empty when s is home, ok
	// false when no home state can be reached.
	PathHome(s S) (path []int, ok bool)
	// Possible reports whether some set of conditions satisfies g in state s
	// without satisfying any constraint that applies there.
	Possible(s S, g fsm.Guard) bool
	// Witness is a set of conditions under which g holds in state s and no
	// constraint is violated, when there is one.
	Witness(s S, g fsm.Guard) (fsm.Conditions, bool)
}

// Of opens a table.
func Of[S, I, A, R fsm.Enum](t *fsm.Table[S, I, A, R]) Queries[S, I, A, R] {
	return fsmhook.Open(t).(Queries[S, I, A, R])
}

// LooplabQueries is what the looplab adapter answers besides Fire and
// Current.
type LooplabQueries interface {
	// FSM is the underlying looplab machine, for reading. Calling Event on
	// it directly bypasses the adapter's lock; such an event is refused by
	// the guards because it carries no conditions.
	FSM() *lfsm.FSM
	// Visualize is looplab's own rendering of the machine; kind is a looplab
	// VisualizeType, such as lfsm.MERMAID or lfsm.GRAPHVIZ.
	Visualize(kind string) (string, error)
}

// OfLooplab opens a looplab adapter.
func OfLooplab[S, I, A, R fsm.Enum](l *fsm.Looplab[S, I, A, R]) LooplabQueries {
	return fsmhook.Open(l).(LooplabQueries)
}

// PossibleIn is Possible before there is a table: whether some set of
// conditions satisfies g in state s and none of the constraints that apply
// there.
func PossibleIn[S fsm.Enum](s S, g fsm.Guard, constraints []fsm.Constraint[S]) bool {
	var clauses []fsm.Guard
	for _, c := range constraints {
		if len(c.States) == 0 || slices.Contains(c.States, s) {
			clauses = append(clauses, c.Guard)
		}
	}
	return fsmhook.Open(g).(interface{ PossibleUnder([]fsm.Guard) bool }).PossibleUnder(clauses)
}
