// schema.js — the collections' field descriptions (GET /<c>/schema), fetched once each,
// and how a record of any collection is named and a field value shown.
import { get } from './api.js'
import { L, fmtDate, t, lang } from './i18n.js'

export const COLLECTIONS = ['congresses', 'terms', 'persons', 'committees', 'units', 'stations', 'deputies', 'members']

const cache = new Map()

/** getSchema — the schema of collection c (cached; a failed fetch is retried next time). */
export function getSchema(c) {
  if (!cache.has(c)) {
    const p = get(`/${c}/schema`)
    p.catch(() => cache.delete(c))
    cache.set(c, p)
  }
  return cache.get(c)
}

/** recordName — a short human name for a record of collection c. */
export function recordName(c, r) {
  if (!r) return ''
  if (r.name) return r.name
  if (r.person_name) return r.person_name
  if (c === 'terms' && r.number) return lang.value === 'zh' ? `第${r.number}届` : `Term ${r.number}`
  if (r.login) return r.login
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

/** enumLabel — the label of enum value v of field f. */
export function enumLabel(f, v) {
  const e = (f.values || []).find((x) => x.id === v)
  return e ? L(e) : (v ?? '')
}

/** display — the text shown for field f of record r. */
export function display(f, r) {
  const v = r[f.name]
  if (v === null || v === undefined || v === '') return ''
  switch (f.type) {
    case 'enum': return enumLabel(f, v)
    case 'date': return fmtDate(v)
    case 'ref': return refText(f, r)
    case 'int': return f.name === 'number' ? (lang.value === 'zh' ? `第${v}届` : String(v)) : String(v)
    default: return String(v)
  }
}

/** the primary field: the one a list links from */
export function primaryField(schema) {
  return schema.fields.find((f) => f.name === 'name') ||
    schema.fields.find((f) => f.name === 'person_id') ||
    schema.fields.find((f) => f.name === 'number') ||
    schema.fields.find((f) => f.name !== 'congress_id')
}

export function collectionLabel(schema) { return schema ? L(schema) : '' }
export { t }
