/*
 * decode.c - split a profile package into its elements and decode each.
 *
 * TCA eUICC Profile Package Interoperable Format (v2.3.1 / v3.3.1) 8.1: the
 * package is a sequence of ProfileElement values. Each element passes the
 * strict DER walk first; only then does the generated decoder see it.
 */
#include "model.h"
#include "../check/der_check.h"
#include "../core/context_internal.h"

#include <stdlib.h>
#include <string.h>

const PEHeader_t *esv_pe_header(const ProfileElement_t *pe)
{
    if (pe == NULL)
        return NULL;
    switch (pe->present) {
    case ProfileElement_PR_genericFileManagement: return &pe->choice.genericFileManagement.gfm_header;
    case ProfileElement_PR_pinCodes: return &pe->choice.pinCodes.pin_Header;
    case ProfileElement_PR_pukCodes: return &pe->choice.pukCodes.puk_Header;
    case ProfileElement_PR_akaParameter: return &pe->choice.akaParameter.aka_header;
    case ProfileElement_PR_cdmaParameter: return &pe->choice.cdmaParameter.cdma_header;
    case ProfileElement_PR_securityDomain: return &pe->choice.securityDomain.sd_Header;
    case ProfileElement_PR_rfm: return &pe->choice.rfm.rfm_header;
    case ProfileElement_PR_application: return &pe->choice.application.app_Header;
    case ProfileElement_PR_nonStandard: return &pe->choice.nonStandard.nonStandard_header;
    case ProfileElement_PR_end: return &pe->choice.end.end_header;
    case ProfileElement_PR_mf: return &pe->choice.mf.mf_header;
    case ProfileElement_PR_cd: return &pe->choice.cd.cd_header;
    case ProfileElement_PR_telecom: return &pe->choice.telecom.telecom_header;
    case ProfileElement_PR_usim: return &pe->choice.usim.usim_header;
    case ProfileElement_PR_opt_usim: return &pe->choice.opt_usim.optusim_header;
    case ProfileElement_PR_isim: return &pe->choice.isim.isim_header;
    case ProfileElement_PR_opt_isim: return &pe->choice.opt_isim.optisim_header;
    case ProfileElement_PR_phonebook: return &pe->choice.phonebook.phonebook_header;
    case ProfileElement_PR_gsm_access: return &pe->choice.gsm_access.gsm_access_header;
    case ProfileElement_PR_csim: return &pe->choice.csim.csim_header;
    case ProfileElement_PR_opt_csim: return &pe->choice.opt_csim.optcsim_header;
    case ProfileElement_PR_eap: return &pe->choice.eap.eap_header;
    case ProfileElement_PR_df_5gs: return &pe->choice.df_5gs.df_5gs_header;
    case ProfileElement_PR_df_saip: return &pe->choice.df_saip.df_saip_header;
    case ProfileElement_PR_df_snpn: return &pe->choice.df_snpn.df_snpn_header;
    case ProfileElement_PR_df_5gprose: return &pe->choice.df_5gprose.df_5g_prose_header;
    case ProfileElement_PR_iot: return &pe->choice.iot.iot_header;
    case ProfileElement_PR_opt_iot: return &pe->choice.opt_iot.optiot_header;
    default: return NULL; /* header, rfu1..5, unknown */
    }
}

typedef struct load_state {
    esv_profile *p;
    esv_report *r;
    esv_status st;
    const esv_pe *e; /* the element whose constraints are being checked */
} load_state;

/* TCA SAIP 8.1 (PEDefinitions) and ITU-T X.680 49-51: a value decoded
 * against the schema is also within its subtype constraints. asn1c's
 * decoder does not check them, so a 9-octet iccid decodes; every value
 * outside one is a DER-023 finding on its element, with its path. */
static int on_violation(void *opaque, const char *path, const char *what)
{
    load_state *ls = opaque;
    esv_loc loc = esv_pe_loc(ls->e, path);
    ls->st = esv_report_add(ls->r, ESV_R_DER_023, &loc, "%s: %s", path, what);
    return ls->st != ESV_OK;
}

/* Puts v, the value of element index, into the next scratch slot,
 * freeing the value the slot held. */
static ProfileElement_t *scratch_put(esv_pe_scratch *s, size_t index, ProfileElement_t *v)
{
    size_t k = s->next;
    s->next = (s->next + 1) % s->nslots;
    esv_saip_unload(s->slot[k]);
    s->slot[k] = v;
    s->owner[k] = v != NULL ? index : SIZE_MAX;
    return v;
}

/* Keeps e's value, decoded into the package's arena since mark, resident
 * when the budget allows (the first header always: every check reads it);
 * otherwise the arena gives it back, and a check that reads it decodes it
 * again into a scratch slot. */
