/* xlsx_read.c — the first worksheet of an xlsx file: libzip unpacks the parts
 * (within a whole-file budget, so a zip bomb stops early), expat parses them as
 * they stream in (DTDs refused, so no entity can expand; UTF-8 checked first), and
 * the cells land in a grid by their references.
 *
 * Parts read: xl/workbook.xml (which sheet is first, the 1904 date system), its
 * relationships (where the sheet, styles and shared strings are), xl/styles.xml
 * (which cell formats are dates), xl/sharedStrings.xml and the sheet. Element and
 * attribute names are matched by their local part, so prefixed files (x:c, as the
 * .NET SDK writes them) read the same. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

/* Debian's libexpat is built with XML_DTD; its expat.h declares the
 * billion-laughs limits only when XML_DTD is defined. */
#define XML_DTD 1
#include <expat.h>

#include "base/tabular/internal.h"

enum {
    /* Whole-file budget for decompressed xlsx parts: a zip bomb stops here. */
    XLSX_MAX_UNCOMPRESSED = 64 * 1024 * 1024,
    XLSX_MIB = 1024 * 1024,
    XLSX_READ_CHUNK = 16 * 1024,
    XLSX_UTF8_SEQ_MAX = 4,
    XLSX_PATH_MAX = 1024,
    XLSX_ID_MAX = 64,
    XLSX_SHEET_NAME_MAX = 128,
    XLSX_WHERE_MAX = 48,
    XLSX_LABEL_MAX = 160,
    XLSX_MESSAGE_MAX = 256,
    XLSX_TYPE_MAX = 16,
    XLSX_REF_LETTERS_MAX = 3,
    XLSX_REF_DIGITS_MAX = 7,
    XLSX_SHOWN_MAX = 20, /* bytes of a bad value quoted in a message */
    /* Excel allows 64,000 cell formats and about 250 custom number formats; more
     * is not a spreadsheet (and each cell format looks its number format up). */
    XLSX_STYLES_MAX = 65536,
    XLSX_NUMFMTS_MAX = 1024,
    /* Spreadsheet XML nests about five deep; expat would grow a stack for more. */
    XML_DEPTH_MAX = 64,
    XML_AMPLIFICATION_THRESHOLD = 1024 * 1024,
};
static const float xml_amplification_max = 10.0f;

/* ----------------------------------------------------------- zip + expat */

typedef struct {
    zip_t *za;
    size_t budget; /* decompressed bytes still allowed */
} xlsx_zip;

/* One part being parsed. Each part's context starts with an xml_run, so the
 * callbacks get their context by a cast. */
typedef struct xml_run xml_run;
struct xml_run {
    XML_Parser p;
    char label[XLSX_LABEL_MAX]; /* the part, for messages: "sheet '建议'" */
    char where[XLSX_WHERE_MAX]; /* inside the part: "cell B3", or "" */
    rc_t rc;
    err *e;
    int depth;
    void (*on_start)(xml_run *x, const char *name, const char **atts);
    void (*on_end)(xml_run *x, const char *name);
    buf text; /* character data collected while `collecting` */
    bool collecting;
};

/* Stops the parse with rc and a message naming the part and place; the first
 * failure wins. */
