#!/bin/sh
# tests/cli/html.sh - esv --format html end to end, checked in a real
# browser: headless chromium loads the page (--dump-dom) and the DOM it
# built is asserted on (tests/cli/html_dom.py turns it into JSON for jq):
# one summary row per input, every in-page link has its target, a finding
# links to its element and the element is highlighted, open and links
# back; hostile input names and input-derived text stay text (no element,
# no handler is injected). A screenshot of the page is kept in
# $ESV_OUT/html-report.png for a person to look at. Without chromium the
# browser checks say they are skipped (and fail when $CI is set: CI runs
# tools/setup.sh, which installs it). Needs jq and python3.
set -u
ESV=${ESV:-build/esv}
OUT=${ESV_OUT:-build}
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
# The time each report names, taken out for byte comparisons.
notime() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' "$1"; }

# --- the inputs: the samples, and a hostile copy of the test profile whose
# path holds markup, quotes and control characters, and whose profileType
# ("esv sample Test Profile": the same length keeps the DER valid) now
# holds markup, a control character and a quote.
S=examples/data
mkdir -p "$T/<script>alert(1)<"
HOSTILE="$T/<script>alert(1)</script>\"q'x$(printf '\001\033')y.der"
python3 -c "import sys; d=open(sys.argv[1],'rb').read(); t=b'\\x82\\x17esv sample'; assert d.count(t)==1; \
open(sys.argv[2],'wb').write(d.replace(t, b\"\\x82\\x17<i>x</i>\\x01'\"))" \
    "$S/test-profile-ram.der" "$HOSTILE" || { echo "html: cannot make the hostile input"; exit 1; }

# --- the page without a browser: verdicts, exit status, -j, quiet, I/O
"$ESV" profile -j 2 --format html "$S/sample-profile.der" "$S/test-profile-ram.der" \
    "$S/broken-profile.der" "$HOSTILE" >"$T/report.html" 2>"$T/err"
if [ $? -eq 1 ]; then ok; else bad "html: failing inputs give exit status 1"; fi
"$ESV" profile -j 1 --format html "$S/sample-profile.der" "$S/test-profile-ram.der" \
    "$S/broken-profile.der" "$HOSTILE" >"$T/report1.html" 2>/dev/null
notime "$T/report.html" >"$T/a"; notime "$T/report1.html" >"$T/b"
if cmp -s "$T/a" "$T/b"; then ok; else bad "html: -j 2 writes what -j 1 writes"; fi
"$ESV" profile --format html "$S/sample-profile.der" >"$T/pass.html"
if [ $? -eq 0 ]; then ok; else bad "html: a passing input gives exit status 0"; fi
"$ESV" profile --quiet --format html "$S/test-profile-ram.der" >"$T/quiet.html"
if [ $? -eq 1 ] && [ ! -s "$T/quiet.html" ]; then ok; else bad "html: --quiet writes nothing"; fi
"$ESV" profile --format html "$S/sample-profile.der" >/dev/full 2>"$T/err"
if [ $? -eq 2 ]; then ok; else bad "html: a failed write is exit status 2"; fi
"$ESV" profile --format html "$T/no-such-file.der" >"$T/none.html" 2>"$T/err"
if [ $? -eq 2 ] && [ ! -s "$T/none.html" ]; then ok; else bad "html: nothing read, no page written"; fi
"$ESV" show --format html "$S/sample-profile.der" >/dev/null 2>"$T/err"
if [ $? -eq 2 ]; then ok; else bad "html: esv show does not take --format html"; fi
if grep -q '<script' "$T/report.html" || grep -q "$(printf '\001')" "$T/report.html"; then
    bad "html: no script element and no raw control character in the page"
else ok; fi
"$ESV" cert --format html --ci "$S/pki/ci-nist.der" "$S/pki/eum-nokeyusage-nist.der" >"$T/cert.html"
if [ $? -eq 1 ] && grep -q 'id="in0-PKI"' "$T/cert.html" && grep -q '>PKI-017<' "$T/cert.html"; then
    ok; else bad "html: a cert run shows PKI-017 in the PKI area"; fi
"$ESV" rsp --format html --ci "$S/rsp/nist/ci.der" --at 2027-01-01 --server-address smdp.esv.example \
    --session "$S/rsp/nist" >"$T/rsp.html"
