package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/breakoutfsm/breakoutfsm/cmd/breakoutfsm/internal/sim"
	"github.com/breakoutfsm/breakoutfsm/internal/inject"
	"github.com/breakoutfsm/breakoutfsm/internal/storepipe"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// This file is simulate's fleet mode: --hosts N --store S runs every input
// of the simulated meetings also through N meeting.Hosts sharing a store,
// and checks that the fleet takes each input exactly once, with the
// simulation's outcome.
//
// The NATS store lives in its own module (store/natskv), so that neither
// the library nor this command depends on a NATS client: --store nats
// starts `go run ./cmd/serve-store` in that module, which runs a NATS
// server in its process and serves one store per host, each on a
// connection of its own, over its standard input and output (package
// storepipe). The hosts, the simulation and the checks stay here. A store
// module that serves its stores the same way (store/<name>/cmd/serve-store)
// is usable as --store <name>.

// fleetFlags are simulate's --hosts and --store.
type fleetFlags struct {
	hosts *int
	store *string
	f     *fleet
}

func addFleetFlags(fs *flag.FlagSet) *fleetFlags {
	return &fleetFlags{
		hosts: fs.Int("hosts", 1, "with --store: hosts every input also goes through, round robin"),
		store: fs.String("store", "", "run every input also through --hosts hosts sharing a store and check that each is taken exactly once:\n"+
			"memory, or nats (JetStream key-value on a NATS server started in a helper process: go run ./cmd/serve-store in store/natskv; needs the source tree)"),
	}
}

// attach sets up the fleet when --store is given. It returns false with an
// exit status when it cannot.
func (ff *fleetFlags) attach(cfg *sim.Config, e *env) (int, bool) {
	if *ff.store == "" {
		if *ff.hosts != 1 {
			return usageError(e, "simulate", "--hosts needs --store"), false
		}
		return 0, true
	}
	if *ff.hosts < 1 || *ff.hosts > 64 {
		return usageError(e, "simulate", "--hosts must be from 1 to 64, got %d", *ff.hosts), false
	}
	f := &fleet{name: *ff.store, faults: map[string][]inject.Fault{}, stop: func() error { return nil }}
	var stores []meeting.Store
	switch *ff.store {
	case "memory":
		mem := meeting.NewMemStore()
		for range *ff.hosts {
			stores = append(stores, mem)
		}
		f.about = "one in-memory store"
	default:
		var err error
		if stores, err = f.startStoreServer(*ff.store, *ff.hosts, e); err != nil {
			fmt.Fprintf(e.stderr, "breakoutfsm simulate: --store %s: %v\n", *ff.store, err)
			return exitUsage, false
		}
	}
	for _, s := range stores {
		f.hosts = append(f.hosts, meeting.NewHost(s, meeting.HostConfig{Optimistic: true, Prepare: f.prepare}))
	}
	ff.f = f
	cfg.Through = f
	return 0, true
}

