/* events.c — the one sink for live events (events.h). */
#include "base/events.h"

#include <stdatomic.h>
#include <stddef.h>

/* set once before the server's threads start, read by every request thread */
static _Atomic(events_sink) g_sink;

void events_set_sink(events_sink sink) { atomic_store(&g_sink, sink); }

void events_publish(const char *channel, const char *event, const char *data_json) {
    events_sink s = atomic_load(&g_sink);
    if (s && channel && event)
        s(channel, event, data_json ? data_json : "{}");
}
