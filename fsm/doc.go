// Package fsm is a small, generic engine for declarative transition tables.
//
// A table is a list of rows {From, On, Guard, To, Action, Rule}. States,
// inputs, actions and rules are the host's own small-integer enums; guards are
// conjunctions over at most 64 named boolean conditions, written as bitmasks
// (condition i is bit i). For each step the host works out which conditions
// hold, and the table picks the single row whose guard holds. Because guards
// are plain bitmasks, overlap and completeness can be decided when the table
// is built instead of being discovered in production.
//
// # What the package owns
//
//   - The table itself and its validation: [New] checks the whole table once
//     and returns every problem it finds as a joined list of
//     [*ValidationError] values, in a deterministic order. It never panics on
//     a bad spec. Each [Problem] is also an error value, so callers can write
//     errors.Is(err, fsm.OverlappingGuards).
//   - What cannot happen: [Spec.Impossible] lists the combinations of
//     conditions the domain rules out ([Constraint]: "an open event implies
//     an event with a room"), in some states or all, so that guards need not
//     repeat them; validation checks completeness and overlap only over the
//     combinations that remain, and reports a row that can never hold.
//     [Table.Possible], [Table.Witness] and [PossibleIn] answer the same
//     question for a guard. [Spec.NoRow] names the (state, input) pairs the
//     host answers before the table.
//   - Stepping: [Table.Step] and [Table.Find] find the row for (state,
//     input, conditions) without allocating; [Table.Reads] says which
//     conditions a cell's guards read, so that a host computes only those.
//   - Graph questions about the table: [Table.Successors] and
//     [Table.PathHome].
//   - Diagrams derived from the table: [Table.Mermaid] and [Table.DOT], with
//     stable output so they can be kept as golden files.
//   - A reference adapter onto github.com/looplab/fsm ([Table.Looplab]), so
//     that hosts already driving looplab machines can use a validated table,
//     and so that tests can compare Step with an engine written by someone
//     else.
//
// # What it must not touch
//
// The package knows nothing about any domain: it never names a concrete
// state, input, action or rule. It reads no clock, draws no random numbers,
// starts no goroutines and performs no I/O. The effects of a row (what the
// host does when it takes it) are computed by the host from the row's Action;
// the table only names them.
//
// A [Table] is immutable once built and safe to share between goroutines. The
// looplab adapter is the one place that holds a lock, because looplab's
// machine is itself stateful and, in v1.0.3, not race free on its own.
package fsm
