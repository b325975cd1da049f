# esv - GNU Makefile. Outputs go to build/ (sanitizer builds to
# build/sanitize/ or build/tsan/ so they never mix with the release objects).
#
#   make                 library (static and shared) and the tool
#   make check           every test: unit, CLI (HTML in headless chromium, SARIF
#                        against the OASIS schema), corpus replay, examples, ABI
#   make SANITIZE=1 check     the same under ASan + UBSan (clang)
#   make SANITIZE=thread check  the same under TSan (clang)
#   make CRYPTO=openssl check   the same with OpenSSL's libcrypto as the crypto
#                        backend (build/openssl/; mbedTLS stays for X.509)
#   make check-backends  both backends on every test vector: same verdicts
#   make fuzz            libFuzzer targets in build/fuzz/ (clang)
#   make fuzz-smoke      each target for FUZZ_SECONDS (default 5) seconds
#   make fuzz-speed      each target's executions per second on its seeds
#   make afl             the same harnesses for AFL++ in build/afl/
#   make bench           benchmarks, medians over repeated runs
#   make bench-json      the same, every figure also into build/bench.json
#   make install / uninstall   honour PREFIX, DESTDIR, LIBDIR, BINDIR, ...
#   make docs            regenerate docs/rules.md from the catalogue

VERSION := $(shell sed -n 's/^\#define ESV_VERSION_STRING "\(.*\)"/\1/p' include/esv/version.h)
SOVERSION := 0

PREFIX ?= /usr/local
EXEC_PREFIX ?= $(PREFIX)
LIBDIR ?= $(EXEC_PREFIX)/lib
BINDIR ?= $(EXEC_PREFIX)/bin
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR ?=

SANITIZE ?=
ifeq ($(SANITIZE),)
  B := build
  CC ?= cc
  SANFLAGS :=
  NOUNDEF := -Wl,--no-undefined
else ifeq ($(SANITIZE),thread)
  B := build/tsan
  CC := clang
  SANFLAGS := -fsanitize=thread -fno-omit-frame-pointer
else
  B := build/sanitize
  CC := clang
  SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
ifeq ($(origin CC),default)
  CC := cc
endif

# The crypto backend (lib/crypto/crypto.h): mbedTLS, the default and the
# reference, or OpenSSL 3's libcrypto. X.509 parsing stays on mbedTLS in
# both. A non-default backend builds into its own folder under $(B).
CRYPTO ?= mbedtls
ifeq ($(CRYPTO),mbedtls)
  CRYPTO_LIBS :=
else ifeq ($(CRYPTO),openssl)
  CRYPTO_DIR := /openssl
  CRYPTO_LIBS := -lcrypto
else
  $(error CRYPTO=$(CRYPTO): the backends are mbedtls and openssl)
endif
B0 := $(B)
B := $(B)$(CRYPTO_DIR)

WARN := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wformat=2 -Wvla -Wpointer-arith -Wcast-qual
OPT ?= -O2 -g
CFLAGS ?=
# ASN.1: asn1c turns the modules in asn1/ into C at build time, in
# build/asn1-src/ (shared by every build variant; generated code is never
# committed or edited). It is compiled without our warnings, with the same
# visibility and sanitizers, into $(B)/libasn1.a.
ASN1_SRC := build/asn1-src
ASN1_MODULES := $(sort $(wildcard asn1/*.asn))
# -gen-PER is there for its data, not for PER: it makes asn1c emit every
# PER-visible constraint of the modules (SIZE of OCTET STRING, BIT STRING
# and SEQUENCE OF, INTEGER ranges) as a table in the descriptors, which
# lib/asn1/constraints.c checks decoded values against (asn1c 0.9.28's own
# checker loses or never generates some of them: see that file).
ASN1C_FLAGS := -fwide-types -fcompound-names -fno-include-deps -pdu=ProfileElement -gen-PER
ASN1_LIB := $(B)/libasn1.a
# asn1c's flags as last used, kept outside the generated folder and
# rewritten only when they change: a flag change regenerates the sources.
ASN1_FLAGS_SEEN := build/asn1-flags

# asn1c 0.9.28 defines ASN_DEBUG as an empty *function* unless it is
# already defined: its arguments are still evaluated, and one of them,
# ber_tlv_tag_string(), formats into a static buffer on every tag: half the
# decode time, and a data race between threads. Defining ASN_DEBUG as a macro
# that expands to nothing removes both without touching the generated code.
ASN1_DEFS := -D'ASN_DEBUG(...)=((void)0)' -DASN_THREAD_SAFE

# Generated headers are included as system headers: our warnings are for
# our code.
CPPFLAGS_ESV := -Iinclude -isystem $(ASN1_SRC) -D_POSIX_C_SOURCE=200809L $(ASN1_DEFS)
CFLAGS_ESV := -std=c11 $(OPT) $(WARN) $(SANFLAGS) -fPIC -fvisibility=hidden \
              -fno-strict-aliasing $(CFLAGS)
DEPLIBS := -lmbedx509 -lmbedcrypto $(CRYPTO_LIBS) -lcbor -ljansson -lpthread
LDFLAGS ?=

# Every library source but the crypto backends, then the one chosen.
# lib/crypto/fuzz_fast.c (fuzzing builds only: it does not verify
# signatures) is never one of them; FUZZ_SRCS_LIB adds it (fuzzing section).
CRYPTO_BACKENDS := $(wildcard lib/crypto/crypto_*.c)
FUZZ_FAST_SRC := lib/crypto/fuzz_fast.c
# What only a fuzzing build holds (lib/crypto/fuzz_fast.h): test-abi
# proves the library and the tool are free of it.
FUZZ_FAST_MARKER := esv-FUZZING-BUILD-MODE-UNSAFE-signatures-not-verified
LIB_SRCS := $(filter-out $(CRYPTO_BACKENDS) $(FUZZ_FAST_SRC),$(wildcard lib/*/*.c)) lib/crypto/crypto_$(CRYPTO).c

