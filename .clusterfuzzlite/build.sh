#!/bin/bash -eu
# .clusterfuzzlite/build.sh - builds every fuzz target (fuzz/fuzz_*.c) the
# OSS-Fuzz way: $CC and $CFLAGS for the objects (through the Makefile,
# into $WORK/esv-fuzz, or FUZZ_OBJ_DIR when given), $CC $CFLAGS
# $LIB_FUZZING_ENGINE for the link, into $OUT, with each target's seeds
# as $OUT/<target>_seed_corpus.zip (committed corpus, regressions and the
# seeds the project's builders make) and its dictionary, when one was
# made, as $OUT/<target>.dict.
#
# Every object is compiled in the fuzzing build mode
# (FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION: signatures are not verified;
# fuzz/README.md, "Fast mode").
#
# .ci/run runs this outside Docker with the Makefile's own fuzzing flags
# and FUZZ_OBJ_DIR=build/fuzz, so the objects `make fuzz` made are reused.
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
objdir=${FUZZ_OBJ_DIR:-$WORK/esv-fuzz}
mk() {
    make --no-print-directory -j"$jobs" FUZZ_CC="$CC" FUZZ_FLAGS="$CFLAGS" FUZZ_OBJ_DIR="$objdir" "$@"
}
mk fuzz-objs
# The build-time seeds come from the project's builders, ordinary
# programs: built without the fuzzing flags.
env -u CFLAGS -u CXXFLAGS make --no-print-directory -j"$jobs" CC="$CC" build/seeds/.stamp >/dev/null
# The per-target dictionaries (tools/make_dict.c, build/dict/), made by the
# host build like the seeds.
env -u CFLAGS -u CXXFLAGS make --no-print-directory -j"$jobs" CC="$CC" dict >/dev/null
link_args=$(mk -s fuzz-link-args)
cppflags=$(mk -s fuzz-cppflags)
mkdir -p "$OUT"
for src in fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    # shellcheck disable=SC2086
    $CC $CFLAGS -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION $cppflags -std=c11 \
        "$src" $LIB_FUZZING_ENGINE $link_args $(mk -s "fuzz-libs-$name") -o "$OUT/$name"
    seeds=$(mktemp -d)
    for d in fuzz/corpus/$name fuzz/regressions/$name build/seeds/$name; do
        if [ -d "$d" ]; then
            find -L "$d" -maxdepth 1 -type f -exec cp {} "$seeds"/ \;
        fi
    done
    rm -f "$OUT/${name}_seed_corpus.zip"
    if [ -n "$(ls -A "$seeds")" ]; then
        (cd "$seeds" && zip -q -j "$OUT/${name}_seed_corpus.zip" ./*)
    fi
    rm -rf "$seeds"
    for dict in "build/dict/$name.dict" "$objdir/$name.dict" "fuzz/$name.dict"; do
        if [ -f "$dict" ]; then
            cp "$dict" "$OUT/$name.dict"
            break
        fi
    done
done
