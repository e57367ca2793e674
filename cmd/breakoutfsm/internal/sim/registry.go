package sim

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// registry holds the simulated meetings and is safe for concurrent use. The
// inputs to one meeting are applied one at a time, in the order their
// callers take the meeting's lock; different meetings proceed in parallel.
// Finding a meeting takes no lock (a sync.Map read), so the hot path holds
// only the one meeting's lock: there is no global lock.
type registry struct {
	meetings sync.Map // string → *entry
}

// entry is one meeting and its lock. A removed entry stays gone: a caller
// that found it just before the removal sees it removed once it holds the
// lock.
type entry struct {
	mu   sync.Mutex
	m    *meeting.Meeting
	gone bool
}

// The registry's refusals.
var (
	errUnknownMeeting   = errors.New("the registry holds no such meeting")
	errDuplicateMeeting = errors.New("the registry already holds that meeting")
)

// newRegistry returns an empty registry.
func newRegistry() *registry { return &registry{} }

// create adds a meeting with that id. An id already held is refused.
func (r *registry) create(id string, cfg meeting.Config) error {
	m, err := meeting.New(cfg)
	if err != nil {
		return err
	}
	if _, loaded := r.meetings.LoadOrStore(id, &entry{m: m}); loaded {
		return fmt.Errorf("%w: %s", errDuplicateMeeting, strconv.Quote(id))
	}
	return nil
}

// do runs f with the meeting, holding that meeting's lock: f sees every
// earlier input to the meeting and no later one. Everything f reads from
// the meeting must be copied out before f returns (outcomes already are).
// f must not call the registry for the same meeting.
func (r *registry) do(id string, f func(*meeting.Meeting)) error {
	v, ok := r.meetings.Load(id)
	if !ok {
		return unknownMeeting(id)
	}
	e := v.(*entry)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.gone {
		return unknownMeeting(id)
	}
	f(e.m)
	return nil
}

// remove takes the meeting out of the registry, once the inputs being
// applied to it are done. It reports whether the registry held it.
func (r *registry) remove(id string) bool {
	v, ok := r.meetings.LoadAndDelete(id)
	if !ok {
		return false
	}
	e := v.(*entry)
	e.mu.Lock()
	e.gone = true
	e.mu.Unlock()
	return true
}

// ids lists the meetings' ids, sorted.
func (r *registry) ids() []string {
	var ids []string
	r.meetings.Range(func(k, _ any) bool {
		ids = append(ids, k.(string))
		return true
	})
	slices.Sort(ids)
	return ids
}

func unknownMeeting(id string) error {
	return fmt.Errorf("%w: %s", errUnknownMeeting, strconv.Quote(id))
}
