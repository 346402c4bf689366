// The server owns the rules; the pages draw what it says. A case page's buttons are
// exactly the record's `actions` (plus edit for `update`), labelled by the kind's schema:
// an opinion offers no "decline" while a suggestion does; the reply dialog offers the
// classes the setting reply_class_count gives (five: E too); a unit that has asked for
// more time is not offered "extend" again; a member sees no buttons; a deputy opening a
// case from their list sees only their own steps; the public's page draws the case from
// the schema too. A collection's list and record offer create, import, edit and delete as
// the schema and the record say; the import dialog's "update" mode updates by id.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, apiAs, settled, unlabelled } from './helpers.mjs'
import { writeXlsx } from './xlsx.mjs'

let server, browser, office
before(async () => {
  [server, browser] = await Promise.all([startServer('server-rules'), launch()])
  office = await apiAs(server, 'office')
})
after(async () => { await browser?.close(); await server?.stop() })

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
// the staff's steps on a case, none of which a deputy or a member may take
const STAFF_ONLY = ['accept', 'decline', 'assign', 'merge', 'supervise', 'extend', 'close', 'publish', 'convert', 'forward']

async function ok(call, what) {
  const r = await call
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}
async function suggestion(title, steps = [], extra = {}) {
  const c = await ok(office.post('/proposals', { kind: 'suggestion', title, lead_deputy_id: 4, body: `${title}。`, ...extra }), `create ${title}`)
  for (const [a, b] of steps) await ok(office.post(`/proposals/${c.id}/${a}`, b || {}), `${a} ${title}`)
  return c
}
const assigned = () => ['assign', { units: [{ unit_id: 5, role: 'lead' }], assigned_on: today(), difficult: false }]

/** buttons — the action names the case page offers (its act-* buttons), in order. */
async function buttons(page) {
  await page.getByTestId('case-state').waitFor()
  await settled(page)
  return page.locator('[data-testid^="act-"]').evaluateAll((els) => els.map((e) => e.dataset.testid.slice(4)))
}
/** offered — what the page should offer: the record's actions, "update" drawn as "edit",
 * feedback drawn as a form rather than a button, attach as the files panel's upload. */
const offered = (actions) => actions.filter((a) => a !== 'feedback' && a !== 'attach')
  .map((a) => (a === 'update' ? 'edit' : a))

test('an opinion offers no "decline"; a suggestion does; both offer exactly their actions, labelled by the schema', async () => {
  const op = await ok(office.post('/opinions', { title: '建议在新昌乡增设农村客运站点', voter_name: '徐卫东', content: '村民出行不便。' }), 'register opinion')
  const sg = await suggestion('关于完善城区停车设施的建议', [['submit']])
  const schema = await ok(office.get('/proposals/schema'), 'schema')
  const page = await newPage(browser, server)
  await login(page, 'office')

  await page.goto(`/opinions/${op.id}`)
  const opActions = (await ok(office.get(`/opinions/${op.id}`), 'read opinion')).actions
  assert.ok(!opActions.includes('decline'), 'the server offers decline on an opinion')
  const onOpinion = await buttons(page)
  assert.ok(onOpinion.includes('accept'), `opinion buttons: ${onOpinion}`)
  assert.equal(await page.getByTestId('act-decline').count(), 0, 'an opinion offers decline')
  assert.deepEqual([...onOpinion].sort(), offered(opActions).sort())
  await shot(page, '80-opinion-actions')

  await page.goto(`/proposals/${sg.id}`)
  const sgActions = (await ok(office.get(`/proposals/${sg.id}`), 'read suggestion')).actions
  const onSuggestion = await buttons(page)
  assert.ok(onSuggestion.includes('decline'), `suggestion buttons: ${onSuggestion}`)
  assert.deepEqual([...onSuggestion].sort(), offered(sgActions).sort())
  // the words are the schema's, and its order is kept
  const decline = schema.actions.find((a) => a.name === 'decline')
  assert.equal((await page.getByTestId('act-decline').innerText()).trim(), decline.label_zh)
  const order = schema.actions.map((a) => a.name).filter((a) => onSuggestion.includes(a))
  assert.deepEqual(onSuggestion.filter((a) => a !== 'edit'), order)
  // the decline reasons offered are the schema's
  await page.getByTestId('act-decline').click()
  await page.locator('#act-reason').click({ force: true })
  const reasons = await page.locator('.el-select-dropdown__item:visible').allInnerTexts()
  assert.deepEqual(reasons.map((x) => x.trim()), decline.fields.find((f) => f.name === 'reason').values.map((v) => v.label_zh))
  await page.context().close()
})

