package jsonscan

import "time"

// ParseDateTime reads an RFC 3339 date-time,
//
//	YYYY-MM-DD "T" hh:mm:ss [ "." digits ] ( "Z" | ("+" | "-") hh:mm )
//
// with T and Z in either case (RFC 3339 §5.6), and returns it in UTC. Digits
// after the ninth of the fraction are truncated. When offsetOptional is true
// the offset may be left out, meaning UTC. A leap second (:60) is refused:
// time.Time cannot hold one. time.Parse is not used because it is laxer than
// RFC 3339 (it takes one-digit hours, a comma before the fraction and offsets
// of 24 hours or more).
func ParseDateTime(s []byte, offsetOptional bool) (time.Time, bool) {
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
