package sim

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// Write prints the summary for a person to read at a glance.
func (s *Summary) Write(w io.Writer, cfg Config) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	p := func(format string, a ...any) { fmt.Fprintf(tw, format, a...) }
	p("breakoutfsm simulate: %d meeting(s) x %d participants, %d rooms, faults %g, %s, seed %d\n\n",
		cfg.Meetings, cfg.Participants, cfg.Rooms, cfg.Faults, cfg.Duration, cfg.Seed)
	p("inputs\t%d meeting inputs, %d delivered to participants\n", s.Inputs, s.Deliveries)
	p("moves\t%d arrivals in a room, %d returns to the main meeting\n\n", s.Moves, s.Returns)
	p("position\treached\tat the end\n")
	for _, pos := range lifecycle.AllPositions() {
		p("%s\t%d\t%d\n", pos, s.Reached[pos.String()], s.Final[pos.String()])
	}
	p("\n")
	p("refusals\t%s\n", counts(s.Refusals))
	p("failure reports\t%s\n", counts(s.Reports))
	p("faults injected\t%s\n", counts(s.Faults))
	total := 0
	for _, v := range s.Faults {
		total += v
	}
	p("faults recovered\t%d recovered, %d not (of %d injected; unreadable events and repeats need no recovery)\n",
		s.FaultsRecovered, s.FaultsUnrecovered, total)
	if s.OK() {
		p("invariants\tevery invariant held after every input\n")
	} else {
		p("invariants\tBROKEN %d times; first ones:\n", s.ViolationsTotal)
		for _, v := range s.Violations {
			p("\t%s\n", v)
		}
	}
	return tw.Flush()
}

func counts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	parts := make([]string, 0, len(m))
	for _, k := range sortedKeys(m) {
		parts = append(parts, fmt.Sprintf("%s: %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
