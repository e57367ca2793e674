package proptest

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/internal/trace"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// looplab is the looplab/fsm adapter of the lifecycle table.
type looplab = fsm.Looplab[lifecycle.State, lifecycle.InputKind, lifecycle.RowID, errcodes.Rule]

// harness drives one engine, the reference model and the looplab adapter in
// lockstep through one generated run, and keeps what a host would know: the
// timers it was told to schedule and the notifications it shows.
type harness struct {
	s       *suite
	cfg     lifecycle.Config
	eng     Engine
	insp    Inspector   // eng, when it is one; else nil
	snap    Snapshotter // eng, when it is one; else nil
	model   *model
	table   *lifecycle.Table
	looplab *looplab // nil unless the engine is a Tracer and R1 lets it run
	rows    []int    // the table rows the input being applied took
	now     time.Time
	history []step

	// lazy is the kind of effect this run's host is slow to answer (or
	// InputInvalid): its effects stay in flight across joins and returns.
	lazy lifecycle.InputKind

	hostTimers map[lifecycle.Timer]time.Time
	hostNotes  map[lifecycle.Notification]bool
	left       bool
}

// step is one input of a run, as the host gave it.
type step struct {
	in    lifecycle.Input
	now   time.Time
	event *sdkEvent // the SDK event's JSON, for SDK inputs and unreadable events
}

func newHarness(s *suite, cfg lifecycle.Config) (*harness, error) {
	eng, err := s.newEngine(cfg)
	if err != nil {
		return nil, err
	}
	h := &harness{
		s: s, cfg: cfg, eng: eng, model: newModel(cfg), now: runStart,
		hostTimers: map[lifecycle.Timer]time.Time{}, hostNotes: map[lifecycle.Notification]bool{},
	}
	h.insp, _ = eng.(Inspector)
	h.snap, _ = eng.(Snapshotter)
	if tr, ok := eng.(Tracer); ok && tr.State() != lifecycle.StateUnavailable {
		if h.table, err = lifecycle.LifecycleTable(); err != nil {
			return nil, err
		}
		if h.looplab, err = h.table.Looplab(tr.State()); err != nil {
			return nil, err
		}
		tr.SetTrace(func(row int) { h.rows = append(h.rows, row) })
	}
	return h, nil
}

// eventTime is when an SDK event arrives.
func (h *harness) eventTime(t *rapid.T) time.Time {
	return drawAdvance(t, h.now, h.model.PendingTimers())
}

// event gives the engine an SDK event as the SDK's listener receives it:
// through the decoder, which must read it as it was meant.
func (h *harness) event(t *rapid.T, ev sdkEvent) {
	h.eventAt(t, ev, h.eventTime(t))
}

func (h *harness) eventAt(t failer, ev sdkEvent, now time.Time) {
	st := step{in: ev.Input, now: now, event: &ev}
	if ev.Malformed == "" {
		in, err := lifecycle.DecodeEvent(ev.JSON)
		if err != nil || !reflect.DeepEqual(in, ev.Input) {
			h.fail(t, st, "DecodeEvent(%s) = %s, %v; want %s", ev.JSON, describeInput(in), err, describeInput(ev.Input))
		}
		st.in = in
	}
	h.apply(t, st)
}

// take gives the engine a user action, an outcome, a tick or the end of the
// meeting.
func (h *harness) take(t failer, in lifecycle.Input, now time.Time) {
	h.apply(t, step{in: in, now: now})
}

