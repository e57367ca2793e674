// Package inspect is the lifecycle table as the project's own tools read it:
// the command's table, explain and diagram, the docs generator and the
// property suite's coverage gate. It holds the rows as written, the answers
// given before the table, the conditions, and the diagrams, as plain data.
// Package lifecycle fills it in when it loads, so a tool imports lifecycle
// too (it always does: it drives machines or names their states).
//
// It is not part of the API: users read the table with `breakoutfsm table`
// and in docs/RULES.md, and drive machines with package lifecycle.
package inspect

import (
	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/fsm"
)

// Row is one row of the lifecycle table as written (lifecycle/rows.go).
type Row struct {
	ID     int      // its index, as `breakoutfsm table` numbers it
	Group  string   // the states it applies in, by name ("in a room")
	States []string // those states
	On     string   // the input
	Guard  fsm.Guard
	To     string // the next state; "" when the row stays
	// Effects are the row's primitives, in order, and what each does.
	Effects, EffectDocs []string
	Rule                errcodes.Rule
	// Err is the row's refusal (Refuses) or failure report, or nil.
	Err     *errcodes.Error
	Refuses bool
}

// Guarded is the guard formatted with the conditions' names ("-" when it
// always holds).
func (r Row) Guarded() string {
	if r.Guard == (fsm.Guard{}) {
		return "-"
	}
	return r.Guard.Format(ConditionNames())
}

// PreTable is an answer given before the table, the same in every state.
type PreTable struct {
	When, Answers string
	Rule          errcodes.Rule
}

// Condition is one condition a guard reads: bit Bit of a guard.
type Condition struct {
	Bit       int
	Name, Doc string
	Rule      errcodes.Rule
}

// Primitive is one thing a row does (its Effects name them).
type Primitive struct{ Name, Doc string }

// What lifecycle fills in.
var (
	rows       func() []Row
	preTable   func() []PreTable
	conditions func() []Condition
	primitives func() []Primitive
	diagram    func(format, level, position string) (string, error)
)

// Fill is called once, by package lifecycle, when it loads.
func Fill(r func() []Row, p func() []PreTable, c func() []Condition, pr func() []Primitive, d func(format, level, position string) (string, error)) {
	rows, preTable, conditions, primitives, diagram = r, p, c, pr, d
}

// Primitives are every primitive a row may do, in their declared order.
func Primitives() []Primitive { filled(); return primitives() }

func filled() {
	if rows == nil {
		panic("inspect: package lifecycle is not loaded; import it")
	}
}

// Rows are the rows of the table as written, in order.
func Rows() []Row { filled(); return rows() }

// PreTableRules are the answers given before the table, in the order they
// are checked.
func PreTableRules() []PreTable { filled(); return preTable() }

// Conditions are the conditions guards read, in bit order (index i is bit
// i; bit 0 is unused and named "Condition(0)").
func Conditions() []Condition { filled(); return conditions() }

// ConditionNames names every bit of a guard.
func ConditionNames() []string {
	cs := Conditions()
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

// Diagram draws the lifecycle. format is "mermaid" or "dot"; level is
// "overview" (the positions in plain words), "state" (what each input does
// in the fine state name), "position" (the same for every fine state of the
// position name) or "reference" (every row).
func Diagram(format, level, name string) (string, error) {
	filled()
	return diagram(format, level, name)
}
