package fsm_test

import (
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/fsm"
)

// validationErrors unpacks the joined error New returns.
func validationErrors(t *testing.T, err error) []*fsm.ValidationError {
	t.Helper()
	require.Error(t, err)
	joined, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "New joins its errors: %T", err)
	var out []*fsm.ValidationError
	for _, e := range joined.Unwrap() {
		var ve *fsm.ValidationError
		require.True(t, errors.As(e, &ve), "every error is a *ValidationError: %T", e)
		out = append(out, ve)
	}
	return out
}

// newBroken runs New on a spec that must fail, checks the shared contract
// (nil table, sorted errors, same answer twice) and returns the errors.
func newBroken(t *testing.T, spec doorSpec) []*fsm.ValidationError {
	t.Helper()
	var (
		table *doorTable
		err   error
	)
	require.NotPanics(t, func() { table, err = fsm.New(spec) })
	require.Nil(t, table)
	got := validationErrors(t, err)
	assert.True(t, slices.IsSortedFunc(got, func(a, b *fsm.ValidationError) int { return int(a.Problem) - int(b.Problem) }),
		"errors are sorted by problem")
	_, again := fsm.New(spec)
	assert.Equal(t, err.Error(), again.Error(), "validation is deterministic")
	return got
}

// only returns the errors of one problem.
func only(errs []*fsm.ValidationError, p fsm.Problem) []fsm.ValidationError {
	var out []fsm.ValidationError
	for _, e := range errs {
		if e.Problem == p {
			out = append(out, *e)
		}
	}
	return out
}

func TestValidationUnknownState(t *testing.T) {
	spec := newDoorSpec()
	spec.Rows[rowClose].To = doorState(9)
	spec.Initial = doorState(8)
	spec.Home = append(spec.Home, stateInvalid)
	spec.Terminal = []doorState{removed, doorState(7)}
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.UnknownState, State: "", Other: "home", Detail: "not listed in States"},
		{Problem: fsm.UnknownState, State: "doorState(7)", Other: "terminal", Detail: "not listed in States"},
		{Problem: fsm.UnknownState, State: "doorState(8)", Other: "initial", Detail: "not listed in States"},
		{Problem: fsm.UnknownState, State: "doorState(9)", Input: "pull", Other: "to", Rows: []int{rowClose},
			Detail: "the row leads to a state not listed in States"},
	}, only(errs, fsm.UnknownState))
	assert.True(t, fsm.HasProblem(errors.Join(toErrors(errs)...), fsm.UnknownState))
}

func TestValidationUnknownStateInFrom(t *testing.T) {
	spec := newDoorSpec()
	spec.Rows = append(spec.Rows, doorRow{From: doorState(9), On: push, To: closed, Action: move})
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.UnknownState, State: "doorState(9)", Input: "push", Other: "from", Rows: []int{doorRowCount},
			Detail: "the row starts in a state not listed in States"},
	}, only(errs, fsm.UnknownState))
}

func TestValidationUnknownInput(t *testing.T) {
	spec := newDoorSpec()
	spec.Rows[rowPullClosed].On = doorInput(9)
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.UnknownInput, State: "closed", Input: "doorInput(9)", Rows: []int{rowPullClosed},
			Detail: "the row's input is not listed in Inputs"},
	}, only(errs, fsm.UnknownInput))
	// Without that row, closed has nothing for pull.
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.IncompleteGuards, State: "closed", Input: "pull", Detail: "no row"},
	}, only(errs, fsm.IncompleteGuards))
}

func TestValidationUnknownCondition(t *testing.T) {
	spec := newDoorSpec()
	spec.Conditions = spec.Conditions[:2] // alarmOn is bit 2
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.UnknownCondition, State: "locked", Input: "turnKey", Other: "condition bits 2", Rows: []int{rowUnlock},
			Detail: "the guard uses conditions beyond the 2 named"},
		{Problem: fsm.UnknownCondition, State: "locked", Input: "turnKey", Other: "condition bits 2", Rows: []int{rowAlarm},
			Detail: "the guard uses conditions beyond the 2 named"},
	}, only(errs, fsm.UnknownCondition))
	assert.Len(t, errs, 2)
}

