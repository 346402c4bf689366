#include "base/tabular.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "base/utf8.h"

enum {
    BOM_LEN = 3,
    /* Whole-file budget for decompressed xlsx parts: a zip bomb stops here. */
    XLSX_MAX_UNCOMPRESSED = 64 * 1024 * 1024,
    XLSX_READ_CHUNK = 16 * 1024,
    XLSX_PATH_MAX = 4096,
    XLSX_RID_MAX = 64,
    /* Widths are estimated from the first rows only; enough for a sensible look. */
    XLSX_WIDTH_SAMPLE_ROWS = 1000,
    XLSX_WIDTH_MIN = 8,
    XLSX_WIDTH_MAX = 60,
    XLSX_WIDTH_PAD = 2,
    /* Above this many rows libxlsxwriter streams rows to disk (inline strings). */
    XLSX_CONSTANT_MEMORY_ROWS = 10000,
    /* Code points from here up are drawn about two columns wide (CJK, Hangul …). */
    WIDE_CODE_POINT_MIN = 0x2E80,
    XML_ENTITY_MAX = 12,
    XML_CHARREF_DIGITS_MAX = 7,
    XML_ESCAPE_LEN = 7, /* Excel's '_xHHHH_' */
    XML_ESCAPE_UNDERSCORE = 0x5F,
    XML_ESCAPE_CONTROL_MAX = 0x1F,
    UNICODE_MAX = 0x10FFFF,
    SURROGATE_FIRST = 0xD800,
    SURROGATE_LAST = 0xDFFF,
    XLSX_REF_LETTERS_MAX = 3,
    XLSX_REF_DIGITS_MAX = 7,
};

static const char utf8_bom[] = "\xEF\xBB\xBF";

/* ---------------------------------------------------------------- tables */

/* Allocates an nrows x ncols table whose cells all point at one arena "". */
static rc_t table_alloc(arena *a, int nrows, int ncols, table *t, err *e) {
    char *empty = arena_alloc(a, 1);
    char ***rows = arena_alloc(a, sizeof(char **) * (size_t)(nrows > 0 ? nrows : 1));
    if (!empty || !rows)
        goto nomem;
    for (int r = 0; r < nrows; r++) {
        rows[r] = arena_alloc(a, sizeof(char *) * (size_t)(ncols > 0 ? ncols : 1));
        if (!rows[r])
            goto nomem;
        for (int c = 0; c < ncols; c++)
            rows[r][c] = empty;
    }
    t->nrows = nrows;
    t->ncols = ncols;
    t->cells = rows;
    return RC_OK;
nomem:
    return err_set(e, RC_NOMEM, NULL, "a table of %d rows and %d columns exceeds the memory limit",
                   nrows, ncols);
}

/* Spreadsheet-style column name: 1 -> "A", 27 -> "AA". */
static void col_name(int col, char out[8]) {
    char tmp[8];
    int n = 0;
    while (col > 0 && n < 7) {
        col--;
        tmp[n++] = (char)('A' + col % 26);
        col /= 26;
    }
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

/* ------------------------------------------------------------ CSV writer */

static rc_t csv_put_field(buf *out, const char *s) {
    if (!strpbrk(s, ",\"\r\n"))
        return buf_puts(out, s);
    rc_t rc = buf_append(out, "\"", 1);
    const char *p = s;
    while (rc == RC_OK && *p) {
        const char *q = strchr(p, '"');
        size_t n = q ? (size_t)(q - p) + 1 : strlen(p);
        rc = buf_append(out, p, n);
        if (rc == RC_OK && q)
            rc = buf_append(out, "\"", 1); /* double the quote */
        p += n;
    }
    if (rc == RC_OK)
        rc = buf_append(out, "\"", 1);
    return rc;
}

/* tabular_write_csv — see tabular.h. On failure out is left as it was. */
rc_t tabular_write_csv(const table *t, buf *out) {
    size_t start = out->len;
    rc_t rc = buf_append(out, utf8_bom, BOM_LEN);
    for (int r = 0; rc == RC_OK && r < t->nrows; r++) {
        for (int c = 0; rc == RC_OK && c < t->ncols; c++) {
            if (c > 0)
                rc = buf_append(out, ",", 1);
            if (rc == RC_OK)
                rc = csv_put_field(out, t->cells[r][c] ? t->cells[r][c] : "");
        }
        if (rc == RC_OK)
            rc = buf_append(out, "\r\n", 2);
    }
    if (rc != RC_OK) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
    }
    return rc;
}

/* ------------------------------------------------------------ CSV reader */

typedef struct {
    const char *p;
    size_t len, pos;
    long line; /* 1-based line of p[pos] */
} csv_in;

/* Length of the line end at i: "\n", "\r\n", or a lone "\r" ending the file. */
static size_t csv_eol(const csv_in *in, size_t i) {
    if (i >= in->len)
        return 0;
    if (in->p[i] == '\n')
        return 1;
    if (in->p[i] == '\r')
        return i + 1 == in->len ? 1 : in->p[i + 1] == '\n' ? 2 : 0;
    return 0;
}

