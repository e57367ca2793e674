package meeting

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// Host runs meetings' inputs against a Store, so that several hosts (one
// per process of a fleet) can serve the same meetings at once. For each
// input it loads the meeting and its revision, takes the input (Take), and
// writes the meeting back only if the revision is still the one it loaded
// (compare-and-set); when another host wrote first it loads the meeting
// again and takes the input again on what that host wrote. So every input
// is taken exactly once, in one order per meeting: the order of the
// revisions the store accepted (Applied.Seq numbers it).
//
// Inputs carry an id (Input.ID). A delivery retried after a lost reply (the
// write may have taken effect) is answered from the meeting's window of
// ids (InputWindow) as a duplicate, with the Seq it was taken as, and
// changes nothing.
//
// A Host keeps the last meeting it wrote for each meeting it serves, by
// revision, so that a host that is the only one writing a meeting decodes
// nothing; it keeps at most HostConfig.Cached meetings. The inputs to one
// meeting through one Host are taken one at a time (a lock per meeting);
// different meetings proceed in parallel. A Host is safe for concurrent
// use. It reads no clock: every input brings its time, and Sweep is given
// the time to sweep at.
type Host struct {
	store Store
	cfg   HostConfig

	meetings sync.Map // string → *hostEntry

	mu     sync.Mutex
	stats  HostStats
	cached []string // meetings with a meeting kept, oldest first
}

type hostEntry struct {
	mu  sync.Mutex
	m   *Meeting // the meeting as written at rev; nil when none is kept
	rev uint64
}

// HostConfig is how a Host runs.
type HostConfig struct {
	// Attempts bounds how many times one input is taken before the host
	// gives up on conflicts (ErrConflict after that many); 0 means 64.
	Attempts int
	// Cached is how many meetings the host keeps decoded; 0 means 1024.
	Cached int
	// Optimistic writes on the meeting the host kept without loading it
	// first: one round trip to the store instead of two when this host is
	// the only one writing the meeting (a fleet that routes each meeting to
	// one host), and a conflict, a reload and a retry whenever another host
	// wrote it since.
	Optimistic bool
	// Prepare, when set, is called with every meeting before the host takes
	// an input on it, to set up what the snapshot does not hold (the
	// simulator installs its fault injector there). It may be called again
	// for the same input after a conflict.
	Prepare func(id string, m *Meeting)
}

// HostStats counts what a Host did.
type HostStats struct {
	// Applied counts inputs taken and written; Duplicates those answered
	// from the window.
	Applied, Duplicates int
	// Conflicts counts writes refused because another host wrote first (each
	// followed by a reload and a retry).
	Conflicts int
	// Decoded counts snapshots decoded; Reused the loads whose revision was
	// the meeting the host kept.
	Decoded, Reused int
	// Fired counts ticks Sweep took; NotDue the meetings Sweep found not due
	// after all (another host ticked them first, or the store listed more).
	Fired, NotDue int
}

// Applied is what Host.Apply, or a Host's Sweep, did with an input.
type Applied struct {
	// Meeting is the id of the meeting that took the input.
	Meeting string
	// Outcome is the input's outcome (Meeting.Take's); empty for a
	// duplicate.
	Outcome Outcome
	// Duplicate says that the input's id was taken before, as input Seq:
	// nothing changed now.
	Duplicate bool
	// Seq is the input's number in the meeting: the outcome's Seq, or the
	// Seq it was taken as before.
	Seq uint64
	// Input is the input as it was taken: its time is the meeting's clock
	// when it came earlier (hosts' clocks differ).
	Input Input
	// Revision is the meeting's revision after the input (or, for a
	// duplicate, the revision it was found at).
	Revision uint64
	// Conflicts counts the times another host wrote first.
	Conflicts int
}

// hostError is a Host's failure to reach an input's end: the store's error,
// or a snapshot it could not restore. Its text names the operation and the
// meeting; it matches (errors.Is) what Err matches: the store's errors
// (ErrNotFound, ErrConflict, …) and BadSnapshot.
type hostError struct {
	Op      string // "create", "apply", "load", "delete", "sweep"
	Meeting string
	Err     error
}

func (e *hostError) Error() string {
	return "meeting host: " + e.Op + " " + strconv.Quote(e.Meeting) + ": " + e.Err.Error()
}

func (e *hostError) Unwrap() error { return e.Err }

