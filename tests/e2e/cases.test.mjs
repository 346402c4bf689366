// Cases (issue 4) in the browser: the whole loop with the deputy on a 375 px phone —
// the deputy writes a suggestion, invites a cosigner who confirms, submits → staff accept
// and assign to the unit → the unit replies with class A → the deputy reads the reply and
// gives feedback → staff close and publish → the public page lists it with its reply.
// Also: a unit does not see another unit's case; the inbox, statistics and notification
// pages draw, fit a phone, and label every control.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { startServer, launch, newPage, login, shot, apiAs, horizontalOverflow, unlabelled, settled } from './helpers.mjs'

let server, browser
before(async () => { [server, browser] = await Promise.all([startServer('cases'), launch()]) })
after(async () => { await browser?.close(); await server?.stop() })

const PHONE = { viewport: { width: 375, height: 740 }, mobile: true }
const TITLE = '关于增设城南小学门口人行横道和信号灯的建议'

/** pick — open an Element Plus select by its input id and choose the visible option with this text. */
async function pick(page, id, text, typed) {
  await page.locator(`#${id}`).click({ force: true })
  if (typed) await page.locator(`#${id}`).fill(typed)
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}
/** confirmBox — press the button of the open Element Plus message box. */
async function confirmBox(page, name) {
  await page.locator('.el-message-box').getByRole('button', { name }).click()
}
const stateIs = (page, text) => page.getByTestId('case-state').filter({ hasText: text }).waitFor()
async function fits(page, what) {
  assert.ok(await horizontalOverflow(page) <= 0, `${what} overflows at 375 px`)
}

