// Receptions (/c/receptions) and their reference list of deputies present (schema type
// "refs"): staff record a reception with two deputies of different levels, see their
// names on the record page and in the list, remove one and see the change after a
// reload; long lists read compactly (…等5人); a deputy reads the names as linked tags;
// the form works at 375 px.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, apiAs, horizontalOverflow, unlabelled, settled } from './helpers.mjs'

const STATION = '天马街道人大代表联络站'
const NOTES = 'e2e：周末进站接待，两名代表出席'
const MANY = 'e2e：五名代表出席的接待'

let server, browser, page, api
let county, city // { id, name } of two deputies whose names are unique, of two levels
let receptionId
before(async () => {
  [server, browser] = await Promise.all([startServer('receptions'), launch()])
  api = await apiAs(server, 'office')
  // one county and one city deputy of the station, each the only deputy of that name
  const station = (await api.get(`/stations?q=${encodeURIComponent(STATION)}`)).body.items.find((s) => s.name === STATION)
  const pickOne = async (level) => {
    const r = await api.get(`/deputies?station_id=${station.id}&level=${level}&per_page=100`)
    for (const d of r.body.items) {
      const same = await api.get(`/deputies?q=${encodeURIComponent(d.person_name)}&per_page=100`)
      if (same.body.items.filter((x) => x.person_name === d.person_name).length === 1) return { id: d.id, name: d.person_name }
    }
    throw new Error(`no ${level} deputy with a unique name at ${STATION}`)
  }
  county = await pickOne('county')
  city = await pickOne('city')
  page = await newPage(browser, server)
  await login(page, 'office')
})
after(async () => { await browser?.close(); await server?.stop() })

const item = (field) => page.locator(`[data-field=${field}]`)
const tagsIn = (field) => item(field).locator('.el-select__tags-text')

/** pickDeputy — type a name in the deputies present and choose the one of that level. */
async function pickDeputy(name, level) {
  await item('deputy_ids').locator('input').fill(name)
  await page.getByRole('option', { name: new RegExp(`^${name}`) }).filter({ hasText: level }).click()
}

test('staff record a reception with two deputies present, of two levels', async () => {
  await page.goto('/c/receptions')
  await settled(page)
  await page.getByTestId('new').click()
  await page.getByRole('heading', { name: '新建代表接待选民' }).waitFor()
  await item('station_id').locator('.el-select__wrapper').click()
  await item('station_id').locator('input').fill('天马街道人大')
  await page.getByRole('option', { name: STATION, exact: true }).click()
  await item('held_on').locator('input').fill('2026-11-21')
  await item('held_on').locator('input').press('Enter')
  await page.getByLabel('接待选民数').fill('23')
  await page.getByLabel('备注').fill(NOTES)

  await item('deputy_ids').locator('.el-select__wrapper').click()
  await pickDeputy(county.name, '县级')
  await pickDeputy(city.name, '市级')
  await page.keyboard.press('Escape')
  assert.deepEqual(await tagsIn('deputy_ids').allTextContents(), [county.name, city.name])
  await shot(page, '40-reception-new')

  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/receptions') && r.request().method() === 'POST'),
    page.getByTestId('save').click(),
  ])
  assert.equal(res.status(), 201)
  assert.deepEqual((await res.json()).deputy_ids.sort((a, b) => a - b), [county.id, city.id].sort((a, b) => a - b))
  await page.waitForURL(/\/c\/receptions\/\d+$/)
  receptionId = Number(page.url().split('/').pop())
  // the record page, read from the server again, names the deputies present
  await settled(page)
  await tagsIn('deputy_ids').first().waitFor()
  assert.deepEqual((await tagsIn('deputy_ids').allTextContents()).sort(), [county.name, city.name].sort())
  assert.ok(!(await item('deputy_ids').textContent()).includes('#'), 'names, not ids')
})

test('the list shows the names', async () => {
  await page.goto(`/c/receptions?q=${encodeURIComponent(NOTES)}`)
  await settled(page)
  await page.getByTestId('total').getByText('共 1 条', { exact: true }).waitFor()
  const cell = page.getByTestId('table').getByTestId('refs-deputy_ids')
  const text = await cell.textContent()
  assert.ok(text.includes(county.name) && text.includes(city.name) && text.includes('、'), text)
  await shot(page, '41-receptions-list')
})

