package lifecycle_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// decodeAccepted are events DecodeEvent must read, with what it must read.
var decodeAccepted = []struct {
	name string
	json string
	want lifecycle.Input
}{
	// assignedBreakoutRooms
	{
		name: "assigned room with every field",
		json: `{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","displayName":"Room 1","state":"open",
			"autoMoveParticipantToBreakoutRoom":true,"invitees":[{"identifier":{"kind":"communicationUser","communicationUserId":"8:acs:1"}}],
			"call":{"id":"c1","state":"Connected"}}}`,
		want: lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{
			ThreadID: "19:r1", DisplayName: "Room 1", HasDisplayName: true, State: lifecycle.RoomOpen,
			AutoMove: true, HasAutoMove: true, HasInvitees: true,
			Invitees: []lifecycle.Invitee{{Identifier: lifecycle.Identifier{Kind: lifecycle.IdentifierCommunicationUser, ID: "8:acs:1"}}},
		}},
	},
	{
		name: "assigned room with only the required fields",
		json: `{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","state":"closed"}}`,
		want: lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{ThreadID: "19:r1", State: lifecycle.RoomClosed}},
	},
	{
		name: "the alias assignedBreakoutRoom",
		json: `{"type":"assignedBreakoutRoom","data":{"threadId":"19:r1","state":"open"}}`,
		want: lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{ThreadID: "19:r1", State: lifecycle.RoomOpen}},
	},
	{
		name: "assignment removed: data absent",
		json: `{"type":"assignedBreakoutRooms"}`,
		want: lifecycle.Input{Kind: lifecycle.InputAssignedRoom},
	},
	{
		name: "assignment removed: data null",
		json: `{"data":null,"type":"assignedBreakoutRooms"}`,
		want: lifecycle.Input{Kind: lifecycle.InputAssignedRoom},
	},
	{
		name: "null optional fields count as absent",
		json: `{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","displayName":null,"state":"open",
			"autoMoveParticipantToBreakoutRoom":null,"invitees":null,"call":null}}`,
		want: lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{ThreadID: "19:r1", State: lifecycle.RoomOpen}},
	},
	{
		name: "empty display name, auto-move false and no invitees are kept as given",
		json: `{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","displayName":"","state":"open",
			"autoMoveParticipantToBreakoutRoom":false,"invitees":[]}}`,
		want: lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{
			ThreadID: "19:r1", HasDisplayName: true, State: lifecycle.RoomOpen, HasAutoMove: true, HasInvitees: true,
		}},
	},
	{
		name: "unknown fields are ignored everywhere, repeated or not",
		json: `{"type":"assignedBreakoutRooms","v":1,"v":[{"x":"}"}],"data":{"threadId":"19:r1","state":"open","new":{"a":[1,2,{"b":null}]},"new":true,
			"invitees":[{"identifier":{"communicationUserId":"8:acs:1","future":"x"},"role":"Attendee"}]},"more":"\"]}"}`,
		want: lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{
			ThreadID: "19:r1", State: lifecycle.RoomOpen, HasInvitees: true,
			Invitees: []lifecycle.Invitee{{Identifier: lifecycle.Identifier{Kind: lifecycle.IdentifierCommunicationUser, ID: "8:acs:1"}}},
		}},
	},
	{
		name: "escapes in keys and strings are decoded",
		json: `{"\u0074ype":"assignedBreakoutRooms","data":{"threadId":"19:r\u00e9\ud83d\ude00\n\"\\\/","displayName":"\ud800x","state":"\u006fpen"}}`,
		want: lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{
			ThreadID: "19:ré😀\n\"\\/", DisplayName: "\uFFFDx", HasDisplayName: true, State: lifecycle.RoomOpen,
		}},
	},
	{
		name: "invalid UTF-8 becomes U+FFFD, as encoding/json reads it",
		json: "{\"type\":\"assignedBreakoutRooms\",\"data\":{\"threadId\":\"19:\xff\",\"state\":\"open\"}}",
		want: lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{ThreadID: "19:\uFFFD", State: lifecycle.RoomOpen}},
	},
	{
		name: "white space around and inside",
		json: " \r\n\t{ \"type\" : \"assignedBreakoutRooms\" ,\n \"data\" : { \"threadId\" : \"19:r1\" , \"state\" : \"open\" } } \n",
		want: lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{ThreadID: "19:r1", State: lifecycle.RoomOpen}},
	},

	// identifiers, with and without their kind
	identifierCase("communicationUser with kind", `{"kind":"communicationUser","communicationUserId":"8:acs:1"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierCommunicationUser, ID: "8:acs:1"}),
	identifierCase("communicationUser inferred, with rawId", `{"communicationUserId":"8:acs:1","rawId":"8:acs:1"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierCommunicationUser, ID: "8:acs:1", RawID: "8:acs:1"}),
	identifierCase("microsoftTeamsUser with kind and every field", `{"kind":"microsoftTeamsUser","microsoftTeamsUserId":"u1","isAnonymous":true,"cloud":"gcch","rawId":"8:gcch:u1"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierMicrosoftTeamsUser, ID: "u1", RawID: "8:gcch:u1", IsAnonymous: true, Cloud: "gcch"}),
	identifierCase("microsoftTeamsUser inferred", `{"microsoftTeamsUserId":"u1","isAnonymous":false,"cloud":null}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierMicrosoftTeamsUser, ID: "u1"}),
	identifierCase("phoneNumber with kind", `{"kind":"phoneNumber","phoneNumber":"+14255550123","rawId":"4:+14255550123"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierPhoneNumber, ID: "+14255550123", RawID: "4:+14255550123"}),
	identifierCase("phoneNumber inferred", `{"phoneNumber":"+14255550123"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierPhoneNumber, ID: "+14255550123"}),
	identifierCase("microsoftTeamsApp with kind", `{"kind":"microsoftTeamsApp","teamsAppId":"a1","cloud":"public"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierMicrosoftTeamsApp, ID: "a1", Cloud: "public"}),
	identifierCase("microsoftTeamsApp inferred", `{"teamsAppId":"a1","rawId":"28:orgid:a1"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierMicrosoftTeamsApp, ID: "a1", RawID: "28:orgid:a1"}),
	identifierCase("unknown with kind", `{"kind":"unknown","id":"x:1"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierUnknown, ID: "x:1"}),
	identifierCase("unknown inferred", `{"id":"x:1"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierUnknown, ID: "x:1"}),
	identifierCase("without kind, the communication-common order decides", `{"id":"x:1","teamsAppId":"a1","phoneNumber":"+1","communicationUserId":"8:acs:1"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierCommunicationUser, ID: "8:acs:1"}),
	identifierCase("without kind, phoneNumber before microsoftTeamsUserId", `{"microsoftTeamsUserId":"u1","phoneNumber":"+1"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierPhoneNumber, ID: "+1"}),
	identifierCase("kind null is inferred", `{"kind":null,"teamsAppId":"a1"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierMicrosoftTeamsApp, ID: "a1"}),
	identifierCase("with a kind, other kinds' fields are extra and ignored", `{"kind":"phoneNumber","phoneNumber":"+1","communicationUserId":7,"isAnonymous":"x","cloud":3}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierPhoneNumber, ID: "+1"}),
	identifierCase("an empty id is still an id", `{"communicationUserId":""}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierCommunicationUser}),

	// identifier kinds added to @azure/communication-common after this reader
	identifierCase("a newer kind is unknown, its id the rawId", `{"kind":"teamsExtensionUser","userId":"u1","tenantId":"t1","resourceId":"r1","rawId":"8:acs:r1_t1_u1"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierUnknown, ID: "8:acs:r1_t1_u1", RawID: "8:acs:r1_t1_u1"}),
	identifierCase("a newer kind without rawId takes its id field", `{"kind":"microsoftBot","id":"x","botId":7}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierUnknown, ID: "x"}),
	identifierCase("a newer kind prefers rawId to id and ignores a bad id", `{"id":5,"kind":"microsoftBot","rawId":"28:b1"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierUnknown, ID: "28:b1", RawID: "28:b1"}),
	identifierCase("a newer kind ignores the known kinds' fields", `{"kind":"futureKind","communicationUserId":"8:acs:1","isAnonymous":"x","cloud":3,"rawId":null}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierUnknown}),
	identifierCase("a kind is matched case-sensitively", `{"kind":"PhoneNumber","phoneNumber":"+1"}`,
		lifecycle.Identifier{Kind: lifecycle.IdentifierUnknown}),

	// breakoutRoomsSettings
	{
		name: "settings absent",
		json: `{"type":"breakoutRoomsSettings"}`,
		want: lifecycle.Input{Kind: lifecycle.InputSettings},
	},
	{
		name: "settings null, alias breakoutRoomSettings",
		json: `{"type":"breakoutRoomSettings","data":null}`,
		want: lifecycle.Input{Kind: lifecycle.InputSettings},
	},
	{
		name: "settings empty",
		json: `{"type":"breakoutRoomsSettings","data":{}}`,
		want: lifecycle.Input{Kind: lifecycle.InputSettings, Settings: &lifecycle.Settings{}},
	},
	settingsCase("return allowed, end time null", `{"disableReturnToMainMeeting":false,"roomEndTime":null}`,
		lifecycle.Settings{HasDisableReturn: true}),
	settingsCase("return disabled, end time empty", `{"disableReturnToMainMeeting":true,"roomEndTime":""}`,
		lifecycle.Settings{DisableReturn: true, HasDisableReturn: true, EndKind: lifecycle.EndTimeEmpty}),
	settingsCase("end time in UTC", `{"roomEndTime":"2026-01-05T10:30:00Z"}`,
		endString("2026-01-05T10:30:00Z", time.Date(2026, 1, 5, 10, 30, 0, 0, time.UTC))),
	settingsCase("end time with an offset, kept in UTC", `{"roomEndTime":"2026-01-05T11:30:00+01:00"}`,
		endString("2026-01-05T11:30:00+01:00", time.Date(2026, 1, 5, 10, 30, 0, 0, time.UTC))),
	settingsCase("end time with a negative offset across midnight", `{"roomEndTime":"2026-01-04T23:30:00-10:30"}`,
		endString("2026-01-04T23:30:00-10:30", time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC))),
	settingsCase("end time without an offset is UTC", `{"roomEndTime":"2026-01-05T10:30:00"}`,
		endString("2026-01-05T10:30:00", time.Date(2026, 1, 5, 10, 30, 0, 0, time.UTC))),
	settingsCase("end time with a fraction, lower-case t and z", `{"roomEndTime":"2024-02-29t10:30:00.1234567891z"}`,
		endString("2024-02-29t10:30:00.1234567891z", time.Date(2024, 2, 29, 10, 30, 0, 123456789, time.UTC))),
	settingsCase("end time with a fraction and no offset", `{"roomEndTime":"2026-01-05T10:30:00.5"}`,
		endString("2026-01-05T10:30:00.5", time.Date(2026, 1, 5, 10, 30, 0, 500e6, time.UTC))),
	settingsCase("attemptTimestamp", `{"roomEndTime":{"attemptTimestamp":1767609000000}}`,
		lifecycle.Settings{EndKind: lifecycle.EndTimeAttempt, EndNumber: 1767609000000, EndAt: time.Date(2026, 1, 5, 10, 30, 0, 0, time.UTC)}),
	settingsCase("attemptTimestamp: a fraction is truncated from EndAt", `{"roomEndTime":{"attemptTimestamp":1767609000000.9}}`,
		lifecycle.Settings{EndKind: lifecycle.EndTimeAttempt, EndNumber: 1767609000000.9, EndAt: time.Date(2026, 1, 5, 10, 30, 0, 0, time.UTC)}),
	settingsCase("attemptTimestamp zero, with an exponent and extra keys", `{"roomEndTime":{"attemptTimestamp":0e5,"deltaTimeInMs":null,"x":1}}`,
		lifecycle.Settings{EndKind: lifecycle.EndTimeAttempt, EndAt: time.Unix(0, 0).UTC()}),
	settingsCase("attemptTimestamp -0 is zero", `{"roomEndTime":{"attemptTimestamp":-0}}`,
		lifecycle.Settings{EndKind: lifecycle.EndTimeAttempt, EndAt: time.Unix(0, 0).UTC()}),
	settingsCase("attemptTimestamp too large saturates", `{"roomEndTime":{"attemptTimestamp":1e300}}`,
		lifecycle.Settings{EndKind: lifecycle.EndTimeAttempt, EndNumber: 1e300, EndAt: time.UnixMilli(math.MaxInt64).UTC()}),
	settingsCase("attemptTimestamp at 2^63 saturates", `{"roomEndTime":{"attemptTimestamp":9223372036854775808}}`,
		lifecycle.Settings{EndKind: lifecycle.EndTimeAttempt, EndNumber: 1 << 63, EndAt: time.UnixMilli(math.MaxInt64).UTC()}),
	settingsCase("attemptTimestamp empty", `{"roomEndTime":{"attemptTimestamp":""}}`,
		lifecycle.Settings{EndKind: lifecycle.EndTimeEmptyAttempt}),
	settingsCase("deltaTimeInMs", `{"roomEndTime":{"deltaTimeInMs":30000}}`,
		lifecycle.Settings{EndKind: lifecycle.EndTimeDelta, EndNumber: 30000, Delta: 30 * time.Second}),
	settingsCase("deltaTimeInMs: a fraction is truncated from Delta", `{"roomEndTime":{"attemptTimestamp":null,"deltaTimeInMs":1.999}}`,
		lifecycle.Settings{EndKind: lifecycle.EndTimeDelta, EndNumber: 1.999, Delta: time.Millisecond}),
	settingsCase("deltaTimeInMs at the largest whole-millisecond duration", `{"roomEndTime":{"deltaTimeInMs":9223372036854}}`,
		lifecycle.Settings{EndKind: lifecycle.EndTimeDelta, EndNumber: 9223372036854, Delta: 9223372036854 * time.Millisecond}),
	settingsCase("deltaTimeInMs one past it saturates", `{"roomEndTime":{"deltaTimeInMs":9223372036855}}`,
		lifecycle.Settings{EndKind: lifecycle.EndTimeDelta, EndNumber: 9223372036855, Delta: math.MaxInt64}),
	settingsCase("deltaTimeInMs empty", `{"roomEndTime":{"deltaTimeInMs":""}}`,
		lifecycle.Settings{EndKind: lifecycle.EndTimeEmptyDelta}),
	settingsCase("a tiny number is zero", `{"roomEndTime":{"deltaTimeInMs":1e-400}}`,
		lifecycle.Settings{EndKind: lifecycle.EndTimeDelta}),

	// breakoutRooms
	{
		name: "room list",
		json: `{"type":"breakoutRooms","data":[{"threadId":"19:r1","state":"open"},{"threadId":"19:r2","displayName":"Two","state":"closed",
			"invitees":[{"identifier":{"phoneNumber":"+1"}},{"identifier":{"id":"x"}}]}]}`,
		want: lifecycle.Input{Kind: lifecycle.InputRoomList, RoomsDefined: true, Rooms: []lifecycle.Room{
			{ThreadID: "19:r1", State: lifecycle.RoomOpen},
			{ThreadID: "19:r2", DisplayName: "Two", HasDisplayName: true, State: lifecycle.RoomClosed, HasInvitees: true, Invitees: []lifecycle.Invitee{
				{Identifier: lifecycle.Identifier{Kind: lifecycle.IdentifierPhoneNumber, ID: "+1"}},
				{Identifier: lifecycle.Identifier{Kind: lifecycle.IdentifierUnknown, ID: "x"}},
			}},
		}},
	},
	{
		name: "room list empty",
		json: `{"type":"breakoutRooms","data":[]}`,
		want: lifecycle.Input{Kind: lifecycle.InputRoomList, RoomsDefined: true},
	},
	{
		name: "room list undefined",
		json: `{"type":"breakoutRooms","data":null}`,
		want: lifecycle.Input{Kind: lifecycle.InputRoomList},
	},

	// join
	{
		name: "join with the whole call object",
		json: `{"type":"join","data":{"id":"call-2","state":"Connecting","isMuted":true,"info":{"groupId":null}}}`,
		want: lifecycle.Input{Kind: lifecycle.InputJoinEvent, CallID: "call-2"},
	},
}

func identifierCase(name, identifier string, want lifecycle.Identifier) struct {
	name string
	json string
	want lifecycle.Input
} {
	return struct {
		name string
		json string
		want lifecycle.Input
	}{
		name: "identifier: " + name,
		json: `{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","state":"open","invitees":[{"identifier":` + identifier + `}]}}`,
		want: lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{
			ThreadID: "19:r1", State: lifecycle.RoomOpen, HasInvitees: true, Invitees: []lifecycle.Invitee{{Identifier: want}},
		}},
	}
}

