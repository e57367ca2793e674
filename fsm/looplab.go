package fsm

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"

	lfsm "github.com/looplab/fsm"
)

// This file adapts a Table to github.com/looplab/fsm v1.0.3. Each row becomes
// part of a looplab event named "<input>-><to>", whose sources are the From
// states of the rows with that input and target; the row guards become
// before_<event> callbacks that cancel the event unless a row's guard holds.
//
// looplab v1.0.3 has three pitfalls the adapter guards against:
//
//  1. Event is not race free. After a transition it releases its event lock
//     and then reads the current state without any lock to find the
//     enter_<state> callback, while a concurrent Event may be writing it
//     (fsm.go, enterStateCallbacks); Visualize reads it unlocked too. The
//     adapter serialises every use of the machine with its own mutex.
//  2. When the context given to Event is already cancelled (or is cancelled
//     before the transition runs), the transition gives up but leaves its
//     pending-transition marker set, so every later Event fails with
//     InTransitionError and the machine is stuck for good
//     (looplab/fsm issue 115). The adapter refuses a cancelled context itself
//     and hands looplab a context that cannot be cancelled, so a step either
//     happens whole or not at all.
//  3. NewFSM silently drops a callback whose key names no known event or
//     state, so a misspelt key is a guard that never runs. The adapter builds
//     its keys only from its own event names and checks them all with
//     checkCallbacks before calling NewFSM.

// errNoRow is the cause of a [fireError] when no row applies: no row for the
// (state, input) pair, or no guard holds.
var errNoRow = errors.New("fsm: no row applies")

// errDirectEvent is the cause of the cancellation looplab reports when an
// event is fired on the underlying machine without going through
// [Looplab.Fire]: the guards cannot be evaluated without conditions, so they
// refuse.
var errDirectEvent = errors.New("fsm: looplab event fired without the adapter; no conditions to evaluate guards")

// fireError reports why [Looplab.Fire] did not take a row. Err is the cause:
// [errNoRow], the context's error, or an error from looplab.
type fireError struct {
	State      string // the state the machine was in
	Input      string
	Conditions Conditions
	Err        error
}

func (e *fireError) Error() string {
	return "fsm: looplab: input " + e.Input + " in state " + e.State + ": " + e.Err.Error()
}

func (e *fireError) Unwrap() error { return e.Err }

var _ error = (*fireError)(nil)

// Looplab drives a looplab machine built from a [Table]. Unlike the looplab
// machine itself it is safe for concurrent use.
type Looplab[S, I, A, R Enum] struct {
	mu      sync.Mutex // serialises every use of machine
	table   *Table[S, I, A, R]
	machine *lfsm.FSM
	events  []lfsm.EventDesc
	byName  map[string]S // state name to state
	// candidates[cell] are the names of the events that may apply in a
	// (state, input) cell of table, in the order of their first row.
	candidates [][]string
}

// firing is what Fire hands the guard callbacks through looplab's event
// arguments: the conditions to test, and the row the guard found.
type firing struct {
	conditions Conditions
	row        int
}

// looplabEvent gathers the rows behind one looplab event.
type looplabEvent struct {
	desc  lfsm.EventDesc
	rows  map[string][]int // source state name to row indexes, in spec order
	first int              // the event's first row
}

