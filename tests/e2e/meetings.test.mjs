// The meeting pages (issue 12): the office prepares a standing committee session at a desk
// (the form, the calendar, agenda items by kind with a late work report flagged and one on
// time at the boundary, reordering); takes attendance at the door by tapping names on a
// tablet and watches the quorum banner turn at the server's quorum; votes a resolution
// through on an agenda item (members cast from phones), which then stands in the
// resolutions register; closes the session and prints its bulletin (A4 print CSS). A member
// on a 390 px phone sees a notified meeting in the bell and on /meetings/mine and reports
// leave. axe checks every page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, apiAs, horizontalOverflow, unlabelled, settled, PASSWORD } from './helpers.mjs'

const PHONE = { viewport: { width: 390, height: 844 }, mobile: true }
const TABLET = { viewport: { width: 1024, height: 768 }, mobile: true }
const PLACE = '县人大常委会第一会议室'
const REPORT = '关于全县义务教育均衡发展情况的报告'
const ONTIME = '关于县级预算执行情况的报告'
const DRAFT = '关于批准县城区污水管网改造项目的决议（草案）'

let server, browser, office, admin, me
let meetingId = null
let agenda = [] // the items as the server answers them
const voters = [] // {login, member_id} of the members present who will vote

const ok = async (p, what) => {
  const r = await p
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}
const pad = (n) => String(n).padStart(2, '0')
const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
const plus = (days) => { const d = new Date(); d.setHours(12); d.setDate(d.getDate() + days); return d }
const zh = (d) => `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`
// the session sits ten days from today: its work reports were due at the office 20 days
// before (today − 10), at the committee 10 days before (today), at the members 7 before
const STARTS = plus(10)

before(async () => {
  [server, browser] = await Promise.all([startServer('meetings'), launch()])
  office = await apiAs(server, 'office')
  admin = await apiAs(server, 'admin')
  me = (await office.get('/me')).body.user
})
after(async () => { await browser?.close(); await server?.stop() })

/** pick — open an Element Plus select inside the form item of this field and choose the option. */
async function pick(page, scope, field, text, typed) {
  const item = scope.locator(`[data-field=${field}]`)
  await item.locator('.el-select__wrapper').click()
  if (typed) await item.locator('input').fill(typed)
  await page.getByRole('option', { name: text, exact: true }).click()
}
async function dateIn(scope, field, d) {
  const input = scope.locator(`[data-field=${field}] input`)
  await input.fill(iso(d))
  await input.press('Enter')
}
/** upload — a file to a record as `who` (the attachments mechanism), through the API. */
async function upload(who, path, name, text) {
  const r = await fetch(`${server.url}/api/v1/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: who, password: PASSWORD }) })
  const cookie = r.headers.get('set-cookie').split(';')[0]
  const res = await fetch(`${server.url}/api/v1${path}/attachments?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'text/plain' }, body: text })
  const text2 = await res.text()
  assert.ok(res.status >= 200 && res.status < 300, `upload ${name}: ${res.status} ${text2}`)
  return JSON.parse(text2)
}
async function confirmBox(page, name) {
  await page.locator('.el-message-box').getByRole('button', { name }).click()
}

