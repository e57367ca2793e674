// Package policy names the guards of the breakout-room lifecycle: pure
// predicates over what a participant machine knows (its facts) and the input
// in hand. Each guard says which rule of the behaviour of record it enforces,
// so that a refusal can answer "why not?" (R25).
//
// policy owns the names, the rules and the meaning of the guards. It does not
// own the facts (package lifecycle keeps them and fills a View for every
// step) and it never decides a transition (the lifecycle table does). It has
// no clock, no randomness, no I/O and keeps no state.
package policy
