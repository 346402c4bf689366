/* field.h — one field of a record: its type, its rules, and its two forms (the JSON
 * the API speaks, the column the store keeps). Collections, registers, case kinds and
 * the inputs of case actions are all tables of field_defs, and this is the one
 * validator and converter they share: a type's rules live here and nowhere else. */
#ifndef RENDA_FIELD_H
#define RENDA_FIELD_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/rc.h"
#include "base/tabular.h"
#include "store/store.h"

typedef enum {
    FT_TEXT,
    FT_INT,
    FT_BOOL,        /* INTEGER 0/1 in the store, true/false in JSON */
    FT_DECIMAL,     /* money and the like: INTEGER in minor units (scale digits), "12.50" in JSON */
    FT_DATE,        /* TEXT 'YYYY-MM-DD' */
    FT_DATETIME,    /* TEXT 'YYYY-MM-DDTHH:MM:SSZ' (UTC) */
    FT_ENUM,        /* TEXT, one of values */
    FT_REF,         /* BIGINT id of a record of `ref` */
    FT_REFS,        /* a list of references, kept in a link table (no column) */
    FT_LIST,        /* an action's input only: a JSON array of objects of `items` fields */
    FT_ATTACHMENTS, /* files that go with the record (no column; filled in by the
                     * attachments mechanism) */
    FT_COUNT
} field_type;

enum {
    FF_REQUIRED = 1 << 0,    /* must be present and non-empty on create */
    FF_SEARCH = 1 << 1,      /* `q` matches it (for a reference: the referenced name) */
    FF_FILTER = 1 << 2,      /* `?field=value` filters by it; `by=field` counts by it */
    FF_SORT = 1 << 3,        /* `sort=field` orders by it */
    FF_LONG = 1 << 4,        /* long text: a text area in forms */
    FF_ACTION_ONLY = 1 << 5, /* written by an action (forward …), never as input */
    FF_READ_ONLY = 1 << 6,   /* the server's: shown, never input (state, dates stamped) */
    FF_PRIVATE = 1 << 7,     /* shown to staff and committee members only (phones) */
    FF_PERSONAL = 1 << 8,    /* hidden from the public (names of petitioners, voters) */
    FF_MAIN_DATE = 1 << 9,   /* the record's date: `year` filters by it */
    FF_DRAFT_ONLY = 1 << 10, /* a case's field that changes only while it is a draft */
    FF_HIDDEN = 1 << 11,     /* an action input the web app sets itself, not a form field */
    FF_OFFICE = 1 << 12,     /* an action input only staff may give (deciding a request) */
    FF_PUBLIC = 1 << 13,     /* a collection's field anonymous callers see (the public site);
                              * anonymous sees no other field of any collection */
    FF_COMPUTED = 1 << 14,   /* worked out when the record is read (collection_def.computed),
                              * no column; read-only */
    FF_FIXED = 1 << 15,      /* given on create, never changed after (an agenda item's
                              * meeting, a meeting's kind) */
};

/* One enum value: identifier (stored, JSON) and the labels people see. */
typedef struct {
    const char *id, *zh, *en;
} enum_value;

typedef struct field_def field_def;

/* Values decided at run time (reply classes A… from a setting): written into the
 * arena, terminated by {0}. */
typedef const enum_value *(*enum_values_fn)(store_conn *c, int64_t congress_id, arena *a);

struct field_def {
    const char *name; /* column and JSON key; references end in _id, lists in _ids */
    const char *label_zh, *label_en;
    field_type type;
    unsigned flags;
    int max_len;              /* FT_TEXT: characters (0: no limit beyond the request's) */
    long long min, max;       /* FT_INT; FT_DECIMAL in minor units */
    int scale;                /* FT_DECIMAL: digits after the point */
    const enum_value *values; /* FT_ENUM: terminated by {0} */
    enum_values_fn values_fn; /* FT_ENUM whose values come from settings */
    const char *ref;          /* FT_REF, FT_REFS: the referenced collection (or case kind);
                                 an FT_INT action input: what its id names (people, self) */
    const char *def;          /* default text when absent on create, or NULL */
    /* FT_REFS: the link table and its two columns (this record, the referenced one) */
    const char *link_table, *link_owner, *link_ref;
    /* FT_LIST: the fields of each item */
    const field_def *items;
    int nitems;
    /* Forms show the field only while when_field holds when_value (a motion's 案由,
     * 案据, 方案); NULL: always. Display only: the server takes the value either way. */
    const char *when_field, *when_value;
};

