#!/bin/sh
# tools/setup.sh - installs what esv needs to build, test and fuzz, from
# Debian's packages. As root it runs apt-get; otherwise it prints the exact
# command to run. Safe to run again: it installs only what is missing.
set -eu
# chromium: the HTML report's browser test (headless).
PKGS="build-essential pkg-config binutils libmbedtls-dev libcbor-dev asn1c \
libcmocka-dev libjansson-dev libssl-dev clang llvm libclang-rt-14-dev jq python3 afl++ zip chromium"
# The signed-verdict interoperability test (make test-cose) and the SARIF
# schema test (make test-sarif: ajv) run npm packages under node: Debian's
# nodejs and npm, unless a node is already on the PATH (its npm with it).
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
if [ -z "$missing" ]; then
    echo "setup: all dependencies present"
    exit 0
fi
echo "setup: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "setup: not root; run:"
    echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends$missing"
    exit 1
fi
apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
