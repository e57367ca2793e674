package policy

import (
	"fmt"
	mathbits "math/bits"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
)

// Condition is one guard atom. The lifecycle table's guards are conjunctions
// of conditions and their negations. The zero value is invalid.
type Condition uint8

// The conditions. Their order is their bit in fsm.Conditions minus one: bit
// 0 is never used, so that the invalid zero value has no bit.
const (
	ConditionInvalid Condition = iota

	// Facts of the participant.
	Manager       // the participant manages breakout rooms (R9, R15, R18, R23)
	Assigned      // a breakout room is assigned (R5)
	RoomOpen      // the assigned room is open (R5, R3)
	AutoMove      // the assigned room has auto-move on (R3, R4)
	ReturnAllowed // the breakout call's settings allow a return: disableReturnToMainMeeting is exactly false (R15)
	ReturnedEarly // the participant returned while its room was still open (R16)

	// The assignedBreakoutRooms event in hand, against the facts.
	EventUnassigns   // the event has no room: the assignment is removed (R8, R12)
	EventSameRoom    // the event's room is the assigned room (R4a)
	EventIdentical   // the event changes nothing (R4a)
	EventOpen        // the event's room is open (R2, R3, R4)
	EventAutoMove    // the event's room has auto-move on (R3, R4)
	EventCurrentRoom // the event's room is the room the participant is in (R13)

	// The outcome in hand, against the effects in flight.
	OutcomeInFlight      // an effect of the outcome's kind is in flight (R24)
	OutcomeForActiveJoin // the joinBreakout (or holdMain) outcome answers the join being made now, not one given up (R6, R7, R9, R13)
	OutcomeForLastHold   // the holdMain outcome answers the only hold left in flight (R7)
	MainSettlesConnected // once the outcome is taken, the main call is connected (a failure: with nothing on its way) (R7, R18, R19)

	// The calls.
	MainGone           // the main call is hung up or being rejoined (R15)
	MainOnHold         // the main call is holding or held, and no resume is under way (R15)
	MainRestorePending // a resume or rejoin of the main call is in flight (R7, R18)
	MainConnected      // the main call is connected and no resume or rejoin is on its way to it (R18, C2)
	BreakoutUp         // some breakout call is up (R15, R20)
	StrayBreakout      // a breakout call other than the current room's and the one being joined is up and not being hung up (R13)
	SomethingToRedo    // a return would still have to issue a hang-up, a resume or a rejoin (R17, R19)
	SomethingInFlight  // a hang-up, resume or rejoin is in flight (R17)

	// The meeting (R1): checked when a machine is created.
	TeamsMeeting   // the call is a Teams meeting
	FeatureEnabled // the breakout rooms feature is enabled

	conditionEnd
)

