#!/bin/sh
# tests/cli/examples.sh BUILD_DIR - runs the example programs that
# `make test-examples` built against the staged install (LD_LIBRARY_PATH is
# set by the caller for the shared ones).
set -eu
B=$1
for v in "" _static; do
    out=$("$B/example_version$v")
    case "$out" in
        "headers 0.1.0, library 0.1.0") ;;
        *) echo "example_version$v: unexpected '$out'"; exit 1 ;;
    esac
    "$B/example_check_profile$v" examples/data/minimal-profile.der >/dev/null
    if "$B/example_check_profile$v" examples/data/broken-profile.der >"$B/example.out"; then
        echo "example_check_profile$v: broken profile passed"; exit 1
    fi
    grep -q '^DER-003 error element 1' "$B/example.out"
    # The builder-made samples (tools/build_samples.c): the operational one
    # passes production; the test one with RFM/RAM open fails even under
    # the test policy, with the RFM and RAM findings.
    "$B/example_check_profile$v" examples/data/sample-profile.der >/dev/null
    if "$B/example_check_profile$v" examples/data/test-profile-ram.der test >"$B/example.out"; then
        echo "example_check_profile$v: test profile with RFM/RAM passed"; exit 1
    fi
    grep -q '^PROF-103 error element ' "$B/example.out"
    grep -q '^PROF-105 error element ' "$B/example.out"
    # verify_chain on the builder-made sample PKI: the eUICC chain (given
    # EUM first) passes; under the other curve's CI it fails.
    P=examples/data/pki
    "$B/example_verify_chain$v" $P/ci-nist.der $P/eum-nist.der $P/euicc-nist.der >/dev/null
    if "$B/example_verify_chain$v" $P/ci-brp.der $P/euicc-nist.der $P/eum-nist.der >"$B/example.out"; then
        echo "example_verify_chain$v: a chain under the wrong CI passed"; exit 1
    fi
    grep -q '^PKI-050 error cert 1' "$B/example.out"  # no key matches: no chain
    if "$B/example_verify_chain$v" $P/ci-nist.der $P/eum-nokeyusage-nist.der >"$B/example.out"; then
        echo "example_verify_chain$v: an EUM without keyUsage passed"; exit 1
    fi
    grep -q '^PKI-017 error cert 0' "$B/example.out"
    # smdp_authenticate on the builder-made session (tools/build_rsp.c):
    # it verifies and yields the EID; with another serverChallenge it is
    # refused with RSP-007.
    R=examples/data/rsp/nist
    "$B/example_smdp_authenticate$v" $R/ci.der 1830297600 $R/transaction-id.bin $R/server-challenge.bin \
        $R/auth-server-response.der >"$B/example.out"
    grep -q '^EID 89049032123451234512345678901235$' "$B/example.out"
    if "$B/example_smdp_authenticate$v" $R/ci.der 1830297600 $R/transaction-id.bin $R/euicc-challenge.bin \
        $R/auth-server-response.der >"$B/example.out"; then
        echo "example_smdp_authenticate$v: another serverChallenge passed"; exit 1
    fi
    grep -q '^RSP-007 error' "$B/example.out"
done
echo "examples: version, check_profile, verify_chain and smdp_authenticate ran (shared and static)"
