package docs

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// trackedTextFiles lists the repository's tracked files (git ls-files), by
// path relative to root, with their content, leaving out binary files (a
// NUL byte). Without git, or outside a git checkout, it walks the tree
// instead, leaving out hidden folders.
func trackedTextFiles(t *testing.T, root string) map[string][]byte {
	t.Helper()
	var paths []string
	cmd := exec.Command("git", "ls-files", "-z")
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil {
		for _, p := range strings.Split(string(out), "\x00") {
			if p != "" {
				paths = append(paths, p)
			}
		}
	} else {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() {
				rel, _ := filepath.Rel(root, path)
				paths = append(paths, filepath.ToSlash(rel))
			}
			return nil
		})
		require.NoError(t, err)
	}
	files := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if os.IsNotExist(err) {
			continue // deleted in the work tree, not yet in the index
		}
		require.NoError(t, err)
		if bytes.IndexByte(b, 0) >= 0 {
			continue
		}
		files[p] = b
	}
	require.NotEmpty(t, files)
	return files
}

// The project stands on its own: no file cites the behaviour document the
// project started from, nor the Microsoft Learn page it started from, by
// the names they had outside the project, for a clone has neither. Cite
// docs/RULES.md (docs/RULES.md#r15, §3) or docs/TRACE.md instead. The
// phrases are built here by concatenation, so that this file does not hold
// them.
func TestNoReferenceToDocumentsOutsideTheProject(t *testing.T) {
	behaviourDoc := regexp.MustCompile(`\b` + "BEHAV" + "IOR" + `\b`)
	seed := regexp.MustCompile(`(?i)\bthe\s+se` + `ed\b`)
	files := trackedTextFiles(t, "..")
	for name, b := range files {
		for i, line := range strings.Split(string(b), "\n") {
			for _, re := range []*regexp.Regexp{behaviourDoc, seed} {
				if m := re.FindString(line); m != "" {
					t.Errorf("%s:%d cites %q, which is not in the project: %s", name, i+1, m, strings.TrimSpace(line))
				}
			}
		}
	}
}