LIB_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(LIB_SRCS))
CLI_SRCS := $(wildcard cli/*.c)
CLI_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(CLI_SRCS))

STATIC := $(B)/libesv.a
INTERNAL := $(B)/libesv_internal.a
SHARED_REAL := $(B)/libesv.so.$(VERSION)
SHARED_SO := $(B)/libesv.so.$(SOVERSION)
SHARED := $(B)/libesv.so
TOOL := $(B)/esv

.PHONY: fuzz-objs fuzz-link-args fuzz-cppflags fuzz-flags fuzz-speed
.PHONY: FORCE all lib tool check check-backends check-threads test-unit test-cli test-html test-sarif test-replay test-examples test-abi test-docs demo afl \
        test-cose test-python \
        fuzz fuzz-smoke fuzz-local-seeds samples bench bench-json install uninstall docs clean
.DEFAULT_GOAL := all
.SECONDARY:

all: lib tool
lib: $(STATIC) $(SHARED)
tool: $(TOOL)

$(B)/obj/%.o: %.c | $(ASN1_SRC)/.stamp $(ASN1_SRC)/esv_descriptors.inc
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) $(CFLAGS_ESV) -MMD -MP -c $< -o $@

# asn1c 0.9.28 has no output-directory option and always writes a sample
# converter: run it inside the folder and drop the sample.
$(ASN1_FLAGS_SEEN): FORCE
	@mkdir -p $(dir $@)
	@[ "$$(cat $@ 2>/dev/null)" = '$(ASN1C_FLAGS)' ] || echo '$(ASN1C_FLAGS)' >$@
FORCE:

$(ASN1_SRC)/.stamp: $(ASN1_MODULES) $(ASN1_FLAGS_SEEN)
	@rm -rf $(ASN1_SRC) && mkdir -p $(ASN1_SRC)
	@cd $(ASN1_SRC) && asn1c $(ASN1C_FLAGS) $(abspath $(ASN1_MODULES)) >asn1c.log 2>&1 || \
	 { cat asn1c.log; exit 1; }
	@rm -f $(ASN1_SRC)/converter-sample.c $(ASN1_SRC)/Makefile.am.sample
	@touch $@
	@echo "asn1c: generated $$(ls $(ASN1_SRC)/*.c | wc -l) C files from $(ASN1_MODULES)"

# Every type descriptor the generated code declares, as ESV_ASN1_TYPE(name)
# lines, for lib/asn1/saip.c's one-time preparation of the descriptors.
$(ASN1_SRC)/esv_descriptors.inc: $(ASN1_SRC)/.stamp
	@sed -n 's/^extern asn_TYPE_descriptor_t asn_DEF_\([A-Za-z0-9_]*\);.*/ESV_ASN1_TYPE(\1)/p' \
	    $(ASN1_SRC)/*.h | sort -u >$@.tmp && mv $@.tmp $@

$(ASN1_LIB): $(ASN1_SRC)/.stamp asn1/build.mk
	@$(MAKE) --no-print-directory -f asn1/build.mk SRC=$(ASN1_SRC) OUT=$(B)/obj/asn1-gen \
	    LIB=$@ CC="$(CC)" CFLAGS="-std=gnu11 $(OPT) -w $(SANFLAGS) -fPIC -fvisibility=hidden"

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d)

