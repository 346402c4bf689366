// The registers' pages (issue 13), drawn from the schemas and the menu only: staff open
// 监督工作 → 审计查出问题 from the menu's group, see the status board with its red and
// yellow lights and the counts by year, and a click on the overdue light lists exactly the
// overdue findings; an inspection is recorded with its deputies, members and units through
// the schema form; a photo goes to its record by the file input, is shown by the server's
// thumbnail, previewed full size and deleted, and files dropped on the list go up; a
// committee member reads the files (a PDF in the browser's viewer) without upload or
// delete; the inspection's page passes axe on a 390 px phone; staff hold a satisfaction
// poll from an evaluation's page; an indicator's page draws its values as a line. axe
// checks every page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, apiAs, horizontalOverflow, unlabelled, settled, axeCheck, axeReport, PASSWORD } from './helpers.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, mobile: true }
// a real PNG (8×6, red), so that the server can make its thumbnail
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAAEUlEQVR4nGM4IiuLFTEMpAQAFJgvodPEpZ0AAAAASUVORK5CYII=', 'base64')
const SUBJECT = 'e2e：城区老旧小区改造项目视察'
const FINDING = (s) => `e2e：专项资金未按期拨付（${s}）`

let server, browser, office
const ok = async (p, what) => {
  const r = await p
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}
// Beijing's today, and a day some months and days from it, as YYYY-MM-DD
const bj = () => new Date(new Date().toLocaleString('en-US', { timeZone: 'Asia/Shanghai' }))
function day(months, days = 0) {
  const d = bj()
  d.setHours(12)
  d.setDate(1)
  d.setMonth(d.getMonth() + months)
  const last = new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate()
  d.setDate(Math.min(bj().getDate(), last))
  d.setDate(d.getDate() + days)
  return d.toLocaleDateString('sv-SE')
}
const sum = (r) => (r.items || []).reduce((n, i) => n + i.count, 0)

let units = [] // a few units {id, name}
let findings = {} // overdue, soon, later → id
before(async () => {
  [server, browser] = await Promise.all([startServer('registers'), launch()])
  office = await apiAs(server, 'office')
  units = (await ok(office.get('/units?per_page=5'), 'units')).items.map((u) => ({ id: u.id, name: u.name }))
  const year = Number(day(0).slice(0, 4))
  // the rectification report is due six months (the setting) after the report was heard:
  // one past it, one due in ten days, one months away
  for (const [k, on] of [['overdue', day(-7)], ['soon', day(-6, 10)], ['later', day(-2)]]) {
    const r = await ok(office.post('/audit_findings', {
      finding: FINDING(k), audit_year: year - 1, report_on: on, unit_id: units[0].id, category: 'special_funds', amount: '12.50',
    }), `finding ${k}`)
    findings[k] = r.id
  }
})
after(async () => { await browser?.close(); await server?.stop() })

