package proptest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// model is the reference model: a deliberately plain implementation of the
// behaviour of record (docs/RULES.md, R1–R25), written from the rules' text and,
// where the text is silent, from the decisions of docs/ARCHITECTURE.md. It
// shares nothing with the engine but the input and output types: no table, no
// guards, no fine states. Each input is one case of a switch, then one case
// per phase, in the words of the rule it follows.
//
// Its facts are kept the way a reader of docs/RULES.md §1 would keep them: the
// assignment, the settings of the breakout call in force and of one being
// joined, the notifications shown, the main call and the effects on it in
// flight (counted, since the host reports every effect it carried out), the
// breakout calls, returnedEarly and the timers.
//
// A model is not safe for concurrent use.
type model struct {
	cfg  lifecycle.Config
	gate *expectation // R1: the refusal every input gets, or nil

	phase phase
	room  *lifecycle.Room // the assignment, nil when none

	settings     breakoutSettings // of the breakout call in force
	nextSettings breakoutSettings // of the call being joined in a re-assignment (R13)

	shown [notificationSlots]bool

	main    mainState
	holds   []int  // holdMain effects in flight, oldest first: the id of the call whose join each was made for
	hangUps int    // hangUpMain effects in flight
	rejoins int    // rejoinMain effects in flight
	resumes []bool // resumeMain effects in flight, oldest first: issued by a return (§5 wraps their failure in 46261)

	calls []*modelCall // the breakout calls, oldest first
	seq   int          // numbers the breakout effects, to find the oldest in flight

	visitJoin int // the call id of the join from the main meeting that began this stay in a room (R7)

	returnedEarly bool // R16
	announced     bool // R18: an open auto-move assignment arrived while returning

	timers [timerSlots]pendingTimer
	now    time.Time

	callID       string
	rooms        []lifecycle.Room
	roomsDefined bool

	out *modelStep // the input being applied, while it is
}

// phase is where the participant is, in the rules' own words.
type phase uint8

const (
	phaseInvalid   phase = iota
	phaseHome            // in the main meeting: position main, or assigned while a room is assigned
	phaseJoining         // joining a room from the main meeting (R3, R5, R10)
	phaseRoom            // in a breakout room; a re-assignment may wait, or its join be in flight (R13)
	phaseReturning       // on the way back to the main meeting (R12, R14, R15, R19)
	phaseLeft            // left the meeting (R22)
	phaseGated           // no breakout rooms in this call (R1)
)

var phaseNames = [...]string{"invalid", "home", "joining", "room", "returning", "left", "gated"}

func (p phase) String() string { return phaseNames[p] }

// mainState is what the main meeting call is doing (docs/RULES.md §1).
type mainState uint8

const (
	mainConnected mainState = iota
	mainHolding
	mainHeld
	mainHungUp
	mainResuming
	mainRejoining
)

var mainNames = [...]string{"connected", "holding", "held", "hungUp", "resuming", "rejoining"}

func (s mainState) String() string { return mainNames[s] }

func (s mainState) onHold() bool { return s == mainHolding || s == mainHeld }

// callRole is what a breakout call is to the participant. The order is the
// order §3 hangs calls up in: the call being joined, the current room's, a
// previous room's, then any other left up (R13).
type callRole uint8

const (
	roleJoining  callRole = iota + 1 // the room being joined
	roleCurrent                      // the room the participant is in
	rolePrevious                     // the room left by a re-assignment, until hangUpPrevious (R13)
	roleGone                         // given up, left or failed: hung up or to be hung up
)

// modelCall is one breakout call. It is up from its join until its hang-up
// succeeds or its join fails (§1).
type modelCall struct {
	thread string
	role   callRole
	id     int // the number of the join that started it
	up     bool
	join   int // number of the join in flight, 0 when none
	hang   int // number of the hang-up in flight, 0 when none
}

func (c *modelCall) tracked() bool { return c.up || c.join != 0 || c.hang != 0 }

// maxFailedHangUps is C8 (R5): the bound this project puts on breakout
// calls, counted over the calls left up by a failed hang-up only; a join
// that finds that many is refused.
const maxFailedHangUps = 8

