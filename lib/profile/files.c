/*
 * files.c - file definitions: every File of every template element
 * (TCA SAIP 8.3: File ::= SEQUENCE OF CHOICE {doNotCreate, fileDescriptor,
 * fillFileOffset, fillFileContent}) and every createFCP / fill step of
 * PE-GenericFileManagement, against the FCP coding of ETSI TS 102 221
 * 11.1.1.4 and the creation rules of TCA SAIP 8.3.
 *
 * The template files are found generically (tpl.h), named
 * "<element>/<member>" ("usim/ef-imsi").
 * An Fcp only overrides what it gives; what it leaves out comes from the
 * template, which esv does not invent: a check needing a value the Fcp
 * does not carry is skipped.
 */
#include "checks.h"
#include "tpl.h"

#include <stdio.h>
#include <string.h>

enum fkind { FK_UNKNOWN, FK_DF, FK_TRANSPARENT, FK_RECORD, FK_BERTLV, FK_BAD };

typedef struct fcp_info {
    enum fkind kind;
    size_t rec_len;   /* record EFs with a valid descriptor */
    bool has_size;    /* efFileSize given (and non-empty) */
    size_t size;
} fcp_info;

/* An OCTET STRING as a big-endian number (saturating). */
static size_t be_size(const OCTET_STRING_t *os)
{
    size_t v = 0, i;
    for (i = 0; i < (size_t)os->size; i++) {
        if (v > (SIZE_MAX >> 8))
            return SIZE_MAX;
        v = (v << 8) | os->buf[i];
    }
    return v;
}

/* ETSI TS 102 221 11.1.1.4.3 table 11.5: file descriptor byte. b8 = 0, b7
 * shareable; b6..b4 000 working EF, 001 internal EF, 111 DF/ADF or
 * BER-TLV EF; for EFs b3..b1 001 transparent, 010 linear fixed, 110
 * cyclic; under 111, b3..b1 000 DF/ADF, 001 BER-TLV. */
static enum fkind descriptor_kind(uint8_t fdb)
{
    unsigned type = (fdb >> 3) & 7u, st = fdb & 7u;
    if (fdb & 0x80)
        return FK_BAD;
    if (type == 7)
        return st == 0 ? FK_DF : st == 1 ? FK_BERTLV : FK_BAD;
    if (type != 0 && type != 1)
        return FK_BAD;
    switch (st) {
    case 1: return FK_TRANSPARENT;
    case 2:
    case 6: return FK_RECORD;
    default: return FK_BAD;
    }
}

static const char *kind_name(enum fkind k)
{
    switch (k) {
    case FK_DF: return "DF/ADF";
    case FK_TRANSPARENT: return "transparent EF";
    case FK_RECORD: return "record EF";
    case FK_BERTLV: return "BER-TLV EF";
    default: return "file";
    }
}

/* A finding's field path ("usim/ef-imsi",
 * "genericFileManagement/fileManagementCMD[0][3]/createFCP"), formatted
 * only when a finding is added: most files have none, and formatting a
 * path for each of them was a tenth of a verification. */
typedef struct fpath {
    const char *pe, *member; /* a template file: element and member names */
    const char *item;        /* a GFM item: its kind ("createFCP", ...) */
    int i, j;                /* and its command and position */
    bool made;
    char buf[96];
} fpath;

static const char *fp_str(fpath *p)
{
    if (!p->made) {
        if (p->item != NULL)
            snprintf(p->buf, sizeof(p->buf), "genericFileManagement/fileManagementCMD[%d][%d]/%s", p->i, p->j,
                     p->item);
        else
            snprintf(p->buf, sizeof(p->buf), "%s/%s", p->pe, p->member);
        p->made = true;
    }
    return p->buf;
}

static fpath fp_file(const char *pe, const char *member)
{
    fpath p;
    p.pe = pe;
    p.member = member;
    p.item = NULL;
    p.i = p.j = 0;
    p.made = false;
    return p;
}

static fpath fp_gfm(int i, int j, const char *item)
{
    fpath p;
    p.pe = p.member = NULL;
    p.item = item;
    p.i = i;
    p.j = j;
    p.made = false;
    return p;
}

/* How a template names a file (the templates' member names: "mf",
 * "df-...", "adf-..." are directories, "ef-..." elementary files;
 * FN_OTHER another name). FN_GFM: a generic file management createFCP,
 * whose kind comes from its own parameters. */
enum fname { FN_OTHER, FN_GFM, FN_MF, FN_DF, FN_ADF, FN_EF };

static bool fname_dir(enum fname n)
{
    return n == FN_MF || n == FN_DF || n == FN_ADF;
}

static const char *fname_what(enum fname n)
{
    return n == FN_MF ? "the MF" : n == FN_DF ? "a DF" : n == FN_ADF ? "an ADF" : "an EF";
}