test('staff open 监督工作 → 审计查出问题: the board, its lights, and the overdue list', async () => {
  const overdue = sum(await ok(office.get('/audit_findings/counts?by=year&overdue=true'), 'overdue'))
  const soon = sum(await ok(office.get('/audit_findings/counts?by=year&due_soon=true'), 'due soon'))
  const tracking = (await ok(office.get('/audit_findings/counts?by=status'), 'by status')).items.find((i) => i.value === 'tracking')
  assert.ok(overdue >= 1 && soon >= 1, `overdue ${overdue}, due soon ${soon}`)

  const page = await newPage(browser, server)
  await login(page, 'office')
  const menu = page.locator('.side [data-testid=menu]')
  const group = menu.locator('[data-key=group-supervision]')
  await group.getByText('监督工作').waitFor()
  // the group is closed until one opens it (or one of its pages is shown)
  assert.equal(await group.getAttribute('aria-expanded'), 'false')
  await group.click()
  assert.equal(await group.getAttribute('aria-expanded'), 'true')
  await menu.locator('[data-key=audit_findings]').click()
  await page.waitForURL(/\/c\/audit_findings$/)
  await settled(page)
  await page.getByRole('heading', { name: '审计查出问题', level: 1 }).waitFor()
  assert.equal(await menu.locator('[data-key=audit_findings]').getAttribute('aria-current'), 'page')

  const board = page.getByTestId('board')
  const red = board.getByTestId('light-overdue')
  const yellow = board.getByTestId('light-due_soon')
  await red.locator('.n').getByText(String(overdue), { exact: true }).waitFor()
  await yellow.locator('.n').getByText(String(soon), { exact: true }).waitFor()
  assert.match(await red.getAttribute('class'), /light-red/)
  assert.match(await yellow.getAttribute('class'), /light-yellow/)
  await board.getByTestId('tile-status-tracking').getByText(String(tracking.count), { exact: true }).waitFor()
  await page.getByTestId('counts-chart').locator('svg').waitFor()
  await shot(page, '130-audit-findings-board')

  const [res] = await Promise.all([
    page.waitForResponse((r) => /\/api\/v1\/audit_findings\?/.test(r.url()) && r.url().includes('overdue=true')),
    red.click(),
  ])
  assert.equal(res.status(), 200)
  await page.waitForURL(/[?&]overdue=true/)
  assert.equal(await red.getAttribute('aria-pressed'), 'true')
  await page.getByTestId('total').getByText(`共 ${overdue} 条`, { exact: true }).waitFor()
  await settled(page)
  const table = page.getByTestId('table')
  if (overdue <= 20) {
    await table.getByText(FINDING('overdue')).first().waitFor()
    assert.equal(await table.getByText(FINDING('soon')).count(), 0, 'a finding due soon is listed as overdue')
  }
  // the tile in force, clicked again, shows them all
  await red.click()
  await page.waitForURL((u) => !u.search.includes('overdue'))
  await page.context().close()
})

let inspectionId
test('an inspection is recorded with its deputies, members and units through the schema form', async () => {
  const deps = (await ok(office.get('/deputies?per_page=40&status=active'), 'deputies')).items
  // two deputies whose names no other deputy has, so the picker's option is theirs
  const chosen = []
  for (const d of deps) {
    if (chosen.length === 2) break
    const same = (await ok(office.get(`/deputies?q=${encodeURIComponent(d.person_name)}&per_page=50`), 'same')).items
    if (same.length === 1) chosen.push(d)
  }
  assert.equal(chosen.length, 2, 'two deputies of unique names')
  const page = await newPage(browser, server)
  await login(page, 'office')
  await page.goto('/c/inspections')
  await settled(page)
  // a page of the group opens it
  assert.equal(await page.locator('.side [data-key=group-supervision]').getAttribute('aria-expanded'), 'true')
  await page.getByTestId('new').click()
  await page.waitForURL(/\/c\/inspections\/new$/)
  const item = (f) => page.locator(`[data-field=${f}]`)
  await item('subject').locator('input').fill(SUBJECT)
  await item('held_on').locator('input').fill(day(0, -3))
  await item('held_on').locator('input').press('Enter')
  if (await item('kind').count()) {
    await item('kind').locator('.el-select__wrapper').click()
    await page.getByRole('option', { name: '集中视察', exact: true }).click()
  }
  await item('deputy_ids').locator('.el-select__wrapper').click()
  for (const d of chosen) {
    await item('deputy_ids').locator('input').fill(d.person_name)
    await page.getByRole('option', { name: new RegExp(`^${d.person_name}`) }).first().click()
  }
  await page.keyboard.press('Escape')
  await item('unit_ids').locator('.el-select__wrapper').click()
  await item('unit_ids').locator('input').fill(units[1].name)
  await page.getByRole('option', { name: new RegExp(`^${units[1].name}`) }).first().click()
  await page.keyboard.press('Escape')
  assert.deepEqual(await unlabelled(page), [], 'the inspection form')
  await shot(page, '131-inspection-new')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/inspections') && r.request().method() === 'POST'),
    page.getByTestId('save').click(),
  ])
  const body = await res.json()
  assert.equal(res.status(), 201, JSON.stringify(body))
  assert.deepEqual([...body.deputy_ids].sort((a, b) => a - b), chosen.map((d) => d.id).sort((a, b) => a - b))
  assert.deepEqual(body.unit_ids, [units[1].id])
  await page.waitForURL(/\/c\/inspections\/\d+$/)
  inspectionId = body.id
  await settled(page)
  // the list names them
  await page.goto(`/c/inspections?q=${encodeURIComponent(SUBJECT)}`)
  await settled(page)
  await page.getByTestId('total').getByText('共 1 条', { exact: true }).waitFor()
  const cell = await page.getByTestId('table').getByTestId('refs-deputy_ids').textContent()
  for (const d of chosen) assert.ok(cell.includes(d.person_name), cell)
  await page.getByTestId('table').getByRole('link', { name: SUBJECT }).waitFor()
  await page.context().close()
})