// apply is one step: the engine and the model take the input; they must
// agree on position, effects and error; a refusal must change nothing; the
// looplab adapter must take the row the engine took.
func (h *harness) apply(t failer, st step) {
	if h.s.skipKnown {
		if name := knownDisagreement(h.model, st, false); name != "" {
			h.s.known[name]++
			t.Skip("reported disagreement " + name)
		}
	}
	var before lifecycle.Snapshot
	var restored *lifecycle.Machine
	var beforeJSON string
	if h.snap != nil {
		before = h.snap.Snapshot()
		restored = h.restored(t, st, before)
		beforeJSON = mustJSON(before)
	}
	var stateBefore lifecycle.State
	if h.insp != nil {
		stateBefore = h.insp.State()
	}
	h.rows = h.rows[:0]

	var res reply
	var exp expectation
	unreadable := st.event != nil && st.event.Malformed != ""
	if unreadable {
		res = h.unreadable(t, st)
		exp = h.model.Unreadable()
	} else {
		res = replyOf(h.eng.Apply(&st.in, st.now))
		res.Effects = slices.Clone(res.Effects)
		exp = h.model.Apply(st.in, st.now)
	}
	h.history = append(h.history, st)
	if st.now.After(h.now) {
		h.now = st.now
	}

	if unreadable && h.insp == nil {
		// The engine was not asked: the decoder refused the event (checked),
		// and the model changed nothing.
		return
	}
	if res.Position() != exp.Position || res.Refused != exp.Refused || !sameEffects(res.Effects, exp.Effects) || !exp.Err.Matches(res.Err) {
		h.fail(t, st, "the engine and the reference model disagree\n  engine: %s\n  model:  %s\n  model facts after: %s",
			describeResult(res.Position(), res.Effects, errString(res.Err), res.Refused),
			describeResult(exp.Position, exp.Effects, exp.Err.String(), exp.Refused), h.model)
	}
	if h.insp != nil && (res.Position() != h.insp.Position() || res.State != h.insp.State()) {
		h.fail(t, st, "the result says %s/%s, the engine is then %s/%s", res.Position(), res.State, h.insp.Position(), h.insp.State())
	}
	h.checkError(t, st, res)
	if restored != nil {
		h.checkRestored(t, st, restored, res)
	}
	if res.Refused && h.snap != nil {
		if after := mustJSON(h.snap.Snapshot()); after != beforeJSON {
			h.fail(t, st, "a refused input changed the machine:\n  before %s\n  after  %s", beforeJSON, after)
		}
	}
	h.checkLooplab(t, st, &before, stateBefore, exp)
	if !res.Refused {
		h.host(t, st, res.Effects)
		if st.in.Kind == lifecycle.InputTick && h.insp != nil {
			for _, p := range h.insp.PendingTimers() {
				if !p.At.After(st.now) {
					h.fail(t, st, "timer %s due at %v is still pending after the tick", p.Timer, p.At)
				}
			}
		}
	}
	if res.Position() == lifecycle.PositionLeft {
		h.left = true
	}
}

// restored is a machine rebuilt from the engine's snapshot before the
// input, to check that the snapshot carries every fact the machine acts on:
// given the same input it must do the same. It is nil for an unreadable
// event (the engine is not called) and for a reported disagreement.
func (h *harness) restored(t failer, st step, before lifecycle.Snapshot) *lifecycle.Machine {
	if st.event != nil && st.event.Malformed != "" {
		return nil
	}
	if h.s.skipKnown {
		if name := knownDisagreement(h.model, st, true); name != "" {
			h.s.known[name]++
			return nil
		}
	}
	m, err := lifecycle.Restore(before)
	if err != nil {
		h.fail(t, st, "the engine's snapshot does not restore: %v\n  %s", err, mustJSON(before))
	}
	return m
}

// checkRestored compares the restored machine's answer to the input with
// the engine's.
func (h *harness) checkRestored(t failer, st step, m *lifecycle.Machine, res reply) {
	got := replyOf(m.Apply(&st.in, st.now))
	if got.Position() != res.Position() || got.Refused != res.Refused || !sameEffects(got.Effects, res.Effects) || errString(got.Err) != errString(res.Err) {
		h.fail(t, st, "a machine restored from the engine's snapshot answers differently\n  engine:   %s\n  restored: %s",
			describeResult(res.Position(), res.Effects, errString(res.Err), res.Refused),
			describeResult(got.Position(), got.Effects, errString(got.Err), got.Refused))
	}
	if err := m.CheckInvariants(); err != nil {
		h.fail(t, st, "a machine restored from the engine's snapshot breaks its invariants: %v", err)
	}
}