// maxMainInFlight is the project's bound on the effects of one kind on the
// main call in flight: a join from the main meeting that finds that many is
// refused (R5), as C8 refuses one that finds too many failed calls.
const maxMainInFlight = 250

// leftUpByFailedHangUp reports whether a call was given up (or left) and is
// still up with no hang-up in flight: its hang-up failed.
func (c *modelCall) leftUpByFailedHangUp() bool { return c.role == roleGone && c.up && c.hang == 0 }

// breakoutSettings are one breakout call's settings with their end time.
type breakoutSettings struct {
	set    bool
	value  lifecycle.Settings
	hasEnd bool
	end    time.Time
}

// returnAllowed is R15's guard: disableReturnToMainMeeting exactly false.
func (s *breakoutSettings) returnAllowed() bool {
	return s.set && s.value.HasDisableReturn && !s.value.DisableReturn
}

type pendingTimer struct {
	set bool
	at  time.Time
}

const (
	timerSlots        = 5 // lifecycle.Timer values 1–4
	notificationSlots = 8 // lifecycle.Notification values 1–7
)

// closingSoonLead is R11's 30 s.
const closingSoonLead = 30 * time.Second

// expectation is what the model says an input does.
type expectation struct {
	Position lifecycle.Position
	Effects  []lifecycle.Effect
	Err      *expectedError
	Refused  bool
	// Fired are the timers a tick fired, in order.
	Fired []lifecycle.Timer
	// MoveRefused says a timer's move was refused (C8: too many calls left
	// up by failed hang-ups): the timer fired and nothing else happened.
	MoveRefused bool
}

// expectedError is the error the model expects: an SDK subcode or a project
// kind, whether §5 wraps it in 46261, and the rule that names it (R25).
type expectedError struct {
	Kind    errcodes.Kind
	Subcode errcodes.Subcode
	Wrapped bool
	Rule    errcodes.Rule
}

func (e *expectedError) String() string {
	if e == nil {
		return "none"
	}
	var b strings.Builder
	if e.Kind == errcodes.KindSDK {
		fmt.Fprintf(&b, "%d", e.Subcode)
	} else {
		b.WriteString(e.Kind.Error())
	}
	if e.Wrapped {
		b.WriteString(" wrappedBy=46261")
	}
	b.WriteString(" " + e.Rule.String())
	return b.String()
}

// Matches reports whether an engine error is the one expected: the same
// subcode or kind, the same wrapping and the same rule.
func (e *expectedError) Matches(got *errcodes.Error) bool {
	if e == nil || got == nil {
		return e == nil && got == nil
	}
	wrapped := got.WrappedBy == errcodes.ReturnToMainMeetingFailed
	return got.Kind == e.Kind && got.Subcode == e.Subcode && wrapped == e.Wrapped && got.Rule == e.Rule
}

func sdkError(s errcodes.Subcode, rule errcodes.Rule) *expectedError {
	return &expectedError{Kind: errcodes.KindSDK, Subcode: s, Rule: rule}
}

func kindError(k errcodes.Kind, rule errcodes.Rule) *expectedError {
	return &expectedError{Kind: k, Rule: rule}
}

// newModel is the reference model of a participant created with cfg. An
// invalid config is the caller's mistake: the model then refuses everything
// as unknownInput, which no engine config can be compared with.
func newModel(cfg lifecycle.Config) *model {
	m := &model{cfg: cfg, phase: phaseHome}
	switch {
	case cfg.Role != lifecycle.Attendee && cfg.Role != lifecycle.Manager,
		cfg.Meeting != lifecycle.MeetingTeams && cfg.Meeting != lifecycle.MeetingOther,
		cfg.AutoMoveDelay < 0, cfg.HangUpDelay < 0, cfg.RoomEndGrace < 0:
		m.gate = &expectation{Position: lifecycle.PositionMain, Refused: true, Err: kindError(errcodes.UnknownInput, rule.R1)}
		m.phase = phaseGated
	case !cfg.FeatureEnabled: // R1: checked first, as the SDK does
		m.gate = &expectation{Position: lifecycle.PositionMain, Refused: true, Err: sdkError(errcodes.Disabled, rule.R1)}
		m.phase = phaseGated
	case cfg.Meeting != lifecycle.MeetingTeams:
		m.gate = &expectation{Position: lifecycle.PositionMain, Refused: true, Err: sdkError(errcodes.OnlyAvailableInMeetings, rule.R1)}
		m.phase = phaseGated
	}
	return m
}

