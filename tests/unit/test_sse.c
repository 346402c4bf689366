/* test_sse.c — unit tests for the event streams' hub (src/http/sse.c) without a
 * server: the framing, the fan-out to a channel's streams, the coalescing of progress
 * events, the per-stream cap, the keep-alive, parking and waking (the hooks are fakes
 * that count), and the stop. The hub's thread is not started: the tests call
 * sse_flush and sse_keepalive themselves. libmicrohttpd's side is tested by
 * tests/api/test_sse.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/sse.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define READ_MAX (256u * 1024)

/* A fake connection: what the hooks did to it. */
typedef struct {
    int parks, wakes;
    bool parked;
} fake;

static void fake_park(void *ctx) {
    fake *f = ctx;
    assert_false(f->parked); /* parked twice without a wake in between */
    f->parks++;
    f->parked = true;
}

static void fake_wake(void *ctx) {
    fake *f = ctx;
    assert_true(f->parked); /* woken without being parked */
    f->wakes++;
    f->parked = false;
}

static int setup(void **state) {
    (void)state;
    sse_configure(&(sse_config){.park = fake_park, .wake = fake_wake, .max_streams = 8});
    return 0;
}

static int teardown(void **state) {
    (void)state;
    assert_int_equal(sse_count(), 0); /* every test closes its streams */
    return 0;
}

/* drain — everything s has now, as a string (static buffer); *last the final
 * result of sse_read (SSE_READ_WAIT, _END or _DROP). */
static const char *drain(sse_stream *s, long *last, size_t chunk) {
    static char out[READ_MAX + 1];
    size_t n = 0;
    long r;
    while ((r = sse_read(s, out + n, chunk < READ_MAX - n ? chunk : READ_MAX - n)) > 0)
        n += (size_t)r;
    out[n] = '\0';
    if (last)
        *last = r;
    return out;
}

static sse_stream *open_on(const char *channel, const char *first, fake *f) {
    sse_open_result why;
    sse_stream *s = sse_open(channel, first, first ? strlen(first) : 0, f, &why);
    assert_non_null(s);
    assert_int_equal(why, SSE_OPEN_OK);
    return s;
}

/* ---- framing ------------------------------------------------------------------------ */

static void test_frame(void **state) {
    (void)state;
    static const struct {
        const char *event, *data, *want;
    } cases[] = {
        {"opened", "{\"voted_count\":0}", "event: opened\ndata: {\"voted_count\":0}\n\n"},
        {"progress", "", "event: progress\ndata: \n\n"},
        {"x", NULL, "event: x\ndata: \n\n"},
        /* every line of the data on a line of its own, as the client's parser joins them */
        {"x", "a\nb", "event: x\ndata: a\ndata: b\n\n"},
        {"x", "a\r\nb\rc", "event: x\ndata: a\ndata: b\ndata: c\n\n"},
        {"x", "a\n", "event: x\ndata: a\ndata: \n\n"},
        /* a line break in the name would end the event early: dropped */
        {"clo\r\nsed", "{}", "event: closed\ndata: {}\n\n"},
        {"名", "{\"q\":\"赞成\"}", "event: 名\ndata: {\"q\":\"赞成\"}\n\n"},
    };
    for (size_t i = 0; i < COUNT(cases); i++) {
        size_t len = 0;
        char *f = sse_frame(cases[i].event, cases[i].data, &len);
        assert_non_null(f);
        assert_string_equal(f, cases[i].want);
        assert_int_equal(len, strlen(cases[i].want));
        free(f);
    }
}

/* ---- fan-out ------------------------------------------------------------------------ */

static void test_first_event_then_published_ones(void **state) {
    (void)state;
    fake f = {0};
    sse_stream *s = open_on("vote:1", "event: state\ndata: {}\n\n", &f);
    long last;
    assert_string_equal(drain(s, &last, 4096), "event: state\ndata: {}\n\n");
    assert_int_equal(last, SSE_READ_WAIT);
    assert_int_equal(f.parks, 1);
    sse_sink("vote:1", "opened", "{\"n\":3}");
    sse_flush();
    assert_int_equal(f.wakes, 1);
    assert_string_equal(drain(s, &last, 4096), "event: opened\ndata: {\"n\":3}\n\n");
    sse_close(s);
}

