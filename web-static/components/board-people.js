import { html, render } from '../lib/html.js'
import { onLanguageChange, t } from '../lib/i18n.js'
import { isColor } from '../lib/session.js'

/**
 * The people on a board, as avatars (initials on their colour, their name for screen
 * readers and as a tooltip), this page's person first. For a facilitator (`followable`),
 * each other person whose canvas tells its view is a button: "Follow <name>".
 *
 * Data down: `people` (board/presence.js `Person[]`), `followable`, `following` (the client
 * id followed, or null). Events up: `atelier-follow-person` with `detail: { clientId, name }`.
 * Each person is `li[data-name]`; mirrors `data-count`.
 */
export class AtelierBoardPeople extends HTMLElement {
  /** @type {import('../board/presence.js').Person[]} */
  #people = []
  /** @type {(() => void) | null} */
  #stopLanguage = null
  #followable = false
  /** @type {number | null} */
  #following = null
  #shown = ''

  /** @param {import('../board/presence.js').Person[]} people */
  set people(people) {
    this.#people = people
    this.#render()
  }

  /** @param {boolean} value */
  set followable(value) {
    this.#followable = value
    this.#render()
  }

  /** @param {number | null} clientId */
  set following(clientId) {
    this.#following = clientId
    this.#render()
  }

  connectedCallback() {
    this.#stopLanguage = onLanguageChange(() => {
      this.#shown = ''
      this.#render()
    })
    this.addEventListener('click', this.#onClick)
    this.#render()
  }

  disconnectedCallback() {
    this.#stopLanguage?.()
    this.removeEventListener('click', this.#onClick)
  }

  /** @param {MouseEvent} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-client-id]') : null
    if (!(button instanceof HTMLButtonElement)) return
    const person = this.#people.find((p) => String(p.clientId) === button.dataset.clientId)
    if (person) this.dispatchEvent(new CustomEvent('atelier-follow-person', { bubbles: true, detail: { clientId: person.clientId, name: person.name } }))
  }

  #render() {
    if (!this.isConnected) return
    this.dataset.count = String(this.#people.length)
    // Views change as people pan: render only when what is shown changes (a button keeps its focus).
    const key = JSON.stringify([this.#followable, this.#following, this.#people.map((p) => [p.name, p.color, p.self, p.clientId, Boolean(p.view)])])
    if (key === this.#shown) return
    this.#shown = key
    const focused = document.activeElement instanceof HTMLElement && this.contains(document.activeElement) ? document.activeElement.dataset.clientId : undefined
    render(
      this,
      html`<ul class="board-people" aria-label="${t('editor.people')}">${this.#people.map((p) => {
        const avatar = html`<span class="avatar" data-color="${p.color}" aria-hidden="true">${initials(p.name)}</span>`
        if (this.#followable && !p.self && p.view) {
          const following = this.#following === p.clientId
          return html`<li data-name="${p.name}"><button type="button" class="person-follow" data-client-id="${String(p.clientId)}" aria-pressed="${String(following)}" title="${t('follow.person', { name: p.name })}" aria-label="${t('follow.person', { name: p.name })}">${avatar}</button></li>`
        }
        return html`<li data-name="${p.name}" title="${p.name}">${avatar}<span class="visually-hidden">${p.name}${p.self ? ` (${t('editor.you')})` : ''}</span></li>`
      })}</ul>`,
    )
    if (focused) /** @type {HTMLElement | null} */ (this.querySelector(`button[data-client-id="${focused}"]`))?.focus()
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
