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

# der_hdr TAG LEN: a DER header with a two-octet length (256 <= LEN < 65536)
der_hdr() {
    printf "\\$(printf %03o "$1")\\202\\$(printf %03o $(($2 / 256)))\\$(printf %03o $(($2 % 256)))"
}

printf '\242\200\240\003\201\001\001\241\200\201\000\000\001\000\000\000\000' >"$T/loop.der"
printf '\060\003\002\001\005' >"$T/good.der"
printf '\060\003\002\001\005\000' >"$T/trailing.der"

# --- esv rsp on the builder-made samples (no third-party data)
expect_exit 0 "rsp: the sample session folder" -- "$ESV" rsp --ci examples/data/rsp/nist/ci.der --at 2027-01-01 --server-address smdp.esv.example --session examples/data/rsp/nist
if [ "$(grep -c ': PASS' "$T/out")" -eq 5 ]; then ok; else bad "rsp: five sample messages pass"; fi
expect_exit 0 "rsp: a HAR of the LPA's requests" -- "$ESV" rsp --ci examples/data/rsp/brp/ci.der --at 2027-01-01 --format json --session fuzz/corpus/fuzz_rsp_har/brp-requests.har
jq_true "$T/out" '[inputs, .] | length == 3 and all(.verdict == "pass")' "rsp: three HAR bodies pass"
expect_exit 0 "rsp: a JSON body whose header says Failed" -- "$ESV" rsp fuzz/corpus/fuzz_rsp_json/header-failed.json
contains "$T/out" "RSP-041" "rsp: functionExecutionStatus reported"
printf '{"pendingNotification":"not base64!"}' >"$T/bad.json"
expect_exit 1 "rsp: a JSON body with bad base64" -- "$ESV" rsp "$T/bad.json"
contains "$T/out" "RSP-042" "rsp: bad base64 named"

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

# --- signed verdicts: usage errors (signing and verifying with keys made
# at run time: tests/cose, make test-cose)
expect_exit 0 "help verdict" -- "$ESV" help verdict
contains "$T/out" "verdict verify --key PUB.pem" "verdict help"
contains "$T/out" "ES256" "verdict help names the algorithm"
expect_exit 0 "help lists verdict" -- "$ESV" help
contains "$T/out" "verdict verify" "help lists verdict"
expect_exit 2 "verdict without action" -- "$ESV" verdict
expect_exit 2 "verdict: unknown action" -- "$ESV" verdict sign "$T/good.der"
expect_exit 2 "verdict verify without --key" -- "$ESV" verdict verify "$T/good.der"
contains "$T/err" "--key PUB.pem is required" "verdict: --key required"
expect_exit 2 "verdict verify: a certificate is no public key" -- "$ESV" verdict verify --key examples/data/pki/chain-nist.pem "$T/good.der"
contains "$T/err" "not a PEM public key" "verdict: bad key named"
expect_exit 2 "--sign without --format cbor" -- "$ESV" profile --sign examples/data/pki/chain-nist.pem "$T/good.der"
expect_exit 2 "--sign with a certificate" -- "$ESV" profile --format cbor --sign examples/data/pki/chain-nist.pem "$T/good.der"
contains "$T/err" "not an unencrypted PEM private key" "--sign: bad key named"
expect_exit 2 "--sign with a missing key" -- "$ESV" cert --format cbor --sign "$T/nope.pem" examples/data/pki/chain-nist.pem
contains "$T/err" "cannot open" "--sign: missing key"
expect_exit 2 "--sign is not for show" -- "$ESV" show --sign "$T/nope.pem" examples/data/sample-profile.der

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
if [ "$(od -An -tx1 -N1 "$T/out" | tr -d ' ')" = "a8" ]; then ok; else bad "cbor: not an 8-entry map (input, kind, policy, status, verdict, time, findings, dropped)"; fi
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
# --tlv: the DER tree of any DER file
printf '\060\012\006\010\052\206\110\316\075\004\003\002' >"$T/oid.der"
expect_exit 0 "show --tlv" -- "$ESV" show --tlv "$T/oid.der"
contains "$T/out" "1.2.840.10045.4.3.2" "show --tlv decodes OIDs"
expect_exit 0 "show --tlv json" -- "$ESV" show --format json --tlv "$T/oid.der"
jq_true "$T/out" '.values[0].children[0].text == "1.2.840.10045.4.3.2"' "show --tlv json"
expect_exit 1 "show --tlv malformed" -- "$ESV" show --tlv "$T/loop.der"
contains "$T/out" "DER-003" "show --tlv reports malformed input"
# default: the decoded profile view; malformed DER is reported, not shown
expect_exit 1 "show malformed" -- "$ESV" show "$T/loop.der"
contains "$T/out" "DER-003" "show reports malformed input"
expect_exit 1 "show a DER value that is not a profile" -- "$ESV" show "$T/oid.der"
contains "$T/out" "does not decode: see esv profile" "show marks what does not decode"
contains "$T/err" "esv show --tlv" "show points to --tlv"
expect_exit 1 "show json, not a profile" -- "$ESV" show --format json "$T/oid.der"
jq_true "$T/out" '.complete == false and .elements[0].type == null and .elements[0].error' "show json marks what does not decode"
# an element of an alternative esv does not know ([40]) is shown as unknown
printf '\277\050\007\240\005\200\000\201\001\007' >"$T/unknown-pe.der"
expect_exit 0 "show unknown alternative" -- "$ESV" show --format json "$T/unknown-pe.der"
jq_true "$T/out" '.complete and .elements[0].type == "unknown" and .elements[0].tag == 40' "show json unknown alternative"
expect_exit 2 "show --format cbor" -- "$ESV" show --format cbor "$T/unknown-pe.der"
expect_exit 0 "show --tlv after --" -- "$ESV" show -- "$T/unknown-pe.der"
expect_exit 2 "show -- --tlv is a file name" -- "$ESV" show -- --tlv

