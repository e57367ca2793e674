package fsm

import (
	"context"
	"errors"
	"testing"

	lfsm "github.com/looplab/fsm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var doorEvents = []lfsm.EventDesc{
	{Name: "open", Src: []string{"closed"}, Dst: "opened"},
	{Name: "close", Src: []string{"opened"}, Dst: "closed"},
}

func nop(context.Context, *lfsm.Event) {}

// Pitfall 3: every key looplab understands passes, every key it would drop is
// reported with the reason, in key order.
func TestCheckCallbacksReportsKeysLooplabWouldIgnore(t *testing.T) {
	good := lfsm.Callbacks{
		"before_open": nop, "after_close": nop, "before_event": nop, "after_event": nop,
		"leave_closed": nop, "enter_opened": nop, "leave_state": nop, "enter_state": nop,
		"closed": nop, // short for enter_closed
		"open":   nop, // short for after_open
	}
	require.NoError(t, checkCallbacks(doorEvents, good))

	err := checkCallbacks(doorEvents, lfsm.Callbacks{
		"before_opne":   nop, // the misspelling looplab silently drops
		"enter_open":    nop, // an event where a state belongs
		"after_closed":  nop, // a state where an event belongs
		"on_open":       nop, // no such prefix
		"before_open":   nop,
		"leave_nowhere": nop,
	})
	require.Error(t, err)
	assert.True(t, HasProblem(err, UnknownCallback))
	var got []ValidationError
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ve *ValidationError
		require.True(t, errors.As(e, &ve))
		got = append(got, *ve)
	}
	assert.Equal(t, []ValidationError{
		{Problem: UnknownCallback, Other: "after_closed", Detail: "closed is a state, not an event; looplab would ignore this callback"},
		{Problem: UnknownCallback, Other: "before_opne", Detail: "no event is named opne; looplab would ignore this callback"},
		{Problem: UnknownCallback, Other: "enter_open", Detail: "open is an event, not a state; looplab would ignore this callback"},
		{Problem: UnknownCallback, Other: "leave_nowhere", Detail: "no state is named nowhere; looplab would ignore this callback"},
		{Problem: UnknownCallback, Other: "on_open", Detail: "no event or state is named on_open; looplab would ignore this callback"},
	}, got)
}

func TestCheckCallbacksReportsTwoKeysForOneCallback(t *testing.T) {
	// looplab keeps one of "opened" and "enter_opened" at random.
	err := checkCallbacks(doorEvents, lfsm.Callbacks{"opened": nop, "enter_opened": nop, "open": nop})
	assert.True(t, HasProblem(err, DuplicateName))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "callback opened", ve.Other)

	// A name that is both a state and an event makes the short form ambiguous.
	both := []lfsm.EventDesc{{Name: "idle", Src: []string{"idle"}, Dst: "busy"}}
	assert.True(t, HasProblem(checkCallbacks(both, lfsm.Callbacks{"idle": nop}), DuplicateName))
	assert.NoError(t, checkCallbacks(both, lfsm.Callbacks{"enter_idle": nop, "after_idle": nop}))
}

// The adapter's own callbacks pass the check, and it installs one guard per
// event and nothing else.
func TestLooplabBuildsOnlyKnownCallbackKeys(t *testing.T) {
	spec := Spec[testEnum, testEnum, testEnum, testEnum]{
		States:  []testEnum{1, 2},
		Inputs:  []testEnum{1},
		Initial: 1,
		Home:    []testEnum{1},
		Rows: []Row[testEnum, testEnum, testEnum, testEnum]{
			{From: 1, On: 1, To: 2},
			{From: 2, On: 1, To: 1},
		},
	}
	table, err := New(spec)
	require.NoError(t, err)
	l, err := table.Looplab(1)
	require.NoError(t, err)
	assert.Equal(t, []lfsm.EventDesc{
		{Name: "e1->e2", Src: []string{"e1"}, Dst: "e2"},
		{Name: "e1->e1", Src: []string{"e2"}, Dst: "e1"},
	}, l.events)
	assert.Equal(t, [][]string{nil, nil, nil, {"e1->e2"}, nil, {"e1->e1"}}, l.candidates)
}

type testEnum uint8

func (e testEnum) String() string { return "e" + string(rune('0'+e)) }

// Names containing "->" could make two events share a looplab name; the
// adapter refuses rather than merging them.
func TestLooplabRefusesClashingEventNames(t *testing.T) {
	spec := Spec[arrowName, arrowName, arrowName, arrowName]{
		States:  []arrowName{0, 1, 2},
		Inputs:  []arrowName{3, 4},
		Initial: 0,
		Home:    []arrowName{0},
		Rows: []Row[arrowName, arrowName, arrowName, arrowName]{
			{From: 0, On: 3, To: 1}, // "x" to "b->c": event "x->b->c"
			{From: 0, On: 4, To: 2}, // "x->b" to "c": event "x->b->c" too
			{From: 1, On: 3, To: 0}, {From: 1, On: 4, To: 0},
			{From: 2, On: 3, To: 0}, {From: 2, On: 4, To: 0},
		},
	}
	table, err := New(spec)
	require.NoError(t, err)
	l, err := table.Looplab(0)
	assert.Nil(t, l)
	assert.True(t, HasProblem(err, DuplicateName))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "looplab event x->b->c", ve.Other)
}

type arrowName uint8

func (n arrowName) String() string { return [...]string{"a", "b->c", "c", "x", "x->b"}[n] }
