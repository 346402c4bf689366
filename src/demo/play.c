/* play.c — the plan and its playing. Every planned step is who (the office, the
 * administrator, a deputy, a unit), when, what (create a case, an action, a record)
 * and the input; demo_play sorts them by time and plays each through the engines with
 * the clock held at its moment. The few inputs only the played records know (the
 * person a staff member records feedback for, a pending extension request, the
 * reception an opinion was raised at) are filled in as the step is played. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo_impl.h"
#include "domain/collection/collection.h"

#define DAY_LAST_MINUTE (14 * 60) /* 23:00 China time: a busy day's last step */
#define SAME_DAY_GAP_MAX 12       /* minutes between two steps of one item on one day */
#define SECONDS_PER_MINUTE 60
#define MINUTES_PER_DAY 1440
#define GROW_FIRST 1024

enum { OP_CREATE, OP_ACT, OP_RECORD, OP_CALL, OP_UPDATE };
enum { FIX_NONE, FIX_PERSON, FIX_EXTENSION, FIX_RECEPTION, FIX_CALL, FIX_REF };

struct demo_step {
    long long at;
    int serial;
    int item; /* -1: a record nothing refers to (a holiday) */
    unsigned char op, as, fix;
    int fix_arg;
    long long whom;
    const char *what; /* the action or the collection */
    json_t *in;
    demo_call_fn fn; /* OP_CALL's work, or FIX_CALL's filling of `in` */
    void *arg;
};

long long demo_at(const demo *d, date_t day, int minute) {
    return ((long long)day * MINUTES_PER_DAY + DAY_FIRST_MINUTE + minute - d->utc_offset) *
           SECONDS_PER_MINUTE;
}

int demo_item_new(demo *d, const case_kind *k) {
    if (d->nitems == d->items_cap) {
        int cap = d->items_cap ? d->items_cap * 2 : GROW_FIRST;
        demo_item *grown = realloc(d->item, (size_t)cap * sizeof *grown);
        if (!grown)
            return -1;
        d->item = grown;
        d->items_cap = cap;
    }
    memset(&d->item[d->nitems], 0, sizeof d->item[0]);
    d->item[d->nitems].k = k;
    return d->nitems++;
}

date_t demo_day_of(const demo *d, int it) { return d->item[it].steps ? d->item[it].day : 0; }

/* add — one step; for an item, on `day` or its last step's day, after its last step. */
static rc_t add(demo *d, int it, date_t day, int minute, unsigned char op, demo_as as,
                long long whom, const char *what, json_t *in, unsigned char fix, int fix_arg) {
    if (!in)
        in = json_object();
    if (d->nsteps == d->steps_cap) {
        int cap = d->steps_cap ? d->steps_cap * 2 : GROW_FIRST;
        demo_step *grown = realloc(d->step, (size_t)cap * sizeof *grown);
        if (!grown) {
            json_decref(in);
            return err_set(d->e, RC_NOMEM, NULL, "out of memory planning the demo");
        }
        d->step = grown;
        d->steps_cap = cap;
    }
    if (it >= 0) {
        demo_item *x = &d->item[it];
        if (x->steps && day <= x->day) {
            day = x->day;
            x->minute += demo_between(d, 1, SAME_DAY_GAP_MAX);
        } else {
            x->minute = minute >= 0 ? minute : demo_below(d, DAY_MINUTES / 2);
        }
        if (x->minute > DAY_LAST_MINUTE)
            x->minute = DAY_LAST_MINUTE;
        x->day = day;
        x->steps++;
        minute = x->minute;
    }
    long long at = demo_at(d, day, minute < 0 ? 0 : minute);
    if (at > d->now) {
        char s[11];
        date_format(day, s);
        json_decref(in);
        return demo_fail(d, "a step (%s) planned for %s, after today", what, s);
    }
    d->step[d->nsteps] = (demo_step){.at = at,
                                     .serial = d->nsteps,
                                     .item = it,
                                     .op = op,
                                     .as = (unsigned char)as,
                                     .fix = fix,
                                     .fix_arg = fix_arg,
                                     .whom = whom,
                                     .what = what,
                                     .in = in,
                                     .fn = NULL,
                                     .arg = NULL};
    d->nsteps++;
    return RC_OK;
}

rc_t demo_create(demo *d, int it, demo_as as, long long whom, date_t day, json_t *in) {
    return add(d, it, day, -1, OP_CREATE, as, whom, "create", in, FIX_NONE, 0);
}

rc_t demo_act(demo *d, int it, demo_as as, long long whom, date_t day, const char *action,
              json_t *in) {
    return add(d, it, day, -1, OP_ACT, as, whom, action, in, FIX_NONE, 0);
}

rc_t demo_feedback_for(demo *d, int it, int person, date_t day, json_t *in) {
    return add(d, it, day, -1, OP_ACT, AS_OFFICE, 0, "feedback", in, FIX_PERSON, person);
}

