#!/bin/sh
# tools/fuzz_speed.sh - executions per second of each libFuzzer target on
# its seeds (the committed corpus, the regressions and the build-time
# seeds), from libFuzzer's -print_final_stats, into a table.
#
# usage: tools/fuzz_speed.sh FUZZDIR SEEDDIR SECONDS [TARGET...]
#   FUZZDIR  folder of the libFuzzer binaries (build/fuzz)
#   SEEDDIR  the build-time seeds ($(B)/seeds)
# Each target starts from an empty work folder, so runs compare.
set -eu
fuzzdir=$1 seeds=$2 secs=$3
shift 3
if [ $# -eq 0 ]; then
    set -- $(cd fuzz && ls fuzz_*.c | sed 's/\.c$//')
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-24s %10s %12s %10s %8s\n' target exec/s exec/cpu-s execs seeds
for n in "$@"; do
    dirs="" count=0
    for d in fuzz/corpus/$n fuzz/regressions/$n $seeds/$n; do
        if [ -d "$d" ]; then
            dirs="$dirs $d"
            count=$((count + $(ls "$d" | wc -l)))
        fi
    done
    rm -rf "$work/c" && mkdir -p "$work/c"
    # The machine may be shared: besides libFuzzer's wall-clock rate, the
    # rate per second of CPU time the run took (user + system).
    # shellcheck disable=SC2086
    /usr/bin/time -f '%U %S' -o "$work/time" "$fuzzdir/$n" -max_total_time="$secs" -timeout=5 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/" "$work/c" $dirs \
        >"$work/log" 2>&1 || { tail -n 30 "$work/log"; exit 1; }
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log")
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
    cpu=$(awk -v e="$execs" '{ t = $1 + $2; printf "%d", (t > 0 ? e / t : 0) }' "$work/time")
    printf '%-24s %10s %12s %10s %8s\n' "$n" "$rate" "$cpu" "$execs" "$count"
done