# --- a report the input cannot forge: a profileType holding ESC [2K, CR
# and LF (a forged "PASS" line), made at test time from the sample
LC_ALL=C sed 's/esv sample /\x1b[2K\rPASS\nX/' examples/data/test-profile-ram.der >"$T/forged.der"
if [ "$(wc -c <"$T/forged.der")" -eq "$(wc -c <examples/data/test-profile-ram.der)" ]; then ok; else bad "forged profile has the sample's length"; fi
no_raw_controls() { # FILE DESCRIPTION: no byte below 0x20 but LF, no DEL
    if LC_ALL=C tr -d '\n' <"$1" | LC_ALL=C grep -q '[[:cntrl:]]'; then bad "$2: raw control character in output"; else ok; fi
}
expect_exit 1 "forged profileType, text report" -- "$ESV" profile "$T/forged.der"
no_raw_controls "$T/out" "forged profileType, text report"
contains "$T/out" 'profileType "\x1b[2K\x0dPASS\x0aXTest Profile"' "forged profileType shown escaped"
if [ "$(grep -c 'PASS' "$T/out")" -eq 1 ]; then ok; else bad "forged profileType: a PASS line appeared"; fi
expect_exit 1 "forged profileType, JSON" -- "$ESV" profile --format json "$T/forged.der"
jq_true "$T/out" 'any(.findings[]; .id == "PROF-100" and (.message | contains("\\x1b[2K")))' "forged profileType, JSON message"
expect_exit 0 "forged profileType, show" -- "$ESV" show "$T/forged.der"
no_raw_controls "$T/out" "forged profileType, show"
expect_exit 0 "forged profileType, show --tlv" -- "$ESV" show --tlv "$T/forged.der"
no_raw_controls "$T/out" "forged profileType, show --tlv"
cp "$T/forged.der" "$T/$(printf 'name\033[1A')"
expect_exit 1 "escape in a file name" -- "$ESV" profile "$T/$(printf 'name\033[1A')"
no_raw_controls "$T/out" "escape in a file name"

# --- output errors are exit 2 (a lost report is no PASS)
if [ -w /dev/full ]; then
    for c in "profile examples/data/sample-profile.der" "der examples/data/sample-profile.der" \
             "show examples/data/sample-profile.der" "show --tlv examples/data/sample-profile.der" \
             "cert examples/data/pki/euicc-nist.der" "rules" "--version"; do
        # shellcheck disable=SC2086
        "$ESV" $c >/dev/full 2>"$T/err"
        got=$?
        if [ "$got" -eq 2 ]; then ok; else bad "esv $c >/dev/full: exit $got, expected 2"; fi
        if grep -q "cannot write" "$T/err"; then ok; else bad "esv $c >/dev/full: no message"; fi
    done
else
    skipped=$((skipped + 14))
fi