// report prints the fleet's lines after the summary, and stops the store
// server.
func (ff *fleetFlags) report(e *env) {
	if ff.f == nil {
		return
	}
	f := ff.f
	if err := f.stop(); err != nil {
		fmt.Fprintf(e.stderr, "breakoutfsm simulate: stopping the store: %v\n", err)
	}
	var st meeting.HostStats
	for _, h := range f.hosts {
		s := h.Stats()
		st.Applied += s.Applied
		st.Duplicates += s.Duplicates
		st.Conflicts += s.Conflicts
		st.Decoded += s.Decoded
		st.Reused += s.Reused
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	fmt.Fprintf(e.stdout, "\nfleet             %d host(s) over %s\n", len(f.hosts), f.about)
	fmt.Fprintf(e.stdout, "  inputs          %d through the fleet, round robin, in %s\n", f.taken, f.elapsed.Round(time.Millisecond))
	fmt.Fprintf(e.stdout, "  conflicts       %d retried (a host wrote on its copy while another host had written since: reloaded, taken again)\n", st.Conflicts)
	fmt.Fprintf(e.stdout, "  snapshots       %d decoded, %d loads found the host's copy current\n", st.Decoded, st.Reused)
	if len(f.problems) == 0 && f.taken > 0 && f.done == f.meetings {
		fmt.Fprintf(e.stdout, "  exactly once    every input applied exactly once: each as the simulation's input of the same number, with the same outcome, and every meeting's final snapshot equal to the simulation's\n")
		return
	}
	fmt.Fprintf(e.stdout, "  exactly once    NOT SHOWN: %d problem(s); first ones:\n", len(f.problems))
	for _, p := range f.problems[:min(len(f.problems), 10)] {
		fmt.Fprintf(e.stdout, "                  %s\n", p)
	}
}

// fleet is the hosts, their store and what they did; it is the
// simulation's sim.Through.
type fleet struct {
	name, about string
	hosts       []*meeting.Host
	stop        func() error

	mu       sync.Mutex
	faults   map[string][]inject.Fault // each meeting's input's fault decisions
	taken    int
	meetings int
	done     int
	elapsed  time.Duration
	problems []string
}

var _ sim.Through = (*fleet)(nil)

func fleetMeeting(i int) string { return "meeting-" + strconv.Itoa(i) }

func (f *fleet) problem(err error) error {
	f.mu.Lock()
	f.problems = append(f.problems, err.Error())
	f.mu.Unlock()
	return err
}

func (f *fleet) Create(i int, cfg meeting.Config) error {
	f.mu.Lock()
	f.meetings++
	f.mu.Unlock()
	if err := f.hosts[0].Create(context.Background(), fleetMeeting(i), cfg); err != nil {
		return f.problem(err)
	}
	return nil
}

// prepare gives the fleet's copy of a meeting the fault decisions the
// simulated meeting made for the input (the fault injector is not part of
// a snapshot).
func (f *fleet) prepare(id string, m *meeting.Meeting) {
	f.mu.Lock()
	decisions := f.faults[id]
	f.mu.Unlock()
	next := 0
	inject.Set(m, func(string, lifecycle.Input) inject.Fault {
		if next >= len(decisions) {
			return inject.Deliver
		}
		next++
		return decisions[next-1]
	})
}

func (f *fleet) Take(i int, in meeting.Input, faults []inject.Fault, want meeting.Outcome) error {
	id := fleetMeeting(i)
	f.mu.Lock()
	f.faults[id] = slices.Clone(faults)
	f.mu.Unlock()
	host := f.hosts[int(want.Seq)%len(f.hosts)]
	start := time.Now()
	a, err := host.Apply(context.Background(), id, in)
	f.mu.Lock()
	f.taken++
	f.elapsed += time.Since(start)
	f.mu.Unlock()
	switch {
	case err != nil:
		return f.problem(fmt.Errorf("%s: %w", id, err))
	case a.Duplicate || a.Seq != want.Seq:
		return f.problem(fmt.Errorf("%s: input %d taken as input %d (duplicate %v)", id, want.Seq, a.Seq, a.Duplicate))
	case describe(a.Outcome) != describe(want):
		return f.problem(fmt.Errorf("%s: input %d: the fleet's outcome differs:\n%s\nthe simulation's:\n%s", id, want.Seq, describe(a.Outcome), describe(want)))
	}
	return nil
}

func (f *fleet) Done(i int, final *meeting.Meeting) error {
	want, err := final.MarshalJSON()
	if err != nil {
		return f.problem(err)
	}
	var got []byte
	err = f.hosts[0].View(context.Background(), fleetMeeting(i), func(m *meeting.Meeting) { got, err = m.MarshalJSON() })
	switch {
	case err != nil:
		return f.problem(fmt.Errorf("%s: %w", fleetMeeting(i), err))
	case string(got) != string(want):
		return f.problem(fmt.Errorf("%s: the store's final snapshot is not the simulation's", fleetMeeting(i)))
	}
	f.mu.Lock()
	f.done++
	f.mu.Unlock()
	return nil
}

// describe writes an outcome one delivery a line, for comparing.
func describe(o meeting.Outcome) string {
	var b strings.Builder
	fmt.Fprintf(&b, "input %d", o.Seq)
	if o.Err != nil {
		fmt.Fprintf(&b, " refused: %v", o.Err)
	}
	for _, d := range o.Deliveries {
		fmt.Fprintf(&b, "\n  %s %s → %s/%s %s", d.Participant, d.Input.Kind, d.Position, d.State, lifecycle.FormatEffects(d.Effects))
		if d.Err != nil {
			fmt.Fprintf(&b, " error %v", d.Err)
		}
	}
	return b.String()
}

// startStoreServer starts the store module's serve-store with go run, in
// the source tree this command is run from, and connects the hosts' stores
// to it.
func (f *fleet) startStoreServer(name string, hosts int, e *env) ([]meeting.Store, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	module := name
	if name == "nats" {
		module = "natskv"
	}
	dir := filepath.Join(root, "store", module)
	if _, err := os.Stat(filepath.Join(dir, "cmd", "serve-store")); err != nil {
		return nil, fmt.Errorf("no store module %s with a cmd/serve-store (the stores are memory and nats)", dir)
	}
	switch name {
	case "nats":
		f.about = "nats: JetStream key-value (store/natskv) on a NATS server in a helper process, on the loopback interface and a temporary directory, each host on its own connection"
	default:
		f.about = name + " (store/" + module + ")"
	}
	fmt.Fprintf(e.stderr, "breakoutfsm simulate: starting the %s store: go run ./cmd/serve-store in %s (the first run compiles it)\n", name, dir)
	cmd := exec.Command("go", "run", "./cmd/serve-store", "-stores", strconv.Itoa(hosts))
	cmd.Dir = dir
	cmd.Stderr = e.stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	c, err := storepipe.Dial(bufio.NewReader(stdout), stdin)
	if err != nil {
		stdin.Close()
		_ = cmd.Wait()
		return nil, err
	}
	f.stop = func() error {
		stdin.Close()
		return cmd.Wait()
	}
	stores := make([]meeting.Store, hosts)
	for k := range stores {
		stores[k] = c.Store(k)
	}
	return stores, nil
}

// moduleRoot is the root of the breakoutfsm source tree that holds the
// working directory.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v (the store module is run with the go command, from the source tree)", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside the breakoutfsm source tree: run from a clone of the repository")
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	if !strings.HasPrefix(string(data), "module github.com/breakoutfsm/breakoutfsm\n") {
		return "", fmt.Errorf("%s is not the breakoutfsm module: run from the repository's root", gomod)
	}
	return filepath.Dir(gomod), nil
}
