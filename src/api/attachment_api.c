/* attachment_api.c — HTTP ↔ the attachments mechanism (domain/attachment/):
 *   POST /api/v1/<plural>/<id>/attachments?name=<file name>   the file as the body, or
 *        a multipart/form-data form whose first file part is the file
 *   GET  /api/v1/<plural>/<id>/attachments                    the record's files
 *   GET  /api/v1/attachments/<id>[?inline=1]                  the file itself
 *   GET  /api/v1/attachments/<id>/thumbnail                   an image's thumbnail (PNG)
 *   DELETE /api/v1/attachments/<id>
 * <plural> is any case kind or collection. No rule lives here: who may do what, the
 * size and the type are the domain's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "domain/attachment/attachment.h"

#define BOUNDARY_MAX 70 /* RFC 2046 */
#define PART_HEAD_MAX 4096

static const char *query_value(api_ctx *x, const char *key) {
    list_query q;
    if (!api_read_query(x, &q))
        return NULL;
    for (int i = 0; i < q.n && i < QUERY_PARAMS_MAX; i++)
        if (strcmp(q.params[i].key, key) == 0)
            return q.params[i].value ? q.params[i].value : "";
    return "";
}

/* header_param — the value of `key=` in a header's parameters (quoted or not), into
 * the arena; NULL when absent. */
static const char *header_param(arena *a, const char *h, size_t hlen, const char *key) {
    size_t k = strlen(key);
    for (size_t i = 0; i + k < hlen; i++) {
        if ((i == 0 || h[i - 1] == ';' || h[i - 1] == ' ') && strncasecmp(h + i, key, k) == 0 &&
            h[i + k] == '=') {
            const char *v = h + i + k + 1, *end = h + hlen;
            if (v < end && *v == '"') {
                const char *q = memchr(v + 1, '"', (size_t)(end - v - 1));
                return q ? arena_strndup(a, v + 1, (size_t)(q - v - 1)) : NULL;
            }
            const char *stop = v;
            while (stop < end && *stop != ';' && *stop != '\r' && *stop != '\n')
                stop++;
            return arena_strndup(a, v, (size_t)(stop - v));
        }
    }
    return NULL;
}

/* multipart_file — the first part of a multipart/form-data body that carries a file:
 * its bytes (into the body) and the file name its Content-Disposition gives. false
 * after answering 400 when the form cannot be read. */
static bool multipart_file(api_ctx *x, const char *ct, const char **data, size_t *len,
                           const char **name) {
    const char *boundary = header_param(x->rq->a, ct, strlen(ct), "boundary");
    if (!boundary || !*boundary || strlen(boundary) > BOUNDARY_MAX) {
        api_fail(x, RC_BAD_REQUEST, "Content-Type", "the multipart form has no usable boundary");
        return false;
    }
    char delim[BOUNDARY_MAX + 8];
    snprintf(delim, sizeof delim, "\r\n--%s", boundary);
    if (!x->rq->body || !x->rq->body_len) {
        api_fail(x, RC_BAD_REQUEST, "file", "the multipart form holds no file part");
        return false;
    }
    const char *body = x->rq->body, *end = body + x->rq->body_len;
    /* the first delimiter may open the body without the CRLF before it */
    const char *p = memmem(body, x->rq->body_len, delim + 2, strlen(delim) - 2);
    while (p) {
        p += strlen(delim) - 2;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            break; /* the closing delimiter: no file part */
        const char *head = p;
        const char *head_end = memmem(head, (size_t)(end - head), "\r\n\r\n", 4);
        if (!head_end || head_end - head > PART_HEAD_MAX)
            break;
        const char *content = head_end + 4;
        const char *next = memmem(content, (size_t)(end - content), delim, strlen(delim));
        if (!next)
            break;
        const char *fname = header_param(x->rq->a, head, (size_t)(head_end - head), "filename");
        if (fname) {
            *data = content;
            *len = (size_t)(next - content);
            *name = fname;
            return true;
        }
        p = next + 2;
    }
    api_fail(x, RC_BAD_REQUEST, "file", "the multipart form holds no file part");
    return false;
}