# Internal archive: every object with its symbols, for the tool, tests,
# fuzzers and benchmarks (which reach internal layers such as the DER reader).
$(INTERNAL): $(LIB_OBJS) $(ASN1_LIB)
	@rm -f $@
	@mkdir -p $(B)/asn1-members && rm -f $(B)/asn1-members/*.o
	@cd $(B)/asn1-members && ar x $(abspath $(ASN1_LIB))
	ar rcs $@ $(LIB_OBJS) $(B)/asn1-members/*.o

# Public static library: one relocatable object whose only global symbols
# are the esv_* API (hidden ones are made local), so linking libesv.a never
# clashes with a program's own names.
$(STATIC): $(LIB_OBJS) $(ASN1_LIB)
	@rm -f $@ $(B)/esv_all.o
	$(LD) -r -o $(B)/esv_all.o $(LIB_OBJS) $(ASN1_LIB)
	objcopy --localize-hidden $(B)/esv_all.o
	ar rcs $@ $(B)/esv_all.o

$(SHARED_REAL): $(LIB_OBJS) $(ASN1_LIB) lib/libesv.map
	$(CC) -shared $(SANFLAGS) -Wl,-soname,libesv.so.$(SOVERSION) \
	    -Wl,--version-script=lib/libesv.map $(NOUNDEF) $(LDFLAGS) \
	    -o $@ $(LIB_OBJS) $(ASN1_LIB) $(DEPLIBS)
$(SHARED_SO): $(SHARED_REAL)
	ln -sf $(notdir $<) $@
$(SHARED): $(SHARED_SO)
	ln -sf $(notdir $<) $@

# The tool is the library's first client: it includes <esv/esv.h> only and
# links against libesv.a, which exports the esv_* API and nothing else (an
# internal symbol used by the tool is a link error; test-abi checks the
# includes).
$(TOOL): $(CLI_OBJS) $(STATIC)
	$(CC) $(SANFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJS) $(STATIC) $(DEPLIBS)

# ---------------------------------------------------------------- tests
TESTDATA ?= $(abspath ../shared/testdata)
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRCS))
TEST_SUPPORT := $(patsubst %.c,$(B)/obj/%.o,$(wildcard tests/support/*.c))
-include $(TEST_SUPPORT:.o=.d)
# Unit tests, harnesses and tools track the headers they include too (a
# changed builder header rebuilds every test that uses it).
-include $(wildcard $(B)/obj/tests/unit/*.d $(B)/obj/fuzz/*.d $(B)/obj/bench/*.d)

$(B)/obj/tests/%.o: tests/%.c | $(ASN1_SRC)/.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) -Ilib -Itests/support $(CFLAGS_ESV) -Wno-missing-prototypes \
	    -MMD -MP -c $< -o $@

$(B)/tests/test_nomem: $(B)/obj/tests/unit/test_nomem.o $(TEST_SUPPORT) $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(SANFLAGS) $(LDFLAGS) -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc \
	    -o $@ $^ $(DEPLIBS) -lcmocka
$(B)/tests/test_arena: $(B)/obj/tests/unit/test_arena.o $(TEST_SUPPORT) $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(SANFLAGS) $(LDFLAGS) -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free \
	    -o $@ $^ $(DEPLIBS) -lcmocka
$(B)/tests/test_memory: $(B)/obj/tests/unit/test_memory.o $(TEST_SUPPORT) $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(SANFLAGS) $(LDFLAGS) -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free \
	    -o $@ $^ $(DEPLIBS) -lcmocka
$(B)/tests/%: $(B)/obj/tests/unit/%.o $(TEST_SUPPORT) $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(SANFLAGS) $(LDFLAGS) -o $@ $^ $(DEPLIBS) -lcmocka -lpthread

check: test-unit test-cli test-html test-sarif test-replay test-abi test-examples test-docs test-rule-tests test-cose test-python
	@echo "make check: all suites passed ($(B))"

test-unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do \
	    echo "== $$t"; ESV_TESTDATA=$(TESTDATA) $$t; done

# Both crypto backends on every test vector (test_crypto_vectors): the
# verdicts, return codes and outputs each writes must be the same.
check-backends:
	@$(MAKE) --no-print-directory CRYPTO=mbedtls $(B0)/tests/test_crypto_vectors
	@$(MAKE) --no-print-directory CRYPTO=openssl $(B0)/openssl/tests/test_crypto_vectors
	@ESV_TESTDATA=$(TESTDATA) $(B0)/tests/test_crypto_vectors >$(B0)/crypto-vectors.log 2>&1 || \
	 { cat $(B0)/crypto-vectors.log; exit 1; }
	@ESV_TESTDATA=$(TESTDATA) $(B0)/openssl/tests/test_crypto_vectors >$(B0)/openssl/crypto-vectors.log 2>&1 || \
	 { cat $(B0)/openssl/crypto-vectors.log; exit 1; }
	@cmp -s $(B0)/crypto-verdicts.txt $(B0)/openssl/crypto-verdicts.txt || \
	 { echo "check-backends: mbedTLS and OpenSSL differ:"; \
	   diff $(B0)/crypto-verdicts.txt $(B0)/openssl/crypto-verdicts.txt | head -40; exit 1; }
	@echo "check-backends: mbedTLS and OpenSSL agree on $$(wc -l <$(B0)/crypto-verdicts.txt) results"

# The threaded test and the tool's -j runs (tests/cli/jobs.sh) under
# ThreadSanitizer (whatever SANITIZE says): a race report fails the run.
check-threads:
	@$(MAKE) --no-print-directory SANITIZE=thread build/tsan$(CRYPTO_DIR)/tests/test_threads build/tsan$(CRYPTO_DIR)/esv
	build/tsan$(CRYPTO_DIR)/tests/test_threads
	TSAN_OPTIONS="halt_on_error=1 exitcode=66 $${TSAN_OPTIONS:-}" ESV=build/tsan$(CRYPTO_DIR)/esv \
	    ESV_TESTDATA=$(TESTDATA) sh tests/cli/jobs.sh

test-cli: $(TOOL)
	ESV=$(TOOL) ESV_TESTDATA=$(TESTDATA) sh tests/cli/run.sh
	ESV=$(TOOL) ESV_TESTDATA=$(TESTDATA) sh tests/cli/jobs.sh

# The HTML report in a browser: headless chromium (Debian's package, from
# tools/setup.sh) loads a page over the samples and a hostile input, the
# DOM it built is asserted on, and a screenshot is kept in
# $(B)/html-report.png.
test-html: $(TOOL)
	ESV=$(TOOL) ESV_OUT=$(B) sh tests/cli/html.sh

# SARIF logs against the OASIS SARIF 2.1.0 schema (tests/sarif/) with ajv
# from the npm registry, installed by npm ci into tests/sarif/node_modules
# (git-ignored), then their content against the JSON reports.
SARIF_NODE := tests/sarif/node_modules/.package-lock.json
$(SARIF_NODE): tests/sarif/package.json tests/sarif/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	    cd tests/sarif && npm ci --no-audit --no-fund --loglevel=error; \
	 else echo "test-sarif: npm is missing (sh tools/setup.sh installs it)"; fi
test-sarif: $(TOOL) $(SARIF_NODE)
	ESV=$(TOOL) sh tests/cli/sarif.sh

# Signed verdicts against an independent COSE implementation (the npm
# package cose-js, test-only: tests/cose/package.json and its lock,
# installed by `npm ci` into tests/cose/node_modules, never committed).
COSE_DIR := tests/cose
$(COSE_DIR)/node_modules/.package-lock.json: $(COSE_DIR)/package.json $(COSE_DIR)/package-lock.json
	@command -v npm >/dev/null || { echo "test-cose: node and npm are needed (sh tools/setup.sh)"; exit 1; }
	cd $(COSE_DIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@
test-cose: $(TOOL) $(COSE_DIR)/node_modules/.package-lock.json
	node $(COSE_DIR)/interop.js $(TOOL)

# The Python binding (python/esv, ctypes) against this build's libesv.so.
# An ASan build's library needs the sanitizer runtime first in the process:
# python runs with clang's shared ASan runtime preloaded, leak detection
# off (python itself keeps its memory to the end).
ASAN_RT = $(shell $(CC) -print-file-name=libclang_rt.asan-x86_64.so 2>/dev/null)
test-python: $(SHARED) $(TOOL)
ifeq ($(SANITIZE),)
	ESV_LIBRARY=$(abspath $(SHARED)) ESV=$(abspath $(TOOL)) ESV_TESTDATA=$(TESTDATA) \
	    python3 -m unittest discover -s python/tests -v
else ifeq ($(SANITIZE),thread)
	@echo "test-python: skipped under TSan (a TSan library cannot be loaded into python)"
else
	ESV_LIBRARY=$(abspath $(SHARED)) ESV=$(abspath $(TOOL)) ESV_TESTDATA=$(TESTDATA) \
	    LD_PRELOAD=$(ASAN_RT) ASAN_OPTIONS=detect_leaks=0:$${ASAN_OPTIONS:-} \
	    python3 -m unittest discover -s python/tests -v
endif

# Corpus and regression replay: every fuzz target's harness, linked with a
# plain main() instead of libFuzzer, over every committed input.
FUZZ_SRCS := $(wildcard fuzz/fuzz_*.c)
FUZZ_NAMES := $(patsubst fuzz/%.c,%,$(FUZZ_SRCS))
REPLAY_BINS := $(patsubst %,$(B)/replay/%,$(FUZZ_NAMES))

$(B)/replay/%: $(B)/obj/fuzz/%.o $(B)/obj/fuzz/replay.o $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(SANFLAGS) $(LDFLAGS) -o $@ $^ $(DEPLIBS) $(FUZZ_LIBS_$*)
$(B)/obj/fuzz/%.o: fuzz/%.c | $(ASN1_SRC)/.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) -Ilib $(CFLAGS_ESV) -Wno-missing-prototypes -MMD -MP -c $< -o $@

# Seeds made at build time by the project's builders (never committed):
# $(B)/seeds/NAME/, replayed and fuzzed like the committed corpora.
SEEDS := $(B)/seeds
$(B)/tools/build_bpp: tools/build_bpp.c $(B)/obj/tests/support/bpp_builder.o $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) -Ilib -Itests/support $(CFLAGS_ESV) -o $@ $< \
	    $(B)/obj/tests/support/bpp_builder.o $(INTERNAL) $(DEPLIBS)
$(B)/tools/build_cap: tools/build_cap.c $(B)/obj/tests/support/cap_builder.o \
        $(B)/obj/tests/support/profile_builder.o $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) -Ilib -Itests/support $(CFLAGS_ESV) -o $@ $< \
	    $(B)/obj/tests/support/cap_builder.o $(B)/obj/tests/support/profile_builder.o $(INTERNAL) $(DEPLIBS)
$(SEEDS)/.stamp: $(B)/tools/build_bpp $(B)/tools/build_cap
	@rm -rf $(SEEDS) && mkdir -p $(SEEDS)
	$(B)/tools/build_bpp --seeds $(SEEDS)
	$(B)/tools/build_cap --seeds $(SEEDS)
	@ln -sfn fuzz_profile $(SEEDS)/fuzz_profile_roundtrip # same seeds (fuzz/README.md)
	@touch $@

test-replay: $(REPLAY_BINS) $(SEEDS)/.stamp
	@set -e; for n in $(FUZZ_NAMES); do \
	    $(B)/replay/$$n fuzz/corpus/$$n fuzz/regressions/$$n $(SEEDS)/$$n; done

# The exported symbols of both libraries are the esv_* API and nothing else.
test-abi: $(SHARED) $(STATIC) $(TOOL)
	@bad=$$(nm -D --defined-only $(SHARED) | awk '{print $$3}' | grep -v '^esv_' | grep -v '^LIBESV_0$$' || true); \
	 if [ -n "$$bad" ]; then echo "shared library exports non-API symbols:"; echo "$$bad"; exit 1; fi
	@bad=$$(nm -g --defined-only $(STATIC) | awk 'NF==3 {print $$3}' | grep -v '^esv_' || true); \
	 if [ -n "$$bad" ]; then echo "static library exposes non-API symbols:"; echo "$$bad"; exit 1; fi
	@readelf -d $(SHARED_REAL) | grep -q 'SONAME.*\[libesv.so.$(SOVERSION)\]' || \
	 { echo "soname is not libesv.so.$(SOVERSION)"; exit 1; }
	@bad=$$(grep -n '^#include "' cli/*.c cli/*.h | grep -v '"cli.h"' || true); \
	 if [ -n "$$bad" ]; then echo "the tool includes more than <esv/esv.h>:"; echo "$$bad"; exit 1; fi
	@echo "abi: only esv_* exported, soname libesv.so.$(SOVERSION); the tool uses the public API only"
	@grep -q '"$(FUZZ_FAST_MARKER)"' lib/crypto/fuzz_fast.h || \
	 { echo "test-abi: FUZZ_FAST_MARKER is not lib/crypto/fuzz_fast.h's marker"; exit 1; }
	@for f in $(STATIC) $(SHARED_REAL) $(TOOL); do \
	   test -f $$f || { echo "test-abi: no $$f"; exit 1; }; \
	   if grep -q -a '$(FUZZ_FAST_MARKER)' $$f || nm $$f | grep -q ' esv_real_'; then \
	     echo "test-abi: $$f holds the fuzzing build mode (lib/crypto/fuzz_fast.c)"; exit 1; fi; \
	 done
	@echo "abi: the library and the tool hold no trace of the fuzzing build mode"

# Install into a staging tree, then build every example against it with
# pkg-config (shared and static), exactly as a user would.
STAGE := $(abspath $(B)/stage)
EXAMPLES := $(patsubst examples/%.c,%,$(wildcard examples/*.c))
test-examples: $(STATIC) $(SHARED) $(TOOL)
	@rm -rf $(STAGE)
	@$(MAKE) --no-print-directory install DESTDIR=$(STAGE) PREFIX=/usr SANITIZE=$(SANITIZE) >/dev/null
	@set -e; pc="env PKG_CONFIG_SYSROOT_DIR=$(STAGE) PKG_CONFIG_LIBDIR=$(STAGE)/usr/lib/pkgconfig:/usr/lib/x86_64-linux-gnu/pkgconfig:/usr/lib/pkgconfig:/usr/share/pkgconfig pkg-config"; \
	 for e in $(EXAMPLES); do \
	   $(CC) $(SANFLAGS) -std=c11 -Wall -Wextra -Werror $$($$pc --cflags esv) examples/$$e.c \
	       -o $(B)/example_$$e $$($$pc --libs esv); \
	   $(CC) $(SANFLAGS) -std=c11 -Wall -Wextra -Werror $$($$pc --cflags esv) examples/$$e.c \
	       -o $(B)/example_$${e}_static $(STAGE)/usr/lib/libesv.a $$($$pc --libs-only-l --static esv | sed 's/-lesv//'); \
	 done; \
	 LD_LIBRARY_PATH=$(STAGE)/usr/lib sh tests/cli/examples.sh $(B)
	@echo "examples: built against the staged install with pkg-config, shared and static"

# ---------------------------------------------------------------- fuzzing
FUZZ_CC ?= clang
# The fuzzing build mode (fuzz/README.md, "Fast mode"): every fuzzing
# object is compiled with FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION, which
# swaps the backend's public-key operations for lib/crypto/fuzz_fast.c.
FUZZ_MODE := -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
# FUZZ_FLAGS and FUZZ_OBJ_DIR may be given (.clusterfuzzlite/build.sh
# passes OSS-Fuzz's $CFLAGS and its own folder); the objects' flags are
# remembered in FUZZ_OBJ_DIR/flags.seen, and a change rebuilds them all.
FUZZ_FLAGS ?= -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := $(FUZZ_FLAGS) $(FUZZ_MODE)
FUZZ_OBJ_DIR ?= build/fuzz
FUZZ_FLAGS_SEEN := $(FUZZ_OBJ_DIR)/flags.seen
FUZZ_SRCS_LIB := $(LIB_SRCS) $(FUZZ_FAST_SRC)
# Libraries one target needs beyond DEPLIBS (libFuzzer, AFL++ and replay
# builds alike): the X.509 differential target compares with OpenSSL.
FUZZ_LIBS_fuzz_x509_diff := -lcrypto
FUZZ_OBJS := $(patsubst %.c,$(FUZZ_OBJ_DIR)/obj/%.o,$(FUZZ_SRCS_LIB))
FUZZ_ASN1_LIB := $(FUZZ_OBJ_DIR)/libasn1.a
FUZZ_BINS := $(patsubst %,build/fuzz/%,$(FUZZ_NAMES))
FUZZ_SECONDS ?= 5

$(FUZZ_FLAGS_SEEN): FORCE
	@mkdir -p $(dir $@)
	@[ "$$(cat $@ 2>/dev/null)" = '$(FUZZ_CC) $(FUZZ_CFLAGS)' ] || \
	 { rm -rf $(FUZZ_OBJ_DIR)/obj $(FUZZ_ASN1_LIB); echo '$(FUZZ_CC) $(FUZZ_CFLAGS)' >$@; }

$(FUZZ_OBJ_DIR)/obj/%.o: %.c $(FUZZ_FLAGS_SEEN) | $(ASN1_SRC)/.stamp $(ASN1_SRC)/esv_descriptors.inc
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS_ESV) -Ilib -std=c11 $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@
-include $(FUZZ_OBJS:.o=.d)

$(FUZZ_ASN1_LIB): $(ASN1_SRC)/.stamp asn1/build.mk $(FUZZ_FLAGS_SEEN)
	@$(MAKE) --no-print-directory -f asn1/build.mk SRC=$(ASN1_SRC) OUT=$(FUZZ_OBJ_DIR)/obj/asn1-gen \
	    LIB=$@ CC="$(FUZZ_CC)" CFLAGS="-std=gnu11 -w $(FUZZ_CFLAGS)"

# What .clusterfuzzlite/build.sh links its targets with: the fuzzing
# objects, and the libraries (all targets', then one target's).
fuzz-objs: $(FUZZ_OBJS) $(FUZZ_ASN1_LIB)
fuzz-link-args:
	@echo $(FUZZ_OBJS) $(FUZZ_ASN1_LIB) $(DEPLIBS)
fuzz-cppflags:
	@echo $(CPPFLAGS_ESV) -Ilib
fuzz-flags:
	@echo $(FUZZ_FLAGS)
fuzz-libs-%:
	@echo $(FUZZ_LIBS_$*)

build/fuzz/%: fuzz/%.c $(FUZZ_OBJS) $(FUZZ_ASN1_LIB) | $(ASN1_SRC)/.stamp
	$(FUZZ_CC) $(CPPFLAGS_ESV) -Ilib -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    $(FUZZ_MODE) -o $@ $< $(FUZZ_EXTRA) $(FUZZ_OBJS) $(FUZZ_ASN1_LIB) $(DEPLIBS) $(FUZZ_LIBS_$*)

fuzz: $(FUZZ_BINS)

# The fast mode's own test (fuzz/test_fast_mode.c), on the fuzzing objects.
build/fuzz/test_fast_mode: fuzz/test_fast_mode.c $(FUZZ_OBJS) $(FUZZ_ASN1_LIB) | $(ASN1_SRC)/.stamp
	$(FUZZ_CC) $(CPPFLAGS_ESV) -Ilib -std=c11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	    $(FUZZ_MODE) -o $@ $< $(FUZZ_OBJS) $(FUZZ_ASN1_LIB) $(DEPLIBS)

# Local-only extra seeds from ../shared (never committed: third-party data
# stays where it is). Use: make fuzz-local-seeds && build/fuzz/fuzz_profile
#   build/fuzz/work/fuzz_profile fuzz/corpus/fuzz_profile build/fuzz/local-seeds/fuzz_profile
fuzz-local-seeds:
	@mkdir -p build/fuzz/local-seeds/fuzz_profile build/fuzz/local-seeds/fuzz_der
	@if [ -d $(TESTDATA)/profiles/ts48 ]; then \
	    cp $(TESTDATA)/profiles/ts48/*.der build/fuzz/local-seeds/fuzz_profile/; \
	    cp $(TESTDATA)/pki/sgp26/*.der build/fuzz/local-seeds/fuzz_der/; \
	    echo "local seeds in build/fuzz/local-seeds/ (not committed)"; \
	 else echo "no $(TESTDATA): no local seeds"; fi

# Every input, seeds included, runs under -timeout (seconds). Then the
# profile target runs once on large packages made by the builder (40,000
# elements, keys or TARs; build_samples --scale): each takes about a second
# when every check is O(n log n), ten and more when one compares every
# value with every earlier one, so a check turned quadratic fails here.
FUZZ_TIMEOUT ?= 5
# The smoke run's random seed is fixed, so a CI run is the same run each
# time (a differential target finding a new disagreement on some seeds
# would otherwise fail CI at random); campaigns by hand choose their own.
FUZZ_SEED ?= 1
fuzz-smoke: $(FUZZ_BINS) build/fuzz/test_fast_mode $(B)/tools/build_samples $(SEEDS)/.stamp
	@for n in $(FUZZ_NAMES); do grep -q -a '$(FUZZ_FAST_MARKER)' build/fuzz/$$n || \
	    { echo "fuzz-smoke: build/fuzz/$$n is not built in the fuzzing build mode"; exit 1; }; done
	build/fuzz/test_fast_mode fuzz/corpus/fuzz_chain
	@set -e; for n in $(FUZZ_NAMES); do \
	    mkdir -p build/fuzz/work/$$n; \
	    echo "== $$n ($(FUZZ_SECONDS)s)"; \
	    dirs=""; for d in fuzz/corpus/$$n $(SEEDS)/$$n; do [ -d $$d ] && dirs="$$dirs $$d"; done; \
	    dict=""; [ -f $(FUZZ_DICTS)/$$n.dict ] && dict="-dict=$(FUZZ_DICTS)/$$n.dict"; \
	    build/fuzz/$$n -seed=$(FUZZ_SEED) -max_total_time=$(FUZZ_SECONDS) -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=2048 \
	        -print_final_stats=1 $$dict build/fuzz/work/$$n $$dirs 2>build/fuzz/work/$$n.log \
	        || { tail -n 60 build/fuzz/work/$$n.log; exit 1; }; \
	    grep -E 'stat::number_of_executed_units' build/fuzz/work/$$n.log || true; \
	done
	@mkdir -p build/fuzz/scale-seeds build/fuzz/work
	@$(B)/tools/build_samples --scale build/fuzz/scale-seeds >/dev/null
	@echo "== fuzz_profile on large packages (-timeout=$(FUZZ_TIMEOUT))"
	@build/fuzz/fuzz_profile -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=2048 -artifact_prefix=build/fuzz/work/ \
	    build/fuzz/scale-seeds/*.der 2>build/fuzz/work/scale.log \
	    || { tail -n 60 build/fuzz/work/scale.log; exit 1; }
	@grep -E '^Executed' build/fuzz/work/scale.log

# Executions per second of every target on its seeds (fuzz/README.md,
# "Fast mode"): FUZZ_SECONDS of fuzzing each, from an empty work folder.
fuzz-speed: $(FUZZ_BINS) $(SEEDS)/.stamp
	@sh tools/fuzz_speed.sh build/fuzz $(SEEDS) $(FUZZ_SECONDS)

# AFL++: the same harnesses, built with afl-clang-fast and its libFuzzer-
# compatible driver (-fsanitize=fuzzer), ASan on. Run one with e.g.
#   afl-fuzz -i fuzz/corpus/fuzz_der -o build/afl/out-der -- build/afl/fuzz_der
AFL_CC ?= afl-clang-fast
AFL_BINS := $(patsubst %,build/afl/%,$(FUZZ_NAMES))
# The generated code goes through asn1/build.mk, as in every other build
# (the BIT STRING guard's renaming, the arena's allocation symbols).
AFL_ASN1_LIB := build/afl/libasn1.a
$(AFL_ASN1_LIB): $(ASN1_SRC)/.stamp asn1/build.mk
	@AFL_USE_ASAN=1 AFL_QUIET=1 $(MAKE) --no-print-directory -f asn1/build.mk SRC=$(ASN1_SRC) \
	    OUT=build/afl/obj/asn1-gen LIB=$@ CC="$(AFL_CC)" CFLAGS="-std=gnu11 -w -g -O1 -fsanitize=fuzzer-no-link"
build/afl/%: fuzz/%.c $(FUZZ_SRCS_LIB) $(ASN1_SRC)/.stamp $(ASN1_SRC)/esv_descriptors.inc $(AFL_ASN1_LIB)
	@mkdir -p $(dir $@)
	AFL_USE_ASAN=1 AFL_QUIET=1 $(AFL_CC) $(CPPFLAGS_ESV) -Ilib -std=gnu11 -g -O1 -fsanitize=fuzzer $(FUZZ_MODE) \
	    -o $@ $< $(FUZZ_SRCS_LIB) $(AFL_ASN1_LIB) $(DEPLIBS) $(FUZZ_LIBS_$*)
afl: $(AFL_BINS)

# ---------------------------------------------------------------- fuzz: dictionaries and mutator
# (issue 14; fuzz/README.md "Dictionaries", "Structure-aware mutator")
# Dictionaries, generated at build time by tools/make_dict.c from the asn1c
# descriptors of asn1/*.asn (the types of each module listed from the
# generated headers) and the OIDs and rule ids in the library's sources:
# $(B)/dict/<target>.dict, libFuzzer's -dict= and AFL's -x format.
DICT_DIR := $(B)/dict
FUZZ_DICTS := build/dict
DICT_SRCS := $(wildcard lib/pki/*.c lib/profile/*.c lib/rsp/*.c lib/rsp/*.h lib/rules/*.def)
$(DICT_DIR)/asn1-types.inc: $(ASN1_SRC)/.stamp
	@mkdir -p $(dir $@)
	@awk 'FNR == 1 { m = "" } \
	      /^ \* From ASN.1 module "/ { m = $$0; sub(/.*module "/, "", m); sub(/".*/, "", m) } \
	      /^extern asn_TYPE_descriptor_t asn_DEF_/ && m != "" { t = $$3; sub(/^asn_DEF_/, "", t); sub(/;.*/, "", t); \
	          print "ESV_DICT_TYPE(" m ", " t ")" }' $(ASN1_SRC)/*.h | sort -u >$@.tmp && mv $@.tmp $@
