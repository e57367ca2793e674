package lifecycle

import (
	"fmt"
	"math/bits"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/policy"
)

// condition is one guard atom: a named predicate over the participant's
// facts and the input in hand. Every condition is declared here and nowhere
// else: its name, rule and doc line in conditionDecls, its predicate in its
// case of holds, below; the table's guards, the compiled table, the
// diagrams, explain, the coverage gate and the reference adapters all read
// that declaration. The zero value is invalid.
type condition uint8

// The conditions, in the order of their bits in a guard (bit 0 is unused, so
// that the invalid zero value has no bit).
const (
	condInvalid condition = iota

	// The participant and its assignment.
	condManager
	condAssigned
	condRoomOpen
	condReturnAllowed
	condReturnedEarly
	condAutoMoveWaits

	// The assignedBreakoutRooms event in hand.
	condEventUnassigns
	condEventIdentical
	condEventOpen
	condEventAutoMove
	condEventSameRoom
	condEventCurrentRoom
	condEventRoomOpens
	condEventRoomCloses
	condEventTogglesAutoMove

	// The breakoutRoomsSettings event in hand, and the settings kept.
	condSettingsUndefined
	condSettingsRepeat
	condSettingsRepeatPending
	condSettingsEnd
	condSettingsEndSoon
	condPendingEnd
	condPendingEndSoon

	// The outcome in hand, against the effects in flight.
	condOutcomeInFlight
	condOutcomeForActiveJoin
	condOutcomeForLastHold
	condOutcomeCallUp
	condMainSettlesConnected
	condResumeForReturn

	// The main call.
	condMainHolding
	condMainOnHold
	condMainHungUp
	condMainGone
	condMainResuming
	condMainRejoining
	condMainConnected
	condResumeInFlight

	// The breakout calls.
	condBreakoutUp
	condStrayBreakout
	condSomethingToRedo
	condSomethingInFlight
	condCallBound
	condMainBound

	// The meeting (R1), checked before the table.
	condTeamsMeeting
	condFeatureEnabled

	conditionEnd
)

// conditionDecl is a condition's name, rule and doc line; its predicate is
// its case of holds.
type conditionDecl struct {
	name string
	rule errcodes.Rule
	doc  string
}

var conditionDecls = [conditionEnd]conditionDecl{
	condInvalid: {"condition(0)", rule.Invalid, "invalid"},

	condManager:       {"manager", rule.R9, "the participant manages breakout rooms (an M365 organizer, co-organizer or listed manager)"},
	condAssigned:      {"assigned", rule.R5, "a breakout room is assigned"},
	condRoomOpen:      {"roomOpen", rule.R5, "the assigned room is open"},
	condReturnAllowed: {"returnAllowed", rule.R15, "the breakout call's settings say disableReturnToMainMeeting: false (absent counts as true)"},
	condReturnedEarly: {"returnedEarly", rule.R16, "the participant returned while its room was still open"},
	condAutoMoveWaits: {"autoMoveWaits", rule.R18, "an open auto-move room was announced on the way back: its autoMove starts on arrival"},

	condEventUnassigns:       {"eventUnassigns", rule.R8, "the event has no room: the assignment is removed"},
	condEventIdentical:       {"eventIdentical", rule.R4a, "the event repeats the assignment exactly"},
	condEventOpen:            {"eventOpen", rule.R3, "the event's room is open"},
	condEventAutoMove:        {"eventAutoMove", rule.R3, "the event's room moves participants automatically"},
	condEventSameRoom:        {"eventSameRoom", rule.R4a, "the event's room is the assigned room (same threadId)"},
	condEventCurrentRoom:     {"eventCurrentRoom", rule.R13, "the event's room is the room the participant is in"},
	condEventRoomOpens:       {"eventRoomOpens", rule.R3, "the event announces an open room that was not open and assigned before: another room, or the assigned one reopened"},
	condEventRoomCloses:      {"eventRoomCloses", rule.R2, "the event announces a closed room that was not closed and assigned before: another room, or the assigned one closing"},
	condEventTogglesAutoMove: {"eventTogglesAutoMove", rule.R4a, "the event keeps the assigned room open and switches its auto-move on or off"},

	condSettingsUndefined:     {"settingsUndefined", rule.R11, "the settings event has no data: the settings are cleared"},
	condSettingsRepeat:        {"settingsRepeat", rule.R11, "the settings event repeats the settings in force (their JSON values are equal)"},
	condSettingsRepeatPending: {"settingsRepeatPending", rule.R13, "the settings event repeats the settings kept for the re-assigned join"},
	condSettingsEnd:           {"settingsEnd", rule.R11, "the settings event has an end time"},
	condSettingsEndSoon:       {"settingsEndSoon", rule.R11, "the settings event's end time is 30 s away or less"},
	condPendingEnd:            {"pendingEnd", rule.R13, "the settings kept for the re-assigned join have an end time"},
	condPendingEndSoon:        {"pendingEndSoon", rule.R13, "the end time of the settings kept for the re-assigned join is 30 s away or less"},

	condOutcomeInFlight:      {"outcomeInFlight", rule.R24, "an effect of the outcome's kind (and threadId, if named) is in flight"},
	condOutcomeForActiveJoin: {"outcomeForActiveJoin", rule.R9, "the joinBreakout outcome answers the join being made now, or the holdMain outcome the hold made for it; not one given up"},
	condOutcomeForLastHold:   {"outcomeForLastHold", rule.R7, "the holdMain outcome answers the only hold of the main call left in flight"},
	condOutcomeCallUp:        {"outcomeCallUp", rule.R8, "the breakout call the outcome answers is still up (its hang-up has not succeeded)"},
	condMainSettlesConnected: {"mainSettlesConnected", rule.R18, "once this outcome is taken, the main call is connected (after a failure: with nothing else on its way to it)"},
	condResumeForReturn:      {"resumeForReturn", rule.R19, "the resumeMain this outcome answers was issued by a return (its failure is re-thrown as 46261)"},

	condMainHolding:    {"mainHolding", rule.R5, "the main call is being put on hold (a holdMain is on its way)"},
	condMainOnHold:     {"mainOnHold", rule.R15, "the main call is on hold, or being put on hold"},
	condMainHungUp:     {"mainHungUp", rule.R12, "the main call is hung up"},
	condMainGone:       {"mainGone", rule.R15, "the main call is hung up or being rejoined as a new call"},
	condMainResuming:   {"mainResuming", rule.R18, "the main call is being resumed"},
	condMainRejoining:  {"mainRejoining", rule.R18, "the main call is being rejoined as a new call"},
	condMainConnected:  {"mainConnected", rule.R18, "the main call is connected (never held, or its hold failed) and no resume or rejoin is on its way to it"},
	condResumeInFlight: {"resumeInFlight", rule.R15, "a resumeMain is in flight"},

	condBreakoutUp:        {"breakoutUp", rule.R20, "a breakout call is up (joined, and neither hung up nor failed)"},
	condStrayBreakout:     {"strayBreakout", rule.R13, "a breakout call other than the current room's and the one being joined is up and not being hung up"},
	condSomethingToRedo:   {"somethingToRedo", rule.R19, "a return would still have to hang up a breakout call, or resume or rejoin the main call"},
	condSomethingInFlight: {"somethingInFlight", rule.R17, "a breakout hang-up, or a resume or rejoin of the main call, is in flight"},
	condCallBound:         {"callBound", rule.R5, "8 breakout calls are still up after a failed hang-up: the most this engine tracks (C8)"},
	condMainBound:         {"mainBound", rule.R5, "250 effects of one kind on the main call are in flight: the most this engine tracks"},

	condTeamsMeeting:   {"teamsMeeting", rule.R1, "the call is a Teams meeting"},
	condFeatureEnabled: {"featureEnabled", rule.R1, "the breakout rooms feature is enabled"},
}

