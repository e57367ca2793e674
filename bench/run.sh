#!/usr/bin/env bash
# Runs the benchmarks of issue 6 and writes docs/BENCHMARKS.md.
#
# Every benchmark runs -count 5 (COUNT overrides), BenchmarkParallel at
# -cpu 1,2. The raw outputs, benchstat's tables and the heap profile go to
# bench/results/; the report is generated from them by internal/report.
# benchstat is used from PATH, or installed from the Go module proxy into a
# temporary GOBIN.
#
# BEFORE names a commit of this repository (default efd0ef8, the engine
# before issue 11's compiled table; BEFORE= skips it): the benchmarks the
# redesign changed are run first at that commit, in a temporary git
# worktree with its own bench/ module, into results/before-*.txt, so that
# the report shows before and after from the same session on the same
# machine. The whole run takes about 15 minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
repo=$(cd .. && pwd)

COUNT=${COUNT:-5}
BEFORE=${BEFORE-efd0ef8}
BENCHSTAT_VERSION=${BENCHSTAT_VERSION:-v0.0.0-20260908200009-22c9c6c9d4da}
results=results
mkdir -p "$results"
rm -f "$results"/before-*

tmp=$(mktemp -d)
cleanup() {
	if [[ -d $tmp/repo ]]; then
		git -C "$repo" worktree remove --force "$tmp/repo" >/dev/null 2>&1 || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

if command -v benchstat >/dev/null 2>&1; then
	benchstat=$(command -v benchstat)
else
	echo "installing benchstat ($BENCHSTAT_VERSION) into $tmp/bin" >&2
	GOBIN=$tmp/bin go install "golang.org/x/perf/cmd/benchstat@$BENCHSTAT_VERSION"
	benchstat=$tmp/bin/benchstat
fi

mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)
{
	echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "commit:      $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown) (plus uncommitted changes, if any)"
	echo "cpu:         $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
	echo "nproc:       $(nproc)"
	echo "memory:      $mem"
	echo "go:          $(go version)"
	echo "benchstat:   $(go version -m "$benchstat" 2>/dev/null | awk '$1=="mod" {print $2, $3}')"
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
} > "$results/env.txt"

# The commands at BEFORE, run from the worktree's bench/.
before=(
	"go test -run '^\$' -bench '^(BenchmarkLegal|BenchmarkRefused|BenchmarkCreate|BenchmarkFanOut)\$' -benchmem -count $COUNT . > $here/$results/before-core.txt"
	"go test -run '^\$' -bench '^BenchmarkParallel\$/^breakoutfsm\$' -cpu 1,2 -benchmem -count $COUNT . > $here/$results/before-parallel.txt"
	"go test -run '^\$' -bench '^BenchmarkHeap\$/^breakoutfsm\$' -benchtime 1x -count $COUNT . > $here/$results/before-heap.txt"
	"go test -run '^\$' -bench '^BenchmarkMillion\$' -benchtime 1x -count $COUNT -timeout 60m . > $here/$results/before-million.txt"
)
if [[ -n $BEFORE ]]; then
	git -C "$repo" worktree add --detach "$tmp/repo" "$BEFORE" >&2
	git -C "$tmp/repo" log -1 --format='%h %s' | cut -c1-120 > "$results/before-commit.txt"
	printf '%s\n' "${before[@]}" | sed "s|$here/||" > "$results/before-commands.txt"
	for c in "${before[@]}"; do
		echo "+ (at $BEFORE) $c" >&2
		(cd "$tmp/repo/bench" && eval "$c")
	done
fi

# The commands, as the report prints them.
cmds=(
	"go test -run '^\$' -bench '^(BenchmarkLegal|BenchmarkRefused|BenchmarkCreate|BenchmarkAPIShape|BenchmarkDecodeLine|BenchmarkFanOut)\$' -benchmem -count $COUNT . > $results/core.txt"
	"go test -run '^\$' -bench '^BenchmarkParallel\$' -cpu 1,2 -benchmem -count $COUNT . > $results/parallel.txt"
	"go test -run '^\$' -bench '^BenchmarkHeap\$' -benchtime 1x -count $COUNT . > $results/heap.txt"
	"go test -run '^\$' -bench '^BenchmarkReplay\$' -benchtime 3x -benchmem -count $COUNT . > $results/replay.txt"
	"go test -run '^\$' -bench '^BenchmarkMillion\$' -benchtime 1x -count $COUNT -timeout 60m . > $results/million.txt"
	"go test -run '^\$' -bench '^BenchmarkHeap\$/^breakoutfsm\$' -benchtime 1x -memprofile $results/heap.pprof -memprofilerate 1 -o $results/bench.test . > /dev/null"
	"go tool pprof -sample_index=alloc_space -tags $results/bench.test $results/heap.pprof | head -6 > $results/heap-profile.txt"
	"go tool pprof -sample_index=alloc_space -list 'lifecycle.New\$' $results/bench.test $results/heap.pprof >> $results/heap-profile.txt"
	"go test -run '^TestMachineLayout\$' -v -count 1 . > $results/layout.txt"
	"go test -run '^\$' -bench '^(BenchmarkLegal|BenchmarkRefused)\$/^breakoutfsm\$' -benchtime 2s -cpuprofile $results/cpu.pprof -o $results/bench.test . > /dev/null"
	"go tool pprof -top -nodecount 25 $results/bench.test $results/cpu.pprof 2>/dev/null | tail -n +5 > $results/cpu-profile.txt"
)
for name in core parallel heap replay million; do
	cmds+=("$benchstat $results/$name.txt > $results/$name.benchstat")
done
printf '%s\n' "${cmds[@]}" | sed "s|$benchstat|benchstat|" > "$results/commands.txt"

for c in "${cmds[@]}"; do
	echo "+ $c" >&2
	eval "$c"
done
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)" >> "$results/env.txt"
# pprof -list names source files by their absolute path: keep this machine's
# directories out of the raw results (the report rewrites such paths too).
sed -i "s|$repo/||g" "$results"/*.txt
rm -f "$results/bench.test" "$results/cpu.pprof"
go run ./internal/report -results "$results" -out ../docs/BENCHMARKS.md
echo "wrote docs/BENCHMARKS.md" >&2