test('preparing a session: the form, the calendar, agenda items by kind, a late work report flagged', async () => {
  const desk = await newPage(browser, server)
  await login(desk, 'office')
  await desk.locator('[data-testid=menu] [data-key=meetings]').click()
  await desk.waitForURL(/\/c\/meetings$/)
  await settled(desk)
  await desk.getByTestId('new').click()
  await desk.waitForURL(/\/c\/meetings\/new$/)
  await pick(desk, desk, 'kind', '常委会会议')
  // a plenary's motion deadline is not asked of a committee session (the schema's `when`)
  assert.equal(await desk.locator('[data-field=motion_deadline]').count(), 0)
  await dateIn(desk, 'starts_on', STARTS)
  await desk.locator('[data-field=place] input').fill(PLACE)
  await desk.locator('[data-field=convener] input').fill('县人大常委会主任')
  assert.deepEqual(await unlabelled(desk), [])
  await desk.getByTestId('save').click()
  await desk.waitForURL(/\/c\/meetings\/\d+$/)
  meetingId = Number(desk.url().match(/\/c\/meetings\/(\d+)$/)[1])
  const rec = await ok(office.get(`/meetings/${meetingId}`), 'meeting')
  assert.equal(rec.state, 'planned')
  await desk.getByTestId('meeting-title').getByText(rec.title).waitFor()
  await desk.getByTestId('meeting-state').getByText('筹备中').waitFor()
  await desk.getByTestId('meeting-dates').getByText(zh(STARTS)).waitFor()
  // the buttons are the record's actions
  const shown = await desk.getByTestId('meeting-actions').locator('[data-action]').evaluateAll((bs) => bs.map((b) => b.dataset.action))
  assert.deepEqual(shown.sort(), rec.actions.filter((a) => ['notify', 'open', 'close', 'update', 'delete'].includes(a)).sort())

  // a work report sent to the office a day after its due day: flagged late
  const unit = (await ok(office.get('/units?per_page=5'), 'units')).items[0]
  await desk.getByTestId('agenda-add').click()
  const form = desk.getByTestId('agenda-form')
  await pick(desk, form, 'kind', '听取和审议专项工作报告')
  await form.locator('[data-field=title] input').fill(REPORT)
  await pick(desk, form, 'unit_id', unit.name, unit.name)
  assert.equal(await form.locator('[data-field=law]').count(), 0, 'a law study\'s law is not asked of a work report')
  await dateIn(form, 'to_office_on', plus(-9))
  await dateIn(form, 'to_committee_on', plus(0))
  await dateIn(form, 'to_members_on', plus(0))
  assert.deepEqual(await unlabelled(desk), [])
  await form.getByTestId('agenda-save').click()
  const late = desk.getByTestId('agenda').locator('li.item').filter({ hasText: REPORT })
  await late.getByTestId('late-flag').waitFor()
  await late.locator('[data-late=office]').waitFor()
  assert.equal(await late.locator('[data-late=committee], [data-late=members]').count(), 0, 'only the office\'s period was missed')
  // the report itself, uploaded to its item (the paperless documents)
  await late.getByTestId('file-input').setInputFiles({ name: '教育均衡发展情况报告.txt', mimeType: 'text/plain', buffer: Buffer.from('关于全县义务教育均衡发展情况的报告（全文）\n') })
  await late.getByRole('link', { name: '教育均衡发展情况报告.txt' }).waitFor()

  // one on the office's due day exactly (today − 10) is on time; a deliberation that adopts
  // a resolution; a law study — through the API
  await ok(office.post(`/meetings/${meetingId}/agenda`, { kind: 'work_report', title: ONTIME, unit_id: unit.id, to_office_on: iso(plus(-10)), to_committee_on: iso(plus(0)), to_members_on: iso(plus(3)) }), 'on-time report')
  await ok(office.post(`/meetings/${meetingId}/agenda`, { kind: 'law_study', title: '学习《中华人民共和国监督法》', law: '中华人民共和国各级人民代表大会常务委员会监督法' }), 'law study')
  // the draft to adopt, in the form: the deliberation's fields follow its kind
  await desk.getByTestId('agenda-add').click()
  await pick(desk, form, 'kind', '审议')
  assert.equal(await form.locator('[data-field=unit_id]').count(), 0, 'a deliberation has no reporting unit')
  await form.locator('[data-field=title] input').fill(DRAFT)
  await pick(desk, form, 'adopts', '决议')
  await form.getByTestId('agenda-save').click()
  const items = desk.getByTestId('agenda').locator('li.item')
  await items.filter({ hasText: DRAFT }).waitFor()
  await items.filter({ hasText: ONTIME }).waitFor()
  assert.equal(await items.filter({ hasText: ONTIME }).getByTestId('late-flag').count(), 0, 'a report on its due day is on time')

  // reorder: the draft (last) moves up one place
  agenda = (await ok(office.get(`/meetings/${meetingId}/agenda`), 'agenda')).items
  assert.equal(agenda.at(-1).title, DRAFT)
  await items.filter({ hasText: DRAFT }).getByTestId('item-up').click()
  await desk.waitForFunction((t) => {
    const li = [...document.querySelectorAll('[data-testid=agenda] li.item h3')].map((h) => h.textContent)
    return li.length >= 4 && li[li.length - 2].includes(t)
  }, DRAFT)
  agenda = (await ok(office.get(`/meetings/${meetingId}/agenda`), 'agenda')).items
  assert.equal(agenda.at(-2).title, DRAFT)
  assert.deepEqual(agenda.map((x) => x.position), agenda.map((_, i) => i + 1))
  await shot(desk, 'm1-meeting-agenda')

  // the calendar: the session on its day, in its kind's colour
  await desk.goto(`/c/meetings?view=calendar&year=${STARTS.getFullYear()}&month=${STARTS.getMonth() + 1}`)
  const chip = desk.getByTestId('cal-grid').locator(`[data-day="${iso(STARTS)}"] [data-meeting="${meetingId}"]`)
  await chip.waitFor()
  assert.equal(await chip.getAttribute('data-kind'), 'committee_session')
  await desk.getByTestId('cal-month').getByText(`${STARTS.getFullYear()}年${STARTS.getMonth() + 1}月`).waitFor()
  await shot(desk, 'm2-calendar')
  await chip.click()
  await desk.waitForURL(new RegExp(`/c/meetings/${meetingId}$`))
  await desk.close()
})

