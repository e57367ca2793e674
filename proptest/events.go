package proptest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// sdkEvent is one SDK event as the SDK's breakoutRoomsUpdated listener receives
// it: its JSON and what it says. A readable event has Input set; an
// unreadable one has Malformed set to why, and Field to the JSON path the
// decoder's message must name ("" when the event as a whole is at fault).
type sdkEvent struct {
	JSON      []byte
	Input     lifecycle.Input
	Malformed string
	Field     string
}

// roomThreads are the room identities the generators draw from: few enough that
// re-assignments, returns to the same room and stray calls of the same room
// all happen often.
var roomThreads = []string{"19:r1", "19:r2", "19:r3"}

// jsonField is one key of a JSON object with its value already written.
type jsonField struct {
	key, value string
}

// object writes the fields as a JSON object in an order drawn by rapid: the
// decoder must not care about key order, and the SDK promises none.
func object(t *rapid.T, label string, fields []jsonField) string {
	if len(fields) > 1 {
		fields = rapid.Permutation(fields).Draw(t, label+"Order")
	}
	var b strings.Builder
	b.WriteByte('{')
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(f.key))
		b.WriteByte(':')
		b.WriteString(f.value)
	}
	b.WriteByte('}')
	return b.String()
}

func quote(s string) string { return strconv.Quote(s) }

// eventJSON writes an event object: type, then data when it is not absent.
func eventJSON(t *rapid.T, typ, data string) []byte {
	fields := []jsonField{{"type", quote(typ)}}
	if data != "" {
		fields = append(fields, jsonField{"data", data})
	}
	return []byte(object(t, "event", fields))
}

// absentOrNull draws how an undefined value is sent: left out ("") or null.
func absentOrNull(t *rapid.T, label string) string {
	if rapid.Bool().Draw(t, label+"Null") {
		return "null"
	}
	return ""
}

// drawRoom draws a BreakoutRoom object as the SDK sends it, with the room
// it decodes to.
func drawRoom(t *rapid.T, label string) (string, lifecycle.Room) {
	var r lifecycle.Room
	var fields []jsonField
	r.ThreadID = rapid.SampledFrom(roomThreads).Draw(t, label+"Thread")
	fields = append(fields, jsonField{"threadId", quote(r.ThreadID)})
	if rapid.IntRange(0, 3).Draw(t, label+"Open") > 0 {
		r.State = lifecycle.RoomOpen
		fields = append(fields, jsonField{"state", `"open"`})
	} else {
		r.State = lifecycle.RoomClosed
		fields = append(fields, jsonField{"state", `"closed"`})
	}
	switch rapid.IntRange(0, 4).Draw(t, label+"AutoMove") {
	case 0: // absent: the SDK moves nobody
	case 1:
		fields = append(fields, jsonField{"autoMoveParticipantToBreakoutRoom", "null"})
	case 2:
		r.HasAutoMove = true
		fields = append(fields, jsonField{"autoMoveParticipantToBreakoutRoom", "false"})
	default:
		r.AutoMove, r.HasAutoMove = true, true
		fields = append(fields, jsonField{"autoMoveParticipantToBreakoutRoom", "true"})
	}
	switch rapid.IntRange(0, 3).Draw(t, label+"Name") {
	case 0:
	case 1:
		fields = append(fields, jsonField{"displayName", "null"})
	default:
		r.DisplayName, r.HasDisplayName = rapid.SampledFrom([]string{"Room 1", "Room One", "Räume ✓"}).Draw(t, label+"NameText"), true
		fields = append(fields, jsonField{"displayName", quote(r.DisplayName)})
	}
	switch rapid.IntRange(0, 3).Draw(t, label+"Invitees") {
	case 0:
	case 1:
		fields = append(fields, jsonField{"invitees", "null"})
	default:
		list, invitees := drawInvitees(t, label)
		r.Invitees, r.HasInvitees = invitees, true
		fields = append(fields, jsonField{"invitees", list})
	}
	if rapid.IntRange(0, 4).Draw(t, label+"Extra") == 0 { // fields the SDK adds over time are ignored
		fields = append(fields, jsonField{"call", `{"id":"call-x","state":"None"}`})
	}
	return object(t, label, fields), r
}

