// Package proptest checks an implementation of the participant machine
// against a reference model of the behaviour of record, with property-based
// tests (pgregory.net/rapid): random inputs, the engine and the model
// compared at every step, failing cases shrunk and printed as traces that
// `breakoutfsm replay` runs. It is an importable package, like raft's
// rafttest, so that a service can check its own wrapper of the engine, or a
// port of it in another language; it does not change the engine and must
// not be imported by it.
//
// # Entry points
//
//   - Check(t, newEngine, options...) checks a Go engine: anything with
//     Apply(in *lifecycle.Input, now time.Time) (lifecycle.Result, error)
//     (Engine). lifecycle.Machine is one (Lifecycle creates it); so is a
//     wrapper around it. An engine that shows more gets more checked, found
//     with type assertions: an Inspector (its state, timers, notifications,
//     invariants and standing refusal), a Snapshotter (its snapshot: a
//     refusal changes nothing, a restored machine answers the same, R21's
//     way home) and a Tracer (the table rows it takes: the looplab/fsm
//     adapter in lockstep and the coverage gate).
//   - CheckProcess(t, argv...) checks an engine in another process, in any
//     language, through the trace contract of docs/TRACE.md (what
//     `breakoutfsm replay --json -` does); CheckProcessWith takes options.
//   - CheckMeeting(t, options...) checks the meeting level
//     (lifecycle/meeting) against §6.
//   - Options: Checks (how many cases), CoverageGate, TraceTimeout (for
//     CheckProcess). Every entry point takes a testing.TB.
//
// A test runs the whole suite against an engine:
//
//	func TestEngine(t *testing.T) {
//		proptest.Check(t, proptest.Lifecycle)
//	}
//
// # What Check runs
//
// First the recipes: short fixed ways into the states a walk seldom
// reaches (a join given up with its hold in flight, a return under way
// when the SDK joins again, eight failed hang-ups, ...), each followed once
// in each role with the default config, every choice it offers taken,
// every input checked as the machine property checks it. The rows of the
// table they take are taken in every Check, not by the walks' luck.
//
// Then three properties, each for at least DefaultChecks (2,000) cases, the
// first three times that; Checks changes it, -short divides it by five.
// rapid's flags apply: -rapid.seed to replay one case, -rapid.steps for
// longer runs.
//
//   - "machine": a rapid T.Repeat state-machine test with one action per
//     kind of input (SDK events readable and not, user actions, outcomes of
//     the effects in flight, ok and failed, ticks at the moments timers fall
//     due, late inputs, leaving), a run starting with a recipe or not, and
//     a host that answers its effects late or out of order. After every
//     input the engine and the model agree on the position, the effects in
//     order, the error (subcode or kind, wrapping, rule) and whether the
//     input was refused; every error names its rule. The "" action checks
//     the optional interfaces' invariants after every step.
//   - "trace": whole traces (up to 41 lines: SDK events, actions, outcomes,
//     ticks, the end of the meeting, blank lines, lines that are not JSON,
//     "at" times that go backwards, config lines first or not) replayed by
//     internal/trace as `breakoutfsm replay --json` replays them, read back
//     from the JSON it writes and compared with the model line by line: the
//     same comparison CheckProcess makes of another process's output.
//   - "events": the SDK event decoder reads every generated event as it was
//     meant and refuses every unreadable one with 46258, naming the field.
//
// For a Tracer, Check logs the coverage (rows of the table taken, guard
// conditions held and failed, rules named) and, with at least DefaultChecks
// checks, gates on it: every row as written, every guard both ways and
// every rule must have been exercised. With fewer checks the gate is off
// unless CoverageGate(true) asks for it (the rows the recipes do not take
// need the walks' default number of runs); a gate that then fails says so.
//
// # The process protocol
//
// CheckProcess starts the command once per generated trace, writes the
// whole trace to its standard input (JSON Lines as §7 writes them, each
// line ending in a newline) and closes it. The engine writes to its
// standard output exactly one result line per non-blank input line, in
// order, {"line":N,"position":…,"effects":[…],"error":…} ("state"
// optional), and exits with status 0 within TraceTimeout (10 s by
// default). Each line is compared with the model field for field: the
// line number, the position, the effects in order ("at" as an instant),
// and the error object (null, or subcode, code, category, wrappedBy or
// kind, and rule; a message whose text is free). A failing trace is shrunk,
// then every line the failure does not need is removed, replaying the
// engine each time. An engine that crashes, stops early or writes what is
// not a result line fails with the trace, what was expected and the end
// of its standard error; one that cannot be started or does not finish in
// time (it is killed, with the processes it started) fails the test at
// once. There is no streaming form: §7 has no line that ends one trace and
// begins the next, so one process per trace keeps the contract exactly
// `replay --json -`. The meeting level has no trace contract, so no
// process form.
//
// # Failing cases and regression seeds
//
// A failing case is shrunk by rapid and printed as a §7 trace, and rapid
// saves it under testdata/rapid/<test>/ of the package whose test failed.
// The trace property's and CheckProcess's failures then lose every line
// the failure does not need, repeated lines first. Once the bug is fixed,
// the saved file is committed there as a regression seed: rapid replays
// every file under testdata/rapid/ of a test before drawing new cases.
// (CheckProcess stops rapid's shrinking after 5 s, since each attempt
// starts a process; the printed trace is the case to keep.) A disagreement of the engine with the behaviour of record
// that cannot be fixed at once is written up in this package
// (knownDisagreements, with its minimal trace) so that the rest of the
// suite keeps running; the list is empty.
//
// # Meeting level
//
// CheckMeeting checks docs/RULES.md#meeting on lifecycle/meeting: a rapid
// T.Repeat state-machine test over one meeting of up to 12 participants
// and 4 rooms, with one action per organizer operation (every
// kind of meeting.Op, by managers and attendees, with good and bad names), per
// kind of participant input, time (ticks, a clock going backwards), the end
// of the meeting, and the fault injector (losing and repeating SDK
// events). After every input the meeting refuses exactly what
// a naive reference model of the meeting refuses, for its reason, a refusal
// changes nothing, and (*meeting.Meeting).CheckInvariants holds; after
// every step the meeting agrees with the model (rooms, invitees, time
// limits, settings, who is present and assigned where, what each
// participant's machine holds), leaving out participants an event was lost
// to until an input is known to have caught them up.
//
// # What else is here
//
// The generators, the reference model, the exhaustive search of one
// participant's reachable states (every abstract state under a finite
// alphabet, with the invariants and R21 checked in each) and the known
// disagreements are unexported: the project's own tests use them, and a
// user needs only the entry points.
package proptest