static void test_fan_out_to_the_channel_only(void **state) {
    (void)state;
    fake f[4] = {{0}};
    sse_stream *s[4];
    for (int i = 0; i < 3; i++)
        s[i] = open_on("vote:1", NULL, &f[i]);
    s[3] = open_on("vote:2", NULL, &f[3]);
    assert_int_equal(sse_count(), 4);
    for (int i = 0; i < 4; i++)
        assert_string_equal(drain(s[i], NULL, 4096), ""); /* all parked */
    sse_sink("vote:1", "closed", "{\"result\":{}}");
    sse_sink("vote:9", "closed", "{}"); /* nobody watches: nothing happens */
    sse_flush();
    for (int i = 0; i < 3; i++) {
        assert_int_equal(f[i].wakes, 1);
        assert_string_equal(drain(s[i], NULL, 4096), "event: closed\ndata: {\"result\":{}}\n\n");
    }
    assert_int_equal(f[3].wakes, 0);
    assert_true(f[3].parked); /* still: its connection stays suspended */
    /* a flush with no news wakes nobody */
    sse_flush();
    for (int i = 0; i < 4; i++)
        assert_int_equal(f[i].wakes, i < 3 ? 1 : 0);
    for (int i = 0; i < 4; i++)
        sse_close(s[i]);
    assert_int_equal(sse_count(), 0);
}

static void test_unsubscribe(void **state) {
    (void)state;
    fake a = {0}, b = {0};
    sse_stream *sa = open_on("vote:3", NULL, &a);
    sse_stream *sb = open_on("vote:3", NULL, &b);
    drain(sa, NULL, 4096);
    sse_close(sb); /* left before anything was published */
    sse_sink("vote:3", "opened", "{}");
    sse_flush();
    assert_string_equal(drain(sa, NULL, 4096), "event: opened\ndata: {}\n\n");
    sse_close(sa);
    /* the channel went with its last stream: a new one starts afresh */
    sse_sink("vote:3", "progress", "{\"voted_count\":1}");
    sse_stream *sc = open_on("vote:3", NULL, &a);
    a.parked = false;
    assert_string_equal(drain(sc, NULL, 4096), "");
    sse_close(sc);
}

static void test_not_parked_is_not_woken(void **state) {
    (void)state;
    fake f = {0};
    sse_stream *s = open_on("vote:4", "event: state\ndata: {}\n\n", &f);
    /* it has its first event and has not read it: not parked */
    sse_sink("vote:4", "opened", "{}");
    sse_flush();
    assert_int_equal(f.wakes, 0);
    assert_int_equal(f.parks, 0);
    assert_string_equal(drain(s, NULL, 4096),
                        "event: state\ndata: {}\n\nevent: opened\ndata: {}\n\n");
    sse_close(s);
}

/* ---- progress is a snapshot --------------------------------------------------------- */

static void test_progress_coalesced_in_order(void **state) {
    (void)state;
    fake f = {0};
    sse_stream *s = open_on("vote:5", NULL, &f);
    drain(s, NULL, 4096);
    for (int i = 1; i <= 100; i++) {
        char data[64];
        snprintf(data, sizeof data, "{\"voted_count\":%d}", i);
        sse_sink("vote:5", "progress", data);
    }
    sse_flush();
    assert_int_equal(f.wakes, 1);
    assert_string_equal(drain(s, NULL, 4096), "event: progress\ndata: {\"voted_count\":100}\n\n");
    /* a progress, then a closed: both, the progress first */
    sse_sink("vote:5", "progress", "{\"voted_count\":101}");
    sse_sink("vote:5", "closed", "{\"result\":1}");
    sse_flush();
    assert_string_equal(drain(s, NULL, 4096), "event: progress\ndata: {\"voted_count\":101}\n\n"
                                              "event: closed\ndata: {\"result\":1}\n\n");
    /* nothing new: the same progress is not sent twice, and the stream stays parked */
    sse_flush();
    assert_int_equal(f.wakes, 2);
    assert_true(f.parked);
    sse_close(s);
}

static void test_progress_before_open_is_not_replayed(void **state) {
    (void)state;
    fake a = {0}, b = {0};
    sse_stream *sa = open_on("vote:6", NULL, &a);
    sse_sink("vote:6", "progress", "{\"voted_count\":7}");
    /* b's first event (the API's state) was read after that progress */
    sse_stream *sb = open_on("vote:6", "event: state\ndata: {\"voted_count\":7}\n\n", &b);
    assert_string_equal(drain(sa, NULL, 4096), "event: progress\ndata: {\"voted_count\":7}\n\n");
    assert_string_equal(drain(sb, NULL, 4096), "event: state\ndata: {\"voted_count\":7}\n\n");
    sse_close(sa);
    sse_close(sb);
}

/* ---- bounds --------------------------------------------------------------------------- */

