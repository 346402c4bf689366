// The vote engine's pages (issue 11): the office creates and opens a secret committee vote
// at a desk; members vote on 375 px phones (the confirmation, the receipt); the chair's
// projector shows the count rising live from the vote's event stream and, on closing, the
// result with a chart; a named vote cast again; a paper vote's counts refused at the figure
// the server names, then confirmed by a second staff account; a candidates ballot whose
// counter warns when more yes are marked than there are places. axe checks every page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, newPage, login, shot, apiAs, horizontalOverflow, unlabelled, PASSWORD } from './helpers.mjs'

const PHONE = { viewport: { width: 375, height: 740 }, mobile: true }
const MEMBERS = ['member1', 'member2', 'member3']

let server, browser, office, admin
const ok = async (p, what) => {
  const r = await p
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

// accounts for three committee members (the demo's member1…, else made here for members of
// the term of the demo's member account, other than that account's own) and a second staff
// account
async function accounts() {
  const me = (await office.get('/me')).body.user
  const users = (await ok(admin.get('/users?per_page=500'), 'users')).items
  const have = new Set(users.map((u) => u.login))
  const missing = MEMBERS.filter((l) => !have.has(l))
  if (missing.length) {
    const taken = new Set(users.map((u) => u.member_id).filter(Boolean))
    const own = users.find((u) => u.role === 'member' && u.member_id)
    const term = (await ok(office.get(`/members/${own.member_id}`), 'member')).term_id
    const members = (await ok(office.get(`/members?term_id=${term}&per_page=100`), 'members')).items.filter((m) => !taken.has(m.id))
    for (const [i, login] of missing.entries()) {
      const m = members[i]
      await ok(admin.post('/users', { login, role: 'member', congress_id: me.congress_id, member_id: m.id, display_name: m.person_name || login, password: PASSWORD }), `account ${login}`)
    }
  }
  if (!have.has('office2')) {
    await ok(admin.post('/users', { login: 'office2', role: 'staff', congress_id: me.congress_id, display_name: '县人大常委会办公室（复核）', password: PASSWORD }), 'office2')
  }
}

before(async () => {
  [server, browser] = await Promise.all([startServer('votes'), launch()])
  office = await apiAs(server, 'office')
  admin = await apiAs(server, 'admin')
  await accounts()
})
after(async () => { await browser?.close(); await server?.stop() })

/** a vote made and opened through the API, everyone in its electorate present */
async function openVote(body) {
  const v = await ok(office.post('/votes', { method: 'electronic', rule: 'majority_of_all', electorate: 'committee', ...body }), 'create')
  const rec = await ok(office.get(`/votes/${v.id}`), 'read')
  const present = (rec.voters || []).map((x) => x.id)
  return ok(office.post(`/votes/${v.id}/open`, present.length ? { present } : {}), 'open')
}

async function phone(who) {
  const page = await newPage(browser, server, PHONE)
  await login(page, who)
  return page
}

test('a secret committee vote: created and opened at a desk, cast on phones, counted live on the projector, checked by receipt', async () => {
  const question = '关于批准本县2026年财政预算调整方案的决议（草案）'
  // the office creates it in the form
  const desk = await newPage(browser, server)
  await login(desk, 'office')
  await desk.locator('[data-testid=menu] [data-key=votes]').click()
  await desk.waitForURL(/\/votes$/)
  await desk.getByTestId('new-vote').click()
  await desk.waitForURL(/\/votes\/new$/)
  await desk.getByLabel('表决事项').fill(question)
  await desk.getByTestId('vote-mode').locator('[data-value=secret]').click()
  await desk.getByTestId('vote-method').locator('[data-value=electronic]').click()
  await desk.getByTestId('vote-rule').locator('[data-value=majority_of_all]').click()
  await desk.getByTestId('vote-electorate').locator('[data-value=committee]').click()
  assert.deepEqual(await unlabelled(desk), [])
  await desk.getByTestId('save').click()
  await desk.waitForURL(/\/votes\/\d+$/)
  const id = desk.url().match(/\/votes\/(\d+)$/)[1]
  await desk.getByTestId('vote-question').getByText(question).waitFor()
  await desk.getByTestId('vote-state').getByText('未开始').waitFor()
  // the electorate, everyone ticked present; the record's actions are the buttons
  const draft = (await office.get(`/votes/${id}`)).body
  const buttons = await desk.getByTestId('staff-actions').locator('[data-action]').evaluateAll((bs) => bs.map((b) => b.dataset.action))
  assert.deepEqual(buttons.sort(), draft.actions.filter((a) => a !== 'ballot').sort())
  const boxes = desk.getByTestId('electorate').locator('[data-present]')
  assert.equal(await boxes.count(), draft.voters.length)
  await shot(desk, 'v1-vote-draft')

  // the projector, opened before the vote is
  const screen = await newPage(browser, server, { viewport: { width: 1280, height: 720 } })
  await login(screen, 'office')
  await screen.goto(`/votes/${id}/screen`)
  await screen.getByTestId('screen-question').getByText(question).waitFor()
  await screen.getByTestId('screen-state').getByText('未开始').waitFor()
  assert.equal(await screen.locator('[data-testid=menu]').count(), 0) // no app chrome
  // from here on the projector cannot read the vote again: what it shows comes down the
  // vote's event stream
  let rereads = 0
  await screen.route(new RegExp(`/api/v1/votes/${id}$`), (r) => { rereads++; return r.abort() })

  // nobody present: below quorum, refused at the electorate
  await desk.getByTestId('electorate').getByRole('button', { name: '全部取消' }).click()
  await desk.locator('[data-action=open]').getByText('出席 0 人').waitFor()
  await desk.locator('[data-action=open]').click()
  await desk.getByTestId('present-error').waitFor()
  assert.equal((await office.get(`/votes/${id}`)).body.state, 'draft')
  await desk.getByTestId('electorate').getByRole('button', { name: '全部出席' }).click()
  await desk.locator('[data-action=open]').click()
  await desk.getByTestId('vote-state').getByText('表决中').waitFor()
  assert.equal(await desk.getByTestId('present-error').count(), 0)
  // the projector learns it from the stream: no reload
  await screen.evaluate(() => { window.__same = true })
  await screen.getByTestId('screen-state').getByText('表决中').waitFor()
  await screen.getByTestId('screen-voted').getByText('0', { exact: true }).waitFor()
  const open = (await office.get(`/votes/${id}`)).body
  await screen.getByTestId('screen-count').getByText(`应到 ${open.electorate_size} · 实到 ${open.present_count}`).waitFor()

  // member1 on a phone: from the list to the ballot, the confirmation, the receipt
  const m1 = await phone('member1')
  await m1.getByRole('button', { name: '打开菜单' }).click()
  await m1.getByRole('dialog', { name: '主菜单' }).locator('[data-key=votes]').click()
  await m1.waitForURL(/\/votes$/)
  const card = m1.getByTestId('vote-cards').locator(`[data-vote="${id}"]`)
  await card.getByText('待投票').waitFor()
  await card.click()
  await m1.waitForURL(new RegExp(`/votes/${id}$`))
  const yes = m1.getByTestId('ballot').locator('[data-choice=yes]')
  await yes.getByText('赞成').waitFor()
  for (const o of ['no', 'abstain']) await m1.getByTestId('ballot').locator(`[data-choice=${o}]`).waitFor()
  const box = await yes.boundingBox()
  assert.ok(box.height >= 56 && box.width >= 300, `the yes button is ${box.width}×${box.height}`)
  assert.ok(await horizontalOverflow(m1) <= 0, 'the ballot scrolls sideways at 375 px')
  await yes.click()
  const dlg = m1.getByRole('dialog', { name: '确认投票' })
  await dlg.getByText('投出后不能更改').waitFor()
  assert.equal((await dlg.getByTestId('confirm-choice').textContent()).trim(), '赞成')
  await shot(m1, 'v2-ballot-confirm-phone')
  // going back sends nothing
  await dlg.getByRole('button', { name: '返回修改' }).click()
  await dlg.waitFor({ state: 'hidden' })
  assert.equal((await office.get(`/votes/${id}`)).body.voted_count, 0)
  await yes.click()
  await dlg.getByTestId('confirm-send').click()
  const code = (await m1.getByTestId('receipt-code').textContent()).trim()
  assert.ok(code.length >= 6, `receipt ${code}`)
  await m1.getByTestId('receipt').getByText('表决结束后').waitFor()
  assert.equal(await m1.getByTestId('ballot').locator('[data-choice]').count(), 0) // a secret ballot is final
  assert.ok(await horizontalOverflow(m1) <= 0, 'the receipt scrolls sideways at 375 px')
  await shot(m1, 'v3-ballot-receipt-phone')
  await screen.getByTestId('screen-voted').getByText('1', { exact: true }).waitFor()

  // two more members, each on a phone
  for (const [who, choice] of [['member2', 'yes'], ['member3', 'no']]) {
    const p = await phone(who)
    await p.goto(`/votes/${id}`)
    await p.getByTestId('ballot').locator(`[data-choice=${choice}]`).click()
    await p.getByRole('dialog', { name: '确认投票' }).getByTestId('confirm-send').click()
    await p.getByTestId('receipt-code').waitFor()
    // a second look: voted, no buttons
    await p.reload()
    await p.getByTestId('ballot-voted').waitFor()
    assert.equal(await p.getByTestId('ballot').locator('[data-choice]').count(), 0)
    await p.context().close()
  }
  await screen.getByTestId('screen-voted').getByText('3', { exact: true }).waitFor()
  await desk.getByTestId('vote-progress').getByText(/已表决 3 \//).waitFor()
  await shot(screen, 'v4-screen-open')

  // closing: the desk asks first; the projector shows the result with its chart
  await desk.locator('[data-action=close]').click()
  await desk.getByRole('dialog').getByRole('button', { name: '结束表决' }).click()
  await desk.getByTestId('vote-state').getByText('已结束').waitFor()
  const closed = (await office.get(`/votes/${id}`)).body
  assert.equal(closed.state, 'closed')
  const words = { adopted: '通过', rejected: '未通过' }[closed.result.outcome]
  await screen.getByTestId('screen-state').getByText('已结束').waitFor()
  await screen.getByTestId('outcome').getByText(words, { exact: true }).waitFor()
  await screen.locator('.echart svg').first().waitFor()
  assert.equal(await screen.getByTestId('result-counts').locator('[data-option=yes] td').textContent(), String(closed.result.counts.yes))
  assert.equal(await screen.getByTestId('result-counts').locator('[data-option=no] td').textContent(), String(closed.result.counts.no))
  assert.ok(await screen.evaluate(() => window.__same === true), 'the projector reloaded instead of following the stream')
  assert.ok(rereads >= 1, 'the projector never tried to read the vote again') // the route did block something
  await shot(screen, 'v5-screen-result')
  await desk.getByTestId('result').getByTestId('outcome').getByText(words, { exact: true }).waitFor()
  await screen.context().close()
  await desk.context().close()

  // the voter checks their receipt on the published list
  await m1.reload()
  await m1.getByTestId('receipts-link').click()
  await m1.waitForURL(new RegExp(`/votes/${id}/receipts$`))
  await m1.getByTestId('receipt-list').getByText(code).waitFor()
  assert.equal(await m1.getByTestId('ballot-list').locator('li').count(), 3)
  await m1.getByLabel('输入您的回执码').fill('NOT-A-CODE')
  await m1.getByTestId('check-receipt').click()
  await m1.getByTestId('receipt-missing').waitFor()
  await m1.getByLabel('输入您的回执码').fill(code.toLowerCase())
  await m1.getByTestId('check-receipt').click()
  await m1.getByTestId('receipt-found').waitFor()
  assert.ok(await horizontalOverflow(m1) <= 0, 'the receipts page scrolls sideways at 375 px')
  await shot(m1, 'v6-receipts-phone')
  await m1.context().close()
})

test('a named vote: the current choice is shown and changed until the vote closes; the result lists each voter', async () => {
  const v = await openVote({ question: '关于召开县第十七届人民代表大会第六次会议的决定（草案）', mode: 'named' })
  const m = await phone('member1')
  // the event stream cut off: the page says so and follows the vote by reading it again
  await m.route('**/api/v1/votes/*/events', (r) => r.abort())
  await m.goto(`/votes/${v.id}`)
  const ballot = m.getByTestId('ballot')
  await ballot.getByText('点击按钮即投出').waitFor()
  await m.getByTestId('vote-progress').getByText('实时连接已断开').waitFor()
  await ballot.locator('[data-choice=yes]').click()
  await ballot.getByTestId('current-choice').getByText('赞成').waitFor()
  assert.equal(await m.getByRole('dialog', { name: '确认投票' }).count(), 0) // named: no confirmation step
  assert.equal(await ballot.locator('[data-choice=yes]').getAttribute('aria-pressed'), 'true')
  await ballot.locator('[data-choice=abstain]').click()
  await ballot.getByTestId('current-choice').getByText('弃权').waitFor()
  assert.equal(await ballot.locator('[data-choice=abstain]').getAttribute('aria-pressed'), 'true')
  assert.equal(await ballot.locator('[data-choice=yes]').getAttribute('aria-pressed'), 'false')
  await shot(m, 'v7-named-recast-phone')
  assert.equal((await office.get(`/votes/${v.id}`)).body.voted_count, 1) // recast, not a second ballot
  await ok(office.post(`/votes/${v.id}/close`, {}), 'close')
  // the page follows the close; the result names each voter's choice
  const row = m.getByTestId('named-ballots').locator('tr', { hasText: '弃权' })
  await row.waitFor()
  const me = (await (await apiAs(server, 'member1')).get(`/votes/${v.id}`)).body
  assert.equal(me.me.choice, 'abstain')
  assert.equal(await ballot.locator('[data-choice]').count(), 0)
  assert.ok(await horizontalOverflow(m) <= 0)
  // in English: the app's words and the schema's
  await m.evaluate(() => localStorage.setItem('renda.lang', 'en'))
  await m.reload()
  await m.getByTestId('named-ballots').getByRole('heading', { name: 'How each voted' }).waitFor()
  await m.getByTestId('named-ballots').locator('tr', { hasText: 'Abstain' }).waitFor()
  await m.getByTestId('vote-state').getByText('Closed').waitFor()
  await m.context().close()
})

test('a paper vote: counts refused at the figure the server names, then confirmed by a second staff account', async () => {
  const v = await openVote({ question: '关于县城区污水处理厂提标改造项目的决定（草案）', mode: 'secret', method: 'paper' })
  const desk = await newPage(browser, server)
  await login(desk, 'office')
  await desk.goto(`/votes/${v.id}`)
  const form = desk.getByTestId('paper-form')
  const fill = async (id, n) => { const i = desk.locator(`#${id}`); await i.fill(String(n)); await i.blur() }
  const P = v.present_count
  // more returned than issued: at "returned"
  await fill('paper-issued-input', P)
  await fill('paper-returned-input', P + 1)
  await form.getByTestId('paper-save').click()
  await form.getByTestId('paper-returned').locator('.field-error').waitFor()
  assert.equal(await form.getByTestId('paper-issued').locator('.field-error').count(), 0)
  await form.getByTestId('paper-error').waitFor()
  await shot(desk, 'v8-paper-refused')
  // counts that do not add up to the valid ballots: at the counts
  await fill('paper-returned-input', P)
  await fill('paper-invalid-input', 1)
  await fill('paper-count-yes', P - 2)
  await fill('paper-count-no', 0)
  await fill('paper-count-abstain', 0)
  await form.getByTestId('paper-save').click()
  await form.getByTestId('paper-counts-error').waitFor()
  assert.equal(await form.getByTestId('paper-returned').locator('.field-error').count(), 0)
  // right: saved; the one who entered them may not confirm them
  await fill('paper-count-no', 1)
  await form.getByTestId('paper-save').click()
  await desk.getByTestId('paper-status').getByText('尚未确认').waitFor()
  const entered = (await office.get(`/votes/${v.id}`)).body
  assert.ok(!entered.actions.includes('confirm'), JSON.stringify(entered.actions))
  assert.equal(await desk.locator('[data-action=confirm]').count(), 0)
  await desk.context().close()

  const second = await newPage(browser, server)
  await login(second, 'office2')
  await second.goto(`/votes/${v.id}`)
  await second.locator('[data-action=confirm]').click()
  await second.getByRole('dialog').getByRole('button', { name: '核对无误，确认计票' }).click()
  await second.getByTestId('paper-confirmed').waitFor()
  await second.locator('[data-action=close]').click()
  await second.getByRole('dialog').getByRole('button', { name: '结束表决' }).click()
  await second.getByTestId('vote-state').getByText('已结束').waitFor()
  const closed = (await office.get(`/votes/${v.id}`)).body
  assert.equal(closed.result.counts.yes, P - 2)
  assert.equal(closed.result.invalid, 1)
  await second.getByTestId('result-counts').locator('[data-option=yes] td').getByText(String(P - 2), { exact: true }).waitFor()
  await second.getByTestId('fig-invalid').getByText('1', { exact: true }).waitFor()
  await second.locator('.echart svg').first().waitFor()
  await shot(second, 'v9-paper-result')
  // annulled afterwards: a reason is required, then the vote says why
  await second.locator('[data-action=annul]').click()
  const annul = second.getByRole('dialog', { name: '作废' })
  await annul.getByTestId('annul-send').click()
  await annul.locator('.field-error').waitFor()
  await annul.getByLabel('作废原因').fill('计票人员发现选票箱封条破损')
  await annul.getByTestId('annul-send').click()
  await second.getByTestId('vote-state').getByText('已作废').waitFor()
  await second.getByTestId('annulled').getByText('计票人员发现选票箱封条破损').waitFor()
  await second.getByRole('heading', { name: /已作废/ }).waitFor() // the result kept, marked void
  assert.equal((await office.get(`/votes/${v.id}`)).body.state, 'annulled')
  await second.context().close()
})

test('a candidates ballot: the form takes candidates and places; the counter warns when more yes than places', async () => {
  const desk = await newPage(browser, server)
  await login(desk, 'office')
  await desk.goto('/votes/new')
  await desk.getByLabel('表决事项').fill('选举县人大常委会委员（差额）')
  await desk.getByTestId('vote-mode').locator('[data-value=secret]').click()
  await desk.getByTestId('vote-rule').locator('[data-value=top_n_above_half]').click()
  await desk.getByTestId('vote-electorate').locator('[data-value=committee]').click()
  const names = ['周建国', '吴晓梅', '郑海峰']
  await desk.locator('#vote-cand-0').fill(names[0])
  await desk.locator('#vote-cand-1').fill(names[1])
  await desk.getByTestId('add-candidate').click()
  await desk.locator('#vote-cand-2').fill(names[2])
  // more places than candidates: refused at the places
  await desk.locator('#vote-places').fill('4')
  await desk.locator('#vote-places').blur()
  await desk.getByTestId('save').click()
  await desk.getByTestId('vote-places').locator('.field-error').waitFor()
  await desk.getByTestId('form-error').waitFor()
  assert.match(await desk.evaluate(() => document.activeElement?.id), /^vote-places$/)
  await desk.locator('#vote-places').fill('2')
  await desk.locator('#vote-places').blur()
  await desk.getByTestId('save').click()
  await desk.waitForURL(/\/votes\/\d+$/)
  const id = desk.url().match(/\/votes\/(\d+)$/)[1]
  await desk.locator('[data-action=open]').click()
  await desk.getByTestId('vote-state').getByText('表决中').waitFor()
  // the projector names the candidates while the vote is open
  await desk.goto(`/votes/${id}/screen`)
  await desk.getByTestId('screen-candidates').locator('li').first().waitFor()
  assert.deepEqual(await desk.getByTestId('screen-candidates').locator('li').allTextContents(), names)
  // the office's list, filtered by state in the address: the open votes only
  await desk.goto('/votes?state=open')
  const listed = (await office.get('/votes?state=open')).body
  assert.ok(listed.items.some((x) => String(x.id) === id))
  await desk.getByTestId('vote-table').locator(`[data-vote="${id}"]`).waitFor()
  await desk.getByTestId('total').getByText(`共 ${listed.total} 条`).waitFor()
  assert.equal(await desk.getByTestId('vote-table').locator('tbody tr').count(), listed.items.length)
  assert.equal(await desk.getByTestId('vote-table').getByText('已结束').count(), 0)
  await desk.context().close()

  const m = await phone('member2')
  await m.goto(`/votes/${id}`)
  const ballot = m.getByTestId('ballot')
  const counter = ballot.getByTestId('yes-counter')
  await counter.getByText('已选赞成 0 / 2').waitFor()
  const rec = (await (await apiAs(server, 'member2')).get(`/votes/${id}`)).body
  assert.deepEqual(rec.candidates.map((c) => c.name), names)
  const mark = (c, o) => ballot.locator(`[data-candidate="${c.id}"] [data-mark=${o}]`).click()
  for (const c of rec.candidates) await mark(c, 'yes')
  await counter.getByText('已选赞成 3 / 2').waitFor()
  await ballot.getByTestId('over-places').getByText('超过应选名额').waitFor()
  assert.ok(await horizontalOverflow(m) <= 0, 'the candidates ballot scrolls sideways at 375 px')
  await shot(m, 'v10-candidates-over-phone')
  await mark(rec.candidates[2], 'no')
  await counter.getByText('已选赞成 2 / 2').waitFor()
  assert.equal(await ballot.getByTestId('over-places').count(), 0)
  await ballot.getByTestId('send-ballot').click()
  const dlg = m.getByRole('dialog', { name: '确认投票' })
  await dlg.getByTestId(`confirm-${rec.candidates[2].id}`).getByText('反对').waitFor()
  await dlg.getByTestId('confirm-send').click()
  await m.getByTestId('receipt-code').waitFor()
  assert.equal((await office.get(`/votes/${id}`)).body.voted_count, 1)
  await m.context().close()
})

test('a satisfaction poll of listed deputies: the deputy picker in the form, the schema\'s three words on a deputy\'s phone', async () => {
  const dep = await apiAs(server, 'deputy')
  const me = (await dep.get('/me')).body.user
  const schema = (await office.get('/votes/schema')).body
  const desk = await newPage(browser, server)
  await login(desk, 'office')
  await desk.goto('/votes/new')
  await desk.getByLabel('表决事项').fill('对县住房和城乡建设局办理代表建议工作的满意度测评')
  await desk.getByTestId('vote-mode').locator('[data-value=secret]').click()
  await desk.getByTestId('vote-rule').locator('[data-value=satisfaction]').click()
  await desk.getByTestId('vote-electorate').locator('[data-value=list]').click()
  await desk.getByTestId('vote-voters').locator('input').fill(me.deputy_name)
  await desk.getByRole('option', { name: new RegExp(`^${me.deputy_name}`) }).first().click()
  await desk.getByTestId('vote-voters').locator('.el-select__tags-text', { hasText: me.deputy_name }).waitFor()
  await desk.getByTestId('save').click()
  await desk.waitForURL(/\/votes\/\d+$/)
  const id = desk.url().match(/\/votes\/(\d+)$/)[1]
  await desk.getByTestId('electorate').locator(`[data-voter="${me.deputy_id}"]`).waitFor()
  await desk.locator('[data-action=open]').click()
  await desk.getByTestId('vote-state').getByText('表决中').waitFor()
  await desk.context().close()

  const p = await phone('deputy')
  await p.goto(`/votes/${id}`)
  const ballot = p.getByTestId('ballot')
  for (const o of ['satisfied', 'basically_satisfied', 'unsatisfied']) {
    assert.equal((await ballot.locator(`[data-choice=${o}]`).textContent()).trim(), schema.options[o].label_zh, o)
  }
  assert.ok(await horizontalOverflow(p) <= 0, 'the poll scrolls sideways at 375 px')
  await ballot.locator('[data-choice=basically_satisfied]').click()
  const dlg = p.getByRole('dialog', { name: '确认投票' })
  assert.equal((await dlg.getByTestId('confirm-choice').textContent()).trim(), schema.options.basically_satisfied.label_zh)
  await dlg.getByTestId('confirm-send').click()
  await p.getByTestId('receipt-code').waitFor()
  await shot(p, 'v11-satisfaction-deputy-phone')
  const closed = await ok(office.post(`/votes/${id}/close`, {}), 'close')
  assert.equal(closed.result.outcome, 'basically_satisfied')
  await p.getByTestId('result').getByTestId('outcome').getByText('基本满意', { exact: true }).waitFor()
  await p.context().close()
})

test('the projector after a candidates ballot tied at the cut: who is chosen, who is tied for a second round, the chart', async () => {
  const v = await openVote({ question: '选举县人大常委会副主任（差额）', mode: 'secret', method: 'paper', rule: 'top_n_above_half', candidates: [{ name: '冯立新' }, { name: '孙玉兰' }, { name: '何建军' }], places: 2 })
  const [a, b, c] = v.candidates
  const P = v.present_count
  // all above half of the present; the second place shared by two
  const top = Math.floor(P / 2) + 5, next = Math.floor(P / 2) + 3
  await ok(office.post(`/votes/${v.id}/paper_counts`, {
    issued: P, returned: P, invalid: 0,
    candidates: { [a.id]: { yes: top, no: P - top, abstain: 0 }, [b.id]: { yes: next, no: P - next, abstain: 0 }, [c.id]: { yes: next, no: 0, abstain: P - next } },
  }), 'counts')
  await ok((await apiAs(server, 'office2')).post(`/votes/${v.id}/confirm`, {}), 'confirm')
  const closed = await ok(office.post(`/votes/${v.id}/close`, {}), 'close')
  assert.equal(closed.result.outcome, 'tie', JSON.stringify(closed.result))
  const screen = await newPage(browser, server, { viewport: { width: 1280, height: 720 } })
  await login(screen, 'office')
  await screen.goto(`/votes/${v.id}/screen`)
  await screen.getByTestId('outcome').getByText('票数相同，需另行选举').waitFor()
  await screen.getByTestId('chosen').getByText(`当选：${a.name}`).waitFor()
  await screen.getByTestId('tie').getByText(`${b.name}、${c.name}`).waitFor()
  await screen.locator('.echart svg').first().waitFor()
  const row = screen.getByTestId('result-candidates').locator(`[data-candidate="${a.id}"]`)
  assert.equal(await row.locator('td').nth(1).textContent(), String(top))
  await shot(screen, 'v12-screen-candidates-tie')
  await screen.context().close()
})
