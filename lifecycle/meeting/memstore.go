package meeting

import (
	"context"
	"slices"
	"sync"
	"time"
)

// memStore is a Store in memory (NewMemStore).
type memStore struct {
	mu   sync.Mutex
	rev  uint64
	recs map[string]memRecord
}

type memRecord struct {
	data []byte
	rev  uint64
	due  time.Time
}

// NewMemStore returns an empty Store in memory, for one process: the
// default, and the reference the other stores are tested against. Due scans
// every record, exactly. Revisions count every write to the store (like a
// stream's sequence), so a meeting deleted and created again never reuses a
// revision. It is safe for concurrent use.
func NewMemStore() Store { return &memStore{recs: make(map[string]memRecord)} }

func (s *memStore) put(id string, rec Record) uint64 {
	s.rev++
	s.recs[id] = memRecord{data: slices.Clone(rec.Snapshot), rev: s.rev, due: rec.Due}
	return s.rev
}

// Create stores a new meeting.
func (s *memStore) Create(ctx context.Context, id string, rec Record) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.recs[id]; ok {
		return 0, ErrExists
	}
	return s.put(id, rec), nil
}

// Load returns a meeting and its revision.
func (s *memStore) Load(ctx context.Context, id string) ([]byte, uint64, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.recs[id]
	if !ok {
		return nil, 0, ErrNotFound
	}
	return slices.Clone(r.data), r.rev, nil
}

// Update replaces a meeting if its revision is still rev.
func (s *memStore) Update(ctx context.Context, id string, rec Record, rev uint64) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.recs[id]
	switch {
	case !ok:
		return 0, ErrNotFound
	case r.rev != rev:
		return 0, ErrConflict
	}
	return s.put(id, rec), nil
}

// Delete removes a meeting.
func (s *memStore) Delete(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.recs[id]; !ok {
		return ErrNotFound
	}
	delete(s.recs, id)
	s.rev++
	return nil
}

// Due lists the meetings due at or before before: a scan of every record,
// exact.
func (s *memStore) Due(ctx context.Context, before time.Time) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id, r := range s.recs {
		if !r.due.IsZero() && !r.due.After(before) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids, nil
}
