// The congress's public site (/public, issue 10 "The public site") and the printed
// documents (/print): without logging in, on a 390 px phone, the header carries the
// congress's name, the proposals filter, a case page shows the question and the reply
// but no internal timeline, a deputy's page shows only public fields, a station page
// lists its next announced reception; the login page links to the site. Logged in, the
// case page links to the assignment sheet and the reply summary, which are A4 pages
// that print (page.pdf) without the app's chrome.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, apiAs, horizontalOverflow, unlabelled } from './helpers.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, mobile: true }
let server, browser, office, congress
before(async () => {
  [server, browser] = await Promise.all([startServer('public'), launch()])
  office = await apiAs(server, 'office')
  // the site's congress: the first that keeps its terms (the county, not the province above it)
  const term = (await office.get('/terms?sort=id&per_page=1')).body.items[0]
  congress = (await office.get(`/congresses/${term.congress_id}`)).body
})
after(async () => { await browser?.close(); await server?.stop() })

async function fits(page, what) {
  assert.ok(await horizontalOverflow(page) <= 0, `${what} overflows at 390 px`)
  assert.deepEqual(await unlabelled(page), [], `${what}: controls without a name`)
}
const isoDay = (d) => d.toISOString().slice(0, 10)
const zhDay = (s) => { const [y, m, d] = s.split('-'); return `${y}年${+m}月${+d}日` }

test('the public site from the login page, on a phone: the congress, a filter, a case without its timeline', async () => {
  const page = await newPage(browser, server, PHONE)
  await page.goto('/login')
  await page.getByTestId('public-link').click()
  await page.waitForURL(/\/public$/)
  await page.getByTestId('public-congress').getByText(congress.name).waitFor()
  await page.getByTestId('public-case').first().waitFor()
  await fits(page, 'the public list')
  await shot(page, '70-phone-public-list')

  // filter by a category the published cases use: the list is the server's for it
  const cats = (await (await fetch(`${server.url}/api/v1/proposals/counts?by=category&congress_id=${congress.id}`)).json()).items
  const cat = cats.find((x) => x.value)
  await page.locator('#pf-category').click({ force: true })
  await page.locator('.el-select-dropdown__item:visible', { hasText: cat.value }).first().click()
  await page.waitForURL((u) => u.searchParams.get('category') === cat.value)
  await page.getByTestId('public-total').getByText(String(cat.count)).waitFor()
  assert.equal(await page.getByTestId('public-case').count(), Math.min(cat.count, 20))

  // a case: the question and its reply, no office timeline, no logins
  await page.getByTestId('public-case').first().locator('a').first().click()
  await page.waitForURL(/\/public\/\d+/)
  await page.getByTestId('reply').first().waitFor()
  await page.getByTestId('public-outcome').waitFor()
  const text = await page.locator('main').innerText()
  for (const word of ['确认附议', '立案', '交办 ·', 'office', '办理过程']) assert.ok(!text.includes(word), `the public case shows "${word}"`)
  assert.equal(await page.locator('.el-timeline').count(), 0, 'a timeline on the public case')
  await fits(page, 'the public case')
  await shot(page, '71-phone-public-case')
  assert.deepEqual(page.errors || [], [])
  await page.context().close()
})

test('a deputy\'s public page and a station with its next reception, without logging in', async () => {
  // a station with deputies, and an announced reception ten days on
  const deputies = (await office.get(`/deputies?status=active&per_page=200&congress_id=${congress.id}`)).body.items.filter((d) => d.station_id)
  const d = deputies[0]
  const held = isoDay(new Date(Date.now() + 10 * 86400e3))
  const rec = await office.post('/receptions', {
    station_id: d.station_id, held_on: held, announced_on: isoDay(new Date()), deputy_ids: [d.id],
    notes: 'e2e 内部备注：不公开', voters_received: 0,
  })
  assert.equal(rec.status, 201, JSON.stringify(rec.body))
  const hidden = await office.post('/receptions', { station_id: d.station_id, held_on: isoDay(new Date(Date.now() + 12 * 86400e3)) })
  assert.equal(hidden.status, 201)

  const page = await newPage(browser, server, PHONE)
  await page.goto('/public')
  await page.getByTestId('public-nav-deputies').click()
  await page.waitForURL(/\/public\/deputies$/)
  await page.getByTestId('public-deputy-search').fill(d.person_name)
  await page.getByTestId('public-deputy-search').press('Enter')
  await page.getByTestId('public-deputies').getByRole('link', { name: d.person_name }).first().click()
  await page.waitForURL(/\/public\/deputies\/\d+/)
  await page.getByTestId('public-deputy-name').getByText(d.person_name).waitFor()
  await page.getByTestId('public-deputy-cases').waitFor()
  const text = await page.locator('main').innerText()
  assert.ok(!/电话|出生|身份证/.test(text), 'a private field on the deputy\'s page')
  await fits(page, 'the deputy\'s page')
  await shot(page, '72-phone-public-deputy')

  await page.goto(`/public/stations/${d.station_id}`)
  const next = page.getByTestId('public-reception').filter({ hasText: zhDay(held) })
  await next.waitFor()
  await next.getByText(d.person_name).waitFor()
  assert.equal(await page.getByTestId('public-reception').filter({ hasText: zhDay(isoDay(new Date(Date.now() + 12 * 86400e3))) }).count(), 0,
    'an unannounced reception is public')
  assert.ok(!(await page.locator('main').innerText()).includes('内部备注'))
  await page.getByTestId('public-station-deputies').getByText(d.person_name).waitFor()
  await fits(page, 'the station page')
  await shot(page, '73-phone-public-station')

  // the stations list links to it
  await page.getByTestId('public-nav-stations').click()
  await page.getByTestId('public-stations').getByRole('link').first().waitFor()
  await fits(page, 'the stations list')
  assert.deepEqual(page.errors || [], [])
  await page.context().close()
})