test('the reply dialog offers the classes the setting gives: five, A to E', async () => {
  const set = async (n) => ok(office.patch('/settings', { reply_class_count: n }), `reply_class_count ${n}`)
  await set(5)
  try {
    const c = await suggestion('关于规范城区夜市经营秩序的建议', [['submit'], ['accept'], assigned()])
    const page = await newPage(browser, server)
    await login(page, 'unit')
    await page.goto(`/proposals/${c.id}`)
    await page.getByTestId('act-reply').click()
    const dlg = page.getByRole('dialog', { name: '答复' })
    await dlg.locator('#act-class').click({ force: true })
    const classes = await page.locator('.el-select-dropdown__item:visible').allInnerTexts()
    assert.equal(classes.length, 5, `classes: ${classes}`)
    assert.match(classes[4], /^E/)
    await page.locator('.el-select-dropdown__item:visible', { hasText: /^E/ }).click()
    await dlg.locator('#act-text').fill('已协调相关部门，划定夜市经营区域并安排专人管理。')
    // reply asks before sending (confirm in the schema): the dialog shows what will be sent
    await dlg.getByTestId('dialog-ok').click()
    await dlg.getByTestId('dialog-summary').getByText('E 类').waitFor()
    assert.deepEqual(await unlabelled(page), [], 'reply dialog')
    await shot(page, '81-reply-class-e')
    await dlg.getByTestId('dialog-ok').click()
    await page.getByTestId('reply').getByText('E 类').waitFor()
    await page.context().close()
  } finally {
    await set(4)
  }
  // back to four: the dialog offers A to D again, as radios
  const c = await suggestion('关于加强城区犬只管理的建议', [['submit'], ['accept'], assigned()])
  const page = await newPage(browser, server)
  await login(page, 'unit')
  await page.goto(`/proposals/${c.id}`)
  await page.getByTestId('act-reply').click()
  await page.getByTestId('class-D').waitFor()
  assert.equal(await page.getByTestId('class-E').count(), 0)
  await page.context().close()
})

test('a unit that has asked for more time is not offered "extend" again, nor the decision', async () => {
  const c = await suggestion('关于治理城区主干道积水的建议', [['submit'], ['accept'], assigned()])
  const unit = await apiAs(server, 'unit')
  assert.ok((await ok(unit.get(`/proposals/${c.id}`), 'read')).actions.includes('extend'))
  await ok(unit.post(`/proposals/${c.id}/extend`, { reason: '需与住建、交通部门共同研究方案。' }), 'ask for more time')
  const page = await newPage(browser, server)
  await login(page, 'unit')
  await page.goto(`/proposals/${c.id}`)
  const mine = await buttons(page)
  assert.ok(mine.includes('reply'), `unit buttons: ${mine}`)
  assert.ok(!mine.includes('extend'), 'extend is offered again')
  const ext = page.getByTestId('extensions')
  await ext.getByText('待审批').waitFor()
  assert.equal(await ext.getByRole('button').count(), 0, 'the unit is offered the office\'s decision')
  await page.context().close()

  // the office decides it from the same list
  const staff = await newPage(browser, server)
  await login(staff, 'office')
  await staff.goto(`/proposals/${c.id}`)
  await staff.getByTestId('extensions').getByRole('button', { name: '不批准', exact: true }).click()
  await staff.getByTestId('extensions').getByText('未批准').waitFor()
  await staff.context().close()
})

test('a member sees no action buttons on a case', async () => {
  const c = await suggestion('关于增设城区公共厕所的建议', [['submit']])
  const member = await apiAs(server, 'member')
  assert.deepEqual((await ok(member.get(`/proposals/${c.id}`), 'read')).actions, [])
  const page = await newPage(browser, server)
  await login(page, 'member')
  await page.goto(`/proposals/${c.id}`)
  assert.deepEqual(await buttons(page), [])
  assert.equal(await page.getByTestId('case-actions').count(), 0)
  await page.context().close()
})

test('a deputy opening a case from their list sees only their own steps', async () => {
  const dep = await apiAs(server, 'deputy')
  const me = (await ok(dep.get('/me'), 'me')).user.deputy_id
  const c = await suggestion('关于改造城北老旧供水管网的建议', [['submit']], { lead_deputy_id: me })
  const item = (await ok(dep.get(`/proposals?q=${encodeURIComponent('城北老旧供水管网')}`), 'list')).items.find((x) => x.id === c.id)
  assert.ok(item && !item.actions.some((a) => STAFF_ONLY.includes(a)), `the list item carries ${item?.actions}`)
  const page = await newPage(browser, server, { viewport: { width: 375, height: 740 }, mobile: true })
  await login(page, 'deputy')
  await page.goto(`/proposals?q=${encodeURIComponent('城北老旧供水管网')}`)
  await settled(page)
  await page.getByTestId('case-cards').locator(`[data-case="${c.id}"]`).click()
  await page.waitForURL(new RegExp(`/proposals/${c.id}$`))
  const mine = await buttons(page)
  assert.deepEqual([...mine].sort(), offered(item.actions).sort())
  for (const a of STAFF_ONLY) assert.ok(!mine.includes(a), `a deputy is offered ${a}`)
  assert.ok(mine.includes('withdraw'), `deputy buttons: ${mine}`)
  await shot(page, '82-phone-deputy-own-steps')
  await page.context().close()
})