/* A BER-TLV EF (TS 102 221 table 11.5 descriptor '39'/'79'; TS 102 222
 * table 5: maximumFileSize is given for BER-TLV EFs only). */
static bool fcp_bertlv(const Fcp_t *fcp, enum fkind kind)
{
    return kind == FK_BERTLV || (fcp->proprietaryEFInfo != NULL && fcp->proprietaryEFInfo->maximumFileSize != NULL);
}

/* Parameters an FCP must not carry for the kind of file its template
 * member names (TCA SAIP v3.4.1 8.3.3, the "F" cells of the parameter
 * table; v3.3.1 8.3.2): an EF has no pinStatusTemplateDO or dfName; the
 * MF and a DF no shortEFID, efFileSize, proprietaryEFInfo or dfName; an
 * ADF no shortEFID, efFileSize or proprietaryEFInfo. A one-byte shortEFID
 * on a directory is PROF-049's (an SFI given for a DF); the empty one
 * ("no SFI") is reported here. */
static esv_status check_forbidden(const esv_pe *e, fpath *path, const Fcp_t *fcp, enum fname name,
                                  esv_report *r)
{
    const char *bad[4];
    size_t n = 0;
    if (name == FN_EF) {
        if (fcp->pinStatusTemplateDO != NULL)
            bad[n++] = "pinStatusTemplateDO";
        if (fcp->dfName != NULL)
            bad[n++] = "dfName";
    } else if (fname_dir(name)) {
        if (fcp->shortEFID != NULL && fcp->shortEFID->size == 0)
            bad[n++] = "shortEFID";
        if (fcp->efFileSize != NULL)
            bad[n++] = "efFileSize";
        if (fcp->proprietaryEFInfo != NULL)
            bad[n++] = "proprietaryEFInfo";
        if (fcp->dfName != NULL && name != FN_ADF)
            bad[n++] = "dfName";
    }
    if (n > 0)
        PROF_FIND(r, ESV_R_PROF_160, e, fp_str(path), "the FCP of %s carries %s%s%s%s%s%s%s", fname_what(name), bad[0],
                  n > 1 ? ", " : "", n > 1 ? bad[1] : "", n > 2 ? ", " : "", n > 2 ? bad[2] : "",
                  n > 3 ? ", " : "", n > 3 ? bad[3] : "");
    return ESV_OK;
}

/* TCA SAIP v3.4.1 8.3.5 (v3.3.1 8.4), creating a file with generic file
 * management: the createFCP is the whole FCP (no template to default
 * from), so fileID, securityAttributesReferenced and fileDescriptor are
 * there; an ADF (dfName) has its pinStatusTemplateDO and none of
 * efFileSize, shortEFID, proprietaryEFInfo, linkPath; a link (linkPath)
 * none of dfName, efFileSize, pinStatusTemplateDO; an EF (efFileSize)
 * neither dfName nor pinStatusTemplateDO. */
static esv_status check_create(const esv_pe *e, fpath *path, const Fcp_t *fcp, esv_report *r)
{
    const char *miss[3], *bad[4];
    size_t nm = 0, nb = 0;
    const char *what = NULL;
    if (fcp->fileID == NULL)
        miss[nm++] = "fileID";
    if (fcp->securityAttributesReferenced == NULL)
        miss[nm++] = "securityAttributesReferenced";
    if (fcp->fileDescriptor == NULL)
        miss[nm++] = "fileDescriptor";
    if (fcp->dfName != NULL) {
        what = "an ADF (dfName)";
        if (fcp->pinStatusTemplateDO == NULL && nm < 3)
            miss[nm++] = "pinStatusTemplateDO";
        if (fcp->efFileSize != NULL)
            bad[nb++] = "efFileSize";
        if (fcp->shortEFID != NULL)
            bad[nb++] = "shortEFID";
        if (fcp->proprietaryEFInfo != NULL)
            bad[nb++] = "proprietaryEFInfo";
        if (fcp->linkPath != NULL)
            bad[nb++] = "linkPath";
    } else if (fcp->linkPath != NULL) {
        what = "a link (linkPath)";
        if (fcp->efFileSize != NULL)
            bad[nb++] = "efFileSize";
        if (fcp->pinStatusTemplateDO != NULL)
            bad[nb++] = "pinStatusTemplateDO";
    } else if (fcp->efFileSize != NULL) {
        what = "an EF (efFileSize)";
        if (fcp->pinStatusTemplateDO != NULL)
            bad[nb++] = "pinStatusTemplateDO";
    }
    if (nm > 0)
        PROF_FIND(r, ESV_R_PROF_162, e, fp_str(path), "createFCP%s%s without %s%s%s%s%s", what ? " of " : "",
                  what ? what : "", miss[0], nm > 1 ? ", " : "", nm > 1 ? miss[1] : "", nm > 2 ? ", " : "",
                  nm > 2 ? miss[2] : "");
    if (nb > 0)
        PROF_FIND(r, ESV_R_PROF_162, e, fp_str(path), "createFCP of %s carries %s%s%s%s%s%s%s", what, bad[0],
                  nb > 1 ? ", " : "", nb > 1 ? bad[1] : "", nb > 2 ? ", " : "", nb > 2 ? bad[2] : "",
                  nb > 3 ? ", " : "", nb > 3 ? bad[3] : "");
    return ESV_OK;
}

