import { html, render } from '../lib/html.js'
import { formatDateTime, formatDuration, onLanguageChange, t } from '../lib/i18n.js'

/**
 * @typedef {object} LiveNotice
 * @property {number} id
 * @property {'info' | 'warning' | 'error'} level
 * @property {() => string} text the text in the language in effect when rendered
 * @property {number} at client epoch ms
 * @property {'phase'} [scope] `phase`: about the current phase's time box (cleared when the phase changes)
 */

let nextId = 1

/**
 * The notice a live-channel message deserves (`timer`, `notice`), or null.
 * @param {any} message
 * @returns {LiveNotice | null}
 */
export function noticeFromMessage(message) {
  const at = Date.now()
  if (message?.type === 'timer' && message.scope === 'phase') {
    const late = () => (message.late ? ` ${t('timer.late')}` : '')
    if (message.kind === 'warning' && typeof message.remainingMs === 'number') {
      const time = formatDuration(Math.round(message.remainingMs / 1000) * 1000)
      return { id: nextId++, level: 'warning', at, scope: 'phase', text: () => t('timer.warning', { time }) + late() }
    }
    if (message.kind === 'timeup') {
      return { id: nextId++, level: 'error', at, scope: 'phase', text: () => t('timer.timeup') + late() }
    }
  }
  if (message?.type === 'notice' && typeof message.message === 'string') {
    const level = message.level === 'warning' || message.level === 'error' ? message.level : 'info'
    const fallback = message.message
    // Said from its code in the reader's language; the server's words only for a code unknown here.
    const key = /** @type {import('../lib/i18n.js').StringKey} */ (`notice.${message.code}`)
    return { id: nextId++, level, at, text: () => (typeof message.code === 'string' && t(key) !== key ? t(key) : fallback) }
  }
  return null
}

/**
 * @param {() => string} text gives the text in the language in effect
 * @param {'info' | 'warning' | 'error'} [level]
 * @returns {LiveNotice}
 */
export function notice(text, level = 'info') {
  return { id: nextId++, level, at: Date.now(), text }
}

/**
 * The latest live notices (timer warnings, time's up, server notices, phase changes),
 * newest first, each dismissible; at most five are kept.
 *
 * Data down: nothing; call `add(notice)`, and `clear('phase')` when the phase changes.
 * No events.
 */
export class AtelierLiveNotices extends HTMLElement {
  /** @type {LiveNotice[]} */
  #notices = []
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {LiveNotice} notice */
  add(notice) {
    this.#notices = [notice, ...this.#notices].slice(0, 5)
    if (this.isConnected) this.#render()
  }

  /**
   * Shows what a live-channel message tells people, if anything; a new timer notice replaces
   * the earlier ones of its scope.
   * @param {any} message
   */
  addMessage(message) {
    const item = noticeFromMessage(message)
    if (!item) return
    if (item.scope) this.#notices = this.#notices.filter((n) => n.scope !== item.scope)
    this.add(item)
  }

  /**
   * Drops the notices of a scope (e.g. the last phase's timer warnings).
   * @param {'phase'} scope
   */
  clear(scope) {
    this.#notices = this.#notices.filter((n) => n.scope !== scope)
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
    const item = event.target instanceof Element ? event.target.closest('[data-action="dismiss"]')?.closest('li') : null
    if (!item) return
    this.#notices = this.#notices.filter((n) => String(n.id) !== item.getAttribute('data-notice-id'))
    this.#render()
  }

  #render() {
    this.hidden = this.#notices.length === 0
    render(
      this,
      html`<ul class="live-notices" aria-live="polite">
        ${this.#notices.map(
          (n) => html`<li class="notice ${n.level}" data-notice-id="${n.id}">
            <span class="notice-time">${formatDateTime(n.at, { timeStyle: 'short' })}</span>
            <span class="notice-text">${n.text()}</span>
            <button type="button" class="icon" data-action="dismiss" title="${t('common.close')}" aria-label="${t('common.close')}">×</button>
          </li>`,
        )}
      </ul>`,
    )
  }
}

customElements.define('atelier-live-notices', AtelierLiveNotices)
