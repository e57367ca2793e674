package errcodes

import (
	"strconv"
)

// Subcode is one of the SDK's breakout-room subcodes (object
// FEATURES.BREAKOUT_ROOMS of @azure/communication-calling 2.0.0). Like
// syscall.Errno it is an error itself, so that
// errors.Is(err, errcodes.JoinFailedRoomClosed) matches an [*Error] carrying it.
type Subcode uint16

// The SDK's breakout-room subcodes. The names follow the SDK's keys (which
// Error prints after the number); 0 is not a subcode.
const (
	OnlyAvailableInMeetings      Subcode = 46250
	Disabled                     Subcode = 46251
	EventSubscribe               Subcode = 46252
	EventUnsubscribe             Subcode = 46253
	JoinFailed                   Subcode = 46254
	MainMeetingHoldFailed        Subcode = 46255
	JoinFailedRoomClosed         Subcode = 46256
	MainMeetingResumeFailed      Subcode = 46257
	UpdateFailed                 Subcode = 46258
	BreakoutHangUpFailed         Subcode = 46259
	URLDoesNotExist              Subcode = 46260
	ReturnToMainMeetingFailed    Subcode = 46261
	AlreadyInMainMeeting         Subcode = 46262
	HangUpExistingBreakoutFailed Subcode = 46263

	firstSubcode = OnlyAvailableInMeetings
	lastSubcode  = HangUpExistingBreakoutFailed
)

// info is one row of the SDK's subcode table, with this project's resolution.
type info struct {
	Subcode Subcode
	// Key is the SDK's own name for the subcode, e.g. "JOIN_FAILED_ROOM_CLOSED".
	Key string
	// Code is the HTTP status code the SDK attaches.
	Code     int
	Category Category
	// Message is the SDK's message, verbatim (typos included: it is the
	// literal text a client receives).
	Message string
	// Resolution says what to do about it, in this project's words.
	Resolution string
	// Thrown reports whether SDK 2.0.0 raises the subcode anywhere. 46252,
	// 46253 and 46259 are defined but never raised.
	Thrown bool
	// Note is a short remark on how the SDK uses the subcode.
	Note string
}

