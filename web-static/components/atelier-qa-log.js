import { html, render } from '../lib/html.js'
import { formatDateTime, onLanguageChange, t } from '../lib/i18n.js'
import { QA_KEYS, QA_KINDS } from '../lib/pitch.js'

/**
 * The Q&A log of one group's pitch, for jurors: one keystroke per kind — `q` (question),
 * `o` (objection), `r` (remark) anywhere outside a text field opens the line with that kind,
 * then type and press Enter (Escape cancels). A shortcut never acts while the focus is in a
 * text field (input, textarea, select, contenteditable) or a dialog, and the key that
 * triggers it is never typed anywhere. Enter takes the focus out of the line at once (to the
 * kind buttons, the line cleared) so the next q, o or r starts the next entry rather than
 * typing into it; a refused line comes back for another try. Each entry can be marked answered (stamped with
 * the server's time, through the clock estimate) and edited (text and answer summary); the
 * server keeps every former version, shown under "edited n×".
 *
 * Data down: `entries` (QAEntry[], logged order), `clock` (`serverNow()`), `jurorNames`
 * (id → name), `canLog`, `error` (the server's last refusal, or null), `busy`. Events up:
 * `atelier-qa-log` with `detail: { kind, text }` and `atelier-qa-edit` with
 * `detail: { id, changes: { text?, answer?, answeredAt? } }`; the parent calls the API and
 * sets `entries` (a logged line is cleared by the parent through `logged()`). Mirrors
 * `data-kind` (the kind selected for the next line) and `data-count`.
 */
export class AtelierQaLog extends HTMLElement {
  /** @type {import('../lib/pitch.js').QAEntry[]} */
  #entries = []
  /** @type {{ serverNow(): number }} */
  clock = { serverNow: () => Date.now() }
  /** @type {Record<string, string>} */
  #names = {}
  #canLog = true
  /** @type {string | null} */
  #error = null
  /** @type {string | null} the line being logged (put back if the server refuses it) */
  #pending = null
  /** @type {import('../lib/pitch.js').QAEntry['kind']} */
  #kind = 'question'
  /** @type {string | null} the entry being edited */
  #editing = null
  /** @type {{ text: string, answer: string }} */
  #editDraft = { text: '', answer: '' }
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {import('../lib/pitch.js').QAEntry[]} entries */
  set entries(entries) {
    this.#entries = Array.isArray(entries) ? entries : []
    if (this.isConnected) this.#renderList()
  }

