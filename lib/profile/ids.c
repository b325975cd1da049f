/*
 * ids.c - the subscription identities a profile carries: the ICCID (the
 * ProfileHeader's and EF.ICCID's), EF.IMSI and EF.ACC of every usim and
 * of an IoT Minimal package's PE-IoT.
 *
 * File contents are read from the fillFileContent / fillFileOffset steps
 * of the template file (TCA SAIP 8.3: the write pointer starts at 0, an
 * offset moves it forward, content is written at it). A file without any
 * fillFileContent keeps the template's default content, which esv does not
 * invent: such a file is skipped, except EF.ICCID, which has no meaningful
 * default and must be filled.
 */
#include "checks.h"
#include "tpl.h"
#include "../check/iccid.h"

#include <stdio.h>
#include <string.h>

/* Longest file prefix the identity checks look at (EF.IMSI is 9 bytes). */
#define IMG_CAP 16

typedef struct file_img {
    uint8_t b[IMG_CAP];
    size_t prefix;   /* bytes 0..prefix-1 were all written */
    size_t end;      /* highest written position + 1 (whole file) */
    bool filled;     /* at least one fillFileContent */
    bool not_created;/* doNotCreate */
} file_img;

/* Replays the fill steps of f into img (first IMG_CAP bytes). */
static void file_image(const File_t *f, file_img *img)
{
    bool mask[IMG_CAP] = {false};
    size_t pos = 0;
    int i;

    memset(img, 0, sizeof(*img));
    if (f == NULL)
        return;
    for (i = 0; i < f->list.count; i++) {
        const struct File__Member *m = f->list.array[i];
        if (m == NULL)
            continue;
        switch (m->present) {
        case File__Member_PR_doNotCreate:
            img->not_created = true;
            break;
        case File__Member_PR_fillFileOffset:
            if (m->choice.fillFileOffset > 0)
                pos += (size_t)m->choice.fillFileOffset;
            break;
        case File__Member_PR_fillFileContent: {
            const OCTET_STRING_t *c = &m->choice.fillFileContent;
            size_t k;
            img->filled = true;
            for (k = 0; k < (size_t)c->size && pos + k < IMG_CAP; k++) {
                img->b[pos + k] = c->buf[k];
                mask[pos + k] = true;
            }
            pos += (size_t)c->size;
            if (pos > img->end)
                img->end = pos;
            break;
        }
        default:
            break;
        }
    }
    while (img->prefix < IMG_CAP && mask[img->prefix])
        img->prefix++;
}

/* ITU-T E.118, ETSI TS 102 221 13.2, TCA SAIP 8.2.1: the header iccid is
 * the ICCID in plain BCD order (first digit in the high nibble), 19 or 20
 * digits, 'F' only as trailing filler, a valid Luhn check digit, and the
 * major industry identifier 89 (telecommunications). */
static esv_status check_header_iccid(const esv_profile *p, esv_report *r)
{
    const ProfileHeader_t *h = p->header;
    const esv_pe *he;
    char txt[2 * 10 + 1];
    size_t digits;

    /* No header: PROF-002. Another size than SIZE (10) is DER-023 on the
     * header (decode.c): the digits of a cut or padded iccid say nothing
     * more, and only 10 octets are read below. */
    if (h == NULL || h->iccid.size != 10)
        return ESV_OK;
    he = &p->pes[p->first_of[ProfileElement_PR_header]];
    esv_bcd_text(h->iccid.buf, 10, false, txt, sizeof(txt));
    if (!esv_iccid_digits(txt, &digits)) {
        PROF_FIND(r, ESV_R_PROF_030, he, "header/iccid",
                  "iccid %s is not BCD digits 0-9 followed only by 'F' fillers (digit %zu)", txt,
                  digits + 1);
        return ESV_OK;
    }
    if (digits != 19 && digits != 20) {
        PROF_FIND(r, ESV_R_PROF_031, he, "header/iccid", "iccid %s has %zu digits; 19 or 20 expected",
                  txt, digits);
        if (digits < 2)
            return ESV_OK;
    }
    if (!esv_luhn_ok(txt, digits))
        PROF_FIND(r, ESV_R_PROF_032, he, "header/iccid",
                  "iccid %.*s: check digit %c does not match the Luhn check of the preceding digits",
                  (int)digits, txt, txt[digits - 1]);
    if (txt[0] != '8' || txt[1] != '9')
        PROF_FIND(r, ESV_R_PROF_033, he, "header/iccid",
                  "iccid %.*s starts with %.2s, not 89 (telecommunication)", (int)digits, txt, txt);
    return ESV_OK;
}

/* ETSI TS 102 221 13.2 and TCA SAIP 8.2.1: EF.ICCID holds the header's
 * ICCID with the nibbles of each byte swapped. */
