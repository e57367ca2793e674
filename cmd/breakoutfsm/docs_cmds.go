package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/policy"
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
	if *all && *looplab {
		return usageError(e, "diagram", "--all and --looplab do not go together: --looplab prints looplab/fsm's own drawing of the adapter, which has no overview for --all to widen; use one or the other")
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

const explainAbout = `Says what an input does in a state: the table row that takes it (its guard, the next
state, the action and the rule), or which guard and rule refuse it and with what error.
Facts are the guards' conditions, as name=true|false; a condition not given is false.
States: %s.
Inputs: %s.
Conditions: %s.`

func runExplain(args []string, e *env) int {
	about := fmt.Sprintf(explainAbout, names(lifecycle.AllStates()), names(lifecycle.AllInputKinds()), names(policy.AllConditions()))
	fs := newFlags("explain", "--state S --input I [--facts k=v,...]", about, e)
	stateName := fs.String("state", "", "the fine state, e.g. in_room")
	inputName := fs.String("input", "", "the input, e.g. returnToMainMeeting")
	factList := fs.String("facts", "", "conditions that hold, e.g. returnAllowed=true,manager=false")
	if code, ok := parseFlags(fs, args, e); !ok {
		return code
	}
	if fs.NArg() != 0 {
		return usageError(e, "explain", "takes no arguments, got %q", fs.Args())
	}
	st, ok := lookup(lifecycle.AllStates(), *stateName)
	if !ok {
		return usageError(e, "explain", "unknown --state %q: use one of %s", *stateName, names(lifecycle.AllStates()))
	}
	in, ok := lookup(lifecycle.AllInputKinds(), *inputName)
	if !ok {
		return usageError(e, "explain", "unknown --input %q: use one of %s", *inputName, names(lifecycle.AllInputKinds()))
	}
	conds, err := parseFacts(*factList)
	if err != nil {
		return usageError(e, "explain", "%v", err)
	}
	t, err := lifecycle.LifecycleTable()
	if err != nil {
		fmt.Fprintln(e.stderr, "breakoutfsm explain:", err)
		return exitFailed
	}
	switch {
	case st == lifecycle.StateUnavailable:
		fmt.Fprintln(e.stdout, "In state unavailable (R1: not a Teams meeting, or the feature is disabled) every input is refused with 46250 or 46251.")
		return exitOK
	case in == lifecycle.InputTick:
		fmt.Fprintln(e.stdout, "A tick fires every timer that is due, earliest first (autoMove, hangUpPrevious, closingSoon, roomEnd on a tie); explain each timer's input (autoMoveDue, ...) instead.")
		return exitOK
	}
	idx, row, ok := t.Step(st, in, conds)
	if !ok {
		fmt.Fprintf(e.stdout, "No row of the table takes %s in %s.\n", in, st)
		return exitFailed
	}
	guard := row.Guard.Format(policy.Names())
	fmt.Fprintf(e.stdout, "state:  %s (position %s)\ninput:  %s\nrow:    %d\nguard:  %s\nrule:   %s\naction: %s\n",
		st, st.Position(), in, idx, guard, row.Rule, row.Action)
	if row.Action.IsRefusal() {
		fmt.Fprintf(e.stdout, "result: refused; nothing changes\n")
	} else {
		fmt.Fprintf(e.stdout, "next:   %s (position %s)\n", row.To, row.To.Position())
	}
	if err := lifecycle.RowError(idx); err != nil {
		fmt.Fprintf(e.stdout, "error:  %s\n", err)
	}
	others := t.RowsFor(st, in)
	if len(others) > 1 {
		fmt.Fprintf(e.stdout, "\nAll rows for %s in %s:\n", in, st)
		rows := t.Rows()
		for _, i := range others {
			r := rows[i]
			fmt.Fprintf(e.stdout, "  %3d  [%s] -> %s  %s %s\n", i, r.Guard.Format(policy.Names()), r.To, r.Action, r.Rule)
		}
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

// parseFacts reads "name=true,name=false" into the conditions that hold.
func parseFacts(s string) (fsm.Conditions, error) {
	var set fsm.Conditions
	if strings.TrimSpace(s) == "" {
		return set, nil
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return 0, fmt.Errorf("--facts: %q is not name=true|false", part)
		}
		c, found := lookup(policy.AllConditions(), k)
		if !found {
			known := names(policy.AllConditions())
			return 0, fmt.Errorf("--facts: unknown condition %q: use one of %s", k, known)
		}
		if seen[k] {
			return 0, fmt.Errorf("--facts: %q is given twice", k)
		}
		seen[k] = true
		b, err := strconv.ParseBool(v)
		if err != nil {
			return 0, fmt.Errorf("--facts: %s=%q is not true or false", k, v)
		}
		if b {
			set |= 1 << c.Bit()
		}
	}
	return set, nil
}
