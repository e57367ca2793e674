// Command breakoutfsm replays, simulates, explains and draws the breakout
// room lifecycle of Azure Communication Services Teams meetings.
//
// Usage:
//
//	breakoutfsm <command> [flags] [arguments]
//
// The commands are replay, simulate, diagram, codes and explain; run
// `breakoutfsm help <command>` (or `breakoutfsm <command> -h`) for each
// one's flags, and `breakoutfsm --version` for the build.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK     = 0
	exitFailed = 1 // the job ran and found a problem (an invariant broke)
	exitUsage  = 2 // bad flags, or a file that cannot be read
)

type command struct {
	name    string
	summary string
	run     func(args []string, env *env) int
}

// env is what a command reads and writes.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// terminal says stderr is a terminal (progress is shown only there);
	// progressAfter is how long a run goes before it shows progress, and
	// progressEvery how often it is redrawn.
	terminal                     bool
	progressAfter, progressEvery time.Duration
}

func commands() []command {
	return []command{
		{"replay", "replay a JSON Lines trace and print the result of every line", runReplay},
		{"simulate", "simulate whole meetings with faults and check every invariant", runSimulate},
		{"diagram", "print the lifecycle as a Mermaid or DOT state diagram", runDiagram},
		{"codes", "print the error table: every SDK subcode and project refusal", runCodes},
		{"table", "print the lifecycle table: every row, its guard and what it does", runTable},
		{"explain", "say what an input does in a state, or why it is refused", runExplain},
	}
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, terminal: isTerminal(stderr),
		progressAfter: time.Second, progressEvery: 250 * time.Millisecond}
	return e.run(args)
}

func (e *env) run(args []string) int {
	stdout, stderr := e.stdout, e.stderr
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help":
		if len(args) > 1 { // help CMD is CMD -h
			return e.run([]string{args[1], "-h"})
		}
		usage(stdout)
		return exitOK
	case "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	case "--version", "-version", "version":
		fmt.Fprintln(stdout, versionLine())
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], e)
		}
	}
	fmt.Fprintf(stderr, "breakoutfsm: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "breakoutfsm: the breakout room lifecycle of ACS Teams meetings")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "\tbreakoutfsm <command> [flags] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "\t%-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'breakoutfsm help <command>' or 'breakoutfsm <command> -h' for a command's flags,")
	fmt.Fprintln(w, "and 'breakoutfsm --version' for the version.")
}

// newFlags is a flag set that never exits. Its usage goes to stdout when
// asked for (-h), to stderr after a flag error (parseFlags).
func newFlags(name, args, about string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "usage: breakoutfsm %s %s\n\n%s\n", name, args, about)
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(w)
		if b.Len() > 0 {
			fmt.Fprintf(w, "\nFlags:\n%s", b.String())
		}
	}
	return fs
}

// parseFlags parses flags and arguments in any order (flags may follow the
// arguments; after "--" everything is an argument), leaving the arguments in
// fs.Args(), and reports the exit status when parsing ends the command: -h
// prints the usage to stdout, a flag error prints it to stderr.
func parseFlags(fs *flag.FlagSet, args []string, e *env) (int, bool) {
	usage := fs.Usage
	defer func() { fs.Usage = usage }()
	fs.Usage = func() {} // parseFlags prints it, and where
	var pos []string
	for {
		fs.SetOutput(io.Discard)
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			fs.SetOutput(e.stdout)
			usage()
			return exitOK, false
		case err != nil:
			return usageError(e, fs.Name(), "%v", err), false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if i := len(args) - len(rest) - 1; i >= 0 && args[i] == "--" {
			pos = append(pos, rest...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	if err := fs.Parse(append([]string{"--"}, pos...)); err != nil { // (cannot fail)
		return exitUsage, false
	}
	return 0, true
}

// usageError prints a message that says what to do, and returns exitUsage.
func usageError(e *env, cmd, format string, a ...any) int {
	fmt.Fprintf(e.stderr, "breakoutfsm %s: %s\n", cmd, fmt.Sprintf(format, a...))
	fmt.Fprintf(e.stderr, "Run 'breakoutfsm %s -h' for usage.\n", cmd)
	return exitUsage
}