/** pdfPages — the number of pages of a PDF. */
const pdfPages = (buf) => (buf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length

test('the assignment sheet and the reply summary print on A4 without the app', async () => {
  const list = (await office.get('/proposals?state=closed&per_page=50')).body.items
  const c = list.find((x) => x.units && x.units.length)
  assert.ok(c, 'a closed proposal with units in the demo')
  const full = (await office.get(`/proposals/${c.id}`)).body
  const u = full.units[0]
  const page = await newPage(browser, server)
  await login(page, 'office')
  await page.goto(`/proposals/${c.id}`)
  await page.getByTestId(`print-assignment-${u.unit_id}`).click()
  await page.waitForURL(new RegExp(`/print/proposals/${c.id}/assignment\\?unit=${u.unit_id}`))
  const sheet = page.getByTestId('print-assignment')
  await sheet.waitFor()
  await sheet.getByTestId('print-congress').getByText(congress.name).waitFor()
  assert.equal(await sheet.getByTestId('print-title').innerText(), full.title)
  assert.equal(await sheet.getByTestId('print-unit').innerText(), u.unit_name)
  assert.equal(await sheet.getByTestId('print-role').innerText(), { lead: '主办', co: '协办', separate: '分办' }[u.role])
  assert.ok((await sheet.getByTestId('print-lead').innerText()).includes(full.lead_deputy_name))
  if (full.number) assert.ok((await sheet.getByTestId('print-number').innerText()).includes(full.number))
  // print CSS: an A4 page rule, and the toolbar and app chrome gone on paper
  const a4 = await page.evaluate(() => [...document.styleSheets].some((s) => {
    try { return [...s.cssRules].some((r) => r.type === CSSRule.PAGE_RULE && /A4/i.test(r.style.size)) } catch { return false }
  }))
  assert.ok(a4, 'no @page { size: A4 } rule')
  assert.equal(await page.locator('.app-header, aside, .el-aside').count(), 0, 'app chrome on the print page')
  await page.emulateMedia({ media: 'print' })
  assert.equal(await page.getByTestId('print-now').isVisible(), false, 'the toolbar prints')
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
  assert.ok(pdf.length > 1000 && pdf.toString('latin1', 0, 5) === '%PDF-')
  assert.equal(pdfPages(pdf), 1, 'the assignment sheet is one A4 page')
  await page.emulateMedia({ media: 'screen' })
  await shot(page, '74-print-assignment')

  await page.goto(`/proposals/${c.id}`)
  await page.getByTestId('print-reply-link').click()
  await page.waitForURL(new RegExp(`/print/proposals/${c.id}/reply$`))
  const summary = page.getByTestId('print-reply')
  await summary.waitFor()
  const replies = full.replies.filter((r) => r.kind !== 'co_view')
  assert.equal(await summary.getByTestId('print-reply-item').count(), replies.length)
  await summary.getByTestId('print-class').first().getByText(/类/).waitFor()
  const pdf2 = await page.pdf({ format: 'A4', preferCSSPageSize: true })
  assert.ok(pdfPages(pdf2) >= 1)
  await shot(page, '75-print-reply')
  assert.deepEqual(page.errors || [], [])
  await page.context().close()
})

test('anyone asks for a normative document to be reviewed, from the public site on a phone', async () => {
  const page = await newPage(browser, server, PHONE)
  await page.goto(`/public/documents?congress=${congress.id}`)
  await page.getByTestId('public-documents').locator('li.card').first().waitFor()
  await fits(page, 'the public documents')
  // the first document of the page is the newest: the office's list says which it is
  const newest = (await office.get(`/normative_documents?sort=-published_on&per_page=1`)).body.items[0]
  await page.getByTestId(`public-ask-${newest.id}`).click()
  // the server's 422 shows at the field it names: the form sends nothing blank
  await page.getByTestId('public-ask-send').click()
  await page.locator('.el-form-item.is-error').first().waitFor()
  await page.getByTestId('rr-name').fill('王建国')
  await page.getByTestId('rr-contact').fill('13800000000')
  await page.getByTestId('rr-content').fill('该文件关于收费的规定没有法律依据，建议审查。')
  await page.getByTestId('public-ask-send').click()
  await page.getByTestId('public-ask-sent').waitFor()
  assert.deepEqual(await unlabelled(page), [], 'the review request form: controls without a name')
  await shot(page, '73-phone-public-review-request')
  // the office finds it under the document, come in online today, not yet handled
  const got = (await office.get(`/review_requests?document_id=${newest.id}`)).body.items
  const mine = got.find((r) => r.name === '王建国')
  assert.ok(mine, 'the office does not see the request')
  assert.equal(mine.channel, 'online')
  assert.equal(mine.status, 'received')
  assert.deepEqual(page.errors || [], [])
  await page.context().close()
})
