// helpers.mjs — what every browser test shares: a `renda serve` of its own on a fresh
// demo database and a free port, Debian's Chromium driven by playwright-core (never a
// downloaded browser), logging in, screenshots under test-output/screenshots/.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, existsSync, createWriteStream, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'
import { afterEach } from 'node:test'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const require = createRequire(join(ROOT, 'web/package.json'))
const { chromium } = require('playwright-core')

export const BIN = process.env.RENDA_BIN || join(ROOT, 'build/renda')
export const WEB = process.env.RENDA_WEB || join(ROOT, 'web/dist')
export const OUT = resolve(ROOT, process.env.OUT || 'test-output')
export const SHOTS = join(OUT, 'screenshots')
export const PASSWORD = 'renda-demo'
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer()
    s.unref()
    s.on('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
  })
}

/** startServer — a demo database in a temporary folder, served on a free port. */
export async function startServer(name) {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run ninja -C build`)
  if (!existsSync(join(WEB, 'index.html'))) throw new Error(`${WEB} is not built: run scripts/e2e`)
  const dir = mkdtempSync(join(tmpdir(), 'renda-e2e-'))
  const db = join(dir, 'e2e.db')
  execFileSync(BIN, ['init', '--db', db, '--demo'], { stdio: 'ignore' })
  const port = await freePort()
  mkdirSync(OUT, { recursive: true })
  const log = createWriteStream(join(OUT, `e2e-server-${name}.log`))
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', WEB], { stdio: ['ignore', 'pipe', 'pipe'] })
  proc.stdout.pipe(log)
  proc.stderr.pipe(log)
  const url = `http://127.0.0.1:${port}`
  let exited = false
  proc.on('exit', () => { exited = true })
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`renda serve exited; see ${OUT}/e2e-server-${name}.log`)
    try {
      const r = await fetch(`${url}/api/v1/health`)
      if (r.ok) break
    } catch { /* not listening yet */ }
    if (i > 200) throw new Error('renda serve did not answer within 10 s')
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    url,
    db,
    async stop() {
      if (!exited) {
        const gone = new Promise((r) => proc.once('exit', r))
        proc.kill('SIGTERM')
        await gone
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

// ---- accessibility: axe-core over every page the tests visit ----
// Each page is checked at WCAG 2.0/2.1 A and AA when a test leaves it (goto, reload,
// closing its context or the browser) and shortly after each in-app navigation, once
// per address and page. A violation fails the test at its next navigation or close,
// naming the rule, the elements (CSS selectors) and the address. RENDA_AXE=0 skips it.
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const AXE_ON = process.env.RENDA_AXE !== '0'
const watched = new Set() // the open pages being checked

// at the end of each test, its open pages as it leaves them: a violation fails the
// test that showed it
afterEach(async () => {
  let err = null
  for (const p of watched) {
    try { await p.a11yDone() } catch (e) { err = err || e }
  }
  if (err) throw err
})

/** axeCheck — run axe on the page as it stands (after its data has drawn); resolves
 * with the violations, each {id, impact, help, url, nodes: [{target, summary}]}. */
export async function axeCheck(page) {
  await page.waitForFunction(() => !document.querySelector('.el-skeleton, .el-loading-mask:not([style*="display: none"])'), null, { timeout: 3000 }).catch(() => {})
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ content: AXE_SOURCE })
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
    // An open Element Plus select's option list scrolls without being focusable: its
    // options are reached from the combobox itself (arrow keys, aria-activedescendant).
    const managed = (v, n) => v.id === 'scrollable-region-focusable' &&
      n.target.some((t) => { try { return !!document.querySelector(t)?.closest('.el-select-dropdown, .el-cascader__dropdown') } catch { return false } })
    for (const v of r.violations) v.nodes = v.nodes.filter((n) => !managed(v, n))
    r.violations = r.violations.filter((v) => v.nodes.length)
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, url: location.href,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: (n.failureSummary || '').split('\n').slice(0, 2).join(' ') })),
    }))
  }, AXE_TAGS)
}

/** axeReport — violations as a reviewer reads them: rule, impact, address, elements. */
export function axeReport(violations) {
  return violations.map((v) => `${v.id} (${v.impact}) on ${v.url}: ${v.help}\n` +
    v.nodes.slice(0, 10).map((n) => `    ${n.target} — ${n.summary}`).join('\n') +
    (v.nodes.length > 10 ? `\n    … and ${v.nodes.length - 10} more` : '')).join('\n')
}

