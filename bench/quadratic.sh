#!/usr/bin/env bash
# Quadratic-time benchmark (issue 11 item 2): wall times of runrisk on the
# inputs that used to cost a comparison of every pair, at 1k and 8k (8 times
# the input should cost about 8 to 10 times, not 64) and at the issue's sizes.
#
#   bench/quadratic.sh                         # the release build of this tree
#   BEFORE=/tmp/runrisk-old bench/quadratic.sh # also time another binary
#   SIZES=small bench/quadratic.sh             # 1k and 8k only
#
# Inputs, written by `examples/quadratic_inputs.rs` into a temporary folder
# (removed on exit):
#   copies N        N identical rows `2025-01-07,5`           (runrisk check)
#   fit-sessions N  one FIT file of N sessions                (runrisk check)
#   fit-chain N     N FIT files of a 30-minute run, chained   (runrisk check)
#   paces N         N timed runs over 8 weeks                 (runrisk weeks)
set -euo pipefail

cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"

work="$(mktemp -d "${TMPDIR:-/tmp}/runrisk-quadratic.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "== building release binaries"
cargo build --release --quiet --bin runrisk --example quadratic_inputs
binaries=("$target/release/runrisk")
if [ -n "${BEFORE:-}" ]; then
    binaries+=("$BEFORE")
fi

case "${SIZES:-all}" in
small) big_copies=() big_sessions=() big_paces=() ;;
*) big_copies=(20000 50000 100000) big_sessions=(20000) big_paces=(30000) ;;
esac

# seconds COMMAND...: wall time of COMMAND in seconds, its output discarded
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2>&1 || true
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}

# case KIND COMMAND EXTENSION SIZE...: times each binary on KIND at each size
case_of() {
    local kind="$1" command="$2" extension="$3"
    shift 3
    for size in "$@"; do
        local input="$work/$kind-$size.$extension"
        "$target/release/examples/quadratic_inputs" "$kind" "$size" > "$input"
        local line
        line=$(printf '%-13s %7s  %8s B' "$kind" "$size" "$(wc -c < "$input")")
        for binary in "${binaries[@]}"; do
            line+=$(printf '  %8s s' "$(seconds "$binary" "$command" "$input")")
        done
        echo "$line"
    done
}

echo "== wall times: kind, size, input bytes, then seconds for: ${binaries[*]}"
case_of copies check csv 1000 8000 "${big_copies[@]}"
case_of fit-sessions check fit 1000 8000 "${big_sessions[@]}"
case_of fit-chain check fit 50 400
case_of paces weeks csv 1000 8000 "${big_paces[@]}"
