package fsm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
)

func newDoor(t testing.TB) *doorTable {
	t.Helper()
	table, err := fsm.New(newDoorSpec())
	require.NoError(t, err)
	return table
}

func TestEnumsAllHaveNames(t *testing.T) {
	names := map[string]bool{}
	check := func(kind, name string) {
		t.Helper()
		assert.NotEmpty(t, name, kind)
		assert.False(t, names[kind+name], "%s %q named twice", kind, name)
		names[kind+name] = true
	}
	for _, s := range allDoorStates() {
		check("state", s.String())
	}
	for _, in := range allDoorInputs() {
		check("input", in.String())
	}
	for _, a := range allDoorActions() {
		check("action", a.String())
	}
	for _, r := range allDoorRules() {
		check("rule", r.String())
	}
	for _, p := range fsm.Problems() {
		check("problem", p.String())
		assert.NotContains(t, p.String(), "Problem(")
	}
	assert.Len(t, doorRows(), doorRowCount)
}

func TestNewAcceptsTheDoor(t *testing.T) {
	table := newDoor(t)
	assert.Equal(t, doorRowCount, fsmq.Of(table).Len())
	assert.Equal(t, allDoorStates(), fsmq.Of(table).States())
	assert.Equal(t, allDoorInputs(), fsmq.Of(table).Inputs())
	assert.Equal(t, doorConditions, fsmq.Of(table).Conditions())
	assert.Equal(t, closed, fsmq.Of(table).Initial())
	assert.Equal(t, []doorState{closed}, fsmq.Of(table).Home())
	assert.Equal(t, []doorState{removed}, fsmq.Of(table).Terminal())
	assert.Equal(t, doorRows(), fsmq.Of(table).Rows())
	assert.True(t, fsmq.Of(table).IsHome(closed))
	assert.False(t, fsmq.Of(table).IsHome(opened))
	assert.True(t, fsmq.Of(table).IsTerminal(removed))
	assert.True(t, fsmq.Of(table).IsRefusal(rowPushJammed))
	assert.False(t, fsmq.Of(table).IsRefusal(rowPullClosed), "ignoring is not refusing")
	assert.False(t, fsmq.Of(table).IsRefusal(-1))
	row, ok := fsmq.Of(table).Row(rowUnlock)
	assert.True(t, ok)
	assert.Equal(t, doorRows()[rowUnlock], row)
	_, ok = fsmq.Of(table).Row(doorRowCount)
	assert.False(t, ok)
}

func TestTableIsACopy(t *testing.T) {
	spec := newDoorSpec()
	table, err := fsm.New(spec)
	require.NoError(t, err)

	// Changing the spec after New, or what the accessors return, must not
	// change the table.
	spec.Rows[rowOpen].To = removed
	spec.States[0] = removed
	fsmq.Of(table).Rows()[rowOpen].To = removed
	fsmq.Of(table).States()[0] = removed
	fsmq.Of(table).Conditions()[0] = "changed"
	fsmq.Of(table).Home()[0] = removed
	fsmq.Of(table).RowsFor(closed, push)[0] = 99
	got := fsmq.Of(table).Spec()
	got.Rows[rowOpen].To = removed

	_, row, ok := table.Step(closed, push, 0)
	require.True(t, ok)
	assert.Equal(t, opened, row.To)
	assert.Equal(t, allDoorStates(), fsmq.Of(table).States())
	assert.Equal(t, doorConditions, fsmq.Of(table).Conditions())
	assert.Equal(t, []doorState{closed}, fsmq.Of(table).Home())
	assert.Equal(t, []int{rowOpen, rowPushJammed}, fsmq.Of(table).RowsFor(closed, push))
}

func TestStepPicksTheRowWhoseGuardHolds(t *testing.T) {
	table := newDoor(t)
	tests := []struct {
		name  string
		from  doorState
		on    doorInput
		c     fsm.Conditions
		index int
		to    doorState
	}{
		{"push opens a free door", closed, push, 0, rowOpen, opened},
		{"other conditions do not matter", closed, push, conds(hasKey, alarmOn), rowOpen, opened},
		{"push on a jammed door is refused", closed, push, conds(jammed), rowPushJammed, closed},
		{"key locks", closed, turnKey, conds(hasKey), rowLock, locked},
		{"no key, no lock", closed, turnKey, conds(jammed), rowLockNoKey, closed},
		{"pull is ignored", closed, pull, conds(hasKey, jammed, alarmOn), rowPullClosed, closed},
		{"unlock", locked, turnKey, conds(hasKey), rowUnlock, closed},
		{"alarm keeps it locked", locked, turnKey, conds(hasKey, alarmOn), rowAlarm, locked},
		{"no key keeps it locked", locked, turnKey, conds(alarmOn), rowUnlockNoKey, locked},
		{"removed refuses", removed, remove, 0, rowGoneRemove, removed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			index, row, ok := table.Step(tt.from, tt.on, tt.c)
			require.True(t, ok)
			assert.Equal(t, tt.index, index)
			assert.Equal(t, doorRows()[tt.index], row)
			assert.Equal(t, tt.to, row.To)
		})
	}
}

func TestStepReportsNoRowWithoutPanicking(t *testing.T) {
	table := newDoor(t)
	for _, tc := range []struct {
		from doorState
		on   doorInput
	}{
		{stateInvalid, push},
		{closed, inputInvalid},
		{doorState(200), push},
		{closed, doorInput(255)},
	} {
		index, row, ok := table.Step(tc.from, tc.on, ^fsm.Conditions(0))
		assert.False(t, ok)
		assert.Equal(t, -1, index)
		assert.Equal(t, doorRow{}, row)
		assert.Empty(t, fsmq.Of(table).RowsFor(tc.from, tc.on))
	}
}

