package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
	"github.com/breakoutfsm/breakoutfsm/internal/inspect"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

const tableAbout = `Prints the lifecycle table the engine runs, one row a line: the state or group of
states it applies in, the input, the guard (by condition names; "-" holds always), the
next state, what the row does (its primitives, in order) and the rule it implements.
The first rows are the answers given before the table, the same in every state.
--state and --input keep the rows that apply to a state or input; --json prints the
rows as a JSON array for tools.`

func runTable(args []string, e *env) int {
	fs := newFlags("table", "[--state S] [--input I] [--json]", tableAbout, e)
	stateName := fs.String("state", "", "only the rows that apply in this state, e.g. in_room")
	inputName := fs.String("input", "", "only the rows for this input, e.g. returnToMainMeeting")
	asJSON := fs.Bool("json", false, "print the rows as JSON")
	if code, ok := parseFlags(fs, args, e); !ok {
		return code
	}
	if fs.NArg() != 0 {
		return usageError(e, "table", "takes no arguments, got %q", fs.Args())
	}
	var st lifecycle.State
	if *stateName != "" {
		var ok bool
		if st, ok = lookup(tableStates(), *stateName); !ok {
			return usageError(e, "table", "unknown --state %q: use one of %s", *stateName, names(tableStates()))
		}
	}
	var in lifecycle.InputKind
	if *inputName != "" {
		var ok bool
		if in, ok = lookup(lifecycle.AllInputKinds(), *inputName); !ok || in == lifecycle.InputTick {
			return usageError(e, "table", "unknown --input %q: use one of %s (a tick fires the timers' inputs)", *inputName, names(tableInputs()))
		}
	}
	if _, err := lifecycle.LifecycleTable(); err != nil {
		fmt.Fprintln(e.stderr, "breakoutfsm table:", err)
		return exitFailed
	}
	var out []tableRow
	if st == lifecycle.StateInvalid && in == lifecycle.InputInvalid {
		out = append(out, preTableRows()...)
	}
	for _, r := range inspect.Rows() {
		if st != lifecycle.StateInvalid && !slices.Contains(r.States, st.String()) {
			continue
		}
		if in != lifecycle.InputInvalid && r.On != in.String() {
			continue
		}
		out = append(out, rowOf(r))
	}
	if *asJSON {
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			fmt.Fprintln(e.stderr, "breakoutfsm table:", err)
			return exitFailed
		}
		e.stdout.Write(append(b, '\n'))
		return exitOK
	}
	writeTable(e.stdout, out)
	return exitOK
}

// tableRow is a row as `table` prints it.
type tableRow struct {
	ID      string   `json:"id"`
	From    string   `json:"from"`
	States  []string `json:"states,omitempty"`
	Input   string   `json:"input"`
	Guard   string   `json:"guard"`
	To      string   `json:"to"`
	Effects []string `json:"effects"`
	Error   string   `json:"error,omitempty"`
	Rule    string   `json:"rule"`
}

func rowOf(r inspect.Row) tableRow {
	to := r.To
	if to == "" {
		to = "(stay)"
	}
	row := tableRow{ID: strconv.Itoa(r.ID), From: r.Group, States: r.States, Input: r.On, Guard: r.Guarded(),
		To: to, Effects: r.Effects, Rule: r.Rule.String()}
	if r.Effects == nil {
		row.Effects = []string{}
	}
	if r.Err != nil {
		row.Error = errorTag(r.Err)
	}
	return row
}

// preTableRows are the answers given before the table, as rows.
func preTableRows() []tableRow {
	var out []tableRow
	for i, p := range inspect.PreTableRules() {
		out = append(out, tableRow{
			ID: "b" + strconv.Itoa(i+1), From: "any", Input: "any", Guard: p.When, To: "(stay)",
			Effects: []string{p.Answers}, Rule: p.Rule.String(),
		})
	}
	return out
}

