package lifecycle

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/jsonscan"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
)

// This file reads and writes the SDK's breakoutRoomsUpdated event objects
// (docs/TRACE.md#sdk-events, rule R24).
//
// Reading is done by a small walker over input that encoding/json has already
// found valid (json.Valid allocates nothing). The walker visits each key once,
// checks each value's JSON type itself, allocates only for the strings it
// keeps, and knows where it is, so an unreadable event is refused with the
// JSON path of the field at fault. json.Unmarshal into structs could not tell
// a missing field from a null one or a wrong type from a right one without
// an intermediate json.RawMessage per field, and would match keys
// case-insensitively ("ThreadId" is not the SDK's field).
//
// Choices the behaviour of record leaves open, made here:
//   - A known key given twice in one object is refused: a JavaScript object
//     cannot hold a key twice, so such an event was not written by the SDK,
//     and picking one of the two would be a guess. Unknown keys are ignored,
//     repeated or not.
//   - Strings are read as encoding/json reads them: invalid UTF-8 and lone
//     UTF-16 surrogates become U+FFFD.
//   - A number beyond the range of a float64 (1e400) is unreadable: JavaScript
//     would have made it Infinity, which is not a time.
//   - An identifier kind other than the five known ones is not refused:
//     @azure/communication-common adds kinds over time ("teamsExtensionUser"),
//     and a room is still a room whoever is invited to it.

// DecodeEvent reads one breakoutRoomsUpdated event object, exactly as the
// SDK's listener receives it (the value of a trace line's "sdk" key). An
// unreadable event gives a 46258 error (rule R24) whose message names the
// field (a JSON path like `data.state` or `data.invitees[2].identifier`) and
// what was wrong.
//
// Accepted event types are assignedBreakoutRooms, breakoutRoomsSettings,
// breakoutRooms and join, plus the aliases assignedBreakoutRoom and
// breakoutRoomSettings (the singular spellings of the interface listings in
// Microsoft's original breakout-rooms how-to). Unknown keys are ignored
// anywhere (the SDK adds fields over time), and null counts as absent for
// every optional field.
//
// An invitee's identifier takes its kind from "kind", or, without one, from
// the first of communicationUserId, phoneNumber, microsoftTeamsUserId,
// teamsAppId and id it carries. A kind string other than the five known
// ones gives IdentifierUnknown with ID and RawID its rawId, or, without a
// rawId, ID its id field (else empty); its other fields are ignored.
//
// roomEndTime is read as follows:
//   - "" gives EndTimeEmpty;
//   - any other string must be an RFC 3339 date-time (upper- or lower-case T
//     and Z, as RFC 3339 allows; at least one fraction digit after a '.'; the
//     offset may be omitted, meaning UTC) and gives EndTimeString with EndText
//     as sent and EndAt in UTC; a leap second (:60) is refused, as Go's time
//     package cannot hold one;
//   - {"attemptTimestamp": n} gives EndTimeAttempt with EndNumber n and EndAt
//     n milliseconds after the Unix epoch, in UTC;
//   - {"deltaTimeInMs": n} gives EndTimeDelta with EndNumber n and Delta;
//   - {"attemptTimestamp": ""} and {"deltaTimeInMs": ""} give
//     EndTimeEmptyAttempt and EndTimeEmptyDelta.
//
// n must be a non-negative number; a fraction of a millisecond is truncated
// from EndAt and Delta (EndNumber keeps it). A number too large for the time
// saturates instead of wrapping: EndAt to time.UnixMilli(math.MaxInt64)
// (about the year 292 million, the latest time a millisecond count can
// express), Delta to the largest time.Duration (about 292 years).
func DecodeEvent(data []byte) (Input, error) {
	in, err := decodeEvent(data)
	if err != nil {
		return in, err
	}
	return in, nil
}

