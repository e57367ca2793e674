package lifecycle

import (
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/policy"
)

// Effect is one thing the host must do, in order.
type Effect struct {
	Kind EffectKind
	// ThreadID names the breakout room of joinBreakout and hangUpBreakout.
	ThreadID string
	// Target is the notification of notify and dismiss.
	Target Notification
	// Timer and At are the timer of schedule and cancel, and when a scheduled
	// timer falls due.
	Timer Timer
	At    time.Time
}

// Result is what one input did.
type Result struct {
	Position Position
	State    State
	// Effects are the host's orders, in order. Apply's slice belongs to the
	// machine and is valid until its next input; ApplyTo's is the caller's
	// buffer. Copy it to keep it.
	Effects []Effect
	// Err is the refusal (nothing changed) or the failure report (the input
	// was taken) of the input, or nil.
	Err *errcodes.Error
	// Refused is true when the input was not accepted and nothing changed.
	Refused bool
}

// mainCall is what the main meeting call is doing.
type mainCall uint8

const (
	mainConnected mainCall = iota
	mainHolding
	mainHeld
	mainHungUp
	mainResuming
	mainRejoining
)

var mainCallNames = [...]string{"connected", "holding", "held", "hungUp", "resuming", "rejoining"}

func (m mainCall) String() string {
	if int(m) < len(mainCallNames) {
		return mainCallNames[m]
	}
	return "invalid"
}

// mainOp is an effect on the main call; mainInFlight counts those in flight.
type mainOp uint8

const (
	opHold mainOp = iota
	opResume
	opHangUp
	opRejoin
	mainOpCount
)

var mainOpNames = [mainOpCount]string{"holdMain", "resumeMain", "hangUpMain", "rejoinMain"}

// callRole is what a breakout call is to the participant.
type callRole uint8

const (
	roleCurrent  callRole = iota + 1 // the room the participant is in
	roleJoining                      // the room being joined
	rolePrevious                     // the room left by a re-assignment, hung up by the hangUpPrevious timer
	roleLeaving                      // given up or left: hung up, or to be hung up
)

var callRoleNames = [...]string{"invalid", "current", "joining", "previous", "leaving"}

func (r callRole) String() string {
	if int(r) < len(callRoleNames) {
		return callRoleNames[r]
	}
	return "invalid"
}

// breakoutCall is one breakout call, from its join until it is down and no
// effect on it is in flight.
type breakoutCall struct {
	thread      string
	role        callRole
	up          bool // joined and neither hung up nor failed
	connected   bool
	joinPending bool
	hangPending bool
	joinSeq     uint32
	hangSeq     uint32
}

// issued counts an effect on the main call in flight.
func (f *facts) issued(op mainOp) {
	if f.mainInFlight[op] < 255 {
		f.mainInFlight[op]++
	}
}

// answered takes an outcome of an effect on the main call.
func (f *facts) answered(op mainOp) {
	if f.mainInFlight[op] > 0 {
		f.mainInFlight[op]--
	}
	if op == opHold && f.mainInFlight[op] == 0 {
		f.activeHold = false
	}
}

func (f *facts) inFlight(op mainOp) bool { return f.mainInFlight[op] > 0 }

// pushResume counts a resumeMain in flight and whether a return issued it.
func (f *facts) pushResume(byReturn bool) {
	if n := f.mainInFlight[opResume]; n < 8 && byReturn {
		f.resumeByReturn |= 1 << n
	}
	f.issued(opResume)
}

// popResume takes the outcome of the oldest resumeMain in flight and reports
// whether a return issued it.
func (f *facts) popResume() bool {
	byReturn := f.resumeByReturn&1 != 0
	f.resumeByReturn >>= 1
	f.answered(opResume)
	return byReturn
}

// maxCalls bounds the breakout calls a machine tracks at once: the previous,
// current and joining rooms' calls, and a few left up by failed hang-ups.
const maxCalls = 6

// settingsFacts are a breakout call's settings, with the end time resolved.
// The Settings are the accepted input's, held by reference (Input says they
// must not change afterwards); nil means none.
type settingsFacts struct {
	value  *Settings
	end    instant
	hasEnd bool
}

func (s *settingsFacts) present() bool { return s.value != nil }

