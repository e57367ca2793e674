// Command clireport writes the section "The command" of docs/BENCHMARKS.md
// from the raw figures bench/cli.sh collects: every command's wall time and
// peak resident memory over the runs (median and range), the targets of
// issue 13, before and after, and the invariant check per input from
// BenchmarkInvariantsPerInput. The section goes between its markers in the
// document (at the end when it has none); the rest of the document, which
// bench/run.sh writes, is kept. The section is also written to
// results/cli.md, which run.sh's report appends.
//
// Usage: go run ./internal/clireport -results DIR -doc FILE
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The markers around the section in docs/BENCHMARKS.md.
const (
	Begin = "<!-- The command: written by bench/cli.sh; bench/run.sh keeps it. -->"
	End   = "<!-- End of the command's section. -->"
)

// run is one run of one command.
type run struct {
	seconds float64
	kib     float64
	exit    int
}

type figures struct {
	runs     map[string][]run // by "name which"
	commands map[string]string
	order    []string
}

func readTimes(dir string) (*figures, error) {
	f := &figures{runs: map[string][]run{}, commands: map[string]string{}}
	data, err := os.ReadFile(filepath.Join(dir, "cli-times.txt"))
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) != 6 {
			return nil, fmt.Errorf("cli-times.txt: %q is not NAME WHICH RUN SECONDS KIB EXIT", sc.Text())
		}
		s, err1 := strconv.ParseFloat(fs[3], 64)
		k, err2 := strconv.ParseFloat(fs[4], 64)
		x, err3 := strconv.Atoi(fs[5])
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, fmt.Errorf("cli-times.txt: %q", sc.Text())
		}
		f.runs[fs[0]+" "+fs[1]] = append(f.runs[fs[0]+" "+fs[1]], run{s, k, x})
	}
	data, err = os.ReadFile(filepath.Join(dir, "cli-commands.txt"))
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		name, cmd, _ := strings.Cut(line, " ")
		f.commands[name] = strings.TrimSpace(cmd)
		f.order = append(f.order, name)
	}
	return f, nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// stat is the median and range of one figure of a command's runs.
type stat struct{ med, lo, hi float64 }

func (f *figures) stat(name, which string, pick func(run) float64) (stat, bool) {
	rs := f.runs[name+" "+which]
	if len(rs) == 0 {
		return stat{}, false
	}
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = pick(r)
	}
	return stat{median(v), slices.Min(v), slices.Max(v)}, true
}

func (f *figures) exits(name, which string) []int {
	var out []int
	for _, r := range f.runs[name+" "+which] {
		out = append(out, r.exit)
	}
	return out
}

func seconds(r run) float64 { return r.seconds }
func mib(r run) float64     { return r.kib / 1024 }

func fmtSeconds(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) + " s" }
func fmtMiB(v float64) string     { return strconv.FormatFloat(v, 'f', 1, 64) + " MiB" }

// benchmark is one BenchmarkInvariantsPerInput sub-benchmark's figures.
type benchmark struct {
	participants int
	mode         string
	checkNs      []float64
	opNs         []float64
}

var benchLine = regexp.MustCompile(`^BenchmarkInvariantsPerInput/participants=(\d+)/check=(\w+)-\d+\s+\d+\s+([\d.]+) ns/op\s+([\d.]+) check-ns/input`)

func readBench(dir string) ([]*benchmark, error) {
	data, err := os.ReadFile(filepath.Join(dir, "invariants.txt"))
	if err != nil {
		return nil, err
	}
	var out []*benchmark
	find := func(n int, mode string) *benchmark {
		for _, b := range out {
			if b.participants == n && b.mode == mode {
				return b
			}
		}
		b := &benchmark{participants: n, mode: mode}
		out = append(out, b)
		return b
	}
	for _, line := range strings.Split(string(data), "\n") {
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		op, _ := strconv.ParseFloat(m[3], 64)
		check, _ := strconv.ParseFloat(m[4], 64)
		b := find(n, m[2])
		b.opNs = append(b.opNs, op)
		b.checkNs = append(b.checkNs, check)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("invariants.txt holds no BenchmarkInvariantsPerInput lines")
	}
	return out, nil
}