func TestValidationContradictoryGuard(t *testing.T) {
	spec := newDoorSpec()
	spec.Rows[rowPushJammed].Guard = fsm.When(jammed).Not(jammed)
	spec.Rows[rowPullClosed].Guard = fsm.When(64) // cannot be represented
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.ContradictoryGuard, State: "closed", Input: "pull", Rows: []int{rowPullClosed},
			Detail: "the guard was built with a condition bit of 64 or more"},
		{Problem: fsm.ContradictoryGuard, State: "closed", Input: "push", Rows: []int{rowPushJammed},
			Detail: `the guard "jammed && !jammed" can never hold`},
	}, only(errs, fsm.ContradictoryGuard))
	// A guard that never holds leaves its cases uncovered.
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.IncompleteGuards, State: "closed", Input: "pull", Rows: []int{rowPullClosed},
			Detail: "no row's guard can hold"},
		{Problem: fsm.IncompleteGuards, State: "closed", Input: "push", Rows: []int{rowOpen, rowPushJammed},
			Detail: "no row when jammed"},
	}, only(errs, fsm.IncompleteGuards))
}

func TestValidationDuplicateRow(t *testing.T) {
	spec := newDoorSpec()
	dup := spec.Rows[rowLock]
	dup.To, dup.Rule = closed, ruleNoKey
	spec.Rows = append(spec.Rows, dup)
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.DuplicateRow, State: "closed", Input: "turnKey", Rows: []int{rowLock, doorRowCount},
			Detail: `both rows have the guard "hasKey"`},
	}, only(errs, fsm.DuplicateRow))
	assert.Empty(t, only(errs, fsm.OverlappingGuards), "a duplicate is not reported twice")
	assert.Len(t, errs, 1)
}

func TestValidationOverlappingGuards(t *testing.T) {
	spec := newDoorSpec()
	spec.Rows[rowPushJammed].Guard = fsm.When(hasKey)
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.OverlappingGuards, State: "closed", Input: "push", Rows: []int{rowOpen, rowPushJammed},
			Detail: "both hold when hasKey && !jammed"},
	}, only(errs, fsm.OverlappingGuards))
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.IncompleteGuards, State: "closed", Input: "push", Rows: []int{rowOpen, rowPushJammed},
			Detail: "no row when !hasKey && jammed"},
	}, only(errs, fsm.IncompleteGuards))
	var ve *fsm.ValidationError
	_, err := fsm.New(spec)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "fsm: overlapping guards (state closed; input push; rows 0, 1): both hold when hasKey && !jammed", ve.Error())
	assert.True(t, fsm.HasProblem(err, fsm.OverlappingGuards))
	assert.False(t, fsm.HasProblem(err, fsm.DuplicateRow))
}

func TestValidationIncompleteGuards(t *testing.T) {
	spec := newDoorSpec()
	spec.Rows = slices.Delete(spec.Rows, rowAlarm, rowAlarm+1)
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.IncompleteGuards, State: "locked", Input: "turnKey", Rows: []int{rowUnlock, rowUnlockNoKey - 1},
			Detail: "no row when hasKey && alarmOn"},
	}, all(errs))
}

func TestValidationIncompleteGuardsNeedsARowForEveryPair(t *testing.T) {
	// Terminal states need rows too.
	spec := newDoorSpec()
	spec.Rows = slices.Delete(spec.Rows, rowGoneKey, rowGoneKey+1)
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.IncompleteGuards, State: "removed", Input: "turnKey", Detail: "no row"},
	}, all(errs))
}

func TestValidationIncompleteGuardsGivesUpOnTooManyConditions(t *testing.T) {
	spec := newDoorSpec()
	for i := len(spec.Conditions); i < 40; i++ {
		spec.Conditions = append(spec.Conditions, "c"+strconv.Itoa(i))
	}
	// Seventeen conditions mentioned for (closed, pull): too many to
	// enumerate, whatever the rows say.
	var bits []uint8
	for b := uint8(3); b < 20; b++ {
		bits = append(bits, b)
	}
	wide := fsm.When(bits...)
	spec.Rows[rowPullClosed].Guard = wide
	spec.Rows = append(spec.Rows, doorRow{From: closed, On: pull, Guard: fsm.Guard{}.Not(3), To: closed, Action: ignore, Rule: ruleIgnorePull})
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.IncompleteGuards, State: "closed", Input: "pull", Rows: []int{rowPullClosed, doorRowCount},
			Detail: "too many conditions to check"},
	}, all(errs))
}

func TestValidationRefusalChangesState(t *testing.T) {
	spec := newDoorSpec()
	spec.Rows[rowPushOpened].To = closed
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.RefusalChangesState, State: "opened", Input: "push", Other: "action refuse", Rows: []int{rowPushOpened},
			Detail: "a refusal must stay in opened but the row goes to closed"},
	}, all(errs))
}

