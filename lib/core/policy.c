/*
 * policy.c - base policy plus per-rule overrides, and the policy file
 * format described in esv/policy.h.
 */
#include "policy_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void policy_reset(esv_policy *p, esv_policy_base base)
{
    p->base = base;
    memset(p->override, ESV_POLICY_NO_OVERRIDE, sizeof(p->override));
}

esv_status esv_policy_new(esv_policy_base base, esv_policy **out)
{
    esv_policy *p;
    if (out == NULL)
        return ESV_E_ARG;
    *out = NULL;
    if (base != ESV_POLICY_PRODUCTION && base != ESV_POLICY_TEST)
        return ESV_E_ARG;
    p = malloc(sizeof(*p));
    if (p == NULL)
        return ESV_E_NOMEM;
    policy_reset(p, base);
    *out = p;
    return ESV_OK;
}

void esv_policy_free(esv_policy *policy)
{
    free(policy);
}

esv_status esv_policy_copy(const esv_policy *src, esv_policy **out)
{
    esv_policy *p;
    if (src == NULL || out == NULL)
        return ESV_E_ARG;
    *out = NULL;
    p = malloc(sizeof(*p));
    if (p == NULL)
        return ESV_E_NOMEM;
    *p = *src;
    *out = p;
    return ESV_OK;
}

esv_status esv_policy_set(esv_policy *policy, const char *rule_id, esv_severity severity)
{
    const esv_rule *rule;
    if (policy == NULL || rule_id == NULL || severity > ESV_SEV_ERROR)
        return ESV_E_ARG;
    rule = esv_rule_find(rule_id);
    if (rule == NULL)
        return ESV_E_NOTFOUND;
    policy->override[esv_rule_idx_of(rule)] = (uint8_t)severity;
    return ESV_OK;
}

/* Trims spaces and tabs at both ends of [*s, *e). */
static void trim(const char **s, const char **e)
{
    while (*s < *e && (**s == ' ' || **s == '\t' || **s == '\r'))
        (*s)++;
    while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
        (*e)--;
}

static int copy_token(char *dst, size_t cap, const char *s, const char *e)
{
    size_t n = (size_t)(e - s);
    if (n == 0 || n >= cap)
        return -1;
    memcpy(dst, s, n);
    dst[n] = '\0';
    return 0;
}

/* Applies one "key = value" setting (already split) to p. */
static esv_status apply_setting(esv_policy *p, const char *ks, const char *ke,
                                const char *vs, const char *ve, char *msg, size_t msgcap)
{
    char key[64], val[32];
    esv_severity sev;
    esv_status st;

    trim(&ks, &ke);
    trim(&vs, &ve);
    if (copy_token(key, sizeof(key), ks, ke) || copy_token(val, sizeof(val), vs, ve)) {
        snprintf(msg, msgcap, "expected 'RULE-ID = severity' or 'base = production|test'");
        return ESV_E_PARSE;
    }
    if (strcasecmp(key, "base") == 0) {
        if (strcasecmp(val, "production") == 0)
            policy_reset(p, ESV_POLICY_PRODUCTION);
        else if (strcasecmp(val, "test") == 0)
            policy_reset(p, ESV_POLICY_TEST);
        else {
            snprintf(msg, msgcap, "unknown base policy '%s' (production or test)", val);
            return ESV_E_PARSE;
        }
        return ESV_OK;
    }
    if (esv_severity_parse(val, &sev) != ESV_OK) {
        snprintf(msg, msgcap, "unknown severity '%s' (off, info, warning or error)", val);
        return ESV_E_PARSE;
    }
    st = esv_policy_set(p, key, sev);
    if (st == ESV_E_NOTFOUND) {
        snprintf(msg, msgcap, "unknown rule id '%s'", key);
        return ESV_E_PARSE;
    }
    return st;
}

esv_status esv_policy_set_text(esv_policy *policy, const char *setting)
{
    const char *eq, *ks, *ke;
    char key[64], msg[160];
    if (policy == NULL || setting == NULL)
        return ESV_E_ARG;
    eq = strchr(setting, '=');
    if (eq == NULL)
        return ESV_E_PARSE;
    /* An unknown rule id gets its own status so a caller can name it. */
    ks = setting;
    ke = eq;
    trim(&ks, &ke);
    if (copy_token(key, sizeof(key), ks, ke) == 0 && strcasecmp(key, "base") != 0 &&
        esv_rule_find(key) == NULL)
        return ESV_E_NOTFOUND;
    return apply_setting(policy, setting, eq, eq + 1, setting + strlen(setting), msg,
                         sizeof(msg));
}

esv_status esv_policy_parse(esv_policy *policy, const char *text, size_t len,
                            esv_policy_error *err)
{
    esv_policy work;
    const char *p, *end;
    size_t line = 0;
    char msg[160];

    if (err) {
        err->line = 0;
        err->message[0] = '\0';
    }
    if (policy == NULL || (text == NULL && len > 0))
        return ESV_E_ARG;
    if (len == 0)
        return ESV_OK;
    p = text;
    end = text + len;
    work = *policy;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *hash = memchr(p, '#', (size_t)(le - p));
        const char *ce = hash ? hash : le;
        const char *s = p, *e = ce, *eq;
        line++;
        /* A NUL anywhere, comments included, is an error: text tools stop
         * at it, so it could hide a setting from whoever reviews the file. */
        if (memchr(p, '\0', (size_t)(le - p)) != NULL) {
            snprintf(msg, sizeof(msg), "NUL byte in policy text");
            goto fail;
        }
        p = nl ? nl + 1 : end;
        trim(&s, &e);
        if (s == e)
            continue;
        eq = memchr(s, '=', (size_t)(e - s));
        if (eq == NULL) {
            snprintf(msg, sizeof(msg), "expected 'RULE-ID = severity' or 'base = production|test'");
            goto fail;
        }
        if (apply_setting(&work, s, eq, eq + 1, e, msg, sizeof(msg)) != ESV_OK)
            goto fail;
    }
    *policy = work;
    return ESV_OK;
fail:
    if (err) {
        err->line = line;
        snprintf(err->message, sizeof(err->message), "%s", msg);
    }
    return ESV_E_PARSE;
}

esv_policy_base esv_policy_get_base(const esv_policy *policy)
{
    return policy ? policy->base : ESV_POLICY_PRODUCTION;
}

const char *esv_policy_base_name(esv_policy_base base)
{
    return base == ESV_POLICY_TEST ? "test" : "production";
}

esv_severity esv_policy_severity(const esv_policy *policy, const esv_rule *rule)
{
    if (policy == NULL || rule == NULL)
        return ESV_SEV_OFF;
    return esv_policy_severity_idx(policy, esv_rule_idx_of(rule));
}
