package natskv_test

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting/meetingtest"
	"github.com/breakoutfsm/breakoutfsm/store/natskv"
	"github.com/breakoutfsm/breakoutfsm/store/natskv/internal/embedded"
)

// startServer starts an in-process NATS server with JetStream on a
// temporary directory, on the loopback interface, stopped at the test's end.
func startServer(t testing.TB) (*server.Server, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := embedded.Start(dir, -1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown)
	return s, dir
}

// connect opens a connection of its own to the server (a host's), closed at
// the test's end. It reconnects for ever, quickly, and buffers nothing while
// disconnected: a write during an outage fails instead of waiting.
func connect(t testing.TB, url string) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(url, nats.MaxReconnects(-1), nats.ReconnectWait(20*time.Millisecond), nats.ReconnectBufSize(-1),
		nats.ErrorHandler(func(*nats.Conn, *nats.Subscription, error) {}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	return nc
}

func open(t testing.TB, nc *nats.Conn, bucket string) meeting.Store {
	t.Helper()
	s, err := natskv.Open(context.Background(), nc, natskv.Options{Bucket: bucket, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStore_KeepsTheStoreContract(t *testing.T) {
	srv, _ := startServer(t)
	nc := connect(t, srv.ClientURL())
	n := 0
	meetingtest.CheckStore(t, func(t *testing.T) meeting.Store {
		n++
		return open(t, nc, "contract_"+string(rune('a'+n)))
	})
}

// TestStore_MeetingIDsAreEncoded stores a meeting under a Teams thread id,
// whose ':' and '@' no key may hold.
func TestStore_MeetingIDsAreEncoded(t *testing.T) {
	srv, _ := startServer(t)
	s := open(t, connect(t, srv.ClientURL()), "")
	ctx := context.Background()
	id := "19:meeting_NjQ4@thread.v2"
	due := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	if _, err := s.Create(ctx, id, meeting.Record{Snapshot: []byte(`{}`), Due: due}); err != nil {
		t.Fatal(err)
	}
	ids, err := s.Due(ctx, due)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || ids[0] != id {
		t.Fatalf("due: %q, want [%q]", ids, id)
	}
}
