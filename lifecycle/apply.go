package lifecycle

import (
	"math/bits"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
)

// step is one input on its way through the table. It decides on the
// machine as it is, and an accepted row's primitives then change the
// machine's core facts in place (nothing changes before the table has
// decided); the rare facts are copied out only when the machine holds any
// or the row needs them, and stored back at the end. A refusal copies
// nothing.
type step struct {
	m  *Machine
	st State // the state the next row starts from
	// f is the facts the conditions read and the primitives change: the
	// machine's core, and the rare facts once loaded (nil before).
	f facts
	// one holds the breakout call a machine keeps inline, unpacked when the
	// conditions read the calls before the rare facts are loaded.
	one  [1]breakoutCall
	now  instant
	in   *Input
	kind InputKind // the table input of the row being found or run
	// outcome is the breakout call a joinBreakout or hangUpBreakout outcome
	// answers (the oldest such effect in flight, of the threadId if it names
	// one), or -1.
	outcome int

	// out collects the effects: the call effects as the rows' primitives
	// issue them, then assemble puts the timers and notifications around
	// them. It points at the caller's slice: appending to a slice held in
	// the step itself would make everything the step points to escape.
	out   *[]Effect
	shown [8]Notification // notifications shown, in order
	nshow uint8
	// renotified are notifications shown again although active (C1): they
	// are notified if still active after the input.
	renotified uint8
	fired      uint8 // timers fired by a tick

	// What assemble compares with: the timers, autoMove's time and the
	// notifications before the input.
	timersBefore, notesBefore uint8
	autoBefore                instant
}

// noSettings is the re-assignment settings of a machine that keeps none.
var noSettings settingsFacts

// A step is made in place (var s step; s.m, ... = ...) by the function
// that runs it, not by a constructor: a step written through a pointer, or
// returned, costs a copy or makes what it points to escape to the heap.

// accept readies the step for an accepted input's rows: it keeps what
// assemble compares with.
func (s *step) accept() {
	s.timersBefore, s.notesBefore, s.autoBefore = s.f.timerSet, s.f.notes, s.f.autoAt
}

func (s *step) config() *Config { return s.m.config() }

// calls are the breakout calls as the step has them now.
func (s *step) calls() []breakoutCall {
	if s.f.rare != nil {
		return s.f.calls.all()
	}
	return s.m.trackedCalls(&s.one)
}

// pendingSettings are the re-assignment's settings as the step has them now.
func (s *step) pendingSettings() *settingsFacts {
	switch {
	case s.f.rare != nil:
		return &s.f.pending
	case s.m.full:
		return &s.m.x.pending
	}
	return &noSettings
}

// Errors that do not come from a table row.
var (
	errFeatureDisabled  = errs.WithGuard(errs.New(errcodes.Disabled, rule.R1), "featureEnabled")
	errNotTeams         = errs.WithGuard(errs.New(errcodes.OnlyAvailableInMeetings, rule.R1), "teamsMeeting")
	errLeft             = errs.NewKind(errcodes.ParticipantLeft, rule.R22, "input refused: the participant has left the meeting")
	errClockBackwards   = errs.NewKind(errcodes.UnknownInput, rule.R24, "input refused: its time is earlier than the previous input's")
	errUnknownInputKind = errs.NewKind(errcodes.UnknownInput, rule.R24, "input refused: not an input kind a machine takes")
	errBadJoinEvent     = errs.WithMessage(errs.New(errcodes.UpdateFailed, rule.R24), "data.id: a join event needs a non-empty call id")
	errThreadOnOtherOp  = errs.NewKind(errcodes.UnknownInput, rule.R24, "input refused: threadId goes only with the joinBreakout and hangUpBreakout outcomes")
	errFieldOfOtherKind = errs.NewKind(errcodes.UnknownInput, rule.R24, "input refused: it carries a field of another kind of input (Room, Settings, Rooms or CallID)")
	errNotInFlight      = errs.WithGuard(errs.NewKind(errcodes.UnexpectedInput, rule.R24, unexpectedMessage(rule.R24)), "!"+condOutcomeInFlight.String())
	errNoRow            = errs.NewKind(errcodes.UnexpectedInput, rule.R24, "input refused: the lifecycle table has no row for it")
)