// Config is the model's config.
func (m *model) Config() lifecycle.Config { return m.cfg }

// Position is where the participant is, derived from the phase and the calls.
func (m *model) Position() lifecycle.Position {
	switch m.phase {
	case phaseHome:
		if m.room != nil {
			return lifecycle.PositionAssigned
		}
		return lifecycle.PositionMain
	case phaseJoining:
		return lifecycle.PositionJoining
	case phaseRoom:
		if m.callWith(roleJoining) != nil {
			return lifecycle.PositionJoining // R13: the new join is in flight
		}
		return lifecycle.PositionInRoom
	case phaseReturning:
		return lifecycle.PositionReturning
	case phaseLeft:
		return lifecycle.PositionLeft
	}
	return lifecycle.PositionMain // R1
}

// Left reports whether the participant has left (R22).
func (m *model) Left() bool { return m.phase == phaseLeft }

// Gated reports whether R1 refuses every input.
func (m *model) Gated() bool { return m.gate != nil }

// Now is the time of the last input the model accepted.
func (m *model) Now() time.Time { return m.now }

// Assignment is the assigned room, if any.
func (m *model) Assignment() (lifecycle.Room, bool) {
	if m.room == nil {
		return lifecycle.Room{}, false
	}
	return *m.room, true
}

// CurrentThread is the threadId of the room the participant is in, or "".
func (m *model) CurrentThread() string {
	if c := m.callWith(roleCurrent); c != nil {
		return c.thread
	}
	return ""
}

// PendingTimers lists the timers pending with when they fall due, in
// firing order, as schedule effects.
func (m *model) PendingTimers() []lifecycle.Effect {
	var out []lifecycle.Effect
	for _, t := range lifecycle.AllTimers() {
		if p := m.timers[t]; p.set {
			out = append(out, lifecycle.Effect{Kind: lifecycle.EffectSchedule, Timer: t, At: p.at})
		}
	}
	return out
}

// ActiveNotifications lists the notifications shown and not withdrawn.
func (m *model) ActiveNotifications() []lifecycle.Notification {
	var out []lifecycle.Notification
	for _, n := range lifecycle.AllNotifications() {
		if m.shown[n] {
			out = append(out, n)
		}
	}
	return out
}

// InFlight lists the outcomes a host could report now: one input per effect
// in flight, oldest breakout effect first, breakout outcomes naming their
// threadId.
func (m *model) InFlight() []lifecycle.Input {
	var out []lifecycle.Input
	add := func(n int, k lifecycle.InputKind) {
		for range n {
			out = append(out, lifecycle.Input{Kind: k})
		}
	}
	add(len(m.holds), lifecycle.InputHoldMainOK)
	add(m.hangUps, lifecycle.InputHangUpMainOK)
	add(len(m.resumes), lifecycle.InputResumeMainOK)
	add(m.rejoins, lifecycle.InputRejoinMainOK)
	type pending struct {
		seq int
		in  lifecycle.Input
	}
	var bs []pending
	for _, c := range m.calls {
		if c.join != 0 {
			bs = append(bs, pending{c.join, lifecycle.Input{Kind: lifecycle.InputJoinBreakoutOK, ThreadID: c.thread}})
		}
		if c.hang != 0 {
			bs = append(bs, pending{c.hang, lifecycle.Input{Kind: lifecycle.InputHangUpBreakoutOK, ThreadID: c.thread}})
		}
	}
	slices.SortFunc(bs, func(a, b pending) int { return a.seq - b.seq })
	for _, p := range bs {
		out = append(out, p.in)
	}
	return out
}