static void test_slow_reader_dropped_others_unharmed(void **state) {
    (void)state;
    fake slow = {0}, quick = {0};
    sse_stream *ss = open_on("vote:7", NULL, &slow);
    sse_stream *sq = open_on("vote:7", NULL, &quick);
    char data[1024];
    memset(data, 'x', sizeof data - 1);
    data[sizeof data - 1] = '\0';
    size_t sent = 0;
    /* the quick one reads after every event; the slow one never */
    while (sent <= SSE_STREAM_MAX_BYTES + sizeof data) {
        sse_sink("vote:7", "note", data);
        sent += sizeof data;
        sse_flush();
        long last;
        const char *got = drain(sq, &last, 4096);
        assert_int_equal(last, SSE_READ_WAIT);
        assert_true(strlen(got) > sizeof data);
    }
    long last;
    drain(ss, &last, 4096);
    assert_int_equal(last, SSE_READ_DROP);
    /* dropped for good: no more appends, no more reads */
    sse_sink("vote:7", "note", "{}");
    assert_int_equal(sse_read(ss, data, sizeof data), SSE_READ_DROP);
    sse_close(ss);
    sse_close(sq);
}

static void test_small_reads_reassemble(void **state) {
    (void)state;
    fake f = {0};
    sse_stream *s = open_on("vote:8", "event: state\ndata: {\"a\":1}\n\n", &f);
    sse_sink("vote:8", "opened", "{\"b\":2}");
    assert_string_equal(drain(s, NULL, 3), "event: state\ndata: {\"a\":1}\n\n"
                                           "event: opened\ndata: {\"b\":2}\n\n");
    sse_close(s);
}

static void test_stream_limit(void **state) {
    (void)state;
    fake f[9] = {{0}};
    sse_stream *s[8];
    for (int i = 0; i < 8; i++)
        s[i] = open_on(i % 2 ? "vote:1" : "vote:2", NULL, &f[i]);
    sse_open_result why;
    assert_null(sse_open("vote:1", NULL, 0, &f[8], &why));
    assert_int_equal(why, SSE_OPEN_FULL);
    sse_close(s[0]);
    s[0] = open_on("vote:3", NULL, &f[8]);
    for (int i = 0; i < 8; i++)
        sse_close(s[i]);
}

/* ---- keep-alive and stop -------------------------------------------------------------- */

static void test_keepalive(void **state) {
    (void)state;
    fake idle = {0}, busy = {0};
    sse_stream *si = open_on("vote:9", NULL, &idle);
    sse_stream *sb = open_on("vote:10", "event: state\ndata: {}\n\n", &busy);
    drain(si, NULL, 4096);
    sse_keepalive();
    assert_int_equal(idle.wakes, 1);
    assert_string_equal(drain(si, NULL, 4096), SSE_KEEPALIVE_TEXT);
    /* a stream with events to send sends those instead */
    assert_string_equal(drain(sb, NULL, 4096), "event: state\ndata: {}\n\n");
    /* once sent, the comment is not repeated until the next keep-alive */
    sse_flush();
    assert_int_equal(idle.wakes, 1);
    assert_true(idle.parked);
    sse_close(si);
    sse_close(sb);
}

static void test_stop_ends_streams(void **state) {
    (void)state;
    fake parked = {0}, pending = {0};
    sse_stream *sp = open_on("vote:11", NULL, &parked);
    sse_stream *sq = open_on("vote:11", "event: state\ndata: {}\n\n", &pending);
    drain(sp, NULL, 4096);
    sse_stop();
    assert_int_equal(parked.wakes, 1);
    long last;
    assert_string_equal(drain(sp, &last, 4096), "");
    assert_int_equal(last, SSE_READ_END);
    /* what a stream holds is sent before it ends */
    assert_string_equal(drain(sq, &last, 4096), "event: state\ndata: {}\n\n");
    assert_int_equal(last, SSE_READ_END);
    sse_open_result why;
    assert_null(sse_open("vote:11", NULL, 0, &parked, &why));
    assert_int_equal(why, SSE_OPEN_STOPPING);
    sse_close(sp);
    sse_close(sq);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame),
        cmocka_unit_test_setup_teardown(test_first_event_then_published_ones, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fan_out_to_the_channel_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsubscribe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_parked_is_not_woken, setup, teardown),
        cmocka_unit_test_setup_teardown(test_progress_coalesced_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_progress_before_open_is_not_replayed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slow_reader_dropped_others_unharmed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_small_reads_reassemble, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stream_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keepalive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop_ends_streams, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
