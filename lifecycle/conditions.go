package lifecycle

import (
	"fmt"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/policy"
)

// Condition is one guard atom: a named predicate over the participant's
// facts and the input in hand. Every condition is declared here and nowhere
// else: its name, rule and doc line in conditionDecls, its predicate in
// holds, beside it; the table's guards, the diagrams, explain, the coverage
// gate and the reference adapters all read that declaration. The zero value
// is invalid.
type Condition uint8

// The conditions, in the order of their bits in a guard (bit 0 is unused, so
// that the invalid zero value has no bit).
const (
	ConditionInvalid Condition = iota

	// The participant and its assignment.
	CondManager
	CondAssigned
	CondRoomOpen
	CondReturnAllowed
	CondReturnedEarly
	CondAutoMoveWaits

	// The assignedBreakoutRooms event in hand.
	CondEventUnassigns
	CondEventIdentical
	CondEventOpen
	CondEventAutoMove
	CondEventSameRoom
	CondEventCurrentRoom
	CondEventRoomOpens
	CondEventRoomCloses
	CondEventTogglesAutoMove

	// The breakoutRoomsSettings event in hand, and the settings kept.
	CondSettingsUndefined
	CondSettingsRepeat
	CondSettingsRepeatPending
	CondSettingsEnd
	CondSettingsEndSoon
	CondPendingEnd
	CondPendingEndSoon

	// The outcome in hand, against the effects in flight.
	CondOutcomeInFlight
	CondOutcomeForActiveJoin
	CondOutcomeForLastHold
	CondOutcomeCallUp
	CondMainSettlesConnected
	CondResumeForReturn

	// The main call.
	CondMainHolding
	CondMainOnHold
	CondMainHungUp
	CondMainGone
	CondMainResuming
	CondMainRejoining
	CondMainConnected
	CondResumeInFlight

	// The breakout calls.
	CondBreakoutUp
	CondStrayBreakout
	CondSomethingToRedo
	CondSomethingInFlight
	CondCallBound
	CondMainBound

	// The meeting (R1), checked before the table.
	CondTeamsMeeting
	CondFeatureEnabled

	conditionEnd
)

// conditionDecl is a condition's name, rule and doc line; its predicate is
// its case in holds.
type conditionDecl struct {
	name string
	rule errcodes.Rule
	doc  string
}