// MainInFlight is how many effects of each kind on the main call are in
// flight: holdMain, hangUpMain, resumeMain, rejoinMain.
func (m *model) MainInFlight() (holds, hangUps, resumes, rejoins int) {
	return len(m.holds), m.hangUps, len(m.resumes), m.rejoins
}

// ReturnAllowed reports whether R15's guard lets the participant leave a room.
func (m *model) ReturnAllowed() bool { return m.settings.returnAllowed() }

// String describes the model's facts on one line, for failure messages.
func (m *model) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "phase=%s position=%s", m.phase, m.Position())
	if m.room != nil {
		fmt.Fprintf(&b, " room=%s/%s/auto=%v", m.room.ThreadID, m.room.State, m.room.AutoMove)
	}
	fmt.Fprintf(&b, " main=%s holds=%v hangUps=%d resumes=%v rejoins=%d", m.main, m.holds, m.hangUps, m.resumes, m.rejoins)
	for _, c := range m.calls {
		fmt.Fprintf(&b, " call{%s role=%d up=%v join=%d hang=%d}", c.thread, c.role, c.up, c.join, c.hang)
	}
	if m.settings.set {
		fmt.Fprintf(&b, " settings{allowed=%v end=%v}", m.settings.returnAllowed(), m.settings.hasEnd)
	}
	if m.nextSettings.set {
		b.WriteString(" nextSettings")
	}
	fmt.Fprintf(&b, " early=%v announced=%v timers=%v notes=%v", m.returnedEarly, m.announced, m.PendingTimers(), m.ActiveNotifications())
	return b.String()
}

// clone copies the model deeply enough that applying an input to the copy
// leaves the original as it was.
func (m *model) clone() *model {
	c := *m
	c.resumes = slices.Clone(m.resumes)
	c.holds = slices.Clone(m.holds)
	c.calls = make([]*modelCall, len(m.calls))
	for i, call := range m.calls {
		cc := *call
		c.calls[i] = &cc
	}
	c.out = nil
	return &c
}

// Clone returns an independent copy of the model.
func (m *model) Clone() *model { return m.clone() }

// modelStep collects what one input does, so that the effects can be written
// in §3's order once the input is done: cancels, call effects, schedules,
// dismissals, notifications, with timers and notifications as the net change
// over the whole input.
type modelStep struct {
	timersBefore [timerSlots]pendingTimer
	shownBefore  [notificationSlots]bool
	fired        [timerSlots]bool
	calls        []lifecycle.Effect
	showOrder    []lifecycle.Notification
	shownAgain   [notificationSlots]bool // C1: notified even though active before
	firedOrder   []lifecycle.Timer
	moveRefused  bool
}

// Apply takes one input at time now and says what it does. A refused input
// changes nothing.
func (m *model) Apply(in lifecycle.Input, now time.Time) expectation {
	if m.gate != nil {
		return *m.gate
	}
	refuse := func(e *expectedError) expectation {
		return expectation{Position: m.Position(), Refused: true, Err: e}
	}
	if m.phase == phaseLeft { // R22: every later input, readable or not
		return refuse(kindError(errcodes.ParticipantLeft, rule.R22))
	}
	if now.Before(m.now) { // ARCHITECTURE.md decision 13
		return refuse(kindError(errcodes.UnknownInput, rule.R24))
	}
	if !hostInput(in.Kind) {
		return refuse(kindError(errcodes.UnknownInput, rule.R24))
	}
	if in.ThreadID != "" && !namesBreakoutCall(in.Kind) { // §7: threadId only on the two breakout ops
		return refuse(kindError(errcodes.UnknownInput, rule.R24))
	}
	if !readable(&in) { // R24: the decoder would not have produced it
		return refuse(sdkError(errcodes.UpdateFailed, rule.R24))
	}

	w := m.clone()
	w.out = &modelStep{timersBefore: m.timers, shownBefore: m.shown}
	var err *expectedError
	var refused bool
	if in.Kind == lifecycle.InputTick {
		w.now = now
		w.tick()
	} else {
		w.now = now
		err, refused = w.take(in)
	}
	if refused {
		return refuse(err)
	}
	if w.phase != phaseJoining && w.phase != phaseRoom {
		w.visitJoin = 0 // the stay that began with a join from the main meeting is over
	}
	w.forgetFinishedCalls()
	effects, fired, moveRefused := w.effects(), w.out.firedOrder, w.out.moveRefused
	w.out = nil
	*m = *w
	return expectation{Position: m.Position(), Effects: effects, Err: err, Fired: fired, MoveRefused: moveRefused}
}