func TestValidationUnreachableState(t *testing.T) {
	// A cellar that leads home but that nothing leads to.
	cellar := doorState(5)
	spec := newDoorSpec()
	spec.States = append(spec.States, cellar)
	for _, in := range allDoorInputs() {
		spec.Rows = append(spec.Rows, doorRow{From: cellar, On: in, To: closed, Action: move})
	}
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.UnreachableState, State: "doorState(5)", Detail: "no sequence of rows leads here from closed"},
	}, all(errs))
}

func TestValidationNoPathHome(t *testing.T) {
	// If pulling an open door only ignored it, an open door could be removed
	// but never closed again.
	spec := newDoorSpec()
	spec.Rows[rowClose].To, spec.Rows[rowClose].Action = opened, ignore
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.NoPathHome, State: "opened", Detail: "no sequence of rows leads from here to a home state"},
	}, all(errs))
}

func TestValidationRefusalRowsDoNotCountAsPaths(t *testing.T) {
	// Declaring the unlock row a refusal cuts locked off from home, and the
	// row itself changes state.
	spec := newDoorSpec()
	spec.Rows[rowUnlock].Action = refuse
	errs := newBroken(t, spec)
	assert.Len(t, only(errs, fsm.RefusalChangesState), 1)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.NoPathHome, State: "locked", Detail: "no sequence of rows leads from here to a home state"},
	}, only(errs, fsm.NoPathHome))
}

func TestValidationDuplicateName(t *testing.T) {
	spec := newDoorSpec()
	spec.States = append(spec.States, closed)
	spec.Inputs = append(spec.Inputs, push)
	spec.Conditions = append(spec.Conditions, "jammed")
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.DuplicateName, Other: "condition jammed", Detail: "positions 1 and 3 share the name"},
		{Problem: fsm.DuplicateName, Input: "push", Other: "input", Detail: "positions 0 and 4 share the name"},
		{Problem: fsm.DuplicateName, State: "closed", Other: "state", Detail: "positions 0 and 4 share the name"},
	}, all(errs))
}

func TestValidationEmptySpec(t *testing.T) {
	errs := newBroken(t, doorSpec{})
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.EmptySpec, Detail: "no inputs"},
		{Problem: fsm.EmptySpec, Detail: "no rows"},
		{Problem: fsm.EmptySpec, Detail: "no states"},
	}, all(errs))
}

func TestValidationTooManyConditions(t *testing.T) {
	spec := newDoorSpec()
	for i := len(spec.Conditions); i <= fsm.MaxConditions; i++ {
		spec.Conditions = append(spec.Conditions, "c"+strconv.Itoa(i))
	}
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.TooManyConditions, Detail: "65 conditions named, at most 64 fit in a guard"},
	}, all(errs))
}

func TestValidationInvalidName(t *testing.T) {
	spec := newDoorSpec()
	spec.Conditions[jammed] = ""
	errs := newBroken(t, spec)
	assert.Equal(t, []fsm.ValidationError{
		{Problem: fsm.InvalidName, Other: "condition at position 1", Detail: "the name is empty"},
	}, all(errs))
}

func TestValidationNeverPanicsOnTheZeroStates(t *testing.T) {
	// The invalid zero state has an empty name and no rows: New must list
	// that, not crash.
	spec := newDoorSpec()
	spec.States = append(spec.States, stateInvalid)
	errs := newBroken(t, spec)
	assert.Len(t, only(errs, fsm.InvalidName), 1)
	assert.Len(t, only(errs, fsm.IncompleteGuards), len(allDoorInputs()))
	assert.Len(t, only(errs, fsm.UnreachableState), 1)
	assert.Len(t, only(errs, fsm.NoPathHome), 1)
}

func TestValidationErrorString(t *testing.T) {
	e := &fsm.ValidationError{Problem: fsm.IncompleteGuards, State: "removed", Input: "turnKey", Detail: "no row"}
	assert.Equal(t, "fsm: incomplete guards (state removed; input turnKey): no row", e.Error())
	e = &fsm.ValidationError{Problem: fsm.EmptySpec, Detail: "no rows"}
	assert.Equal(t, "fsm: empty spec: no rows", e.Error())
	e = &fsm.ValidationError{Problem: fsm.RefusalChangesState, State: "a", Other: "action x", Rows: []int{4}}
	assert.Equal(t, "fsm: refusal changes state (state a; action x; row 4)", e.Error())
	assert.Equal(t, "no path home", fsm.NoPathHome.String())
	assert.Equal(t, "Problem(200)", fsm.Problem(200).String())
}

func toErrors(errs []*fsm.ValidationError) []error {
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return out
}

// all dereferences the errors, for comparing whole lists.
func all(errs []*fsm.ValidationError) []fsm.ValidationError {
	out := make([]fsm.ValidationError, len(errs))
	for i, e := range errs {
		out[i] = *e
	}
	return out
}
