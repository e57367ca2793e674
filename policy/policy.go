package policy

import "github.com/breakoutfsm/breakoutfsm/errcodes"

// Gate is R1: a participant machine exists only in a Teams meeting with the
// feature enabled. It is 0 when one does, and otherwise the subcode every
// input gets: 46251 (errcodes.Disabled) when the feature is disabled,
// checked first as the SDK does, else 46250
// (errcodes.OnlyAvailableInMeetings).
func Gate(teamsMeeting, featureEnabled bool) errcodes.Subcode {
	switch {
	case !featureEnabled:
		return errcodes.Disabled
	case !teamsMeeting:
		return errcodes.OnlyAvailableInMeetings
	}
	return 0
}

// ReturnAllowedBy is R15's reading of the settings: a return is allowed only
// when disableReturnToMainMeeting is exactly false. Until settings say so it
// is not allowed: the SDK derives the flag as "not explicitly allowed", and
// the UI library's desktop control bar offers "Leave room" only then.
func ReturnAllowedBy(hasDisable, disable bool) bool { return hasDisable && !disable }