/* ETSI TS 102 222 table 5 (proprietary information) and TS 102 221
 * 11.1.1.4.7.2, as SAIP carries them (8.3.3, the Fcp and ProprietaryInfo
 * comments of the module): at most one of fillPattern / repeatPattern;
 * specialFileInformation b6..b1 RFU (zero); securityAttributesReferenced
 * is the EF.ARR file ID with a record number (3 bytes) or the record
 * number alone (1 byte); an ADF is no link; a link has no size of its own
 * (efFileSize, maximumFileSize). Sizes are minimal big-endian numbers: a
 * leading '00' octet is a warning (PROF-166). */
static esv_status check_params(const esv_pe *e, fpath *path, const Fcp_t *fcp, enum fname name,
                               esv_report *r)
{
    const ProprietaryInfo_t *pi = fcp->proprietaryEFInfo;
    if (pi != NULL && pi->fillPattern != NULL && pi->repeatPattern != NULL)
        PROF_FIND(r, ESV_R_PROF_165, e, fp_str(path), "proprietaryEFInfo has both a fillPattern and a repeatPattern");
    if (pi != NULL && pi->specialFileInformation != NULL && pi->specialFileInformation->size == 1 &&
        (pi->specialFileInformation->buf[0] & 0x3F) != 0)
        PROF_FIND(r, ESV_R_PROF_165, e, fp_str(path),
                  "specialFileInformation '%02X' sets RFU bits b6..b1 (only b8 high update activity and b7 "
                  "readable/updatable when deactivated are defined)",
                  pi->specialFileInformation->buf[0]);
    if (fcp->securityAttributesReferenced != NULL && fcp->securityAttributesReferenced->size == 2)
        PROF_FIND(r, ESV_R_PROF_165, e, fp_str(path),
                  "securityAttributesReferenced '%02X%02X' is 2 bytes: the EF.ARR file ID with a record number "
                  "(3 bytes) or a record number alone (1 byte)",
                  fcp->securityAttributesReferenced->buf[0], fcp->securityAttributesReferenced->buf[1]);
    /* An ADF that is a link: for a createFCP, PROF-162 says so (with the
     * rest of what an ADF may not carry); a link's efFileSize likewise. */
    if (fcp->linkPath != NULL && name == FN_ADF)
        PROF_FIND(r, ESV_R_PROF_165, e, fp_str(path), "an ADF with a linkPath: an ADF cannot be a link");
    else if (fcp->linkPath != NULL && fcp->dfName == NULL &&
             ((name != FN_GFM && fcp->efFileSize != NULL) || (pi != NULL && pi->maximumFileSize != NULL)))
        PROF_FIND(r, ESV_R_PROF_165, e, fp_str(path), "a link (linkPath) with its own %s; a link has the target's",
                  name != FN_GFM && fcp->efFileSize != NULL ? "efFileSize" : "maximumFileSize");
    if (fcp->efFileSize != NULL && fcp->efFileSize->size > 1 && fcp->efFileSize->buf[0] == 0)
        PROF_FIND(r, ESV_R_PROF_166, e, fp_str(path), "efFileSize has a leading '00' octet (%d bytes)", fcp->efFileSize->size);
    if (pi != NULL && pi->maximumFileSize != NULL && pi->maximumFileSize->size > 1 && pi->maximumFileSize->buf[0] == 0)
        PROF_FIND(r, ESV_R_PROF_166, e, fp_str(path), "maximumFileSize has a leading '00' octet (%d bytes)",
                  pi->maximumFileSize->size);
    return ESV_OK;
}

/* Checks one Fcp (a File's fileDescriptor or a createFCP) and returns what
 * it says about the file in *fi. name: what the template member says the
 * file is, used when the Fcp leaves the descriptor to the template. */