$(B)/tools/make_dict: tools/make_dict.c $(DICT_DIR)/asn1-types.inc $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) -Ilib -I$(DICT_DIR) $(CFLAGS_ESV) -o $@ $< $(INTERNAL) $(DEPLIBS)
$(DICT_DIR)/.stamp: $(B)/tools/make_dict $(DICT_SRCS)
	$(B)/tools/make_dict $(DICT_DIR) $(DICT_SRCS)
	@touch $@
dict: $(DICT_DIR)/.stamp
fuzz fuzz-smoke: build/dict/.stamp

# The structure-aware mutator (LLVMFuzzerCustomMutator / CustomCrossOver)
# goes into the targets that read DER (fuzz_chain: one part of its framed
# input at a time); it is built without the fuzzer's
# coverage instrumentation (its branches are not the target's).
# build/fuzz/nomut/ holds the same targets without it, for comparisons.
FUZZ_MUTATOR_TARGETS := fuzz_der fuzz_show fuzz_profile fuzz_cert fuzz_rsp fuzz_bpp
FUZZ_MUTATOR_OBJ := build/fuzz/obj/fuzz/mutator.o
$(FUZZ_MUTATOR_OBJ): fuzz/mutator.c fuzz/mutator.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -g -O1 $(WARN) -fsanitize=address,undefined -fno-sanitize-recover=all -c $< -o $@
$(patsubst %,build/fuzz/%,$(FUZZ_MUTATOR_TARGETS)): FUZZ_EXTRA := $(FUZZ_MUTATOR_OBJ)
$(patsubst %,build/fuzz/%,$(FUZZ_MUTATOR_TARGETS)): $(FUZZ_MUTATOR_OBJ)
# fuzz_chain's input is parts with 2-byte lengths: the framed entry point
build/fuzz/obj/fuzz/mutator_framed.o: fuzz/mutator.c fuzz/mutator.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) -std=c11 -g -O1 $(WARN) -DFM_FRAMED -fsanitize=address,undefined -fno-sanitize-recover=all -c $< -o $@
build/fuzz/fuzz_chain: FUZZ_EXTRA := build/fuzz/obj/fuzz/mutator_framed.o
build/fuzz/fuzz_chain: build/fuzz/obj/fuzz/mutator_framed.o
build/fuzz/nomut/%: fuzz/%.c $(FUZZ_OBJS) $(FUZZ_ASN1_LIB) | $(ASN1_SRC)/.stamp
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS_ESV) -Ilib -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    -o $@ $< $(FUZZ_OBJS) $(FUZZ_ASN1_LIB) $(DEPLIBS)
fuzz-nomut: $(patsubst %,build/fuzz/nomut/%,$(FUZZ_MUTATOR_TARGETS) fuzz_chain)