var conditionInfo = [conditionEnd]struct {
	name string
	rule errcodes.Rule
	desc string
}{
	ConditionInvalid:     {"Condition(0)", errcodes.RuleInvalid, "invalid"},
	Manager:              {"manager", errcodes.R9, "the participant is a breakout room manager (M365 organizer, co-organizer or listed manager)"},
	Assigned:             {"assigned", errcodes.R5, "a breakout room is assigned"},
	RoomOpen:             {"roomOpen", errcodes.R5, "the assigned room's state is open"},
	AutoMove:             {"autoMove", errcodes.R3, "the assigned room moves participants automatically"},
	ReturnAllowed:        {"returnAllowed", errcodes.R15, "the breakout call's settings say disableReturnToMainMeeting: false (absent means not allowed)"},
	ReturnedEarly:        {"returnedEarly", errcodes.R16, "the participant returned while its room was still open"},
	EventUnassigns:       {"eventUnassigns", errcodes.R8, "the event removes the assignment (no data)"},
	EventSameRoom:        {"eventSameRoom", errcodes.R4a, "the event's room has the assigned room's threadId"},
	EventIdentical:       {"eventIdentical", errcodes.R4a, "the event repeats the assigned room exactly"},
	EventOpen:            {"eventOpen", errcodes.R3, "the event's room is open"},
	EventAutoMove:        {"eventAutoMove", errcodes.R3, "the event's room moves participants automatically"},
	EventCurrentRoom:     {"eventCurrentRoom", errcodes.R13, "the event's room is the room the participant is in"},
	OutcomeInFlight:      {"outcomeInFlight", errcodes.R24, "an effect of the outcome's kind (and threadId, if named) is in flight"},
	MainSettlesConnected: {"mainSettlesConnected", errcodes.R18, "once this outcome is taken, the main call is connected (after a failure: with nothing else on its way to it)"},
	OutcomeForLastHold:   {"outcomeForLastHold", errcodes.R7, "the holdMain outcome answers the only hold of the main call left in flight"},
	OutcomeForActiveJoin: {"outcomeForActiveJoin", errcodes.R9, "the joinBreakout outcome answers the join being made now, or the holdMain outcome the hold made for it; not one given up"},
	MainGone:             {"mainGone", errcodes.R15, "the main call is hung up or being rejoined as a new call"},
	MainOnHold:           {"mainOnHold", errcodes.R15, "the main call is holding or held and no resume is under way"},
	MainRestorePending:   {"mainRestorePending", errcodes.R18, "a resume or rejoin of the main call is in flight"},
	MainConnected:        {"mainConnected", errcodes.R18, "the main call is connected (never held, its hold failed) and no resume or rejoin is on its way to it"},
	BreakoutUp:           {"breakoutUp", errcodes.R20, "a breakout call is up (joined, and neither hung up nor failed)"},
	StrayBreakout:        {"strayBreakout", errcodes.R13, "a breakout call other than the current room's and the one being joined is up and not being hung up"},
	SomethingToRedo:      {"somethingToRedo", errcodes.R19, "a return would still have to hang up a breakout call, or resume or rejoin the main call"},
	SomethingInFlight:    {"somethingInFlight", errcodes.R17, "a hang-up, resume or rejoin is in flight"},
	TeamsMeeting:         {"teamsMeeting", errcodes.R1, "the call is a Teams meeting"},
	FeatureEnabled:       {"featureEnabled", errcodes.R1, "the breakout rooms feature is enabled"},
}

// String is the condition's name as guards and diagrams show it.
func (c Condition) String() string {
	if c >= conditionEnd {
		return fmt.Sprintf("Condition(%d)", uint8(c))
	}
	return conditionInfo[c].name
}

// Rule is the rule the condition enforces.
func (c Condition) Rule() errcodes.Rule {
	if c >= conditionEnd {
		return errcodes.RuleInvalid
	}
	return conditionInfo[c].rule
}

// Describe says what the condition means.
func (c Condition) Describe() string {
	if c >= conditionEnd {
		return "invalid"
	}
	return conditionInfo[c].desc
}

// Bit is the condition's bit number in fsm.Conditions.
func (c Condition) Bit() uint8 { return uint8(c) }

// AllConditions lists every valid condition in order.
func AllConditions() []Condition {
	out := make([]Condition, 0, conditionEnd-1)
	for c := ConditionInvalid + 1; c < conditionEnd; c++ {
		out = append(out, c)
	}
	return out
}

// Names is the name of every bit, for fsm.Spec.Conditions: index i names bit i.
func Names() []string {
	out := make([]string, conditionEnd)
	for c := ConditionInvalid; c < conditionEnd; c++ {
		out[c] = c.String()
	}
	return out
}

// When is a guard that needs every condition given.
func When(cs ...Condition) fsm.Guard { return fsm.Guard{}.And(bits(cs)...) }

// Unless is a guard that needs none of the conditions given.
func Unless(cs ...Condition) fsm.Guard { return fsm.Guard{}.Not(bits(cs)...) }

func bits(cs []Condition) []uint8 {
	out := make([]uint8, len(cs))
	for i, c := range cs {
		out[i] = c.Bit()
	}
	return out
}

