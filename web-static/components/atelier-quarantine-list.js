import { html, render } from '../lib/html.js'
import { boardKindLabel, formatDateTime, onLanguageChange, t } from '../lib/i18n.js'

/**
 * @typedef {object} QuarantineEntry
 * @property {string | number} id
 * @property {string} boardId
 * @property {string} [boardKind]
 * @property {string} [group]
 * @property {string} reason
 * @property {string} sender
 * @property {number | string} at
 * @property {'pending' | 'applied' | 'discarded'} [status]
 */

/**
 * Board edits the server refused and kept: when, which board, who, why; pending ones can
 * be applied to the board or discarded.
 *
 * Data down: `entries` ({@link QuarantineEntry}[]), `groups` ({ id, name }[], to name the
 * groups), `invites` ({ id, name }[], to name senders given by invite id), `error`, `busyId`
 * (the entry whose command is in flight). Events up: `atelier-quarantine-action` with
 * `detail: { action: 'apply' | 'discard', id }`; `atelier-refresh` with
 * `detail: { what: 'quarantine' }`.
 */
export class AtelierQuarantineList extends HTMLElement {
  /** @type {QuarantineEntry[]} */
  #entries = []
  /** @type {string | null} */
  #error = null
  /** @type {string | null} */
  #busyId = null
  /** @type {{ id: string, name: string }[]} */
  #groups = []
  /** @type {{ id: string, name: string }[]} */
  #invites = []
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {QuarantineEntry[]} entries */
  set entries(entries) {
    this.#entries = entries
    if (this.isConnected) this.#render()
  }

  /** @param {string | null} error */
  set error(error) {
    this.#error = error
    if (this.isConnected) this.#render()
  }

  /** @param {{ id: string, name: string }[]} groups */
  set groups(groups) {
    this.#groups = groups
    if (this.isConnected) this.#render()
  }

  /** @param {{ id: string, name: string }[]} invites */
  set invites(invites) {
    this.#invites = invites
    if (this.isConnected) this.#render()
  }

  /** @param {string | null} id */
  set busyId(id) {
    this.#busyId = id
    if (this.isConnected) this.#render()
  }

  connectedCallback() {
    this.addEventListener('click', this.#onClick)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
    this.#stopLanguage?.()
  }

  /** @param {Event} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null
    if (!(button instanceof HTMLButtonElement)) return
    const action = button.dataset.action
    if (action === 'refresh') {
      this.dispatchEvent(new CustomEvent('atelier-refresh', { bubbles: true, detail: { what: 'quarantine' } }))
      return
    }
    const id = button.closest('tr')?.dataset.quarantineId
    if (!id || (action !== 'apply' && action !== 'discard')) return
    if (action === 'discard' && !window.confirm(t('quarantine.confirmDiscard'))) return
    this.dispatchEvent(new CustomEvent('atelier-quarantine-action', { bubbles: true, detail: { action, id } }))
  }

  #render() {
    const entries = [...this.#entries].sort((a, b) => Number(new Date(b.at)) - Number(new Date(a.at)))
    const pending = entries.filter((e) => (e.status ?? 'pending') === 'pending').length
    this.dataset.pending = String(pending)
    render(
      this,
      html`<div class="section-header">
          <h2>${t('quarantine.title')} ${pending ? html`<span class="badge locked">${pending}</span>` : ''}</h2>
          <button type="button" class="secondary small" data-action="refresh">${t('common.refresh')}</button>
        </div>
        <p class="help">${t('quarantine.help')}</p>
        ${this.#error ? html`<p class="notice error" role="alert">${this.#error}</p>` : ''}
        ${entries.length === 0
          ? html`<p class="empty">${t('quarantine.empty')}</p>`
          : html`<div class="table-scroll"><table class="data-table quarantine">
              <thead>
                <tr><th>${t('quarantine.at')}</th><th>${t('quarantine.board')}</th><th>${t('quarantine.sender')}</th><th>${t('quarantine.reason')}</th><th>${t('quarantine.status')}</th><th></th></tr>
              </thead>
              <tbody>
                ${entries.map((e) => {
                  const status = e.status ?? 'pending'
                  const busy = this.#busyId === String(e.id)
                  return html`<tr data-quarantine-id="${e.id}" data-status="${status}">
                    <td class="nowrap">${formatDateTime(e.at, { dateStyle: 'short', timeStyle: 'medium' })}</td>
                    <td><a href="${`/boards/${encodeURIComponent(e.boardId)}`}">${e.boardKind ? boardKindLabel(e.boardKind) : e.boardId}</a>${e.group ? html` <span class="muted">· ${this.#groups.find((g) => g.id === e.group)?.name ?? e.group}</span>` : ''}</td>
                    <td>${this.#invites.find((i) => i.id === e.sender)?.name ?? e.sender}</td>
                    <td>${e.reason}</td>
                    <td><span class="badge q-${status}">${t(/** @type {any} */ (`quarantine.status.${status}`))}</span></td>
                    <td class="nowrap">
                      ${status === 'pending'
                        ? html`<button type="button" class="secondary small" data-action="apply" ${busy ? html`disabled` : ''}>${t('quarantine.apply')}</button>
                            <button type="button" class="link-button danger" data-action="discard" ${busy ? html`disabled` : ''}>${t('quarantine.discard')}</button>`
                        : ''}
                    </td>
                  </tr>`
                })}
              </tbody>
            </table></div>`}`,
    )
  }
}

customElements.define('atelier-quarantine-list', AtelierQuarantineList)
