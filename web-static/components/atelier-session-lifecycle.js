import { api, seg } from '../lib/api.js'
import { errorText } from '../lib/errors.js'
import { html, render } from '../lib/html.js'
import { formatDateTime, onLanguageChange, t } from '../lib/i18n.js'
import { confirmStep } from './confirm-step.js'

/**
 * The end of a session's life, in the facilitator's console: archive it (read-only for
 * everyone, boards included, its timers stopped), open it again, or delete it — everything
 * but a signed jury record goes, after the facilitator types the session's title in a modal
 * dialog (`dialog.confirm-dialog[data-dialog="delete-session"]`, its button
 * `[data-action="confirm"]` enabled once the title matches).
 *
 * It also moves the sprint's days (a sprint postponed): `form[data-form="dates"]`.
 *
 * Deleting is the administrator's: a co-facilitator (`administrator` false) is not offered it.
 *
 * Data down: `token`, `state` (`{ id, title, startDate?, archivedAt?, purgeAt? }`),
 * `administrator`. Events up
 * (bubbling): `atelier-session-archived` with `detail: { state }` (the session as the server
 * answered, after archiving, opening again or moving the dates),
 * `atelier-session-deleted` with `detail: { id }`. Mirrors `data-archived`.
 */
export class AtelierSessionLifecycle extends HTMLElement {
  /** @type {string} */
  token = ''
  administrator = true
  /** @type {{ id: string, title: string, startDate?: string, archivedAt?: number | null, purgeAt?: number | null } | null} */
  #state = null
  /** @type {string | null} */
  #error = null
  #busy = false
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {{ id: string, title: string, startDate?: string, archivedAt?: number | null, purgeAt?: number | null } | null} state */
  set state(state) {
    this.#state = state
    if (this.isConnected) this.#render()
  }

