// Package policy holds the rules about the SDK's own data that both levels
// of the engine apply, each a pure function: R1's feature gate (a machine
// exists only in a Teams meeting with the feature enabled, the flag checked
// first, as the SDK does) and R15's reading of disableReturnToMainMeeting (a
// return is allowed only when the settings say false; absent counts as
// true, as the SDK derives it).
//
// The guards of the lifecycle table are declared in package lifecycle, each
// once, next to the facts they read (lifecycle/conditions.go); the ones that
// apply these rules call this package. policy has no clock, no randomness,
// no I/O and keeps no state.
package policy