// unreadable is what a host's replay does with an event the decoder cannot
// read: the machine's standing refusal (R1, R22) first, else the decoder's
// 46258. The engine's Apply is not called; an engine that is not an
// Inspector is not asked at all (the reply is then empty and not compared).
func (h *harness) unreadable(t failer, st step) reply {
	_, err := lifecycle.DecodeEvent(st.event.JSON)
	checkUnreadable(t, *st.event, err)
	if h.insp == nil {
		return reply{}
	}
	res := reply{Result: lifecycle.Result{State: h.insp.State(), Refused: true}, Err: errcodes.Of(err)}
	if standing := h.insp.Refusal(); standing != nil {
		res.Err = errcodes.Of(standing)
	}
	return res
}

// Unreadable is what the model expects of an SDK event that cannot be read
// (R24), given where the participant is (R1 and R22 come first).
func (m *model) Unreadable() expectation {
	switch {
	case m.gate != nil:
		return *m.gate
	case m.Left():
		return expectation{Position: m.Position(), Refused: true, Err: kindError(errcodes.ParticipantLeft, rule.R22)}
	}
	return expectation{Position: m.Position(), Refused: true, Err: sdkError(errcodes.UpdateFailed, rule.R24)}
}

// checkError checks that an error carries an SDK subcode or a project kind,
// names its rule, and names the guard that refused (R25).
func (h *harness) checkError(t failer, st step, res reply) {
	e := res.Err
	if e == nil {
		if res.Refused {
			h.fail(t, st, "refused without an error")
		}
		return
	}
	sdk := e.Kind == errcodes.KindSDK && errs.Known(e.Subcode)
	project := e.Kind != 0 && e.Kind != errcodes.KindSDK && !strings.HasPrefix(e.Kind.Error(), "Kind(") && e.Subcode == 0
	if !sdk && !project {
		h.fail(t, st, "error %v has neither an SDK subcode nor a project kind", e)
	}
	if !rule.Valid(e.Rule) {
		h.fail(t, st, "error %v names no rule (R25)", e)
	}
	if e.Kind == errcodes.ReturnDisabled && !strings.Contains(e.Guard, "returnAllowed") {
		h.fail(t, st, "returnDisabled does not name the guard returnAllowed (R25): %q", e.Guard)
	}
	h.s.cov.rule(e.Rule)
	if res.Refused {
		h.s.cov.rule(rule.R25)
	}
}

// checkLooplab fires the input on the looplab adapter with the conditions
// the snapshot before the input shows, and checks that it takes the row the
// engine took (for a tick, the rows of the timers the model fired, in
// order). It also counts the coverage.
func (h *harness) checkLooplab(t failer, st step, before *lifecycle.Snapshot, from lifecycle.State, exp expectation) {
	if h.looplab == nil {
		return
	}
	ctx := context.Background()
	if st.in.Kind == lifecycle.InputTick {
		if len(h.rows) != len(exp.Fired) {
			h.fail(t, st, "the tick took rows %v; the model fired %v", h.rowNames(), exp.Fired)
		}
		for i, idx := range h.rows {
			row, _ := fsmq.Of(h.table).Row(idx)
			if row.On != dueInput(exp.Fired[i]) {
				h.fail(t, st, "the tick's row %d is for %s; the model fired %s", idx, row.On, exp.Fired[i])
			}
			// A timer's guard reads the main call and the calls left up by
			// failed hang-ups, which no timer fired before it in the tick
			// changes (hangUpPrevious, falling due first, could: the check
			// is then looser): the snapshot before the tick shows them.
			cond, cerr := conditionsBefore(before, lifecycle.Input{Kind: row.On}, st.now)
			if cerr != nil {
				h.fail(t, st, "%v", cerr)
			}
			got, err := h.looplab.Fire(ctx, row.On, cond)
			if err != nil || got != idx {
				h.fail(t, st, "looplab took row %d (%v) for %s; the engine took row %d", got, err, row.On, idx)
			}
			h.s.cov.row(idx)
		}
		if exp.MoveRefused {
			h.restartLooplab(t, st)
		}
	} else if len(h.rows) > 0 {
		if len(h.rows) > 1 {
			h.fail(t, st, "one input took several rows: %v", h.rowNames())
		}
		idx := h.rows[0]
		cond, err := conditionsBefore(before, st.in, st.now)
		if err != nil {
			h.fail(t, st, "%v", err)
		}
		want, _, ok := h.table.Step(from, st.in.Kind, cond)
		if !ok || want != idx {
			h.fail(t, st, "the engine took row %s; the conditions its snapshot shows (%s) select row %d", h.rowNames(), h.formatConditions(cond), want)
		}
		got, err := h.looplab.Fire(ctx, st.in.Kind, cond)
		if err != nil || got != idx {
			h.fail(t, st, "looplab took row %d (%v); the engine took row %d", got, err, idx)
		}
		h.s.cov.step(from, st.in.Kind, cond)
		h.s.cov.row(idx)
		if exp.Refused && !fsmq.Of(h.table).IsRefusal(idx) {
			h.restartLooplab(t, st)
		}
	}
	if cur := h.looplab.Current(); cur != h.insp.State() {
		h.fail(t, st, "looplab is in %s, the engine in %s", cur, h.insp.State())
	}
}