// Step agrees with the dumbest possible lookup: the first row, in spec order,
// whose From, On and Guard match.
func TestStepAgreesWithALinearScan(t *testing.T) {
	table := newDoor(t)
	rows := doorRows()
	for _, s := range allDoorStates() {
		for _, in := range allDoorInputs() {
			for c := range fsm.Conditions(1 << len(doorConditions)) {
				want := -1
				for k, r := range rows {
					if r.From == s && r.On == in && r.Guard.Holds(c) {
						want = k
						break
					}
				}
				got, _, ok := table.Step(s, in, c)
				assert.Equal(t, want, got, "%v %v %b", s, in, c)
				assert.Equal(t, want >= 0, ok)
			}
		}
	}
}

func TestStepDoesNotAllocate(t *testing.T) {
	table := newDoor(t)
	allocs := testing.AllocsPerRun(1000, func() {
		_, _, _ = table.Step(locked, turnKey, conds(hasKey, alarmOn))
		_, _, _ = table.Step(doorState(200), turnKey, 0)
	})
	assert.Zero(t, allocs)
}

func TestRowsForListsRowsInSpecOrder(t *testing.T) {
	table := newDoor(t)
	assert.Equal(t, []int{rowUnlock, rowAlarm, rowUnlockNoKey}, fsmq.Of(table).RowsFor(locked, turnKey))
	assert.Equal(t, []int{rowPullClosed}, fsmq.Of(table).RowsFor(closed, pull))
}

func TestSuccessorsSkipRefusalsAndFollowStateOrder(t *testing.T) {
	table := newDoor(t)
	// Ignoring pull is a non-refusal self-loop, so closed is its own successor.
	assert.Equal(t, []doorState{closed, opened, locked, removed}, fsmq.Of(table).Successors(closed))
	assert.Equal(t, []doorState{closed, removed}, fsmq.Of(table).Successors(opened))
	assert.Equal(t, []doorState{closed}, fsmq.Of(table).Successors(locked))
	assert.Empty(t, fsmq.Of(table).Successors(removed))
	assert.Empty(t, fsmq.Of(table).Successors(stateInvalid))
}

func TestPathHome(t *testing.T) {
	table := newDoor(t)

	path, ok := fsmq.Of(table).PathHome(closed)
	assert.True(t, ok)
	assert.NotNil(t, path)
	assert.Empty(t, path, "a home state is already home")

	path, ok = fsmq.Of(table).PathHome(opened)
	assert.True(t, ok)
	assert.Equal(t, []int{rowClose}, path)

	path, ok = fsmq.Of(table).PathHome(locked)
	assert.True(t, ok)
	assert.Equal(t, []int{rowUnlock}, path)

	path, ok = fsmq.Of(table).PathHome(removed)
	assert.False(t, ok, "removed is terminal and leads nowhere")
	assert.Nil(t, path)

	_, ok = fsmq.Of(table).PathHome(doorState(77))
	assert.False(t, ok)
}

func TestPathHomeIsShortest(t *testing.T) {
	// From s1 the first row leads to s3, which is two rows from home, and the
	// second row to s2, which is one row from home: the path must go through
	// s2 although its row comes later.
	spec := lineSpec()
	table, err := fsm.New(spec)
	require.NoError(t, err)
	path, ok := fsmq.Of(table).PathHome(lineState(1))
	require.True(t, ok)
	require.Len(t, path, 2)
	rows := fsmq.Of(table).Rows()
	assert.Equal(t, lineState(2), rows[path[0]].To)
	assert.Equal(t, lineState(0), rows[path[1]].To)
	for i := 1; i < len(path); i++ {
		assert.Equal(t, rows[path[i-1]].To, rows[path[i]].From, "the path is connected")
	}
}

// lineState and friends make a second, generated table: state 0 is home;
// from state 1, input "go" leads to 2 or 3 depending on condition 0; 2 leads
// home, 3 leads to 4 and 4 leads home.
type lineState uint8

func (s lineState) String() string { return "s" + string(rune('0'+s)) }

type lineInput uint8

func (lineInput) String() string { return "go" }

type lineAction uint8

func (lineAction) String() string { return "step" }

type lineRule uint8

func (lineRule) String() string { return "" }

func lineSpec() fsm.Spec[lineState, lineInput, lineAction, lineRule] {
	type row = fsm.Row[lineState, lineInput, lineAction, lineRule]
	return fsm.Spec[lineState, lineInput, lineAction, lineRule]{
		States:     []lineState{0, 1, 2, 3, 4},
		Inputs:     []lineInput{0},
		Conditions: []string{"fast"},
		Initial:    0,
		Home:       []lineState{0},
		Rows: []row{
			{From: 0, To: 1},
			{From: 1, Guard: fsm.Guard{}.Not(0), To: 3},
			{From: 1, Guard: fsm.When(0), To: 2},
			{From: 3, To: 4},
			{From: 4, To: 0},
			{From: 2, To: 0},
		},
	}
}

func BenchmarkStep(b *testing.B) {
	table := newDoor(b)
	b.ReportAllocs()
	c := conds(hasKey, alarmOn)
	for b.Loop() {
		_, _, _ = table.Step(locked, turnKey, c)
	}
}
