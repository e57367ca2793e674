// Command report writes docs/BENCHMARKS.md from the raw `go test -bench`
// outputs that bench/run.sh collects: the machine, the exact commands, the
// median of every figure over the runs, each figure as a ratio to
// looplab/fsm and to the hand-written floor of the same run, the targets of
// issue 6 (met or not, with the figure), the heap profile and benchstat's own
// tables; and, when bench/cli.sh has written it (results/cli.md), the
// section on the command.
//
// Usage: go run ./internal/report -results DIR -out FILE [-repo DIR]
//
// Paths of the repository's files in the raw outputs (a profile's source
// files) are written relative to the repository's root, so that the report
// holds no machine's directories.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The raw files run.sh writes into the results directory, in report order.
var rawFiles = []string{"core.txt", "parallel.txt", "heap.txt", "replay.txt", "million.txt"}

// beforeFiles are the raw files of the same benchmarks at the BEFORE commit,
// when run.sh ran them.
var beforeFiles = []string{"before-core.txt", "before-parallel.txt", "before-heap.txt", "before-million.txt"}

var impls = []string{"breakoutfsm", "looplab", "stateless", "floor"}

// key names the values of one benchmark, at one GOMAXPROCS, in one unit.
type key struct {
	name string // without the -N suffix
	cpu  int
	unit string
}

type results struct {
	values map[key][]float64
}

var suffix = regexp.MustCompile(`^(.*?)(?:-(\d+))?$`)

func parse(dir string, files []string, optional bool) (*results, error) {
	r := &results{values: map[key][]float64{}}
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if optional && os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 4 || !strings.HasPrefix(fields[0], "Benchmark") {
				continue
			}
			m := suffix.FindStringSubmatch(fields[0])
			cpu := 1
			if m[2] != "" {
				cpu, _ = strconv.Atoi(m[2])
			}
			for i := 2; i+1 < len(fields); i += 2 {
				v, err := strconv.ParseFloat(fields[i], 64)
				if err != nil {
					return nil, fmt.Errorf("%s: %q: %v", name, sc.Text(), err)
				}
				k := key{m[1], cpu, fields[i+1]}
				r.values[k] = append(r.values[k], v)
			}
		}
	}
	return r, nil
}

// median is the median of a benchmark's values in unit at GOMAXPROCS cpu
// (0: the highest GOMAXPROCS it ran with).
func (r *results) median(name, unit string, cpu int) (float64, bool) {
	if cpu == 0 {
		for k := range r.values {
			if k.name == name && k.unit == unit && k.cpu > cpu {
				cpu = k.cpu
			}
		}
	}
	vs := slices.Clone(r.values[key{name, cpu, unit}])
	if len(vs) == 0 {
		return 0, false
	}
	slices.Sort(vs)
	n := len(vs)
	if n%2 == 1 {
		return vs[n/2], true
	}
	return (vs[n/2-1] + vs[n/2]) / 2, true
}

// spread is the smallest and the largest of the values median takes the
// median of.
func (r *results) spread(name, unit string, cpu int) string {
	return r.spreadScaled(name, unit, cpu, 1)
}

// spreadScaled is spread with the values multiplied by scale.
func (r *results) spreadScaled(name, unit string, cpu int, scale float64) string {
	if cpu == 0 {
		for k := range r.values {
			if k.name == name && k.unit == unit && k.cpu > cpu {
				cpu = k.cpu
			}
		}
	}
	vs := r.values[key{name, cpu, unit}]
	if len(vs) == 0 {
		return "–"
	}
	return num(slices.Min(vs)*scale) + "–" + num(slices.Max(vs)*scale)
}

func (r *results) count(name, unit string) int {
	n := 0
	for k, vs := range r.values {
		if k.name == name && k.unit == unit {
			n = max(n, len(vs))
		}
	}
	return n
}

