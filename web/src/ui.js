// ui.js — the Element Plus components the app uses, registered one by one with their
// styles, so the bundle carries only these (measured in docs/web.md).
import {
  ElAlert, ElAside, ElAutocomplete, ElButton, ElCard, ElConfigProvider, ElContainer, ElDatePicker,
  ElDescriptions, ElDescriptionsItem, ElDialog, ElDrawer, ElEmpty, ElForm, ElFormItem,
  ElHeader, ElIcon, ElInput, ElInputNumber, ElMain, ElOption,
  ElPagination, ElRadio, ElRadioButton, ElRadioGroup, ElCheckbox, ElBadge, ElSelect, ElSkeleton, ElTable, ElTableColumn, ElTag, ElTooltip, vLoading,
} from 'element-plus'

import 'element-plus/es/components/alert/style/css'
import 'element-plus/es/components/aside/style/css'
import 'element-plus/es/components/autocomplete/style/css'
import 'element-plus/es/components/button/style/css'
import 'element-plus/es/components/card/style/css'
import 'element-plus/es/components/config-provider/style/css'
import 'element-plus/es/components/container/style/css'
import 'element-plus/es/components/date-picker/style/css'
import 'element-plus/es/components/descriptions/style/css'
import 'element-plus/es/components/descriptions-item/style/css'
import 'element-plus/es/components/dialog/style/css'
import 'element-plus/es/components/drawer/style/css'
import 'element-plus/es/components/empty/style/css'
import 'element-plus/es/components/form/style/css'
import 'element-plus/es/components/form-item/style/css'
import 'element-plus/es/components/header/style/css'
import 'element-plus/es/components/icon/style/css'
import 'element-plus/es/components/input/style/css'
import 'element-plus/es/components/input-number/style/css'
import 'element-plus/es/components/main/style/css'
import 'element-plus/es/components/option/style/css'
import 'element-plus/es/components/pagination/style/css'
import 'element-plus/es/components/select/style/css'
import 'element-plus/es/components/radio/style/css'
import 'element-plus/es/components/radio-button/style/css'
import 'element-plus/es/components/radio-group/style/css'
import 'element-plus/es/components/checkbox/style/css'
import 'element-plus/es/components/badge/style/css'
import 'element-plus/es/components/skeleton/style/css'
import 'element-plus/es/components/table/style/css'
import 'element-plus/es/components/table-column/style/css'
import 'element-plus/es/components/tag/style/css'
import 'element-plus/es/components/tooltip/style/css'
import 'element-plus/es/components/loading/style/css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'

const components = [
  ElAlert, ElAside, ElAutocomplete, ElButton, ElCard, ElConfigProvider, ElContainer, ElDatePicker,
  ElDescriptions, ElDescriptionsItem, ElDialog, ElDrawer, ElEmpty, ElForm, ElFormItem,
  ElHeader, ElIcon, ElInput, ElInputNumber, ElMain, ElOption,
  ElPagination, ElRadio, ElRadioButton, ElRadioGroup, ElCheckbox, ElBadge, ElSelect, ElSkeleton, ElTable, ElTableColumn, ElTag, ElTooltip,
]

import { t } from './i18n.js'

// Element Plus's pagination does not label its page-size select; v-pager-labels does.
const pagerLabels = (el) => {
  for (const i of el.querySelectorAll('.el-pagination__sizes input')) i.setAttribute('aria-label', t('common.page_size'))
}

// Element Plus's autocomplete puts role=combobox on a wrapper without a name (its input has
// one); v-combobox-label="text", on an element around it, names that wrapper too.
// It also writes aria-activedescendant "<listbox>-item--1" on the input whenever nothing is
// highlighted, an id that never exists (a screen reader is told to read a missing option):
// the directive drops the attribute whenever it names no element of the page, and leaves a
// real highlighted suggestion alone. (On the <div> around it: the autocomplete's own root is
// a fragment, where a directive does not apply.)
const comboboxLabel = (el, { value }) => {
  for (const c of el.querySelectorAll('div[role=combobox]')) c.setAttribute('aria-label', value)
}
const dropDangling = (input) => {
  const id = input.getAttribute('aria-activedescendant')
  if (id !== null && (id === '' || !document.getElementById(id))) input.removeAttribute('aria-activedescendant')
}
const combobox = {
  mounted(el, binding) {
    comboboxLabel(el, binding)
    el._dangling = new MutationObserver((records) => { for (const r of records) dropDangling(r.target) })
    for (const i of el.querySelectorAll('input')) {
      dropDangling(i)
      el._dangling.observe(i, { attributes: true, attributeFilter: ['aria-activedescendant'] })
    }
  },
  updated: comboboxLabel,
  unmounted(el) { el._dangling?.disconnect() },
}

export default {
  install(app) {
    for (const c of components) app.use(c)
    app.directive('loading', vLoading)
    app.directive('pager-labels', { mounted: pagerLabels, updated: pagerLabels })
    app.directive('combobox-label', combobox)
  },
}
