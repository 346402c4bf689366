/* case_plan.h — planning one case step by step (case_plan.c), and the texts the demo's
 * cases are made of (topics.c). The planner keeps only what it needs to date the next
 * steps (units, their parts, the deadline, who is owed the reply); the state itself is
 * the engine's, which refuses a step that does not fit. */
#ifndef RENDA_DEMO_CASE_PLAN_H
#define RENDA_DEMO_CASE_PLAN_H

#include "demo/demo_impl.h"

#define CASE_UNITS_MAX 4

enum { PU_ASSIGNED, PU_REPLIED, PU_RETURNED };

typedef struct {
    demo *d;
    int it; /* the item in the plan */
    const case_kind *k;
    char title[TITLE_BYTES];
    date_t limit; /* no step after this day */
    bool clamp;   /* dated back from today: a step past the limit is on it */
    int npeople;
    struct {
        long long deputy; /* 0: a voter or petitioner, whose feedback staff record */
        bool confirmed;
    } person[ITEM_PEOPLE_MAX];
    int nunits;
    struct {
        long long unit;
        const char *role; /* lead, co, separate */
        int state;
        bool b_reply; /* gave a B-class reply */
    } unit[CASE_UNITS_MAX];
    int round;
    date_t assigned, due;
} demo_case;

/* cp_begin — a new case of kind k in the plan, no step after limit. */
void cp_begin(demo *d, demo_case *s, const case_kind *k, const char *title, date_t limit);
void cp_person(demo_case *s, long long deputy, bool confirmed);
/* The planner's view of a day: the case's last step's day (0 before any). */
date_t cp_day(const demo_case *s);
/* cp_create — the create step by `as`/whom with in (stolen). */
rc_t cp_create(demo_case *s, demo_as as, long long whom, date_t day, json_t *in);
/* cp_staff / cp_deputy / cp_unit — one action (in stolen; NULL for none). */
rc_t cp_staff(demo_case *s, date_t day, const char *action, json_t *in);
rc_t cp_deputy(demo_case *s, long long deputy, date_t day, const char *action, json_t *in);
rc_t cp_unit(demo_case *s, int u, date_t day, const char *action, json_t *in);
/* cp_assign — staff assign to units[0..n) in roles (lead/co/separate). */
rc_t cp_assign(demo_case *s, date_t day, const long long *units, const char *const *roles, int n,
               bool difficult);
/* cp_return — unit u returns the case (within the working days the engine allows). */
rc_t cp_return(demo_case *s, int u, date_t day, const char *reason);
/* cp_reply_round — co-units' views (first round), then every answering unit, the last
 * on `last` (a working day), the others a few days before; poor: weaker classes. */
rc_t cp_reply_round(demo_case *s, date_t first, date_t last, bool poor);
/* cp_feedback_round — the first `upto` people rate, in order from `from`; person
 * `unhappy` (>= 0) is unsatisfied and rates last, which starts re-handling. */
rc_t cp_feedback_round(demo_case *s, date_t from, int unhappy, int upto);
/* cp_reply — unit u's reply (class cls; a co-unit's view takes none) with this text. */
rc_t cp_reply(demo_case *s, int u, char cls, const char *text, date_t day);
/* cp_close — staff close the case. */
rc_t cp_close(demo_case *s, date_t day);
/* cp_reply_day — a working day between lo days after the last step and `margin` days
 * before the deadline. */
date_t cp_reply_day(demo_case *s, int lo, int margin);
/* cp_answering — the indexes of the answering units (lead, separate). */
int cp_answering(const demo_case *s, int *idx);

/* ---- texts (topics.c) ------------------------------------------------------------------ */

enum {
    S_NONE,
    S_TOWN,
    S_VILLAGE,
    S_ROAD,
    S_CROP,
    S_SCHOOL,
    S_URBAN,
    S_COMMUNITY,
    S_MED,
    S_SOCIAL,
    S_FIRM,
    S_PROJECT,
    S_GROUP,
    S_EDU,
    S_MINE,
    S_COUNT
};

/* A suggestion's subject: "关于" + subject + "的建议"; lead and co are unit names (co may
 * be NULL); a township or village subject also involves the township's government. */
typedef struct {
    const char *category, *subject;
    int slot;
    const char *lead, *co;
    int weight;
} demo_topic;

extern const demo_topic demo_motions[];
extern const int demo_motion_count;

typedef struct {
    const char *category, *title, *reason, *text;
} demo_declined;
extern const demo_declined demo_declines[];
extern const int demo_decline_count;

