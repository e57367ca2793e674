package fsm

import "github.com/breakoutfsm/breakoutfsm/internal/fsmhook"

// The project's own tools read more of a table than its users need: the
// lifecycle compiles its table from Reads and Find, the property suite
// counts the rows it covers, the command's explain lists a cell's rows, and
// the tests walk the graph (PathHome, Successors) and look for a case to try
// a row with (Witness). Those queries are methods of the unexported types
// below, which only internal/fsmq can reach (through internal/fsmhook): they
// are not part of the API.

// queries is a table's read side for internal/fsmq.
type queries[S, I, A, R Enum] struct{ *Table[S, I, A, R] }

// looplabQueries is the looplab adapter's read side for internal/fsmq.
type looplabQueries[S, I, A, R Enum] struct{ *Looplab[S, I, A, R] }

// guardQueries is a guard's side for internal/fsmq.
type guardQueries struct{ g Guard }

// PossibleUnder reports whether some set of conditions satisfies the guard
// and none of the forbidden conjunctions (see [Constraint]).
func (q guardQueries) PossibleUnder(forbidden []Guard) bool { return possible(q.g, forbidden) }

func (t *Table[S, I, A, R]) open() any   { return queries[S, I, A, R]{t} }
func (l *Looplab[S, I, A, R]) open() any { return looplabQueries[S, I, A, R]{l} }
func (g Guard) open() any                { return guardQueries{g} }

func init() {
	fsmhook.Register(func(v any) any {
		if o, ok := v.(interface{ open() any }); ok {
			return o.open()
		}
		return nil
	})
}