var conditionDecls = [conditionEnd]conditionDecl{
	ConditionInvalid: {"Condition(0)", errcodes.RuleInvalid, "invalid"},

	CondManager:       {"manager", errcodes.R9, "the participant manages breakout rooms (an M365 organizer, co-organizer or listed manager)"},
	CondAssigned:      {"assigned", errcodes.R5, "a breakout room is assigned"},
	CondRoomOpen:      {"roomOpen", errcodes.R5, "the assigned room is open"},
	CondReturnAllowed: {"returnAllowed", errcodes.R15, "the breakout call's settings say disableReturnToMainMeeting: false (absent counts as true)"},
	CondReturnedEarly: {"returnedEarly", errcodes.R16, "the participant returned while its room was still open"},
	CondAutoMoveWaits: {"autoMoveWaits", errcodes.R18, "an open auto-move room was announced on the way back: its autoMove starts on arrival"},

	CondEventUnassigns:       {"eventUnassigns", errcodes.R8, "the event has no room: the assignment is removed"},
	CondEventIdentical:       {"eventIdentical", errcodes.R4a, "the event repeats the assignment exactly"},
	CondEventOpen:            {"eventOpen", errcodes.R3, "the event's room is open"},
	CondEventAutoMove:        {"eventAutoMove", errcodes.R3, "the event's room moves participants automatically"},
	CondEventSameRoom:        {"eventSameRoom", errcodes.R4a, "the event's room is the assigned room (same threadId)"},
	CondEventCurrentRoom:     {"eventCurrentRoom", errcodes.R13, "the event's room is the room the participant is in"},
	CondEventRoomOpens:       {"eventRoomOpens", errcodes.R3, "the event announces an open room that was not open and assigned before: another room, or the assigned one reopened"},
	CondEventRoomCloses:      {"eventRoomCloses", errcodes.R2, "the event announces a closed room that was not closed and assigned before: another room, or the assigned one closing"},
	CondEventTogglesAutoMove: {"eventTogglesAutoMove", errcodes.R4a, "the event keeps the assigned room open and switches its auto-move on or off"},

	CondSettingsUndefined:     {"settingsUndefined", errcodes.R11, "the settings event has no data: the settings are cleared"},
	CondSettingsRepeat:        {"settingsRepeat", errcodes.R11, "the settings event repeats the settings in force (their JSON values are equal)"},
	CondSettingsRepeatPending: {"settingsRepeatPending", errcodes.R13, "the settings event repeats the settings kept for the re-assigned join"},
	CondSettingsEnd:           {"settingsEnd", errcodes.R11, "the settings event has an end time"},
	CondSettingsEndSoon:       {"settingsEndSoon", errcodes.R11, "the settings event's end time is 30 s away or less"},
	CondPendingEnd:            {"pendingEnd", errcodes.R13, "the settings kept for the re-assigned join have an end time"},
	CondPendingEndSoon:        {"pendingEndSoon", errcodes.R13, "the end time of the settings kept for the re-assigned join is 30 s away or less"},

	CondOutcomeInFlight:      {"outcomeInFlight", errcodes.R24, "an effect of the outcome's kind (and threadId, if named) is in flight"},
	CondOutcomeForActiveJoin: {"outcomeForActiveJoin", errcodes.R9, "the joinBreakout outcome answers the join being made now, or the holdMain outcome the hold made for it; not one given up"},
	CondOutcomeForLastHold:   {"outcomeForLastHold", errcodes.R7, "the holdMain outcome answers the only hold of the main call left in flight"},
	CondOutcomeCallUp:        {"outcomeCallUp", errcodes.R8, "the breakout call the outcome answers is still up (its hang-up has not succeeded)"},
	CondMainSettlesConnected: {"mainSettlesConnected", errcodes.R18, "once this outcome is taken, the main call is connected (after a failure: with nothing else on its way to it)"},
	CondResumeForReturn:      {"resumeForReturn", errcodes.R19, "the resumeMain this outcome answers was issued by a return (its failure is re-thrown as 46261)"},

	CondMainHolding:    {"mainHolding", errcodes.R5, "the main call is being put on hold (a holdMain is on its way)"},
	CondMainOnHold:     {"mainOnHold", errcodes.R15, "the main call is on hold, or being put on hold"},
	CondMainHungUp:     {"mainHungUp", errcodes.R12, "the main call is hung up"},
	CondMainGone:       {"mainGone", errcodes.R15, "the main call is hung up or being rejoined as a new call"},
	CondMainResuming:   {"mainResuming", errcodes.R18, "the main call is being resumed"},
	CondMainRejoining:  {"mainRejoining", errcodes.R18, "the main call is being rejoined as a new call"},
	CondMainConnected:  {"mainConnected", errcodes.R18, "the main call is connected (never held, or its hold failed) and no resume or rejoin is on its way to it"},
	CondResumeInFlight: {"resumeInFlight", errcodes.R15, "a resumeMain is in flight"},

	CondBreakoutUp:        {"breakoutUp", errcodes.R20, "a breakout call is up (joined, and neither hung up nor failed)"},
	CondStrayBreakout:     {"strayBreakout", errcodes.R13, "a breakout call other than the current room's and the one being joined is up and not being hung up"},
	CondSomethingToRedo:   {"somethingToRedo", errcodes.R19, "a return would still have to hang up a breakout call, or resume or rejoin the main call"},
	CondSomethingInFlight: {"somethingInFlight", errcodes.R17, "a breakout hang-up, or a resume or rejoin of the main call, is in flight"},
	CondCallBound:         {"callBound", errcodes.R5, "8 breakout calls are still up after a failed hang-up: the most this engine tracks (C8)"},
	CondMainBound:         {"mainBound", errcodes.R5, "250 effects of one kind on the main call are in flight: the most this engine tracks"},

	CondTeamsMeeting:   {"teamsMeeting", errcodes.R1, "the call is a Teams meeting"},
	CondFeatureEnabled: {"featureEnabled", errcodes.R1, "the breakout rooms feature is enabled"},
}