func drawInvitees(t *rapid.T, label string) (string, []lifecycle.Invitee) {
	n := rapid.IntRange(0, 3).Draw(t, label+"InviteeCount")
	var parts []string
	var out []lifecycle.Invitee
	for i := range n {
		var id lifecycle.Identifier
		var obj string
		switch rapid.IntRange(0, 2).Draw(t, label+"IdentifierKind") {
		case 0:
			id = lifecycle.Identifier{Kind: lifecycle.IdentifierCommunicationUser, ID: fmt.Sprintf("8:acs:%d", i)}
			obj = fmt.Sprintf(`{"communicationUserId":%q}`, id.ID)
		case 1:
			anon := rapid.Bool().Draw(t, label+"Anonymous")
			id = lifecycle.Identifier{Kind: lifecycle.IdentifierMicrosoftTeamsUser, ID: fmt.Sprintf("u%d", i), IsAnonymous: anon, Cloud: "public"}
			obj = fmt.Sprintf(`{"kind":"microsoftTeamsUser","microsoftTeamsUserId":%q,"isAnonymous":%v,"cloud":"public"}`, id.ID, anon)
		default:
			id = lifecycle.Identifier{Kind: lifecycle.IdentifierPhoneNumber, ID: fmt.Sprintf("+1425555010%d", i), RawID: fmt.Sprintf("4:+1425555010%d", i)}
			obj = fmt.Sprintf(`{"phoneNumber":%q,"rawId":%q}`, id.ID, id.RawID)
		}
		parts = append(parts, `{"identifier":`+obj+`}`)
		out = append(out, lifecycle.Invitee{Identifier: id})
	}
	return "[" + strings.Join(parts, ",") + "]", out
}

// drawAssignedEvent draws an assignedBreakoutRooms event: a room, or (one
// time in five) no room, which removes the assignment.
func drawAssignedEvent(t *rapid.T) sdkEvent {
	typ := "assignedBreakoutRooms"
	if rapid.IntRange(0, 9).Draw(t, "aliasSpelling") == 0 {
		typ = "assignedBreakoutRoom" // the alias, still accepted
	}
	in := lifecycle.Input{Kind: lifecycle.InputAssignedRoom}
	if rapid.IntRange(0, 4).Draw(t, "unassign") == 0 {
		return sdkEvent{JSON: eventJSON(t, typ, absentOrNull(t, "data")), Input: in}
	}
	data, room := drawRoom(t, "room")
	in.Room = &room
	return sdkEvent{JSON: eventJSON(t, typ, data), Input: in}
}

// drawOpenRoomEvent draws an assignment of an open room other than the one
// named by except (none when it is "").
func drawOpenRoomEvent(t *rapid.T, except string) sdkEvent {
	var threads []string
	for _, th := range roomThreads {
		if th != except {
			threads = append(threads, th)
		}
	}
	room := lifecycle.Room{ThreadID: rapid.SampledFrom(threads).Draw(t, "openThread"), State: lifecycle.RoomOpen}
	fields := []jsonField{{"threadId", quote(room.ThreadID)}, {"state", `"open"`}}
	if rapid.Bool().Draw(t, "openAutoMove") {
		room.AutoMove, room.HasAutoMove = true, true
		fields = append(fields, jsonField{"autoMoveParticipantToBreakoutRoom", "true"})
	}
	return sdkEvent{JSON: eventJSON(t, "assignedBreakoutRooms", object(t, "openRoom", fields)), Input: lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &room}}
}

// endOffsets are the distances of a room's end from now that matter to R11:
// past, at, just inside and just outside the 30 s closing-soon lead, later.
var endOffsets = []time.Duration{
	-time.Minute, -time.Second, 0, 10 * time.Second, 30*time.Second - time.Millisecond, 30 * time.Second,
	30*time.Second + time.Millisecond, 45 * time.Second, 2 * time.Minute, time.Hour,
}