# --- policy files: over 1 MiB or with a NUL byte is an error, not cut
{ i=0; while [ $i -lt 17500 ]; do echo "# padding line that fills the policy file past one MiB ....."; i=$((i + 1)); done; echo "PROF-100 = off"; } >"$T/big.policy"
expect_exit 2 "policy file over 1 MiB" -- "$ESV" profile --policy "$T/big.policy" examples/data/sample-profile.der
contains "$T/err" "larger than 1048576 bytes" "policy file over 1 MiB: says so"
printf '# a comment\000 hiding\nDER-003 = off\n' >"$T/nul.policy"
expect_exit 2 "policy file with a NUL byte" -- "$ESV" profile --policy "$T/nul.policy" examples/data/sample-profile.der
contains "$T/err" "NUL byte" "policy file with a NUL byte: says so"

# --- schema constraints (DER-023): the bundled sample with its header
# iccid cut to 9 octets. Byte surgery on the builder's sample: the header
# is element 0 with a one-octet length; in it, iccid is "83 0A" + 10
# octets: the length octet becomes 09, the last ICCID octet goes, and the
# header's length drops by one. Well-formed DER that decodes; only the
# schema's SIZE (10) is broken.
SAMPLE=examples/data/sample-profile.der
if od -An -v -tu1 "$SAMPLE" | tr -s ' ' '\n' | grep -v '^$' | awk '
    NR == 1 && $1 != 160 { bad = 1 }
    NR == 2 && $1 >= 128 { bad = 1 }
    { b[NR] = $1 }
    END {
        if (bad) exit 1
        for (i = 3; i < 3 + b[2] - 1; i++) if (b[i] == 131 && b[i + 1] == 10) { at = i; break }
        if (!at) exit 1
        for (i = 1; i <= NR; i++) {
            if (i == at + 11) continue
            printf "\\%03o", (i == 2 ? b[i] - 1 : (i == at + 1 ? 9 : b[i]))
        }
    }' >"$T/iccid9.esc"; then
    printf "$(cat "$T/iccid9.esc")" >"$T/iccid9.der"
    expect_exit 0 "sample passes before the cut" -- "$ESV" profile "$SAMPLE"
    expect_exit 1 "profile with a 9-octet header iccid" -- "$ESV" profile --format json "$T/iccid9.der"
    jq_true "$T/out" '.verdict == "fail" and ([.findings[] | select(.id == "DER-023")] | length) == 1' "9-octet iccid: one DER-023"
    jq_true "$T/out" '.findings[] | select(.id == "DER-023") | .severity == "error" and .location.element == 0 and .location.path == "header/iccid" and (.message | contains("header/iccid: SIZE (10) but 9 octets"))' "9-octet iccid: element, path and constraint"
    jq_true "$T/out" '[.findings[] | select(.id | test("^PROF-03[0-5]$"))] | length == 0' "9-octet iccid: the ICCID rules read no digits from it"
    expect_exit 1 "9-octet iccid under the test policy" -- "$ESV" profile --policy test "$T/iccid9.der"
    contains "$T/out" "DER-023   element 0, header/iccid" "9-octet iccid: text location"
else
    bad "$SAMPLE: header iccid not found for the byte surgery"
fi

