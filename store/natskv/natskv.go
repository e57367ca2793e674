package natskv

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// DefaultBucket is the bucket's name when Options.Bucket is empty.
const DefaultBucket = "breakoutfsm_meetings"

// MaxValueSize is the largest snapshot the bucket takes: 1 MiB, NATS's
// default max_payload, less 1 KiB for the message's headers.
const MaxValueSize = 1<<20 - 1<<10

// DueHeader carries the meeting's next due time with its snapshot.
const DueHeader = "Breakoutfsm-Due"

// Options say which bucket to use and how long a call may take.
type Options struct {
	// Bucket is the key-value bucket (DefaultBucket when empty). Open
	// creates it if it does not exist.
	Bucket string
	// Timeout bounds each call whose context has no deadline (0: 5s).
	Timeout time.Duration
	// Storage is where the server keeps the bucket (file by default).
	Storage jetstream.StorageType
}

// store is a meeting.Store in a JetStream key-value bucket (Open).
type store struct {
	js      jetstream.JetStream
	kv      jetstream.KeyValue
	stream  jetstream.Stream
	bucket  string
	timeout time.Duration
}

var _ meeting.Store = (*store)(nil)

// Open opens the bucket over nc, creating it (history 1, MaxValueSize) if
// it does not exist, and returns the meeting.Store it holds: safe for
// concurrent use, on the caller's connection (see the package doc for its
// layout, its compare-and-set, a create right after a delete and what a
// sweep costs). Its errors are *Error.
func Open(ctx context.Context, nc *nats.Conn, o Options) (meeting.Store, error) {
	if o.Bucket == "" {
		o.Bucket = DefaultBucket
	}
	if o.Timeout <= 0 {
		o.Timeout = 5 * time.Second
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, &Error{Op: "open", Err: err}
	}
	s := &store{js: js, bucket: o.Bucket, timeout: o.Timeout}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	kv, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: o.Bucket, History: 1, MaxValueSize: MaxValueSize, Storage: o.Storage,
		Description: "breakoutfsm meetings: one key per meeting, its snapshot, and its due time in a header",
	})
	if err != nil {
		return nil, &Error{Op: "open", Err: err}
	}
	stream, err := js.Stream(ctx, "KV_"+o.Bucket)
	if err != nil {
		return nil, &Error{Op: "open", Err: err}
	}
	s.kv, s.stream = kv, stream
	return s, nil
}

// Error is a failed call: the operation, the meeting, and the cause
// (which matches meeting.ErrNotFound, ErrExists or ErrConflict where one
// applies, and the NATS error otherwise).
type Error struct {
	Op      string
	Meeting string
	Err     error
}

func (e *Error) Error() string {
	if e.Meeting == "" {
		return "natskv: " + e.Op + ": " + e.Err.Error()
	}
	return "natskv: " + e.Op + " " + strconv.Quote(e.Meeting) + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

func (s *store) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, s.timeout)
}

// key is the meeting's key in the bucket.
func key(id string) string { return "m." + base64.RawURLEncoding.EncodeToString([]byte(id)) }

func (s *store) subject(id string) string { return "$KV." + s.bucket + "." + key(id) }

// isWrongLastSequence reports a compare-and-set refused by the server.
func isWrongLastSequence(err error) bool {
	var api *jetstream.APIError
	return errors.As(err, &api) &&
		(api.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence || api.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant)
}

// publish writes a meeting expecting revision last on its key.
func (s *store) publish(ctx context.Context, id string, rec meeting.Record, last uint64) (uint64, error) {
	m := &nats.Msg{Subject: s.subject(id), Header: nats.Header{}, Data: rec.Snapshot}
	if !rec.Due.IsZero() {
		m.Header.Set(DueHeader, strconv.FormatInt(rec.Due.UnixNano(), 10))
	}
	ack, err := s.js.PublishMsg(ctx, m, jetstream.WithExpectLastSequencePerSubject(last))
	if err != nil {
		return 0, err
	}
	return ack.Sequence, nil
}

// Create stores a new meeting (see the package doc for a create right
// after a delete).
func (s *store) Create(ctx context.Context, id string, rec meeting.Record) (uint64, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	rev, err := s.publish(ctx, id, rec, 0)
	if err == nil {
		return rev, nil
	}
	if !isWrongLastSequence(err) {
		return 0, &Error{Op: "create", Meeting: id, Err: err}
	}
	last, gerr := s.stream.GetLastMsgForSubject(ctx, s.subject(id))
	switch {
	case gerr != nil:
		return 0, &Error{Op: "create", Meeting: id, Err: gerr}
	case !deleted(last.Header):
		return 0, &Error{Op: "create", Meeting: id, Err: meeting.ErrExists}
	}
	rev, err = s.publish(ctx, id, rec, last.Sequence)
	switch {
	case isWrongLastSequence(err):
		// Another host re-created it first.
		return 0, &Error{Op: "create", Meeting: id, Err: meeting.ErrExists}
	case err != nil:
		return 0, &Error{Op: "create", Meeting: id, Err: err}
	}
	return rev, nil
}