test('a photo goes to the inspection by the file input: thumbnail, preview, delete; files dropped on the list go up', async () => {
  assert.ok(inspectionId, 'the inspection test ran first')
  const page = await newPage(browser, server)
  await login(page, 'office')
  await page.goto(`/c/inspections/${inspectionId}`)
  await settled(page)
  const files = page.getByTestId('record-files')
  const [up] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/api/v1/inspections/${inspectionId}/attachments?name=`) && r.request().method() === 'POST'),
    files.getByTestId('file-input').setInputFiles({ name: '视察现场.png', mimeType: 'image/png', buffer: PNG }),
  ])
  assert.equal(up.status(), 201, await up.text())
  const att = (await up.json()).id
  await files.getByRole('link', { name: '视察现场.png' }).waitFor()
  const listed = (await ok(office.get(`/inspections/${inspectionId}/attachments`), 'list')).items.find((x) => x.id === att)
  const thumb = files.getByTestId(`att-${att}`).getByTestId('thumb')
  await page.waitForFunction((id) => { const i = document.querySelector(`[data-testid=att-${id}] img`); return i && i.complete && i.naturalWidth > 0 }, att)
  // the server made a thumbnail of the photo, and the list shows that, not the photo
  assert.equal(listed.thumbnail, true, JSON.stringify(listed))
  assert.match(await thumb.getAttribute('src'), new RegExp(`/attachments/${att}/thumbnail$`))
  await shot(page, '132-inspection-files')
  // the preview: the image itself, full size
  await files.getByRole('button', { name: '预览 视察现场.png' }).click()
  const dlg = page.getByTestId('preview-dialog').last()
  await page.waitForFunction(() => { const i = document.querySelector('[data-testid=preview-image]'); return i && i.complete && i.naturalWidth === 8 })
  assert.match(await dlg.getByTestId('preview-image').getAttribute('src'), new RegExp(`/attachments/${att}\\?inline=1$`))
  await page.keyboard.press('Escape')
  await page.getByTestId('preview-image').waitFor({ state: 'hidden' })
  // deleted
  const [gone] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/attachments/${att}`) && r.request().method() === 'DELETE'),
    files.getByRole('button', { name: '删除 视察现场.png' }).click(),
  ])
  assert.ok(gone.ok(), `delete: ${gone.status()}`)
  await files.getByRole('link', { name: '视察现场.png' }).waitFor({ state: 'detached' })
  assert.equal((await ok(office.get(`/inspections/${inspectionId}/attachments`), 'list')).items.length, 0)
  // two files dropped on the list at once go up one after the other
  await page.evaluate(() => {
    const dt = new DataTransfer()
    dt.items.add(new File(['视察路线：天马街道—芙蓉乡\n'], '视察路线.txt', { type: 'text/plain' }))
    dt.items.add(new File(['座谈会记录\n'], '座谈会记录.txt', { type: 'text/plain' }))
    const el = document.querySelector('[data-testid=record-files] [data-testid=attachments]')
    el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }))
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
  })
  await files.getByRole('link', { name: '视察路线.txt' }).waitFor()
  await files.getByRole('link', { name: '座谈会记录.txt' }).waitFor()
  const names = (await ok(office.get(`/inspections/${inspectionId}/attachments`), 'list')).items.map((x) => x.name).sort()
  assert.deepEqual(names, ['座谈会记录.txt', '视察路线.txt'].sort())
  await page.context().close()
})