static void upload(api_ctx *x, int64_t record_id) {
    const char *ct = x->rq->header(x->rq, "Content-Type");
    const char *data = x->rq->body, *name = query_value(x, "name");
    size_t len = x->rq->body_len;
    if (!name)
        return;
    if (ct && strncasecmp(ct, "multipart/form-data", strlen("multipart/form-data")) == 0) {
        const char *part_name = NULL;
        if (!multipart_file(x, ct, &data, &len, &part_name))
            return;
        if (!*name)
            name = part_name;
    }
    json_t *out = NULL;
    err e;
    err_clear(&e);
    rc_t rc =
        attachment_upload(x->rq->db, &x->who, x->seg[0], record_id, name, data, len, &out, &e);
    if (rc)
        api_error(x, &e);
    else
        api_json(x, 201, out);
}

void api_record_attachments(api_ctx *x) {
    int64_t id = 0;
    if (!api_parse_id(x->seg[1], &id)) {
        api_fail(x, RC_NOT_FOUND, NULL, "%s has no record %s", x->seg[0], x->seg[1]);
        return;
    }
    if (strcmp(x->rq->method, "POST") == 0) {
        upload(x, id);
        return;
    }
    if (strcmp(x->rq->method, "GET") != 0) {
        api_not_allowed(x, "GET, POST");
        return;
    }
    json_t *out = NULL;
    err e;
    err_clear(&e);
    rc_t rc = attachment_list(x->rq->db, &x->who, x->seg[0], id, &out, &e);
    if (rc)
        api_error(x, &e);
    else
        api_json(x, 200, out);
}

/* disposition — RFC 6266: an ASCII fallback name (each other byte an underscore) and
 * the name itself as RFC 5987's filename*=UTF-8''…, so a Chinese name survives. */
static const char *disposition(arena *a, const char *name, bool inline_) {
    static const char attr[] = "!#$&+-.^_`|~";
    size_t n = strlen(name);
    char *ascii = arena_alloc(a, n + 1), *pct = arena_alloc(a, 3 * n + 1);
    if (!ascii || !pct)
        return inline_ ? "inline" : "attachment";
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)name[i];
        bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                     (ch >= '0' && ch <= '9') || strchr(attr, ch);
        ascii[i] = ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' ? (char)ch : '_';
        if (plain)
            pct[j++] = (char)ch;
        else
            j += (size_t)snprintf(pct + j, 4, "%%%02X", ch);
    }
    ascii[n] = pct[j] = '\0';
    return arena_printf(a, "%s; filename=\"%s\"; filename*=UTF-8''%s",
                        inline_ ? "inline" : "attachment", ascii, pct);
}

static void download(api_ctx *x, int64_t id, bool thumbnail) {
    attachment_file f;
    err e;
    err_clear(&e);
    const char *inl = query_value(x, "inline");
    if (!inl)
        return;
    rc_t rc = attachment_read(x->rq->db, &x->who, id, thumbnail, &f, &e);
    if (rc) {
        api_error(x, &e);
        return;
    }
    api_response *rs = x->rs;
    free(rs->body);
    rs->status = 200;
    rs->content_type = strncmp(f.type, "text/", 5) == 0
                           ? arena_printf(x->rq->a, "%s; charset=utf-8", f.type)
                           : arena_strdup(x->rq->a, f.type);
    rs->body = (char *)f.data; /* the HTTP layer frees it */
    rs->body_len = f.len;
    api_add_header(x, "Content-Disposition",
                   disposition(x->rq->a, f.name, thumbnail || strcmp(inl, "1") == 0));
}

void api_attachment(api_ctx *x) {
    int64_t id = 0;
    bool thumb = x->nseg == 3 && strcmp(x->seg[2], "thumbnail") == 0;
    if ((x->nseg != 2 && !thumb) || !api_parse_id(x->seg[1], &id)) {
        api_fail(x, RC_NOT_FOUND, NULL, "no such path under /api/v1/attachments");
        return;
    }
    err e;
    err_clear(&e);
    if (thumb && strcmp(x->rq->method, "GET") != 0) {
        api_not_allowed(x, "GET");
    } else if (strcmp(x->rq->method, "GET") == 0) {
        download(x, id, thumb);
    } else if (strcmp(x->rq->method, "DELETE") == 0) {
        rc_t rc = attachment_delete(x->rq->db, &x->who, id, &e);
        if (rc)
            api_error(x, &e);
        else
            api_json(x, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "deleted", 1));
    } else {
        api_not_allowed(x, "GET, DELETE");
    }
}
