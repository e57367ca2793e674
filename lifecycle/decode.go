package lifecycle

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
)

// This file reads and writes the SDK's breakoutRoomsUpdated event objects
// (BEHAVIOR.md §2, rule R24).
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

// DecodeEvent reads one breakoutRoomsUpdated event object, exactly as the
// SDK's listener receives it (the value of a trace line's "sdk" key). An
// unreadable event gives a 46258 error (rule R24) whose message names the
// field (a JSON path like `data.state` or `data.invitees[2].identifier`) and
// what was wrong.
//
// Accepted event types are assignedBreakoutRooms, breakoutRoomsSettings,
// breakoutRooms and join, plus the seed's spellings assignedBreakoutRoom and
// breakoutRoomSettings. Unknown keys are ignored anywhere (the SDK adds
// fields over time), and null counts as absent for every optional field.
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
func DecodeEvent(data []byte) (Input, *errcodes.Error) {
	if !json.Valid(data) {
		return Input{}, unreadableEvent("", "the event is not valid JSON; expected a breakoutRoomsUpdated event object")
	}
	r := eventReader{b: data}
	r.skipSpace()
	if r.peek() != '{' {
		return Input{}, unreadableEvent("", "the event is %s; expected a breakoutRoomsUpdated event object", r.typeName())
	}

	var typ []byte
	hasType := false
	dataAt := -1 // offset of the data value; -1 when absent or null
	var seen uint8
	r.enter()
	for {
		key, ok := r.nextKey()
		if !ok {
			break
		}
		switch string(key) {
		case "type":
			if repeatedKey(&seen, 1) {
				return Input{}, unreadableEvent("type", "is given twice")
			}
			switch r.peek() {
			case 'n':
				r.skip()
			case '"':
				typ, hasType = r.rawString(), true
			default:
				return Input{}, unreadableEvent("type", "is %s; expected a string naming the event type", r.typeName())
			}
		case "data":
			if repeatedKey(&seen, 2) {
				return Input{}, unreadableEvent("data", "is given twice")
			}
			if r.peek() != 'n' {
				dataAt = r.i
			}
			r.skip()
		default:
			r.skip()
		}
	}
	if !hasType {
		return Input{}, unreadableEvent("type", "is missing; expected %s", eventTypesExpected)
	}

	var in Input
	d := eventReader{b: data, i: dataAt}
	var err *errcodes.Error
	switch string(typ) {
	case "assignedBreakoutRooms", "assignedBreakoutRoom":
		in.Kind = InputAssignedRoom
		if dataAt >= 0 {
			if d.peek() != '{' {
				return Input{}, unreadableEvent("data", "is %s; expected a BreakoutRoom object, or no data", d.typeName())
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
			if d.peek() != '{' {
				return Input{}, unreadableEvent("data", "is %s; expected a BreakoutRoomsSettings object, or no data", d.typeName())
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
			if d.peek() != '[' {
				return Input{}, unreadableEvent("data", "is %s; expected an array of BreakoutRoom objects, or no data", d.typeName())
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
		if d.peek() != '{' {
			return Input{}, unreadableEvent("data", "is %s; expected the breakout call object, with a non-empty string id", d.typeName())
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
	return errcodes.New(errcodes.UpdateFailed, errcodes.R24).WithMessage("unreadable breakoutRoomsUpdated event: " + msg)
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

// eventReader walks JSON that json.Valid has accepted. Because the input is
// known to be valid, it needs no syntax checks of its own: it only has to
// find where values start and end.
type eventReader struct {
	b []byte
	i int
}

func (r *eventReader) skipSpace() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// peek returns the first byte of the value at the read position.
func (r *eventReader) peek() byte { return r.b[r.i] }

// typeName names the JSON type of the value at the read position, for error
// messages.
func (r *eventReader) typeName() string {
	switch r.b[r.i] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		if r.b[r.i+1] == '"' {
			return "an empty string"
		}
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// enter steps into the object or array at the read position.
func (r *eventReader) enter() { r.i++ }

// nextKey moves to the next member of the object being read and returns its
// key, leaving the read position at the member's value, which the caller must
// read or skip. It returns false after the object's last member.
func (r *eventReader) nextKey() ([]byte, bool) {
	r.skipSpace()
	switch r.b[r.i] {
	case '}':
		r.i++
		return nil, false
	case ',':
		r.i++
		r.skipSpace()
	}
	key := r.rawString()
	r.skipSpace()
	r.i++ // ':'
	r.skipSpace()
	return key, true
}

// nextElement moves to the next element of the array being read; it returns
// false after the array's last element.
func (r *eventReader) nextElement() bool {
	r.skipSpace()
	switch r.b[r.i] {
	case ']':
		r.i++
		return false
	case ',':
		r.i++
		r.skipSpace()
	}
	return true
}

// skip steps over the value at the read position.
func (r *eventReader) skip() {
	switch r.b[r.i] {
	case '"':
		r.skipString()
	case '{', '[':
		depth := 0
		for {
			switch r.b[r.i] {
			case '"':
				r.skipString()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					r.i++
					return
				}
			}
			r.i++
		}
	default: // a number, true, false or null
		for r.i < len(r.b) {
			switch r.b[r.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return
			}
			r.i++
		}
	}
}

func (r *eventReader) skipString() {
	r.i++
	for {
		switch r.b[r.i] {
		case '"':
			r.i++
			return
		case '\\':
			r.i += 2
		default:
			r.i++
		}
	}
}

// rawString reads the string at the read position and returns its value. The
// result aliases the input when the string needs no decoding.
func (r *eventReader) rawString() []byte {
	start := r.i + 1
	escaped, high := false, false
	i := start
	for {
		c := r.b[i]
		if c == '"' {
			break
		}
		if c == '\\' {
			escaped = true
			i += 2
			continue
		}
		if c >= utf8.RuneSelf {
			high = true
		}
		i++
	}
	r.i = i + 1
	s := r.b[start:i]
	if !escaped && (!high || utf8.Valid(s)) {
		return s
	}
	return unescapeJSONString(s)
}

// unescapeJSONString decodes the body of a valid JSON string as encoding/json
// does: invalid UTF-8 and unpaired surrogates become U+FFFD.
func unescapeJSONString(s []byte) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			e := s[i+1]
			i += 2
			switch e {
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r := hex4(s[i:])
				i += 4
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
						r2 = hex4(s[i+2:])
					}
					if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
						out = utf8.AppendRune(out, dec)
						i += 6
						continue
					}
					r = unicode.ReplacementChar
				}
				out = utf8.AppendRune(out, r)
			default: // '"', '\\', '/'
				out = append(out, e)
			}
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				out = utf8.AppendRune(out, unicode.ReplacementChar)
			} else {
				out = append(out, s[i:i+size]...)
			}
			i += size
		}
	}
	return out
}