#define FIELD_KEY_MAX 96
#define REFS_MAX 200       /* references in one FT_REFS list */
#define FIELD_LIST_MAX 100 /* items in one FT_LIST */
#define DECIMAL_SCALE_MAX 6

/* field_is_column — kept in the record's own table (references lists and attachments
 * are not). */
bool field_is_column(const field_def *f);
/* field_type_name — "text", "int", "bool" … as the schema names it. */
const char *field_type_name(field_type t);

/* field_name_key — the key of a reference's display name: "person_id" → "person_name",
 * "deputy_ids" → "deputy_names". */
void field_name_key(const field_def *f, char out[FIELD_KEY_MAX]);

/* Enums. field_enum_values — the field's values (static or from values_fn, written into
 * a); NULL when it has none. */
const enum_value *field_enum_values(const field_def *f, store_conn *c, int64_t congress_id,
                                    arena *a);
const enum_value *enum_find(const enum_value *values, const char *id);
/* enum_match — the identifier for text that is the identifier or either label
 * (imports and filters from people), or NULL. */
const char *enum_match(const enum_value *values, const char *text);
/* enum_label — the Chinese label for an identifier; the identifier when unknown. */
const char *enum_label(const enum_value *values, const char *id);
/* enum_list — the identifiers ("a, b") or, zh, the Chinese labels ("甲、乙") into out,
 * whole entries only. */
void enum_list(const enum_value *values, bool zh, char *out, size_t cap);
/* ENUM_FMT — the English lists the identifiers; the trailing %.0s prints nothing in
 * English but hands the Chinese labels to the message catalog (base/msg_zh.c: {3}). */
#define ENUM_FMT "%s must be one of: %s%.0s"

/* field_blank — absent, null, or text of white space only. */
bool field_blank(const json_t *v);

/* field_value_check — the type and range of one given value (null passes here:
 * required is the caller's rule). values: the enum's values (field_enum_values).
 * RC_INVALID naming the field. */
rc_t field_value_check(const field_def *f, const enum_value *values, const json_t *v, err *e);

/* field_bind — the value as the store keeps it, appended to p: booleans 0/1, decimals
 * in minor units, blank text as NULL, absent as the field's default or NULL. */
void field_bind(store_params *p, const field_def *f, const json_t *v);

/* field_column_json — column i of the current row as the field's JSON (new reference). */
json_t *field_column_json(const field_def *f, store_stmt *st, int i);

/* field_from_text — a spreadsheet cell as the JSON value the API would take (NULL when
 * empty; text kept as text when it does not parse, for field_value_check to refuse). */
json_t *field_from_text(const field_def *f, const enum_value *values, const char *s);

/* field_display — a value as a person reads it in an exported file: an enum's label,
 * 是/否, "12.50", a list "3,17". Arena-owned; "" for null. */
const char *field_display(arena *a, const field_def *f, const enum_value *values, const json_t *v);

/* field_cell — a value as a typed cell of an exported file: a number as a number, a
 * date as a date, a decimal exact, a boolean 是/否, an enum's label, a list "3,17".
 * Text is copied into the arena (its record may be gone before the file is written). */
tab_cell field_cell(arena *a, const field_def *f, const enum_value *values, const json_t *v);

/* field_schema — the field as GET …/schema describes it to the web app (new reference). */
json_t *field_schema(const field_def *f, const enum_value *values);

/* parse_whole — a whole number written by a person or a spreadsheet ("12", "12.0");
 * false for anything else. */
bool parse_whole(const char *s, long long *out);

/* decimal_parse — "12.5" with scale 2 → 1250; false when not a number with at most
 * scale decimals. decimal_format writes minor units back as text. */
bool decimal_parse(const char *s, int scale, long long *out);
void decimal_format(long long minor, int scale, char *out, size_t cap);

/* like_pattern — "%word%" for LIKE … ESCAPE '\' with the user's text taken literally
 * (the first n bytes of word), in the arena; NULL when out of memory. */
char *like_pattern(arena *a, const char *word, size_t n);

#endif
