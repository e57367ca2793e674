package proptest

import (
	"testing"

	"pgregory.net/rapid"
)

// The suite's properties as fuzz targets: `go test -fuzz=FuzzMachine` lets
// the fuzzer drive rapid's draws. Without -fuzz they run their seeds.

func fuzzProperty(f *testing.F, name string) {
	s, err := newSuite(Lifecycle)
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range s.properties() {
		if p.name == name {
			f.Add(make([]byte, 1<<10)) // every draw its smallest value
			seed := make([]byte, 1<<10)
			for i := range seed {
				seed[i] = byte(i * 37)
			}
			f.Add(seed)
			f.Fuzz(rapid.MakeFuzz(p.fn))
			return
		}
	}
	f.Fatalf("no property %q", name)
}

func FuzzMachine(f *testing.F) { fuzzProperty(f, "machine") }

func FuzzTrace(f *testing.F) { fuzzProperty(f, "trace") }

func FuzzEvents(f *testing.F) { fuzzProperty(f, "events") }
