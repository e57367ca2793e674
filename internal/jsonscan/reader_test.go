package jsonscan_test

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/internal/jsonscan"
)

func TestReaderWalksAnObject(t *testing.T) {
	in := []byte(" {\"o\" : {\"a\":[1,{\"x\":\"]}\"}],\"b\":\"\\\"}\"} ,\"a\":[ ],\"s\":\"x\",\"e\":\"\",\"t\":true,\"f\":false,\"n\":null,\"num\":-1.5e3 }\n")
	require.True(t, json.Valid(in))
	r := jsonscan.NewReader(in)
	r.SkipSpace()
	require.Equal(t, byte('{'), r.Peek())
	assert.Equal(t, "an object", r.TypeName())
	r.Enter()
	var keys, types []string
	for {
		key, more := r.NextKey()
		if !more {
			break
		}
		keys = append(keys, string(key))
		types = append(types, r.TypeName())
		r.Skip()
	}
	assert.Equal(t, []string{"o", "a", "s", "e", "t", "f", "n", "num"}, keys)
	assert.Equal(t, []string{"an object", "an array", "a string", "an empty string", "a boolean", "a boolean", "null", "a number"}, types)
	r.SkipSpace()
	assert.Equal(t, len(in), r.Pos(), "the reader is after the object")
}

func TestReaderReadsValues(t *testing.T) {
	in := []byte(`[true,false,"a\u00e9",12.5,1e400,1e-400,-0]`)
	r := jsonscan.NewReader(in)
	r.Enter()
	require.True(t, r.NextElement())
	assert.True(t, r.Bool())
	require.True(t, r.NextElement())
	assert.False(t, r.Bool())
	require.True(t, r.NextElement())
	at := r.Pos()
	assert.Equal(t, "aé", r.Str())
	again := r.At(at)
	assert.Equal(t, "aé", string(again.RawString()), "At reads from the offset again")
	for _, want := range []struct {
		text string
		f    float64
		ok   bool
	}{{"12.5", 12.5, true}, {"1e400", 0, false}, {"1e-400", 0, true}, {"-0", 0, true}} {
		require.True(t, r.NextElement())
		f, text, ok := r.Number()
		assert.Equal(t, want.text, string(text))
		assert.Equal(t, want.ok, ok, want.text)
		assert.Equal(t, want.f, f, want.text)
		if want.text == "-0" {
			assert.True(t, math.Signbit(f), "-0 is read as it is written")
		}
	}
	assert.False(t, r.NextElement())
	assert.Equal(t, len(in), r.Pos())
}

func TestRawStringAliasesWhatNeedsNoDecoding(t *testing.T) {
	in := []byte(`"plain é"`)
	r := jsonscan.NewReader(in)
	s := r.RawString()
	assert.Equal(t, "plain é", string(s))
	assert.Same(t, &in[1], &s[0])
}

func TestRawStringDecodesAsEncodingJSONDoes(t *testing.T) {
	for _, s := range []string{
		`""`, `"x"`, `"\"\\\/\b\f\n\r\t"`, `"\u00e9\u00E9"`, `"\ud83d\ude00"`, `"\ud800"`, `"\ud800x"`, `"\udc00\ud800"`,
		`"\ud800\u0041"`, `"\ud800\ud800\udc00"`, "\"\xff\"", "\"a\xc3\"", "\"\xed\xa0\x80\"", `"\u0000"`,
	} {
		checkRawString(t, []byte(s))
	}
}

func FuzzRawString(f *testing.F) {
	for _, s := range []string{`"x"`, `"\ud83d\ude00"`, `"\ud800"`, "\"\xff\\n\"", `"\u00e9"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 || b[0] != '"' || !json.Valid(b) {
			return
		}
		checkRawString(t, b)
	})
}

func checkRawString(t *testing.T, b []byte) {
	t.Helper()
	var want string
	require.NoError(t, json.Unmarshal(b, &want), "%q", b)
	end := len(bytes.TrimRight(b, " \t\r\n"))
	r := jsonscan.NewReader(b)
	assert.Equal(t, want, string(r.RawString()), "%q", b)
	assert.Equal(t, end, r.Pos(), "%q", b)
	r = jsonscan.NewReader(b)
	r.Skip()
	assert.Equal(t, end, r.Pos(), "Skip, %q", b)
}

func TestMembers(t *testing.T) {
	names := []string{"a", "b", "c"}
	tests := []struct {
		name      string
		json      string
		unknownOK bool
		want      []string // the value at each name's offset; "" for none
		key       string
		stop      jsonscan.MemberStop
	}{
		{"every member", `{"c":3,"a":"x","b":null}`, false, []string{`"x"`, "null", "3"}, "", jsonscan.AllMembers},
		{"some members", `{ "b" : [1] }`, false, []string{"", "[1]", ""}, "", jsonscan.AllMembers},
		{"empty", `{}`, false, []string{"", "", ""}, "", jsonscan.AllMembers},
		{"unknown ignored", `{"z":{"a":1},"a":1,"z":2}`, true, []string{"1", "", ""}, "", jsonscan.AllMembers},
		{"unknown stops", `{"a":1,"z":2,"a":3}`, false, nil, "z", jsonscan.UnknownMember},
		{"repeated stops, null counts", `{"b":null,"z":2,"b":1}`, true, nil, "b", jsonscan.RepeatedMember},
		{"repeated before unknown", `{"a":1,"a":2,"z":3}`, false, nil, "a", jsonscan.RepeatedMember},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(tc.json)
			r := jsonscan.NewReader(in)
			var at [3]int
			key, stop := r.Members(names, at[:], tc.unknownOK)
			assert.Equal(t, tc.stop, stop)
			assert.Equal(t, tc.key, string(key))
			if stop != jsonscan.AllMembers {
				return
			}
			assert.Equal(t, len(in), r.Pos(), "the reader is after the object")
			for k, want := range tc.want {
				if want == "" {
					assert.Equal(t, -1, at[k], names[k])
					continue
				}
				v := r.At(at[k])
				start := v.Pos()
				v.Skip()
				assert.Equal(t, want, string(in[start:v.Pos()]), names[k])
			}
		})
	}
}
