package fsm

import (
	"strconv"
	"strings"
)

// DiagramOptions tunes [Table.Mermaid] and [Table.DOT]. The zero value draws
// every non-refusal row as its own edge, with no title.
type DiagramOptions struct {
	Title string
	// Refusals includes refusal rows, as self-loops (dashed in DOT) whose
	// label ends in "(refused)".
	Refusals bool
	// Label, when not nil, returns extra text appended to the label of the
	// row with the given index (for example an error subcode). An empty
	// result adds nothing.
	Label func(rowIndex int) string
	// MergeSelfLoops draws all the self-loop rows of one state (refusals and
	// the others separately) as a single edge listing every row's label.
	MergeSelfLoops bool
	// MergeParallel draws all the rows from one state to another (refusals
	// and the others separately) as a single edge listing every row's label,
	// for overviews of a large table.
	MergeParallel bool
	// Include, when not nil, keeps only the rows for which it returns true
	// (after Refusals has had its say), for overviews of a large table.
	Include func(rowIndex int) bool
}

// edge is one arrow of a diagram: one row, or several merged self-loops.
type edge struct {
	from, to int // state ranks
	labels   []string
	refusal  bool
}

// edges lists the arrows to draw, in row order; a merged self-loop sits where
// its first row is.
func (t *Table[S, I, A, R]) edges(opts DiagramOptions) []edge {
	var out []edge
	// merged[rank][0] is the index in out of the state's merged non-refusal
	// self-loop, merged[rank][1] that of its refusals; 0 means none yet,
	// otherwise it is the index plus one.
	merged := make([][2]int, len(t.spec.States))
	parallel := map[[3]int]int{}
	for k, row := range t.spec.Rows {
		refusal := t.refusal[k]
		if refusal && !opts.Refusals {
			continue
		}
		if opts.Include != nil && !opts.Include(k) {
			continue
		}
		from, to := t.rank(row.From), t.rank(row.To)
		label := t.rowLabel(k, opts)
		if opts.MergeParallel && from != to {
			key := [3]int{from, to, 0}
			if refusal {
				key[2] = 1
			}
			if at, ok := parallel[key]; ok {
				out[at].labels = append(out[at].labels, label)
				continue
			}
			parallel[key] = len(out)
		}
		if opts.MergeSelfLoops && from == to {
			kind := 0
			if refusal {
				kind = 1
			}
			if at := merged[from][kind]; at > 0 {
				out[at-1].labels = append(out[at-1].labels, label)
				continue
			}
			merged[from][kind] = len(out) + 1
		}
		out = append(out, edge{from: from, to: to, labels: []string{label}, refusal: refusal})
	}
	return out
}

// rowLabel is "input [guard] / Rule", then " (refused)" for a refusal row and
// any extra text from opts.Label. An always-true guard and an empty rule name
// are left out.
func (t *Table[S, I, A, R]) rowLabel(k int, opts DiagramOptions) string {
	row := &t.spec.Rows[k]
	var b strings.Builder
	b.WriteString(row.On.String())
	if row.Guard != (Guard{}) {
		b.WriteString(" [")
		b.WriteString(row.Guard.Format(t.spec.Conditions))
		b.WriteString("]")
	}
	if rule := row.Rule.String(); rule != "" {
		b.WriteString(" / ")
		b.WriteString(rule)
	}
	if t.refusal[k] {
		b.WriteString(" (refused)")
	}
	if opts.Label != nil {
		if extra := opts.Label(k); extra != "" {
			b.WriteString(" ")
			b.WriteString(extra)
		}
	}
	return b.String()
}

// Mermaid draws the table as a Mermaid stateDiagram-v2: every state in
// States order, an arrow from the start to Initial, one arrow per row (or per
// merged self-loop) in row order, and an arrow from each terminal state to
// the end. States whose names are not plain identifiers get generated ids and
// a quoted display name; label characters Mermaid treats specially are
// written as entity codes. The output depends only on the table and opts.
func (t *Table[S, I, A, R]) Mermaid(opts DiagramOptions) string {
	var b strings.Builder
	if opts.Title != "" {
		b.WriteString("---\ntitle: ")
		b.WriteString(strconv.Quote(opts.Title))
		b.WriteString("\n---\n")
	}
	b.WriteString("stateDiagram-v2\n")
	ids := t.mermaidIDs()
	for r, s := range t.spec.States {
		if name := s.String(); ids[r] == name {
			b.WriteString("    " + name + "\n")
		} else {
			b.WriteString("    state \"" + mermaidEscape(name) + "\" as " + ids[r] + "\n")
		}
	}
	b.WriteString("    [*] --> " + ids[t.rank(t.spec.Initial)] + "\n")
	for _, e := range t.edges(opts) {
		labels := make([]string, len(e.labels))
		for i, l := range e.labels {
			labels[i] = mermaidEscape(l)
		}
		b.WriteString("    " + ids[e.from] + " --> " + ids[e.to] + " : " + strings.Join(labels, ", ") + "\n")
	}
	for r, s := range t.spec.States {
		if t.terminal[r] && t.rank(s) == r {
			b.WriteString("    " + ids[r] + " --> [*]\n")
		}
	}
	return b.String()
}

