import { codeText, refusalText } from '../lib/errors.js'
import { html, render } from '../lib/html.js'
import { currentLanguage, formatDateTime, onLanguageChange, t } from '../lib/i18n.js'
import { kindLabel } from '../board/kinds/registry.js'
import { previewChanges } from '../board/kept-edits.js'

/**
 * @typedef {object} QuarantinePreview what the refused edits would add or change
 * @property {string[]} [texts]
 * @property {{ id: string, type?: string, text?: string, added?: boolean }[]} [items]
 * @property {number} [slidesAdded]
 * @property {boolean} [incomplete] the edits build on something the board lacks: nothing to show
 *
 * @typedef {object} QuarantineEntry
 * @property {string | number} id
 * @property {string} boardId
 * @property {string} [boardKind]
 * @property {string} [group]
 * @property {string} reason the server's words (English; shown only for an unknown code)
 * @property {string} [reasonCode]
 * @property {string} sender invite id
 * @property {string} [senderName]
 * @property {number | string} at
 * @property {number | string} [lastAt] the burst's last refused edit
 * @property {number} [count] refused edits merged into this entry (one burst)
 * @property {QuarantinePreview} [preview]
 * @property {'pending' | 'applied' | 'discarded'} [status]
 */

/**
 * Board edits the server refused and kept, one entry per burst (one person, one board, one
 * reason): when, which board, who, why, how many edits and what they hold (the text typed,
 * the items added or changed); a pending entry is applied to the board or discarded whole.
 * The session page keeps the list current from the live channel's `quarantine` events.
 *
 * Data down: `entries` ({@link QuarantineEntry}[]), `groups` ({ id, name }[], to name the
 * groups), `invites` ({ id, name }[], to name senders given by invite id), `error`, `busyId`
 * (the entry whose command is in flight). Events up: `atelier-quarantine-action` with
 * `detail: { action: 'apply' | 'discard', id }`; `atelier-refresh` with
 * `detail: { what: 'quarantine' }`. Rows: `tr[data-quarantine-id][data-status][data-count]`,
 * the preview's texts in `.q-text`.
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
    const entries = [...this.#entries].sort((a, b) => Number(new Date(b.lastAt ?? b.at)) - Number(new Date(a.lastAt ?? a.at)))
    const pending = entries.filter((e) => (e.status ?? 'pending') === 'pending').length
    this.dataset.pending = String(pending)
    this.dataset.count = String(entries.length)
    const time = (/** @type {number | string} */ at) => formatDateTime(at, { dateStyle: 'short', timeStyle: 'medium' })
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
          : html`<table class="data-table quarantine reflow">
              <thead>
                <tr><th scope="col">${t('quarantine.at')}</th><th scope="col">${t('quarantine.board')}</th><th scope="col">${t('quarantine.sender')}</th><th scope="col">${t('quarantine.reason')}</th><th scope="col">${t('quarantine.preview')}</th><th scope="col">${t('quarantine.status')}</th><th scope="col"><span class="visually-hidden">${t('quarantine.actions')}</span></th></tr>
              </thead>
              <tbody>
                ${entries.map((e) => {
                  const status = e.status ?? 'pending'
                  const busy = this.#busyId === String(e.id)
                  const count = typeof e.count === 'number' && e.count > 0 ? e.count : null
                  const group = e.group ? this.#groups.find((g) => g.id === e.group)?.name ?? '' : ''
                  const board = e.boardKind ? kindLabel(e.boardKind, currentLanguage()) : t('quarantine.someBoard')
                  const last = e.lastAt && Number(e.lastAt) !== Number(e.at) ? e.lastAt : null
                  return html`<tr data-quarantine-id="${e.id}" data-status="${status}" data-count="${String(count ?? '')}">
                    <td class="nowrap" data-label="${t('quarantine.at')}">${last ? t('quarantine.span', { from: time(e.at), to: formatDateTime(last, { timeStyle: 'medium' }) }) : time(e.at)}</td>
                    <td data-label="${t('quarantine.board')}"><a href="${`/boards/${encodeURIComponent(e.boardId)}`}">${group ? t('editor.boardOf', { group, kind: board }) : board}</a></td>
                    <td data-label="${t('quarantine.sender')}">${e.senderName || this.#invites.find((i) => i.id === e.sender)?.name || t('quarantine.unknownSender')}</td>
                    <td data-label="${t('quarantine.reason')}">${e.reasonCode && codeText(e.reasonCode) !== null ? codeText(e.reasonCode) : refusalText(e.reason ?? '')}</td>
                    <td data-label="${t('quarantine.preview')}">${preview(e, count)}</td>
                    <td data-label="${t('quarantine.status')}"><span class="badge q-${status}">${t(/** @type {any} */ (`quarantine.status.${status}`))}</span></td>
                    <td class="actions-cell">
                      ${status === 'pending'
                        ? html`<button type="button" class="secondary small" data-action="apply" ${busy ? html`disabled` : ''}>${t('quarantine.apply')}</button>
                            <button type="button" class="link-button danger" data-action="discard" ${busy ? html`disabled` : ''}>${t('quarantine.discard')}</button>`
                        : ''}
                    </td>
                  </tr>`
                })}
              </tbody>
            </table>`}`,
    )
  }
}

/**
 * What an entry holds, readably: its count, the texts typed (quoted), the items it adds or changes.
 * @param {QuarantineEntry} entry
 * @param {number | null} count null when the server does not count the edits of an entry
 */
function preview(entry, count) {
  const given = entry.preview ?? {}
  const texts = Array.isArray(given.texts) ? given.texts.filter((x) => typeof x === 'string' && x.trim()) : []
  const items = Array.isArray(given.items) ? given.items.filter((i) => i && typeof i === 'object') : []
  const itemTexts = items.map((i) => i.text).filter((x) => typeof x === 'string' && x.trim() && !texts.includes(x))
  const changes = previewChanges(given)
  const nothing = texts.length + itemTexts.length + changes.length === 0
  const status = entry.status ?? 'pending'
  // The server previews pending entries only: an applied or discarded one says what became of it.
  const none = given.incomplete
    ? t('quarantine.incomplete')
    : entry.preview
      ? t('quarantine.noText')
      : status === 'applied'
        ? t('quarantine.previewApplied')
        : status === 'discarded'
          ? t('quarantine.previewDiscarded')
          : t('quarantine.noPreview')
  return html`${count !== null ? html`<p class="q-count">${t('quarantine.count', { count })}</p>` : ''}
    ${[...texts, ...itemTexts].map((text) => html`<blockquote class="q-text">${text}</blockquote>`)}
    ${changes.length ? html`<p class="q-items muted">${changes.join(', ')}</p>` : ''}
    ${nothing ? html`<p class="muted">${none}</p>` : ''}`
}

customElements.define('atelier-quarantine-list', AtelierQuarantineList)
