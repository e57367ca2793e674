package lifecycle

import (
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/policy"
)

// step computes one input on a copy of the facts; Apply commits it only
// when the input is accepted.
type step struct {
	m        *Machine
	cfg      *Config
	from, to State
	f        facts
	now      instant
	in       Input
	kind     InputKind // the table input of the row being run
	wrapped  bool      // the resume that failed was issued by a return (§5)
	outcome  int       // the breakout call an outcome answers, or -1
	trace    func(row int)

	// out collects the effects: the call effects as the actions issue them,
	// then assemble puts the timers and notifications around them.
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

// run takes one table input: it finds the row, and runs its action.
func (s *step) run(k InputKind) (*errcodes.Error, bool) {
	s.kind = k
	idx, outcome := findRow(s.to, k, s.cfg, &s.f.core, s.f.calls.all(), &s.in)
	if idx < 0 {
		return errNoRow, true
	}
	s.outcome = outcome
	if s.trace != nil {
		s.trace(idx)
	}
	if table.IsRefusal(idx) {
		return rowErrs[idx], true
	}
	return s.runRow(idx, table.RowRef(idx))
}

// findRow is the row of table input k in state st, from a config, the core
// facts and the breakout calls tracked (wherever they are kept), or -1; and
// the call an outcome of a breakout call answers, or -1. Only the conditions
// the cell's guards read are computed.
func findRow(st State, k InputKind, cfg *Config, f *core, calls []breakoutCall, in *Input) (idx, outcome int) {
	v, outcome := viewOf(cfg, f, calls, in, k)
	return table.Find(st, k, policy.EvaluateOnly(&v, table.Reads(st, k))), outcome
}

// runRow runs the action of an accepted row, found for table input s.kind.
func (s *step) runRow(idx int, row *Row) (*errcodes.Error, bool) {
	s.from = s.to
	emitted := len(s.out)
	if err := s.act(row.Action); err != nil {
		// The facts are thrown away by the caller (Apply, or tick, which
		// saved them); the effects queued go with them.
		s.out = s.out[:emitted]
		return err, true
	}
	s.gc()
	s.to = row.To
	switch s.to {
	case StateJoining, StateInRoom, StateReassigned, StateSwitching:
	default:
		s.f.activeHold = false // no join from the main meeting is being made
	}
	if (row.Action == actResumeFailed || row.Action == actResumeFailedBackInMain) && s.wrapped {
		return rowWrapped[idx], false
	}
	return rowErrs[idx], false
}

var errNoRow = errcodes.NewKind(errcodes.UnexpectedInput, errcodes.R24, "input refused: the lifecycle table has no row for it")

// tick fires every timer due at now, earliest first; on a tie in the order
// autoMove, hangUpPrevious, closingSoon, roomEnd. A timer cancelled by an
// earlier one does not fire.
func (s *step) tick() {
	for range 4 * timerCount {
		t, ok := s.dueTimer()
		if !ok {
			return
		}
		s.f.timerSet &^= 1 << t
		s.fired |= 1 << t
		save := s.f
		save.calls = s.f.calls.clone()
		if _, refused := s.run(t.due()); refused {
			// Cannot happen for a table that passes its tests: the timer is
			// consumed and nothing else changes.
			s.f = save
		}
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

// viewOf is what the guards read for table input k: from a config, the core
// facts and the breakout calls tracked, wherever they are kept. outcome is
// the call an outcome of a breakout call answers, or -1.
func viewOf(cfg *Config, f *core, calls []breakoutCall, in *Input, k InputKind) (v policy.View, outcome int) {
	outcome = -1
	v = policy.View{
		Manager:            cfg.Role == Manager,
		TeamsMeeting:       cfg.Meeting == MeetingTeams,
		FeatureEnabled:     cfg.FeatureEnabled,
		ReturnedEarly:      f.returnedEarly,
		MainGone:           f.main == mainHungUp || f.main == mainRejoining,
		MainOnHold:         f.main == mainHolding || f.main == mainHeld,
		MainRestorePending: f.inFlight(opResume) || f.inFlight(opRejoin),
	}
	v.MainConnected = f.main == mainConnected && !v.MainRestorePending
	if r := f.room; r != nil {
		v.Assigned, v.AssignedThread, v.RoomOpen, v.AutoMove = true, r.ThreadID, r.State == RoomOpen, r.AutoMove
	}
	if st := f.settings.value; st != nil {
		v.HasDisableReturn, v.DisableReturn = st.HasDisableReturn, st.DisableReturn
	}
	if i := callWithRole(calls, roleCurrent); i >= 0 {
		v.CurrentThread = calls[i].thread
	}
	for i := range calls {
		c := &calls[i]
		if c.up {
			v.BreakoutUp = true
			if !c.hangPending && (c.role == rolePrevious || c.role == roleLeaving) {
				v.StrayBreakout = true
			}
		}
		if c.hangPending {
			v.SomethingInFlight = true
		}
	}
	if v.MainRestorePending {
		v.SomethingInFlight = true
	}
	v.SomethingToRedo = v.StrayBreakout || f.main == mainHeld || f.main == mainHolding || f.main == mainHungUp
	switch k {
	case InputAssignedRoom:
		v.Event = true
		if r := in.Room; r != nil {
			v.EventHasRoom = true
			v.EventThread = r.ThreadID
			v.EventOpen = r.State == RoomOpen
			v.EventAutoMove = r.AutoMove
			v.EventIdentical = f.room != nil && sameRoom(f.room, r)
		} else {
			v.EventIdentical = f.room == nil
		}
	case InputHoldMainOK, InputHoldMainFailed:
		v.OutcomeInFlight = f.inFlight(opHold)
		// The outcome answers the oldest hold in flight: the current join's
		// only when it is the one hold left.
		v.OutcomeForLastHold = f.mainInFlight[opHold] == 1
		v.OutcomeForActiveJoin = f.activeHold && v.OutcomeForLastHold
		v.MainSettlesConnected = v.OutcomeForLastHold && (f.main == mainHolding || f.main == mainConnected) &&
			!f.inFlight(opResume) && !f.inFlight(opRejoin)
	case InputResumeMainFailed, InputRejoinMainFailed:
		op := opResume
		if k == InputRejoinMainFailed {
			op = opRejoin
		}
		v.OutcomeInFlight = f.inFlight(op)
		// A failed resume or rejoin of a call that is connected (its hold
		// failed meanwhile) leaves it connected: with nothing else on its
		// way, the return has arrived.
		v.MainSettlesConnected = f.main == mainConnected && f.mainInFlight[op] == 1 &&
			f.mainInFlight[opHold]+f.mainInFlight[opResume]+f.mainInFlight[opRejoin] == 1
	case InputHangUpMainOK, InputHangUpMainFailed:
		v.OutcomeInFlight = f.inFlight(opHangUp)
	case InputResumeMainOK:
		v.OutcomeInFlight = f.inFlight(opResume)
		// R18, C3: the return arrives only if the main call is connected once
		// this is taken; a stale resume leaves a hung-up call hung up.
		v.MainSettlesConnected = f.main == mainResuming || f.main == mainConnected
	case InputRejoinMainOK:
		v.OutcomeInFlight = f.inFlight(opRejoin)
		v.MainSettlesConnected = f.main == mainRejoining || f.main == mainConnected
	case InputJoinBreakoutOK, InputJoinBreakoutFailed:
		outcome = oldestPending(calls, in.ThreadID, true)
		if outcome >= 0 {
			v.OutcomeInFlight = true
			v.OutcomeForActiveJoin = calls[outcome].role == roleJoining
		}
	case InputHangUpBreakoutOK, InputHangUpBreakoutFailed:
		outcome = oldestPending(calls, in.ThreadID, false)
		v.OutcomeInFlight = outcome >= 0
	}
	return v, outcome
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

func (f *rare) callWithRole(r callRole) int { return callWithRole(f.calls.all(), r) }

// callWithRole is the call with role r that is up, or -1.
func callWithRole(calls []breakoutCall, r callRole) int {
	for i := range calls {
		if calls[i].role == r && calls[i].up {
			return i
		}
	}
	return -1
}

// oldestPending is the breakout call whose join (or hang-up) is in flight,
// naming thread if given, the oldest such effect first; or -1.
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

// add appends an effect to the output, which starts with room for a few.
func (s *step) add(e Effect) {
	if cap(s.out) == 0 {
		s.out = make([]Effect, 0, 8)
	}
	s.out = append(s.out, e)
}

func (s *step) emit(k EffectKind, thread string) { s.add(Effect{Kind: k, ThreadID: thread}) }

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

// renotify shows n and notifies it even if it was active before the input.
func (s *step) renotify(n Notification) {
	s.show(n)
	s.renotified |= 1 << n
}

func (s *step) withdraw(ns ...Notification) {
	for _, n := range ns {
		s.f.notes &^= 1 << n
	}
}

// withdrawPrompts withdraws the notifications about an assigned room that the
// participant has not joined.
func (s *step) withdrawPrompts() {
	s.withdraw(NotifyOpened, NotifyOpenedPromptJoin, NotifyChanged, NotifyChangedPromptJoin)
}

// withdrawRoomNotes withdraws the notifications about being in a room.
func (s *step) withdrawRoomNotes() { s.withdraw(NotifyJoined, NotifyClosingSoon) }

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

// --- facts helpers ---

func (s *step) assign(r *Room) {
	s.f.room = r
}

// armAutoMove starts R3's auto-move. On the way back to the main meeting the
// move waits for the arrival (R18).
func (s *step) armAutoMove() {
	if s.from == StateReturning {
		s.f.autoMoveOnReturn = true
		return
	}
	s.schedule(TimerAutoMove, s.now.add(s.cfg.AutoMoveDelay))
}

func (s *step) disarmAutoMove() {
	s.cancel(TimerAutoMove)
	s.f.autoMoveOnReturn = false
}

func (s *step) clearSettings() {
	s.f.settings = settingsFacts{}
	s.cancel(TimerClosingSoon)
	s.cancel(TimerRoomEnd)
}

// newCall starts tracking a breakout call being joined.
func (s *step) newCall(thread string) (int, *errcodes.Error) {
	f := &s.f
	failed := 0
	for i := range f.calls.all() {
		if f.calls.all()[i].failedHangUp() {
			failed++
		}
	}
	if failed >= maxFailedCalls {
		return -1, errTooManyCalls
	}
	return f.calls.add(breakoutCall{thread: thread, role: roleJoining, up: true, joinPending: true, joinSeq: f.nextSeq()}), nil
}

// hangUp hangs up breakout call i unless its hang-up is already in flight.
func (s *step) hangUp(i int) {
	c := &s.f.calls.all()[i]
	c.role = roleLeaving
	if !c.up || c.hangPending {
		return
	}
	c.hangPending, c.hangSeq = true, s.f.nextSeq()
	s.emit(EffectHangUpBreakout, c.thread)
}

func (s *step) hangUpRole(r callRole) {
	for {
		i := s.f.callWithRole(r)
		if i < 0 {
			return
		}
		s.hangUp(i)
	}
}

// hangUpStrays hangs up, oldest first, every breakout call other than the
// current room's and the one being joined that is up and not being hung up:
// previous rooms' calls and those left up by a failed hang-up (C4, C5).
func (s *step) hangUpStrays() {
	for i := range s.f.calls.all() {
		c := &s.f.calls.all()[i]
		if (c.role == rolePrevious || c.role == roleLeaving) && c.up && !c.hangPending {
			s.hangUp(i)
		}
	}
}

// gc forgets breakout calls that are down with nothing in flight.
func (s *step) gc() {
	f := &s.f
	n := 0
	all := f.calls.all()
	for _, c := range all {
		if c.up || c.joinPending || c.hangPending {
			all[n] = c
			n++
		}
	}
	f.calls.truncate(n)
}

func (s *step) holdMain() {
	switch s.f.main {
	case mainHolding:
		// The hold on its way serves this join too: if it fails, the join
		// has no hold (R7).
		s.f.activeHold = true
		return
	case mainHeld:
		return
	}
	s.f.main = mainHolding
	s.f.issued(opHold)
	s.f.activeHold = true
	s.emit(EffectHoldMain, "")
}

func (s *step) resumeMain(byReturn bool) {
	s.f.main = mainResuming
	s.f.pushResume(byReturn)
	s.emit(EffectResumeMain, "")
}

func (s *step) rejoinMain() {
	s.f.main = mainRejoining
	s.f.issued(opRejoin)
	s.emit(EffectRejoinMain, "")
}

// undoHold resumes the main call when a join from it is undone: only when it
// is holding or held (R6, R8).
func (s *step) undoHold(byReturn bool) {
	if s.f.main == mainHolding || s.f.main == mainHeld {
		s.resumeMain(byReturn)
	}
}

// restoreMain brings the main call back for a return from a room: an
// attendee's hung-up call is rejoined as a new call, a held one (a manager's,
// or an attendee's whose hang-up failed, R9a) is resumed.
func (s *step) restoreMain() {
	switch s.f.main {
	case mainHungUp:
		s.rejoinMain()
	case mainHolding, mainHeld:
		s.resumeMain(true)
	}
	// connected (its hold failed, C2: nothing to bring back), resuming or
	// rejoining (already on its way back): nothing more.
}

// redoMain re-issues what is still missing of the main call (R19).
func (s *step) redoMain() {
	switch s.f.main {
	case mainHungUp:
		s.rejoinMain()
	case mainHolding, mainHeld:
		s.resumeMain(true)
	}
}

// undoJoin gives up a join from the main meeting (R8): hang up the call being
// joined, resume the main call if it is on hold, drop the call's settings.
//
// For a return (R16) every other breakout call still up is hung up too (C4).
func (s *step) undoJoin(byReturn bool) {
	if i := s.f.callWithRole(roleJoining); i >= 0 {
		s.hangUp(i)
	}
	if byReturn {
		s.hangUpStrays()
	}
	s.undoHold(byReturn)
	s.clearSettings()
	s.withdrawRoomNotes()
}

// leaveRoom starts a return from a breakout room: give up a join in flight,
// hang up the room's call and every other breakout call still up, oldest
// first (C4), bring the main call back (R12, R14, R15).
func (s *step) leaveRoom(restore bool) {
	if i := s.f.callWithRole(roleJoining); i >= 0 {
		s.hangUp(i)
	}
	if i := s.f.callWithRole(roleCurrent); i >= 0 {
		s.hangUp(i)
	}
	s.hangUpStrays()
	if restore {
		s.restoreMain()
	}
	s.clearSettings()
	s.f.pending = settingsFacts{}
	s.disarmAutoMove()
	s.withdrawRoomNotes()
}

// giveUpNewJoin gives up a re-assigned join in flight (R13).
func (s *step) giveUpNewJoin() {
	if i := s.f.callWithRole(roleJoining); i >= 0 {
		s.hangUp(i)
	}
	s.f.pending = settingsFacts{}
}

// voluntaryReturn records R16: a return while the assigned room is open.
func (s *step) voluntaryReturn() {
	s.f.returnedEarly = s.f.room != nil && s.f.room.State == RoomOpen
}

// backInMain is R18: the main call is back.
func (s *step) backInMain() {
	s.withdraw(NotifyClosed)
	if s.f.autoMoveOnReturn && s.f.room != nil && s.f.room.State == RoomOpen && s.f.room.AutoMove && !s.f.returnedEarly {
		s.schedule(TimerAutoMove, s.now.add(s.cfg.AutoMoveDelay))
	}
	s.f.autoMoveOnReturn = false
}

// recordSettings is R11 for the breakout call in force (arm is true) or for
// the one being joined (arm is false: it arms no timer until it connects).
func (s *step) recordSettings(dst *settingsFacts, in *Settings, arm bool) {
	if in == nil {
		*dst = settingsFacts{}
		if arm {
			s.cancel(TimerClosingSoon)
			s.cancel(TimerRoomEnd)
		}
		return
	}
	if dst.value != nil && sameSettings(dst.value, in) {
		return
	}
	*dst = settingsFacts{value: in}
	switch in.EndKind {
	case EndTimeString, EndTimeAttempt:
		dst.hasEnd, dst.end = true, instantOf(in.EndAt)
	case EndTimeDelta:
		dst.hasEnd, dst.end = true, s.now.add(in.Delta)
	}
	if arm {
		s.armSettings(dst)
	}
}

// armSettings sets the closingSoon and roomEnd timers for settings in force.
func (s *step) armSettings(st *settingsFacts) {
	if !st.hasEnd {
		s.cancel(TimerClosingSoon)
		s.cancel(TimerRoomEnd)
		return
	}
	soon := st.end.add(-closingSoonLead)
	if !s.now.before(soon) {
		s.cancel(TimerClosingSoon)
		s.show(NotifyClosingSoon)
	} else {
		s.schedule(TimerClosingSoon, soon)
	}
	s.schedule(TimerRoomEnd, st.end.add(s.cfg.RoomEndGrace))
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
