package proptest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
	"github.com/breakoutfsm/breakoutfsm/internal/inspect"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// coverage counts what a property run exercised: each row of the lifecycle
// table, each guard condition both ways (held, and did not hold, in a
// state and input whose rows read it), and each rule of the behaviour of
// record (named by a row taken, by an error, or by a check made: R21's path
// home, R25's "why not").
type coverage struct {
	table *lifecycle.Table
	rows  []int
	// held and notHeld count, per condition bit, the table steps whose rows
	// read the condition and in which it held or did not.
	held, notHeld [fsmq.MaxConditions]int
	rules         map[errcodes.Rule]int
	steps         int
}

// newCoverage is an empty count for the lifecycle table.
func newCoverage() (*coverage, error) {
	table, err := lifecycle.LifecycleTable()
	if err != nil {
		return nil, err
	}
	return &coverage{table: table, rows: make([]int, fsmq.Of(table).Len()), rules: map[errcodes.Rule]int{}}, nil
}

// row counts one table row taken.
func (c *coverage) row(i int) {
	c.rows[i]++
	if r, ok := fsmq.Of(c.table).Row(i); ok {
		c.rules[r.Rule]++
	}
}

// step counts the conditions of one table step from state on input.
func (c *coverage) step(from lifecycle.State, on lifecycle.InputKind, cond fsm.Conditions) {
	c.steps++
	var read fsm.Conditions
	for _, i := range fsmq.Of(c.table).RowsFor(from, on) {
		r, _ := fsmq.Of(c.table).Row(i)
		read |= r.Guard.Must | r.Guard.MustNot
	}
	for b := range fsmq.MaxConditions {
		bit := fsm.Conditions(1) << b
		if read&bit == 0 {
			continue
		}
		if cond&bit != 0 {
			c.held[b]++
		} else {
			c.notHeld[b]++
		}
	}
}

// rule counts a rule named by an error or a check.
func (c *coverage) rule(r errcodes.Rule) {
	if rule.Valid(r) {
		c.rules[r]++
	}
}

// unreachableRows are the rows of the validated table (a row of
// lifecycle.Rows in one state of its group) that no input can take: the
// table needs them to be complete, but the facts that would select them
// never occur together in that state. Each is listed with why, keyed by
// "state/input/guard"; TestUnreachableRowsAreNeverReached checks with the
// exhaustive search that indeed none is reached, so the list cannot go stale
// silently. The coverage gate asks every other row to be taken.
var unreachableRows = map[string]string{}

// rowKey names a row of the validated table for unreachableRows:
// "state/input/guard".
func rowKey(r fsm.Row[lifecycle.State, lifecycle.InputKind, lifecycle.RowID, errcodes.Rule]) string {
	return fmt.Sprintf("%s/%s/%s", r.From, r.On, r.Guard.Format(inspect.ConditionNames()))
}

// Missing lists what the run never exercised: rows of the table as written
// (lifecycle.Rows), in none of their states; conditions that were never seen
// both ways; and rules. (How many of the rows were taken in each state of
// their group is in Summary: a row written once for a group of states is
// one thing to check, as it is one thing to read.)
func (c *coverage) Missing() []string {
	var out []string
	written := c.writtenRows()
	for id, n := range written {
		if n == 0 {
			r := inspect.Rows()[id]
			out = append(out, fmt.Sprintf("row %d of the table (%s on %s [%s], rule %s)", id, r.Group, r.On, r.Guarded(), r.Rule))
		}
	}
	read := c.readConditions()
	for _, cond := range inspect.Conditions()[1:] {
		b := uint(cond.Bit)
		if read&(fsm.Conditions(1)<<b) == 0 {
			continue
		}
		if c.held[b] == 0 {
			out = append(out, fmt.Sprintf("guard %s never held", cond.Name))
		}
		if c.notHeld[b] == 0 {
			out = append(out, fmt.Sprintf("guard %s never failed", cond.Name))
		}
	}
	for _, r := range rule.All() {
		if c.rules[r] == 0 {
			out = append(out, "rule "+r.String())
		}
	}
	return out
}

// writtenRows counts, per row of lifecycle.Rows, the times one of its
// states took it.
func (c *coverage) writtenRows() []int {
	out := make([]int, len(inspect.Rows()))
	for i, n := range c.rows {
		r, _ := fsmq.Of(c.table).Row(i)
		out[r.Action] += n
	}
	return out
}

// readConditions is every condition some reachable row's guard reads.
func (c *coverage) readConditions() fsm.Conditions {
	var read fsm.Conditions
	for i := range fsmq.Of(c.table).Len() {
		r, _ := fsmq.Of(c.table).Row(i)
		read |= r.Guard.Must | r.Guard.MustNot
	}
	return read
}

// Summary reports the counts: rows hit of the rows that can be, each
// condition's two outcomes, each rule.
func (c *coverage) Summary() string {
	var b strings.Builder
	hit, possible := 0, 0
	for i, n := range c.rows {
		r, _ := fsmq.Of(c.table).Row(i)
		if unreachableRows[rowKey(r)] != "" {
			continue
		}
		possible++
		if n > 0 {
			hit++
		}
	}
	writtenHit := 0
	written := c.writtenRows()
	for _, n := range written {
		if n > 0 {
			writtenHit++
		}
	}
	fmt.Fprintf(&b, "table steps %d; rows hit %d of %d as written; in each of their states, %d of %d (%d cannot happen)\n",
		c.steps, writtenHit, len(written), hit, possible, fsmq.Of(c.table).Len()-possible)
	read := c.readConditions()
	b.WriteString("guards (held/failed):")
	for _, cond := range inspect.Conditions()[1:] {
		if read&(fsm.Conditions(1)<<uint(cond.Bit)) != 0 {
			fmt.Fprintf(&b, " %s %d/%d", cond.Name, c.held[cond.Bit], c.notHeld[cond.Bit])
		}
	}
	b.WriteString("\nrules:")
	rules := rule.All()
	slices.Sort(rules)
	for _, r := range rules {
		fmt.Fprintf(&b, " %s %d", r, c.rules[r])
	}
	return b.String()
}
