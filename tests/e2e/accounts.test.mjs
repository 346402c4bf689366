// The accounts page's security tools: a login locked by failed passwords shows as
// locked and the administrator releases it; an account's bearer tokens are listed
// with name, dates and last use, a new one is shown once, and a revoked one stops.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, PASSWORD } from './helpers.mjs'

let server, browser, page
before(async () => {
  [server, browser] = await Promise.all([startServer('accounts'), launch()])
  page = await newPage(browser, server)
  await login(page, 'admin')
})
after(async () => { await browser?.close(); await server?.stop() })

async function tryLogin(who, password) {
  const r = await fetch(`${server.url}/api/v1/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: who, password }) })
  return r.status
}

async function meWith(token) {
  const r = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } })
  return r.status
}

test('a locked login shows as locked and the administrator releases it', async () => {
  for (let i = 0; i < 5; i++) assert.equal(await tryLogin('member', `wrong-${i}`), 401)
  assert.equal(await tryLogin('member', PASSWORD), 429)
  await page.goto('/admin/users')
  await page.getByTestId('locked-member').getByText('已锁定').waitFor()
  await shot(page, '45-user-locked')
  await page.getByTestId('unlock-member').click()
  await page.getByText('已解除锁定').waitFor()
  await page.getByTestId('locked-member').waitFor({ state: 'detached' })
  assert.equal(await tryLogin('member', PASSWORD), 200)
})

test('tokens: create one (shown once), see it listed and used, revoke it', async () => {
  await page.goto('/admin/users')
  await page.getByTestId('tokens-office').click()
  const dialog = page.getByRole('dialog', { name: 'office 的访问令牌' })
  await dialog.getByText('没有有效的访问令牌').waitFor()
  await dialog.getByLabel('名称').fill('夜间导出')
  await dialog.getByTestId('create-token').click()
  const secret = (await dialog.getByTestId('token-secret').textContent()).trim()
  assert.match(secret, /^[0-9a-f]{64}$/)
  assert.equal(await meWith(secret), 200)
  const row = dialog.getByTestId('tokens-table').locator('tr', { hasText: '夜间导出' })
  await row.waitFor()
  await row.getByText('未使用').waitFor() // the list was read before the token's first use
  await shot(page, '46-user-tokens')
  // opened again, the secret is gone and the use is recorded
  await dialog.getByRole('button', { name: /关闭|Close/ }).first().click()
  await page.getByTestId('tokens-office').click()
  await dialog.getByTestId('tokens-table').locator('tr', { hasText: '夜间导出' }).waitFor()
  assert.equal(await dialog.getByTestId('token-secret').count(), 0)
  assert.equal(await dialog.getByTestId('tokens-table').locator('tr', { hasText: '夜间导出' }).getByText('未使用').count(), 0)
  await dialog.getByTestId('revoke-token-夜间导出').click()
  await page.getByRole('dialog').getByRole('button', { name: '吊销', exact: true }).last().click()
  await page.getByText('令牌已吊销').waitFor()
  await dialog.getByText('没有有效的访问令牌').waitFor()
  assert.equal(await meWith(secret), 401)
})
