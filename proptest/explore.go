package proptest

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"time"

	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// exploration is the result of an exhaustive search of one participant's
// reachable states.
type exploration struct {
	Config lifecycle.Config
	// States and Edges are the distinct abstract states reached and the
	// inputs tried from them (every input of the alphabet from every state).
	States, Edges int
	// Cut counts the edges into states beyond the bounds of exploreOptions:
	// those states are checked but not explored further.
	Cut int
	// Rows counts how often each lifecycle table row was taken.
	Rows []int
	// Problems are the invariant violations, refusals that changed
	// something and states with no way back to the main meeting (R21).
	Problems []string
}

// exploreInputs is the finite alphabet of the search, besides the outcomes:
// the SDK events over two rooms (open with and without auto-move, closed,
// none), settings in their distinct classes (return allowed, disallowed or
// unsaid; no end, an end within the closing-soon lead, a later end;
// undefined), the SDK's join, every action and the end of the meeting. (The
// room list changes nothing a guard reads: the property tests send it.) A tick when the next timer falls due, and the outcomes (ok and
// failed) of the effect the host carried out first, are added per state.
func exploreInputs() []lifecycle.Input {
	var out []lifecycle.Input
	out = append(out, lifecycle.Input{Kind: lifecycle.InputAssignedRoom})
	for _, th := range roomThreads[:2] {
		for _, r := range []lifecycle.Room{
			{ThreadID: th, State: lifecycle.RoomOpen, AutoMove: true, HasAutoMove: true},
			{ThreadID: th, State: lifecycle.RoomOpen},
			{ThreadID: th, State: lifecycle.RoomClosed},
		} {
			out = append(out, lifecycle.Input{Kind: lifecycle.InputAssignedRoom, Room: &r})
		}
	}
	settings := []*lifecycle.Settings{
		nil,
		{HasDisableReturn: true},
		{HasDisableReturn: true, DisableReturn: true, EndKind: lifecycle.EndTimeDelta, EndNumber: 60000, Delta: time.Minute},
		{EndKind: lifecycle.EndTimeDelta, EndNumber: 10000, Delta: 10 * time.Second},
	}
	for _, s := range settings {
		out = append(out, lifecycle.Input{Kind: lifecycle.InputSettings, Settings: s})
	}
	out = append(out, lifecycle.Input{Kind: lifecycle.InputJoinEvent, CallID: "call-1"})
	for _, k := range []lifecycle.InputKind{
		lifecycle.InputJoin, lifecycle.InputReturn, lifecycle.InputHangUpBreakout, lifecycle.InputResumeMain,
		lifecycle.InputLeaveMeeting, lifecycle.InputMeetingEnded,
	} {
		out = append(out, lifecycle.Input{Kind: k})
	}
	return out
}

// outcomeOf is the ok outcome of a call effect, or false for another effect.
func outcomeOf(e lifecycle.Effect) (lifecycle.InputKind, bool) {
	switch e.Kind {
	case lifecycle.EffectHoldMain:
		return lifecycle.InputHoldMainOK, true
	case lifecycle.EffectJoinBreakout:
		return lifecycle.InputJoinBreakoutOK, true
	case lifecycle.EffectHangUpMain:
		return lifecycle.InputHangUpMainOK, true
	case lifecycle.EffectHangUpBreakout:
		return lifecycle.InputHangUpBreakoutOK, true
	case lifecycle.EffectResumeMain:
		return lifecycle.InputResumeMainOK, true
	case lifecycle.EffectRejoinMain:
		return lifecycle.InputRejoinMainOK, true
	}
	return 0, false
}

func queueKey(q []lifecycle.InputKind) string {
	b := make([]byte, 0, 2+len(q))
	b = append(b, '|')
	for _, k := range q {
		b = append(b, byte('a'+k))
	}
	return string(b)
}

// hostCanSend reports whether an input counts for R21's way home: any input
// but leaving, which ends in left, not in the main meeting.
func hostCanSend(in lifecycle.Input) bool {
	return in.Kind != lifecycle.InputLeaveMeeting && in.Kind != lifecycle.InputMeetingEnded
}

// exploreOptions bound an exhaustive search.
type exploreOptions struct {
	// MaxStates stops a search that finds more abstract states.
	MaxStates int
	// MaxCalls bounds the breakout calls of an explored state; 2 when zero
	// (the current room's and the one being joined, or a previous room's).
	// States with more (a third room's call, calls piled up by failed
	// hang-ups and given-up joins, up to the engine's six) are checked when
	// reached but not explored further: the property tests reach them.
	MaxCalls int
	// MaxInFlight bounds the effects in flight in an explored state; 4 when
	// zero (a return from a re-assigned join issues three at once, and an
	// attendee's hangUpMain may still be on its way). States with more are
	// checked but not explored further.
	MaxInFlight int
}

func (o *exploreOptions) defaults() {
	if o.MaxStates == 0 {
		o.MaxStates = 200_000
	}
	if o.MaxCalls == 0 {
		o.MaxCalls = 2
	}
	if o.MaxInFlight == 0 {
		o.MaxInFlight = 4
	}
}

