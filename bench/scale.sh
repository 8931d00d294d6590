#!/usr/bin/env bash
# Scale benchmark: how long runrisk takes, and how much memory it needs, to
# analyse a large club log (by default 1,000,000 runs across 1,000 athletes).
#
#   bench/scale.sh                          # the default size
#   RUNS=200000 ATHLETES=100 bench/scale.sh # another size
#
# Builds release, generates the log with `examples/generate_log.rs` into a
# temporary folder (removed on exit), then times `runrisk weeks --format json`
# and `runrisk flags --format json` on it with /usr/bin/time -v when it is
# there (wall time and peak resident memory), or bash's `time` otherwise.
set -euo pipefail

RUNS="${RUNS:-1000000}"
ATHLETES="${ATHLETES:-1000}"

cd "$(dirname "$0")/.."

work="$(mktemp -d "${TMPDIR:-/tmp}/runrisk-scale.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "== building release binaries"
cargo build --release --quiet --bin runrisk --example generate_log

log="$work/big.csv"
echo "== generating $RUNS runs across $ATHLETES athletes"
gen_start=$(date +%s.%N)
./target/release/examples/generate_log --runs "$RUNS" --athletes "$ATHLETES" > "$log"
gen_end=$(date +%s.%N)
bytes=$(wc -c < "$log")
rows=$(($(wc -l < "$log") - 1))
awk -v rows="$rows" -v bytes="$bytes" -v secs="$(awk -v a="$gen_start" -v b="$gen_end" 'BEGIN { print b - a }')" \
    'BEGIN { printf "input: %d rows, %.1f MiB (generated in %.1f s)\n", rows, bytes / 1048576, secs }'

have_time_v=no
if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
    have_time_v=yes
else
    echo "note: /usr/bin/time -v is not available; peak memory is unavailable, using bash's time"
fi

# measure ARGS...: runs runrisk with ARGS on the log, output to /dev/null
measure() {
    local stats="$work/time.txt" status=0
    if [ "$have_time_v" = yes ]; then
        /usr/bin/time -v -o "$stats" ./target/release/runrisk "$@" "$log" > /dev/null || status=$?
        local wall rss_kb user sys
        wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$stats")
        rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$stats")
        user=$(sed -n 's/^[[:space:]]*User time (seconds): //p' "$stats")
        sys=$(sed -n 's/^[[:space:]]*System time (seconds): //p' "$stats")
        awk -v cmd="runrisk $*" -v wall="$wall" -v rss="$rss_kb" -v user="$user" -v sys="$sys" -v status="$status" \
            'BEGIN { printf "%-28s wall %-8s (user %s s, sys %s s)  peak RSS %.1f MiB  exit %s\n", cmd, wall, user, sys, rss / 1024, status }'
    else
        local start end
        start=$(date +%s.%N)
        ./target/release/runrisk "$@" "$log" > /dev/null || status=$?
        end=$(date +%s.%N)
        awk -v cmd="runrisk $*" -v a="$start" -v b="$end" -v status="$status" \
            'BEGIN { printf "%-28s wall %.2f s  peak RSS unavailable  exit %s\n", cmd, b - a, status }'
    fi
    if [ "$status" -ne 0 ]; then
        echo "runrisk $* failed with exit code $status" >&2
        return "$status"
    fi
}

echo "== timing"
measure weeks --format json
measure flags --format json
