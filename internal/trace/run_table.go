package trace

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// Table writes results as the readable table of `breakoutfsm replay`: line,
// input, position, state, effects, error with its subcode (or kind), rule
// and guard, and the error's reason in a few words. It writes each row as
// it is added and holds nothing between rows, so a table of any length takes
// the same memory. It cannot know the widest cell of a column before the
// last row, so columns start at widths that fit most traces and widen, up to
// maxWidth, to the widest cell so far: rows after a wide cell line up with
// it, rows before it stay as they were written, and a cell wider than
// maxWidth pushes the rest of its row. Everything a trace gave (thread and
// call ids, the text of unreadable lines) is written with its control and
// other non-printable characters escaped, so that no trace can move the
// cursor, recolour the terminal or forge a row; a cell is cut at maxCell
// bytes.
type Table struct {
	w     io.Writer
	width [len(columns)]int
	row   []byte
	err   error
}

// The columns: their headings and the widths they start at (the last one
// is not padded).
var columns = [...]struct {
	heading string
	width   int
}{
	{"LINE", 4}, {"INPUT", 30}, {"POSITION", 9}, {"STATE", 11}, {"EFFECTS", 76}, {"ERROR", 36}, {"REASON", 0},
}

const (
	// maxWidth is the widest a column grows.
	maxWidth = 100
	// maxCell is the longest cell written, in bytes; a longer one is cut
	// and ends with "…".
	maxCell = 240
)

// NewTable starts a table on w, with its header.
func NewTable(w io.Writer) *Table {
	t := &Table{w: w}
	cells := make([]string, len(columns))
	for i, c := range columns {
		cells[i], t.width[i] = c.heading, c.width
	}
	t.write(cells)
	return t
}

// Add writes one result.
func (t *Table) Add(res *Result) {
	t.write([]string{
		strconv.Itoa(res.Line), DescribeInput(res), res.Position.String(), res.State.String(),
		dash(lifecycle.FormatEffects(res.Effects)), dash(DescribeError(res.Err)), dash(ShortReason(res.Err)),
	})
}

// write writes one row, each cell escaped, cut and padded to its column's
// width, with two spaces between columns.
func (t *Table) write(cells []string) {
	if t.err != nil {
		return
	}
	b := t.row[:0]
	for i, c := range cells {
		start := len(b)
		b = appendPrintable(b, c, maxCell)
		if i == len(cells)-1 {
			break
		}
		n := utf8.RuneCount(b[start:])
		if n > t.width[i] && n <= maxWidth {
			t.width[i] = n
		}
		for ; n < t.width[i]; n++ {
			b = append(b, ' ')
		}
		b = append(b, ' ', ' ')
	}
	b = append(b, '\n')
	_, t.err = t.w.Write(b)
	t.row = b
}

// Flush reports the first error writing a row. Rows are written as they
// are added: nothing is held back.
func (t *Table) Flush() error { return t.err }

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// appendPrintable appends s with every character that does not print as
// itself escaped as Go would write it in a string: \t, \r, \n, \x1b, \u202e
// (a bidirectional override), \xff (a byte that is not UTF-8); a backslash
// is doubled, so that the escapes cannot be forged. It stops after max bytes
// (at a whole escape or character) and appends "…".
func appendPrintable(b []byte, s string, max int) []byte {
	start := len(b)
	for i := 0; i < len(s); {
		if len(b)-start >= max {
			return append(b, "…"...)
		}
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '\\' { // printable ASCII: the common case
			b = append(b, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\x`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
		case r == '\\':
			b = append(b, `\\`...)
		case unicode.IsPrint(r) && r != '…': // (… marks a cut: escaped, so it cannot be forged either)
			b = append(b, s[i:i+size]...)
		default:
			q := strconv.QuoteRuneToASCII(r) // 'x' with the escape inside
			b = append(b, q[1:len(q)-1]...)
		}
		i += size
	}
	return b
}

// Printable is s with its control and other non-printable characters
// escaped, as the table writes its cells (without the cut).
func Printable(s string) string {
	return string(appendPrintable(nil, s, len(s)*10+1))
}

// DescribeInput is a result's input in a few words. A line whose value could
// not be read is named by its key: "action (unreadable)".
func DescribeInput(res *Result) string {
	in := &res.Input
	if res.Kind != LineInvalid && res.Kind != LineBlank && res.Kind != LineConfig && in.Kind == lifecycle.InputInvalid {
		return res.Kind.String() + " (unreadable)"
	}
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
		b.WriteString(err.Kind.Error())
	}
	if rule.Valid(err.Rule) {
		fmt.Fprintf(&b, " %s", err.Rule)
	}
	if err.Guard != "" {
		fmt.Fprintf(&b, " [%s]", err.Guard)
	}
	return b.String()
}

// ShortReason is why an error happened, in a few words: its message up to
// the first "; " (where the messages go on to say what was expected).
func ShortReason(err *errcodes.Error) string {
	if err == nil {
		return ""
	}
	msg := err.Message
	if i := strings.Index(msg, "; "); i > 0 {
		msg = msg[:i]
	}
	return msg
}

// ReplayOptions say how Replay reads a trace and what it writes.
type ReplayOptions struct {
	// JSON writes one JSON object per line (docs/TRACE.md) instead of the
	// readable table.
	JSON bool
	// MaxLine is the longest line read, in bytes without its newline (0:
	// DefaultMaxLine). A longer line is a refused line (Runner.TooLong),
	// skipped without being held, and the replay goes on.
	MaxLine int
}

// DefaultMaxLine is the longest line Replay reads unless told otherwise:
// 1 MiB, thousands of times a real line.
const DefaultMaxLine = 1 << 20

// Replay replays a whole trace from r, writing every result as a JSON line
// (asJSON) or as the readable table, with the default options.
func Replay(r io.Reader, w io.Writer, asJSON bool) error {
	return ReplayWith(r, w, ReplayOptions{JSON: asJSON})
}

// ReplayWith replays a whole trace from r and writes every result to w. A
// UTF-8 byte order mark at the start of the trace is skipped. It stops at
// the first read or write error. Its memory does not grow with the trace:
// at most MaxLine bytes of a line are held, and the table is written row by
// row.
func ReplayWith(r io.Reader, w io.Writer, opt ReplayOptions) error {
	max := opt.MaxLine
	if max <= 0 {
		max = DefaultMaxLine
	}
	run := NewRunner()
	var table *Table
	if !opt.JSON {
		table = NewTable(w)
	}
	buf := make([]byte, 0, 1024)
	err := EachLineMax(r, max, func(line []byte, tooLong int64) error {
		var res Result
		if tooLong > 0 {
			res = run.TooLong(tooLong, max)
		} else {
			var ok bool
			if res, ok = run.Next(line); !ok {
				return nil
			}
		}
		if table != nil {
			table.Add(&res)
			return table.Flush()
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
	if table != nil && err == nil {
		err = table.Flush()
	}
	return err
}
