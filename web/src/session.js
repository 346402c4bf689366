// session.js — who is logged in, their congress and their menu (from the server).
import { reactive } from 'vue'
import { get, post, ApiError, holdSession } from './api.js'
import { forgetSchemas } from './schema.js'
import { t } from './i18n.js'

export const session = reactive({
  loaded: false,
  user: null,
  congressName: '',
  menu: [],
})

async function loadMenu() {
  try {
    const m = await get('/menu')
    session.menu = m.items || []
  } catch (e) {
    session.menu = []
    if (e instanceof ApiError && e.status === 401) throw e
  }
}

async function loadCongress(u) {
  session.congressName = u.congress_name || ''
  if (!session.congressName && u.congress_id) {
    try {
      const c = await get(`/congresses/${u.congress_id}`)
      session.congressName = c.name || ''
    } catch { /* the header simply shows no congress */ }
  }
}

/** loadSession — ask the server who we are; resolves with the user or null. */
export async function loadSession() {
  try {
    const r = await get('/me', null, { auth401: false })
    if (session.user?.id !== r.user?.id) forgetSchemas()
    session.user = r.user
    holdSession(!!r.user)
    await Promise.all([loadMenu(), loadCongress(r.user)])
  } catch (e) {
    session.user = null
    holdSession(false)
    session.menu = []
    if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) {
      session.loaded = true
      throw e
    }
  }
  session.loaded = true
  return session.user
}

/** login — throws ApiError (401 wrong login or password, 429 throttled, 0 offline). */
export async function login(loginName, password) {
  await post('/login', { login: loginName, password }, { auth401: false })
  return loadSession()
}

export async function logout() {
  try { await post('/logout', undefined, { auth401: false }) } catch { /* gone anyway */ }
  clearSession()
}

export function clearSession() {
  session.user = null
  holdSession(false)
  session.menu = []
  session.congressName = ''
  forgetSchemas()
}

/** inOneCongress — the user belongs to one congress (everyone but the installation's
 * admin): their records are that congress's, so a congress column or choice says nothing. */
export const inOneCongress = () => !!session.user?.congress_id

/** shownName — how the header and greeting name the account: a unit's account by its
 * unit, anyone else by their display name or the deputy they are (data, as the server
 * gives them); an account with neither by its role, in the user's language. */
export function shownName(u) {
  if (!u) return ''
  if (u.role === 'unit' && u.unit_name) return u.unit_name
  return u.display_name || u.deputy_name || t(`role.${u.role}`)
}
