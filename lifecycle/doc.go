// Package lifecycle is the breakout-room lifecycle of one participant in an
// Azure Communication Services Teams meeting: a pure state machine that takes
// the SDK's events, the user's actions, the outcomes of the effects its host
// carried out, and the passing of time, and returns what the host must do
// next.
//
// A Machine is created from a Config (role, meeting kind, feature flag and
// the SDK's delays) and driven with Apply(input, now). Apply returns the
// position every user sees (main, assigned, joining, in_room, returning,
// left), the fine state, the ordered effects (call effects such as holdMain
// and joinBreakout, timers to schedule or cancel, notifications to show or
// withdraw) and an error: a refusal, which changed nothing, or the report of
// a failed effect. The host carries out the effects, feeds their outcomes
// back as inputs, and sends a tick when a scheduled timer falls due.
//
// A Machine is 128 bytes: a host may hold one per participant by the
// million. Apply keeps an effect buffer in each machine; ApplyTo writes the
// effects into the caller's buffer instead, so that a host driving many
// machines needs only one.
//
// The behaviour is one declarative table (LifecycleTable), validated when the
// package loads; Apply runs it, and the diagrams, the docs and the looplab
// adapter are derived from it. Each row names the rule of the behaviour of
// record it implements.
//
// What the package owns: the participant's facts, the table, Apply, the SDK
// event decoder (DecodeEvent) and snapshots (Snapshot, Restore). What it must
// not do: read a clock, draw random numbers, start goroutines, lock, or do
// I/O. A Machine is not safe for concurrent use; the meeting level
// (lifecycle/meeting) is the concurrent layer on top.
package lifecycle
