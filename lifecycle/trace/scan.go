package trace

import (
	"math"
	"strconv"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// This file is a copy of the JSON walker, RFC 3339 reader and JSON string
// writer of lifecycle/decode.go, which the lifecycle package cannot export
// without widening its API and this package cannot import unexported. Keep
// the two in step (TestAtAndRoomEndTimeAgree checks the date-times); moving
// both into one internal package under lifecycle/ would end the copy.

// lineReader walks JSON that json.Valid has accepted. Because the input is
// known to be valid, it needs no syntax checks of its own: it only has to
// find where values start and end.
type lineReader struct {
	b []byte
	i int
}

func (r *lineReader) skipSpace() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// peek returns the first byte of the value at the read position.
func (r *lineReader) peek() byte { return r.b[r.i] }

// typeName names the JSON type of the value at the read position, for error
// messages.
func (r *lineReader) typeName() string {
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

// enter steps into the object or array at the read position.
func (r *lineReader) enter() { r.i++ }

// nextKey moves to the next member of the object being read and returns its
// key, leaving the read position at the member's value, which the caller must
// read or skip. It returns false after the object's last member.
func (r *lineReader) nextKey() ([]byte, bool) {
	r.skipSpace()
	switch r.b[r.i] {
	case '}':
		r.i++
		return nil, false
	case ',':
		r.i++
		r.skipSpace()
	}
	key := r.rawString()
	r.skipSpace()
	r.i++ // ':'
	r.skipSpace()
	return key, true
}

// nextElement moves to the next element of the array being read; it returns
// false after the array's last element.
func (r *lineReader) nextElement() bool {
	r.skipSpace()
	switch r.b[r.i] {
	case ']':
		r.i++
		return false
	case ',':
		r.i++
		r.skipSpace()
	}
	return true
}

// skip steps over the value at the read position.
func (r *lineReader) skip() {
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

func (r *lineReader) skipString() {
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

// rawString reads the string at the read position and returns its value. The
// result aliases the input when the string needs no decoding.
func (r *lineReader) rawString() []byte {
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
	return unescapeJSONString(s)
}

// unescapeJSONString decodes the body of a valid JSON string as encoding/json
// does: invalid UTF-8 and unpaired surrogates become U+FFFD.
func unescapeJSONString(s []byte) []byte {
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

// str reads the string at the read position.
func (r *lineReader) str() string { return string(r.rawString()) }

// boolean reads the true or false at the read position.
func (r *lineReader) boolean() bool {
	if r.b[r.i] == 't' {
		r.i += 4
		return true
	}
	r.i += 5
	return false
}

// number reads the number at the read position as a float64. ok is false
// when it is beyond the float64 range.
func (r *lineReader) number() (f float64, ok bool) {
	start := r.i
	r.skip()
	f, err := strconv.ParseFloat(string(r.b[start:r.i]), 64)
	if err != nil && (math.IsInf(f, 0) || math.IsNaN(f)) {
		return 0, false
	}
	return f, true
}

// parseDateTime reads an RFC 3339 date-time,
//
//	YYYY-MM-DD "T" hh:mm:ss [ "." digits ] ( "Z" | ("+" | "-") hh:mm )
//
// with T and Z in either case (RFC 3339 §5.6), and returns it in UTC. Digits
// after the ninth of the fraction are truncated. When offsetOptional is true
// the offset may be left out, meaning UTC. A leap second (:60) is refused:
// time.Time cannot hold one. time.Parse is not used because it is laxer than
// RFC 3339 (it takes one-digit hours, a comma before the fraction and offsets
// of 24 hours or more).
func parseDateTime(s []byte, offsetOptional bool) (time.Time, bool) {
	if len(s) < len("2006-01-02T15:04:05") {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range s[i : i+n] {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, minute, sec := num(11, 2), num(14, 2), num(17, 2)
	if year < 0 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':' ||
		month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	rest := s[19:]
	nsec := 0
	if len(rest) > 0 && rest[0] == '.' {
		n := 1
		scale := int(time.Second)
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			if scale > 1 {
				scale /= 10
				nsec += int(rest[n]-'0') * scale
			}
			n++
		}
		if n == 1 {
			return time.Time{}, false
		}
		rest = rest[n:]
	}
	offset := 0
	switch {
	case len(rest) == 0:
		if !offsetOptional {
			return time.Time{}, false
		}
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	case len(rest) == len("+07:00") && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, om := num(len(s)-5, 2), num(len(s)-2, 2) // rest is the last 6 bytes
		if oh < 0 || oh > 23 || om < 0 || om > 59 {
			return time.Time{}, false
		}
		offset = (oh*60 + om) * 60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	return t.Add(-time.Duration(offset) * time.Second), true
}

func daysInMonth(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// appendJSONString writes s as a JSON string. Invalid UTF-8 is written as
// U+FFFD, as encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
