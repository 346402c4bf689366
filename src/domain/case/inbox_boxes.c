/* inbox_boxes.c — what the inbox's answer says about itself, so the web app draws it
 * without knowing its boxes: each box's label and tone in the server's order
 * ("boxes"), and for a unit the cases it returned and the figures of its work (reply
 * rate, satisfaction). case_inbox (inbox.c) decides what is in each box; this file
 * only names them and adds the unit's own. */
#include <stdio.h>
#include <string.h>

#include "domain/case/case_impl.h"

/* The boxes people see, by key. A box inbox.c answers with that is not listed here
 * still appears, named by its key, until a row is added. */
static const struct {
    const char *key, *zh, *en, *tone;
} box_labels[] = {
    {"to_review", "待审查", "To review", "primary"},
    {"to_assign", "待交办", "To assign", "primary"},
    {"assigned", "交办给本单位", "Assigned to us", "primary"},
    {"overdue", "已超期", "Overdue", "danger"},
    {"due_soon", "即将到期", "Due soon", "warning"},
    {"unsatisfied", "代表不满意", "Unsatisfied", "danger"},
    {"extensions", "延期申请待审批", "Extension requests", "warning"},
    {"record_feedback", "待回访群众", "Feedback to record", "primary"},
    {"to_close", "已评价待办结", "Rated, to close", "info"},
    {"to_confirm", "邀请我附议", "Invited to cosign", "primary"},
    {"feedback", "答复待我评价", "Replies awaiting my feedback", "warning"},
    {"drafts", "我的草稿", "My drafts", "info"},
    {"returned", "已退回待改派", "Returned, awaiting reassignment", "info"},
    {"assign_overdue", "超期未交办", "Past the time to assign", "danger"},
    {"to_rehandle", "评价期满待重办", "Feedback period over, to re-handle", "danger"},
    {"follow_up", "B类待跟踪答复", "B-class, follow-up due", "warning"},
};

static const field_def box_cols[] = {
    {.name = "id", .type = FT_INT},      {.name = "kind", .type = FT_TEXT},
    {.name = "title", .type = FT_TEXT},  {.name = "state", .type = FT_TEXT},
    {.name = "due_on", .type = FT_DATE}, {.name = "number", .type = FT_TEXT},
};

/* returned_box — the cases the unit returned that the office has not reassigned yet. */
static rc_t returned_box(store_conn *c, int64_t unit_id, json_t *inbox, err *e) {
    store_params b = {.n = 0};
    store_param_int(&b, unit_id);
    json_t *arr = json_array();
    rc_t rc = case_rows_json(
        c,
        "SELECT c.id, c.kind, c.title, c.state, c.due_on, c.number FROM cases c WHERE "
        "c.state = 'returned' AND EXISTS (SELECT 1 FROM case_units u WHERE "
        "u.case_id = c.id AND u.unit_id = ? AND u.state = 'returned') "
        "ORDER BY c.id",
        &b, box_cols, (int)(sizeof box_cols / sizeof box_cols[0]), arr, e);
    json_object_set_new(inbox, "returned", arr);
    json_object_set_new(json_object_get(inbox, "counts"), "returned",
                        json_integer((json_int_t)json_array_size(arr)));
    return rc;
}

/* figure — {key, label_zh, label_en, value (percent, null without a base), of, total}. */
static json_t *figure(const char *key, const char *zh, const char *en, int64_t of, int64_t total) {
    json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s}", "key", key, "label_zh", zh, "label_en",
                          en, "of", (json_int_t)of, "total", (json_int_t)total, "unit", "%");
    json_object_set_new(o, "value",
                        total ? json_integer((json_int_t)(of * 100 / total)) : json_null());
    return o;
}

/* unit_figures — the unit's reply rate (cases it leads or handles separately that it
 * has answered, of those it owes an answer) and the satisfaction with them (ratings
 * satisfied or basically satisfied, of all ratings given on them). */
static rc_t unit_figures(store_conn *c, int64_t unit_id, json_t *inbox, err *e) {
    static const char *const sql[] = {
        "SELECT COUNT(*) FROM case_units WHERE unit_id = ? AND role <> 'co' AND "
        "state = 'replied'",
        "SELECT COUNT(*) FROM case_units WHERE unit_id = ? AND role <> 'co' AND "
        "state IN ('assigned','replied')",
        "SELECT COUNT(*) FROM case_feedback WHERE rating <> 'unsatisfied' AND case_id IN "
        "(SELECT case_id FROM case_units WHERE unit_id = ? AND role <> 'co')",
        "SELECT COUNT(*) FROM case_feedback WHERE case_id IN "
        "(SELECT case_id FROM case_units WHERE unit_id = ? AND role <> 'co')",
    };
    int64_t n[4] = {0};
    rc_t rc = RC_OK;
    for (int i = 0; rc == RC_OK && i < 4; i++) {
        store_params b = {.n = 0};
        store_param_int(&b, unit_id);
        rc = store_one_int(c, sql[i], &b, &n[i], e);
    }
    json_t *figs = json_array();
    json_array_append_new(figs, figure("reply_rate", "答复率", "Reply rate", n[0], n[1]));
    json_array_append_new(figs, figure("satisfaction", "满意率", "Satisfaction", n[2], n[3]));
    json_object_set_new(inbox, "figures", figs);
    return rc;
}

/* label_boxes — "boxes": every box of counts, in its order, with its label and tone. */
static void label_boxes(json_t *inbox) {
    json_t *boxes = json_array(), *counts = json_object_get(inbox, "counts");
    const char *key;
    json_t *n;
    json_object_foreach(counts, key, n) {
        const char *zh = key, *en = key, *tone = "info";
        for (size_t i = 0; i < sizeof box_labels / sizeof box_labels[0]; i++)
            if (strcmp(box_labels[i].key, key) == 0) {
                zh = box_labels[i].zh;
                en = box_labels[i].en;
                tone = box_labels[i].tone;
            }
        json_array_append_new(boxes, json_pack("{s:s, s:s, s:s, s:s, s:O}", "key", key, "label_zh",
                                               zh, "label_en", en, "tone", tone, "count", n));
    }
    json_object_set_new(inbox, "boxes", boxes);
}

rc_t case_inbox_describe(store_conn *c, const principal *p, json_t *inbox, err *e) {
    rc_t rc = RC_OK;
    if (p->role == ROLE_UNIT && p->unit_id) {
        const int depth = store_depth(c);
        rc = store_begin(c, false, e);
        if (rc == RC_OK)
            rc = returned_box(c, p->unit_id, inbox, e);
        if (rc == RC_OK)
            rc = unit_figures(c, p->unit_id, inbox, e);
        store_unwind(c, depth);
    }
    if (rc == RC_OK)
        label_boxes(inbox);
    return rc;
}
