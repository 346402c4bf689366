// votes.js — what the vote pages share (docs/web.md "Votes"): the choices and their words
// from GET /votes/schema, how a state and an outcome read, and the live view of one vote
// (GET /votes/<id>/events, Server-Sent Events, with polling of the record when the stream
// drops). What a caller may do to a vote is the record's `actions`; who may vote, quorum,
// the result: the server's. Nothing here decides any of it.
import { ref, onBeforeUnmount } from 'vue'
import { get, API } from './api.js'
import { t, L, lang } from './i18n.js'
import { getSchema } from './schema.js'

/** voteSchema — GET /votes/schema (modes, methods, rules, electorates, options with
 * their labels), cached per login like every schema. */
export const voteSchema = () => getSchema('votes')

/** choiceLabel — an option's words (赞成, 基本满意 …) from the schema's options. */
export function choiceLabel(schema, opt) {
  const o = schema?.options?.[opt]
  if (o) return L(o)
  const k = `vote.opt.${opt}`
  return t(k) !== k ? t(k) : opt || ''
}

/** enumText — a mode's, method's, rule's or electorate's words from the schema's list. */
export function enumText(schema, list, value) {
  const x = (schema?.[list] || []).find((y) => y.value === value)
  return x ? L(x) : value || ''
}

/** ruleOf — the schema's entry of a rule ({value, options, candidates, labels}). */
export const ruleOf = (schema, rule) => (schema?.rules || []).find((r) => r.value === rule) || null

const STATE_TAG = { draft: 'info', open: 'danger', closed: 'success', annulled: 'info' }
export const voteStateTag = (s) => STATE_TAG[s] || 'info'
export const voteStateLabel = (s) => { const k = `vote.state.${s}`; return t(k) !== k ? t(k) : s }

/** outcomeLabel — the result's outcome in words (通过, 未通过, 满意 …, 选出, 票数相同):
 * the schema's words when it has them, else the app's. */
export function outcomeLabel(schema, o) {
  const x = schema?.outcomes?.[o]
  if (x) return L(x)
  const k = `vote.outcome.${o}`
  return t(k) !== k ? t(k) : o || ''
}
const OUTCOME_TONE = { adopted: 'success', satisfied: 'success', chosen: 'success', basically_satisfied: 'warning', tie: 'warning', rejected: 'danger', unsatisfied: 'danger' }
export const outcomeTone = (o) => OUTCOME_TONE[o] || 'info'

/** sameName — a candidate list in words: 张三、李四 / Zhang, Li */
export const joinNames = (names) => names.join(lang.value === 'zh' ? '、' : ', ')

// How often the record is asked for while the stream is down (the stream itself comes
// back by the browser's own reconnecting).
const POLL_MS = 4000
const RETRY_MS = 15000
const DOWN_MS = 5000

/**
 * liveVote — follow vote `id` as the hall does: `rec` is the record (GET /votes/<id>),
 * `live` the figures the stream tells ({state, electorate_size, present_count,
 * voted_count}), `connected` whether the stream is up (false once it has been down for a
 * few seconds: the server's own retry is not news). The stream's `opened`, `closed`
 * and `annulled` fetch the record again (its actions, result); `progress` only moves the
 * figures. When the stream errors, the record is polled until it is back. Call from a
 * component's setup: the stream closes with the component. `onRecord(rec)` is called
 * with each record fetched.
 */
export function liveVote(id, { onRecord } = {}) {
  const rec = ref(null)
  const error = ref(null)
  const live = ref({})
  const connected = ref(true) // until the stream is found down
  let es = null
  let poll = null
  let retry = null
  let downTimer = null
  let stopped = false

  async function load() {
    try {
      const r = await get(`/votes/${id}`)
      if (stopped) return r
      rec.value = r
      error.value = null
      live.value = { ...live.value, state: r.state, electorate_size: r.electorate_size, present_count: r.present_count, voted_count: r.voted_count }
      onRecord?.(r)
      return r
    } catch (e) {
      if (!rec.value) error.value = e
      return null
    }
  }
  // the stream's figures over the record's; a draft's size is the record's (the electorate
  // as it stands: the stream counts only a fixed one)
  const figures = (d) => {
    const next = { ...live.value }
    const draft = (d.state || next.state) === 'draft'
    for (const k of ['state', 'electorate_size', 'present_count', 'voted_count']) {
      if (d[k] === undefined || d[k] === null || (draft && k !== 'state')) continue
      next[k] = d[k]
    }
    live.value = next
  }
  const parse = (ev) => { try { return JSON.parse(ev.data || '{}') } catch { return {} } }
  function startPoll() {
    if (poll || stopped) return
    poll = setInterval(load, POLL_MS)
  }
  function stopPoll() { clearInterval(poll); poll = null }

  function connect() {
    if (typeof EventSource === 'undefined') { startPoll(); return }
    es = new EventSource(`${API}/votes/${id}/events`, { withCredentials: true })
    es.onopen = () => { clearTimeout(downTimer); downTimer = null; connected.value = true; stopPoll() }
    es.onerror = () => {
      // a stream that comes straight back (the server's retry) is not news: the page says
      // it is reconnecting only when it stays down
      if (!downTimer) {
        downTimer = setTimeout(() => {
          downTimer = null
          if (!es || es.readyState !== EventSource.OPEN) connected.value = false
        }, DOWN_MS)
      }
      startPoll()
      // a stream the browser gave up on (an HTTP error, not a stream) is not retried by it:
      // try again later; the polling carries on meanwhile
      if (es && es.readyState === EventSource.CLOSED) {
        es.close()
        es = null
        retry = setTimeout(() => { if (!stopped) connect() }, RETRY_MS)
      }
    }
    es.addEventListener('state', (ev) => {
      const d = parse(ev)
      const changed = rec.value && d.state && d.state !== rec.value.state
      figures(d)
      if (changed) load()
    })
    // what an event says is drawn at once; the record is read again for the rest (its
    // actions, the caller's own part)
    const patch = (o) => { if (rec.value) rec.value = { ...rec.value, ...o } }
    es.addEventListener('opened', (ev) => {
      const d = parse(ev)
      figures({ state: 'open', ...d })
      patch({ state: 'open' })
      load()
    })
    es.addEventListener('progress', (ev) => {
      const d = parse(ev)
      figures(d)
      if (d.voted_count !== undefined) patch({ voted_count: d.voted_count })
    })
    es.addEventListener('closed', (ev) => {
      const d = parse(ev)
      figures({ state: 'closed' })
      patch({ state: 'closed', ...(d.result ? { result: d.result } : {}) })
      load()
    })
    es.addEventListener('annulled', (ev) => {
      const d = parse(ev)
      figures({ state: 'annulled' })
      patch({ state: 'annulled', ...(d.reason ? { annul_reason: d.reason } : {}) })
      load()
    })
  }

  function stop() {
    stopped = true
    stopPoll()
    clearTimeout(retry)
    clearTimeout(downTimer)
    if (es) es.close()
    es = null
  }
  onBeforeUnmount(stop)
  load().then(() => { if (!stopped) connect() })
  return { rec, error, live, connected, reload: load, stop }
}
