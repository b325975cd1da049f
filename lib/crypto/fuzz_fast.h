/*
 * fuzz_fast.h - the fuzzing build's fast public-key operations (fuzz_fast.c).
 *
 * Only a fuzzing build defines FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
 * (the macro OSS-Fuzz and the TLS libraries use; the Makefile sets it for
 * build/fuzz/, build/afl/ and ClusterFuzzLite, never for the library, the
 * tool, the tests or the replay binaries). There the backend's public-key
 * operations are renamed esv_real_* by the defines below, included by the
 * backend before crypto.h, and fuzz_fast.c defines the crypto.h names with
 * a cheap deterministic stand-in: a fuzzing build does NOT verify
 * signatures. `make check` (test-abi) proves the library and the tool hold
 * no trace of it (ESV_FUZZ_FAST_MARKER).
 */
#ifndef ESV_FUZZ_FAST_H
#define ESV_FUZZ_FAST_H

#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
#error "fuzz_fast.h belongs to fuzzing builds only"
#endif

/* What only a fuzzing build holds: test-abi looks for it in the release
 * library and tool, fuzz-smoke in the fuzzing binaries. */
#define ESV_FUZZ_FAST_MARKER "esv-FUZZING-BUILD-MODE-UNSAFE-signatures-not-verified"

/* The backends include this before crypto.h; fuzz_fast.c, which defines
 * the names, includes it with ESV_FUZZ_FAST_DEFINES set. */
#ifndef ESV_FUZZ_FAST_DEFINES
#define esv_crypto_backend esv_real_crypto_backend
#define esv_ec_pubkey_check esv_real_ec_pubkey_check
#define esv_ec_pubkey_check_env esv_real_ec_pubkey_check_env
#define esv_ecdsa_verify_der esv_real_ecdsa_verify_der
#define esv_ecdsa_verify_raw esv_real_ecdsa_verify_raw
#define esv_pubkey esv_real_pubkey
#define esv_pubkey_new esv_real_pubkey_new
#define esv_pubkey_verify_der esv_real_pubkey_verify_der
#define esv_pubkey_ref esv_real_pubkey_ref
#define esv_pubkey_free esv_real_pubkey_free
#define esv_ecdh_shared_secret esv_real_ecdh_shared_secret
#endif

#endif