static esv_status check_ef_iccid(const esv_profile *p, esv_report *r)
{
    const ProfileHeader_t *h = p->header;
    size_t i;
    for (i = 0; i < p->count; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        file_img img;
        uint8_t want[10];
        size_t k;
        if (e->type != ProfileElement_PR_mf || (v = esv_pe_value(p, e)) == NULL)
            continue;
        file_image(&v->choice.mf.ef_iccid, &img);
        if (img.not_created || !img.filled || img.prefix < 10) {
            if (img.not_created)
                PROF_FIND(r, ESV_R_PROF_034, e, "mf/ef-iccid", "EF.ICCID is marked doNotCreate");
            else
                PROF_FIND(r, ESV_R_PROF_034, e, "mf/ef-iccid",
                          "EF.ICCID has no fillFileContent covering its 10 bytes (%zu written from offset 0)",
                          img.prefix);
            continue;
        }
        if (h == NULL || h->iccid.size != 10)
            continue; /* nothing to compare with: PROF-002 or DER-023 */
        for (k = 0; k < 10; k++)
            want[k] = (uint8_t)((h->iccid.buf[k] << 4) | (h->iccid.buf[k] >> 4));
        if (memcmp(want, img.b, 10) != 0) {
            char ef[21], hd[21];
            esv_bcd_text(img.b, 10, true, ef, sizeof(ef));
            esv_bcd_text(h->iccid.buf, 10, false, hd, sizeof(hd));
            PROF_FIND(r, ESV_R_PROF_035, e, "mf/ef-iccid",
                      "EF.ICCID holds ICCID %s; the header's iccid is %s", ef, hd);
        }
    }
    return ESV_OK;
}

/* 3GPP TS 31.102 4.2.2, ITU-T E.212: byte 1 the number of bytes that
 * follow (1..8); byte 2 low nibble the type and parity ('9' IMSI with an
 * odd number of digits, '1' even), high nibble digit 1; then two digits a
 * byte, low nibble first; 'F' only as the last filler; 6..15 digits. The
 * MCC 001 is the E.212 test network. */
static esv_status check_imsi(const esv_pe *e, const File_t *f, const char *path, esv_report *r)
{
    file_img img;
    char digits[16];
    size_t len, slots, nd = 0, s;
    unsigned parity, want;

    file_image(f, &img);
    if (img.not_created || !img.filled || img.prefix < 1)
        return ESV_OK; /* template default content */
    len = img.b[0];
    if (len < 1 || len > 8) {
        PROF_FIND(r, ESV_R_PROF_036, e, path, "EF.IMSI length byte is %zu; 1..8 expected", len);
        return ESV_OK;
    }
    if (img.prefix < 1 + len) {
        PROF_FIND(r, ESV_R_PROF_036, e, path,
                  "EF.IMSI length byte is %zu but the content fills only %zu byte(s) after it", len,
                  img.prefix - 1);
        return ESV_OK;
    }
    slots = 2 * len - 1;
    for (s = 0; s < slots; s++) {
        size_t byte = 1 + (s + 1) / 2;
        unsigned d = (s % 2 == 0) ? img.b[byte] >> 4 : img.b[byte] & 0x0F;
        if (d == 0xF && s == slots - 1 && s > 0)
            break; /* filler after an even number of digits */
        if (d > 9) {
            PROF_FIND(r, ESV_R_PROF_038, e, path,
                      "EF.IMSI digit %zu is '%X': only 0-9 and a final 'F' filler are allowed", s + 1, d);
            return ESV_OK;
        }
        digits[nd++] = (char)('0' + d);
    }
    digits[nd] = '\0';
    parity = img.b[1] & 0x0F;
    want = nd % 2 == 1 ? 0x9 : 0x1;
    if (parity != want)
        PROF_FIND(r, ESV_R_PROF_037, e, path,
                  "EF.IMSI type/parity nibble is '%X'; '%X' expected for %zu digits (IMSI %s)", parity, want,
                  nd, digits);
    if (nd < 6 || nd > 15) {
        PROF_FIND(r, ESV_R_PROF_038, e, path, "EF.IMSI has %zu digits (%s); 6..15 expected", nd, digits);
        return ESV_OK;
    }
    if (memcmp(digits, "001", 3) == 0)
        PROF_FIND(r, ESV_R_PROF_039, e, path,
                  "IMSI %s uses MCC 001, the ITU-T E.212 test network (as in the GSMA TS.48 test profiles)", digits);
    return ESV_OK;
}

/* 3GPP TS 31.102 4.2.15, TS 22.011 4.2: EF.ACC is 2 bytes; byte 2 holds
 * classes 0..7 (b1..b8), byte 1 classes 8, 9 (b1, b2), b3 (class 10) is
 * 0, b4..b8 classes 11..15. A subscriber is in exactly one of the ten
 * classes 0..9; 11..15 are special high-priority classes. */