// farEnds are end times far from any meeting's now.
var farEnds = []time.Time{
	time.Date(1969, 12, 31, 23, 59, 0, 0, time.UTC),
	time.Date(9999, 12, 31, 21, 59, 59, 0, time.UTC), // +02:00 keeps it in year 9999
}

// drawSettingsEvent draws a breakoutRoomsSettings event whose end time, if
// any, lies at an interesting distance from now, in any of the forms the
// SDK sends it.
func drawSettingsEvent(t *rapid.T, now time.Time) sdkEvent {
	typ := "breakoutRoomsSettings"
	if rapid.IntRange(0, 9).Draw(t, "aliasSpelling") == 0 {
		typ = "breakoutRoomSettings"
	}
	in := lifecycle.Input{Kind: lifecycle.InputSettings}
	if rapid.IntRange(0, 6).Draw(t, "undefined") == 0 {
		return sdkEvent{JSON: eventJSON(t, typ, absentOrNull(t, "data")), Input: in}
	}
	var s lifecycle.Settings
	var fields []jsonField
	switch rapid.IntRange(0, 5).Draw(t, "disable") {
	case 0: // absent: a return is not allowed until settings say so
	case 1:
		fields = append(fields, jsonField{"disableReturnToMainMeeting", "null"})
	case 2:
		s.HasDisableReturn, s.DisableReturn = true, true
		fields = append(fields, jsonField{"disableReturnToMainMeeting", "true"})
	default:
		s.HasDisableReturn = true
		fields = append(fields, jsonField{"disableReturnToMainMeeting", "false"})
	}
	if end, ok := drawEndTime(t, now, &s); ok {
		fields = append(fields, jsonField{"roomEndTime", end})
	}
	in.Settings = &s
	return sdkEvent{JSON: eventJSON(t, typ, object(t, "settings", fields)), Input: in}
}

// drawEndTime draws a roomEndTime value and fills s with what it says; ok is
// false when the field is left out.
func drawEndTime(t *rapid.T, now time.Time, s *lifecycle.Settings) (string, bool) {
	form := rapid.IntRange(0, 9).Draw(t, "endForm")
	if form == 0 {
		return "", false
	}
	offset := rapid.SampledFrom(endOffsets).Draw(t, "endOffset")
	end := now.Add(offset).Truncate(time.Millisecond).UTC()
	if end.After(farEnds[1]) {
		end = farEnds[1] // an RFC 3339 string must stay in the year 9999, with any offset
	}
	if rapid.IntRange(0, 49).Draw(t, "endFar") == 0 {
		// Valid RFC 3339 times far from now: before the Unix epoch, and the
		// last hours of year 9999.
		end = rapid.SampledFrom(farEnds).Draw(t, "endFarTime")
		offset = end.Sub(now)
	}
	switch form {
	case 1:
		return "null", true
	case 2:
		s.EndKind = lifecycle.EndTimeEmpty
		return `""`, true
	case 3, 4: // an RFC 3339 string, with Z, an offset, or none (UTC)
		s.EndKind, s.EndAt = lifecycle.EndTimeString, end
		switch rapid.IntRange(0, 2).Draw(t, "endZone") {
		case 0:
			s.EndText = end.Format("2006-01-02T15:04:05.000Z")
		case 1:
			s.EndText = end.In(time.FixedZone("", 2*3600)).Format("2006-01-02T15:04:05.000-07:00")
		default:
			s.EndText = end.Format("2006-01-02T15:04:05.000")
		}
		return quote(s.EndText), true
	case 5, 6:
		ms := float64(max(end.UnixMilli(), 0)) // a timestamp is not negative
		if rapid.IntRange(0, 3).Draw(t, "endFraction") == 0 {
			ms += 0.5 // a fraction of a millisecond is truncated
		}
		s.EndKind, s.EndNumber, s.EndAt = lifecycle.EndTimeAttempt, ms, time.UnixMilli(int64(math.Trunc(ms))).UTC()
		return object(t, "attempt", []jsonField{{"attemptTimestamp", strconv.FormatFloat(ms, 'f', -1, 64)}}), true
	case 7, 8:
		d := max(offset, 0)
		ms := float64(d.Milliseconds())
		s.EndKind, s.EndNumber, s.Delta = lifecycle.EndTimeDelta, ms, time.Duration(ms)*time.Millisecond
		fields := []jsonField{{"deltaTimeInMs", strconv.FormatFloat(ms, 'f', -1, 64)}}
		if rapid.Bool().Draw(t, "endNullAttempt") {
			fields = append(fields, jsonField{"attemptTimestamp", "null"})
		}
		return object(t, "delta", fields), true
	}
	if rapid.Bool().Draw(t, "endEmptyKind") {
		s.EndKind = lifecycle.EndTimeEmptyAttempt
		return `{"attemptTimestamp":""}`, true
	}
	s.EndKind = lifecycle.EndTimeEmptyDelta
	return `{"deltaTimeInMs":""}`, true
}

