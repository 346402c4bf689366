// cases.js — what the case pages share: how a state and an action look, how an action's
// inputs are drawn from the kind's schema (GET /<kind>s/schema), and the notifications
// derived from the inbox (no server push). What a caller may do to a case is the
// record's `actions`, never decided here.
import { reactive } from 'vue'
import { get } from './api.js'
import { session } from './session.js'
import { t, L, lang } from './i18n.js'
import { mineUnanswered, meetingTitle } from './meetings.js'

const STATE_TAG = {
  draft: 'info', submitted: 'warning', accepted: 'warning', declined: 'info', assigned: 'primary',
  replied: 'success', closed: 'success', rehandling: 'danger', returned: 'danger', withdrawn: 'info', merged: 'info',
}
export const stateTag = (s) => STATE_TAG[s] || 'info'

/** stateLabel — a state's words: the app's own where it has them, else the schema's. */
export function stateLabel(s, schema) {
  const k = `state.${s}`
  if (t(k) !== k) return t(k)
  const x = (schema?.states || []).find((y) => y.id === s)
  return x ? L(x) : s
}

// ---- how an action looks (presentation only) ----
// the step forward a case waits for is a primary button; the ones that end or send a case
// back are red; feedback is a form on the page rather than a dialog
const PRIMARY = new Set(['submit', 'accept', 'assign', 'reply', 'close', 'confirm'])
const DANGER = new Set(['decline', 'withdraw', 'return'])
const INLINE = new Set(['feedback'])
export const actionTone = (a) => (PRIMARY.has(a) ? 'primary' : DANGER.has(a) ? 'danger' : 'default')
export const actionInline = (a) => INLINE.has(a)

// What the schema does not say about an input, for the user's convenience only: a free
// text that suggests the names of a collection, a date that starts at today (the server
// takes today when it is left out). The server checks every value again.
const INPUT_HINTS = {
  to: { suggest: 'units' },
  assigned_on: { today: true },
  forwarded_on: { today: true },
}
export const inputHint = (f) => INPUT_HINTS[f.name] || {}

/** visibleInputs — the fields of an action the user fills in (hidden ones are set by
 * the page itself, e.g. deciding an extension request). */
export const visibleInputs = (action) => (action?.fields || []).filter((f) => !f.hidden)

const isNote = (f) => f.type === 'text' && !f.required

/**
 * actionShape — how an action of the schema is taken on record c:
 *   'toggle': its one input is a required yes/no that mirrors the record's own field of
 *             that name (publish, key supervision): one click sends the opposite;
 *   'click':  it asks for nothing but an optional note: one click (asking first when the
 *             schema says confirm);
 *   'form':   it asks for input: a dialog (or a form on the page) drawn from its fields.
 */
export function actionShape(action, c) {
  const asks = visibleInputs(action).filter((f) => !isNote(f))
  if (asks.length === 1 && asks[0].type === 'bool' && asks[0].required && typeof c?.[asks[0].name] === 'boolean') return 'toggle'
  return asks.length ? 'form' : 'click'
}

/** blankItem — a new item of list input f (an assignment's units): references empty, a
 * choice at its first value for the first item and at the next one for those after it
 * (a lead unit, then co-units); the user changes what does not fit. */
export function blankItem(f, i) {
  const o = {}
  for (const x of f.items || []) o[x.name] = x.type === 'enum' ? (x.values[i === 0 ? 0 : 1] || x.values[0])?.id ?? null : null
  return o
}

/** decider — the action and its hidden inputs that decide a request listed on the case
 * (an extension request: its id and yes/no), or null when the kind has none. */
export function decider(schema) {
  for (const a of schema?.actions || []) {
    const id = a.fields.find((f) => f.hidden && f.ref === 'extensions')
    const yes = a.fields.find((f) => f.hidden && f.type === 'bool')
    if (id && yes) return { action: a, id: id.name, yes: yes.name }
  }
  return null
}

