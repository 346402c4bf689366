/* demo_impl.h — what the demo loader's files share (private to src/demo/).
 *
 * The loader works in two passes. First it writes the reference records (congresses,
 * terms, bodies, people, accounts) and plans every case: each step — who does what,
 * on which day, with which input — goes into one list (play.c). Then it sorts the list
 * by time and plays it, holding the clock at each step's moment, through case_create,
 * case_act and collection_create. So the history, the audit trail and the case numbers
 * run in the order things happened, and every rule is the engine's: a step the engine
 * refuses stops the load with the engine's message. */
#ifndef RENDA_DEMO_IMPL_H
#define RENDA_DEMO_IMPL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "base/date.h"
#include "demo/demo.h"
#include "domain/case/case.h"

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define PERCENT 100

#define COUNTY_NAME "常山县人民代表大会"
#define TOWNSHIPS 14
#define POINTS_MAX 2
#define NAME_BYTES 64
#define TITLE_BYTES 256
#define SUBJECT_BYTES 200
#define TEXT_BYTES 1024
#define UNITS_MAX 80
#define DEPUTIES_MAX 256 /* county deputies of one term */
#define HIGHER_MAX 32    /* deputies of higher congresses living in the county */
#define COMMITTEES_MAX 16
#define ITEM_PEOPLE_MAX 20

/* The working day's hours (China time) in which the demo's people act. */
#define DAY_FIRST_MINUTE (9 * 60)
#define DAY_MINUTES 420

/* One county deputy of a term, as the cases need them. */
typedef struct {
    long long id;
    int town; /* index into the townships */
    bool active;
    char name[NAME_BYTES];
} demo_deputy;

/* A term and its people (deputies only for the terms that hold cases). */
typedef struct {
    demo_term t;
    long long id;
    int ndeputies;
    demo_deputy deputy[DEPUTIES_MAX];
} demo_term_people;

/* A case or a record the plan writes: its kind (NULL for a record), and once played,
 * its id and (cases) the ids of its people in the order the engine wrote them. */
typedef struct {
    const case_kind *k;
    long long id;
    int npeople;
    long long person[ITEM_PEOPLE_MAX];
    date_t day; /* the planner's clock for this item: its last step's day and minute */
    int minute;
    int steps;
} demo_item;

typedef struct demo_step demo_step;

typedef struct {
    store_conn *c;
    err *e;
    uint64_t rng;
    date_t today;  /* the load day */
    long long now; /* the real clock when the load began (UTC seconds) */
    int utc_offset;
    long long county;
    /* terms: 16th … current (the last) */
    int nterms;
    demo_term_people *term;
    /* bodies */
    char town[TOWNSHIPS][NAME_BYTES];
    long long station[TOWNSHIPS];
    long long point[TOWNSHIPS][POINTS_MAX];
    int points[TOWNSHIPS];
    long long town_unit[TOWNSHIPS];
    long long committee[COMMITTEES_MAX];
    int nunits;
    long long unit[UNITS_MAX];
    char unit_name[UNITS_MAX][NAME_BYTES];
    int nhigher;
    long long higher[HIGHER_MAX];
    /* accounts: who acts */
    principal admin, office, deputy_account, unit_account, member_account;
    /* the engine's settings the planner's dates follow */
    int reply_months, reply_months_difficult, co_months, rehandle_months;
    int petition_days, petition_forward_days, return_days;
    int deliberation_months; /* deliberation_reply_months */
    /* the calendar (calendar.c), sorted */
    date_exception *cal;
    size_t ncal;
    /* the plan */
    int nitems, items_cap;
    demo_item *item;
    int nsteps, steps_cap;
    demo_step *step;
    void *people;                /* people.c's state: the names drawn, the current term's list */
    void *meetings;              /* meetings.c's plan: the meetings and their agendas */
    void *registers;             /* registers.c's state: its generator, the polls' records */
    char (*titles)[TITLE_BYTES]; /* titles used so far (proposals) */
    int ntitles, titles_cap;
} demo;

