package sim

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// unrecoveredShown is how many participants with faults not recovered the
// summary names.
const unrecoveredShown = 10

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
	counts(p, "refusals", "inputs refused: nothing changed", s.Refusals)
	counts(p, "failure reports", "inputs taken: an effect failed and the participant was told", s.Reports)
	counts(p, "faults injected", "", s.Faults)

	need := s.FaultsRecovered + s.FaultsUnrecovered
	p("faults recovered\t%d of the %d faults that need recovering (failed effects and lost close events;\n", s.FaultsRecovered, need)
	p("\tunreadable events and repeated settings need none); a fault is recovered when its participant\n")
	p("\tnext settles in main, assigned or in_room with no error\n")
	if s.FaultsUnrecovered == 0 {
		p("not recovered\tnone\n")
	} else {
		p("not recovered\t%d: their participants ended the meeting with the fault still open (never settled\n", s.FaultsUnrecovered)
		p("\tafter it, or left first); %d participant(s):\n", len(s.Unrecovered))
		for i, u := range s.Unrecovered {
			if i == unrecoveredShown {
				p("\t  and %d more\n", len(s.Unrecovered)-i)
				break
			}
			p("\t  %s %s (%s)\n", meetingID(u.Meeting), u.Participant, plural(u.Faults, "fault"))
		}
		first := s.Unrecovered[0].TraceFile()
		if cfg.TraceDir != "" {
			p("\treplay one: breakoutfsm replay %s\n", filepath.Join(cfg.TraceDir, first))
		} else {
			p("\treplay one: run again with --trace-out DIR, then breakoutfsm replay DIR/%s:\n", first)
			p("\t  breakoutfsm simulate %s --trace-out DIR\n", flagsOf(cfg))
		}
	}
	check := "incrementally: what each input changed"
	if cfg.Check == CheckFull {
		check = "in full: the whole meeting"
	}
	if s.OK() {
		p("invariants\tevery invariant held after every input (checked %s)\n", check)
	} else {
		p("invariants\tBROKEN %d times (checked %s); first ones:\n", s.ViolationsTotal, check)
		for _, v := range s.Violations {
			p("\t%s\n", v)
		}
	}
	return tw.Flush()
}

// counts writes a heading and one line per key with its count, largest
// first (keys in order among equals).
func counts(p func(string, ...any), heading, about string, m map[string]int) {
	total := 0
	for _, v := range m {
		total += v
	}
	if about != "" {
		about = " (" + about + ")"
	}
	if len(m) == 0 {
		p("%s\tnone%s\n", heading, about)
		return
	}
	p("%s\t%d%s\n", heading, total, about)
	keys := sortedKeys(m)
	for i := 1; i < len(keys); i++ { // a stable insertion sort: a handful of keys
		for j := i; j > 0 && m[keys[j]] > m[keys[j-1]]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	for _, k := range keys {
		p("\t%6d  %s\n", m[k], k)
	}
}

// flagsOf writes the flags that run cfg again.
func flagsOf(cfg Config) string {
	parts := []string{
		fmt.Sprintf("--seed %d", cfg.Seed),
		fmt.Sprintf("--meetings %d", cfg.Meetings),
		fmt.Sprintf("--participants %d", cfg.Participants),
		fmt.Sprintf("--rooms %d", cfg.Rooms),
		fmt.Sprintf("--faults %g", cfg.Faults),
		"--duration " + cfg.Duration.String(),
	}
	if cfg.Check == CheckFull {
		parts = append(parts, "--check full")
	}
	return strings.Join(parts, " ")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
