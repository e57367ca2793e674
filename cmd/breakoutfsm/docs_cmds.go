package main

import (
	"fmt"
	"strings"

	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
	"github.com/breakoutfsm/breakoutfsm/internal/inspect"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	lfsm "github.com/looplab/fsm"
)

const diagramAbout = `Prints the participant lifecycle as a state diagram generated from the table the
engine runs, at one of three levels:
  (default)      the overview: the six positions and what moves a participant between
                 them, in plain words, with a legend (the README's picture);
  --state S      the detail of one fine state (main, assigned, joining, in_room,
                 reassigned, switching, returning): every row that starts there,
                 with its input, its guard by condition names and its rule;
  --position P   the same for every fine state of a position (in_room is in_room
                 and reassigned; joining is joining and switching);
  --all          every row of the table, in every state.
--looplab prints instead what looplab/fsm's own visualizer makes of the looplab
adapter built from the same table (it takes no level).`

func runDiagram(args []string, e *env) int {
	fs := newFlags("diagram", "[--format mermaid|dot] [--state S | --position P | --all | --looplab]", diagramAbout, e)
	format := fs.String("format", "mermaid", "diagram language: mermaid or dot")
	all := fs.Bool("all", false, "draw every row of the table, not the overview")
	state := fs.String("state", "", "draw the detail of one fine state")
	position := fs.String("position", "", "draw the detail of one position")
	looplab := fs.Bool("looplab", false, "print looplab/fsm's own visualization of the adapter")
	if code, ok := parseFlags(fs, args, e); !ok {
		return code
	}
	if fs.NArg() != 0 {
		return usageError(e, "diagram", "takes no arguments, got %q", fs.Args())
	}
	levels := 0
	for _, set := range []bool{*all, *state != "", *position != "", *looplab} {
		if set {
			levels++
		}
	}
	if levels > 1 {
		return usageError(e, "diagram", "--all, --state, --position and --looplab each choose what to draw: give one of them")
	}
	var lk lfsm.VisualizeType
	switch *format {
	case "mermaid":
		lk = lfsm.MERMAID
	case "dot":
		lk = lfsm.GRAPHVIZ
	default:
		return usageError(e, "diagram", "unknown --format %q: use mermaid or dot", *format)
	}
	if *looplab {
		t, err := lifecycle.LifecycleTable()
		if err != nil {
			fmt.Fprintln(e.stderr, "breakoutfsm diagram:", err)
			return exitFailed
		}
		l, err := t.Looplab(lifecycle.StateMain)
		if err != nil {
			fmt.Fprintln(e.stderr, "breakoutfsm diagram:", err)
			return exitFailed
		}
		out, err := fsmq.OfLooplab(l).Visualize(string(lk))
		if err != nil {
			fmt.Fprintln(e.stderr, "breakoutfsm diagram:", err)
			return exitFailed
		}
		fmt.Fprint(e.stdout, out)
		return exitOK
	}
	level, of := "overview", ""
	switch {
	case *all:
		level = "reference"
	case *state != "":
		if _, ok := lookup(tableStates(), *state); !ok {
			return usageError(e, "diagram", "unknown --state %q: use one of %s", *state, names(tableStates()))
		}
		level, of = "state", *state
	case *position != "":
		if _, ok := lookup(detailPositions(), *position); !ok {
			return usageError(e, "diagram", "unknown --position %q: use one of %s", *position, names(detailPositions()))
		}
		level, of = "position", *position
	}
	out, err := inspect.Diagram(*format, level, of)
	if err != nil {
		fmt.Fprintln(e.stderr, "breakoutfsm diagram:", err)
		return exitFailed
	}
	fmt.Fprint(e.stdout, out)
	return exitOK
}

// detailPositions are the positions with a detail diagram (left has no row).
func detailPositions() []lifecycle.Position {
	var out []lifecycle.Position
	for _, p := range lifecycle.AllPositions() {
		if p != lifecycle.PositionLeft {
			out = append(out, p)
		}
	}
	return out
}

func lookup[E fmt.Stringer](all []E, name string) (E, bool) {
	for _, v := range all {
		if v.String() == name {
			return v, true
		}
	}
	var zero E
	return zero, false
}

func names[E fmt.Stringer](all []E) string {
	parts := make([]string, len(all))
	for i, v := range all {
		parts[i] = v.String()
	}
	return strings.Join(parts, ", ")
}
