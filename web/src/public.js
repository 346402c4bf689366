// public.js — what the public site's pages share (docs/web.md "The public site"). Every
// request is made without the session cookie, so the server answers as it answers the
// public — published cases in their public shape, the fields collections mark public —
// even when the reader is also logged in. The site is one congress's: `?congress=<id>`
// in the address, else the first congress that keeps its terms here (else the first).
import { reactive } from 'vue'
import { get } from './api.js'

/** pget — GET as the public. */
export const pget = (path, query) => get(path, query, { anonymous: true, auth401: false })

const schemas = new Map()
/** publicSchema — the schema of a collection or case kind as the public sees it (only
 * the public fields), cached for the page's life. */
export function publicSchema(c) {
  if (!schemas.has(c)) {
    const p = pget(`/${c}/schema`)
    p.catch(() => schemas.delete(c))
    schemas.set(c, p)
  }
  return schemas.get(c)
}

/** site — the congress the public site shows: {id, name} once loaded, error when none. */
export const site = reactive({ congress: null, error: null, asked: undefined })

/** loadSite — the congress of `?congress=` (id text, or undefined for the default). */
export async function loadSite(asked) {
  if (site.congress && site.asked === asked) return site.congress
  site.asked = asked
  site.error = null
  try {
    if (asked) {
      site.congress = await pget(`/congresses/${encodeURIComponent(asked)}`)
    } else {
      // the first congress that keeps its terms here: the one the platform runs for (a
      // province or city recorded only as the hierarchy above it has none), else the first
      const [terms, first] = await Promise.all([
        pget('/terms', { sort: 'id', per_page: 1 }), pget('/congresses', { sort: 'id', per_page: 1 }),
      ])
      const own = terms.items[0]?.congress_id
      site.congress = own ? await pget(`/congresses/${own}`) : first.items[0] || null
      if (!site.congress) site.error = 'none'
    }
  } catch (e) {
    site.congress = null
    site.error = e
  }
  return site.congress
}

/** siteLink — a path of the public site, keeping the congress chosen in the address. */
export function siteLink(path, route, extra = {}) {
  const query = { ...extra }
  if (route.query.congress) query.congress = route.query.congress
  return { path, query }
}
