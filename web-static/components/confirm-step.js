import { html, render } from '../lib/html.js'
import { t } from '../lib/i18n.js'

/**
 * Asks before a step that cannot be undone (submitting a sheet, closing or publishing the
 * record), in a modal `<dialog>`: the focus moves into it (on "Cancel") and stays there, Tab
 * reaches the confirming button, Enter or Space presses it, Escape cancels, and the focus goes
 * back where it was. Resolves true when confirmed. For example:
 *
 * ```js
 * import { confirmStep } from './confirm-step.js'
 * if (await confirmStep({ title: t('sheet.confirmTitle'), body: t('sheet.confirmBody'), confirm: t('sheet.confirmSubmit') })) submit()
 * ```
 *
 * The dialog is `dialog.confirm-dialog[data-dialog]` (the `name` given) with buttons
 * `[data-action="cancel"]` and `[data-action="confirm"]`; it is removed once answered.
 *
 * @param {{ title: string, body: string, confirm: string, name?: string, critical?: boolean }} options
 * @returns {Promise<boolean>}
 */
export function confirmStep({ title, body, confirm, name = 'confirm', critical = false }) {
  const id = `confirm-${++count}`
  const dialog = document.createElement('dialog')
  dialog.className = 'confirm-dialog'
  dialog.dataset.dialog = name
  dialog.setAttribute('aria-labelledby', `${id}-title`)
  dialog.setAttribute('aria-describedby', `${id}-body`)
  render(
    dialog,
    html`<h2 id="${`${id}-title`}">${title}</h2>
      <p id="${`${id}-body`}">${body}</p>
      <div class="dialog-actions">
        <button type="button" class="secondary" data-action="cancel">${t('confirm.cancel')}</button>
        <button type="button" class="${critical ? 'critical' : ''}" data-action="confirm">${confirm}</button>
      </div>`,
  )
  const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
  document.body.append(dialog)
  return new Promise((resolve) => {
    let answer = false
    dialog.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null
      if (!(button instanceof HTMLButtonElement)) return
      answer = button.dataset.action === 'confirm'
      dialog.close()
    })
    dialog.addEventListener('close', () => {
      dialog.remove()
      if (before?.isConnected) before.focus()
      resolve(answer)
    })
    dialog.showModal()
    const cancel = dialog.querySelector('[data-action="cancel"]')
    if (cancel instanceof HTMLButtonElement) cancel.focus()
  })
}

let count = 0