static esv_status check_fcp(const esv_pe *e, fpath *path, const Fcp_t *fcp, enum fname name,
                            fcp_info *fi, esv_report *r)
{
    bool is_mf = name == FN_MF;
    memset(fi, 0, sizeof(*fi));
    if (fcp->fileDescriptor == NULL && fname_dir(name))
        fi->kind = FK_DF;

    /* TS 102 221 11.1.1.4.3: descriptor byte, data coding byte '21', and
     * the record length (bytes 3-4, '0001'..'00FF') for record EFs only.
     * Outside the schema's SIZE (2..4) (DER-023) nothing is read: d[2]
     * and d[3] only when n is 4. */
    if (fcp->fileDescriptor != NULL && fcp->fileDescriptor->size >= 2) {
        const uint8_t *d = fcp->fileDescriptor->buf;
        size_t n = (size_t)fcp->fileDescriptor->size;
        fi->kind = descriptor_kind(d[0]);
        if (fi->kind == FK_BAD)
            PROF_FIND(r, ESV_R_PROF_046, e, fp_str(path),
                      "file descriptor byte '%02X' is not a TS 102 221 value (DF/ADF '38'/'78', transparent "
                      "'41', linear fixed '42', cyclic '46', BER-TLV '39'/'79', +internal EF)",
                      d[0]);
        else if (d[1] != 0x21)
            PROF_FIND(r, ESV_R_PROF_046, e, fp_str(path),
                      "data coding byte '%02X' in file descriptor '%02X%02X'; '21' expected", d[1], d[0], d[1]);
        else if (fi->kind == FK_RECORD && n != 4)
            PROF_FIND(r, ESV_R_PROF_046, e, fp_str(path),
                      "%s (descriptor '%02X') without the 2-byte record length (descriptor is %zu bytes)",
                      d[0] & 4 ? "cyclic EF" : "linear fixed EF", d[0], n);
        else if (fi->kind != FK_RECORD && n != 2)
            PROF_FIND(r, ESV_R_PROF_046, e, fp_str(path),
                      "%s (descriptor '%02X') with %zu descriptor bytes; a record length is only for record EFs",
                      kind_name(fi->kind), d[0], n);
        else if (fi->kind == FK_RECORD) {
            fi->rec_len = ((size_t)d[2] << 8) | d[3];
            if (fi->rec_len == 0 || fi->rec_len > 255) {
                PROF_FIND(r, ESV_R_PROF_046, e, fp_str(path), "record length %zu; 1..255 expected", fi->rec_len);
                fi->rec_len = 0;
            }
        }
    }

    /* TS 102 221 table 11.5 against the template member: "mf", "df-*"
     * and "adf-*" are directories ('38'/'78'), "ef-*" elementary files
     * (BER-TLV '39'/'79' included). */
    if (fcp->fileDescriptor != NULL && fcp->fileDescriptor->size >= 2 && fi->kind != FK_BAD &&
        (fname_dir(name) || name == FN_EF) && (fname_dir(name) != (fi->kind == FK_DF)))
        PROF_FIND(r, ESV_R_PROF_167, e, fp_str(path), "file descriptor '%02X' (%s) for %s", fcp->fileDescriptor->buf[0],
                  kind_name(fi->kind), fname_what(name));
    if (name != FN_GFM)
        ESV_GUARD(check_forbidden(e, path, fcp, name, r));
    else
        ESV_GUARD(check_create(e, path, fcp, r));
    ESV_GUARD(check_params(e, path, fcp, name, r));

    /* TS 102 221 8.2, 8.4.1 and ISO/IEC 7816-4: '3F00' is the MF's,
     * '7FFF' names the current ADF, '3FFF' and 'FFFF' are reserved. A
     * fileID of another size than SIZE (2) is DER-023. */
    if (fcp->fileID != NULL && fcp->fileID->size == 2) {
        unsigned fid = ((unsigned)fcp->fileID->buf[0] << 8) | fcp->fileID->buf[1];
        if (is_mf && fid != 0x3F00)
            PROF_FIND(r, ESV_R_PROF_048, e, fp_str(path), "the MF has file ID '%04X'; it must be '3F00'", fid);
        else if (!is_mf && (fid == 0x3F00 || fid == 0x3FFF || fid == 0x7FFF || fid == 0xFFFF))
            PROF_FIND(r, ESV_R_PROF_048, e, fp_str(path), "file ID '%04X' is reserved (%s)", fid,
                      fid == 0x3F00   ? "the MF's"
                      : fid == 0x7FFF ? "the current ADF"
                      : fid == 0x3FFF ? "path selection"
                                      : "reserved for future use");
    }

    /* TS 102 221 11.1.1.4.8: the SFI is in b8..b4 (1..30), b3..b1 zero;
     * empty means no SFI. DFs have none. Above SIZE (0..1): DER-023. */
    if (fcp->shortEFID != NULL && fcp->shortEFID->size == 1) {
        unsigned v = fcp->shortEFID->buf[0];
        if ((v & 7u) != 0 || (v >> 3) < 1 || (v >> 3) > 30)
            PROF_FIND(r, ESV_R_PROF_049, e, fp_str(path),
                      "shortEFID '%02X' is not an SFI 1..30 in bits b8..b4 with b3..b1 zero", v);
        else if (fi->kind == FK_DF)
            PROF_FIND(r, ESV_R_PROF_049, e, fp_str(path), "shortEFID '%02X' (SFI %u) given for a DF/ADF", v, v >> 3);
    }

    /* TS 102 221 11.1.1.4.9: operational state '05'/'07' activated,
     * '04'/'06' deactivated; creation, initialisation, termination and
     * proprietary values are not states a profile creates files in.
     * Another size than SIZE (1): DER-023. */
    if (fcp->lcsi != NULL && fcp->lcsi->size == 1) {
        unsigned v = fcp->lcsi->buf[0];
        if (v < 0x04 || v > 0x07)
            PROF_FIND(r, ESV_R_PROF_050, e, fp_str(path),
                      "lcsi '%02X' is not an operational state ('05' activated, '04' deactivated)%s", v,
                      v == 0x00   ? ": no information given"
                      : v == 0x01 ? ": creation state"
                      : v == 0x03 ? ": initialisation state"
                      : (v >= 0x0C && v <= 0x0F) ? ": termination state"
                                                 : "");
    }

    if (fcp->efFileSize != NULL) {
        size_t size = be_size(fcp->efFileSize);
        if (size == 0 && fi->kind != FK_DF && fi->kind != FK_BAD)
            PROF_FIND(r, ESV_R_PROF_051, e, fp_str(path), "efFileSize is zero (%d byte(s) of value): an EF of no bytes",
                      fcp->efFileSize->size);
        else if (size > 0) {
            fi->has_size = true;
            fi->size = size;
        }
    }

    /* TS 102 221 11.1.1.4.3, 8.2 (record numbers '01'..'FE'): a record
     * EF is a whole number of records, at most 254. */
    if (fi->kind == FK_RECORD && fi->rec_len > 0 && fi->has_size) {
        if (fi->size % fi->rec_len != 0)
            PROF_FIND(r, ESV_R_PROF_047, e, fp_str(path),
                      "efFileSize %zu is not a multiple of the record length %zu", fi->size, fi->rec_len);
        else if (fi->size / fi->rec_len > 254)
            PROF_FIND(r, ESV_R_PROF_047, e, fp_str(path), "efFileSize %zu gives %zu records of %zu bytes; at most 254",
                      fi->size, fi->size / fi->rec_len, fi->rec_len);
    }
    return ESV_OK;
}

