package lifecycle

import (
	"fmt"

	"github.com/breakoutfsm/breakoutfsm/fsm"
)

// DiagramFormat is a state diagram's language.
type DiagramFormat uint8

// Diagram formats.
const (
	DiagramInvalid DiagramFormat = iota
	DiagramMermaid               // Mermaid stateDiagram-v2
	DiagramDOT                   // Graphviz DOT
)

// Diagram draws the lifecycle table, generated from the table Apply runs.
// Edges are labelled "input [guard] / rule", with the subcode or kind of the
// row's error. The overview (all false) draws every row that changes the
// state and, merged into one dashed loop per state, the refusals that carry
// an SDK subcode; with all, every row is drawn, the rows that keep their
// state merged into one loop per state.
func Diagram(format DiagramFormat, all bool) (string, error) {
	if tableErr != nil {
		return "", tableErr
	}
	opts := fsm.DiagramOptions{
		Title:          "Breakout room participant lifecycle",
		Refusals:       true,
		MergeSelfLoops: true,
		Label:          rowLabel,
	}
	if !all {
		opts.MergeParallel = true
		rows := table.Rows()
		opts.Include = func(i int) bool {
			r := rows[i]
			if rowRefuses[r.Action] {
				return rowErrs[r.Action] != nil && rowErrs[r.Action].Subcode != 0
			}
			return r.From != r.To
		}
	}
	switch format {
	case DiagramMermaid:
		return table.Mermaid(opts), nil
	case DiagramDOT:
		return table.DOT(opts), nil
	}
	return "", fmt.Errorf("lifecycle: unknown diagram format %d", format)
}

// rowLabel adds a row's error to its label: the SDK subcode, or the project
// kind.
func rowLabel(i int) string {
	e := rowErrs[table.RowRef(i).Action]
	if e == nil {
		return ""
	}
	if e.Subcode != 0 {
		return fmt.Sprintf("%d", uint16(e.Subcode))
	}
	return e.Kind.String()
}