func num(v float64) string {
	switch a := math.Abs(v); {
	case v == 0:
		return "0"
	case a >= 1e6:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

func ratio(v, base float64) string {
	if base == 0 {
		if v == 0 {
			return "=" // both zero
		}
		return "∞"
	}
	return num(v/base) + "×"
}

func met(ok bool) string {
	if ok {
		return "**met**"
	}
	return "**not met**"
}

type report struct {
	b   strings.Builder
	r   *results
	dir string
	// repo is the repository's root, absolute, and module its module path:
	// the paths of its files are written relative to it (relativePaths).
	repo, module string
}

func (p *report) f(format string, args ...any) { fmt.Fprintf(&p.b, format, args...) }

// file is a raw file of the results directory, with the absolute paths a
// profile prints written relative to the repository (relativePaths).
func (p *report) file(name string) string {
	data, err := os.ReadFile(filepath.Join(p.dir, name))
	if err != nil {
		return "(missing: " + name + ")"
	}
	return relativePaths(strings.TrimRight(string(data), "\n"), p.repo, p.module)
}

// routine is the header pprof -list writes for a function: its name and the
// path of its source file.
var routine = regexp.MustCompile(`(?m)^(ROUTINE =+ (\S+) in )(/\S+)$`)

// relativePaths rewrites the absolute paths the raw outputs hold (pprof
// -list names each function's source file, as the machine that ran it had
// it) so that the report carries no machine's directories: a file of the
// repository (rooted at repo now, or anywhere when it ran) becomes its path
// in the repository (lifecycle/machine.go), a file of the Go distribution
// $GOROOT/src/…, a file of the module cache $GOMODCACHE/…, anything else its
// base name.
func relativePaths(text, repo, module string) string {
	if repo != "" {
		text = strings.ReplaceAll(text, strings.TrimSuffix(repo, "/")+"/", "")
	}
	return routine.ReplaceAllStringFunc(text, func(line string) string {
		m := routine.FindStringSubmatch(line)
		return m[1] + relativeSource(m[2], m[3], module)
	})
}

// relativeSource is the path to write for the source file path of function
// fn (a name such as github.com/breakoutfsm/breakoutfsm/lifecycle.New or
// runtime.mallocgc).
func relativeSource(fn, path, module string) string {
	base := filepath.Base(path)
	if module != "" && strings.HasPrefix(fn, module+"/") {
		name := strings.TrimPrefix(fn, module+"/")
		if i := strings.IndexAny(name, "(["); i >= 0 { // a method's receiver, type arguments
			name = name[:i]
		}
		slash := strings.LastIndex(name, "/")
		if dot := strings.Index(name[slash+1:], "."); dot >= 0 {
			return name[:slash+1+dot] + "/" + base
		}
	}
	if i := strings.Index(path, "/pkg/mod/"); i >= 0 {
		return "$GOMODCACHE/" + path[i+len("/pkg/mod/"):]
	}
	if i := strings.LastIndex(path, "/src/"); i >= 0 {
		return "$GOROOT/src/" + path[i+len("/src/"):]
	}
	return base
}

// moduleOf is the module path go.mod in dir declares, or "".
func moduleOf(dir string) string {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module "); ok {
			return strings.Trim(strings.TrimSpace(rest), `"`)
		}
	}
	return ""
}

// implTable writes one per-implementation benchmark: the median of each unit,
// and each as a ratio to looplab and to the floor.
func (p *report) implTable(bench string, units []string, cpu int) {
	p.f("| implementation |")
	for _, u := range units {
		p.f(" %s | ×looplab | ×floor |", u)
	}
	p.f("\n|---|")
	for range units {
		p.f("---:|---:|---:|")
	}
	p.f("\n")
	for _, im := range impls {
		p.f("| %s |", im)
		for _, u := range units {
			v, ok := p.r.median(bench+"/"+im, u, cpu)
			if !ok {
				p.f(" – | – | – |")
				continue
			}
			l, _ := p.r.median(bench+"/looplab", u, cpu)
			fl, _ := p.r.median(bench+"/floor", u, cpu)
			p.f(" %s | %s | %s |", num(v), ratio(v, l), ratio(v, fl))
		}
		p.f("\n")
	}
	p.f("\n")
}

