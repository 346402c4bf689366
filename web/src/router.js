// router.js — the app's pages. The menu (from the server) links to these paths:
// /, /my, /c/<collection>, /admin/users, /admin/audit, /admin/settings, and for each case
// kind the server lists (GET /schema: proposals, petitions, opinions …) /<kind>,
// /<kind>/<id>, /<kind>/<id>/edit, /<kind>/new, /<kind>/stats; /inbox, /notifications;
// /public… is the congress's public site (no login); /print/<kind>/<id>/assignment|reply
// the printed documents of a case; /votes, /votes/new, /votes/<id>, /votes/<id>/receipts and
// /votes/<id>/screen (the projector) the votes; /c/meetings (list and calendar),
// /c/meetings/<id> (a meeting's page), /meetings/mine (a member's or deputy's meetings)
// and /meetings/<id>/bulletin (the bulletin, print-ready) the meetings.
import { createRouter, createWebHistory } from 'vue-router'
import { session, loadSession, clearSession } from './session.js'
import { onUnauthorized } from './api.js'
import { caseKinds } from './schema.js'
import AppLayout from './layouts/AppLayout.vue'
import LoginView from './views/LoginView.vue'

/** caseKind — a case page's first segment must be a kind the server lists; anything else
 * is the not-found page, at the same address. */
async function caseKind(to) {
  if ((await caseKinds()).some((k) => k.name === to.params.kind)) return true
  return { name: 'notfound', params: { rest: to.path.slice(1).split('/') }, query: to.query, hash: to.hash }
}

const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
  // the congress's public site, no login (docs/web.md "The public site"); ?congress=<id>
  // picks the congress, else the first
  {
    path: '/public',
    component: () => import('./views/PublicView.vue'),
    meta: { public: true },
    children: [
      { path: '', name: 'public', component: () => import('./views/public/PublicCases.vue') },
      { path: ':id(\\d+)', name: 'public-case', component: () => import('./views/public/PublicCase.vue'), props: true },
      { path: 'deputies', name: 'public-deputies', component: () => import('./views/public/PublicDeputies.vue') },
      { path: 'deputies/:id(\\d+)', name: 'public-deputy', component: () => import('./views/public/PublicDeputy.vue'), props: true },
      { path: 'stations', name: 'public-stations', component: () => import('./views/public/PublicStations.vue') },
      { path: 'documents', name: 'public-documents', component: () => import('./views/public/PublicDocuments.vue') },
      { path: 'stations/:id(\\d+)', name: 'public-station', component: () => import('./views/public/PublicStation.vue'), props: true },
    ],
  },
  // printed documents of a case, for whoever may read it: no app chrome
  // the chair's projector view of a vote (docs/web.md "Votes"): no app chrome either
  { path: '/votes/:id(\\d+)/screen', name: 'vote-screen', component: () => import('./views/votes/VoteScreen.vue'), props: true },
  // a meeting's bulletin (会刊), print-ready: no app chrome
  { path: '/meetings/:id(\\d+)/bulletin', name: 'meeting-bulletin', component: () => import('./views/meetings/BulletinView.vue'), props: true },
  { path: '/print/:kind/:id(\\d+)/:doc(assignment|reply)', name: 'print', component: () => import('./views/PrintView.vue'), props: true },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'home', component: () => import('./views/DashboardView.vue') },
      { path: 'my', name: 'my', component: () => import('./views/DeputyView.vue'), props: { mine: true } },
      { path: 'c/deputies/:id(\\d+)', name: 'deputy', component: () => import('./views/DeputyView.vue'), props: true },
      // the meetings (issue 12): the list with its calendar, a meeting's own page; the
      // form (new, edit) is the generic one
      { path: 'c/meetings', name: 'meetings', component: () => import('./views/meetings/MeetingsHome.vue') },
      { path: 'c/meetings/:id(\\d+)', name: 'meeting', component: () => import('./views/meetings/MeetingView.vue'), props: true },
      { path: 'meetings/mine', name: 'meetings-mine', component: () => import('./views/meetings/MyMeetings.vue') },
      { path: 'c/:collection', name: 'list', component: () => import('./views/CollectionList.vue'), props: true },
      { path: 'c/:collection/new', name: 'new', component: () => import('./views/RecordView.vue'), props: true },
      { path: 'c/:collection/:id(\\d+)/edit', name: 'edit', component: () => import('./views/RecordView.vue'), props: true },
      { path: 'c/:collection/:id(\\d+)', name: 'record', component: () => import('./views/RecordView.vue'), props: true },
      // the cases, of every kind the server has
      { path: 'inbox', name: 'inbox', component: () => import('./views/InboxView.vue') },
      { path: 'notifications', name: 'notifications', component: () => import('./views/NotificationsView.vue') },
      // the votes (issue 11): before the case kinds' /:kind
      { path: 'votes', name: 'votes', component: () => import('./views/votes/VoteList.vue') },
      { path: 'votes/new', name: 'vote-new', component: () => import('./views/votes/VoteForm.vue') },
      { path: 'votes/:id(\\d+)', name: 'vote', component: () => import('./views/votes/VoteView.vue'), props: true },
      { path: 'votes/:id(\\d+)/receipts', name: 'vote-receipts', component: () => import('./views/votes/VoteReceipts.vue'), props: true },
      { path: ':kind', name: 'cases', component: () => import('./views/CaseList.vue'), props: true, beforeEnter: caseKind },
      { path: ':kind/stats', name: 'case-stats', component: () => import('./views/StatsView.vue'), props: true, beforeEnter: caseKind },
      { path: ':kind/new', name: 'case-new', component: () => import('./views/CaseForm.vue'), props: true, beforeEnter: caseKind },
      { path: ':kind/:id(\\d+)/edit', name: 'case-edit', component: () => import('./views/CaseForm.vue'), props: true, beforeEnter: caseKind },
      { path: ':kind/:id(\\d+)', name: 'case', component: () => import('./views/CaseView.vue'), props: true, beforeEnter: caseKind },
      { path: 'admin/users', name: 'users', component: () => import('./views/UsersView.vue') },
      { path: 'admin/audit', name: 'audit', component: () => import('./views/AuditView.vue') },
      { path: 'admin/settings', name: 'settings', component: () => import('./views/SettingsView.vue') },
      { path: ':rest(.*)*', name: 'notfound', component: () => import('./views/NotFoundView.vue') },
    ],
  },
]

const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (to, from, saved) => saved || { top: 0 },
})

router.beforeEach(async (to) => {
  if (!session.loaded) {
    try { await loadSession() } catch { /* offline: the login page says so */ }
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return to.query.next || '/'
    return true
  }
  if (!session.user) return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  return true
})

// A 401 from any request means the session is gone: back to the login page.
onUnauthorized(() => {
  clearSession()
  const here = router.currentRoute.value
  if (here.name !== 'login') router.replace({ name: 'login', query: { next: here.fullPath, expired: '1' } })
})

export default router
