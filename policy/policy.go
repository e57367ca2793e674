package policy

// GateResult is what R1's feature gate says of a call.
type GateResult uint8

// The gate's answers. The zero value is invalid.
const (
	GateInvalid         GateResult = iota
	GateOpen                       // a Teams meeting with the feature enabled: machines exist
	GateFeatureDisabled            // the breakout rooms feature is disabled (46251)
	GateNotTeamsMeeting            // the call is not a Teams meeting (46250)
)

var gateNames = [...]string{"GateResult(0)", "open", "featureDisabled", "notTeamsMeeting"}

func (g GateResult) String() string {
	if int(g) < len(gateNames) {
		return gateNames[g]
	}
	return "GateResult(?)"
}

// Gate is R1: a participant machine exists only in a Teams meeting with the
// feature enabled. The feature flag is checked first, as the SDK does.
func Gate(teamsMeeting, featureEnabled bool) GateResult {
	switch {
	case !featureEnabled:
		return GateFeatureDisabled
	case !teamsMeeting:
		return GateNotTeamsMeeting
	}
	return GateOpen
}

// ReturnAllowedBy is R15's reading of the settings: a return is allowed only
// when disableReturnToMainMeeting is exactly false. Until settings say so it
// is not allowed: the SDK derives the flag as "not explicitly allowed", and
// the UI library's desktop control bar offers "Leave room" only then.
func ReturnAllowedBy(hasDisable, disable bool) bool { return hasDisable && !disable }
