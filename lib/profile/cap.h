/*
 * cap.h - a strict reader of the Java Card load file a PE-Application load
 * block carries (ApplicationLoadPackage.loadBlockObject, TCA SAIP v3.4.1
 * 8.7): the CAP components of one package, as the Java Card Virtual
 * Machine Specification, chapter 6 "The CAP File Format" defines them, one
 * after the other (GlobalPlatform Card Specification v2.3.1 11.6: the Load
 * File Data Block), raw or in the Load File's tag 'C4'.
 *
 * What is read, against the CAP format version the Header gives (2.1:
 * Java Card 2.1.x; 2.2: 2.2.x and 3.0.x; 2.3: 3.1 and later, compact
 * format): the framing of every component (u1 tag, u2 size, info; the 2.3
 * Static Resource component has a u4 size); the Header, Directory, Import
 * and Applet components field by field. Bytecode and the other components'
 * contents are not read. The extended format of CAP 2.3 (flag ACC_EXTENDED:
 * several packages, u4 component sizes) and later minor versions are said
 * to be unsupported, not wrong.
 *
 * Like the DER reader (lib/der/der.c), every read checks the bytes it needs
 * lie in [p, end) and nothing is addressed past the end; counts are capped
 * by the limits below. The result holds copies, never pointers into the
 * input: it outlives the element value it was read from (the profile
 * model's memory contract, model.h).
 */
#ifndef ESV_PROFILE_CAP_H
#define ESV_PROFILE_CAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/buf.h"

/* Limits. A load block: a CAP file's components, each at most 64 KiB in
 * the compact format, so 4 MiB holds every well-formed one with room. */
#define CAP_MAX_LOAD_BLOCK (4u * 1024u * 1024u)
/* Components in one load file: the 13 standard ones and custom ones. */
#define CAP_MAX_COMPONENTS 32u
/* Imported packages: JCVM 6.6, count 0..128. */
#define CAP_MAX_IMPORTS 128u
/* Applets of the package: JCVM 6.5 (count > 0, a u1). */
#define CAP_MAX_APPLETS 16u
/* Custom components the Directory may list (JCVM 6.1.2, 6.4). */
#define CAP_MAX_CUSTOM 8u
/* Warnings kept; more are counted. */
#define CAP_MAX_WARNINGS 16u

#define CAP_AID_MIN 5u
#define CAP_AID_MAX 16u
#define CAP_TEXT_MAX 112u
#define CAP_NAME_MAX 64u

/* Component tags (JCVM 6.1, table 6-1; 13 since CAP 2.3). */
enum {
    CAP_HEADER = 1, CAP_DIRECTORY, CAP_APPLET, CAP_IMPORT, CAP_CONSTANT_POOL, CAP_CLASS,
    CAP_METHOD, CAP_STATIC_FIELD, CAP_REFERENCE_LOCATION, CAP_EXPORT, CAP_DESCRIPTOR,
    CAP_DEBUG, CAP_STATIC_RESOURCE
};

/* Header flags (JCVM 6.3). */
#define CAP_ACC_INT 0x01u
#define CAP_ACC_EXPORT 0x02u
#define CAP_ACC_APPLET 0x04u
#define CAP_ACC_EXTENDED 0x08u /* CAP 2.3 */

typedef enum cap_status {
    CAP_OK = 0,
    CAP_E_FORMAT,     /* not a well-formed CAP load file: err, err_off */
    CAP_E_LIMIT,      /* more than one of esv's caps above: err, err_off */
    CAP_UNSUPPORTED   /* a CAP format esv does not read (err says which) */
} cap_status;

typedef struct cap_aid {
    uint8_t len;
    uint8_t b[CAP_AID_MAX];
} cap_aid;

typedef struct cap_package {
    uint8_t minor, major;
    cap_aid aid;
} cap_package;

typedef struct cap_applet {
    cap_aid aid;
    uint16_t install_method_offset;
} cap_applet;

typedef struct cap_custom {
    uint8_t tag;
    uint32_t size; /* as the Directory lists it */
    cap_aid aid;
    bool present;  /* the load file holds the component */
} cap_custom;

typedef struct cap_warning {
    size_t off; /* in the load block */
    char text[CAP_TEXT_MAX];
} cap_warning;

typedef struct cap_result {
    cap_status status;
    size_t err_off;          /* from the first byte of the load block */
    char err[CAP_TEXT_MAX];  /* a short reason */
    bool wrapped;            /* in a 'C4' TLV */
    bool have_header;        /* cap_major.., flags read */
    bool have_package;       /* package read */
    uint8_t cap_minor, cap_major, flags;
    cap_package package;
    char package_name[CAP_NAME_MAX + 1]; /* as read (not escaped), cut */
    size_t n_components;
    cap_applet applets[CAP_MAX_APPLETS];
    size_t n_applets;
    cap_package imports[CAP_MAX_IMPORTS];
    size_t n_imports;
    cap_custom custom[CAP_MAX_CUSTOM];
    size_t n_custom;
    cap_warning warnings[CAP_MAX_WARNINGS];
    size_t n_warnings, warnings_dropped;
} cap_result;

/* Reads len bytes of a load block into *out (always filled: on an error,
 * with what was read before it). */
void cap_parse(const uint8_t *data, size_t len, cap_result *out);

/* What an imported package is, by its AID. */
typedef enum cap_class {
    CAP_CLASS_PROPRIETARY = 0,
    CAP_CLASS_JC_CORE,     /* Java Card framework / lang */
    CAP_CLASS_JC_CRYPTO,   /* javacard.security / javacardx.crypto */
    CAP_CLASS_JC_OTHER,    /* another package under the Java Card RID */
    CAP_CLASS_TOOLKIT,     /* UICC / SIM / USIM API (ETSI, 3GPP) */
    CAP_CLASS_GP           /* GlobalPlatform */
} cap_class;

/* The class of a package AID, and its package name when the AID is one
 * the table knows (else *name is NULL). */
cap_class cap_classify(const cap_aid *aid, const char **name);
const char *cap_class_name(cap_class c);

/* The summary PROF-139 and esv show give: package, version, applets and
 * imports with their class, as one line of text (no newline). */
void cap_summary_text(esv_buf *b, const cap_result *r);
/* The same as a JSON object. */
void cap_summary_json(esv_buf *b, const cap_result *r);

#endif
