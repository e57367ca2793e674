package jsonscan_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/internal/jsonscan"
)

// ParseDateTime serves both a trace line's "at" (offset required) and an SDK
// roomEndTime (offset optional); the cases say what each accepts.
func TestParseDateTime(t *testing.T) {
	utc := func(year int, month time.Month, day, hour, minute, sec, nsec int) time.Time {
		return time.Date(year, month, day, hour, minute, sec, nsec, time.UTC)
	}
	accepted := []struct {
		s        string
		want     time.Time
		noOffset bool // accepted only when the offset is optional
	}{
		{"2026-01-05T10:00:00Z", utc(2026, 1, 5, 10, 0, 0, 0), false},
		{"2026-01-05t10:00:00z", utc(2026, 1, 5, 10, 0, 0, 0), false},
		{"2026-01-05T11:30:00+01:00", utc(2026, 1, 5, 10, 30, 0, 0), false},
		{"2026-01-04T23:30:00-10:30", utc(2026, 1, 5, 10, 0, 0, 0), false},
		{"2026-01-05T10:00:00-00:00", utc(2026, 1, 5, 10, 0, 0, 0), false},
		{"2024-02-29T23:59:59-23:59", utc(2024, 3, 1, 23, 58, 59, 0), false},
		{"2000-02-29T00:00:00Z", utc(2000, 2, 29, 0, 0, 0, 0), false},
		{"2026-01-05T10:00:00.5Z", utc(2026, 1, 5, 10, 0, 0, 500e6), false},
		{"2026-01-05t10:00:00.999999999999z", utc(2026, 1, 5, 10, 0, 0, 999999999), false},
		{"2024-02-29t10:30:00.1234567891z", utc(2024, 2, 29, 10, 30, 0, 123456789), false},
		{"0000-01-01T00:00:00+00:01", utc(-1, 12, 31, 23, 59, 0, 0), false},
		{"9999-12-31T23:00:00-01:00", utc(10000, 1, 1, 0, 0, 0, 0), false},
		{"2026-01-05T10:00:00", utc(2026, 1, 5, 10, 0, 0, 0), true},
		{"2026-01-05T10:30:00.5", utc(2026, 1, 5, 10, 30, 0, 500e6), true},
	}
	for _, tc := range accepted {
		got, ok := jsonscan.ParseDateTime([]byte(tc.s), true)
		require.True(t, ok, "%q with the offset optional", tc.s)
		assert.Equal(t, tc.want, got, "%q", tc.s)
		got, ok = jsonscan.ParseDateTime([]byte(tc.s), false)
		if tc.noOffset {
			assert.False(t, ok, "%q with the offset required", tc.s)
		} else {
			require.True(t, ok, "%q with the offset required", tc.s)
			assert.Equal(t, tc.want, got, "%q", tc.s)
		}
	}

	for _, s := range []string{
		"", "2026-01-05", "soon", " 2026-01-05T10:00:00Z", "2026-01-05T10:00:00Z ", "2026-01-05 10:00:00Z",
		"2026-01-05T1:00:00Z", "2026-01-05T10:00:00,5Z", "2026-01-05T10:00:00.Z", "2026-01-05T10:00:00.",
		"2026-01-05T24:00:00Z", "2026-01-05T10:60:00Z", "2016-12-31T23:59:60Z", "2026-02-29T10:00:00Z",
		"1900-02-29T10:00:00Z", "2026-04-31T10:00:00Z", "2026-13-01T10:00:00Z", "2026-00-01T10:00:00Z",
		"2026-01-00T10:00:00Z", "2026-01-05T10:00:00+24:00", "2026-01-05T10:00:00+01:60",
		"2026-01-05T10:00:00+0100", "2026-01-05T10:00:00+1:00", "2026-01-05T10:00:00 UTC", "2026-01-05T10:00:00Zx",
		"+2026-01-05T10:00:00Z", "-2026-01-05T10:00:00Z", "2026-1-05T10:00:00Z", "2026/01/05T10:00:00Z",
		"２026-01-05T10:00:00Z",
	} {
		for _, optional := range []bool{false, true} {
			_, ok := jsonscan.ParseDateTime([]byte(s), optional)
			assert.False(t, ok, "%q (offset optional: %v)", s, optional)
		}
	}
}

// FuzzParseDateTime checks ParseDateTime against time.Parse, which accepts
// everything it accepts (once T and Z are upper-case), and the offset
// switch: leaving the offset out is the same as writing Z.
func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{
		"2026-01-05T10:00:00Z", "2026-01-05T10:00:00.123+05:45", "2000-02-29t00:00:00-00:00", "2026-01-05T10:00:00",
		"9999-12-31T23:59:59.5Z", "2026-01-05T10:00:00+1:00", "2026-01-05T10:00:00.Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		strict, okStrict := jsonscan.ParseDateTime([]byte(s), false)
		lax, okLax := jsonscan.ParseDateTime([]byte(s), true)
		if okStrict {
			require.True(t, okLax, "%q", s)
			require.Equal(t, strict, lax, "%q", s)
			require.Equal(t, time.UTC, strict.Location())
			want, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s))
			require.NoError(t, err, "%q", s)
			require.Equal(t, want.UTC(), strict, "%q", s)
			return
		}
		if okLax {
			withZ, ok := jsonscan.ParseDateTime([]byte(s+"Z"), false)
			require.True(t, ok, "%q is accepted without an offset but not with Z", s)
			require.Equal(t, withZ, lax, "%q", s)
		}
	})
}