test('attendance at the door: names tapped on a tablet, the quorum banner turns at the quorum', async () => {
  assert.ok(meetingId, 'the session of the first test')
  const tab = await newPage(browser, server, TABLET)
  await login(tab, 'office')
  await tab.goto(`/c/meetings/${meetingId}`)
  // notify, then open, with the page's buttons
  await tab.getByTestId('meeting-actions').locator('[data-action=notify]').click()
  await confirmBox(tab, '发出会议通知')
  await tab.getByTestId('meeting-state').getByText('已通知').waitFor()
  await tab.getByTestId('meeting-actions').locator('[data-action=open]').click()
  await confirmBox(tab, '宣布开会')
  await tab.getByTestId('meeting-state').getByText('进行中').waitFor()

  const att = await ok(office.get(`/meetings/${meetingId}/attendance`), 'attendance')
  const q = att.quorum
  assert.ok(q > 1 && q <= att.electorate_size, `quorum ${q} of ${att.electorate_size}`)
  await tab.getByTestId('meeting-tabs').locator('[data-tab=attendance]').click()
  const banner = tab.getByTestId('quorum-banner')
  await banner.getByText('未达到法定人数').waitFor()
  const people = att.people
  const key = (p) => (p.member_id ? `m${p.member_id}` : `d${p.deputy_id}`)
  const tile = (p) => tab.getByTestId('att-people').locator(`[data-person="${key(p)}"]`)
  const box = await tile(people[0]).boundingBox()
  assert.ok(box.height >= 64 && box.width >= 120, `a name tile is ${box.width}×${box.height}`)

  // tap q − 1 names present: still no quorum
  for (const p of people.slice(0, q - 1)) {
    await tile(p).click()
    await tab.waitForFunction((k) => document.querySelector(`[data-person="${k}"]`)?.dataset.status === 'present', key(p))
  }
  await banner.getByText(`实到 ${q - 1} 人`).waitFor()
  assert.equal(await banner.getAttribute('data-has-quorum'), 'false')
  await banner.getByText(`还差 1 人`).waitFor()
  await shot(tab, 'm3-attendance-below')
  // one more: the quorum
  await tile(people[q - 1]).click()
  await banner.getByText('已达到法定人数').waitFor()
  await banner.getByText(`实到 ${q} 人`).waitFor()
  assert.equal(await banner.getAttribute('data-has-quorum'), 'true')
  // one on leave with a reason, one absent
  await tab.getByTestId('att-mode').locator('[data-mode=leave]').click()
  await tile(people[q]).click()
  await tab.getByTestId('leave-dialog').locator('#leave-reason').fill('出差在外')
  await tab.getByTestId('leave-send').click()
  await tile(people[q]).getByText('请假：出差在外').waitFor()
  await tab.getByTestId('att-mode').locator('[data-mode=absent]').click()
  await tile(people[q + 1]).click()
  await tab.waitForFunction((k) => document.querySelector(`[data-person="${k}"]`)?.dataset.status === 'absent', key(people[q + 1]))
  // an observer by name and unit
  await tab.getByTestId('observer-add').click()
  await tab.locator('#obs-name-0').fill('王建国')
  await tab.locator('#obs-unit-0').fill('县人民政府副县长')
  await tab.getByTestId('observers-save').click()
  await tab.getByText('列席人员已保存').waitFor()
  const after = await ok(office.get(`/meetings/${meetingId}/attendance`), 'attendance')
  assert.equal(after.present, q)
  assert.equal(after.leave, 1)
  assert.equal(after.absent, 1)
  assert.equal(after.has_quorum, true)
  assert.deepEqual(after.observers.map((o) => [o.name, o.unit]), [['王建国', '县人民政府副县长']])
  assert.ok(await horizontalOverflow(tab) <= 0, 'the attendance scrolls sideways on a tablet')
  await shot(tab, 'm4-attendance-quorum')

  // the members present get accounts to vote with (the demo's member account, if present, is one)
  const users = (await ok(admin.get('/users?per_page=500'), 'users')).items
  for (const p of people.slice(0, q)) {
    const u = users.find((x) => x.member_id === p.member_id)
    if (u) { voters.push({ login: u.login, member_id: p.member_id }); continue }
    const login = `mt${p.member_id}`
    await ok(admin.post('/users', { login, role: 'member', congress_id: me.congress_id, member_id: p.member_id, display_name: p.name, password: PASSWORD }), `account ${login}`)
    voters.push({ login, member_id: p.member_id })
  }
  await tab.close()
})

