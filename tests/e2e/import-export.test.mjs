// Import (all or nothing: a bad file lists every bad row and writes nothing) and export
// (the xlsx of the current filter downloads and parses; CSV too).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { startServer, launch, newPage, login, shot, apiAs } from './helpers.mjs'
import { writeXlsx, readXlsx } from './xlsx.mjs'

let server, browser, page, api
before(async () => {
  [server, browser] = await Promise.all([startServer('import'), launch()])
  api = await apiAs(server, 'office')
  page = await newPage(browser, server)
  await login(page, 'office')
})
after(async () => { await browser?.close(); await server?.stop() })

const unitsTotal = async () => (await api.get('/units?per_page=1')).body.total
const totalIs = (n) => page.getByTestId('total').getByText(`共 ${n} 条`, { exact: true }).waitFor()

async function importFile(name, buffer, mimeType) {
  await page.getByTestId('import').click()
  const dialog = page.getByRole('dialog', { name: /导入承办单位/ })
  await dialog.waitFor()
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/v1/units/import')),
    page.getByTestId('import-file').setInputFiles({ name, mimeType, buffer }),
  ])
  return { dialog, res }
}

test('import a good xlsx: the rows are added and the list shows them', async () => {
  const n0 = await unitsTotal()
  await page.goto('/c/units')
  await totalIs(n0)
  const file = writeXlsx([
    ['名称', '类别', '联系人', '联系电话'],
    ['测试导入甲局', '政府部门', '周敏', '0570-5011111'],
    ['测试导入乙局', 'department', '', ''],
    ['测试导入丙中心', '其他', '王立', ''],
  ])
  const { dialog, res } = await importFile('units.xlsx', file, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  assert.equal(res.status(), 200, await res.text())
  await dialog.getByText('导入成功：新增 3 条记录').waitFor()
  await shot(page, '20-import-ok')
  await dialog.locator('.el-dialog__footer').getByRole('button', { name: '关闭' }).click()
  await totalIs(n0 + 3)
  assert.equal(await unitsTotal(), n0 + 3)
  const r = await api.get(`/units?q=${encodeURIComponent('测试导入甲局')}`)
  assert.equal(r.body.items[0].kind, 'department')
})

test('import a bad xlsx: every bad row is listed and nothing is written', async () => {
  const n0 = await unitsTotal()
  await page.goto('/c/units')
  await totalIs(n0)
  const file = writeXlsx([
    ['名称', '类别', '联系人'],
    ['县新设甲局', '政府部门', '甲'],
    ['县新设乙局', '不存在的类别', '乙'],
    ['', 'department', '丙'],
    ['县新设丁局', 'court', '丁'],
  ])
  const { dialog, res } = await importFile('bad-units.xlsx', file, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  assert.equal(res.status(), 422)
  const rows = (await res.json()).error.rows
  assert.ok(rows.length >= 2)
  await dialog.getByText(`导入失败：文件中有 ${rows.length} 处错误，没有写入任何记录`).waitFor()
  const table = dialog.getByTestId('import-errors')
  for (const r of rows) {
    // each row's problem in Chinese when the server words it so (src/base/msg_zh.c)
    const line = table.locator('tr', { hasText: r.message_zh || r.message }).filter({ has: page.getByRole('cell', { name: String(r.row), exact: true }) })
    await line.first().waitFor()
  }
  // the field is named by its label: 类别 (kind) and 名称 (name)
  await table.getByRole('cell', { name: '类别', exact: true }).first().waitFor()
  await table.getByRole('cell', { name: '名称', exact: true }).first().waitFor()
  await table.getByText(/只能是以下之一：人民政府、/).first().waitFor()
  await shot(page, '21-import-bad')
  await dialog.locator('.el-dialog__footer').getByRole('button', { name: '关闭' }).click()
  assert.equal(await unitsTotal(), n0)
  assert.equal((await api.get(`/units?q=${encodeURIComponent('县新设甲局')}`)).body.total, 0)
})

test('a bad CSV is refused the same way', async () => {
  const n0 = await unitsTotal()
  await page.goto('/c/units')
  const csv = Buffer.from('\ufeff名称,类别\n县新设戊局,nonsense\n', 'utf8')
  const { dialog, res } = await importFile('bad.csv', csv, 'text/csv')
  assert.equal(res.status(), 422)
  await dialog.getByText('没有写入任何记录').first().waitFor()
  await dialog.locator('.el-dialog__footer').getByRole('button', { name: '关闭' }).click()
  assert.equal(await unitsTotal(), n0)
})

test('export the current filter as xlsx and CSV', async () => {
  await page.goto('/c/units?kind=township')
  const expected = (await api.get('/units?kind=township&per_page=1')).body.total
  await totalIs(expected)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()])
  const path = await download.path()
  const rows = readXlsx(readFileSync(path))
  assert.ok(rows[0].includes('名称') && rows[0].includes('类别'), `header: ${rows[0]}`)
  assert.equal(rows.length - 1, expected)
  const kindCol = rows[0].indexOf('类别')
  for (const r of rows.slice(1)) assert.equal(r[kindCol], '乡镇（街道）')
  assert.match(download.suggestedFilename(), /\.xlsx$/)

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
  const text = readFileSync(await csvDownload.path(), 'utf8').replace(/^\ufeff/, '')
  const lines = text.trim().split(/\r?\n/)
  assert.equal(lines.length - 1, expected)
  assert.match(lines[0], /名称/)
})
