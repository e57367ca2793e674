package jsonscan_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/internal/jsonscan"
)

func TestAppendString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `""`},
		{"19:r1", `"19:r1"`},
		{"a\"b\\c/", `"a\"b\\c/"`},
		{"\n\r\t\x00\x1f\x7f", `"\n\r\t\u0000\u001f` + "\x7f" + `"`},
		{"<&>", `"<&>"`},
		{"é😀", `"é😀"`},
		{"a\xffb\xc3", `"a\ufffdb\ufffd"`},
	} {
		assert.Equal(t, tc.want, string(jsonscan.AppendString([]byte("x"), tc.in))[1:], "%q", tc.in)
	}
}

// FuzzAppendString checks that what AppendString writes is valid JSON that
// reads back as encoding/json's own writing of the string does.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "a\"\\\n", "\x00\x1f", "é\xff", "\xed\xa0\x80", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := jsonscan.AppendString(nil, s)
		require.True(t, json.Valid(b), "%q", b)
		var got, want string
		require.NoError(t, json.Unmarshal(b, &got))
		std, err := json.Marshal(s)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(std, &want))
		require.Equal(t, want, got, "%q", s)
	})
}

func TestAppendNumber(t *testing.T) {
	for _, f := range []float64{
		0, 1, 1.5, 30000, 1767609000000, 1767609000000.9, 1e20, 1e21, 1.5e300, 1e-6, 1e-7, 1.25e-7, 5e-324,
		math.MaxFloat64, 1 << 63, 123456789012345678, 0.1,
	} {
		want, err := json.Marshal(f)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(jsonscan.AppendNumber(nil, f)), "%v", f)
		assert.Equal(t, "-"+string(want), string(jsonscan.AppendNumber(nil, -f)), "%v", -f)
	}
}

func FuzzAppendNumber(f *testing.F) {
	f.Add(1.5)
	f.Add(1e-7)
	f.Add(1e21)
	f.Fuzz(func(t *testing.T, x float64) {
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return
		}
		want, err := json.Marshal(x)
		require.NoError(t, err)
		require.Equal(t, string(want), string(jsonscan.AppendNumber(nil, x)))
	})
}

func TestMaxDurationMs(t *testing.T) {
	d := time.Duration(jsonscan.MaxDurationMs) * time.Millisecond
	assert.Greater(t, d, time.Duration(0), "no overflow")
	assert.Less(t, time.Duration(math.MaxInt64)-d, time.Millisecond, "the largest whole number of milliseconds")
	assert.Equal(t, jsonscan.MaxDurationMs, int64(float64(jsonscan.MaxDurationMs)), "exact as a float64")
}