test('a resolution voted through on its agenda item: members cast from phones, the register shows it', async () => {
  assert.ok(voters.length, 'the attendance of the second test')
  const desk = await newPage(browser, server)
  await login(desk, 'office')
  await desk.goto(`/c/meetings/${meetingId}`)
  const item = desk.getByTestId('agenda').locator('li.item').filter({ hasText: DRAFT })
  await item.getByTestId('item-new-vote').click()
  const dlg = desk.getByTestId('new-vote-dialog')
  await dlg.locator('#nv-question').waitFor()
  assert.equal(await dlg.locator('#nv-question').inputValue(), DRAFT)
  await dlg.getByTestId('nv-mode').locator('[data-value=named]').click()
  await dlg.getByTestId('nv-rule').locator('[data-value=majority_of_all]').click()
  await dlg.getByTestId('new-vote-save').click()
  const panel = item.locator('[data-vote]')
  await panel.getByTestId('vote-state').getByText('未开始').waitFor()
  const voteId = Number(await panel.getAttribute('data-vote'))
  const draft = await ok(office.get(`/votes/${voteId}`), 'vote')
  assert.equal(draft.meeting_id, meetingId)
  assert.equal(draft.agenda_item_id, agenda.find((x) => x.title === DRAFT).id)
  // opened with the meeting's attendance: no one to tick
  assert.equal(await panel.locator('[data-present]').count(), 0)
  await panel.locator('[data-action=open]').click()
  await panel.getByTestId('vote-state').getByText('表决中').waitFor()
  const open = await ok(office.get(`/votes/${voteId}`), 'vote')
  assert.equal(open.present_count, voters.length)

  // two members on their phones, the others through the API: all yes
  const phones = voters.slice(0, 2)
  for (const v of phones) {
    const p = await newPage(browser, server, PHONE)
    await login(p, v.login)
    await p.goto(`/votes/${voteId}`)
    await p.getByTestId('ballot').locator('[data-choice=yes]').click()
    await p.getByTestId('current-choice').waitFor()
    assert.ok(await horizontalOverflow(p) <= 0, 'the ballot scrolls sideways at 390 px')
    await p.close()
  }
  for (const v of voters.slice(2)) {
    const api = await apiAs(server, v.login)
    await ok(api.post(`/votes/${voteId}/ballot`, { choice: 'yes' }), `ballot of ${v.login}`)
  }
  // the meeting's page follows the count live, then closes the vote
  await panel.getByTestId('vote-progress').getByText(`已表决 ${voters.length}`).waitFor()
  await panel.locator('[data-action=close]').click()
  await confirmBox(desk, '结束表决')
  await panel.getByTestId('outcome').getByText('通过').waitFor()
  // the item now links to the resolution it adopted
  await item.getByTestId('item-resolution').waitFor({ timeout: 15000 })
  const adopted = (await ok(office.get(`/meetings/${meetingId}/agenda`), 'agenda')).items.find((x) => x.title === DRAFT)
  assert.ok(adopted.resolution_id, 'the item names its resolution')
  await shot(desk, 'm5-voted')

  // the register (the generic collection pages), searched: the demo holds a term's hundred
  const res = await ok(office.get(`/resolutions/${adopted.resolution_id}`), 'resolution')
  await desk.goto(`/c/resolutions?q=${encodeURIComponent(res.title)}`)
  await settled(desk)
  assert.equal(res.origin, 'voted')
  assert.equal(res.vote_id, voteId)
  await desk.getByTestId('table').getByText(res.title).first().waitFor()
  await desk.close()
})

