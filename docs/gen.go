package docs

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/inspect"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/trace"
)

// Generated lists the generated files, by path relative to the repository
// root: the diagrams (docs/lifecycle*.mmd, docs/lifecycle*.dot),
// docs/errors.md, docs/RULES.md, and README.md with its diagram block and
// replay example brought up to date. The SVGs are rendered from the DOT files
// by Write.
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
	readme, err = withBlock(readme, readmeMarker, files["lifecycle.mmd"])
	if err != nil {
		return nil, err
	}
	out["README.md"], err = withReplay(readme)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// The README's replay example: a trace, and what replay prints for it.
const (
	readmeTrace     = "<!-- The trace below is replayed by go generate ./docs -->\n```json\n"
	readmeTable     = "<!-- Generated: replay trace.jsonl -->\n```\n"
	readmeTableJSON = "<!-- Generated: replay --json trace.jsonl -->\n```json\n"
)

// withReplay replays the README's sample trace and writes both outputs into
// their blocks.
func withReplay(readme []byte) ([]byte, error) {
	sample, err := block(readme, readmeTrace)
	if err != nil {
		return nil, err
	}
	var table, lines bytes.Buffer
	if err := trace.Replay(bytes.NewReader(sample), &table, false); err != nil {
		return nil, err
	}
	if err := trace.Replay(bytes.NewReader(sample), &lines, true); err != nil {
		return nil, err
	}
	if readme, err = withBlock(readme, readmeTable, table.Bytes()); err != nil {
		return nil, err
	}
	return withBlock(readme, readmeTableJSON, lines.Bytes())
}

// block is the content of the fenced block that follows marker.
func block(doc []byte, marker string) ([]byte, error) {
	start := bytes.Index(doc, []byte(marker))
	if start < 0 {
		return nil, fmt.Errorf("README.md has no block %q", marker)
	}
	body := start + len(marker)
	end := bytes.Index(doc[body:], []byte("```\n"))
	if end < 0 {
		return nil, fmt.Errorf("README.md's block %q is not closed", marker)
	}
	return doc[body : body+end], nil
}

// readmeMarker precedes the README's Mermaid block, which is the generated
// diagram.
const readmeMarker = "<!-- The diagram below is generated: go generate ./docs -->\n```mermaid\n"

// withBlock replaces the content of the fenced block that follows marker.
func withBlock(doc []byte, marker string, content []byte) ([]byte, error) {
	old, err := block(doc, marker)
	if err != nil {
		return nil, err
	}
	start := bytes.Index(doc, []byte(marker)) + len(marker)
	var b bytes.Buffer
	b.Write(doc[:start])
	b.Write(content)
	if !bytes.HasSuffix(content, []byte("\n")) {
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
		errcodes.MarkdownTable())
	rules, err := rulesIndex(repoRoot)
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

// testRef is a test that names a rule.
type testRef struct{ file, name string }

// rulesIndex lists every rule with the tests that name it, in their name
// (TestR12_...) or their leading comment.
func rulesIndex(repoRoot string) ([]byte, error) {
	byRule := map[errcodes.Rule][]testRef{}
	patterns := map[errcodes.Rule]*regexp.Regexp{}
	for _, r := range rule.All() {
		patterns[r] = regexp.MustCompile(`(^|[^A-Za-z0-9])` + regexp.QuoteMeta(r.String()) + `([^A-Za-z0-9]|$)`)
	}
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != repoRoot && (strings.HasPrefix(name, ".") || name == "testdata" || name == "bench") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repoRoot, path)
		rel = filepath.ToSlash(rel)
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !isTestName(fn.Name.Name) {
				continue
			}
			text := strings.ReplaceAll(trimTestPrefix(fn.Name.Name), "_", " ")
			if fn.Doc != nil {
				text += " " + fn.Doc.Text()
			}
			for r, re := range patterns {
				if re.MatchString(text) {
					byRule[r] = append(byRule[r], testRef{rel, fn.Name.Name})
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("<!-- Generated by `go generate ./docs` from the rule list and the tests' names and comments. Do not edit. -->\n\n")
	b.WriteString("# Rules and the tests that check them\n\n")
	b.WriteString("Every rule of the behaviour of record is named by at least one test, in the test's name (`TestR12_…`)\n")
	b.WriteString("or its leading comment. A test in package docs fails when a rule has none.\n\n")
	b.WriteString("| rule | what it asks | tests |\n|---|---|---|\n")
	for _, r := range rule.All() {
		refs := byRule[r]
		sort.Slice(refs, func(i, j int) bool {
			if refs[i].file != refs[j].file {
				return refs[i].file < refs[j].file
			}
			return refs[i].name < refs[j].name
		})
		var cells []string
		for _, t := range refs {
			cells = append(cells, fmt.Sprintf("`%s` (%s)", t.name, t.file))
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", r, escapeCell(ruleSummaries[r]), strings.Join(cells, "<br>"))
	}
	return b.Bytes(), nil
}

func isTestName(name string) bool {
	for _, p := range []string{"Test", "Fuzz", "Example"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// trimTestPrefix drops Test, Fuzz or Example, so that TestR12_X reads R12 X.
func trimTestPrefix(name string) string {
	for _, p := range []string{"Test", "Fuzz", "Example"} {
		if strings.HasPrefix(name, p) {
			return name[len(p):]
		}
	}
	return name
}

func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