func settingsCase(name, data string, want lifecycle.Settings) struct {
	name string
	json string
	want lifecycle.Input
} {
	return struct {
		name string
		json string
		want lifecycle.Input
	}{
		name: "settings: " + name,
		json: `{"type":"breakoutRoomsSettings","data":` + data + `}`,
		want: lifecycle.Input{Kind: lifecycle.InputSettings, Settings: &want},
	}
}

func endString(text string, at time.Time) lifecycle.Settings {
	return lifecycle.Settings{EndKind: lifecycle.EndTimeString, EndText: text, EndAt: at}
}

func TestR24_DecodeEventAcceptsTheSDKShapes(t *testing.T) {
	for _, tc := range decodeAccepted {
		t.Run(tc.name, func(t *testing.T) {
			got, err := lifecycle.DecodeEvent([]byte(tc.json))
			require.Nil(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestR24_DecodeEventRefusesUnreadableEvents(t *testing.T) {
	room := func(fields string) string {
		return `{"type":"assignedBreakoutRooms","data":{` + fields + `}}`
	}
	ident := func(identifier string) string {
		return room(`"threadId":"19:r1","state":"open","invitees":[{"identifier":{"id":"ok"}},{"identifier":{"id":"ok"}},{"identifier":` + identifier + `}]`)
	}
	endTime := func(v string) string {
		return `{"type":"breakoutRoomsSettings","data":{"roomEndTime":` + v + `}}`
	}
	tests := []struct {
		name, json, message string
	}{
		// the event itself
		{"not JSON", `{"type":`, "not valid JSON"},
		{"empty input", ``, "not valid JSON"},
		{"two values", `{"type":"join","data":{"id":"c"}} {}`, "not valid JSON"},
		{"an array", `[{"type":"join"}]`, "the event is an array; expected a breakoutRoomsUpdated event object"},
		{"a string", `"join"`, "the event is a string"},
		{"null", `null`, "the event is null"},
		{"type missing", `{"data":{"id":"c"}}`, "type is missing; expected"},
		{"type null", `{"type":null,"data":{"id":"c"}}`, "type is missing"},
		{"type a number", `{"type":3}`, "type is a number; expected a string"},
		{"type unknown", `{"type":"rejoinMainMeeting"}`, `type is "rejoinMainMeeting", an unknown event type; expected "assignedBreakoutRooms"`},
		{"type in the wrong case", `{"type":"BreakoutRooms"}`, `type is "BreakoutRooms", an unknown event type`},
		{"type given twice", `{"type":"join","type":"join","data":{"id":"c"}}`, "type is given twice"},
		{"data given twice", `{"type":"join","data":{"id":"c"},"data":null}`, "data is given twice"},
		{"a long unknown type is cut short", `{"type":"` + strings.Repeat("x", 100) + `"}`, `…, an unknown event type`},

		// assignedBreakoutRooms
		{"assigned data an array", `{"type":"assignedBreakoutRooms","data":[]}`, "data is an array; expected a BreakoutRoom object, or no data"},
		{"threadId missing", room(`"state":"open"`), "data.threadId is missing; expected a non-empty string"},
		{"threadId null", room(`"threadId":null,"state":"open"`), "data.threadId is missing"},
		{"threadId empty", room(`"threadId":"","state":"open"`), "data.threadId is an empty string; expected a non-empty string"},
		{"threadId a number", room(`"threadId":19,"state":"open"`), "data.threadId is a number; expected a string"},
		{"threadId given twice", room(`"threadId":"a","state":"open","threadId":"b"`), "data.threadId is given twice"},
		{"state missing", room(`"threadId":"19:r1"`), `data.state is missing; expected "open" or "closed"`},
		{"state null", room(`"threadId":"19:r1","state":null`), "data.state is missing"},
		{"state unknown", room(`"threadId":"19:r1","state":"opened"`), `data.state is "opened"; expected "open" or "closed"`},
		{"state in the wrong case", room(`"threadId":"19:r1","state":"Open"`), `data.state is "Open"`},
		{"state a boolean", room(`"threadId":"19:r1","state":true`), `data.state is a boolean; expected "open" or "closed"`},
		{"displayName a number", room(`"threadId":"19:r1","state":"open","displayName":1`), "data.displayName is a number; expected a string"},
		{"autoMove a string", room(`"threadId":"19:r1","state":"open","autoMoveParticipantToBreakoutRoom":"true"`),
			"data.autoMoveParticipantToBreakoutRoom is a string; expected a boolean"},
		{"invitees an object", room(`"threadId":"19:r1","state":"open","invitees":{}`), "data.invitees is an object; expected an array of Invitee objects"},
		{"invitee null", room(`"threadId":"19:r1","state":"open","invitees":[null]`), "data.invitees[0] is null; expected an Invitee object"},
		{"invitee without identifier", room(`"threadId":"19:r1","state":"open","invitees":[{"id":"8:acs:1"}]`), "data.invitees[0].identifier is missing"},
		{"invitee identifier null", room(`"threadId":"19:r1","state":"open","invitees":[{"identifier":null}]`), "data.invitees[0].identifier is missing"},
		{"invitee identifier a string", ident(`"8:acs:1"`), "data.invitees[2].identifier is a string; expected a CommunicationIdentifier object"},
		{"identifier given twice", room(`"threadId":"19:r1","state":"open","invitees":[{"identifier":{"id":"a"},"identifier":{"id":"b"}}]`),
			"data.invitees[0].identifier is given twice"},

		// identifiers
		{"identifier empty", ident(`{}`), "data.invitees[2].identifier has no kind and none of communicationUserId"},
		{"identifier with only rawId", ident(`{"rawId":"8:acs:1"}`), "data.invitees[2].identifier has no kind"},
		{"identifier of a newer kind with a bad rawId", ident(`{"kind":"teamsExtensionUser","rawId":5}`), "data.invitees[2].identifier.rawId is a number; expected a string"},
		{"identifier of a newer kind with a bad id", ident(`{"kind":"teamsExtensionUser","id":{}}`), "data.invitees[2].identifier.id is an object; expected a string"},
		{"identifier kind a number", ident(`{"kind":1,"id":"x"}`), "data.invitees[2].identifier.kind is a number"},
		{"identifier kind without its id", ident(`{"kind":"phoneNumber","id":"x"}`), `data.invitees[2].identifier.phoneNumber is missing; expected a string, as kind "phoneNumber" requires`},
		{"identifier kind with a null id", ident(`{"kind":"communicationUser","communicationUserId":null}`), "identifier.communicationUserId is missing"},
		{"identifier id a number", ident(`{"communicationUserId":8}`), "data.invitees[2].identifier.communicationUserId is a number; expected a string"},
		{"identifier teams id an object", ident(`{"kind":"microsoftTeamsUser","microsoftTeamsUserId":{}}`), "identifier.microsoftTeamsUserId is an object"},
		{"identifier rawId a number", ident(`{"id":"x","rawId":1}`), "data.invitees[2].identifier.rawId is a number; expected a string"},
		{"identifier isAnonymous a string", ident(`{"microsoftTeamsUserId":"u","isAnonymous":"yes"}`), "identifier.isAnonymous is a string; expected a boolean"},
		{"identifier cloud a boolean", ident(`{"teamsAppId":"a","cloud":true}`), "identifier.cloud is a boolean; expected a string"},
		{"identifier key given twice", ident(`{"id":"a","id":"b"}`), "identifier.id is given twice"},

		// breakoutRoomsSettings
		{"settings data a string", `{"type":"breakoutRoomsSettings","data":"x"}`, "data is a string; expected a BreakoutRoomsSettings object"},
		{"disableReturn a string", `{"type":"breakoutRoomsSettings","data":{"disableReturnToMainMeeting":"true"}}`,
			"data.disableReturnToMainMeeting is a string; expected a boolean"},
		{"disableReturn given twice", `{"type":"breakoutRoomsSettings","data":{"disableReturnToMainMeeting":true,"disableReturnToMainMeeting":true}}`,
			"data.disableReturnToMainMeeting is given twice"},
		{"end time a number", endTime(`1767609000000`), "data.roomEndTime is a number; expected an RFC 3339 date-time string"},
		{"end time a boolean", endTime(`false`), "data.roomEndTime is a boolean"},
		{"end time an array", endTime(`[]`), "data.roomEndTime is an array"},
		{"end time given twice", `{"type":"breakoutRoomsSettings","data":{"roomEndTime":"","roomEndTime":""}}`, "data.roomEndTime is given twice"},
		{"end time a date without a time", endTime(`"2026-01-05"`), `data.roomEndTime is "2026-01-05", not an RFC 3339 date-time`},
		{"end time not a date", endTime(`"soon"`), `data.roomEndTime is "soon", not an RFC 3339 date-time`},
		{"end time padded", endTime(`" 2026-01-05T10:00:00Z"`), "not an RFC 3339 date-time"},
		{"end time with a space for T", endTime(`"2026-01-05 10:00:00Z"`), "not an RFC 3339 date-time"},
		{"end time with a one-digit hour", endTime(`"2026-01-05T1:00:00Z"`), "not an RFC 3339 date-time"},
		{"end time with a comma fraction", endTime(`"2026-01-05T10:00:00,5Z"`), "not an RFC 3339 date-time"},
		{"end time with an empty fraction", endTime(`"2026-01-05T10:00:00.Z"`), "not an RFC 3339 date-time"},
		{"end time with hour 24", endTime(`"2026-01-05T24:00:00Z"`), "not an RFC 3339 date-time"},
		{"end time with a leap second", endTime(`"2016-12-31T23:59:60Z"`), "not an RFC 3339 date-time"},
		{"end time on February 29 of a common year", endTime(`"2026-02-29T10:00:00Z"`), "not an RFC 3339 date-time"},
		{"end time on February 29 of 1900", endTime(`"1900-02-29T10:00:00Z"`), "not an RFC 3339 date-time"},
		{"end time in month 13", endTime(`"2026-13-01T10:00:00Z"`), "not an RFC 3339 date-time"},
		{"end time with an offset of 24 hours", endTime(`"2026-01-05T10:00:00+24:00"`), "not an RFC 3339 date-time"},
		{"end time with offset minutes 60", endTime(`"2026-01-05T10:00:00+01:60"`), "not an RFC 3339 date-time"},
		{"end time with a colonless offset", endTime(`"2026-01-05T10:00:00+0100"`), "not an RFC 3339 date-time"},
		{"end time with a named zone", endTime(`"2026-01-05T10:00:00 UTC"`), "not an RFC 3339 date-time"},
		{"end time with text after it", endTime(`"2026-01-05T10:00:00Zx"`), "not an RFC 3339 date-time"},
		{"end time with a sign on the year", endTime(`"+2026-01-05T10:00:00Z"`), "not an RFC 3339 date-time"},
		{"end time object empty", endTime(`{}`), "data.roomEndTime is an object with neither attemptTimestamp nor deltaTimeInMs"},
		{"end time object with nulls", endTime(`{"attemptTimestamp":null,"deltaTimeInMs":null}`), "with neither attemptTimestamp nor deltaTimeInMs"},
		{"end time object with both", endTime(`{"attemptTimestamp":1,"deltaTimeInMs":2}`), "data.roomEndTime has both attemptTimestamp and deltaTimeInMs"},
		{"end time key given twice", endTime(`{"deltaTimeInMs":null,"deltaTimeInMs":2}`), "data.roomEndTime.deltaTimeInMs is given twice"},
		{"attemptTimestamp negative", endTime(`{"attemptTimestamp":-1}`), "data.roomEndTime.attemptTimestamp is negative (-1); expected a non-negative number"},
		{"deltaTimeInMs negative fraction", endTime(`{"deltaTimeInMs":-0.5}`), "data.roomEndTime.deltaTimeInMs is negative"},
		{"deltaTimeInMs a numeric string", endTime(`{"deltaTimeInMs":"30000"}`), `data.roomEndTime.deltaTimeInMs is the string "30000"; expected a non-negative number`},
		{"attemptTimestamp a date string", endTime(`{"attemptTimestamp":"2026-01-05T10:00:00Z"}`), "data.roomEndTime.attemptTimestamp is the string"},
		{"attemptTimestamp a boolean", endTime(`{"attemptTimestamp":true}`), "data.roomEndTime.attemptTimestamp is a boolean"},
		{"deltaTimeInMs an object", endTime(`{"deltaTimeInMs":{}}`), "data.roomEndTime.deltaTimeInMs is an object"},
		{"attemptTimestamp beyond float64", endTime(`{"attemptTimestamp":1e400}`), "data.roomEndTime.attemptTimestamp is beyond the range of a number"},

		// breakoutRooms
		{"room list an object", `{"type":"breakoutRooms","data":{}}`, "data is an object; expected an array of BreakoutRoom objects"},
		{"room list with null", `{"type":"breakoutRooms","data":[{"threadId":"a","state":"open"},null]}`, "data[1] is null; expected a BreakoutRoom object"},
		{"room list with a bad room", `{"type":"breakoutRooms","data":[{"threadId":"a","state":"open"},{"threadId":"b"}]}`, "data[1].state is missing"},
		{"room list with a bad invitee", `{"type":"breakoutRooms","data":[{"threadId":"a","state":"open"},{"threadId":"b","state":"open",
			"invitees":[{"identifier":{"id":"x"}},{"identifier":{"kind":"unknown"}}]}]}`, "data[1].invitees[1].identifier.id is missing"},

		// join
		{"join without data", `{"type":"join"}`, "data is missing; expected the breakout call object"},
		{"join with null data", `{"type":"join","data":null}`, "data is missing"},
		{"join with a string", `{"type":"join","data":"call-1"}`, "data is a string; expected the breakout call object"},
		{"join without id", `{"type":"join","data":{"callId":"c"}}`, "data.id is missing; expected the breakout call's id, a non-empty string"},
		{"join with null id", `{"type":"join","data":{"id":null}}`, "data.id is missing"},
		{"join with an empty id", `{"type":"join","data":{"id":""}}`, "data.id is an empty string"},
		{"join with a numeric id", `{"type":"join","data":{"id":7}}`, "data.id is a number"},
		{"join with id given twice", `{"type":"join","data":{"id":"a","id":"b"}}`, "data.id is given twice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := lifecycle.DecodeEvent([]byte(tc.json))
			requireUnreadable(t, err)
			assert.Contains(t, errcodes.Of(err).Message, tc.message)
			assert.Equal(t, lifecycle.Input{}, got, "a refused event gives no input")
		})
	}
}

// requireUnreadable checks that err is the R24 refusal, 46258. (DecodeEvent
// returns *errcodes.Error itself, so there is nothing for errors.As to find.)
func requireUnreadable(t testing.TB, decodeErr error) {
	t.Helper()
	require.Error(t, decodeErr)
	err := errcodes.Of(decodeErr)
	require.NotNil(t, err)
	assert.Equal(t, errcodes.UpdateFailed, err.Subcode)
	assert.Equal(t, rule.R24, err.Rule)
	assert.True(t, errors.Is(err, errcodes.UpdateFailed))
	assert.Contains(t, err.Message, "unreadable breakoutRoomsUpdated event: ")
}

func TestR24_EncodeEventRoundTrips(t *testing.T) {
	for _, tc := range decodeAccepted {
		t.Run(tc.name, func(t *testing.T) {
			b, err := lifecycle.EncodeEvent(tc.want)
			require.NoError(t, err)
			require.True(t, json.Valid(b), "%s", b)
			got, derr := lifecycle.DecodeEvent(b)
			require.Nil(t, derr, "%s", b)
			assert.Equal(t, tc.want, got, "%s", b)
		})
	}
}

func TestEncodeEventWritesTheCanonicalShape(t *testing.T) {
	tests := []struct {
		name string
		in   lifecycle.Input
		want string
	}{
		{"alias becomes the SDK's spelling", decodeMust(t, `{"data":{"state":"open","threadId":"19:r1"},"type":"assignedBreakoutRoom"}`),
			`{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","state":"open"}}`},
		{"every room field, in the typings' order", decodeMust(t, `{"type":"assignedBreakoutRooms","data":{"invitees":[
			{"identifier":{"cloud":"dod","isAnonymous":true,"rawId":"8:dod:u","microsoftTeamsUserId":"u"}}],
			"autoMoveParticipantToBreakoutRoom":false,"state":"closed","displayName":"R \"1\"\n","threadId":"19:r1","call":{}}}`),
			`{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","displayName":"R \"1\"\n","state":"closed","autoMoveParticipantToBreakoutRoom":false,` +
				`"invitees":[{"identifier":{"kind":"microsoftTeamsUser","rawId":"8:dod:u","microsoftTeamsUserId":"u","isAnonymous":true,"cloud":"dod"}}]}}`},
		{"undefined data is left out", lifecycle.Input{Kind: lifecycle.InputSettings}, `{"type":"breakoutRoomsSettings"}`},
		{"settings", decodeMust(t, `{"type":"breakoutRoomSettings","data":{"roomEndTime":{"deltaTimeInMs":1e21},"disableReturnToMainMeeting":false}}`),
			`{"type":"breakoutRoomsSettings","data":{"disableReturnToMainMeeting":false,"roomEndTime":{"deltaTimeInMs":1e+21}}}`},
		{"end time text as sent", decodeMust(t, `{"type":"breakoutRoomsSettings","data":{"roomEndTime":"2026-01-05T11:30:00.50+01:00"}}`),
			`{"type":"breakoutRoomsSettings","data":{"roomEndTime":"2026-01-05T11:30:00.50+01:00"}}`},
		{"end time without text: EndAt in UTC with nanoseconds", lifecycle.Input{Kind: lifecycle.InputSettings, Settings: &lifecycle.Settings{
			EndKind: lifecycle.EndTimeString, EndAt: time.Date(2026, 1, 5, 11, 30, 0, 5, time.FixedZone("", 3600))}},
			`{"type":"breakoutRoomsSettings","data":{"roomEndTime":"2026-01-05T10:30:00.000000005Z"}}`},
		{"empty room list", lifecycle.Input{Kind: lifecycle.InputRoomList, RoomsDefined: true}, `{"type":"breakoutRooms","data":[]}`},
		{"join", lifecycle.Input{Kind: lifecycle.InputJoinEvent, CallID: "c\u00e9\x01"}, `{"type":"join","data":{"id":"cé\u0001"}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := lifecycle.EncodeEvent(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(b))
		})
	}
}

func decodeMust(t *testing.T, s string) lifecycle.Input {
	t.Helper()
	in, err := lifecycle.DecodeEvent([]byte(s))
	require.Nil(t, err)
	return in
}

func TestEncodeEventRefusesInputsDecodeCannotProduce(t *testing.T) {
	open := func(r lifecycle.Room) lifecycle.Input {
		if r.ThreadID == "" {
			r.ThreadID = "19:r1"
		}
		r.State = lifecycle.RoomOpen
		return lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &r}
	}
	withIdentifier := func(id lifecycle.Identifier) lifecycle.Input {
		return open(lifecycle.Room{HasInvitees: true, Invitees: []lifecycle.Invitee{{Identifier: id}}})
	}
	settings := func(s lifecycle.Settings) lifecycle.Input {
		return lifecycle.Input{Kind: lifecycle.InputSettings, Settings: &s}
	}
	tests := []struct {
		name    string
		in      lifecycle.Input
		message string
	}{
		{"invalid kind", lifecycle.Input{}, "is not an SDK event"},
		{"an action", lifecycle.Input{Kind: lifecycle.InputJoin}, "is not an SDK event"},
		{"a timer", lifecycle.Input{Kind: lifecycle.InputRoomEndDue}, "is not an SDK event"},
		{"empty thread id", lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{State: lifecycle.RoomOpen}}, "Room.ThreadID is empty"},
		{"invalid state", lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &lifecycle.Room{ThreadID: "a"}}, "Room.State is"},
		{"display name without its flag", open(lifecycle.Room{DisplayName: "x"}), "DisplayName is set while HasDisplayName is false"},
		{"auto-move without its flag", open(lifecycle.Room{AutoMove: true}), "AutoMove is true while HasAutoMove is false"},
		{"invitees without their flag", open(lifecycle.Room{Invitees: []lifecycle.Invitee{{}}}), "Invitees has invitees while HasInvitees is false"},
		{"invalid identifier kind", withIdentifier(lifecycle.Identifier{ID: "x"}), "Room.Invitees[0].Identifier.Kind is"},
		{"anonymous phone number", withIdentifier(lifecycle.Identifier{Kind: lifecycle.IdentifierPhoneNumber, IsAnonymous: true}), "IsAnonymous is set"},
		{"cloud on a communication user", withIdentifier(lifecycle.Identifier{Kind: lifecycle.IdentifierCommunicationUser, Cloud: "dod"}), "Cloud is set"},
		{"bad room in a list", lifecycle.Input{Kind: lifecycle.InputRoomList, RoomsDefined: true, Rooms: []lifecycle.Room{{ThreadID: "a", State: lifecycle.RoomOpen}, {}}},
			"Rooms[1].ThreadID is empty"},
		{"rooms while undefined", lifecycle.Input{Kind: lifecycle.InputRoomList, Rooms: []lifecycle.Room{{}}}, "RoomsDefined is false"},
		{"disable return without its flag", settings(lifecycle.Settings{DisableReturn: true}), "HasDisableReturn is false"},
		{"unreadable end text", settings(lifecycle.Settings{EndKind: lifecycle.EndTimeString, EndText: "soon"}), `EndText "soon" is not an RFC 3339 date-time`},
		{"end time beyond year 9999", settings(lifecycle.Settings{EndKind: lifecycle.EndTimeString, EndAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}),
			"outside the years RFC 3339 can write"},
		{"negative end number", settings(lifecycle.Settings{EndKind: lifecycle.EndTimeDelta, EndNumber: -1}), "EndNumber -1 is not a non-negative finite number"},
		{"infinite end number", settings(lifecycle.Settings{EndKind: lifecycle.EndTimeAttempt, EndNumber: math.Inf(1)}), "EndNumber +Inf"},
		{"NaN end number", settings(lifecycle.Settings{EndKind: lifecycle.EndTimeAttempt, EndNumber: math.NaN()}), "EndNumber NaN"},
		{"invalid end kind", settings(lifecycle.Settings{EndKind: 99}), "is not an end-time form"},
		{"join without call id", lifecycle.Input{Kind: lifecycle.InputJoinEvent}, "non-empty CallID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := lifecycle.EncodeEvent(tc.in)
			require.Error(t, err)
			assert.Nil(t, b)
			var e *errcodes.Error
			require.True(t, errors.As(err, &e))
			assert.Equal(t, errcodes.UnknownInput, e.Kind)
			assert.Contains(t, e.Message, tc.message)
		})
	}
}

// FuzzDecodeEvent checks that DecodeEvent never panics, that it either reads
// an SDK event or refuses with 46258 (R24), that what it reads writes back to
// the same input, and that it reads strings as encoding/json does.
func FuzzDecodeEvent(f *testing.F) {
	for _, tc := range decodeAccepted {
		f.Add([]byte(tc.json))
	}
	for _, s := range []string{
		``, `{}`, `[]`, `null`, `{"type":"join","data":{"id":""}}`, `{"type":"breakoutRooms","data":[null]}`,
		`{"type":"breakoutRoomsSettings","data":{"roomEndTime":{"attemptTimestamp":-1}}}`,
		`{"type":"breakoutRoomsSettings","data":{"roomEndTime":"2026-01-05T10:00:00.123+05:45"}}`,
		`{"type":"assignedBreakoutRooms","data":{"threadId":"\ud800\udc00\u0000","state":"open","invitees":[{"identifier":{"kind":"unknown","id":"\ud800"}}]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := lifecycle.DecodeEvent(data)
		if err != nil {
			requireUnreadable(t, err)
			require.Equal(t, lifecycle.Input{}, in)
			return
		}
		require.True(t, json.Valid(data))
		require.True(t, in.Kind.IsSDKEvent(), "kind %v", in.Kind)

		b, eerr := lifecycle.EncodeEvent(in)
		require.NoError(t, eerr)
		again, derr := lifecycle.DecodeEvent(b)
		require.Nil(t, derr, "%s", b)
		require.Equal(t, in, again, "%s", b)

		// The strings kept agree with encoding/json's reading of them.
		var top map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(data, &top))
		switch in.Kind {
		case lifecycle.InputAssignedRoom:
			if in.Room != nil {
				var m map[string]any
				require.NoError(t, json.Unmarshal(top["data"], &m))
				assert.Equal(t, m["threadId"], in.Room.ThreadID)
				if in.Room.HasDisplayName {
					assert.Equal(t, m["displayName"], in.Room.DisplayName)
				}
			}
		case lifecycle.InputJoinEvent:
			var m map[string]any
			require.NoError(t, json.Unmarshal(top["data"], &m))
			assert.Equal(t, m["id"], in.CallID)
		}
	})
}