typedef struct {
    const char *raw; /* field text in the file, without surrounding quotes */
    size_t rawlen, vlen; /* vlen: length once doubled quotes are undone */
    bool quoted;
} csv_field;

/* Scans one field at in->pos and leaves pos on the separator, line end or EOF. */
static rc_t csv_scan_field(csv_in *in, csv_field *f, err *e) {
    size_t i = in->pos;
    if (i < in->len && in->p[i] == '"') {
        long start_line = in->line;
        size_t s = ++i, v = 0;
        for (;;) {
            if (i >= in->len)
                return err_set(e, RC_INVALID, NULL,
                               "line %ld: a quoted field is never closed (missing '\"')", start_line);
            if (in->p[i] == '"') {
                if (i + 1 < in->len && in->p[i + 1] == '"') {
                    i += 2;
                    v++;
                    continue;
                }
                break;
            }
            if (in->p[i] == '\n')
                in->line++;
            i++;
            v++;
        }
        f->raw = in->p + s;
        f->rawlen = i - s;
        f->vlen = v;
        f->quoted = true;
        i++; /* the closing quote */
        if (i < in->len && in->p[i] != ',' && csv_eol(in, i) == 0)
            return err_set(e, RC_INVALID, NULL,
                           "line %ld: unexpected text after a closing quote", in->line);
    } else {
        size_t s = i;
        while (i < in->len && in->p[i] != ',' && csv_eol(in, i) == 0)
            i++;
        f->raw = in->p + s;
        f->rawlen = f->vlen = i - s;
        f->quoted = false;
    }
    in->pos = i;
    if (f->vlen > TABULAR_MAX_CELL)
        return err_set(e, RC_TOO_LARGE, NULL, "line %ld: a cell is longer than %d bytes", in->line,
                       TABULAR_MAX_CELL);
    return RC_OK;
}

static char *csv_copy(arena *a, const csv_field *f) {
    if (!f->quoted)
        return arena_strndup(a, f->raw, f->rawlen);
    char *s = arena_alloc(a, f->vlen + 1);
    if (!s)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < f->rawlen; i++) {
        s[o++] = f->raw[i];
        if (f->raw[i] == '"')
            i++; /* skip the second of a doubled quote */
    }
    s[o] = '\0';
    return s;
}

/* One pass over the rows. With t == NULL only counts (and validates); otherwise
 * fills t, which was sized by the counting pass. */
static rc_t csv_pass(csv_in *in, arena *a, table *t, int *nrows, int *ncols, err *e) {
    int row = 0, maxc = 0;
    while (in->pos < in->len) {
        if (row >= TABULAR_MAX_ROWS)
            return err_set(e, RC_TOO_LARGE, NULL, "line %ld: more than %d rows", in->line,
                           TABULAR_MAX_ROWS);
        int col = 0;
        for (;;) {
            csv_field f = {0};
            rc_t rc = csv_scan_field(in, &f, e);
            if (rc != RC_OK)
                return rc;
            if (col >= TABULAR_MAX_COLS)
                return err_set(e, RC_TOO_LARGE, NULL, "line %ld: more than %d columns", in->line,
                               TABULAR_MAX_COLS);
            if (t) {
                t->cells[row][col] = csv_copy(a, &f);
                if (!t->cells[row][col])
                    return err_set(e, RC_NOMEM, NULL, "line %ld: the file exceeds the memory limit",
                                   in->line);
            }
            col++;
            if (in->pos < in->len && in->p[in->pos] == ',') {
                in->pos++;
                continue;
            }
            size_t eol = csv_eol(in, in->pos);
            in->pos += eol;
            if (eol)
                in->line++;
            break;
        }
        if (col > maxc)
            maxc = col;
        row++;
    }
    *nrows = row;
    *ncols = maxc;
    return RC_OK;
}

/* tabular_read_csv — see tabular.h. Two passes: the first validates and sizes the
 * table, the second copies cells into the arena. */
rc_t tabular_read_csv(arena *a, const char *data, size_t len, table *out, err *e) {
    memset(out, 0, sizeof *out);
    if (len >= BOM_LEN && memcmp(data, utf8_bom, BOM_LEN) == 0) {
        data += BOM_LEN;
        len -= BOM_LEN;
    }
    /* '\n' never occurs inside a multi-byte sequence, so checking line by line
     * finds the line to blame. */
    long line = 1;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (data + i)) : len - i;
        if (!utf8_valid(data + i, n))
            return err_set(e, RC_BAD_REQUEST, NULL, "line %ld: invalid UTF-8 or a NUL byte", line);
        i += n + 1;
        line++;
    }
    csv_in in = {data, len, 0, 1};
    int nrows = 0, ncols = 0;
    rc_t rc = csv_pass(&in, a, NULL, &nrows, &ncols, e);
    table t;
    if (rc == RC_OK)
        rc = table_alloc(a, nrows, ncols, &t, e);
    if (rc == RC_OK) {
        in.pos = 0;
        in.line = 1;
        rc = csv_pass(&in, a, &t, &nrows, &ncols, e);
    }
    if (rc == RC_OK)
        *out = t;
    return rc;
}

/* ----------------------------------------------------------- xlsx writer */

/* Approximate display width of the longest line of s: CJK and other wide
 * characters (and everything beyond the BMP) count as two columns. */