test('the bulletin: closed, its parts printed on A4, the xlsx downloaded', async () => {
  const desk = await newPage(browser, server)
  await login(desk, 'office')
  await desk.goto(`/c/meetings/${meetingId}`)
  await desk.getByTestId('meeting-actions').locator('[data-action=close]').click()
  await confirmBox(desk, '宣布闭会')
  await desk.getByTestId('meeting-state').getByText('已闭会').waitFor()
  // a closed meeting's attendance is fixed: no tapping
  await desk.getByTestId('meeting-tabs').locator('[data-tab=attendance]').click()
  await desk.getByText('签到已结束，不能再修改。').waitFor()
  assert.equal(await desk.getByTestId('att-people').locator('button:enabled').count(), 0)

  await desk.getByTestId('bulletin-link').click()
  await desk.waitForURL(new RegExp(`/meetings/${meetingId}/bulletin$`))
  const sheet = desk.getByTestId('bulletin')
  await sheet.waitFor()
  const b = await ok(office.get(`/meetings/${meetingId}/bulletin`), 'bulletin')
  await desk.getByTestId('bulletin-title').getByText(b.meeting.title).waitFor()
  for (const part of ['overview', 'agenda', 'attendance', 'votes', 'resolutions', 'law_studies', 'work_reports', 'opinions']) {
    assert.equal(await sheet.locator(`[data-part=${part}]`).count(), 1, `the bulletin prints its ${part}`)
  }
  await sheet.locator('[data-part=agenda]').getByText(REPORT).waitFor()
  await sheet.locator('[data-part=attendance]').getByText('符合法定人数').waitFor()
  await sheet.locator('[data-part=attendance]').getByText('王建国（县人民政府副县长）').waitFor()
  await sheet.locator('[data-part=votes]').getByText('通过', { exact: true }).waitFor()
  await sheet.locator('[data-part=resolutions]').getByText(b.resolutions[0].title).waitFor()
  await sheet.locator('[data-part=work_reports]').getByText('（迟报）').waitFor()
  await shot(desk, 'm6-bulletin')

  // on paper: A4, no toolbar
  const pageRule = await desk.evaluate(() => {
    for (const s of document.styleSheets) {
      let rules
      try { rules = s.cssRules } catch { continue }
      for (const r of rules) if (r instanceof CSSPageRule && /A4/i.test(r.style.getPropertyValue('size'))) return r.style.getPropertyValue('size')
    }
    return ''
  })
  assert.match(pageRule, /A4/i)
  const ground = () => desk.locator('.bulletin-page').evaluate((el) => getComputedStyle(el).backgroundColor)
  assert.notEqual(await ground(), 'rgb(255, 255, 255)', 'on screen the sheet lies on a grey ground')
  await desk.emulateMedia({ media: 'print' })
  assert.equal(await desk.locator('.toolbar').evaluate((el) => getComputedStyle(el).display), 'none')
  assert.equal(await ground(), 'rgb(255, 255, 255)', 'on paper no grey ground')
  const pdf = await desk.pdf({ preferCSSPageSize: true })
  assert.ok(pdf.length > 1000, 'the bulletin prints')
  await desk.emulateMedia({ media: 'screen' })

  // the xlsx of the same parts
  const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByTestId('bulletin-xlsx').click()])
  const path = await download.path()
  const { readFileSync } = await import('node:fs')
  assert.equal(readFileSync(path).subarray(0, 2).toString(), 'PK', 'an xlsx is a zip')
  await desk.close()
})