static void keep_or_evict(esv_profile *p, esv_pe *e, ProfileElement_t *v, const esv_arena_pos *mark)
{
    size_t cost = esv_arena_used(p->arena) - mark->used;
    bool header = e->type == ProfileElement_PR_header && p->header == NULL;
    if (header || (cost <= p->budget && p->resident <= p->budget - cost)) {
        e->pe = v;
        p->resident += cost;
        if (header)
            p->header = &v->choice.header;
        return;
    }
    esv_arena_rewind(p->arena, mark); /* zeroes it: secrets too */
    p->evicted++;
}

static int on_value(void *opaque, const esv_der_value *v)
{
    load_state *ls = opaque;
    esv_profile *p = ls->p;
    esv_pe *e;
    ProfileElement_t *val = NULL;
    const PEHeader_t *h;
    size_t fail_off = 0;
    esv_arena_pos mark;
    esv_asn_shape sh;
    int drc;

    if (p->count == p->alloc) {
        /* The count in esv_profile_load is exact for a well-formed split;
         * grow only if the walk found more (it cannot, but be safe). */
        size_t na = p->alloc ? p->alloc + p->alloc / 2 + 1 : 32;
        esv_pe *np = realloc(p->pes, na * sizeof(*np));
        if (np == NULL) {
            ls->st = ESV_E_NOMEM;
            return 1;
        }
        p->pes = np;
        p->alloc = na;
    }
    e = &p->pes[p->count++];
    memset(e, 0, sizeof(*e));
    /* esv_profile_load bounds the input to 4 GiB: these fit. */
    e->index = (uint32_t)v->index;
    e->off = v->tlv.off;
    e->len = (uint32_t)der_tlv_size(&v->tlv);
    e->tag = v->tlv.tag;
    e->type = ProfileElement_PR_NOTHING;
    if (!v->well_formed) {
        p->undecoded++;
        return 0; /* already reported by the DER check */
    }
    /* TCA SAIP 8.1: every ProfileElement alternative is a context-specific
     * constructed tag. Anything else (a certificate, a universal SEQUENCE)
     * is not a profile element, even though the extensible CHOICE would
     * let asn1c skip it as an unknown alternative. */
    if (v->tlv.cls != DER_CLASS_CONTEXT || !v->tlv.constructed) {
        esv_loc loc = esv_pe_loc(e, NULL);
        p->undecoded++;
        ls->st = esv_report_add(ls->r, ESV_R_DER_021, &loc,
                                "element %zu is not a ProfileElement: tag class %u, %s (a profile "
                                "element is a constructed context-specific tag)",
                                v->index, (unsigned)v->tlv.cls,
                                v->tlv.constructed ? "constructed" : "primitive");
        return ls->st != ESV_OK;
    }
    /* Only DER that passed the strict walk reaches the generated decoder. */
    esv_arena_mark(p->arena, &mark);
    if ((drc = esv_saip_load_in(p->arena, p->data + e->off, e->len, &val, &fail_off)) != 0) {
        esv_loc loc = esv_pe_loc(e, NULL);
        if (drc == -2) {
            ls->st = ESV_E_NOMEM;
            return 1;
        }
        p->undecoded++;
        ls->st = esv_report_add(ls->r, ESV_R_DER_021, &loc,
                                "element %zu (tag [%s %u]) does not decode as a ProfileElement "
                                "(decoder stopped after %zu of %zu bytes)",
                                v->index, v->tlv.cls == DER_CLASS_CONTEXT ? "context" : "other",
                                (unsigned)e->tag, fail_off, (size_t)e->len);
        return ls->st != ESV_OK;
    }
    e->flags |= ESV_PE_DECODES;
    e->type = (uint8_t)val->present;
    if (val->present == ProfileElement_PR_NOTHING) {
        /* An alternative added after the schema esv knows (the CHOICE is
         * extensible): not an error, but nothing in it is checked. */
        esv_loc loc = esv_pe_loc(e, NULL);
        esv_arena_rewind(p->arena, &mark);
        ls->st = esv_report_add(ls->r, ESV_R_PROF_001, &loc,
                                "element %zu has tag [%u], a ProfileElement alternative this "
                                "version of esv does not know; it is not checked",
                                v->index, (unsigned)e->tag);
        return ls->st != ESV_OK;
    }
    ls->e = e;
    (void)esv_saip_check_constraints(val, on_violation, ls, &sh);
    if (ls->st != ESV_OK) {
        esv_arena_rewind(p->arena, &mark);
        return 1; /* out of memory: on_violation stopped the check */
    }
    /* X.690 8.1.2.5 with the schema: asn1c's BER decoder does not look at
     * the constructed bit of an IMPLICIT-tagged SEQUENCE, SET OF or
     * CHOICE, and reads a primitive TLV's contents as its components
     * (fuzz_profile_roundtrip's R7): the value then holds more TLVs than
     * the strict walk saw. Not DER for this schema: the element is not
     * decoded, and none of its contents is checked or trusted. */
    if (sh.headers > v->tlvs) {
        esv_loc loc = esv_pe_loc(e, NULL);
        esv_arena_rewind(p->arena, &mark);
        e->flags &= (uint8_t)~ESV_PE_DECODES;
        e->type = ProfileElement_PR_NOTHING;
        p->undecoded++;
        ls->st = esv_report_add(ls->r, ESV_R_DER_021, &loc,
                                "element %zu: a component the schema makes constructed is in "
                                "primitive form (its contents decode to %zu TLVs where the DER "
                                "has %zu); it does not decode as a ProfileElement",
                                v->index, sh.headers, v->tlvs);
        return ls->st != ESV_OK;
    }
    /* TCA SAIP 8.1, EXTENSIBILITY IMPLIED: components of a later version
     * inside a known element are skipped by the decoder. Its encoding is
     * then shorter than the input: what was skipped is not checked, and
     * the report says so. An alternative of a later version in an
     * extensible CHOICE inside the element (a File's, say) decodes as no
     * alternative, which the encoder refuses: not checked either
     * (fuzz_profile_roundtrip found it passing without a word). With
     * every TLV of the input in the value, a DER encoding of another
     * length means contents the decoder took in a form DER does not allow
     * under an IMPLICIT tag, where the strict walk cannot see the type: an
     * INTEGER with superfluous leading octets or none (X.690 8.3.2), a
     * NULL with contents (8.8.2). The encoder runs only when the
     * constraint walk's count of what it would write (TLV headers,
     * primitive contents octets) differs from the input's: with the same
     * counts nothing was skipped and every content is as DER writes it. */
    if (!sh.exact || sh.headers != v->tlvs || sh.contents != v->contents || sh.nonder) {
        long enc = esv_saip_encoded_len(val);
        esv_loc loc = esv_pe_loc(e, NULL);
        if (enc < 0) {
            ls->st = esv_report_add(ls->r, ESV_R_PROF_127, &loc,
                                    "element %zu (%s) holds a CHOICE alternative this version of esv does "
                                    "not know; skipped, not checked",
                                    v->index, esv_pe_name(val->present));
        } else if (!sh.exact || sh.headers < v->tlvs) {
            if ((size_t)enc < e->len)
                ls->st = esv_report_add(ls->r, ESV_R_PROF_127, &loc,
                                        "element %zu (%s): %zu of its %u bytes are components this version "
                                        "of esv does not know; skipped, not checked",
                                        v->index, esv_pe_name(val->present), e->len - (size_t)enc,
                                        (unsigned)e->len);
        } else if ((size_t)enc != e->len || sh.nonder) {
            ls->st = esv_report_add(ls->r, ESV_R_DER_021, &loc,
                                    "element %zu (%s): a component under an IMPLICIT tag is not in its DER "
                                    "form (an INTEGER with superfluous leading octets or none, or a NULL "
                                    "with contents); the value's DER encoding is %ld bytes, the element %u",
                                    v->index, esv_pe_name(val->present), enc, (unsigned)e->len);
        }
        if (ls->st != ESV_OK) {
            esv_arena_rewind(p->arena, &mark);
            return 1;
        }
    }
    /* UInt15 (SAIP 8.2.2); a value outside it is DER-023 above. */
    h = esv_pe_header(val);
    if (h != NULL && h->identification >= 0 && h->identification <= 32767) {
        e->id = (uint16_t)h->identification;
        e->flags |= ESV_PE_HAS_ID;
    } else if (h != NULL) {
        if (p->n_wide == p->cap_wide) {
            size_t nc = p->cap_wide ? p->cap_wide * 2 : 16;
            esv_wide_id *nw = realloc(p->wide, nc * sizeof(*nw));
            if (nw == NULL) {
                esv_arena_rewind(p->arena, &mark);
                ls->st = ESV_E_NOMEM;
                return 1;
            }
            p->wide = nw;
            p->cap_wide = nc;
        }
        p->wide[p->n_wide].value = h->identification;
        p->wide[p->n_wide].index = e->index;
        p->n_wide++;
        e->flags |= ESV_PE_WIDE_ID;
    }
    if (p->n_of[e->type]++ == 0)
        p->first_of[e->type] = (long)e->index;
    keep_or_evict(p, e, val, &mark);
    return 0;
}

