#!/bin/sh
# tests/cli/run.sh - the esv tool end to end: exit statuses, formats,
# policies, limits, help. Uses $ESV (the tool) and $ESV_TESTDATA (skips the
# cases that need ../shared/testdata when it is absent). Needs jq.
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

# expect_exit CODE DESCRIPTION -- COMMAND...
expect_exit() {
    want=$1; desc=$2; shift 3
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$desc: exit $got, expected $want"; sed 's/^/    /' "$T/err" | head -5; fi
}
contains() { # FILE TEXT DESCRIPTION
    if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in output"; sed 's/^/    /' "$1" | head -5; fi
}
jq_true() { # FILE FILTER DESCRIPTION
    if jq -e "$2" "$1" >/dev/null 2>&1; then ok; else bad "$3: jq '$2' not true"; head -c 400 "$1"; echo; fi
}

printf '\242\200\240\003\201\001\001\241\200\201\000\000\001\000\000\000\000' >"$T/loop.der"
printf '\060\003\002\001\005' >"$T/good.der"
printf '\060\003\002\001\005\000' >"$T/trailing.der"

# --- version and help
expect_exit 0 "--version" -- "$ESV" --version
contains "$T/out" "esv 0.1.0" "--version"
expect_exit 0 "help" -- "$ESV" help
contains "$T/out" "profile FILE" "help lists commands"
for c in profile cert rsp der show rules; do
    expect_exit 0 "$c --help" -- "$ESV" "$c" --help
    contains "$T/out" "--format" "$c --help documents the common options"
    expect_exit 0 "help $c" -- "$ESV" help "$c"
done
expect_exit 2 "no command" -- "$ESV"
expect_exit 2 "unknown command" -- "$ESV" frobnicate
expect_exit 2 "unknown option" -- "$ESV" profile --frob "$T/good.der"
expect_exit 2 "bad format" -- "$ESV" profile --format xml "$T/good.der"
expect_exit 2 "no input" -- "$ESV" profile
expect_exit 2 "missing file" -- "$ESV" profile "$T/nope.der"
contains "$T/err" "cannot open" "missing file message"

# --- the asn1c-looping 17 bytes: a DER- finding, exit 1, within a second
expect_exit 1 "17-byte input" -- timeout 1 "$ESV" profile --format json "$T/loop.der"
jq_true "$T/out" '.verdict == "fail" and .kind == "profile" and (.findings[0].id | startswith("DER-")) and .findings[0].location.offset == 1' "17-byte JSON"
jq_true "$T/out" '.input and .findings[0].severity == "error" and .findings[0].message' "JSON finding fields"

# --- exit statuses over several inputs
expect_exit 0 "good der" -- "$ESV" der "$T/good.der"
expect_exit 1 "trailing byte" -- "$ESV" der "$T/trailing.der"
contains "$T/out" "DER-007" "trailing byte rule"
expect_exit 1 "one bad of two" -- "$ESV" der "$T/good.der" "$T/trailing.der"
expect_exit 2 "missing file wins over fail" -- "$ESV" der "$T/trailing.der" "$T/nope.der"
expect_exit 0 "stdin" -- sh -c "\"$ESV\" der - < \"$T/good.der\""
expect_exit 1 "trailing zero still EOC in a sequence" -- "$ESV" der --sequence "$T/trailing.der"
printf '\060\003\002\001\005\060\003\002\001\006' >"$T/two.der"
expect_exit 0 "der --sequence two values" -- "$ESV" der --sequence "$T/two.der"

# --- JSON Lines: one object per input
expect_exit 1 "json lines" -- "$ESV" der --format json "$T/good.der" "$T/trailing.der"
if [ "$(wc -l <"$T/out")" -eq 2 ]; then ok; else bad "json lines: expected 2 lines"; fi
if jq -e -s '.[0].findings == [] and .[0].verdict == "pass"' "$T/out" >/dev/null; then ok; else bad "json pass line"; fi
if [ "$(jq -s 'map(.verdict) | join(",")' "$T/out")" = '"pass,fail"' ]; then ok; else bad "json verdicts in order"; fi

# --- CBOR: one map per input, a CBOR sequence
expect_exit 1 "cbor" -- "$ESV" der --format cbor "$T/trailing.der"
if [ "$(od -An -tx1 -N1 "$T/out" | tr -d ' ')" = "a7" ]; then ok; else bad "cbor: not a 7-entry map"; fi
contains "$T/out" "DER-007" "cbor carries the rule id"

# --- quiet
expect_exit 1 "quiet" -- "$ESV" der -q "$T/trailing.der"
if [ ! -s "$T/out" ]; then ok; else bad "quiet printed output"; fi

