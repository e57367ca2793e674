// Command serve-store serves NATS JetStream meeting stores over its
// standard input and output (package storepipe): one store per host, each
// on a connection of its own. It is what `breakoutfsm simulate --store
// nats` starts (with `go run`, in this module), so that the command and the
// library never depend on a NATS client.
//
// Without -url it starts a NATS server with JetStream inside the process,
// on the loopback interface and a temporary directory it removes when its
// input ends.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/breakoutfsm/breakoutfsm/internal/storepipe"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
	"github.com/breakoutfsm/breakoutfsm/store/natskv"
	"github.com/breakoutfsm/breakoutfsm/store/natskv/internal/embedded"
)

func main() {
	stores := flag.Int("stores", 3, "stores to serve, each on a connection of its own (one per host)")
	url := flag.String("url", "", "a NATS server to use (default: start one in this process on a temporary directory)")
	bucket := flag.String("bucket", natskv.DefaultBucket, "the key-value bucket")
	flag.Parse()
	if err := run(*stores, *url, *bucket); err != nil {
		fmt.Fprintln(os.Stderr, "serve-store:", err)
		os.Exit(1)
	}
}

func run(n int, url, bucket string) error {
	if n < 1 {
		return fmt.Errorf("-stores must be at least 1")
	}
	if url == "" {
		dir, err := os.MkdirTemp("", "breakoutfsm-nats-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		srv, err := embedded.Start(dir, -1)
		if err != nil {
			return err
		}
		defer func() { srv.Shutdown(); srv.WaitForShutdown() }()
		url = srv.ClientURL()
	}
	ss := make([]meeting.Store, n)
	for i := range ss {
		nc, err := nats.Connect(url, nats.Name(fmt.Sprintf("breakoutfsm host %d", i+1)),
			nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond), nats.ReconnectBufSize(-1))
		if err != nil {
			return err
		}
		defer nc.Close()
		s, err := natskv.Open(context.Background(), nc, natskv.Options{Bucket: bucket})
		if err != nil {
			return err
		}
		ss[i] = s
	}
	return storepipe.Serve(os.Stdin, os.Stdout, ss)
}
