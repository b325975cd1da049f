/*
 * constraints.h - every subtype constraint of the schema (SIZE, value
 * range, alphabet) checked on a value decoded by the asn1c 0.9.28 runtime,
 * with the field path of each value outside one.
 *
 * asn1c's BER decoder accepts any size and any value the C type can hold;
 * the constraints are only checked when someone asks, and the runtime's
 * own checker (asn_check_constraints) cannot be used as it is: see
 * constraints.c for why and for what is checked instead.
 *
 * Important caveats:
 *  - The caller has called esv_asn1_ready (lib/asn1/saip.h): the generated
 *    checkers some nodes are given to rewrite their own descriptor on first
 *    use, like the decoders.
 *  - Only values the asn1c decoder produced from DER that passed the strict
 *    DER reader: the generated checkers trust the value's C invariants
 *    (buf holds size bytes, a list holds count items).
 *  - An extensible constraint ("(0..3, ...)") is not checked: the extension
 *    marker lets a value outside the root through.
 */
#ifndef ESV_ASN1_CONSTRAINTS_H
#define ESV_ASN1_CONSTRAINTS_H

/* A system header first: asn_system.h defines _BSD_SOURCE, which glibc's
 * features.h warns about when it is read after it. */
#include <stdint.h>

#include "asn_application.h"

/* Room for a field path ("genericFileManagement/fileManagementCMD[3][12]/
 * createFCP/fileID"); a longer one is cut and ends in "...". */
#define ESV_ASN_PATH_MAX 256

/*
 * Called once per node outside a constraint, in walk order (depth first,
 * schema order). path: the node's field path, '/' between member names and
 * [i] for SEQUENCE OF items, e.g. "header/iccid" or
 * "securityDomain/keyList[0]/keyIdentifier"; what: the constraint and the
 * value, e.g. "SIZE (10) but 9 octets". Both are valid during the call
 * only. Returns 0 to go on, non-zero to stop the check.
 */
typedef int (*esv_asn_violation_fn)(void *opaque, const char *path, const char *what);

/*
 * Checks every node of value (of type td) against the constraints of its
 * member and of its type. The root itself adds no path segment: for the
 * ProfileElement CHOICE, paths start with the alternative's name.
 * Returns 0 (whatever was found), the first non-zero result of
 * on_violation, or -1 for a NULL argument. When headers is not NULL it
 * gets, after a complete walk (0 otherwise), the number of TLV headers
 * the value's DER encoding holds: asn1c's DER encoder writes exactly these,
 * so a decoded value with fewer than its input had TLVs lost components
 * on the way (decode.c: PROF-127).
 */
int esv_asn_check_constraints(const asn_TYPE_descriptor_t *td, const void *value,
                              esv_asn_violation_fn on_violation, void *opaque, size_t *headers);

#endif
