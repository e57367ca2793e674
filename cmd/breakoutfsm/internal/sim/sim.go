// Package sim simulates whole Teams meetings with breakout rooms: an
// organizer script (rooms, assignments, opening, re-assignments, closing), a
// host for every participant that carries out the engine's effects and
// reports their outcomes as the SDK would (with injected faults), and users
// who join when prompted, return early where allowed and retry after
// failures. Every participant is driven through its lifecycle machine by the
// meeting level; time is simulated; the same seed gives the same run.
package sim

import (
	"container/heap"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/inject"
	"github.com/breakoutfsm/breakoutfsm/internal/trace"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// Config says what to simulate.
type Config struct {
	Seed         uint64
	Meetings     int
	Participants int // per meeting, managers included
	Rooms        int // per meeting
	// Faults is the probability of each injected fault: a failed hold, join,
	// hang-up, resume or rejoin; a lost close event; repeated settings; an
	// unreadable event.
	Faults   float64
	Duration time.Duration
	// TraceDir, when set, receives one JSON Lines trace per participant,
	// named <meeting>-<participant>.jsonl, each replayable with
	// `breakoutfsm replay` to the simulator's own results.
	TraceDir string
	// Workers is how many meetings run at once (0: one per CPU the runtime
	// offers, at most Meetings).
	Workers int
	// Check is how the meeting's invariants are checked after every input
	// (CheckIncremental when zero); the whole meeting is checked at its end
	// either way.
	Check CheckMode
	// Progress, when set, counts the work done as it goes (for a progress
	// line); it may be read while the run goes on.
	Progress *Progress
	// Observe, when set, is told every line a participant's trace gets and
	// its result (for tests that replay the traces). It is called from the
	// meeting's worker: meetings run in parallel.
	Observe func(meeting int, participant string, line []byte, result trace.Result)
	// Through, when set, is a fleet of hosts every meeting input also goes
	// through (through.go).
	Through Through
}

// CheckMode says how the invariants are checked after every input.
type CheckMode uint8

// Check modes.
const (
	// CheckIncremental checks what the input changed
	// (meeting.CheckLastInput): time proportional to the input.
	CheckIncremental CheckMode = iota
	// CheckFull checks the whole meeting (meeting.CheckInvariants): time
	// proportional to the meeting, after every input.
	CheckFull
)

// DefaultConfig is the embedded default: one Teams meeting with 300
// participants (three managers), 50 rooms and a 2% fault rate over 40
// simulated minutes.
func DefaultConfig() Config {
	return Config{Seed: 1, Meetings: 1, Participants: 300, Rooms: 50, Faults: 0.02, Duration: 40 * time.Minute}
}

// The limits of a run. A meeting's inputs grow faster than its size (every
// change to a room's invitees reaches all its members), and the meetings of a
// run are held one per worker at a time; within these limits a run takes at
// most a few minutes and a few hundred MB on two cores (docs/BENCHMARKS.md).
const (
	MaxMeetings     = 10_000
	MaxParticipants = 10_000 // per meeting
	MaxRooms        = 1_000  // per meeting
	// MaxTotal bounds meetings × participants.
	MaxTotal    = 1_000_000
	MinDuration = 10 * time.Minute // rooms open, run, re-assign and close
	MaxDuration = 24 * time.Hour
	// With traces written (Config.TraceDir): a 300-participant meeting
	// writes about 30 MB of traces, a 500-participant one about 100 MB.
	MaxTraceParticipants = 500 // per meeting
	MaxTraceTotal        = 5_000
)

// Validate says what is wrong with a config, naming the flag and its limit.
func (c Config) Validate() error {
	switch {
	case c.Meetings < 1 || c.Meetings > MaxMeetings:
		return fmt.Errorf("--meetings must be from 1 to %d, got %d", MaxMeetings, c.Meetings)
	case c.Participants < 2 || c.Participants > MaxParticipants:
		return fmt.Errorf("--participants must be from 2 (a manager and an attendee) to %d per meeting, got %d", MaxParticipants, c.Participants)
	case c.Rooms < 1 || c.Rooms > MaxRooms:
		return fmt.Errorf("--rooms must be from 1 to %d per meeting, got %d", MaxRooms, c.Rooms)
	case c.Meetings*c.Participants > MaxTotal:
		return fmt.Errorf("--meetings times --participants must be at most %d participants in all, got %d x %d", MaxTotal, c.Meetings, c.Participants)
	case !(c.Faults >= 0 && c.Faults <= 1): // (NaN is neither)
		return fmt.Errorf("--faults is a probability from 0 to 1, got %g", c.Faults)
	case c.Duration < MinDuration:
		return fmt.Errorf("--duration must be at least %s (rooms open, run, re-assign and close), got %s", fmtDuration(MinDuration), c.Duration)
	case c.Duration > MaxDuration:
		return fmt.Errorf("--duration must be at most %s, got %s", fmtDuration(MaxDuration), c.Duration)
	case c.TraceDir != "" && c.Participants > MaxTraceParticipants:
		return fmt.Errorf("with --trace-out, --participants must be at most %d per meeting (a manager's trace holds every room list it received: a meeting's traces grow with the cube of its size), got %d", MaxTraceParticipants, c.Participants)
	case c.TraceDir != "" && c.Meetings*c.Participants > MaxTraceTotal:
		return fmt.Errorf("with --trace-out, --meetings times --participants must be at most %d participants in all, got %d x %d", MaxTraceTotal, c.Meetings, c.Participants)
	case c.Check > CheckFull:
		return fmt.Errorf("unknown check mode %d", c.Check)
	}
	return nil
}

// fmtDuration writes whole minutes or hours without the zero seconds
// ("10m", "24h").
func fmtDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/time.Minute)) + "m"
}