func main() {
	dir := flag.String("results", "results", "directory of the raw outputs")
	out := flag.String("out", "../docs/BENCHMARKS.md", "report to write")
	repoDir := flag.String("repo", "..", "the repository's root: paths of its files are written relative to it")
	flag.Parse()
	repo, err := filepath.Abs(*repoDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	r, err := parse(*dir, rawFiles, false)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	before, err := parse(*dir, beforeFiles, true)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	p := &report{r: r, dir: *dir, repo: repo, module: moduleOf(repo)}
	med := func(name, unit string) float64 {
		v, ok := r.median(name, unit, 0)
		if !ok {
			fmt.Fprintf(os.Stderr, "report: no %s for %s\n", unit, name)
			os.Exit(1)
		}
		return v
	}
	medCPU := func(name, unit string, cpu int) float64 {
		v, ok := r.median(name, unit, cpu)
		if !ok {
			fmt.Fprintf(os.Stderr, "report: no %s for %s at -cpu %d\n", unit, name, cpu)
			os.Exit(1)
		}
		return v
	}

	p.f("# Benchmarks\n\n")
	p.f("Generated by `bench/run.sh` (do not edit by hand: run it again). Every figure is the median of %d runs;\n", r.count("BenchmarkLegal/breakoutfsm", "ns/op"))
	p.f("ratios are to looplab/fsm and to the hand-written floor **of the same run**. The compared lifecycle subset,\n")
	p.f("and what each implementation is, are in `bench/doc.go`; the agreement tests (`go test ./...` in `bench/`)\n")
	p.f("check that all four give the same positions and decisions on 3,000 random paths before anything is timed.\n\n")

	p.f("## Machine\n\n```\n%s\n```\n\n", p.file("env.txt"))
	p.f("The load averages before and after the run are above: work running beside the benchmarks makes the\n")
	p.f("figures noisy, the parallel speed-up most of all (a second core busy with something else cannot speed\n")
	p.f("anything up). The min–max ranges below show how much the runs varied.\n\n")

	p.f("## Commands\n\nRun from `bench/`:\n\n```sh\n%s\n```\n\n", p.file("commands.txt"))

	// Targets.
	bl, ll, fl := med("BenchmarkLegal/breakoutfsm", "ns/op"), med("BenchmarkLegal/looplab", "ns/op"), med("BenchmarkLegal/floor", "ns/op")
	bla := med("BenchmarkLegal/breakoutfsm", "allocs/op")
	br, fr := med("BenchmarkRefused/breakoutfsm", "ns/op"), med("BenchmarkRefused/floor", "ns/op")
	bra := med("BenchmarkRefused/breakoutfsm", "allocs/op")
	heap := med("BenchmarkHeap/breakoutfsm", "B/participant")
	p1, p2 := medCPU("BenchmarkParallel/breakoutfsm", "ns/op", 1), medCPU("BenchmarkParallel/breakoutfsm", "ns/op", 2)
	fan := med("BenchmarkFanOut", "ns/op")
	peak := med("BenchmarkMillion", "peak-heap-MB")
	lines := med("BenchmarkReplay", "lines/s")
	dec, js := med("BenchmarkDecodeLine/breakoutfsm", "ns/op"), med("BenchmarkDecodeLine/encoding-json", "ns/op")
	gib := float64(1<<30) / 1e6

	sp := func(name, unit string) string { return r.spread(name, unit, 0) }
	rl, rr := med("BenchmarkLegal/looplab", "ns/op"), med("BenchmarkRefused/looplab", "ns/op")
	p.f("## Targets (issue 11)\n\nThe compiled table against looplab/fsm, both medians from this run.\n\n")
	p.f("| target | looplab ÷ breakoutfsm (medians) | verdict | runs, min–max |\n|---|---|---|---|\n")
	p.f("| legal transition ≥ 10× faster than looplab, 0 allocs | %s ns / %s ns = %s, %s allocs/op | %s | breakoutfsm %s ns, looplab %s ns |\n",
		num(rl), num(bl), ratio(rl, bl), num(bla), met(rl >= 10*bl && bla == 0), sp("BenchmarkLegal/breakoutfsm", "ns/op"), sp("BenchmarkLegal/looplab", "ns/op"))
	p.f("| refused input ≥ 20× faster than looplab, 0 allocs | %s ns / %s ns = %s, %s allocs/op | %s | breakoutfsm %s ns, looplab %s ns |\n\n",
		num(rr), num(br), ratio(rr, br), num(bra), met(rr >= 20*br && bra == 0), sp("BenchmarkRefused/breakoutfsm", "ns/op"), sp("BenchmarkRefused/looplab", "ns/op"))
	p.f("## Targets (issue 6)\n\nThe last column is the range of breakoutfsm's figure over the runs, to show the noise.\n\n")
	p.f("| target | breakoutfsm (median) | verdict | runs, min–max |\n|---|---|---|---|\n")
	p.f("| legal transition ≤ 3× the floor | %s ns = %s the floor (%s ns) | %s | %s ns |\n", num(bl), ratio(bl, fl), num(fl), met(bl <= 3*fl), sp("BenchmarkLegal/breakoutfsm", "ns/op"))
	p.f("| legal transition ≥ 30× faster than looplab | looplab %s ns / %s ns = %s | %s | looplab %s ns |\n", num(ll), num(bl), ratio(ll, bl), met(ll >= 30*bl), sp("BenchmarkLegal/looplab", "ns/op"))
	p.f("| legal transition: 0 allocs | %s allocs/op | %s | %s |\n", num(bla), met(bla == 0), sp("BenchmarkLegal/breakoutfsm", "allocs/op"))
	p.f("| refused input ≤ 3× the floor | %s ns = %s the floor (%s ns) | %s | %s ns |\n", num(br), ratio(br, fr), num(fr), met(br <= 3*fr), sp("BenchmarkRefused/breakoutfsm", "ns/op"))
	p.f("| refused input: 0 allocs | %s allocs/op | %s | %s |\n", num(bra), met(bra == 0), sp("BenchmarkRefused/breakoutfsm", "allocs/op"))
	p.f("| live heap ≤ 128 B per participant | %s B/participant (%s the target) | %s | %s B |\n", num(heap), ratio(heap, 128), met(heap <= 128), sp("BenchmarkHeap/breakoutfsm", "B/participant"))
	p.f("| parallel speed-up ≥ 1.8× from 1 to 2 cores | %s ns → %s ns = %s | %s | 1 core %s ns, 2 cores %s ns |\n", num(p1), num(p2), ratio(p1, p2), met(p1 >= 1.8*p2),
		r.spread("BenchmarkParallel/breakoutfsm", "ns/op", 1), r.spread("BenchmarkParallel/breakoutfsm", "ns/op", 2))
	p.f("| meeting fan-out < 100 µs | %s µs | %s | %s µs |\n", num(fan/1e3), met(fan < 100e3), r.spreadScaled("BenchmarkFanOut", "ns/op", 0, 1e-3))
	p.f("| one million participants < 1 GiB peak heap | %s MB peak (1 GiB = %s MB) | %s | %s MB |\n", num(peak), num(gib), met(peak < gib), sp("BenchmarkMillion", "peak-heap-MB"))
	p.f("| replay ≥ 500,000 lines/s | %s lines/s | %s | %s lines/s |\n", num(lines), met(lines >= 500_000), sp("BenchmarkReplay", "lines/s"))
	p.f("| decoding within 1.5× of encoding/json | %s ns vs %s ns = %s | %s | %s ns vs %s ns |\n\n", num(dec), num(js), ratio(dec, js), met(dec <= 1.5*js),
		sp("BenchmarkDecodeLine/breakoutfsm", "ns/op"), sp("BenchmarkDecodeLine/encoding-json", "ns/op"))

	p.f("## Every implementation\n\n")
	p.f("### A legal transition\n\n`BenchmarkLegal`: assign an open room without auto-move (main → assigned, R4), then unassign it\n(assigned → main, R8), alternately; one op is one input.\n\n")
	p.implTable("BenchmarkLegal", []string{"ns/op", "B/op", "allocs/op"}, 0)
	p.f("### A refused input\n\n`BenchmarkRefused`: `returnToMainMeeting` in a room whose settings do not allow a return (R15,\n`returnDisabled`).\n\n")
	p.implTable("BenchmarkRefused", []string{"ns/op", "B/op", "allocs/op"}, 0)
	p.f("### Creating one participant\n\n`BenchmarkCreate`: a new participant machine, ready for its first input.\n\n")
	p.implTable("BenchmarkCreate", []string{"ns/op", "B/op", "allocs/op"}, 0)
	p.f("### Live heap per participant\n\n`BenchmarkHeap`: 100,000 participants, each created and assigned an open auto-move room (one\naccepted input); heap in use after a full GC, minus before, divided by 100,000. ns/op is the time to\ncreate and prime the 100,000.\n\n")
	p.implTable("BenchmarkHeap", []string{"B/participant", "ns/op"}, 0)
	if v, ok := r.median("BenchmarkHeap/breakoutfsm-apply", "B/participant", 0); ok {
		p.f("breakoutfsm is driven as a host that holds many participants drives it: `ApplyTo` with one effect buffer\n")
		p.f("shared by all of them (the meeting package does the same). Driven with `Apply` instead, every machine keeps\n")
		p.f("an effect buffer of its own: `BenchmarkHeap/breakoutfsm-apply` measures %s B/participant (%s looplab's).\n\n",
			num(v), ratio(v, med("BenchmarkHeap/looplab", "B/participant")))
	}
	p.f("### Parallel throughput\n\n`BenchmarkParallel`: the legal transition on independent participants, one per goroutine\n(`b.RunParallel`), at `-cpu 1` and `-cpu 2`; ns/op is wall time per input over all goroutines.\n\n")
	p.f("| implementation | ns/op, 1 core | ns/op, 2 cores | speed-up | 2 cores ×looplab | 2 cores ×floor |\n|---|---:|---:|---:|---:|---:|\n")
	l2, f2 := medCPU("BenchmarkParallel/looplab", "ns/op", 2), medCPU("BenchmarkParallel/floor", "ns/op", 2)
	for _, im := range impls {
		a, b := medCPU("BenchmarkParallel/"+im, "ns/op", 1), medCPU("BenchmarkParallel/"+im, "ns/op", 2)
		p.f("| %s | %s | %s | %s | %s | %s |\n", im, num(a), num(b), ratio(a, b), ratio(b, l2), ratio(b, f2))
	}
	p.f("\n")

	p.f("## breakoutfsm only\n\nThese have no looplab or floor counterpart (the peers have no decoder, trace format or meeting\nlevel), so the ratio columns do not apply; decoding is compared with encoding/json instead.\n\n")
	p.f("| benchmark | figure | compared with |\n|---|---|---|\n")
	p.f("| decode one SDK event line (`trace.ParseLine`) | %s ns/op, %s B/op, %s allocs/op | encoding/json into typed structs: %s ns/op, %s B/op, %s allocs/op (%s) |\n",
		num(dec), num(med("BenchmarkDecodeLine/breakoutfsm", "B/op")), num(med("BenchmarkDecodeLine/breakoutfsm", "allocs/op")),
		num(js), num(med("BenchmarkDecodeLine/encoding-json", "B/op")), num(med("BenchmarkDecodeLine/encoding-json", "allocs/op")), ratio(dec, js))
	p.f("| replay %s lines (2,000 traces, parse + apply + JSON result) | %s lines/s, %s MB/s | target 500,000 lines/s |\n",
		num(med("BenchmarkReplay", "lines/op")), num(lines), num(med("BenchmarkReplay", "MB/s")))
	p.f("| fan-out: open all 50 rooms of a 300-participant meeting | %s µs/op, %s B/op, %s allocs/op, %s deliveries | target 100 µs |\n",
		num(fan/1e3), num(med("BenchmarkFanOut", "B/op")), num(med("BenchmarkFanOut", "allocs/op")), num(med("BenchmarkFanOut", "deliveries/op")))
	p.f("| %s participants (3,334 meetings of 300), one full cycle each | peak heap %s MB, live heap after the cycle %s MB (%s B/participant), cycle %s µs/participant | target < 1 GiB peak |\n\n",
		num(med("BenchmarkMillion", "participants")), num(peak), num(med("BenchmarkMillion", "live-heap-MB")),
		num(med("BenchmarkMillion", "live-B/participant")), num(med("BenchmarkMillion", "cycle-ns/participant")/1e3))

	if len(before.values) > 0 {
		p.f("## Before and after\n\n")
		p.f("The same benchmarks at the commit before issue 11's compiled table (`%s`), run by `run.sh` in the\n", strings.TrimSpace(p.file("before-commit.txt")))
		p.f("same session on the same machine just before the figures above, with that commit's own `bench/`\n")
		p.f("(commands below). There `BenchmarkHeap/breakoutfsm` used `Apply`, the only way there was.\n\n")
		p.f("| benchmark | unit | before | after | after ÷ before |\n|---|---|---:|---:|---:|\n")
		rows := []struct {
			name, unit string
			cpu        int
		}{
			{"BenchmarkLegal/breakoutfsm", "ns/op", 0},
			{"BenchmarkRefused/breakoutfsm", "ns/op", 0},
			{"BenchmarkCreate/breakoutfsm", "ns/op", 0},
			{"BenchmarkCreate/breakoutfsm", "B/op", 0},
			{"BenchmarkHeap/breakoutfsm", "B/participant", 0},
			{"BenchmarkParallel/breakoutfsm", "ns/op", 1},
			{"BenchmarkParallel/breakoutfsm", "ns/op", 2},
			{"BenchmarkFanOut", "ns/op", 0},
			{"BenchmarkFanOut", "B/op", 0},
			{"BenchmarkMillion", "peak-heap-MB", 0},
			{"BenchmarkMillion", "live-B/participant", 0},
			{"BenchmarkMillion", "cycle-ns/participant", 0},
		}
		for _, row := range rows {
			b, okb := before.median(row.name, row.unit, row.cpu)
			a, oka := r.median(row.name, row.unit, row.cpu)
			if !okb || !oka {
				continue
			}
			unit := row.unit
			if row.cpu > 0 {
				unit += fmt.Sprintf(" (-cpu %d)", row.cpu)
			}
			p.f("| %s | %s | %s | %s | %s |\n", row.name, unit, num(b), num(a), ratio(a, b))
		}
		p.f("\nBefore, run from that commit's `bench/`:\n\n```sh\n%s\n```\n\n", p.file("before-commands.txt"))
	}

	p.f("## Where the time of one input goes (breakoutfsm)\n\n")
	sl, sr := med("BenchmarkAPIShape/legal", "ns/op"), med("BenchmarkAPIShape/refused", "ns/op")
	p.f("`BenchmarkAPIShape` times an `Apply` with breakoutfsm's signature and none of its logic: it takes the\n")
	p.f("input (a pointer to an `Input`) and the time (a `time.Time`), keeps the clock from going backwards,\n")
	p.f("writes the one effect the legal inputs produce (an `Effect`, 56 bytes) and returns a `Result` (32 bytes,\n")
	p.f("returned in registers) and an error. That alone\n")
	p.f("costs %s ns = %s the floor for the legal inputs and %s ns = %s the floor for the refused one, against the\n", num(sl), ratio(sl, fl), num(sr), ratio(sr, fr))
	p.f("targets' 3×: behind this API (effects as data, time as an input) the budget is spent before anything\n")
	p.f("is decided. breakoutfsm's own figures are %s and %s that cost.\n\n", ratio(bl, sl), ratio(br, sr))

	p.f("A CPU profile of `BenchmarkLegal/breakoutfsm` and `BenchmarkRefused/breakoutfsm` together (`-cpuprofile`,\n")
	p.f("then `go tool pprof -top`). The floor looks up two bytes in an array; `Apply` also checks the time and\n")
	p.f("the input's fields, walks the cell's decision tree (computing the conditions on its path), runs\n")
	p.f("its primitives on the facts (the rare ones copied out only when needed), and writes the effects as data:\n\n```\n%s\n```\n\n", p.file("cpu-profile.txt"))

	p.f("## Where a participant's heap goes (breakoutfsm)\n\n")
	p.f("`BenchmarkHeap/breakoutfsm` once more with `-memprofile … -memprofilerate 1`: every allocation of that\n")
	p.f("benchmark belongs to one of the 100,000 participants and stays live until it ends, so the allocated space is\n")
	p.f("the live space. `pprof -tags` splits it by allocation size (the size class: an object over 512 bytes that\n")
	p.f("holds pointers also carries an 8-byte header), `pprof -list` shows where it is allocated:\n\n```\n%s\n```\n\n", p.file("heap-profile.txt"))
	p.f("The layout of the machine, field by field (`go test -run TestMachineLayout -v`):\n\n```\n%s\n```\n\n", p.file("layout.txt"))

	p.f("## benchstat\n\nbenchstat's own tables of the same raw files. Its center is the median; it gives a 95%% confidence\ninterval only from 6 runs on, so with 5 it prints ± ∞ (the min–max ranges above show the spread instead).\n\n")
	for _, name := range rawFiles {
		p.f("### %s\n\n```\n%s\n```\n\n", name, p.file(strings.TrimSuffix(name, ".txt")+".benchstat"))
	}
	// The section on the command (bench/cli.sh) is kept: cli.sh writes it
	// to the results too.
	if cli, err := os.ReadFile(filepath.Join(*dir, "cli.md")); err == nil {
		p.b.Write(cli)
	}
	// The sections after keptMarker are written by hand (the fleet's
	// figures, measured in store/natskv): keep them as they are.
	if old, err := os.ReadFile(*out); err == nil {
		if i := strings.Index(string(old), keptMarker); i >= 0 {
			p.b.WriteString(string(old[i:]))
		}
	}
	if err := os.WriteFile(*out, []byte(p.b.String()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

// keptMarker starts the part of the report that run.sh does not write.
const keptMarker = "<!-- Not written by bench/run.sh"
