package docgen

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"

	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/inspect"
	"github.com/breakoutfsm/breakoutfsm/internal/trace"
)

// Generated lists the generated files, by path relative to the repository
// root: the diagrams (docs/lifecycle*.mmd, docs/lifecycle*.dot),
// docs/errors.md, docs/RULES.md, README.md with its diagram block and replay
// example brought up to date, and docs/TRACE.md with its example's results.
// The SVGs are rendered from the DOT files by Write.
func Generated(repoRoot string) (map[string][]byte, error) {
	files, err := generatedDocs(repoRoot)
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for name, b := range files {
		out["docs/"+name] = b
	}
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		return nil, err
	}
	readme, err = withBlock(readme, "README.md", readmeMarker, files["lifecycle.mmd"])
	if err != nil {
		return nil, err
	}
	if out["README.md"], err = withReplay(readme, "README.md", true); err != nil {
		return nil, err
	}
	tr, err := os.ReadFile(filepath.Join(repoRoot, "docs", "TRACE.md"))
	if err != nil {
		return nil, err
	}
	if out["docs/TRACE.md"], err = withReplay(tr, "docs/TRACE.md", false); err != nil {
		return nil, err
	}
	return out, nil
}

// A replay example, in the README and in TRACE.md: a trace, and what replay
// prints for it.
const (
	readmeTrace     = "<!-- The trace below is replayed by go generate ./docs -->\n```json\n"
	readmeTable     = "<!-- Generated: replay trace.jsonl -->\n```\n"
	readmeTableJSON = "<!-- Generated: replay --json trace.jsonl -->\n```json\n"
)

// withReplay replays the sample trace of doc (named name, for errors) and
// writes what replay --json prints into its block, and with table what
// replay prints too.
func withReplay(doc []byte, name string, table bool) ([]byte, error) {
	sample, err := block(doc, name, readmeTrace)
	if err != nil {
		return nil, err
	}
	if table {
		var b bytes.Buffer
		if err := trace.Replay(bytes.NewReader(sample), &b, false); err != nil {
			return nil, err
		}
		if doc, err = withBlock(doc, name, readmeTable, b.Bytes()); err != nil {
			return nil, err
		}
	}
	var lines bytes.Buffer
	if err := trace.Replay(bytes.NewReader(sample), &lines, true); err != nil {
		return nil, err
	}
	return withBlock(doc, name, readmeTableJSON, lines.Bytes())
}

// block is the content of the fenced block that follows marker in doc.
func block(doc []byte, name, marker string) ([]byte, error) {
	start := bytes.Index(doc, []byte(marker))
	if start < 0 {
		return nil, fmt.Errorf("%s has no block %q", name, marker)
	}
	body := start + len(marker)
	end := bytes.Index(doc[body:], []byte("```\n"))
	if end < 0 {
		return nil, fmt.Errorf("%s's block %q is not closed", name, marker)
	}
	return doc[body : body+end], nil
}

// readmeMarker precedes the README's Mermaid block, which is the generated
// diagram.
const readmeMarker = "<!-- The diagram below is generated: go generate ./docs -->\n```mermaid\n"

// withBlock replaces the content of the fenced block that follows marker.
func withBlock(doc []byte, name, marker string, content []byte) ([]byte, error) {
	old, err := block(doc, name, marker)
	if err != nil {
		return nil, err
	}
	start := bytes.Index(doc, []byte(marker)) + len(marker)
	var b bytes.Buffer
	b.Write(doc[:start])
	b.Write(content)
	if len(content) > 0 && !bytes.HasSuffix(content, []byte("\n")) {
		b.WriteByte('\n')
	}
	b.Write(doc[start+len(old):])
	return b.Bytes(), nil
}

// diagrams are the generated diagrams: the overview (lifecycle.mmd for the
// README, lifecycle.dot rendered to lifecycle.svg), a detail per fine state
// (lifecycle-<state>.dot, rendered too: one state a picture, so that each
// reads at the width of a page) and the full reference (lifecycle-all.dot).
func diagrams() (map[string][]byte, error) {
	out := map[string][]byte{}
	add := func(name, format, level, of string) error {
		d, err := inspect.Diagram(format, level, of)
		out[name] = []byte(d)
		return err
	}
	if err := add("lifecycle.mmd", "mermaid", "overview", ""); err != nil {
		return nil, err
	}
	if err := add("lifecycle.dot", "dot", "overview", ""); err != nil {
		return nil, err
	}
	for _, st := range detailStates {
		if err := add("lifecycle-"+st+".dot", "dot", "state", st); err != nil {
			return nil, err
		}
	}
	if err := add("lifecycle-all.dot", "dot", "reference", ""); err != nil {
		return nil, err
	}
	return out, nil
}

// detailStates are the fine states with a detail diagram: every state the
// table has rows for.
var detailStates = []string{"main", "assigned", "joining", "in_room", "reassigned", "switching", "returning"}

// Rendered lists the SVG files rendered from a generated DOT file, by the
// DOT file's name.
func Rendered() map[string]string {
	out := map[string]string{"lifecycle.dot": "lifecycle.svg"}
	for _, st := range detailStates {
		out["lifecycle-"+st+".dot"] = "lifecycle-" + st + ".svg"
	}
	return out
}

// RenderedFrom is the comment an SVG rendered from a DOT source carries, so
// that a test can tell a stale picture without Graphviz.
func RenderedFrom(dot []byte) string {
	return fmt.Sprintf("<!-- rendered from a DOT source with sha256 %x by go generate ./docs -->", sha256.Sum256(dot))
}

func generatedDocs(repoRoot string) (map[string][]byte, error) {
	out, err := diagrams()
	if err != nil {
		return nil, err
	}
	out["errors.md"] = []byte("<!-- Generated by `go generate ./docs` from package errcodes. Do not edit. -->\n\n# Errors\n\n" +
		errs.MarkdownTable())
	rules, err := rulesDoc(repoRoot)
	if err != nil {
		return nil, err
	}
	out["RULES.md"] = rules
	return out, nil
}

// Write regenerates the generated files under repoRoot, and renders each
// diagram's SVG with render (nil: leave the SVGs as they are).
func Write(repoRoot string, render func(dot []byte) ([]byte, error)) error {
	files, err := Generated(repoRoot)
	if err != nil {
		return err
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(repoRoot, filepath.FromSlash(name)), b, 0o644); err != nil {
			return err
		}
	}
	if render == nil {
		return nil
	}
	for dot, svg := range Rendered() {
		src := files["docs/"+dot]
		out, err := render(src)
		if err != nil {
			return fmt.Errorf("rendering %s: %w", dot, err)
		}
		// The comment goes after the XML declaration and doctype.
		at := bytes.Index(out, []byte("<svg"))
		if at < 0 {
			return fmt.Errorf("rendering %s: no <svg> in the output", dot)
		}
		stamped := append(append(append([]byte{}, out[:at]...), RenderedFrom(src)+"\n"...), out[at:]...)
		if err := os.WriteFile(filepath.Join(repoRoot, "docs", svg), stamped, 0o644); err != nil {
			return err
		}
	}
	return nil
}