# --- esv cert on the bundled sample PKI (examples/data/pki, made by the
# project's builder)
P=examples/data/pki
if [ -d "$P" ]; then
    expect_exit 0 "cert: sample chains, NIST" -- "$ESV" cert --ci $P/ci-nist.der --crl $P/crl-nist.der --at 2030-01-01 $P/euicc-nist.der $P/eum-nist.der $P/dpauth-nist.der $P/dppb-nist.der $P/dptls-nist.der
    contains "$T/out" "0 errors, 0 warnings, 1 info" "cert: sample chains have no finding but a notice"
    expect_exit 0 "cert: sample chains, NIST, JSON" -- "$ESV" cert --format json --ci $P/ci-nist.der --crl $P/crl-nist.der --at 2030-01-01 $P/euicc-nist.der $P/eum-nist.der $P/dpauth-nist.der $P/dppb-nist.der $P/dptls-nist.der
    jq_true "$T/out" '[.findings[] | [.id, .severity, .location.cert]] == [["PKI-067", "info", 0]]' "cert: the CI's CRL covers all but the eUICC (no CRL of the EUM: PKI-067)"
    expect_exit 0 "cert: PEM bundle chain, brainpool" -- "$ESV" cert --ci $P/ci-brp.der --at 2030-01-01 $P/chain-brp.pem
    expect_exit 0 "cert: three --ci, the anchor given first" -- "$ESV" cert --ci $P/ci-nist.der --ci $P/ci-brp.der --ci $P/ci-brp.der --at 2030-01-01 $P/chain-nist.pem
    contains "$T/out" "0 errors, 0 warnings, 2 info" "cert: three --ci, no finding but the notices"
    contains "$T/out" "PKI-067" "cert: no --crl, revocation not checked (PKI-067)"
    expect_exit 1 "cert: EUM without keyUsage" -- "$ESV" cert --format json --ci $P/ci-nist.der --at 2030-01-01 $P/eum-nokeyusage-nist.der
    jq_true "$T/out" '.kind == "cert" and any(.findings[]; .id == "PKI-017" and .location.cert == 0 and .severity == "error")' "cert: PKI-017 in JSON"
    expect_exit 1 "cert: NIST chain under the brainpool CI" -- "$ESV" cert --format json --ci $P/ci-brp.der --at 2030-01-01 $P/chain-nist.pem
    jq_true "$T/out" 'any(.findings[]; .id == "PKI-014" or .id == "PKI-050")' "cert: wrong CI"
    expect_exit 0 "cert: profile only, no --ci" -- "$ESV" cert --format json --at 2030-01-01 $P/euicc-nist.der
    jq_true "$T/out" '.verdict == "pass" and any(.findings[]; .id == "PKI-062" and .severity == "info")' "cert: without --ci the chain is reported not performed"
    expect_exit 1 "cert: issuer that is no CA" -- "$ESV" cert --format json --ci $P/ci-nist.der --at 2030-01-01 $P/euicc-nonca-issuer-nist.pem
    jq_true "$T/out" 'any(.findings[]; .id == "PKI-065" and .location.cert == 0 and .severity == "error") and any(.findings[]; .id == "PKI-051" and .location.cert == 0)' "cert: PKI-065 and PKI-051 for a non-CA issuer"
    expect_exit 1 "cert: TLS extensions under an auth policy" -- "$ESV" cert --format json --ci $P/ci-nist.der --at 2030-01-01 $P/dpauth-tls-ext-nist.der
    jq_true "$T/out" '[.findings[] | select(.id == "PKI-033" and .severity == "error")] | length == 2' "cert: EKU and dNSName on an auth certificate are errors"
    expect_exit 0 "cert: v3 variant C eUICC chain (CI SubCA, EUM, EUM SubCA)" -- "$ESV" cert --role euicc --ci $P/ci-v3c-nist.der --at 2030-01-01 $P/chain-v3c-nist.pem
    contains "$T/out" "0 errors, 0 warnings, 4 info" "cert: variant C eUICC chain has no finding"
    contains "$T/out" "PKI-067" "cert: variant C, revocation not checked without CRLs"
    expect_exit 0 "cert: v3 variant C SM-DP+ chain (CI SubCA, SM-DP+ SubCA)" -- "$ESV" cert --role dp-auth --ci $P/ci-v3c-nist.der --at 2030-01-01 $P/dpchain-v3c-nist.pem
    expect_exit 1 "cert: --role eum-subca on an eUICC chain" -- "$ESV" cert --format json --role eum-subca --ci $P/ci-v3c-nist.der --at 2030-01-01 $P/chain-v3c-nist.pem
    jq_true "$T/out" 'any(.findings[]; .id == "PKI-026" and .location.cert == 0)' "cert: sub-CA role names parse"
    expect_exit 0 "cert: a chain with an unrelated extra certificate" -- "$ESV" cert --format json --ci $P/ci-nist.der --at 2030-01-01 $P/chain-nist.pem $P/dpchain-v3c-nist.pem
    jq_true "$T/out" 'any(.findings[]; .id == "PKI-055" and .location.cert == 2) and all(.findings[]; .id != "PKI-050")' "cert: the extra certificate is reported unused"
    expect_exit 1 "cert: expired at 2100 (profile only still checks validity)" -- "$ESV" cert --at 2100-01-01 $P/dpauth-nist.der
    contains "$T/out" "PKI-037" "cert: expiry without --ci"
    expect_exit 0 "cert: the verdict's time in JSON" -- "$ESV" cert --format json --ci $P/ci-nist.der --at 2030-01-01 $P/chain-nist.pem
    jq_true "$T/out" '.time == "2030-01-01T00:00:00Z"' "cert: JSON time is --at"
    expect_exit 0 "cert: the verdict's time in text" -- "$ESV" cert --ci $P/ci-nist.der --at 2030-01-01T12:00:00+02:00 $P/chain-nist.pem
    contains "$T/out" "time 2030-01-01T10:00:00Z;" "cert: text summary names the time"
    expect_exit 0 "profile: the verdict's time (now)" -- "$ESV" profile --format json examples/data/sample-profile.der
    jq_true "$T/out" '.time | test("^20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z$")' "profile: JSON time is the tool's clock"
    expect_exit 0 "cert: CBOR report" -- "$ESV" cert --format cbor --ci $P/ci-nist.der --at 2030-01-01 $P/chain-nist.pem
    expect_exit 2 "cert: --at malformed" -- "$ESV" cert --at 2030-13-01 $P/euicc-nist.der
    contains "$T/err" "RFC 3339" "cert: --at error names the format"
    expect_exit 2 "cert: --role unknown" -- "$ESV" cert --role smdp $P/euicc-nist.der
    expect_exit 2 "cert: --crl without --ci" -- "$ESV" cert --crl $P/crl-nist.der $P/euicc-nist.der
    expect_exit 2 "cert: --ci not a certificate" -- "$ESV" cert --ci "$T/good.der" $P/euicc-nist.der
    expect_exit 2 "cert: --crl not a CRL" -- "$ESV" cert --ci $P/ci-nist.der --crl $P/ci-nist.der $P/euicc-nist.der
    expect_exit 2 "cert: --ci without a value" -- "$ESV" cert $P/euicc-nist.der --ci
    expect_exit 1 "cert: not a certificate" -- "$ESV" cert --format json "$T/good.der"
    jq_true "$T/out" 'any(.findings[]; .id == "PKI-001")' "cert: PKI-001 for a non-certificate"
    expect_exit 1 "cert: malformed DER" -- "$ESV" cert --format json "$T/trailing.der"
    jq_true "$T/out" 'any(.findings[]; (.id | startswith("DER-")) and .location.cert == 0)' "cert: DER finding with the cert index"
    # Text that is not PEM (a BEGIN inside a line, junk in the block, a
    # stray END) is handed on as DER: the DER walk says what is wrong.
    printf 'not pem -----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n' >"$T/bad.pem"
    expect_exit 1 "cert: malformed PEM" -- "$ESV" cert --format json "$T/bad.pem"
    jq_true "$T/out" '.verdict == "fail" and all(.findings[] | select(.id != "PKI-062"); (.id | startswith("DER-")) and .location.cert == 0)' "cert: malformed PEM is malformed DER"
    sed 's/END CERTIFICATE/END X509 CRL/' $P/chain-nist.pem >"$T/mismatch.pem"
    expect_exit 1 "cert: PEM with a mismatched END label" -- "$ESV" cert --format json --ci $P/ci-nist.der --at 2030-01-01 "$T/mismatch.pem"
    jq_true "$T/out" '.verdict == "fail" and any(.findings[]; .id | startswith("DER-")) and all(.findings[]; .location.cert == 0)' "cert: mismatched END label is not PEM"
    # PEM text inside a DER value (SEQUENCE { INTEGER 1, OCTET STRING
    # <chain-nist.pem> }) is one DER value, not the certificates in the text.
    L=$(wc -c <$P/chain-nist.pem)
    { der_hdr 48 $((3 + 4 + L)); printf '\002\001\001'; der_hdr 4 "$L"; cat $P/chain-nist.pem; } >"$T/pem-in-der.der"
    expect_exit 0 "der: PEM inside an OCTET STRING is strict DER" -- "$ESV" der "$T/pem-in-der.der"
    expect_exit 1 "cert: PEM inside DER" -- "$ESV" cert --format json --ci $P/ci-nist.der --at 2030-01-01 "$T/pem-in-der.der"
    jq_true "$T/out" '.verdict == "fail" and ([.findings[] | select(.id == "PKI-001")] | length) == 1 and all(.findings[]; .location.cert == 0)' "cert: PEM inside DER is one non-certificate (PKI-001)"
    expect_exit 2 "cert: --ci PEM inside DER is not a CI" -- "$ESV" cert --ci "$T/pem-in-der.der" --at 2030-01-01 $P/euicc-nist.der
    { echo "-----BEGIN X509 CRL-----"; base64 -w 64 $P/crl-nist.der; echo "-----END X509 CRL-----"; } >"$T/crl.pem"
    L=$(wc -c <"$T/crl.pem")
    { der_hdr 48 $((3 + 4 + L)); printf '\002\001\001'; der_hdr 4 "$L"; cat "$T/crl.pem"; } >"$T/crl-in-der.der"
    expect_exit 0 "cert: --crl as PEM" -- "$ESV" cert --ci $P/ci-nist.der --crl "$T/crl.pem" --at 2030-01-01 $P/chain-nist.pem
    expect_exit 2 "cert: --crl PEM inside DER is not a CRL" -- "$ESV" cert --ci $P/ci-nist.der --crl "$T/crl-in-der.der" --at 2030-01-01 $P/chain-nist.pem
    # PEM where DER is expected: DER-022 alone, not TLV noise
    expect_exit 1 "der: PEM text" -- "$ESV" der --format json $P/chain-nist.pem
    jq_true "$T/out" '.verdict == "fail" and (.findings | length) == 1 and .findings[0].id == "DER-022" and .findings[0].location.offset == 0' "der: DER-022 for PEM text"
    expect_exit 1 "der --sequence: PEM text" -- "$ESV" der --sequence --format json $P/chain-brp.pem
    jq_true "$T/out" '(.findings | length) == 1 and .findings[0].id == "DER-022"' "der --sequence: DER-022 for PEM text"
    expect_exit 1 "profile: PEM text" -- "$ESV" profile --format json $P/chain-nist.pem
    jq_true "$T/out" '(.findings | length) == 1 and .findings[0].id == "DER-022"' "profile: DER-022 for PEM text"
    expect_exit 0 "cert: stdin" -- sh -c "\"$ESV\" cert --at 2030-01-01 - < $P/euicc-nist.der"
    expect_exit 0 "help cert" -- "$ESV" help cert
    contains "$T/out" "--ci FILE" "help cert lists --ci"