/** peopleChoices — for an input that names one of the case's people (ref "people"):
 * those without an account of their own (a voter, a petitioner), whom the office speaks
 * for. Deputies answer for themselves, so for them there is nothing to choose. */
export const peopleChoices = (c) => (c?.people || []).filter((p) => !p.deputy_id)

/** groupField — the kind's own first filterable choice (a proposal's kind, a letter's
 * channel): what a list shows beside the title. */
export function groupField(schema) {
  return (schema?.fields || []).find((f) => f.type === 'enum' && f.filter && f.name !== 'state') || null
}

// ---- notifications (a bell in the header) ----
// total: the server's count of the cases needing action, each once however many boxes
// it sits in (the bell shows it; items are the notices, one per box and case)
export const notices = reactive({ items: [], total: 0, loaded: false, at: 0 })
let inflight = null

/** loadNotices — the bell's items, from /inbox (staff, units and deputies alike). */
export function loadNotices(force = false) {
  if (!session.user) return Promise.resolve()
  if (inflight) return inflight
  if (!force && notices.loaded && Date.now() - notices.at < 30000) return Promise.resolve()
  inflight = build().then(({ items, total }) => {
    notices.items = items
    notices.total = total
    notices.loaded = true
    notices.at = Date.now()
  }).catch(() => {}).finally(() => { inflight = null })
  return inflight
}

const path = (c) => `/${c.kind || 'proposal'}s/${c.id}`

// the inbox's boxes that are news, and the notice each becomes (a deputy's drafts and
// the office's rated cases waiting to be closed are work, not news)
const NEWS = {
  to_confirm: 'confirm', feedback: 'feedback', assigned: 'assigned', to_review: 'to_review', to_assign: 'to_assign',
  extensions: 'extensions', unsatisfied: 'unsatisfied', record_feedback: 'record_feedback', overdue: 'overdue', due_soon: 'due_soon',
  assign_overdue: 'assign_overdue', to_rehandle: 'to_rehandle', follow_up: 'follow_up',
}

async function build() {
  // the inbox carries the meetings' part too (the server's meeting_inbox_add): a deputy's
  // notices not yet answered (`meetings`, my_status null) and the office's warnings (the
  // two-month rule), both counted in its `total`. A member has no inbox: their notices
  // come from GET /meetings/mine, counted by its `unanswered`.
  const box = await get('/inbox').catch(() => null)
  const person = !!(session.user?.member_id || session.user?.deputy_id)
  const meetings = box
    ? { items: (box.meetings || []).filter((m) => !m.my_status), count: 0 }
    : person ? await mineUnanswered() : { items: [], count: 0 }
  const news = meetings.items.map((m) => ({ key: `meeting:${m.id}`, type: 'meeting_date', id: `m${m.id}`, title: meetingTitle(m), to: '/meetings/mine', due_on: m.starts_on }))
  for (const [i, w] of (box?.warnings || []).entries()) {
    news.push({ key: `warning:${w.code}:${i}`, type: 'warning', id: `w${i}`, title: lang.value === 'zh' && w.message_zh ? w.message_zh : w.message || w.code, to: '/c/meetings?view=calendar' })
  }
  if (!box) return { items: news, total: meetings.count }
  const out = []
  for (const [name, type] of Object.entries(NEWS)) {
    let list = box[name] || []
    // a unit's assigned cases are news while they wait for its answer
    if (name === 'assigned') list = list.filter((c) => c.state === 'assigned' || c.state === 'rehandling')
    for (const c of list) out.push({ key: `${type}:${c.kind}:${c.id}`, type, id: c.id, title: c.number ? `${c.number} ${c.title}` : c.title, to: path(c), due_on: c.due_on })
  }
  return { items: [...news, ...out], total: box.total ?? new Set([...news, ...out].map((n) => `${n.id}`)).size }
}

export function clearNotices() {
  notices.items = []
  notices.loaded = false
}
