#!/bin/sh
# tests/cli/jobs.sh - esv profile|der -j N: inputs verified on N threads
# give the reports, the messages and the exit status of -j 1, byte for
# byte, in input order; -j is validated; no progress text unless stderr is
# a terminal. Uses $ESV (the tool; make check-threads runs this with the
# ThreadSanitizer build) and $ESV_TESTDATA (the 18 TS.48 profiles, when
# present). Needs jq.
set -u
ESV=${ESV:-build/esv}
TD=${ESV_TESTDATA:-../shared/testdata}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
skipped=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# Every report says the time it is for: the tool's clock, to the second.
# Two runs may straddle a second, so the time is masked (same length)
# before outputs are compared.
mask_time() {
    LC_ALL=C sed 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/YYYY-MM-DDTHH:MM:SSZ/g' "$1"
}

# same_as_one DESCRIPTION N COMMAND ARGS...: the command with -j N and
# with -j 1 (the sequential run) have the same exit status, the same
# stdout (time masked) and the same stderr.
# Standard input: the file $IN (each run reads it afresh).
IN=/dev/null
same_as_one() {
    desc=$1; n=$2; cmd=$3; shift 3
    "$ESV" "$cmd" -j 1 "$@" <"$IN" >"$T/one" 2>"$T/one.err"
    c1=$?
    "$ESV" "$cmd" -j "$n" "$@" <"$IN" >"$T/many" 2>"$T/many.err"
    cn=$?
    if [ "$c1" -eq "$cn" ]; then ok; else bad "$desc: exit $cn with -j $n, $c1 with -j 1"; sed 's/^/    /' "$T/many.err" | head -5; fi
    mask_time "$T/one" >"$T/one.m"
    mask_time "$T/many" >"$T/many.m"
    if cmp -s "$T/one.m" "$T/many.m"; then ok; else bad "$desc: -j $n output differs from -j 1"; cmp "$T/one.m" "$T/many.m" | head -2; fi
    if cmp -s "$T/one.err" "$T/many.err"; then ok; else bad "$desc: -j $n messages differ from -j 1"; diff "$T/one.err" "$T/many.err" | head -6; fi
}

printf '\242\200\240\003\201\001\001\241\200\201\000\000\001\000\000\000\000' >"$T/loop.der"
printf '\060\003\002\001\005' >"$T/good.der"
printf '\060\003\002\001\005\000' >"$T/trailing.der"