// holds is each condition's predicate over the step's facts and input: the
// other half of its declaration, beside conditionDecls. (A switch, not a
// function in the table: a call through a function value would make the step
// escape to the heap, and Apply allocates nothing.)
func (s *step) holds(c Condition) bool {
	f, in := &s.f, &s.in
	switch c {
	case CondManager:
		return s.cfg.Role == Manager
	case CondAssigned:
		return f.room != nil
	case CondRoomOpen:
		return f.room != nil && f.room.State == RoomOpen
	case CondReturnAllowed:
		st := f.settings.value
		return st != nil && policy.ReturnAllowedBy(st.HasDisableReturn, st.DisableReturn)
	case CondReturnedEarly:
		return f.returnedEarly
	case CondAutoMoveWaits:
		return f.autoMoveOnReturn

	case CondEventUnassigns:
		return in.Room == nil
	case CondEventIdentical:
		return eventIdentical(f.room, in.Room)
	case CondEventOpen:
		return in.Room != nil && in.Room.State == RoomOpen
	case CondEventAutoMove:
		return in.Room != nil && in.Room.AutoMove
	case CondEventSameRoom:
		return eventSameRoom(f.room, in.Room)
	case CondEventCurrentRoom:
		i := callWithRole(f.calls.all(), roleCurrent)
		return in.Room != nil && i >= 0 && in.Room.ThreadID == f.calls.all()[i].thread
	case CondEventRoomOpens:
		r := in.Room
		return r != nil && r.State == RoomOpen && (!eventSameRoom(f.room, r) || f.room.State != RoomOpen)
	case CondEventRoomCloses:
		r := in.Room
		return r != nil && r.State == RoomClosed && (!eventSameRoom(f.room, r) || f.room.State == RoomOpen)
	case CondEventTogglesAutoMove:
		r := in.Room
		return r != nil && r.State == RoomOpen && eventSameRoom(f.room, r) && f.room.State == RoomOpen && r.AutoMove != f.room.AutoMove

	case CondSettingsUndefined:
		return in.Settings == nil
	case CondSettingsRepeat:
		return in.Settings != nil && f.settings.value != nil && sameSettings(f.settings.value, in.Settings)
	case CondSettingsRepeatPending:
		return in.Settings != nil && f.pending.value != nil && sameSettings(f.pending.value, in.Settings)
	case CondSettingsEnd:
		return in.Settings != nil && in.Settings.hasEnd()
	case CondSettingsEndSoon:
		st := in.Settings
		return st != nil && st.hasEnd() && !s.now.before(st.endFrom(s.now).add(-closingSoonLead))
	case CondPendingEnd:
		return f.pending.hasEnd
	case CondPendingEndSoon:
		return f.pending.hasEnd && !s.now.before(f.pending.end.add(-closingSoonLead))

	case CondOutcomeInFlight:
		return s.outcomeInFlight()
	case CondOutcomeForActiveJoin:
		switch s.kind {
		case InputHoldMainOK, InputHoldMainFailed:
			return f.activeHold && f.mainInFlight[opHold] == 1
		case InputJoinBreakoutOK, InputJoinBreakoutFailed:
			return s.outcome >= 0 && f.calls.all()[s.outcome].role == roleJoining
		}
		return false
	case CondOutcomeForLastHold:
		return f.mainInFlight[opHold] == 1
	case CondOutcomeCallUp:
		return s.outcome >= 0 && f.calls.all()[s.outcome].up
	case CondMainSettlesConnected:
		return s.mainSettlesConnected()
	case CondResumeForReturn:
		return f.resumeByReturn&1 != 0

	case CondMainHolding:
		return f.main == mainHolding
	case CondMainOnHold:
		return f.main == mainHolding || f.main == mainHeld
	case CondMainHungUp:
		return f.main == mainHungUp
	case CondMainGone:
		return f.main == mainHungUp || f.main == mainRejoining
	case CondMainResuming:
		return f.main == mainResuming
	case CondMainRejoining:
		return f.main == mainRejoining
	case CondMainConnected:
		return f.main == mainConnected && !f.inFlight(opResume) && !f.inFlight(opRejoin)
	case CondResumeInFlight:
		return f.inFlight(opResume)

	case CondBreakoutUp:
		return anyCall(f.calls.all(), (*breakoutCall).isUp)
	case CondStrayBreakout:
		return anyCall(f.calls.all(), (*breakoutCall).stray)
	case CondSomethingToRedo:
		return anyCall(f.calls.all(), (*breakoutCall).stray) || f.main == mainHeld || f.main == mainHolding || f.main == mainHungUp
	case CondSomethingInFlight:
		return f.inFlight(opResume) || f.inFlight(opRejoin) || anyCall(f.calls.all(), (*breakoutCall).beingHungUp)
	case CondCallBound:
		return countCalls(f.calls.all(), (*breakoutCall).failedHangUp) >= maxFailedCalls
	case CondMainBound:
		return f.mainBound()

	case CondTeamsMeeting:
		return s.cfg.Meeting == MeetingTeams
	case CondFeatureEnabled:
		return s.cfg.FeatureEnabled
	}
	return false
}