// Looplab builds a looplab machine for the table, starting in initial.
func (t *Table[S, I, A, R]) Looplab(initial S) (*Looplab[S, I, A, R], error) {
	if t.rank(initial) < 0 {
		return nil, &ValidationError{Problem: unknownState, State: initial.String(), Other: "initial", Detail: "not listed in States"}
	}
	l := &Looplab[S, I, A, R]{
		table:      t,
		byName:     make(map[string]S, len(t.spec.States)),
		candidates: make([][]string, len(t.cells)),
	}
	for _, s := range t.spec.States {
		l.byName[s.String()] = s
	}

	type key struct {
		on I
		to S
	}
	var order []*looplabEvent
	byKey := map[key]*looplabEvent{}
	byName := map[string]key{}
	eventName := make([]string, len(t.spec.Rows))
	for k, row := range t.spec.Rows {
		kk := key{row.On, row.To}
		ev := byKey[kk]
		if ev == nil {
			name := row.On.String() + "->" + row.To.String()
			if other, taken := byName[name]; taken {
				return nil, &ValidationError{
					Problem: duplicateName, Input: row.On.String(), State: row.To.String(), Other: "looplab event " + name,
					Detail: "also the name of the event for input " + other.on.String() + " to " + other.to.String(),
				}
			}
			byName[name] = kk
			ev = &looplabEvent{desc: lfsm.EventDesc{Name: name, Dst: row.To.String()}, rows: map[string][]int{}, first: k}
			byKey[kk] = ev
			order = append(order, ev)
		}
		from := row.From.String()
		if ev.rows[from] == nil {
			ev.desc.Src = append(ev.desc.Src, from)
		}
		ev.rows[from] = append(ev.rows[from], k)
		eventName[k] = ev.desc.Name
	}

	callbacks := lfsm.Callbacks{}
	for _, ev := range order {
		l.events = append(l.events, ev.desc)
		callbacks["before_"+ev.desc.Name] = l.guard(ev.rows)
	}
	if err := checkCallbacks(l.events, callbacks); err != nil {
		return nil, err
	}

	for c, sp := range t.cells {
		for _, k := range t.order[sp.lo:sp.hi] {
			if name := eventName[k]; !slices.Contains(l.candidates[c], name) {
				l.candidates[c] = append(l.candidates[c], name)
			}
		}
	}
	l.machine = lfsm.NewFSM(initial.String(), l.events, callbacks)
	return l, nil
}

// guard returns the before_<event> callback for an event: it lets the event
// through only when some row of the event, from the current state, has a
// guard that holds, and records that row. It deliberately does not call
// Table.Step, so that the adapter is an independent check of Step.
func (l *Looplab[S, I, A, R]) guard(rows map[string][]int) lfsm.Callback {
	return func(_ context.Context, e *lfsm.Event) {
		var f *firing
		if len(e.Args) == 1 {
			f, _ = e.Args[0].(*firing)
		}
		if f == nil {
			e.Cancel(errDirectEvent)
			return
		}
		for _, k := range rows[e.Src] {
			if l.table.spec.Rows[k].Guard.Holds(f.conditions) {
				f.row = k
				return
			}
		}
		e.Cancel()
	}
}

// Fire runs input on under conditions c and returns the index of the row
// taken, which is the row [Table.Step] picks for the current state. A context
// that is already done is refused and leaves the machine as it was; once
// Fire has accepted the context, the step is not interrupted by it.
//
// When no row is taken, the error names the state, the input and the
// conditions, and wraps the cause: the context's error (errors.Is finds
// context.Canceled), an error from looplab, or "no row applies" when no
// row's guard holds.
func (l *Looplab[S, I, A, R]) Fire(ctx context.Context, on I, c Conditions) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	current := l.byName[l.machine.Current()]
	fail := func(err error) (int, error) {
		return -1, &fireError{State: current.String(), Input: on.String(), Conditions: c, Err: err}
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	var names []string
	if cell, ok := l.table.cell(current, on); ok {
		names = l.candidates[cell]
	}
	// looplab cannot be allowed to see a cancellation: it would strand the
	// machine mid-transition. Values stay visible to callbacks.
	steady := context.WithoutCancel(ctx)
	for _, name := range names {
		f := &firing{conditions: c, row: -1}
		err := l.machine.Event(steady, name, f)
		var same lfsm.NoTransitionError
		var refused lfsm.CanceledError
		switch {
		case err == nil, errors.As(err, &same) && same.Err == nil:
			// A self-transition is reported as NoTransitionError; for a
			// table it is a row like any other.
			if f.row < 0 {
				return fail(errors.New("fsm: looplab took event " + name + " without its guard"))
			}
			return f.row, nil
		case errors.As(err, &refused) && refused.Err == nil && f.row < 0:
			continue // this event's guards do not hold; try the next
		default:
			return fail(err)
		}
	}
	return fail(errNoRow)
}

