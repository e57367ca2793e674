// Command gendocs regenerates the generated files under docs/ from the code.
// Run it from the repository root or from docs/ (go generate ./docs does).
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/breakoutfsm/breakoutfsm/docs"
)

func main() {
	root, err := findRoot()
	if err == nil {
		err = docs.Write(root)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

// findRoot walks up from the working directory to the folder with go.mod.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}