// decodeEvent is DecodeEvent with its error as the concrete type.
func decodeEvent(data []byte) (Input, *errcodes.Error) {
	if !json.Valid(data) {
		return Input{}, unreadableEvent("", "the event is not valid JSON; expected a breakoutRoomsUpdated event object")
	}
	r := eventReader{jsonscan.NewReader(data)}
	r.SkipSpace()
	if r.Peek() != '{' {
		return Input{}, unreadableEvent("", "the event is %s; expected a breakoutRoomsUpdated event object", r.TypeName())
	}

	var typ []byte
	hasType := false
	dataAt := -1 // offset of the data value; -1 when absent or null
	var seen uint8
	r.Enter()
	for {
		key, ok := r.NextKey()
		if !ok {
			break
		}
		switch string(key) {
		case "type":
			if repeatedKey(&seen, 1) {
				return Input{}, unreadableEvent("type", "is given twice")
			}
			switch r.Peek() {
			case 'n':
				r.Skip()
			case '"':
				typ, hasType = r.RawString(), true
			default:
				return Input{}, unreadableEvent("type", "is %s; expected a string naming the event type", r.TypeName())
			}
		case "data":
			if repeatedKey(&seen, 2) {
				return Input{}, unreadableEvent("data", "is given twice")
			}
			if r.Peek() != 'n' {
				dataAt = r.Pos()
			}
			r.Skip()
		default:
			r.Skip()
		}
	}
	if !hasType {
		return Input{}, unreadableEvent("type", "is missing; expected %s", eventTypesExpected)
	}

	var in Input
	d := eventReader{r.At(dataAt)}
	var err *errcodes.Error
	switch string(typ) {
	case "assignedBreakoutRooms", "assignedBreakoutRoom":
		in.Kind = InputAssignedRoom
		if dataAt >= 0 {
			if d.Peek() != '{' {
				return Input{}, unreadableEvent("data", "is %s; expected a BreakoutRoom object, or no data", d.TypeName())
			}
			room := new(Room)
			if err = d.room(eventPath{room: -1, invitee: -1}, room); err != nil {
				return Input{}, err
			}
			in.Room = room
		}
	case "breakoutRoomsSettings", "breakoutRoomSettings":
		in.Kind = InputSettings
		if dataAt >= 0 {
			if d.Peek() != '{' {
				return Input{}, unreadableEvent("data", "is %s; expected a BreakoutRoomsSettings object, or no data", d.TypeName())
			}
			s := new(Settings)
			if err = d.settings(s); err != nil {
				return Input{}, err
			}
			in.Settings = s
		}
	case "breakoutRooms":
		in.Kind = InputRoomList
		if dataAt >= 0 {
			if d.Peek() != '[' {
				return Input{}, unreadableEvent("data", "is %s; expected an array of BreakoutRoom objects, or no data", d.TypeName())
			}
			in.RoomsDefined = true
			if in.Rooms, err = d.roomList(); err != nil {
				return Input{}, err
			}
		}
	case "join":
		in.Kind = InputJoinEvent
		if dataAt < 0 {
			return Input{}, unreadableEvent("data", "is missing; expected the breakout call object, with a non-empty string id")
		}
		if d.Peek() != '{' {
			return Input{}, unreadableEvent("data", "is %s; expected the breakout call object, with a non-empty string id", d.TypeName())
		}
		if in.CallID, err = d.joinCallID(); err != nil {
			return Input{}, err
		}
	default:
		return Input{}, unreadableEvent("type", "is %s, an unknown event type; expected %s", quoteForMessage(typ), eventTypesExpected)
	}
	return in, nil
}

const eventTypesExpected = `"assignedBreakoutRooms", "breakoutRoomsSettings", "breakoutRooms" or "join"`

// repeatedKey marks bit in *seen and reports whether it was already marked.
func repeatedKey(seen *uint8, bit uint8) bool {
	if *seen&bit != 0 {
		return true
	}
	*seen |= bit
	return false
}

// eventPath locates a field inside an event's data, for error messages. It
// holds numbers rather than a string so that building one costs nothing when
// no error is reported.
type eventPath struct {
	room    int  // index in a breakoutRooms list; -1 for the data object itself
	invitee int  // index in the room's invitees; -1 outside them
	ident   bool // inside the invitee's identifier
}

// field returns the path of the named field ("" for the located value itself).
func (p eventPath) field(name string) string {
	var b strings.Builder
	b.WriteString("data")
	if p.room >= 0 {
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(p.room))
		b.WriteByte(']')
	}
	if p.invitee >= 0 {
		b.WriteString(".invitees[")
		b.WriteString(strconv.Itoa(p.invitee))
		b.WriteByte(']')
		if p.ident {
			b.WriteString(".identifier")
		}
	}
	if name != "" {
		b.WriteByte('.')
		b.WriteString(name)
	}
	return b.String()
}

// unreadableEvent is the R24 refusal: 46258 with a message that names the
// field at fault (path; none for the event itself) and what was wrong.
func unreadableEvent(path, format string, args ...any) *errcodes.Error {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	if path != "" {
		msg = path + " " + msg
	}
	return errs.WithMessage(errs.New(errcodes.UpdateFailed, rule.R24), "unreadable breakoutRoomsUpdated event: "+msg)
}