else
    echo "skipped: examples/data/pki not present"
    skipped=$((skipped + 52))
fi

# --- real profiles (../shared/testdata)
if [ -d "$TD/profiles/ts48" ]; then
    # production: every TS.48 test profile fails with the test-profile finding
    expect_exit 1 "TS.48 under production" -- "$ESV" profile --format json "$TD"/profiles/ts48/*.der
    if [ "$(wc -l <"$T/out")" -eq "$(ls "$TD"/profiles/ts48/*.der | wc -l)" ]; then ok; else bad "one JSON line per profile"; fi
    if [ "$(jq -s 'map(select(.verdict == "fail" and any(.findings[]; .id == "PROF-100" and .severity == "error"))) | length' "$T/out")" -eq 18 ]; then ok; else bad "every TS.48 fails with PROF-100 under production"; fi
    jq_true "$T/out" 'all(.findings[]; (.id | startswith("DER-")) | not)' "TS.48: no DER finding"
    # test policy: the NoRAMRFM pair passes; the RAM/RFM ones fail on PROF-103/105
    expect_exit 0 "TS.48 NoRAMRFM under test" -- "$ESV" profile --policy test "$TD"/profiles/ts48/*NoRAMRFM.der
    expect_exit 1 "TS.48 v7 RAM under test" -- "$ESV" profile --policy test --format json "$TD"/profiles/ts48/TS48v7_SAIP2.3_NoBERTLV.der
    jq_true "$T/out" 'any(.findings[]; .id == "PROF-103" and .severity == "error") and any(.findings[]; .id == "PROF-105" and .severity == "error")' "RAM/RFM findings under test"
    expect_exit 0 "SGP.26 certificates are strict DER" -- "$ESV" der "$TD"/pki/sgp26/*.der
    # esv cert on the SGP.26 test PKI
    S="$TD/pki/sgp26"
    expect_exit 0 "cert: eUICC chain to the 2017 CI" -- "$ESV" cert --ci "$S/ci-2017.der" --at 2027-01-01T00:00:00Z "$S/euicc.der" "$S/eum.der"
    contains "$T/out" "PASS (cert" "cert: eUICC chain passes"
    expect_exit 0 "cert: eUICC chain, any order, required role" -- "$ESV" cert --role euicc --ci "$S/ci-2017.der" --at 2027-01-01 "$S/eum.der" "$S/euicc.der"
    expect_exit 1 "cert: eUICC chain before the eUICC's notBefore" -- "$ESV" cert --format json --ci "$S/ci-2017.der" --at 2026-01-01T00:00:00+02:00 "$S/euicc.der" "$S/eum.der"
    jq_true "$T/out" '.verdict == "fail" and any(.findings[]; .id == "PKI-036" and .location.cert == 0)' "cert: not yet valid in JSON"
    expect_exit 1 "cert: required role differs" -- "$ESV" cert --format json --role dp-auth --ci "$S/ci-2017.der" --at 2027-01-01 "$S/euicc.der" "$S/eum.der"
    jq_true "$T/out" 'any(.findings[]; .id == "PKI-026")' "cert: PKI-026 for the wrong role"
    expect_exit 0 "cert: DP auth + pb, both CIs" -- "$ESV" cert --ci "$S/CERT_CI_ECDSA_NIST.der" --ci "$S/CERT_CI_ECDSA_BRP.der" --at 2026-01-01 "$S/CERT_S_SM_DPauth_ECDSA_NIST.der" "$S/CERT_S_SM_DPpb_ECDSA_NIST.der" "$S/CERT_S_SM_DPauth_ECDSA_BRP.der"
    expect_exit 1 "cert: TLS expired now" -- "$ESV" cert --format json --ci "$S/CERT_CI_ECDSA_NIST.der" "$S/CERT_S_SM_DP_TLS_NIST.der"
    jq_true "$T/out" 'any(.findings[]; .id == "PKI-037")' "cert: TLS expired"
    expect_exit 1 "cert: DP auth against no matching CI" -- "$ESV" cert --format json --ci "$S/ci-2017.der" --at 2026-01-01 "$S/CERT_S_SM_DPauth_ECDSA_BRP.der"
    jq_true "$T/out" 'any(.findings[]; .id == "PKI-050" or .id == "PKI-014")' "cert: BRP cert under a NIST CI fails"
    expect_exit 0 "cert: production CIs as a PEM bundle, --role ci" -- "$ESV" cert --format json --role ci --at 2026-01-01 "$TD/pki/production-ci/ci-roots.pem"
    jq_true "$T/out" '[.findings[].location.cert] | max == 6' "cert: the bundle's certificates are numbered"
    jq_true "$T/out" 'all(.findings[]; .id != "PKI-001" and .id != "PKI-002" and .id != "PKI-049")' "cert: production CIs parse and are CIs"
    # esv rsp: the recorded session end to end (its installation result
    # names smdpOid 2.999, not the DPpb's 2.999.10: RSP-025, by SGP.22 5.6.4;
    # the builder-made session passes whole: examples.sh, make demo)
    R="$TD/rsp/session"
    expect_exit 1 "rsp: the session" -- "$ESV" rsp --ci "$TD/pki/sgp26/CERT_CI_ECDSA_NIST.der" --ci "$TD/pki/sgp26/ci-2017.der" --at 2026-11-01 --server-address smdp.example.com --format json --session "$R"
    if [ "$(grep -c '^{' "$T/out")" -eq 6 ]; then ok; else bad "rsp session: six reports"; fi
    # the BPP decrypts with otsk-dp.bin; the fixture's UPP is the text
    # "the-uicc-profile-fixture", which the profile verifier refuses
    jq_true "$T/out" '[inputs, .] | map(select(.input | endswith("bound-profile-package.der")))[0] | [.findings[] | .id + " " + .location.path] == ["DER-002 upp"]' "rsp session: the BPP decrypted, its UPP verified"
    jq_true "$T/out" '[inputs, .] | map(select(.input | endswith("prepare-download-response.der")))[0].verdict == "pass"' "rsp session: PrepareDownloadResponse passes after the messages before it"
    jq_true "$T/out" '[inputs, .] | map(select(.input | endswith("pending-notification.der")))[0] | [.findings[].id] == ["RSP-025"]' "rsp session: the installation result's smdpOid"
    # (the recorded eUICC lists no CI in euiccInfo2: RSP-031, its one error)
    expect_exit 1 "rsp: the first four messages as files" -- "$ESV" rsp --ci "$TD/pki/sgp26/CERT_CI_ECDSA_NIST.der" --ci "$TD/pki/sgp26/ci-2017.der" --at 2026-11-01 --euicc-challenge "$(od -An -tx1 "$R/euicc-challenge.bin" | tr -d ' \n')" "$R/initiate-response.der" "$R/auth-server-response.der" "$R/authenticate-response.der" "$R/prepare-download-response.der"
    if [ "$(grep -c ': PASS' "$T/out")" -eq 3 ] && [ "$(grep -c '^  error' "$T/out")" -eq 1 ] && grep -q '^  error   RSP-031' "$T/out"; then ok; else bad "rsp: three messages pass, the fourth has RSP-031 alone"; fi
    expect_exit 1 "rsp: another transactionId, JSON" -- "$ESV" rsp --format json --transaction-id 00112233445566778899aabbccddeeff "$R/auth-server-response.der"
    jq_true "$T/out" '[.findings[] | select(.id == "RSP-005")][0].status_code == {"subject": "8.10.1", "reason": "3.9"}' "rsp: the SGP.22 status code in JSON"
    expect_exit 1 "rsp: another transactionId, text" -- "$ESV" rsp --transaction-id 00112233445566778899aabbccddeeff "$R/auth-server-response.der"
    contains "$T/out" "(status code 8.10.1 / 3.9)" "rsp: the SGP.22 status code in text"
    expect_exit 1 "rsp: another euiccChallenge" -- "$ESV" rsp --euicc-challenge 00112233445566778899aabbccddeeff "$R/initiate-response.der"
    contains "$T/out" "RSP-009" "rsp: euiccChallenge mismatch named"
    expect_exit 1 "rsp: alone, without trust: checks not performed are said" -- "$ESV" rsp "$R/auth-server-response.der"
    contains "$T/out" "RSP-031" "rsp: the empty CI lists of the recorded eUICC"
    contains "$T/out" "RSP-003" "rsp: not performed"
    contains "$T/out" "PKI-062" "rsp: no chain checked"
    # a lab with only the package, the eUICC's PrepareDownloadResponse, the
    # DPpb certificate and otSK.DP: smdpSign verifies, the segments decrypt
    expect_exit 1 "rsp: a BPP on its own, with --prepare-download, --dppb, --eid, --otsk-dp" -- "$ESV" rsp --format json --dppb "$TD/pki/sgp26/CERT_S_SM_DPpb_ECDSA_NIST.der" --prepare-download "$R/prepare-download-response.der" --eid 89049032123451234512345678901235 --otsk-dp "$(od -An -tx1 "$R/otsk-dp.bin" | tr -d ' \n')" "$R/bound-profile-package.der"
    jq_true "$T/out" '[inputs, .] | map(select(.input | endswith("bound-profile-package.der")))[0] | [.findings[] | select(.severity != "info") | .id] == ["DER-002"] and ([.findings[].id] | index("RSP-076") == null)' "rsp: the BPP decrypted on its own"
    expect_exit 2 "rsp: bad hex" -- "$ESV" rsp --transaction-id 0g "$R/initiate-response.der"
    expect_exit 1 "rsp: a profile is not a message" -- "$ESV" rsp "$TD/profiles/ts48/TS48v1_A.der"
    expect_exit 0 "show --tlv a real certificate" -- "$ESV" show --tlv "$TD/pki/sgp26/euicc.der"
    contains "$T/out" "89049032123451234512345678901235" "show --tlv prints the EID string"
    expect_exit 1 "show a certificate as a profile" -- "$ESV" show "$TD/pki/sgp26/euicc.der"
    contains "$T/out" "[0] tag [universal 16]" "show: a certificate is no profile element"
    V7="$TD/profiles/ts48/TS48v7_SAIP2.3_NoBERTLV"
    expect_exit 0 "show a TS.48 profile" -- "$ESV" show "$V7.der"
    contains "$T/out" "] usim (id " "show names the element types"
    contains "$T/out" "  iccid: $(sed -n "s/^  iccid '\([0-9A-Fa-f]*\)'H.*/\1/p" "$V7.asn1-value.txt" | tr 'A-F' 'a-f')" "show prints the ICCID"
    expect_exit 0 "show json, every TS.48 profile" -- "$ESV" show --format json "$TD"/profiles/ts48/*.der
    if [ "$(wc -l <"$T/out")" -eq "$(ls "$TD"/profiles/ts48/*.der | wc -l)" ]; then ok; else bad "show: one JSON line per profile"; fi
    jq_true "$T/out" '.complete and (.elements | length > 0) and (.elements[0].type == "header") and (.elements[-1].type == "end") and all(.elements[]; .type != "unknown" and .type != null)' "show json of every TS.48 profile"
    expect_exit 0 "show json v7" -- "$ESV" show --format json "$V7.der"
    jq_true "$T/out" "(.elements | length) == $(grep -c ' ProfileElement ::= ' "$V7.asn1-value.txt")" "show json: as many elements as GSMA's notation"
    jq_true "$T/out" '.elements[0].value.profileType == "GSMA Generic eUICC Test Profile" and .elements[0].value.iccid == "89000123456789012341"' "show json header values"
    jq_true "$T/out" '[.elements[] | select(.type == "akaParameter")][0].value.algoConfiguration.algoParameter.key | test("^[0-9a-f]{32}$")' "show json aka key as hex"
    jq_true "$T/out" '[.elements[] | .identification // empty] | length == (unique | length)' "show json identifications unique"
    head -c 5000 "$V7.der" >"$T/cut.der"
    expect_exit 1 "show a truncated profile" -- "$ESV" show "$T/cut.der"
    contains "$T/out" "DER-002" "show reports the truncation"
else
    echo "skipped: $TD not present (real-data CLI cases)"
    skipped=$((skipped + 36))
fi

echo "cli: $pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
