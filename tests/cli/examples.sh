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
done
echo "examples: version and check_profile ran (shared and static)"