# --- policies and per-rule settings
expect_exit 0 "--set to warning" -- "$ESV" profile --set DER-003=warning "$T/loop.der"
contains "$T/out" "warning DER-003" "--set severity in text"
expect_exit 0 "--disable" -- "$ESV" der --disable DER-007 "$T/trailing.der"
expect_exit 2 "--set unknown id" -- "$ESV" der --set DER-999=off "$T/good.der"
contains "$T/err" "unknown rule id" "--set unknown id message"
expect_exit 2 "--set bad severity" -- "$ESV" der --set DER-007=loud "$T/good.der"
printf '# lab\nbase = test\nDER-007 = info\n' >"$T/ok.policy"
expect_exit 0 "policy file" -- "$ESV" der --policy "$T/ok.policy" --format json "$T/trailing.der"
jq_true "$T/out" '.policy == "test" and .findings[0].severity == "info"' "policy file applied"
printf 'DER-007 = info\nPROF-999 = off\n' >"$T/bad.policy"
expect_exit 2 "policy file unknown rule" -- "$ESV" der --policy "$T/bad.policy" "$T/good.der"
contains "$T/err" "line 2: unknown rule id 'PROF-999'" "policy error names the line"
expect_exit 0 "policy test" -- "$ESV" der --policy test --format json "$T/good.der"
jq_true "$T/out" '.policy == "test"' "policy name in JSON"

# --- limits
expect_exit 1 "max-bytes" -- "$ESV" der --max-bytes 4 --format json "$T/good.der"
jq_true "$T/out" '.findings[0].id == "DER-018" and .status == "limit reached"' "size limit finding"
printf '\060\010\060\006\060\004\060\002\060\000' >"$T/deep.der"
expect_exit 1 "max-depth" -- "$ESV" der --max-depth 3 --format json "$T/deep.der"
jq_true "$T/out" '.findings[0].id == "DER-019" and .findings[0].location.offset == 6' "depth limit finding"
expect_exit 0 "max-depth 5 passes" -- "$ESV" der --max-depth 5 "$T/deep.der"
expect_exit 1 "max-elements" -- "$ESV" der --max-elements 2 "$T/deep.der"
contains "$T/out" "DER-020" "element limit finding"
expect_exit 2 "bad limit" -- "$ESV" der --max-depth 0 "$T/good.der"
expect_exit 2 "limit over cap" -- "$ESV" der --max-depth 1000 "$T/good.der"

# --- rules
expect_exit 0 "rules json" -- "$ESV" rules --format json
jq_true "$T/out" 'type == "array" and length >= 20 and all(.[]; (.id | test("^(DER|PROF|PKI|RSP)-[0-9]{3}$")) and .severity and .title and .reference)' "rules JSON shape"
jq_true "$T/out" '[.[].id] | length == (unique | length)' "rule ids unique"
expect_exit 0 "rules text" -- "$ESV" rules
contains "$T/out" "DER-003" "rules text"
expect_exit 0 "rules markdown" -- "$ESV" rules --format markdown
contains "$T/out" "| DER-003 |" "rules markdown"

# --- show
printf '\060\012\006\010\052\206\110\316\075\004\003\002' >"$T/oid.der"
expect_exit 0 "show" -- "$ESV" show "$T/oid.der"
contains "$T/out" "1.2.840.10045.4.3.2" "show decodes OIDs"
expect_exit 0 "show json" -- "$ESV" show --format json "$T/oid.der"
jq_true "$T/out" '.values[0].children[0].text == "1.2.840.10045.4.3.2"' "show json"
expect_exit 1 "show malformed" -- "$ESV" show "$T/loop.der"
contains "$T/out" "DER-003" "show reports malformed input"

# --- real profiles (../shared/testdata)
if [ -d "$TD/profiles/ts48" ]; then
    expect_exit 0 "TS.48 profiles well-formed" -- "$ESV" profile "$TD"/profiles/ts48/*.der
    expect_exit 0 "TS.48 json" -- "$ESV" profile --format json "$TD"/profiles/ts48/*.der
    if [ "$(wc -l <"$T/out")" -eq "$(ls "$TD"/profiles/ts48/*.der | wc -l)" ]; then ok; else bad "one JSON line per profile"; fi
    expect_exit 0 "SGP.26 certificates are strict DER" -- "$ESV" cert "$TD"/pki/sgp26/*.der
    expect_exit 0 "show a real certificate" -- "$ESV" show "$TD/pki/sgp26/euicc.der"
    contains "$T/out" "89049032123451234512345678901235" "show prints the EID string"
else
    echo "skipped: $TD not present (real-data CLI cases)"
    skipped=$((skipped + 5))
fi

echo "cli: $pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