// exploreNode is one abstract state: a representative machine's snapshot,
// how it was reached (to replay it), and the host's effects in flight in the
// order it was told to carry them out.
type exploreNode struct {
	snap   lifecycle.Snapshot
	pos    lifecycle.Position
	parent int
	in     lifecycle.Input
	at     time.Time
	queue  []lifecycle.InputKind
}

// explore searches, breadth first, every state of one participant with
// config cfg reachable from its start under the finite alphabet of inputs
// (exploreInputs), with a host that carries out its effects in the order it
// gets them and reports each outcome, ok or failed, in that order (the
// property tests answer out of order). States are abstracted to their
// distinct classes (canonicalKey). In every state it checks the invariants
// (CheckInvariants), that a refused input changes nothing and that an
// outcome of an effect in flight is taken; once the graph is built it
// checks R21: from every state that is not left, inputs a host could send
// lead back to the main meeting (position main or assigned).
//
// A state's machine is rebuilt with lifecycle.Restore from its snapshot, or,
// while a holdMain is in flight, by replaying the inputs that reached it:
// the snapshot does not carry which join a hold in flight belongs to.
func explore(cfg lifecycle.Config, o exploreOptions) (*exploration, error) {
	o.defaults()
	table, err := lifecycle.LifecycleTable()
	if err != nil {
		return nil, err
	}
	start, err := lifecycle.New(cfg)
	if err != nil {
		return nil, err
	}
	x := &exploration{Config: cfg, Rows: make([]int, fsmq.Of(table).Len())}
	alphabet := exploreInputs()

	var nodes []exploreNode
	index := map[string]int{}
	// back[i] lists the states with an edge into i that a host could send.
	var back [][]int32
	classes := map[string]string{}
	add := func(n exploreNode) int {
		key := canonicalKey(n.snap, classes) + queueKey(n.queue)
		if i, ok := index[key]; ok {
			return i
		}
		i := len(nodes)
		index[key] = i
		nodes = append(nodes, n)
		back = append(back, nil)
		return i
	}
	problem := func(format string, a ...any) {
		if len(x.Problems) < 20 {
			x.Problems = append(x.Problems, fmt.Sprintf(format, a...))
		}
	}
	add(exploreNode{snap: start.Snapshot(), pos: start.Position(), parent: -1})

	// machineOf rebuilds the machine of node i: restored from the nearest
	// of its ancestors with no holdMain in flight, then replayed from there.
	machineOf := func(i int) (*lifecycle.Machine, error) {
		var path []int
		j := i
		for slices.Contains(nodes[j].snap.Main.InFlight, "holdMain") {
			path = append(path, j)
			j = nodes[j].parent
		}
		m, err := lifecycle.Restore(nodes[j].snap)
		if err != nil {
			return nil, err
		}
		for k := len(path) - 1; k >= 0; k-- {
			n := &nodes[path[k]]
			m.Apply(&n.in, n.at)
		}
		return m, nil
	}

	var rows []int
	for i := 0; i < len(nodes); i++ {
		if len(nodes) > o.MaxStates {
			return x, fmt.Errorf("proptest: more than %d states; the abstraction is not finite enough", o.MaxStates)
		}
		from := nodes[i]
		if from.pos == lifecycle.PositionLeft {
			continue // terminal: every input is refused (the property tests check how)
		}
		inputs := slices.Clip(alphabet)
		if len(from.queue) > 0 {
			head := from.queue[0]
			inputs = append(inputs, lifecycle.Input{Kind: head}, lifecycle.Input{Kind: failedOf(head)})
		}
		var tickAt time.Time
		for k, t := range from.snap.Timers {
			if k == 0 || t.At.Before(tickAt) {
				tickAt = t.At
			}
		}
		if !tickAt.IsZero() {
			inputs = append(inputs, lifecycle.Input{Kind: lifecycle.InputTick})
		}
		for _, in := range inputs {
			m, err := machineOf(i)
			if err != nil {
				problem("state %d cannot be rebuilt: %v", i, err)
				break
			}
			rows = rows[:0]
			m.SetTrace(func(r int) { rows = append(rows, r) })
			now := from.snap.Now
			if in.Kind == lifecycle.InputTick && tickAt.After(now) {
				now = tickAt
			}
			res, applyErr := m.Apply(&in, now)
			x.Edges++
			for _, r := range rows {
				x.Rows[r]++
			}
			if err := m.CheckInvariants(); err != nil {
				problem("after %s from %s: %v", describeInput(in), mustJSON(from.snap), err)
			}
			after := m.Snapshot()
			outcome := in.Kind.IsOutcome()
			if res.Refused {
				if outcome {
					problem("the outcome %s of the effect in flight first was refused in %s: %v", in.Kind, mustJSON(from.snap), applyErr)
				}
				if !reflect.DeepEqual(after, from.snap) {
					problem("refused %s changed %s into %s", describeInput(in), mustJSON(from.snap), mustJSON(after))
				}
				continue
			}
			queue := slices.Clone(from.queue)
			if outcome {
				queue = queue[1:]
			}
			for _, e := range res.Effects {
				if k, ok := outcomeOf(e); ok {
					queue = append(queue, k)
				}
			}
			if in.Kind == lifecycle.InputJoinEvent && len(after.Calls) > len(from.snap.Calls) {
				// R10: the SDK joined by itself; its join's outcome is expected
				// though no effect asked for it.
				queue = append(queue, lifecycle.InputJoinBreakoutOK)
			}
			if len(after.Calls) > o.MaxCalls || len(queue) > o.MaxInFlight {
				x.Cut++
				continue // checked, not expanded: see exploreOptions
			}
			j := add(exploreNode{snap: after, pos: m.Position(), parent: i, in: in, at: now, queue: queue})
			if hostCanSend(in) && j != i {
				back[j] = append(back[j], int32(i))
			}
		}
	}
	x.States = len(nodes)

	// R21: walk back from the home states along the edges a host can take.
	reached := make([]bool, len(nodes))
	var queue []int
	for i, n := range nodes {
		if n.pos == lifecycle.PositionMain || n.pos == lifecycle.PositionAssigned {
			reached[i] = true
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		j := queue[0]
		queue = queue[1:]
		for _, i := range back[j] {
			if !reached[i] {
				reached[i] = true
				queue = append(queue, int(i))
			}
		}
	}
	for i, n := range nodes {
		if !reached[i] && n.pos != lifecycle.PositionLeft {
			problem("R21: no way back to the main meeting from %s", mustJSON(n.snap))
		}
	}
	return x, nil
}

// canonicalKey is the abstract state of a snapshot: the fine state and the
// facts the guards read, each in its distinct classes. The assignment is its
// room, state and auto-move; settings are none, or return allowed or not ×
// an end time or not; timers are pending or not (their times are left out:
// the representative state keeps them); the main call is its state and the
// effects on it in flight; breakout calls keep their room, role, whether
// they are up and connected, and the order of the effects on them in flight
// (not their numbers). Notifications and returnedEarly are kept; the call
// id, the room list, the call generation and the clock are not, since no
// guard reads them.
//
// classes caches the class of each assignment and settings event seen.
func canonicalKey(s lifecycle.Snapshot, classes map[string]string) string {
	class := func(raw []byte, of func([]byte) string) string {
		c, ok := classes[string(raw)]
		if !ok {
			c = of(raw)
			classes[string(raw)] = c
		}
		return c
	}
	b := make([]byte, 0, 256)
	b = append(b, s.State...)
	b = append(b, '|')
	b = append(b, class(s.Assignment, roomClass)...)
	for _, st := range []*lifecycle.SnapshotSettings{s.Settings, s.PendingSettings} {
		b = append(b, '|')
		if st == nil {
			b = append(b, '-')
			continue
		}
		b = append(b, class(st.Event, settingsClass)...)
		if st.End != nil {
			b = append(b, " end"...)
		}
	}
	b = append(b, '|')
	for _, t := range s.Timers {
		b = append(b, t.Timer...)
		b = append(b, ',')
	}
	b = append(b, '|')
	b = append(b, s.Main.State...)
	for _, f := range s.Main.InFlight {
		b = append(b, ' ')
		b = append(b, f...)
	}
	b = append(b, '|')
	var seqs []uint32
	for _, c := range s.Calls {
		if c.JoinPending {
			seqs = append(seqs, c.JoinSeq)
		}
		if c.HangUpPending {
			seqs = append(seqs, c.HangUpSeq)
		}
	}
	slices.Sort(seqs)
	rank := func(pending bool, seq uint32) int {
		if !pending {
			return 0
		}
		i, _ := slices.BinarySearch(seqs, seq)
		return i + 1
	}
	flag := func(v bool) byte {
		if v {
			return '1'
		}
		return '0'
	}
	for _, c := range s.Calls {
		b = append(b, c.ThreadID...)
		b = append(b, ' ')
		b = append(b, c.Role...)
		b = append(b, ' ', flag(c.Up), flag(c.Connected), ' ')
		b = strconv.AppendInt(b, int64(rank(c.JoinPending, c.JoinSeq)), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(rank(c.HangUpPending, c.HangUpSeq)), 10)
		b = append(b, ',')
	}
	b = append(b, '|', flag(s.ReturnedEarly), flag(s.AutoMoveOnReturn))
	return string(b)
}

func roomClass(assignment []byte) string {
	if len(assignment) == 0 {
		return "none"
	}
	in, err := lifecycle.DecodeEvent(assignment)
	if err != nil || in.Room == nil {
		return "unreadable"
	}
	return fmt.Sprintf("%s %s auto=%v", in.Room.ThreadID, in.Room.State, in.Room.AutoMove)
}

func settingsClass(event []byte) string {
	in, err := lifecycle.DecodeEvent(event)
	if err != nil || in.Settings == nil {
		return "unreadable"
	}
	return fmt.Sprintf("allowed=%v", in.Settings.HasDisableReturn && !in.Settings.DisableReturn)
}
