#include "base/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>

#include "base/date.h"

enum { LOG_LINE_MAX = 2048 };

static atomic_int log_threshold = LOG_INFO;

static const char *const log_names[] = {"DEBUG", "INFO", "WARN", "ERROR"};

/* log_set_level — events below l are dropped from then on (all threads). */
void log_set_level(log_level l) { atomic_store(&log_threshold, (int)l); }

/* log_msg — formats one event and writes it as a single line on stderr:
 * 'YYYY-MM-DDTHH:MM:SSZ LEVEL message'. Line breaks inside the message become
 * spaces so one event is always one line; messages longer than LOG_LINE_MAX are
 * cut. Never fails visibly: logging must not take the program down. */
void log_msg(log_level l, const char *fmt, ...) {
    if ((int)l < atomic_load(&log_threshold) || l < LOG_DEBUG || l > LOG_ERROR)
        return;
    char msg[LOG_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (n < 0)
        msg[0] = '\0';
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    char ts[21];
    now_iso(ts);
    flockfile(stderr);
    fprintf(stderr, "%s %s %s\n", ts, log_names[l], msg);
    funlockfile(stderr);
}
