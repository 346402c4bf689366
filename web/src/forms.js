// forms.js — what the record forms share (RecordView, CaseForm, RegisterForm): the
// server's 422 shown at the field it names, with a summary above the form, and the
// way back to the list.
import { ApiError, errorText } from './api.js'
import { t } from './i18n.js'

/** clearErrors — forget the field messages (a reactive object) and the summary (a ref). */
export function clearErrors(fieldErrors, formError) {
  for (const k of Object.keys(fieldErrors)) delete fieldErrors[k]
  formError.value = ''
}

/**
 * showError — a 422 naming one of the form's `fields` is shown at that field, which gets
 * the focus (its input's id is idPrefix + name), with "fix the marked fields" above the
 * form; anything else becomes the summary in full.
 */
export function showError(e, { fields, fieldErrors, formError, idPrefix }) {
  if (e instanceof ApiError && e.status === 422 && e.field && fields.includes(e.field)) {
    fieldErrors[e.field] = e.message
    formError.value = t('form.fix_fields')
    document.getElementById(`${idPrefix}${e.field}`)?.focus()
  } else {
    formError.value = errorText(e)
  }
}
