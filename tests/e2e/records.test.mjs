// The generic list and form: create a person and a deputy, the server's 422 shown at
// the field it names, search, filters, sorting and paging, delete with confirmation.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, apiAs } from './helpers.mjs'

let server, browser, page, api
before(async () => {
  [server, browser] = await Promise.all([startServer('records'), launch()])
  api = await apiAs(server, 'office')
  page = await newPage(browser, server)
  await login(page, 'office')
})
after(async () => { await browser?.close(); await server?.stop() })

/** totalIs — wait until the list says it holds n records. */
const totalIs = (n) => page.getByTestId('total').getByText(`共 ${n} 条`, { exact: true }).waitFor()
const item = (field) => page.locator(`[data-field=${field}]`)

/** pick — choose `option` in the Element Plus select of form field `field` (typing `search` first for remote ones). */
async function pick(field, option, search) {
  await item(field).locator('.el-select__wrapper').click()
  if (search) await item(field).locator('input').fill(search)
  await page.getByRole('option', { name: option, exact: true }).click()
}

test('create a person, then a deputy for them', async () => {
  await page.goto('/c/persons')
  await page.getByTestId('new').click()
  await page.getByRole('heading', { name: '新建人员' }).waitFor()
  await page.getByLabel('姓名').fill('测试代表甲')
  await pick('gender', '女')
  await item('birth_date').locator('input').fill('1980-05-04')
  await item('birth_date').locator('input').press('Enter')
  await page.getByLabel('民族').fill('汉族')
  await page.getByTestId('save').click()
  await page.waitForURL(/\/c\/persons\/\d+$/)
  await page.getByText('已创建').waitFor()
  // dates read the Chinese way in the form
  assert.equal(await item('birth_date').locator('input').inputValue(), '1980年5月4日')

  const before = (await api.get('/deputies?per_page=1')).body.total
  await page.goto('/c/deputies')
  await totalIs(before)
  await page.getByTestId('new').click()
  await page.getByRole('heading', { name: '新建人大代表' }).waitFor()
  await pick('person_id', '测试代表甲', '测试代表')
  await pick('level', '县级')
  await page.getByLabel('代表团').fill('天马街道代表团')
  await page.getByLabel('职业职务').fill('村党支部书记')
  await pick('station_id', '天马街道人大代表联络站', '天马街道人大')
  await shot(page, '10-deputy-new')
  await page.getByTestId('save').click()
  // a deputy opens on their own page
  await page.waitForURL(/\/c\/deputies\/\d+$/)
  await page.getByTestId('deputy-name').getByText('测试代表甲').waitFor()
  await page.getByText('村党支部书记').waitFor()
  await page.getByRole('link', { name: '天马街道人大代表联络站' }).waitFor()
  await page.getByText('1980年5月4日').waitFor()
  await shot(page, '11-deputy-detail')
  const r = await api.get('/deputies?q=测试代表甲')
  assert.equal(r.body.total, 1)
  assert.equal(r.body.items[0].level, 'county')
  await page.goto('/c/deputies')
  await totalIs(before + 1)
})

test('a missing required field shows the server\'s message at that field', async () => {
  await page.goto('/c/deputies/new')
  await pick('level', '省级')
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/deputies') && r.request().method() === 'POST'),
    page.getByTestId('save').click(),
  ])
  assert.equal(res.status(), 422)
  const { error } = await res.json()
  assert.equal(error.field, 'person_id')
  // shown in Chinese when the server has the wording for it (src/base/msg_zh.c)
  assert.equal(error.message_zh, '姓名为必填项')
  await item('person_id').locator('.el-form-item__error').getByText(error.message_zh).waitFor()
  await page.getByTestId('form-error').getByText('请改正标出的字段').waitFor()
  // a bad value the server rejects: an end date before the start date
  await page.goto('/c/terms/new')
  await item('number').locator('input').fill('17')
  await item('start_on').locator('input').fill('2026-12-27')
  await item('start_on').locator('input').press('Enter')
  await item('end_on').locator('input').fill('2020-01-01')
  await item('end_on').locator('input').press('Enter')
  const [res2] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/terms') && r.request().method() === 'POST'),
    page.getByTestId('save').click(),
  ])
  assert.equal(res2.status(), 422)
  const e2 = (await res2.json()).error
  assert.equal(e2.message_zh, '结束日期不能早于开始日期')
  await item(e2.field).locator('.el-form-item__error').getByText(e2.message_zh).waitFor()
  await shot(page, '12-form-server-error')
})

test('search, filter, sort and page through deputies', async () => {
  // every term's deputies, and the one the test before created
  const all = (await api.get('/deputies?per_page=1')).body.total
  await page.goto('/c/deputies')
  await totalIs(all)
  await shot(page, '13-deputies-list')
  // search: the list and the total follow, and the URL keeps it
  await page.locator('#list-search').fill('沈振华')
  await page.waitForURL(/q=/)
  await totalIs(1)
  await page.getByRole('link', { name: '沈振华' }).waitFor()
  await page.locator('#list-search').fill('')
  await page.locator('#list-search').press('Enter')
  await totalIs(all)
  // filter by level (from the schema's enum)
  await page.locator('[id="filter-level"]').locator('xpath=ancestor::div[contains(@class,"el-select__wrapper")]').click()
  await page.getByRole('option', { name: '市级', exact: true }).click()
  await totalIs(18)
  assert.match(page.url(), /level=city/)
  await page.getByRole('button', { name: '清除筛选' }).click()
  await totalIs(all)
  // paging: 20 a page, page 2 shows other rows, the URL remembers the page
  const firstOnPage1 = await page.locator('.el-table__body tr').first().textContent()
  assert.equal(await page.locator('.el-table__body tr').count(), 20)
  await page.locator('.el-pager li', { hasText: /^2$/ }).click()
  await page.waitForURL(/page=2/)
  await page.locator('.el-pager li.is-active', { hasText: /^2$/ }).waitFor()
  await page.waitForFunction((t) => document.querySelector('.el-table__body tr')?.textContent !== t, firstOnPage1)
  // sort by level: a click on the column header
  await page.locator('th', { hasText: '代表层级' }).click()
  await page.waitForURL(/sort=level/)
  assert.doesNotMatch(page.url(), /page=2/)
  await page.reload()
  await page.locator('th.ascending', { hasText: '代表层级' }).waitFor()
})

test('delete asks first, and a record still in use cannot go', async () => {
  const person = (await api.get('/persons?q=测试代表甲')).body.items[0]
  const deputy = (await api.get(`/deputies?person_id=${person.id}`)).body.items[0]
  // the person is still referenced by the deputy: 409, said plainly
  await page.goto(`/c/persons/${person.id}`)
  await page.getByTestId('delete').click()
  await page.getByRole('dialog').getByText('确定删除“测试代表甲”吗').waitFor()
  await page.getByRole('dialog').getByRole('button', { name: '删除' }).click()
  await page.getByTestId('form-error').getByText('与已有记录冲突').waitFor()
  // cancelling keeps the record
  await page.goto(`/c/deputies/${deputy.id}/edit`)
  await page.getByTestId('delete').click()
  await page.getByRole('dialog').getByRole('button', { name: '取消' }).click()
  assert.equal((await api.get(`/deputies/${deputy.id}`)).status, 200)
  await page.getByTestId('delete').click()
  await page.getByRole('dialog').getByRole('button', { name: '删除' }).click()
  await page.waitForURL(/\/c\/deputies$/)
  await page.getByText('已删除').waitFor()
  assert.equal((await api.get(`/deputies/${deputy.id}`)).status, 404)
})
