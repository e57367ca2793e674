package trace

import (
	"fmt"
	"strconv"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/jsonscan"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// FormatLine writes in as a trace line (without a newline) that ParseLine
// reads back to the same input: "at" first when at is not nil (RFC 3339 with
// nanoseconds, in UTC), then the one input key. SDK events are written by
// lifecycle.EncodeEvent. Fields the input's kind does not use are not
// written, except a ThreadID, which only the joinBreakout and hangUpBreakout
// outcomes may carry. The timer firings and InputInvalid have no line and
// give an error, as does a time outside the years 0000–9999.
func FormatLine(at *time.Time, in lifecycle.Input) ([]byte, error) {
	b, err := appendLineStart(make([]byte, 0, 64), at)
	if err != nil {
		return nil, err
	}
	if in.ThreadID != "" && !carriesThreadID(in.Kind) {
		return nil, cannotFormat("ThreadID is set on a %v input; only the joinBreakout and hangUpBreakout outcomes carry one", in.Kind)
	}
	switch k := in.Kind; {
	case k.IsSDKEvent():
		ev, err := lifecycle.EncodeEvent(in)
		if err != nil {
			return nil, err
		}
		b = append(b, `"sdk":`...)
		b = append(b, ev...)
	case k.IsAction():
		for _, a := range actionNames {
			if a.kind == k {
				b = append(b, `"action":"`...)
				b = append(b, a.name...)
				b = append(b, '"')
			}
		}
	case k.IsOutcome():
		for _, o := range outcomeOps {
			if o.ok != k && o.failed != k {
				continue
			}
			b = append(b, `"outcome":{"op":"`...)
			b = append(b, o.name...)
			b = append(b, `","ok":`...)
			if o.ok == k {
				b = append(b, "true"...)
			} else {
				b = append(b, "false"...)
			}
			if in.ThreadID != "" {
				b = append(b, `,"threadId":`...)
				b = jsonscan.AppendString(b, in.ThreadID)
			}
			b = append(b, '}')
		}
	case k == lifecycle.InputTick:
		b = append(b, `"tick":true`...)
	case k == lifecycle.InputMeetingEnded:
		b = append(b, `"meetingEnded":true`...)
	default:
		return nil, cannotFormat("a %v input has no trace line", k)
	}
	return append(b, '}'), nil
}

// FormatConfig writes c as a config line (without a newline) that ParseLine
// reads back to the same config, every key given: "at" first when at is not
// nil, then "config". A meeting that is not a Teams meeting is written as
// "other". A delay must be a whole, non-negative number of milliseconds.
func FormatConfig(at *time.Time, c lifecycle.Config) ([]byte, error) {
	b, err := appendLineStart(make([]byte, 0, 160), at)
	if err != nil {
		return nil, err
	}
	b = append(b, `"config":{"role":`...)
	switch c.Role {
	case lifecycle.Attendee:
		b = append(b, `"attendee"`...)
	case lifecycle.Manager:
		b = append(b, `"manager"`...)
	default:
		return nil, cannotFormat("config role %v is neither attendee nor manager", c.Role)
	}
	b = append(b, `,"meeting":`...)
	switch c.Meeting {
	case lifecycle.MeetingTeams:
		b = append(b, `"teams"`...)
	case lifecycle.MeetingOther:
		b = append(b, `"other"`...)
	default:
		return nil, cannotFormat("config meeting %v is neither teams nor other", c.Meeting)
	}
	b = append(b, `,"featureEnabled":`...)
	if c.FeatureEnabled {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	delays := [...]struct {
		key string
		d   time.Duration
	}{{"autoMoveDelayMs", c.AutoMoveDelay}, {"hangUpDelayMs", c.HangUpDelay}, {"roomEndGraceMs", c.RoomEndGrace}}
	for _, d := range delays {
		if d.d < 0 || d.d%time.Millisecond != 0 {
			return nil, cannotFormat("config %s: %v is not a whole, non-negative number of milliseconds", d.key, d.d)
		}
		b = append(b, ',', '"')
		b = append(b, d.key...)
		b = append(b, '"', ':')
		b = strconv.AppendInt(b, int64(d.d/time.Millisecond), 10)
	}
	return append(b, '}', '}'), nil
}

// appendLineStart opens a line and writes its "at", when there is one.
func appendLineStart(b []byte, at *time.Time) ([]byte, *errcodes.Error) {
	b = append(b, '{')
	if at == nil {
		return b, nil
	}
	t := at.UTC()
	if y := t.Year(); y < 0 || y > 9999 {
		return nil, cannotFormat("at %v is outside the years RFC 3339 can write", t)
	}
	b = append(b, `"at":"`...)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"', ','), nil
}

func carriesThreadID(k lifecycle.InputKind) bool {
	for _, o := range outcomeOps {
		if o.threadID && (k == o.ok || k == o.failed) {
			return true
		}
	}
	return false
}

func cannotFormat(format string, args ...any) *errcodes.Error {
	return errs.NewKind(errcodes.UnknownInput, rule.R24, "cannot write the trace line: "+fmt.Sprintf(format, args...))
}