// Teams' limits: what the zero meeting.Config allows. A simulated meeting
// allows at least as much.
const teamsMaxRooms, teamsMaxParticipants = 50, 300

// Start is the simulated time a meeting starts.
var Start = time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)

// Run simulates the meetings and sums them up.
func Run(cfg Config) (*Summary, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.TraceDir != "" {
		if err := os.MkdirAll(cfg.TraceDir, 0o755); err != nil {
			return nil, err
		}
	}
	reg := newRegistry()
	mcfg := meeting.Config{MaxRooms: max(cfg.Rooms, teamsMaxRooms), MaxParticipants: max(cfg.Participants, teamsMaxParticipants)}
	for i := range cfg.Meetings {
		if err := reg.create(meetingID(i), mcfg); err != nil {
			return nil, err
		}
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = defaultWorkers()
	}
	workers = min(workers, cfg.Meetings)
	results := make([]*Summary, cfg.Meetings)
	errs := make([]error, cfg.Meetings)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := reg.do(meetingID(i), func(m *meeting.Meeting) {
					results[i], errs[i] = simulate(cfg, i, m)
				}); err != nil {
					errs[i] = err
				}
				// A meeting done is summed up: let it go, so that a run
				// holds one meeting per worker.
				reg.remove(meetingID(i))
				if cfg.Progress != nil {
					cfg.Progress.meetings.Add(1)
				}
			}
		}()
	}
	for i := range cfg.Meetings {
		next <- i
	}
	close(next)
	wg.Wait()
	total := newSummary()
	total.Meetings = cfg.Meetings
	for i, s := range results {
		if errs[i] != nil {
			return nil, fmt.Errorf("meeting %d: %w", i, errs[i])
		}
		total.add(s)
	}
	return total, nil
}

func meetingID(i int) string { return "meeting-" + strconv.Itoa(i) }

// --- one meeting ---

// event is something that happens at a time in a meeting.
type event struct {
	at   time.Time
	seq  uint64
	kind eventKind
	op   meeting.Op
	who  int // participant index
	in   lifecycle.Input
	line []byte // an unreadable SDK line
	gen  uint64 // for ticks: the tick generation it belongs to
}

type eventKind uint8

const (
	evOp eventKind = iota + 1
	evInput
	evTick
	evUnreadable
	evEnd
)

type queue []*event

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}
func (q queue) Swap(i, j int)  { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)    { *q = append(*q, x.(*event)) }
func (q *queue) Pop() any      { old := *q; e := old[len(old)-1]; *q = old[:len(old)-1]; return e }
func (q *queue) push(e *event) { heap.Push(q, e) }

