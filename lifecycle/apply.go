package lifecycle

import (
	"math/bits"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
)

// step is one input on its way through the table: the facts it works on (a
// copy of the machine's, committed only when the input is accepted), the
// input, and the effects so far.
type step struct {
	m    *Machine
	cfg  *Config
	st   State // the state the next row starts from
	f    facts
	now  instant
	in   Input
	kind InputKind // the table input of the row being found or run
	// outcome is the breakout call a joinBreakout or hangUpBreakout outcome
	// answers (the oldest such effect in flight, of the threadId if it names
	// one), or -1.
	outcome int
	trace   func(row int)

	// out collects the effects: the call effects as the rows' primitives
	// issue them, then assemble puts the timers and notifications around
	// them.
	out   []Effect
	shown [8]Notification // notifications shown, in order
	nshow int
	// renotified are notifications shown again although active (C1): they
	// are notified if still active after the input.
	renotified uint8
	fired      uint8 // timers fired by a tick

	notesBefore  uint8
	timersBefore uint8
	atBefore     [timerEnd]instant
}

// Errors that do not come from a table row.
var (
	errFeatureDisabled  = errcodes.New(errcodes.Disabled, errcodes.R1).WithGuard("featureEnabled")
	errNotTeams         = errcodes.New(errcodes.OnlyAvailableInMeetings, errcodes.R1).WithGuard("teamsMeeting")
	errLeft             = errcodes.NewKind(errcodes.ParticipantLeft, errcodes.R22, "input refused: the participant has left the meeting")
	errClockBackwards   = errcodes.NewKind(errcodes.UnknownInput, errcodes.R24, "input refused: its time is earlier than the previous input's")
	errUnknownInputKind = errcodes.NewKind(errcodes.UnknownInput, errcodes.R24, "input refused: not an input kind a machine takes")
	errBadJoinEvent     = errcodes.New(errcodes.UpdateFailed, errcodes.R24).WithMessage("data.id: a join event needs a non-empty call id")
	errThreadOnOtherOp  = errcodes.NewKind(errcodes.UnknownInput, errcodes.R24, "input refused: threadId goes only with the joinBreakout and hangUpBreakout outcomes")
	errFieldOfOtherKind = errcodes.NewKind(errcodes.UnknownInput, errcodes.R24, "input refused: it carries a field of another kind of input (Room, Settings, Rooms or CallID)")
	errNotInFlight      = errcodes.NewKind(errcodes.UnexpectedInput, errcodes.R24, unexpectedMessage(errcodes.R24)).WithGuard("!" + CondOutcomeInFlight.String())
	errNoRow            = errcodes.NewKind(errcodes.UnexpectedInput, errcodes.R24, "input refused: the lifecycle table has no row for it")
)

// prepare readies the step for table input k: for a joinBreakout or
// hangUpBreakout outcome, it finds the call the outcome answers.
func (s *step) prepare(k InputKind) {
	s.kind = k
	s.outcome = -1
	switch k {
	case InputJoinBreakoutOK, InputJoinBreakoutFailed:
		s.outcome = oldestPending(s.f.calls.all(), s.in.ThreadID, true)
	case InputHangUpBreakoutOK, InputHangUpBreakoutFailed:
		s.outcome = oldestPending(s.f.calls.all(), s.in.ThreadID, false)
	}
}

// find is the row for table input k in the step's state, or -1. Only the
// conditions the cell's guards read are computed.
func (s *step) find(k InputKind) int {
	s.prepare(k)
	need := table.Reads(s.st, k)
	var set fsm.Conditions
	for need != 0 {
		c := Condition(bits.TrailingZeros64(uint64(need)))
		need &= need - 1
		if s.holds(c) {
			set |= c.bit()
		}
	}
	idx := table.Find(s.st, k, set)
	if idx < 0 {
		return -1
	}
	if s.trace != nil {
		s.trace(idx)
	}
	return int(table.RowRef(idx).Action)
}

// run carries out an accepted row: its primitives in order, then the
// bookkeeping every row shares (calls that are down with nothing in flight
// are forgotten; a join's hold belongs to a join only while there is one).
func (s *step) run(id int) {
	r := &declared[id]
	for _, p := range r.Does {
		s.do(p)
	}
	s.f.forgetDownCalls()
	if !r.Stay {
		s.st = r.To
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
	f := &s.f
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
	f := &s.f
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
		id := s.find(t.due())
		if id < 0 || rowRefuses[id] {
			continue
		}
		s.run(id)
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

// emit appends a call effect to the output, which starts with room for a
// few.
func (s *step) emit(k EffectKind, thread string) {
	if cap(s.out) == 0 {
		s.out = make([]Effect, 0, 8)
	}
	s.out = append(s.out, Effect{Kind: k, ThreadID: thread})
}

func (s *step) add(e Effect) {
	if cap(s.out) == 0 {
		s.out = make([]Effect, 0, 8)
	}
	s.out = append(s.out, e)
}

func (s *step) schedule(t Timer, at instant) {
	s.f.timerSet |= 1 << t
	s.f.setAt(t, at)
}

func (s *step) cancel(t Timer) { s.f.timerSet &^= 1 << t }

func (s *step) show(n Notification) {
	s.f.notes |= 1 << n
	for i := 0; i < s.nshow; i++ {
		if s.shown[i] == n {
			return
		}
	}
	if s.nshow < len(s.shown) {
		s.shown[s.nshow] = n
		s.nshow++
	}
}

// assemble writes the effects in their order: cancels, call effects,
// schedules, dismissals, notifications. Timers and notifications are the net
// change over the whole input. The call effects are in s.out already: the
// cancels are put before them.
func (s *step) assemble() {
	f := &s.f
	after := f.timerSet
	var cancels [timerEnd]Timer
	n := 0
	for t := TimerAutoMove; t < timerEnd; t++ {
		bit := uint8(1) << t
		if s.timersBefore&bit != 0 && s.fired&bit == 0 && (after&bit == 0 || f.at(t) != s.atBefore[t]) {
			cancels[n] = t
			n++
		}
	}
	if n > 0 {
		calls := len(s.out)
		for range n {
			s.add(Effect{})
		}
		copy(s.out[n:], s.out[:calls])
		for i, t := range cancels[:n] {
			s.out[i] = Effect{Kind: EffectCancel, Timer: t}
		}
	}
	for t := TimerAutoMove; t < timerEnd; t++ {
		bit := uint8(1) << t
		if after&bit != 0 && (s.fired&bit != 0 || s.timersBefore&bit == 0 || f.at(t) != s.atBefore[t]) {
			s.add(Effect{Kind: EffectSchedule, Timer: t, At: f.at(t).Time()})
		}
	}
	if gone := s.notesBefore &^ f.notes; gone != 0 {
		for n := NotifyOpened; n < notificationEnd; n++ {
			if gone&(1<<n) != 0 {
				s.add(Effect{Kind: EffectDismiss, Target: n})
			}
		}
	}
	for _, n := range s.shown[:s.nshow] {
		bit := uint8(1) << n
		if (s.notesBefore&bit == 0 || s.renotified&bit != 0) && f.notes&bit != 0 {
			s.add(Effect{Kind: EffectNotify, Target: n})
		}
	}
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
	s := step{m: m, cfg: m.config(), st: m.st, now: instantOf(now), in: in, outcome: -1}
	m.load(&s.f)
	s.prepare(in.Kind)
	var set fsm.Conditions
	for c := ConditionInvalid + 1; c < conditionEnd; c++ {
		if s.holds(c) {
			set |= c.bit()
		}
	}
	return set
}
