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

// Diagram draws the lifecycle table: one edge per transition row, labelled
// with its input, guard and rule; refusal rows (with their subcode or kind)
// when refusals is true. It is generated from the table Apply runs.
func Diagram(format DiagramFormat, refusals bool) (string, error) {
	if tableErr != nil {
		return "", tableErr
	}
	opts := fsm.DiagramOptions{
		Title:          "Breakout room participant lifecycle",
		Refusals:       refusals,
		MergeSelfLoops: true,
		Label:          rowLabel,
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
	e := rowErrs[i]
	if e == nil {
		return ""
	}
	if e.Subcode != 0 {
		return fmt.Sprintf("%d", uint16(e.Subcode))
	}
	return e.Kind.String()
}

// RowError is the error a table row answers with (its refusal or failure
// report), or nil.
func RowError(i int) error {
	if i < 0 || i >= len(rowErrs) || rowErrs[i] == nil {
		return nil
	}
	return rowErrs[i]
}