// person is one participant as its host and user see it.
type person struct {
	id    string
	role  lifecycle.Role
	lines int    // lines of its trace so far
	trace []byte // its trace not yet written, when traces are written
	// written says its trace file was created.
	written bool
	// faultsOpen counts faults injected since it last reached a settled
	// position (main, assigned, in_room).
	faultsOpen int
	position   lifecycle.Position
	reached    [8]bool
	left       bool
}

type run struct {
	cfg   Config
	idx   int
	m     *meeting.Meeting
	taken uint64 // the Seq of the last input the meeting took (take)
	rng   *rand.Rand
	q     queue
	seq   uint64
	now   time.Time
	ppl   []*person
	byID  map[string]int
	org   string
	rooms []string
	// canReturn is each room's "participants can return".
	canReturn map[string]bool
	tickAt    time.Time
	tickGen   uint64
	sum       *Summary
	faultLog  []inject.Fault // the fault decisions of the input being taken
	// traceErr is the first error writing a trace.
	traceErr error
	// told is how many inputs, and until when in simulated time, the
	// progress counters were told of.
	told     int
	toldTime time.Time
}

func simulate(cfg Config, idx int, m *meeting.Meeting) (*Summary, error) {
	r := &run{
		cfg: cfg, idx: idx, m: m, now: Start, toldTime: Start,
		rng:       rand.New(rand.NewPCG(cfg.Seed, uint64(idx)+1)),
		byID:      map[string]int{},
		canReturn: map[string]bool{},
		sum:       newSummary(),
	}
	r.sum.Participants = cfg.Participants
	inject.Set(m, r.logFault)
	r.script()
	for r.q.Len() > 0 {
		e := heap.Pop(&r.q).(*event)
		r.now = e.at
		r.handle(e)
		if r.sum.Inputs-r.told >= progressEvery {
			r.tell(r.now)
		}
	}
	r.tell(Start.Add(cfg.Duration))
	if err := m.CheckInvariants(); err != nil {
		r.sum.violation(err)
	}
	for _, p := range r.ppl {
		for pos, ok := range p.reached {
			if ok {
				r.sum.Reached[lifecycle.Position(pos).String()]++
			}
		}
		r.sum.Final[p.position.String()]++
		r.sum.FaultsUnrecovered += p.faultsOpen
		if p.faultsOpen > 0 {
			r.sum.Unrecovered = append(r.sum.Unrecovered, Unrecovered{Meeting: idx, Participant: p.id, Faults: p.faultsOpen})
		}
		if cfg.TraceDir != "" {
			r.flushTrace(p)
		}
	}
	if cfg.Through != nil {
		if err := r.done(); err != nil {
			r.sum.violation(err)
		}
	}
	if r.traceErr != nil {
		return nil, fmt.Errorf("writing the traces: %w", r.traceErr)
	}
	return r.sum, nil
}

// progressEvery is how many inputs a meeting takes between two updates of
// the progress counters.
const progressEvery = 256

// tell adds the inputs taken and the simulated time covered since it last
// told to the progress counters.
func (r *run) tell(now time.Time) {
	p := r.cfg.Progress
	if p == nil {
		return
	}
	p.inputs.Add(int64(r.sum.Inputs - r.told))
	p.simulated.Add(int64(now.Sub(r.toldTime)))
	r.told, r.toldTime = r.sum.Inputs, now
}

// Progress counts the work of a run as it goes. Its methods may be called
// while the run goes on, from any goroutine.
type Progress struct {
	meetings, inputs atomic.Int64
	// simulated is the simulated time covered, summed over the meetings.
	simulated atomic.Int64
}

// Meetings is how many meetings are done.
func (p *Progress) Meetings() int { return int(p.meetings.Load()) }

// Inputs is how many meeting inputs were taken, in all meetings.
func (p *Progress) Inputs() int64 { return p.inputs.Load() }

// Done is the share of the run done, from 0 to 1: the simulated time covered
// over the simulated time of every meeting.
func (p *Progress) Done(cfg Config) float64 {
	total := float64(cfg.Duration) * float64(cfg.Meetings)
	if total <= 0 {
		return 0
	}
	return min(1, float64(p.simulated.Load())/total)
}