  /** @param {Record<string, string>} names */
  set jurorNames(names) {
    if (JSON.stringify(names ?? {}) === JSON.stringify(this.#names)) return
    this.#names = names ?? {}
    if (this.isConnected) this.#renderList()
  }

  /** @param {boolean} canLog */
  set canLog(canLog) {
    if (canLog === this.#canLog) return
    this.#canLog = canLog
    if (this.isConnected) this.#renderAll()
  }

  /** @param {string | null} error */
  set error(error) {
    this.#error = error
    const input = /** @type {HTMLInputElement | null} */ (this.querySelector('.qa-compose input[name="text"]'))
    if (error && this.#pending !== null && input && input.value === '') input.value = this.#pending
    if (error) this.#pending = null
    const slot = this.querySelector('.qa-error')
    if (slot) render(slot, error ? html`<p class="notice error" role="alert">${error}</p>` : html``)
  }

  /** @param {boolean} busy */
  set busy(busy) {
    for (const button of this.querySelectorAll('button')) button.disabled = busy
  }

  /** The last line was logged (the line was already cleared when it was sent; the kind stays). */
  logged() {
    this.#pending = null
  }

  connectedCallback() {
    this.#stopLanguage = onLanguageChange(() => this.#renderAll())
    this.addEventListener('click', this.#onClick)
    this.addEventListener('submit', this.#onSubmit)
    this.addEventListener('input', this.#onInput)
    this.addEventListener('keydown', this.#onLocalKey)
    window.addEventListener('keydown', this.#onKey)
    this.#renderAll()
  }

  disconnectedCallback() {
    this.#stopLanguage?.()
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('submit', this.#onSubmit)
    this.removeEventListener('input', this.#onInput)
    this.removeEventListener('keydown', this.#onLocalKey)
    window.removeEventListener('keydown', this.#onKey)
  }

  #renderAll() {
    this.dataset.kind = this.#kind
    render(
      this,
      html`<div class="section-header">
          <h2>${t('qa.title')}</h2>
          <span class="muted qa-keys">${t('qa.keysHint')}</span>
        </div>
        ${this.#canLog
          ? html`<form class="qa-compose" autocomplete="off">
              <div class="qa-kinds" role="radiogroup" aria-label="${t('qa.kind')}">
                ${QA_KINDS.map(
                  (kind) => html`<button type="button" role="radio" class="qa-kind-button kind-${kind}"
                    data-kind="${kind}" aria-checked="${String(kind === this.#kind)}">
                    <kbd>${kind[0].toUpperCase()}</kbd> ${t(/** @type {any} */ (`qa.kind.${kind}`))}
                  </button>`,
                )}
              </div>
              <input name="text" type="text" required maxlength="2000"
                aria-label="${t('qa.textLabel')}" placeholder="${t(/** @type {any} */ (`qa.placeholder.${this.#kind}`))}" />
              <button type="submit">${t('qa.log')}</button>
            </form>`
          : ''}
        <div class="qa-error"></div>
        <ol class="qa-list" reversed></ol>`,
    )
    this.error = this.#error
    this.#renderList()
  }

  #renderList() {
    const list = this.querySelector('.qa-list')
    if (!list) return
    this.dataset.count = String(this.#entries.length)
    const time = (/** @type {number | null | undefined} */ ms) =>
      typeof ms === 'number' ? formatDateTime(ms, { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : ''
    const entries = [...this.#entries].reverse()
    render(
      list,
      entries.length
        ? html`${entries.map((entry) => {
            const editing = this.#editing === entry.id
            const answered = typeof entry.answeredAt === 'number'
            return html`<li class="qa-entry" data-entry-id="${entry.id}" data-kind="${entry.kind}" data-answered="${String(answered)}">
              <span class="qa-badge kind-${entry.kind}" title="${t(/** @type {any} */ (`qa.kind.${entry.kind}`))}">${entry.kind[0].toUpperCase()}</span>
              <div class="qa-main">
                ${editing
                  ? html`<form class="qa-edit" data-entry-id="${entry.id}">
                      <label class="field">${t('qa.textLabel')}<input name="text" type="text" required value="${this.#editDraft.text}" /></label>
                      <label class="field">${t('qa.answerLabel')}<input name="answer" type="text" value="${this.#editDraft.answer}" placeholder="${t('qa.answerPlaceholder')}" /></label>
                      <div class="qa-edit-actions">
                        <button type="submit">${t('qa.save')}</button>
                        <button type="button" class="secondary" data-action="cancel">${t('qa.cancel')}</button>
                      </div>
                    </form>`
                  : html`<p class="qa-text">${entry.text}</p>
                      ${entry.answer ? html`<p class="qa-answer"><span aria-hidden="true">↳ </span>${entry.answer}</p>` : ''}`}
                <p class="qa-meta muted">
                  ${t('qa.askedAt', { time: time(entry.askedAt) })} · ${this.#names[entry.author] ?? entry.author}
                  ${answered ? html` · <span class="qa-answered">${t('qa.answeredAt', { time: time(entry.answeredAt) })}</span>` : ''}
                </p>
                ${entry.history?.length
                  ? html`<details class="qa-history">
                      <summary>${t('qa.edited', { count: entry.history.length })}</summary>
                      <ol>
                        ${entry.history.map(
                          (rev) => html`<li>
                            <span class="muted">${time(rev.editedAt)} · ${this.#names[rev.editedBy] ?? rev.editedBy}:</span>
                            ${rev.text}${rev.answer ? html` <span class="muted">↳ ${rev.answer}</span>` : ''}
                          </li>`,
                        )}
                      </ol>
                    </details>`
                  : ''}
              </div>
              ${editing || !this.#canLog
                ? ''
                : html`<div class="qa-actions">
                    ${answered ? '' : html`<button type="button" class="secondary small" data-action="answered">${t('qa.markAnswered')}</button>`}
                    <button type="button" class="secondary small" data-action="edit">${t('qa.edit')}</button>
                  </div>`}
            </li>`
          })}`
        : html`<li class="empty">${t('qa.empty')}</li>`,
    )
  }

  /** @param {import('../lib/pitch.js').QAEntry['kind']} kind */
  #selectKind(kind) {
    this.#kind = kind
    this.dataset.kind = kind
    for (const button of this.querySelectorAll('.qa-kind-button')) {
      button.setAttribute('aria-checked', String(/** @type {HTMLElement} */ (button).dataset.kind === kind))
    }
    const input = /** @type {HTMLInputElement | null} */ (this.querySelector('.qa-compose input[name="text"]'))
    if (input) {
      input.placeholder = t(/** @type {any} */ (`qa.placeholder.${kind}`))
      input.focus()
    }
  }

  /** @param {KeyboardEvent} event one keystroke per kind, outside text fields and dialogs */
  #onKey = (event) => {
    if (!this.#canLog || event.altKey || event.ctrlKey || event.metaKey || event.repeat || event.isComposing) return
    if (event.defaultPrevented || this.getClientRects().length === 0) return
    const target = event.target instanceof HTMLElement ? event.target : null
    if (target?.isContentEditable || target?.closest('input, textarea, select, [contenteditable], dialog')) return
    if (document.querySelector('dialog[open]')) return
    const kind = QA_KEYS[event.key.toLowerCase()]
    if (!kind) return
    event.preventDefault()
    this.#selectKind(kind)
  }

  /** @param {KeyboardEvent} event Escape leaves the line or the edit */
  #onLocalKey = (event) => {
    if (event.key !== 'Escape') return
    const target = event.target instanceof HTMLInputElement ? event.target : null
    if (target?.closest('.qa-compose')) {
      target.value = ''
      target.blur()
    } else if (target?.closest('.qa-edit')) {
      this.#editing = null
      this.#renderList()
    }
  }

  /** @param {Event} event */
  #onInput = (event) => {
    const target = event.target instanceof HTMLInputElement ? event.target : null
    if (target?.closest('.qa-edit') && (target.name === 'text' || target.name === 'answer')) {
      this.#editDraft = { ...this.#editDraft, [target.name]: target.value }
    }
  }

  /** @param {Event} event */
  #onSubmit = (event) => {
    event.preventDefault()
    const form = event.target instanceof HTMLFormElement ? event.target : null
    if (!form) return
    if (form.classList.contains('qa-compose')) {
      const input = /** @type {HTMLInputElement} */ (form.elements.namedItem('text'))
      const text = input.value.trim()
      if (!text) return
      // Out of the line at once: the next q, o or r picks the next entry's kind, never types here.
      this.#pending = text
      input.value = ''
      const kindButton = this.querySelector('.qa-kind-button[aria-checked="true"]')
      if (kindButton instanceof HTMLElement) kindButton.focus()
      this.dispatchEvent(new CustomEvent('atelier-qa-log', { bubbles: true, detail: { kind: this.#kind, text } }))
    } else if (form.classList.contains('qa-edit')) {
      const id = form.dataset.entryId ?? ''
      const entry = this.#entries.find((e) => e.id === id)
      if (!entry) return
      /** @type {{ text?: string, answer?: string }} */
      const changes = {}
      const text = this.#editDraft.text.trim()
      const answer = this.#editDraft.answer.trim()
      if (text && text !== entry.text) changes.text = text
      if (answer !== (entry.answer ?? '') && answer) changes.answer = answer
      this.#editing = null
      this.#renderList()
      if (Object.keys(changes).length) {
        this.dispatchEvent(new CustomEvent('atelier-qa-edit', { bubbles: true, detail: { id, changes } }))
      }
    }
  }

  /** @param {Event} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null
    if (!button) return
    if (button.classList.contains('qa-kind-button')) {
      this.#selectKind(/** @type {any} */ (button.dataset.kind))
      return
    }
    const li = /** @type {HTMLElement | null} */ (button.closest('li[data-entry-id]'))
    const entry = this.#entries.find((e) => e.id === li?.dataset.entryId)
    switch (button.dataset.action) {
      case 'answered':
        if (entry) {
          // Stamped with the server's time; never before the question (the server refuses that).
          const answeredAt = Math.max(entry.askedAt, Math.round(this.clock.serverNow()))
          this.dispatchEvent(new CustomEvent('atelier-qa-edit', { bubbles: true, detail: { id: entry.id, changes: { answeredAt } } }))
        }
        break
      case 'edit':
        if (entry) {
          this.#editing = entry.id
          this.#editDraft = { text: entry.text, answer: entry.answer ?? '' }
          this.#renderList()
          const answer = /** @type {HTMLInputElement | null} */ (this.querySelector('.qa-edit input[name="answer"]'))
          answer?.focus()
        }
        break
      case 'cancel':
        this.#editing = null
        this.#renderList()
        break
    }
  }
}

customElements.define('atelier-qa-log', AtelierQaLog)
