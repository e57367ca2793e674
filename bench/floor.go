package bench

import "github.com/breakoutfsm/breakoutfsm/lifecycle"

// Floor is implementation (4): a hand-written transition table indexed by
// state and input, whose rows are chosen by a guard bitmask over the facts.
// It does the least any engine of this lifecycle can do (one array lookup,
// a mask test per candidate row, two bytes of state), so it is the floor the
// other implementations are measured against. A Floor is two bytes.
type Floor struct {
	st    State
	facts uint8
}

// floorRow is one row: it applies when facts&mask == want; it then either
// refuses, or moves to `to` and updates the facts: facts = facts&^clear|set.
type floorRow struct {
	mask, want uint8
	to         State
	clear, set uint8
	refuse     Refusal
}

// floorCell holds the rows of one (state, input) pair; their guards are
// mutually exclusive and together cover every combination of facts.
type floorCell struct {
	n    uint8
	rows [4]floorRow
}

// floorTable is the lifecycle subset, indexed [state][input].
var floorTable = *buildFloorTable()

// NewFloor creates implementation (4) in the main meeting.
func NewFloor() *Floor { return &Floor{st: StMain} }

// State is the floor machine's fine state.
func (m *Floor) State() State { return m.st }

// Apply applies one input. A refused input changes nothing.
func (m *Floor) Apply(in Input) (lifecycle.Position, Refusal) {
	c := &floorTable[m.st][in]
	for i := uint8(0); i < c.n; i++ {
		r := &c.rows[i]
		if m.facts&r.mask != r.want {
			continue
		}
		if r.refuse != RefuseNone {
			return statePositions[m.st], r.refuse
		}
		m.st, m.facts = r.to, m.facts&^r.clear|r.set
		return statePositions[m.st], RefuseNone
	}
	return statePositions[m.st], RefuseOutsideSubset
}

// Step is Apply behind the Participant interface.
func (m *Floor) Step(in Input) (lifecycle.Position, Refusal) { return m.Apply(in) }

// rowSpec is a floor row as written in buildFloorTable.
type rowSpec struct {
	from   State
	on     Input
	mask   uint8
	want   uint8
	to     State
	clear  uint8
	set    uint8
	refuse Refusal
}

// always is the mask of a row without a guard.
const always = 0

