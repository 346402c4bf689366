/* thumbnail.c — a small PNG of an uploaded image, for lists and phones (attachment.h).
 *
 * gdk-pixbuf decodes (PNG, JPEG, GIF: the loaders Debian ships with it), turns a phone
 * photo upright by its EXIF orientation, and scales. Decoding is fed in pieces, and a
 * picture whose header claims more than THUMB_PIXELS_MAX pixels is given up as soon as
 * the header is read: a small file that unpacks to gigabytes (a decompression bomb)
 * never gets its pixels decoded. A picture that cannot be decoded simply has no
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
    if (!attachment_thumbnail_wanted(type) || !len)
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
