// api.js — the one way the app talks to the server (/api/v1).
// Every failure becomes an ApiError {status, code, message, field, rows}; status 0 means
// the server could not be reached. A 401 (other than a failed login) calls the handler
// set by the router, which sends the user back to the login page.
import { t, lang } from './i18n.js'

export const API = '/api/v1'

export class ApiError extends Error {
  constructor(status, code, message, field = '', rows = null) {
    super(message || code)
    this.status = status
    this.code = code
    this.field = field || ''
    this.rows = rows
  }
}

let unauthorizedHandler = null
/** onUnauthorized — fn() is called when a request answers 401 (session gone). */
export function onUnauthorized(fn) { unauthorizedHandler = fn }

/** qs — a query string from an object, leaving out empty values. */
export function qs(params) {
  const u = new URLSearchParams()
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue
    u.append(k, String(v))
  }
  const s = u.toString()
  return s ? `?${s}` : ''
}

let sessionHeld = false
/** holdSession — whether the app has a logged-in user (session.js says). */
export function holdSession(on) { sessionHeld = !!on }

/** said — the server's message in the user's language: message_zh when the server has
 * Chinese wording for it (src/base/msg_zh.c), else its English message. */
const said = (o) => (lang.value === 'zh' && o.message_zh ? o.message_zh : o.message || '')

/**
 * api — send one request. opts: query (object), body (JSON-encoded), raw (a Blob or
 * ArrayBuffer sent as is with opts.type), auth401 (false: a 401 is the caller's to show),
 * anonymous (true: sent without the session cookie, so the server answers as to the public).
 * Resolves to the parsed JSON (null for 204); rejects with ApiError.
 */
export async function api(method, path, opts = {}) {
  const headers = { Accept: 'application/json' }
  // while someone is logged in, a request without a session is refused (401), not
  // answered as to the public: the session ended elsewhere
  if (sessionHeld && !opts.anonymous) headers['X-Renda-Session'] = '1'

  let body
  if (opts.raw !== undefined) {
    body = opts.raw
    headers['Content-Type'] = opts.type
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body)
    headers['Content-Type'] = 'application/json'
  }
  let res
  try {
    // anonymous: without the session cookie, as the public reads (the public site)
    const credentials = opts.anonymous ? 'omit' : 'same-origin'
    res = await fetch(API + path + qs(opts.query), { method, headers, body, credentials })
  } catch {
    throw new ApiError(0, 'network', '')
  }
  if (res.status === 204) return null
  let data = null
  const text = await res.text()
  if (text) {
    try { data = JSON.parse(text) } catch { data = null }
  }
  if (!res.ok) {
    const e = data && data.error ? data.error : {}
    const rows = e.rows ? e.rows.map((r) => ({ ...r, message: said(r) })) : null
    const err = new ApiError(res.status, e.code || `http_${res.status}`, said(e), e.field, rows)
    if (res.status === 401 && opts.auth401 !== false && unauthorizedHandler) unauthorizedHandler(err)
    throw err
  }
  return data
}

export const get = (path, query, opts) => api('GET', path, { ...opts, query })
export const post = (path, body, opts) => api('POST', path, { ...opts, body })
export const patch = (path, body, opts) => api('PATCH', path, { ...opts, body })
export const del = (path, opts) => api('DELETE', path, opts)

/** errorSummary — what went wrong, in the user's language, from status and code. */
export function errorSummary(e) {
  if (!(e instanceof ApiError)) return t('err.unknown')
  if (e.status === 0) return t('err.network')
  const byCode = {
    unauthorized: 'err.unauthorized', forbidden: 'err.forbidden', not_found: 'err.not_found',
    conflict: 'err.conflict', invalid: 'err.invalid', too_large: 'err.too_large',
    too_many_requests: 'err.too_many', bad_request: 'err.bad_request',
    unsupported_media_type: 'err.media_type', method_not_allowed: 'err.bad_request',
    unavailable: 'err.unavailable',
  }
  if (byCode[e.code]) return t(byCode[e.code])
  if (e.status >= 500) return t('err.server')
  return t('err.unknown')
}

/** errorText — what kind of thing went wrong (the summary), the server's own words
 * about it (Chinese when it has them: they name the field or the rule), and, where the
 * words do not say it, what to do next; the summary alone when the server said nothing
 * more. */
export function errorText(e) {
  const s = errorSummary(e)
  if (!(e && e.message && e.status)) return s
  const todo = { invalid: 'err.todo_invalid', forbidden: 'err.todo_forbidden', too_large: 'err.todo_too_large' }[e.code]
  const detail = e.message.replace(/[。.！!]\s*$/, '')
  return t('err.with_detail', { summary: s, detail, todo: todo ? t(todo) : '' }).trim()
}
