#!/bin/sh
# tests/cli/sarif.sh - esv --format sarif end to end: every log is validated
# against the OASIS SARIF 2.1.0 JSON schema (tests/sarif/, ajv from npm,
# installed by `make test-sarif` with npm ci), and its content is checked
# against what the same run writes as JSON: the rule catalogue, a result
# per finding with its rule index, level, byte offset and logical location,
# an artifact per input, the invocation. A mutated log must fail the
# validator (it really validates). Without node the schema checks say they
# are skipped (and fail when $CI is set). Needs jq.
set -u
ESV=${ESV:-build/esv}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
skipped=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
jq_true() { # FILE FILTER DESCRIPTION
    if jq -e "$2" "$1" >/dev/null 2>&1; then ok; else bad "$3: jq '$2' not true"; fi
}
# run WANT NAME COMMAND...: runs COMMAND into $T/NAME, expects exit WANT
run() {
    want=$1; name=$2; shift 2
    "$@" >"$T/$name" 2>"$T/$name.err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, expected $want"; head -3 "$T/$name.err"; fi
}

S=examples/data
mkdir -p "$T/a<b>"
HOSTILE="$T/a<b>/q\"'x $(printf '\001')%.der"
cp "$S/broken-profile.der" "$HOSTILE"
RULES=$("$ESV" rules --format json | jq length)

# --- the logs
run 0 pass.sarif "$ESV" profile --format sarif "$S/sample-profile.der"
run 1 many.sarif "$ESV" profile -j 2 --format sarif "$S/sample-profile.der" "$S/test-profile-ram.der" \
    "$S/broken-profile.der" "$HOSTILE"
run 1 many.json "$ESV" profile -j 2 --format json "$S/sample-profile.der" "$S/test-profile-ram.der" \
    "$S/broken-profile.der" "$HOSTILE"
run 1 dropped.sarif "$ESV" profile --max-findings 3 --format sarif "$S/test-profile-ram.der"
run 1 limit.sarif "$ESV" profile --max-bytes 100 --format sarif "$S/test-profile-ram.der"
run 1 policy.sarif "$ESV" profile --set PROF-100=warning --disable PROF-079 --format sarif "$S/test-profile-ram.der"
run 1 cert.sarif "$ESV" cert --format sarif --ci "$S/pki/ci-nist.der" "$S/pki/eum-nokeyusage-nist.der"
run 0 chain.sarif "$ESV" cert --format sarif --ci "$S/pki/ci-nist.der" --at 2027-01-01 "$S/pki/chain-nist.pem"
run 0 rsp.sarif "$ESV" rsp --format sarif --ci "$S/rsp/nist/ci.der" --at 2027-01-01 \
    --server-address smdp.esv.example --session "$S/rsp/nist"
run 1 der.sarif "$ESV" der --sequence --format sarif "$S/broken-profile.der"
run 2 none.sarif "$ESV" profile --format sarif "$T/no-such-file.der"
if [ ! -s "$T/none.sarif" ]; then ok; else bad "sarif: nothing read, no log written"; fi
LOGS="pass many dropped limit policy cert chain rsp der"

# --- content, against the JSON reports
jq_true "$T/pass.sarif" '.version == "2.1.0" and (.runs | length) == 1 and (.runs[0].results == [])' "sarif: a passing input: one run, no result"
jq_true "$T/pass.sarif" ".runs[0].tool.driver.name == \"esv\" and (.runs[0].tool.driver.rules | length) == $RULES" \
    "sarif: the whole catalogue as tool.driver.rules"
jq_true "$T/pass.sarif" '.runs[0].tool.driver.rules as $r | [range(0; $r | length) | $r[.].id] == [$r[].id] and
    ($r | map(select(.id == "PROF-079"))[0] | .defaultConfiguration.level == "error" and (.help.text | test("TS.48")))' \
    "sarif: a rule's level and clause"
jq -s '[.[].findings | length] | add' "$T/many.json" >"$T/nfind"
jq_true "$T/many.sarif" ".runs[0].results | length == $(cat "$T/nfind")" "sarif: a result per finding"
jq -s '[.[] | .input as $i | .findings[] | [.id, .severity, (.location.offset // -1), (.location.element // -1)]]' "$T/many.json" >"$T/want"
jq '[.runs[0].results[] | [.ruleId, ({"error":"error","warning":"warning","note":"info"}[.level]),
    (.locations[0].physicalLocation.region.byteOffset // -1), (.properties.element // -1)]]' "$T/many.sarif" >"$T/got"
if cmp -s "$T/want" "$T/got"; then ok; else bad "sarif: rule, level, byte offset and element of every result match the JSON report"; fi
jq_true "$T/many.sarif" '.runs[0] as $run | all($run.results[]; $run.tool.driver.rules[.ruleIndex].id == .ruleId)' \
    "sarif: every ruleIndex names its rule"
jq_true "$T/many.sarif" '.runs[0] as $run | all($run.results[]; .locations[0].physicalLocation.artifactLocation as $a |
    $run.artifacts[$a.index].location.uri == $a.uri)' "sarif: every result's artifact index and uri agree"
