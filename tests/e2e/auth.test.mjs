// Logging in and out, a wrong password, the keyboard, an expired session, and the
// language switch (remembered across a reload, Element Plus and dates following it).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, apiAs } from './helpers.mjs'

let server, browser
before(async () => { [server, browser] = await Promise.all([startServer('auth'), launch()]) })
after(async () => { await browser?.close(); await server?.stop() })

test('log in and out', async () => {
  const page = await newPage(browser, server)
  await page.goto('/')
  await page.waitForURL(/\/login/)
  await page.getByRole('heading', { name: '登录' }).waitFor()
  await shot(page, '01-login')
  await login(page, 'office')
  // the header names the user and the congress
  await page.getByTestId('user-name').getByText('县人大常委会办公室').waitFor()
  await page.getByTestId('congress-name').getByText('常山县人民代表大会').waitFor()
  await page.getByRole('heading', { name: '首页' }).waitFor()
  await page.getByRole('button', { name: '退出登录' }).click()
  await page.waitForURL(/\/login/)
  await page.getByText('您已安全退出').waitFor()
  // the session is gone on the server too: the app sends us back to the login page
  await page.goto('/c/deputies')
  await page.waitForURL(/\/login\?next=/)
  await page.context().close()
})

test('a wrong password shows a message and logs nobody in', async () => {
  const page = await newPage(browser, server)
  await page.goto('/login')
  await page.locator('#login-name').fill('office')
  await page.locator('#login-password').fill('not-the-password')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/login')),
    page.getByRole('button', { name: '登录' }).click(),
  ])
  assert.equal(res.status(), 401)
  const alert = page.getByTestId('login-error')
  await alert.getByText('账号或密码不正确').waitFor()
  assert.equal(await alert.getAttribute('role'), 'alert')
  assert.match(page.url(), /\/login/)
  await shot(page, '02-login-wrong-password')
  await page.context().close()
})

test('log in with the keyboard only', async () => {
  const page = await newPage(browser, server)
  await page.goto('/login')
  await page.locator('#login-name').focus()
  await page.keyboard.type('member')
  await page.keyboard.press('Tab')
  await page.keyboard.type('renda-demo')
  await page.keyboard.press('Enter')
  await page.waitForURL((u) => u.pathname === '/')
  // the skip link is the first stop and leads to the page's content
  await page.keyboard.press('Tab')
  const first = await page.evaluate(() => document.activeElement.textContent.trim())
  assert.equal(first, '跳到主要内容')
  await page.context().close()
})

test('an expired session sends the user back to log in, then to where they were', async () => {
  const page = await newPage(browser, server)
  await login(page, 'office')
  await page.goto('/c/units')
  await page.getByTestId('total').waitFor()
  // the session ends elsewhere (logged out from another tab)
  await page.evaluate(() => fetch('/api/v1/logout', { method: 'POST' }))
  await page.getByRole('link', { name: '人大代表' }).first().click()
  await page.waitForURL(/\/login\?next=(%2F|\/)c(%2F|\/)deputies/)
  await page.getByText('登录已失效，请重新登录').waitFor()
  await page.locator('#login-name').fill('office')
  await page.locator('#login-password').fill('renda-demo')
  await page.getByRole('button', { name: '登录' }).click()
  await page.waitForURL(/\/c\/deputies$/)
  await page.context().close()
})

test('switch language, and the choice survives a reload', async () => {
  const page = await newPage(browser, server)
  await login(page, 'office')
  await page.goto('/c/terms')
  // Chinese dates: 2021年12月27日
  await page.getByRole('cell', { name: '2021年12月27日' }).first().waitFor()
  await page.getByRole('button', { name: 'English' }).click()
  await page.getByRole('heading', { name: 'Terms' }).waitFor()
  await page.getByRole('cell', { name: '2021-12-27' }).first().waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
  await page.reload()
  await page.getByRole('heading', { name: 'Terms' }).waitFor()
  await page.getByRole('button', { name: '中文' }).waitFor()
  // Element Plus's own texts follow: the pagination says "Total", not "共"
  await page.locator('.el-pagination__total').getByText(/Total/).waitFor()
  await page.getByRole('button', { name: 'Log out' }).waitFor()
  await shot(page, '03-terms-english')
  await page.getByRole('button', { name: '中文' }).click()
  await page.getByRole('heading', { name: '届次' }).waitFor()
  await page.reload()
  await page.getByRole('heading', { name: '届次' }).waitFor()
  await page.context().close()
})

test('errors are said in the user\'s language: not found, forbidden, server down', async () => {
  const page = await newPage(browser, server)
  await login(page, 'deputy')
  // 403: a deputy may not read persons
  await page.goto('/c/persons')
  await page.getByRole('alert').getByText('您没有权限进行此操作或查看此内容').waitFor()
  // 404: no such record
  await page.goto('/c/units/99999')
  await page.getByRole('alert').getByText('找不到该记录').waitFor()
  // an unknown page
  await page.goto('/no/such/page')
  await page.getByRole('heading', { name: '找不到页面' }).waitFor()
  // network down
  await page.goto('/c/units')
  await page.getByTestId('total').waitFor()
  await page.route('**/api/v1/units?**', (r) => r.abort('connectionrefused'))
  await page.locator('#list-search').fill('县')
  await page.getByRole('alert').getByText('无法连接服务器').waitFor()
  await page.unroute('**/api/v1/units?**')
  // a 500 from the server
  await page.route('**/api/v1/units?**', (r) => r.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"disk I/O error","field":""}}' }))
  await page.locator('#list-search').fill('县人')
  await page.getByRole('alert').getByText('服务器出错了').waitFor()
  await page.getByRole('alert').getByText('disk I/O error').waitFor()
  await page.context().close()
})
