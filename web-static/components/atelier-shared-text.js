import { html, render } from '../lib/html.js'
import { diff } from '../lib/text-diff.js'

/**
 * A textarea bound to a shared Y.Text, keeping the caret in place on remote edits.
 *
 * Data down: `ytext` (a `Y.Text`, the shared type itself: text is edited character by
 * character, so the binding works on the type's deltas rather than on whole values) and
 * `readOnly`. Events up: none; local edits go straight into the Y.Text, in transactions
 * whose origin is this element.
 *
 * Local edits are turned into one delete and one insert by comparing the textarea with the
 * shared text (common prefix and suffix, in UTF-16 code units like Yjs, never splitting a
 * surrogate pair). Remote deltas shift the local selection.
 */
export class AtelierSharedText extends HTMLElement {
  /** @type {import('yjs').Text | null} */
  #ytext = null
  /** @type {HTMLTextAreaElement | null} */
  #area = null
  #readOnly = false

  /** @param {import('yjs').Text | null} ytext */
  set ytext(ytext) {
    this.#unbind()
    this.#ytext = ytext
    this.#bind()
  }

  /** @returns {import('yjs').Text | null} */
  get ytext() {
    return this.#ytext
  }

  /** @param {boolean} value */
  set readOnly(value) {
    this.#readOnly = value
    if (this.#area) this.#area.readOnly = value
  }

  /** @returns {boolean} */
  get readOnly() {
    return this.#readOnly
  }

  connectedCallback() {
    render(
      this,
      html`<h2><label for="shared-text">Shared text <small>(<code>text</code>, a Y.Text)</small></label></h2>
        <textarea id="shared-text" rows="8" spellcheck="true" placeholder="Type together…"></textarea>`,
    )
    this.#area = this.querySelector('textarea')
    if (this.#area) this.#area.readOnly = this.#readOnly
    this.#area?.addEventListener('input', this.#onInput)
    this.#bind()
  }

  disconnectedCallback() {
    this.#area?.removeEventListener('input', this.#onInput)
    this.#unbind()
  }

  #bind() {
    if (!this.#ytext || !this.#area) return
    this.#ytext.observe(this.#onRemote)
    this.#area.value = this.#ytext.toString()
  }

  #unbind() {
    this.#ytext?.unobserve(this.#onRemote)
  }

  #onInput = () => {
    const ytext = this.#ytext
    const area = this.#area
    if (!ytext || !area || !ytext.doc) return
    const before = ytext.toString()
    const after = area.value
    const { start, removed, inserted } = diff(before, after)
    if (removed === 0 && inserted === '') return
    ytext.doc.transact(() => {
      if (removed > 0) ytext.delete(start, removed)
      if (inserted !== '') ytext.insert(start, inserted)
    }, this)
  }

  /**
   * @param {import('yjs').YTextEvent} event
   * @param {import('yjs').Transaction} transaction
   */
  #onRemote = (event, transaction) => {
    const area = this.#area
    if (!area || transaction.origin === this) return
    let selStart = area.selectionStart
    let selEnd = area.selectionEnd
    const focused = document.activeElement === area
    let pos = 0
    for (const op of event.delta) {
      if (op.retain !== undefined) {
        pos += op.retain
      } else if (op.insert !== undefined) {
        const len = typeof op.insert === 'string' ? op.insert.length : 1
        if (pos < selStart) selStart += len
        if (pos < selEnd) selEnd += len
        pos += len
      } else if (op.delete !== undefined) {
        selStart = shiftForDelete(selStart, pos, op.delete)
        selEnd = shiftForDelete(selEnd, pos, op.delete)
      }
    }
    area.value = /** @type {import('yjs').Text} */ (this.#ytext).toString()
    if (focused) area.setSelectionRange(selStart, selEnd)
  }
}

/**
 * @param {number} caret
 * @param {number} at
 * @param {number} length
 * @returns {number}
 */
function shiftForDelete(caret, at, length) {
  if (caret <= at) return caret
  return caret - Math.min(length, caret - at)
}

export { diff }

customElements.define('atelier-shared-text', AtelierSharedText)
