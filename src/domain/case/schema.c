/* schema.c — GET /api/v1/<kind>s/schema: what the web app draws a kind's forms and
 * buttons from — its fields (the case's own and the kind's), its states, and each
 * action it has with its inputs and the values in effect (reply classes from the
 * setting). The record's "actions" say which of them a caller may take on a case. */
#include <string.h>

#include "domain/case/case_impl.h"

#define SCHEMA_ARENA_MAX (64u * 1024)

static const field_def cosigners_field = {.name = "cosigners",
                                          .label_zh = "附议代表",
                                          .label_en = "Cosigners",
                                          .type = FT_REFS,
                                          .ref = "deputies"};

static json_t *action_schema(store_conn *c, const case_transition *t, const principal *p,
                             arena *a) {
    json_t *fields = json_array(), *from = json_array();
    bool staff = case_is_staff(p);
    for (int i = 0; i < t->ninput; i++) {
        const field_def *f = &t->input[i];
        if ((f->flags & FF_OFFICE) && !staff)
            continue; /* an input only staff give (deciding a request) */
        json_t *fs = field_schema(f, field_enum_values(f, c, p->congress_id, a));
        if (f->ref && strcmp(f->ref, "self") == 0 && t->targets) {
            /* the list query that finds the cases it may name */
            char states[CS_COUNT * 16] = "";
            for (int s = 0; s < CS_COUNT; s++)
                if (t->targets & CS_BIT(s))
                    snprintf(states + strlen(states), sizeof states - strlen(states), "%s%s",
                             states[0] ? "," : "", case_states[s].id);
            json_object_set_new(fs, "query", json_pack("{s:s}", "state", states));
        }
        json_array_append_new(fields, fs);
    }
    for (int s = 0; s < CS_COUNT; s++)
        if (t->from & CS_BIT(s))
            json_array_append_new(from, json_string(case_states[s].id));
    return json_pack("{s:s, s:s, s:s, s:b, s:o, s:o}", "name", t->name, "label_zh", t->label_zh,
                     "label_en", t->label_en, "confirm", t->confirm, "from", from, "fields",
                     fields);
}

json_t *case_schema(store_conn *c, const case_kind *k, const principal *p) {
    arena *a = arena_new(SCHEMA_ARENA_MAX);
    json_t *fields = json_array(), *states = json_array(), *actions = json_array();
    for (int i = 0; i < case_fields_count; i++)
        json_array_append_new(fields, field_schema(&case_fields[i], case_fields[i].values));
    for (int i = 0; i < k->nfields; i++) {
        const field_def *f = &k->fields[i];
        json_array_append_new(fields, field_schema(f, field_enum_values(f, c, p->congress_id, a)));
    }
    if (k->cosigners)
        json_array_append_new(fields, field_schema(&cosigners_field, NULL));
    for (int s = 0; s < CS_COUNT; s++)
        json_array_append_new(states,
                              json_pack("{s:s, s:s, s:s}", "id", case_states[s].id, "label_zh",
                                        case_states[s].zh, "label_en", case_states[s].en));
    for (int i = 0; i < case_transition_count; i++)
        if (k->actions & CA_BIT(i))
            json_array_append_new(actions, action_schema(c, &case_transitions[i], p, a));
    for (int i = 0; i < k->nown; i++)
        json_array_append_new(actions, action_schema(c, &k->own[i], p, a));
    bool create = case_is_staff(p) || (p->role == ROLE_DEPUTY && k->deputies_create);
    json_t *out =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:s}", "name", k->plural,
                  "kind", "case", "case_kind", k->name, "label_zh", k->label_zh, "label_en",
                  k->label_en, "initial", case_state_name(k->initial), "fields", fields, "states",
                  states, "actions", actions, "create", create, "icon", k->icon);
    arena_free(a);
    return out;
}