test('on a 390 px phone: an inspection (the camera offered) and the audit findings board, no sideways scroll, axe clean', async () => {
  assert.ok(inspectionId, 'the inspection test ran first')
  const page = await newPage(browser, server, PHONE)
  await login(page, 'office')
  await page.goto(`/c/inspections/${inspectionId}`)
  await settled(page)
  await page.getByTestId('record-files').waitFor()
  const cam = page.getByTestId('camera-input')
  assert.equal(await cam.getAttribute('accept'), 'image/*')
  assert.equal(await cam.getAttribute('capture'), 'environment')
  assert.ok(await horizontalOverflow(page) <= 0, 'the record page overflows at 390 px')
  assert.deepEqual(await unlabelled(page), [], 'the record page at 390 px')
  const v = await axeCheck(page)
  assert.deepEqual(v, [], axeReport(v))
  await shot(page, '133-inspection-phone')
  // the audit findings' board and chart fit a phone too, and the group is in the drawer
  await page.getByRole('button', { name: '打开菜单' }).click()
  const drawer = page.locator('.menu-drawer')
  // open already: the inspection is one of its pages
  assert.equal(await drawer.locator('[data-key=group-supervision]').getAttribute('aria-expanded'), 'true')
  await drawer.locator('[data-key=audit_findings]').click()
  await page.waitForURL(/\/c\/audit_findings$/)
  await settled(page)
  await page.getByTestId('board').getByTestId('light-overdue').waitFor()
  assert.ok(await horizontalOverflow(page) <= 0, 'the audit findings overflow at 390 px')
  const v2 = await axeCheck(page)
  assert.deepEqual(v2, [], axeReport(v2))
  await shot(page, '135-audit-findings-phone')
  await page.context().close()
})

