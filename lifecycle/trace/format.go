package trace

import (
	"time"

	itrace "github.com/breakoutfsm/breakoutfsm/internal/trace"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// FormatLine writes in as a trace line (without a newline) that
// `breakoutfsm replay` reads back to the same input: "at" first when at is
// not nil (RFC 3339 with nanoseconds, in UTC), then the one input key. SDK
// events are written by lifecycle.EncodeEvent. Fields the input's kind does
// not use are not written, except a ThreadID, which only the joinBreakout
// and hangUpBreakout outcomes may carry. The timer firings and InputInvalid
// have no line and give an error, as does a time outside the years
// 0000–9999.
func FormatLine(at *time.Time, in lifecycle.Input) ([]byte, error) {
	return itrace.FormatLine(at, in)
}

// FormatConfig writes c as a config line (without a newline) that
// `breakoutfsm replay` reads back to the same config, every key given: "at"
// first when at is not nil, then "config". A meeting that is not a Teams
// meeting is written as "other". A delay must be a whole, non-negative
// number of milliseconds.
func FormatConfig(at *time.Time, c lifecycle.Config) ([]byte, error) {
	return itrace.FormatConfig(at, c)
}
