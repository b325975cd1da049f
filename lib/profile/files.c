/*
 * files.c - file definitions: every File of every template element
 * (TCA SAIP 8.3: File ::= SEQUENCE OF CHOICE {doNotCreate, fileDescriptor,
 * fillFileOffset, fillFileContent}) and every createFCP / fill step of
 * PE-GenericFileManagement, against the FCP coding of ETSI TS 102 221
 * 11.1.1.4 and the creation rules of TCA SAIP 8.3.
 *
 * The template files are found generically from the generated type
 * descriptors: a member of a template PE's SEQUENCE whose type is File is
 * a file of that template, named "<element>/<member>" ("usim/ef-imsi").
 * An Fcp only overrides what it gives; what it leaves out comes from the
 * template, which esv does not invent: a check needing a value the Fcp
 * does not carry is skipped.
 */
#include "checks.h"

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

/* How a template names a file (the templates' member names: "mf",
 * "df-...", "adf-..." are directories, "ef-..." elementary files). */
enum fname { FN_OTHER, FN_MF, FN_DF };

/* Checks one Fcp (a File's fileDescriptor or a createFCP) and returns what
 * it says about the file in *fi. name: what the template member says the
 * file is, used when the Fcp leaves the descriptor to the template. */
static esv_status check_fcp(const esv_pe *e, const char *path, const Fcp_t *fcp, enum fname name,
                            fcp_info *fi, esv_report *r)
{
    bool is_mf = name == FN_MF;
    memset(fi, 0, sizeof(*fi));
    if (fcp->fileDescriptor == NULL && name != FN_OTHER)
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
            PROF_FIND(r, ESV_R_PROF_046, e, path,
                      "file descriptor byte '%02X' is not a TS 102 221 value (DF/ADF '38'/'78', transparent "
                      "'41', linear fixed '42', cyclic '46', BER-TLV '39'/'79', +internal EF)",
                      d[0]);
        else if (d[1] != 0x21)
            PROF_FIND(r, ESV_R_PROF_046, e, path,
                      "data coding byte '%02X' in file descriptor '%02X%02X'; '21' expected", d[1], d[0], d[1]);
        else if (fi->kind == FK_RECORD && n != 4)
            PROF_FIND(r, ESV_R_PROF_046, e, path,
                      "%s (descriptor '%02X') without the 2-byte record length (descriptor is %zu bytes)",
                      d[0] & 4 ? "cyclic EF" : "linear fixed EF", d[0], n);
        else if (fi->kind != FK_RECORD && n != 2)
            PROF_FIND(r, ESV_R_PROF_046, e, path,
                      "%s (descriptor '%02X') with %zu descriptor bytes; a record length is only for record EFs",
                      kind_name(fi->kind), d[0], n);
        else if (fi->kind == FK_RECORD) {
            fi->rec_len = ((size_t)d[2] << 8) | d[3];
            if (fi->rec_len == 0 || fi->rec_len > 255) {
                PROF_FIND(r, ESV_R_PROF_046, e, path, "record length %zu; 1..255 expected", fi->rec_len);
                fi->rec_len = 0;
            }
        }
    }

    /* TS 102 221 8.2, 8.4.1 and ISO/IEC 7816-4: '3F00' is the MF's,
     * '7FFF' names the current ADF, '3FFF' and 'FFFF' are reserved. A
     * fileID of another size than SIZE (2) is DER-023. */
    if (fcp->fileID != NULL && fcp->fileID->size == 2) {
        unsigned fid = ((unsigned)fcp->fileID->buf[0] << 8) | fcp->fileID->buf[1];
        if (is_mf && fid != 0x3F00)
            PROF_FIND(r, ESV_R_PROF_048, e, path, "the MF has file ID '%04X'; it must be '3F00'", fid);
        else if (!is_mf && (fid == 0x3F00 || fid == 0x3FFF || fid == 0x7FFF || fid == 0xFFFF))
            PROF_FIND(r, ESV_R_PROF_048, e, path, "file ID '%04X' is reserved (%s)", fid,
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
            PROF_FIND(r, ESV_R_PROF_049, e, path,
                      "shortEFID '%02X' is not an SFI 1..30 in bits b8..b4 with b3..b1 zero", v);
        else if (fi->kind == FK_DF)
            PROF_FIND(r, ESV_R_PROF_049, e, path, "shortEFID '%02X' (SFI %u) given for a DF/ADF", v, v >> 3);
    }

    /* TS 102 221 11.1.1.4.9: operational state '05'/'07' activated,
     * '04'/'06' deactivated; creation, initialisation, termination and
     * proprietary values are not states a profile creates files in.
     * Another size than SIZE (1): DER-023. */
    if (fcp->lcsi != NULL && fcp->lcsi->size == 1) {
        unsigned v = fcp->lcsi->buf[0];
        if (v < 0x04 || v > 0x07)
            PROF_FIND(r, ESV_R_PROF_050, e, path,
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
            PROF_FIND(r, ESV_R_PROF_051, e, path, "efFileSize is zero (%d byte(s) of value): an EF of no bytes",
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
            PROF_FIND(r, ESV_R_PROF_047, e, path,
                      "efFileSize %zu is not a multiple of the record length %zu", fi->size, fi->rec_len);
        else if (fi->size / fi->rec_len > 254)
            PROF_FIND(r, ESV_R_PROF_047, e, path, "efFileSize %zu gives %zu records of %zu bytes; at most 254",
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

static esv_status fill_step(const esv_pe *e, const char *path, fill_state *fs, bool offset, size_t n,
                            esv_report *r)
{
    size_t from = fs->pos;
    fs->pos = n > SIZE_MAX - fs->pos ? SIZE_MAX : fs->pos + n;
    if (!fs->bounded || fs->reported || fs->pos <= fs->size)
        return ESV_OK;
    fs->reported = true;
    if (offset)
        PROF_FIND(r, ESV_R_PROF_045, e, path,
                  "fillFileOffset %zu moves the write pointer from %zu to %zu, beyond efFileSize %zu", n, from,
                  fs->pos, fs->size);
    else
        PROF_FIND(r, ESV_R_PROF_045, e, path,
                  "fillFileContent of %zu bytes at offset %zu ends at %zu, beyond efFileSize %zu", n, from,
                  fs->pos, fs->size);
    return ESV_OK;
}

/* TCA SAIP 8.3 (File): doNotCreate alone; the fileDescriptor at most once
 * and before any fill step; fills within the file. */
static esv_status check_file(const esv_pe *e, const char *path, const File_t *f, enum fname name,
                             esv_report *r)
{
    fcp_info fi;
    fill_state fs;
    size_t n_fcp = 0, n_dnc = 0;
    bool filled = false, order_reported = false;
    int i;

    memset(&fi, 0, sizeof(fi));
    fill_start(&fs, &fi);
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
                    PROF_FIND(r, ESV_R_PROF_044, e, path, "second fileDescriptor (item %d of the file)", i);
                else
                    PROF_FIND(r, ESV_R_PROF_044, e, path,
                              "fileDescriptor at item %d comes after a fill step; it must come first", i);
            }
            if (n_fcp == 1) {
                ESV_GUARD(check_fcp(e, path, &m->choice.fileDescriptor, name, &fi, r));
                fill_start(&fs, &fi);
                fs.pos = 0;
            }
            break;
        case File__Member_PR_fillFileOffset:
            filled = true;
            ESV_GUARD(fill_step(e, path, &fs, true,
                                 m->choice.fillFileOffset > 0 ? (size_t)m->choice.fillFileOffset : 0, r));
            break;
        case File__Member_PR_fillFileContent:
            filled = true;
            ESV_GUARD(fill_step(e, path, &fs, false, (size_t)m->choice.fillFileContent.size, r));
            break;
        default:
            break;
        }
    }
    if (n_dnc > 0 && f->list.count > 1)
        PROF_FIND(r, ESV_R_PROF_043, e, path,
                  "doNotCreate together with %d other item(s); a file not created has no descriptor or content",
                  f->list.count - (int)n_dnc);
    return ESV_OK;
}

/* Every File member of a template element, from its type descriptor. */
static esv_status check_template(const esv_pe *e, const ProfileElement_t *v, esv_report *r)
{
    const asn_TYPE_member_t *pm;
    const asn_TYPE_descriptor_t *td;
    const char *base;
    int j;

    if ((int)e->type < 1 || (int)e->type > asn_DEF_ProfileElement.elements_count)
        return ESV_OK;
    pm = &asn_DEF_ProfileElement.elements[e->type - 1];
    td = pm->type;
    base = (const char *)v + pm->memb_offset;
    for (j = 0; j < td->elements_count; j++) {
        const asn_TYPE_member_t *m = &td->elements[j];
        const File_t *f;
        enum fname name;
        char path[96];
        if (m->type != &asn_DEF_File)
            continue;
        if (m->flags & ATF_POINTER)
            f = *(const File_t *const *)(const void *)(base + m->memb_offset);
        else
            f = (const File_t *)(const void *)(base + m->memb_offset);
        if (f == NULL)
            continue;
        snprintf(path, sizeof(path), "%s/%s", esv_pe_name(e->type), m->name);
        name = e->type == ProfileElement_PR_mf && strcmp(m->name, "mf") == 0 ? FN_MF
               : strncmp(m->name, "df-", 3) == 0 || strncmp(m->name, "adf-", 4) == 0 ? FN_DF
                                                                                     : FN_OTHER;
        ESV_GUARD(check_file(e, path, f, name, r));
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
        char path[96];
        if (fm == NULL)
            continue;
        memset(&none, 0, sizeof(none));
        fill_start(&fs, &none);
        for (j = 0; j < fm->list.count; j++) {
            const struct FileManagement__Member *m = fm->list.array[j];
            if (m == NULL)
                continue;
            switch (m->present) {
            case FileManagement__Member_PR_filePath:
                fill_start(&fs, &none);
                break;
            case FileManagement__Member_PR_createFCP: {
                fcp_info fi;
                snprintf(path, sizeof(path), "genericFileManagement/fileManagementCMD[%d][%d]/createFCP", i, j);
                ESV_GUARD(check_fcp(e, path, &m->choice.createFCP, FN_OTHER, &fi, r));
                fill_start(&fs, &fi);
                break;
            }
            case FileManagement__Member_PR_fillFileOffset:
                snprintf(path, sizeof(path), "genericFileManagement/fileManagementCMD[%d][%d]/fillFileOffset", i,
                         j);
                ESV_GUARD(fill_step(e, path, &fs, true,
                                     m->choice.fillFileOffset > 0 ? (size_t)m->choice.fillFileOffset : 0, r));
                break;
            case FileManagement__Member_PR_fillFileContent:
                snprintf(path, sizeof(path), "genericFileManagement/fileManagementCMD[%d][%d]/fillFileContent", i,
                         j);
                ESV_GUARD(fill_step(e, path, &fs, false, (size_t)m->choice.fillFileContent.size, r));
                break;
            default:
                break;
            }
        }
    }
    return ESV_OK;
}

esv_status esv_prof_check_files(const esv_profile *p, esv_report *r)
{
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
            ESV_GUARD(check_template(e, v, r));
    }
    return ESV_OK;
}