test('a committee member reads the inspection and its files, with no upload or delete', async () => {
  assert.ok(inspectionId, 'the inspection test ran first')
  const li = await fetch(`${server.url}/api/v1/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'office', password: PASSWORD }) })
  const cookie = li.headers.get('set-cookie').split(';')[0]
  const r = await fetch(`${server.url}/api/v1/inspections/${inspectionId}/attachments?name=${encodeURIComponent('视察报告.pdf')}`, {
    method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/pdf' },
    body: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  })
  assert.equal(r.status, 201, await r.text())
  const page = await newPage(browser, server)
  await login(page, 'member')
  await page.goto(`/c/inspections/${inspectionId}`)
  await settled(page)
  await page.getByRole('heading', { name: SUBJECT, level: 1 }).waitFor()
  const files = page.getByTestId('record-files')
  await files.getByRole('link', { name: '视察报告.pdf' }).waitFor()
  assert.equal(await files.getByTestId('file-input').count(), 0, 'a reader is offered the upload')
  assert.equal(await files.getByTestId('remove').count(), 0, 'a reader is offered the delete')
  // a PDF opens in the browser's viewer, in a dialog
  await files.getByRole('button', { name: '预览 视察报告.pdf' }).click()
  const frame = page.getByTestId('preview-pdf')
  await frame.waitFor()
  assert.match(await frame.getAttribute('src'), /\/api\/v1\/attachments\/\d+\?inline=1$/)
  await page.context().close()
})

test('an evaluation: staff hold a satisfaction poll from its page, which then lists it', async () => {
  const ev = await ok(office.post('/evaluations', { subject: 'e2e：县住建局工作评议', unit_id: units[2].id, started_on: day(-1) }), 'evaluation')
  const page = await newPage(browser, server)
  await login(page, 'office')
  await page.goto(`/c/evaluations/${ev.id}`)
  await settled(page)
  const polls = page.getByTestId('polls')
  await polls.getByTestId('new-poll').click()
  const dlg = page.getByTestId('poll-dialog').last()
  await dlg.locator('#poll-question').waitFor()
  assert.equal(await dlg.locator('#poll-question').inputValue(), '对e2e：县住建局工作评议的满意度测评')
  assert.deepEqual(await unlabelled(page), [], 'the poll dialog')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/votes') && r.request().method() === 'POST'),
    dlg.getByTestId('poll-save').click(),
  ])
  const vote = await res.json()
  assert.equal(res.status(), 201, JSON.stringify(vote))
  assert.deepEqual([vote.rule, vote.mode, vote.collection, vote.record_id], ['satisfaction', 'secret', 'evaluations', ev.id])
  await page.waitForURL(new RegExp(`/votes/${vote.id}$`))
  await page.getByTestId('vote-question').getByText('对e2e：县住建局工作评议的满意度测评').waitFor()
  await page.goto(`/c/evaluations/${ev.id}`)
  await settled(page)
  await polls.getByTestId(`poll-${vote.id}`).getByText('未开始').waitFor()
  await page.context().close()
})

test("an indicator's page draws its values as a line", async () => {
  const ind = await ok(office.post('/indicators', { name: 'e2e：国有房地产确权率', unit_of_measure: '%', baseline: '12.00', target: '90.00' }), 'indicator')
  const values = [['2017-12-31', '12.00'], ['2018-12-31', '35.50'], ['2019-12-31', '61.00'], ['2020-12-31', '90.00']]
  for (const [on, v] of values) await ok(office.post('/indicator_values', { indicator_id: ind.id, measured_on: on, value: v }), `value ${on}`)
  const page = await newPage(browser, server)
  await login(page, 'office')
  await page.goto(`/c/indicators/${ind.id}`)
  await settled(page)
  const sec = page.getByTestId('children-indicator_values')
  // the line itself (in the chart's colour), not only its axes
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=children-indicator_values] [data-testid=child-chart] svg path')]
    .some((p) => (p.getAttribute('stroke') || '').toLowerCase() === '#a61b1b' && (p.getAttribute('d') || '').split('L').length >= 4))
  // the line's points, as the screen-reader table says them, in order
  const cells = await sec.locator('table.sr-only td').allTextContents()
  assert.deepEqual(cells.map(Number), values.map(([, v]) => Number(v)))
  assert.equal(await sec.locator('.el-table__body tr').count(), values.length)
  await shot(page, '134-indicator-chart')
  // a new value starts at this indicator
  await sec.getByTestId('new-indicator_values').click()
  await page.waitForURL(/\/c\/indicator_values\/new\?indicator_id=\d+$/)
  await settled(page)
  await page.locator('[data-field=indicator_id]').getByText('e2e：国有房地产确权率').waitFor()
  await page.context().close()
})

test('the budget execution list draws the latest table by department: the budget beside what is spent', async () => {
  // two months of one department's line: the chart sums the latest table only (its
  // figures run to date), so the earlier month is not added in
  const [a, b] = units
  for (const [on, u, budgeted, spent] of [
    ['2011-05-31', a, '1000.00', '300.00'], ['2011-06-30', a, '1000.00', '450.00'], ['2011-06-30', b, '800.00', '700.00'],
  ]) await ok(office.post('/budget_execution', { as_of: on, unit_id: u.id, item: 'e2e：基本支出', budgeted, spent }), `line ${on}`)
  const page = await newPage(browser, server)
  await login(page, 'office')
  // a year of its own (the world may hold other tables)
  await page.goto('/c/budget_execution?year=2011')
  await settled(page)
  const chart = page.getByTestId('sums-chart')
  await chart.waitFor()
  await chart.locator('h2', { hasText: '截至2011年6月30日' }).waitFor()
  // the screen-reader table holds the bars: each department's budget and spending
  const row = async (u) => (await chart.locator('table.sr-only tr', { hasText: u.name }).locator('td').allTextContents()).map(Number)
  assert.deepEqual(await row(a), [1000, 450])
  assert.deepEqual(await row(b), [800, 700])
  const v = await axeCheck(page)
  assert.deepEqual(v, [], axeReport(v))
  await shot(page, '135-budget-execution-by-department')
  await page.context().close()
})
