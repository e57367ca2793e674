// Package trace writes the lines of the JSON Lines trace format of
// docs/TRACE.md, the public contract of `breakoutfsm replay` and of
// proptest.CheckProcess, so that a service can record what it feeds a
// participant machine and replay it later.
//
// Its entry points are [FormatLine], one input as a line, and
// [FormatConfig], the machine's config as the optional first line. Write
// each line followed by a newline, in the order the inputs were applied:
//
//	line, err := trace.FormatLine(&at, input)
//
// Reading and replaying a trace is the command's job (`breakoutfsm replay
// FILE`, `replay --json` for the result lines), and checking an engine
// against one is proptest's.
package trace