jq_true "$T/many.sarif" '[.runs[0].artifacts[].properties.verdict] == ["pass","fail","fail","fail"]' "sarif: an artifact per input, with its verdict"
jq_true "$T/many.sarif" '.runs[0].artifacts[3].location.uri | endswith("/a%3Cb%3E/q%22%27x%20%01%25.der")' \
    "sarif: a hostile name as a percent-encoded uri"
jq_true "$T/many.sarif" '[.runs[0].results[] | select(.ruleId == "PROF-079")][0] | .locations[0].logicalLocations[0].fullyQualifiedName == "element 2, pukCodes[0]/pukValue"
    and .properties.path == "pukCodes[0]/pukValue" and .level == "error"' "sarif: element and field path as a logical location"
jq_true "$T/many.sarif" '[.runs[0].results[] | select(.ruleId == "PROF-147")][0].level == "note"' "sarif: info is note"
jq_true "$T/many.sarif" '.runs[0].invocations == [{"executionSuccessful": true}]' "sarif: a successful invocation"
jq_true "$T/dropped.sarif" '(.runs[0].results | length) == 3 and (.runs[0].invocations[0].toolExecutionNotifications[0].message.text | test("^11 more findings not kept"))' \
    "sarif: findings past the cap are a notification"
jq_true "$T/limit.sarif" '.runs[0].invocations[0].executionSuccessful == false and
    (.runs[0].invocations[0].toolExecutionNotifications[0] | .level == "error" and (.message.text | test("limit")))' \
    "sarif: a verification stopped at a limit is not a successful execution"
jq_true "$T/policy.sarif" '.runs[0].tool.driver.rules | (map(select(.id == "PROF-100"))[0].defaultConfiguration.level == "warning")
    and (map(select(.id == "PROF-079"))[0].defaultConfiguration == {"level": "none", "enabled": false})' \
    "sarif: rule levels follow the policy (--set, --disable)"
jq_true "$T/policy.sarif" '[.runs[0].results[] | select(.ruleId == "PROF-100")][0].level == "warning" and
    ([.runs[0].results[] | select(.ruleId == "PROF-079")] | length) == 0' "sarif: results follow the policy"
jq_true "$T/cert.sarif" '[.runs[0].results[] | select(.ruleId == "PKI-017")][0] | .properties.cert == 0 and
    .locations[0].logicalLocations[0].kind == "object"' "sarif: a certificate finding names its certificate"
jq_true "$T/rsp.sarif" '(.runs[0].artifacts | length) == 5 and all(.runs[0].artifacts[]; .properties.kind == "rsp" and .properties.verdict == "pass")' \
    "sarif: an rsp session: an artifact per message"
jq_true "$T/der.sarif" '.runs[0].results[0].ruleId == "DER-003" and .runs[0].results[0].locations[0].physicalLocation.region.byteOffset == 95' \
    "sarif: a DER finding with its byte offset"

# --- the schema
if ! command -v node >/dev/null 2>&1 || [ ! -d tests/sarif/node_modules/ajv ]; then
    if [ -n "${CI:-}" ]; then
        bad "sarif: node or tests/sarif/node_modules missing (tools/setup.sh, then make test-sarif runs npm ci)"
    else
        echo "sarif: SKIPPED the schema checks: node or tests/sarif/node_modules missing (sh tools/setup.sh; make test-sarif runs npm ci)"
        skipped=$((skipped + 1))
    fi
else
    for l in $LOGS; do
        if node tests/sarif/validate.mjs "$T/$l.sarif"; then ok; else bad "sarif: $l.sarif is valid SARIF 2.1.0"; fi
    done
    # the validator catches a log that is not valid
    jq '.runs[0].results[0].level = "fatal" | del(.runs[0].results[1].message)' "$T/many.sarif" >"$T/broken.sarif"
    if node tests/sarif/validate.mjs "$T/broken.sarif" >"$T/broken.out" 2>&1; then
        bad "sarif: the validator rejects a log with a bad level and a result without message"
    elif grep -q "must be equal to one of the allowed values" "$T/broken.out" && grep -q "must have required property 'message'" "$T/broken.out"; then
        ok
    else
        bad "sarif: the validator names both defects"; cat "$T/broken.out"
    fi
fi

echo "cli: $pass passed, $fail failed, $skipped skipped (SARIF)"
[ "$fail" -eq 0 ]
