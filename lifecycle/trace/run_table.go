package trace

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// Table writes results as the readable table of `breakoutfsm replay`: line,
// input, position, state, effects, error with its subcode (or kind), rule
// and guard.
type Table struct {
	tw *tabwriter.Writer
}

// NewTable starts a table on w, with its header.
func NewTable(w io.Writer) *Table {
	t := &Table{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
	fmt.Fprintln(t.tw, "LINE\tINPUT\tPOSITION\tSTATE\tEFFECTS\tERROR")
	return t
}

// Add writes one result.
func (t *Table) Add(res *Result) {
	fmt.Fprintf(t.tw, "%d\t%s\t%s\t%s\t%s\t%s\n", res.Line, DescribeInput(res), res.Position, res.State,
		dash(lifecycle.FormatEffects(res.Effects)), dash(DescribeError(res.Err)))
}

// Flush writes out what is buffered.
func (t *Table) Flush() error { return t.tw.Flush() }

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// DescribeInput is a result's input in a few words.
func DescribeInput(res *Result) string {
	in := &res.Input
	switch res.Kind {
	case LineConfig:
		return "config"
	case LineTick:
		return "tick"
	case LineMeetingEnded:
		return "meetingEnded"
	case LineAction:
		return "action " + in.Kind.String()
	case LineOutcome:
		s := "outcome " + in.Kind.String()
		if in.ThreadID != "" {
			s += "(" + in.ThreadID + ")"
		}
		return s
	case LineSDK:
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

// DescribeError is an error in a few words: its subcode (and the subcode
// that wraps it) or kind, its rule, and its guard.
func DescribeError(err *errcodes.Error) string {
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

// Replay replays a whole trace from r, writing every result as a JSON line
// (asJSON) or as the readable table. It stops at the first read or write
// error.
func Replay(r io.Reader, w io.Writer, asJSON bool) error {
	run := NewRunner()
	var table *Table
	if !asJSON {
		table = NewTable(w)
	}
	buf := make([]byte, 0, 1024)
	err := EachLine(r, func(line []byte) error {
		res, ok := run.Next(line)
		if !ok {
			return nil
		}
		if table != nil {
			table.Add(&res)
			return nil
		}
		var err error
		buf, err = res.AppendJSON(buf[:0])
		if err != nil {
			return err
		}
		buf = append(buf, '\n')
		_, err = w.Write(buf)
		return err
	})
	if table != nil {
		if ferr := table.Flush(); err == nil {
			err = ferr
		}
	}
	return err
}