/* The number of top-level TLVs whose headers read, for one allocation of
 * the records (a doubling array would hold up to twice the 32 bytes per
 * element). Stops at the first header that does not read: the walk
 * reports it, and calls on_value for no value after it. */
static size_t count_elements(const uint8_t *data, size_t len)
{
    der_cursor c;
    der_tlv t;
    size_t n = 0;
    der_cursor_init(&c, data, len, 0);
    while (!der_cursor_done(&c) && der_read_tlv(&c, &t, NULL) == DER_OK)
        n++;
    return n + 1; /* and one whose header reads but whose tree does not */
}

esv_status esv_profile_load(esv_profile *p, esv_report *r, const esv_ctx *ctx,
                            const uint8_t *data, size_t len)
{
    load_state ls = {p, r, ESV_OK, NULL};
    esv_status st;
    size_t i, n;

    memset(p, 0, sizeof(*p));
    p->data = data;
    p->len = len;
    for (i = 0; i < ESV_PE_TYPES; i++)
        p->first_of[i] = -1;
    /* Records hold 32-bit offsets into the element (model.h): a package
     * of 4 GiB or more is past any limit esv has a use for. */
    if ((uint64_t)len > UINT32_MAX) {
        esv_loc loc = {-1, -1, 0, NULL};
        esv_report_set_status(r, ESV_E_LIMIT);
        return esv_report_add(r, ESV_R_DER_018, &loc,
                              "a profile package of %zu bytes; esv reads packages up to 4 GiB", len);
    }
    p->scratch = calloc(1, sizeof(*p->scratch));
    if (p->scratch == NULL)
        return ESV_E_NOMEM;
    for (i = 0; i < ESV_PE_SLOTS; i++)
        p->scratch->owner[i] = SIZE_MAX;
    if (ctx->pe_budget_set) {
        p->budget = ctx->pe_budget;
        p->scratch->nslots = ctx->pe_slots > 0 && ctx->pe_slots <= ESV_PE_SLOTS ? ctx->pe_slots : ESV_PE_SLOTS;
    } else {
        p->budget = len > (SIZE_MAX - ESV_PE_BUDGET_FLOOR) / ESV_PE_BUDGET_RATIO
                        ? SIZE_MAX
                        : len * ESV_PE_BUDGET_RATIO + ESV_PE_BUDGET_FLOOR;
        p->scratch->nslots = ESV_PE_SLOTS;
    }
    /* The arena starts empty; the first value decoded gets a chunk of
     * what a TS.48 profile's elements take (22 bytes per input byte), up
     * to the budget; it grows in chunks after that. A package none of
     * whose elements decodes allocates none of it. */
    p->arena = esv_arena_new(0);
    if (p->arena == NULL)
        return ESV_E_NOMEM;
    esv_arena_reserve(p->arena, (len < p->budget / 24 ? len * 24 : p->budget) + 4096);
    n = count_elements(data, len);
    p->pes = malloc(n * sizeof(*p->pes));
    if (p->pes == NULL)
        return ESV_E_NOMEM;
    p->alloc = n;
    st = esv_der_check_values(r, ctx, data, len, 1, 1, -1, on_value, &ls);
    if (st == ESV_OK)
        st = ls.st;
    /* Complete when the split reached the end (no unrecoverable error). */
    p->complete = p->count > 0 && p->pes[p->count - 1].off + p->pes[p->count - 1].len == len;
    return st;
}

