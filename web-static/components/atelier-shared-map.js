import { html, render } from '../lib/html.js'
import { describeValue } from '../lib/values.js'

/**
 * A shared map's entries, with a form to set a key to a text value or remove a key.
 *
 * Data down: `entries` (the map's JSON object). Events up: `atelier-map-set` with
 * `detail: { key, value }`, `atelier-map-delete` with `detail: { key }`.
 */
export class AtelierSharedMap extends HTMLElement {
  /** @type {Record<string, unknown>} */
  #entries = {}
  /** @type {HTMLElement | null} */
  #body = null
  /** @type {HTMLFormElement | null} */
  #form = null

  /** @param {Record<string, unknown>} entries */
  set entries(entries) {
    this.#entries = entries
    this.#renderEntries()
  }

  /** @returns {Record<string, unknown>} */
  get entries() {
    return this.#entries
  }

  connectedCallback() {
    render(
      this,
      html`<h2>Shared map <small>(<code>map</code>, a Y.Map)</small></h2>
        <form class="inline-form" autocomplete="off">
          <label class="visually-hidden" for="map-key">Key</label>
          <input id="map-key" name="key" placeholder="key" maxlength="100" required />
          <label class="visually-hidden" for="map-value">Value</label>
          <input id="map-value" name="value" placeholder="value" maxlength="500" />
          <button type="submit">Set</button>
        </form>
        <table class="shared-map">
          <thead><tr><th scope="col">Key</th><th scope="col">Value</th><th></th></tr></thead>
          <tbody></tbody>
        </table>`,
    )
    this.#body = this.querySelector('tbody')
    this.#form = this.querySelector('form')
    this.#form?.addEventListener('submit', this.#onSubmit)
    this.#body?.addEventListener('click', this.#onClick)
    this.#renderEntries()
  }

  disconnectedCallback() {
    this.#form?.removeEventListener('submit', this.#onSubmit)
    this.#body?.removeEventListener('click', this.#onClick)
  }

  /** @param {SubmitEvent} event */
  #onSubmit = (event) => {
    event.preventDefault()
    const form = /** @type {HTMLFormElement} */ (this.#form)
    const keyInput = /** @type {HTMLInputElement} */ (form.elements.namedItem('key'))
    const valueInput = /** @type {HTMLInputElement} */ (form.elements.namedItem('value'))
    const key = keyInput.value.trim()
    if (key === '') return
    const value = valueInput.value
    keyInput.value = ''
    valueInput.value = ''
    keyInput.focus()
    this.dispatchEvent(new CustomEvent('atelier-map-set', { bubbles: true, detail: { key, value } }))
  }

  /** @param {Event} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-key]') : null
    if (!button) return
    const key = button.getAttribute('data-key') ?? ''
    this.dispatchEvent(new CustomEvent('atelier-map-delete', { bubbles: true, detail: { key } }))
  }

  #renderEntries() {
    if (!this.#body) return
    const keys = Object.keys(this.#entries).sort()
    this.dataset.count = String(keys.length)
    render(
      this.#body,
      keys.length === 0
        ? html`<tr><td colspan="3" class="empty">No keys yet.</td></tr>`
        : html`${keys.map(
            (key) =>
              html`<tr>
                <th scope="row"><code>${key}</code></th>
                <td>${describeValue(this.#entries[key])}</td>
                <td><button type="button" class="icon" data-key="${key}" aria-label="Remove ${key}" title="Remove">×</button></td>
              </tr>`,
          )}`,
    )
  }
}

customElements.define('atelier-shared-map', AtelierSharedMap)
