// Command breakoutfsm replays, simulates, explains and draws the breakout
// room lifecycle of Azure Communication Services Teams meetings.
//
// Usage:
//
//	breakoutfsm <command> [flags] [arguments]
//
// The commands are replay, simulate, diagram, codes and explain; run
// `breakoutfsm <command> -h` for each one's flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
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
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
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
	fmt.Fprintln(w, "Run 'breakoutfsm <command> -h' for a command's flags.")
}

// newFlags is a flag set that writes its usage to stderr and never exits.
func newFlags(name, args, about string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: breakoutfsm %s %s\n\n%s\n", name, args, about)
		var b strings.Builder
		fs.SetOutput(&b)
		fs.PrintDefaults()
		fs.SetOutput(e.stderr)
		if b.Len() > 0 {
			fmt.Fprintf(fs.Output(), "\nFlags:\n%s", b.String())
		}
	}
	return fs
}

// parseFlags parses and reports the exit status when parsing ends the command.
func parseFlags(fs *flag.FlagSet, args []string, e *env) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK, false
		}
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