rc_t demo_decide(demo *d, int it, date_t day, bool approve) {
    json_t *in = json_pack("{s:b}", "approve", approve);
    return add(d, it, day, -1, OP_ACT, AS_OFFICE, 0, "extend", in, FIX_EXTENSION, 0);
}

rc_t demo_put(demo *d, int it, const char *collection, date_t day, int minute, json_t *in) {
    return add(d, it, day, minute, OP_RECORD, AS_ADMIN, 0, collection, in, FIX_NONE, 0);
}

rc_t demo_put_as(demo *d, int it, const char *collection, date_t day, int minute, demo_as as,
                 json_t *in) {
    return add(d, it, day, minute, OP_RECORD, as, 0, collection, in, FIX_NONE, 0);
}

rc_t demo_put_child(demo *d, int it, const char *collection, date_t day, int minute, json_t *in,
                    const char *key, int parent) {
    rc_t rc = add(d, it, day, minute, OP_RECORD, AS_OFFICE, 0, collection, in, FIX_REF, parent);
    if (rc == RC_OK)
        d->step[d->nsteps - 1].arg = (void *)key;
    return rc;
}

rc_t demo_update(demo *d, int it, const char *collection, date_t day, int minute, json_t *in) {
    return add(d, it, day, minute, OP_UPDATE, AS_OFFICE, 0, collection, in, FIX_NONE, 0);
}

rc_t demo_opinion_create(demo *d, int it, int reception, date_t day, json_t *in) {
    return add(d, it, day, -1, OP_CREATE, AS_OFFICE, 0, "create", in, FIX_RECEPTION, reception);
}

rc_t demo_call(demo *d, date_t day, int minute, const char *what, demo_call_fn fn, void *arg) {
    rc_t rc = add(d, -1, day, minute, OP_CALL, AS_OFFICE, 0, what, NULL, FIX_CALL, 0);
    if (rc == RC_OK) {
        d->step[d->nsteps - 1].fn = fn;
        d->step[d->nsteps - 1].arg = arg;
    }
    return rc;
}

rc_t demo_create_filled(demo *d, int it, demo_as as, long long whom, date_t day, json_t *in,
                        demo_call_fn fill, void *arg) {
    rc_t rc = add(d, it, day, -1, OP_CREATE, as, whom, "create", in, FIX_CALL, 0);
    if (rc == RC_OK) {
        d->step[d->nsteps - 1].fn = fill;
        d->step[d->nsteps - 1].arg = arg;
    }
    return rc;
}

principal demo_principal(const demo *d, demo_as as, long long whom) {
    principal p;
    switch (as) {
    case AS_OFFICE: return d->office;
    case AS_ADMIN: return d->admin;
    case AS_DEPUTY:
        if (whom == d->deputy_account.deputy_id)
            return d->deputy_account;
        break;
    case AS_UNIT:
        if (whom == d->unit_account.unit_id)
            return d->unit_account;
        break;
    }
    /* a deputy or unit without a login: who they are to the case is all the engine asks */
    memset(&p, 0, sizeof p);
    p.role = as == AS_DEPUTY ? ROLE_DEPUTY : ROLE_UNIT;
    p.congress_id = d->county;
    if (as == AS_DEPUTY)
        p.deputy_id = whom;
    else
        p.unit_id = whom;
    return p;
}

static int by_time(const void *a, const void *b) {
    const demo_step *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->serial - y->serial;
}

/* pending_extension — the id of the case's extension request still to be decided. */
static rc_t pending_extension(demo *d, const demo_item *x, long long *id) {
    json_t *rec = NULL;
    rc_t rc = case_get(d->c, x->k, &d->office, x->id, &rec, d->e);
    size_t i;
    json_t *v;
    *id = 0;
    json_array_foreach(rc == RC_OK ? json_object_get(rec, "extensions") : NULL, i, v) {
        const char *st = json_string_value(json_object_get(v, "state"));
        if (st && strcmp(st, "requested") == 0)
            *id = json_integer_value(json_object_get(v, "id"));
    }
    json_decref(rec);
    if (rc == RC_OK && !*id)
        rc = demo_fail(d, "no extension request to decide");
    return rc;
}

