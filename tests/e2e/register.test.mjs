// Staff register what arrives at the office: a letter or visit with its person-times,
// and a voter's opinion raised at a reception. A missing title is shown at its field;
// the registered case opens, ready to handle.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, apiAs, unlabelled, settled } from './helpers.mjs'

let server, browser
before(async () => { [server, browser] = await Promise.all([startServer('register'), launch()]) })
after(async () => { await browser?.close(); await server?.stop() })

test('staff register a visit by five people and a voter\'s opinion', async () => {
  const page = await newPage(browser, server)
  await login(page, 'office')
  await page.goto('/petitions')
  await page.getByTestId('register-case').click()
  await settled(page)
  assert.deepEqual(await unlabelled(page), [])
  // no date of receipt: the form marks it (required) before sending
  await page.getByTestId('register-save').click()
  await page.getByTestId('form-error').waitFor()
  assert.match(await page.locator('.el-form-item.is-error').first().textContent(), /收到日期/)
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
  await page.locator('#cf-received_on').fill(today)
  await page.locator('#cf-received_on').press('Enter')
  // no title: the server's 422 is shown at the title
  await page.getByTestId('register-save').click()
  await page.locator('.el-form-item.is-error', { hasText: '标题' }).waitFor()
  await page.locator('#cf-title').fill('反映球川镇集镇污水管网堵塞问题')
  await page.getByTestId('channel').getByText('来访').click()
  await page.locator('#cf-person_times').fill('5')
  await page.locator('#cf-petitioner').fill('郑国平')
  await page.locator('#cf-content').fill('五位居民来访，反映集镇污水管网堵塞，雨天倒灌。')
  await shot(page, '60-register-petition')
  await page.getByTestId('register-save').click()
  await page.waitForURL(/\/petitions\/\d+$/)
  const id = page.url().match(/(\d+)$/)[1]
  const office = await apiAs(server, 'office')
  const rec = (await office.get(`/petitions/${id}`)).body
  assert.equal(rec.title, '反映球川镇集镇污水管网堵塞问题')
  assert.equal(rec.channel, 'visit')
  assert.equal(rec.person_times, 5)

  await page.goto('/opinions/new')
  await settled(page)
  await page.locator('#cf-title').fill('建议在芳村镇新桥村增设公交站点')
  await page.locator('#cf-voter_name').fill('余建华')
  await page.locator('#cf-content').fill('村民出行不便，希望增设公交站点。')
  await page.getByTestId('register-save').click()
  await page.waitForURL(/\/opinions\/\d+$/)
  const oid = page.url().match(/(\d+)$/)[1]
  const op = (await office.get(`/opinions/${oid}`)).body
  assert.equal(op.voter_name, '余建华')
  assert.equal(op.state, 'submitted')
  await page.context().close()
})

test('a deputy gets no register button', async () => {
  const page = await newPage(browser, server)
  await login(page, 'deputy')
  await page.goto('/petitions')
  await page.locator('.page h1').first().waitFor()
  assert.equal(await page.getByTestId('register-case').count(), 0)
  await page.context().close()
})