// hostInput reports whether an input kind is one a host gives a machine:
// everything but the timer firings, which only a tick produces.
func hostInput(k lifecycle.InputKind) bool {
	switch {
	case k.IsSDKEvent(), k.IsAction(), k.IsOutcome():
		return true
	}
	return k == lifecycle.InputTick || k == lifecycle.InputMeetingEnded
}

func namesBreakoutCall(k lifecycle.InputKind) bool {
	switch k {
	case lifecycle.InputJoinBreakoutOK, lifecycle.InputJoinBreakoutFailed,
		lifecycle.InputHangUpBreakoutOK, lifecycle.InputHangUpBreakoutFailed:
		return true
	}
	return false
}

// readable reports whether an SDK input is one the decoder could produce
// (R24): rooms with a threadId and a state, a join event with an id.
func readable(in *lifecycle.Input) bool {
	okRoom := func(r *lifecycle.Room) bool {
		return r.ThreadID != "" && (r.State == lifecycle.RoomOpen || r.State == lifecycle.RoomClosed)
	}
	switch in.Kind {
	case lifecycle.InputAssignedRoom:
		return in.Room == nil || okRoom(in.Room)
	case lifecycle.InputRoomList:
		for i := range in.Rooms {
			if !okRoom(&in.Rooms[i]) {
				return false
			}
		}
	case lifecycle.InputJoinEvent:
		return in.CallID != ""
	}
	return true
}

// effects writes the step's effects in §3's order.
func (m *model) effects() []lifecycle.Effect {
	s := m.out
	var out []lifecycle.Effect
	for _, t := range lifecycle.AllTimers() {
		before, after := s.timersBefore[t], m.timers[t]
		if before.set && !s.fired[t] && (!after.set || !after.at.Equal(before.at)) {
			out = append(out, lifecycle.Effect{Kind: lifecycle.EffectCancel, Timer: t})
		}
	}
	out = append(out, s.calls...)
	for _, t := range lifecycle.AllTimers() {
		before, after := s.timersBefore[t], m.timers[t]
		if after.set && (s.fired[t] || !before.set || !after.at.Equal(before.at)) {
			out = append(out, lifecycle.Effect{Kind: lifecycle.EffectSchedule, Timer: t, At: after.at})
		}
	}
	for _, n := range lifecycle.AllNotifications() {
		if s.shownBefore[n] && !m.shown[n] {
			out = append(out, lifecycle.Effect{Kind: lifecycle.EffectDismiss, Target: n})
		}
	}
	for _, n := range s.showOrder {
		if (!s.shownBefore[n] || s.shownAgain[n]) && m.shown[n] {
			out = append(out, lifecycle.Effect{Kind: lifecycle.EffectNotify, Target: n})
		}
	}
	return out
}

// --- small helpers, in the rules' words ---

func (m *model) emit(k lifecycle.EffectKind, thread string) {
	m.out.calls = append(m.out.calls, lifecycle.Effect{Kind: k, ThreadID: thread})
}

func (m *model) schedule(t lifecycle.Timer, at time.Time) {
	m.timers[t] = pendingTimer{set: true, at: clampTime(at)}
}

// The span of times RFC 3339 can write, years 0000 to 9999: decision 13
// reads a time beyond it as its last instant.
var (
	firstTime = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	lastTime  = time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC)
)

func clampTime(t time.Time) time.Time {
	switch {
	case t.Before(firstTime):
		return firstTime
	case t.After(lastTime):
		return lastTime
	}
	return t.UTC()
}

func (m *model) cancel(t lifecycle.Timer) { m.timers[t] = pendingTimer{} }

func (m *model) show(n lifecycle.Notification) {
	m.shown[n] = true
	if !slices.Contains(m.out.showOrder, n) {
		m.out.showOrder = append(m.out.showOrder, n)
	}
}

