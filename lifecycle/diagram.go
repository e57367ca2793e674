package lifecycle

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
)

// diagramFormat is a state diagram's language.
type diagramFormat uint8

// Diagram formats.
const (
	diagramInvalid diagramFormat = iota
	diagramMermaid               // Mermaid stateDiagram-v2
	diagramDOT                   // Graphviz DOT
)

// diagramLevel is how much of the table a diagram shows.
type diagramLevel uint8

// The three levels, all generated from the table.
const (
	diagramLevelInvalid diagramLevel = iota
	// diagramOverview: the six positions and what moves a participant
	// between them, in plain words, with a legend.
	diagramOverview
	// diagramDetail: fine states (one, or a position's) and every row that
	// starts there: the input, the guard by condition names, the rule.
	diagramDetail
	// diagramReference: every row of the table, in every state.
	diagramReference
)

// diagram draws the lifecycle table at a level; states are the fine states
// a detail diagram is about, and name what it calls them (ignored at the
// other levels).
func diagram(format diagramFormat, level diagramLevel, states []State, name string) (string, error) {
	if err := tableError(); err != nil {
		return "", err
	}
	if format != diagramMermaid && format != diagramDOT {
		return "", fmt.Errorf("lifecycle: unknown diagram format %d", format)
	}
	switch level {
	case diagramOverview:
		return overview(format)
	case diagramDetail:
		if len(states) == 0 {
			return "", fmt.Errorf("lifecycle: a detail diagram needs a state or a position")
		}
		return detail(format, states, name), nil
	case diagramReference:
		opts := fsm.DiagramOptions{
			Title: "Breakout room participant lifecycle: every row", Refusals: true, MergeSelfLoops: true, Label: rowLabel,
		}
		if format == diagramMermaid {
			return table.Mermaid(opts), nil
		}
		return table.DOT(opts), nil
	}
	return "", fmt.Errorf("lifecycle: unknown diagram level %d", level)
}

// rowLabel adds a row's error to its label: the SDK subcode, or the project
// kind.
func rowLabel(i int) string {
	e := rowErrs[fsmq.Of(table).RowRef(i).Action]
	if e == nil {
		return ""
	}
	if e.Subcode != 0 {
		return strconv.Itoa(int(e.Subcode))
	}
	return e.Kind.Error()
}

// The overview draws main and assigned together as "the main meeting": a
// move into either from elsewhere is one arrow into it.
const homeName = "the main meeting"

// overviewWords are the overview's plain words for each move it draws, from
// a position to a position (or to the main meeting). The moves drawn are
// exactly the table's (overviewMoves checks both ways): the words only say
// them for a reader.
var overviewWords = map[[2]string]string{
	{"main", "assigned"}:     "room assigned",
	{"assigned", "main"}:     "assignment removed",
	{"assigned", "joining"}:  "join(), auto-move, or the SDK joins",
	{"joining", homeName}:    "join given up, failed, or unassigned",
	{"joining", "in_room"}:   "joined (or back in the old room)",
	{"joining", "returning"}: "hang up, return, room closes",
	{"in_room", "joining"}:   "re-assigned: join() or auto-move",
	{"in_room", "returning"}: "room closes, time up, return",
	{"in_room", homeName}:    "closes or return, main call connected",
	{"returning", homeName}:  "main call back",
	{"returning", "joining"}: "the SDK joins the room",
}

// leaveWords label the move from the whole meeting into left.
const leaveWords = "leave, or the meeting ends"

func isHome(p Position) bool { return p == PositionMain || p == PositionAssigned }

// overviewMoves are the moves between positions the table makes (a row that
// is not a refusal, from a state of one position to a state of another), as
// the overview draws them, in the order of their first row; moves into left
// are drawn once, from the whole meeting.
func overviewMoves() ([][2]string, error) {
	var out [][2]string
	seen := map[[2]string]bool{}
	for i := range fsmq.Of(table).Len() {
		r := fsmq.Of(table).RowRef(i)
		if fsmq.Of(table).IsRefusal(i) {
			continue
		}
		from, to := r.From.Position(), r.To.Position()
		if from == to || to == PositionLeft {
			continue
		}
		move := [2]string{from.String(), to.String()}
		if isHome(to) && !isHome(from) {
			move[1] = homeName
		}
		if seen[move] {
			continue
		}
		seen[move] = true
		if _, ok := overviewWords[move]; !ok {
			return nil, fmt.Errorf("lifecycle: the overview has no words for the move from %s to %s", move[0], move[1])
		}
		out = append(out, move)
	}
	for move := range overviewWords {
		if !seen[move] {
			return nil, fmt.Errorf("lifecycle: the overview has words for a move from %s to %s that the table does not make", move[0], move[1])
		}
	}
	return out, nil
}

// overviewLegend explains the overview, line by line.
var overviewLegend = []string{
	"Boxes: the positions every user sees.",
	"Arrows: what moves the participant.",
	"Each position in detail: docs/lifecycle-<position>.svg",
	"Every row: breakoutfsm table",
}