// TraceFile is the name of a participant's trace in Config.TraceDir.
func TraceFile(meeting int, participant string) string {
	return fmt.Sprintf("%s-%s.jsonl", meetingID(meeting), fileSafe(participant))
}

func fileSafe(id string) string {
	b := []byte(id)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}

func (r *run) after(d time.Duration, e *event) {
	r.seq++
	e.at, e.seq = r.now.Add(d), r.seq
	r.q.push(e)
}

// between is a random duration from lo to hi.
func (r *run) between(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(r.rng.Int64N(int64(hi-lo)+1))
}

func (r *run) chance(p float64) bool { return p > 0 && r.rng.Float64() < p }

// script is the organizer's plan and the participants' arrival.
func (r *run) script() {
	cfg := r.cfg
	managers := max(1, cfg.Participants/100)
	for i := range cfg.Participants {
		var p meeting.Participant
		switch {
		case i < managers:
			p = meeting.Participant{ID: fmt.Sprintf("8:orgid:manager-%03d", i), Role: lifecycle.Manager, Kind: lifecycle.IdentifierMicrosoftTeamsUser}
		case i%7 == 0:
			p = meeting.Participant{ID: fmt.Sprintf("8:orgid:user-%05d", i), Role: lifecycle.Attendee, Kind: lifecycle.IdentifierMicrosoftTeamsUser}
		default:
			p = meeting.Participant{ID: fmt.Sprintf("8:acs:user-%05d", i), Role: lifecycle.Attendee, Kind: lifecycle.IdentifierCommunicationUser}
		}
		r.addPerson(p)
	}
	r.org = r.ppl[0].id
	d := cfg.Duration
	var ops []meeting.Op
	for k := range cfg.Rooms {
		th := fmt.Sprintf("19:meeting%d_room%d@thread.v2", r.idx, k+1)
		r.rooms = append(r.rooms, th)
		ops = append(ops, meeting.CreateRoom(r.org, th, fmt.Sprintf("Room %d", k+1)))
		auto := k%5 != 4 // auto-move on in four rooms of five
		canReturn := k%2 == 0
		r.canReturn[th] = canReturn
		ops = append(ops, meeting.SetRoomAutoMove(r.org, th, auto), meeting.SetRoomParticipantsCanReturn(r.org, th, canReturn))
	}
	// Everyone but the first manager is assigned, round robin.
	for i, p := range r.ppl[1:] {
		ops = append(ops, meeting.Assign(r.org, p.id, r.rooms[i%len(r.rooms)]))
	}
	ops = append(ops, meeting.SetTimeLimit(r.org, d/2))
	at := time.Minute
	for _, op := range ops {
		r.after(at, &event{kind: evOp, op: op})
	}
	r.after(2*time.Minute, &event{kind: evOp, op: meeting.OpenAllRooms(r.org)})
	// Re-assignments while rooms are open: every 7 seconds, closer in a big
	// meeting, so that they all fall within a quarter of the meeting.
	reassign := max(1, cfg.Participants/20)
	gap := min(7*time.Second, d/4/time.Duration(reassign))
	for n := range reassign {
		who := 1 + r.rng.IntN(len(r.ppl)-1)
		to := r.rooms[r.rng.IntN(len(r.rooms))]
		r.after(2*time.Minute+d/8+time.Duration(n)*gap, &event{kind: evOp, op: meeting.Assign(r.org, r.ppl[who].id, to)})
	}
	// A few rooms closed early; the rest close on their time limit.
	for k := range max(1, cfg.Rooms/10) {
		r.after(2*time.Minute+d/3, &event{kind: evOp, op: meeting.CloseRoom(r.org, r.rooms[k])})
	}
	// A few unassigned while their room is open (every 3 seconds, closer in
	// a big meeting, within an eighth of the meeting).
	unassign := max(1, cfg.Participants/50)
	gap = min(3*time.Second, d/8/time.Duration(unassign))
	for n := range unassign {
		who := 1 + r.rng.IntN(len(r.ppl)-1)
		r.after(2*time.Minute+d/4+time.Duration(n)*gap, &event{kind: evOp, op: meeting.Unassign(r.org, r.ppl[who].id)})
	}
	r.after(d-2*time.Minute, &event{kind: evOp, op: meeting.CloseAllRooms(r.org)})
	r.after(d, &event{kind: evEnd})
	// Unreadable events.
	for i := range r.ppl {
		if r.chance(r.cfg.Faults * 5) {
			r.after(r.between(time.Minute, d-time.Minute), &event{kind: evUnreadable, who: i, line: unreadable[r.rng.IntN(len(unreadable))]})
		}
	}
}