// core is the part of the facts every machine holds in itself: enough for a
// participant in the main meeting or assigned a room, with its autoMove
// timer. A Machine is kept small so that a host can hold a great many (see
// docs/BENCHMARKS.md); what only a join, a room, a switch or a manager's room
// list needs is in rare, which lives outside the machine while it is needed.
type core struct {
	room     *Room         // the assigned room, held by reference; nil when unassigned
	settings settingsFacts // of the breakout call in force
	autoAt   instant       // when the autoMove timer falls due, if it is pending

	generation   uint32
	seq          uint32
	mainInFlight [mainOpCount]uint8
	main         mainCall
	notes        uint8 // active notifications, bit n = Notification n
	timerSet     uint8 // bit t = Timer t pending
	// activeHold: the newest holdMain in flight belongs to the join being
	// made now (or the room it connected to), not to a join given up.
	activeHold bool
	// resumeByReturn says, for each resumeMain in flight, oldest first (bit
	// 0), whether a return issued it: its failure is then re-thrown as 46261
	// (§5).
	resumeByReturn   uint8
	returnedEarly    bool
	autoMoveOnReturn bool

	// st and full belong to the Machine, not to the facts a step works on:
	// they sit here only to share the struct's padding.
	st   State
	full bool // the machine's rare facts are in use (in Machine.x)
}

// rare is the part of the facts a machine needs only while breakout calls
// are tracked, a re-assignment is under way, a timer other than autoMove is
// pending, or a join event or a room list was received.
type rare struct {
	pending settingsFacts // of the call being joined in a re-assignment (R13)
	calls   [maxCalls]breakoutCall
	ncalls  int
	timerAt [timerEnd]instant // of every timer but autoMove (core.autoAt)

	callID      string
	rooms       []Room
	hasRoomList bool
}

// empty reports whether the rare facts hold nothing: the machine does not
// need them kept.
func (r *rare) empty() bool {
	return r.ncalls == 0 && r.pending.value == nil && r.callID == "" && r.rooms == nil && !r.hasRoomList
}

// facts is the extended state of a participant machine, as an input's step
// works on it: a plain value, copied from the machine and written back when
// the input is accepted. The strings, slices and pointers it holds are
// shared and never modified in place.
type facts struct {
	core
	rare
}

// at is when timer t falls due, if it is pending.
func (f *facts) at(t Timer) instant {
	if t == TimerAutoMove {
		return f.autoAt
	}
	return f.timerAt[t]
}

func (f *facts) setAt(t Timer, at instant) {
	if t == TimerAutoMove {
		f.autoAt = at
		return
	}
	f.timerAt[t] = at
}

// rareTimers are the timers whose times live in the rare facts.
const rareTimers = 1<<TimerHangUpPrevious | 1<<TimerClosingSoon | 1<<TimerRoomEnd

// extra is what a machine keeps outside itself, allocated when first needed.
type extra struct {
	rare
	// out is Apply's effect buffer, reused from input to input (ApplyTo
	// writes into the caller's instead).
	out []Effect
	// trace, when set, is told which table rows each input took.
	trace func(row int)
}

// Machine is the lifecycle of one local participant in one Teams meeting. It
// is a pure state machine: it reads no clock, starts no goroutine and does no
// I/O; the host gives it every input with the time, and carries out the
// effects it returns. A Machine is not safe for concurrent use.
//
// A machine in the main meeting or assigned a room is 112 bytes and holds
// nothing else of its own (its config is shared when it is one of the
// defaults); during a join, in a room and on the way back it also holds a few
// hundred bytes of call bookkeeping, released once it is back. Apply keeps
// an effect buffer per machine; ApplyTo uses the caller's, so that a host
// holding many machines needs one buffer, not one each.
type Machine struct {
	core
	cfg *Config
	x   *extra
	now instant
}

// sharedConfigs are the configs machines share instead of holding their own:
// every role, meeting kind and feature flag with the default delays.
var sharedConfigs = func() (out []Config) {
	for _, role := range []Role{Attendee, Manager} {
		for _, kind := range []MeetingKind{MeetingTeams, MeetingOther} {
			for _, on := range []bool{true, false} {
				c := DefaultConfig()
				c.Role, c.Meeting, c.FeatureEnabled = role, kind, on
				out = append(out, c)
			}
		}
	}
	return out
}()

// configRef is a pointer to a config equal to cfg: a shared one when there
// is one.
func configRef(cfg Config) *Config {
	for i := range sharedConfigs {
		if sharedConfigs[i] == cfg {
			return &sharedConfigs[i]
		}
	}
	own := new(Config)
	*own = cfg
	return own
}

// ext is the machine's extra part, allocated when first needed.
func (m *Machine) ext() *extra {
	if m.x == nil {
		m.x = new(extra)
	}
	return m.x
}