// drawRoomListEvent draws a breakoutRooms event: the list of every room, or
// no data.
func drawRoomListEvent(t *rapid.T) sdkEvent {
	in := lifecycle.Input{Kind: lifecycle.InputRoomList}
	if rapid.IntRange(0, 4).Draw(t, "undefined") == 0 {
		return sdkEvent{JSON: eventJSON(t, "breakoutRooms", absentOrNull(t, "data")), Input: in}
	}
	n := rapid.IntRange(0, 3).Draw(t, "rooms")
	parts := make([]string, n)
	for i := range n {
		var r lifecycle.Room
		parts[i], r = drawRoom(t, fmt.Sprintf("list%d", i))
		in.Rooms = append(in.Rooms, r)
	}
	in.RoomsDefined = true
	return sdkEvent{JSON: eventJSON(t, "breakoutRooms", "["+strings.Join(parts, ",")+"]"), Input: in}
}

// drawJoinEvent draws the SDK's join event, with the breakout call object.
func drawJoinEvent(t *rapid.T) sdkEvent {
	id := rapid.SampledFrom([]string{"call-1", "call-2"}).Draw(t, "callId")
	fields := []jsonField{{"id", quote(id)}}
	if rapid.Bool().Draw(t, "callState") {
		fields = append(fields, jsonField{"state", `"Connecting"`})
	}
	return sdkEvent{JSON: eventJSON(t, "join", object(t, "call", fields)), Input: lifecycle.Input{Kind: lifecycle.InputJoinEvent, CallID: id}}
}

