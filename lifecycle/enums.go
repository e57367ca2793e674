package lifecycle

import "fmt"

// Position is the coarse state every user sees.
type Position uint8

// Positions. The zero value is invalid.
const (
	PositionInvalid Position = iota
	PositionMain
	PositionAssigned
	PositionJoining
	PositionInRoom
	PositionReturning
	PositionLeft
	positionEnd
)

var positionNames = [positionEnd]string{"Position(0)", "main", "assigned", "joining", "in_room", "returning", "left"}

func (p Position) String() string { return enumName(positionNames[:], uint8(p), "Position") }

// AllPositions lists every valid position.
func AllPositions() []Position { return enumAll[Position](uint8(positionEnd)) }

// State is the fine state of a participant machine. Each state has exactly
// one position.
type State uint8

// States. Reassigned and Switching are the two halves of a re-assignment
// while in a room (R13): another open room is assigned and waits for its
// move, then its join is in flight while the participant is still in the
// old room.
const (
	StateInvalid     State = iota
	StateMain              // in the main meeting, nothing assigned
	StateAssigned          // in the main meeting, a room assigned
	StateJoining           // joining a room from the main meeting
	StateInRoom            // in a breakout room
	StateReassigned        // in a breakout room, another open room assigned
	StateSwitching         // in a breakout room, joining the newly assigned one
	StateReturning         // on the way back to the main meeting
	StateLeft              // left the meeting: terminal
	StateUnavailable       // R1: no breakout rooms in this call; every input is refused
	stateEnd
)

var stateNames = [stateEnd]string{"State(0)", "main", "assigned", "joining", "in_room", "reassigned", "switching", "returning", "left", "unavailable"}

var statePositions = [stateEnd]Position{
	PositionInvalid, PositionMain, PositionAssigned, PositionJoining, PositionInRoom,
	PositionInRoom, PositionJoining, PositionReturning, PositionLeft, PositionMain,
}

func (s State) String() string { return enumName(stateNames[:], uint8(s), "State") }

// Position is the coarse position the state belongs to.
func (s State) Position() Position {
	if s >= stateEnd {
		return PositionInvalid
	}
	return statePositions[s]
}

// AllStates lists every valid state.
func AllStates() []State { return enumAll[State](uint8(stateEnd)) }

var inputNames = [inputCount]string{
	"Input(0)",
	"assignedBreakoutRooms", "breakoutRoomsSettings", "breakoutRooms", "joinEvent",
	"join", "returnToMainMeeting", "hangUpBreakout", "resumeMain", "leaveMeeting",
	"holdMainOk", "holdMainFailed", "joinBreakoutOk", "joinBreakoutFailed",
	"hangUpMainOk", "hangUpMainFailed", "hangUpBreakoutOk", "hangUpBreakoutFailed",
	"resumeMainOk", "resumeMainFailed", "rejoinMainOk", "rejoinMainFailed",
	"tick", "meetingEnded",
	"autoMoveDue", "hangUpPreviousDue", "closingSoonDue", "roomEndDue",
}

func (k InputKind) String() string { return enumName(inputNames[:], uint8(k), "InputKind") }

// AllInputKinds lists every valid input kind, the timer firings included.
func AllInputKinds() []InputKind { return enumAll[InputKind](uint8(inputCount)) }

// IsOutcome reports whether the input is the outcome of an effect.
func (k InputKind) IsOutcome() bool { return k >= InputHoldMainOK && k <= InputRejoinMainFailed }

// IsTimer reports whether the input is a timer firing (produced by a tick).
func (k InputKind) IsTimer() bool { return k >= InputAutoMoveDue && k <= InputRoomEndDue }

// IsSDKEvent reports whether the input is one of the SDK's events.
func (k InputKind) IsSDKEvent() bool { return k >= InputAssignedRoom && k <= InputJoinEvent }

// IsAction reports whether the input is a user action.
func (k InputKind) IsAction() bool { return k >= InputJoin && k <= InputLeaveMeeting }

var roomStateNames = [...]string{"RoomState(0)", "open", "closed"}

func (s RoomState) String() string { return enumName(roomStateNames[:], uint8(s), "RoomState") }

var roleNames = [...]string{"Role(0)", "attendee", "manager"}

func (r Role) String() string { return enumName(roleNames[:], uint8(r), "Role") }

var meetingNames = [...]string{"MeetingKind(0)", "teams", "other"}

func (m MeetingKind) String() string { return enumName(meetingNames[:], uint8(m), "MeetingKind") }