// facts is a copy of the machine's facts.
func (m *Machine) facts() facts {
	f := facts{core: m.core}
	if m.full {
		f.rare = m.x.rare
	}
	return f
}

// store writes accepted facts back: the core into the machine, the rare
// facts into its extra part, which is released once it holds nothing.
func (m *Machine) store(f *facts, st State) {
	full := !f.rare.empty() || f.timerSet&rareTimers != 0
	m.core = f.core
	m.st = st
	switch {
	case full:
		m.ext().rare = f.rare
		m.full = true
	case m.x != nil:
		m.full = false
		if m.x.out == nil && m.x.trace == nil {
			m.x = nil
		} else {
			m.x.rare = rare{}
		}
	default:
		m.full = false
	}
}

// gate is R1's refusal of every input by a machine that cannot exist, or nil.
func (m *Machine) gate() *errcodes.Error {
	if m.st != StateUnavailable {
		return nil
	}
	switch policy.Gate(m.cfg.Meeting == MeetingTeams, m.cfg.FeatureEnabled) {
	case policy.FeatureEnabled:
		return errFeatureDisabled
	case policy.TeamsMeeting:
		return errNotTeams
	}
	return nil
}

// New creates a participant machine. A config that is not valid is an error.
// A call that is not a Teams meeting, or one with the feature disabled, gets
// a machine in state unavailable that refuses every input with 46250 or
// 46251 (R1).
func New(cfg Config) (*Machine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := &Machine{cfg: configRef(cfg)}
	m.st = StateMain
	if policy.Gate(cfg.Meeting == MeetingTeams, cfg.FeatureEnabled) != policy.ConditionInvalid {
		m.st = StateUnavailable
	}
	return m, nil
}

// Validate reports what is wrong with a config, as an unknownInput error.
func (c Config) Validate() error {
	switch {
	case c.Role != Attendee && c.Role != Manager:
		return errcodes.NewKind(errcodes.UnknownInput, errcodes.R1, "config: role must be attendee or manager")
	case c.Meeting != MeetingTeams && c.Meeting != MeetingOther:
		return errcodes.NewKind(errcodes.UnknownInput, errcodes.R1, "config: meeting kind must be teams or other")
	case c.AutoMoveDelay < 0, c.HangUpDelay < 0, c.RoomEndGrace < 0:
		return errcodes.NewKind(errcodes.UnknownInput, errcodes.R1, "config: delays must not be negative")
	}
	return nil
}

// Config is the machine's config.
func (m *Machine) Config() Config { return *m.cfg }

// State is the machine's fine state.
func (m *Machine) State() State { return m.st }

// Position is the machine's position.
func (m *Machine) Position() Position { return m.st.Position() }

// Now is the time of the last input the machine took (zero before any).
func (m *Machine) Now() time.Time { return m.now.Time() }

// Assignment is the assigned room, if any.
func (m *Machine) Assignment() (Room, bool) {
	if m.room == nil {
		return Room{}, false
	}
	return *m.room, true
}

// CurrentRoom is the threadId of the room whose breakout call the
// participant is in (positions in_room, and joining during a re-assignment),
// if any. CheckInvariants guarantees there is at most one.
func (m *Machine) CurrentRoom() (string, bool) {
	if !m.full {
		return "", false
	}
	if i := m.x.callWithRole(roleCurrent); i >= 0 {
		return m.x.calls[i].thread, true
	}
	return "", false
}

// RoomList is the last list of all rooms a manager received (R23).
func (m *Machine) RoomList() ([]Room, bool) {
	if !m.full {
		return nil, false
	}
	return m.x.rooms, m.x.hasRoomList
}