/* The unit of the demo account "unit" (the first department). */
#define DEMO_UNIT_NAME "县人民政府办公室"

/* demo_pick_topic — a weighted topic; only the demo unit's when demo_unit. */
const demo_topic *demo_pick_topic(demo *d, bool demo_unit);
/* demo_subject — the topic's subject filled in; *town the township involved (or -1). */
void demo_subject(demo *d, const demo_topic *tp, char out[SUBJECT_BYTES], int *town);
/* demo_title_take — remember a title; false when it was used before. */
bool demo_title_take(demo *d, const char *title);
/* demo_body — a proposal's text from its subject, and its opening (a motion's reason). */
void demo_body(const char *subject, char body[TEXT_BYTES * 2], char reason[TEXT_BYTES]);
extern const char *const demo_ask;     /* the proposal's asks (a motion's solution) */
extern const char *const demo_grounds; /* a motion's grounds */
const char *demo_reply_text(char cls, bool again);
extern const char *const demo_co_view, *const demo_follow_up;
const char *demo_rating(demo *d, int satisfied_percent);
const char *demo_rating_text(demo *d, const char *rating);
char demo_pick_class(demo *d, bool poor);
/* demo_invented_name / phone — a voter's or petitioner's (any, never the seed's real
 * people). */
void demo_invented_name(demo *d, char out[NAME_BYTES]);
void demo_invented_phone(demo *d, char out[NAME_BYTES]);

/* ---- proposals (proposals.c) ------------------------------------------------------------ */

typedef struct {
    demo_term_people *tp; /* the term it belongs to: its deputies sign it */
    int session;          /* 1–5, 0 between sessions */
    long long meeting;    /* a motion's plenary session (the meetings' id), or 0 */
    bool motion, converted, key, published, difficult;
    bool open; /* dated back from today (its steps are clamped to the limit) */
    const demo_topic *topic;
    int town;
    char title[TITLE_BYTES];
    char subject[SUBJECT_BYTES];
    int fate;
    int rehandles;
    int declined; /* index into demo_declines, or -1 */
    int nunits;
    long long unit[CASE_UNITS_MAX];
    const char *role[CASE_UNITS_MAX];
    int lead; /* index into tp->deputy */
    int ncos;
    int cos[ITEM_PEOPLE_MAX];
} demo_proposal;

/* demo_proposal_plan — topic, title, lead, cosigners and units (the demo unit's topics
 * only when demo_unit). */
rc_t demo_proposal_plan(demo *d, demo_proposal *p, bool demo_unit);
/* demo_proposal_lead — make deputy index who the lead (the former lead cosigns). */
void demo_proposal_lead(demo_proposal *p, int who);
/* demo_proposal_start — the lead writes it on `created`; the first `confirmed` cosigners
 * confirm; submit: the lead submits it the same day. */
rc_t demo_proposal_start(demo *d, demo_case *s, demo_proposal *p, date_t created, int confirmed,
                         bool submit, date_t limit);
long long demo_deputy_id(const demo_proposal *p, int i);

/* ---- the meetings cases refer to (sessions.c) -------------------------------------------- */

/* demo_plenary — the county's plenary session `number` of term, opening on `opens` for
 * `days` days (the presidium's deadline for motions its last evening): found, or
 * written. */
rc_t demo_plenary(demo *d, long long term, int number, date_t opens, int days, long long *id);
/* demo_supervise — staff mark the case for key supervision on `day`, as the latest
 * chairpersons' meeting before it decided (found, or written). */
rc_t demo_supervise(demo_case *s, date_t day);

/* ---- letters and visits, opinions ------------------------------------------------------- */

/* demo_petition — one petition received on `received`: open -1 follows it to its close;
 * else it stops at 0 registered, 1 accepted, 2 assigned, 3 assigned and extended, 4
 * answered (the petitioner's feedback to be taken). */
rc_t demo_petition(demo *d, const char *channel, int people, date_t received, int open,
                   date_t limit);
const char *demo_petition_channel(demo *d, int *people);
/* demo_opinion — one voter's opinion raised at reception item `reception` (held on
 * `held`, township town): open 0 follows it to its close; else it stops at 1
 * registered, 2 accepted, 3 assigned, 4 answered (the voter's feedback to be taken). */
rc_t demo_opinion(demo *d, int reception, int town, date_t held, int open, date_t limit);
/* demo_reception — a reception record at township town's station on `held` with the
 * deputies of that day's term present; its item. */
rc_t demo_reception(demo *d, int town, date_t held, int voters, const char *notes, bool leaders,
                    int *item);
const char *demo_reception_note(demo *d);

#endif