# The unit tests of both: the mutator linked in (with a stub
# LLVMFuzzerMutate), the dictionaries generated first.
$(B)/tests/test_fuzz_mutator: $(B)/obj/tests/unit/test_fuzz_mutator.o $(B)/obj/fuzz/mutator.o $(TEST_SUPPORT) $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(SANFLAGS) $(LDFLAGS) -o $@ $^ $(DEPLIBS) -lcmocka -lpthread
$(B)/obj/tests/unit/test_fuzz_dict.o: CFLAGS_ESV += -DESV_DICT_DIR='"$(DICT_DIR)"'
$(B)/tests/test_fuzz_dict: $(DICT_DIR)/.stamp

# ---------------------------------------------------------------- coverage
# (issue 14; fuzz/README.md "Coverage") make coverage: the library, the
# asn1c output and the harnesses with clang's source-based coverage in
# build/coverage/, every corpus, regression and build-time seed replayed,
# an HTML report in build/coverage/html/ and one line per lib/ folder.
COV := build/coverage
COV_CC ?= clang
LLVM_PROFDATA ?= llvm-profdata
LLVM_COV ?= llvm-cov
COV_FLAGS := -g -O1 -fprofile-instr-generate -fcoverage-mapping
COV_OBJS := $(patsubst %.c,$(COV)/obj/%.o,$(LIB_SRCS))
COV_ASN1_LIB := $(COV)/libasn1.a
COV_BINS := $(patsubst %,$(COV)/replay/%,$(FUZZ_NAMES))
$(COV)/obj/%.o: %.c | $(ASN1_SRC)/.stamp $(ASN1_SRC)/esv_descriptors.inc
	@mkdir -p $(dir $@)
	@$(COV_CC) $(CPPFLAGS_ESV) -Ilib -std=c11 $(COV_FLAGS) -MMD -MP -c $< -o $@