// View is what the guards read: the participant's facts and the input in
// hand, as the lifecycle sees them at one step.
type View struct {
	Manager        bool
	TeamsMeeting   bool
	FeatureEnabled bool

	Assigned       bool
	AssignedThread string
	RoomOpen       bool
	AutoMove       bool

	// The settings of the breakout call in force.
	HasDisableReturn bool
	DisableReturn    bool

	ReturnedEarly bool

	// CurrentThread is the threadId of the room the participant is in ("" when
	// in none).
	CurrentThread string

	// The assignedBreakoutRooms event in hand, when the input is one.
	Event          bool
	EventHasRoom   bool
	EventThread    string
	EventOpen      bool
	EventAutoMove  bool
	EventIdentical bool

	OutcomeInFlight      bool
	OutcomeForActiveJoin bool
	OutcomeForLastHold   bool
	MainSettlesConnected bool

	MainGone           bool
	MainOnHold         bool
	MainRestorePending bool
	MainConnected      bool
	BreakoutUp         bool
	StrayBreakout      bool
	SomethingToRedo    bool
	SomethingInFlight  bool
}

// ReturnAllowedBy is R15's guard: a return is allowed only when the settings
// say disableReturnToMainMeeting is exactly false. Until settings say so it
// is not allowed: the SDK derives the flag as "not explicitly allowed".
func ReturnAllowedBy(hasDisable, disable bool) bool { return hasDisable && !disable }

// Holds reports whether one condition holds for the view.
func Holds(c Condition, v *View) bool {
	switch c {
	case Manager:
		return v.Manager
	case Assigned:
		return v.Assigned
	case RoomOpen:
		return v.Assigned && v.RoomOpen
	case AutoMove:
		return v.Assigned && v.AutoMove
	case ReturnAllowed:
		return ReturnAllowedBy(v.HasDisableReturn, v.DisableReturn)
	case ReturnedEarly:
		return v.ReturnedEarly
	case EventUnassigns:
		return v.Event && !v.EventHasRoom
	case EventSameRoom:
		return v.Event && v.EventHasRoom && v.Assigned && v.EventThread == v.AssignedThread
	case EventIdentical:
		return v.Event && v.EventIdentical
	case EventOpen:
		return v.Event && v.EventHasRoom && v.EventOpen
	case EventAutoMove:
		return v.Event && v.EventHasRoom && v.EventAutoMove
	case EventCurrentRoom:
		return v.Event && v.EventHasRoom && v.CurrentThread != "" && v.EventThread == v.CurrentThread
	case OutcomeInFlight:
		return v.OutcomeInFlight
	case OutcomeForActiveJoin:
		return v.OutcomeInFlight && v.OutcomeForActiveJoin
	case OutcomeForLastHold:
		return v.OutcomeInFlight && v.OutcomeForLastHold
	case MainSettlesConnected:
		return v.OutcomeInFlight && v.MainSettlesConnected
	case MainGone:
		return v.MainGone
	case MainOnHold:
		return v.MainOnHold
	case MainRestorePending:
		return v.MainRestorePending
	case MainConnected:
		return v.MainConnected
	case BreakoutUp:
		return v.BreakoutUp
	case StrayBreakout:
		return v.StrayBreakout
	case SomethingToRedo:
		return v.SomethingToRedo
	case SomethingInFlight:
		return v.SomethingInFlight
	case TeamsMeeting:
		return v.TeamsMeeting
	case FeatureEnabled:
		return v.FeatureEnabled
	}
	return false
}

// Evaluate is the set of conditions that hold for the view.
func Evaluate(v *View) fsm.Conditions {
	var set fsm.Conditions
	for c := ConditionInvalid + 1; c < conditionEnd; c++ {
		if Holds(c, v) {
			set |= 1 << c.Bit()
		}
	}
	return set
}

// EvaluateOnly is Evaluate restricted to the conditions in need (a table's
// Reads for the state and input in hand): the others are left out of the
// set, and not computed.
func EvaluateOnly(v *View, need fsm.Conditions) fsm.Conditions {
	var set fsm.Conditions
	for need != 0 {
		b := uint8(mathbits.TrailingZeros64(uint64(need)))
		need &= need - 1
		if Holds(Condition(b), v) {
			set |= 1 << b
		}
	}
	return set
}

// Gate is R1: a participant machine exists only in a Teams meeting with the
// feature enabled. The feature flag is checked first, as the SDK does. It
// returns the condition that fails, or ConditionInvalid when both hold.
func Gate(teamsMeeting, featureEnabled bool) Condition {
	if !featureEnabled {
		return FeatureEnabled
	}
	if !teamsMeeting {
		return TeamsMeeting
	}
	return ConditionInvalid
}