// unreadable are SDK events as a broken or newer server might send them.
var unreadable = [][]byte{
	[]byte(`{"sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"","state":"open"}}}`),
	[]byte(`{"sdk":{"type":"assignedBreakoutRooms","data":{"threadId":"19:x","state":"opening"}}}`),
	[]byte(`{"sdk":{"type":"breakoutRoomsSettings","data":{"roomEndTime":{"deltaTimeInMs":-1}}}}`),
	[]byte(`{"sdk":{"type":"join","data":{}}}`),
	[]byte(`{"sdk":{"type":"breakoutRoomsUpdatedV2","data":null}}`),
}

func (r *run) addPerson(p meeting.Participant) {
	idx := len(r.ppl)
	pp := &person{id: p.ID, role: p.Role}
	r.ppl = append(r.ppl, pp)
	r.byID[p.ID] = idx
	cfg := r.m.Config().Participant
	cfg.Role = p.Role
	if r.wantTrace() {
		line, err := trace.FormatConfig(&r.now, cfg)
		if err == nil {
			r.record(pp, line, trace.Result{Position: lifecycle.PositionMain, State: lifecycle.StateMain})
		}
	}
	pp.reached[lifecycle.PositionMain] = true
	pp.position = lifecycle.PositionMain
	r.outcome(r.take(meeting.Input{Kind: meeting.InputAdd, At: r.now, Participant: p}), "join")
}

// traceBuffer is how much of a participant's trace is held before it is
// written to its file: the traces of a big meeting are large (a manager's
// holds every room list it received), and are not held whole.
const traceBuffer = 64 << 10

