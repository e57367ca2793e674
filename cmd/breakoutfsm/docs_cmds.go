package main

import (
	"fmt"
	"strings"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	lfsm "github.com/looplab/fsm"
)

const diagramAbout = `Prints the participant lifecycle as a state diagram generated from the table the
engine runs, at one of three levels:
  (default)      the overview: the six positions and what moves a participant between
                 them, in plain words, with a legend (the README's picture);
  --position P   the detail of one position (main, assigned, joining, in_room,
                 returning): every row that starts there, with its input, its guard
                 by condition names and its rule;
  --all          every row of the table, in every state.
--looplab prints instead what looplab/fsm's own visualizer makes of the looplab
adapter built from the same table (it takes no level).`

func runDiagram(args []string, e *env) int {
	fs := newFlags("diagram", "[--format mermaid|dot] [--position P | --all | --looplab]", diagramAbout, e)
	format := fs.String("format", "mermaid", "diagram language: mermaid or dot")
	all := fs.Bool("all", false, "draw every row of the table, not the overview")
	position := fs.String("position", "", "draw the detail of one position")
	looplab := fs.Bool("looplab", false, "print looplab/fsm's own visualization of the adapter")
	if code, ok := parseFlags(fs, args, e); !ok {
		return code
	}
	if fs.NArg() != 0 {
		return usageError(e, "diagram", "takes no arguments, got %q", fs.Args())
	}
	levels := 0
	for _, set := range []bool{*all, *position != "", *looplab} {
		if set {
			levels++
		}
	}
	if levels > 1 {
		return usageError(e, "diagram", "--all, --position and --looplab each choose what to draw: give one of them")
	}
	var f lifecycle.DiagramFormat
	var lk lfsm.VisualizeType
	switch *format {
	case "mermaid":
		f, lk = lifecycle.DiagramMermaid, lfsm.MERMAID
	case "dot":
		f, lk = lifecycle.DiagramDOT, lfsm.GRAPHVIZ
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
		out, err := l.Visualize(string(lk))
		if err != nil {
			fmt.Fprintln(e.stderr, "breakoutfsm diagram:", err)
			return exitFailed
		}
		fmt.Fprint(e.stdout, out)
		return exitOK
	}
	level, pos := lifecycle.DiagramOverview, lifecycle.PositionInvalid
	switch {
	case *all:
		level = lifecycle.DiagramReference
	case *position != "":
		var ok bool
		pos, ok = lookup(detailPositions(), *position)
		if !ok {
			return usageError(e, "diagram", "unknown --position %q: use one of %s", *position, names(detailPositions()))
		}
		level = lifecycle.DiagramDetail
	}
	out, err := lifecycle.Diagram(f, level, pos)
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
