// Package trace owns the JSON Lines trace format of docs/TRACE.md, the
// public contract of `breakoutfsm replay`: reading one line into what it
// says (ParseLine), writing a line back (FormatLine, FormatConfig), and
// running a whole trace against one participant machine (Runner).
//
// A line is read on its own: whether a config line may stand where it
// stands, or an "at" that goes backwards, is the runner's business, and what
// an input does is the participant machine's. SDK events are read by
// lifecycle.DecodeEvent, which owns their shape (rule R24).
package trace