// prepare readies the step for table input k: for a joinBreakout or
// hangUpBreakout outcome, it finds the call the outcome answers.
func (s *step) prepare(k InputKind) {
	s.kind = k
	s.outcome = -1
	switch k {
	case InputJoinBreakoutOK, InputJoinBreakoutFailed:
		s.outcome = oldestPending(s.calls(), s.in.ThreadID, true)
	case InputHangUpBreakoutOK, InputHangUpBreakoutFailed:
		s.outcome = oldestPending(s.calls(), s.in.ThreadID, false)
	}
}

// find is the row (of Rows) for table input k in the step's state, or -1;
// prepare(k) has run.
func (s *step) find(k InputKind) int {
	n := s.walk(k)
	if n.no == 0 {
		return -1
	}
	s.m.traceRow(n)
	return int(n.row)
}

// walk walks the cell's decision tree (see compiledTable) to its leaf: only
// the conditions on its path are computed.
func (s *step) walk(k InputKind) *compiledNode {
	n := compiled.root(s.st, k)
	for n.cond != condInvalid {
		n = compiled.next(n, s.holds(n.cond))
	}
	return n
}

// run carries out an accepted row: its primitives in order, then the
// bookkeeping every row shares (calls that are down with nothing in flight
// are forgotten; a join's hold belongs to a join only while there is one).
func (s *step) run(r *compiledRow) {
	s.do(r.effects)
	if s.f.rare != nil {
		s.f.forgetDownCalls()
	}
	if !r.stay {
		s.st = r.to
	}
	switch s.st {
	case StateJoining, StateInRoom, StateReassigned, StateSwitching:
	default:
		s.f.activeHold = false
	}
}

// outcomeInFlight reports whether an effect of the outcome's kind (and
// threadId, if named) is in flight.
func (s *step) outcomeInFlight() bool {
	f := s.f.core
	switch s.kind {
	case InputHoldMainOK, InputHoldMainFailed:
		return f.inFlight(opHold)
	case InputResumeMainOK, InputResumeMainFailed:
		return f.inFlight(opResume)
	case InputRejoinMainOK, InputRejoinMainFailed:
		return f.inFlight(opRejoin)
	case InputHangUpMainOK, InputHangUpMainFailed:
		return f.inFlight(opHangUp)
	case InputJoinBreakoutOK, InputJoinBreakoutFailed, InputHangUpBreakoutOK, InputHangUpBreakoutFailed:
		return s.outcome >= 0
	}
	return false
}

// mainSettlesConnected reports whether, once the outcome in hand is taken,
// the main call is connected: after an ok, it is the call being resumed or
// rejoined (or already connected); after a failure, the call was connected
// all along (its hold failed meanwhile) and nothing else is on its way to it
// (R7, R18, R19, C3).
func (s *step) mainSettlesConnected() bool {
	f := s.f.core
	restoring := f.inFlight(opResume) || f.inFlight(opRejoin)
	switch s.kind {
	case InputHoldMainOK, InputHoldMainFailed:
		return f.mainInFlight[opHold] == 1 && (f.main == mainHolding || f.main == mainConnected) && !restoring
	case InputResumeMainFailed, InputRejoinMainFailed:
		op := opResume
		if s.kind == InputRejoinMainFailed {
			op = opRejoin
		}
		return f.main == mainConnected && f.mainInFlight[op] == 1 &&
			f.mainInFlight[opHold]+f.mainInFlight[opResume]+f.mainInFlight[opRejoin] == 1
	case InputResumeMainOK:
		return f.main == mainResuming || f.main == mainConnected
	case InputRejoinMainOK:
		return f.main == mainRejoining || f.main == mainConnected
	}
	return false
}

