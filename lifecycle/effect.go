package lifecycle

import (
	"fmt"
	"strings"
	"time"

	"github.com/breakoutfsm/breakoutfsm/internal/jsonscan"
)

// Refusal is the error every input gets now, whatever it is: R1's when the
// machine is unavailable, participantLeft once it has left, nil otherwise.
// The error is an *errcodes.Error.
func (m *Machine) Refusal() error {
	switch {
	case m.gate() != nil:
		return m.gate()
	case m.st == StateLeft:
		return errLeft
	}
	return nil
}

// TimeFormat is how effects and traces write times: RFC 3339 in UTC, with
// as many fractional digits as needed.
const TimeFormat = time.RFC3339Nano

// AppendJSON appends the effect as the trace format writes it
// (docs/TRACE.md#effect-objects).
func (e Effect) AppendJSON(b []byte) []byte {
	b = append(b, `{"kind":"`...)
	b = append(b, e.Kind.String()...)
	b = append(b, '"')
	switch e.Kind {
	case EffectJoinBreakout, EffectHangUpBreakout:
		b = append(b, `,"threadId":`...)
		b = jsonscan.AppendString(b, e.ThreadID)
	case EffectNotify, EffectDismiss:
		b = append(b, `,"target":"`...)
		b = append(b, e.Target.String()...)
		b = append(b, '"')
	case EffectSchedule:
		b = append(b, `,"timer":"`...)
		b = append(b, e.Timer.String()...)
		b = append(b, `","at":"`...)
		b = e.At.UTC().AppendFormat(b, TimeFormat)
		b = append(b, '"')
	case EffectCancel:
		b = append(b, `,"timer":"`...)
		b = append(b, e.Timer.String()...)
		b = append(b, '"')
	}
	return append(b, '}')
}

// MarshalJSON writes the effect as the trace format does.
func (e Effect) MarshalJSON() ([]byte, error) {
	if e.Kind == EffectInvalid || e.Kind >= effectEnd {
		return nil, fmt.Errorf("lifecycle: cannot encode effect kind %d", e.Kind)
	}
	return e.AppendJSON(nil), nil
}

// String is the effect in the short form the readable tables use, such as
// joinBreakout(19:r1) or schedule(autoMove@10:00:03Z).
func (e Effect) String() string {
	switch e.Kind {
	case EffectJoinBreakout, EffectHangUpBreakout:
		return e.Kind.String() + "(" + e.ThreadID + ")"
	case EffectNotify, EffectDismiss:
		return e.Kind.String() + "(" + e.Target.String() + ")"
	case EffectSchedule:
		return "schedule(" + e.Timer.String() + "@" + e.At.UTC().Format(TimeFormat) + ")"
	case EffectCancel:
		return "cancel(" + e.Timer.String() + ")"
	}
	return e.Kind.String()
}

// FormatEffects writes effects in their short form, separated by spaces.
func FormatEffects(es []Effect) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.String()
	}
	return strings.Join(parts, " ")
}