func writeTable(w io.Writer, rows []tableRow) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ROW\tFROM\tINPUT\tGUARD\tTO\tEFFECTS\tRULE")
	for _, r := range rows {
		does := "-"
		if len(r.Effects) > 0 {
			does = strings.Join(r.Effects, ", ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.From, r.Input, r.Guard, r.To, does, r.Rule)
	}
	tw.Flush()
}

// errorTag is an error's short form: its subcode or kind.
func errorTag(err error) string {
	var e *errcodes.Error
	if !asError(err, &e) {
		return err.Error()
	}
	if e.Kind == errcodes.KindSDK {
		tag := strconv.Itoa(int(e.Subcode))
		if e.WrappedBy != 0 {
			tag += " (as " + strconv.Itoa(int(e.WrappedBy)) + ")"
		}
		return tag
	}
	return e.Kind.Error()
}

const explainAbout = `Says what an input does in a state: the table row that takes it (its guard, the next
state, what it does, the rule), or which guard and rule refuse it and with what error.
Facts are the guards' conditions, as name=true|false; a condition not given is false.
States: %s.
Inputs: %s.
Conditions: %s.`

func runExplain(args []string, e *env) int {
	about := fmt.Sprintf(explainAbout, names(lifecycle.AllStates()), names(tableInputs()), strings.Join(inspect.ConditionNames()[1:], ", "))
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
	case st == lifecycle.StateLeft:
		fmt.Fprintln(e.stdout, "In state left (R22) every input is refused with participantLeft, before the table.")
		return exitOK
	case in == lifecycle.InputTick:
		fmt.Fprintln(e.stdout, "A tick fires every timer that is due, earliest first (autoMove, hangUpPrevious, closingSoon, roomEnd on a tie); explain each timer's input (autoMoveDue, ...) instead.")
		return exitOK
	}
	rows := inspect.Rows()
	all := fsmq.Of(t).RowsFor(st, in)
	if len(all) == 0 {
		fmt.Fprintf(e.stdout, "No row of the table takes %s in %s: that timer cannot be pending there.\n", in, st)
		return exitOK
	}
	mentioned := fsmq.Of(t).Reads(st, in)
	if !fsmq.Of(t).Possible(st, fsm.Guard{Must: conds & mentioned, MustNot: mentioned &^ conds}) {
		fmt.Fprintf(e.stdout, "These facts cannot occur together in %s (the conditions' definitions or the machine's invariants rule them out).\n", st)
		return exitFailed
	}
	idx, frow, ok := t.Step(st, in, conds)
	if !ok {
		fmt.Fprintf(e.stdout, "No row of the table takes %s in %s with these facts.\n", in, st)
		return exitFailed
	}
	r := rows[frow.Action]
	row := rowOf(r)
	fmt.Fprintf(e.stdout, "state:  %s (position %s)\ninput:  %s\nrow:    %s (%s on %s)\nguard:  %s\nrule:   %s\n",
		st, st.Position(), in, row.ID, r.Group, r.On, row.Guard, r.Rule)
	if fsmq.Of(t).IsRefusal(idx) {
		fmt.Fprintf(e.stdout, "result: refused; nothing changes\n")
	} else {
		fmt.Fprintf(e.stdout, "next:   %s (position %s)\n", frow.To, frow.To.Position())
		fmt.Fprintf(e.stdout, "effects:\n")
		if len(r.Effects) == 0 {
			fmt.Fprintf(e.stdout, "  nothing\n")
		}
		for j, p := range r.Effects {
			fmt.Fprintf(e.stdout, "  %-40s %s\n", p, r.EffectDocs[j])
		}
	}
	if r.Err != nil {
		fmt.Fprintf(e.stdout, "error:  %s\n", r.Err)
	}
	if len(all) > 1 {
		fmt.Fprintf(e.stdout, "\nAll rows for %s in %s:\n", in, st)
		var out []tableRow
		for _, i := range all {
			fr, _ := fsmq.Of(t).Row(i)
			out = append(out, rowOf(rows[fr.Action]))
		}
		writeTable(e.stdout, out)
	}
	return exitOK
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
		c := slices.Index(inspect.ConditionNames(), k)
		if c < 1 {
			return 0, fmt.Errorf("--facts: unknown condition %q: use one of %s", k, strings.Join(inspect.ConditionNames()[1:], ", "))
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
			set |= 1 << uint(c)
		}
	}
	return set, nil
}

func tableStates() []lifecycle.State {
	var out []lifecycle.State
	for _, s := range lifecycle.AllStates() {
		if s != lifecycle.StateLeft && s != lifecycle.StateUnavailable {
			out = append(out, s)
		}
	}
	return out
}

func tableInputs() []lifecycle.InputKind {
	var out []lifecycle.InputKind
	for _, k := range lifecycle.AllInputKinds() {
		if k != lifecycle.InputTick {
			out = append(out, k)
		}
	}
	return out
}

func asError(err error, target **errcodes.Error) bool { return errors.As(err, target) }
