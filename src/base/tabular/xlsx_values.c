/* xlsx_values.c — what the xlsx reader makes of the values it finds: which number
 * formats are dates, a serial number as a date or time, a double as the decimal
 * Excel shows, Excel's _xHHHH_ escapes, and UTF-8 checked as it streams in. Pure
 * functions: no XML, no zip. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/tabular/internal.h"

enum {
    SECONDS_PER_DAY = 86400,
    SECONDS_PER_HOUR = 3600,
    SECONDS_PER_MINUTE = 60,
    /* Excel's 1900 system: serial 60 is 1900-02-29, a day that never was. */
    SERIAL_FAKE_LEAP_DAY = 60,
    EXCEL_YEAR_MAX = 9999,
    EXCEL_SHOWN_DIGITS = 15, /* significant digits Excel shows of a double */
    XML_ESCAPE_LEN = 7,      /* Excel's '_xHHHH_' */
    XML_ESCAPE_UNDERSCORE = 0x5F,
    XML_ESCAPE_CONTROL_MAX = 0x1F,
    NUMBER_TEXT_MAX = 64,
};

/* ------------------------------------------------------- number formats */

/* The built-in formats (ECMA-376 18.8.30, and the zh-CN ids 27–36 and 50–58). */
xlsx_fmt xlsx_builtin_format(int id) {
    static const struct {
        int first, last;
        xlsx_fmt kind;
    } ranges[] = {
        {14, 17, XLSX_FMT_DATE}, {18, 21, XLSX_FMT_TIME}, {22, 22, XLSX_FMT_DATETIME},
        {27, 31, XLSX_FMT_DATE}, {32, 35, XLSX_FMT_TIME}, {36, 36, XLSX_FMT_DATE},
        {45, 47, XLSX_FMT_TIME}, {50, 54, XLSX_FMT_DATE}, {55, 56, XLSX_FMT_TIME},
        {57, 58, XLSX_FMT_DATE},
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (id >= ranges[i].first && id <= ranges[i].last)
            return ranges[i].kind;
    return XLSX_FMT_NUMBER;
}

/* xlsx_format_kind — a custom format code's kind, from its first section: quoted
 * text, escaped characters and [..] blocks (colours, locales, conditions) are left
 * out; then y, d, e (era year), g, b or a lone m make a date, h, s, [h] or AM/PM a
 * time. "0.00E+00" is a number: an e before a sign is an exponent. */
xlsx_fmt xlsx_format_kind(const char *code) {
    bool y = false, m = false, t = false;
    if (strncasecmp(code, "General", strlen("General")) == 0)
        return XLSX_FMT_NUMBER;
    for (const char *p = code; *p && *p != ';'; p++) {
        char c = (char)tolower((unsigned char)*p);
        if (c == '"') {
            const char *q = strchr(p + 1, '"');
            if (!q)
                break;
            p = q;
        } else if (c == '\\' || c == '_' || c == '*') {
            if (!p[1])
                break;
            p++;
        } else if (c == '[') {
            const char *q = strchr(p, ']');
            if (!q)
                break;
            bool elapsed = q > p + 1;
            for (const char *r = p + 1; r < q; r++)
                elapsed &= strchr("hHmMsS", *r) != NULL;
            t |= elapsed;
            p = q;
        } else if (c == 'e' && (p[1] == '+' || p[1] == '-')) {
            p++;
        } else if (c == 'y' || c == 'd' || c == 'e' || c == 'g' || c == 'b') {
            y = true;
        } else if (c == 'm') {
            m = true;
        } else if (c == 'h' || c == 's' || strncasecmp(p, "am/pm", 5) == 0 ||
                   strncasecmp(p, "a/p", 3) == 0) {
            t = true;
        }
    }
    bool date = y || (m && !t);
    return date && t ? XLSX_FMT_DATETIME
           : date    ? XLSX_FMT_DATE
           : t       ? XLSX_FMT_TIME
                     : XLSX_FMT_NUMBER;
}

/* ---------------------------------------------------------------- values */

/* xlsx_serial_text — see internal.h. */
tab_type xlsx_serial_text(double v, xlsx_fmt kind, bool date1904, char out[TAB_TEXT_MAX]) {
    if (!isfinite(v) || v < 0 || v >= (double)INT32_MAX)
        return TAB_EMPTY;
    long days = (long)floor(v);
    long secs = lround((v - (double)days) * SECONDS_PER_DAY);
    if (secs >= SECONDS_PER_DAY) {
        days++;
        secs -= SECONDS_PER_DAY;
    }
    int hh = (int)(secs / SECONDS_PER_HOUR),
        mi = (int)(secs % SECONDS_PER_HOUR / SECONDS_PER_MINUTE),
        ss = (int)(secs % SECONDS_PER_MINUTE);
    if (kind == XLSX_FMT_TIME) {
        snprintf(out, TAB_TEXT_MAX, "%02d:%02d:%02d", hh, mi, ss);
        return TAB_TEXT;
    }
    date_t d;
    if (date1904) {
        d = date_from_ymd(1904, 1, 1) + (date_t)days;
    } else if (days < 1) {
        return TAB_EMPTY; /* Excel's "1900-01-00": a number, not a date */
    } else if (days == SERIAL_FAKE_LEAP_DAY) {
        snprintf(out, TAB_TEXT_MAX, "1900-02-29");
        return TAB_TEXT;
    } else {
        d = date_from_ymd(1899, 12, days < SERIAL_FAKE_LEAP_DAY ? 31 : 30) + (date_t)days;
    }
    int yy, mm, dd;
    date_to_ymd(d, &yy, &mm, &dd);
    if (yy > EXCEL_YEAR_MAX)
        return TAB_EMPTY;
    date_format(d, out);
    if (kind == XLSX_FMT_DATE || secs == 0)
        return TAB_DATE;
    snprintf(out + strlen(out), TAB_TEXT_MAX - strlen(out), " %02d:%02d:%02d", hh, mi, ss);
    return TAB_TEXT;
}

/* Rewrites Excel's exponent form of a small number ("1.5E-07") as plain decimal
 * text when it has at most TAB_SCALE_MAX digits after the point. */
static bool small_fixed(double x, char out[TAB_TEXT_MAX]) {
    char m[NUMBER_TEXT_MAX];
    snprintf(m, sizeof m, "%.*E", EXCEL_SHOWN_DIGITS - 1, fabs(x));
    char *ep = strchr(m, 'E');
    if (!ep)
        return false;
    int exp = atoi(ep + 1);
    char digits[NUMBER_TEXT_MAX];
    size_t nd = 0;
    for (const char *p = m; p < ep; p++)
        if (*p != '.')
            digits[nd++] = *p;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    int scale = -exp - 1 + (int)nd;
    if (exp >= 0 || scale > TAB_SCALE_MAX)
        return false;
    int zeros = -exp - 1;
    size_t o = 0;
    if (x < 0)
        out[o++] = '-';
    out[o++] = '0';
    out[o++] = '.';
    memset(out + o, '0', (size_t)zeros);
    o += (size_t)zeros;
    memcpy(out + o, digits, nd);
    out[o + nd] = '\0';
    return true;
}

/* xlsx_number_text — see internal.h. */
tab_type xlsx_number_text(double x, char out[TAB_TEXT_MAX]) {
    static const double whole_max = 1e15; /* beyond it Excel shows an exponent */
    if (!isfinite(x))
        return TAB_TEXT;
    if (x == trunc(x) && fabs(x) < whole_max) {
        snprintf(out, TAB_TEXT_MAX, "%lld", (long long)x);
        return TAB_INT;
    }
    snprintf(out, TAB_TEXT_MAX, "%.*G", EXCEL_SHOWN_DIGITS, x);
    if (!strchr(out, 'E'))
        return strchr(out, '.') ? TAB_DECIMAL : TAB_INT;
    if (fabs(x) < 1 && small_fixed(x, out))
        return TAB_DECIMAL;
    return TAB_TEXT;
}

/* ------------------------------------------------------------------ text */

static int hex_value(char c) {
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* xlsx_unescape_controls — see internal.h. */
void xlsx_unescape_controls(buf *b) {
    size_t o = 0;
    for (size_t i = 0; i < b->len;) {
        if (b->data[i] == '_' && b->len - i >= XML_ESCAPE_LEN && b->data[i + 1] == 'x' &&
            b->data[i + XML_ESCAPE_LEN - 1] == '_') {
            int v = 0;
            bool ok = true;
            for (int k = 2; k < XML_ESCAPE_LEN - 1 && ok; k++) {
                int h = hex_value(b->data[i + (size_t)k]);
                ok = h >= 0;
                v = v * 16 + h;
            }
            if (ok && ((v > 0 && v <= XML_ESCAPE_CONTROL_MAX) || v == XML_ESCAPE_UNDERSCORE)) {
                b->data[o++] = (char)v;
                i += XML_ESCAPE_LEN;
                continue;
            }
        }
        b->data[o++] = b->data[i++];
    }
    b->len = o;
    if (b->data)
        b->data[o] = '\0';
}

/* Length of the UTF-8 sequence led by byte c, with the bounds of its second byte
 * (Unicode table 3-7: no overlongs, no surrogates, nothing above U+10FFFF); 0 for a
 * byte that cannot lead one, NUL included. */
static int utf8_lead(unsigned char c, unsigned char *lo, unsigned char *hi) {
    *lo = 0x80;
    *hi = 0xBF;
    if (c >= 0x01 && c <= 0x7F)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return 2;
    if (c >= 0xE0 && c <= 0xEF) {
        *lo = c == 0xE0 ? 0xA0 : 0x80;
        *hi = c == 0xED ? 0x9F : 0xBF;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        *lo = c == 0xF0 ? 0x90 : 0x80;
        *hi = c == 0xF4 ? 0x8F : 0xBF;
        return 4;
    }
    return 0;
}

/* xlsx_utf8_prefix — see internal.h. */
size_t xlsx_utf8_prefix(const char *s, size_t n, bool *partial) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    *partial = false;
    while (i < n) {
        unsigned char lo, hi;
        int len = utf8_lead(p[i], &lo, &hi);
        if (len == 0)
            return i;
        for (int k = 1; k < len; k++) {
            if (i + (size_t)k >= n) {
                *partial = true;
                return i;
            }
            unsigned char c = p[i + (size_t)k];
            if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF))
                return i;
        }
        i += (size_t)len;
    }
    return n;
}