// restartLooplab starts the adapter again where the engine is, after a row
// whose action refused after all (C8: too many calls left up by failed hang-ups): the
// engine stays where it was, looplab has moved.
func (h *harness) restartLooplab(t failer, st step) {
	var err error
	if h.looplab, err = h.table.Looplab(h.insp.State()); err != nil {
		h.fail(t, st, "%v", err)
	}
}

func (h *harness) rowNames() string {
	var parts []string
	for _, idx := range h.rows {
		r, _ := fsmq.Of(h.table).Row(idx)
		parts = append(parts, fmt.Sprintf("%d(%s)", idx, rowKey(r)))
	}
	return strings.Join(parts, ", ")
}

func (h *harness) formatConditions(c fsm.Conditions) string {
	var names []string
	for i, n := range fsmq.Of(h.table).Conditions() {
		if c&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return strings.Join(names, " ")
}

func dueInput(t lifecycle.Timer) lifecycle.InputKind {
	switch t {
	case lifecycle.TimerAutoMove:
		return lifecycle.InputAutoMoveDue
	case lifecycle.TimerHangUpPrevious:
		return lifecycle.InputHangUpPreviousDue
	case lifecycle.TimerClosingSoon:
		return lifecycle.InputClosingSoonDue
	case lifecycle.TimerRoomEnd:
		return lifecycle.InputRoomEndDue
	}
	return lifecycle.InputInvalid
}

// host does what a host does with the effects: it keeps the timers it was
// told to schedule and the notifications it shows. A cancel of a timer the
// host does not have, a notify of one already shown or a dismiss of one not
// shown is a leak or a double effect; the one notify of an active target the
// rules ask for is breakoutRoomJoined for the new room once an R13 join
// connects (C1), which replaces the old room's.
func (h *harness) host(t failer, st step, effects []lifecycle.Effect) {
	scheduled := map[lifecycle.Timer]bool{}
	for _, e := range effects {
		switch e.Kind {
		case lifecycle.EffectSchedule:
			h.hostTimers[e.Timer] = e.At
			scheduled[e.Timer] = true
		case lifecycle.EffectCancel:
			if _, ok := h.hostTimers[e.Timer]; !ok {
				h.fail(t, st, "cancel(%s) of a timer the host does not have", e.Timer)
			}
			delete(h.hostTimers, e.Timer)
		case lifecycle.EffectNotify:
			if h.hostNotes[e.Target] && !(e.Target == lifecycle.NotifyJoined && st.in.Kind == lifecycle.InputJoinBreakoutOK) {
				h.fail(t, st, "notify(%s) while it is shown", e.Target)
			}
			h.hostNotes[e.Target] = true
		case lifecycle.EffectDismiss:
			if !h.hostNotes[e.Target] {
				h.fail(t, st, "dismiss(%s) while it is not shown", e.Target)
			}
			delete(h.hostNotes, e.Target)
		}
	}
	if st.in.Kind == lifecycle.InputTick {
		// The timers due fired (or were cancelled, with a cancel effect).
		for tm, at := range h.hostTimers {
			if !at.After(st.now) && !scheduled[tm] {
				delete(h.hostTimers, tm)
			}
		}
	}
}

// catchUp is a host that answers every effect in flight, oldest first
// (failing one now and then), then lets the next timer fall due.
func (h *harness) catchUp(t *rapid.T) {
	inOrder := rapid.Bool().Draw(t, "catchUpInOrder")
	withLazy := h.answersLazy(t)
	for range 8 {
		inFlight := h.inFlight(withLazy)
		if len(inFlight) == 0 || h.model.Left() {
			break
		}
		in := inFlight[0]
		if !inOrder { // a host whose calls answer in their own time
			in = inFlight[rapid.IntRange(0, len(inFlight)-1).Draw(t, "catchUpWhich")]
		}
		if rapid.IntRange(0, 7).Draw(t, "catchUpFails") == 0 {
			in.Kind = failedOf(in.Kind)
		}
		if !rapid.Bool().Draw(t, "catchUpNames") {
			in.ThreadID = ""
		}
		h.take(t, in, h.now)
	}
	if due, ok := h.nextDue(); ok && due.Sub(h.now) < 24*time.Hour && rapid.Bool().Draw(t, "catchUpTick") {
		h.take(t, lifecycle.Input{Kind: lifecycle.InputTick}, later(h.now, due))
	}
}

// answersLazy draws whether the host gets round to the kind of effect it is
// slow to answer, this time.
func (h *harness) answersLazy(t *rapid.T) bool {
	return h.lazy == lifecycle.InputInvalid || rapid.IntRange(0, 7).Draw(t, "lazyAnswers") == 0
}

// inFlight are the outcomes the host may report now: those of the effects
// in flight, without the kind it is slow to answer unless withLazy.
func (h *harness) inFlight(withLazy bool) []lifecycle.Input {
	all := h.model.InFlight()
	if withLazy {
		return all
	}
	var out []lifecycle.Input
	for _, in := range all {
		if in.Kind != h.lazy {
			out = append(out, in)
		}
	}
	return out
}

// steer moves the participant on toward the deep states a uniform walk
// rarely reaches: into a room, then into a re-assignment, with settings
// that let it leave, while the host answers what is in flight.
func (h *harness) steer(t *rapid.T) {
	if h.model.Left() || h.model.Gated() {
		return
	}
	switch h.model.Position() {
	case lifecycle.PositionMain, lifecycle.PositionAssigned:
		if room, ok := h.model.Assignment(); !ok || room.State != lifecycle.RoomOpen || rapid.IntRange(0, 3).Draw(t, "steerOtherRoom") == 0 {
			h.event(t, drawOpenRoomEvent(t, ""))
		}
		if rapid.IntRange(0, 3).Draw(t, "steerJoin") > 0 {
			h.take(t, lifecycle.Input{Kind: lifecycle.InputJoin}, h.now)
		}
	case lifecycle.PositionInRoom:
		switch rapid.IntRange(0, 2).Draw(t, "steerInRoom") {
		case 0:
			h.eventAt(t, drawSettingsEvent(t, h.now), h.now)
		default:
			h.event(t, drawOpenRoomEvent(t, h.model.CurrentThread()))
			if rapid.Bool().Draw(t, "steerJoinNew") {
				h.take(t, lifecycle.Input{Kind: lifecycle.InputJoin}, h.now)
			}
		}
	case lifecycle.PositionReturning:
		if room, ok := h.model.Assignment(); ok && room.State == lifecycle.RoomOpen && rapid.IntRange(0, 2).Draw(t, "steerSDKJoin") == 0 {
			// R10: the SDK joins by itself while the return is under way; its
			// join connects before the return's effects are answered, which
			// leave a resume or rejoin in flight into the room.
			h.event(t, drawJoinEvent(t))
			for _, in := range h.model.InFlight() {
				if in.Kind == lifecycle.InputJoinBreakoutOK && in.ThreadID == room.ThreadID && !h.model.Left() {
					h.take(t, in, h.now)
					break
				}
			}
			return
		}
		h.catchUp(t)
	default:
		h.catchUp(t)
	}
}

// nextDue is when the model's next timer falls due: runs are drawn from
// the model, which the engine is compared with, so that they need nothing
// of the engine but Apply.
func (h *harness) nextDue() (time.Time, bool) {
	var next time.Time
	for _, p := range h.model.PendingTimers() {
		if next.IsZero() || p.At.Before(next) {
			next = p.At
		}
	}
	return next, !next.IsZero()
}

// later is the later of two times.
func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// checkInvariants is the "" action: after every step, the invariants hold.
func (h *harness) checkInvariants(t failer) {
	eng := h.insp
	if eng == nil {
		return
	}
	st := step{}
	if eng.Position() != eng.State().Position() {
		h.fail(t, st, "position %s is not the position of the fine state %s", eng.Position(), eng.State())
	}
	if err := eng.CheckInvariants(); err != nil {
		h.fail(t, st, "CheckInvariants: %v", err)
	}
	if h.left && eng.Position() != lifecycle.PositionLeft {
		h.fail(t, st, "left is terminal, but the engine is in %s", eng.Position())
	}
	if eng.Position() != h.model.Position() {
		h.fail(t, st, "the engine is in %s, the model in %s", eng.Position(), h.model.Position())
	}
	h.checkTimersAndNotes(t)
	if h.snap == nil {
		return
	}
	snap := h.snap.Snapshot()
	h.checkCalls(t, &snap)
	if !h.left {
		h.checkWayHome(t)
	}
}

// checkCalls: an attendee in a room has no connected main call and a
// manager's is held (or being held: its holdMain may still be in flight);
// the breakout and main calls are never both connected for an attendee
// once a join completes.
func (h *harness) checkCalls(t failer, snap *lifecycle.Snapshot) {
	inRoom := false
	for _, c := range snap.Calls {
		if c.Role == "current" && c.Connected {
			inRoom = true
		}
	}
	switch h.insp.State() {
	case lifecycle.StateInRoom, lifecycle.StateReassigned, lifecycle.StateSwitching:
		inRoom = true
	}
	if !inRoom {
		return
	}
	main := snap.Main.State
	switch h.cfg.Role {
	case lifecycle.Attendee:
		if main != "hungUp" && main != "held" {
			h.fail(t, step{}, "an attendee in a room with its main call %s", main)
		}
	case lifecycle.Manager:
		if main != "held" && main != "holding" && main != "connected" { // connected: C2, its hold failed
			h.fail(t, step{}, "a manager in a room with its main call %s", main)
		}
	}
}

// checkTimersAndNotes: the host's timers are the engine's (none leaked, none
// lost), NextDue is the earliest, and nothing
// is left after leaving.
func (h *harness) checkTimersAndNotes(t failer) {
	pending := h.insp.PendingTimers()
	got := map[lifecycle.Timer]time.Time{}
	var next time.Time
	for _, p := range pending {
		got[p.Timer] = p.At
		if next.IsZero() || p.At.Before(next) {
			next = p.At
		}
	}
	if !timersEqual(got, h.hostTimers) {
		h.fail(t, step{}, "the engine's timers %v are not the ones its effects scheduled %v", pending, h.hostTimers)
	}
	if due, ok := h.insp.NextDue(); ok != (len(pending) > 0) || (ok && !due.Equal(next)) {
		h.fail(t, step{}, "NextDue %v %v, the earliest timer is %v", due, ok, next)
	}
	notes := h.insp.ActiveNotifications()
	if len(notes) != len(h.hostNotes) {
		h.fail(t, step{}, "the engine shows %v, its effects showed %v", notes, h.hostNotes)
	}
	for _, n := range notes {
		if !h.hostNotes[n] {
			h.fail(t, step{}, "the engine shows %v, its effects showed %v", notes, h.hostNotes)
		}
	}
	if h.left && (len(pending) > 0 || len(notes) > 0) {
		h.fail(t, step{}, "timers %v or notifications %v after leaving", pending, notes)
	}
}

func timersEqual(a, b map[lifecycle.Timer]time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !w.Equal(v) {
			return false
		}
	}
	return true
}

