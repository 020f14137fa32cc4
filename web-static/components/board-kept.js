import { html, render } from '../lib/html.js'
import { formatDateTime, onLanguageChange, t } from '../lib/i18n.js'
import { previewChanges } from '../board/kept-edits.js'

/**
 * @typedef {object} KeptEntry
 * @property {string} id `typing-…` for text captured in this page, else the quarantine entry's id
 * @property {string[]} texts what the refused edits would add (as the person can copy it)
 * @property {number} [count] how many refused edits the entry holds
 * @property {number} at epoch ms
 * @property {boolean} [typing] captured from the text box that was open (not from the server)
 * @property {unknown} [preview] the server's preview of the entry (what it adds besides texts: items, slides)
 */

/**
 * "Kept for the facilitator": the edits of this person that the server refused and kept in
 * quarantine on this board, with the text they typed and a Copy button each, so nothing
 * seems to vanish. Entries come from `GET /api/v1/boards/{id}/quarantine/mine` and from the
 * text box that was open when the refusal (or the lock) came.
 *
 * Data down: `entries` ({@link KeptEntry}[]). Events up: `atelier-kept-dismiss` when the
 * person hides the panel. Mirrors `data-count`; each entry is `li[data-kept-id]` with its
 * texts in `.kept-text`.
 */
export class AtelierBoardKept extends HTMLElement {
  /** @type {KeptEntry[]} */
  #entries = []
  /** @type {string | null} */
  #copied = null
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {KeptEntry[]} entries */
  set entries(entries) {
    this.#entries = entries
    this.#render()
  }

  get entries() {
    return this.#entries
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

  /** @param {MouseEvent} event */
  #onClick = async (event) => {
    const button = /** @type {HTMLElement | null} */ ((/** @type {Element} */ (event.target)).closest('button[data-action]'))
    if (!button) return
    if (button.dataset.action === 'dismiss') {
      this.dispatchEvent(new CustomEvent('atelier-kept-dismiss', { bubbles: true }))
      return
    }
    const holder = button.closest('.kept-item')
    const text = holder?.querySelector('.kept-text')?.textContent ?? ''
    if (!text) return
    try {
      await navigator.clipboard.writeText(text)
    } catch {
      // No clipboard (insecure context): select the text so the person can copy it.
      const range = document.createRange()
      const node = holder?.querySelector('.kept-text')
      if (node) {
        range.selectNodeContents(node)
        getSelection()?.removeAllRanges()
        getSelection()?.addRange(range)
      }
    }
    this.#copied = holder?.getAttribute('data-text-key') ?? null
    this.#render()
  }

  #render() {
    if (!this.isConnected) return
    const entries = this.#entries
    this.dataset.count = String(entries.length)
    this.hidden = entries.length === 0
    render(
      this,
      html`<section class="kept" aria-labelledby="kept-title">
        <div class="kept-head">
          <h2 id="kept-title">${t('editor.kept.title')}</h2>
          <button type="button" class="secondary small" data-action="dismiss">${t('editor.kept.close')}</button>
        </div>
        <p class="help">${t('editor.kept.help')}</p>
        <ul class="kept-list">
          ${entries.map(
            (entry) => html`<li data-kept-id="${entry.id}">
              <p class="kept-meta muted">${entry.typing ? t('editor.kept.typing') : t('editor.kept.count', { count: entry.count ?? 1 })} · ${formatDateTime(entry.at, { timeStyle: 'short' })}</p>
              ${entry.texts.length
                ? entry.texts.map((text, i) => {
                    const key = `${entry.id}:${i}`
                    return html`<div class="kept-item" data-text-key="${key}">
                      <blockquote class="kept-text">${text}</blockquote>
                      <button type="button" class="secondary small" data-action="copy">${this.#copied === key ? t('editor.kept.copied') : t('editor.kept.copy')}</button>
                    </div>`
                  })
                : previewChanges(entry.preview).length
                  ? html`<p class="muted kept-changes">${previewChanges(entry.preview).join(', ')}</p>`
                  : html`<p class="muted">${t('editor.kept.none')}</p>`}
            </li>`,
          )}
        </ul>
      </section>`,
    )
  }
}

customElements.define('atelier-board-kept', AtelierBoardKept)
