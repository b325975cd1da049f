#!/bin/sh
# tools/coverage_summary.sh SUMMARY_JSON [ROOT] - one line per folder of
# lib/ (and a total): lines and branches covered / total / %, summed over
# the files of `llvm-cov export -summary-only` (make coverage).
set -eu
json=$1
root=${2:-$(pwd)}
jq -r --arg root "$root/" '
  [ .data[0].files[]
    | {f: (.filename | ltrimstr($root)), l: .summary.lines, b: .summary.branches}
    | select(.f | startswith("lib/"))
    | .d = (.f | split("/")[0:2] | join("/")) ] as $files
  | ($files | group_by(.d)[] | [.[0].d, (map(.l.covered) | add), (map(.l.count) | add),
                                 (map(.b.covered) | add), (map(.b.count) | add)]),
    ["lib (all)", ($files | map(.l.covered) | add), ($files | map(.l.count) | add),
                  ($files | map(.b.covered) | add), ($files | map(.b.count) | add)]
  | @tsv' "$json" |
awk -F '\t' '{
    lp = $3 ? 100 * $2 / $3 : 0; bp = $5 ? 100 * $4 / $5 : 0
    printf "coverage %-12s lines %6d/%-6d %5.1f%%   branches %6d/%-6d %5.1f%%\n", $1, $2, $3, lp, $4, $5, bp
}'