if [ $? -eq 0 ] && [ "$(grep -c '<tr class="pass" id="row' "$T/rsp.html")" -eq 5 ]; then
    ok; else bad "html: an rsp session: a summary row per message, all pass"; fi

# --- in the browser
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    if [ -n "${CI:-}" ]; then
        bad "html: chromium is not installed (tools/setup.sh installs it)"
    else
        echo "html: SKIPPED the browser checks: chromium is not installed (sh tools/setup.sh installs it)"
        skipped=$((skipped + 1))
    fi
    echo "cli: $pass passed, $fail failed, $skipped skipped (HTML report)"
    [ "$fail" -eq 0 ]
    exit
fi
browser() {
    sandbox=""
    [ "$(id -u)" -eq 0 ] && sandbox=--no-sandbox
    timeout 120 "$CHROMIUM" --headless $sandbox --disable-gpu --no-first-run --disable-extensions \
        --disable-background-networking --disable-component-update --disable-breakpad \
        --user-data-dir="$T/chromium-profile" "$@" 2>>"$T/chromium.log"
}
if browser --dump-dom "file://$T/report.html" >"$T/dom.html" && [ -s "$T/dom.html" ]; then ok; else
    bad "html: chromium loads the page"; tail -5 "$T/chromium.log"; fi
python3 tests/cli/html_dom.py "$T/dom.html" >"$T/dom.json" || bad "html: the DOM parses"

jq_true "$T/dom.json" '.summary_rows | length == 4' "dom: one summary row per input"
jq_true "$T/dom.json" '[.summary_rows[].class] == ["pass","fail","fail","fail"]' "dom: the rows' verdicts"
jq_true "$T/dom.json" '.summary_rows[1].cells[4] == "13" and .summary_rows[1].cells[6] == "1"' \
    "dom: test-profile-ram: 13 errors, 1 info in its row"
jq_true "$T/dom.json" '.summary_rows[1].cells[8] | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$")' \
    "dom: the row names the time the verdict is for"
jq_true "$T/dom.json" '[.links[] | select(.in | startswith("row"))] | length == 4' "dom: each row links to its section"
jq_true "$T/dom.json" '.broken_links == []' "dom: every in-page link has its target"
jq_true "$T/dom.json" '.ids["in1-f0"].tag == "tr" and ([.links[] | select(.in == "in1-f0" and .href == "in1-e2")] | length == 1)' \
    "dom: finding 0 (PROF-079) links to element 2"
jq_true "$T/dom.json" '.ids["in1-e2"].tag == "li" and (.ids["in1-e2"].class | index("hit")) and .ids["in1-e2"].details_open' \
    "dom: element 2 is highlighted and open"
jq_true "$T/dom.json" '[.links[] | select(.in == "in1-e2" and .href == "in1-f0")] | length == 2' \
    "dom: element 2 links back to its finding (its line and its field)"
jq_true "$T/dom.json" '[.fhits[] | select(.in == "in1-e2" and .hrefs == ["in1-f0"])] | length == 1' \
    "dom: the field the finding names (pukCodes[0]/pukValue) is highlighted and links to it"
jq_true "$T/dom.json" '(.ids["in0-e1"].class | index("hit")) == null and (.ids["in0-e1"].details_open | not)' \
    "dom: an element without findings is neither highlighted nor open"
jq_true "$T/dom.json" '.ids["in1-PROF"] and .ids["in2-DER"] and .ids["in2-PROF"]' "dom: findings grouped by rule area"
jq_true "$T/dom.json" '[.cells[] | select(.row == "in1-f0" and .class == "ref")][0].text | test("TS.48")' \
    "dom: a finding names its clause"
# hostile strings are text
jq_true "$T/dom.json" '(.tags.script // 0) == 0 and (.tags.i // 0) == 0 and (.tags.img // 0) == 0' \
    "dom: no injected element (script, i, img)"
jq_true "$T/dom.json" '.handlers == []' "dom: no event handler attribute"
jq_true "$T/dom.json" '.summary_rows[3].cells[1] | endswith("/<script>alert(1)</script>\"q'"'"'x\\x01\\x1by.der")' \
    "dom: the hostile name shows as text, controls visible"
jq_true "$T/dom.json" '[.cells[] | select(.row | startswith("in3-f")) | select(.class == "msg") | .text
    | select(contains("profileType \"<i>x</i>\\x01'"'"' Test Profile\""))] | length == 1' \
    "dom: input-derived message text shows as text"
jq_true "$T/dom.json" '.csp | test("default-src .none.")' "dom: a CSP that loads nothing"

# the screenshot, for a person to look at
mkdir -p "$OUT"
rm -f "$OUT/html-report.png"
browser --screenshot="$OUT/html-report.png" --window-size=1280,3600 --hide-scrollbars "file://$T/report.html" >/dev/null
if [ "$(head -c 8 "$OUT/html-report.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
    ok; echo "html: screenshot in $OUT/html-report.png"
else bad "html: chromium takes a screenshot"; tail -5 "$T/chromium.log"; fi

echo "cli: $pass passed, $fail failed, $skipped skipped (HTML report)"
[ "$fail" -eq 0 ]
