package lifecycle

import (
	"math"
	"time"
)

// instant is a point in time as the machine keeps it: seconds and
// nanoseconds since the Unix epoch. Unlike int64 nanoseconds it spans every
// time RFC 3339 can write, years 0000 to 9999, and unlike time.Time it is
// small, comparable with ==, and has no location. Times outside that span
// saturate at its ends, so that every time the machine writes is valid RFC
// 3339 (an end time in the year 10000 and beyond reads as the last instant
// of 9999).
type instant struct {
	sec  int64
	nsec int32
}

// instantOf is t as an instant. The zero time.Time counts as the Unix
// epoch, where a trace's clock starts.
func instantOf(t time.Time) instant {
	i := instant{sec: t.Unix(), nsec: int32(t.Nanosecond())}
	switch {
	case i.sec == zeroSec && i.nsec == 0:
		return instant{} // the zero time.Time
	case i.sec < firstSec || i.sec > lastInstant.sec:
		return i.clamp()
	}
	return i
}

// The ends of RFC 3339's span, and the zero time.Time (January 1, year 1).
const (
	firstSec = -62167219200 // 0000-01-01T00:00:00Z
	zeroSec  = -62135596800 // 0001-01-01T00:00:00Z
)

var (
	firstInstant = instant{sec: firstSec}
	lastInstant  = instant{sec: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix(), nsec: 999_999_999}
)

func (i instant) clamp() instant {
	switch {
	case i.before(firstInstant):
		return firstInstant
	case lastInstant.before(i):
		return lastInstant
	}
	return i
}

// Time is the instant as a time.Time in UTC.
func (i instant) Time() time.Time { return time.Unix(i.sec, int64(i.nsec)).UTC() }

// before reports whether i is earlier than j.
func (i instant) before(j instant) bool {
	return i.sec < j.sec || i.sec == j.sec && i.nsec < j.nsec
}

// add is i moved by d, saturating at the ends of the range.
func (i instant) add(d time.Duration) instant {
	sec := int64(d / time.Second)
	nsec := int64(i.nsec) + int64(d%time.Second)
	switch {
	case nsec >= 1e9:
		sec++
		nsec -= 1e9
	case nsec < 0:
		sec--
		nsec += 1e9
	}
	switch {
	case sec > 0 && i.sec > math.MaxInt64-sec:
		return lastInstant
	case sec < 0 && i.sec < math.MinInt64-sec:
		return firstInstant
	}
	return instant{sec: i.sec + sec, nsec: int32(nsec)}.clamp()
}
