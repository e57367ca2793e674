package trace_test

import (
	"fmt"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/trace"
)

// A service records a participant's trace as it feeds the machine: the
// config first, then each input with its time, one line each.
func Example() {
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	config, err := trace.FormatConfig(nil, lifecycle.DefaultConfig())
	if err != nil {
		panic(err)
	}
	fmt.Println(string(config))
	for _, in := range []lifecycle.Input{
		{Kind: lifecycle.InputJoin},
		{Kind: lifecycle.InputTick},
	} {
		line, err := trace.FormatLine(&at, in)
		if err != nil {
			panic(err)
		}
		fmt.Println(string(line))
		at = at.Add(time.Second)
	}
	// Output:
	// {"config":{"role":"attendee","meeting":"teams","featureEnabled":true,"autoMoveDelayMs":3000,"hangUpDelayMs":5000,"roomEndGraceMs":5000}}
	// {"at":"2026-01-05T10:00:00Z","action":"join"}
	// {"at":"2026-01-05T10:00:01Z","tick":true}
}
