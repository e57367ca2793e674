package jsonscan

import (
	"math"
	"strconv"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Reader walks JSON that json.Valid has accepted. Because the input is known
// to be valid, it needs no syntax checks of its own: it only has to find
// where values start and end. Given input json.Valid has not accepted, its
// methods may panic.
//
// The read position is where the next value starts; a value is read with
// the method for its type (after Peek or TypeName has told the type), or
// stepped over with Skip.
type Reader struct {
	b []byte
	i int
}

// NewReader returns a Reader at the start of b.
func NewReader(b []byte) Reader { return Reader{b: b} }

// At returns a Reader of the same input at offset i, an offset that Pos
// returned at the start of a value.
func (r *Reader) At(i int) Reader { return Reader{b: r.b, i: i} }

// Pos returns the read position, an offset in the input.
func (r *Reader) Pos() int { return r.i }

// SkipSpace steps over JSON white space.
func (r *Reader) SkipSpace() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// Peek returns the first byte of the value at the read position: '{', '[',
// '"', 't', 'f', 'n', or the first byte of a number.
func (r *Reader) Peek() byte { return r.b[r.i] }

// TypeName names the JSON type of the value at the read position, for error
// messages: "an object", "an array", "an empty string", "a string",
// "a boolean", "null" or "a number".
func (r *Reader) TypeName() string {
	switch r.b[r.i] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		if r.b[r.i+1] == '"' {
			return "an empty string"
		}
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// Enter steps into the object or array at the read position.
func (r *Reader) Enter() { r.i++ }

// NextKey moves to the next member of the object being read and returns its
// key, leaving the read position at the member's value, which the caller must
// read or skip. It returns false after the object's last member. The key
// aliases the input when it needs no decoding.
func (r *Reader) NextKey() ([]byte, bool) {
	r.SkipSpace()
	switch r.b[r.i] {
	case '}':
		r.i++
		return nil, false
	case ',':
		r.i++
		r.SkipSpace()
	}
	key := r.RawString()
	r.SkipSpace()
	r.i++ // ':'
	r.SkipSpace()
	return key, true
}

// NextElement moves to the next element of the array being read; it returns
// false after the array's last element.
func (r *Reader) NextElement() bool {
	r.SkipSpace()
	switch r.b[r.i] {
	case ']':
		r.i++
		return false
	case ',':
		r.i++
		r.SkipSpace()
	}
	return true
}

// MemberStop says where Members stopped.
type MemberStop uint8

// Where Members stops.
const (
	AllMembers     MemberStop = iota // after the object: every member was read
	RepeatedMember                   // at a member whose name was given before
	UnknownMember                    // at a member whose name is not in the list
)

// Members reads the object at the read position, noting where each named
// member's value starts: at[k] is the offset of the value of the member
// named names[k] (for At), or -1 when the object has no such member; a null
// value counts as given. It stops at the first member whose name was given
// before, and, unless unknownOK, at the first member whose name is not in
// names, returning the member's key; the read position is then that
// member's value. at must be as long as names.
func (r *Reader) Members(names []string, at []int, unknownOK bool) ([]byte, MemberStop) {
	for k := range at {
		at[k] = -1
	}
	r.Enter()
	for {
		key, more := r.NextKey()
		if !more {
			return nil, AllMembers
		}
		k := 0
		for k < len(names) && string(key) != names[k] {
			k++
		}
		switch {
		case k == len(names):
			if !unknownOK {
				return key, UnknownMember
			}
		case at[k] >= 0:
			return key, RepeatedMember
		default:
			at[k] = r.i
		}
		r.Skip()
	}
}

// Skip steps over the value at the read position.
func (r *Reader) Skip() {
	switch r.b[r.i] {
	case '"':
		r.skipString()
	case '{', '[':
		depth := 0
		for {
			switch r.b[r.i] {
			case '"':
				r.skipString()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					r.i++
					return
				}
			}
			r.i++
		}
	default: // a number, true, false or null
		for r.i < len(r.b) {
			switch r.b[r.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return
			}
			r.i++
		}
	}
}

func (r *Reader) skipString() {
	r.i++
	for {
		switch r.b[r.i] {
		case '"':
			r.i++
			return
		case '\\':
			r.i += 2
		default:
			r.i++
		}
	}
}

// RawString reads the string at the read position and returns its value,
// decoded as encoding/json decodes it: invalid UTF-8 and unpaired UTF-16
// surrogates become U+FFFD. The result aliases the input when the string
// needs no decoding.
func (r *Reader) RawString() []byte {
	start := r.i + 1
	escaped, high := false, false
	i := start
	for {
		c := r.b[i]
		if c == '"' {
			break
		}
		if c == '\\' {
			escaped = true
			i += 2
			continue
		}
		if c >= utf8.RuneSelf {
			high = true
		}
		i++
	}
	r.i = i + 1
	s := r.b[start:i]
	if !escaped && (!high || utf8.Valid(s)) {
		return s
	}
	return unescape(s)
}

// unescape decodes the body of a valid JSON string as encoding/json does:
// invalid UTF-8 and unpaired surrogates become U+FFFD.
func unescape(s []byte) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			e := s[i+1]
			i += 2
			switch e {
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r := hex4(s[i:])
				i += 4
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
						r2 = hex4(s[i+2:])
					}
					if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
						out = utf8.AppendRune(out, dec)
						i += 6
						continue
					}
					r = unicode.ReplacementChar
				}
				out = utf8.AppendRune(out, r)
			default: // '"', '\\', '/'
				out = append(out, e)
			}
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				out = utf8.AppendRune(out, unicode.ReplacementChar)
			} else {
				out = append(out, s[i:i+size]...)
			}
			i += size
		}
	}
	return out
}

// hex4 reads the four hex digits that valid JSON puts after \u.
func hex4(s []byte) rune {
	var r rune
	for _, c := range s[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		default:
			c = c - 'A' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// Str reads the string at the read position, as RawString does, into a
// string of its own.
func (r *Reader) Str() string { return string(r.RawString()) }

// Bool reads the true or false at the read position.
func (r *Reader) Bool() bool {
	if r.b[r.i] == 't' {
		r.i += 4
		return true
	}
	r.i += 5
	return false
}

// Number reads the number at the read position as a float64; text is the
// number as written, aliasing the input. ok is false when the number is
// beyond the float64 range (1e400); a number too small for it (1e-400) is 0.
func (r *Reader) Number() (f float64, text []byte, ok bool) {
	start := r.i
	r.Skip()
	text = r.b[start:r.i]
	f, err := strconv.ParseFloat(string(text), 64)
	if err != nil && (math.IsInf(f, 0) || math.IsNaN(f)) {
		return 0, text, false
	}
	return f, text, true
}