const ProfileElement_t *esv_pe_value(const esv_profile *p, const esv_pe *e)
{
    esv_pe_scratch *s = p->scratch;
    ProfileElement_t *v = NULL;
    size_t k, fail_off;

    if (!(e->flags & ESV_PE_DECODES) || e->type == ProfileElement_PR_NOTHING)
        return NULL;
    if (e->pe != NULL)
        return e->pe;
    for (k = 0; k < s->nslots; k++)
        if (s->owner[k] == e->index)
            return s->slot[k];
    /* The same bytes decoded at load: only memory can fail now. */
    if (esv_saip_load(p->data + e->off, e->len, &v, &fail_off) != 0) {
        s->failed = true;
        return NULL;
    }
    return scratch_put(s, e->index, v);
}

void esv_profile_release(esv_profile *p)
{
    size_t i;
    /* The resident values go with the arena; their secrets are zeroed
     * first. */
    for (i = 0; i < p->count; i++)
        esv_saip_wipe_secrets(p->pes[i].pe); /* NULL, or no secrets: nothing */
    esv_arena_free(p->arena, false);
    if (p->scratch != NULL)
        for (i = 0; i < ESV_PE_SLOTS; i++)
            esv_saip_unload(p->scratch->slot[i]);
    free(p->scratch);
    free(p->wide);
    free(p->pes);
    memset(p, 0, sizeof(*p));
}