  connectedCallback() {
    this.addEventListener('click', this.#onClick)
    this.addEventListener('submit', this.#onSubmit)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('submit', this.#onSubmit)
    this.#stopLanguage?.()
  }

  #render() {
    const state = this.#state
    if (!state) return
    const archived = typeof state.archivedAt === 'number'
    this.dataset.archived = String(archived)
    render(
      this,
      html`<h2>${t('lifecycle.title')}</h2>
        ${archived
          ? html`<p class="notice" role="status">${t('lifecycle.archivedSince', { when: formatDateTime(/** @type {number} */ (state.archivedAt)) })}</p>`
          : html`<p class="muted">${t('lifecycle.archiveHint')}</p>`}
        <p class="retention">${typeof state.purgeAt === 'number'
          ? t('lifecycle.purgeAt', { when: formatDateTime(state.purgeAt, { dateStyle: 'long' }) })
          : t('lifecycle.keptForever')}</p>
        ${this.#error ? html`<p class="notice error" role="alert">${this.#error}</p>` : ''}
        <form data-form="dates" class="people-form">
          <label>${t('lifecycle.firstDay')} <input type="date" name="startDate" required value="${state.startDate ?? ''}" /></label>
          <button type="submit" class="secondary" ${this.#busy || archived ? html`disabled` : ''}>${t('lifecycle.moveDates')}</button>
        </form>
        <div class="lifecycle-actions">
          <button type="button" class="secondary" data-action="${archived ? 'unarchive' : 'archive'}" ${this.#busy ? html`disabled` : ''}>
            ${archived ? t('lifecycle.unarchive') : t('lifecycle.archive')}
          </button>
          ${this.administrator
            ? html`<button type="button" class="critical" data-action="delete" ${this.#busy ? html`disabled` : ''}>${t('lifecycle.delete')}</button>`
            : ''}
        </div>
        ${this.administrator ? html`<p class="muted">${t('lifecycle.deleteHint')}</p>` : ''}`,
    )
  }

  /** @param {Event} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null
    if (!(button instanceof HTMLButtonElement) || !this.contains(button) || this.#busy) return
    const action = button.dataset.action
    if (action === 'archive') void this.#archive(true)
    else if (action === 'unarchive') void this.#archive(false)
    else if (action === 'delete') void this.#delete()
  }

  /** @param {Event} event the dates form: the sprint's first day moves */
  #onSubmit = (event) => {
    const form = event.target instanceof HTMLFormElement ? event.target : null
    if (!form || form.dataset.form !== 'dates' || this.#busy) return
    event.preventDefault()
    const state = this.#state
    const startDate = String(new FormData(form).get('startDate') ?? '')
    if (!state || !startDate) return
    void this.#run(async () => {
      const answer = await api(`/sessions/${seg(state.id)}/dates`, { token: this.token, method: 'POST', body: { startDate } })
      this.dispatchEvent(new CustomEvent('atelier-session-archived', { bubbles: true, detail: { state: answer } }))
    })
  }

  /** @param {boolean} archive */
  async #archive(archive) {
    const state = this.#state
    if (!state) return
    if (archive) {
      const confirmed = await confirmStep({
        title: t('lifecycle.archiveTitle', { title: state.title }),
        body: t('lifecycle.archiveBody'),
        confirm: t('lifecycle.archive'),
        name: 'archive-session',
      })
      if (!confirmed) return
    }
    await this.#run(async () => {
      const answer = await api(`/sessions/${seg(state.id)}/${archive ? 'archive' : 'unarchive'}`, { token: this.token, method: 'POST' })
      this.dispatchEvent(new CustomEvent('atelier-session-archived', { bubbles: true, detail: { state: answer } }))
    })
  }

  async #delete() {
    const state = this.#state
    if (!state) return
    if (!(await confirmTitle(state.title))) return
    await this.#run(async () => {
      await api(`/sessions/${seg(state.id)}`, { token: this.token, method: 'DELETE' })
      this.dispatchEvent(new CustomEvent('atelier-session-deleted', { bubbles: true, detail: { id: state.id } }))
    })
  }

  /** @param {() => Promise<void>} body */
  async #run(body) {
    this.#busy = true
    this.#error = null
    this.#render()
    try {
      await body()
    } catch (error) {
      this.#error = errorText(error)
    } finally {
      this.#busy = false
      if (this.isConnected) this.#render()
    }
  }
}

/**
 * Asks the facilitator to type the session's title before deleting it (a modal dialog; the
 * button is enabled once the text matches, Escape or "Cancel" give up). Resolves true when
 * confirmed.
 * @param {string} title
 * @returns {Promise<boolean>}
 */
function confirmTitle(title) {
  const id = `delete-${++count}`
  const dialog = document.createElement('dialog')
  dialog.className = 'confirm-dialog'
  dialog.dataset.dialog = 'delete-session'
  dialog.setAttribute('aria-labelledby', `${id}-title`)
  dialog.setAttribute('aria-describedby', `${id}-body`)
  render(
    dialog,
    html`<h2 id="${`${id}-title`}">${t('lifecycle.deleteTitle', { title })}</h2>
      <p id="${`${id}-body`}">${t('lifecycle.deleteBody')}</p>
      <label class="field" for="${`${id}-input`}">${t('lifecycle.deleteType', { title })}</label>
      <input id="${`${id}-input`}" type="text" autocomplete="off" spellcheck="false" />
      <div class="dialog-actions">
        <button type="button" class="secondary" data-action="cancel">${t('confirm.cancel')}</button>
        <button type="button" class="critical" data-action="confirm" disabled>${t('lifecycle.deleteConfirm')}</button>
      </div>`,
  )
  const input = /** @type {HTMLInputElement} */ (dialog.querySelector('input'))
  const confirm = /** @type {HTMLButtonElement} */ (dialog.querySelector('[data-action="confirm"]'))
  const matches = () => input.value.trim() === title.trim()
  input.addEventListener('input', () => {
    confirm.disabled = !matches()
  })
  const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
  document.body.append(dialog)
  return new Promise((resolve) => {
    let answer = false
    dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && event.target === input && matches()) {
        answer = true
        dialog.close()
      }
    })
    dialog.addEventListener('click', (event) => {
      const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null
      if (!(button instanceof HTMLButtonElement) || button.disabled) return
      answer = button.dataset.action === 'confirm' && matches()
      dialog.close()
    })
    dialog.addEventListener('close', () => {
      dialog.remove()
      if (before?.isConnected) before.focus()
      resolve(answer)
    })
    dialog.showModal()
    input.focus()
  })
}

let count = 0

customElements.define('atelier-session-lifecycle', AtelierSessionLifecycle)