test('edit is there when the record says update: a change sends only what changed; draft-only fields stay once submitted', async () => {
  const dep = await apiAs(server, 'deputy')
  const me = (await ok(dep.get('/me'), 'me')).user.deputy_id
  const c = await suggestion('关于在城东新区增设幼儿园的建议', [['submit']], { lead_deputy_id: me, cosigners: [2] })
  const page = await newPage(browser, server)
  await login(page, 'deputy')
  await page.goto(`/proposals/${c.id}`)
  await page.getByTestId('act-edit').click()
  await page.waitForURL(new RegExp(`/proposals/${c.id}/edit$`))
  await settled(page)
  // the kind is a draft's choice: once submitted it is shown, not offered
  assert.equal(await page.getByTestId('kind').count(), 0)
  await page.locator('[data-field=kind]').getByText('建议').waitFor()
  await page.locator('#cf-title').fill('关于在城东新区增设公办幼儿园的建议')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/proposals/${c.id}`) && r.request().method() === 'PATCH'),
    page.getByTestId('save-draft').click(),
  ])
  assert.equal(res.status(), 200, await res.text())
  assert.deepEqual(JSON.parse(res.request().postData()), { title: '关于在城东新区增设公办幼儿园的建议' })
  await page.waitForURL(new RegExp(`/proposals/${c.id}$`))
  await page.getByTestId('case-title').getByText('公办幼儿园').waitFor()
  await page.context().close()
})

test('the public page draws a published case from its kind\'s schema', async () => {
  const pub = (await ok(office.get('/proposals?published=1&per_page=1'), 'published')).items[0]
  const page = await newPage(browser, server)
  await page.goto(`/public/${pub.id}`)
  await page.getByTestId('field-body').getByText(pub.body.slice(0, 12)).waitFor()
  assert.equal(await page.locator('[data-testid^="act-"]').count(), 0)
  await page.context().close()
})

test('collections: create, import, edit and delete as the schema and the record say; import can update by id', async () => {
  const page = await newPage(browser, server)
  await login(page, 'office')
  // the office reads congresses but writes none: the schema offers only export
  assert.deepEqual((await ok(office.get('/congresses/schema'), 'schema')).actions, ['export'])
  await page.goto('/c/congresses')
  await page.getByTestId('export-xlsx').waitFor()
  assert.equal(await page.getByTestId('new').count(), 0)
  assert.equal(await page.getByTestId('import').count(), 0)
  const congress = (await ok(office.get('/congresses?per_page=1'), 'congresses')).items[0]
  assert.deepEqual(congress.actions, [])
  await page.goto(`/c/congresses/${congress.id}`)
  await page.locator('.el-descriptions').waitFor()
  assert.equal(await page.getByTestId('save').count(), 0)
  assert.equal(await page.getByTestId('delete').count(), 0)

  // units: the office writes them; an import in "update" mode updates by id and adds the rest
  const unit = (await ok(office.get(`/units?q=${encodeURIComponent('县财政局')}`), 'unit')).items.find((u) => u.name === '县财政局')
  assert.deepEqual(unit.actions, ['update', 'delete'])
  await page.goto('/c/units')
  await page.getByTestId('import').click()
  const dialog = page.getByRole('dialog', { name: /导入承办单位/ })
  await dialog.locator('[data-mode=upsert]').click()
  const file = writeXlsx([
    ['编号', '名称', '类别', '联系人'],
    [String(unit.id), '县财政局', '政府部门', '章立新'],
    ['', '测试更新导入局', '政府部门', '吴敏'],
  ])
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/units/import')),
    page.getByTestId('import-file').setInputFiles({ name: 'units.xlsx', mimeType: XLSX, buffer: file }),
  ])
  assert.equal(res.status(), 200, await res.text())
  assert.match(res.url(), /mode=upsert/)
  await dialog.getByText('导入成功：更新 1 条，新增 1 条记录').waitFor()
  assert.deepEqual(await unlabelled(page), [], 'import dialog')
  await shot(page, '83-import-upsert')
  assert.equal((await ok(office.get(`/units/${unit.id}`), 'unit')).contact, '章立新')

  // a bad row is listed with its row and the file's column
  const bad = writeXlsx([['编号', '名称', '类别'], [String(unit.id), '县财政局', '不存在的类别']])
  const [res2] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/units/import')),
    page.getByTestId('import-file').setInputFiles({ name: 'bad.xlsx', mimeType: XLSX, buffer: bad }),
  ])
  assert.equal(res2.status(), 422)
  const row = (await res2.json()).error.rows[0]
  const line = dialog.getByTestId('import-errors').locator('tr', { hasText: row.message_zh || row.message })
  await line.getByRole('cell', { name: String(row.row), exact: true }).waitFor()
  await line.getByRole('cell', { name: row.column, exact: true }).waitFor()
  await page.context().close()
})
