// A unit replies with its stamped letter (docs/attachments.md): no reply class is
// chosen for it, sending without one is an error at that field, the dialog shows what
// will be sent (class, text, the letter) before it is sent, and the reply then carries
// the letter, which downloads with its Chinese name. A deputy on a 390 px phone reads
// the reply before the rating form, and an empty rating is an error at its field. The
// office adds a photo from the files panel (shown small), and a program named as a
// picture is refused with the server's reason.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, apiAs, horizontalOverflow, unlabelled, settled } from './helpers.mjs'

let server, browser, office, unitApi, depApi
before(async () => {
  [server, browser] = await Promise.all([startServer('attachments'), launch()])
  ;[office, unitApi, depApi] = await Promise.all([apiAs(server, 'office'), apiAs(server, 'unit'), apiAs(server, 'deputy')])
})
after(async () => { await browser?.close(); await server?.stop() })

const PHONE = { viewport: { width: 390, height: 844 }, mobile: true }
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
const TITLE = '关于加装老旧小区电梯的建议'
const LETTER = '常山县住建局答复函（盖章）.pdf'
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
const REPLY = '经研究，已将天马街道三个小区列入今年加装电梯计划，年底前完工。'

async function ok(call, what) {
  const r = await call
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

let caseId
test('a unit replies with its stamped letter after checking what will be sent', async () => {
  const me = (await ok(depApi.get('/me'), 'me')).user.deputy_id
  const unitId = (await ok(unitApi.get('/me'), 'unit me')).user.unit_id
  const c = await ok(office.post('/proposals', { kind: 'suggestion', title: TITLE, lead_deputy_id: me, body: `${TITLE}。具体情况见正文。` }), 'create')
  caseId = c.id
  for (const [a, b] of [['submit'], ['accept'], ['assign', { units: [{ unit_id: unitId, role: 'lead' }], assigned_on: today(), difficult: false }]]) {
    await ok(office.post(`/proposals/${c.id}/${a}`, b || {}), a)
  }

  const page = await newPage(browser, server)
  await login(page, 'unit')
  await page.goto(`/proposals/${c.id}`)
  await settled(page)
  await page.getByTestId('act-reply').click()
  const dlg = page.getByRole('dialog', { name: '答复' })
  await dlg.getByTestId('field-class').waitFor()
  // no class is chosen for the unit
  assert.equal(await dlg.locator('[data-testid^="class-"].is-checked').count(), 0, 'a reply class is preselected')
  await dlg.locator('#act-text').fill(REPLY)
  await dlg.getByTestId('dialog-file').setInputFiles({ name: LETTER, mimeType: 'application/pdf', buffer: PDF })
  await dlg.getByTestId('dialog-files').getByText(LETTER).waitFor()
  assert.deepEqual(await unlabelled(page), [], 'reply dialog')

  // sent without a class: the server says so, at the class
  await dlg.getByTestId('dialog-ok').click()
  await dlg.getByTestId('dialog-summary').waitFor()
  await dlg.getByTestId('dialog-ok').click()
  await dlg.getByTestId('field-class').locator('.el-form-item__error').waitFor()
  assert.equal(await page.getByTestId('reply').count(), 0, 'a reply without a class was sent')

  // chosen: the review step shows the class, the text and the letter before sending
  await dlg.getByTestId('class-A').click()
  await dlg.getByTestId('dialog-ok').click()
  const summary = dlg.getByTestId('dialog-summary')
  await summary.getByTestId('summary-class').getByText('A 类').waitFor()
  await summary.getByTestId('summary-text').getByText(REPLY).waitFor()
  await summary.getByTestId('summary-files').getByText(LETTER).waitFor()
  await shot(page, '90-unit-reply-review')
  await dlg.getByTestId('dialog-ok').click()

  const reply = page.getByTestId('reply')
  await reply.getByText('A 类').waitFor()
  const link = reply.getByTestId('reply-files').getByRole('link', { name: LETTER })
  await link.waitFor()
  const r = await page.request.get(await link.getAttribute('href'))
  assert.equal(r.status(), 200)
  assert.equal(r.headers()['content-type'], 'application/pdf')
  assert.match(r.headers()['content-disposition'], new RegExp(`filename\\*=UTF-8''${encodeURIComponent(LETTER).replace(/[()]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`)}`))
  assert.deepEqual(Buffer.from(await r.body()), PDF)
  await page.context().close()
})

test('a deputy on a phone reads the reply, its letter, then rates it', async () => {
  assert.ok(caseId, 'the reply test ran first')
  const page = await newPage(browser, server, PHONE)
  await login(page, 'deputy')
  await page.goto(`/proposals/${caseId}`)
  await settled(page)
  const reply = page.getByTestId('reply')
  await reply.getByText(REPLY).waitFor()
  await reply.getByTestId('reply-files').getByRole('link', { name: LETTER }).waitFor()
  const form = page.getByTestId('feedback-form')
  await form.waitFor()
  const [r, f] = [await reply.boundingBox(), await form.boundingBox()]
  assert.ok(r.y + r.height <= f.y, `the rating form (y ${f.y}) comes before the end of the reply (y ${r.y + r.height})`)
  assert.ok(await horizontalOverflow(page) <= 0, 'the case page overflows at 390 px')
  // rating nothing is an error at the rating
  await page.getByTestId('send-feedback').click()
  await form.getByTestId('field-rating').locator('.el-form-item__error').waitFor()
  await shot(page, '91-phone-deputy-rates-after-reading')
  await page.getByTestId('rating-satisfied').click()
  await page.getByTestId('send-feedback').click()
  await page.getByTestId('feedback').getByText('满意').first().waitFor()
  await page.context().close()
})

test('the office adds a photo from the files panel; it is shown small beside its name', async () => {
  assert.ok(caseId, 'the reply test ran first')
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
  const page = await newPage(browser, server)
  await login(page, 'office')
  await page.goto(`/proposals/${caseId}`)
  await settled(page)
  const panel = page.getByTestId('case-files')
  await panel.getByTestId('page-file').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG })
  await panel.getByRole('link', { name: '现场照片.png' }).first().waitFor()
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=case-files] .thumb img')].some((i) => i.complete && i.naturalWidth > 0))
  // a program named as a picture is refused, and the page says why
  await panel.getByTestId('page-file').setInputFiles({ name: '照片.png', mimeType: 'image/png', buffer: Buffer.from('#!/bin/sh\necho hi\n') })
  await panel.getByTestId('files-error').waitFor()
  assert.match(await panel.getByTestId('files-error').innerText(), /text\/x-shellscript|不接受/)
  await page.context().close()
})