// ActiveNotifications lists the notifications shown and not yet withdrawn.
func (m *Machine) ActiveNotifications() []Notification {
	var out []Notification
	for n := NotifyOpened; n < notificationEnd; n++ {
		if m.notes&(1<<n) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// PendingTimers lists the timers pending, with when they fall due, in firing order.
func (m *Machine) PendingTimers() []Effect {
	var out []Effect
	f := m.facts()
	for t := TimerAutoMove; t < timerEnd; t++ {
		if f.timerSet&(1<<t) != 0 {
			out = append(out, Effect{Kind: EffectSchedule, Timer: t, At: f.at(t).Time()})
		}
	}
	return out
}

// NextDue is when the earliest pending timer falls due: the host ticks then.
func (m *Machine) NextDue() (time.Time, bool) {
	var best instant
	ok := false
	f := m.facts()
	for t := TimerAutoMove; t < timerEnd; t++ {
		if f.timerSet&(1<<t) != 0 && (!ok || f.at(t).before(best)) {
			best, ok = f.at(t), true
		}
	}
	if !ok {
		return time.Time{}, false
	}
	return best.Time(), true
}

// SetTrace installs a function told the index of every table row an input
// takes (several for a tick). Use it to measure coverage; nil removes it.
func (m *Machine) SetTrace(f func(row int)) {
	if f == nil && m.x == nil {
		return
	}
	m.ext().trace = f
}

func (m *Machine) tracer() func(row int) {
	if m.x == nil {
		return nil
	}
	return m.x.trace
}

// Apply takes one input at time now. A refused input changes nothing. now
// must not go backwards. The effects are in a buffer the machine keeps (see
// Result.Effects); ApplyTo writes them into the caller's.
func (m *Machine) Apply(in Input, now time.Time) Result {
	var buf []Effect
	if m.x != nil {
		buf = m.x.out
	}
	res := m.ApplyTo(buf, in, now)
	if cap(res.Effects) > cap(buf) {
		m.ext().out = res.Effects[:0]
	}
	return res
}

// ApplyTo is Apply writing the effects into buf's backing array, from its
// start, and growing it only when it is too small: Result.Effects is that
// slice, and passing it back in reuses it. The machine keeps no reference to
// buf. A host that holds many machines and uses their effects before the
// next input gives all of them the same buffer.
func (m *Machine) ApplyTo(buf []Effect, in Input, now time.Time) Result {
	buf = buf[:0]
	if err := m.gate(); err != nil {
		return m.result(buf, err, true)
	}
	if m.st == StateLeft {
		return m.result(buf, m.refuseLeft(in.Kind), true)
	}
	t := instantOf(now)
	if t.before(m.now) {
		return m.result(buf, errClockBackwards, true)
	}
	if in.Kind == InputInvalid || in.Kind >= inputCount || in.Kind.IsTimer() {
		return m.result(buf, errUnknownInputKind, true)
	}
	if err := checkInput(&in); err != nil {
		return m.result(buf, err, true)
	}

	s := step{m: m, from: m.st, to: m.st, now: t, in: in, out: buf, trace: m.tracer()}
	s.f.core = m.core
	if m.full {
		s.f.rare = m.x.rare
	}
	s.notesBefore, s.timersBefore = m.notes, m.timerSet
	for tm := TimerAutoMove; tm < timerEnd; tm++ {
		s.atBefore[tm] = s.f.at(tm)
	}

	var err *errcodes.Error
	var refused bool
	if in.Kind == InputTick {
		s.tick()
	} else {
		err, refused = s.run(in.Kind)
	}
	if refused {
		return m.result(s.out[:0], err, true)
	}
	m.store(&s.f, s.to)
	m.now = t
	s.assemble()
	return m.result(s.out, err, false)
}

func (m *Machine) result(effects []Effect, err *errcodes.Error, refused bool) Result {
	return Result{Position: m.st.Position(), State: m.st, Effects: effects, Err: err, Refused: refused}
}

// refuseLeft is R22's refusal of every input once left, readable or not,
// whatever its time: the table's row for the input, or errLeft for an input
// the table does not take.
func (m *Machine) refuseLeft(k InputKind) *errcodes.Error {
	if k == InputInvalid || k >= inputCount || k == InputTick || k.IsTimer() {
		return errLeft
	}
	idx, row, ok := table.Step(StateLeft, k, 0)
	if !ok || !row.Action.IsRefusal() {
		return errLeft
	}
	if tr := m.tracer(); tr != nil {
		tr(idx)
	}
	return rowErrs[idx]
}

// checkInput refuses inputs whose fields do not fit their kind.
func checkInput(in *Input) *errcodes.Error {
	switch in.Kind {
	case InputAssignedRoom:
		if in.Room != nil && (in.Room.ThreadID == "" || (in.Room.State != RoomOpen && in.Room.State != RoomClosed)) {
			return errBadRoom
		}
	case InputJoinEvent:
		if in.CallID == "" {
			return errBadJoinEvent
		}
	case InputJoinBreakoutOK, InputJoinBreakoutFailed, InputHangUpBreakoutOK, InputHangUpBreakoutFailed:
	default:
		if in.ThreadID != "" {
			return errThreadOnOtherOp
		}
	}
	if in.Kind == InputRoomList {
		for i := range in.Rooms {
			r := &in.Rooms[i]
			if r.ThreadID == "" || (r.State != RoomOpen && r.State != RoomClosed) {
				return errBadRoom
			}
		}
	}
	return nil
}