function watchA11y(page) {
  const seen = new Set()
  const found = []
  let queue = Promise.resolve()
  const check = (why) => {
    queue = queue.then(async () => {
      const url = page.url()
      if (page.isClosed() || !url.startsWith('http') || seen.has(url)) return
      seen.add(url)
      try {
        found.push(...await axeCheck(page))
      } catch (e) {
        if (page.isClosed() || /context was destroyed|navigat|Target .*closed/i.test(String(e))) seen.delete(url)
        else throw new Error(`axe could not check ${url} (${why}): ${e}`)
      }
    })
    return queue
  }
  const fail = async (why) => {
    await check(why)
    if (found.length) {
      const msg = axeReport(found.splice(0))
      throw new Error(`WCAG 2 A/AA violations (axe-core):\n${msg}`)
    }
  }
  // in-app navigations: checked once the new page has drawn its data
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) setTimeout(() => { check('navigated').catch(() => {}) }, 300)
  })
  for (const m of ['goto', 'reload']) {
    const orig = page[m].bind(page)
    page[m] = async (...args) => {
      await fail(`before ${m}`)
      return orig(...args)
    }
  }
  page.a11yDone = () => fail('at the end of the test')
  watched.add(page)
  page.on('close', () => watched.delete(page))
}

/** launch — headless Debian Chromium; closing it checks its open pages (axe). */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  })
  const close = browser.close.bind(browser)
  browser.close = async () => {
    let err = null
    for (const c of browser.contexts()) {
      for (const p of c.pages()) {
        try { await p.a11yDone?.() } catch (e) { err = err || e }
      }
    }
    await close()
    if (err) throw err
  }
  return browser
}

/** newPage — a fresh context (no cookies, no localStorage) at the server. */
export async function newPage(browser, server, opts = {}) {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: opts.viewport || { width: 1366, height: 900 },
    acceptDownloads: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(opts.mobile ? { isMobile: true, hasTouch: true } : {}),
  })
  context.setDefaultTimeout(10000)
  // no CSS transitions or animations: the tests wait for states, not for motion
  await context.addInitScript(() => {
    const css = '*,*::before,*::after{transition-duration:0s!important;transition-delay:0s!important;animation-duration:0s!important;animation-delay:0s!important}'
    document.addEventListener('DOMContentLoaded', () => {
      const s = document.createElement('style')
      s.textContent = css
      document.head.appendChild(s)
    })
  })
  const page = await context.newPage()
  page.on('pageerror', (e) => { page.errors = [...(page.errors || []), e] })
  if (AXE_ON) {
    watchA11y(page)
    const closeContext = context.close.bind(context)
    context.close = async (...args) => {
      let err = null
      for (const p of context.pages()) {
        try { await p.a11yDone?.() } catch (e) { err = err || e }
      }
      await closeContext(...args)
      if (err) throw err
    }
  }
  return page
}

/** login — through the login page; waits for the menu. */
export async function login(page, who, password = PASSWORD) {
  await page.goto('/login')
  await page.locator('#login-name').fill(who)
  await page.locator('#login-password').fill(password)
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.getByRole('button', { name: /^(登录|Log in)$/ }).click(),
  ])
  await page.locator('#main').waitFor()
}

/** shot — a full-page screenshot for a reviewer, under test-output/screenshots/. */
export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true })
}

/** apiAs — a small API client logged in as `who` (for setting up and checking data). */
export async function apiAs(server, who) {
  const r = await fetch(`${server.url}/api/v1/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: who, password: PASSWORD }),
  })
  if (!r.ok) throw new Error(`login ${who}: ${r.status}`)
  const cookie = r.headers.get('set-cookie').split(';')[0]
  const call = async (method, path, body) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method, headers: { Cookie: cookie, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : null }
  }
  return { get: (p) => call('GET', p), post: (p, b) => call('POST', p, b), patch: (p, b) => call('PATCH', p, b), del: (p) => call('DELETE', p) }
}

/** noHorizontalScroll — the page is no wider than the viewport. */
export async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}

/** unlabelled — visible controls without an accessible name (should be none). */
export async function unlabelled(page) {
  return page.evaluate(() => {
    const bad = []
    const els = document.querySelectorAll('input, select, textarea, button, a[href], [role=button], [role=combobox]')
    for (const el of els) {
      const r = el.getBoundingClientRect()
      const hidden = r.width === 0 && r.height === 0 && !el.classList.contains('sr-only')
      if (hidden || el.closest('[aria-hidden=true]') || el.type === 'hidden') continue
      const id = el.id
      const named = (el.getAttribute('aria-label') || '').trim() ||
        (el.getAttribute('aria-labelledby') || '').split(/\s+/).some((i) => i && document.getElementById(i)?.textContent.trim()) ||
        (id && document.querySelector(`label[for="${CSS.escape(id)}"]`)?.textContent.trim()) ||
        el.closest('label')?.textContent.trim() ||
        (['BUTTON', 'A'].includes(el.tagName) || el.getAttribute('role') === 'button' ? el.textContent.trim() : '') ||
        el.getAttribute('title')
      if (!named) bad.push(el.outerHTML.slice(0, 160))
    }
    return bad
  })
}

/** settled — the page has drawn its data: no skeletons and no loading masks left. */
export async function settled(page) {
  await page.locator('.page h1').first().waitFor()
  await page.waitForFunction(() => !document.querySelector('.el-skeleton, .el-loading-mask:not([style*="display: none"])'))
}
