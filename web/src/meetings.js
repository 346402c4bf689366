// meetings.js — what the meeting pages share (docs/web.md "Meetings"): how a kind and a
// state look (colours are presentation only), the words of a kind from the meetings'
// schema, which agenda fields a form shows for an item's kind (the schema's `when`), and
// the member's own meetings that the bell counts. What a caller may do — notify, open,
// close, edit the agenda or the attendance — is each record's `actions`; quorum, late
// reports and who is in the electorate are the server's. Nothing here decides any of it.
import { get } from './api.js'
import { t, L, lang, fmtDate } from './i18n.js'
import { getSchema } from './schema.js'

// one colour per kind, dark enough for white text (WCAG AA), and a light tint for a
// background with dark text
export const KIND_COLORS = {
  plenary: { solid: '#a61b1b', tint: '#fbeaea' },
  committee_session: { solid: '#1a56db', tint: '#e8effd' },
  chairs_meeting: { solid: '#2f6b2f', tint: '#e9f4e9' },
}
export const kindColor = (k) => KIND_COLORS[k] || { solid: '#545b66', tint: '#f0f1f3' }

export const meetingSchema = () => getSchema('meetings')
export const agendaSchema = () => getSchema('agenda_items')

/** enumWord — the schema's words for value v of enum field `name`, else the app's. */
export function enumWord(schema, name, v, fallbackPrefix) {
  const f = (schema?.fields || []).find((x) => x.name === name)
  const e = (f?.values || []).find((x) => x.id === v)
  if (e) return L(e)
  const k = `${fallbackPrefix}.${v}`
  return t(k) !== k ? t(k) : v || ''
}
export const kindLabel = (schema, k) => enumWord(schema, 'kind', k, 'meet.kind')
export function stateLabel(s) { const k = `meet.state.${s}`; return t(k) !== k ? t(k) : s || '' }
const STATE_TAG = { planned: 'info', notified: 'warning', held: 'danger', closed: 'success' }
export const stateTag = (s) => STATE_TAG[s] || 'info'

/** meetingTitle — in Chinese the record's own title (第17届常委会第3次会议, the server's);
 * in English its kind and number (Standing committee session no. 3). */
export function meetingTitle(m, schema) {
  if (!m) return ''
  if (lang.value === 'zh') return m.title || `第${m.number}次${kindLabel(schema, m.kind)}`
  return `${kindLabel(schema, m.kind)} no. ${m.number}`
}

/** dateSpan — 2026年3月2日 or 2026年3月2日—3月4日 */
export function dateSpan(m) {
  if (!m?.starts_on) return ''
  if (!m.ends_on || m.ends_on === m.starts_on) return fmtDate(m.starts_on)
  return `${fmtDate(m.starts_on)} — ${fmtDate(m.ends_on)}`
}

/** whenHolds — does the schema's `when` of field f hold for these values? The server's
 * `when` is {field, value}; a value that is a list (or `values`) holds for any of them. */
export function whenHolds(f, values) {
  const w = f.when
  if (!w) return true
  const v = values?.[w.field]
  const allowed = Array.isArray(w.values) ? w.values : Array.isArray(w.value) ? w.value : [w.value]
  return allowed.includes(v)
}

// agenda fields the form never edits: the meeting's own link, the order (the up/down
// buttons), and what the server computes
const NOT_IN_FORM = new Set(['id', 'congress_id', 'meeting_id', 'position', 'late', 'due', 'vote_ids', 'resolution_id', 'attachments', 'actions', 'created_at', 'updated_at'])
/** agendaFormFields — the fields an item's form shows for the kind chosen, in the
 * schema's order (kind first). */
export function agendaFormFields(schema, values) {
  const all = schema?.fields || []
  // a field shows while its `when` holds and the field that `when` names shows too (a
  // motion's members, shown for tabled_by members, go with tabled_by when the kind changes)
  const shows = (f, depth = 0) => {
    if (!whenHolds(f, values)) return false
    const dep = f.when && all.find((x) => x.name === f.when.field)
    return !dep || depth > 4 || shows(dep, depth + 1)
  }
  return all.filter((f) => !NOT_IN_FORM.has(f.name) && !f.read_only && shows(f))
}

/** mineUnanswered — GET /meetings/mine's meetings the caller has not answered yet
 * (`my_status` null): the notices the bell counts, and the server's count of them
 * (`unanswered`). None when the caller has no meetings of their own (the server answers
 * 403 to an account that is neither a member nor a deputy). */
export async function mineUnanswered() {
  try {
    const r = await get('/meetings/mine')
    const items = (r.items || []).filter((m) => !m.my_status)
    return { items, count: r.unanswered ?? items.length }
  } catch {
    return { items: [], count: 0 }
  }
}