// tick fires every timer due at now, earliest first; on a tie in the order
// autoMove, hangUpPrevious, closingSoon, roomEnd. A timer cancelled by an
// earlier one does not fire. A timer whose row refuses (a join that would
// track one call too many, C8) is consumed and changes nothing else.
func (s *step) tick() {
	for range 4 * timerCount {
		t, ok := s.dueTimer()
		if !ok {
			return
		}
		s.f.timerSet &^= 1 << t
		s.fired |= 1 << t
		s.prepare(t.due())
		id := s.find(t.due())
		if id < 0 || compiled.rows[uint8(id)].refuses {
			continue
		}
		s.run(&compiled.rows[uint8(id)])
	}
}

func (s *step) dueTimer() (Timer, bool) {
	best, ok := TimerInvalid, false
	var at instant
	for t := TimerAutoMove; t < timerEnd; t++ {
		if s.f.timerSet&(1<<t) != 0 && !s.now.before(s.f.at(t)) && (!ok || s.f.at(t).before(at)) {
			best, at, ok = t, s.f.at(t), true
		}
	}
	return best, ok
}

// sameRoom reports whether an event repeats the assigned room exactly.
func sameRoom(a, b *Room) bool {
	if a == b {
		return true
	}
	if a.ThreadID != b.ThreadID || a.State != b.State || a.AutoMove != b.AutoMove ||
		a.HasAutoMove != b.HasAutoMove || a.DisplayName != b.DisplayName ||
		a.HasDisplayName != b.HasDisplayName || a.HasInvitees != b.HasInvitees ||
		len(a.Invitees) != len(b.Invitees) {
		return false
	}
	for i := range a.Invitees {
		if a.Invitees[i] != b.Invitees[i] {
			return false
		}
	}
	return true
}

// callWithRole is the call with role r that is up, or -1.
func callWithRole(calls []breakoutCall, r callRole) int {
	for i := range calls {
		if calls[i].role == r && calls[i].up {
			return i
		}
	}
	return -1
}

// oldestPending is a named computation: the breakout call whose join (or
// hang-up) is in flight, naming thread if given, the oldest such effect
// first; or -1. It is the call an outcome answers.
func oldestPending(calls []breakoutCall, thread string, join bool) int {
	best := -1
	var bestSeq uint32
	for i := range calls {
		c := &calls[i]
		if thread != "" && c.thread != thread {
			continue
		}
		pending, seq := c.hangPending, c.hangSeq
		if join {
			pending, seq = c.joinPending, c.joinSeq
		}
		if pending && (best < 0 || seq < bestSeq) {
			best, bestSeq = i, seq
		}
	}
	return best
}

// --- effects ---

// emit appends a call effect to the output.
func (s *step) emit(k EffectKind, thread string) {
	e := s.next()
	e.Kind, e.ThreadID, e.Target, e.Timer, e.At = k, thread, NotificationInvalid, TimerInvalid, time.Time{}
}

// emitNote appends a notify or dismiss effect to the output.
func (s *step) emitNote(k EffectKind, n Notification) {
	e := s.next()
	e.Kind, e.ThreadID, e.Target, e.Timer, e.At = k, "", n, TimerInvalid, time.Time{}
}

// emitTimer appends a schedule or cancel effect to the output.
func (s *step) emitTimer(k EffectKind, t Timer, at time.Time) {
	e := s.next()
	e.Kind, e.ThreadID, e.Target, e.Timer, e.At = k, "", NotificationInvalid, t, at
}

// next is a new effect at the end of the output, which starts with room for
// a few: the caller writes every field of it in place, rather than building
// an Effect aside and copying it in (the slot may hold an earlier input's).
func (s *step) next() *Effect {
	out := *s.out
	switch {
	case cap(out) == 0:
		out = make([]Effect, 1, 8)
	case len(out) == cap(out):
		out = append(out, Effect{})
	default:
		out = out[:len(out)+1]
	}
	*s.out = out
	return &out[len(out)-1]
}

func (s *step) schedule(t Timer, at instant) {
	s.f.timerSet |= 1 << t
	s.f.setAt(t, at)
}

func (s *step) cancel(t Timer) { s.f.timerSet &^= 1 << t }