test('the whole loop: deputy on a phone → staff → unit → deputy → staff → public', async () => {
  // a second deputy account, for the invited cosigner (魏剑锋, deputy 2)
  const admin = await apiAs(server, 'admin')
  const made = await admin.post('/users', { login: 'cosigner', role: 'deputy', congress_id: 3, deputy_id: 2, display_name: '魏剑锋', password: 'renda-demo' })
  assert.equal(made.status, 201, JSON.stringify(made.body))

  // 1. the deputy writes and submits on a phone
  const dep = await newPage(browser, server, PHONE)
  await login(dep, 'deputy')
  await dep.getByTestId('case-link-proposals').click()
  await dep.waitForURL(/\/proposals$/)
  await settled(dep)
  await fits(dep, 'my proposals')
  await dep.getByTestId('new-case').click()
  await dep.getByTestId('kind').getByText('建议', { exact: true }).click() // the kind has no default: the writer says
  await dep.locator('#cf-title').fill(TITLE)
  await pick(dep, 'cf-category', '城乡建设')
  await dep.locator('#cf-body').fill('城南小学门口车流量大，学生上下学横穿马路存在安全隐患，建议增设人行横道和信号灯。')
  await pick(dep, 'cf-cosigners', '魏剑锋', '魏剑锋')
  await dep.locator('#cf-title').click() // close the picker
  await fits(dep, 'the form')
  await shot(dep, '40-phone-case-form')
  await dep.getByTestId('save-draft').click()
  await dep.waitForURL(/\/proposals\/\d+$/)
  await stateIs(dep, '草稿')
  const id = Number(/\/proposals\/(\d+)$/.exec(dep.url())[1])
  await dep.getByText('待确认').waitFor()

  // the cosigner is told, and confirms
  const cos = await newPage(browser, server)
  await login(cos, 'cosigner')
  await cos.getByTestId('bell-count').filter({ hasText: /^[1-9]/ }).waitFor()
  await cos.getByTestId('bell').click()
  await cos.getByTestId('notices').getByRole('link', { name: new RegExp(`邀请您附议：${TITLE}`) }).click()
  await cos.getByTestId('act-confirm').click()
  await cos.getByText('已确认', { exact: true }).waitFor()
  await cos.context().close()

  await dep.reload()
  await dep.getByText('已确认', { exact: true }).waitFor()
  await dep.getByTestId('act-submit').click()
  await confirmBox(dep, '确定')
  await stateIs(dep, '已提交')
  await dep.getByTestId('history').getByText('提交').first().waitFor()
  await fits(dep, 'the case page')

  // 2. staff accept and assign to the unit (desk)
  const staff = await newPage(browser, server)
  await login(staff, 'office')
  await staff.goto('/inbox')
  await settled(staff)
  // every box the office works from, by name
  for (const [g, name] of [['to_review', '待审查'], ['to_assign', '待交办'], ['extensions', '延期申请待审批'],
    ['overdue', '已超期'], ['due_soon', '即将到期'], ['unsatisfied', '代表不满意'], ['record_feedback', '待回访群众'],
    ['to_close', '已评价待办结']]) {
    await staff.getByTestId(`inbox-${g}`).getByRole('heading', { name: new RegExp(name) }).waitFor()
  }
  await staff.getByTestId('inbox-to_review').getByRole('link', { name: new RegExp(TITLE) }).click()
  await staff.waitForURL(new RegExp(`/proposals/${id}$`))
  await staff.getByTestId('act-accept').click()
  await stateIs(staff, '已立案')
  await staff.getByTestId('act-assign').click()
  await pick(staff, 'act-units-0-unit_id', '县人民政府办公室', '县人民政府办公室')
  assert.deepEqual(await unlabelled(staff), [], 'assign dialog')
  await shot(staff, '41-staff-assign')
  await staff.getByTestId('dialog-ok').click()
  await stateIs(staff, '已交办')
  await staff.getByTestId('case-units').getByText('县人民政府办公室').waitFor()
  const due = await staff.getByTestId('case-due').textContent()
  assert.match(due, /\d{4}年\d+月\d+日/)

  // 3. the unit is notified and replies with class A
  const unit = await newPage(browser, server)
  await login(unit, 'unit')
  await unit.getByTestId('bell-count').filter({ hasText: /^[1-9]/ }).waitFor()
  await unit.getByTestId('bell').click()
  await unit.getByTestId('notices').getByRole('link', { name: new RegExp(`新交办：建议〔\\d{4}〕\\d+号 ${TITLE}`) }).click()
  await unit.waitForURL(new RegExp(`/proposals/${id}$`))
  await unit.getByTestId('act-reply').click()
  await unit.getByTestId('class-A').click()
  await unit.locator('#act-text').fill('经研究，已于城南小学门口施划人行横道并安装信号灯，上下学时段安排交警值守。')
  await shot(unit, '42-unit-reply')
  await unit.getByTestId('dialog-ok').click()
  await unit.getByTestId('dialog-summary').waitFor() // a reply asks first: what will be sent
  await unit.getByTestId('dialog-ok').click()
  await stateIs(unit, '已答复')
  await unit.getByTestId('reply').getByText('A 类').waitFor()

  // 4. the deputy sees the reply (bell) and gives feedback on the phone
  await dep.goto('/')
  await dep.getByTestId('bell-count').filter({ hasText: /^[1-9]/ }).waitFor()
  await dep.getByTestId('bell').click()
  await dep.getByTestId('notices').getByRole('link', { name: new RegExp(`答复待您评价：建议〔\\d{4}〕\\d+号 ${TITLE}`) }).click()
  await dep.getByTestId('reply').getByText('已于城南小学门口施划人行横道').waitFor()
  await dep.getByTestId('feedback-form').waitFor()
  await fits(dep, 'the case page with a reply')
  await shot(dep, '43-phone-case-feedback')
  await dep.getByTestId('rating-satisfied').click()
  await dep.locator('#feedback-text').fill('问题已解决，群众很满意。')
  await dep.getByTestId('send-feedback').click()
  await dep.getByTestId('feedback').getByText('满意').first().waitFor()
  assert.equal(await dep.getByTestId('feedback-form').count(), 0)

  // 5. the cosigner rates too (closing waits for everyone owed the reply), staff close
  // and publish
  const cosApi = await apiAs(server, 'cosigner')
  const rated = await cosApi.post(`/proposals/${id}/feedback`, { rating: 'satisfied' })
  assert.equal(rated.status, 200, JSON.stringify(rated.body))
  await staff.reload()
  await staff.getByTestId('feedback').getByText('满意').first().waitFor()
  await staff.getByTestId('act-close').click()
  await confirmBox(staff, '确定')
  await stateIs(staff, '已办结')
  await staff.getByTestId('act-publish').click()
  await staff.getByText('已公开', { exact: true }).first().waitFor()
  await shot(staff, '44-staff-case-closed')

  // the deputy's timeline shows every step with its date
  await dep.reload()
  await stateIs(dep, '已办结')
  const steps = await dep.getByTestId('history').locator('li').allTextContents()
  for (const s of ['起草', '确认附议', '提交', '立案', '交办', '答复', '反馈意见', '办结']) assert.ok(steps.some((x) => x.includes(s)), `history lacks ${s}: ${steps.join(' | ')}`)
  assert.ok(steps.every((x) => /\d{4}年\d+月\d+日/.test(x)), 'every step has a date')
  await fits(dep, 'the closed case')
  await shot(dep, '45-phone-case-timeline')
  await dep.context().close()

  // 6. the public page, from the login page, lists it with its reply
  const pub = await newPage(browser, server, PHONE)
  await pub.goto('/login')
  await pub.getByTestId('public-link').click()
  await pub.waitForURL(/\/public$/)
  await pub.getByRole('link', { name: new RegExp(TITLE) }).click()
  await pub.getByTestId('reply').getByText('已于城南小学门口施划人行横道').waitFor()
  await fits(pub, 'the public case')
  await shot(pub, '46-phone-public-case')
  await pub.context().close()
  await staff.context().close()
  await unit.context().close()
})

