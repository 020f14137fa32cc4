import { html, render } from '../lib/html.js'
import { onLanguageChange, t } from '../lib/i18n.js'
import { isColor } from '../lib/session.js'

/**
 * The people on a board, as avatars (initials on their colour, their name for screen
 * readers and as a tooltip), this page's person first.
 *
 * Data down: `people` (board/presence.js `Person[]`). No events. Each person is
 * `li[data-name]`; mirrors `data-count`.
 */
export class AtelierBoardPeople extends HTMLElement {
  /** @type {import('../board/presence.js').Person[]} */
  #people = []
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {import('../board/presence.js').Person[]} people */
  set people(people) {
    this.#people = people
    this.#render()
  }

  connectedCallback() {
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.#stopLanguage?.()
  }

  #render() {
    if (!this.isConnected) return
    this.dataset.count = String(this.#people.length)
    render(
      this,
      html`<ul class="board-people" aria-label="${t('editor.people')}">${this.#people.map(
        (p) => html`<li data-name="${p.name}" title="${p.name}"><span class="avatar" data-color="${p.color}" aria-hidden="true">${initials(p.name)}</span><span class="visually-hidden">${p.name}${p.self ? ` (${t('editor.you')})` : ''}</span></li>`,
      )}</ul>`,
    )
    // Colours through the CSSOM: the CSP allows no inline style attribute.
    this.querySelectorAll('[data-color]').forEach((el) => {
      const color = /** @type {HTMLElement} */ (el).dataset.color
      if (isColor(color)) /** @type {HTMLElement} */ (el).style.background = /** @type {string} */ (color)
    })
  }
}

/** @param {string} name @returns {string} */
function initials(name) {
  const parts = name.split(/\s+/).filter(Boolean)
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase()
}

customElements.define('atelier-board-people', AtelierBoardPeople)
