package rule

import (
	"fmt"
	"testing"
)

// The constants here are named as errcodes.Rule prints them, in the rulebook's order.
func TestRulesAreNamedAsErrcodesNamesThem(t *testing.T) {
	want := []string{"R1", "R2", "R3", "R4", "R4a", "R5", "R6", "R7", "R8", "R9", "R9a", "R10", "R11", "R12",
		"R13", "R14", "R15", "R16", "R17", "R18", "R19", "R20", "R21", "R22", "R23", "R24", "R25"}
	all := All()
	if len(all) != len(want) {
		t.Fatalf("%d rules, want %d", len(all), len(want))
	}
	for i, r := range all {
		if r.String() != want[i] || !Valid(r) {
			t.Errorf("rule %d is %s (valid %v), want %s", i, r, Valid(r), want[i])
		}
		if p, ok := Parse(want[i]); !ok || p != r {
			t.Errorf("Parse(%q) = %v, %v", want[i], p, ok)
		}
	}
	for _, bad := range []string{"", "R0", "R26", "r5", fmt.Sprint(Invalid)} {
		if _, ok := Parse(bad); ok {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	if Valid(Invalid) || Valid(end) {
		t.Error("Invalid and end are not rules")
	}
}
