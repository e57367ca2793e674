package meetingtest

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// CheckStore checks a store's contract: create, load, compare-and-set,
// delete and the due list, on stores newStore makes (each test gets a new
// one).
func CheckStore(t *testing.T, newStore func(t *testing.T) meeting.Store) {
	ctx := context.Background()
	at := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	rec := func(s string, due time.Time) meeting.Record { return meeting.Record{Snapshot: []byte(s), Due: due} }

	t.Run("CreateLoadUpdate", func(t *testing.T) {
		s := newStore(t)
		r1, err := s.Create(ctx, "m1", rec(`{"a":1}`, time.Time{}))
		must(t, err)
		if _, err := s.Create(ctx, "m1", rec(`{"a":2}`, time.Time{})); !errors.Is(err, meeting.ErrExists) {
			t.Fatalf("a second create: %v, want ErrExists", err)
		}
		data, rev, err := s.Load(ctx, "m1")
		must(t, err)
		if string(data) != `{"a":1}` || rev != r1 {
			t.Fatalf("load: %s at %d, want {\"a\":1} at %d", data, rev, r1)
		}
		r2, err := s.Update(ctx, "m1", rec(`{"a":3}`, time.Time{}), r1)
		must(t, err)
		if r2 <= r1 {
			t.Fatalf("revision %d after %d: revisions grow", r2, r1)
		}
		if _, err := s.Update(ctx, "m1", rec(`{"a":4}`, time.Time{}), r1); !errors.Is(err, meeting.ErrConflict) {
			t.Fatalf("an update on a stale revision: %v, want ErrConflict", err)
		}
		data, rev, err = s.Load(ctx, "m1")
		must(t, err)
		if string(data) != `{"a":3}` || rev != r2 {
			t.Fatalf("after a refused update: %s at %d, want {\"a\":3} at %d", data, rev, r2)
		}
		if _, _, err := s.Load(ctx, "nothing"); !errors.Is(err, meeting.ErrNotFound) {
			t.Fatalf("load of nothing: %v, want ErrNotFound", err)
		}
		if _, err := s.Update(ctx, "nothing", rec(`{}`, time.Time{}), r2); !errors.Is(err, meeting.ErrNotFound) && !errors.Is(err, meeting.ErrConflict) {
			t.Fatalf("update of nothing: %v, want ErrNotFound or ErrConflict", err)
		}
	})

	t.Run("DeleteThenCreate", func(t *testing.T) {
		s := newStore(t)
		r1, err := s.Create(ctx, "m1", rec(`{"v":1}`, time.Time{}))
		must(t, err)
		must(t, s.Delete(ctx, "m1"))
		if _, _, err := s.Load(ctx, "m1"); !errors.Is(err, meeting.ErrNotFound) {
			t.Fatalf("load after delete: %v, want ErrNotFound", err)
		}
		if _, err := s.Update(ctx, "m1", rec(`{"v":2}`, time.Time{}), r1); err == nil {
			t.Fatal("an update of a deleted meeting succeeded")
		}
		if err := s.Delete(ctx, "m1"); !errors.Is(err, meeting.ErrNotFound) {
			t.Fatalf("a second delete: %v, want ErrNotFound", err)
		}
		r2, err := s.Create(ctx, "m1", rec(`{"v":3}`, time.Time{}))
		must(t, err)
		if r2 <= r1 {
			t.Fatalf("revision %d of the new meeting after %d: a revision is never reused", r2, r1)
		}
		if _, err := s.Update(ctx, "m1", rec(`{"v":4}`, time.Time{}), r1); !errors.Is(err, meeting.ErrConflict) {
			t.Fatalf("an update based on the deleted meeting's revision: %v, want ErrConflict", err)
		}
		data, _, err := s.Load(ctx, "m1")
		must(t, err)
		if string(data) != `{"v":3}` {
			t.Fatalf("load: %s", data)
		}
	})

	t.Run("Due", func(t *testing.T) {
		s := newStore(t)
		_, err := s.Create(ctx, "early", rec(`{}`, at))
		must(t, err)
		_, err = s.Create(ctx, "late", rec(`{}`, at.Add(time.Hour)))
		must(t, err)
		_, err = s.Create(ctx, "never", rec(`{}`, time.Time{}))
		must(t, err)
		r, err := s.Create(ctx, "moved", rec(`{}`, at.Add(2*time.Hour)))
		must(t, err)
		_, err = s.Update(ctx, "moved", rec(`{}`, at.Add(-time.Minute)), r)
		must(t, err)
		_, err = s.Create(ctx, "gone", rec(`{}`, at))
		must(t, err)
		must(t, s.Delete(ctx, "gone"))

		ids, err := s.Due(ctx, at)
		must(t, err)
		for _, want := range []string{"early", "moved"} {
			if !contains(ids, want) {
				t.Fatalf("due at %v: %v, missing %s", at, ids, want)
			}
		}
		// A store may list more than is due (the host checks), but never a
		// meeting that needs no tick or is gone, in these simple cases.
		for _, not := range []string{"never", "gone", "late"} {
			if contains(ids, not) {
				t.Fatalf("due at %v: %v lists %s", at, ids, not)
			}
		}
		ids, err = s.Due(ctx, at.Add(time.Hour))
		must(t, err)
		if !contains(ids, "late") {
			t.Fatalf("due an hour later: %v, missing late", ids)
		}
	})

	t.Run("ConcurrentCompareAndSet", func(t *testing.T) {
		s := newStore(t)
		_, err := s.Create(ctx, "m", rec(`0`, time.Time{}))
		must(t, err)
		// Eight writers each add one, a hundred times, by compare-and-set:
		// no increment may be lost.
		const writers, each = 8, 100
		errs := make(chan error, writers)
		for range writers {
			go func() {
				for range each {
					for {
						data, rev, err := s.Load(ctx, "m")
						if err != nil {
							errs <- err
							return
						}
						n, _ := strconv.Atoi(string(data))
						_, err = s.Update(ctx, "m", rec(strconv.Itoa(n+1), time.Time{}), rev)
						if err == nil {
							break
						}
						if !errors.Is(err, meeting.ErrConflict) {
							errs <- err
							return
						}
					}
				}
				errs <- nil
			}()
		}
		for range writers {
			must(t, <-errs)
		}
		data, _, err := s.Load(ctx, "m")
		must(t, err)
		if got, _ := strconv.Atoi(string(data)); got != writers*each {
			t.Fatalf("counter %d after %d increments", got, writers*each)
		}
	})
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