// holds is the conditions' predicates, the other half of their declaration
// beside conditionDecls: whether condition c holds for the input in hand,
// computed from the facts, each condition in its one case. The compiled
// table asks only for the conditions that decide between a cell's rows, one
// at a time (see compiledTable); Conditions asks for all of them.
func (s *step) holds(c condition) bool {
	f := s.f.core
	switch c {
	// The participant's role and its meeting.
	case condManager:
		return s.config().Role == Manager
	case condTeamsMeeting:
		return s.config().Meeting == MeetingTeams
	case condFeatureEnabled:
		return s.config().FeatureEnabled

	// The assignment and the breakout call's settings.
	case condAssigned:
		return f.room != nil
	case condRoomOpen:
		return f.room != nil && f.room.State == RoomOpen
	case condReturnAllowed:
		st := f.settings.value
		return st != nil && policy.ReturnAllowedBy(st.HasDisableReturn, st.DisableReturn)
	case condReturnedEarly:
		return f.returnedEarly
	case condAutoMoveWaits:
		return f.autoMoveOnReturn

	// The assignedBreakoutRooms event in hand, against the assignment.
	case condEventUnassigns:
		return s.in.Room == nil
	case condEventIdentical:
		return eventIdentical(f.room, s.in.Room)
	case condEventOpen:
		r := s.in.Room
		return r != nil && r.State == RoomOpen
	case condEventAutoMove:
		r := s.in.Room
		return r != nil && r.AutoMove
	case condEventSameRoom:
		return eventSameRoom(f.room, s.in.Room)
	case condEventRoomOpens:
		r := s.in.Room
		return r != nil && r.State == RoomOpen && (!eventSameRoom(f.room, r) || f.room.State != RoomOpen)
	case condEventRoomCloses:
		r := s.in.Room
		return r != nil && r.State == RoomClosed && (!eventSameRoom(f.room, r) || f.room.State == RoomOpen)
	case condEventTogglesAutoMove:
		r := s.in.Room
		return r != nil && r.State == RoomOpen && eventSameRoom(f.room, r) && f.room.State == RoomOpen && r.AutoMove != f.room.AutoMove
	case condEventCurrentRoom:
		r := s.in.Room
		if r == nil {
			return false
		}
		for _, c := range s.calls() {
			if c.role == roleCurrent && c.up && c.thread == r.ThreadID {
				return true
			}
		}
		return false

	// The breakoutRoomsSettings event in hand, and the settings kept.
	case condSettingsUndefined:
		return s.in.Settings == nil
	case condSettingsRepeat:
		st, kept := s.in.Settings, f.settings.value
		return st != nil && kept != nil && sameSettings(kept, st)
	case condSettingsRepeatPending:
		st, pending := s.in.Settings, s.pendingSettings()
		return st != nil && pending.value != nil && sameSettings(pending.value, st)
	case condSettingsEnd:
		st := s.in.Settings
		return st != nil && st.hasEnd()
	case condSettingsEndSoon:
		st := s.in.Settings
		return st != nil && st.hasEnd() && !s.now.before(st.endFrom(s.now).add(-closingSoonLead))
	case condPendingEnd:
		return s.pendingSettings().hasEnd
	case condPendingEndSoon:
		pending := s.pendingSettings()
		return pending.hasEnd && !s.now.before(pending.end.add(-closingSoonLead))

	// The outcome in hand, against the effects in flight.
	case condOutcomeInFlight:
		return s.outcomeInFlight()
	case condOutcomeForActiveJoin:
		switch s.kind {
		case InputHoldMainOK, InputHoldMainFailed:
			return f.activeHold && f.mainInFlight[opHold] == 1
		case InputJoinBreakoutOK, InputJoinBreakoutFailed:
			return s.outcome >= 0 && s.calls()[s.outcome].role == roleJoining
		}
		return false
	case condOutcomeForLastHold:
		return f.mainInFlight[opHold] == 1
	case condOutcomeCallUp:
		return s.outcome >= 0 && s.calls()[s.outcome].up
	case condMainSettlesConnected:
		return s.mainSettlesConnected()
	case condResumeForReturn:
		return f.resumeByReturn&1 != 0

	// The main call.
	case condMainHolding:
		return f.main == mainHolding
	case condMainOnHold:
		return f.main == mainHolding || f.main == mainHeld
	case condMainHungUp:
		return f.main == mainHungUp
	case condMainGone:
		return f.main == mainHungUp || f.main == mainRejoining
	case condMainResuming:
		return f.main == mainResuming
	case condMainRejoining:
		return f.main == mainRejoining
	case condMainConnected:
		return f.main == mainConnected && !f.inFlight(opResume) && !f.inFlight(opRejoin)
	case condResumeInFlight:
		return f.inFlight(opResume)

	// The breakout calls.
	case condBreakoutUp:
		for _, c := range s.calls() {
			if c.up {
				return true
			}
		}
		return false
	case condStrayBreakout:
		return s.strayBreakout()
	case condSomethingToRedo:
		return s.strayBreakout() || f.main == mainHeld || f.main == mainHolding || f.main == mainHungUp
	case condSomethingInFlight:
		if f.inFlight(opResume) || f.inFlight(opRejoin) {
			return true
		}
		for _, c := range s.calls() {
			if c.hangPending {
				return true
			}
		}
		return false

	// The bounds on what a machine tracks (R5, C8).
	case condCallBound:
		failed := 0
		for _, c := range s.calls() {
			if c.failedHangUp() {
				failed++
			}
		}
		return failed >= maxFailedCalls
	case condMainBound:
		return s.f.mainBound()
	}
	return false
}