/* The write pointer of the fill steps against the size the Fcp gave
 * (TCA SAIP 8.3: offsets move it forward, content is written at it). */
typedef struct fill_state {
    bool bounded;   /* a size to check against */
    size_t size, pos;
    bool reported;
} fill_state;

static void fill_start(fill_state *fs, const fcp_info *fi)
{
    fs->bounded = fi->has_size && (fi->kind == FK_TRANSPARENT || fi->kind == FK_RECORD ||
                                   fi->kind == FK_UNKNOWN);
    fs->size = fi->size;
    fs->pos = 0;
    fs->reported = false;
}

static esv_status fill_step(const esv_pe *e, fpath *path, fill_state *fs, bool offset, size_t n,
                            esv_report *r)
{
    size_t from = fs->pos;
    fs->pos = n > SIZE_MAX - fs->pos ? SIZE_MAX : fs->pos + n;
    if (!fs->bounded || fs->reported || fs->pos <= fs->size)
        return ESV_OK;
    fs->reported = true;
    if (offset)
        PROF_FIND(r, ESV_R_PROF_045, e, fp_str(path),
                  "fillFileOffset %zu moves the write pointer from %zu to %zu, beyond efFileSize %zu", n, from,
                  fs->pos, fs->size);
    else
        PROF_FIND(r, ESV_R_PROF_045, e, fp_str(path),
                  "fillFileContent of %zu bytes at offset %zu ends at %zu, beyond efFileSize %zu", n, from,
                  fs->pos, fs->size);
    return ESV_OK;
}

/* The content of a BER-TLV EF, fed chunk by chunk (its fillFileContent
 * steps): a list of BER-TLV data objects (ETSI TS 102 221 11.3, TS 102
 * 222 6.3 table 4a), each with a tag of up to 3 bytes (not '00' or
 * 'FF', which are padding and no tag) and a definite length of up to 3
 * bytes after '81'/'82'/'83'. */
typedef struct tlv_stream {
    enum { TS_TAG, TS_TAG_MORE, TS_LEN, TS_LEN_MORE, TS_VALUE, TS_BAD } st;
    unsigned n;        /* tag bytes so far / length bytes still to come */
    size_t val;        /* value bytes still to come */
    size_t pos;        /* bytes consumed */
    size_t bad_at;     /* where TS_BAD was entered */
    const char *why;
} tlv_stream;

static void tlv_bad(tlv_stream *t, const char *why)
{
    t->st = TS_BAD;
    t->bad_at = t->pos;
    t->why = why;
}

