// Package errcodes owns the breakout-room error table and the one error type
// that the engine returns.
//
// It holds three things:
//
//   - the SDK's breakout-room subcodes (46250 to 46263) of
//     @azure/communication-calling 2.0.0, each with its HTTP code, result
//     category, the SDK's own message (kept verbatim, because it is the literal
//     string a client sees) and a resolution written for this project;
//   - the project's own refusal kinds (returnDisabled, alreadyInRoom, …) for
//     conditions the SDK's table does not describe; they never borrow a subcode;
//   - the rule names of the behaviour of record (R1 … R25), so that every
//     refusal and failure report can say which rule produced it.
//
// [Error] is every refusal and failure report of the engine. It matches its
// subcode, its result category and its kind through [errors.Is], the way
// syscall.Errno and fs.PathError do, and it marshals to the JSON error object of
// the trace format (docs/TRACE.md#error-objects).
//
// Its entry points are [Error], read with errors.As (or [Of]), and the
// targets errors.Is takes: the [Subcode] constants, the [Category]
// constants and the [Kind] constants. The engine makes the errors; the
// project's tools render the whole table (docs/errors.md, `breakoutfsm
// codes`) through internal/errs.
//
// The package is data and formatting only. It must not hold engine logic
// (which rule refuses what, in which state, is the engine's table), and it does
// no I/O: its renderings of the table return bytes for the caller to write.
// Nothing here reads a clock, keeps mutable global state or starts goroutines,
// so every function is safe for concurrent use.
package errcodes