var identifierNames = [...]string{"IdentifierKind(0)", "communicationUser", "microsoftTeamsUser", "phoneNumber", "microsoftTeamsApp", "unknown"}

func (k IdentifierKind) String() string {
	return enumName(identifierNames[:], uint8(k), "IdentifierKind")
}

var endTimeNames = [...]string{"absent", "empty", "string", "attemptTimestamp", "deltaTimeInMs", "emptyAttemptTimestamp", "emptyDeltaTimeInMs"}

func (k EndTimeKind) String() string { return enumName(endTimeNames[:], uint8(k), "EndTimeKind") }

// Timer names a pending timer.
type Timer uint8

// Timers, in the order they fire when due at the same time.
const (
	TimerInvalid        Timer = iota
	TimerAutoMove             // the auto-move into an open room (R3, R13)
	TimerHangUpPrevious       // the hang-up of the previous room's call after a re-assignment (R13)
	TimerClosingSoon          // 30 s before the room's end time (R11)
	TimerRoomEnd              // the room's end time plus the grace (R11, R12)
	timerEnd
)

const timerCount = int(timerEnd)

var timerNames = [timerEnd]string{"Timer(0)", "autoMove", "hangUpPrevious", "closingSoon", "roomEnd"}

func (t Timer) String() string { return enumName(timerNames[:], uint8(t), "Timer") }

// AllTimers lists every valid timer in firing order.
func AllTimers() []Timer { return enumAll[Timer](uint8(timerEnd)) }

func (t Timer) due() InputKind {
	switch t {
	case TimerAutoMove:
		return InputAutoMoveDue
	case TimerHangUpPrevious:
		return InputHangUpPreviousDue
	case TimerClosingSoon:
		return InputClosingSoonDue
	case TimerRoomEnd:
		return InputRoomEndDue
	}
	return InputInvalid
}

// Notification is one of the UI library's breakout-room notification targets.
type Notification uint8

// Notifications, in the order dismissals are listed.
const (
	NotificationInvalid     Notification = iota
	NotifyOpened                         // assignedBreakoutRoomOpened
	NotifyOpenedPromptJoin               // assignedBreakoutRoomOpenedPromptJoin
	NotifyChanged                        // assignedBreakoutRoomChanged
	NotifyChangedPromptJoin              // assignedBreakoutRoomChangedPromptJoin
	NotifyClosed                         // assignedBreakoutRoomClosed
	NotifyJoined                         // breakoutRoomJoined
	NotifyClosingSoon                    // breakoutRoomClosingSoon
	notificationEnd
)

var notificationNames = [notificationEnd]string{
	"Notification(0)",
	"assignedBreakoutRoomOpened", "assignedBreakoutRoomOpenedPromptJoin",
	"assignedBreakoutRoomChanged", "assignedBreakoutRoomChangedPromptJoin",
	"assignedBreakoutRoomClosed", "breakoutRoomJoined", "breakoutRoomClosingSoon",
}

func (n Notification) String() string {
	return enumName(notificationNames[:], uint8(n), "Notification")
}

// AllNotifications lists every valid notification target.
func AllNotifications() []Notification { return enumAll[Notification](uint8(notificationEnd)) }

// EffectKind says what the host must do.
type EffectKind uint8

// Effect kinds: the call effects, then notifications, then timers.
const (
	EffectInvalid EffectKind = iota
	EffectHoldMain
	EffectJoinBreakout
	EffectHangUpMain
	EffectHangUpBreakout
	EffectResumeMain
	EffectRejoinMain
	EffectNotify
	EffectDismiss
	EffectSchedule
	EffectCancel
	effectEnd
)

var effectNames = [effectEnd]string{
	"EffectKind(0)", "holdMain", "joinBreakout", "hangUpMain", "hangUpBreakout", "resumeMain", "rejoinMain",
	"notify", "dismiss", "schedule", "cancel",
}

func (k EffectKind) String() string { return enumName(effectNames[:], uint8(k), "EffectKind") }

// AllEffectKinds lists every valid effect kind.
func AllEffectKinds() []EffectKind { return enumAll[EffectKind](uint8(effectEnd)) }

// IsCall reports whether the effect acts on a call.
func (k EffectKind) IsCall() bool { return k >= EffectHoldMain && k <= EffectRejoinMain }

func enumName(names []string, v uint8, typ string) string {
	if v == 0 || int(v) >= len(names) {
		return fmt.Sprintf("%s(%d)", typ, v)
	}
	return names[v]
}

func enumAll[E ~uint8](end uint8) []E {
	out := make([]E, 0, end)
	for v := uint8(1); v < end; v++ {
		out = append(out, E(v))
	}
	return out
}
