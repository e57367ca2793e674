package fsm_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	lfsm "github.com/looplab/fsm"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
)

type doorMachine = fsm.Looplab[doorState, doorInput, doorAction, doorRule]

func newDoorMachine(t *testing.T, initial doorState) (*doorTable, *doorMachine) {
	t.Helper()
	table := newDoor(t)
	m, err := table.Looplab(initial)
	require.NoError(t, err)
	return table, m
}

func TestLooplabFollowsTheTable(t *testing.T) {
	_, m := newDoorMachine(t, closed)
	ctx := context.Background()
	steps := []struct {
		on    doorInput
		c     fsm.Conditions
		index int
		then  doorState
	}{
		{push, conds(jammed), rowPushJammed, closed}, // a refusal is a self-loop event
		{pull, 0, rowPullClosed, closed},             // so is ignoring
		{push, 0, rowOpen, opened},
		{turnKey, conds(hasKey), rowKeyOpened, opened},
		{pull, 0, rowClose, closed},
		{turnKey, conds(hasKey), rowLock, locked},
		{turnKey, conds(hasKey, alarmOn), rowAlarm, locked},
		{turnKey, conds(alarmOn), rowUnlockNoKey, locked},
		{turnKey, conds(hasKey), rowUnlock, closed},
		{remove, 0, rowRemoveClosed, removed},
		{push, 0, rowGonePush, removed},
	}
	for i, s := range steps {
		index, err := m.Fire(ctx, s.on, s.c)
		require.NoError(t, err, "step %d", i)
		assert.Equal(t, s.index, index, "step %d", i)
		assert.Equal(t, s.then, m.Current(), "step %d", i)
		assert.Equal(t, s.then.String(), fsmq.OfLooplab(m).FSM().Current(), "step %d", i)
	}
}

func TestLooplabRejectsAnUnknownInitialState(t *testing.T) {
	table := newDoor(t)
	m, err := table.Looplab(doorState(42))
	assert.Nil(t, m)
	assert.True(t, fsm.HasProblem(err, fsm.UnknownState))
	var ve *fsm.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "initial", ve.Other)
}

func TestLooplabReportsNoRowAsATypedError(t *testing.T) {
	_, m := newDoorMachine(t, closed)
	index, err := m.Fire(context.Background(), doorInput(99), 0)
	assert.Equal(t, -1, index)
	assert.ErrorIs(t, err, fsm.ErrNoRow)
	var fe *fsm.FireError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, fsm.FireError{State: "closed", Input: "doorInput(99)", Conditions: 0, Err: fsm.ErrNoRow}, *fe)
	assert.Equal(t, "fsm: looplab: input doorInput(99) in state closed: fsm: no row applies", err.Error())
	assert.Equal(t, closed, m.Current())
}

// Every looplab event carries its guard: firing one directly on the machine,
// without the adapter's conditions, is cancelled by that guard. This would
// fail for any event whose before_ key looplab had dropped.
func TestLooplabGuardsEveryEvent(t *testing.T) {
	table, m := newDoorMachine(t, closed)
	seen := map[string]bool{}
	for _, row := range fsmq.Of(table).Rows() {
		name := row.On.String() + "->" + row.To.String()
		if seen[name+row.From.String()] {
			continue
		}
		seen[name+row.From.String()] = true
		fsmq.OfLooplab(m).FSM().SetState(row.From.String())
		err := fsmq.OfLooplab(m).FSM().Event(context.Background(), name)
		var canceled lfsm.CanceledError
		assert.True(t, errors.As(err, &canceled), "event %s from %s: %v", name, row.From, err)
		assert.ErrorIs(t, err, fsm.ErrDirectEvent, "event %s from %s", name, row.From)
		assert.Equal(t, row.From.String(), fsmq.OfLooplab(m).FSM().Current())
	}
}

// Looplab's own diagram and ours describe the same transitions: one looplab
// line per (source, event), matching the rows.
func TestLooplabVisualizeMatchesTheRows(t *testing.T) {
	table, m := newDoorMachine(t, closed)
	out, err := fsmq.OfLooplab(m).Visualize(string(lfsm.MERMAID))
	require.NoError(t, err)
	again, err := fsmq.OfLooplab(m).Visualize(string(lfsm.MERMAID))
	require.NoError(t, err)
	assert.Equal(t, out, again)

	want := map[string]bool{}
	for _, row := range fsmq.Of(table).Rows() {
		want["    "+row.From.String()+" --> "+row.To.String()+": "+row.On.String()+"->"+row.To.String()] = true
	}
	got := map[string]bool{}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Equal(t, "stateDiagram-v2", lines[0])
	assert.Equal(t, "    [*] --> closed", lines[1])
	for _, l := range lines[2:] {
		got[l] = true
	}
	assert.Equal(t, want, got)

	dot, err := fsmq.OfLooplab(m).Visualize(string(lfsm.GRAPHVIZ))
	require.NoError(t, err)
	assert.Contains(t, dot, `"locked" -> "closed" [ label = "turnKey->closed" ];`)

	_, err = fsmq.OfLooplab(m).Visualize("no-such-kind")
	assert.Error(t, err)
}