static int display_width(const char *s) {
    int best = 0, w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p++;
        if (c == '\n') {
            w = 0;
            continue;
        }
        if ((c & 0xC0) == 0x80)
            continue; /* continuation bytes add no width */
        bool wide = c >= 0xF0;
        if (c >= 0xE0 && c < 0xF0 && (p[0] & 0xC0) == 0x80 && (p[1] & 0xC0) == 0x80) {
            uint32_t cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(p[0] & 0x3F) << 6 | (p[1] & 0x3F);
            wide = cp >= WIDE_CODE_POINT_MIN;
        }
        w += wide ? 2 : 1;
        if (w > best)
            best = w;
    }
    return best;
}

static rc_t xlsx_set_widths(const table *t, lxw_worksheet *ws) {
    int sample = t->nrows < XLSX_WIDTH_SAMPLE_ROWS ? t->nrows : XLSX_WIDTH_SAMPLE_ROWS;
    for (int c = 0; c < t->ncols; c++) {
        int w = 0;
        for (int r = 0; r < sample; r++) {
            int cw = t->cells[r][c] ? display_width(t->cells[r][c]) : 0;
            if (cw > w)
                w = cw;
        }
        w += XLSX_WIDTH_PAD;
        w = w < XLSX_WIDTH_MIN ? XLSX_WIDTH_MIN : w > XLSX_WIDTH_MAX ? XLSX_WIDTH_MAX : w;
        if (worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL) != LXW_NO_ERROR)
            return RC_INTERNAL;
    }
    return RC_OK;
}

/* Appends the whole file at path to out. */
static rc_t slurp_file(const char *path, buf *out, err *e) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(e, RC_INTERNAL, NULL, "xlsx: cannot read back the temporary file");
    rc_t rc = RC_OK;
    char chunk[XLSX_READ_CHUNK];
    size_t n;
    do {
        n = fread(chunk, 1, sizeof chunk, f);
        if (n > 0)
            rc = buf_append(out, chunk, n);
    } while (rc == RC_OK && n == sizeof chunk);
    if (rc == RC_OK && ferror(f))
        rc = err_set(e, RC_INTERNAL, NULL, "xlsx: error reading the temporary file");
    else if (rc == RC_TOO_LARGE)
        err_set(e, rc, NULL, "xlsx: the file is larger than the %zu-byte output limit", out->max);
    else if (rc != RC_OK)
        err_set(e, rc, NULL, "xlsx: out of memory");
    fclose(f);
    return rc;
}

/* tabular_write_xlsx — see tabular.h. libxlsxwriter 1.1.5 cannot write to memory,
 * so the workbook goes through a private temporary file (mkstemp in $TMPDIR or
 * /tmp) that is always removed. On failure out is left as it was and *e says which
 * cell or step failed. */
rc_t tabular_write_xlsx(const table *t, const char *sheet, buf *out, err *e) {
    size_t start = out->len;
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    char path[XLSX_PATH_MAX];
    if (snprintf(path, sizeof path, "%s/renda-xlsx-XXXXXX", dir) >= (int)sizeof path)
        return err_set(e, RC_INTERNAL, NULL, "xlsx: TMPDIR is too long");
    int fd = mkstemp(path);
    if (fd < 0)
        return err_set(e, RC_INTERNAL, NULL, "xlsx: cannot create a temporary file in %s", dir);
    close(fd);

    rc_t rc = RC_OK;
    lxw_error le = LXW_NO_ERROR;
    lxw_workbook_options opts = {.constant_memory = t->nrows > XLSX_CONSTANT_MEMORY_ROWS,
                                 .tmpdir = (char *)dir};
    lxw_workbook *wb = workbook_new_opt(path, &opts);
    lxw_worksheet *ws = NULL;
    lxw_format *bold = NULL;
    const char *name = sheet ? sheet : "Sheet1";
    if (!wb) {
        rc = err_set(e, RC_NOMEM, NULL, "xlsx: cannot create the workbook");
        goto done;
    }
    le = workbook_validate_sheet_name(wb, name);
    if (le != LXW_NO_ERROR) {
        rc = err_set(e, RC_INVALID, "sheet", "xlsx: sheet name '%s': %s", name, lxw_strerror(le));
        goto done;
    }
    ws = workbook_add_worksheet(wb, name);
    bold = workbook_add_format(wb);
    if (!ws || !bold) {
        rc = err_set(e, RC_NOMEM, NULL, "xlsx: cannot add the worksheet");
        goto done;
    }
    format_set_bold(bold);
    if (xlsx_set_widths(t, ws) != RC_OK) {
        rc = err_set(e, RC_INTERNAL, NULL, "xlsx: cannot set column widths");
        goto done;
    }
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r][c] ? t->cells[r][c] : "";
            le = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s, r == 0 ? bold : NULL);
            if (le != LXW_NO_ERROR) {
                char cn[8];
                col_name(c + 1, cn);
                rc = err_set(e, RC_INVALID, NULL, "xlsx cell %s%d (row %d): %s", cn, r + 1, r + 1,
                             lxw_strerror(le));
                goto done;
            }
        }
    }