-include $(wildcard $(COV)/obj/lib/*/*.d $(COV)/obj/fuzz/*.d)
$(COV_ASN1_LIB): $(ASN1_SRC)/.stamp asn1/build.mk
	@$(MAKE) --no-print-directory -s -f asn1/build.mk SRC=$(ASN1_SRC) OUT=$(COV)/obj/asn1-gen \
	    LIB=$@ CC="$(COV_CC)" CFLAGS="-std=gnu11 -w $(COV_FLAGS)" >/dev/null
$(COV)/replay/%: $(COV)/obj/fuzz/%.o $(COV)/obj/fuzz/replay.o $(COV_OBJS) $(COV_ASN1_LIB)
	@mkdir -p $(dir $@)
	@$(COV_CC) -fprofile-instr-generate -o $@ $^ $(DEPLIBS) $(FUZZ_LIBS_$*)
coverage: $(COV_BINS) $(SEEDS)/.stamp
	@rm -rf $(COV)/profraw $(COV)/html && mkdir -p $(COV)/profraw
	@set -e; for n in $(FUZZ_NAMES); do \
	    LLVM_PROFILE_FILE=$(COV)/profraw/$$n.profraw $(COV)/replay/$$n \
	        fuzz/corpus/$$n fuzz/regressions/$$n $(SEEDS)/$$n >/dev/null; done
	@$(LLVM_PROFDATA) merge -sparse -o $(COV)/esv.profdata $(COV)/profraw/*.profraw
	@$(LLVM_COV) show -format=html -output-dir=$(COV)/html -instr-profile=$(COV)/esv.profdata \
	    -show-branches=count -ignore-filename-regex='asn1-src' \
	    $(firstword $(COV_BINS)) $(patsubst %,-object %,$(wordlist 2,99,$(COV_BINS)))
	@$(LLVM_COV) export -summary-only -instr-profile=$(COV)/esv.profdata \
	    $(firstword $(COV_BINS)) $(patsubst %,-object %,$(wordlist 2,99,$(COV_BINS))) >$(COV)/summary.json
	@sh tools/coverage_summary.sh $(COV)/summary.json $(CURDIR)
	@echo "coverage: HTML report in $(COV)/html/index.html"
.PHONY: dict fuzz-nomut coverage

# ---------------------------------------------------------------- bench
BENCH_SRCS := $(wildcard bench/bench_*.c)
BENCH_BINS := $(patsubst bench/%.c,$(B)/bench/%,$(BENCH_SRCS))
$(B)/bench/bench_profile: bench/bench_profile.c bench/bench.h $(INTERNAL) | $(ASN1_SRC)/.stamp
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) -Ilib $(CFLAGS_ESV) -Wno-missing-prototypes \
	    -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free -o $@ $< $(INTERNAL) $(DEPLIBS)
$(B)/bench/bench_pki: bench/bench_pki.c bench/bench.h $(B)/obj/tests/support/pki_builder.o $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) $(if $(filter openssl,$(CRYPTO)),-DESV_BENCH_OPENSSL) -Ilib -Itests/support $(CFLAGS_ESV) \
	    -Wno-missing-prototypes -o $@ $< $(B)/obj/tests/support/pki_builder.o $(INTERNAL) $(DEPLIBS)
$(B)/bench/bench_jobs: bench/bench_jobs.c bench/bench.h $(B)/obj/tests/support/pki_builder.o $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) -Ilib -Itests/support $(CFLAGS_ESV) -Wno-missing-prototypes -o $@ $< \
	    $(B)/obj/tests/support/pki_builder.o $(INTERNAL) $(DEPLIBS)
$(B)/bench/bench_scale: bench/bench_scale.c bench/bench.h $(B)/obj/tests/support/profile_builder.o $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) -Ilib -Itests/support $(CFLAGS_ESV) -Wno-missing-prototypes -o $@ $< \
	    $(B)/obj/tests/support/profile_builder.o $(INTERNAL) $(DEPLIBS)
$(B)/bench/bench_rsp: bench/bench_rsp.c bench/bench.h $(B)/obj/tests/support/rsp_builder.o \
        $(B)/obj/tests/support/pki_builder.o $(B)/obj/tests/support/bpp_builder.o $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) -Ilib -Itests/support $(CFLAGS_ESV) -Wno-missing-prototypes -o $@ $< \
	    $(B)/obj/tests/support/rsp_builder.o $(B)/obj/tests/support/pki_builder.o \
	    $(B)/obj/tests/support/bpp_builder.o $(INTERNAL) $(DEPLIBS)
$(B)/bench/%: bench/%.c bench/bench.h $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) -Ilib $(CFLAGS_ESV) -Wno-missing-prototypes -o $@ $< $(INTERNAL) $(DEPLIBS)
bench: $(BENCH_BINS)
	@set -e; for b in $(BENCH_BINS); do ESV_TESTDATA=$(TESTDATA) $$b; done

# The same run, with every figure also written to $(B)/bench.json (one
# JSON array of {bench, figure, unit, median, low, high}), for comparing
# runs and backends: make bench-json; make CRYPTO=openssl bench-json.
bench-json: $(BENCH_BINS)
	@rm -f $(B)/bench.jsonl
	@set -e; for b in $(BENCH_BINS); do ESV_TESTDATA=$(TESTDATA) ESV_BENCH_JSON=$(B)/bench.jsonl $$b; done
	@{ echo '['; sed '$$!s/$$/,/' $(B)/bench.jsonl; echo ']'; } > $(B)/bench.json
	@rm -f $(B)/bench.jsonl
	@jq length $(B)/bench.json >/dev/null && echo "bench-json: $$(jq length $(B)/bench.json) figures in $(B)/bench.json"

# ---------------------------------------------------------------- install
# The libraries the static library needs, as linked (libcbor is named by
# its own .pc in Requires.private).
PC_LIBS_PRIVATE := $(filter-out -lcbor,$(DEPLIBS))
$(B)/esv.pc: pkgconfig/esv.pc.in include/esv/version.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    -e 's|@LIBS_PRIVATE@|$(PC_LIBS_PRIVATE)|' $< > $@
.PHONY: $(B)/esv.pc

install: $(STATIC) $(SHARED) $(TOOL) $(B)/esv.pc
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(BINDIR) $(DESTDIR)$(INCLUDEDIR)/esv \
	    $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 644 include/esv/*.h $(DESTDIR)$(INCLUDEDIR)/esv/
	install -m 644 $(STATIC) $(DESTDIR)$(LIBDIR)/libesv.a
	install -m 755 $(SHARED_REAL) $(DESTDIR)$(LIBDIR)/
	ln -sf libesv.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libesv.so.$(SOVERSION)
	ln -sf libesv.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libesv.so
	install -m 755 $(TOOL) $(DESTDIR)$(BINDIR)/esv
	install -m 644 docs/esv.1 $(DESTDIR)$(MANDIR)/man1/esv.1
	install -m 644 $(B)/esv.pc $(DESTDIR)$(PKGCONFIGDIR)/esv.pc

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libesv.a $(DESTDIR)$(LIBDIR)/libesv.so \
	    $(DESTDIR)$(LIBDIR)/libesv.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libesv.so.$(VERSION) \
	    $(DESTDIR)$(BINDIR)/esv $(DESTDIR)$(MANDIR)/man1/esv.1 $(DESTDIR)$(PKGCONFIGDIR)/esv.pc
	rm -rf $(DESTDIR)$(INCLUDEDIR)/esv

docs: $(TOOL)
	$(TOOL) rules --format markdown > docs/rules.md

# docs/rules.md is generated from the catalogue and must match it.
# The catalogue test: every profile rule has a unit test that makes it
# fire (tools/check_rule_tests.sh says how that is recognised).
test-rule-tests: $(TOOL)
	@sh tools/check_rule_tests.sh $(TOOL) PROF

test-docs: $(TOOL)
	@$(TOOL) rules --format markdown | cmp -s - docs/rules.md || \
	 { echo "docs/rules.md is out of date: run 'make docs'"; exit 1; }
	@echo "docs: rules.md matches the catalogue"

# The README's main job: the tool on the bundled sample profiles (made by
# the project's own builder, `make samples`). The sample passes under the
# production policy; the test profile with RAM/RFM open and the broken one
# must fail.
demo: $(TOOL)
	$(TOOL) profile examples/data/sample-profile.der
	@$(TOOL) profile examples/data/test-profile-ram.der; test $$? -eq 1
	@$(TOOL) profile examples/data/broken-profile.der; test $$? -eq 1
	$(TOOL) profile --policy test --format json examples/data/test-profile-ram.der || true
	$(TOOL) cert --ci examples/data/pki/ci-nist.der --at 2027-01-01 examples/data/pki/chain-nist.pem
	$(TOOL) rsp --ci examples/data/rsp/nist/ci.der --at 2027-01-01 --server-address smdp.esv.example \
	    --session examples/data/rsp/nist

# Regenerates examples/data/ with the project's profile builder.
$(B)/tools/build_samples: tools/build_samples.c $(B)/obj/tests/support/profile_builder.o $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) -Ilib -Itests/support $(CFLAGS_ESV) -o $@ $< \
	    $(B)/obj/tests/support/profile_builder.o $(INTERNAL) $(DEPLIBS)
# The sample PKI (examples/data/pki) and the certificate fuzz seeds, made
# by the project's test PKI builder (mbedTLS's certificate writer).
$(B)/tools/build_pki: tools/build_pki.c $(B)/obj/tests/support/pki_builder.o $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) -Itests/support $(CFLAGS_ESV) -o $@ $< \
	    $(B)/obj/tests/support/pki_builder.o $(INTERNAL) $(DEPLIBS)
# The sample RSP session (examples/data/rsp) and the message fuzz seeds,
# signed with that builder's keys.
$(B)/tools/build_rsp: tools/build_rsp.c $(B)/obj/tests/support/rsp_builder.o $(B)/obj/tests/support/pki_builder.o $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS_ESV) -Ilib -Itests/support $(CFLAGS_ESV) -o $@ $< \
	    $(B)/obj/tests/support/rsp_builder.o $(B)/obj/tests/support/pki_builder.o $(INTERNAL) $(DEPLIBS)
samples: $(B)/tools/build_samples $(B)/tools/build_pki $(B)/tools/build_rsp
	$(B)/tools/build_samples .
	@mkdir -p examples/data/pki
	$(B)/tools/build_pki examples/data/pki
	$(B)/tools/build_rsp examples/data/rsp
	$(B)/tools/build_rsp --seeds fuzz/corpus

clean:
	rm -rf build
