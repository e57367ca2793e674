package fsm_test

import (
	"strconv"

	"github.com/breakoutfsm/breakoutfsm/fsm"
)

// The toy table the tests share: a door that can be opened, locked with a key
// unless an alarm is on, and removed for good. Home is "closed"; "removed" is
// terminal and refuses everything.

type doorState uint8

const (
	stateInvalid doorState = iota
	closed
	opened
	locked
	removed
	stateLimit
)

var doorStateNames = [...]string{"", "closed", "opened", "locked", "removed"}

func (s doorState) String() string {
	if s < stateLimit {
		return doorStateNames[s]
	}
	return "doorState(" + strconv.Itoa(int(s)) + ")"
}

func allDoorStates() []doorState { return []doorState{closed, opened, locked, removed} }

type doorInput uint8

const (
	inputInvalid doorInput = iota
	push
	pull
	turnKey
	remove
	inputLimit
)

var doorInputNames = [...]string{"", "push", "pull", "turnKey", "remove"}

func (i doorInput) String() string {
	if i < inputLimit {
		return doorInputNames[i]
	}
	return "doorInput(" + strconv.Itoa(int(i)) + ")"
}

func allDoorInputs() []doorInput { return []doorInput{push, pull, turnKey, remove} }

type doorAction uint8

const (
	actionInvalid doorAction = iota
	move
	refuse
	ignore
	actionLimit
)

var doorActionNames = [...]string{"", "move", "refuse", "ignore"}

func (a doorAction) String() string {
	if a < actionLimit {
		return doorActionNames[a]
	}
	return "doorAction(" + strconv.Itoa(int(a)) + ")"
}

func allDoorActions() []doorAction { return []doorAction{move, refuse, ignore} }

type doorRule uint8

const (
	ruleInvalid     doorRule = iota
	ruleOpen                 // D1: an unjammed door opens when pushed
	ruleJammed               // D2: a jammed or locked door does not move
	ruleLock                 // D3: the key locks a closed door
	ruleNoKey                // D4: without the key, the lock does not turn
	ruleIgnorePull           // D5: pulling a closed door does nothing
	ruleRemove               // D6: a door that is not locked can be removed
	ruleClose                // D7: pulling an open door closes it
	ruleAlreadyOpen          // D8: an open door refuses push and key
	ruleUnlock               // D9: the key unlocks a locked door when the alarm is off
	ruleAlarm                // D10: the alarm keeps a locked door locked
	ruleLockedStays          // D11: a locked door cannot be removed
	ruleGone                 // D12: a removed door refuses everything
	ruleLimit
)

func (r doorRule) String() string {
	if r == ruleInvalid || r >= ruleLimit {
		return ""
	}
	return "D" + strconv.Itoa(int(r))
}

func allDoorRules() []doorRule {
	var all []doorRule
	for r := ruleInvalid + 1; r < ruleLimit; r++ {
		all = append(all, r)
	}
	return all
}

// Condition bits.
const (
	hasKey  uint8 = 0
	jammed  uint8 = 1
	alarmOn uint8 = 2
)

var doorConditions = []string{"hasKey", "jammed", "alarmOn"}

type doorRow = fsm.Row[doorState, doorInput, doorAction, doorRule]
type doorSpec = fsm.Spec[doorState, doorInput, doorAction, doorRule]
type doorTable = fsm.Table[doorState, doorInput, doorAction, doorRule]

// Row indexes of doorRows, for assertions.
const (
	rowOpen = iota
	rowPushJammed
	rowLock
	rowLockNoKey
	rowPullClosed
	rowRemoveClosed
	rowClose
	rowPushOpened
	rowKeyOpened
	rowRemoveOpened
	rowUnlock
	rowAlarm
	rowUnlockNoKey
	rowPushLocked
	rowPullLocked
	rowRemoveLocked
	rowGonePush
	rowGonePull
	rowGoneKey
	rowGoneRemove
	doorRowCount
)

func doorRows() []doorRow {
	return []doorRow{
		rowOpen:         {From: closed, On: push, Guard: fsm.Guard{}.Not(jammed), To: opened, Action: move, Rule: ruleOpen},
		rowPushJammed:   {From: closed, On: push, Guard: fsm.When(jammed), To: closed, Action: refuse, Rule: ruleJammed},
		rowLock:         {From: closed, On: turnKey, Guard: fsm.When(hasKey), To: locked, Action: move, Rule: ruleLock},
		rowLockNoKey:    {From: closed, On: turnKey, Guard: fsm.Guard{}.Not(hasKey), To: closed, Action: refuse, Rule: ruleNoKey},
		rowPullClosed:   {From: closed, On: pull, To: closed, Action: ignore, Rule: ruleIgnorePull},
		rowRemoveClosed: {From: closed, On: remove, To: removed, Action: move, Rule: ruleRemove},
		rowClose:        {From: opened, On: pull, To: closed, Action: move, Rule: ruleClose},
		rowPushOpened:   {From: opened, On: push, To: opened, Action: refuse, Rule: ruleAlreadyOpen},
		rowKeyOpened:    {From: opened, On: turnKey, To: opened, Action: refuse, Rule: ruleAlreadyOpen},
		rowRemoveOpened: {From: opened, On: remove, To: removed, Action: move, Rule: ruleRemove},
		rowUnlock:       {From: locked, On: turnKey, Guard: fsm.When(hasKey).Not(alarmOn), To: closed, Action: move, Rule: ruleUnlock},
		rowAlarm:        {From: locked, On: turnKey, Guard: fsm.When(hasKey, alarmOn), To: locked, Action: refuse, Rule: ruleAlarm},
		rowUnlockNoKey:  {From: locked, On: turnKey, Guard: fsm.Guard{}.Not(hasKey), To: locked, Action: refuse, Rule: ruleNoKey},
		rowPushLocked:   {From: locked, On: push, To: locked, Action: refuse, Rule: ruleJammed},
		rowPullLocked:   {From: locked, On: pull, To: locked, Action: refuse, Rule: ruleJammed},
		rowRemoveLocked: {From: locked, On: remove, To: locked, Action: refuse, Rule: ruleLockedStays},
		rowGonePush:     {From: removed, On: push, To: removed, Action: refuse, Rule: ruleGone},
		rowGonePull:     {From: removed, On: pull, To: removed, Action: refuse, Rule: ruleGone},
		rowGoneKey:      {From: removed, On: turnKey, To: removed, Action: refuse, Rule: ruleGone},
		rowGoneRemove:   {From: removed, On: remove, To: removed, Action: refuse, Rule: ruleGone},
	}
}

func isRefusal(a doorAction) bool { return a == refuse }

// newDoorSpec returns a fresh, valid spec that a test may break at will.
func newDoorSpec() doorSpec {
	return doorSpec{
		States:     allDoorStates(),
		Inputs:     allDoorInputs(),
		Conditions: append([]string(nil), doorConditions...),
		Initial:    closed,
		Home:       []doorState{closed},
		Terminal:   []doorState{removed},
		Rows:       doorRows(),
		Refusal:    isRefusal,
	}
}

// conds builds a condition set from bits.
func conds(bits ...uint8) fsm.Conditions {
	var c fsm.Conditions
	for _, b := range bits {
		c |= 1 << b
	}
	return c
}