test('a unit does not see another unit\'s case', async () => {
  const office = await apiAs(server, 'office')
  const made = await office.post('/proposals', { kind: 'suggestion', title: '关于整治东门菜市场周边交通秩序的建议', lead_deputy_id: 3, body: '菜市场周边占道经营严重。' })
  assert.equal(made.status, 201, JSON.stringify(made.body))
  const id = made.body.id
  for (const [a, b] of [['submit', { submitted_on: '2026-01-05' }], ['accept', {}], ['assign', { units: [{ unit_id: 6, role: 'lead' }], assigned_on: '2026-01-05', difficult: false }]]) {
    const r = await office.post(`/proposals/${id}/${a}`, b)
    assert.equal(r.status, 200, `${a}: ${JSON.stringify(r.body)}`)
  }
  const page = await newPage(browser, server)
  await login(page, 'unit')
  await page.goto('/proposals')
  await settled(page)
  await page.getByTestId('total').waitFor()
  assert.equal(await page.getByRole('link', { name: /东门菜市场/ }).count(), 0)
  await page.goto(`/proposals/${id}`)
  await page.getByRole('alert').getByText('找不到该记录').waitFor()
  await page.goto('/inbox')
  await settled(page)
  assert.equal(await page.getByRole('link', { name: /东门菜市场/ }).count(), 0)
  await page.context().close()
})

