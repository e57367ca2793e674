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
	// Effects are the host's orders, in order. The slice belongs to the
	// machine and is valid until its next Apply: copy it to keep it.
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

// endTimes are a breakout call's settings, with the end time resolved.
type settingsFacts struct {
	present bool
	value   Settings
	hasEnd  bool
	end     instant
}

// facts is the extended state of a participant machine. It is a plain value:
// copying it copies everything but the strings and slices it shares, which
// are never modified in place.
type facts struct {
	assigned bool
	room     Room

	settings settingsFacts // of the breakout call in force
	pending  settingsFacts // of the call being joined in a re-assignment (R13)

	notes uint8 // active notifications, bit n = Notification n

	main         mainCall
	mainInFlight [mainOpCount]uint8
	// activeHold: the newest holdMain in flight belongs to the join being
	// made now (or the room it connected to), not to a join given up.
	activeHold bool
	// resumeByReturn says, for each resumeMain in flight, oldest first (bit
	// 0), whether a return issued it: its failure is then re-thrown as 46261
	// (§5).
	resumeByReturn uint8
	generation     uint32

	calls  [maxCalls]breakoutCall
	ncalls int
	seq    uint32

	returnedEarly    bool
	autoMoveOnReturn bool

	timerSet uint8 // bit t = Timer t pending
	timerAt  [timerEnd]instant

	callID      string
	rooms       []Room
	hasRoomList bool
}

// Machine is the lifecycle of one local participant in one Teams meeting. It
// is a pure state machine: it reads no clock, starts no goroutine and does no
// I/O; the host gives it every input with the time, and carries out the
// effects it returns. A Machine is not safe for concurrent use.
type Machine struct {
	cfg  Config
	gate *errcodes.Error
	st   State
	f    facts
	now  instant
	// out collects the effects of the input being applied; its backing array
	// is reused from input to input.
	out []Effect
	// scratch for assembling effects.
	calls []Effect
	shown [8]Notification
	nshow int
	fired uint8
	// trace, when set, is told which table rows each input took.
	trace func(row int)
}

// New creates a participant machine. A config that is not valid is an error.
// A call that is not a Teams meeting, or one with the feature disabled, gets
// a machine in state unavailable that refuses every input with 46250 or
// 46251 (R1).
func New(cfg Config) (*Machine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := &Machine{cfg: cfg, st: StateMain, out: make([]Effect, 0, 16), calls: make([]Effect, 0, 8)}
	switch policy.Gate(cfg.Meeting == MeetingTeams, cfg.FeatureEnabled) {
	case policy.FeatureEnabled:
		m.gate, m.st = errFeatureDisabled, StateUnavailable
	case policy.TeamsMeeting:
		m.gate, m.st = errNotTeams, StateUnavailable
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
func (m *Machine) Config() Config { return m.cfg }

// State is the machine's fine state.
func (m *Machine) State() State { return m.st }

// Position is the machine's position.
func (m *Machine) Position() Position { return m.st.Position() }

// Now is the time of the last input the machine took (zero before any).
func (m *Machine) Now() time.Time { return m.now.Time() }

// Assignment is the assigned room, if any.
func (m *Machine) Assignment() (Room, bool) { return m.f.room, m.f.assigned }

// CurrentRoom is the threadId of the room whose breakout call the
// participant is in (positions in_room, and joining during a re-assignment),
// if any. CheckInvariants guarantees there is at most one.
func (m *Machine) CurrentRoom() (string, bool) {
	if i := m.f.callWithRole(roleCurrent); i >= 0 {
		return m.f.calls[i].thread, true
	}
	return "", false
}

// RoomList is the last list of all rooms a manager received (R23).
func (m *Machine) RoomList() ([]Room, bool) { return m.f.rooms, m.f.hasRoomList }

// ActiveNotifications lists the notifications shown and not yet withdrawn.
func (m *Machine) ActiveNotifications() []Notification {
	var out []Notification
	for n := NotifyOpened; n < notificationEnd; n++ {
		if m.f.notes&(1<<n) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// PendingTimers lists the timers pending, with when they fall due, in firing order.
func (m *Machine) PendingTimers() []Effect {
	var out []Effect
	for t := TimerAutoMove; t < timerEnd; t++ {
		if m.f.timerSet&(1<<t) != 0 {
			out = append(out, Effect{Kind: EffectSchedule, Timer: t, At: m.f.timerAt[t].Time()})
		}
	}
	return out
}

// NextDue is when the earliest pending timer falls due: the host ticks then.
func (m *Machine) NextDue() (time.Time, bool) {
	var best instant
	ok := false
	for t := TimerAutoMove; t < timerEnd; t++ {
		if m.f.timerSet&(1<<t) != 0 && (!ok || m.f.timerAt[t].before(best)) {
			best, ok = m.f.timerAt[t], true
		}
	}
	if !ok {
		return time.Time{}, false
	}
	return best.Time(), true
}

// SetTrace installs a function told the index of every table row an input
// takes (several for a tick). Use it to measure coverage; nil removes it.
func (m *Machine) SetTrace(f func(row int)) { m.trace = f }

func (m *Machine) result(err *errcodes.Error, refused bool) Result {
	return Result{Position: m.st.Position(), State: m.st, Effects: m.out, Err: err, Refused: refused}
}

// Apply takes one input at time now. A refused input changes nothing. now
// must not go backwards.
func (m *Machine) Apply(in Input, now time.Time) Result {
	m.out = m.out[:0]
	if m.gate != nil {
		return m.result(m.gate, true)
	}
	if m.st == StateLeft {
		return m.result(m.refuseLeft(in.Kind), true)
	}
	t := instantOf(now)
	if t.before(m.now) {
		return m.result(errClockBackwards, true)
	}
	if in.Kind == InputInvalid || in.Kind >= inputCount || in.Kind.IsTimer() {
		return m.result(errUnknownInputKind, true)
	}
	if err := checkInput(&in); err != nil {
		return m.result(err, true)
	}

	s := step{m: m, from: m.st, to: m.st, f: m.f, now: t, in: in}
	s.notesBefore, s.timersBefore, s.atBefore = m.f.notes, m.f.timerSet, m.f.timerAt
	m.calls = m.calls[:0]
	m.nshow = 0
	m.fired = 0

	var err *errcodes.Error
	var refused bool
	if in.Kind == InputTick {
		s.tick()
	} else {
		err, refused = s.run(in.Kind)
	}
	if refused {
		m.calls = m.calls[:0]
		return m.result(err, true)
	}
	m.st, m.f, m.now = s.to, s.f, t
	s.assemble()
	return m.result(err, false)
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
	if m.trace != nil {
		m.trace(idx)
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
