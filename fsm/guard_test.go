package fsm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/breakoutfsm/breakoutfsm/fsm"
)

func TestGuardHolds(t *testing.T) {
	g := fsm.When(hasKey).Not(alarmOn)
	assert.Equal(t, fsm.Guard{Must: 1 << hasKey, MustNot: 1 << alarmOn}, g)
	assert.True(t, g.Holds(conds(hasKey)))
	assert.True(t, g.Holds(conds(hasKey, jammed)))
	assert.False(t, g.Holds(conds(hasKey, alarmOn)))
	assert.False(t, g.Holds(0))
	assert.True(t, fsm.Guard{}.Holds(0), "the zero guard always holds")
	assert.True(t, fsm.Guard{}.Holds(^fsm.Conditions(0)))
	assert.Equal(t, fsm.Guard{Must: 1<<hasKey | 1<<jammed}, fsm.When(hasKey, jammed))
	assert.Equal(t, fsm.Guard{}, fsm.When())
}

func TestGuardBitsOutOfRangeNeverHold(t *testing.T) {
	for _, g := range []fsm.Guard{fsm.When(64), fsm.Guard{}.Not(200), fsm.When(1, 2).Not(64), fsm.When(1, 64, 2).Not(3)} {
		for _, c := range []fsm.Conditions{0, 1, ^fsm.Conditions(0)} {
			assert.False(t, g.Holds(c))
		}
		assert.Equal(t, "never (condition bit out of range)", g.Format(doorConditions))
	}
	assert.True(t, fsm.When(63).Holds(1<<63))
}

func TestGuardFormat(t *testing.T) {
	assert.Equal(t, "always", fsm.Guard{}.Format(doorConditions))
	assert.Equal(t, "hasKey && !jammed && alarmOn", fsm.When(alarmOn, hasKey).Not(jammed).Format(doorConditions))
	assert.Equal(t, "jammed && !jammed", fsm.When(jammed).Not(jammed).Format(doorConditions))
	assert.Equal(t, "!hasKey && bit5", fsm.When(5).Not(hasKey).Format(doorConditions))
	assert.Equal(t, "bit0 && !bit63", fsm.When(0).Not(63).Format(nil))
	assert.Equal(t, "bit1", fsm.When(1).Format([]string{"a", ""}))
}