// quoteForMessage quotes a value read from the event for an error message,
// cut to a readable length.
func quoteForMessage(s []byte) string {
	const maxRunes = 40
	n, runes := 0, 0
	for n < len(s) && runes < maxRunes {
		_, size := utf8.DecodeRune(s[n:])
		n += size
		runes++
	}
	if n == len(s) {
		return strconv.Quote(string(s))
	}
	return strconv.Quote(string(s[:n])) + "…"
}

// eventReader reads the parts of an event; jsonscan.Reader does the walking.
type eventReader struct{ jsonscan.Reader }

// optionalString reads an optional string field: ok is false when it is null.
func (r *eventReader) optionalString(p eventPath, name string) (s string, ok bool, err *errcodes.Error) {
	switch r.Peek() {
	case 'n':
		r.Skip()
		return "", false, nil
	case '"':
		return r.Str(), true, nil
	}
	return "", false, unreadableEvent(p.field(name), "is %s; expected a string", r.TypeName())
}

// optionalBool reads an optional boolean field: ok is false when it is null.
func (r *eventReader) optionalBool(p eventPath, name string) (v, ok bool, err *errcodes.Error) {
	switch r.Peek() {
	case 'n':
		r.Skip()
		return false, false, nil
	case 't', 'f':
		return r.Bool(), true, nil
	}
	return false, false, unreadableEvent(p.field(name), "is %s; expected a boolean", r.TypeName())
}

// The known keys of a BreakoutRoom, as bits for spotting repeats.
const (
	roomKeyThreadID uint8 = 1 << iota
	roomKeyDisplayName
	roomKeyState
	roomKeyAutoMove
	roomKeyInvitees
)

// room reads the BreakoutRoom object at the read position into out.
func (r *eventReader) room(p eventPath, out *Room) *errcodes.Error {
	var seen uint8
	hasThread, hasState := false, false
	r.Enter()
	for {
		key, more := r.NextKey()
		if !more {
			break
		}
		var err *errcodes.Error
		var bit uint8
		switch string(key) {
		case "threadId":
			bit = roomKeyThreadID
		case "displayName":
			bit = roomKeyDisplayName
		case "state":
			bit = roomKeyState
		case "autoMoveParticipantToBreakoutRoom":
			bit = roomKeyAutoMove
		case "invitees":
			bit = roomKeyInvitees
		default: // call, and whatever the SDK adds
			r.Skip()
			continue
		}
		if repeatedKey(&seen, bit) {
			return unreadableEvent(p.field(string(key)), "is given twice")
		}
		switch bit {
		case roomKeyThreadID:
			out.ThreadID, hasThread, err = r.optionalString(p, "threadId")
			if err == nil && hasThread && out.ThreadID == "" {
				err = unreadableEvent(p.field("threadId"), "is an empty string; expected a non-empty string")
			}
		case roomKeyDisplayName:
			out.DisplayName, out.HasDisplayName, err = r.optionalString(p, "displayName")
		case roomKeyState:
			err = r.roomState(p, out)
			hasState = err == nil && out.State != RoomStateInvalid
		case roomKeyAutoMove:
			out.AutoMove, out.HasAutoMove, err = r.optionalBool(p, "autoMoveParticipantToBreakoutRoom")
		case roomKeyInvitees:
			err = r.invitees(p, out)
		}
		if err != nil {
			return err
		}
	}
	if !hasThread {
		return unreadableEvent(p.field("threadId"), "is missing; expected a non-empty string")
	}
	if !hasState {
		return unreadableEvent(p.field("state"), `is missing; expected "open" or "closed"`)
	}
	return nil
}

func (r *eventReader) roomState(p eventPath, out *Room) *errcodes.Error {
	switch r.Peek() {
	case 'n':
		r.Skip()
		return nil // missing: reported once the whole room is read
	case '"':
		s := r.RawString()
		switch string(s) {
		case "open":
			out.State = RoomOpen
		case "closed":
			out.State = RoomClosed
		default:
			return unreadableEvent(p.field("state"), `is %s; expected "open" or "closed"`, quoteForMessage(s))
		}
		return nil
	}
	return unreadableEvent(p.field("state"), `is %s; expected "open" or "closed"`, r.TypeName())
}

