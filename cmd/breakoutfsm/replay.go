package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/trace"
)

const replayAbout = `Replays a trace of one participant (JSON Lines, one input a line, as BEHAVIOR.md §7
describes) through the engine and prints the result of every non-blank line. FILE '-'
reads standard input. Refused lines are results, not failures: the exit status is 0 when
the file was read to the end, 2 when it could not be read.`

func runReplay(args []string, e *env) int {
	fs := newFlags("replay", "[--json] FILE|-", replayAbout, e)
	asJSON := fs.Bool("json", false, "print one JSON object per line (the format of BEHAVIOR.md §7)")
	if code, ok := parseFlags(fs, args, e); !ok {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(e, "replay", "want exactly one trace file (or - for standard input), got %d arguments", fs.NArg())
	}
	name := fs.Arg(0)
	var in io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return usageError(e, "replay", "cannot read the trace: %v", err)
		}
		defer f.Close()
		in = f
	}
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	defer out.Flush()
	var table *tabwriter.Writer
	if !*asJSON {
		table = tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(table, "LINE\tINPUT\tPOSITION\tSTATE\tEFFECTS\tERROR")
	}
	r := trace.NewRunner()
	buf := make([]byte, 0, 1024)
	err := trace.EachLine(in, func(line []byte) error {
		res, ok := r.Next(line)
		if !ok {
			return nil
		}
		if *asJSON {
			var err error
			buf, err = res.AppendJSON(buf[:0])
			if err != nil {
				return err
			}
			buf = append(buf, '\n')
			_, err = out.Write(buf)
			return err
		}
		fmt.Fprintf(table, "%d\t%s\t%s\t%s\t%s\t%s\n", res.Line, describeLine(&res), res.Position, res.State,
			dash(lifecycle.FormatEffects(res.Effects)), dash(describeError(res.Err)))
		return nil
	})
	if table != nil {
		table.Flush()
	}
	if err != nil {
		out.Flush()
		fmt.Fprintf(e.stderr, "breakoutfsm replay: reading %s: %v\n", name, err)
		return exitUsage
	}
	return exitOK
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// describeLine is the input column of the readable table.
func describeLine(res *trace.Result) string {
	in := &res.Input
	switch res.Kind {
	case trace.LineConfig:
		return "config"
	case trace.LineTick:
		return "tick"
	case trace.LineMeetingEnded:
		return "meetingEnded"
	case trace.LineAction:
		return "action " + in.Kind.String()
	case trace.LineOutcome:
		s := "outcome " + in.Kind.String()
		if in.ThreadID != "" {
			s += "(" + in.ThreadID + ")"
		}
		return s
	case trace.LineSDK:
		switch in.Kind {
		case lifecycle.InputAssignedRoom:
			if in.Room == nil {
				return "sdk assigned(none)"
			}
			auto := ""
			if in.Room.AutoMove {
				auto = " auto"
			}
			return fmt.Sprintf("sdk assigned(%s %s%s)", in.Room.ThreadID, in.Room.State, auto)
		case lifecycle.InputSettings:
			if in.Settings == nil {
				return "sdk settings(none)"
			}
			return "sdk settings"
		case lifecycle.InputRoomList:
			return fmt.Sprintf("sdk breakoutRooms(%d)", len(in.Rooms))
		case lifecycle.InputJoinEvent:
			return "sdk join(" + in.CallID + ")"
		}
	}
	return "unreadable"
}

// describeError is the error column of the readable table.
func describeError(err *errcodes.Error) string {
	if err == nil {
		return ""
	}
	var b strings.Builder
	if err.Kind == errcodes.KindSDK {
		fmt.Fprintf(&b, "%d", uint16(err.Subcode))
		if err.WrappedBy != 0 {
			fmt.Fprintf(&b, " (as %d)", uint16(err.WrappedBy))
		}
	} else {
		b.WriteString(err.Kind.String())
	}
	fmt.Fprintf(&b, " %s", err.Rule)
	if err.Guard != "" {
		fmt.Fprintf(&b, " [%s]", err.Guard)
	}
	return b.String()
}
