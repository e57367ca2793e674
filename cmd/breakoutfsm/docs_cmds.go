package main

import (
	"fmt"
	"strings"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	lfsm "github.com/looplab/fsm"
)

const diagramAbout = `Prints the participant lifecycle as a state diagram generated from the table the
engine runs: edges labelled "input [guard] / rule" and the subcode or kind of the row's
error. By default an overview: every transition between states, and the refusals that
carry an SDK subcode (one dashed loop per state). --all draws every row, the rows that
keep their state merged into one loop per state. --looplab prints instead what
looplab/fsm's own visualizer makes of the looplab adapter built from the same table.`

func runDiagram(args []string, e *env) int {
	fs := newFlags("diagram", "[--format mermaid|dot] [--all] [--looplab]", diagramAbout, e)
	format := fs.String("format", "mermaid", "diagram language: mermaid or dot")
	all := fs.Bool("all", false, "draw every row of the table, not the overview")
	looplab := fs.Bool("looplab", false, "print looplab/fsm's own visualization of the adapter")
	if code, ok := parseFlags(fs, args, e); !ok {
		return code
	}
	if fs.NArg() != 0 {
		return usageError(e, "diagram", "takes no arguments, got %q", fs.Args())
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
	out, err := lifecycle.Diagram(f, *all)
	if err != nil {
		fmt.Fprintln(e.stderr, "breakoutfsm diagram:", err)
		return exitFailed
	}
	fmt.Fprint(e.stdout, out)
	return exitOK
}

const codesAbout = `Prints the error table: every subcode the SDK defines (46250-46263) with its HTTP
code, result category, message and resolution, and the project's own refusal kinds.`

func runCodes(args []string, e *env) int {
	fs := newFlags("codes", "[--format md|json]", codesAbout, e)
	format := fs.String("format", "md", "output format: md (Markdown) or json")
	if code, ok := parseFlags(fs, args, e); !ok {
		return code
	}
	if fs.NArg() != 0 {
		return usageError(e, "codes", "takes no arguments, got %q", fs.Args())
	}
	switch *format {
	case "md":
		fmt.Fprint(e.stdout, errcodes.MarkdownTable())
	case "json":
		b, err := errcodes.JSONTable()
		if err != nil {
			fmt.Fprintln(e.stderr, "breakoutfsm codes:", err)
			return exitFailed
		}
		e.stdout.Write(b)
	default:
		return usageError(e, "codes", "unknown --format %q: use md or json", *format)
	}
	return exitOK
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