// strayBreakout reports whether a breakout call is a stray (see stray).
func (s *step) strayBreakout() bool {
	for _, c := range s.calls() {
		if c.stray() {
			return true
		}
	}
	return false
}

// allConditionBits has the bit of every valid condition.
const allConditionBits = fsm.Conditions(1)<<conditionEnd - 2

// conditions is the set of the conditions in reads that hold.
func (s *step) conditions(reads fsm.Conditions) (set fsm.Conditions) {
	for rest := reads &^ condInvalid.bit(); rest != 0; rest &= rest - 1 {
		c := condition(bits.TrailingZeros64(uint64(rest)))
		if c < conditionEnd && s.holds(c) {
			set |= c.bit()
		}
	}
	return set
}

// String is the condition's name, as guards show it.
func (c condition) String() string {
	if c == condInvalid || c >= conditionEnd {
		return fmt.Sprintf("condition(%d)", uint8(c))
	}
	return conditionDecls[c].name
}

// Rule is the rule the condition belongs to.
func (c condition) Rule() errcodes.Rule {
	if c >= conditionEnd {
		return rule.Invalid
	}
	return conditionDecls[c].rule
}

// Describe says what the condition means.
func (c condition) Describe() string {
	if c == condInvalid || c >= conditionEnd {
		return "invalid"
	}
	return conditionDecls[c].doc
}

// allConditions lists every valid condition, in bit order.
func allConditions() []condition { return enumAll[condition](uint8(conditionEnd)) }

// conditionNames names every bit of a guard: index i names bit i.
func conditionNames() []string {
	out := make([]string, conditionEnd)
	for c := range conditionEnd {
		out[c] = condition(c).String()
	}
	return out
}

func (c condition) bit() fsm.Conditions { return 1 << c }

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
