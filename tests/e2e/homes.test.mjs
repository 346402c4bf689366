// Each role's own home page, the audit trail in words, settings a clerk can use, the
// app's chrome in English, and the accounts table at 1366 px.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, apiAs, horizontalOverflow } from './helpers.mjs'

let server, browser, office
before(async () => {
  [server, browser] = await Promise.all([startServer('homes'), launch()])
  office = await apiAs(server, 'office')
})
after(async () => { await browser?.close(); await server?.stop() })

const PHONE = { viewport: { width: 390, height: 844 }, mobile: true }
const english = (page) => page.evaluate(() => localStorage.setItem('renda.lang', 'en'))

test("a unit's home page is its work, under its own name", async () => {
  const unit = await apiAs(server, 'unit')
  const me = (await unit.get('/me')).body.user
  const inbox = (await unit.get('/inbox')).body
  const page = await newPage(browser, server)
  await login(page, 'unit')
  await page.getByTestId('user-name').getByText(me.unit_name).waitFor()
  assert.ok(me.unit_name && me.unit_name !== '承办单位')
  await page.getByTestId('work').waitFor()
  for (const b of inbox.boxes) {
    await page.getByTestId(`work-${b.key}`).getByText(b.label_zh).waitFor()
    assert.equal(await page.getByTestId(`work-${b.key}`).locator('.n').textContent(), String(b.count), b.key)
  }
  for (const key of ['assigned', 'overdue', 'due_soon', 'returned']) assert.ok(inbox.boxes.some((b) => b.key === key), key)
  const rate = inbox.figures.find((f) => f.key === 'reply_rate')
  await page.getByTestId('figure-reply_rate').getByText(`${rate.value}%`).waitFor()
  await page.getByTestId('figure-satisfaction').getByText('满意率').waitFor()
  // the overview of people and places is the office's
  assert.equal(await page.locator('.echart').count(), 0)
  assert.equal(await page.getByTestId('tile-units').count(), 0)
  await page.getByText(`${me.unit_name}，您好`).waitFor()
  await shot(page, '90-unit-home')
  await page.context().close()
})

test("a deputy's home page on a 390 px phone: invitations, replies to rate, their cases; /my their record", async () => {
  const deputy = await apiAs(server, 'deputy')
  const me = (await deputy.get('/me')).body.user
  // a reception day to come and one past, with the deputy present
  const station = (await office.get('/stations?per_page=1')).body.items[0]
  for (const held_on of ['2099-06-01', '2026-01-10']) {
    const r = await office.post('/receptions', { station_id: station.id, held_on, deputy_ids: [me.deputy_id] })
    assert.equal(r.status, 201, JSON.stringify(r.body))
  }
  const inbox = (await deputy.get('/inbox')).body
  const duty = (await deputy.get('/duty')).body
  assert.ok(inbox.counts.to_confirm > 0 && inbox.counts.feedback > 0, JSON.stringify(inbox.counts))
  const page = await newPage(browser, server, PHONE)
  await login(page, 'deputy')
  await page.getByTestId('work-list-to_confirm').getByText(inbox.to_confirm[0].title).waitFor()
  await page.getByTestId('work-list-feedback').getByText(inbox.feedback[0].title).waitFor()
  await page.getByTestId('work-to_confirm').getByText('邀请我附议').waitFor()
  await page.getByTestId('duty-cases').getByText(duty.cases[0].title).first().waitFor()
  assert.ok(await horizontalOverflow(page) <= 0, 'the home page scrolls sideways')
  await shot(page, '91-deputy-home-phone')

  await page.goto('/my')
  await page.getByTestId('deputy-name').getByText(me.deputy_name).waitFor()
  const rec = page.getByTestId('duty-record')
  assert.equal(await rec.getByTestId('duty-led').locator('.n').textContent(), String(duty.led))
  assert.equal(await rec.getByTestId('duty-cosigned').locator('.n').textContent(), String(duty.cosigned))
  assert.equal(await rec.getByTestId('duty-received').locator('.n').textContent(), '2')
  await rec.getByTestId('duty-receptions').getByText(station.name).first().waitFor()
  await rec.getByTestId('duty-receptions').getByText('即将举行').waitFor()
  for (const c of duty.cases.slice(0, 3)) await rec.getByTestId('duty-cases').getByText(c.title).first().waitFor()
  assert.equal(await page.getByText('将在这里显示').count(), 0)
  assert.ok(await horizontalOverflow(page) <= 0, '/my scrolls sideways')
  await shot(page, '92-deputy-my-phone')
  await page.context().close()
})

