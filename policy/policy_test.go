package policy

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
)

// R15: a return is allowed only when the settings say
// disableReturnToMainMeeting is exactly false; absent means not allowed.
func TestR15_ReturnAllowedOnlyWhenExplicitlyFalse(t *testing.T) {
	assert.True(t, ReturnAllowedBy(true, false))
	assert.False(t, ReturnAllowedBy(true, true))
	assert.False(t, ReturnAllowedBy(false, false), "absent counts as true")
	assert.False(t, ReturnAllowedBy(false, true))
}

// R1: the feature flag is checked before the meeting kind, as the SDK does.
func TestR1_GateChecksTheFeatureFirst(t *testing.T) {
	assert.Equal(t, FeatureEnabled, Gate(false, false))
	assert.Equal(t, FeatureEnabled, Gate(true, false))
	assert.Equal(t, TeamsMeeting, Gate(false, true))
	assert.Equal(t, ConditionInvalid, Gate(true, true))
}

func TestEveryConditionIsNamedWithARuleAndReadsItsFact(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range AllConditions() {
		assert.NotContains(t, c.String(), "(", "condition %d has no name", c)
		assert.False(t, seen[c.String()], "name %s twice", c)
		seen[c.String()] = true
		assert.NotEqual(t, errcodes.RuleInvalid, c.Rule(), c.String())
		assert.NotEmpty(t, c.Describe())
		assert.Less(t, int(c.Bit()), fsm.MaxConditions)
	}
	assert.Equal(t, "Condition(0)", ConditionInvalid.String())
	assert.False(t, Holds(ConditionInvalid, &View{}))
	assert.Zero(t, Evaluate(&View{}), "an empty view satisfies no condition")
}

// The event conditions compare the event's room with the facts (R4a, R13).
func TestEventConditions(t *testing.T) {
	v := View{Assigned: true, AssignedThread: "19:a", RoomOpen: true, CurrentThread: "19:b",
		Event: true, EventHasRoom: true, EventThread: "19:a", EventOpen: true}
	set := Evaluate(&v)
	has := func(c Condition) bool { return set&(1<<c.Bit()) != 0 }
	assert.True(t, has(EventSameRoom))
	assert.False(t, has(EventCurrentRoom))
	assert.True(t, has(EventOpen))
	assert.False(t, has(EventUnassigns))
	v.EventThread = "19:b"
	set = Evaluate(&v)
	assert.False(t, has(EventSameRoom))
	assert.True(t, has(EventCurrentRoom))
	v.EventHasRoom = false
	set = Evaluate(&v)
	assert.True(t, has(EventUnassigns))
	assert.False(t, has(EventOpen), "no room, nothing open")
	v = View{RoomOpen: true, AutoMove: true}
	set = Evaluate(&v)
	assert.False(t, has(RoomOpen), "an open room needs an assignment")
	assert.False(t, has(AutoMove))
}

func TestGuardsFromConditions(t *testing.T) {
	g := When(RoomOpen, AutoMove)
	assert.True(t, g.Holds(1<<RoomOpen.Bit()|1<<AutoMove.Bit()))
	assert.False(t, g.Holds(1<<RoomOpen.Bit()))
	u := Unless(ReturnAllowed)
	assert.True(t, u.Holds(0))
	assert.False(t, u.Holds(1<<ReturnAllowed.Bit()))
	assert.Equal(t, "!returnAllowed", u.Format(Names()))
}

// EvaluateOnly is Evaluate restricted to the conditions asked for.
func TestEvaluateOnlyIsEvaluateMasked(t *testing.T) {
	views := []View{
		{},
		{Manager: true, Assigned: true, AssignedThread: "19:a", RoomOpen: true, AutoMove: true, HasDisableReturn: true},
		{Event: true, EventHasRoom: true, EventThread: "19:a", EventOpen: true, CurrentThread: "19:a", OutcomeInFlight: true, MainGone: true},
		{Event: true, SomethingToRedo: true, SomethingInFlight: true, OutcomeForActiveJoin: true, StrayBreakout: true, BreakoutUp: true},
	}
	masks := []fsm.Conditions{0, ^fsm.Conditions(0), 1<<Assigned | 1<<RoomOpen, 1<<EventSameRoom | 1<<EventCurrentRoom | 1<<MainGone, 0x5555_5555}
	for i := range views {
		all := Evaluate(&views[i])
		for _, need := range masks {
			assert.Equal(t, all&need, EvaluateOnly(&views[i], need), "view %d, need %b", i, need)
		}
	}
}
