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
// # Entry points
//
// Write a [Spec] (its rows, with guards built by [When] and [Guard.Not]),
// build the table with [New], and step it with [Table.Step]. Draw it with
// [Table.Mermaid] or [Table.DOT]; drive a github.com/looplab/fsm machine
// built from it with [Table.Looplab].
//
// # What the package owns
//
//   - The table itself and its validation: [New] checks the whole table once
//     and returns every problem it finds, one [*ValidationError] each, joined
//     with errors.Join and in a deterministic order. It never panics on a bad
//     spec. Each error's [Problem] names its kind ("overlapping guards",
//     "incomplete guards", "no path home", …) and its fields say where: the
//     state, the input, the rows.
//   - What cannot happen: [Spec.Impossible] lists the combinations of
//     conditions the domain rules out ([Constraint]: "an open event implies
//     an event with a room"), in some states or all, so that guards need not
//     repeat them; validation checks completeness and overlap only over the
//     combinations that remain, and reports a row that can never hold.
//     [Spec.NoRow] names the (state, input) pairs the host answers before the
//     table.
//   - Stepping: [Table.Step] finds the row for (state, input, conditions)
//     without allocating.
//   - Diagrams derived from the table: [Table.Mermaid] and [Table.DOT], with
//     stable output so they can be kept as golden files.
//   - A reference adapter onto github.com/looplab/fsm ([Table.Looplab]), so
//     that hosts already driving looplab machines can use a validated table,
//     and so that tests can compare Step with an engine written by someone
//     else.
//
// The project's own tools read more of a table (a cell's rows and the
// conditions they read, paths home, cases that satisfy a guard) through
// internal/fsmq; that is not part of the API.
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
