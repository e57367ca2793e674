package lifecycle

import "time"

// InputKind says what an Input is. The zero value is invalid.
type InputKind uint8

// The inputs a participant machine takes. The first group are the SDK's
// breakoutRoomsUpdated events, then the user's actions, then the outcomes of
// effects the host carried out, then time and the end of the meeting. The last
// four are the timers firing: Apply never takes them directly, a Tick produces
// them in the order they fall due.
const (
	InputInvalid InputKind = iota

	InputAssignedRoom // sdk: assignedBreakoutRooms
	InputSettings     // sdk: breakoutRoomsSettings
	InputRoomList     // sdk: breakoutRooms
	InputJoinEvent    // sdk: join

	InputJoin           // action: BreakoutRoom.join()
	InputReturn         // action: returnToMainMeeting
	InputHangUpBreakout // action: hang up the breakout call (the manual recipe, R15)
	InputResumeMain     // action: resume the main call (the manual recipe, R15)
	InputLeaveMeeting   // action: leave the meeting

	InputHoldMainOK
	InputHoldMainFailed
	InputJoinBreakoutOK
	InputJoinBreakoutFailed
	InputHangUpMainOK
	InputHangUpMainFailed
	InputHangUpBreakoutOK
	InputHangUpBreakoutFailed
	InputResumeMainOK
	InputResumeMainFailed
	InputRejoinMainOK
	InputRejoinMainFailed

	InputTick
	InputMeetingEnded

	InputAutoMoveDue
	InputHangUpPreviousDue
	InputClosingSoonDue
	InputRoomEndDue

	inputCount
)

// RoomState is a breakout room's state as the SDK reports it.
type RoomState uint8

// Room states. The zero value is invalid: the SDK always sends one.
const (
	RoomStateInvalid RoomState = iota
	RoomOpen
	RoomClosed
)

// IdentifierKind is the kind of a CommunicationIdentifier.
type IdentifierKind uint8

// Identifier kinds of @azure/communication-common.
const (
	IdentifierInvalid IdentifierKind = iota
	IdentifierCommunicationUser
	IdentifierMicrosoftTeamsUser
	IdentifierPhoneNumber
	IdentifierMicrosoftTeamsApp
	IdentifierUnknown
)

// Identifier is a CommunicationIdentifier, reduced to its kind and its raw id.
type Identifier struct {
	Kind IdentifierKind
	// IsAnonymous and Cloud are the Teams user's extra fields, when sent.
	IsAnonymous bool
	Cloud       string
	// ID is the kind's own id field: communicationUserId, microsoftTeamsUserId,
	// phoneNumber, teamsAppId or id.
	ID string
	// RawID is the identifier's rawId when the SDK sent one.
	RawID string
}

// Invitee is a participant assigned to a room.
type Invitee struct {
	Identifier Identifier
}

// Room is a BreakoutRoom as the SDK delivers it in an event. The SDK may
// leave out displayName, autoMoveParticipantToBreakoutRoom and invitees;
// each Has field says whether the event carried its field, so that a room
// can be written back as it came (EncodeEvent, snapshots, traces). A field
// the event left out has its zero value: Apply refuses a room whose Has
// field is false while the field carries a value (unknownInput, R24), as
// DecodeEvent could not have produced it.
type Room struct {
	// ThreadID is the room's identity (threadId), never empty.
	ThreadID string
	// DisplayName is displayName, when HasDisplayName.
	DisplayName    string
	HasDisplayName bool
	// State is open or closed.
	State RoomState
	// AutoMove is autoMoveParticipantToBreakoutRoom, when HasAutoMove;
	// absent counts as false.
	AutoMove    bool
	HasAutoMove bool
	// Invitees are the room's invitees, when HasInvitees.
	Invitees    []Invitee
	HasInvitees bool
}

// EndTimeKind says how a settings event gave the room's end time.
type EndTimeKind uint8

// The ways roomEndTime arrives.
const (
	EndTimeAbsent       EndTimeKind = iota // no roomEndTime
	EndTimeEmpty                           // '' (no end time)
	EndTimeString                          // an RFC 3339 date-time
	EndTimeAttempt                         // {"attemptTimestamp": ms since the epoch}
	EndTimeDelta                           // {"deltaTimeInMs": ms from now}
	EndTimeEmptyAttempt                    // {"attemptTimestamp": ''} (no end time)
	EndTimeEmptyDelta                      // {"deltaTimeInMs": ''} (no end time)
)

// Settings is BreakoutRoomsSettings as the SDK delivers it. Either field
// may be absent: HasDisableReturn says whether disableReturnToMainMeeting was
// there (absent counts as true: no return, R15), and EndKind how roomEndTime
// was given (EndTimeAbsent when it was not); the End fields that do not
// belong to EndKind are zero. Apply refuses settings DecodeEvent could not
// have produced (unknownInput, R24).
type Settings struct {
	// DisableReturn is disableReturnToMainMeeting, when HasDisableReturn.
	DisableReturn    bool
	HasDisableReturn bool
	EndKind          EndTimeKind
	// EndText is the string form as sent (EndTimeString).
	EndText string
	// EndNumber is the number as sent (EndTimeAttempt, EndTimeDelta), for
	// comparing repeated settings by their JSON values.
	EndNumber float64
	// EndAt is the end time for EndTimeString and EndTimeAttempt.
	EndAt time.Time
	// Delta is the end time's distance from now for EndTimeDelta (a fraction
	// of a millisecond is truncated).
	Delta time.Duration
}

// Input is one input to a participant machine. Which fields matter depends on
// Kind: Room for InputAssignedRoom (nil means unassigned), Settings for
// InputSettings (nil means undefined), Rooms for InputRoomList (RoomsDefined
// false means undefined), CallID for InputJoinEvent, ThreadID (optional) for
// the joinBreakout and hangUpBreakout outcomes. A machine keeps references to
// the Room, Settings and Rooms it accepts: do not modify them afterwards.
type Input struct {
	Kind         InputKind
	Room         *Room
	Settings     *Settings
	Rooms        []Room
	RoomsDefined bool
	CallID       string
	ThreadID     string
}