// flushTrace writes out what the participant's trace holds, creating its
// file the first time. The first error is kept, and ends the run.
func (r *run) flushTrace(p *person) {
	if r.traceErr != nil {
		return
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_APPEND
	if !p.written {
		flags |= os.O_TRUNC
	}
	f, err := os.OpenFile(filepath.Join(r.cfg.TraceDir, TraceFile(r.idx, p.id)), flags, 0o644)
	if err == nil {
		_, err = f.Write(p.trace)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		r.traceErr = err
		return
	}
	p.written, p.trace = true, p.trace[:0]
}

func (r *run) wantTrace() bool { return r.cfg.TraceDir != "" || r.cfg.Observe != nil }

func (r *run) record(p *person, line []byte, res trace.Result) {
	p.lines++
	res.Line = p.lines
	if r.cfg.TraceDir != "" {
		p.trace = append(p.trace, line...)
		p.trace = append(p.trace, '\n')
		if len(p.trace) >= traceBuffer {
			r.flushTrace(p)
		}
	}
	if r.cfg.Observe != nil {
		r.cfg.Observe(r.idx, p.id, line, res)
	}
}

// fault is the meeting's fault injector: lost close events and repeated
// settings.
func (r *run) fault(id string, in lifecycle.Input) inject.Fault {
	switch {
	case in.Kind == lifecycle.InputAssignedRoom && in.Room != nil && in.Room.State == lifecycle.RoomClosed && r.chance(r.cfg.Faults):
		r.sum.inject("lostCloseEvent")
		r.ppl[r.byID[id]].faultsOpen++
		return inject.Drop
	case in.Kind == lifecycle.InputSettings && r.chance(r.cfg.Faults):
		r.sum.inject("repeatedSettings")
		return inject.Repeat
	}
	return inject.Deliver
}

// opName is the operation's name, such as "openAllRooms": what Op.String
// writes before the parenthesis.
func opName(op meeting.Op) string {
	name, _, _ := strings.Cut(op.String(), "(")
	return name
}

func (r *run) handle(e *event) {
	switch e.kind {
	case evOp:
		r.outcome(r.take(meeting.Input{Kind: meeting.InputOp, At: r.now, Op: e.op}), opName(e.op))
	case evInput:
		p := r.ppl[e.who]
		if p.left {
			return
		}
		r.outcome(r.take(meeting.Input{Kind: meeting.InputParticipant, At: r.now, To: p.id, Event: e.in}), e.in.Kind.String())
	case evTick:
		if e.gen != r.tickGen {
			return // superseded by an earlier tick
		}
		r.tickAt = time.Time{}
		r.outcome(r.take(meeting.Input{Kind: meeting.InputTick, At: r.now}), "tick")
	case evUnreadable:
		p := r.ppl[e.who]
		if p.left || r.m.Ended() {
			return
		}
		r.sum.inject("unreadableEvent")
		at := r.now
		line := withAt(e.line, at)
		l := trace.ParseLine(line)
		info, _ := r.m.Participant(p.id)
		res := trace.Result{Kind: l.Kind, Position: info.Position, State: info.State, Err: l.Err, Refused: true}
		if l.Err != nil {
			r.sum.refused(l.Err)
		}
		if r.wantTrace() {
			r.record(p, line, res)
		}
	case evEnd:
		r.outcome(r.take(meeting.Input{Kind: meeting.InputEnd, At: r.now}), "end")
	}
	r.scheduleTick()
}

// withAt adds "at" to a line that has none.
func withAt(line []byte, at time.Time) []byte {
	out := []byte(`{"at":"` + at.UTC().Format(lifecycle.TimeFormat) + `",`)
	return append(out, line[1:]...)
}

// scheduleTick makes sure a tick is pending for the meeting's earliest timer.
func (r *run) scheduleTick() {
	due, ok := r.m.NextDue()
	if !ok || r.m.Ended() {
		return
	}
	if due.Before(r.now) {
		due = r.now
	}
	if !r.tickAt.IsZero() && !due.Before(r.tickAt) {
		return
	}
	r.tickGen++
	r.tickAt = due
	r.seq++
	r.q.push(&event{at: due, seq: r.seq, kind: evTick, gen: r.tickGen})
}

// outcome takes in what one meeting input did: it records every delivery in
// the participant's trace, checks the invariants, and has the hosts and users
// react.
func (r *run) outcome(o meeting.Outcome, what string) {
	r.sum.Inputs++
	if o.Err != nil {
		r.sum.violation(fmt.Errorf("the meeting refused %s: %v", what, o.Err))
		return
	}
	for i := range o.Deliveries {
		r.delivered(&o.Deliveries[i])
	}
	if err := r.check(); err != nil {
		r.sum.violation(fmt.Errorf("after %s at %s: %w", what, r.now.Format(time.TimeOnly), err))
	}
}

func (r *run) delivered(d *meeting.Delivery) {
	p := r.ppl[r.byID[d.Participant]]
	r.sum.Deliveries++
	if r.wantTrace() {
		line, err := trace.FormatLine(&r.now, d.Input)
		if err != nil {
			r.sum.violation(fmt.Errorf("%s: cannot write %s as a trace line: %v", p.id, d.Input.Kind, err))
		} else {
			r.record(p, line, trace.Result{Position: d.Position, State: d.State, Effects: d.Effects, Err: errcodes.Of(d.Err), Refused: d.Refused})
		}
	}
	prev := p.position
	p.position = d.Position
	p.reached[d.Position] = true
	if d.Position == lifecycle.PositionLeft {
		p.left = true
	}
	switch {
	case prev != lifecycle.PositionInRoom && d.Position == lifecycle.PositionInRoom:
		r.sum.Moves++
	case prev == lifecycle.PositionReturning && (d.Position == lifecycle.PositionMain || d.Position == lifecycle.PositionAssigned):
		r.sum.Returns++
	}
	switch d.Position {
	case lifecycle.PositionMain, lifecycle.PositionAssigned, lifecycle.PositionInRoom:
		if p.faultsOpen > 0 && d.Err == nil {
			r.sum.FaultsRecovered += p.faultsOpen
			p.faultsOpen = 0
		}
	}
	if d.Err != nil {
		if d.Refused {
			r.sum.refused(errcodes.Of(d.Err))
		} else {
			r.sum.reported(errcodes.Of(d.Err))
		}
	}
	if p.left {
		return
	}
	r.react(r.byID[d.Participant], d)
}

// check checks the invariants after an input, as Config.Check says.
func (r *run) check() error {
	if r.cfg.Check == CheckFull {
		return r.m.CheckInvariants()
	}
	return r.m.CheckLastInput()
}

// react is the host carrying out call effects, and the user answering
// prompts and errors.
func (r *run) react(who int, d *meeting.Delivery) {
	for _, e := range d.Effects {
		if e.Kind.IsCall() {
			r.carryOut(who, e)
		}
		if e.Kind == lifecycle.EffectNotify {
			switch e.Target {
			case lifecycle.NotifyOpenedPromptJoin, lifecycle.NotifyChangedPromptJoin:
				if r.chance(0.9) {
					r.after(r.between(time.Second, 20*time.Second), &event{kind: evInput, who: who, in: lifecycle.Input{Kind: lifecycle.InputJoin}})
				}
			case lifecycle.NotifyJoined:
				a, _ := r.m.Participant(r.ppl[who].id)
				if r.canReturn[a.Room] && r.chance(0.15) {
					r.after(r.between(time.Minute, 6*time.Minute), &event{kind: evInput, who: who, in: lifecycle.Input{Kind: lifecycle.InputReturn}})
				}
			}
		}
	}
	if d.Err == nil || d.Refused {
		return
	}
	// Failure reports: the user (or the UI library) tries again.
	retry := func(k lifecycle.InputKind) {
		r.after(r.between(2*time.Second, 10*time.Second), &event{kind: evInput, who: who, in: lifecycle.Input{Kind: k}})
	}
	switch {
	case errcodes.Of(d.Err).Kind == errcodes.MainHangUpFailed:
	case errcodes.Of(d.Err).Subcode == errcodes.JoinFailed, errcodes.Of(d.Err).Subcode == errcodes.MainMeetingHoldFailed:
		retry(lifecycle.InputJoin)
	case errcodes.Of(d.Err).Subcode == errcodes.MainMeetingResumeFailed, errcodes.Of(d.Err).Subcode == errcodes.ReturnToMainMeetingFailed:
		retry(lifecycle.InputReturn)
	case errcodes.Of(d.Err).Subcode == errcodes.HangUpExistingBreakoutFailed:
		if d.Position == lifecycle.PositionReturning {
			retry(lifecycle.InputReturn)
		} else {
			retry(lifecycle.InputHangUpBreakout)
		}
	}
}

// carryOut has the host carry out one call effect and report its outcome
// after the SDK's latency, failed at the fault rate.
func (r *run) carryOut(who int, e lifecycle.Effect) {
	ok := true
	if r.chance(r.cfg.Faults) {
		ok = false
		r.sum.inject("failed " + e.Kind.String())
		r.ppl[who].faultsOpen++
	}
	var k lifecycle.InputKind
	switch e.Kind {
	case lifecycle.EffectHoldMain:
		k = pick(ok, lifecycle.InputHoldMainOK, lifecycle.InputHoldMainFailed)
	case lifecycle.EffectJoinBreakout:
		k = pick(ok, lifecycle.InputJoinBreakoutOK, lifecycle.InputJoinBreakoutFailed)
	case lifecycle.EffectHangUpMain:
		k = pick(ok, lifecycle.InputHangUpMainOK, lifecycle.InputHangUpMainFailed)
	case lifecycle.EffectHangUpBreakout:
		k = pick(ok, lifecycle.InputHangUpBreakoutOK, lifecycle.InputHangUpBreakoutFailed)
	case lifecycle.EffectResumeMain:
		k = pick(ok, lifecycle.InputResumeMainOK, lifecycle.InputResumeMainFailed)
	case lifecycle.EffectRejoinMain:
		k = pick(ok, lifecycle.InputRejoinMainOK, lifecycle.InputRejoinMainFailed)
	}
	in := lifecycle.Input{Kind: k}
	if e.Kind == lifecycle.EffectJoinBreakout || e.Kind == lifecycle.EffectHangUpBreakout {
		in.ThreadID = e.ThreadID
	}
	r.after(r.between(150*time.Millisecond, 1500*time.Millisecond), &event{kind: evInput, who: who, in: in})
}

func pick(ok bool, yes, no lifecycle.InputKind) lifecycle.InputKind {
	if ok {
		return yes
	}
	return no
}

// --- the summary ---

// Unrecovered is a participant that ended its meeting with faults still
// open: it never settled (main, assigned or in_room, with no error) after
// them.
type Unrecovered struct {
	Meeting     int
	Participant string
	Faults      int
}

// TraceFile is the name of its trace in Config.TraceDir.
func (u Unrecovered) TraceFile() string { return TraceFile(u.Meeting, u.Participant) }

// Summary is what a simulation did.
type Summary struct {
	Meetings     int
	Participants int // per meeting
	Inputs       int // meeting inputs
	Deliveries   int // inputs the participants' machines received
	// Reached counts the participants that reached each position at least
	// once; Final where they ended.
	Reached map[string]int
	Final   map[string]int
	Moves   int // arrivals in a room
	Returns int // arrivals back in the main meeting
	// Refusals and Reports count refused inputs and failure reports by
	// subcode or kind.
	Refusals map[string]int
	Reports  map[string]int
	// Faults counts the injected faults by kind. A fault is recovered when
	// its participant next reaches main, assigned or in_room with no error;
	// one still open when the meeting ends is not recovered.
	Faults            map[string]int
	FaultsRecovered   int
	FaultsUnrecovered int
	// Unrecovered are the participants that ended with faults still open,
	// by meeting, in join order.
	Unrecovered []Unrecovered
	// Violations are the invariants that broke (at most a few are kept).
	Violations      []string
	ViolationsTotal int
}

func newSummary() *Summary {
	return &Summary{Reached: map[string]int{}, Final: map[string]int{}, Refusals: map[string]int{}, Reports: map[string]int{}, Faults: map[string]int{}}
}

func (s *Summary) violation(err error) {
	s.ViolationsTotal++
	if len(s.Violations) < 10 {
		s.Violations = append(s.Violations, err.Error())
	}
}

func (s *Summary) inject(kind string) { s.Faults[kind]++ }

// errorKey names an error by its subcode and the SDK's key for it
// ("46258 BREAKOUT_ROOMS_UPDATEFAILED"), or by its kind.
func errorKey(e *errcodes.Error) string {
	if e.Kind == errcodes.KindSDK {
		return e.Subcode.Error()
	}
	return e.Kind.Error()
}

func (s *Summary) refused(e *errcodes.Error)  { s.Refusals[errorKey(e)]++ }
func (s *Summary) reported(e *errcodes.Error) { s.Reports[errorKey(e)]++ }

func (s *Summary) add(o *Summary) {
	s.Participants = o.Participants
	s.Inputs += o.Inputs
	s.Deliveries += o.Deliveries
	s.Moves += o.Moves
	s.Returns += o.Returns
	s.FaultsRecovered += o.FaultsRecovered
	s.FaultsUnrecovered += o.FaultsUnrecovered
	for _, pair := range []struct{ dst, src map[string]int }{
		{s.Reached, o.Reached}, {s.Final, o.Final}, {s.Refusals, o.Refusals}, {s.Reports, o.Reports}, {s.Faults, o.Faults},
	} {
		for k, v := range pair.src {
			pair.dst[k] += v
		}
	}
	s.Unrecovered = append(s.Unrecovered, o.Unrecovered...)
	s.ViolationsTotal += o.ViolationsTotal
	for _, v := range o.Violations {
		if len(s.Violations) < 10 {
			s.Violations = append(s.Violations, v)
		}
	}
}

// OK reports whether every invariant held.
func (s *Summary) OK() bool { return s.ViolationsTotal == 0 }

// sortedKeys lists a map's keys in order.
func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
