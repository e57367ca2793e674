package main

import "testing"

// The report carries no machine's directories: pprof's source paths become
// paths in the repository, $GOROOT or $GOMODCACHE, whichever machine ran it.
func TestRelativePaths(t *testing.T) {
	const module = "github.com/breakoutfsm/breakoutfsm"
	for _, c := range []struct{ in, repo, want string }{
		{"ROUTINE ======================== github.com/breakoutfsm/breakoutfsm/lifecycle.New in /work/main/lifecycle/machine.go",
			"/elsewhere", "ROUTINE ======================== github.com/breakoutfsm/breakoutfsm/lifecycle.New in lifecycle/machine.go"},
		{"ROUTINE ======================== github.com/breakoutfsm/breakoutfsm/lifecycle/meeting.(*Meeting).Apply in /home/u/src/bfsm/lifecycle/meeting/meeting.go",
			"", "ROUTINE ======================== github.com/breakoutfsm/breakoutfsm/lifecycle/meeting.(*Meeting).Apply in lifecycle/meeting/meeting.go"},
		{"ROUTINE ======================== github.com/breakoutfsm/breakoutfsm/fsm.(*Table[go.shape.uint8]).Find in /tmp/x/fsm/table.go",
			"", "ROUTINE ======================== github.com/breakoutfsm/breakoutfsm/fsm.(*Table[go.shape.uint8]).Find in fsm/table.go"},
		{"ROUTINE ======================== runtime.mallocgc in /usr/local/go/src/runtime/malloc.go",
			"", "ROUTINE ======================== runtime.mallocgc in $GOROOT/src/runtime/malloc.go"},
		{"ROUTINE ======================== github.com/looplab/fsm.(*FSM).Event in /root/go/pkg/mod/github.com/looplab/fsm@v1.0.3/fsm.go",
			"", "ROUTINE ======================== github.com/looplab/fsm.(*FSM).Event in $GOMODCACHE/github.com/looplab/fsm@v1.0.3/fsm.go"},
		{"see /work/wt/bench/layout_test.go:23", "/work/wt", "see bench/layout_test.go:23"},
	} {
		if got := relativePaths(c.in, c.repo, module); got != c.want {
			t.Errorf("relativePaths(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}