// checkWayHome is R21: from the current state the main meeting is still
// reachable. A copy of the engine is driven the way a host would bring the
// participant back: answer the oldest effect in flight, return, have the
// organizer remove the assignment, let the next timer fall due.
func (h *harness) checkWayHome(t failer) {
	path, err := wayHome(h.s.newEngine, h.cfg, h.snap, h.history, h.now)
	if err != nil {
		h.fail(t, step{}, "R21: no way back to the main meeting: %v\n  tried: %s", err, describeInputs(path))
	}
	h.s.cov.rule(rule.R21)
}

// fail reports a failing step with the run so far as a §7 trace. While
// the run is drawn, it is kept for the pass that removes the inputs the
// failure does not need.
func (h *harness) fail(t failer, st step, format string, args ...any) {
	t.Helper()
	switch t := t.(type) {
	case *rapid.T:
		h.s.lastRun = &failedRun{cfg: h.cfg, steps: slices.Clone(h.history), sig: format}
	case *rerun:
		t.sig = format
	}
	msg := fmt.Sprintf(format, args...)
	if st.in.Kind != lifecycle.InputInvalid || st.event != nil {
		msg = fmt.Sprintf("at %s %s: %s", st.now.Format(time.RFC3339Nano), describeStep(st), msg)
	}
	t.Fatalf("%s\ntrace (docs/TRACE.md, %d lines; `breakoutfsm replay --json -` reads it):\n%s", msg, len(h.history)+1, h.traceText())
}

