// schema.js — the field descriptions of the collections and case kinds (GET /<c>/schema)
// and what exists for the caller (GET /schema), fetched once per login; how a record of
// any collection is named and a field value shown.
import { get } from './api.js'
import { L, fmtDate, t, lang } from './i18n.js'

const cache = new Map()

/** getSchema — the schema of collection or case kind c (`GET /<c>/schema`: fields, and
 * what the caller may do with the whole of it), cached per login; a failed fetch is
 * retried next time. */
export function getSchema(c) {
  if (!cache.has(c)) {
    const p = get(`/${c}/schema`)
    p.catch(() => cache.delete(c))
    cache.set(c, p)
  }
  return cache.get(c)
}

/** listSchemas — GET /schema: the collections and case kinds the caller may read
 * ({collections:[{name,label_zh,label_en,write}], case_kinds:[{name,case_kind,…}]}),
 * cached per login. */
export function listSchemas() {
  if (!cache.has('')) {
    const p = get('/schema')
    p.catch(() => cache.delete(''))
    cache.set('', p)
  }
  return cache.get('')
}

/** caseKinds — the case kinds the server has for the caller ([] when it cannot say). */
export const caseKinds = () => listSchemas().then((s) => s.case_kinds || [], () => [])

/** forgetSchemas — drop every cached schema: they are the caller's (what they may
 * create, import, the values in effect in their congress), so a new login asks again. */
export function forgetSchemas() { cache.clear() }

/** recordName — a short human name for a record of collection c; with its schema, a
 * register's title field (an inspection's subject, an audit finding's text, cut short). */
export function recordName(c, r, schema) {
  if (!r) return ''
  if (r.name) return r.name
  if (r.person_name) return r.person_name
  if (c === 'terms' && r.number) return lang.value === 'zh' ? `第${r.number}届` : `Term ${r.number}`
  // a reception has no name of its own: its station and day
  if (c === 'receptions' && r.held_on) return [r.station_name, fmtDate(r.held_on)].filter(Boolean).join(' ')
  if (r.login) return r.login
  if (typeof r.title === 'string' && r.title) return r.title
  const f = schema ? titleField(schema) : null
  if (f && r[f.name]) { const v = String(r[f.name]); return v.length > 40 ? `${v.slice(0, 40)}…` : v }
  return `#${r.id}`
}

/** termName — the server names terms 第16届; in English say Term 16. */
function refText(f, r) {
  const v = r[f.name_key]
  if (v && f.ref === 'terms' && lang.value === 'en') {
    const m = /(\d+)/.exec(v)
    if (m) return `Term ${m[1]}`
  }
  return v ?? (r[f.name] ? `#${r[f.name]}` : '')
}

/** recordHint — what tells two records of the same name apart in a picker: a deputy's
 * level, delegation and term (one person may be a deputy at several levels, and again
 * when re-elected), and a status other than active. `schema` is the collection's own
 * (for the enum labels). */
export function recordHint(c, r, schema) {
  if (c !== 'deputies' || !r) return ''
  const f = (n) => schema?.fields.find((x) => x.name === n)
  const level = f('level') ? enumLabel(f('level'), r.level) : ''
  const status = r.status && r.status !== 'active' && f('status') ? enumLabel(f('status'), r.status) : ''
  return [level, r.delegation, r.term_name, status].filter(Boolean).join(' · ')
}

/** refItems — a reference list (type refs) of record r: [{id, name}] in the server's
 * order, the names from r[f.names_key]; '#id' where a name is missing. */
export function refItems(f, r) {
  const ids = Array.isArray(r?.[f.name]) ? r[f.name] : []
  const names = (f.names_key && r[f.names_key]) || []
  return ids.map((id, i) => ({ id, name: names[i] || `#${id}` }))
}

const listSep = () => (lang.value === 'zh' ? '、' : ', ')
const PEOPLE = new Set(['deputies', 'persons', 'members'])

/** refsShort — a reference list in little room: all names up to three, else the first
 * two and the count (段燕、任晨阳等5人 / Duan Yan, Ren Chenyang and 3 more). */
export function refsShort(f, r) {
  const items = refItems(f, r)
  if (items.length <= 3) return items.map((x) => x.name).join(listSep())
  return t(PEOPLE.has(f.ref) ? 'list.refs_people' : 'list.refs_items', {
    names: items.slice(0, 2).map((x) => x.name).join(listSep()), n: items.length, more: items.length - 2,
  })
}

/** enumLabel — the label of enum value v of field f. */
export function enumLabel(f, v) {
  const e = (f.values || []).find((x) => x.id === v)
  return e ? L(e) : (v ?? '')
}

/** shownIn — does a form with these values show field f (the schema's `when`: a
 * motion's parts only while the kind is motion)? */
export const shownIn = (f, values) => !f.when || values?.[f.when.field] === f.when.value

/** display — the text shown for field f of record r. */
export function display(f, r) {
  const v = r[f.name]
  if (v === null || v === undefined || v === '') return ''
  switch (f.type) {
    case 'enum': return enumLabel(f, v)
    case 'date': return fmtDate(v)
    case 'bool': return v ? t('common.yes') : t('common.no')
    case 'ref': return refText(f, r)
    case 'refs': return refItems(f, r).map((x) => x.name).join(listSep())
    case 'int': return f.name === 'number' ? (lang.value === 'zh' ? `第${v}届` : String(v)) : String(v)
    default: return String(v)
  }
}

/** titleField — a register's title: a required text field people search by (sortable
 * first: an inspection's subject; else an audit finding's long text). */
export function titleField(schema) {
  const text = (f) => f.type === 'text' && f.required && f.search
  return schema.fields.find((f) => text(f) && f.sort && !f.long) || schema.fields.find(text) || null
}

/** the primary field: the one a list links from */
export function primaryField(schema) {
  return schema.fields.find((f) => f.name === 'name') ||
    schema.fields.find((f) => f.name === 'person_id') ||
    schema.fields.find((f) => f.name === 'number') ||
    titleField(schema) ||
    schema.fields.find((f) => f.name !== 'congress_id')
}

export function collectionLabel(schema) { return schema ? L(schema) : '' }
export { t }
