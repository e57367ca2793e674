package lifecycle

import "time"

// Role is the local participant's role in the meeting.
type Role uint8

// Roles. A manager is an M365 organizer, co-organizer or listed breakout room
// manager; everyone else, every ACS identity included, is an attendee.
const (
	RoleInvalid Role = iota
	Attendee
	Manager
)

// MeetingKind says whether the call is a Teams meeting.
type MeetingKind uint8

// Meeting kinds. Breakout rooms exist only in Teams meetings.
const (
	MeetingInvalid MeetingKind = iota
	MeetingTeams
	MeetingOther
)

// Config is what a participant machine is created with.
type Config struct {
	Role           Role
	Meeting        MeetingKind
	FeatureEnabled bool
	// AutoMoveDelay is how long after an open auto-move assignment the move
	// starts (the SDK's autoMoveInMilliSeconds, 3000 ms by default).
	AutoMoveDelay time.Duration
	// HangUpDelay is how long after a re-assigned join connects the previous
	// room's call is hung up (hangUpCallDelayInMilliSeconds, 5000 ms).
	HangUpDelay time.Duration
	// RoomEndGrace is how long after roomEndTime the machine returns on its
	// own when no close was seen (5000 ms).
	RoomEndGrace time.Duration
}

// Default delays, as the SDK's default configuration has them.
const (
	DefaultAutoMoveDelay = 3000 * time.Millisecond
	DefaultHangUpDelay   = 5000 * time.Millisecond
	DefaultRoomEndGrace  = 5000 * time.Millisecond
)

// DefaultConfig is an attendee in a Teams meeting with the feature enabled and
// the SDK's default delays.
func DefaultConfig() Config {
	return Config{
		Role:           Attendee,
		Meeting:        MeetingTeams,
		FeatureEnabled: true,
		AutoMoveDelay:  DefaultAutoMoveDelay,
		HangUpDelay:    DefaultHangUpDelay,
		RoomEndGrace:   DefaultRoomEndGrace,
	}
}
