package main

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIntFlag(t *testing.T) {
	f := &intFlag{n: 5, min: 1, max: 100, what: "rooms"}
	assert.NoError(t, f.Set("100"))
	assert.Equal(t, 100, f.n)
	assert.NoError(t, f.Set(" 1 "))
	assert.Equal(t, 1, f.n)
	for _, bad := range []string{"0", "101", "1e2", "2.5", "", "x", "-1", "99999999999999999999"} {
		err := f.Set(bad)
		if assert.Error(t, err, bad) {
			assert.Contains(t, err.Error(), "want a whole number of rooms from 1 to 100", bad)
		}
		assert.Equal(t, 1, f.n, "a refused value changes nothing")
	}
}

func TestProbabilityFlag(t *testing.T) {
	f := &probabilityFlag{p: 0.5}
	for in, want := range map[string]float64{"0": 0, "1": 1, "0.02": 0.02, "2e-2": 0.02} {
		assert.NoError(t, f.Set(in), in)
		assert.Equal(t, want, f.p, in)
	}
	for _, bad := range []string{"NaN", "nan", "Inf", "+Inf", "-Inf", "infinity", "1.0000001", "-0.1", "x", "0x1p-2p"} {
		assert.Error(t, f.Set(bad), bad)
		assert.False(t, math.IsNaN(f.p) || math.IsInf(f.p, 0))
	}
}

func TestByteSizeFlag(t *testing.T) {
	f := &byteSizeFlag{n: 1 << 20, min: 1 << 10, max: 1 << 30}
	for in, want := range map[string]int64{
		"1MiB": 1 << 20, "64KiB": 64 << 10, "65536": 65536, "4M": 4 << 20, "1k": 1 << 10, "1G": 1 << 30, "1GiB": 1 << 30, "2048B": 2048,
	} {
		assert.NoError(t, f.Set(in), in)
		assert.Equal(t, want, f.n, in)
	}
	for _, bad := range []string{"1023", "2GiB", "1.5MiB", "-1", "MiB", "1TiB", "9223372036854775807G"} {
		err := f.Set(bad)
		if assert.Error(t, err, bad) {
			assert.Contains(t, err.Error(), "want a size from 1KiB to 1GiB", bad)
		}
	}
	assert.Equal(t, "1MiB", formatBytes(1<<20))
	assert.Equal(t, "1025 bytes", formatBytes(1025))
}