// Current returns the machine's current state.
func (l *Looplab[S, I, A, R]) Current() S {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.byName[l.machine.Current()]
}

// FSM returns the underlying looplab machine, for reading. Calling Event on it
// directly bypasses the adapter's lock (and so reintroduces looplab's data
// race); such an event is refused by the guards with [errDirectEvent] because
// it carries no conditions.
func (l looplabQueries[S, I, A, R]) FSM() *lfsm.FSM { return l.machine }

// Visualize returns looplab's own rendering of the machine, for comparison
// with [Table.Mermaid] and [Table.DOT]. kind is a looplab VisualizeType, such
// as lfsm.MERMAID or lfsm.GRAPHVIZ.
func (l looplabQueries[S, I, A, R]) Visualize(kind string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return lfsm.VisualizeWithType(l.machine, lfsm.VisualizeType(kind))
}

// checkCallbacks reports every key of callbacks that looplab's NewFSM would
// drop without a word, given the events, and every pair of keys that name the
// same callback (looplab then keeps one of them at random). It follows
// NewFSM's own parsing of keys.
func checkCallbacks(events []lfsm.EventDesc, callbacks lfsm.Callbacks) error {
	eventSet := map[string]bool{}
	stateSet := map[string]bool{}
	for _, e := range events {
		eventSet[e.Name] = true
		for _, src := range e.Src {
			stateSet[src] = true
			// looplab learns a destination only through an event with a source.
			stateSet[e.Dst] = true
		}
	}
	keys := make([]string, 0, len(callbacks))
	for k := range callbacks {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	var problems []error
	unknown := func(key, detail string) {
		problems = append(problems, &ValidationError{Problem: unknownCallback, Other: key, Detail: detail})
	}
	// canonical names each recognised callback by its long form, to find two
	// keys for one callback.
	canonical := map[string]string{}
	recognise := func(key, long string) {
		if other, seen := canonical[long]; seen {
			problems = append(problems, &ValidationError{Problem: duplicateName, Other: "callback " + key,
				Detail: "names the same callback as " + other + "; looplab keeps one of them at random"})
			return
		}
		canonical[long] = key
	}
	for _, key := range keys {
		prefix, target, hasPrefix := splitCallbackKey(key)
		switch {
		case hasPrefix && (prefix == "before_" || prefix == "after_"):
			switch {
			case target == "event", eventSet[target]:
				recognise(key, key)
			case stateSet[target]:
				unknown(key, target+" is a state, not an event; looplab would ignore this callback")
			default:
				unknown(key, "no event is named "+target+"; looplab would ignore this callback")
			}
		case hasPrefix:
			switch {
			case target == "state", stateSet[target]:
				recognise(key, key)
			case eventSet[target]:
				unknown(key, target+" is an event, not a state; looplab would ignore this callback")
			default:
				unknown(key, "no state is named "+target+"; looplab would ignore this callback")
			}
		case stateSet[key] && eventSet[key]:
			problems = append(problems, &ValidationError{Problem: duplicateName, Other: "callback " + key,
				Detail: key + " is both a state and an event, so the short form is ambiguous"})
		case stateSet[key]:
			recognise(key, "enter_"+key)
		case eventSet[key]:
			recognise(key, "after_"+key)
		default:
			unknown(key, "no event or state is named "+key+"; looplab would ignore this callback")
		}
	}
	return errors.Join(problems...)
}

// splitCallbackKey splits a looplab callback key into its prefix and target.
func splitCallbackKey(key string) (prefix, target string, ok bool) {
	for _, p := range []string{"before_", "leave_", "enter_", "after_"} {
		if rest, found := strings.CutPrefix(key, p); found {
			return p, rest, true
		}
	}
	return "", key, false
}