// showAgain shows n and notifies it even if it is active (C1).
func (m *model) showAgain(n lifecycle.Notification) {
	m.show(n)
	m.out.shownAgain[n] = true
}

func (m *model) withdraw(ns ...lifecycle.Notification) {
	for _, n := range ns {
		m.shown[n] = false
	}
}

// withdrawPrompts withdraws what §3 withdraws when a join starts, a room
// closes before the participant joined, or an assignment is removed.
func (m *model) withdrawPrompts() {
	m.withdraw(lifecycle.NotifyOpened, lifecycle.NotifyOpenedPromptJoin, lifecycle.NotifyChanged, lifecycle.NotifyChangedPromptJoin)
}

// withdrawRoomNotices withdraws what §3 withdraws when the participant leaves
// a room, or a join from the main meeting fails or is given up.
func (m *model) withdrawRoomNotices() {
	m.withdraw(lifecycle.NotifyJoined, lifecycle.NotifyClosingSoon)
}

func (m *model) callWith(r callRole) *modelCall {
	for _, c := range m.calls {
		if c.role == r && c.up {
			return c
		}
	}
	return nil
}

func (m *model) anyCallUp() bool {
	for _, c := range m.calls {
		if c.up {
			return true
		}
	}
	return false
}

// strays are R13's calls other than the current room's and the one being
// joined that are up and not being hung up: previous rooms' and those left
// up by a failed hang-up, oldest first (C4, C5).
func (m *model) strays() []*modelCall {
	var out []*modelCall
	for _, c := range m.calls { // oldest first: calls are kept in join order
		if (c.role == rolePrevious || c.role == roleGone) && c.up && c.hang == 0 {
			out = append(out, c)
		}
	}
	return out
}

// hangUp hangs up a breakout call, unless it is down or its hang-up is
// already in flight.
func (m *model) hangUp(c *modelCall) {
	if c == nil {
		return
	}
	c.role = roleGone
	if !c.up || c.hang != 0 {
		return
	}
	m.seq++
	c.hang = m.seq
	m.emit(lifecycle.EffectHangUpBreakout, c.thread)
}

func (m *model) hangUpStrays() {
	for _, c := range m.strays() {
		m.hangUp(c)
	}
}

// startCall starts tracking a breakout call being joined; ok is false when
// C8's bound refuses it.
func (m *model) startCall(thread string) (*modelCall, bool) {
	failed := 0
	for _, c := range m.calls {
		if c.leftUpByFailedHangUp() {
			failed++
		}
	}
	if failed >= maxFailedHangUps {
		return nil, false
	}
	m.seq++
	c := &modelCall{thread: thread, role: roleJoining, id: m.seq, up: true, join: m.seq}
	m.calls = append(m.calls, c)
	return c, true
}

func (m *model) forgetFinishedCalls() {
	m.calls = slices.DeleteFunc(m.calls, func(c *modelCall) bool { return !c.tracked() })
}

// holdMain puts the main call on hold for the join of call c, unless it is
// on hold already.
func (m *model) holdMain(c *modelCall) {
	if m.main.onHold() {
		return
	}
	m.main = mainHolding
	m.holds = append(m.holds, c.id)
	m.emit(lifecycle.EffectHoldMain, "")
}

func (m *model) resumeMain(byReturn bool) {
	m.main = mainResuming
	m.resumes = append(m.resumes, byReturn)
	m.emit(lifecycle.EffectResumeMain, "")
}

func (m *model) rejoinMain() {
	m.main = mainRejoining
	m.rejoins++
	m.emit(lifecycle.EffectRejoinMain, "")
}

func (m *model) hangUpMain() {
	m.main = mainHungUp
	m.hangUps++
	m.emit(lifecycle.EffectHangUpMain, "")
}

// bringMainBack is the main-call half of a return (R12, R15): an attendee's
// hung-up call is rejoined as a new call; a held one (a manager's, or an
// attendee's whose hang-up failed, R9a) is resumed; one already on its way
// back is left alone, and so is a connected one (C2: its hold failed).
func (m *model) bringMainBack() {
	switch m.main {
	case mainHungUp:
		m.rejoinMain()
	case mainHolding, mainHeld:
		m.resumeMain(true)
	}
}

