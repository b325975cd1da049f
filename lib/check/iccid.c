/*
 * iccid.c - BCD text and the Luhn check (iccid.h).
 */
#include "iccid.h"

#include <string.h>

void esv_bcd_text(const uint8_t *b, size_t n, bool swapped, char *out, size_t cap)
{
    static const char hex[] = "0123456789??????";
    size_t i, o = 0;
    if (cap == 0)
        return;
    for (i = 0; i < n && o + 2 < cap; i++) {
        unsigned hi = b[i] >> 4, lo = b[i] & 0x0F;
        unsigned first = swapped ? lo : hi, second = swapped ? hi : lo;
        out[o++] = first == 0xF ? 'F' : hex[first];
        out[o++] = second == 0xF ? 'F' : hex[second];
    }
    out[o] = '\0';
}

bool esv_iccid_digits(const char *txt, size_t *ndigits)
{
    size_t n = strlen(txt), d = 0, i;
    while (d < n && txt[d] >= '0' && txt[d] <= '9')
        d++;
    *ndigits = d;
    for (i = d; i < n; i++)
        if (txt[i] != 'F')
            return false;
    return true;
}

bool esv_luhn_ok(const char *digits, size_t n)
{
    unsigned sum = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned d = (unsigned)(digits[n - 1 - i] - '0');
        if (i % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}
