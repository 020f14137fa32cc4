import { html, render } from '../lib/html.js'
import { describeValue } from '../lib/values.js'

/**
 * A shared list: shows its items, lets a person add a text item or delete one.
 *
 * Data down: `items` (the array's JSON, any values — other peers may put numbers or
 * objects there). Events up: `atelier-list-add` with `detail: { text }`,
 * `atelier-list-delete` with `detail: { index }`.
 */
export class AtelierSharedList extends HTMLElement {
  /** @type {unknown[]} */
  #items = []
  /** @type {HTMLOListElement | null} */
  #list = null
  /** @type {HTMLFormElement | null} */
  #form = null

  /** @param {unknown[]} items */
  set items(items) {
    this.#items = items
    this.#renderItems()
  }

  /** @returns {unknown[]} */
  get items() {
    return this.#items
  }

  connectedCallback() {
    render(
      this,
      html`<h2>Shared list <small>(<code>list</code>, a Y.Array)</small></h2>
        <form class="inline-form" autocomplete="off">
          <label class="visually-hidden" for="list-item-text">New item</label>
          <input id="list-item-text" name="text" placeholder="Add an item…" maxlength="500" required />
          <button type="submit">Add</button>
        </form>
        <ol class="shared-list"></ol>`,
    )
    this.#list = this.querySelector('ol')
    this.#form = this.querySelector('form')
    this.#form?.addEventListener('submit', this.#onSubmit)
    this.#list?.addEventListener('click', this.#onClick)
    this.#renderItems()
  }

  disconnectedCallback() {
    this.#form?.removeEventListener('submit', this.#onSubmit)
    this.#list?.removeEventListener('click', this.#onClick)
  }

  /** @param {SubmitEvent} event */
  #onSubmit = (event) => {
    event.preventDefault()
    const input = /** @type {HTMLInputElement} */ (this.#form?.elements.namedItem('text'))
    const text = input.value.trim()
    if (text === '') return
    input.value = ''
    this.dispatchEvent(new CustomEvent('atelier-list-add', { bubbles: true, detail: { text } }))
  }

  /** @param {Event} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-index]') : null
    if (!button) return
    const index = Number(button.getAttribute('data-index'))
    this.dispatchEvent(new CustomEvent('atelier-list-delete', { bubbles: true, detail: { index } }))
  }

  #renderItems() {
    if (!this.#list) return
    this.dataset.count = String(this.#items.length)
    render(
      this.#list,
      this.#items.length === 0
        ? html`<li class="empty">Nothing yet.</li>`
        : html`${this.#items.map(
            (item, index) =>
              html`<li>
                <span class="item-text">${describeValue(item)}</span>
                <button type="button" class="icon" data-index="${index}" aria-label="Delete item ${index + 1}" title="Delete">×</button>
              </li>`,
          )}`,
    )
  }
}

customElements.define('atelier-shared-list', AtelierSharedList)