/* fill — the inputs only the played records know. */
static rc_t fill(demo *d, demo_step *s) {
    demo_item *x = s->item >= 0 ? &d->item[s->item] : NULL;
    long long id = 0;
    switch (s->fix) {
    case FIX_PERSON:
        if (!x || s->fix_arg >= x->npeople)
            return demo_fail(d, "feedback for a person the case does not have");
        return json_object_set_new(s->in, "person_id", json_integer(x->person[s->fix_arg]))
                   ? err_set(d->e, RC_NOMEM, NULL, "out of memory")
                   : RC_OK;
    case FIX_EXTENSION: {
        rc_t rc = pending_extension(d, x, &id);
        if (rc == RC_OK && json_object_set_new(s->in, "extension_id", json_integer(id)))
            rc = err_set(d->e, RC_NOMEM, NULL, "out of memory");
        return rc;
    }
    case FIX_RECEPTION:
        return json_object_set_new(s->in, "reception_id", json_integer(d->item[s->fix_arg].id))
                   ? err_set(d->e, RC_NOMEM, NULL, "out of memory")
                   : RC_OK;
    case FIX_REF: /* a child record's parent (arg: the key), written before it */
        if (!d->item[s->fix_arg].id)
            return demo_fail(d, "a %s refers to a record not written yet", s->what);
        return json_object_set_new(s->in, (const char *)s->arg,
                                   json_integer(d->item[s->fix_arg].id))
                   ? err_set(d->e, RC_NOMEM, NULL, "out of memory")
                   : RC_OK;
    case FIX_CALL: /* an OP_CALL's work runs in play_one, with the clock held */
        return s->op == OP_CALL ? RC_OK : s->fn(d, s->arg, s->in);
    default: return RC_OK;
    }
}

/* created — remember a new case's id and its people's, in the engine's order. */
static void created(demo_item *x, const json_t *out) {
    size_t i;
    json_t *v;
    x->id = json_integer_value(json_object_get(out, "id"));
    x->npeople = 0;
    json_array_foreach(json_object_get(out, "people"), i, v) {
        if (x->npeople < ITEM_PEOPLE_MAX)
            x->person[x->npeople++] = json_integer_value(json_object_get(v, "id"));
    }
}

static rc_t play_one(demo *d, demo_step *s) {
    demo_item *x = s->item >= 0 ? &d->item[s->item] : NULL;
    principal p = demo_principal(d, (demo_as)s->as, s->whom);
    json_t *out = NULL;
    rc_t rc = fill(d, s);
    if (rc == RC_OK) /* a meeting the plan refers to before it is written (meetings.c) */
        rc = demo_meetings_resolve(d, s->in);
    if (rc)
        return rc;
    date_clock_hold((time_t)s->at);
    if (s->op == OP_CREATE) {
        rc = case_create(d->c, x->k, &p, s->in, &out, d->e);
        if (rc == RC_OK)
            created(x, out);
    } else if (s->op == OP_CALL) {
        rc = s->fn(d, s->arg, s->in);
    } else if (s->op == OP_ACT) {
        rc = case_act(d->c, x->k, &p, x->id, s->what, s->in, NULL, d->e);
    } else if (s->op == OP_UPDATE) {
        const collection_def *def = collection_find(s->what);
        rc = def && x ? collection_update(d->c, def, &p, x->id, s->in, &out, d->e)
                      : demo_fail(d, "no collection %s", s->what);
    } else {
        const collection_def *def = collection_find(s->what);
        rc = def ? collection_create(d->c, def, &p, s->in, &out, d->e)
                 : demo_fail(d, "no collection %s", s->what);
        if (rc == RC_OK && x)
            x->id = json_integer_value(json_object_get(out, "id"));
    }
    json_decref(out);
    return rc;
}

/* say_where — the engine's refusal, with the step it refused. */
static rc_t say_where(demo *d, const demo_step *s, rc_t rc) {
    char msg[sizeof d->e->message], field[sizeof d->e->field], day[11];
    snprintf(msg, sizeof msg, "%s", d->e->message);
    snprintf(field, sizeof field, "%s", d->e->field);
    date_format((date_t)((s->at + (long long)d->utc_offset * SECONDS_PER_MINUTE) /
                         (MINUTES_PER_DAY * SECONDS_PER_MINUTE)),
                day);
    const demo_item *x = s->item >= 0 ? &d->item[s->item] : NULL;
    const char *title = s->in ? json_string_value(json_object_get(s->in, "title")) : NULL;
    return err_set(d->e, rc, field[0] ? field : NULL, "demo: %s %s #%lld on %s%s%s: %s",
                   x && x->k ? x->k->plural : "record", s->what, x ? x->id : 0LL, day,
                   title ? " " : "", title ? title : "", msg);
}

rc_t demo_play(demo *d) {
    qsort(d->step, (size_t)d->nsteps, sizeof *d->step, by_time);
    rc_t rc = RC_OK;
    for (int i = 0; rc == RC_OK && i < d->nsteps; i++) {
        rc = play_one(d, &d->step[i]);
        if (rc)
            rc = say_where(d, &d->step[i], rc);
    }
    return rc;
}

void demo_plan_free(demo *d) {
    for (int i = 0; i < d->nsteps; i++)
        json_decref(d->step[i].in);
    free(d->step);
    free(d->item);
    d->step = NULL;
    d->item = NULL;
    d->nsteps = d->steps_cap = d->nitems = d->items_cap = 0;
}