func overview(format diagramFormat) (string, error) {
	moves, err := overviewMoves()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if format == diagramMermaid {
		id := func(name string) string {
			if name == homeName {
				return "home"
			}
			return name
		}
		b.WriteString("---\ntitle: \"Breakout room lifecycle: the positions\"\n---\nstateDiagram-v2\n")
		b.WriteString("    state \"in the meeting\" as meeting {\n")
		fmt.Fprintf(&b, "        state %q as home {\n", homeName)
		b.WriteString("            [*] --> main\n")
		for _, m := range moves {
			if m[0] == "main" || m[0] == "assigned" {
				if m[1] == "main" || m[1] == "assigned" {
					fmt.Fprintf(&b, "            %s --> %s : %s\n", m[0], m[1], mermaidEscape(overviewWords[m]))
				}
			}
		}
		b.WriteString("        }\n")
		for _, m := range moves {
			if !(m[0] == "main" || m[0] == "assigned") || !(m[1] == "main" || m[1] == "assigned") {
				// Mermaid lays out a composite state well only when the
				// arrows from outside meet the composite itself: a join
				// from assigned leaves from the main meeting.
				from := m[0]
				if from == "assigned" {
					from = homeName
				}
				fmt.Fprintf(&b, "        %s --> %s : %s\n", id(from), id(m[1]), mermaidEscape(overviewWords[m]))
			}
		}
		b.WriteString("    }\n")
		fmt.Fprintf(&b, "    [*] --> meeting\n    meeting --> left : %s\n", mermaidEscape(leaveWords))
		b.WriteString("    left --> [*]\n")
		b.WriteString("    note right of left\n")
		for _, l := range overviewLegend {
			b.WriteString("        " + mermaidEscape(l) + "\n")
		}
		b.WriteString("    end note\n")
		return b.String(), nil
	}
	b.WriteString("digraph overview {\n")
	b.WriteString("    label=\"Breakout room lifecycle: the positions\";\n    labelloc=t;\n    fontsize=18;\n")
	b.WriteString("    compound=true;\n    nodesep=0.5;\n    ranksep=0.6;\n")
	b.WriteString("    node [shape=box, style=rounded, fontsize=16, width=1.4];\n    edge [fontsize=13];\n")
	b.WriteString("    start [shape=point, width=0.15];\n")
	b.WriteString("    subgraph cluster_meeting {\n        label=\"in the meeting\";\n        style=\"rounded,dashed\";\n        fontsize=14;\n")
	fmt.Fprintf(&b, "        subgraph cluster_home {\n            label=%q;\n            style=rounded;\n            fontsize=14;\n", homeName)
	b.WriteString("            \"main\" [peripheries=2];\n            \"assigned\" [peripheries=2];\n            {rank=same; \"main\"; \"assigned\";}\n        }\n")
	for _, p := range []Position{PositionJoining, PositionInRoom, PositionReturning} {
		fmt.Fprintf(&b, "        %q;\n", p.String())
	}
	b.WriteString("    }\n")
	b.WriteString("    left [style=\"rounded,dashed\"];\n    end [shape=doublecircle, label=\"\", width=0.2];\n")
	b.WriteString("    start -> main;\n")
	for _, m := range moves {
		from, to, attrs := m[0], m[1], ""
		if to == homeName {
			to, attrs = "assigned", ", lhead=cluster_home"
			if from == "returning" || from == "in_room" {
				attrs += ", constraint=false"
			}
		} else if from == "returning" || (from == "in_room" && to == "joining") {
			attrs = ", constraint=false"
		}
		fmt.Fprintf(&b, "    %q -> %q [label=%q%s];\n", from, to, " "+overviewWords[m]+" ", attrs)
	}
	fmt.Fprintf(&b, "    %q -> left [ltail=cluster_meeting, label=%q];\n", PositionReturning.String(), " "+leaveWords+" ")
	b.WriteString("    left -> end;\n")
	b.WriteString("    legend [shape=note, fontsize=12, label=\"")
	for _, l := range overviewLegend {
		b.WriteString(dotLegendEscape(l) + "\\l")
	}
	b.WriteString("\"];\n    left -> legend [style=invis];\n}\n")
	return b.String(), nil
}