static esv_status check_acc(const esv_pe *e, const File_t *f, const char *path, esv_report *r)
{
    file_img img;
    unsigned normal, special, n = 0, c;

    file_image(f, &img);
    if (img.not_created || !img.filled)
        return ESV_OK;
    if (img.prefix < 2 && img.end <= 2)
        return ESV_OK; /* partly the template's default content */
    if (img.prefix < 2 || img.end != 2) {
        PROF_FIND(r, ESV_R_PROF_040, e, path,
                  "EF.ACC content covers %zu byte(s) from offset 0 and ends at %zu; it is 2 bytes", img.prefix,
                  img.end);
        return ESV_OK;
    }
    normal = ((img.b[0] & 0x03u) << 8) | img.b[1];
    special = img.b[0] >> 3;
    for (c = 0; c < 10; c++)
        n += (normal >> c) & 1u;
    if (n != 1)
        PROF_FIND(r, ESV_R_PROF_040, e, path,
                  "EF.ACC '%02X%02X' allocates %u of the access classes 0..9; exactly one expected", img.b[0],
                  img.b[1], n);
    if (img.b[0] & 0x04)
        PROF_FIND(r, ESV_R_PROF_041, e, path,
                  "EF.ACC '%02X%02X' sets bit b3 of byte 1 (class 10), which shall be 0", img.b[0], img.b[1]);
    if (special)
        PROF_FIND(r, ESV_R_PROF_042, e, path,
                  "EF.ACC '%02X%02X' allocates special access class(es) 11..15 (mask %02X, class 11 = 01)",
                  img.b[0], img.b[1], special);
    return ESV_OK;
}

/* The efFileSize a File's FCP gives, or -1 (left to the template). */
static long file_size(const File_t *f)
{
    int i;
    for (i = 0; i < f->list.count; i++) {
        const struct File__Member *m = f->list.array[i];
        if (m != NULL && m->present == File__Member_PR_fileDescriptor) {
            const OCTET_STRING_t *os = m->choice.fileDescriptor.efFileSize;
            long v = 0;
            int k;
            if (os == NULL || os->size > 3)
                return -1;
            for (k = 0; k < os->size; k++)
                v = (v << 8) | os->buf[k];
            return v;
        }
    }
    return -1;
}

/* 3GPP TS 31.102 clause 4 (and 4.4.3 for DF GSM-ACCESS): EFs of a fixed
 * size (size > 0) and the PLMN lists of 3-byte entries (size 0). The
 * size a package gives, and the end of the content it writes, against
 * it. */
enum { T_USIM = 1, T_OPT = 2, T_GSM = 4 }; /* PE-USIM/PE-IoT, PE-OPT-USIM/PE-OPT-IoT, PE-GSM-ACCESS */
static const struct usim_ef {
    const char *member;
    unsigned size;
    const char *clause;
    unsigned in; /* the elements whose template has the EF */
} usim_efs[] = {
    {"ef-hpplmn", 1, "4.2.6", T_USIM},          {"ef-threshold", 3, "4.2.24", T_USIM},
    {"ef-start-hfn", 6, "4.2.21", T_USIM},      {"ef-kc", 9, "4.4.3.1", T_GSM},
    {"ef-kcgprs", 9, "4.4.3.2", T_GSM},         {"ef-loci", 11, "4.2.17", T_USIM},
    {"ef-psloci", 14, "4.2.23", T_USIM},        {"ef-spn", 17, "4.2.12", T_USIM | T_OPT},
    {"ef-epsloci", 18, "4.2.91", T_USIM | T_OPT}, {"ef-keys", 33, "4.2.4", T_USIM},
    {"ef-keysPS", 33, "4.2.5", T_USIM},         {"ef-fplmn", 0, "4.2.16", T_USIM},
    {"ef-ehplmn", 0, "4.2.84", T_OPT},
};

/* The USIM EFs of the table above and EF.AD (4.2.18: at least 4 bytes,
 * byte 4 b4..b1 the length of the MNC in the IMSI, 2 or 3), in the
 * elements of the USIM (PE-USIM, PE-OPT-USIM, PE-GSM-ACCESS, an IoT
 * Minimal package's PE-IoT and PE-OPT-IoT). Files left to the template
 * are skipped; paths are formatted only for a finding. */