// floorRows lists the rows of the subset, state by state. It is the
// specification the looplab and stateless implementations are written to as
// well (each in its own library's terms), and the agreement tests check all
// three against breakoutfsm.
func floorRows() []rowSpec {
	const (
		room      = factOpen | factClosed
		allFacts  = factOpen | factClosed | factAuto | factArmed | factEarly | factAllow
		openAuto  = factOpen | factAuto
		openEarly = factOpen | factAuto | factEarly
	)
	var rows []rowSpec
	add := func(r rowSpec) { rows = append(rows, r) }
	move := func(from State, on Input, mask, want uint8, to State, clear, set uint8) {
		add(rowSpec{from: from, on: on, mask: mask, want: want, to: to, clear: clear, set: set})
	}
	refuse := func(from State, on Input, mask, want uint8, why Refusal) {
		add(rowSpec{from: from, on: on, mask: mask, want: want, to: from, refuse: why})
	}
	stay := func(from State, on Input, mask, want uint8) { move(from, on, mask, want, from, 0, 0) }
	outcomes := []Input{InHoldMainOK, InJoinBreakoutOK, InHangUpMainOK, InHangUpBreakoutOK, InRejoinMainOK}

	// main: nothing assigned (R2, R3, R4, R5, R17, R22).
	move(StMain, InAssignOpenAuto, always, 0, StAssigned, allFacts, factOpen|factAuto|factArmed)
	move(StMain, InAssignOpenPrompt, always, 0, StAssigned, allFacts, factOpen)
	move(StMain, InAssignClosed, always, 0, StAssigned, allFacts, factClosed)
	stay(StMain, InUnassign, always, 0)
	stay(StMain, InSettingsAllow, always, 0)
	stay(StMain, InSettingsDeny, always, 0)
	refuse(StMain, InJoin, always, 0, RefuseNoAssignment)
	refuse(StMain, InReturn, always, 0, RefuseAlreadyInMain)
	stay(StMain, InTick, always, 0)
	move(StMain, InLeave, always, 0, StLeft, allFacts, 0)

	// assigned (R2, R3, R4, R4a, R5, R8, R16, R17, R22).
	stay(StAssigned, InAssignOpenAuto, openAuto, openAuto)                                                    // the same room again
	move(StAssigned, InAssignOpenAuto, openEarly, factOpen, StAssigned, 0, factAuto|factArmed)                // auto-move on: R3
	move(StAssigned, InAssignOpenAuto, openEarly, factOpen|factEarly, StAssigned, 0, factAuto)                // auto-move on after an early return
	move(StAssigned, InAssignOpenAuto, factClosed, factClosed, StAssigned, allFacts, openAuto|factArmed)      // reopened: R3
	stay(StAssigned, InAssignOpenPrompt, openAuto, factOpen)                                                  // the same room again
	move(StAssigned, InAssignOpenPrompt, openAuto, openAuto, StAssigned, factAuto|factArmed, 0)               // auto-move off
	move(StAssigned, InAssignOpenPrompt, factClosed, factClosed, StAssigned, allFacts, factOpen)              // reopened: R4
	stay(StAssigned, InAssignClosed, factClosed, factClosed)                                                  // the same room again
	move(StAssigned, InAssignClosed, factOpen, factOpen, StAssigned, factOpen|factAuto|factArmed, factClosed) // closed: R8
	move(StAssigned, InUnassign, always, 0, StMain, allFacts, 0)                                              // R8
	stay(StAssigned, InSettingsAllow, always, 0)
	stay(StAssigned, InSettingsDeny, always, 0)
	move(StAssigned, InJoin, factOpen, factOpen, StJoiningHold, factArmed|factAllow, 0) // R5
	refuse(StAssigned, InJoin, factOpen, 0, RefuseRoomClosed)
	refuse(StAssigned, InReturn, always, 0, RefuseAlreadyInMain)
	move(StAssigned, InTick, factArmed, factArmed, StJoiningHold, factArmed|factAllow, 0) // R3
	stay(StAssigned, InTick, factArmed, 0)
	move(StAssigned, InLeave, always, 0, StLeft, allFacts, 0)

	// joining, with the host's outcomes in order (R9).
	move(StJoiningHold, InHoldMainOK, always, 0, StJoiningJoin, 0, 0)
	move(StJoiningJoin, InJoinBreakoutOK, always, 0, StInRoomHangUp, 0, 0)
	move(StInRoomHangUp, InHangUpMainOK, always, 0, StInRoom, 0, 0)

	// in the room (R4a, R5, R11, R12, R15, R16, R22).
	stay(StInRoom, InAssignOpenAuto, factAuto, factAuto)
	move(StInRoom, InAssignOpenAuto, factAuto, 0, StInRoom, 0, factAuto)
	stay(StInRoom, InAssignOpenPrompt, factAuto, 0)
	move(StInRoom, InAssignOpenPrompt, factAuto, factAuto, StInRoom, factAuto, 0)
	move(StInRoom, InAssignClosed, always, 0, StReturningBoth, factOpen|factAuto|factAllow, factClosed) // R12
	move(StInRoom, InUnassign, always, 0, StReturningBoth, allFacts, 0)                                 // R12
	move(StInRoom, InSettingsAllow, always, 0, StInRoom, 0, factAllow)                                  // R11
	move(StInRoom, InSettingsDeny, always, 0, StInRoom, factAllow, 0)                                   // R11
	refuse(StInRoom, InJoin, always, 0, RefuseAlreadyInRoom)
	move(StInRoom, InReturn, factAllow, factAllow, StReturningBoth, factAllow, factEarly) // R15, R16
	refuse(StInRoom, InReturn, factAllow, 0, RefuseReturnDisabled)
	stay(StInRoom, InTick, always, 0)
	move(StInRoom, InLeave, always, 0, StLeft, allFacts, 0)

	// returning, with the host's outcomes in order (R18).
	move(StReturningBoth, InHangUpBreakoutOK, always, 0, StReturningRejoin, 0, 0)
	move(StReturningRejoin, InRejoinMainOK, room, 0, StMain, allFacts, 0)
	move(StReturningRejoin, InRejoinMainOK, factOpen, factOpen, StAssigned, 0, 0)
	move(StReturningRejoin, InRejoinMainOK, factClosed, factClosed, StAssigned, 0, 0)

	// Outcomes with nothing in flight (R24), and left (R22).
	for _, st := range []State{StMain, StAssigned, StInRoom} {
		for _, o := range outcomes {
			refuse(st, o, always, 0, RefuseUnexpected)
		}
	}
	for in := Input(1); in < inputEnd; in++ {
		refuse(StLeft, in, always, 0, RefuseLeft)
	}
	return rows
}

func buildFloorTable() *[stateEnd][inputEnd]floorCell {
	var t [stateEnd][inputEnd]floorCell
	for _, r := range floorRows() {
		c := &t[r.from][r.on]
		if int(c.n) == len(c.rows) {
			panic("bench: too many rows for " + r.from.String() + " on " + r.on.String())
		}
		c.rows[c.n] = floorRow{mask: r.mask, want: r.want, to: r.to, clear: r.clear, set: r.set, refuse: r.refuse}
		c.n++
	}
	return &t
}
