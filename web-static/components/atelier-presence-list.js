import { html, render } from '../lib/html.js'

/**
 * @typedef {object} Person
 * @property {number} clientId the Yjs client id of the awareness state
 * @property {string} name
 * @property {string} color `#rrggbb`, already validated
 * @property {boolean} self whether this is the local client
 */

/**
 * Who is on the board, and this person's own display name.
 *
 * Data down: `people` ({@link Person}[]), `name` (the local name shown in the field).
 * Events up: `atelier-rename` with `detail: { name }` as the person edits their name.
 */
export class AtelierPresenceList extends HTMLElement {
  /** @type {Person[]} */
  #people = []
  #name = ''
  /** @type {HTMLInputElement | null} */
  #field = null
  /** @type {HTMLElement | null} */
  #list = null

  /** @param {Person[]} people */
  set people(people) {
    this.#people = people
    this.#renderPeople()
  }

  /** @returns {Person[]} */
  get people() {
    return this.#people
  }

  /** @param {string} name */
  set name(name) {
    this.#name = name
    if (this.#field && this.#field.value !== name && document.activeElement !== this.#field) {
      this.#field.value = name
    }
  }

  /** @returns {string} */
  get name() {
    return this.#name
  }

  connectedCallback() {
    render(
      this,
      html`<h2>Who is here</h2>
        <label class="field"
          >Your name
          <input name="display-name" maxlength="60" autocomplete="nickname" value="${this.#name}"
        /></label>
        <ul class="people" aria-label="People on this board"></ul>`,
    )
    this.#field = this.querySelector('input')
    this.#list = this.querySelector('.people')
    this.#field?.addEventListener('input', this.#onInput)
    this.#renderPeople()
  }

  disconnectedCallback() {
    this.#field?.removeEventListener('input', this.#onInput)
  }

  #onInput = () => {
    const name = (this.#field?.value ?? '').trim()
    if (name === '') return
    this.#name = name
    this.dispatchEvent(new CustomEvent('atelier-rename', { bubbles: true, detail: { name } }))
  }

  #renderPeople() {
    if (!this.#list) return
    this.dataset.count = String(this.#people.length)
    render(
      this.#list,
      html`${this.#people.map(
        (p) =>
          html`<li data-client-id="${p.clientId}">
            <span class="avatar" aria-hidden="true">${initials(p.name)}</span
            ><span class="person-name">${p.name}</span>${p.self ? html` <em>(you)</em>` : ''}
          </li>`,
      )}`,
    )
    // Colours go through the CSSOM, not a style attribute, so a strict CSP needs no
    // 'unsafe-inline' for styles.
    this.#list.querySelectorAll('.avatar').forEach((avatar, i) => {
      if (avatar instanceof HTMLElement) avatar.style.backgroundColor = this.#people[i].color
    })
  }
}

/** @param {string} name @returns {string} up to two initials */
function initials(name) {
  const parts = name.split(/\s+/).filter(Boolean)
  return parts
    .slice(0, 2)
    .map((w) => Array.from(w)[0].toUpperCase())
    .join('')
}

customElements.define('atelier-presence-list', AtelierPresenceList)