// invitees reads a room's invitees array.
func (r *eventReader) invitees(p eventPath, out *Room) *errcodes.Error {
	switch r.Peek() {
	case 'n':
		r.Skip()
		return nil
	case '[':
	default:
		return unreadableEvent(p.field("invitees"), "is %s; expected an array of Invitee objects", r.TypeName())
	}
	out.HasInvitees = true
	r.Enter()
	for n := 0; r.NextElement(); n++ {
		q := p
		q.invitee = n
		if r.Peek() != '{' {
			return unreadableEvent(q.field(""), "is %s; expected an Invitee object with an identifier", r.TypeName())
		}
		var inv Invitee
		hasIdentifier := false
		r.Enter()
		for {
			key, more := r.NextKey()
			if !more {
				break
			}
			if string(key) != "identifier" {
				r.Skip()
				continue
			}
			if hasIdentifier {
				return unreadableEvent(q.field("identifier"), "is given twice")
			}
			if r.Peek() == 'n' {
				r.Skip()
				continue
			}
			if r.Peek() != '{' {
				return unreadableEvent(q.field("identifier"), "is %s; expected a CommunicationIdentifier object", r.TypeName())
			}
			hasIdentifier = true
			q.ident = true
			err := r.identifier(q, &inv.Identifier)
			q.ident = false
			if err != nil {
				return err
			}
		}
		if !hasIdentifier {
			return unreadableEvent(q.field("identifier"), "is missing; expected a CommunicationIdentifier object")
		}
		out.Invitees = append(out.Invitees, inv)
	}
	return nil
}

// The keys of a CommunicationIdentifier the reader knows, in one table so
// that the kinds and their id fields stay together.
const (
	identKind = iota
	identCommunicationUserID
	identPhoneNumber
	identTeamsUserID
	identTeamsAppID
	identID
	identRawID
	identIsAnonymous
	identCloud
	identKeyCount
)

var identKeys = [identKeyCount]string{
	"kind", "communicationUserId", "phoneNumber", "microsoftTeamsUserId", "teamsAppId", "id", "rawId", "isAnonymous", "cloud",
}

// identKinds maps each kind to its id field, in the order
// @azure/communication-common's getIdentifierKind tries them when an
// identifier comes without a kind.
var identKinds = [...]struct {
	name string
	kind IdentifierKind
	key  int
}{
	{"communicationUser", IdentifierCommunicationUser, identCommunicationUserID},
	{"phoneNumber", IdentifierPhoneNumber, identPhoneNumber},
	{"microsoftTeamsUser", IdentifierMicrosoftTeamsUser, identTeamsUserID},
	{"microsoftTeamsApp", IdentifierMicrosoftTeamsApp, identTeamsAppID},
	{"unknown", IdentifierUnknown, identID},
}

const identKindsExpected = `"communicationUser", "microsoftTeamsUser", "phoneNumber", "microsoftTeamsApp" or "unknown"`