__attribute__((format(printf, 3, 4))) static void run_fail(xml_run *x, rc_t rc, const char *fmt,
                                                           ...) {
    if (x->rc != RC_OK)
        return;
    char msg[XLSX_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    x->rc =
        err_set(x->e, rc, NULL, "xlsx %s%s%s: %s", x->label, x->where[0] ? " " : "", x->where, msg);
    XML_StopParser(x->p, XML_FALSE);
}

static const char *local_name(const char *name) {
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static bool is(const char *name, const char *want) { return strcmp(name, want) == 0; }

/* Value of attribute `name`, matched by local part (r:id matches "id") unless
 * its prefix is xmlns; NULL when absent. */
static const char *attr(const char **atts, const char *name) {
    for (int i = 0; atts[i]; i += 2) {
        if (is(atts[i], name))
            return atts[i + 1];
        const char *colon = strchr(atts[i], ':');
        if (colon && strncmp(atts[i], "xmlns:", strlen("xmlns:")) != 0 && is(colon + 1, name))
            return atts[i + 1];
    }
    return NULL;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts) {
    xml_run *x = ud;
    if (++x->depth > XML_DEPTH_MAX) {
        run_fail(x, RC_INVALID, "elements nested more than %d deep", XML_DEPTH_MAX);
        return;
    }
    if (x->on_start)
        x->on_start(x, local_name(name), atts);
}

static void XMLCALL on_end(void *ud, const XML_Char *name) {
    xml_run *x = ud;
    x->depth--;
    if (x->on_end)
        x->on_end(x, local_name(name));
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len) {
    xml_run *x = ud;
    if (!x->collecting || x->rc != RC_OK)
        return;
    rc_t rc = buf_append(&x->text, s, (size_t)len);
    if (rc == RC_TOO_LARGE)
        run_fail(x, rc, "text longer than %d bytes", TABULAR_MAX_CELL);
    else if (rc != RC_OK)
        run_fail(x, rc, "out of memory");
}

/* A DTD is where entities are declared: none is needed, so none is taken. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset) {
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    run_fail(ud, RC_INVALID, "a DOCTYPE is not allowed (no DTDs, no entity definitions)");
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_pe, const XML_Char *value,
                              int vlen, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation) {
    (void)name, (void)is_pe, (void)value, (void)vlen, (void)base, (void)sysid, (void)pubid,
        (void)notation;
    run_fail(ud, RC_INVALID, "entity definitions are not allowed");
}

/* Feeds n bytes (n == 0 with final: the end) to expat; the run's rc, or RC_INVALID
 * for XML that is not well-formed. */
static rc_t feed(xml_run *x, const char *s, size_t n, bool final) {
    if (XML_Parse(x->p, s, (int)n, final) != XML_STATUS_ERROR)
        return x->rc;
    if (x->rc == RC_OK)
        run_fail(x, RC_INVALID, "malformed XML (%s) at line %lu, column %lu",
                 XML_ErrorString(XML_GetErrorCode(x->p)),
                 (unsigned long)XML_GetCurrentLineNumber(x->p),
                 (unsigned long)XML_GetCurrentColumnNumber(x->p) + 1);
    return x->rc;
}

/* Streams part `name` through expat with x's callbacks. *found is false when the
 * archive has no such part (not an error). Every byte counts against z's budget. */
static rc_t parse_part(xlsx_zip *z, const char *name, xml_run *x, bool *found, err *e) {
    *found = false;
    x->e = e;
    x->rc = RC_OK;
    zip_int64_t idx = zip_name_locate(z->za, name, 0);
    if (idx < 0)
        return RC_OK;
    *found = true;
    zip_file_t *f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!f)
        return err_set(e, RC_INVALID, NULL, "xlsx: cannot open part %s: %s", name,
                       zip_strerror(z->za));
    x->p = XML_ParserCreate("UTF-8");
    if (!x->p) {
        zip_fclose(f);
        return err_set(e, RC_NOMEM, NULL, "xlsx: out of memory reading part %s", name);
    }
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, on_start, on_end);
    XML_SetCharacterDataHandler(x->p, on_text);
    XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
    XML_SetEntityDeclHandler(x->p, on_entity);
    XML_SetParamEntityParsing(x->p, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(x->p, xml_amplification_max);
    XML_SetBillionLaughsAttackProtectionActivationThreshold(x->p, XML_AMPLIFICATION_THRESHOLD);

    char chunk[XLSX_READ_CHUNK + XLSX_UTF8_SEQ_MAX];
    size_t carry = 0; /* bytes of a UTF-8 sequence cut by the previous chunk */
    rc_t rc = RC_OK;
    while (rc == RC_OK) {
        zip_int64_t n = zip_fread(f, chunk + carry, XLSX_READ_CHUNK);
        if (n < 0) {
            rc = err_set(e, RC_INVALID, NULL, "xlsx: part %s is corrupt: %s", name,
                         zip_file_strerror(f));
            break;
        }
        if ((size_t)n > z->budget) {
            rc = err_set(e, RC_TOO_LARGE, NULL, "xlsx: the unpacked file is larger than %d MiB",
                         XLSX_MAX_UNCOMPRESSED / XLSX_MIB);
            break;
        }
        z->budget -= (size_t)n;
        size_t have = carry + (size_t)n;
        bool partial = false;
        size_t good = xlsx_utf8_prefix(chunk, have, &partial);
        rc = feed(x, chunk, good, false);
        if (rc != RC_OK)
            break;
        if (good < have && !(partial && n > 0)) {
            run_fail(x, RC_BAD_REQUEST, "invalid UTF-8 or a NUL character");
            rc = x->rc;
            break;
        }
        carry = have - good;
        memmove(chunk, chunk + good, carry);
        if (n == 0) {
            rc = feed(x, NULL, 0, true);
            break;
        }
    }
    XML_ParserFree(x->p);
    x->p = NULL;
    zip_fclose(f);
    return rc;
}

/* ------------------------------------------------- workbook and its rels */

typedef struct {
    xml_run run;
    char rid[XLSX_ID_MAX], name[XLSX_SHEET_NAME_MAX];
    bool have_sheet, date1904;
} workbook_ctx;

static void copy_attr(char *dst, size_t n, const char *v) {
    if (v && strlen(v) < n)
        memcpy(dst, v, strlen(v) + 1);
}

static void workbook_start(xml_run *x, const char *name, const char **atts) {
    workbook_ctx *w = (workbook_ctx *)x;
    if (is(name, "sheet") && !w->have_sheet) {
        w->have_sheet = true;
        copy_attr(w->rid, sizeof w->rid, attr(atts, "id"));
        copy_attr(w->name, sizeof w->name, attr(atts, "name"));
    } else if (is(name, "workbookPr")) {
        const char *d = attr(atts, "date1904");
        w->date1904 = d && (is(d, "1") || strcasecmp(d, "true") == 0);
    }
}

typedef struct {
    xml_run run;
    const char *rid;
    char sheet[XLSX_PATH_MAX], styles[XLSX_PATH_MAX], strings[XLSX_PATH_MAX];
} rels_ctx;

/* A relationship target as a part name: absolute ("/xl/…") or relative to xl/. */
static void part_path(char out[XLSX_PATH_MAX], const char *target) {
    if (!target || !*target)
        return;
    if (target[0] == '/')
        copy_attr(out, XLSX_PATH_MAX, target + 1);
    else if (strlen(target) + strlen("xl/") < XLSX_PATH_MAX)
        snprintf(out, XLSX_PATH_MAX, "xl/%s", target);
}

static bool ends_with(const char *s, const char *tail) {
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

static void rels_start(xml_run *x, const char *name, const char **atts) {
    rels_ctx *r = (rels_ctx *)x;
    if (!is(name, "Relationship"))
        return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    if (id && r->rid[0] && is(id, r->rid))
        part_path(r->sheet, target);
    else if (type && ends_with(type, "/styles"))
        part_path(r->styles, target);
    else if (type && ends_with(type, "/sharedStrings"))
        part_path(r->strings, target);
}

/* ---------------------------------------------------------------- styles */

typedef struct {
    int id;
    xlsx_fmt kind;
} custom_fmt;

typedef struct {
    xml_run run;
    int in_numfmts, in_cellxfs;
    buf custom; /* custom_fmt[] */
    buf xfs;    /* one xlsx_fmt byte per cell format, by index */
} styles_ctx;

/* Parses a decimal of at most XLSX_REF_DIGITS_MAX digits. */
static bool parse_uint(const char *s, long *out) {
    long v = 0;
    size_t n = s ? strlen(s) : 0;
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

static void styles_start(xml_run *x, const char *name, const char **atts) {
    styles_ctx *st = (styles_ctx *)x;
    long id = 0;
    if (is(name, "numFmts")) {
        st->in_numfmts++;
    } else if (is(name, "cellXfs")) {
        st->in_cellxfs++;
    } else if (is(name, "numFmt") && st->in_numfmts > 0 &&
               parse_uint(attr(atts, "numFmtId"), &id)) {
        const char *code = attr(atts, "formatCode");
        custom_fmt c = {(int)id, code ? xlsx_format_kind(code) : XLSX_FMT_NUMBER};
        if (buf_append(&st->custom, &c, sizeof c) != RC_OK)
            run_fail(x, RC_TOO_LARGE, "more than %d number formats", XLSX_NUMFMTS_MAX);
    } else if (is(name, "xf") && st->in_cellxfs > 0) {
        xlsx_fmt kind = XLSX_FMT_NUMBER;
        if (parse_uint(attr(atts, "numFmtId"), &id)) {
            kind = xlsx_builtin_format((int)id);
            const custom_fmt *c = (const custom_fmt *)(void *)st->custom.data;
            for (size_t i = 0; i < st->custom.len / sizeof *c; i++)
                if (c[i].id == id)
                    kind = c[i].kind; /* a file may redefine a built-in id */
        }
        unsigned char k = (unsigned char)kind;
        if (buf_append(&st->xfs, &k, 1) != RC_OK)
            run_fail(x, RC_TOO_LARGE, "more than %d cell formats", XLSX_STYLES_MAX);
    }
}

static void styles_end(xml_run *x, const char *name) {
    styles_ctx *st = (styles_ctx *)x;
    st->in_numfmts -= is(name, "numFmts") && st->in_numfmts > 0;
    st->in_cellxfs -= is(name, "cellXfs") && st->in_cellxfs > 0;
}

/* -------------------------------------------------------- shared strings */

typedef struct {
    xml_run run;
    arena *a;
    buf *vec; /* char *[] */
    int in_si, in_t, in_rph;
    size_t count;
} sst_ctx;

/* Only <t> text counts, and phonetic runs (<rPh>) are left out. */
static void sst_collect(sst_ctx *s) { s->run.collecting = s->in_si && s->in_t > 0 && !s->in_rph; }

static void sst_start(xml_run *x, const char *name, const char **atts) {
    (void)atts;
    sst_ctx *s = (sst_ctx *)x;
    if (is(name, "si")) {
        s->in_si = 1;
        s->in_t = s->in_rph = 0;
        buf_reset(&x->text);
        snprintf(x->where, sizeof x->where, "shared string %zu", s->count);
    } else if (s->in_si) {
        s->in_t += is(name, "t");
        s->in_rph += is(name, "rPh");
    }
    sst_collect(s);
}

/* Pushes one pointer (or cell) onto a heap vector held in a buf. */
static void vec_push(xml_run *x, buf *v, const void *item, size_t size) {
    rc_t rc = buf_append(v, item, size);
    if (rc == RC_TOO_LARGE)
        run_fail(x, rc, "too many cells or strings");
    else if (rc != RC_OK)
        run_fail(x, rc, "out of memory");
}

static void sst_end(xml_run *x, const char *name) {
    sst_ctx *s = (sst_ctx *)x;
    if (is(name, "si") && s->in_si) {
        xlsx_unescape_controls(&x->text);
        char *str = arena_strndup(s->a, x->text.data ? x->text.data : "", x->text.len);
        if (!str)
            run_fail(x, RC_NOMEM, "shared strings exceed the memory limit");
        else
            vec_push(x, s->vec, &str, sizeof str);
        s->in_si = 0;
        s->count++;
        x->where[0] = '\0';
    } else if (s->in_si) {
        s->in_t -= is(name, "t") && s->in_t > 0;
        s->in_rph -= is(name, "rPh") && s->in_rph > 0;
    }
    sst_collect(s);
}

/* ----------------------------------------------------------------- sheet */

/* A cell with a value, before the grid's size is known (0-based place). */
typedef struct {
    int32_t row;
    int16_t col;
    uint8_t type; /* tab_type */
    const char *text;
} found_cell;

typedef struct {
    xml_run run;
    arena *a;
    const buf *shared; /* char *[] */
    const buf *xfs;    /* xlsx_fmt bytes */
    bool date1904;
    buf *cells; /* found_cell[] */
    bool in_data, in_cell;
    int row, col;                       /* the last row and cell seen, 1-based */
    char type[XLSX_TYPE_MAX];           /* the cell's t attribute */
    long style;                         /* its s attribute */
    int in_v, in_is, in_t, in_rph, has; /* has: a <v> or <is> was seen */
} sheet_ctx;

/* Parses a reference like "B3" into 1-based column and row. */
static bool parse_ref(const char *s, int *col, int *row) {
    size_t i = 0, n = strlen(s);
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

static void sheet_collect(sheet_ctx *s) {
    s->run.collecting = s->in_cell && (s->in_v > 0 || (s->in_is > 0 && s->in_t > 0 && !s->in_rph));
}

static void cell_start(sheet_ctx *s, const char **atts) {
    xml_run *x = &s->run;
    const char *ref = attr(atts, "r"), *t = attr(atts, "t");
    int col = s->col + 1, row = s->row > 0 ? s->row : 1;
    if (ref && !parse_ref(ref, &col, &row)) {
        run_fail(x, RC_INVALID, "cell reference '%.*s' is invalid", XLSX_SHOWN_MAX, ref);
        return;
    }
    if (col > TABULAR_MAX_COLS || row > TABULAR_MAX_ROWS) {
        run_fail(x, RC_TOO_LARGE,
                 "cell at row %d column %d is beyond the limits (%d rows, %d columns)", row, col,
                 TABULAR_MAX_ROWS, TABULAR_MAX_COLS);
        return;
    }
    s->col = col;
    s->in_cell = true;
    s->in_v = s->in_is = s->in_t = s->in_rph = s->has = 0;
    s->style = 0;
    if (!parse_uint(attr(atts, "s"), &s->style))
        s->style = 0;
    copy_attr(s->type, sizeof s->type, "n");
    copy_attr(s->type, sizeof s->type, t);
    buf_reset(&x->text);
    char cn[TAB_COL_NAME_MAX];
    tab_col_name(col, cn);
    snprintf(x->where, sizeof x->where, "cell %s%d", cn, row);
    s->row = row;
}

static void sheet_start(xml_run *x, const char *name, const char **atts) {
    sheet_ctx *s = (sheet_ctx *)x;
    if (is(name, "sheetData")) {
        s->in_data = true;
    } else if (!s->in_data) {
        return;
    } else if (is(name, "row")) {
        long r = s->row + 1;
        const char *v = attr(atts, "r");
        if (v && !parse_uint(v, &r))
            run_fail(x, RC_INVALID, "row number '%.*s' is invalid", XLSX_SHOWN_MAX, v);
        else if (r < 1 || r > TABULAR_MAX_ROWS)
            run_fail(x, RC_TOO_LARGE, "row %ld is beyond the %d-row limit", r, TABULAR_MAX_ROWS);
        s->row = (int)r;
        s->col = 0;
    } else if (is(name, "c") && !s->in_cell) {
        cell_start(s, atts);
    } else if (s->in_cell && (is(name, "v") || is(name, "is"))) {
        buf_reset(&x->text); /* the last <v> or <is> wins */
        s->in_v += is(name, "v");
        s->in_is += is(name, "is");
        s->has = 1;
    } else if (s->in_cell) {
        s->in_t += is(name, "t");
        s->in_rph += is(name, "rPh");
    }
    sheet_collect(s);
}

/* An ISO 8601 value of a t="d" cell: a date when there is no time of day. */
static tab_type iso_date(const char *v, char out[TAB_TEXT_MAX]) {
    static const char *const midnight[] = {"", "T00:00:00", "T00:00:00Z", "T00:00:00.000",
                                           "T00:00:00.000Z"};
    date_t d;
    char day[TAB_TEXT_MAX];
    if (strlen(v) < strlen("YYYY-MM-DD"))
        return TAB_TEXT;
    memcpy(day, v, strlen("YYYY-MM-DD"));
    day[strlen("YYYY-MM-DD")] = '\0';
    for (size_t i = 0; i < sizeof midnight / sizeof midnight[0]; i++)
        if (date_parse(day, &d) && is(v + strlen(day), midnight[i])) {
            date_format(d, out);
            return TAB_DATE;
        }
    return TAB_TEXT;
}

/* A t="n" value: a date or time when its format says so, else a number (*v then
 * points at out); text that is no number stays as it is. */
static tab_type number_value(const sheet_ctx *s, const char **v, char out[TAB_TEXT_MAX]) {
    char *end = NULL;
    double x = strtod(*v, &end);
    if (!end || *end != '\0' || end == *v || strpbrk(*v, "xXnN"))
        return TAB_TEXT;
    *v = out;
    xlsx_fmt kind = s->style >= 0 && (size_t)s->style < s->xfs->len
                        ? (xlsx_fmt)(unsigned char)s->xfs->data[s->style]
                        : XLSX_FMT_NUMBER;
    if (kind != XLSX_FMT_NUMBER) {
        tab_type t = xlsx_serial_text(x, kind, s->date1904, out);
        if (t != TAB_EMPTY)
            return t;
    }
    return xlsx_number_text(x, out);
}

/* The cell's value once its </c> is read, pushed when not empty. */
static void cell_end(sheet_ctx *s) {
    xml_run *x = &s->run;
    s->in_cell = false;
    if (!s->has)
        return;
    xlsx_unescape_controls(&x->text);
    const char *v = x->text.data ? x->text.data : "";
    char tmp[TAB_TEXT_MAX];
    tab_type type = TAB_TEXT;
    if (is(s->type, "s")) {
        long idx;
        size_t nshared = s->shared->len / sizeof(char *);
        if (!parse_uint(v, &idx) || (size_t)idx >= nshared) {
            run_fail(x, RC_INVALID, "shared string index '%.*s' is invalid", XLSX_SHOWN_MAX, v);
            return;
        }
        v = ((char *const *)(const void *)s->shared->data)[idx];
    } else if (is(s->type, "b")) {
        type = TAB_BOOL;
        v = is(v, "1") ? "TRUE" : "FALSE";
    } else if (is(s->type, "d")) {
        type = iso_date(v, tmp);
        v = type == TAB_DATE ? tmp : v;
    } else if (is(s->type, "n")) {
        type = number_value(s, &v, tmp);
    } /* "str" (a formula's text), "inlineStr", "e" (#N/A …), unknown: text */
    if (!*v)
        return;
    found_cell c = {s->row - 1, (int16_t)(s->col - 1), (uint8_t)type, arena_strdup(s->a, v)};
    if (!c.text)
        run_fail(x, RC_NOMEM, "the file exceeds the memory limit");
    else
        vec_push(x, s->cells, &c, sizeof c);
}

static void sheet_end(xml_run *x, const char *name) {
    sheet_ctx *s = (sheet_ctx *)x;
    if (is(name, "sheetData")) {
        s->in_data = false;
    } else if (s->in_cell && is(name, "c")) {
        cell_end(s);
        x->where[0] = '\0';
    } else if (s->in_cell) {
        s->in_v -= is(name, "v") && s->in_v > 0;
        s->in_is -= is(name, "is") && s->in_is > 0;
        s->in_t -= is(name, "t") && s->in_t > 0;
        s->in_rph -= is(name, "rPh") && s->in_rph > 0;
    }
    sheet_collect(s);
}

/* --------------------------------------------------------------- reading */

/* Where the cells go: one of the two is set. */
typedef struct {
    table *t;
    tab_sheet *s;
} xlsx_out;

static void run_init(xml_run *x, const char *label) {
    snprintf(x->label, sizeof x->label, "%s", label);
    buf_init(&x->text, TABULAR_MAX_CELL);
}

/* Places the found cells in a grid as large as their extent. */
static rc_t fill_grid(arena *a, const buf *cells, const char *label, const xlsx_out *out, err *e) {
    const found_cell *cv = (const found_cell *)(const void *)cells->data;
    size_t n = cells->len / sizeof *cv;
    int nrows = 0, ncols = 0;
    for (size_t i = 0; i < n; i++) {
        nrows = cv[i].row + 1 > nrows ? cv[i].row + 1 : nrows;
        ncols = cv[i].col + 1 > ncols ? cv[i].col + 1 : ncols;
    }
    rc_t rc = tab_grid_check(label, nrows, ncols, e);
    if (rc == RC_OK)
        rc = out->t ? tab_grid_table(a, nrows, ncols, out->t, e)
                    : tab_grid_sheet(a, nrows, ncols, out->s, e);
    for (size_t i = 0; rc == RC_OK && i < n; i++) {
        if (out->t)
            out->t->cells[cv[i].row][cv[i].col] = (char *)cv[i].text;
        else
            out->s->cells[cv[i].row][cv[i].col] = tab_cell_read((tab_type)cv[i].type, cv[i].text);
    }
    return rc;
}

/* Reads the parts in order: workbook, relationships, styles, shared strings, sheet. */
static rc_t read_parts(xlsx_zip *z, arena *a, const xlsx_out *out, err *e) {
    buf shared, cells;
    buf_init(&shared, XLSX_MAX_UNCOMPRESSED);
    buf_init(&cells, XLSX_MAX_UNCOMPRESSED);
    bool found;

    workbook_ctx wb = {.run.on_start = workbook_start};
    run_init(&wb.run, "xl/workbook.xml");
    rc_t rc = parse_part(z, "xl/workbook.xml", &wb.run, &found, e);

    rels_ctx rels = {.run.on_start = rels_start,
                     .rid = wb.rid,
                     .sheet = "xl/worksheets/sheet1.xml",
                     .styles = "xl/styles.xml",
                     .strings = "xl/sharedStrings.xml"};
    run_init(&rels.run, "xl/_rels/workbook.xml.rels");
    if (rc == RC_OK)
        rc = parse_part(z, "xl/_rels/workbook.xml.rels", &rels.run, &found, e);

    styles_ctx st = {.run.on_start = styles_start, .run.on_end = styles_end};
    run_init(&st.run, rels.styles);
    buf_init(&st.custom, XLSX_NUMFMTS_MAX * sizeof(custom_fmt));
    buf_init(&st.xfs, XLSX_STYLES_MAX);
    if (rc == RC_OK)
        rc = parse_part(z, rels.styles, &st.run, &found, e);

    sst_ctx sst = {.run.on_start = sst_start, .run.on_end = sst_end, .a = a, .vec = &shared};
    run_init(&sst.run, rels.strings);
    if (rc == RC_OK)
        rc = parse_part(z, rels.strings, &sst.run, &found, e);

    const char *name = wb.name[0] ? wb.name : "Sheet1";
    char label[XLSX_LABEL_MAX];
    snprintf(label, sizeof label, "sheet '%s'", name);
    sheet_ctx sh = {.run.on_start = sheet_start,
                    .run.on_end = sheet_end,
                    .a = a,
                    .shared = &shared,
                    .xfs = &st.xfs,
                    .date1904 = wb.date1904,
                    .cells = &cells};
    run_init(&sh.run, label);
    if (rc == RC_OK)
        rc = parse_part(z, rels.sheet, &sh.run, &found, e);
    if (rc == RC_OK && !found)
        rc = err_set(e, RC_INVALID, NULL, "xlsx: the workbook has no worksheet (%s missing)",
                     rels.sheet);
    if (rc == RC_OK)
        rc = fill_grid(a, &cells, label, out, e);
    if (rc == RC_OK && out->s) {
        out->s->name = arena_strdup(a, name);
        if (!out->s->name)
            rc = err_set(e, RC_NOMEM, NULL, "xlsx: the file exceeds the memory limit");
    }
    xml_run *runs[] = {&wb.run, &rels.run, &st.run, &sst.run, &sh.run};
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
        buf_free(&runs[i]->text);
    buf_free(&st.custom);
    buf_free(&st.xfs);
    buf_free(&cells);
    buf_free(&shared);
    return rc;
}

static rc_t xlsx_read(arena *a, const char *data, size_t len, const xlsx_out *out, err *e) {
    if (!data || len == 0)
        return err_set(e, RC_INVALID, NULL, "xlsx: the file is empty");
    zip_error_t ze;
    zip_error_init(&ze);
    xlsx_zip z = {NULL, XLSX_MAX_UNCOMPRESSED};
    rc_t rc = RC_OK;
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (src)
        z.za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!z.za) {
        rc = err_set(e, RC_INVALID, NULL, "xlsx: not a valid xlsx (zip) file: %s",
                     zip_error_strerror(&ze));
        if (src)
            zip_source_free(src);
    } else {
        rc = read_parts(&z, a, out, e);
        zip_discard(z.za);
    }
    zip_error_fini(&ze);
    return rc;
}

/* tab_read_xlsx — see tabular.h. */
rc_t tab_read_xlsx(arena *a, const char *data, size_t len, tab_sheet *out, err *e) {
    tab_sheet s = {0};
    xlsx_out o = {.s = &s};
    rc_t rc = xlsx_read(a, data, len, &o, e);
    *out = rc == RC_OK ? s : (tab_sheet){0};
    return rc;
}

/* tabular_read_xlsx — see tabular.h. */
rc_t tabular_read_xlsx(arena *a, const char *data, size_t len, table *out, err *e) {
    table t = {0};
    xlsx_out o = {.t = &t};
    rc_t rc = xlsx_read(a, data, len, &o, e);
    *out = rc == RC_OK ? t : (table){0};
    return rc;
}
