// Command apicount counts the names a package exports: its exported
// constants, variables, functions and types, and the exported methods of its
// exported types (struct fields are not counted). It counts every package of
// the repository but bench/ (a module of its own that only measures),
// internal/ packages, commands and tests, and prints the count per package
// and in all.
//
//	go run ./internal/apicount
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	counts, _, err := count(root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "apicount:", err)
		os.Exit(1)
	}
	var dirs []string
	total := 0
	for dir, n := range counts {
		dirs = append(dirs, dir)
		total += n
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		fmt.Printf("%5d  %s\n", counts[dir], dir)
	}
	fmt.Printf("%5d  in all\n", total)
}

// count counts the exported names of every package under root, by
// directory (as main prints them), and lists the exported variables among
// them (directory.name).
func count(root string) (counts map[string]int, vars []string, err error) {
	counts = map[string]int{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch name := d.Name(); {
			case path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "internal" || name == "cmd" || name == "bench"):
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if f.Name.Name == "main" {
			return nil
		}
		counts[filepath.Dir(path)] += exported(f)
		for _, v := range exportedVars(f) {
			vars = append(vars, filepath.Dir(path)+"."+v)
		}
		return nil
	})
	return counts, vars, err
}

// exportedVars lists a file's exported package-level variables.
func exportedVars(f *ast.File) []string {
	var vars []string
	for _, d := range f.Decls {
		if d, ok := d.(*ast.GenDecl); ok && d.Tok == token.VAR {
			for _, s := range d.Specs {
				for _, name := range s.(*ast.ValueSpec).Names {
					if name.IsExported() {
						vars = append(vars, name.Name)
					}
				}
			}
		}
	}
	return vars
}

// exported counts a file's exported names.
func exported(f *ast.File) int {
	n := 0
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.IsExported() && (d.Recv == nil || exportedReceiver(d.Recv.List[0].Type)) {
				n++
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() {
						n++
					}
				case *ast.ValueSpec:
					for _, name := range s.Names {
						if name.IsExported() {
							n++
						}
					}
				}
			}
		}
	}
	return n
}

func exportedReceiver(t ast.Expr) bool {
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.IsExported()
		default:
			return false
		}
	}
}