static void tlv_feed(tlv_stream *t, const uint8_t *b, size_t n)
{
    size_t i;
    for (i = 0; i < n && t->st != TS_BAD; i++, t->pos++) {
        uint8_t c = b[i];
        switch (t->st) {
        case TS_TAG:
            if (c == 0x00 || c == 0xFF)
                tlv_bad(t, "a tag byte '00' or 'FF'");
            else if ((c & 0x1F) == 0x1F)
                t->st = TS_TAG_MORE, t->n = 1;
            else
                t->st = TS_LEN;
            break;
        case TS_TAG_MORE:
            if (++t->n > 3)
                tlv_bad(t, "a tag longer than 3 bytes");
            else if (!(c & 0x80))
                t->st = TS_LEN;
            break;
        case TS_LEN:
            t->val = 0;
            if (c < 0x80)
                t->val = c, t->st = c ? TS_VALUE : TS_TAG;
            else if (c >= 0x81 && c <= 0x83)
                t->n = c & 3u, t->st = TS_LEN_MORE;
            else
                tlv_bad(t, "a length byte other than '00'..'7F', '81', '82', '83'");
            break;
        case TS_LEN_MORE:
            t->val = (t->val << 8) | c;
            if (--t->n == 0)
                t->st = t->val ? TS_VALUE : TS_TAG;
            break;
        case TS_VALUE: {
            size_t take = n - i < t->val ? n - i : t->val;
            t->val -= take;
            t->pos += take - 1;
            i += take - 1;
            if (t->val == 0)
                t->st = TS_TAG;
            break;
        }
        default:
            break;
        }
    }
}

/* What the fill steps of one file must respect, from its FCP: a BER-TLV
 * EF is filled with fillFileContent only, its content a complete list of
 * data objects (TCA SAIP v3.4.1 8.3.2; ETSI TS 102 222 table 4a: no fill
 * or repeat pattern for BER-TLV EFs): PROF-163; a link has no content
 * of its own: PROF-165. */
typedef struct content_state {
    bool bertlv, link, off_reported, link_reported;
    tlv_stream ts;
} content_state;

static esv_status content_start(content_state *cs, const esv_pe *e, fpath *path, const Fcp_t *fcp,
                                enum fkind kind, esv_report *r)
{
    memset(cs, 0, sizeof(*cs));
    if (fcp == NULL)
        return ESV_OK;
    cs->bertlv = fcp_bertlv(fcp, kind);
    cs->link = fcp->linkPath != NULL;
    if (cs->bertlv && fcp->proprietaryEFInfo != NULL &&
        (fcp->proprietaryEFInfo->fillPattern != NULL || fcp->proprietaryEFInfo->repeatPattern != NULL))
        PROF_FIND(r, ESV_R_PROF_163, e, fp_str(path), "a BER-TLV EF with a %s",
                  fcp->proprietaryEFInfo->fillPattern != NULL ? "fillPattern" : "repeatPattern");
    return ESV_OK;
}

/* One fill step (item i): an offset when os is NULL. */
static esv_status content_step(content_state *cs, const esv_pe *e, fpath *path, int i,
                               const OCTET_STRING_t *os, esv_report *r)
{
    if (cs->link && !cs->link_reported) {
        cs->link_reported = true;
        PROF_FIND(r, ESV_R_PROF_165, e, fp_str(path), "a link (linkPath) with content of its own (item %d)", i);
    }
    if (cs->bertlv && os == NULL && !cs->off_reported) {
        cs->off_reported = true;
        PROF_FIND(r, ESV_R_PROF_163, e, fp_str(path),
                  "a BER-TLV EF filled with fillFileOffset (item %d): its content is data objects, written with "
                  "fillFileContent only",
                  i);
    }
    if (cs->bertlv && os != NULL)
        tlv_feed(&cs->ts, os->buf, (size_t)os->size);
    return ESV_OK;
}

static esv_status content_end(const content_state *cs, const esv_pe *e, fpath *path, esv_report *r)
{
    if (cs->bertlv && cs->ts.st == TS_BAD)
        PROF_FIND(r, ESV_R_PROF_163, e, fp_str(path), "BER-TLV EF content is not a list of data objects: %s at byte %zu",
                  cs->ts.why, cs->ts.bad_at);
    else if (cs->bertlv && cs->ts.st != TS_TAG)
        PROF_FIND(r, ESV_R_PROF_163, e, fp_str(path),
                  "BER-TLV EF content ends inside a data object (%zu bytes; the last one is incomplete)",
                  cs->ts.pos);
    return ESV_OK;
}

