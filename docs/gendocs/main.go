// Command gendocs regenerates the generated files under docs/ from the code.
// Run it from the repository root or from docs/ (go generate ./docs does).
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/breakoutfsm/breakoutfsm/internal/docgen"
)

func main() {
	root, err := findRoot()
	if err == nil {
		r := render
		if _, lookErr := exec.LookPath("dot"); lookErr != nil {
			fmt.Fprintln(os.Stderr, "gendocs: Graphviz's dot is not installed: the SVGs are left as they are (apt-get install graphviz)")
			r = nil
		}
		err = docgen.Write(root, r)
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

// render runs Graphviz's dot on a DOT source. Without Graphviz the SVGs are
// left as they are (a test reports them stale).
func render(dot []byte) ([]byte, error) {
	cmd := exec.Command("dot", "-Tsvg")
	cmd.Stdin = bytes.NewReader(dot)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("dot: %v: %s", err, errOut.String())
	}
	return out.Bytes(), nil
}
