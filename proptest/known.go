package proptest

import (
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// disagreement is a difference between the engine and the behaviour of
// record that has been reported and not fixed yet. The suite skips exactly
// the check it describes, so that the rest keeps running (with skipKnown,
// on unless a test turns it off). Each is written up with a minimal trace (docs/TRACE.md).
type disagreement struct {
	Name string
	// Rule is the rule, or the decision of docs/ARCHITECTURE.md, whose letter
	// the engine departs from.
	Rule string
	// Restore is true when only the comparison of the engine with a machine
	// restored from its snapshot is skipped; otherwise the input is.
	Restore bool
	// Applies reports whether the input about to be given at now hits it,
	// from the model's facts before the input.
	Applies func(m *model, in lifecycle.Input, now time.Time) bool
}

// knownDisagreements are the reported disagreements not fixed yet. The
// ones this suite found so far (end times past 2262, resumes wrapped by the
// latest resume's flag, a stale hold reconnecting the main call, a refused
// auto-move still holding the main call, the snapshot without the active
// hold, a stale last hold keeping the join, a return stuck with its main
// call connected, left checked after time and fields, one effect of a kind
// in flight) were fixed in the engine before this package was committed.
var knownDisagreements = []disagreement{}

// knownDisagreement names the reported disagreement an input hits, or "".
// restore says which kind of disagreement is asked about.
func knownDisagreement(m *model, st step, restore bool) string {
	for _, k := range knownDisagreements {
		if k.Restore == restore && k.Applies(m, st.in, st.now) {
			return k.Name
		}
	}
	return ""
}
