// The dashboard's charts and links, and the admin pages: accounts (create with role,
// congress and linked deputy; disable; reset the password) and the audit trail (filters,
// each change in words).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, apiAs } from './helpers.mjs'

let server, browser, page, api
before(async () => {
  [server, browser] = await Promise.all([startServer('admin'), launch()])
  api = await apiAs(server, 'admin')
  page = await newPage(browser, server)
  await login(page, 'admin')
})
after(async () => { await browser?.close(); await server?.stop() })

async function canLogIn(who, password) {
  const r = await fetch(`${server.url}/api/v1/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: who, password }) })
  return r.status
}

test('the dashboard counts deputies, units and stations and links into the lists', async () => {
  // every term's deputies: 200 county deputies a term and 25 of higher congresses
  const deputies = (await api.get('/deputies?per_page=1')).body.total
  const county = (await api.get('/deputies?level=county&per_page=1')).body.total
  assert.ok(deputies >= 425 && (county - 200) % 200 === 0 && deputies - county === 25, `${deputies} ${county}`)
  await page.goto('/')
  await page.getByTestId('tile-deputies').getByText(String(deputies)).waitFor()
  await page.getByTestId('tile-units').getByText('53').waitFor()
  for (const id of ['chart-deputies-level', 'chart-deputies-delegation', 'chart-units-kind', 'chart-stations-kind']) {
    await page.getByTestId(id).locator('svg').waitFor()
  }
  await shot(page, '40-dashboard')
  // a bar opens the list filtered to it: 市级 deputies
  // a click on a bar opens the list filtered to it: the first bar is 县级, 200 deputies a term
  await page.getByTestId('chart-deputies-level').locator('svg path[fill="#a61b1b"]').first().click()
  await page.waitForURL(/\/c\/deputies\?level=county/)
  await page.getByTestId('total').getByText(`共 ${county} 条`).waitFor()
  // the tile opens the full list
  await page.goto('/')
  await page.getByTestId('tile-stations').click()
  await page.waitForURL(/\/c\/stations$/)
})

test('accounts: create a deputy account, reset its password, disable it', async () => {
  await page.goto('/admin/users')
  await page.getByTestId('users-table').getByText('office').waitFor()
  await page.getByTestId('new-user').click()
  const form = page.getByTestId('user-form')
  await form.getByLabel('账号').fill('deputy2')
  await form.getByLabel('显示名称').fill('魏剑锋代表')
  await form.locator('#u-role').locator('xpath=ancestor::div[contains(@class,"el-select__wrapper")]').click()
  await page.getByRole('option', { name: '人大代表', exact: true }).click()
  await form.locator('#u-congress').locator('xpath=ancestor::div[contains(@class,"el-select__wrapper")]').click()
  await form.locator('#u-congress').fill('常山县')
  await page.getByRole('option', { name: '常山县人民代表大会', exact: true }).click()
  await form.locator('#u-deputy').locator('xpath=ancestor::div[contains(@class,"el-select__wrapper")]').click()
  await form.locator('#u-deputy').fill('魏剑锋')
  await page.getByRole('option', { name: '魏剑锋', exact: true }).click()
  await page.getByTestId('save-user').click()
  // the server's rule on passwords, shown at the password field
  await form.locator('.el-form-item.is-error').getByText('密码不能为空').waitFor() // in Chinese: src/base/msg_zh.c
  await shot(page, '41-user-form-error')
  await form.getByLabel('密码').fill('deputy2-password')
  await page.getByTestId('save-user').click()
  await page.getByTestId('users-table').getByRole('cell', { name: 'deputy2', exact: true }).waitFor()
  const u = (await api.get('/users')).body.items.find((x) => x.login === 'deputy2')
  assert.equal(u.role, 'deputy')
  assert.equal(u.congress_id, 3)
  assert.ok(u.deputy_id)
  assert.equal(await canLogIn('deputy2', 'deputy2-password'), 200)

  await page.getByTestId('pw-deputy2').click()
  await page.locator('#u-newpw').fill('another-password-2')
  await page.getByTestId('save-password').click()
  await page.getByText('密码已重置').waitFor()
  assert.equal(await canLogIn('deputy2', 'another-password-2'), 200)

  await page.getByTestId('toggle-deputy2').click()
  await page.getByRole('dialog').getByRole('button', { name: '停用' }).click()
  await page.getByTestId('status-deputy2').getByText('已停用').waitFor()
  assert.notEqual(await canLogIn('deputy2', 'another-password-2'), 200)
  await shot(page, '42-users')
  await page.getByTestId('toggle-deputy2').click()
  await page.getByTestId('status-deputy2').getByText('正常').waitFor()
})

test('audit trail: filter by collection, record and person; each change in words', async () => {
  const unit = (await api.get('/units?per_page=1')).body.items[0]
  const office = await apiAs(server, 'office')
  const changed = await office.patch(`/units/${unit.id}`, { contact: '新联系人' })
  assert.equal(changed.status, 200)
  await page.goto('/admin/audit')
  await page.getByTestId('audit-total').waitFor()
  await page.locator('#audit-collection').locator('xpath=ancestor::div[contains(@class,"el-select__wrapper")]').click()
  await page.getByRole('option', { name: '承办单位', exact: true }).click()
  await page.waitForURL(/collection=units/)
  await page.locator('#audit-record').fill(String(unit.id))
  await page.locator('#audit-login').fill('office')
  await page.getByRole('button', { name: '搜索' }).click()
  await page.waitForURL(/login=office/)
  await page.getByTestId('audit-total').getByText('共 1 条').waitFor()
  // in words at once: the field's label, the value before and after
  const change = page.getByTestId('audit-changes').locator('.change', { hasText: '联系人' })
  await change.locator('.before').getByText(unit.contact).waitFor()
  await change.locator('.after').getByText('新联系人').waitFor()
  await page.getByTestId('audit-action').getByText('修改').waitFor()
  await shot(page, '43-audit')

  // the case kinds and the receptions are in the list too: a proposal's steps, by name
  const proposal = (await office.get('/proposals?state=closed&per_page=1')).body.items[0]
  await page.goto('/admin/audit')
  await page.getByTestId('audit-total').waitFor()
  await page.locator('#audit-collection').locator('xpath=ancestor::div[contains(@class,"el-select__wrapper")]').click()
  await page.getByRole('option', { name: '代表接待选民', exact: true }).waitFor()
  await page.getByRole('option', { name: '议案建议', exact: true }).click()
  await page.waitForURL(/collection=proposals/)
  await page.locator('#audit-record').fill(String(proposal.id))
  await page.getByRole('button', { name: '搜索' }).click()
  await page.waitForURL(new RegExp(`id=${proposal.id}`))
  await page.getByTestId('audit-total').getByText(/共 [1-9]\d* 条/).waitFor()
})

test('settings: the administrator also sees the server and security settings, grouped', async () => {
  await page.goto('/admin/settings')
  await page.getByText('登录失败次数上限').waitFor()
  await page.getByTestId('settings-server').getByRole('heading', { name: '服务器' }).waitFor()
  await page.getByTestId('settings-security').getByRole('heading', { name: '安全' }).waitFor()
  await page.getByTestId('setting-http_max_body').locator('.unit').getByText('字节', { exact: true }).waitFor()
  await shot(page, '44-settings')
})
