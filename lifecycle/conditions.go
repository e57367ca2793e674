package lifecycle

import (
	"fmt"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/policy"
)

// Condition is one guard atom: a named predicate over the participant's
// facts and the input in hand. Every condition is declared here and nowhere
// else: its name, rule and doc line in conditionDecls, its predicate in the
// function of its group (conditionGroups), below; the table's guards, the diagrams, explain, the coverage
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
// its is(…) in its group's function.
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

// The conditions' predicates, the other half of their declaration beside
// conditionDecls: each condition is computed once, as is(CondX, predicate),
// in the function of its group. A group's function computes all of its
// conditions at once, from what they read in common (the event's room
// compared with the assignment once; the breakout calls walked once), and
// runs only when the row's guards read one of them. (Functions called
// directly, not through values in a table: a call through a function value
// would make the step escape to the heap, and Apply allocates nothing.)
var conditionGroups = [...]struct {
	name string // its function
	set  fsm.Conditions
}{
	{"configConditions", bitsOf(CondManager, CondTeamsMeeting, CondFeatureEnabled)},
	{"assignmentConditions", bitsOf(CondAssigned, CondRoomOpen, CondReturnAllowed, CondReturnedEarly, CondAutoMoveWaits)},
	{"eventConditions", bitsOf(CondEventUnassigns, CondEventIdentical, CondEventOpen, CondEventAutoMove, CondEventSameRoom, CondEventRoomOpens, CondEventRoomCloses, CondEventTogglesAutoMove)},
	{"settingsConditions", bitsOf(CondSettingsUndefined, CondSettingsRepeat, CondSettingsRepeatPending, CondSettingsEnd, CondSettingsEndSoon, CondPendingEnd, CondPendingEndSoon)},
	{"outcomeConditions", bitsOf(CondOutcomeInFlight, CondOutcomeForActiveJoin, CondOutcomeForLastHold, CondOutcomeCallUp, CondMainSettlesConnected, CondResumeForReturn)},
	{"mainConditions", bitsOf(CondMainHolding, CondMainOnHold, CondMainHungUp, CondMainGone, CondMainResuming, CondMainRejoining, CondMainConnected, CondResumeInFlight)},
	{"callConditions", bitsOf(CondEventCurrentRoom, CondBreakoutUp, CondStrayBreakout, CondSomethingToRedo, CondSomethingInFlight)},
	{"boundConditions", bitsOf(CondCallBound, CondMainBound)},
}

func bitsOf(cs ...Condition) (set fsm.Conditions) {
	for _, c := range cs {
		set |= c.bit()
	}
	return set
}

// is is c's bit when b holds.
func is(c Condition, b bool) fsm.Conditions {
	var x fsm.Conditions
	if b {
		x = 1
	}
	return x << c
}

// conditions computes the conditions of the groups whose bits are set
// (bit i: conditionGroups[i]).
func (s *step) conditions(groups uint8) (set fsm.Conditions) {
	if groups&(1<<0) != 0 {
		set |= s.configConditions()
	}
	if groups&(1<<1) != 0 {
		set |= s.assignmentConditions()
	}
	if groups&(1<<2) != 0 {
		set |= s.eventConditions()
	}
	if groups&(1<<3) != 0 {
		set |= s.settingsConditions()
	}
	if groups&(1<<4) != 0 {
		set |= s.outcomeConditions()
	}
	if groups&(1<<5) != 0 {
		set |= s.mainConditions()
	}
	if groups&(1<<6) != 0 {
		set |= s.callConditions()
	}
	if groups&(1<<7) != 0 {
		set |= s.boundConditions()
	}
	return set
}

// configConditions: the participant's role and its meeting.
func (s *step) configConditions() fsm.Conditions {
	cfg := s.config()
	return is(CondManager, cfg.Role == Manager) |
		is(CondTeamsMeeting, cfg.Meeting == MeetingTeams) |
		is(CondFeatureEnabled, cfg.FeatureEnabled)
}

// assignmentConditions: the assignment and the breakout call's settings.
func (s *step) assignmentConditions() fsm.Conditions {
	f := s.f.core
	st := f.settings.value
	return is(CondAssigned, f.room != nil) |
		is(CondRoomOpen, f.room != nil && f.room.State == RoomOpen) |
		is(CondReturnAllowed, st != nil && policy.ReturnAllowedBy(st.HasDisableReturn, st.DisableReturn)) |
		is(CondReturnedEarly, f.returnedEarly) |
		is(CondAutoMoveWaits, f.autoMoveOnReturn)
}