test('edit to remove one deputy; the change stays after a reload', async () => {
  await page.goto(`/c/receptions/${receptionId}`)
  await settled(page)
  await tagsIn('deputy_ids').first().waitFor()
  await item('deputy_ids').locator('.el-tag', { hasText: city.name }).locator('.el-tag__close').click()
  assert.deepEqual(await tagsIn('deputy_ids').allTextContents(), [county.name])
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/receptions/${receptionId}`) && r.request().method() === 'PATCH'),
    page.getByTestId('save').click(),
  ])
  assert.equal(res.status(), 200)
  await page.getByText('已保存').waitFor()
  await page.reload()
  await settled(page)
  await tagsIn('deputy_ids').first().waitFor()
  assert.deepEqual(await tagsIn('deputy_ids').allTextContents(), [county.name])
  const r = await api.get(`/receptions/${receptionId}`)
  assert.deepEqual(r.body.deputy_ids, [county.id])
  assert.deepEqual(r.body.deputy_names, [county.name])

  await page.goto(`/c/receptions?q=${encodeURIComponent(NOTES)}`)
  await settled(page)
  assert.equal((await page.getByTestId('table').getByTestId('refs-deputy_ids').textContent()).trim(), county.name)
})

test('a long list reads compactly, in Chinese and in English', async () => {
  const five = (await api.get('/deputies?status=active&per_page=5&sort=id')).body.items
  const made = await api.post('/receptions', {
    station_id: (await api.get(`/receptions/${receptionId}`)).body.station_id,
    held_on: '2026-11-22', voters_received: 40, notes: MANY, deputy_ids: five.map((d) => d.id),
  })
  assert.equal(made.status, 201)
  const names = made.body.deputy_names
  assert.equal(names.length, 5)
  await page.goto(`/c/receptions?q=${encodeURIComponent(MANY)}`)
  await settled(page)
  const cell = page.getByTestId('table').getByTestId('refs-deputy_ids')
  assert.equal((await cell.textContent()).trim(), `${names[0]}、${names[1]}等5人`)
  assert.equal(await cell.getAttribute('title'), names.join('、'))
  await page.evaluate(() => localStorage.setItem('renda.lang', 'en'))
  await page.reload()
  await settled(page)
  await page.getByRole('columnheader', { name: 'Deputies present' }).waitFor()
  assert.equal((await cell.textContent()).trim(), `${names[0]}, ${names[1]} and 3 more`)
  await page.evaluate(() => localStorage.setItem('renda.lang', 'zh'))
  // a bad id is refused at the field
  const bad = await api.patch(`/receptions/${made.body.id}`, { deputy_ids: [999999] })
  assert.equal(bad.status, 422)
  assert.equal(bad.body.error.field, 'deputy_ids')
})

test('a deputy reads the names as tags that link to the deputies', async () => {
  const p = await newPage(browser, server)
  await login(p, 'deputy')
  await p.goto(`/c/receptions/${receptionId}`)
  await settled(p)
  const tags = p.getByTestId('refs-deputy_ids')
  await p.getByRole('heading', { name: `${STATION} 2026年11月21日` }).waitFor()
  await shot(p, '43-reception-deputy')
  await tags.getByRole('link', { name: county.name, exact: true }).click()
  await p.waitForURL(new RegExp(`/c/deputies/${county.id}$`))
  await p.getByTestId('deputy-name').getByText(county.name).waitFor()
  assert.deepEqual(p.errors || [], [])
  await p.context().close()
})

test('on a 375 px phone: cards name the deputies; the form picks them without scrolling sideways', async () => {
  const p = await newPage(browser, server, { viewport: { width: 375, height: 812 }, mobile: true })
  await login(p, 'office')
  await p.goto(`/c/receptions?q=${encodeURIComponent(NOTES)}`)
  await settled(p)
  const card = p.getByTestId('cards').locator('li').first()
  await card.getByText(county.name).waitFor()
  assert.ok((await horizontalOverflow(p)) <= 0, 'the list scrolls sideways')
  await card.locator('a').click()
  await p.waitForURL(/\/c\/receptions\/\d+$/)
  await settled(p)
  const field = p.locator('[data-field=deputy_ids]')
  await field.locator('.el-select__tags-text').first().waitFor()
  await field.locator('.el-select__wrapper').click()
  await field.locator('input').fill(city.name)
  const option = p.getByRole('option', { name: new RegExp(`^${city.name}`) }).filter({ hasText: '市级' })
  await option.waitFor()
  await shot(p, '42-reception-phone-pick')
  await option.click()
  await p.keyboard.press('Escape')
  assert.deepEqual(await field.locator('.el-select__tags-text').allTextContents(), [county.name, city.name])
  assert.ok((await horizontalOverflow(p)) <= 0, 'the form scrolls sideways')
  assert.deepEqual(await unlabelled(p), [])
  await shot(p, '42-reception-phone')
  assert.deepEqual(p.errors || [], [])
  await p.context().close()
})
