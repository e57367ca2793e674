// Package bench measures breakoutfsm against other ways of writing the same
// participant lifecycle (issue 6). It is a module of its own so that the
// library does not depend on the engines it is compared with.
//
// # The four implementations
//
//  1. breakoutfsm: the library's lifecycle.Machine (an attendee, default
//     config), through its own Apply; [Breakout] adapts it to the subset's
//     inputs for the tests.
//  2. [Looplab]: github.com/looplab/fsm v1.0.3 driven directly. States and
//     events are the subset's; each guard is a before_<event> callback that
//     cancels the event (with nil when the row does not apply and the driver
//     tries the input's next event, or with the refusal), and the facts
//     change in after_<event> callbacks.
//  3. [Stateless]: github.com/qmuntal/stateless v1.7.2, FiringImmediate.
//     Guards are guard functions on Permit, Ignore and InternalTransition
//     (the Go port's PermitIf); a refusal is an internal transition whose
//     action returns the refusal error.
//  4. [Floor]: a hand-written table indexed [state][input] whose rows are
//     picked by a bitmask test on a byte of facts: the floor no general
//     engine can beat.
//
// The peers (2–4) have nine fine states: main, assigned, joiningHold,
// joiningJoin, inRoomHangUp, inRoom, returningBoth, returningRejoin and left,
// each with its position, and six facts: the assigned room open or closed,
// its auto-move, the autoMove timer pending, returnedEarly, and whether the
// room's settings allow a return.
//
// # The subset
//
// The peers implement only what the benchmarked paths and the agreement
// tests exercise: one attendee, one room (19:r1), a host that carries out
// every call effect at once and reports it ok, in the order the effects
// were listed, before anything else happens, and no end times (so autoMove
// is the only timer, and a tick always comes when it is due). Its inputs:
//
//   - assignedBreakoutRooms with 19:r1 open with auto-move, open without,
//     or closed, and with undefined data (unassigned);
//   - breakoutRoomsSettings with disableReturnToMainMeeting false or true;
//   - the actions join, returnToMainMeeting and leaveMeeting;
//   - a tick;
//   - the outcomes holdMain, joinBreakout, hangUpMain, hangUpBreakout and
//     rejoinMain, ok.
//
// The paths it covers (rule ids from docs/RULES.md):
//
//   - assign: R2 (closed room), R3 (open with auto-move: autoMove
//     scheduled), R4 (open without: a prompt), R4a (the same room again;
//     auto-move switched on or off; while returnedEarly only the facts
//     change), R8 (closed or unassigned while assigned);
//   - auto-move: R3 (the autoMove tick: holdMain, joinBreakout), a tick with
//     nothing due;
//   - join: R5 (holdMain, joinBreakout; autoMove cancelled; settings
//     cleared), then R9 (joinBreakout ok: in the room; hangUpMain);
//   - in the room: R11 (settings recorded), R4a (the same room again,
//     auto-move toggled: facts only), R12 (closed or unassigned: return with
//     hangUpBreakout and rejoinMain);
//   - return: R15 (returnToMainMeeting when the settings allow it), R16
//     (returnedEarly: the room's auto-move no longer pulls the participant
//     in, until the room closes and reopens or is unassigned), R18 (rejoinMain
//     ok: main, or assigned while a room is assigned);
//   - leaving: R22 (leaveMeeting from main, assigned or the room; then every
//     input is refused).
//
// And the refusals: join with no assignment (46260, R5), join a closed room
// (46256, R5), join the room the participant is in (alreadyInRoom, R5),
// returnToMainMeeting in the main meeting (46262, R17), returnToMainMeeting
// in a room whose settings do not allow it (returnDisabled, R15), any input
// after leaving (participantLeft, R22), and an outcome with nothing in
// flight (unexpectedInput, R24).
//
// Outside the subset (the peers answer [RefuseOutsideSubset], and the tests
// fail if a path ever gets there): managers, other rooms and re-assignment
// (R13, R14), failed outcomes (R6, R7, R9a, R19, R20), room end times and
// their timers (R11's closingSoon and roomEnd), the SDK's join event (R10),
// the manual recipe (hangUpBreakout and resumeMain actions), unreadable
// input (R24's 46258), the room list (R23) and the feature gate (R1), and any
// input other than the expected outcome while a call effect is in flight.
//
// # Agreement
//
// TestAllFourAgree draws 3,000 random paths of 40 inputs (seeds 1 to 3,000)
// and runs all four implementations over each: after every input they must
// report the same position and the same decision (accepted, or refused for
// the same reason), and the three peers the same fine state and facts.
// TestPathsCoverTheSubset checks that those paths take every row of the
// subset.
//
// # Benchmarks
//
// Every implementation: BenchmarkLegal, BenchmarkRefused, BenchmarkCreate,
// BenchmarkHeap (live heap per participant over 100,000 participants) and
// BenchmarkParallel (run with -cpu 1,2). breakoutfsm only:
// BenchmarkDecodeLine (against encoding/json), BenchmarkReplay,
// BenchmarkFanOut and BenchmarkMillion (skipped with -short). run.sh runs
// them all, and the ones the engine's compaction changed also at the commit
// before it, and writes docs/BENCHMARKS.md. BenchmarkHeap drives
// breakoutfsm with ApplyTo and one shared effect buffer, as a host holding
// many participants does; its breakoutfsm-apply variant uses Apply, whose
// per-machine buffer it shows the cost of.
package bench
