import { html, render } from '../lib/html.js'
import { onLanguageChange, t } from '../lib/i18n.js'
import './board-people.js'

/**
 * @typedef {object} BoardHeading
 * @property {string} name the board's name ("Groupe 1 — Carte d’empathie")
 * @property {string} phase the current phase's label, or ''
 * @property {string} lock why the board is read-only and when it opens, or ''
 *
 * @typedef {object} BoardStatus
 * @property {string} state `connecting`, `online`, `reconnecting`, `offline`, `stopped`
 * @property {number} unsynced local edits not yet sent
 */

/**
 * The board page's bar: its name, the phase and why it is read-only, the connection's state
 * (with the edits kept on the device while offline) and who is here.
 *
 * Data down: `heading` ({@link BoardHeading}), `status` ({@link BoardStatus}), `people`
 * (board/presence.js `Person[]`), `followable` and `following` (see board-people.js). No
 * events of its own (the people's `atelier-follow-person` bubbles through).
 */
export class AtelierBoardHeader extends HTMLElement {
  /** @type {BoardHeading} */
  #heading = { name: '', phase: '', lock: '' }
  /** @type {BoardStatus} */
  #status = { state: 'connecting', unsynced: 0 }
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {BoardHeading} heading */
  set heading(heading) {
    this.#heading = heading
    this.#renderHeading()
  }

  /** @param {BoardStatus} status */
  set status(status) {
    this.#status = status
    this.#renderStatus()
  }

  /** @param {import('../board/presence.js').Person[]} people */
  set people(people) {
    const list = this.#people()
    if (list) list.people = people
  }

  /** @param {boolean} value whether the people can be followed (a facilitator's page) */
  set followable(value) {
    const list = this.#people()
    if (list) list.followable = value
  }

  /** @param {number | null} clientId the person followed */
  set following(clientId) {
    const list = this.#people()
    if (list) list.following = clientId
  }

  /** @returns {import('./board-people.js').AtelierBoardPeople | null} */
  #people() {
    return this.querySelector('atelier-board-people')
  }

  connectedCallback() {
    this.classList.add('board-bar')
    if (!this.querySelector('.board-heading')) {
      render(
        this,
        html`<div class="board-heading"><h1></h1><p class="board-sub"></p></div>
          <div class="board-status" role="status" aria-live="polite"></div>
          <atelier-board-people></atelier-board-people>`,
      )
    }
    this.#stopLanguage = onLanguageChange(() => this.#renderStatus())
    this.#renderHeading()
    this.#renderStatus()
  }

  disconnectedCallback() {
    this.#stopLanguage?.()
  }

  #renderHeading() {
    const h1 = this.querySelector('.board-heading h1')
    const sub = this.querySelector('.board-sub')
    if (!h1 || !sub) return
    const { name, phase, lock } = this.#heading
    render(h1, html`${name}`)
    render(sub, html`${phase ? t('editor.phaseNow', { phase }) : ''}${lock ? html`${phase ? ' · ' : ''}<strong class="read-only">${lock}</strong>` : ''}`)
  }

  #renderStatus() {
    const holder = this.querySelector('.board-status')
    if (!holder) return
    const { state, unsynced } = this.#status
    const pending = unsynced > 0 && state !== 'online' ? html`<span class="unsynced">${t('editor.unsynced', { count: unsynced })}</span>` : ''
    render(holder, html`<span class="status-pill" data-state="${state}"><span class="status-dot"></span>${t(/** @type {any} */ (`editor.state.${state}`))}</span>${pending}`)
  }
}

customElements.define('atelier-board-header', AtelierBoardHeader)