// NewHost returns a host running inputs against store.
func NewHost(store Store, cfg HostConfig) *Host {
	if cfg.Attempts <= 0 {
		cfg.Attempts = 64
	}
	if cfg.Cached <= 0 {
		cfg.Cached = 1024
	}
	return &Host{store: store, cfg: cfg}
}

// Stats returns what the host did so far.
func (h *Host) Stats() HostStats {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.stats
}

func (h *Host) count(f func(*HostStats)) {
	h.mu.Lock()
	f(&h.stats)
	h.mu.Unlock()
}

func (h *Host) entry(id string) *hostEntry {
	if v, ok := h.meetings.Load(id); ok {
		return v.(*hostEntry)
	}
	v, _ := h.meetings.LoadOrStore(id, &hostEntry{})
	return v.(*hostEntry)
}

// keep records that e holds a meeting, and drops the oldest kept meeting
// beyond HostConfig.Cached (unless its entry is busy: then it stays a while
// longer).
func (h *Host) keep(id string, e *hostEntry, m *Meeting, rev uint64) {
	known := e.m != nil
	e.m, e.rev = m, rev
	if known {
		return
	}
	h.mu.Lock()
	h.cached = append(h.cached, id)
	var victim string
	if len(h.cached) > h.cfg.Cached {
		victim, h.cached = h.cached[0], h.cached[1:]
	}
	h.mu.Unlock()
	if victim == "" || victim == id {
		return
	}
	if v, ok := h.meetings.Load(victim); ok {
		ve := v.(*hostEntry)
		if ve.mu.TryLock() {
			ve.m, ve.rev = nil, 0
			ve.mu.Unlock()
		} else {
			h.mu.Lock()
			h.cached = append(h.cached, victim)
			h.mu.Unlock()
		}
	}
}

func (h *Host) drop(e *hostEntry) { e.m, e.rev = nil, 0 }

// Create creates a meeting in the store.
func (h *Host) Create(ctx context.Context, id string, cfg Config) error {
	m, err := New(cfg)
	if err != nil {
		return err
	}
	data, err := m.MarshalJSON()
	if err != nil {
		return &hostError{Op: "create", Meeting: id, Err: err}
	}
	if _, err := h.store.Create(ctx, id, Record{Snapshot: data}); err != nil {
		return &hostError{Op: "create", Meeting: id, Err: err}
	}
	return nil
}

// Delete removes a meeting from the store.
func (h *Host) Delete(ctx context.Context, id string) error {
	e := h.entry(id)
	e.mu.Lock()
	defer e.mu.Unlock()
	h.drop(e)
	if err := h.store.Delete(ctx, id); err != nil {
		return &hostError{Op: "delete", Meeting: id, Err: err}
	}
	return nil
}

// load brings e up to the store's revision of the meeting: the meeting kept
// when the revision is the same, else the snapshot decoded.
func (h *Host) load(ctx context.Context, id string, e *hostEntry) error {
	data, rev, err := h.store.Load(ctx, id)
	if err != nil {
		h.drop(e)
		return err
	}
	if e.m != nil && e.rev == rev {
		h.count(func(s *HostStats) { s.Reused++ })
		return nil
	}
	m, err := Unmarshal(data)
	if err != nil {
		h.drop(e)
		return err
	}
	h.count(func(s *HostStats) { s.Decoded++ })
	h.keep(id, e, m, rev)
	return nil
}

// Apply takes one input on the meeting stored under id and writes it back,
// loading and taking it again whenever another host wrote first. The input
// needs an id of 1 to MaxInputID bytes (without one it is refused at once,
// and nothing is taken): a retry with the same id is answered as a
// duplicate. An input earlier than the meeting's clock is taken at the
// meeting's clock. The meeting's own refusal is in the outcome, not an
// error; an error says the input was not taken (a conflict every attempt,
// an unknown meeting, a snapshot that cannot be restored) or that it is not
// known whether it was (the store failed during the write): retrying it
// with the same id is always safe. An error's text names the operation and
// the meeting; it matches the store's errors (ErrNotFound, ErrConflict, …)
// and BadSnapshot (errors.Is).
func (h *Host) Apply(ctx context.Context, id string, in Input) (Applied, error) {
	if !validInputID(in.ID) {
		return Applied{}, &hostError{Op: "apply", Meeting: id, Err: fmt.Errorf("%w: %q", errInputID, in.ID)}
	}
	e := h.entry(id)
	e.mu.Lock()
	defer e.mu.Unlock()
	return h.apply(ctx, id, e, in, nil)
}

