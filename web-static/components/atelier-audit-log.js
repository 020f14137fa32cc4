import { html, render } from '../lib/html.js'
import { facilitatorName, formatDateTime, onLanguageChange, t } from '../lib/i18n.js'

/**
 * @typedef {object} AuditEntry
 * @property {string | number} id
 * @property {number | string} at
 * @property {string} actor
 * @property {string} action
 * @property {string | null} [from]
 * @property {string | null} [to]
 * @property {string | null} [reason]
 */

/**
 * The session's audit log, newest first, in words: what was done ("Phase changed with an
 * override"), by whom (names, not ids), from which phase to which.
 *
 * Data down: `entries` ({@link AuditEntry}[]), `error` (a message, or null),
 * `phaseLabel` (phase id → label), `people` (invite or juror id → name), `groups` (group id
 * → name). Events up: `atelier-refresh` with `detail: { what: 'audit' }` when the person
 * asks for a refresh. Rows: `tr[data-audit-id][data-action]`.
 */
export class AtelierAuditLog extends HTMLElement {
  /** @type {AuditEntry[]} */
  #entries = []
  /** @type {string | null} */
  #error = null
  /** @type {(id: string) => string} */
  #phaseLabel = (id) => id
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {AuditEntry[]} entries */
  set entries(entries) {
    this.#entries = entries
    if (this.isConnected) this.#render()
  }

  /** @param {string | null} error */
  set error(error) {
    this.#error = error
    if (this.isConnected) this.#render()
  }

  /** @param {(id: string) => string} phaseLabel */
  set phaseLabel(phaseLabel) {
    this.#phaseLabel = phaseLabel
    if (this.isConnected) this.#render()
  }

  /** @type {Map<string, string>} */
  #people = new Map()

  /** @param {Map<string, string>} people id → name */
  set people(people) {
    this.#people = people
    if (this.isConnected) this.#render()
  }

  /** @param {Map<string, string>} groups id → name (kept for entries that name a group) */
  set groups(groups) {
    void groups
  }

  /** @param {string} actor @returns {string} */
  #actorName(actor) {
    if (actor === 'facilitator') return facilitatorName({ facilitator: this.#people.get('facilitator') })
    if (actor === 'system' || actor === '') return t('audit.system')
    return this.#people.get(actor) ?? this.#people.get(actor.replace(/^(juror|participant|observer):/, '')) ?? t('audit.someone')
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
    if (event.target instanceof Element && event.target.closest('[data-action="refresh"]')) {
      this.dispatchEvent(new CustomEvent('atelier-refresh', { bubbles: true, detail: { what: 'audit' } }))
    }
  }

  #render() {
    const entries = [...this.#entries].sort((a, b) => Number(new Date(b.at)) - Number(new Date(a.at)))
    const label = (/** @type {string | null | undefined} */ id) => (id ? this.#phaseLabel(id) : t('common.none'))
    this.dataset.count = String(entries.length)
    render(
      this,
      html`<div class="section-header">
          <h2>${t('audit.title')}</h2>
          <button type="button" class="secondary small" data-action="refresh">${t('common.refresh')}</button>
        </div>
        ${this.#error ? html`<p class="notice error" role="alert">${this.#error}</p>` : ''}
        ${entries.length === 0
          ? html`<p class="empty">${t('audit.empty')}</p>`
          : html`<div class="table-scroll"><table class="data-table audit reflow">
              <thead>
                <tr><th>${t('audit.at')}</th><th>${t('audit.actor')}</th><th>${t('audit.action')}</th><th>${t('audit.change')}</th><th>${t('audit.reason')}</th></tr>
              </thead>
              <tbody>
                ${entries.map(
                  (e) => html`<tr data-audit-id="${e.id}" data-action="${e.action}">
                    <td class="nowrap" data-label="${t('audit.at')}">${formatDateTime(e.at, { dateStyle: 'short', timeStyle: 'medium' })}</td>
                    <td data-label="${t('audit.actor')}">${this.#actorName(String(e.actor ?? ''))}</td>
                    <td data-label="${t('audit.action')}">${actionText(e.action)}</td>
                    <td data-label="${t('audit.change')}">${e.from || e.to ? html`${label(e.from)} → ${label(e.to)}` : t('common.none')}</td>
                    <td data-label="${t('audit.reason')}">${e.reason || t('common.none')}</td>
                  </tr>`,
                )}
              </tbody>
            </table></div>`}`,
    )
  }
}

/**
 * An audit action in words; an action this page does not know is named generically.
 * @param {string} action
 * @returns {string}
 */
function actionText(action) {
  const key = /** @type {import('../lib/i18n.js').StringKey} */ (`audit.action.${action}`)
  const text = t(key)
  return text === key ? t('audit.otherAction') : text
}

customElements.define('atelier-audit-log', AtelierAuditLog)
