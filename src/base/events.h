/* events.h — news for live listeners (Server-Sent Events), from any layer, without
 * that layer knowing who listens.
 *
 * A domain function that changed something a screen shows live (a vote opened, one more
 * ballot, a vote closed) calls events_publish after its transaction committed. The HTTP
 * layer registers the one sink at start-up (http/sse.c) and fans each event out to the
 * streams open on that channel. With no sink (the CLI, unit tests) publishing does
 * nothing. In-process only: a second server process on the same PostgreSQL database does
 * not see these events (docs/votes.md). */
#ifndef RENDA_EVENTS_H
#define RENDA_EVENTS_H

/* A channel names what is watched: "vote:<id>". An event has a name ("opened",
 * "progress", "closed", "annulled") and a JSON text. The sink copies what it keeps;
 * it must not block (it runs on the publishing request's thread). */
#define EVENTS_CHANNEL_MAX 64
#define EVENTS_NAME_MAX 32

typedef void (*events_sink)(const char *channel, const char *event, const char *data_json);

/* events_set_sink — install the sink (NULL removes it). Call before serving. */
void events_set_sink(events_sink sink);

/* events_publish — hand one event to the sink, if any. Arguments are borrowed. */
void events_publish(const char *channel, const char *event, const char *data_json);

#endif