done:
    if (wb) {
        le = workbook_close(wb); /* frees wb in every case */
        if (rc == RC_OK && le != LXW_NO_ERROR)
            rc = err_set(e, RC_INTERNAL, NULL, "xlsx: cannot write the workbook: %s",
                         lxw_strerror(le));
    }
    if (rc == RC_OK)
        rc = slurp_file(path, out, e);
    unlink(path);
    if (rc != RC_OK) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
    }
    return rc;
}

/* ------------------------------------------------------ minimal XML scan */

typedef struct {
    const char *p;
    size_t len, pos;
    const char *part; /* zip entry name, for messages */
} xml_in;

typedef enum { XT_EOF, XT_OPEN, XT_CLOSE, XT_TEXT, XT_CDATA } xt_kind;

typedef struct {
    xt_kind kind;
    const char *name; /* OPEN/CLOSE: local name, namespace prefix removed */
    size_t nlen;
    const char *attrs; /* OPEN: raw attribute text */
    size_t alen;
    bool empty;       /* OPEN: self-closing <x/> */
    const char *text; /* TEXT/CDATA: raw text */
    size_t tlen;
} xtok;

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static bool tok_is(const xtok *t, xt_kind k, const char *name) {
    return t->kind == k && t->nlen == strlen(name) && memcmp(t->name, name, t->nlen) == 0;
}

static rc_t xml_bad(const xml_in *x, err *e, const char *what) {
    return err_set(e, RC_INVALID, NULL, "xlsx part %s: malformed XML (%s) near byte %zu", x->part,
                   what, x->pos);
}

/* Next token. Comments and processing instructions are skipped; DOCTYPE is
 * refused (no entity definitions, no surprises). Never reads past x->len. */
static rc_t xml_next(xml_in *x, xtok *t, err *e) {
    memset(t, 0, sizeof *t);
    for (;;) {
        if (x->pos >= x->len) {
            t->kind = XT_EOF;
            return RC_OK;
        }
        const char *s = x->p + x->pos;
        size_t rem = x->len - x->pos;
        if (*s != '<') {
            const char *lt = memchr(s, '<', rem);
            t->kind = XT_TEXT;
            t->text = s;
            t->tlen = lt ? (size_t)(lt - s) : rem;
            x->pos += t->tlen;
            return RC_OK;
        }
        if (rem >= 4 && memcmp(s, "<!--", 4) == 0) {
            const char *end = memmem(s + 4, rem - 4, "-->", 3);
            if (!end)
                return xml_bad(x, e, "unterminated comment");
            x->pos = (size_t)(end + 3 - x->p);
            continue;
        }
        if (rem >= 9 && memcmp(s, "<![CDATA[", 9) == 0) {
            const char *end = memmem(s + 9, rem - 9, "]]>", 3);
            if (!end)
                return xml_bad(x, e, "unterminated CDATA");
            t->kind = XT_CDATA;
            t->text = s + 9;
            t->tlen = (size_t)(end - (s + 9));
            x->pos = (size_t)(end + 3 - x->p);
            return RC_OK;
        }
        if (rem >= 2 && s[1] == '?') {
            const char *end = memmem(s + 2, rem - 2, "?>", 2);
            if (!end)
                return xml_bad(x, e, "unterminated processing instruction");
            x->pos = (size_t)(end + 2 - x->p);
            continue;
        }
        if (rem >= 2 && s[1] == '!')
            return xml_bad(x, e, "DOCTYPE or declaration not supported");
        size_t i = 1;
        char quote = 0;
        for (; i < rem; i++) {
            if (quote) {
                if (s[i] == quote)
                    quote = 0;
            } else if (s[i] == '"' || s[i] == '\'') {
                quote = s[i];
            } else if (s[i] == '>') {
                break;
            }
        }
        if (i >= rem)
            return xml_bad(x, e, "unterminated tag");
        const char *body = s + 1;
        size_t blen = i - 1;
        bool close = blen > 0 && body[0] == '/';
        if (close) {
            body++;
            blen--;
        }
        t->empty = !close && blen > 0 && body[blen - 1] == '/';
        if (t->empty)
            blen--;
        size_t n = 0;
        while (n < blen && !is_space(body[n]))
            n++;
        if (n == 0)
            return xml_bad(x, e, "empty tag name");
        const char *colon = memchr(body, ':', n);
        t->name = colon ? colon + 1 : body;
        t->nlen = n - (size_t)(t->name - body);
        t->attrs = body + n;
        t->alen = blen - n;
        t->kind = close ? XT_CLOSE : XT_OPEN;
        x->pos += i + 1;
        return RC_OK;
    }
}

/* Raw value of attribute `name` of an OPEN token. A prefixed attribute matches its
 * local name (r:id matches "id") unless the prefix is xmlns. */
