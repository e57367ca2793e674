package policy

import "testing"

func TestR15_ReturnAllowedOnlyWhenExplicitlyFalse(t *testing.T) {
	for _, tc := range []struct {
		has, disable, want bool
	}{{false, false, false}, {false, true, false}, {true, true, false}, {true, false, true}} {
		if got := ReturnAllowedBy(tc.has, tc.disable); got != tc.want {
			t.Errorf("ReturnAllowedBy(has=%v, disable=%v) = %v, want %v", tc.has, tc.disable, got, tc.want)
		}
	}
}

func TestR1_GateChecksTheFeatureFirst(t *testing.T) {
	for _, tc := range []struct {
		teams, enabled bool
		want           GateResult
	}{
		{true, true, GateOpen},
		{false, true, GateNotTeamsMeeting},
		{true, false, GateFeatureDisabled},
		{false, false, GateFeatureDisabled}, // the flag first, as the SDK does
	} {
		if got := Gate(tc.teams, tc.enabled); got != tc.want {
			t.Errorf("Gate(teams=%v, enabled=%v) = %v, want %v", tc.teams, tc.enabled, got, tc.want)
		}
	}
	for g := GateInvalid; g <= GateNotTeamsMeeting+1; g++ {
		if g.String() == "" {
			t.Errorf("gate result %d has no name", g)
		}
	}
}