// identifier reads the CommunicationIdentifier object at the read position.
// It first notes where each known key's value is, then reads the ones the
// identifier's kind uses: the id fields of other kinds are extra fields, and
// are ignored like any other. A kind it does not know gives an unknown
// identifier (see DecodeEvent).
func (r *eventReader) identifier(p eventPath, out *Identifier) *errcodes.Error {
	var at [identKeyCount]int // offset of each known key's value; 0 when absent or null
	r.Enter()
	for {
		key, more := r.NextKey()
		if !more {
			break
		}
		for k, name := range identKeys {
			if string(key) == name {
				if at[k] != 0 {
					return unreadableEvent(p.field(name), "is given twice")
				}
				if r.Peek() != 'n' {
					at[k] = r.Pos() // never 0: the identifier's '{' comes first
				}
				break
			}
		}
		r.Skip()
	}
	sub := func(k int) jsonscan.Reader { return r.At(at[k]) }
	readString := func(k int) (string, *errcodes.Error) {
		v := sub(k)
		if v.Peek() != '"' {
			return "", unreadableEvent(p.field(identKeys[k]), "is %s; expected a string", v.TypeName())
		}
		return v.Str(), nil
	}
	var err *errcodes.Error

	idKey := -1
	if at[identKind] != 0 {
		v := sub(identKind)
		if v.Peek() != '"' {
			return unreadableEvent(p.field("kind"), "is %s; expected %s", v.TypeName(), identKindsExpected)
		}
		kind := v.RawString()
		for _, k := range identKinds {
			if string(kind) == k.name {
				out.Kind, idKey = k.kind, k.key
				break
			}
		}
		if idKey < 0 {
			// A kind added after this reader was written: an unknown
			// identifier, whose id is its rawId, else its id field.
			out.Kind = IdentifierUnknown
			switch {
			case at[identRawID] != 0:
				if out.RawID, err = readString(identRawID); err == nil {
					out.ID = out.RawID
				}
			case at[identID] != 0:
				out.ID, err = readString(identID)
			}
			return err
		}
		if at[idKey] == 0 {
			return unreadableEvent(p.field(identKeys[idKey]), `is missing; expected a string, as kind %s requires`, strconv.Quote(identKinds[kindIndex(out.Kind)].name))
		}
	} else {
		for _, k := range identKinds {
			if at[k.key] != 0 {
				out.Kind, idKey = k.kind, k.key
				break
			}
		}
		if idKey < 0 {
			return unreadableEvent(p.field(""), "has no kind and none of communicationUserId, microsoftTeamsUserId, phoneNumber, teamsAppId or id; expected a CommunicationIdentifier")
		}
	}

	if out.ID, err = readString(idKey); err != nil {
		return err
	}
	if at[identRawID] != 0 {
		if out.RawID, err = readString(identRawID); err != nil {
			return err
		}
	}
	if out.Kind == IdentifierMicrosoftTeamsUser && at[identIsAnonymous] != 0 {
		v := sub(identIsAnonymous)
		if c := v.Peek(); c != 't' && c != 'f' {
			return unreadableEvent(p.field("isAnonymous"), "is %s; expected a boolean", v.TypeName())
		}
		out.IsAnonymous = v.Bool()
	}
	if (out.Kind == IdentifierMicrosoftTeamsUser || out.Kind == IdentifierMicrosoftTeamsApp) && at[identCloud] != 0 {
		if out.Cloud, err = readString(identCloud); err != nil {
			return err
		}
	}
	return nil
}

func kindIndex(k IdentifierKind) int {
	for i, e := range identKinds {
		if e.kind == k {
			return i
		}
	}
	return -1
}

// roomList reads the array of BreakoutRoom objects at the read position.
func (r *eventReader) roomList() ([]Room, *errcodes.Error) {
	var rooms []Room
	r.Enter()
	for n := 0; r.NextElement(); n++ {
		p := eventPath{room: n, invitee: -1}
		if r.Peek() != '{' {
			return nil, unreadableEvent(p.field(""), "is %s; expected a BreakoutRoom object", r.TypeName())
		}
		rooms = append(rooms, Room{})
		if err := r.room(p, &rooms[len(rooms)-1]); err != nil {
			return nil, err
		}
	}
	return rooms, nil
}

// joinCallID reads the id of the call object of a join event.
func (r *eventReader) joinCallID() (string, *errcodes.Error) {
	id, has := "", false
	r.Enter()
	for {
		key, more := r.NextKey()
		if !more {
			break
		}
		if string(key) != "id" {
			r.Skip()
			continue
		}
		if has {
			return "", unreadableEvent("data.id", "is given twice")
		}
		switch r.Peek() {
		case 'n':
			r.Skip()
			continue
		case '"':
			id, has = r.Str(), true
			if id == "" {
				return "", unreadableEvent("data.id", "is an empty string; expected the breakout call's id, a non-empty string")
			}
		default:
			return "", unreadableEvent("data.id", "is %s; expected the breakout call's id, a non-empty string", r.TypeName())
		}
	}
	if !has {
		return "", unreadableEvent("data.id", "is missing; expected the breakout call's id, a non-empty string")
	}
	return id, nil
}