static bool xml_attr(const xtok *t, const char *name, const char **val, size_t *vlen) {
    const char *a = t->attrs;
    size_t n = t->alen, i = 0, want = strlen(name);
    for (;;) {
        while (i < n && is_space(a[i]))
            i++;
        if (i >= n)
            return false;
        size_t ns = i;
        while (i < n && a[i] != '=' && !is_space(a[i]))
            i++;
        size_t ne = i;
        while (i < n && is_space(a[i]))
            i++;
        if (i >= n || a[i] != '=')
            return false;
        i++;
        while (i < n && is_space(a[i]))
            i++;
        if (i >= n || (a[i] != '"' && a[i] != '\''))
            return false;
        char q = a[i++];
        size_t vs = i;
        while (i < n && a[i] != q)
            i++;
        if (i >= n)
            return false;
        const char *an = a + ns;
        size_t alen = ne - ns;
        const char *colon = memchr(an, ':', alen);
        bool match = alen == want && memcmp(an, name, want) == 0;
        if (!match && colon && !(colon - an == 5 && memcmp(an, "xmlns", 5) == 0)) {
            size_t ln = alen - (size_t)(colon + 1 - an);
            match = ln == want && memcmp(colon + 1, name, want) == 0;
        }
        if (match) {
            *val = a + vs;
            *vlen = i - vs;
            return true;
        }
        i++;
    }
}

static rc_t put_utf8(buf *b, uint32_t cp) {
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return buf_append(b, u, n);
}

/* Appends s[0..n) with XML entities decoded. RC_INVALID for an unknown entity or a
 * character reference to NUL, a surrogate or beyond U+10FFFF. */
static rc_t xml_unescape(buf *b, const char *s, size_t n) {
    static const struct {
        const char *name;
        char c;
    } named[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
    size_t i = 0;
    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        size_t run = amp ? (size_t)(amp - (s + i)) : n - i;
        rc_t rc = buf_append(b, s + i, run);
        if (rc != RC_OK)
            return rc;
        i += run;
        if (!amp)
            break;
        size_t lim = n - i < XML_ENTITY_MAX ? n - i : XML_ENTITY_MAX;
        const char *semi = memchr(s + i, ';', lim);
        if (!semi)
            return RC_INVALID;
        const char *ent = s + i + 1;
        size_t elen = (size_t)(semi - ent);
        bool found = false;
        for (size_t k = 0; k < sizeof named / sizeof named[0] && !found; k++) {
            if (elen == strlen(named[k].name) && memcmp(ent, named[k].name, elen) == 0) {
                rc = buf_append(b, &named[k].c, 1);
                found = true;
            }
        }
        if (!found) {
            if (elen < 2 || ent[0] != '#')
                return RC_INVALID;
            bool hex = ent[1] == 'x' || ent[1] == 'X';
            size_t d = hex ? 2 : 1;
            if (elen - d == 0 || elen - d > XML_CHARREF_DIGITS_MAX)
                return RC_INVALID;
            uint32_t cp = 0;
            for (; d < elen; d++) {
                char c = ent[d];
                int v = c >= '0' && c <= '9'           ? c - '0'
                        : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                      : -1;
                if (v < 0)
                    return RC_INVALID;
                cp = cp * (hex ? 16 : 10) + (uint32_t)v;
            }
            if (cp == 0 || cp > UNICODE_MAX || (cp >= SURROGATE_FIRST && cp <= SURROGATE_LAST))
                return RC_INVALID;
            rc = put_utf8(b, cp);
        }
        if (rc != RC_OK)
            return rc;
        i = (size_t)(semi + 1 - s);
    }
    return RC_OK;
}