// table holds one row per subcode, indexed by subcode − firstSubcode.
var table = [...]info{
	{
		Subcode:  OnlyAvailableInMeetings,
		Key:      "ONLY_AVAILABLE_IN_MEETINGS",
		Code:     400,
		Category: ExpectedError,
		Message:  "Breakout Rooms feature is only available in Teams meetings.",
		Resolution: "Breakout rooms exist only in Teams meetings: use the feature on a Teams meeting call, " +
			"or give other kinds of call a grouping mechanism of your own.",
		Thrown: true,
		Note:   "Raised when the feature is created on a connected call that is not a scheduled Teams meeting; checked after 46251.",
	},
	{
		Subcode:  Disabled,
		Key:      "DISABLED",
		Code:     405,
		Category: ExpectedError,
		Message:  "Breakout Rooms feature is currently disabled by Azure Communication Services.",
		Resolution: "The service has switched the feature off in its remote configuration; no client change helps. " +
			"Retry later: it may stay off for days.",
		Thrown: true,
		Note:   "Raised when the feature is created while the service's configuration turns it off; checked before 46250.",
	},
	{
		Subcode:  EventSubscribe,
		Key:      "EVENT_SUBSCRIBE",
		Code:     422,
		Category: ExpectedError,
		Message:  "Not able to subscribe to Breakout Rooms event, unknown event name.",
		Resolution: "Subscribe with on('breakoutRoomsUpdated', listener): it is the only event the feature emits, " +
			"and the listener tells the event kinds apart by their type field.",
		Thrown: false,
		Note:   "Defined but never raised by SDK 2.0.0.",
	},
	{
		Subcode:  EventUnsubscribe,
		Key:      "EVENT_UNSUBSCRIBE",
		Code:     422,
		Category: ExpectedError,
		Message:  "Not able to unsubscribe from Breakout Rooms event, unknown event name.",
		Resolution: "Unsubscribe with off('breakoutRoomsUpdated', listener), passing the same listener that was " +
			"subscribed; no other event name exists.",
		Thrown: false,
		Note:   "Defined but never raised by SDK 2.0.0.",
	},
	{
		Subcode:  JoinFailed,
		Key:      "JOIN_FAILED",
		Code:     500,
		Category: UnexpectedServerError,
		Message: "Not able to join Breakout Room due to an unexpected error. Please try again, if the issue persists, " +
			"gather browser console logs and contact Azure Communication Services support.",
		Resolution: "Make sure the assigned room is open, then call join() on it again yourself; auto-move does not retry. " +
			"If joins keep failing, keep the browser console logs and open a case with Azure Communication Services support.",
		Thrown: true,
		Note:   "The SDK wraps every failure of its breakout join in this subcode.",
	},
	{
		Subcode:  MainMeetingHoldFailed,
		Key:      "MAINMEETING_HOLD_FAILED",
		Code:     500,
		Category: UnexpectedServerError,
		Message: "Not able to join Breakout Room as Main meeting hold is failed. Please try again, by calling join() method. " +
			"If the issue persists, gather browser console logs and contact Azure Communication Services support.",
		Resolution: "The main meeting call could not be put on hold, so the move was abandoned. While the room is open, " +
			"call join() again; if holding keeps failing, keep the browser console logs and open a support case.",
		Thrown: true,
		Note:   "Raised inside a hold that join() does not wait for, so join() itself does not reject with it (inferred from the bundle).",
	},
	{
		Subcode:  JoinFailedRoomClosed,
		Key:      "JOIN_FAILED_ROOM_CLOSED",
		Code:     412,
		Category: ExpectedError,
		Message:  "Not able to join Breakout Room as the room is closed. Please check the state of the Breakout Room before calling join.",
		Resolution: "Wait for an assignedBreakoutRooms event whose room state is open, then call join(); " +
			"a closed room cannot be entered.",
		Thrown: true,
		Note:   "Raised by join() when the assigned room's state is not open.",
	},
	{
		Subcode:  MainMeetingResumeFailed,
		Key:      "MAINMEETING_RESUME_FAILED",
		Code:     412,
		Category: UnexpectedServerError,
		Message: "Not able to join back to the Main meeting as the resume failed.Please gather browser console logs and " +
			"contact Azure Communication Services support.",
		Resolution: "Go back by hand: make sure the breakout call is hung up, then resume the held main meeting call " +
			"(or call returnToMainMeeting() again). If resuming keeps failing, keep the console logs and contact support.",
		Thrown: true,
		Note:   "Raised when a manager's held main call cannot be resumed; returnToMainMeeting() re-throws it as 46261.",
	},
	{
		Subcode:  UpdateFailed,
		Key:      "BREAKOUT_ROOMS_UPDATEFAILED",
		Code:     412,
		Category: UnexpectedClientError,
		Message: "Error while trying to update the Breakoutroom details. Please gather browser console logs and " +
			"contact Azure Communication Services support.",
		Resolution: "The update could not be read and was dropped; the room details from before still apply. " +
			"The engine's message names the field at fault; when the SDK itself raises it, keep the browser console " +
			"logs and report it to support.",
		Thrown: true,
		Note:   "Raised for any exception while the SDK processes an update of the call's breakout details.",
	},
	{
		Subcode:  BreakoutHangUpFailed,
		Key:      "BREAKOUT_ROOM_HANGUP_FAILED",
		Code:     500,
		Category: UnexpectedServerError,
		Message:  "Could not hang up the Breakout room call. Please gather browser console logs and contact Azure Communication Services support.",
		Resolution: "Leave by hand: hang up the breakout call again, then return to the main meeting. " +
			"Expect 46263 rather than this subcode from SDK 2.0.0.",
		Thrown: false,
		Note:   "The subcode Microsoft's troubleshooting table gives a failed breakout hang-up; SDK 2.0.0 never raises it and raises 46263 instead.",
	},
	{
		Subcode:  URLDoesNotExist,
		Key:      "BREAKOUT_ROOM_URL_DOESNOT_EXIST",
		Code:     412,
		Category: UnexpectedClientError,
		Message:  "Cannot join Breakout Room as the url is null or empty.Can join BreakoutRoom only when assigned.",
		Resolution: "No room is assigned yet. Wait until assignedBreakoutRooms carries a room, check that it is open, " +
			"then call join().",
		Thrown: true,
		Note:   "Raised by a join with no room link; the join's outer catch then re-wraps it as 46254 (inferred from the bundle).",
	},
	{
		Subcode:  ReturnToMainMeetingFailed,
		Key:      "RETURN_TO_MAINMEETING_FAILED",
		Code:     412,
		Category: UnexpectedClientError,
		Message: "Not able to join the main meeting. Please try again by calling the ReturnToMainMeeting() method. " +
			"If the issue persists, gather browser console logs and contact Azure Communication Services support.",
		Resolution: "Call returnToMainMeeting() again (the engine redoes only the steps still missing); the wrapped " +
			"subcode tells what failed. If returns keep failing, keep the console logs and contact support.",
		Thrown: true,
		Note:   "returnToMainMeeting() re-throws every one of its failures (46257, 46262, …) as this subcode.",
	},
	{
		Subcode:  AlreadyInMainMeeting,
		Key:      "ALREADY_IN_MAINMEETING",
		Code:     412,
		Category: ExpectedError,
		Message: "Already in the main meeting. Please call this method only when the participant is in breakoutroom " +
			"and removed from the main meeting.",
		Resolution: "Nothing to do: the participant is connected to the main meeting already. Call returnToMainMeeting() " +
			"only from a breakout room.",
		Thrown: true,
		Note:   "Raised when an attendee whose main call is connected asks to return; re-thrown as 46261.",
	},
	{
		Subcode:  HangUpExistingBreakoutFailed,
		Key:      "HANGUP_EXISTING_BREAKOUT_ROOM_FAILED",
		Code:     412,
		Category: UnexpectedClientError,
		Message: "Existing breakout room call hangup failed. Try to call hangup() method again to hangup the call. " +
			"Call join() method to join the breakout room again.",
		Resolution: "The breakout call is still up. Hang it up again (or call returnToMainMeeting() again); " +
			"to stay in the room instead, call join() on the assigned room.",
		Thrown: true,
		Note:   "What SDK 2.0.0 raises when hanging up a breakout call fails (Microsoft's troubleshooting table names 46259).",
	},
}

