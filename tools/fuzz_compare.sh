#!/bin/sh
# tools/fuzz_compare.sh [RUNS] [SEED] [TARGET...] - what the structure-aware
# mutator and the dictionaries add: each target run for the same number of
# inputs (-runs=RUNS), from the same seeds, with the same -seed, four ways
# (without / with the mutator, without / with the dictionary); then each
# run's corpus and its seeds replayed through the coverage build, and the
# lines and branches of lib/ covered, as a Markdown table.
# Needs: make fuzz fuzz-nomut coverage (build/fuzz, build/fuzz/nomut,
# build/coverage/replay, build/dict, build/seeds).
set -eu
runs=${1:-20000}
seed=${2:-1}
shift 2 2>/dev/null || shift $#
targets=${*:-fuzz_der fuzz_show fuzz_profile fuzz_cert fuzz_rsp fuzz_bpp}
work=build/fuzz/compare
profdata=${LLVM_PROFDATA:-llvm-profdata}
cov=${LLVM_COV:-llvm-cov}
root=$(pwd)
mkdir -p "$work"

# lines and branches of lib/ covered by replaying the given folders
measure() { # target name dirs...
    t=$1 name=$2
    shift 2
    rm -f "$work/$name.profraw"
    LLVM_PROFILE_FILE="$work/$name.profraw" build/coverage/replay/"$t" "$@" >/dev/null
    "$profdata" merge -sparse -o "$work/$name.profdata" "$work/$name.profraw"
    "$cov" export -summary-only -instr-profile="$work/$name.profdata" build/coverage/replay/"$t" |
        jq -r --arg root "$root/" '[.data[0].files[] | select(.filename | ltrimstr($root) | startswith("lib/"))
            | .summary] | "\(map(.lines.covered) | add)/\(map(.lines.count) | add) \(map(.branches.covered) | add)/\(map(.branches.count) | add)"'
}

echo "| target | seeds only | no mutator, no dict | no mutator, dict | mutator, no dict | mutator, dict |"
echo "| --- | --- | --- | --- | --- | --- |"
for t in $targets; do
    seeds=""
    for d in fuzz/corpus/$t build/seeds/$t; do [ -d "$d" ] && seeds="$seeds $d"; done
    # shellcheck disable=SC2086
    row="| $t | $(measure "$t" "$t-seeds" $seeds)"
    for cfg in nomut:nodict nomut:dict mut:nodict mut:dict; do
        bin=build/fuzz/$t
        [ "${cfg%%:*}" = nomut ] && bin=build/fuzz/nomut/$t
        dict=""
        [ "${cfg#*:}" = dict ] && dict="-dict=build/dict/$t.dict"
        out="$work/$t-${cfg%%:*}-${cfg#*:}"
        rm -rf "$out" && mkdir -p "$out"
        # shellcheck disable=SC2086
        "$bin" -runs="$runs" -seed="$seed" -timeout=5 -rss_limit_mb=2048 $dict "$out" $seeds \
            >"$out.log" 2>&1 || { tail -n 30 "$out.log"; exit 1; }
        # shellcheck disable=SC2086
        row="$row | $(measure "$t" "$t-${cfg%%:*}-${cfg#*:}" "$out" $seeds)"
    done
    echo "$row |"
done
echo
echo "each cell: lines covered/total and branches covered/total of lib/ (llvm-cov), after -runs=$runs -seed=$seed"