static int hex_value(char c) {
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Undoes Excel's '_xHHHH_' escapes in place, but only for control characters
 * (except NUL) and the underscore, which is all Excel and libxlsxwriter produce;
 * other '_x…_' text is kept as data. */
static void xlsx_unescape_controls(buf *b) {
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

/* Skips to the end of the element whose OPEN token was just read. */
static rc_t xml_skip(xml_in *x, err *e) {
    int depth = 0;
    for (;;) {
        xtok t;
        rc_t rc = xml_next(x, &t, e);
        if (rc != RC_OK)
            return rc;
        if (t.kind == XT_EOF)
            return xml_bad(x, e, "unexpected end");
        if (t.kind == XT_OPEN && !t.empty)
            depth++;
        if (t.kind == XT_CLOSE && depth-- == 0)
            return RC_OK;
    }
}

/* Collects the text of the element whose OPEN token was just read into b (reset
 * first). With only_t, only text inside <t> counts and phonetic runs (<rPh>) are
 * left out, as for <si> and <is>. where names the cell or string for messages. */
static rc_t xml_text(xml_in *x, bool only_t, buf *b, const char *where, err *e) {
    buf_reset(b);
    int depth = 0, in_t = 0, in_rph = 0;
    for (;;) {
        xtok t;
        rc_t rc = xml_next(x, &t, e);
        if (rc != RC_OK)
            return rc;
        switch (t.kind) {
        case XT_EOF:
            return xml_bad(x, e, "unexpected end");
        case XT_OPEN:
            if (!t.empty) {
                depth++;
                in_t += tok_is(&t, XT_OPEN, "t");
                in_rph += tok_is(&t, XT_OPEN, "rPh");
            }
            break;
        case XT_CLOSE:
            if (depth-- == 0)
                goto done;
            in_t -= tok_is(&t, XT_CLOSE, "t") && in_t > 0;
            in_rph -= tok_is(&t, XT_CLOSE, "rPh") && in_rph > 0;
            break;
        case XT_TEXT:
        case XT_CDATA:
            if (!only_t || (in_t > 0 && in_rph == 0)) {
                rc = t.kind == XT_TEXT ? xml_unescape(b, t.text, t.tlen)
                                       : buf_append(b, t.text, t.tlen);
                if (rc == RC_TOO_LARGE)
                    return err_set(e, rc, NULL, "xlsx %s: text longer than %d bytes", where,
                                   TABULAR_MAX_CELL);
                if (rc == RC_NOMEM)
                    return err_set(e, rc, NULL, "xlsx %s: out of memory", where);
                if (rc != RC_OK)
                    return err_set(e, rc, NULL, "xlsx %s: bad character or entity reference",
                                   where);
            }
            break;
        }
    }
done:
    xlsx_unescape_controls(b);
    if (b->len > 0 && !utf8_valid(b->data, b->len))
        return err_set(e, RC_BAD_REQUEST, NULL, "xlsx %s: invalid UTF-8 or a NUL character",
                       where);
    return RC_OK;
}

/* ---------------------------------------------------------- xlsx reader */

typedef struct {
    zip_t *za;
    size_t budget; /* decompressed bytes still allowed */
} xlsx_zip;

/* Reads entry `name` into out (heap, NUL-terminated). *found is false when the
 * archive has no such entry (not an error). */
static rc_t zip_read(xlsx_zip *z, const char *name, buf *out, bool *found, err *e) {
    buf_init(out, z->budget);
    *found = false;
    zip_int64_t idx = zip_name_locate(z->za, name, 0);
    if (idx < 0)
        return RC_OK;
    *found = true;
    zip_file_t *f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!f)
        return err_set(e, RC_INVALID, NULL, "xlsx: cannot open part %s: %s", name,
                       zip_strerror(z->za));
    rc_t rc = RC_OK;
    char chunk[XLSX_READ_CHUNK];
    for (;;) {
        zip_int64_t n = zip_fread(f, chunk, sizeof chunk);
        if (n < 0) {
            rc = err_set(e, RC_INVALID, NULL, "xlsx: part %s is corrupt: %s", name,
                         zip_file_strerror(f));
            break;
        }
        if (n == 0)
            break;
        rc = buf_append(out, chunk, (size_t)n);
        if (rc == RC_TOO_LARGE) {
            err_set(e, rc, NULL, "xlsx: the unpacked file is larger than %d MiB",
                    XLSX_MAX_UNCOMPRESSED / (1024 * 1024));
            break;
        }
        if (rc != RC_OK) {
            err_set(e, rc, NULL, "xlsx: out of memory reading part %s", name);
            break;
        }
    }
    zip_fclose(f);
    z->budget -= out->len;
    return rc;
}

/* Finds the first worksheet's part through workbook.xml and its relationships;
 * falls back to xl/worksheets/sheet1.xml when anything is missing or odd. Only
 * the unpacking budget can make it fail. */
static rc_t xlsx_first_sheet(xlsx_zip *z, char path[XLSX_PATH_MAX], err *e) {
    snprintf(path, XLSX_PATH_MAX, "xl/worksheets/sheet1.xml");
    char rid[XLSX_RID_MAX] = "";
    buf doc;
    bool found;
    rc_t rc = zip_read(z, "xl/workbook.xml", &doc, &found, e);
    xml_in x = {doc.data, doc.len, 0, "xl/workbook.xml"};
    xtok t;
    while (rc == RC_OK && found && xml_next(&x, &t, NULL) == RC_OK && t.kind != XT_EOF) {
        const char *v;
        size_t vl;
        if (tok_is(&t, XT_OPEN, "sheet") && xml_attr(&t, "id", &v, &vl)) {
            if (vl < sizeof rid) {
                memcpy(rid, v, vl);
                rid[vl] = '\0';
            }
            break;
        }
    }
    buf_free(&doc);
    if (rc != RC_OK || !rid[0])
        return rc;
    rc = zip_read(z, "xl/_rels/workbook.xml.rels", &doc, &found, e);
    x = (xml_in){doc.data, doc.len, 0, "xl/_rels/workbook.xml.rels"};
    while (rc == RC_OK && found && xml_next(&x, &t, NULL) == RC_OK && t.kind != XT_EOF) {
        const char *id, *target;
        size_t il, tl;
        if (tok_is(&t, XT_OPEN, "Relationship") && xml_attr(&t, "Id", &id, &il) &&
            il == strlen(rid) && memcmp(id, rid, il) == 0 &&
            xml_attr(&t, "Target", &target, &tl) && tl > 0 && tl < XLSX_PATH_MAX / 2) {
            if (target[0] == '/')
                snprintf(path, XLSX_PATH_MAX, "%.*s", (int)tl - 1, target + 1);
            else
                snprintf(path, XLSX_PATH_MAX, "xl/%.*s", (int)tl, target);
            break;
        }
    }
    buf_free(&doc);
    return rc;
}

/* Appends one pointer to a heap vector held in a buf. */
static rc_t vec_push(buf *v, const void *item, size_t size, err *e) {
    rc_t rc = buf_append(v, item, size);
    if (rc == RC_TOO_LARGE)
        return err_set(e, rc, NULL, "xlsx: too many cells or strings");
    if (rc != RC_OK)
        return err_set(e, rc, NULL, "xlsx: out of memory");
    return RC_OK;
}

/* Reads xl/sharedStrings.xml (optional) into a vector of arena strings. */
static rc_t xlsx_shared_strings(xlsx_zip *z, arena *a, buf *vec, err *e) {
    buf doc, text;
    bool found;
    buf_init(&text, TABULAR_MAX_CELL);
    rc_t rc = zip_read(z, "xl/sharedStrings.xml", &doc, &found, e);
    xml_in x = {doc.data, doc.len, 0, "xl/sharedStrings.xml"};
    size_t count = 0;
    while (rc == RC_OK && found) {
        xtok t;
        rc = xml_next(&x, &t, e);
        if (rc != RC_OK || t.kind == XT_EOF)
            break;
        if (!tok_is(&t, XT_OPEN, "si"))
            continue;
        char where[48];
        snprintf(where, sizeof where, "shared string %zu", count);
        buf_reset(&text);
        if (!t.empty)
            rc = xml_text(&x, true, &text, where, e);
        char *s = rc == RC_OK ? arena_strndup(a, text.data ? text.data : "", text.len) : NULL;
        if (rc == RC_OK && !s)
            rc = err_set(e, RC_NOMEM, NULL, "xlsx: shared strings exceed the memory limit");
        if (rc == RC_OK)
            rc = vec_push(vec, &s, sizeof s, e);
        count++;
    }
    buf_free(&text);
    buf_free(&doc);
    return rc;
}

typedef struct {
    int row, col; /* 1-based */
    char *s;
} xlsx_cell;

/* Parses a reference like "B3" into 1-based column and row. */
static bool parse_ref(const char *s, size_t n, int *col, int *row) {
    size_t i = 0;
    int c = 0, r = 0;
    for (; i < n && i < XLSX_REF_LETTERS_MAX && s[i] >= 'A' && s[i] <= 'Z'; i++)
        c = c * 26 + (s[i] - 'A' + 1);
    size_t d = i;
    for (; i < n && i - d < XLSX_REF_DIGITS_MAX && s[i] >= '0' && s[i] <= '9'; i++)
        r = r * 10 + (s[i] - '0');
    if (d == 0 || i == d || i != n || r == 0)
        return false;
    *col = c;
    *row = r;
    return true;
}

/* Parses a positive decimal of at most XLSX_REF_DIGITS_MAX digits. */
static bool parse_uint(const char *s, size_t n, long *out) {
    long v = 0;
    if (n == 0 || n > XLSX_REF_DIGITS_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* Reads the content of one <c> (OPEN token already consumed) and pushes it. */
static rc_t xlsx_cell_value(xml_in *x, arena *a, const xtok *ct, int row, int col,
                            const buf *shared, buf *text, buf *cells, err *e) {
    char where[32], cn[8];
    col_name(col, cn);
    snprintf(where, sizeof where, "cell %s%d", cn, row);
    const char *type = "n";
    size_t tlen = 1;
    const char *tv;
    size_t tvl;
    if (xml_attr(ct, "t", &tv, &tvl)) {
        type = tv;
        tlen = tvl;
    }
    bool has = false;
    rc_t rc = RC_OK;
    while (rc == RC_OK) {
        xtok t;
        rc = xml_next(x, &t, e);
        if (rc != RC_OK)
            return rc;
        if (t.kind == XT_EOF)
            return xml_bad(x, e, "unexpected end");
        if (t.kind == XT_CLOSE)
            break;
        if (t.kind != XT_OPEN || t.empty)
            continue;
        if (tok_is(&t, XT_OPEN, "v") || tok_is(&t, XT_OPEN, "is")) {
            rc = xml_text(x, tok_is(&t, XT_OPEN, "is"), text, where, e);
            has = true;
        } else {
            rc = xml_skip(x, e); /* <f> formulas, extensions */
        }
    }
    if (rc != RC_OK || !has)
        return rc;
    const char *val = text->data ? text->data : "";
    size_t vlen = text->len;
    if (tlen == 1 && type[0] == 's') {
        long idx;
        size_t nshared = shared->len / sizeof(char *);
        if (!parse_uint(val, vlen, &idx) || (size_t)idx >= nshared)
            return err_set(e, RC_INVALID, NULL, "xlsx %s: shared string index '%.20s' is invalid",
                           where, val);
        val = ((char **)(void *)shared->data)[idx];
        vlen = strlen(val);
    } else if (tlen == 1 && type[0] == 'b') {
        val = vlen == 1 && val[0] == '1' ? "TRUE" : "FALSE";
        vlen = strlen(val);
    }
    xlsx_cell c = {row, col, arena_strndup(a, val, vlen)};
    if (!c.s)
        return err_set(e, RC_NOMEM, NULL, "xlsx %s: the file exceeds the memory limit", where);
    return vec_push(cells, &c, sizeof c, e);
}

/* Collects every valued cell of <sheetData> into the cells vector. */
static rc_t xlsx_sheet_cells(xml_in *x, arena *a, const buf *shared, buf *cells, err *e) {
    buf text;
    buf_init(&text, TABULAR_MAX_CELL);
    int cur_row = 0, cur_col = 0;
    bool in_data = false;
    rc_t rc = RC_OK;
    while (rc == RC_OK) {
        xtok t;
        rc = xml_next(x, &t, e);
        if (rc != RC_OK || t.kind == XT_EOF)
            break;
        if (tok_is(&t, XT_OPEN, "sheetData") || tok_is(&t, XT_CLOSE, "sheetData")) {
            in_data = t.kind == XT_OPEN && !t.empty;
            continue;
        }
        if (!in_data || t.kind != XT_OPEN)
            continue;
        const char *v;
        size_t vl;
        if (tok_is(&t, XT_OPEN, "row")) {
            long r = cur_row + 1;
            if (xml_attr(&t, "r", &v, &vl) && !parse_uint(v, vl, &r))
                rc = err_set(e, RC_INVALID, NULL, "xlsx: row number '%.*s' is invalid",
                             (int)(vl < 20 ? vl : 20), v);
            else if (r < 1 || r > TABULAR_MAX_ROWS)
                rc = err_set(e, RC_TOO_LARGE, NULL, "xlsx: row %ld is beyond the %d-row limit", r,
                             TABULAR_MAX_ROWS);
            cur_row = (int)r;
            cur_col = 0;
        } else if (tok_is(&t, XT_OPEN, "c")) {
            int col = cur_col + 1, row = cur_row > 0 ? cur_row : 1;
            if (xml_attr(&t, "r", &v, &vl) && !parse_ref(v, vl, &col, &row))
                rc = err_set(e, RC_INVALID, NULL, "xlsx: cell reference '%.*s' is invalid",
                             (int)(vl < 20 ? vl : 20), v);
            else if (col > TABULAR_MAX_COLS || row > TABULAR_MAX_ROWS)
                rc = err_set(e, RC_TOO_LARGE, NULL,
                             "xlsx: cell at row %d column %d is beyond the limits (%d rows, %d "
                             "columns)",
                             row, col, TABULAR_MAX_ROWS, TABULAR_MAX_COLS);
            else if (!t.empty)
                rc = xlsx_cell_value(x, a, &t, row, col, shared, &text, cells, e);
            cur_col = col;
        }
    }
    buf_free(&text);
    return rc;
}

/* tabular_read_xlsx — see tabular.h. Cells are placed by their references, so
 * skipped cells and rows come back as "". Table size is the extent of the cells
 * that hold a value. Fails RC_INVALID for a file that is not a readable xlsx,
 * RC_BAD_REQUEST for invalid UTF-8, RC_TOO_LARGE past the limits or when the
 * archive unpacks to more than XLSX_MAX_UNCOMPRESSED bytes. */
rc_t tabular_read_xlsx(arena *a, const char *data, size_t len, table *out, err *e) {
    memset(out, 0, sizeof *out);
    if (!data || len == 0)
        return err_set(e, RC_INVALID, NULL, "xlsx: the file is empty");
    zip_error_t ze;
    zip_error_init(&ze);
    xlsx_zip z = {NULL, XLSX_MAX_UNCOMPRESSED};
    buf shared, cells, doc;
    buf_init(&shared, XLSX_MAX_UNCOMPRESSED);
    buf_init(&cells, XLSX_MAX_UNCOMPRESSED);
    buf_init(&doc, 0);
    rc_t rc = RC_OK;
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (src)
        z.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!z.za) {
        rc = err_set(e, RC_INVALID, NULL, "xlsx: not a valid xlsx (zip) file: %s",
                     zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
        goto done;
    }
    char path[XLSX_PATH_MAX];
    rc = xlsx_first_sheet(&z, path, e);
    if (rc == RC_OK)
        rc = xlsx_shared_strings(&z, a, &shared, e);
    bool found = false;
    if (rc == RC_OK)
        rc = zip_read(&z, path, &doc, &found, e);
    if (rc == RC_OK && !found)
        rc = err_set(e, RC_INVALID, NULL, "xlsx: the workbook has no worksheet (%s missing)", path);
    if (rc == RC_OK) {
        xml_in x = {doc.data, doc.len, 0, path};
        rc = xlsx_sheet_cells(&x, a, &shared, &cells, e);
    }
    int nrows = 0, ncols = 0;
    const xlsx_cell *cv = (const xlsx_cell *)(void *)cells.data;
    size_t ncells = cells.len / sizeof(xlsx_cell);
    for (size_t i = 0; rc == RC_OK && i < ncells; i++) {
        nrows = cv[i].row > nrows ? cv[i].row : nrows;
        ncols = cv[i].col > ncols ? cv[i].col : ncols;
    }
    table t;
    if (rc == RC_OK)
        rc = table_alloc(a, nrows, ncols, &t, e);
    if (rc == RC_OK) {
        for (size_t i = 0; i < ncells; i++)
            t.cells[cv[i].row - 1][cv[i].col - 1] = cv[i].s;
        *out = t;
    }
done:
    if (z.za)
        zip_discard(z.za);
    zip_error_fini(&ze);
    buf_free(&doc);
    buf_free(&cells);
    buf_free(&shared);
    return rc;
}
