#!/usr/bin/env bash
# Runs the benchmarks of issue 6 and writes bench/BENCHMARKS.md.
#
# Every benchmark runs -count 5 (COUNT overrides), BenchmarkParallel at
# -cpu 1,2. The raw outputs, benchstat's tables and the heap profile go to
# bench/results/; the report is generated from them by internal/report.
# benchstat is used from PATH, or installed from the Go module proxy into a
# temporary GOBIN. The whole run takes about 10 minutes on two cores.
set -euo pipefail
cd "$(dirname "$0")"

COUNT=${COUNT:-5}
BENCHSTAT_VERSION=${BENCHSTAT_VERSION:-v0.0.0-20260908200009-22c9c6c9d4da}
results=results
mkdir -p "$results"

if command -v benchstat >/dev/null 2>&1; then
	benchstat=$(command -v benchstat)
else
	gobin=$(mktemp -d)
	trap 'rm -rf "$gobin"' EXIT
	echo "installing benchstat ($BENCHSTAT_VERSION) into $gobin" >&2
	GOBIN=$gobin go install "golang.org/x/perf/cmd/benchstat@$BENCHSTAT_VERSION"
	benchstat=$gobin/benchstat
fi

# The commands, as the report prints them.
cmds=(
	"go test -run '^\$' -bench '^(BenchmarkLegal|BenchmarkRefused|BenchmarkCreate|BenchmarkDecodeLine|BenchmarkFanOut)\$' -benchmem -count $COUNT . > $results/core.txt"
	"go test -run '^\$' -bench '^BenchmarkParallel\$' -cpu 1,2 -benchmem -count $COUNT . > $results/parallel.txt"
	"go test -run '^\$' -bench '^BenchmarkHeap\$' -benchtime 1x -count $COUNT . > $results/heap.txt"
	"go test -run '^\$' -bench '^BenchmarkReplay\$' -benchtime 3x -benchmem -count $COUNT . > $results/replay.txt"
	"go test -run '^\$' -bench '^BenchmarkMillion\$' -benchtime 1x -count $COUNT -timeout 60m . > $results/million.txt"
	"go test -run '^\$' -bench '^BenchmarkHeap\$/^breakoutfsm\$' -benchtime 1x -memprofile $results/heap.pprof -memprofilerate 1 -o $results/bench.test . > /dev/null"
	"go tool pprof -sample_index=alloc_space -tags $results/bench.test $results/heap.pprof | head -6 > $results/heap-profile.txt"
	"go tool pprof -sample_index=alloc_space -list 'lifecycle.New\$' $results/bench.test $results/heap.pprof >> $results/heap-profile.txt"
	"go test -run '^TestMachineLayout\$' -v -count 1 . > $results/layout.txt"
)
for name in core parallel heap replay million; do
	cmds+=("$benchstat $results/$name.txt > $results/$name.benchstat")
done
cmds+=("go run ./internal/report -results $results -out BENCHMARKS.md")

mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)
{
	echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "commit:      $(git -C .. rev-parse --short HEAD 2>/dev/null || echo unknown) (plus uncommitted changes, if any)"
	echo "cpu:         $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
	echo "nproc:       $(nproc)"
	echo "memory:      $mem"
	echo "go:          $(go version)"
	echo "benchstat:   $(go version -m "$benchstat" 2>/dev/null | awk '$1=="mod" {print $2, $3}')"
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
} > "$results/env.txt"

printf '%s\n' "${cmds[@]}" | grep -v '^go run ./internal/report' | sed "s|$benchstat|benchstat|" > "$results/commands.txt"

for c in "${cmds[@]}"; do
	if [[ $c == "go run ./internal/report"* ]]; then
		echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)" >> "$results/env.txt"
	fi
	echo "+ $c" >&2
	eval "$c"
done
rm -f "$results/bench.test"
echo "wrote $(pwd)/BENCHMARKS.md" >&2
