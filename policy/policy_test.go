package policy

import (
	"testing"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
)

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
		want           errcodes.Subcode
	}{
		{true, true, 0},
		{false, true, errcodes.OnlyAvailableInMeetings},
		{true, false, errcodes.Disabled},
		{false, false, errcodes.Disabled}, // the flag first, as the SDK does
	} {
		if got := Gate(tc.teams, tc.enabled); got != tc.want {
			t.Errorf("Gate(teams=%v, enabled=%v) = %v, want %v", tc.teams, tc.enabled, got, tc.want)
		}
	}
}
