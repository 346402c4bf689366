/* thumbnail.c — a small PNG of an uploaded image, for lists and phones (attachment.h).
 *
 * gdk-pixbuf decodes (PNG, JPEG, GIF: the loaders Debian ships with it), turns a phone
 * photo upright by its EXIF orientation, and scales. A picture whose header claims more
 * than THUMB_PIXELS_MAX pixels is not handed to it at all (header_pixels): a small file
 * that unpacks to gigabytes (a decompression bomb) is never decoded. The loader's
 * size-prepared check stays as a second guard. A picture that cannot be decoded simply has no
 * thumbnail; the file itself is kept either way. */
#include "domain/attachment/attachment.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define THUMB_PIXELS_MAX (64LL * 1000 * 1000) /* a 64-megapixel photo is still taken */
#define FEED_STEP (64 * 1024)

static const char *const thumb_types[] = {"image/png", "image/jpeg", "image/gif", NULL};

/* gdk-pixbuf's loader modules are found and loaded on first use; one thumbnail at a
 * time keeps that, and the memory a decode takes, bounded. Uploads of images are rare
 * next to everything else the server does. */
static pthread_mutex_t thumb_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct {
    bool too_big;
} size_watch;

/* on_size — the header is read: refuse a picture too large to decode, and otherwise
 * let JPEG decode straight at the thumbnail's size (the other loaders scale after). */
static void on_size(GdkPixbufLoader *l, gint w, gint h, gpointer data) {
    size_watch *sw = data;
    if (w <= 0 || h <= 0 || (long long)w * h > THUMB_PIXELS_MAX) {
        sw->too_big = true;
        gdk_pixbuf_loader_set_size(l, 1, 1);
        return;
    }
    if (w > ATTACHMENT_THUMB_PX || h > ATTACHMENT_THUMB_PX) {
        double k = (double)ATTACHMENT_THUMB_PX / (w > h ? w : h);
        int tw = (int)(w * k + 0.5), th = (int)(h * k + 0.5);
        gdk_pixbuf_loader_set_size(l, tw > 0 ? tw : 1, th > 0 ? th : 1);
    }
}

bool attachment_thumbnail_wanted(const char *type) {
    for (int i = 0; thumb_types[i]; i++)
        if (strcmp(type, thumb_types[i]) == 0)
            return true;
    return false;
}

/* be16, be32, le16 — integers of an image's header. */
static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned long be32(const unsigned char *p) {
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}
static unsigned le16(const unsigned char *p) { return (unsigned)p[1] << 8 | p[0]; }

/* header_pixels — the width × height the header of a PNG, GIF or JPEG claims, read
 * before anything is decoded: gdk-pixbuf's loaders allocate the whole picture as soon
 * as they have read its header, and its size-prepared signal cannot stop that. 0 when
 * the header cannot be read (no thumbnail then). */
static long long header_pixels(const unsigned char *d, size_t n) {
    if (n >= 24 && memcmp(d, "\x89PNG", 4) == 0) /* IHDR is the first chunk */
        return (long long)be32(d + 16) * (long long)be32(d + 20);
    if (n >= 10 && memcmp(d, "GIF8", 4) == 0) /* the logical screen */
        return (long long)le16(d + 6) * le16(d + 8);
    if (n < 4 || d[0] != 0xFF || d[1] != 0xD8)
        return 0;
    /* JPEG: walk the segments to the first start-of-frame (SOF0–SOF15 but DHT C4, JPG C8
     * and DAC CC), which holds the height and width */
    for (size_t i = 2; i + 9 < n;) {
        if (d[i] != 0xFF)
            return 0;
        unsigned m = d[i + 1];
        if (m == 0xFF) { /* fill byte */
            i++;
            continue;
        }
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)
            return (long long)be16(d + i + 5) * be16(d + i + 7);
        if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) { /* no length */
            i += 2;
            continue;
        }
        i += 2 + be16(d + i + 2);
    }
    return 0;
}

/* decode — the picture, upright and at most ATTACHMENT_THUMB_PX on its longer side;
 * NULL when it cannot be had. */
static GdkPixbuf *decode(const unsigned char *data, size_t len) {
    GdkPixbufLoader *l = gdk_pixbuf_loader_new();
    size_watch sw = {.too_big = false};
    g_signal_connect(l, "size-prepared", G_CALLBACK(on_size), &sw);
    bool ok = true;
    for (size_t at = 0; ok && at < len && !sw.too_big; at += FEED_STEP) {
        size_t n = len - at < FEED_STEP ? len - at : FEED_STEP;
        ok = gdk_pixbuf_loader_write(l, data + at, n, NULL);
    }
    /* closing a loader that was given up on reports an error: that is expected */
    ok = gdk_pixbuf_loader_close(l, NULL) && ok && !sw.too_big;
    GdkPixbuf *pb = ok ? gdk_pixbuf_loader_get_pixbuf(l) : NULL;
    GdkPixbuf *up = pb ? gdk_pixbuf_apply_embedded_orientation(pb) : NULL;
    g_object_unref(l);
    if (!up)
        return NULL;
    int w = gdk_pixbuf_get_width(up), h = gdk_pixbuf_get_height(up);
    if (w <= ATTACHMENT_THUMB_PX && h <= ATTACHMENT_THUMB_PX)
        return up;
    /* turned a quarter, or a loader that does not scale while decoding */
    double k = (double)ATTACHMENT_THUMB_PX / (w > h ? w : h);
    int tw = (int)(w * k + 0.5), th = (int)(h * k + 0.5);
    GdkPixbuf *small =
        gdk_pixbuf_scale_simple(up, tw > 0 ? tw : 1, th > 0 ? th : 1, GDK_INTERP_BILINEAR);
    g_object_unref(up);
    return small;
}

bool attachment_thumbnail(const void *data, size_t len, const char *type, unsigned char **out,
                          size_t *out_len) {
    *out = NULL;
    *out_len = 0;
    long long px = len ? header_pixels(data, len) : 0;
    if (!attachment_thumbnail_wanted(type) || px <= 0 || px > THUMB_PIXELS_MAX)
        return false;
    pthread_mutex_lock(&thumb_lock);
    GdkPixbuf *pb = decode(data, len);
    gchar *png = NULL;
    gsize n = 0;
    bool ok = pb && gdk_pixbuf_save_to_buffer(pb, &png, &n, "png", NULL, NULL);
    if (pb)
        g_object_unref(pb);
    pthread_mutex_unlock(&thumb_lock);
    if (ok && n) { /* handed over in the C library's memory, as the rest of the store's */
        *out = malloc(n);
        if (*out) {
            memcpy(*out, png, n);
            *out_len = n;
        }
    }
    g_free(png);
    return *out != NULL;
}
