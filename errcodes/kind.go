package errcodes

import (
	"fmt"
	"strconv"
)

// Kind says whether an error carries one of the SDK's subcodes (KindSDK) or is
// one of the project's own refusal kinds, for conditions the SDK's table does
// not describe. A project kind never borrows a subcode. Kind is an error so
// that errors.Is(err, errcodes.ReturnDisabled) matches.
type Kind uint8

// The kinds. KindInvalid is the zero value and names none.
const (
	kindInvalid Kind = iota
	// KindSDK: the error carries an SDK subcode.
	KindSDK
	ReturnDisabled
	AlreadyInRoom
	ParticipantLeft
	UnknownInput
	UnexpectedInput
	MainHangUpFailed

	kindEnd
)

type kindText struct {
	name string
	// message is the default message of an error of this kind.
	message string
	// description says what the kind means and when it happens.
	description string
	// resolution says what to do about it.
	resolution string
}

var kinds = [...]kindText{
	KindSDK: {
		name:        "sdk",
		message:     "breakout-room SDK error",
		description: "The error carries one of the SDK's breakout-room subcodes (46250 to 46263).",
		resolution:  "See the subcode's row in the SDK table.",
	},
	ReturnDisabled: {
		name:    "returnDisabled",
		message: "returning to the main meeting is not allowed by this breakout room's settings",
		description: "The participant asked to leave a breakout room (returnToMainMeeting, or hanging up the " +
			"breakout call) while the room's settings forbid a return: disableReturnToMainMeeting is true, or no " +
			"settings have said otherwise yet (R15). Nothing changes.",
		resolution: "Stay until the room closes or the organizer allows returns; leaving the whole meeting is always possible.",
	},
	AlreadyInRoom: {
		name:        "alreadyInRoom",
		message:     "already joining or in this breakout room",
		description: "join was asked for while the participant is already joining, or already in, that same room (R5).",
		resolution:  "Nothing to do: the participant is in the room or on its way there.",
	},
	ParticipantLeft: {
		name:    "participantLeft",
		message: "the participant has left the meeting",
		description: "Any input after the participant left the meeting or the meeting ended: leaving is final " +
			"(R5, R22).",
		resolution: "Start a new participant machine to take part in a meeting again.",
	},
	UnknownInput: {
		name:    "unknownInput",
		message: "unknown input",
		description: "The input is not one the engine knows: an unknown action or outcome op, a trace line that " +
			"is not JSON or has unknown or too many keys, a bad or late config line, a time earlier than the clock " +
			"(R24, trace format).",
		resolution: "Correct the input against the trace format; the message names what was wrong.",
	},
	UnexpectedInput: {
		name:    "unexpectedInput",
		message: "input not expected in the current state",
		description: "A well-formed input the current state cannot take, such as an outcome with no effect of " +
			"that kind in flight, or join while returning (R24). Nothing changes.",
		resolution: "Check the order of inputs: report an outcome only for an effect that was issued and is still in flight.",
	},
	MainHangUpFailed: {
		name:    "mainHangUpFailed",
		message: "hanging up the main meeting call failed",
		description: "After an attendee's breakout call connected, hanging up its main call failed (R9a). The SDK " +
			"has no subcode for this.",
		resolution: "Nothing is required: the participant stays in the room with the main call held, and its " +
			"return resumes that call instead of rejoining.",
	},
}

// Valid reports whether k is one of the kinds.
func (k Kind) valid() bool { return k > kindInvalid && k < kindEnd }

// Error returns the kind's name as the JSON error format writes it
// ("returnDisabled"); a Kind is an error so that errors.Is(err,
// errcodes.ReturnDisabled) asks for it, and fmt prints that name. A value
// that names no kind prints as "Kind(n)".
func (k Kind) Error() string {
	if !k.valid() {
		return "Kind(" + strconv.Itoa(int(k)) + ")"
	}
	return kinds[k].name
}

// DefaultMessage is the message newKind uses when it is given none.
func (k Kind) defaultMessage() string {
	if !k.valid() {
		return "invalid error kind " + k.Error()
	}
	return kinds[k].message
}

// Description says what the kind means and when it happens, for the docs.
func (k Kind) description() string {
	if !k.valid() {
		return ""
	}
	return kinds[k].description
}

// Resolution says what to do about an error of this kind.
func (k Kind) resolution() string {
	if !k.valid() {
		return ""
	}
	return kinds[k].resolution
}

// AllKinds returns every kind, KindSDK first, then the project's kinds in
// declaration order. The slice is new on each call.
func allKinds() []Kind {
	all := make([]Kind, 0, int(kindEnd)-1)
	for k := KindSDK; k < kindEnd; k++ {
		all = append(all, k)
	}
	return all
}

// ParseKind returns the kind named s, exactly as String writes it.
func parseKind(s string) (Kind, bool) {
	for k := KindSDK; k < kindEnd; k++ {
		if kinds[k].name == s {
			return k, true
		}
	}
	return kindInvalid, false
}

// MarshalText writes the kind's name. A value that names no kind is an error.
func (k Kind) marshalText() ([]byte, error) {
	if !k.valid() {
		return nil, fmt.Errorf("errcodes: %v is not an error kind", k)
	}
	return []byte(kinds[k].name), nil
}

// UnmarshalText reads a kind's name, as MarshalText writes it.
func (k *Kind) unmarshalText(text []byte) error {
	v, ok := parseKind(string(text))
	if !ok {
		return fmt.Errorf("errcodes: unknown error kind %q", text)
	}
	*k = v
	return nil
}

var (
	_ error = Kind(0)
)