/* ---- the generator (one fixed-seed splitmix64, demo.c) ---------------------------------- */
uint64_t demo_next(demo *d);
int demo_below(demo *d, int n);
int demo_between(demo *d, int lo, int hi);
bool demo_chance(demo *d, int percent);
rc_t demo_fail(demo *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
date_t demo_day(const char *iso);

/* ---- reference records (people.c) ------------------------------------------------------- */
/* demo_people — congresses, terms, committees, units, stations and the people of the
 * current term (today's list, in today's order) and of the 16th; through
 * collection_create as the demo's administrator. */
rc_t demo_people(demo *d);
/* demo_people_between — the county deputies of the term before the current one when
 * it is neither the 16th nor the current (the current term has just begun). */
rc_t demo_people_between(demo *d);
void demo_people_free(demo *d);
/* demo_record — collection_create of `collection` with `in` (stolen) as the demo's
 * administrator; *id (may be NULL) receives the new record's id. */
rc_t demo_record(demo *d, const char *collection, json_t *in, long long *id);
long long demo_unit_named(const demo *d, const char *name);
int demo_town_of(const demo *d, const char *name);
/* demo_term_of — the term the day falls in (the first or the last when outside). */
demo_term_people *demo_term_of(demo *d, date_t day);
demo_term_people *demo_current(demo *d);
/* demo_pick_deputy — an active county deputy of term tp, of township t when t >= 0
 * (mostly), not among taken[0..n); an index into tp->deputy. */
int demo_pick_deputy(demo *d, const demo_term_people *tp, int t, const int *taken, int n);

/* ---- the calendar (calendar.c) --------------------------------------------------------- */
/* demo_calendar — the State Council's holidays and make-up working days 2016–2026 into
 * d->cal, and their holidays records into the plan (each year's published the December
 * before). */
rc_t demo_calendar(demo *d);
bool demo_working(const demo *d, date_t x);
date_t demo_on_or_after(const demo *d, date_t x);
date_t demo_on_or_before(const demo *d, date_t x);
date_t demo_add_working(const demo *d, date_t x, int n);

/* ---- the plan (play.c) ------------------------------------------------------------------ */
typedef enum { AS_OFFICE, AS_ADMIN, AS_DEPUTY, AS_UNIT } demo_as;

/* demo_item_new — a new case (k) or record (k NULL) in the plan; its index. */
int demo_item_new(demo *d, const case_kind *k);
/* demo_at — the moment `minute` minutes after the working day's start on `day`. */
long long demo_at(const demo *d, date_t day, int minute);
/* The planned steps of item `it`, each on `day` (or later the same day when the item
 * already did something that day; never before its last step). A step after `limit`
 * is a planning error. `in` is stolen. */
rc_t demo_create(demo *d, int it, demo_as as, long long whom, date_t day, json_t *in);
rc_t demo_act(demo *d, int it, demo_as as, long long whom, date_t day, const char *action,
              json_t *in);
/* demo_feedback_for — staff record the feedback of the item's person `person` (an index
 * into its people: voters and petitioners have no account). */
rc_t demo_feedback_for(demo *d, int it, int person, date_t day, json_t *in);
/* demo_decide — staff approve the unit's pending extension request. */
rc_t demo_decide(demo *d, int it, date_t day, bool approve);
/* demo_put — a record of `collection` (its item it) on day; `reception` >= 0 sets the
 * input's reception_id to that record item's id when played. */
rc_t demo_put(demo *d, int it, const char *collection, date_t day, int minute, json_t *in);
rc_t demo_opinion_create(demo *d, int it, int reception, date_t day, json_t *in);
/* demo_put_as — demo_put as `as` (the registers are the office's). */
rc_t demo_put_as(demo *d, int it, const char *collection, date_t day, int minute, demo_as as,
                 json_t *in);
/* demo_put_child — a record (as the office) whose `key` (a string that outlives the
 * play) is set to the id of record item `parent` when played: an indicator's value. */
rc_t demo_put_child(demo *d, int it, const char *collection, date_t day, int minute, json_t *in,
                    const char *key, int parent);
/* demo_update — collection_update of record item it (played before) as the office. */
rc_t demo_update(demo *d, int it, const char *collection, date_t day, int minute, json_t *in);
/* demo_call — fn(d, arg, in) played on `day` at `minute` with the clock held (for work
 * that is neither a case nor one record: a meeting's steps, meetings.c); `what` names
 * the step in an error. */
typedef rc_t (*demo_call_fn)(demo *d, void *arg, json_t *in);
rc_t demo_call(demo *d, date_t day, int minute, const char *what, demo_call_fn fn, void *arg);
/* demo_create_filled — demo_create whose input fill(d, arg, in) completes as the step is
 * played (with ids only played records know: the meeting a case refers to). */
rc_t demo_create_filled(demo *d, int it, demo_as as, long long whom, date_t day, json_t *in,
                        demo_call_fn fill, void *arg);
/* demo_day_of — the day of the item's last step (0 before any). */
date_t demo_day_of(const demo *d, int it);
/* demo_play — sort the plan by time and play it. */
rc_t demo_play(demo *d);
void demo_plan_free(demo *d);
/* demo_principal — who acts: the office's or administrator's account, or for a deputy
 * or unit (whom) the demo account when it is theirs, else a principal without a login. */
principal demo_principal(const demo *d, demo_as as, long long whom);

/* ---- the cases ------------------------------------------------------------------------- */
/* demo_proposals — the 16th term's 657 proposals and suggestions (proposals.c). */
rc_t demo_proposals(demo *d);
/* demo_petitions — the 16th term's 173 letters and visits (petitions.c). */
rc_t demo_petitions(demo *d);
/* demo_receptions — the 16th term's receptions and voters' opinions (receptions.c). */
rc_t demo_receptions(demo *d);
/* demo_open — the current term's open work, dated back from the load day (open.c). */
rc_t demo_open(demo *d);

/* ---- votes ------------------------------------------------------------------------------ */
/* demo_votes — the current term's votes: two closed committee votes, the plenary's paper
 * ballot of livelihood projects, and an open one for `member` to cast (votes.c). */
#define MEMBERS_VOTING_MAX 64
rc_t demo_votes(demo *d);

/* ---- meetings (meetings.c) -------------------------------------------------------------- */
/* demo_meetings — plan the 16th term's plenary sessions, standing committee sessions
 * and chairpersons' meetings with their agendas, attendance and the votes adopting its
 * resolutions and decisions (the seed's figures), and the current term's last and next
 * sessions; before the cases, which refer to them (demo_meetings_plenary, _chairs). */
rc_t demo_meetings(demo *d);
/* demo_meetings_plenary — the plenary session `number` of term (an id) as a reference
 * a step's input carries as its meeting_id, resolved when played (demo_meetings_resolve). */
rc_t demo_meetings_plenary(demo *d, long long term, int number, long long *ref);
/* demo_meetings_chairs — the chairpersons' meeting of the last month before `day` (one
 * more on `day` when none met), as such a reference. */
rc_t demo_meetings_chairs(demo *d, date_t day, long long *ref);
/* demo_meetings_resolve — in's meeting_id, a reference, made the meeting's id. */
rc_t demo_meetings_resolve(demo *d, json_t *in);
/* demo_meetings_steps — the meetings' steps into the plan, once the cases are planned:
 * played in time with them. */
rc_t demo_meetings_steps(demo *d);
void demo_meetings_free(demo *d);

/* ---- registers (registers*.c) ------------------------------------------------------------ */
/* demo_registers — the supervision and office registers (issue 13): the 16th term's
 * ledgers with the seed's figures and a few recent records of the current term, planned
 * after the meetings (they name sessions) and played in time with everything else, as
 * the office. A generator of their own: no other draw moves. */
rc_t demo_registers(demo *d);
void demo_registers_free(demo *d);

#endif