# Many inputs: the builder's sample profiles, the sample PKI (certificates
# are no profiles: DER and PROF findings), made-up DER, three times over;
# with the test data, the 18 TS.48 profiles three times each. More inputs
# than -j 4's window of 16 pending reports.
set --
for k in 1 2 3; do
    set -- "$@" examples/data/*.der examples/data/pki/*.der "$T/loop.der" "$T/good.der" "$T/trailing.der"
done
if [ -d "$TD/profiles/ts48" ]; then
    set -- "$@" "$TD"/profiles/ts48/*.der "$TD"/profiles/ts48/*.der "$TD"/profiles/ts48/*.der
else
    echo "skipped: $TD not present (TS.48 profiles in the -j runs)"
    skipped=$((skipped + 1))
fi
ninputs=$#

for f in text json cbor; do
    same_as_one "profile --format $f, $ninputs inputs" 4 profile --format "$f" "$@"
    if [ ! -s "$T/many.err" ]; then ok; else bad "profile -j 4 --format $f: text on a stderr that is no terminal"; head -c 300 "$T/many.err"; echo; fi
    same_as_one "profile --format $f, -j 3" 3 profile --format "$f" "$@"
done
# one document for the run (the writer adds each report in input order)
for f in html sarif; do
    same_as_one "profile --format $f, $ninputs inputs" 4 profile --format "$f" "$@"
done
if [ "$(jq '.runs[0].artifacts | length' "$T/many")" -eq "$ninputs" ]; then
    ok; else bad "profile -j 4 --format sarif: an artifact per input"; fi
same_as_one "profile --format html with a missing file" 4 profile --format html "$T/nope1.der" examples/data/sample-profile.der examples/data/broken-profile.der
if [ "$(grep -c '</html>' "$T/many")" -eq 1 ] && [ "$(grep -c '" id="row' "$T/many")" -eq 2 ]; then
    ok; else bad "profile -j 4 --format html with a missing file: a whole page over the two read"; fi
"$ESV" profile -j 4 --format json "$@" >"$T/out" 2>/dev/null
if [ "$(wc -l <"$T/out")" -eq "$ninputs" ]; then ok; else bad "profile -j 4: one JSON line per input"; fi
i=0
for a in "$@"; do
    i=$((i + 1))
    echo "$a"
done >"$T/names"
if jq -r .input "$T/out" | cmp -s - "$T/names"; then ok; else bad "profile -j 4: reports in input order"; fi
same_as_one "profile --policy test, json" 4 profile --policy test --format json "$@"
same_as_one "der --format json" 4 der --format json "$@"
same_as_one "der --sequence" 2 der --sequence "$@"
same_as_one "profile -q" 4 profile -q "$@"
if [ ! -s "$T/many" ]; then ok; else bad "profile -q -j 4 printed output"; fi
# unreadable inputs among the others: exit 2, their messages in order
same_as_one "profile with missing files" 4 profile "$T/nope1.der" "$@" "$T/nope2.der" examples/data/sample-profile.der
if [ "$(grep -c 'cannot open' "$T/many.err")" -eq 2 ] && head -1 "$T/many.err" | grep -q nope1; then ok; else bad "profile -j 4: the two missing files named, in order"; fi
# standard input is read once, in the order of the FILEs
IN=examples/data/test-profile-ram.der
same_as_one "profile with stdin" 4 profile --format json examples/data/sample-profile.der - examples/data/broken-profile.der -
IN=/dev/null
jq_last=$(jq -s -c '(.[1].findings | map(select(.id == "PROF-100")) | length == 1) and ((.[3].findings | map(.id)) == ["DER-001"])' "$T/many")
if [ "$jq_last" = true ]; then ok; else bad "profile -j 4 with stdin: the first '-' reads it all, the second nothing"; fi
jq_lines=$(jq -r .input "$T/many" | tr '\n' ' ')
if [ "$jq_lines" = "examples/data/sample-profile.der - examples/data/broken-profile.der - " ]; then ok; else bad "profile -j 4 with stdin: $jq_lines"; fi
# all the passing ones: exit 0 either way
same_as_one "profile, passing inputs" 4 profile examples/data/sample-profile.der examples/data/minimal-profile.der examples/data/sample-profile.der examples/data/minimal-profile.der
if [ "$(grep -c ': PASS' "$T/many")" -eq 4 ]; then ok; else bad "profile -j 4: four passes"; fi
# one input, more jobs than inputs
same_as_one "profile, one input, -j 8" 8 profile --format json examples/data/sample-profile.der

# the other spellings and the defaults
for a in -j4 --jobs=4 "--jobs 4" -j256; do
    # shellcheck disable=SC2086
    "$ESV" profile $a --format json examples/data/*.der >"$T/out" 2>"$T/err"
    if [ $? -eq 1 ] && [ "$(wc -l <"$T/out")" -eq "$(ls examples/data/*.der | wc -l)" ]; then ok; else bad "profile $a"; fi
done
"$ESV" profile --format json examples/data/*.der >"$T/out" 2>"$T/err"
if [ $? -eq 1 ] && [ ! -s "$T/err" ]; then ok; else bad "profile without -j (online CPUs)"; fi

# -j is validated: 1 to 256
for a in "-j 0" "-j 999" "-j 257" "-j x" "-j -1" "--jobs=" "-j1x" "--jobs 0"; do
    # shellcheck disable=SC2086
    "$ESV" profile $a examples/data/sample-profile.der >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq 2 ]; then ok; else bad "profile $a: exit $got, expected 2"; fi
    if grep -q "bad job count" "$T/err"; then ok; else bad "profile $a: no message"; sed 's/^/    /' "$T/err" | head -3; fi
done
"$ESV" profile examples/data/sample-profile.der -j >/dev/null 2>"$T/err"
if [ $? -eq 2 ] && grep -q "needs a value" "$T/err"; then ok; else bad "profile -j without a value"; fi
"$ESV" der -j 0 "$T/good.der" >/dev/null 2>&1
if [ $? -eq 2 ]; then ok; else bad "der -j 0"; fi

# cert and rsp take -j and ignore it: one verification, one session
P=examples/data/pki
same_as_one "cert, one set" 4 cert --format json --ci $P/ci-nist.der --crl $P/crl-nist.der --at 2030-01-01 $P/euicc-nist.der $P/eum-nist.der $P/dpauth-nist.der
if [ "$(wc -l <"$T/many")" -eq 1 ]; then ok; else bad "cert -j 4: one report"; fi
same_as_one "rsp, one session" 4 rsp --ci examples/data/rsp/nist/ci.der --at 2027-01-01 --server-address smdp.esv.example --session examples/data/rsp/nist
if [ "$(grep -c ': PASS' "$T/many")" -eq 5 ]; then ok; else bad "rsp -j 4: five sample messages pass"; fi
for c in cert rsp; do
    "$ESV" $c -j 0 $P/euicc-nist.der >/dev/null 2>"$T/err"
    if [ $? -eq 2 ] && grep -q "bad job count" "$T/err"; then ok; else bad "$c -j 0"; fi
done
# show and rules have no -j
"$ESV" show -j 2 examples/data/sample-profile.der >/dev/null 2>"$T/err"
if [ $? -eq 2 ] && grep -q "unknown option '-j'" "$T/err"; then ok; else bad "show -j: unknown option"; fi

# the progress line: on a terminal only (script(1) gives the tool one)
if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
    script -qec "\"$ESV\" profile -j 2 examples/data/*.der examples/data/*.der >/dev/null" /dev/null >"$T/tty" 2>&1
    if grep -q "esv profile: 8/8 done in .* s, .*/s, 4 failed" "$T/tty"; then ok; else bad "progress line on a terminal"; head -c 300 "$T/tty" | od -c | head -5; fi
    script -qec "\"$ESV\" profile -q -j 2 examples/data/*.der examples/data/*.der" /dev/null >"$T/tty" 2>&1
    if [ ! -s "$T/tty" ]; then ok; else bad "progress line with -q"; fi
    script -qec "\"$ESV\" profile -j 2 examples/data/sample-profile.der >/dev/null" /dev/null >"$T/tty" 2>&1
    if [ ! -s "$T/tty" ]; then ok; else bad "progress line for one input"; fi
else
    echo "skipped: no script(1) (progress line on a terminal)"
    skipped=$((skipped + 3))
fi

echo "cli -j: $pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