func (s *step) show(n Notification) {
	s.f.notes |= 1 << n
	for _, m := range s.shown[:s.nshow] {
		if m == n {
			return
		}
	}
	if int(s.nshow) < len(s.shown) {
		s.shown[s.nshow] = n
		s.nshow++
	}
}

// assemble writes the effects in their order: cancels, call effects,
// schedules, dismissals, notifications. Timers and notifications are the net
// change over the whole input, against what the step kept from before it
// (see timerBefore). The call effects are in s.out already: the cancels are
// put before them.
func (s *step) assemble() {
	f := &s.f
	after, timersBefore, notesBefore := f.timerSet, s.timersBefore, s.notesBefore
	if after|timersBefore != 0 {
		s.assembleTimers()
	}
	for gone := notesBefore &^ f.notes; gone != 0; gone &= gone - 1 {
		s.emitNote(EffectDismiss, Notification(bits.TrailingZeros8(gone)))
	}
	for _, n := range s.shown[:s.nshow] {
		bit := uint8(1) << n
		if (notesBefore&bit == 0 || s.renotified&bit != 0) && f.notes&bit != 0 {
			s.emitNote(EffectNotify, n)
		}
	}
}

// assembleTimers puts the cancels before the call effects, and the
// schedules after them.
func (s *step) assembleTimers() {
	f := &s.f
	after, timersBefore := f.timerSet, s.timersBefore
	var cancels [timerEnd]Timer
	n := 0
	for t := TimerAutoMove; t < timerEnd; t++ {
		bit := uint8(1) << t
		if timersBefore&bit != 0 && s.fired&bit == 0 && (after&bit == 0 || f.at(t) != s.timerBefore(t)) {
			cancels[n] = t
			n++
		}
	}
	if n > 0 {
		calls := len(*s.out)
		for range n {
			s.next()
		}
		out := *s.out
		copy(out[n:], out[:calls])
		for i, t := range cancels[:n] {
			e := &out[i]
			e.Kind, e.ThreadID, e.Target, e.Timer, e.At = EffectCancel, "", NotificationInvalid, t, time.Time{}
		}
	}
	for t := TimerAutoMove; t < timerEnd; t++ {
		bit := uint8(1) << t
		if after&bit != 0 && (s.fired&bit != 0 || timersBefore&bit == 0 || f.at(t) != s.timerBefore(t)) {
			s.emitTimer(EffectSchedule, t, f.at(t).Time())
		}
	}
}

// timerBefore is when timer t fell due before the input, if it was pending:
// autoMove's time was kept, and the others are still the machine's (its
// rare facts are stored after assemble).
func (s *step) timerBefore(t Timer) instant {
	if t == TimerAutoMove {
		return s.autoBefore
	}
	return s.m.timerAt(t)
}

// closingSoonLead is how long before the end the closing-soon notice shows.
const closingSoonLead = 30 * time.Second

// sameSettings compares settings by their JSON values.
func sameSettings(a, b *Settings) bool {
	if a.HasDisableReturn != b.HasDisableReturn || a.DisableReturn != b.DisableReturn || a.EndKind != b.EndKind {
		return false
	}
	switch a.EndKind {
	case EndTimeString:
		return a.EndText == b.EndText
	case EndTimeAttempt, EndTimeDelta:
		return a.EndNumber == b.EndNumber
	}
	return true
}

// Conditions is the set of the table's conditions that hold for input in at
// time now in the machine as it is, computed from their one declaration: what
// the guards of the row for in would read. It is for tools that drive the
// table by hand (the looplab adapter, explain); Apply computes only the
// conditions a row needs. in may be a timer's input (InputAutoMoveDue, ...);
// a tick has no conditions of its own.
func (m *Machine) Conditions(in Input, now time.Time) fsm.Conditions {
	var s step
	s.m, s.st, s.f.core, s.in, s.now = m, m.st, &m.core, &in, instantOf(now)
	s.prepare(in.Kind)
	return s.conditions(allConditionBits)
}