func (c *breakoutCall) isUp() bool        { return c.up }
func (c *breakoutCall) beingHungUp() bool { return c.hangPending }

// String is the condition's name, as guards show it.
func (c Condition) String() string {
	if c == ConditionInvalid || c >= conditionEnd {
		return fmt.Sprintf("Condition(%d)", uint8(c))
	}
	return conditionDecls[c].name
}

// Rule is the rule the condition belongs to.
func (c Condition) Rule() errcodes.Rule {
	if c >= conditionEnd {
		return errcodes.RuleInvalid
	}
	return conditionDecls[c].rule
}

// Describe says what the condition means.
func (c Condition) Describe() string {
	if c == ConditionInvalid || c >= conditionEnd {
		return "invalid"
	}
	return conditionDecls[c].doc
}

// AllConditions lists every valid condition, in bit order.
func AllConditions() []Condition { return enumAll[Condition](uint8(conditionEnd)) }

// ConditionNames names every bit of a guard: index i names bit i.
func ConditionNames() []string {
	out := make([]string, conditionEnd)
	for c := range conditionEnd {
		out[c] = Condition(c).String()
	}
	return out
}

func (c Condition) bit() fsm.Conditions { return 1 << c }

// eventSameRoom reports whether an event's room is the assigned room.
func eventSameRoom(assigned, event *Room) bool {
	return assigned != nil && event != nil && assigned.ThreadID == event.ThreadID
}

// eventIdentical reports whether an event repeats the assignment exactly:
// the same room in every field, or no room when none is assigned.
func eventIdentical(assigned, event *Room) bool {
	if event == nil {
		return assigned == nil
	}
	return assigned != nil && sameRoom(assigned, event)
}

func anyCall(calls []breakoutCall, p func(*breakoutCall) bool) bool {
	for i := range calls {
		if p(&calls[i]) {
			return true
		}
	}
	return false
}

func countCalls(calls []breakoutCall, p func(*breakoutCall) bool) int {
	n := 0
	for i := range calls {
		if p(&calls[i]) {
			n++
		}
	}
	return n
}

// stray reports whether the call is up, not being hung up, and neither the
// current room's nor the one being joined: a previous room's, or one left up
// by a failed hang-up (R13, C4, C5).
func (c *breakoutCall) stray() bool {
	return c.up && !c.hangPending && (c.role == rolePrevious || c.role == roleLeaving)
}

// hasEnd reports whether the settings give an end time.
func (st *Settings) hasEnd() bool {
	return st.EndKind == EndTimeString || st.EndKind == EndTimeAttempt || st.EndKind == EndTimeDelta
}

// endFrom is the settings' end time, for settings received at now.
func (st *Settings) endFrom(now instant) instant {
	if st.EndKind == EndTimeDelta {
		return now.add(st.Delta)
	}
	return instantOf(st.EndAt)
}
