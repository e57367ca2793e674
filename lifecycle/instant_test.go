package lifecycle

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// instantOf: the zero time.Time is the Unix epoch (where a trace's clock
// starts), times outside years 0000 to 9999 saturate at its ends, the
// location does not matter, and the constants are what time says.
func TestInstantOf(t *testing.T) {
	assert.Equal(t, int64(firstSec), time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
	assert.Equal(t, int64(zeroSec), time.Time{}.Unix())
	for _, c := range []struct {
		in   time.Time
		want instant
	}{
		{time.Time{}, instant{}},
		{time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), instant{sec: zeroSec, nsec: 1}},
		{time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), firstInstant},
		{time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC), firstInstant},
		{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), lastInstant},
		{time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC), lastInstant},
		{time.Date(2026, 1, 5, 11, 0, 0, 5, time.FixedZone("CET", 3600)), instant{sec: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC).Unix(), nsec: 5}},
	} {
		assert.Equal(t, c.want, instantOf(c.in), "%v", c.in)
	}
}