// hex4 reads the four hex digits that valid JSON puts after \u.
func hex4(s []byte) rune {
	var r rune
	for _, c := range s[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		default:
			c = c - 'A' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// str reads the string at the read position.
func (r *eventReader) str() string { return string(r.rawString()) }

// boolean reads the true or false at the read position.
func (r *eventReader) boolean() bool {
	if r.b[r.i] == 't' {
		r.i += 4
		return true
	}
	r.i += 5
	return false
}

// number reads the number at the read position as a float64. ok is false
// when it is beyond the float64 range.
func (r *eventReader) number() (f float64, ok bool) {
	start := r.i
	r.skip()
	f, err := strconv.ParseFloat(string(r.b[start:r.i]), 64)
	if err != nil && (math.IsInf(f, 0) || math.IsNaN(f)) {
		return 0, false
	}
	return f, true
}

// optionalString reads an optional string field: ok is false when it is null.
func (r *eventReader) optionalString(p eventPath, name string) (s string, ok bool, err *errcodes.Error) {
	switch r.peek() {
	case 'n':
		r.skip()
		return "", false, nil
	case '"':
		return r.str(), true, nil
	}
	return "", false, unreadableEvent(p.field(name), "is %s; expected a string", r.typeName())
}

// optionalBool reads an optional boolean field: ok is false when it is null.
func (r *eventReader) optionalBool(p eventPath, name string) (v, ok bool, err *errcodes.Error) {
	switch r.peek() {
	case 'n':
		r.skip()
		return false, false, nil
	case 't', 'f':
		return r.boolean(), true, nil
	}
	return false, false, unreadableEvent(p.field(name), "is %s; expected a boolean", r.typeName())
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
	r.enter()
	for {
		key, more := r.nextKey()
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
			r.skip()
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
	switch r.peek() {
	case 'n':
		r.skip()
		return nil // missing: reported once the whole room is read
	case '"':
		s := r.rawString()
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
	return unreadableEvent(p.field("state"), `is %s; expected "open" or "closed"`, r.typeName())
}

// invitees reads a room's invitees array.
func (r *eventReader) invitees(p eventPath, out *Room) *errcodes.Error {
	switch r.peek() {
	case 'n':
		r.skip()
		return nil
	case '[':
	default:
		return unreadableEvent(p.field("invitees"), "is %s; expected an array of Invitee objects", r.typeName())
	}
	out.HasInvitees = true
	r.enter()
	for n := 0; r.nextElement(); n++ {
		q := p
		q.invitee = n
		if r.peek() != '{' {
			return unreadableEvent(q.field(""), "is %s; expected an Invitee object with an identifier", r.typeName())
		}
		var inv Invitee
		hasIdentifier := false
		r.enter()
		for {
			key, more := r.nextKey()
			if !more {
				break
			}
			if string(key) != "identifier" {
				r.skip()
				continue
			}
			if hasIdentifier {
				return unreadableEvent(q.field("identifier"), "is given twice")
			}
			if r.peek() == 'n' {
				r.skip()
				continue
			}
			if r.peek() != '{' {
				return unreadableEvent(q.field("identifier"), "is %s; expected a CommunicationIdentifier object", r.typeName())
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
// are ignored like any other.
func (r *eventReader) identifier(p eventPath, out *Identifier) *errcodes.Error {
	var at [identKeyCount]int // offset of each known key's value; 0 when absent or null
	r.enter()
	for {
		key, more := r.nextKey()
		if !more {
			break
		}
		for k, name := range identKeys {
			if string(key) == name {
				if at[k] != 0 {
					return unreadableEvent(p.field(name), "is given twice")
				}
				if r.peek() != 'n' {
					at[k] = r.i // never 0: the identifier's '{' comes first
				}
				break
			}
		}
		r.skip()
	}
	sub := func(k int) eventReader { return eventReader{b: r.b, i: at[k]} }

	idKey := -1
	if at[identKind] != 0 {
		v := sub(identKind)
		if v.peek() != '"' {
			return unreadableEvent(p.field("kind"), "is %s; expected %s", v.typeName(), identKindsExpected)
		}
		kind := v.rawString()
		for _, k := range identKinds {
			if string(kind) == k.name {
				out.Kind, idKey = k.kind, k.key
				break
			}
		}
		if idKey < 0 {
			return unreadableEvent(p.field("kind"), "is %s, an unknown identifier kind; expected %s", quoteForMessage(kind), identKindsExpected)
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

	readString := func(k int) (string, *errcodes.Error) {
		v := sub(k)
		if v.peek() != '"' {
			return "", unreadableEvent(p.field(identKeys[k]), "is %s; expected a string", v.typeName())
		}
		return v.str(), nil
	}
	var err *errcodes.Error
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
		if c := v.peek(); c != 't' && c != 'f' {
			return unreadableEvent(p.field("isAnonymous"), "is %s; expected a boolean", v.typeName())
		}
		out.IsAnonymous = v.boolean()
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
	r.enter()
	for n := 0; r.nextElement(); n++ {
		p := eventPath{room: n, invitee: -1}
		if r.peek() != '{' {
			return nil, unreadableEvent(p.field(""), "is %s; expected a BreakoutRoom object", r.typeName())
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
	r.enter()
	for {
		key, more := r.nextKey()
		if !more {
			break
		}
		if string(key) != "id" {
			r.skip()
			continue
		}
		if has {
			return "", unreadableEvent("data.id", "is given twice")
		}
		switch r.peek() {
		case 'n':
			r.skip()
			continue
		case '"':
			id, has = r.str(), true
			if id == "" {
				return "", unreadableEvent("data.id", "is an empty string; expected the breakout call's id, a non-empty string")
			}
		default:
			return "", unreadableEvent("data.id", "is %s; expected the breakout call's id, a non-empty string", r.typeName())
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
	r.enter()
	for {
		key, more := r.nextKey()
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
			r.skip()
		}
		if err != nil {
			return err
		}
	}
	return nil
}

const endTimeExpected = `an RFC 3339 date-time string, "", {"attemptTimestamp": ms since the epoch or ""} or {"deltaTimeInMs": ms from now or ""}`

// roomEndTime reads a settings event's roomEndTime (see DecodeEvent).
func (r *eventReader) roomEndTime(out *Settings) *errcodes.Error {
	const path = "data.roomEndTime"
	switch r.peek() {
	case 'n':
		r.skip()
		return nil
	case '"':
		s := r.rawString()
		if len(s) == 0 {
			out.EndKind = EndTimeEmpty
			return nil
		}
		t, ok := parseDateTime(s, true)
		if !ok {
			return unreadableEvent(path, "is %s, not an RFC 3339 date-time; expected %s", quoteForMessage(s), endTimeExpected)
		}
		out.EndKind, out.EndText, out.EndAt = EndTimeString, string(s), t
		return nil
	case '{':
	default:
		return unreadableEvent(path, "is %s; expected %s", r.typeName(), endTimeExpected)
	}

	// Offsets of the two keys' values: -1 when not given, 0 when given as
	// null (which counts as absent), and never 0 otherwise, since the
	// object's '{' comes first.
	attemptAt, deltaAt := -1, -1
	r.enter()
	for {
		key, more := r.nextKey()
		if !more {
			break
		}
		var slot *int
		switch string(key) {
		case "attemptTimestamp":
			slot = &attemptAt
		case "deltaTimeInMs":
			slot = &deltaAt
		default:
			r.skip()
			continue
		}
		if *slot >= 0 {
			return unreadableEvent(path+"."+string(key), "is given twice")
		}
		*slot = 0
		if r.peek() != 'n' {
			*slot = r.i
		}
		r.skip()
	}
	if attemptAt > 0 && deltaAt > 0 {
		return unreadableEvent(path, "has both attemptTimestamp and deltaTimeInMs; expected exactly one of them")
	}
	name, at := "attemptTimestamp", attemptAt
	if deltaAt > 0 {
		name, at = "deltaTimeInMs", deltaAt
	}
	if at <= 0 {
		return unreadableEvent(path, "is an object with neither attemptTimestamp nor deltaTimeInMs; expected %s", endTimeExpected)
	}
	v := eventReader{b: r.b, i: at}
	switch v.peek() {
	case '"':
		if s := v.rawString(); len(s) != 0 {
			return unreadableEvent(path+"."+name, `is the string %s; expected a non-negative number of milliseconds, or ""`, quoteForMessage(s))
		}
		if name == "attemptTimestamp" {
			out.EndKind = EndTimeEmptyAttempt
		} else {
			out.EndKind = EndTimeEmptyDelta
		}
		return nil
	case 't', 'f', '{', '[':
		return unreadableEvent(path+"."+name, `is %s; expected a non-negative number of milliseconds, or ""`, v.typeName())
	}
	f, ok := v.number()
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
	const maxDeltaMs = math.MaxInt64 / int64(time.Millisecond) // exact as a float64: below 2^53
	if ms > float64(maxDeltaMs) {
		out.Delta = time.Duration(math.MaxInt64)
	} else {
		out.Delta = time.Duration(ms) * time.Millisecond
	}
	return nil
}

// parseDateTime reads an RFC 3339 date-time,
//
//	YYYY-MM-DD "T" hh:mm:ss [ "." digits ] ( "Z" | ("+" | "-") hh:mm )
//
// with T and Z in either case (RFC 3339 §5.6), and returns it in UTC. Digits
// after the ninth of the fraction are truncated. When offsetOptional is true
// the offset may be left out, meaning UTC. A leap second (:60) is refused:
// time.Time cannot hold one. time.Parse is not used because it is laxer than
// RFC 3339 (it takes one-digit hours, a comma before the fraction and offsets
// of 24 hours or more).
func parseDateTime(s []byte, offsetOptional bool) (time.Time, bool) {
	if len(s) < len("2006-01-02T15:04:05") {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range s[i : i+n] {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, minute, sec := num(11, 2), num(14, 2), num(17, 2)
	if year < 0 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':' ||
		month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	rest := s[19:]
	nsec := 0
	if len(rest) > 0 && rest[0] == '.' {
		n := 1
		scale := int(time.Second)
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			if scale > 1 {
				scale /= 10
				nsec += int(rest[n]-'0') * scale
			}
			n++
		}
		if n == 1 {
			return time.Time{}, false
		}
		rest = rest[n:]
	}
	offset := 0
	switch {
	case len(rest) == 0:
		if !offsetOptional {
			return time.Time{}, false
		}
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	case len(rest) == len("+07:00") && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, om := num(len(s)-5, 2), num(len(s)-2, 2) // rest is the last 6 bytes
		if oh < 0 || oh > 23 || om < 0 || om > 59 {
			return time.Time{}, false
		}
		offset = (oh*60 + om) * 60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	return t.Add(-time.Duration(offset) * time.Second), true
}

func daysInMonth(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
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
		b = appendJSONString(b, in.CallID)
		b = append(b, '}')
	default:
		return nil, cannotEncode("input kind " + in.Kind.String() + " is not an SDK event")
	}
	return append(b, '}'), nil
}

func cannotEncode(msg string) *errcodes.Error {
	return errcodes.NewKind(errcodes.UnknownInput, errcodes.R24, "cannot write the SDK event: "+msg)
}

func appendRoom(b []byte, room *Room, name string) ([]byte, *errcodes.Error) {
	switch {
	case room.ThreadID == "":
		return nil, cannotEncode(name + ".ThreadID is empty")
	case room.State != RoomOpen && room.State != RoomClosed:
		return nil, cannotEncode(name + ".State is " + room.State.String() + ", not open or closed")
	case !room.HasDisplayName && room.DisplayName != "":
		return nil, cannotEncode(name + ".DisplayName is set while HasDisplayName is false")
	case !room.HasAutoMove && room.AutoMove:
		return nil, cannotEncode(name + ".AutoMove is true while HasAutoMove is false")
	case !room.HasInvitees && len(room.Invitees) > 0:
		return nil, cannotEncode(name + ".Invitees has invitees while HasInvitees is false")
	}
	b = append(b, `{"threadId":`...)
	b = appendJSONString(b, room.ThreadID)
	if room.HasDisplayName {
		b = append(b, `,"displayName":`...)
		b = appendJSONString(b, room.DisplayName)
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
			where := name + ".Invitees[" + strconv.Itoa(i) + "].Identifier"
			switch {
			case k < 0:
				return nil, cannotEncode(where + ".Kind is " + id.Kind.String())
			case id.IsAnonymous && id.Kind != IdentifierMicrosoftTeamsUser:
				return nil, cannotEncode(where + ".IsAnonymous is set on a " + id.Kind.String() + " identifier")
			case id.Cloud != "" && id.Kind != IdentifierMicrosoftTeamsUser && id.Kind != IdentifierMicrosoftTeamsApp:
				return nil, cannotEncode(where + ".Cloud is set on a " + id.Kind.String() + " identifier")
			}
			b = append(b, `{"identifier":{"kind":"`...)
			b = append(b, identKinds[k].name...)
			b = append(b, '"')
			if id.RawID != "" {
				b = append(b, `,"rawId":`...)
				b = appendJSONString(b, id.RawID)
			}
			b = append(b, ',', '"')
			b = append(b, identKeys[identKinds[k].key]...)
			b = append(b, '"', ':')
			b = appendJSONString(b, id.ID)
			if id.IsAnonymous {
				b = append(b, `,"isAnonymous":true`...)
			}
			if id.Cloud != "" {
				b = append(b, `,"cloud":`...)
				b = appendJSONString(b, id.Cloud)
			}
			b = append(b, '}', '}')
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

func appendSettings(b []byte, s *Settings) ([]byte, *errcodes.Error) {
	if !s.HasDisableReturn && s.DisableReturn {
		return nil, cannotEncode("Settings.DisableReturn is true while HasDisableReturn is false")
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
			if _, ok := parseDateTime([]byte(s.EndText), true); !ok {
				return nil, cannotEncode("Settings.EndText " + strconv.Quote(s.EndText) + " is not an RFC 3339 date-time")
			}
			b = appendJSONString(b, s.EndText)
		} else {
			if y := s.EndAt.UTC().Year(); y < 0 || y > 9999 {
				return nil, cannotEncode("Settings.EndAt is outside the years RFC 3339 can write")
			}
			b = append(b, '"')
			b = s.EndAt.UTC().AppendFormat(b, time.RFC3339Nano)
			b = append(b, '"')
		}
	case EndTimeAttempt, EndTimeDelta:
		f := s.EndNumber
		if f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, cannotEncode("Settings.EndNumber " + strconv.FormatFloat(f, 'g', -1, 64) + " is not a non-negative finite number")
		}
		if s.EndKind == EndTimeAttempt {
			b = append(b, `{"attemptTimestamp":`...)
		} else {
			b = append(b, `{"deltaTimeInMs":`...)
		}
		b = appendJSONNumber(b, f)
		b = append(b, '}')
	case EndTimeEmptyAttempt:
		b = append(b, `{"attemptTimestamp":""}`...)
	case EndTimeEmptyDelta:
		b = append(b, `{"deltaTimeInMs":""}`...)
	default:
		return nil, cannotEncode("Settings.EndKind " + s.EndKind.String() + " is not an end-time form")
	}
	return append(b, '}'), nil
}

// appendJSONNumber writes f as encoding/json does: the shortest form that
// reads back as the same float64, with an exponent only for very small or
// very large values.
func appendJSONNumber(b []byte, f float64) []byte {
	format := byte('f')
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' { // 1e-07 becomes 1e-7
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendJSONString writes s as a JSON string. Invalid UTF-8 is written as
// U+FFFD, as encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