/* TCA SAIP 8.3 (File): doNotCreate alone; the fileDescriptor at most once
 * and before any fill step; fills within the file. And, with the FCP the
 * file ends up with:
 *  - a BER-TLV EF is filled with fillFileContent only, its content a
 *    complete list of data objects (TCA SAIP v3.4.1 8.3.2; ETSI TS 102 222
 *    table 4a: no fill or repeat pattern for BER-TLV EFs): PROF-163;
 *  - a link carries no content of its own (PROF-165);
 *  - in a Full package a created directory's FCP supplies what its
 *    template leaves open (v3.4.1 8.3.3 note 4, clause 9 Parameters
 *    column): an ADF its temporary fileID, dfName and
 *    pinStatusTemplateDO, the MF or a DF its pinStatusTemplateDO
 *    (PROF-161);
 *  - doNotCreate skips a file a template creates by default: not for the
 *    MF's own files, and meaningless in the templates that create no file
 *    by default (Annex B: the USIM, ISIM and CSIM "not by default"
 *    templates of PE-OPT-USIM/ISIM/CSIM): PROF-169. */
static esv_status check_file(const esv_pe *e, fpath *path, const File_t *f, enum fname name, bool full,
                             esv_report *r)
{
    fcp_info fi;
    fill_state fs;
    content_state cs;
    size_t n_fcp = 0, n_dnc = 0;
    bool filled = false, order_reported = false;
    const Fcp_t *fcp = NULL;
    int i;

    memset(&fi, 0, sizeof(fi));
    fill_start(&fs, &fi);
    ESV_GUARD(content_start(&cs, e, path, NULL, FK_UNKNOWN, r));
    for (i = 0; i < f->list.count; i++) {
        const struct File__Member *m = f->list.array[i];
        if (m == NULL)
            continue;
        switch (m->present) {
        case File__Member_PR_doNotCreate:
            n_dnc++;
            break;
        case File__Member_PR_fileDescriptor:
            n_fcp++;
            if ((n_fcp > 1 || filled) && !order_reported) {
                order_reported = true;
                if (n_fcp > 1)
                    PROF_FIND(r, ESV_R_PROF_044, e, fp_str(path), "second fileDescriptor (item %d of the file)", i);
                else
                    PROF_FIND(r, ESV_R_PROF_044, e, fp_str(path),
                              "fileDescriptor at item %d comes after a fill step; it must come first", i);
            }
            if (n_fcp == 1) {
                fcp = &m->choice.fileDescriptor;
                ESV_GUARD(check_fcp(e, path, fcp, name, &fi, r));
                fill_start(&fs, &fi);
                fs.pos = 0;
                ESV_GUARD(content_start(&cs, e, path, fcp, fi.kind, r));
            }
            break;
        case File__Member_PR_fillFileOffset:
            filled = true;
            ESV_GUARD(content_step(&cs, e, path, i, NULL, r));
            ESV_GUARD(fill_step(e, path, &fs, true,
                                 m->choice.fillFileOffset > 0 ? (size_t)m->choice.fillFileOffset : 0, r));
            break;
        case File__Member_PR_fillFileContent:
            filled = true;
            ESV_GUARD(content_step(&cs, e, path, i, &m->choice.fillFileContent, r));
            ESV_GUARD(fill_step(e, path, &fs, false, (size_t)m->choice.fillFileContent.size, r));
            break;
        default:
            break;
        }
    }
    if (n_dnc > 0 && f->list.count > 1)
        PROF_FIND(r, ESV_R_PROF_043, e, fp_str(path),
                  "doNotCreate together with %d other item(s); a file not created has no descriptor or content",
                  f->list.count - (int)n_dnc);
    ESV_GUARD(content_end(&cs, e, path, r));
    if (n_dnc > 0 && e->type == ProfileElement_PR_mf)
        PROF_FIND(r, ESV_R_PROF_169, e, fp_str(path), "doNotCreate on a file of the MF template");
    else if (n_dnc > 0 && (e->type == ProfileElement_PR_opt_usim || e->type == ProfileElement_PR_opt_isim ||
                           e->type == ProfileElement_PR_opt_csim))
        PROF_FIND(r, ESV_R_PROF_169, e, fp_str(path),
                  "doNotCreate in %s, whose template creates no file by default (a file it lists is created)",
                  esv_pe_name(e->type));
    if (full && n_dnc == 0 && fname_dir(name)) {
        bool adf = name == FN_ADF;
        bool no_fid = adf && (fcp == NULL || fcp->fileID == NULL);
        bool no_name = adf && (fcp == NULL || fcp->dfName == NULL);
        bool no_pst = fcp == NULL || fcp->pinStatusTemplateDO == NULL;
        if (no_fid || no_name || no_pst)
            PROF_FIND(r, ESV_R_PROF_161, e, fp_str(path), "the FCP of %s %s%s%s%s%s%s", fname_what(name),
                      fcp == NULL ? "is not given: no " : "has no ", no_fid ? "fileID (temporary FID)" : "",
                      no_fid && (no_name || no_pst) ? ", " : "", no_name ? "dfName (AID)" : "",
                      no_name && no_pst ? ", " : "", no_pst ? "pinStatusTemplateDO" : "");
    }
    return ESV_OK;
}