static esv_status check_usim_efs(const esv_pe *e, const ProfileElement_t *v, esv_report *r)
{
    const char *pe = esv_pe_name(e->type);
    unsigned in = e->type == ProfileElement_PR_usim || e->type == ProfileElement_PR_iot ? T_USIM
                  : e->type == ProfileElement_PR_gsm_access                             ? T_GSM
                                                                                        : T_OPT;
    char path[64];
    size_t i;

    for (i = 0; i < sizeof(usim_efs) / sizeof(usim_efs[0]); i++) {
        const struct usim_ef *u = &usim_efs[i];
        const File_t *f = (u->in & in) ? esv_tpl_file(v, u->member) : NULL;
        file_img img;
        long size;
        if (f == NULL)
            continue;
        file_image(f, &img);
        if (img.not_created)
            continue;
        size = file_size(f);
        if (u->size > 0 && size >= 0 && (unsigned long)size != u->size) {
            snprintf(path, sizeof(path), "%s/%s", pe, u->member);
            PROF_FIND(r, ESV_R_PROF_168, e, path, "efFileSize %ld; TS 31.102 %s gives this EF %u bytes", size,
                      u->clause, u->size);
        } else if (u->size > 0 && size < 0 && img.end > u->size) {
            snprintf(path, sizeof(path), "%s/%s", pe, u->member);
            PROF_FIND(r, ESV_R_PROF_168, e, path, "content written up to byte %zu; TS 31.102 %s gives this EF %u bytes",
                      img.end, u->clause, u->size);
        } else if (u->size == 0 && size >= 0 && size % 3 != 0) {
            snprintf(path, sizeof(path), "%s/%s", pe, u->member);
            PROF_FIND(r, ESV_R_PROF_168, e, path, "efFileSize %ld is not a whole number of 3-byte PLMN entries", size);
        } else if (u->size == 0 && img.filled && img.end % 3 != 0) {
            snprintf(path, sizeof(path), "%s/%s", pe, u->member);
            PROF_FIND(r, ESV_R_PROF_168, e, path,
                      "content ends at byte %zu, inside a 3-byte PLMN entry (TS 31.102 %s)", img.end, u->clause);
        }
    }
    {
        const File_t *f = in == T_USIM ? esv_tpl_file(v, "ef-ad") : NULL;
        file_img img;
        long size;
        if (in == T_USIM && f != NULL) {
            file_image(f, &img);
            size = file_size(f);
            if (!img.not_created && ((size >= 0 && size < 4) ||
                                     (img.prefix >= 4 && (img.b[3] & 0x0F) != 2 && (img.b[3] & 0x0F) != 3)))
                snprintf(path, sizeof(path), "%s/ef-ad", pe);
            if (!img.not_created && size >= 0 && size < 4)
                PROF_FIND(r, ESV_R_PROF_168, e, path,
                          "efFileSize %ld; EF.AD has at least 4 bytes (byte 4: the MNC length, TS 31.102 4.2.18)",
                          size);
            else if (!img.not_created && img.prefix >= 4 && (img.b[3] & 0x0F) != 2 && (img.b[3] & 0x0F) != 3)
                PROF_FIND(r, ESV_R_PROF_168, e, path,
                          "EF.AD byte 4 '%02X' gives an MNC length of %u; 2 or 3 (TS 31.102 4.2.18)", img.b[3],
                          img.b[3] & 0x0Fu);
        }
    }
    return ESV_OK;
}

esv_status esv_prof_check_ids(const esv_profile *p, esv_report *r)
{
    size_t i;
    if (p->count == 0)
        return ESV_OK;
    ESV_GUARD(check_header_iccid(p, r));
    ESV_GUARD(check_ef_iccid(p, r));
    for (i = 0; i < p->count; i++) {
        const esv_pe *e = &p->pes[i];
        const ProfileElement_t *v;
        if ((e->type != ProfileElement_PR_usim && e->type != ProfileElement_PR_iot &&
             e->type != ProfileElement_PR_opt_usim && e->type != ProfileElement_PR_opt_iot &&
             e->type != ProfileElement_PR_gsm_access) ||
            (v = esv_pe_value(p, e)) == NULL)
            continue;
        ESV_GUARD(check_usim_efs(e, v, r));
        if (e->type != ProfileElement_PR_usim && e->type != ProfileElement_PR_iot)
            continue;
        if (e->type == ProfileElement_PR_usim) {
            ESV_GUARD(check_imsi(e, &v->choice.usim.ef_imsi, "usim/ef-imsi", r));
            ESV_GUARD(check_acc(e, &v->choice.usim.ef_acc, "usim/ef-acc", r));
        } else {
            /* TCA SAIP v3.3 PE-IoT: the IoT Minimal package's ADF.USIM */
            ESV_GUARD(check_imsi(e, &v->choice.iot.ef_imsi, "iot/ef-imsi", r));
            ESV_GUARD(check_acc(e, &v->choice.iot.ef_acc, "iot/ef-acc", r));
        }
    }
    return ESV_OK;
}
