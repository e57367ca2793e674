// Package docgen generates the parts of the documentation under docs/ that
// come from the code (see package docs for the list): Generated returns them,
// Write writes them and renders the SVGs, and Rendered and RenderedFrom say
// which SVG comes from which DOT source and the stamp it carries. It also
// holds the rulebook's text (rules.go, sections.go).
//
// It is not part of the API: `go generate ./docs` runs it (docs/gendocs),
// and the tests of package docs use it to check that the committed files are
// fresh.
package docgen