// detail draws one position: its fine states and every row that starts in
// one of them. The rows with the same input, target and rule are one line,
// with the conditions their guards share (and how many rows it stands for);
// the rows that keep the state are listed in a note beside it.
func detail(format diagramFormat, own []State, name string) string {
	lines := detailLines(own)
	title := fmt.Sprintf("%s: what each input does (details: breakoutfsm table)", name)
	var b strings.Builder
	if format == diagramMermaid {
		fmt.Fprintf(&b, "---\ntitle: %q\n---\nstateDiagram-v2\n", title)
		for _, e := range lines {
			labels := make([]string, len(e.labels))
			for i, l := range e.labels {
				labels[i] = mermaidEscape(l)
			}
			fmt.Fprintf(&b, "    %s --> %s : %s\n", e.from, e.to, strings.Join(labels, "<br/>"))
		}
		return b.String()
	}
	fmt.Fprintf(&b, "digraph %q {\n    label=%q;\n    labelloc=t;\n    fontsize=18;\n    rankdir=LR;\n    nodesep=0.4;\n", "detail_"+strings.ReplaceAll(strings.ToLower(name), " ", "_"), title)
	b.WriteString("    node [shape=box, style=rounded, fontsize=16];\n    edge [fontsize=12];\n")
	targets := map[State]bool{}
	for _, e := range lines {
		if e.from != e.to {
			targets[e.to] = true
		}
	}
	for _, s := range own {
		fmt.Fprintf(&b, "    %q [style=\"rounded,bold\"];\n", s.String())
	}
	for _, s := range tableStates() {
		if targets[s] && !slices.Contains(own, s) {
			fmt.Fprintf(&b, "    %q [style=\"rounded,dashed\", fontcolor=gray30];\n", s.String())
		}
	}
	for _, e := range lines {
		var block strings.Builder
		for _, l := range e.labels {
			block.WriteString(dotLegendEscape(l) + "\\l")
		}
		if e.from == e.to {
			note := "stays_" + e.from.String()
			fmt.Fprintf(&b, "    %q [shape=note, fontsize=12, margin=\"0.3,0.1\", label=\"stays %s on:\\l%s\"];\n", note, e.from, block.String())
			fmt.Fprintf(&b, "    %q -> %q [style=dashed, arrowhead=none];\n", e.from.String(), note)
			continue
		}
		fmt.Fprintf(&b, "    %q -> %q [label=\"%s\"];\n", e.from.String(), e.to.String(), block.String())
	}
	b.WriteString("}\n")
	return b.String()
}

// detailEdge is the rows from one state to another, as lines.
type detailEdge struct {
	from, to State
	labels   []string
}

// detailLines gathers the rows starting in the states, by target, one line
// per input, target and rule.
func detailLines(states []State) []*detailEdge {
	names := conditionNames()
	type group struct {
		line  *detailEdge
		on    InputKind
		rule  string
		extra string
		guard fsm.Guard
		n     int
		at    int
	}
	var edges []*detailEdge
	byPair := map[[2]State]*detailEdge{}
	var groups []*group
	byKey := map[string][]*group{}
	for i := range fsmq.Of(table).Len() {
		r := fsmq.Of(table).RowRef(i)
		if !slices.Contains(states, r.From) {
			continue
		}
		key := [2]State{r.From, r.To}
		e := byPair[key]
		if e == nil {
			e = &detailEdge{from: r.From, to: r.To}
			byPair[key] = e
			edges = append(edges, e)
		}
		extra := rowLabel(i)
		if fsmq.Of(table).IsRefusal(i) {
			extra = strings.TrimSpace(extra + " (refused)")
		}
		// A row joins a line of the same input, target and rule whose guard
		// it shares a condition with (so that the line still says which
		// event it is about); otherwise it starts a line of its own.
		gk := fmt.Sprintf("%s|%s|%s|%s|%s", r.From, r.To, r.On, r.Rule, extra)
		var g *group
		for _, c := range byKey[gk] {
			if shared := (fsm.Guard{Must: c.guard.Must & r.Guard.Must, MustNot: c.guard.MustNot & r.Guard.MustNot}); shared != (fsm.Guard{}) || c.guard == (fsm.Guard{}) && r.Guard == (fsm.Guard{}) {
				g = c
				g.guard = shared
				break
			}
		}
		if g == nil {
			g = &group{line: e, on: r.On, rule: r.Rule.String(), extra: extra, guard: r.Guard, at: len(e.labels)}
			byKey[gk] = append(byKey[gk], g)
			groups = append(groups, g)
			e.labels = append(e.labels, "")
		}
		g.n++
	}
	for _, g := range groups {
		label := g.on.String()
		if g.guard != (fsm.Guard{}) {
			label += " [" + g.guard.Format(names) + "]"
		}
		label += " " + g.rule
		if g.extra != "" {
			label += " " + g.extra
		}
		if g.n > 1 {
			label += fmt.Sprintf(" (%d rows)", g.n)
		}
		g.line.labels[g.at] = label
	}
	return edges
}

var dotLegendEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func dotLegendEscape(s string) string { return dotLegendEscaper.Replace(s) }

// mermaidEscaper rewrites characters that end or confuse a Mermaid label as
// numeric entity codes ("#58;" is ':'); '#' itself goes first.
var mermaidEscaper = strings.NewReplacer("#", "#35;", ":", "#58;", ";", "#59;", "\"", "#34;", "<", "#60;", ">", "#62;", "{", "#123;", "}", "#125;", "\n", " ")

func mermaidEscape(s string) string { return mermaidEscaper.Replace(s) }
