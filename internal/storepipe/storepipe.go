package storepipe

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// Ready is the line a server writes once its stores are open, before it
// reads any request.
const Ready = `{"ready":true}`

type request struct {
	ID       uint64    `json:"id"`
	Store    int       `json:"store"`
	Op       string    `json:"op"`
	Meeting  string    `json:"meeting,omitempty"`
	Snapshot []byte    `json:"snapshot,omitempty"`
	Due      time.Time `json:"due,omitzero"`
	Revision uint64    `json:"revision,omitempty"`
	Before   time.Time `json:"before,omitzero"`
}

type response struct {
	ID       uint64   `json:"id"`
	Revision uint64   `json:"revision,omitempty"`
	Snapshot []byte   `json:"snapshot,omitempty"`
	IDs      []string `json:"ids,omitempty"`
	Err      string   `json:"err,omitempty"` // "notFound", "exists", "conflict", or "other"
	Message  string   `json:"message,omitempty"`
}

// Serve writes Ready, then answers the requests read from r on w until r
// ends, with stores[i] serving the requests for store i.
func Serve(r io.Reader, w io.Writer, stores []meeting.Store) error {
	var mu sync.Mutex
	out := bufio.NewWriter(w)
	write := func(v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		out.Write(append(b, '\n'))
		return out.Flush()
	}
	if _, err := io.WriteString(w, Ready+"\n"); err != nil {
		return err
	}
	in := bufio.NewScanner(r)
	in.Buffer(make([]byte, 64<<10), 4<<20)
	var wg sync.WaitGroup
	defer wg.Wait()
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			return fmt.Errorf("storepipe: unreadable request: %v", err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = write(serve(stores, req))
		}()
	}
	return in.Err()
}

func serve(stores []meeting.Store, req request) response {
	res := response{ID: req.ID}
	if req.Store < 0 || req.Store >= len(stores) {
		res.Err, res.Message = "other", fmt.Sprintf("no store %d", req.Store)
		return res
	}
	s, ctx := stores[req.Store], context.Background()
	var err error
	rec := meeting.Record{Snapshot: req.Snapshot, Due: req.Due}
	switch req.Op {
	case "create":
		res.Revision, err = s.Create(ctx, req.Meeting, rec)
	case "load":
		res.Snapshot, res.Revision, err = s.Load(ctx, req.Meeting)
	case "update":
		res.Revision, err = s.Update(ctx, req.Meeting, rec, req.Revision)
	case "delete":
		err = s.Delete(ctx, req.Meeting)
	case "due":
		res.IDs, err = s.Due(ctx, req.Before)
	default:
		err = fmt.Errorf("unknown operation %q", req.Op)
	}
	if err != nil {
		res.Err, res.Message = "other", err.Error()
		for code, sentinel := range sentinels {
			if errors.Is(err, sentinel) {
				res.Err = code
			}
		}
	}
	return res
}

var sentinels = map[string]error{"notFound": meeting.ErrNotFound, "exists": meeting.ErrExists, "conflict": meeting.ErrConflict}

// Client is the client end of a pipe: Store(i) is the server's store i.
type Client struct {
	mu      sync.Mutex
	w       io.Writer
	next    uint64
	waiting map[uint64]chan response
	err     error // set once the server's output ends
}

// Dial reads the server's Ready line from r and returns a client writing
// its requests to w. It reads responses from r until r ends.
func Dial(r io.Reader, w io.Writer) (*Client, error) {
	in := bufio.NewScanner(r)
	in.Buffer(make([]byte, 64<<10), 4<<20)
	if !in.Scan() {
		err := in.Err()
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("storepipe: the store server ended before it was ready: %w", err)
	}
	if in.Text() != Ready {
		return nil, fmt.Errorf("storepipe: the store server said %q, not %s", in.Text(), Ready)
	}
	c := &Client{w: w, waiting: map[uint64]chan response{}}
	go c.read(in)
	return c, nil
}

func (c *Client) read(in *bufio.Scanner) {
	for in.Scan() {
		var res response
		if json.Unmarshal(in.Bytes(), &res) != nil {
			continue
		}
		c.mu.Lock()
		ch := c.waiting[res.ID]
		delete(c.waiting, res.ID)
		c.mu.Unlock()
		if ch != nil {
			ch <- res
		}
	}
	c.mu.Lock()
	c.err = errors.New("storepipe: the store server's output ended")
	for id, ch := range c.waiting {
		close(ch)
		delete(c.waiting, id)
	}
	c.mu.Unlock()
}

func (c *Client) call(ctx context.Context, req request) (response, error) {
	ch := make(chan response, 1)
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return response{}, c.err
	}
	c.next++
	req.ID = c.next
	c.waiting[req.ID] = ch
	b, err := json.Marshal(req)
	if err == nil {
		_, err = c.w.Write(append(b, '\n'))
	}
	c.mu.Unlock()
	if err != nil {
		return response{}, err
	}
	select {
	case res, ok := <-ch:
		if !ok {
			return response{}, c.err
		}
		if res.Err != "" {
			if s, ok := sentinels[res.Err]; ok {
				return res, fmt.Errorf("storepipe: %s: %w", res.Message, s)
			}
			return res, errors.New("storepipe: " + res.Message)
		}
		return res, nil
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.waiting, req.ID)
		c.mu.Unlock()
		return response{}, ctx.Err()
	}
}

// Store is the server's store i.
func (c *Client) Store(i int) meeting.Store { return &store{c: c, i: i} }

type store struct {
	c *Client
	i int
}

var _ meeting.Store = (*store)(nil)

func (s *store) Create(ctx context.Context, id string, rec meeting.Record) (uint64, error) {
	res, err := s.c.call(ctx, request{Store: s.i, Op: "create", Meeting: id, Snapshot: rec.Snapshot, Due: rec.Due})
	return res.Revision, err
}

func (s *store) Load(ctx context.Context, id string) ([]byte, uint64, error) {
	res, err := s.c.call(ctx, request{Store: s.i, Op: "load", Meeting: id})
	return res.Snapshot, res.Revision, err
}

func (s *store) Update(ctx context.Context, id string, rec meeting.Record, rev uint64) (uint64, error) {
	res, err := s.c.call(ctx, request{Store: s.i, Op: "update", Meeting: id, Snapshot: rec.Snapshot, Due: rec.Due, Revision: rev})
	return res.Revision, err
}

func (s *store) Delete(ctx context.Context, id string) error {
	_, err := s.c.call(ctx, request{Store: s.i, Op: "delete", Meeting: id})
	return err
}

func (s *store) Due(ctx context.Context, before time.Time) ([]string, error) {
	res, err := s.c.call(ctx, request{Store: s.i, Op: "due", Before: before})
	return res.IDs, err
}
