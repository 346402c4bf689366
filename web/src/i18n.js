// i18n.js — the app's two languages: Chinese (default) and English.
// `lang` is reactive; `t(key, params)` looks a message up; `L(obj)` picks an object's
// label_zh / label_en (the server's labels); dates follow the language.
import { ref, watch } from 'vue'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import en from 'element-plus/es/locale/lang/en'
import messages from './messages.js'

const STORAGE_KEY = 'renda.lang'

function initial() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved === 'zh' || saved === 'en') return saved
  } catch { /* private mode: fall through */ }
  return 'zh'
}

export const lang = ref(initial())

function applyDocument(l) {
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en'
  document.title = messages[l]['app.title']
}
applyDocument(lang.value)
watch(lang, applyDocument)

/** setLang — switch the language and remember the choice in localStorage. */
export function setLang(l) {
  lang.value = l
  try { localStorage.setItem(STORAGE_KEY, l) } catch { /* not remembered, still switched */ }
}

export function elementLocale(l) {
  return l === 'en' ? en : zhCn
}

/** t — the message for key in the current language, with {name} placeholders filled. */
export function t(key, params) {
  let s = messages[lang.value][key] ?? messages.zh[key] ?? key
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] ?? m))
  return s
}

/** L — an object's server-given label in the current language. */
export function L(o) {
  if (!o) return ''
  return (lang.value === 'en' ? o.label_en : o.label_zh) || o.label_zh || o.label_en || o.name || ''
}

/** fmtDate — 'YYYY-MM-DD' as 2021年11月30日 (zh) or 2021-11-30 (en). */
export function fmtDate(s) {
  if (!s) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s)
  if (!m) return s
  return lang.value === 'zh' ? `${m[1]}年${+m[2]}月${+m[3]}日` : `${m[1]}-${m[2]}-${m[3]}`
}

const pad2 = (n) => String(n).padStart(2, '0')
/** localDay — a Date's day in the browser's time zone, YYYY-MM-DD (not toISOString's UTC day). */
const localDay = (d) => `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`

/** today — the user's own today, YYYY-MM-DD: the default of date fields. */
export const today = () => localDay(new Date())

/** fmtDateTime — an ISO UTC timestamp in local time: 2021年11月30日 14:05 / 2021-11-30 14:05. */
export function fmtDateTime(s) {
  if (!s) return ''
  const d = new Date(s)
  if (Number.isNaN(d.getTime())) return s
  return `${fmtDate(localDay(d))} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`
}

/** the date pickers' display format for the current language */
export function dateDisplayFormat() {
  return lang.value === 'zh' ? 'YYYY年M月D日' : 'YYYY-MM-DD'
}
