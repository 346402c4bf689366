/* msg_zh.h — the Chinese wording of user-facing messages, looked up by the English
 * printf format they are written with (msg_zh.c holds the catalog). */
#ifndef RENDA_MSG_ZH_H
#define RENDA_MSG_ZH_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* msg_zh_template — the catalog's Chinese template for an English format, or NULL. */
const char *msg_zh_template(const char *fmt);

/* msg_zh_format — out = the Chinese message for fmt with ap's arguments (ap is not
 * consumed: it is copied), or "" when the catalog has no wording for fmt. */
void msg_zh_format(const char *fmt, va_list ap, char *out, size_t cap);

#endif