// settings reads the BreakoutRoomsSettings object at the read position.
func (r *eventReader) settings(out *Settings) *errcodes.Error {
	var seen uint8
	p := eventPath{room: -1, invitee: -1}
	r.Enter()
	for {
		key, more := r.NextKey()
		if !more {
			break
		}
		var err *errcodes.Error
		switch string(key) {
		case "disableReturnToMainMeeting":
			if repeatedKey(&seen, 1) {
				return unreadableEvent("data.disableReturnToMainMeeting", "is given twice")
			}
			out.DisableReturn, out.HasDisableReturn, err = r.optionalBool(p, "disableReturnToMainMeeting")
		case "roomEndTime":
			if repeatedKey(&seen, 2) {
				return unreadableEvent("data.roomEndTime", "is given twice")
			}
			err = r.roomEndTime(out)
		default:
			r.Skip()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// endTimeKeys are the keys of a roomEndTime object.
var endTimeKeys = [...]string{"attemptTimestamp", "deltaTimeInMs"}

const endTimeExpected = `an RFC 3339 date-time string, "", {"attemptTimestamp": ms since the epoch or ""} or {"deltaTimeInMs": ms from now or ""}`

// roomEndTime reads a settings event's roomEndTime (see DecodeEvent).
func (r *eventReader) roomEndTime(out *Settings) *errcodes.Error {
	const path = "data.roomEndTime"
	switch r.Peek() {
	case 'n':
		r.Skip()
		return nil
	case '"':
		s := r.RawString()
		if len(s) == 0 {
			out.EndKind = EndTimeEmpty
			return nil
		}
		t, ok := jsonscan.ParseDateTime(s, true)
		if !ok {
			return unreadableEvent(path, "is %s, not an RFC 3339 date-time; expected %s", quoteForMessage(s), endTimeExpected)
		}
		out.EndKind, out.EndText, out.EndAt = EndTimeString, string(s), t
		return nil
	case '{':
	default:
		return unreadableEvent(path, "is %s; expected %s", r.TypeName(), endTimeExpected)
	}

	// Offsets of the two keys' values, -1 when not given; null counts as
	// absent, but a key given as null and again is given twice.
	var at [len(endTimeKeys)]int
	if key, stop := r.Members(endTimeKeys[:], at[:], true); stop == jsonscan.RepeatedMember {
		return unreadableEvent(path+"."+string(key), "is given twice")
	}
	for k, i := range at {
		if i < 0 {
			continue
		}
		if v := r.At(i); v.Peek() == 'n' {
			at[k] = -1
		}
	}
	attemptAt, deltaAt := at[0], at[1]
	if attemptAt >= 0 && deltaAt >= 0 {
		return unreadableEvent(path, "has both attemptTimestamp and deltaTimeInMs; expected exactly one of them")
	}
	name, valueAt := "attemptTimestamp", attemptAt
	if deltaAt >= 0 {
		name, valueAt = "deltaTimeInMs", deltaAt
	}
	if valueAt < 0 {
		return unreadableEvent(path, "is an object with neither attemptTimestamp nor deltaTimeInMs; expected %s", endTimeExpected)
	}
	v := r.At(valueAt)
	switch v.Peek() {
	case '"':
		if s := v.RawString(); len(s) != 0 {
			return unreadableEvent(path+"."+name, `is the string %s; expected a non-negative number of milliseconds, or ""`, quoteForMessage(s))
		}
		if name == "attemptTimestamp" {
			out.EndKind = EndTimeEmptyAttempt
		} else {
			out.EndKind = EndTimeEmptyDelta
		}
		return nil
	case 't', 'f', '{', '[':
		return unreadableEvent(path+"."+name, `is %s; expected a non-negative number of milliseconds, or ""`, v.TypeName())
	}
	f, _, ok := v.Number()
	if !ok {
		return unreadableEvent(path+"."+name, "is beyond the range of a number; expected a non-negative number of milliseconds")
	}
	if f < 0 {
		return unreadableEvent(path+"."+name, "is negative (%s); expected a non-negative number of milliseconds", strconv.FormatFloat(f, 'g', -1, 64))
	}
	f += 0 // -0 becomes 0
	out.EndNumber = f
	ms := math.Trunc(f)
	if name == "attemptTimestamp" {
		out.EndKind = EndTimeAttempt
		if ms >= math.MaxInt64 { // 2^63 as a float64: int64(ms) would wrap
			out.EndAt = time.UnixMilli(math.MaxInt64).UTC()
		} else {
			out.EndAt = time.UnixMilli(int64(ms)).UTC()
		}
		return nil
	}
	out.EndKind = EndTimeDelta
	if ms > float64(jsonscan.MaxDurationMs) {
		out.Delta = time.Duration(math.MaxInt64)
	} else {
		out.Delta = time.Duration(ms) * time.Millisecond
	}
	return nil
}

// EncodeEvent writes an Input of one of the four SDK kinds as the SDK's event
// object: the plural type names, fields in the order of the SDK's typings,
// absent optional fields (and undefined data) left out. Identifiers are
// written with their kind, then rawId, the kind's id field, isAnonymous (only
// when true) and cloud. roomEndTime is written as sent: EndText for
// EndTimeString (or, when EndText is empty, EndAt in RFC 3339 with
// nanoseconds, in UTC), EndNumber for the two number forms.
//
// For every Input that DecodeEvent returns, DecodeEvent(EncodeEvent(in))
// gives in back. An Input that DecodeEvent could not have produced (an empty
// threadId or call id, an invalid state or identifier kind, a flag set while
// its Has… field is false, a negative or non-finite end number, an
// unreadable EndText) is refused with an unknownInput error.
func EncodeEvent(in Input) ([]byte, error) {
	b, err := appendEvent(make([]byte, 0, 128), in)
	if err != nil {
		return nil, err
	}
	return b, nil
}

func appendEvent(b []byte, in Input) ([]byte, *errcodes.Error) {
	var err *errcodes.Error
	switch in.Kind {
	case InputAssignedRoom:
		b = append(b, `{"type":"assignedBreakoutRooms"`...)
		if in.Room != nil {
			b = append(b, `,"data":`...)
			if b, err = appendRoom(b, in.Room, "Room"); err != nil {
				return nil, err
			}
		}
	case InputSettings:
		b = append(b, `{"type":"breakoutRoomsSettings"`...)
		if in.Settings != nil {
			b = append(b, `,"data":`...)
			if b, err = appendSettings(b, in.Settings); err != nil {
				return nil, err
			}
		}
	case InputRoomList:
		b = append(b, `{"type":"breakoutRooms"`...)
		if !in.RoomsDefined {
			if len(in.Rooms) > 0 {
				return nil, cannotEncode("Rooms has rooms while RoomsDefined is false")
			}
		} else {
			b = append(b, `,"data":[`...)
			for i := range in.Rooms {
				if i > 0 {
					b = append(b, ',')
				}
				if b, err = appendRoom(b, &in.Rooms[i], "Rooms["+strconv.Itoa(i)+"]"); err != nil {
					return nil, err
				}
			}
			b = append(b, ']')
		}
	case InputJoinEvent:
		if in.CallID == "" {
			return nil, cannotEncode("a join event needs a non-empty CallID")
		}
		b = append(b, `{"type":"join","data":{"id":`...)
		b = jsonscan.AppendString(b, in.CallID)
		b = append(b, '}')
	default:
		return nil, cannotEncode("input kind " + in.Kind.String() + " is not an SDK event")
	}
	return append(b, '}'), nil
}

func cannotEncode(msg string) *errcodes.Error {
	return errs.NewKind(errcodes.UnknownInput, rule.R24, "cannot write the SDK event: "+msg)
}

// roomProblem says what makes a Room one that DecodeEvent could not have
// produced, naming the field under name, or is "" when there is nothing.
// EncodeEvent refuses such a room, and so does Apply.
func roomProblem(room *Room, name string) string {
	switch {
	case room.ThreadID == "":
		return name + ".ThreadID is empty"
	case room.State != RoomOpen && room.State != RoomClosed:
		return name + ".State is " + room.State.String() + ", not open or closed"
	case !room.HasDisplayName && room.DisplayName != "":
		return name + ".DisplayName is set while HasDisplayName is false"
	case !room.HasAutoMove && room.AutoMove:
		return name + ".AutoMove is true while HasAutoMove is false"
	case !room.HasInvitees && len(room.Invitees) > 0:
		return name + ".Invitees has invitees while HasInvitees is false"
	}
	for i := range room.Invitees {
		id := &room.Invitees[i].Identifier
		switch {
		case kindIndex(id.Kind) < 0:
			return name + ".Invitees[" + strconv.Itoa(i) + "].Identifier.Kind is " + id.Kind.String()
		case id.IsAnonymous && id.Kind != IdentifierMicrosoftTeamsUser:
			return name + ".Invitees[" + strconv.Itoa(i) + "].Identifier.IsAnonymous is set on a " + id.Kind.String() + " identifier"
		case id.Cloud != "" && id.Kind != IdentifierMicrosoftTeamsUser && id.Kind != IdentifierMicrosoftTeamsApp:
			return name + ".Invitees[" + strconv.Itoa(i) + "].Identifier.Cloud is set on a " + id.Kind.String() + " identifier"
		}
	}
	return ""
}

// settingsProblem says what makes Settings ones that DecodeEvent could not
// have produced, or is "" when there is nothing. EncodeEvent refuses such
// settings, and so does Apply.
func settingsProblem(s *Settings) string {
	if !s.HasDisableReturn && s.DisableReturn {
		return "Settings.DisableReturn is true while HasDisableReturn is false"
	}
	if s.Delta < 0 {
		return "Settings.Delta " + s.Delta.String() + " is negative"
	}
	switch s.EndKind {
	case EndTimeAbsent, EndTimeEmpty, EndTimeEmptyAttempt, EndTimeEmptyDelta:
	case EndTimeString:
		if s.EndText != "" {
			if _, ok := jsonscan.ParseDateTime([]byte(s.EndText), true); !ok {
				return "Settings.EndText " + strconv.Quote(s.EndText) + " is not an RFC 3339 date-time"
			}
		} else if y := s.EndAt.UTC().Year(); y < 0 || y > 9999 {
			return "Settings.EndAt is outside the years RFC 3339 can write"
		}
	case EndTimeAttempt, EndTimeDelta:
		if f := s.EndNumber; f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
			return "Settings.EndNumber " + strconv.FormatFloat(f, 'g', -1, 64) + " is not a non-negative finite number"
		}
	default:
		return "Settings.EndKind " + s.EndKind.String() + " is not an end-time form"
	}
	return ""
}

func appendRoom(b []byte, room *Room, name string) ([]byte, *errcodes.Error) {
	if msg := roomProblem(room, name); msg != "" {
		return nil, cannotEncode(msg)
	}
	b = append(b, `{"threadId":`...)
	b = jsonscan.AppendString(b, room.ThreadID)
	if room.HasDisplayName {
		b = append(b, `,"displayName":`...)
		b = jsonscan.AppendString(b, room.DisplayName)
	}
	b = append(b, `,"state":"`...)
	b = append(b, room.State.String()...)
	b = append(b, '"')
	if room.HasAutoMove {
		b = append(b, `,"autoMoveParticipantToBreakoutRoom":`...)
		b = strconv.AppendBool(b, room.AutoMove)
	}
	if room.HasInvitees {
		b = append(b, `,"invitees":[`...)
		for i := range room.Invitees {
			if i > 0 {
				b = append(b, ',')
			}
			id := &room.Invitees[i].Identifier
			k := kindIndex(id.Kind)
			b = append(b, `{"identifier":{"kind":"`...)
			b = append(b, identKinds[k].name...)
			b = append(b, '"')
			if id.RawID != "" {
				b = append(b, `,"rawId":`...)
				b = jsonscan.AppendString(b, id.RawID)
			}
			b = append(b, ',', '"')
			b = append(b, identKeys[identKinds[k].key]...)
			b = append(b, '"', ':')
			b = jsonscan.AppendString(b, id.ID)
			if id.IsAnonymous {
				b = append(b, `,"isAnonymous":true`...)
			}
			if id.Cloud != "" {
				b = append(b, `,"cloud":`...)
				b = jsonscan.AppendString(b, id.Cloud)
			}
			b = append(b, '}', '}')
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

func appendSettings(b []byte, s *Settings) ([]byte, *errcodes.Error) {
	if msg := settingsProblem(s); msg != "" {
		return nil, cannotEncode(msg)
	}
	b = append(b, '{')
	if s.HasDisableReturn {
		b = append(b, `"disableReturnToMainMeeting":`...)
		b = strconv.AppendBool(b, s.DisableReturn)
	}
	if s.EndKind == EndTimeAbsent {
		return append(b, '}'), nil
	}
	if s.HasDisableReturn {
		b = append(b, ',')
	}
	b = append(b, `"roomEndTime":`...)
	switch s.EndKind {
	case EndTimeEmpty:
		b = append(b, `""`...)
	case EndTimeString:
		if s.EndText != "" {
			b = jsonscan.AppendString(b, s.EndText)
		} else {
			b = append(b, '"')
			b = s.EndAt.UTC().AppendFormat(b, time.RFC3339Nano)
			b = append(b, '"')
		}
	case EndTimeAttempt, EndTimeDelta:
		f := s.EndNumber
		if s.EndKind == EndTimeAttempt {
			b = append(b, `{"attemptTimestamp":`...)
		} else {
			b = append(b, `{"deltaTimeInMs":`...)
		}
		b = jsonscan.AppendNumber(b, f)
		b = append(b, '}')
	case EndTimeEmptyAttempt:
		b = append(b, `{"attemptTimestamp":""}`...)
	case EndTimeEmptyDelta:
		b = append(b, `{"deltaTimeInMs":""}`...)
	}
	return append(b, '}'), nil
}
