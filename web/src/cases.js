// cases.js — what the case pages share: the three kinds, state colours, who may do
// what in which state (only to offer the right buttons: the server decides), and the
// notifications derived from the inbox (no server push).
import { reactive } from 'vue'
import { get } from './api.js'
import { session } from './session.js'

export const KINDS = ['proposals', 'petitions', 'opinions']
// the categories offered when writing a proposal (free text is allowed too); the same
// the demo's proposals use, so lists and statistics group them together
export const CATEGORIES = ['产业发展', '农业农村', '城乡建设', '交通', '生态环境', '教育', '医疗卫生', '民生保障', '文化旅游', '社会治理', '政务服务', '其他']
export const RATINGS = ['satisfied', 'basically_satisfied', 'unsatisfied']
export const DECLINE_REASONS = ['outside_jurisdiction', 'private_affairs', 'petition_letter', 'advertising', 'no_content']
export const REPLY_CLASSES = ['A', 'B', 'C', 'D']

const STATE_TAG = {
  draft: 'info', submitted: 'warning', accepted: 'warning', declined: 'info', assigned: 'primary',
  replied: 'success', closed: 'success', rehandling: 'danger', returned: 'danger', withdrawn: 'info', merged: 'info',
}
export const stateTag = (s) => STATE_TAG[s] || 'info'

export const role = () => session.user?.role
export const isStaff = () => ['admin', 'staff'].includes(role())
export const isUnit = () => role() === 'unit'
export const isDeputy = () => role() === 'deputy'

/** myPerson — the deputy's own entry among the people owed a reply, if any. */
export function myPerson(c) {
  const d = session.user?.deputy_id
  return d ? (c.people || []).find((p) => p.deputy_id === d) : null
}

/** owesFeedback — a replied case whose current round the deputy has not rated yet. */
export function owesFeedback(c) {
  const me = myPerson(c)
  if (!me || c.state !== 'replied') return false
  if (me.role === 'cosigner' && !me.confirmed) return false
  return !(c.feedback || []).some((f) => f.person_id === me.id && f.round === c.round)
}

/** myUnit — the unit's own assignment row on this case. */
export function myUnit(c) {
  const u = session.user?.unit_id
  return u ? (c.units || []).filter((x) => x.unit_id === u) : []
}

// ---- notifications (a bell in the header) ----
export const notices = reactive({ items: [], loaded: false, at: 0 })
let inflight = null

/** loadNotices — the bell's items, from /inbox (staff, units and deputies alike). */
export function loadNotices(force = false) {
  if (!session.user) return Promise.resolve()
  if (inflight) return inflight
  if (!force && notices.loaded && Date.now() - notices.at < 30000) return Promise.resolve()
  inflight = build().then((items) => {
    notices.items = items
    notices.loaded = true
    notices.at = Date.now()
  }).catch(() => {}).finally(() => { inflight = null })
  return inflight
}

const path = (c) => `/${c.kind || 'proposal'}s/${c.id}`

async function build() {
  const r = role()
  if (!['staff', 'admin', 'unit', 'deputy'].includes(r)) return []
  const box = await get('/inbox')
  const out = []
  const add = (type, list) => {
    for (const c of list || []) out.push({ key: `${type}:${c.kind}:${c.id}`, type, id: c.id, title: c.title, to: path(c), due_on: c.due_on })
  }
  if (r === 'deputy') {
    // invitations to cosign, and replies awaiting the deputy's feedback (drafts are no news)
    add('confirm', box.to_confirm)
    add('feedback', box.feedback)
    return out
  }
  if (r === 'unit') {
    add('assigned', (box.assigned || []).filter((c) => c.state === 'assigned' || c.state === 'rehandling'))
  } else {
    add('to_review', box.to_review)
    add('to_assign', box.to_assign)
    add('extensions', box.extensions)
    add('unsatisfied', box.unsatisfied)
    add('record_feedback', box.record_feedback)
  }
  add('overdue', box.overdue)
  add('due_soon', box.due_soon)
  return out
}

export function clearNotices() {
  notices.items = []
  notices.loaded = false
}
