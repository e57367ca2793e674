// Package lifecycle is the breakout-room lifecycle of one participant in an
// Azure Communication Services Teams meeting: a pure state machine that takes
// the SDK's events, the user's actions, the outcomes of the effects its host
// carried out, and the passing of time, and returns what the host must do
// next.
//
// # Driving a machine
//
// A Machine is created from a Config (role, meeting kind, feature flag and
// the SDK's delays) and driven with Apply(&input, now). Apply returns a
// Result (the fine state, whose Position is what every user sees: main,
// assigned, joining, in_room, returning, left; and the ordered effects: call
// effects such as holdMain and joinBreakout, timers to schedule or cancel,
// notifications to show or withdraw) and an error: nil, a refusal
// (Result.Refused: nothing changed), or the report of a failed effect. The
// error is an *errcodes.Error; errors.As, errors.Is and errcodes.Of read
// it. The host carries out the effects, feeds their outcomes back as
// inputs, and sends a tick when a scheduled timer falls due (NextDue).
//
// A Machine is 128 bytes: a host may hold one per participant by the
// million. Apply keeps an effect buffer in each machine; ApplyTo writes the
// effects into the caller's buffer instead, so that a host driving many
// machines needs only one. Neither allocates once its buffer is big enough.
//
// # The table
//
// What an input does is one declarative table, written in rows.go, printed
// by `breakoutfsm table` and stated rule by rule in docs/RULES.md: each row
// is {From, On, Guard, To, Effects, Rule}. From is a state or a group of
// states; On an input; Guard a conjunction of named conditions (each
// declared once, in conditions.go, with its rule and meaning); To the next
// state; Effects the row's primitives in order (each a small, named step
// that decides nothing: an effect, a change of a fact, a failure report or
// a refusal); Rule the rule the row implements. LifecycleTable is the table
// expanded per state and validated when the package loads: exactly one row
// applies in every state, for every input and every combination of the
// conditions that can hold together. Apply runs it (compiled once into a
// decision tree per state and input); the diagrams (`breakoutfsm diagram`), the docs, `breakoutfsm
// explain` and the looplab/fsm adapter (LifecycleTable's Looplab) are
// derived from it. A few answers come before the table (b1 to b6 in
// `breakoutfsm table`: the feature gate, a machine that left, a clock going
// backwards, an input that could not have been written down, …).
//
// What the package owns: the participant's facts, the table, Apply, the SDK
// event decoder (DecodeEvent) and snapshots (Snapshot, Restore, which
// accepts only what inputs can reach). What it must not do: read a clock,
// draw random numbers, start goroutines, lock, or do I/O. A Machine is not
// safe for concurrent use; the meeting level (lifecycle/meeting) is the
// concurrent layer on top.
package lifecycle