func fmtNs(v float64) string {
	switch {
	case v >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', 2, 64) + " ms"
	case v >= 1e3:
		return strconv.FormatFloat(v/1e3, 'f', 2, 64) + " µs"
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + " ns"
}

func read(dir, name string) string {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func section(dir string) (string, error) {
	f, err := readTimes(dir)
	if err != nil {
		return "", err
	}
	benches, err := readBench(dir)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("%s\n\n## The command (issue 13)\n\n", Begin)
	p("Written by `bench/cli.sh` (run it again rather than edit this section; `bench/run.sh` keeps it).\n")
	p("Each command ran 5 times under GNU time (`/usr/bin/time -f '%%e %%M'`), one after another on an\n")
	p("otherwise shared machine; the tables give the median wall time and peak resident memory (RSS) and\n")
	p("the range over the runs. The command was built from this checkout (after) and, for the before\n")
	p("column, from %s.\n\n", strings.TrimSpace("`"+read(dir, "cli-before-commit.txt")+"`"))
	p("```\n%s\n```\n\n", read(dir, "cli-env.txt"))
	p("The load averages show that other work shared the two cores: the wall times are noisier than\n")
	p("the benchmarks' above, and the ranges show by how much.\n\n")

	// The targets.
	p("### Targets\n\n")
	p("| target | median | runs, min–max | verdict |\n|---|---|---|---|\n")
	target := func(what, name string, limit float64) {
		s, ok := f.stat(name, "after", seconds)
		if !ok {
			p("| %s | not run | | |\n", what)
			return
		}
		verdict := "**met**"
		if s.med >= limit {
			verdict = "**not met**"
		}
		if slices.ContainsFunc(f.exits(name, "after"), func(x int) bool { return x != 0 }) {
			verdict += " (a run exited non-zero)"
		}
		p("| %s | %s | %s–%s | %s |\n", cell(what), fmtSeconds(s.med), fmtSeconds(s.lo), fmtSeconds(s.hi), verdict)
	}
	target("`simulate` (300 participants, 50 rooms) < 0.5 s", "simulate-default", 0.5)
	target("`simulate --participants 3000 --rooms 50` < 3 s", "simulate-3000", 3)
	target("`simulate --meetings 100` (30,000 participants) < 10 s", "simulate-100-meetings", 10)
	memTarget := func(what, name, check string) {
		s, ok := f.stat(name, "after", mib)
		if !ok {
			p("| %s | not run | | |\n", what)
			return
		}
		verdict := "**met**"
		if s.med >= 64 || s.hi >= 64 {
			verdict = "**not met**"
		}
		if slices.ContainsFunc(f.exits(name, "after"), func(x int) bool { return x != 0 }) {
			verdict = "**not met** (a run exited non-zero)"
		}
		if check != "" && !strings.Contains(read(dir, "cli-out-after-"+name+".txt"), check) {
			verdict = "**not met** (no refused line naming the limit)"
		}
		p("| %s | %s | %s–%s | %s |\n", cell(what), fmtMiB(s.med), fmtMiB(s.lo), fmtMiB(s.hi), verdict)
	}
	memTarget("`head -c 1G /dev/zero | replay -`: exit 0, a refused line naming the limit, peak RSS < 64 MiB",
		"replay-zeros", "more than the 1048576 bytes a line may have")
	memTarget("a 2,000,001-line trace in text mode: peak RSS < 64 MiB", "replay-2m-text", "")
	p("\n")
	if out := read(dir, "cli-out-after-replay-zeros.txt"); out != "" {
		p("What `head -c 1G /dev/zero | breakoutfsm replay -` printed (exit status 0 in every run):\n\n```\n%s\n```\n\n", out)
	}

	// Every command, before and after.
	p("### Every command\n\n")
	p("| command | after: time | after: peak RSS | before: time | before: peak RSS |\n|---|---:|---:|---:|---:|\n")
	for _, name := range f.order {
		p("| %s |", cell("`"+f.commands[name]+"`"))
		for _, which := range []string{"after", "before"} {
			t, ok := f.stat(name, which, seconds)
			m, _ := f.stat(name, which, mib)
			if !ok {
				p(" – | – |")
				continue
			}
			p(" %s (%s–%s) | %s (%s–%s) |", fmtSeconds(t.med), fmtSeconds(t.lo), fmtSeconds(t.hi), fmtMiB(m.med), fmtMiB(m.lo), fmtMiB(m.hi))
		}
		p("\n")
	}
	p("\n`trace-2m.jsonl` is the README's sample trace, its config and then its middle five lines over and\n")
	p("over (bench/cli.sh writes it). The 1 GiB line was not run before issue 13, whose report has the\n")
	p("command then holding the whole line (3.7 GB of RSS for 1 GiB, and `/dev/zero` running it out of\n")
	p("memory).\n\n")

	// The invariant check per input.
	p("### The invariant check per input\n\n")
	p("`BenchmarkInvariantsPerInput` (lifecycle/meeting): meetings of 300, 3,000 and 30,000 participants in 50\n")
	p("open rooms, every input a participant's own (join, the host's answers, return), each followed by\n")
	p("the check; `check-ns/input` is the check alone. `CheckLastInput` is what `simulate` runs after every\n")
	p("input (`--check incremental`, the default); `CheckInvariants` visits the whole meeting (`--check full`).\n")
	p("Medians of 5 runs (20,000 inputs a run for CheckLastInput, 200 for CheckInvariants).\n\n")
	p("| participants | CheckLastInput, per input | runs, min–max | CheckInvariants, per input | runs, min–max |\n|---:|---:|---:|---:|---:|\n")
	slices.SortFunc(benches, func(a, b *benchmark) int { return a.participants - b.participants })
	seen := map[int]bool{}
	for _, bm := range benches {
		if seen[bm.participants] {
			continue
		}
		seen[bm.participants] = true
		p("| %d |", bm.participants)
		for _, mode := range []string{"last", "full"} {
			var found *benchmark
			for _, o := range benches {
				if o.participants == bm.participants && o.mode == mode {
					found = o
				}
			}
			if found == nil {
				p(" – | – |")
				continue
			}
			p(" %s | %s–%s |", fmtNs(median(found.checkNs)), fmtNs(slices.Min(found.checkNs)), fmtNs(slices.Max(found.checkNs)))
		}
		p("\n")
	}
	if err := millionSection(p, dir); err != nil {
		return "", err
	}
	p("\n### Commands\n\nRun from the repository's root, with the command built by `go build -o breakoutfsm ./cmd/breakoutfsm`:\n\n```sh\n")
	for _, name := range f.order {
		cmd := f.commands[name]
		if in, rest, ok := strings.Cut(cmd, " | "); ok { // time the command, not what feeds it
			p("%s | /usr/bin/time -f '%%e %%M' %s\n", in, strings.Replace(rest, "breakoutfsm ", "./breakoutfsm ", 1))
			continue
		}
		p("/usr/bin/time -f '%%e %%M' %s\n", strings.Replace(cmd, "breakoutfsm ", "./breakoutfsm ", 1))
	}
	p("go test -run '^$' -bench '^BenchmarkInvariantsPerInput$/.*/^check=last$' -benchtime 20000x -count 5 ./lifecycle/meeting\n")
	p("go test -run '^$' -bench '^BenchmarkInvariantsPerInput$/.*/^check=full$' -benchtime 200x -count 5 ./lifecycle/meeting\n")
	p("(cd bench && go test -run '^$' -bench '^BenchmarkMillion$' -benchtime 1x -timeout 60m .)  # 5 times, at before and after in turn\n")
	p("```\n\n%s\n", End)
	return b.String(), nil
}

var millionLine = regexp.MustCompile(`^(before|after) BenchmarkMillion-\d+\s+\d+\s+[\d.]+ ns/op\s+([\d.]+) cycle-ns/participant\s+([\d.]+) live-B/participant\s+([\d.]+) live-heap-MB\s+\d+ participants\s+([\d.]+) peak-heap-MB\s+(\d+) B/op`)

// millionSection writes what the change costs BenchmarkMillion, when
// cli.sh ran it.
func millionSection(p func(string, ...any), dir string) error {
	data, err := os.ReadFile(filepath.Join(dir, "cli-million.txt"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	type figs struct{ cycle, live, peak, alloc []float64 }
	by := map[string]*figs{"before": {}, "after": {}}
	for _, line := range strings.Split(string(data), "\n") {
		m := millionLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		f := by[m[1]]
		for i, dst := range []*[]float64{&f.cycle, &f.live, &f.peak, &f.alloc} {
			v, err := strconv.ParseFloat(m[[]int{2, 3, 5, 6}[i]], 64)
			if err != nil {
				return fmt.Errorf("cli-million.txt: %q", line)
			}
			*dst = append(*dst, v)
		}
	}
	if len(by["after"].peak) == 0 {
		return fmt.Errorf("cli-million.txt holds no run after")
	}
	p("\n### What it costs a million participants\n\n")
	p("`BenchmarkMillion` (the million participants of issue 6, above) %d times at the before commit and\n", len(by["after"].peak))
	p("after, one of each in turn, with `-benchmem` (allocated: every byte the cycle allocated, in GB).\n")
	p("The meeting now keeps what its last input changed and an index or two. Issue 6's target is a\n")
	p("peak heap under 1 GiB (1074 MB). The peak is the heap sampled every 2 ms, garbage included: with\n")
	p("the same bytes allocated it moves with the GC's timing, which other work on the two cores shifts.\n\n")
	p("| | live heap, B a participant | peak heap, MB | allocated, GB | cycle, ns a participant |\n|---|---:|---:|---:|---:|\n")
	for _, which := range []string{"before", "after"} {
		f := by[which]
		if len(f.peak) == 0 {
			continue
		}
		r := func(v []float64, format string) string {
			return fmt.Sprintf(format+" ("+format+"–"+format+")", median(v), slices.Min(v), slices.Max(v))
		}
		gb := make([]float64, len(f.alloc))
		for i, v := range f.alloc {
			gb[i] = v / 1e9
		}
		p("| %s | %s | %s | %s | %s |\n", which, r(f.live, "%.1f"), r(f.peak, "%.0f"), r(gb, "%.3f"), r(f.cycle, "%.0f"))
	}
	p("\nPeak heap under 1 GiB, median of the runs:")
	for _, which := range []string{"before", "after"} {
		if f := by[which]; len(f.peak) > 0 {
			verdict := "**met**"
			if median(f.peak) >= 1074 {
				verdict = "**not met**"
			}
			p(" %s %s;", which, verdict)
		}
	}
	p(" runs over 1074 MB: before %d, after %d.\n", over(by["before"].peak, 1074), over(by["after"].peak, 1074))
	return nil
}

func over(v []float64, limit float64) int {
	n := 0
	for _, x := range v {
		if x >= limit {
			n++
		}
	}
	return n
}

// cell escapes the pipes of a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// splice puts the section into the document between its markers, or at the
// end.
func splice(doc []byte, sec string) []byte {
	s := string(doc)
	if i := strings.Index(s, Begin); i >= 0 {
		if j := strings.Index(s[i:], End); j >= 0 {
			return []byte(s[:i] + sec + s[i+j+len(End)+1:])
		}
	}
	return []byte(strings.TrimRight(s, "\n") + "\n\n" + sec)
}

func main() {
	dir := flag.String("results", "results", "directory of the raw figures")
	docPath := flag.String("doc", "../docs/BENCHMARKS.md", "document to write the section into")
	flag.Parse()
	sec, err := section(*dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "clireport:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(filepath.Join(*dir, "cli.md"), []byte(sec), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "clireport:", err)
		os.Exit(1)
	}
	doc, err := os.ReadFile(*docPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "clireport:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*docPath, splice(doc, sec), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "clireport:", err)
		os.Exit(1)
	}
}
