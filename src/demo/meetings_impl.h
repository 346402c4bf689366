/* meetings_impl.h — what the demo's meetings share (private to src/demo/meetings.c,
 * which plans them, meeting_play.c, which plays them, and meeting_data.c, what they
 * heard, studied and adopted). Units and committees are named as people.c writes them;
 * titles with a %d take a year. */
#ifndef RENDA_DEMO_MEETINGS_IMPL_H
#define RENDA_DEMO_MEETINGS_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "demo/demo_impl.h"

#define MEETING_YEARS 5 /* 2017–2021: the years of the 16th term's sessions */
#define MEETING_YEAR_FIRST 2017

/* A special work report heard each year (titles[y] for year MEETING_YEAR_FIRST + y, NULL
 * when none that year; or fmt with the year it reports on, `back` years before). */
typedef struct {
    const char *unit;      /* the reporting unit */
    const char *committee; /* the working body that prepares the deliberation */
    int month;             /* when in the year it is heard (1–12) */
    const char *fmt;
    int back;
    const char *titles[MEETING_YEARS];
} demo_report_tpl;

/* A resolution or decision adopted each year (fmt with the year, `back` years before;
 * or titles[y]). */
typedef struct {
    const char *adopts; /* resolution, decision */
    int month;
    const char *fmt;
    int back;
    const char *titles[MEETING_YEARS];
} demo_resolution_tpl;

/* A resolution or decision on a major matter (重大事项), once. */
typedef struct {
    const char *adopts;
    int year, month;
    const char *title;
} demo_major;

extern const demo_report_tpl demo_reports[];
extern const int demo_report_count;
extern const demo_resolution_tpl demo_resolutions[];
extern const int demo_resolution_count;
extern const demo_major demo_majors[];
extern const int demo_major_count;
/* The laws studied before sessions (会前学法), in the order they were studied. */
extern const char *const demo_laws[];
extern const int demo_law_count;

/* ---- the plan ---------------------------------------------------------------------------- */

#define SESSIONS 49 /* the 16th term's, as the seed counts them */
#define CHAIRS 74
#define PLENARIES 5
#define MEETINGS_MAX 160
#define AGENDA_MAX 420

/* minutes after 09:00 of a meeting's steps */
#define AT_CREATE 30
#define AT_NOTIFY 60
#define AT_OPEN 0
#define AT_CHAIRS_CLOSE 120
#define AT_AFTER_CHAIRS 150
#define AT_VOTES 300
#define AT_CLOSE 420

enum { ORDER_LAW, ORDER_REPORT, ORDER_OTHER, ORDER_ADOPT };

typedef struct {
    int meeting; /* index into plan.m */
    int order, serial;
    const char *kind; /* agenda kind */
    char title[TITLE_BYTES];
    long long unit, committee;
    date_t to_office, to_committee, to_members; /* a work report's dates; 0: not yet */
    const char *law;
    const char *adopts;
    bool major;
    long long id;
} agenda;

typedef struct {
    const char *kind;
    int term, number;
    date_t created, notified, starts, ends;
    int set_by;    /* a committee session: its chairs' meeting (index), else -1 */
    bool held;     /* false: the current term's next session, notified only */
    int first, n;  /* its agenda: plan.a[first .. first + n) */
    int load;      /* items given while planning */
    uint64_t seed; /* who is on leave, who votes what: drawn as it is played */
    long long id;
    int year;
} meet;

typedef struct {
    int n, na;
    meet m[MEETINGS_MAX];
    agenda a[AGENDA_MAX];
    char chair[NAME_BYTES]; /* the convener of the 16th term's meetings */
    int chairs_base;        /* the current term's first chairs' meeting's number */
    uint64_t rng;           /* the meetings' generator, while the cases' is in use */
} plan;

/* The played steps (meeting_play.c), each demo_call's work on the meeting (arg, a meet). */
rc_t demo_meeting_create(demo *d, void *arg, json_t *unused);
rc_t demo_meeting_notify(demo *d, void *arg, json_t *unused);
rc_t demo_meeting_open(demo *d, void *arg, json_t *unused);
rc_t demo_meeting_partly(demo *d, void *arg, json_t *unused);
rc_t demo_meeting_votes(demo *d, void *arg, json_t *unused);
rc_t demo_meeting_close(demo *d, void *arg, json_t *unused);

#endif
