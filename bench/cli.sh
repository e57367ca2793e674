#!/usr/bin/env bash
# Measures the breakoutfsm command at scale and under hostile input (issue
# 13) and writes the section "The command" of docs/BENCHMARKS.md.
#
# Every command runs COUNT times (default 5) under GNU time (/usr/bin/time),
# which gives its wall time and its peak resident memory; the report shows
# the median and the range. The command is built from this checkout and, for
# the before column, from the commit BEFORE (default 7e63db3, the last before
# issue 13; BEFORE= skips it), taken with git archive into a temporary
# directory. BenchmarkInvariantsPerInput (lifecycle/meeting) runs COUNT
# times: CheckLastInput over 20,000 inputs, CheckInvariants over 200 (it
# takes milliseconds an input in big meetings). BenchmarkMillion (bench/)
# runs COUNT times at BEFORE and after, in turn, for what the change costs
# a million participants' memory. The raw figures go to
# bench/results/cli-*.txt and invariants.txt; internal/clireport writes the
# section from them, between its markers in docs/BENCHMARKS.md (run.sh keeps
# it when it rewrites the rest). About 15 minutes on two cores, half of it
# the before runs.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
repo=$(cd .. && pwd)

COUNT=${COUNT:-5}
BEFORE=${BEFORE-7e63db3}
results=results
mkdir -p "$results"
rm -f "$results"/cli-* "$results"/invariants.txt

if [[ ! -x /usr/bin/time ]]; then
	echo "cli.sh needs GNU time at /usr/bin/time (apt-get install time)" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)
{
	echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "commit:      $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown) (plus uncommitted changes, if any)"
	echo "cpu:         $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
	echo "nproc:       $(nproc)"
	echo "memory:      $mem"
	echo "go:          $(go version)"
	echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
} > "$results/cli-env.txt"

# The command, built from this checkout and at BEFORE.
(cd "$repo" && go build -o "$tmp/after/breakoutfsm" ./cmd/breakoutfsm)
if [[ -n $BEFORE ]]; then
	mkdir -p "$tmp/src"
	git -C "$repo" archive "$BEFORE" | tar -x -C "$tmp/src"
	(cd "$tmp/src" && go build -o "$tmp/before/breakoutfsm" ./cmd/breakoutfsm)
	git -C "$repo" log -1 --format='%h %s' "$BEFORE" | cut -c1-120 > "$results/cli-before-commit.txt"
fi

# A trace of 2,000,001 lines: the README's sample, its middle five lines
# over and over.
trace2m=$tmp/trace-2m.jsonl
{
	echo '{"config":{"role":"attendee"}}'
	awk 'BEGIN {
		l[0] = "{\"at\":\"2026-01-05T10:00:00Z\",\"sdk\":{\"type\":\"assignedBreakoutRooms\",\"data\":{\"threadId\":\"19:r1\",\"displayName\":\"Room 1\",\"state\":\"open\",\"autoMoveParticipantToBreakoutRoom\":true}}}"
		l[1] = "{\"at\":\"2026-01-05T10:00:03Z\",\"tick\":true}"
		l[2] = "{\"outcome\":{\"op\":\"holdMain\",\"ok\":true}}"
		l[3] = "{\"outcome\":{\"op\":\"joinBreakout\",\"ok\":true}}"
		l[4] = "{\"action\":\"returnToMainMeeting\"}"
		for (i = 0; i < 2000000; i++) print l[i % 5]
	}'
} > "$trace2m"

# measure NAME WHICH STDIN ARGS...: runs the command COUNT times with stdin
# from STDIN (a file, or "zeros" for 1 GiB of zero bytes), appending "NAME
# WHICH RUN SECONDS PEAK_KIB EXIT" to cli-times.txt.
measure() {
	local name=$1 which=$2 stdin=$3
	shift 3
	local bin=$tmp/$which/breakoutfsm
	for run in $(seq 1 "$COUNT"); do
		echo "+ ($which, run $run) $name" >&2
		if [[ $stdin == zeros ]]; then
			head -c 1G /dev/zero | /usr/bin/time -f '%e %M %x' -o "$tmp/time.txt" "$bin" "$@" > "$tmp/out.txt" 2> "$tmp/err.txt" || true
		else
			/usr/bin/time -f '%e %M %x' -o "$tmp/time.txt" "$bin" "$@" < "$stdin" > "$tmp/out.txt" 2> "$tmp/err.txt" || true
		fi
		# (time writes "Command exited with non-zero status N" first when it fails)
		echo "$name $which $run $(tail -1 "$tmp/time.txt")" >> "$results/cli-times.txt"
	done
	# (the last run's output is kept when it is small: not a table of 2M rows)
	if [[ $(stat -c %s "$tmp/out.txt") -lt 65536 ]]; then
		cp "$tmp/out.txt" "$results/cli-out-$which-$name.txt"
	fi
}

# The commands, as the report prints them.
cat > "$results/cli-commands.txt" <<'EOF'
simulate-default       breakoutfsm simulate
simulate-3000          breakoutfsm simulate --participants 3000 --rooms 50
simulate-100-meetings  breakoutfsm simulate --meetings 100
simulate-default-full  breakoutfsm simulate --check full
replay-zeros           head -c 1G /dev/zero | breakoutfsm replay -
replay-2m-text         breakoutfsm replay trace-2m.jsonl
replay-2m-json         breakoutfsm replay --json trace-2m.jsonl
EOF

run_all() {
	local which=$1
	measure simulate-default "$which" /dev/null simulate
	measure simulate-3000 "$which" /dev/null simulate --participants 3000 --rooms 50
	measure simulate-100-meetings "$which" /dev/null simulate --meetings 100
	measure replay-2m-text "$which" /dev/null replay "$trace2m"
	measure replay-2m-json "$which" /dev/null replay --json "$trace2m"
}
run_all after
measure simulate-default-full after /dev/null simulate --check full
measure replay-zeros after zeros replay -
if [[ -n $BEFORE ]]; then
	# (not the 1 GiB line: before issue 13 it takes GBs of memory and dies)
	run_all before
fi

# The benchmark of the invariant check per input.
(
	cd "$repo"
	go test -run '^$' -bench '^BenchmarkInvariantsPerInput$/.*/^check=last$' -benchtime 20000x -count "$COUNT" ./lifecycle/meeting
	go test -run '^$' -bench '^BenchmarkInvariantsPerInput$/.*/^check=full$' -benchtime 200x -count "$COUNT" ./lifecycle/meeting
) > "$results/invariants.txt"

# What issue 13 costs the million participants of issue 6: BenchmarkMillion
# at BEFORE and after, one run of each in turn.
(cd "$here" && go test -c -o "$tmp/million-after.test" .)
if [[ -n $BEFORE ]]; then
	(cd "$tmp/src/bench" && go test -c -o "$tmp/million-before.test" .)
fi
for run in $(seq 1 "$COUNT"); do
	for which in before after; do
		if [[ -x $tmp/million-$which.test ]]; then
			echo "+ ($which, run $run) BenchmarkMillion" >&2
			"$tmp/million-$which.test" -test.run '^$' -test.bench '^BenchmarkMillion$' -test.benchtime 1x -test.benchmem -test.timeout 60m |
				sed -n "s/^BenchmarkMillion/$which BenchmarkMillion/p" >> "$results/cli-million.txt"
		fi
	done
done

echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)" >> "$results/cli-env.txt"
go run ./internal/clireport -results "$results" -doc ../docs/BENCHMARKS.md
echo "wrote the section \"The command\" of $repo/docs/BENCHMARKS.md" >&2
