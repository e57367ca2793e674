// Package docs holds the project's documentation and generates the parts of
// it that come from the code: the lifecycle diagrams (lifecycle.mmd,
// lifecycle.dot), the error table (errors.md) and the rule index (RULES.md).
// A test regenerates them and fails when a committed file is stale.
//
// Regenerate with:
//
//	go generate ./docs
//
// and re-render lifecycle.svg from the DOT file with Graphviz:
//
//	dot -Tsvg docs/lifecycle.dot -o docs/lifecycle.svg
package docs

//go:generate go run ./gendocs
