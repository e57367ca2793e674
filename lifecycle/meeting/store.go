package meeting

import (
	"context"
	"time"
)

// Store keeps the meetings of a fleet of hosts: one record per meeting,
// its snapshot (Meeting.MarshalJSON) and when it next needs a tick,
// under a revision that changes with every write. Every host of the fleet
// reads and writes the same store; the store's compare-and-set is what
// keeps them from overwriting each other (Host). A meeting is the unit:
// its inputs are applied one at a time, in one order, and meetings never
// share a record, so the fleet scales by meetings.
//
// NewMemStore is the in-memory implementation (one process); the natskv module
// (store/natskv) implements it on NATS JetStream key-value. Another store
// needs a compare-and-set on one key's revision, and some way to list the
// meetings due (docs/GUIDE.md, "Running a fleet").
//
// A Store is safe for concurrent use. Its errors match ErrNotFound,
// ErrExists and ErrConflict (errors.Is) where those apply; any other error
// (the store unreachable, the context done, a record too large) says the
// call may or may not have taken effect.
type Store interface {
	// Create stores a new meeting. It fails with ErrExists if the store
	// holds a meeting under id.
	Create(ctx context.Context, id string, rec Record) (revision uint64, err error)
	// Load returns the meeting stored under id and its revision, or
	// ErrNotFound.
	Load(ctx context.Context, id string) (data []byte, revision uint64, err error)
	// Update replaces the meeting stored under id only if its revision is
	// still revision: ErrConflict if another write came first, ErrNotFound
	// if it was deleted (a store that cannot tell a deleted meeting from
	// one written since may say ErrConflict: the host's reload then finds
	// it gone). It returns the new revision.
	Update(ctx context.Context, id string, rec Record, revision uint64) (uint64, error)
	// Delete removes the meeting stored under id (ErrNotFound if none).
	Delete(ctx context.Context, id string) error
	// Due lists, sorted, the meetings whose Record.Due is at or before
	// before. It must list every such meeting; it may list others (a host
	// checks the meeting itself before it ticks it).
	Due(ctx context.Context, before time.Time) ([]string, error)
}

// Record is what a store keeps of one meeting.
type Record struct {
	// Snapshot is the meeting's snapshot as Meeting.MarshalJSON encodes it.
	Snapshot []byte
	// Due is when the meeting next needs a tick (Meeting.NextDue); zero
	// when it needs none.
	Due time.Time
}

// The store's errors. A Store's error matches one of these (errors.Is)
// when it says exactly this; any other error leaves the outcome unknown.
// They are constants: no package can change what they are.
const (
	// ErrNotFound: the store holds no meeting under that id.
	ErrNotFound storeError = "meeting store: no such meeting"
	// ErrExists: the store already holds a meeting under that id.
	ErrExists storeError = "meeting store: the meeting exists"
	// ErrConflict: the meeting's revision is not the one the write was
	// based on: another host wrote it first.
	ErrConflict storeError = "meeting store: revision conflict"
)

// storeError is the type of the store's errors, a string so that they can
// be constants.
type storeError string

func (e storeError) Error() string { return string(e) }
