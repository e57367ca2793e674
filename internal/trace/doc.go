// Package trace owns the JSON Lines trace format of docs/TRACE.md, the
// public contract of `breakoutfsm replay`: reading one line into what it
// says (ParseLine), writing a line back (FormatLine, FormatConfig; package
// lifecycle/trace is the public face of those two), and running a whole
// trace against one participant machine (Runner).
//
// It is not part of the API: it is the plumbing of the command's replay and
// simulate, of proptest and of the benchmarks. Users write traces with
// package lifecycle/trace and replay them with `breakoutfsm replay`.
//
// A line is read on its own: whether a config line may stand where it
// stands, or an "at" that goes backwards, is the runner's business, and what
// an input does is the participant machine's. SDK events are read by
// lifecycle.DecodeEvent, which owns their shape (rule R24).
//
// A trace may be hostile. ReplayWith holds at most a set number of bytes of
// a line (EachLineMax; Runner.TooLong refuses a longer one, and the replay
// goes on), skips a leading byte order mark, and writes the readable table
// row by row (Table), with every control or other non-printable character a
// trace gave escaped (Printable): its memory does not grow with the trace,
// and nothing in a trace reaches a terminal raw.
package trace