// malformedEvents are events the decoder must refuse with 46258 (R24), each
// with the field its message must name. They are what a buggy SDK build, a
// proxy or a hand-written trace could send.
var malformedEvents = []struct {
	json, why, field string
}{
	{`"assignedBreakoutRooms"`, "the event is a string", ""},
	{`[{"type":"join"}]`, "the event is an array", ""},
	{`null`, "the event is null", ""},
	{`{"type":"assignedBreakoutRooms","data":`, "not valid JSON", ""},
	{`{"data":{"threadId":"19:r1","state":"open"}}`, "no type", "type"},
	{`{"type":42}`, "type is a number", "type"},
	{`{"type":"breakoutRoomz"}`, "unknown type", "type"},
	{`{"type":"assignedBreakoutRooms","data":[]}`, "room data is an array", "data"},
	{`{"type":"assignedBreakoutRooms","data":{"state":"open"}}`, "room without threadId", "data.threadId"},
	{`{"type":"assignedBreakoutRooms","data":{"threadId":"","state":"open"}}`, "empty threadId", "data.threadId"},
	{`{"type":"assignedBreakoutRooms","data":{"threadId":42,"state":"open"}}`, "threadId is a number", "data.threadId"},
	{`{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1"}}`, "room without state", "data.state"},
	{`{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","state":"opened"}}`, "unknown state", "data.state"},
	{`{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","state":true}}`, "state is a boolean", "data.state"},
	{`{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","state":"open","displayName":7}}`, "displayName is a number", "data.displayName"},
	{`{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","state":"open","autoMoveParticipantToBreakoutRoom":"yes"}}`, "autoMove is a string", "data.autoMoveParticipantToBreakoutRoom"},
	{`{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","state":"open","invitees":{}}}`, "invitees is an object", "data.invitees"},
	{`{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","state":"open","invitees":[{}]}}`, "invitee without identifier", "data.invitees[0].identifier"},
	{`{"type":"assignedBreakoutRooms","data":{"threadId":"19:r1","threadId":"19:r2","state":"open"}}`, "threadId given twice", "data.threadId"},
	{`{"type":"breakoutRoomsSettings","data":[]}`, "settings data is an array", "data"},
	{`{"type":"breakoutRoomsSettings","data":{"disableReturnToMainMeeting":"no"}}`, "disableReturn is a string", "data.disableReturnToMainMeeting"},
	{`{"type":"breakoutRoomsSettings","data":{"roomEndTime":"tomorrow"}}`, "roomEndTime is not a date-time", "data.roomEndTime"},
	{`{"type":"breakoutRoomsSettings","data":{"roomEndTime":"2026-13-01T10:00:00Z"}}`, "roomEndTime month 13", "data.roomEndTime"},
	{`{"type":"breakoutRoomsSettings","data":{"roomEndTime":1767607200000}}`, "roomEndTime is a bare number", "data.roomEndTime"},
	{`{"type":"breakoutRoomsSettings","data":{"roomEndTime":{"deltaTimeInMs":-5}}}`, "negative delta", "data.roomEndTime.deltaTimeInMs"},
	{`{"type":"breakoutRoomsSettings","data":{"roomEndTime":{"attemptTimestamp":true}}}`, "attemptTimestamp is a boolean", "data.roomEndTime.attemptTimestamp"},
	{`{"type":"breakoutRoomsSettings","data":{"roomEndTime":{}}}`, "roomEndTime object without a time", "data.roomEndTime"},
	{`{"type":"breakoutRoomsSettings","data":{"roomEndTime":{"attemptTimestamp":1,"deltaTimeInMs":2}}}`, "both time keys", "data.roomEndTime"},
	{`{"type":"breakoutRoomsSettings","data":{"roomEndTime":{"deltaTimeInMs":"5"}}}`, "delta is a non-empty string", "data.roomEndTime.deltaTimeInMs"},
	{`{"type":"breakoutRooms","data":{"threadId":"19:r1","state":"open"}}`, "room list is an object", "data"},
	{`{"type":"breakoutRooms","data":[{"threadId":"19:r1"}]}`, "listed room without state", "data[0].state"},
	{`{"type":"breakoutRooms","data":[7]}`, "listed room is a number", "data[0]"},
	{`{"type":"join"}`, "join without data", "data"},
	{`{"type":"join","data":null}`, "join with null data", "data"},
	{`{"type":"join","data":{"id":""}}`, "join with an empty id", "data.id"},
	{`{"type":"join","data":{"id":5}}`, "join id is a number", "data.id"},
	{`{"type":"join","data":{"state":"Connecting"}}`, "join without id", "data.id"},
}

// drawMalformedEvent draws an event the decoder must refuse.
func drawMalformedEvent(t *rapid.T) sdkEvent {
	i := rapid.IntRange(0, len(malformedEvents)-1).Draw(t, "malformed")
	e := malformedEvents[i]
	return sdkEvent{JSON: []byte(e.json), Malformed: e.why, Field: e.field}
}

// drawEvent draws any SDK event, readable or (one time in eight) not.
func drawEvent(t *rapid.T, now time.Time) sdkEvent {
	switch rapid.IntRange(0, 7).Draw(t, "eventKind") {
	case 0:
		return drawMalformedEvent(t)
	case 1, 2, 3:
		return drawAssignedEvent(t)
	case 4, 5:
		return drawSettingsEvent(t, now)
	case 6:
		return drawRoomListEvent(t)
	}
	return drawJoinEvent(t)
}
