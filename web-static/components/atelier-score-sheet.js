import { html, render } from '../lib/html.js'
import { formatDateTime, formatDuration, localized, onLanguageChange, t } from '../lib/i18n.js'
import { formatScore, scaleSteps } from '../lib/pitch.js'

/**
 * A juror's score sheet for one group: every criterion of the rubric with its scale's steps
 * (a radio group) and an optional comment. "Save draft" keeps it private on the server;
 * "Submit" saves and submits, after which the sheet is locked (the server refuses changes).
 * The server's refusals (e.g. 422 naming the criteria still unscored) are shown as given.
 * The measured overtime is shown beside the criterion that `showsOvertime`.
 *
 * Data down: `criteria` (Criterion[]), `scale`, `sheet` (the server's ScoreSheet, or null
 * while loading), `overtimeMs` (null before the pitch stopped), `busy`, `feedback`
 * (`{ kind: 'ok' | 'error', text }` or null). Local edits survive a new `sheet` until they are
 * saved. Events up: `atelier-scores-save` and `atelier-scores-submit`, both with
 * `detail: { scores }` in the body shape of `PUT …/scores`. Mirrors `data-submitted`,
 * `data-dirty` and `data-scored` ("n/total").
 */
export class AtelierScoreSheet extends HTMLElement {
  /** @type {import('../lib/pitch.js').Criterion[]} */
  #criteria = []
  /** @type {unknown} */
  #givenCriteria = null
  /** @type {import('../lib/pitch.js').Scale} */
  #scale = { min: 0, max: 5, step: 0.5 }
  /** @type {import('../lib/pitch.js').ScoreSheet | null} */
  #sheet = null
  /** @type {Record<string, { score: number | null, comment: string }>} */
  #draft = {}
  #dirty = false
  /** @type {number | null} */
  #overtimeMs = null
  /** @type {{ kind: 'ok' | 'error', text: string } | null} */
  #feedback = null
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {import('../lib/pitch.js').Criterion[]} criteria */
  set criteria(criteria) {
    if (criteria === this.#givenCriteria) return
    this.#givenCriteria = criteria
    // Criteria the facilitators assess (`assessor: "facilitator"`) are not on a juror's sheet.
    this.#criteria = Array.isArray(criteria) ? criteria.filter((c) => c.assessor !== 'facilitator') : []
    this.#rerender()
  }

  /** @param {import('../lib/pitch.js').Scale} scale */
  set scale(scale) {
    if (scale === this.#scale) return
    this.#scale = scale
    this.#rerender()
  }

  /** @param {import('../lib/pitch.js').ScoreSheet | null} sheet */
  set sheet(sheet) {
    this.#sheet = sheet
    if (!this.#dirty || sheet?.submittedAt != null) {
      this.#dirty = false
      this.#draft = Object.fromEntries(
        Object.entries(sheet?.entries ?? {}).map(([id, e]) => [id, { score: typeof e?.score === 'number' ? e.score : null, comment: e?.comment ?? '' }]),
      )
    }
    this.#rerender()
  }

  /** @param {number | null} ms */
  set overtimeMs(ms) {
    const value = typeof ms === 'number' ? ms : null
    if (value === this.#overtimeMs) return
    this.#overtimeMs = value
    this.#rerender()
  }

  /** @param {boolean} busy */
  set busy(busy) {
    for (const button of this.querySelectorAll('.sheet-actions button')) /** @type {HTMLButtonElement} */ (button).disabled = busy
  }

  /** @param {{ kind: 'ok' | 'error', text: string } | null} feedback */
  set feedback(feedback) {
    this.#feedback = feedback
    this.#renderFeedback()
  }

  /** Marks the local edits as saved (the parent calls it after a successful PUT). */
  saved() {
    this.#dirty = false
    this.dataset.dirty = 'false'
  }

  connectedCallback() {
    this.#stopLanguage = onLanguageChange(() => this.#rerender())
    this.addEventListener('change', this.#onChange)
    this.addEventListener('input', this.#onInput)
    this.addEventListener('click', this.#onClick)
    this.addEventListener('submit', this.#onSubmit)
    this.#rerender()
  }

  disconnectedCallback() {
    this.#stopLanguage?.()
    this.removeEventListener('change', this.#onChange)
    this.removeEventListener('input', this.#onInput)
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('submit', this.#onSubmit)
  }

  /** @returns {Record<string, { score: number | null, comment: string }>} the PUT body's `scores` */
  #scores() {
    return Object.fromEntries(
      this.#criteria.map((c) => [c.id, { score: this.#draft[c.id]?.score ?? null, comment: this.#draft[c.id]?.comment ?? '' }]),
    )
  }

  #scoredCount() {
    return this.#criteria.filter((c) => typeof this.#draft[c.id]?.score === 'number').length
  }

  #rerender() {
    if (!this.isConnected) return
    const sheet = this.#sheet
    const locked = sheet?.submittedAt != null
    this.dataset.submitted = String(locked)
    this.dataset.dirty = String(this.#dirty)
    this.dataset.scored = `${this.#scoredCount()}/${this.#criteria.length}`
    const steps = scaleSteps(this.#scale)
    render(
      this,
      html`<div class="section-header">
          <h2>${t('sheet.title')} <small>· ${t('sheet.scale', { min: formatScore(this.#scale.min), max: formatScore(this.#scale.max), step: formatScore(this.#scale.step) })}</small></h2>
          <span class="badge ${locked ? 'writable' : 'draft'}">${locked ? t('sheet.submitted') : t('sheet.draft')}</span>
        </div>
        ${locked && sheet?.submittedAt ? html`<p class="notice ok">${t('sheet.lockedAt', { time: formatDateTime(sheet.submittedAt, { timeStyle: 'short' }) })}</p>` : ''}
        ${sheet === null
          ? html`<p class="loading">${t('common.loading')}</p>`
          : html`<form class="score-form">
              <ol class="criteria">
                ${this.#criteria.map((criterion) => {
                  const entry = this.#draft[criterion.id]
                  const score = typeof entry?.score === 'number' ? entry.score : null
                  const name = `score-${criterion.id}`
                  return html`<li class="criterion" data-criterion-id="${criterion.id}" data-score="${score === null ? '' : String(score)}">
                    <div class="criterion-head">
                      ${criterion.block ? html`<span class="block-tag">${criterion.block}</span>` : ''}
                      <p class="criterion-label" id="${`label-${criterion.id}`}">${localized(criterion.label, criterion.id)}</p>
                      ${criterion.weight !== 1 ? html`<span class="muted">×${formatScore(criterion.weight)}</span>` : ''}
                    </div>
                    ${criterion.showsOvertime
                      ? html`<p class="overtime-note ${this.#overtimeMs ? 'over' : ''}">${this.#overtimeMs === null
                          ? t('sheet.overtimeUnknown')
                          : this.#overtimeMs > 0
                            ? t('sheet.overtime', { time: formatDuration(this.#overtimeMs), ms: this.#overtimeMs })
                            : t('sheet.inTime')}</p>`
                      : ''}
                    <div class="scale-steps" role="radiogroup" aria-labelledby="${`label-${criterion.id}`}">
                      ${steps.map(
                        (step) => html`<label class="scale-step">
                          <input type="radio" name="${name}" value="${String(step)}" ${score === step ? html`checked` : ''} ${locked ? html`disabled` : ''} />
                          <span>${formatScore(step)}</span>
                        </label>`,
                      )}
                      ${score !== null && !locked ? html`<button type="button" class="link-button" data-action="clear" data-criterion="${criterion.id}">${t('sheet.clear')}</button>` : ''}
                    </div>
                    <textarea name="${`comment-${criterion.id}`}" rows="1" maxlength="4000" placeholder="${t('sheet.commentPlaceholder')}"
                      aria-label="${t('sheet.comment')}" ${locked ? html`disabled` : ''}>${entry?.comment ?? ''}</textarea>
                  </li>`
                })}
              </ol>
              ${locked
                ? ''
                : html`<div class="sheet-actions">
                    <p class="sheet-progress muted">${t('sheet.progress', { n: this.#scoredCount(), total: this.#criteria.length })}</p>
                    <button type="button" class="secondary" data-action="save">${t('sheet.save')}</button>
                    <button type="submit">${t('sheet.submit')}</button>
                  </div>`}
              <div class="sheet-feedback"></div>
            </form>`}`,
    )
    this.#renderFeedback()
  }

  #renderFeedback() {
    const slot = this.querySelector('.sheet-feedback')
    if (!slot) return
    const feedback = this.#feedback
    render(slot, feedback ? html`<p class="notice ${feedback.kind}" role="${feedback.kind === 'error' ? 'alert' : 'status'}">${feedback.text}</p>` : html``)
  }

  #markDirty() {
    this.#dirty = true
    this.dataset.dirty = 'true'
    this.dataset.scored = `${this.#scoredCount()}/${this.#criteria.length}`
    const progress = this.querySelector('.sheet-progress')
    if (progress) render(progress, html`${t('sheet.progress', { n: this.#scoredCount(), total: this.#criteria.length })} · ${t('sheet.unsaved')}`)
  }

  /** @param {Event} event */
  #onChange = (event) => {
    const input = event.target instanceof HTMLInputElement ? event.target : null
    if (!input || input.type !== 'radio' || !input.name.startsWith('score-')) return
    const id = input.name.slice('score-'.length)
    this.#draft[id] = { score: Number(input.value), comment: this.#draft[id]?.comment ?? '' }
    const li = /** @type {HTMLElement | null} */ (input.closest('li.criterion'))
    if (li) li.dataset.score = input.value
    this.#markDirty()
  }

  /** @param {Event} event */
  #onInput = (event) => {
    const area = event.target instanceof HTMLTextAreaElement ? event.target : null
    if (!area || !area.name.startsWith('comment-')) return
    const id = area.name.slice('comment-'.length)
    this.#draft[id] = { score: this.#draft[id]?.score ?? null, comment: area.value }
    this.#markDirty()
  }

  /** @param {Event} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null
    if (!(button instanceof HTMLButtonElement)) return
    if (button.dataset.action === 'save') {
      this.dispatchEvent(new CustomEvent('atelier-scores-save', { bubbles: true, detail: { scores: this.#scores() } }))
    } else if (button.dataset.action === 'clear') {
      const id = button.dataset.criterion ?? ''
      this.#draft[id] = { score: null, comment: this.#draft[id]?.comment ?? '' }
      this.#dirty = true
      this.#rerender()
    }
  }

  /** @param {Event} event */
  #onSubmit = (event) => {
    event.preventDefault()
    this.dispatchEvent(new CustomEvent('atelier-scores-submit', { bubbles: true, detail: { scores: this.#scores() } }))
  }
}

customElements.define('atelier-score-sheet', AtelierScoreSheet)
