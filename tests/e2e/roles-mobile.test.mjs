// Roles and phones: a deputy sees only the deputy menu and their own page; at 375 px
// nothing scrolls sideways and the controls are touch-sized; every control is labelled.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, apiAs, horizontalOverflow, unlabelled, settled } from './helpers.mjs'

let server, browser
before(async () => { [server, browser] = await Promise.all([startServer('roles'), launch()]) })
after(async () => { await browser?.close(); await server?.stop() })

const PHONE = { viewport: { width: 375, height: 740 }, mobile: true }
const menuKeys = (page) => page.locator('[data-testid=menu] a').evaluateAll((as) => as.map((a) => a.dataset.key))

test('a deputy sees only the deputy menu', async () => {
  const page = await newPage(browser, server)
  await login(page, 'deputy')
  const keys = await menuKeys(page)
  const server_ = (await (await apiAs(server, 'deputy')).get('/menu')).body.items.map((m) => m.key)
  assert.deepEqual(keys, server_)
  assert.deepEqual(keys, ['home', 'inbox', 'my_deputy', 'votes', 'proposals', 'receptions', 'deputies', 'units', 'stations'])
  for (const office of ['persons', 'users', 'audit', 'settings', 'members', 'terms']) assert.ok(!keys.includes(office), office)
  const menuText = await page.getByTestId('menu').textContent()
  assert.doesNotMatch(menuText, /账号管理|审计日志|系统设置|人员/)
  // the staff menu is longer, the admin's longest
  const office = await newPage(browser, server)
  await login(office, 'office')
  assert.ok((await menuKeys(office)).includes('audit'))
  assert.ok(!(await menuKeys(office)).includes('users'))
  await office.context().close()
  // read-only for a deputy: no new/import buttons, and a record opens as a sheet, not a form
  await page.goto('/c/units')
  await page.getByTestId('total').waitFor()
  assert.equal(await page.getByTestId('new').count(), 0)
  assert.equal(await page.getByTestId('import').count(), 0)
  await page.getByRole('link', { name: '常山县人民政府' }).click()
  await page.locator('.el-descriptions').waitFor()
  assert.equal(await page.getByTestId('save').count(), 0)
  await page.context().close()
})

test('a deputy on a 375 px phone: own page, lists, menu; no sideways scrolling', async () => {
  const page = await newPage(browser, server, PHONE)
  await page.goto('/login')
  await page.locator('#login-name').waitFor()
  assert.ok(await horizontalOverflow(page) <= 0, 'login page overflows')
  await shot(page, '30-phone-login')
  await login(page, 'deputy')
  await page.getByTestId('my-link').waitFor()
  await page.getByTestId('duty-record').waitFor()
  assert.ok(await horizontalOverflow(page) <= 0, 'home overflows')
  await shot(page, '31-phone-home')

  // the menu is a drawer behind a touch-sized button
  const burger = page.getByRole('button', { name: '打开菜单' })
  const box = await burger.boundingBox()
  assert.ok(box.height >= 44 && box.width >= 44, `menu button ${box.width}x${box.height}`)
  await burger.click()
  await page.getByRole('dialog', { name: '主菜单' }).getByRole('link', { name: '我的履职' }).click()
  await page.waitForURL(/\/my$/)
  await page.getByTestId('deputy-name').getByText('沈振华').waitFor()
  await page.getByText('天马街道代表团').first().waitFor()
  assert.ok(await horizontalOverflow(page) <= 0, '/my overflows')
  await shot(page, '32-phone-my')

  await page.goto('/c/deputies')
  await page.getByTestId('cards').locator('li a').first().waitFor()
  assert.ok(await horizontalOverflow(page) <= 0, 'deputies list overflows')
  const card = await page.getByTestId('cards').locator('li a').first().boundingBox()
  assert.ok(card.height >= 44)
  for (const b of await page.locator('.page-head .el-button, .pager button').all()) {
    const bb = await b.boundingBox()
    if (bb) assert.ok(bb.height >= 44, `button ${await b.textContent()} is ${bb.height}px high`)
  }
  await shot(page, '33-phone-deputies')
  await page.getByTestId('cards').locator('li a').first().click()
  await page.getByTestId('deputy-name').waitFor()
  assert.ok(await horizontalOverflow(page) <= 0, 'deputy page overflows')

  await page.goto('/c/stations')
  await page.getByTestId('cards').locator('li a').first().waitFor()
  assert.ok(await horizontalOverflow(page) <= 0, 'stations overflow')
  await page.getByTestId('cards').locator('li a').first().click()
  await page.locator('.el-descriptions').waitFor()
  assert.ok(await horizontalOverflow(page) <= 0, 'station page overflows')
  await shot(page, '34-phone-station')
  await page.context().close()
})

test('the office on a phone: forms and the accounts page fit too', async () => {
  const page = await newPage(browser, server, PHONE)
  await login(page, 'admin')
  for (const path of ['/c/deputies/new', '/c/persons', '/admin/users', '/admin/audit', '/admin/settings']) {
    await page.goto(path)
    await settled(page)
    assert.ok(await horizontalOverflow(page) <= 0, `${path} overflows`)
  }
  await page.goto('/c/deputies/new')
  await page.locator('[data-field=person_id]').waitFor()
  await shot(page, '35-phone-deputy-form')
  await page.context().close()
})

test('every control on the main pages has a label', async () => {
  const page = await newPage(browser, server)
  await page.goto('/login')
  await page.locator('#login-name').waitFor()
  assert.deepEqual(await unlabelled(page), [], '/login')
  await login(page, 'admin')
  for (const path of ['/', '/c/deputies', '/c/deputies/1', '/c/deputies/1/edit', '/c/stations/new', '/admin/users', '/admin/audit', '/admin/settings']) {
    await page.goto(path)
    await settled(page)
    assert.deepEqual(await unlabelled(page), [], path)
  }
  await page.context().close()
})