// traceText writes the run as a §7 trace.
func (h *harness) traceText() string {
	var b strings.Builder
	if line, err := trace.FormatConfig(nil, h.cfg); err == nil {
		b.Write(line)
	} else {
		fmt.Fprintf(&b, "# config %+v", h.cfg)
	}
	b.WriteByte('\n')
	for _, st := range h.history {
		b.WriteString(stepLine(st))
		b.WriteByte('\n')
	}
	return b.String()
}

func stepLine(st step) string {
	at := st.now.UTC().Format(time.RFC3339Nano)
	if st.event != nil {
		return fmt.Sprintf(`{"at":%q,"sdk":%s}`, at, st.event.JSON)
	}
	line, err := trace.FormatLine(&st.now, st.in)
	if err != nil {
		return fmt.Sprintf("# %s at %s: %v", describeInput(st.in), at, err)
	}
	return string(line)
}

func describeStep(st step) string {
	if st.event != nil {
		return string(st.event.JSON)
	}
	return describeInput(st.in)
}

func describeInputs(ins []lifecycle.Input) string {
	var parts []string
	for _, in := range ins {
		parts = append(parts, describeInput(in))
	}
	return strings.Join(parts, ", ")
}

func describeResult(p lifecycle.Position, effects []lifecycle.Effect, err string, refused bool) string {
	s := fmt.Sprintf("%s [%s] error %s", p, lifecycle.FormatEffects(effects), err)
	if refused {
		s += " (refused)"
	}
	return s
}

func errString(e *errcodes.Error) string {
	if e == nil {
		return "none"
	}
	x := expectedError{Kind: e.Kind, Subcode: e.Subcode, Wrapped: e.WrappedBy != 0, Rule: e.Rule}
	return x.String()
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "unencodable: " + err.Error()
	}
	return string(b)
}