// apply is Apply with e locked. stillWanted, when set, is asked on every
// attempt whether to take the input on the meeting as loaded.
func (h *Host) apply(ctx context.Context, id string, e *hostEntry, in Input, stillWanted func(*Meeting) (Input, bool)) (Applied, error) {
	out := Applied{Meeting: id}
	for attempt := 0; attempt < h.cfg.Attempts; attempt++ {
		if !(h.cfg.Optimistic && attempt == 0 && e.m != nil) {
			if err := h.load(ctx, id, e); err != nil {
				return out, &hostError{Op: "apply", Meeting: id, Err: err}
			}
		}
		m := e.m
		take := in
		if stillWanted != nil {
			var ok bool
			if take, ok = stillWanted(m); !ok {
				return out, errNotDue
			}
		}
		if seq, dup := m.seen(take.ID); dup {
			h.count(func(s *HostStats) { s.Duplicates++ })
			out.Duplicate, out.Seq, out.Input, out.Revision = true, seq, take, e.rev
			return out, nil
		}
		if take.At.Before(m.Now()) {
			take.At = m.Now()
		}
		if h.cfg.Prepare != nil {
			h.cfg.Prepare(id, m)
		}
		o, _ := m.Take(take) // not a duplicate: seen says so
		data, err := m.MarshalJSON()
		if err != nil {
			h.drop(e)
			return out, &hostError{Op: "apply", Meeting: id, Err: err}
		}
		rec := Record{Snapshot: data}
		if due, ok := m.NextDue(); ok && !m.Ended() {
			rec.Due = due
		}
		rev, err := h.store.Update(ctx, id, rec, e.rev)
		if errors.Is(err, ErrConflict) {
			out.Conflicts++
			h.count(func(s *HostStats) { s.Conflicts++ })
			h.drop(e) // it took the input: reload
			continue
		}
		if err != nil {
			h.drop(e)
			return out, &hostError{Op: "apply", Meeting: id, Err: err}
		}
		e.rev = rev
		h.count(func(s *HostStats) { s.Applied++ })
		out.Outcome, out.Seq, out.Input, out.Revision = o, o.Seq, take, rev
		return out, nil
	}
	return out, &hostError{Op: "apply", Meeting: id, Err: ErrConflict}
}

var errNotDue = errors.New("not due")

// errInputID: Host.Apply was given an input whose id is not 1 to
// MaxInputID bytes (a host deduplicates retries by it). Nothing was taken.
var errInputID = errors.New("meeting host: an input needs an id of 1 to 64 bytes")

// View calls f with the meeting as the store holds it now. f must not
// change the meeting or keep it.
func (h *Host) View(ctx context.Context, id string, f func(*Meeting)) error {
	e := h.entry(id)
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := h.load(ctx, id, e); err != nil {
		return &hostError{Op: "load", Meeting: id, Err: err}
	}
	f(e.m)
	return nil
}

// Sweep ticks every meeting with a timer due at now: it lists them
// (Store.Due), and for each loads the meeting and ticks it only if it is
// still due, as an input whose id names the meeting's Seq it was found at.
// Several hosts may sweep at once: a host that loses the compare-and-set
// loads the meeting again and finds it ticked (not due any more), so a due
// timer fires once, through exactly one host. A tick is taken at now or at
// the meeting's clock, whichever is later. It returns the ticks taken,
// meeting by meeting in the order swept (the meetings listed but not due
// once loaded are counted in HostStats.NotDue). The first error stops the
// sweep (what was fired is returned).
func (h *Host) Sweep(ctx context.Context, now time.Time) ([]Applied, error) {
	var out []Applied
	ids, err := h.store.Due(ctx, now)
	if err != nil {
		return out, &hostError{Op: "sweep", Meeting: "", Err: err}
	}
	for _, id := range ids {
		e := h.entry(id)
		e.mu.Lock()
		a, err := h.apply(ctx, id, e, Input{}, func(m *Meeting) (Input, bool) {
			due, ok := m.NextDue()
			if !ok || m.Ended() || due.After(now) {
				return Input{}, false
			}
			return Input{ID: "sweep/" + strconv.FormatUint(m.seq, 10), Kind: InputTick, At: now}, true
		})
		e.mu.Unlock()
		switch {
		case errors.Is(err, errNotDue), errors.Is(err, ErrNotFound):
			h.count(func(s *HostStats) { s.NotDue++ })
		case err != nil:
			return out, err
		case !a.Duplicate:
			out = append(out, a)
			h.count(func(s *HostStats) { s.Fired++ })
		}
	}
	return out, nil
}
