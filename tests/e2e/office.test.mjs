// The office's daily work on a case (issue 10), as a clerk sees it at a desk:
// a paper suggestion whose cosigners' signatures are on the paper is confirmed by staff
// one cosigner at a time; the accepted case carries its number on its page and in the
// list, where the number finds it; a deadline that falls on New Year's Day moves to the
// next working day.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, apiAs, settled } from './helpers.mjs'

let server, browser, office
before(async () => {
  [server, browser] = await Promise.all([startServer('office'), launch()])
  office = await apiAs(server, 'office')
})
after(async () => { await browser?.close(); await server?.stop() })

async function ok(call, what) {
  const r = await call
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

/** deputies — three serving deputies of the current term, by id and name. */
async function deputies() {
  const r = await ok(office.get('/deputies?per_page=200'), 'deputies')
  const terms = await ok(office.get('/terms?sort=-number'), 'terms')
  const current = terms.items[0].id
  return r.items.filter((d) => d.term_id === current).slice(0, 3)
}

test('staff confirm a paper cosigner, the accepted case shows its number', async () => {
  const [lead, a, b] = await deputies()
  const c = await ok(office.post('/proposals', {
    kind: 'suggestion', title: '关于增设城南片区公交站点的建议（纸质件）', lead_deputy_id: lead.id,
    body: '城南片区居民出行不便，建议增设公交站点。', cosigners: [a.id, b.id],
  }), 'register the paper suggestion')
  const page = await newPage(browser, server)
  await login(page, 'office')
  await page.goto(`/proposals/${c.id}`)
  await settled(page)
  // each cosigner waiting to confirm has its own button; none in the case's buttons
  const btn = page.getByTestId(`person-confirm-${a.id}`)
  await btn.waitFor()
  assert.equal(await page.getByTestId('act-confirm').count(), 0, 'confirming is drawn beside each person')
  await btn.click()
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await page.getByText('纸质签名').first().waitFor()
  assert.equal(await page.getByTestId(`person-confirm-${a.id}`).count(), 0)
  assert.equal(await page.getByTestId(`person-confirm-${b.id}`).count(), 1, 'the other cosigner still waits')
  await shot(page, 'office-paper-cosigner')
  // submitted and accepted: the number is on the page
  await ok(office.post(`/proposals/${c.id}/submit`, {}), 'submit')
  const acc = await ok(office.post(`/proposals/${c.id}/accept`, {}), 'accept')
  assert.match(acc.number, /^建议〔\d{4}〕\d+号$/)
  await page.reload()
  await settled(page)
  assert.equal((await page.getByTestId('case-number').textContent()).trim(), acc.number)
  // and in the list, where searching for the number finds it
  await page.goto(`/proposals?q=${encodeURIComponent(acc.number)}`)
  await settled(page)
  await page.locator(`[data-case="${c.id}"]`).first().waitFor()
  assert.ok((await page.getByTestId('case-number').allTextContents()).some((x) => x.trim() === acc.number))
  await shot(page, 'office-number-in-list')
  await page.context().close()
})

test('a deadline on a holiday moves to the next working day', async () => {
  for (const day of ['2027-01-01', '2027-01-02', '2027-01-03']) {
    const r = await office.post('/holidays', { day, working: 0, name: '元旦' })
    assert.ok([201, 409].includes(r.status), `${day}: ${r.status} ${JSON.stringify(r.body)}`)
  }
  const [lead] = await deputies()
  const units = await ok(office.get('/units?per_page=5'), 'units')
  const c = await ok(office.post('/proposals', {
    kind: 'suggestion', title: '关于完善农村饮水安全设施的建议', lead_deputy_id: lead.id, body: '部分村组饮水设施老化。',
  }), 'register')
  // handed in on paper on 28 September (an assignment is not dated before its submission)
  for (const [a, b] of [['submit', { submitted_on: '2026-09-28' }], ['accept'], ['assign', { units: [{ unit_id: units.items[0].id, role: 'lead' }], assigned_on: '2026-10-01' }]]) {
    await ok(office.post(`/proposals/${c.id}/${a}`, b || {}), a)
  }
  const page = await newPage(browser, server)
  await login(page, 'office')
  await page.goto(`/proposals/${c.id}`)
  await settled(page)
  // three months from 1 October end on New Year's Day: the period ends on Monday 4 January
  assert.equal((await page.getByTestId('case-due').textContent()).trim(), '2027年1月4日')
  await page.context().close()
})