test('a member on a 390 px phone: the bell counts a notified meeting, leave reported before it', async () => {
  // a session notified, with an agenda
  const m = await ok(office.post('/meetings', { kind: 'committee_session', starts_on: iso(plus(12)), place: PLACE }), 'meeting')
  const study = await ok(office.post(`/meetings/${m.id}/agenda`, { kind: 'law_study', title: '学习《中华人民共和国预算法》', law: '中华人民共和国预算法' }), 'item')
  await upload('office', `/agenda_items/${study.id}`, '预算法学习资料.txt', '《中华人民共和国预算法》学习资料\n')
  await ok(office.post(`/meetings/${m.id}/notify`, {}), 'notify')
  const mine = await apiAs(server, 'member')
  const before = await ok(mine.get('/meetings/mine'), 'mine')
  const it = before.items.find((x) => x.id === m.id)
  assert.ok(it && it.my_status === null, 'the member has the notice, unanswered')

  const phone = await newPage(browser, server, PHONE)
  await login(phone, 'member')
  const bell = phone.getByTestId('bell-count')
  await bell.waitFor()
  const count = Number(await bell.textContent())
  assert.ok(count >= before.unanswered, `the bell counts ${count}, the server ${before.unanswered} unanswered`)
  await phone.getByTestId('my-meetings-due').getByText(`${before.unanswered} 个会议通知待回复`).waitFor()
  await phone.getByTestId('my-meetings-link').click()
  await phone.waitForURL(/\/meetings\/mine$/)
  const card = phone.getByTestId('my-meetings').locator(`[data-meeting="${m.id}"]`)
  await card.getByText(PLACE).waitFor()
  await card.getByText(zh(plus(12))).waitFor()
  await card.getByText('学习《中华人民共和国预算法》').waitFor()
  await card.getByTestId('my-status').getByText('未回复').waitFor()
  // the item's document, read on the phone; a member adds none
  await card.getByRole('link', { name: '预算法学习资料.txt' }).waitFor()
  assert.equal(await card.getByTestId('file-input').count(), 0)
  assert.ok(await horizontalOverflow(phone) <= 0, '/meetings/mine scrolls sideways at 390 px')
  await card.getByTestId('leave-open').click()
  await card.getByTestId('leave-reason').fill('参加市里培训')
  assert.deepEqual(await unlabelled(phone), [])
  await card.getByTestId('leave-send').click()
  await card.getByTestId('my-status').getByText('请假').waitFor()
  await shot(phone, 'm7-my-meetings')
  const att = await ok(office.get(`/meetings/${m.id}/attendance`), 'attendance')
  const row = att.people.find((p) => p.status === 'leave')
  assert.equal(row?.reason, '参加市里培训')
  // answered: the bell counts one fewer
  await phone.waitForFunction((n) => Number(document.querySelector('[data-testid=bell-count]')?.textContent || 0) === n, count - 1)
  await phone.close()
})

test('the office\'s home page shows the two-month warning the server gives', async () => {
  const w = await ok(office.get('/meetings/warnings'), 'warnings')
  const desk = await newPage(browser, server)
  await login(desk, 'office')
  await settled(desk)
  if (w.items.length) {
    await desk.getByTestId('meeting-warnings').getByText(w.items[0].message_zh || w.items[0].message).waitFor()
  }
  assert.equal(await desk.getByTestId('meeting-warnings').locator('.el-alert').count(), w.items.length)
  await desk.close()
})