// mermaidIDs gives each state, by rank, its Mermaid id: its name when that
// is a plain identifier, otherwise "s<rank>", lengthened with underscores
// until it clashes with no other id.
func (t *Table[S, I, A, R]) mermaidIDs() []string {
	ids := make([]string, len(t.spec.States))
	taken := map[string]bool{}
	for r, s := range t.spec.States {
		if name := s.String(); mermaidPlainID(name) {
			ids[r] = name
			taken[name] = true
		}
	}
	for r := range ids {
		if ids[r] != "" {
			continue
		}
		id := "s" + strconv.Itoa(r)
		for taken[id] {
			id = "_" + id
		}
		ids[r] = id
		taken[id] = true
	}
	return ids
}

// mermaidKeywords are words that may start a statement in a state diagram;
// a state named like one gets a generated id instead.
var mermaidKeywords = map[string]bool{
	"state": true, "note": true, "end": true, "as": true, "direction": true,
	"class": true, "classDef": true, "style": true, "click": true,
	"left": true, "right": true, "of": true, "over": true, "hide": true,
	"default": true, "accTitle": true, "accDescr": true, "title": true,
}

func mermaidPlainID(name string) bool {
	if name == "" || mermaidKeywords[name] {
		return false
	}
	for i, c := range name {
		letter := c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		digit := '0' <= c && c <= '9'
		if !letter && (i == 0 || !digit) {
			return false
		}
	}
	return true
}

// mermaidEscaper rewrites characters that end or confuse a Mermaid label as
// numeric entity codes ("#58;" is ':'); '#' itself goes first so that the
// codes it produces are not escaped twice.
var mermaidEscaper = strings.NewReplacer(
	"#", "#35;",
	":", "#58;",
	";", "#59;",
	"\"", "#34;",
	"<", "#60;",
	">", "#62;",
	"{", "#123;",
	"}", "#125;",
	"\r", " ",
	"\n", " ",
)

func mermaidEscape(s string) string { return mermaidEscaper.Replace(s) }

// DOT draws the table as a Graphviz digraph: every state in States order (home
// states with a double border, terminal states dashed), a point marking the
// start, and one edge per row (or per merged self-loop) in row order, with
// refusal rows dashed. Every id is quoted. The output depends only on the
// table and opts.
func (t *Table[S, I, A, R]) DOT(opts DiagramOptions) string {
	var b strings.Builder
	b.WriteString("digraph fsm {\n")
	if opts.Title != "" {
		b.WriteString("    label=" + dotQuote(opts.Title) + ";\n    labelloc=t;\n")
	}
	b.WriteString("    rankdir=LR;\n    node [shape=box, style=rounded];\n")
	start := t.dotStartID()
	b.WriteString("    " + dotQuote(start) + " [shape=point, label=\"\"];\n")
	for r, s := range t.spec.States {
		if t.rank(s) != r {
			continue
		}
		var attrs []string
		if t.home[r] {
			attrs = append(attrs, "peripheries=2")
		}
		if t.terminal[r] {
			attrs = append(attrs, "style=\"rounded,dashed\"")
		}
		b.WriteString("    " + dotQuote(s.String()))
		if len(attrs) > 0 {
			b.WriteString(" [" + strings.Join(attrs, ", ") + "]")
		}
		b.WriteString(";\n")
	}
	b.WriteString("    " + dotQuote(start) + " -> " + dotQuote(t.spec.Initial.String()) + ";\n")
	for _, e := range t.edges(opts) {
		labels := make([]string, len(e.labels))
		for i, l := range e.labels {
			labels[i] = dotEscape(l)
		}
		b.WriteString("    " + dotQuote(t.spec.States[e.from].String()) + " -> " + dotQuote(t.spec.States[e.to].String()))
		b.WriteString(" [label=\"" + strings.Join(labels, `\n`) + "\"")
		if e.refusal {
			b.WriteString(", style=dashed")
		}
		b.WriteString("];\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// dotStartID is a node id for the start marker that no state uses.
func (t *Table[S, I, A, R]) dotStartID() string {
	id := "__start"
	for {
		clash := false
		for _, s := range t.spec.States {
			if s.String() == id {
				clash = true
				break
			}
		}
		if !clash {
			return id
		}
		id = "_" + id
	}
}

var dotEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\r", "", "\n", `\n`)

func dotEscape(s string) string { return dotEscaper.Replace(s) }

func dotQuote(s string) string { return "\"" + dotEscape(s) + "\"" }