// deleted reports a KV delete or purge marker.
func deleted(h nats.Header) bool {
	op := h.Get("KV-Operation")
	return op == "DEL" || op == "PURGE"
}

// Load returns a meeting and its revision.
func (s *store) Load(ctx context.Context, id string) ([]byte, uint64, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	e, err := s.kv.Get(ctx, key(id))
	if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted) {
		return nil, 0, &Error{Op: "load", Meeting: id, Err: meeting.ErrNotFound}
	}
	if err != nil {
		return nil, 0, &Error{Op: "load", Meeting: id, Err: err}
	}
	return e.Value(), e.Revision(), nil
}

// Update replaces a meeting if its revision is still rev.
func (s *store) Update(ctx context.Context, id string, rec meeting.Record, rev uint64) (uint64, error) {
	if rev == 0 {
		return 0, &Error{Op: "update", Meeting: id, Err: meeting.ErrNotFound}
	}
	ctx, cancel := s.bound(ctx)
	defer cancel()
	n, err := s.publish(ctx, id, rec, rev)
	if isWrongLastSequence(err) {
		return 0, &Error{Op: "update", Meeting: id, Err: meeting.ErrConflict}
	}
	if err != nil {
		return 0, &Error{Op: "update", Meeting: id, Err: err}
	}
	return n, nil
}

// Delete removes a meeting: a delete marker, written only on the revision
// read, so that a meeting re-created meanwhile is not deleted by mistake.
func (s *store) Delete(ctx context.Context, id string) error {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	for range 16 {
		e, err := s.kv.Get(ctx, key(id))
		if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted) {
			return &Error{Op: "delete", Meeting: id, Err: meeting.ErrNotFound}
		}
		if err != nil {
			return &Error{Op: "delete", Meeting: id, Err: err}
		}
		err = s.kv.Delete(ctx, key(id), jetstream.LastRevision(e.Revision()))
		if err == nil {
			return nil
		}
		if !isWrongLastSequence(err) && !errors.Is(err, jetstream.ErrKeyRevisionMismatch) {
			return &Error{Op: "delete", Meeting: id, Err: err}
		}
	}
	return &Error{Op: "delete", Meeting: id, Err: meeting.ErrConflict}
}

// Due lists the meetings due at or before before, from the headers of the
// last message of every meeting key.
func (s *store) Due(ctx context.Context, before time.Time) ([]string, error) {
	ctx, cancel := s.bound(ctx)
	defer cancel()
	cons, err := s.stream.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{"$KV." + s.bucket + ".m.>"},
		DeliverPolicy:  jetstream.DeliverLastPerSubjectPolicy,
		HeadersOnly:    true,
	})
	if err != nil {
		return nil, &Error{Op: "due", Err: err}
	}
	info, err := cons.Info(ctx)
	if err != nil {
		return nil, &Error{Op: "due", Err: err}
	}
	pending := info.NumPending
	var ids []string
	for pending > 0 {
		batch, err := cons.Fetch(int(min(pending, 1000)), jetstream.FetchContext(ctx))
		if err != nil {
			return nil, &Error{Op: "due", Err: err}
		}
		got := 0
		for msg := range batch.Messages() {
			got++
			pending--
			if md, err := msg.Metadata(); err == nil && md.NumPending < pending {
				pending = md.NumPending
			}
			h := msg.Headers()
			if deleted(h) {
				continue
			}
			v := h.Get(DueHeader)
			if v == "" {
				continue
			}
			ns, err := strconv.ParseInt(v, 10, 64)
			if err != nil || time.Unix(0, ns).After(before) {
				continue
			}
			id, ok := idOf(msg.Subject(), s.bucket)
			if ok {
				ids = append(ids, id)
			}
		}
		if err := batch.Error(); err != nil {
			return nil, &Error{Op: "due", Err: err}
		}
		if got == 0 {
			return nil, &Error{Op: "due", Err: fmt.Errorf("%d meetings announced, none delivered", pending)}
		}
	}
	slices.Sort(ids)
	return ids, nil
}

// idOf decodes the meeting id from a key's subject.
func idOf(subject, bucket string) (string, bool) {
	enc, ok := strings.CutPrefix(subject, "$KV."+bucket+".m.")
	if !ok {
		return "", false
	}
	b, err := base64.RawURLEncoding.DecodeString(enc)
	return string(b), err == nil
}