// eventConditions: the assignedBreakoutRooms event in hand, against the
// assignment.
func (s *step) eventConditions() fsm.Conditions {
	assigned, r := s.f.room, s.in.Room
	same := eventSameRoom(assigned, r)
	return is(CondEventUnassigns, r == nil) |
		is(CondEventIdentical, eventIdentical(assigned, r)) |
		is(CondEventOpen, r != nil && r.State == RoomOpen) |
		is(CondEventAutoMove, r != nil && r.AutoMove) |
		is(CondEventSameRoom, same) |
		is(CondEventRoomOpens, r != nil && r.State == RoomOpen && (!same || assigned.State != RoomOpen)) |
		is(CondEventRoomCloses, r != nil && r.State == RoomClosed && (!same || assigned.State == RoomOpen)) |
		is(CondEventTogglesAutoMove, r != nil && r.State == RoomOpen && same && assigned.State == RoomOpen && r.AutoMove != assigned.AutoMove)
}

// settingsConditions: the breakoutRoomsSettings event in hand, and the
// settings kept.
func (s *step) settingsConditions() fsm.Conditions {
	st, kept, pending := s.in.Settings, s.f.settings.value, s.pendingSettings()
	return is(CondSettingsUndefined, st == nil) |
		is(CondSettingsRepeat, st != nil && kept != nil && sameSettings(kept, st)) |
		is(CondSettingsRepeatPending, st != nil && pending.value != nil && sameSettings(pending.value, st)) |
		is(CondSettingsEnd, st != nil && st.hasEnd()) |
		is(CondSettingsEndSoon, st != nil && st.hasEnd() && !s.now.before(st.endFrom(s.now).add(-closingSoonLead))) |
		is(CondPendingEnd, pending.hasEnd) |
		is(CondPendingEndSoon, pending.hasEnd && !s.now.before(pending.end.add(-closingSoonLead)))
}

// outcomeConditions: the outcome in hand, against the effects in flight.
func (s *step) outcomeConditions() fsm.Conditions {
	f := s.f.core
	var forActiveJoin, callUp bool
	switch s.kind {
	case InputHoldMainOK, InputHoldMainFailed:
		forActiveJoin = f.activeHold && f.mainInFlight[opHold] == 1
	case InputJoinBreakoutOK, InputJoinBreakoutFailed:
		forActiveJoin = s.outcome >= 0 && s.calls()[s.outcome].role == roleJoining
	}
	if s.outcome >= 0 {
		callUp = s.calls()[s.outcome].up
	}
	return is(CondOutcomeInFlight, s.outcomeInFlight()) |
		is(CondOutcomeForActiveJoin, forActiveJoin) |
		is(CondOutcomeForLastHold, f.mainInFlight[opHold] == 1) |
		is(CondOutcomeCallUp, callUp) |
		is(CondMainSettlesConnected, s.mainSettlesConnected()) |
		is(CondResumeForReturn, f.resumeByReturn&1 != 0)
}

// mainConditions: the main call.
func (s *step) mainConditions() fsm.Conditions {
	f := s.f.core
	return is(CondMainHolding, f.main == mainHolding) |
		is(CondMainOnHold, f.main == mainHolding || f.main == mainHeld) |
		is(CondMainHungUp, f.main == mainHungUp) |
		is(CondMainGone, f.main == mainHungUp || f.main == mainRejoining) |
		is(CondMainResuming, f.main == mainResuming) |
		is(CondMainRejoining, f.main == mainRejoining) |
		is(CondMainConnected, f.main == mainConnected && !f.inFlight(opResume) && !f.inFlight(opRejoin)) |
		is(CondResumeInFlight, f.inFlight(opResume))
}

// callConditions: the breakout calls, walked once.
func (s *step) callConditions() fsm.Conditions {
	f, r := s.f.core, s.in.Room
	var up, stray, hanging, eventCurrent bool
	for _, c := range s.calls() {
		up = up || c.up
		stray = stray || c.stray()
		hanging = hanging || c.hangPending
		eventCurrent = eventCurrent || (r != nil && c.role == roleCurrent && c.up && c.thread == r.ThreadID)
	}
	return is(CondEventCurrentRoom, eventCurrent) |
		is(CondBreakoutUp, up) |
		is(CondStrayBreakout, stray) |
		is(CondSomethingToRedo, stray || f.main == mainHeld || f.main == mainHolding || f.main == mainHungUp) |
		is(CondSomethingInFlight, f.inFlight(opResume) || f.inFlight(opRejoin) || hanging)
}

// boundConditions: the bounds on what a machine tracks (R5, C8).
func (s *step) boundConditions() fsm.Conditions {
	failed := 0
	for _, c := range s.calls() {
		if c.failedHangUp() {
			failed++
		}
	}
	return is(CondCallBound, failed >= maxFailedCalls) |
		is(CondMainBound, s.f.mainBound())
}

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
