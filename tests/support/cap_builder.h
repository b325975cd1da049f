/*
 * cap_builder.h - builds Java Card CAP load files (the content of a
 * PE-Application load block) from options, written from the Java Card
 * Virtual Machine Specification chapter 6 (component formats) and the
 * GlobalPlatform Card Specification (Load File Data Block, tag 'C4'); no
 * real CAP file is copied. The Header, Directory, Applet and Import
 * components are exact; the others are small, well-framed placeholders
 * (an empty constant pool, one class extending javacard.framework.Applet,
 * one method "return", an empty static field image, no relocations).
 *
 * For the tests, the seed corpus of fuzz_cap and the sample profiles.
 * Aborts on out of memory (a test tool).
 */
#ifndef ESV_CAP_BUILDER_H
#define ESV_CAP_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CB_MAX_APPLETS 8
#define CB_MAX_IMPORTS 16
#define CB_MAX_CUSTOM 4

typedef struct cb_package {
    uint8_t minor, major;
    char aid[33]; /* hex, 5 to 16 bytes (the builder writes what it is given) */
} cb_package;

typedef struct cb_options {
    uint8_t cap_minor;  /* CAP format 2.1, 2.2 or 2.3 (compact) */
    cb_package package; /* the package the load file defines */
    char package_name[64]; /* CAP 2.2 and later (may be empty) */
    size_t n_applets;
    char applets[CB_MAX_APPLETS][33]; /* hex AIDs */
    size_t n_imports;
    cb_package imports[CB_MAX_IMPORTS];
    bool export_component; /* an Export component (ACC_EXPORT) */
    bool descriptor;       /* a Descriptor component */
    /* Custom components: tag (128..255), AID, listed in the Directory
     * and present in the load file. */
    size_t n_custom;
    uint8_t custom_tag[CB_MAX_CUSTOM];
    char custom_aid[CB_MAX_CUSTOM][33];
    bool wrap_c4; /* in a Load File Data Block TLV 'C4' */
} cb_options;

/* A proprietary applet package (AID F0 "ESV" 01 01, version 1.0, CAP 2.2,
 * one applet) importing java.lang, javacard.framework, javacard.security,
 * uicc.toolkit and org.globalplatform. */
void cb_options_sample(cb_options *o);

/* Builds the load file (*out: new buffer, free()). Returns 0, or -1 for
 * options it cannot write (an AID that is not hex, a count too large). */
int cb_build(const cb_options *o, uint8_t **out, size_t *len);

/* The offset of the first component of tag `tag` in a load file (raw or
 * 'C4'-wrapped, u2 sizes), or -1. For tests that change one field. */
long cb_find_component(const uint8_t *cap, size_t len, uint8_t tag);

#endif
