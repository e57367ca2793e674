package fsmq_test

import (
	"context"
	"go/parser"
	"go/token"
	"path/filepath"
	"testing"

	lfsm "github.com/looplab/fsm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
)

type state uint8

func (s state) String() string { return [...]string{"", "off", "on"}[s] }

type input uint8

func (input) String() string { return "press" }

type action uint8

func (a action) String() string { return [...]string{"", "switch", "stay"}[a] }

type rule uint8

func (rule) String() string { return "" }

const (
	off, on state = 1, 2
	press   input = 1
	powered uint8 = 0
)

func table(t *testing.T) *fsm.Table[state, input, action, rule] {
	t.Helper()
	tbl, err := fsm.New(fsm.Spec[state, input, action, rule]{
		States: []state{off, on}, Inputs: []input{press}, Conditions: []string{"powered"},
		Initial: off, Home: []state{off},
		Rows: []fsm.Row[state, input, action, rule]{
			{From: off, On: press, Guard: fsm.When(powered), To: on, Action: 1},
			{From: off, On: press, Guard: fsm.Guard{}.Not(powered), To: off, Action: 2},
			{From: on, On: press, To: off, Action: 1},
		},
		Refusal: func(a action) bool { return a == 2 },
	})
	require.NoError(t, err)
	return tbl
}

// The queries reach the table New built.
func TestOf(t *testing.T) {
	tbl := table(t)
	q := fsmq.Of(tbl)
	assert.Equal(t, 3, q.Len())
	assert.Equal(t, fsm.Conditions(1), q.Reads(off, press))
	assert.Equal(t, []int{0, 1}, q.RowsFor(off, press))
	assert.Equal(t, 1, q.Find(off, press, 0))
	assert.True(t, q.IsRefusal(1))
	path, ok := q.PathHome(on)
	assert.True(t, ok)
	assert.Equal(t, []int{2}, path)
	c, ok := q.Witness(off, fsm.When(powered))
	assert.True(t, ok)
	assert.Equal(t, fsm.Conditions(1), c)
	assert.True(t, fsmq.PossibleIn(off, fsm.When(powered), nil))
	assert.False(t, fsmq.PossibleIn(off, fsm.When(powered), []fsm.Constraint[state]{{States: []state{off}, Guard: fsm.When(powered)}}))
	assert.True(t, fsmq.PossibleIn(on, fsm.When(powered), []fsm.Constraint[state]{{States: []state{off}, Guard: fsm.When(powered)}}))

	l, err := tbl.Looplab(off)
	require.NoError(t, err)
	_, err = l.Fire(context.Background(), press, 1)
	require.NoError(t, err)
	assert.Equal(t, "on", fsmq.OfLooplab(l).FSM().Current())
	out, err := fsmq.OfLooplab(l).Visualize(string(lfsm.MERMAID))
	require.NoError(t, err)
	assert.Contains(t, out, "stateDiagram")
}

// internal/fsmhook imports nothing, so that package fsm can import it and
// stay pure.
func TestHookImportsNothing(t *testing.T) {
	files, err := filepath.Glob("../fsmhook/*.go")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		require.NoError(t, err)
		assert.Empty(t, f.Imports, name)
	}
}