// Pitfall 1: looplab v1.0.3's Event reads the current state without a lock
// after releasing its event mutex (enterStateCallbacks), and Visualize reads
// it unlocked, so concurrent use races. The adapter serialises everything;
// run with -race, this test fails if it does not.
func TestLooplabIsSafeForConcurrentUse(t *testing.T) {
	table, m := newDoorMachine(t, closed)
	ctx := context.Background()
	inputs := allDoorInputs()[:3] // leave remove out so the door stays in play
	const workers, steps = 16, 200
	var wg sync.WaitGroup
	errs := make(chan error, workers*steps)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range steps {
				on := inputs[(w+i)%len(inputs)]
				c := fsm.Conditions((w*7 + i*3) % 8)
				index, err := m.Fire(ctx, on, c)
				if err != nil {
					errs <- err
					continue
				}
				row, _ := fsmq.Of(table).Row(index)
				if row.On != on || !row.Guard.Holds(c) {
					errs <- errors.New("row " + row.Rule.String() + " does not fit the input or conditions")
				}
				_ = m.Current()
				if i%50 == 0 {
					if _, err := fsmq.OfLooplab(m).Visualize(string(lfsm.GRAPHVIZ)); err != nil {
						errs <- err
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	assert.Contains(t, []doorState{closed, opened, locked}, m.Current())
	assert.Equal(t, m.Current().String(), fsmq.OfLooplab(m).FSM().Current())
}

// Pitfall 2, in plain looplab: an already-cancelled context makes Event give
// up after marking a transition as pending, and the machine is stuck.
func TestLooplabPlainMachineIsStuckAfterACancelledContext(t *testing.T) {
	machine := lfsm.NewFSM("closed", lfsm.Events{
		{Name: "open", Src: []string{"closed"}, Dst: "opened"},
		{Name: "close", Src: []string{"opened"}, Dst: "closed"},
	}, lfsm.Callbacks{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, machine.Event(ctx, "open"), context.Canceled)

	err := machine.Event(context.Background(), "open")
	var stuck lfsm.InTransitionError
	assert.True(t, errors.As(err, &stuck), "looplab v1.0.3 stays mid-transition: %v", err)
	assert.Equal(t, "closed", machine.Current())
}

// Pitfall 2, through the adapter: the cancelled Fire is refused before
// looplab sees it, the state is unchanged, and the next Fire works.
func TestLooplabCancelledContextLeavesTheMachineUsable(t *testing.T) {
	_, m := newDoorMachine(t, closed)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	index, err := m.Fire(ctx, push, 0)
	assert.Equal(t, -1, index)
	assert.ErrorIs(t, err, context.Canceled)
	var fe *fsm.FireError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "closed", fe.State)
	assert.Equal(t, "push", fe.Input)
	assert.Equal(t, closed, m.Current())

	index, err = m.Fire(context.Background(), push, 0)
	require.NoError(t, err)
	assert.Equal(t, rowOpen, index)
	assert.Equal(t, opened, m.Current())

	index, err = m.Fire(context.Background(), pull, 0)
	require.NoError(t, err)
	assert.Equal(t, rowClose, index)
	assert.Equal(t, closed, m.Current())
}

// lateCancel is a context that is live when first asked and cancelled from
// then on: the shape of a deadline that expires while Fire is running.
type lateCancel struct {
	context.Context
	asked bool
	done  chan struct{}
}

func newLateCancel() *lateCancel {
	done := make(chan struct{})
	close(done)
	return &lateCancel{Context: context.Background(), done: done}
}

func (c *lateCancel) Err() error {
	if !c.asked {
		c.asked = true
		return nil
	}
	return context.Canceled
}

func (c *lateCancel) Done() <-chan struct{} { return c.done }

// Pitfall 2, the harder case: a context cancelled after Fire accepted it. Had
// the adapter passed it to looplab, the transition would strand the machine
// exactly as above; instead the step completes and the next one works.
func TestLooplabContextCancelledDuringFireDoesNotStrandTheMachine(t *testing.T) {
	_, m := newDoorMachine(t, closed)

	index, err := m.Fire(newLateCancel(), push, 0)
	require.NoError(t, err)
	assert.Equal(t, rowOpen, index)
	assert.Equal(t, opened, m.Current())

	index, err = m.Fire(context.Background(), pull, 0)
	require.NoError(t, err)
	assert.Equal(t, rowClose, index)
	assert.Equal(t, closed, m.Current())
}

// The lateCancel context does strand plain looplab, which shows the test
// above has teeth.
func TestLooplabPlainMachineIsStrandedByALateCancel(t *testing.T) {
	machine := lfsm.NewFSM("closed", lfsm.Events{
		{Name: "open", Src: []string{"closed"}, Dst: "opened"},
	}, lfsm.Callbacks{})
	ctx := newLateCancel()
	_ = ctx.Err() // the adapter's own check would have consumed the live answer
	assert.ErrorIs(t, machine.Event(ctx, "open"), context.Canceled)
	var stuck lfsm.InTransitionError
	assert.True(t, errors.As(machine.Event(context.Background(), "open"), &stuck))
}

// Pitfall 3, in plain looplab: a misspelt callback key is dropped without a
// word, so a guard written under that key never runs.
func TestLooplabPlainMachineIgnoresAMisspeltCallback(t *testing.T) {
	guardRan := false
	machine := lfsm.NewFSM("closed", lfsm.Events{
		{Name: "open", Src: []string{"closed"}, Dst: "opened"},
	}, lfsm.Callbacks{
		"before_opne": func(_ context.Context, e *lfsm.Event) { guardRan = true; e.Cancel() },
	})
	require.NoError(t, machine.Event(context.Background(), "open"))
	assert.False(t, guardRan)
	assert.Equal(t, "opened", machine.Current(), "the guard that should have refused never ran")
}