// redoMain is R19's retry for the main call: re-issue what is missing.
func (m *model) redoMain() {
	switch m.main {
	case mainHungUp:
		m.rejoinMain()
	case mainHolding, mainHeld:
		m.resumeMain(true)
	}
}

func (m *model) armAutoMove() {
	if m.phase == phaseReturning { // R18: announced now, moved on arrival
		m.announced = true
		return
	}
	m.schedule(lifecycle.TimerAutoMove, m.now.Add(m.cfg.AutoMoveDelay))
}

func (m *model) disarmAutoMove() {
	m.cancel(lifecycle.TimerAutoMove)
	m.announced = false
}

// dropSettings forgets the settings in force and their timers.
func (m *model) dropSettings() {
	m.settings = breakoutSettings{}
	m.cancel(lifecycle.TimerClosingSoon)
	m.cancel(lifecycle.TimerRoomEnd)
}

// armSettings sets R11's timers for the settings in force.
func (m *model) armSettings() {
	s := &m.settings
	if !s.hasEnd {
		m.cancel(lifecycle.TimerClosingSoon)
		m.cancel(lifecycle.TimerRoomEnd)
		return
	}
	soon := s.end.Add(-closingSoonLead)
	if !soon.After(m.now) { // 30 s or less are left
		m.cancel(lifecycle.TimerClosingSoon)
		m.show(lifecycle.NotifyClosingSoon)
	} else {
		m.schedule(lifecycle.TimerClosingSoon, soon)
	}
	m.schedule(lifecycle.TimerRoomEnd, s.end.Add(m.cfg.RoomEndGrace))
}

// record is R11 for one breakout call's settings.
func (m *model) record(dst *breakoutSettings, in *lifecycle.Settings, arm bool) {
	if in == nil {
		*dst = breakoutSettings{}
		if arm {
			m.cancel(lifecycle.TimerClosingSoon)
			m.cancel(lifecycle.TimerRoomEnd)
		}
		return
	}
	if dst.set && sameSettingsJSON(&dst.value, in) { // the SDK repeats them
		return
	}
	*dst = breakoutSettings{set: true, value: *in}
	switch in.EndKind {
	case lifecycle.EndTimeString, lifecycle.EndTimeAttempt:
		dst.hasEnd, dst.end = true, clampTime(in.EndAt)
	case lifecycle.EndTimeDelta:
		dst.hasEnd, dst.end = true, clampTime(m.now.Add(in.Delta))
	}
	if arm {
		m.armSettings()
	}
}

// sameSettingsJSON compares settings by their JSON values, as R11 says.
func sameSettingsJSON(a, b *lifecycle.Settings) bool {
	if a.HasDisableReturn != b.HasDisableReturn || (a.HasDisableReturn && a.DisableReturn != b.DisableReturn) {
		return false
	}
	if a.EndKind != b.EndKind {
		return false
	}
	switch a.EndKind {
	case lifecycle.EndTimeString:
		return a.EndText == b.EndText
	case lifecycle.EndTimeAttempt, lifecycle.EndTimeDelta:
		return a.EndNumber == b.EndNumber
	}
	return true
}

// sameRoomEvent reports whether an event repeats the assigned room exactly
// (R4a: "an identical event").
func sameRoomEvent(a, b *lifecycle.Room) bool {
	return a.ThreadID == b.ThreadID && a.State == b.State &&
		a.HasAutoMove == b.HasAutoMove && a.AutoMove == b.AutoMove &&
		a.HasDisplayName == b.HasDisplayName && a.DisplayName == b.DisplayName &&
		a.HasInvitees == b.HasInvitees && slices.Equal(a.Invitees, b.Invitees)
}

func copyRoom(r *lifecycle.Room) *lifecycle.Room {
	if r == nil {
		return nil
	}
	c := *r
	return &c
}

func isOpen(r *lifecycle.Room) bool { return r != nil && r.State == lifecycle.RoomOpen }
