// Package docs holds the project's documentation; it has no Go API. Its
// entry points are the documents themselves: README.md at the root, then
// GUIDE.md (embedding the engine, traces, checking an engine, errors),
// RULES.md (the rulebook), TRACE.md (the trace format), ARCHITECTURE.md and
// errors.md.
//
// Some of them come from the code, and internal/docgen generates them: the
// lifecycle diagrams at three levels (the overview, lifecycle.mmd and
// lifecycle.dot, rendered to lifecycle.svg; a detail per state (all but
// left and unavailable), lifecycle-<state>.dot and .svg; every row,
// lifecycle-all.dot), the error table (errors.md), the rulebook (RULES.md:
// the rules' text in internal/docgen/rules.go and sections.go, the rows
// from the lifecycle table, the tests from their names and comments), the
// README's diagram and replay example, and the example results of the
// trace format (TRACE.md).
// This package's tests regenerate them and fail when a committed file is
// stale; each SVG carries the hash of the DOT source it was rendered from,
// so a stale picture is caught without Graphviz.
//
// Regenerate with (Graphviz's dot renders the SVGs; apt-get install graphviz):
//
//	go generate ./docs
package docs

//go:generate go run ./gendocs