/* Every File member of a template element, from its type descriptor. */
static esv_status check_template(const esv_pe *e, const ProfileElement_t *v, bool full, esv_report *r)
{
    esv_tpl_iter it;
    const char *member;
    const File_t *f;

    esv_tpl_begin(&it, v);
    while (esv_tpl_next(&it, &member, &f)) {
        enum fname name;
        fpath path = fp_file(esv_pe_name(e->type), member);
        name = e->type == ProfileElement_PR_mf && strcmp(member, "mf") == 0 ? FN_MF
               : strncmp(member, "df-", 3) == 0                              ? FN_DF
               : strncmp(member, "adf-", 4) == 0                             ? FN_ADF
               : strncmp(member, "ef-", 3) == 0                              ? FN_EF
                                                                             : FN_OTHER;
        ESV_GUARD(check_file(e, &path, f, name, full, r));
    }
    return ESV_OK;
}

/* TCA SAIP 8.4 (PE-GenericFileManagement): each createFCP is an FCP as in
 * a template; the fill steps after it write into the file it created (a
 * filePath selects a file whose size esv does not know). */
static esv_status check_gfm(const esv_pe *e, const ProfileElement_t *v, esv_report *r)
{
    const PE_GenericFileManagement_t *g = &v->choice.genericFileManagement;
    int i, j;
    for (i = 0; i < g->fileManagementCMD.list.count; i++) {
        const FileManagement_t *fm = g->fileManagementCMD.list.array[i];
        fill_state fs;
        fcp_info none;
        content_state cs;
        fpath path, cpath = fp_gfm(i, 0, "createFCP"); /* cpath: the createFCP the fills write into */
        if (fm == NULL)
            continue;
        memset(&none, 0, sizeof(none));
        fill_start(&fs, &none);
        ESV_GUARD(content_start(&cs, e, NULL, NULL, FK_UNKNOWN, r));
        for (j = 0; j < fm->list.count; j++) {
            const struct FileManagement__Member *m = fm->list.array[j];
            if (m == NULL)
                continue;
            switch (m->present) {
            case FileManagement__Member_PR_filePath:
                ESV_GUARD(content_end(&cs, e, &cpath, r));
                ESV_GUARD(content_start(&cs, e, NULL, NULL, FK_UNKNOWN, r));
                fill_start(&fs, &none);
                break;
            case FileManagement__Member_PR_createFCP: {
                fcp_info fi;
                ESV_GUARD(content_end(&cs, e, &cpath, r));
                cpath = fp_gfm(i, j, "createFCP");
                ESV_GUARD(check_fcp(e, &cpath, &m->choice.createFCP, FN_GFM, &fi, r));
                fill_start(&fs, &fi);
                ESV_GUARD(content_start(&cs, e, &cpath, &m->choice.createFCP, fi.kind, r));
                break;
            }
            case FileManagement__Member_PR_fillFileOffset:
                path = fp_gfm(i, j, "fillFileOffset");
                ESV_GUARD(content_step(&cs, e, &path, j, NULL, r));
                ESV_GUARD(fill_step(e, &path, &fs, true,
                                     m->choice.fillFileOffset > 0 ? (size_t)m->choice.fillFileOffset : 0, r));
                break;
            case FileManagement__Member_PR_fillFileContent:
                path = fp_gfm(i, j, "fillFileContent");
                ESV_GUARD(content_step(&cs, e, &path, j, &m->choice.fillFileContent, r));
                ESV_GUARD(fill_step(e, &path, &fs, false, (size_t)m->choice.fillFileContent.size, r));
                break;
            default:
                break;
            }
        }
        ESV_GUARD(content_end(&cs, e, &cpath, r));
    }
    return ESV_OK;
}

esv_status esv_prof_check_files(const esv_profile *p, esv_report *r)
{
    /* A Full package: no iotOptions in the header and no PE-IoT. */
    bool full = !(p->header != NULL && p->header->iotOptions != NULL) && p->n_of[ProfileElement_PR_iot] == 0;
    size_t i;
    for (i = 0; i < p->count; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        if ((e->type != ProfileElement_PR_genericFileManagement && e->type < ProfileElement_PR_mf) ||
            (v = esv_pe_value(p, e)) == NULL)
            continue;
        if (e->type == ProfileElement_PR_genericFileManagement)
            ESV_GUARD(check_gfm(e, v, r));
        else
            ESV_GUARD(check_template(e, v, full, r));
    }
    ESV_GUARD(esv_prof_check_arr(p, r));
    return esv_prof_check_dirs(p, r);
}