test('the audit trail in words, in Chinese and in English; the raw JSON only on request', async () => {
  const c = (await office.get('/proposals?state=assigned&per_page=1')).body.items[0]
  const lead = c.units.find((u) => u.role === 'lead')
  const page = await newPage(browser, server)
  await login(page, 'office')
  await page.goto(`/admin/audit?collection=proposals&id=${c.id}`)
  const entry = page.locator('article.entry', { has: page.getByTestId('audit-action').getByText('交办', { exact: true }) })
  await entry.waitFor()
  const state = entry.locator('.change', { hasText: '状态' })
  await state.locator('.before').getByText('已受理').waitFor()
  await state.locator('.after').getByText('已交办').waitFor()
  await entry.locator('.change', { hasText: '承办单位' }).getByText(`${lead.unit_name} 主办`).waitFor()
  // no code on the page until asked for
  assert.equal(await page.getByTestId('audit-raw').count(), 0)
  assert.doesNotMatch(await page.getByTestId('audit-list').textContent(), /unit_id|audit\.assign|"state"/)
  await entry.getByTestId('audit-details').click()
  await entry.getByTestId('audit-raw').getByText(/"unit_id"/).waitFor()
  await shot(page, '93-audit-words')

  await english(page)
  await page.reload()
  const en = page.locator('article.entry', { has: page.getByTestId('audit-action').getByText('Assign', { exact: true }) })
  await en.waitFor()
  await en.locator('.change', { hasText: 'State' }).locator('.before').getByText('Accepted').waitFor()
  await en.locator('.change', { hasText: 'State' }).locator('.after').getByText('Assigned').waitFor()
  await en.locator('.change', { hasText: 'Units' }).getByText(`${lead.unit_name} Lead`).waitFor()
  await page.context().close()
})

test("staff's settings: grouped, units in Chinese, none of the server's or security's", async () => {
  const page = await newPage(browser, server)
  await login(page, 'office')
  await page.goto('/admin/settings')
  await page.getByTestId('settings-cases').getByRole('heading', { name: '议案建议办理' }).waitFor()
  await page.getByTestId('settings-petitions').waitFor()
  await page.getByTestId('setting-case_return_working_days').locator('.unit').getByText('工作日', { exact: true }).waitFor()
  assert.equal(await page.getByTestId('settings-server').count(), 0)
  assert.equal(await page.getByTestId('settings-security').count(), 0)
  assert.equal(await page.getByTestId('setting-http_max_body').count(), 0)
  const text = await page.locator('.settings-page').textContent()
  assert.doesNotMatch(text, /working days|bytes|seconds|请求体上限|登录失败次数上限/)
  await shot(page, '94-settings-staff')
  await page.context().close()
})

test("English mode translates the header and the greeting; the accounts table's buttons fit at 1366 px", async () => {
  const page = await newPage(browser, server)
  await login(page, 'admin')
  await english(page)
  await page.goto('/')
  await page.getByText('Welcome, Administrator').waitFor()
  const who = await page.getByTestId('user-name').textContent()
  assert.match(who, /Administrator/)
  assert.doesNotMatch(who, /[\u4e00-\u9fff]/, who)
  assert.doesNotMatch(await page.locator('.brand').textContent(), /人大工作平台|人大$/)
  await shot(page, '95-admin-english')

  for (const lang of ['en', 'zh']) {
    await page.evaluate((l) => localStorage.setItem('renda.lang', l), lang)
    await page.goto('/admin/users')
    const btn = page.getByTestId('toggle-deputy')
    await btn.waitFor()
    const cell = btn.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " cell ")][1]')
    const [b, c] = [await btn.boundingBox(), await cell.boundingBox()]
    assert.ok(b.x >= c.x && b.x + b.width <= c.x + c.width + 0.5 && b.y >= c.y && b.y + b.height <= c.y + c.height + 0.5,
      `${lang}: the button ${JSON.stringify(b)} is cut off by its cell ${JSON.stringify(c)}`)
  }
  await page.context().close()

  // a unit's account in English: its unit's name (data) and its role (chrome)
  const unit = await newPage(browser, server)
  await login(unit, 'unit')
  await english(unit)
  await unit.reload()
  await unit.getByTestId('user-name').getByText('Handling unit').waitFor()
  await unit.context().close()
})