// Lookup returns the table row of s, or false when s is not one of the SDK's
// subcodes.
func lookup(s Subcode) (info, bool) {
	if !s.valid() {
		return info{}, false
	}
	return table[s-firstSubcode], true
}

// AllInfo returns every row of the table, ordered by subcode. The slice is new
// on each call.
func allInfo() []info {
	rows := make([]info, len(table))
	copy(rows, table[:])
	return rows
}

// AllSubcodes returns every SDK subcode in ascending order. The slice is new
// on each call.
func allSubcodes() []Subcode {
	codes := make([]Subcode, 0, len(table))
	for s := firstSubcode; s <= lastSubcode; s++ {
		codes = append(codes, s)
	}
	return codes
}

// Valid reports whether s is one of the SDK's subcodes.
func (s Subcode) valid() bool { return s >= firstSubcode && s <= lastSubcode }

// Error returns the number and the SDK's key, e.g.
// "46256 JOIN_FAILED_ROOM_CLOSED"; a Subcode is an error so that
// errors.Is(err, errcodes.JoinFailedRoomClosed) asks for it, and fmt prints
// that text. The SDK's message is in an *Error that carries it. A value that
// is not a subcode prints as "Subcode(n)".
func (s Subcode) Error() string {
	if !s.valid() {
		return "Subcode(" + strconv.Itoa(int(s)) + ")"
	}
	return strconv.Itoa(int(s)) + " " + table[s-firstSubcode].Key
}

// ParseSubcode accepts a subcode as its number ("46256") or its SDK key
// ("JOIN_FAILED_ROOM_CLOSED").
func parseSubcode(str string) (Subcode, bool) {
	if n, err := strconv.ParseUint(str, 10, 16); err == nil {
		if s := Subcode(n); s.valid() {
			return s, true
		}
		return 0, false
	}
	for _, row := range table {
		if row.Key == str {
			return row.Subcode, true
		}
	}
	return 0, false
}

var _ error = Subcode(0)
