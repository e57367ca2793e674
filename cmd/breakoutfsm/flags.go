package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// intFlag is an int flag that takes only whole numbers from min to max, and
// says so, naming the bound, when given anything else ("1e8", "-3",
// "100000000").
type intFlag struct {
	n, min, max int
	what        string // what the number counts, for the message
}

func (f *intFlag) String() string {
	if f == nil {
		return "0"
	}
	return strconv.Itoa(f.n)
}

func (f *intFlag) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < f.min || n > f.max {
		return fmt.Errorf("want a whole number of %s from %d to %d, got %q", f.what, f.min, f.max, s)
	}
	f.n = n
	return nil
}

// probabilityFlag is a float flag that takes only a probability: a finite
// number from 0 to 1 (NaN and the infinities are refused).
type probabilityFlag struct{ p float64 }

func (f *probabilityFlag) String() string {
	if f == nil {
		return "0"
	}
	return strconv.FormatFloat(f.p, 'g', -1, 64)
}

func (f *probabilityFlag) Set(s string) error {
	p, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(p) || math.IsInf(p, 0) || p < 0 || p > 1 {
		return fmt.Errorf("want a probability, a number from 0 to 1, got %q", s)
	}
	f.p = p
	return nil
}

// byteSizeFlag is a size in bytes, given as a whole number with an optional
// unit (KiB, MiB, GiB, or k, M, G for the same powers of 1024), from min to
// max.
type byteSizeFlag struct{ n, min, max int64 }

func (f *byteSizeFlag) String() string {
	if f == nil {
		return "0"
	}
	return formatBytes(f.n)
}

func (f *byteSizeFlag) Set(s string) error {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"k", 1 << 10}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 || n > f.max/mult || n*mult < f.min {
		return fmt.Errorf("want a size from %s to %s, such as 1MiB or 65536, got %q", formatBytes(f.min), formatBytes(f.max), s)
	}
	f.n = n * mult
	return nil
}

// formatBytes writes a size in the largest unit that divides it.
func formatBytes(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return strconv.FormatInt(n>>30, 10) + "GiB"
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + "MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + "KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