test('inbox, statistics and notifications: drawn, labelled, phone-sized', async () => {
  const page = await newPage(browser, server)
  await login(page, 'office')
  await page.goto('/proposals/stats')
  await settled(page)
  await page.getByTestId('fig-total').waitFor()
  await page.locator('.echart').first().waitFor()
  // the statistics and the list download as xlsx files (a zip: PK…)
  for (const [path, id] of [['/proposals/stats', 'stats-export'], ['/proposals', 'export-xlsx']]) {
    if (path !== '/proposals/stats') { await page.goto(path); await settled(page) }
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()])
    const buf = readFileSync(await dl.path())
    assert.equal(buf.subarray(0, 2).toString(), 'PK', `${path} export is not an xlsx`)
  }
  await page.goto('/proposals/stats')
  await page.locator('.echart').first().waitFor()
  await shot(page, '47-staff-stats')
  for (const path of ['/inbox', '/proposals', '/proposals/stats', '/notifications', '/proposals/new']) {
    await page.goto(path)
    await settled(page)
    assert.deepEqual(await unlabelled(page), [], path)
  }
  await page.goto('/inbox')
  await settled(page)
  await shot(page, '48-staff-inbox')
  await page.context().close()

  const phone = await newPage(browser, server, PHONE)
  await login(phone, 'office')
  for (const path of ['/inbox', '/proposals', '/proposals/stats', '/notifications']) {
    await phone.goto(path)
    await settled(phone)
    await fits(phone, path)
  }
  await phone.context().close()

  const dep = await newPage(browser, server, PHONE)
  await login(dep, 'deputy')
  for (const path of ['/proposals', '/proposals/new', '/notifications']) {
    await dep.goto(path)
    await settled(dep)
    await fits(dep, path)
    assert.deepEqual(await unlabelled(dep), [], path)
  }
  await shot(dep, '49-phone-notifications')
  await dep.context().close()
})

test('a unit asks for an extension and staff approve it; a unit returns a case; staff decline a suggestion', async () => {
  const office = await apiAs(server, 'office')
  const make = async (title, steps) => {
    const r = await office.post('/proposals', { kind: 'suggestion', title, lead_deputy_id: 4, body: '内容' })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    for (const [a, b] of steps) {
      const x = await office.post(`/proposals/${r.body.id}/${a}`, b)
      assert.equal(x.status, 200, `${a}: ${JSON.stringify(x.body)}`)
    }
    return r.body
  }
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
  const assign = ['assign', { units: [{ unit_id: 5, role: 'lead' }], assigned_on: today, difficult: false }]
  const a = await make('关于延长城区公交末班车时间的建议', [['submit', {}], ['accept', {}], assign])
  const b = await make('关于规范农村建房审批的建议', [['submit', {}], ['accept', {}], assign])
  const c = await make('关于为本人亲属调动工作的建议', [['submit', {}]])

  const unit = await newPage(browser, server, PHONE)
  await login(unit, 'unit')
  await unit.goto(`/proposals/${a.id}`)
  await unit.getByTestId('act-extend').click()
  await unit.locator('#act-due_on').fill('2027年8月31日')
  await unit.locator('#act-due_on').press('Enter')
  await unit.locator('#act-reason').fill('涉及多个部门，需要进一步协调。')
  await unit.getByTestId('dialog-ok').click()
  await unit.getByText('待审批').waitFor()
  await fits(unit, 'the unit\'s case page')

  await unit.goto(`/proposals/${b.id}`)
  await unit.getByTestId('act-return').click()
  await unit.locator('#act-reason').fill('农村建房审批属自然资源和规划局职责。')
  await shot(unit, '50-phone-unit-return')
  await unit.getByTestId('dialog-ok').click()
  await unit.getByTestId('dialog-summary').waitFor() // a return asks first: what will be sent
  await unit.getByTestId('dialog-ok').click()
  await stateIs(unit, '已退回')
  await unit.context().close()

  const staff = await newPage(browser, server)
  await login(staff, 'office')
  await staff.goto(`/proposals/${a.id}`)
  await staff.getByRole('button', { name: '批准', exact: true }).click()
  await staff.getByText('已批准', { exact: true }).waitFor()
  await staff.getByTestId('case-due').getByText('2027年8月31日').waitFor()

  await staff.goto(`/proposals/${c.id}`)
  await staff.getByTestId('act-decline').click()
  await pick(staff, 'act-reason', '个人事务')
  await staff.locator('#act-text').fill('属于个人事务，请通过其他渠道反映。')
  await staff.getByTestId('dialog-ok').click()
  await stateIs(staff, '不予立案')
  await staff.getByText('不予立案理由').waitFor()

  // the returned case can be assigned again
  await staff.goto(`/proposals/${b.id}`)
  await stateIs(staff, '已退回')
  await staff.getByTestId('act-assign').waitFor()
  await staff.context().close()
})
