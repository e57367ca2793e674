package lifecycle

import (
	"strconv"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
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

// Result is what one input did; Apply returns it with the input's error.
// It is kept to 32 bytes, so that it is returned in registers.
type Result struct {
	// Effects are the host's orders, in order. Apply's slice belongs to the
	// machine and is valid until its next input; ApplyTo's is the caller's
	// buffer. Copy it to keep it.
	Effects []Effect
	// State is the machine's fine state after the input.
	State State
	// Refused is true when the input was not accepted and nothing changed:
	// the error says why. An error with Refused false is a failure report
	// of an input that was taken (an outcome that failed, R7, R9, R18).
	Refused bool
}

// Position is the position of the state after the input.
func (r Result) Position() Position { return r.State.Position() }

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

// failedHangUp reports whether the call was left up by a failed hang-up and
// is not being hung up again: a call being left whose hang-up is answered
// while it is still up.
func (c *breakoutCall) failedHangUp() bool {
	return c.role == roleLeaving && c.up && !c.hangPending
}

// issued counts an effect on the main call in flight.
func (f *core) issued(op mainOp) {
	if f.mainInFlight[op] < 255 {
		f.mainInFlight[op]++
	}
}

// answered takes an outcome of an effect on the main call.
func (f *core) answered(op mainOp) {
	if f.mainInFlight[op] > 0 {
		f.mainInFlight[op]--
	}
	if op == opHold && f.mainInFlight[op] == 0 {
		f.activeHold = false
	}
}

func (f *core) inFlight(op mainOp) bool { return f.mainInFlight[op] > 0 }

// pushResume counts a resumeMain in flight and whether a return issued it:
// the first eight flags in core.resumeByReturn, the others, oldest first, in
// rare.moreByReturn.
func (f *facts) pushResume(byReturn bool) {
	n := f.mainInFlight[opResume]
	switch {
	case n >= 8:
		f.moreByReturn = append(f.moreByReturn[:len(f.moreByReturn):len(f.moreByReturn)], byReturn)
	case byReturn:
		f.resumeByReturn |= 1 << n
	}
	f.issued(opResume)
}

// popResume takes the outcome of the oldest resumeMain in flight and reports
// whether a return issued it.
func (f *facts) popResume() bool {
	byReturn := f.resumeByReturn&1 != 0
	f.resumeByReturn >>= 1
	if len(f.moreByReturn) > 0 {
		if f.moreByReturn[0] {
			f.resumeByReturn |= 1 << 7
		}
		f.moreByReturn = f.moreByReturn[1:]
		if len(f.moreByReturn) == 0 {
			f.moreByReturn = nil
		}
	}
	f.answered(opResume)
	return byReturn
}

// maxMainInFlight bounds the effects of one kind on the main call in flight:
// a join from the main meeting (the user's, auto-move's or the SDK's) that
// finds this many is refused (R5), so that the counts (255 at most) never
// saturate. Every effect on the main call follows such a join, and one join
// adds at most one effect of a kind (a return's retry only replaces an effect
// that failed; leaving adds one hangUpMain): the counts stay at 251 at most.
const maxMainInFlight = 250

// mainBound reports whether the effects on the main call in flight reach
// maxMainInFlight.
func (f *core) mainBound() bool {
	for _, n := range f.mainInFlight {
		if n >= maxMainInFlight {
			return true
		}
	}
	return false
}

// maxSeq bounds the counter that numbers the effects on breakout calls (a
// join or a hang-up each take the next number, so that an outcome answers the
// oldest effect in flight). Before the counter would pass it, the calls
// tracked are numbered again from 1 in the same order, so the counter never
// wraps; Restore refuses a counter beyond it.
const maxSeq = 1<<31 - 1

// nextSeq is the number of the next effect on a breakout call.
func (f *facts) nextSeq() uint32 {
	if f.seq >= maxSeq {
		f.renumber()
	}
	f.seq++
	return f.seq
}

// renumber numbers the effects of the calls tracked 1, 2, … in the order
// they were issued (the numbers in use are distinct, CheckInvariants says
// so), and sets the counter to the last of them.
func (f *facts) renumber() {
	calls := f.calls.all()
	rank := func(v uint32) uint32 {
		if v == 0 {
			return 0
		}
		r := uint32(1)
		for i := range calls {
			if c := &calls[i]; c.joinSeq != 0 && c.joinSeq < v {
				r++
			}
			if c := &calls[i]; c.hangSeq != 0 && c.hangSeq < v {
				r++
			}
		}
		return r
	}
	var top uint32
	type pair struct{ join, hang uint32 }
	// Ranks are computed from the old numbers before any is changed.
	var small [8]pair
	ranks := small[:0]
	if len(calls) > len(small) {
		ranks = make([]pair, 0, len(calls))
	}
	for i := range calls {
		p := pair{rank(calls[i].joinSeq), rank(calls[i].hangSeq)}
		top = max(top, p.join, p.hang)
		ranks = append(ranks, p)
	}
	for i := range calls {
		calls[i].joinSeq, calls[i].hangSeq = ranks[i].join, ranks[i].hang
	}
	f.seq = top
}

// maxFailedCalls bounds the breakout calls left up by a failed hang-up (and
// not being hung up again): a join that finds that many is refused (R5, C8).
// Calls whose hang-up is merely in flight do not count: the calls a machine
// tracks are otherwise unbounded.
const maxFailedCalls = 8

// callList is the breakout calls a step works on, in the order their joins
// were made (oldest first): the first few in the list itself, so that a step
// needs no memory of its own for them, all of them in big once there are
// more. big belongs to the list alone (copy it with clone).
type callList struct {
	small [4]breakoutCall
	n     int
	big   []breakoutCall
}

func (l *callList) all() []breakoutCall {
	if l.big != nil {
		return l.big
	}
	return l.small[:l.n]
}

func (l *callList) len() int { return len(l.all()) }

// add appends a call and returns its index.
func (l *callList) add(c breakoutCall) int {
	if l.big == nil && l.n < len(l.small) {
		l.small[l.n] = c
		l.n++
		return l.n - 1
	}
	if l.big == nil {
		l.big = append(make([]breakoutCall, 0, 2*len(l.small)), l.small[:l.n]...)
		l.small, l.n = [len(l.small)]breakoutCall{}, 0
	}
	l.big = append(l.big, c)
	return len(l.big) - 1
}

// set makes the list a copy of calls.
func (l *callList) set(calls []breakoutCall) {
	*l = callList{}
	for _, c := range calls {
		l.add(c)
	}
}

// clone is a copy of the list that shares nothing with it.
func (l *callList) clone() callList {
	c := *l
	if l.big != nil {
		c.big = append([]breakoutCall(nil), l.big...)
	}
	return c
}

// truncate keeps the first n calls.
func (l *callList) truncate(n int) {
	all := l.all()
	clear(all[n:])
	if l.big != nil {
		l.big = l.big[:n]
	} else {
		l.n = n
	}
}

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
// timer; with the one breakout call a Machine also holds inline, enough for
// a join, a room and the way back. A Machine is kept small so that a host
// can hold a great many (see docs/BENCHMARKS.md); the rest, in rare, lives
// outside the machine while it is needed.
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

	// The rest belongs to the Machine's storage, not to the facts a step
	// works on: it sits here only to use the struct's padding.
	st     State
	full   bool  // the rare facts are in the machine's extra part
	cfgIdx uint8 // the shared config in use, or ownConfig
	call   uint8 // the one breakout call held inline (packCall), or 0
}

