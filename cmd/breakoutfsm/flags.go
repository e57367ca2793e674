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