// rare is the part of the facts a machine needs only while breakout calls
// are tracked, a re-assignment is under way, a timer other than autoMove is
// pending, or a join event or a room list was received.
type rare struct {
	pending settingsFacts // of the call being joined in a re-assignment (R13)
	calls   callList
	timerAt [timerEnd]instant // of every timer but autoMove (core.autoAt)

	callID      string
	rooms       []Room
	hasRoomList bool
	// moreByReturn are the flags of the resumes in flight beyond the first
	// eight (core.resumeByReturn), oldest first.
	moreByReturn []bool
}

// facts is the extended state of a participant machine, as an input's step
// works on it: the core facts, in the machine itself (an accepted row's
// primitives change them in place: the table decides before anything
// changes), and the rare facts, a copy loaded only when the machine holds
// any or the row needs them (nil otherwise), stored back when the input is
// accepted. The strings, slices and pointers the facts hold are shared and
// never modified in place.
type facts struct {
	*core
	*rare
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

// needsExtra reports whether the facts hold more than a Machine holds in
// itself: more than one breakout call, a re-assignment's settings, a timer
// other than autoMove, a join event's callId or a room list.
func (f *facts) needsExtra() bool {
	return f.calls.len() > 1 || f.pending.value != nil || f.callID != "" || f.rooms != nil || f.hasRoomList ||
		f.timerSet&rareTimers != 0 || f.moreByReturn != nil
}

// extra is what a machine keeps outside itself, allocated when first needed
// and released when it holds nothing.
type extra struct {
	// cfg is the machine's config when it is none of the shared ones.
	cfg *Config

	// The rare facts, while the machine's full flag is set; calls has
	// exactly the calls tracked.
	calls        []breakoutCall
	pending      settingsFacts
	timerAt      [timerEnd]instant
	callID       string
	rooms        []Room
	hasRoomList  bool
	moreByReturn []bool

	// out is Apply's effect buffer, reused from input to input (ApplyTo
	// writes into the caller's instead).
	out []Effect
	// trace, when set, is told which table rows each input took.
	trace func(row int)
}

// callSlot is the part of the one breakout call a Machine holds inline that
// does not fit in core's padding.
type callSlot struct {
	thread           string
	joinSeq, hangSeq uint32
}

// packCall is a breakout call's role and flags in a byte; 0 is no call (a
// tracked call always has a role).
func packCall(c *breakoutCall) uint8 {
	b := uint8(c.role)
	for i, on := range [...]bool{c.up, c.connected, c.joinPending, c.hangPending} {
		if on {
			b |= 1 << (3 + i)
		}
	}
	return b
}

func unpackCall(b uint8, slot callSlot) breakoutCall {
	return breakoutCall{
		thread: slot.thread, role: callRole(b & 7),
		up: b&(1<<3) != 0, connected: b&(1<<4) != 0, joinPending: b&(1<<5) != 0, hangPending: b&(1<<6) != 0,
		joinSeq: slot.joinSeq, hangSeq: slot.hangSeq,
	}
}

// Machine is the lifecycle of one local participant in one Teams meeting. It
// is a pure state machine: it reads no clock, starts no goroutine and does no
// I/O; the host gives it every input with the time, and carries out the
// effects it returns. A Machine is not safe for concurrent use.
//
// A Machine is 128 bytes. With a config that has the default delays it holds
// nothing else of its own from the main meeting, through a join and a room,
// back to the main meeting; a re-assignment, a timed room, a join the SDK
// made, a manager's room list and a config of its own add an extra part of
// a few hundred bytes while they last. Apply keeps an effect buffer per machine;
// ApplyTo uses the caller's, so that a host holding many machines needs one
// buffer, not one each.
type Machine struct {
	core
	x    *extra
	now  instant
	slot callSlot // the breakout call held inline, when core.call is set
}

// ownConfig is core.cfgIdx of a machine whose config is in its extra part.
const ownConfig = 0xff

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

// setConfig makes the machine use cfg: a shared config equal to it when
// there is one, or a copy of its own.
func (m *Machine) setConfig(cfg Config) {
	for i := range sharedConfigs {
		if sharedConfigs[i] == cfg {
			m.cfgIdx = uint8(i)
			return
		}
	}
	own := new(Config)
	*own = cfg
	m.cfgIdx = ownConfig
	m.ext().cfg = own
}

// config is the machine's config.
func (m *Machine) config() *Config {
	if m.cfgIdx == ownConfig {
		return m.x.cfg
	}
	return &sharedConfigs[m.cfgIdx]
}

// ext is the machine's extra part, allocated when first needed.
func (m *Machine) ext() *extra {
	if m.x == nil {
		m.x = new(extra)
	}
	return m.x
}

// hasRare reports whether the machine holds rare facts: an extra part in
// use, or a breakout call inline.
func (m *Machine) hasRare() bool { return m.full || m.call != 0 }

// loadRare copies the machine's rare facts into r, which must be zero. The
// copy shares nothing the machine holds that a step may change.
func (m *Machine) loadRare(r *rare) {
	switch {
	case m.full:
		x := m.x
		r.calls.set(x.calls)
		r.pending, r.timerAt, r.callID, r.rooms, r.hasRoomList = x.pending, x.timerAt, x.callID, x.rooms, x.hasRoomList
		r.moreByReturn = x.moreByReturn
	case m.call != 0:
		r.calls.add(unpackCall(m.call, m.slot))
	}
}

// timerAt is when the machine's timer t falls due, if it is pending.
func (m *Machine) timerAt(t Timer) instant {
	switch {
	case t == TimerAutoMove:
		return m.autoAt
	case m.full:
		return m.x.timerAt[t]
	}
	return instant{}
}

// trackedCalls are the breakout calls the machine tracks, where they are
// kept: in the extra part, or the one held inline (unpacked into one).
func (m *Machine) trackedCalls(one *[1]breakoutCall) []breakoutCall {
	switch {
	case m.full:
		return m.x.calls
	case m.call != 0:
		one[0] = unpackCall(m.call, m.slot)
		return one[:]
	}
	return nil
}

// facts are the machine's facts for reading: its core, and its rare facts
// copied into r (zero).
func (m *Machine) facts(r *rare) facts {
	m.loadRare(r)
	return facts{core: &m.core, rare: r}
}

// storeRare writes the rare facts of an accepted input back: the one
// breakout call inline when that is all there is, and otherwise into the
// extra part, which is released once it holds nothing.
func (m *Machine) storeRare(f facts) {
	m.call, m.slot = 0, callSlot{}
	if f.needsExtra() {
		x := m.ext()
		x.calls = append(x.calls[:0], f.calls.all()...)
		x.pending, x.timerAt, x.callID, x.rooms, x.hasRoomList = f.pending, f.timerAt, f.callID, f.rooms, f.hasRoomList
		x.moreByReturn = f.moreByReturn
		m.full = true
		return
	}
	m.full = false
	if f.calls.len() == 1 {
		c := &f.calls.all()[0]
		m.call, m.slot = packCall(c), callSlot{thread: c.thread, joinSeq: c.joinSeq, hangSeq: c.hangSeq}
	}
	if x := m.x; x != nil {
		if x.cfg == nil && x.out == nil && x.trace == nil {
			m.x = nil
		} else {
			*x = extra{cfg: x.cfg, out: x.out, trace: x.trace}
		}
	}
}

// gate is R1's refusal of every input by a machine that cannot exist, or nil.
func (m *Machine) gate() *errcodes.Error {
	if m.st != StateUnavailable {
		return nil
	}
	cfg := m.config()
	switch policy.Gate(cfg.Meeting == MeetingTeams, cfg.FeatureEnabled) {
	case errcodes.Disabled:
		return errFeatureDisabled
	case errcodes.OnlyAvailableInMeetings:
		return errNotTeams
	}
	return nil
}

// New creates a participant machine. A config that is not valid is an error.
// A call that is not a Teams meeting, or one with the feature disabled, gets
// a machine in state unavailable that refuses every input with 46250 or
// 46251 (R1).
func New(cfg Config) (*Machine, error) {
	if err := tableError(); err != nil {
		return nil, err // a bug of this package, which a test keeps from being released
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	m := new(Machine)
	m.setConfig(cfg)
	m.st = StateMain
	if policy.Gate(cfg.Meeting == MeetingTeams, cfg.FeatureEnabled) != 0 {
		m.st = StateUnavailable
	}
	return m, nil
}

// Validate reports what is wrong with a config, as an unknownInput error.
func (c Config) Validate() error {
	switch {
	case c.Role != Attendee && c.Role != Manager:
		return errs.NewKind(errcodes.UnknownInput, rule.R1, "config: role must be attendee or manager")
	case c.Meeting != MeetingTeams && c.Meeting != MeetingOther:
		return errs.NewKind(errcodes.UnknownInput, rule.R1, "config: meeting kind must be teams or other")
	case c.AutoMoveDelay < 0, c.HangUpDelay < 0, c.RoomEndGrace < 0:
		return errs.NewKind(errcodes.UnknownInput, rule.R1, "config: delays must not be negative")
	case c.AutoMoveDelay%time.Millisecond != 0, c.HangUpDelay%time.Millisecond != 0, c.RoomEndGrace%time.Millisecond != 0:
		// The trace's config line and the snapshot count delays in whole
		// milliseconds: a finer delay could not be written down.
		return errs.NewKind(errcodes.UnknownInput, rule.R1, "config: delays must be whole milliseconds")
	}
	return nil
}

// Config is the machine's config.
func (m *Machine) Config() Config { return *m.config() }

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
	if m.full {
		for i := range m.x.calls {
			if c := &m.x.calls[i]; c.role == roleCurrent && c.up {
				return c.thread, true
			}
		}
		return "", false
	}
	if callRole(m.call&7) == roleCurrent && m.call&(1<<3) != 0 { // the inline call is current and up
		return m.slot.thread, true
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
	for t := TimerAutoMove; t < timerEnd; t++ {
		if m.timerSet&(1<<t) != 0 {
			out = append(out, Effect{Kind: EffectSchedule, Timer: t, At: m.timerAt(t).Time()})
		}
	}
	return out
}

// NextDue is when the earliest pending timer falls due: the host ticks then.
func (m *Machine) NextDue() (time.Time, bool) {
	var best instant
	ok := false
	for t := TimerAutoMove; t < timerEnd; t++ {
		if m.timerSet&(1<<t) != 0 && (!ok || m.timerAt(t).before(best)) {
			best, ok = m.timerAt(t), true
		}
	}
	if !ok {
		return time.Time{}, false
	}
	return best.Time(), true
}

// SetTrace installs a function told the index, in LifecycleTable, of every
// table row an input takes (several for a tick; a refusal's too). Its
// Action is the row of Rows it was expanded from. Use it to measure
// coverage; nil removes it.
func (m *Machine) SetTrace(f func(row int)) {
	if f == nil && m.x == nil {
		return
	}
	m.ext().trace = f
}

// traceRow tells the function SetTrace installed, if any, the table row of
// leaf n.
func (m *Machine) traceRow(n *compiledNode) {
	if m.x != nil && m.x.trace != nil {
		m.x.trace(int(n.no - 1))
	}
}

// Apply takes one input at time now. A refused input changes nothing:
// Result.Refused is set and the error says why. An accepted input may also
// come with an error, the failure it reports (R7, R9, R18). The error, when
// there is one, is an *errcodes.Error. now must not go backwards. The
// machine keeps no reference to in (it keeps in.Room, in.Settings and
// in.Rooms, which must not change afterwards). The effects are in a buffer
// the machine keeps (see Result.Effects); ApplyTo writes them into the
// caller's.
func (m *Machine) Apply(in *Input, now time.Time) (Result, error) {
	return m.apply(nil, in, now, true)
}

// ApplyTo is Apply writing the effects into buf's backing array, from its
// start, and growing it only when it is too small: Result.Effects is that
// slice, and passing it back in reuses it. The machine keeps no reference to
// buf. A host that holds many machines and uses their effects before the
// next input gives all of them the same buffer.
func (m *Machine) ApplyTo(buf []Effect, in *Input, now time.Time) (Result, error) {
	return m.apply(buf, in, now, false)
}

// apply is Apply (own: with the machine's buffer, kept when it grows) and
// ApplyTo: the table decides on the machine as it is, and the facts are
// copied out only for an accepted row. Its error is an *errcodes.Error or
// nil, never a nil *errcodes.Error in an error.
func (m *Machine) apply(buf []Effect, in *Input, now time.Time, own bool) (Result, error) {
	if own && m.x != nil {
		buf = m.x.out
	}
	buf = buf[:0]
	if m.st == StateUnavailable || m.st == StateLeft {
		if err := m.gate(); err != nil {
			return m.refused(buf, err)
		}
		return m.refused(buf, errLeft)
	}
	t := instantOf(now)
	if t.before(m.now) {
		return m.refused(buf, errClockBackwards)
	}
	if !inputTaken[in.Kind] {
		return m.refused(buf, errUnknownInputKind)
	}
	// An input of its kind alone (most are) needs no check, but a join
	// event needs its call id.
	if in.Room != nil || in.Settings != nil || in.Rooms != nil || in.RoomsDefined || in.CallID != "" || in.ThreadID != "" || in.Kind == InputJoinEvent {
		if err := checkInput(in); err != nil {
			return m.refused(buf, err)
		}
	}

	var s step
	s.m, s.st, s.f.core, s.in, s.now, s.out, s.kind, s.outcome = m, m.st, &m.core, in, t, &buf, in.Kind, -1
	var row *compiledRow
	if in.Kind != InputTick {
		if in.Kind.IsOutcome() {
			if s.prepare(in.Kind); !s.outcomeInFlight() {
				return m.refused(buf, errNotInFlight)
			}
		}
		// s.walk(in.Kind), written out: a call would cost a refusal a tenth
		// of its time.
		n := compiled.root(s.st, in.Kind)
		for n.cond != condInvalid {
			n = compiled.next(n, s.holds(n.cond))
		}
		if n.no == 0 {
			return m.refused(buf, errNoRow)
		}
		m.traceRow(n)
		if row = &compiled.rows[n.row]; row.refuses {
			return m.refused(buf, row.err)
		}
	}
	// Accepted: the rows change the core facts in place; the rare facts
	// are copied out when the machine holds any or a row needs them (every
	// tick loads them), and stored back.
	s.accept()
	if row == nil || row.needsRare || m.hasRare() {
		var r rare
		m.loadRare(&r)
		s.f.rare = &r
	}
	var err *errcodes.Error
	if row == nil {
		s.tick()
	} else {
		s.run(row)
		err = row.err
	}
	s.assemble()
	if s.f.rare != nil {
		m.storeRare(s.f)
	}
	m.st, m.now = s.st, t
	if own && cap(buf) > 0 && (m.x == nil || cap(buf) > cap(m.x.out)) {
		m.ext().out = buf[:0]
	}
	if err != nil {
		return Result{Effects: buf, State: m.st}, err
	}
	return Result{Effects: buf, State: m.st}, nil
}

// inputTaken says which input kinds Apply takes: every valid kind but the
// timers' (a tick fires them).
var inputTaken = func() (taken [256]bool) {
	for k := InputInvalid + 1; k < inputCount; k++ {
		taken[k] = !k.IsTimer()
	}
	return taken
}()

// refused is the result of a refusal, with its error (never nil).
func (m *Machine) refused(effects []Effect, err *errcodes.Error) (Result, error) {
	return Result{Effects: effects, State: m.st, Refused: true}, err
}

// checkInput refuses inputs whose fields do not fit their kind: a field
// another kind of input carries, or an SDK event DecodeEvent could not have
// produced (EncodeEvent could not write it, so neither could a snapshot or a
// trace). The valid cases allocate nothing.
func checkInput(in *Input) *errcodes.Error {
	k := in.Kind
	switch {
	case in.Room != nil && k != InputAssignedRoom,
		in.Settings != nil && k != InputSettings,
		(in.Rooms != nil || in.RoomsDefined) && k != InputRoomList,
		in.CallID != "" && k != InputJoinEvent:
		return errFieldOfOtherKind
	case in.ThreadID != "" && k != InputJoinBreakoutOK && k != InputJoinBreakoutFailed &&
		k != InputHangUpBreakoutOK && k != InputHangUpBreakoutFailed:
		return errThreadOnOtherOp
	}
	var problem string
	switch k {
	case InputAssignedRoom:
		if in.Room != nil {
			problem = roomProblem(in.Room, "Room")
		}
	case InputSettings:
		if in.Settings != nil {
			problem = settingsProblem(in.Settings)
		}
	case InputRoomList:
		if !in.RoomsDefined && len(in.Rooms) > 0 {
			problem = "Rooms has rooms while RoomsDefined is false"
		}
		for i := range in.Rooms {
			if problem == "" {
				problem = roomProblem(&in.Rooms[i], "Rooms["+strconv.Itoa(i)+"]")
			}
		}
	case InputJoinEvent:
		if in.CallID == "" {
			return errBadJoinEvent
		}
	}
	if problem != "" {
		return errs.NewKind(errcodes.UnknownInput, rule.R24, "input refused: "+problem+" (DecodeEvent could not have produced it)")
	}
	return nil
}
