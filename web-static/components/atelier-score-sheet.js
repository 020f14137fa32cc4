import { keepFocus } from '../lib/focus.js'
import { html, render } from '../lib/html.js'
import { formatDateTime, formatDuration, localized, onLanguageChange, t } from '../lib/i18n.js'
import { formatScore, scaleSteps } from '../lib/pitch.js'
import { confirmStep } from './confirm-step.js'
import { countText, followText, overrideCount, overridesSection, parseOverrideName } from './score-overrides.js'

/**
 * A juror's score sheet for one group: every jury criterion of the rubric with its scale's
 * steps (a radio group: arrow keys move along it) and an optional comment, then one part per
 * candidate of the group where any criterion can be overridden for that candidate
 * (components/score-overrides.js). "Save draft" keeps it private on the server; "Submit"
 * first asks in a dialog (it locks the sheet and its overrides), then saves and submits,
 * after which the sheet is locked (the server refuses changes). The server's refusals (e.g.
 * 422 naming the criteria still unscored) are said from their code, criteria by their labels.
 * The measured overtime is shown beside the criterion that `showsOvertime`. Criteria the
 * facilitator assesses never appear here.
 *
 * What the juror picks is saved as a draft on its own, two seconds after the last change
 * (`detail.auto`), and at once before the page shows another group; while something is not
 * saved, leaving or reloading the page asks first.
 *
 * Data down: `criteria` (Criterion[]), `scale`, `candidates` (`{ id, name }[]`, the group's),
 * `sheet` (the server's ScoreSheet with its `overrides`, or null while loading), `closed`
 * (the jury's record is signed: everything read-only), `overtimeMs` (null before the pitch
 * stopped), `busy`, `feedback` (`{ kind: 'ok' | 'error', text }` or null). Local edits survive
 * a new `sheet` until they are saved. Events up: `atelier-scores-save` and
 * `atelier-scores-submit` (after the confirmation), both with `detail: { scores, overrides, version }`:
 * `scores` in the body shape of `PUT …/scores`, `overrides` candidate id → the body's `scores`
 * of `PUT …/candidates/{cid}/scores` (only what changed; a null score removes an override).
 * Mirrors `data-submitted`, `data-dirty`, `data-scored` ("n/total") and `data-overrides`
 * (how many overrides in all).
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
  /** Counts local edits: a save answers for the edits made before it was sent, not after. */
  #version = 0
  /** @type {ReturnType<typeof setTimeout> | null} the pending automatic save */
  #autosave = null
  /** @type {{ id: string, name: string }[]} */
  #candidates = []
  /** @type {import('./score-overrides.js').OverrideDrafts} */
  #overrides = {}
  /** @type {Set<string>} `${candidate}\n${criterion}` changed since the last save */
  #changed = new Set()
  /** @type {Set<string>} candidates whose part is open */
  #open = new Set()
  #closed = false
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

  /** @param {{ id: string, name: string }[]} candidates */
  set candidates(candidates) {
    const list = Array.isArray(candidates) ? candidates : []
    if (list.length === this.#candidates.length && list.every((c, i) => c.id === this.#candidates[i]?.id && c.name === this.#candidates[i]?.name)) return
    this.#candidates = list
    this.#rerender()
  }

  /** @param {boolean} closed */
  set closed(closed) {
    if (Boolean(closed) === this.#closed) return
    this.#closed = Boolean(closed)
    this.#rerender()
  }

  /** @param {import('../lib/pitch.js').ScoreSheet | null} sheet */
  set sheet(sheet) {
    if (sheet !== this.#sheet && this.#sheet?.group !== sheet?.group) this.#open.clear()
    // Another group's sheet replaces this one's edits (the console saved them before switching).
    const otherGroup = Boolean(sheet && this.#sheet && sheet.group !== this.#sheet.group)
    this.#sheet = sheet
    if (!this.#dirty || otherGroup || sheet?.submittedAt != null) {
      this.#cancelAutosave()
      this.#dirty = false
      this.#changed.clear()
      this.#draft = Object.fromEntries(
        Object.entries(sheet?.entries ?? {}).map(([id, e]) => [id, { score: typeof e?.score === 'number' ? e.score : null, comment: e?.comment ?? '' }]),
      )
      const overrides = /** @type {Record<string, Record<string, import('../lib/pitch.js').ScoreEntry>>} */ (/** @type {any} */ (sheet)?.overrides ?? {})
      this.#overrides = Object.fromEntries(
        Object.entries(overrides).map(([candidate, entries]) => [
          candidate,
          Object.fromEntries(
            Object.entries(entries ?? {})
              .filter(([, e]) => typeof e?.score === 'number')
              .map(([id, e]) => [id, { score: /** @type {number} */ (e.score), comment: e?.comment ?? '' }]),
          ),
        ]),
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

  /**
   * Marks the local edits as saved (the parent calls it after every PUT succeeded); edits
   * made while the save was on its way (a newer `version`) stay to be saved.
   * @param {number} [version] the `version` of the event that was saved
   */
  saved(version) {
    if (version !== undefined && version !== this.#version) return
    this.#dirty = false
    this.#changed.clear()
    this.dataset.dirty = 'false'
    const progress = this.querySelector('.sheet-progress')
    if (progress) render(progress, html`${t('sheet.progress', { n: this.#scoredCount(), total: this.#criteria.length })}`)
  }

  /** Saves what is not saved yet, now (before the console shows another group). */
  flush() {
    if (!this.#dirty || this.#locked) return
    this.#cancelAutosave()
    this.#dispatchSave(true)
  }

  get #locked() {
    return this.#sheet?.submittedAt != null || this.#closed
  }

  /** @param {boolean} auto */
  #dispatchSave(auto) {
    this.dispatchEvent(
      new CustomEvent('atelier-scores-save', {
        bubbles: true,
        detail: { scores: this.#scores(), overrides: this.#overrideChanges(), version: this.#version, auto },
      }),
    )
  }

  #cancelAutosave() {
    if (this.#autosave !== null) clearTimeout(this.#autosave)
    this.#autosave = null
  }

  /** @param {BeforeUnloadEvent} event leaving with picks not saved asks first */
  #onBeforeUnload = (event) => {
    if (!this.#dirty || this.#locked) return
    event.preventDefault()
    event.returnValue = ''
  }

  connectedCallback() {
    this.#stopLanguage = onLanguageChange(() => this.#rerender())
    this.addEventListener('change', this.#onChange)
    this.addEventListener('input', this.#onInput)
    this.addEventListener('click', this.#onClick)
    this.addEventListener('submit', this.#onSubmit)
    this.addEventListener('toggle', this.#onToggle, true)
    window.addEventListener('beforeunload', this.#onBeforeUnload)
    this.#rerender()
  }

  disconnectedCallback() {
    this.#stopLanguage?.()
    this.removeEventListener('change', this.#onChange)
    this.removeEventListener('input', this.#onInput)
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('submit', this.#onSubmit)
    this.removeEventListener('toggle', this.#onToggle, true)
    window.removeEventListener('beforeunload', this.#onBeforeUnload)
    this.#cancelAutosave()
  }

  /** @returns {Record<string, { score: number | null, comment: string }>} the PUT body's `scores` */
  #scores() {
    return Object.fromEntries(
      this.#criteria.map((c) => [c.id, { score: this.#draft[c.id]?.score ?? null, comment: this.#draft[c.id]?.comment ?? '' }]),
    )
  }

  /** @returns {Record<string, Record<string, { score: number | null, comment: string }>>} what changed, per candidate */
  #overrideChanges() {
    /** @type {Record<string, Record<string, { score: number | null, comment: string }>>} */
    const out = {}
    for (const key of this.#changed) {
      const [candidate, criterion] = key.split('\n')
      const draft = this.#overrides[candidate]?.[criterion]
      const score = typeof draft?.score === 'number' ? draft.score : null
      ;(out[candidate] ??= {})[criterion] = { score, comment: score === null ? '' : draft?.comment ?? '' }
    }
    return out
  }

  #scoredCount() {
    return this.#criteria.filter((c) => typeof this.#draft[c.id]?.score === 'number').length
  }

  #overrideTotal() {
    return this.#candidates.reduce((n, c) => n + overrideCount(this.#overrides[c.id]), 0)
  }

  #rerender() {
    if (!this.isConnected) return
    const sheet = this.#sheet
    const submitted = sheet?.submittedAt != null
    const locked = submitted || this.#closed
    this.dataset.submitted = String(submitted)
    this.dataset.dirty = String(this.#dirty)
    this.dataset.scored = `${this.#scoredCount()}/${this.#criteria.length}`
    this.dataset.overrides = String(this.#overrideTotal())
    const steps = scaleSteps(this.#scale)
    keepFocus(this, () => render(
      this,
      html`<div class="section-header">
          <h2>${t('sheet.title')} <small>· ${t('sheet.scale', { min: formatScore(this.#scale.min), max: formatScore(this.#scale.max), step: formatScore(this.#scale.step) })}</small></h2>
          <span class="badge ${submitted ? 'writable' : 'draft'}">${submitted ? t('sheet.submitted') : t('sheet.draft')}</span>
        </div>
        ${submitted && sheet?.submittedAt ? html`<p class="notice ok">${t('sheet.lockedAt', { time: formatDateTime(sheet.submittedAt, { timeStyle: 'short' }) })}</p>` : ''}
        ${this.#closed ? html`<p class="notice info">${t('sheet.recordClosed')}</p>` : ''}
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
                    <div class="scale-row">
                      <div class="scale-steps" role="radiogroup" aria-labelledby="${`label-${criterion.id}`}">
                        ${steps.map(
                          (step) => html`<label class="scale-step">
                            <input type="radio" name="${name}" value="${String(step)}" ${score === step ? html`checked` : ''} ${locked ? html`disabled` : ''} />
                            <span>${formatScore(step)}</span>
                          </label>`,
                        )}
                      </div>
                      ${score !== null && !locked ? html`<button type="button" class="link-button" data-action="clear" data-criterion="${criterion.id}">${t('sheet.clear')}</button>` : ''}
                    </div>
                    <textarea name="${`comment-${criterion.id}`}" rows="1" maxlength="4000" placeholder="${t('sheet.commentPlaceholder')}"
                      aria-label="${t('sheet.comment')}" ${locked ? html`disabled` : ''}>${entry?.comment ?? ''}</textarea>
                  </li>`
                })}
              </ol>
              ${overridesSection({
                candidates: this.#candidates,
                criteria: this.#criteria,
                steps,
                group: this.#draft,
                overrides: this.#overrides,
                open: this.#open,
                locked,
              })}
              ${locked
                ? ''
                : html`<div class="sheet-actions">
                    <p class="sheet-progress muted">${t('sheet.progress', { n: this.#scoredCount(), total: this.#criteria.length })}</p>
                    <button type="button" class="secondary" data-action="save">${t('sheet.save')}</button>
                    <button type="submit">${t('sheet.submit')}</button>
                  </div>`}
              <div class="sheet-feedback"></div>
            </form>`}`,
    ))
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
    this.#version += 1
    this.dataset.dirty = 'true'
    this.#cancelAutosave()
    this.#autosave = setTimeout(() => {
      this.#autosave = null
      if (this.#dirty && !this.#locked && this.isConnected) this.#dispatchSave(true)
    }, 2000)
    this.dataset.scored = `${this.#scoredCount()}/${this.#criteria.length}`
    const progress = this.querySelector('.sheet-progress')
    if (progress) render(progress, html`${t('sheet.progress', { n: this.#scoredCount(), total: this.#criteria.length })} · ${t('sheet.unsaved')}`)
  }

  /** @param {Event} event */
  #onChange = (event) => {
    const input = event.target instanceof HTMLInputElement ? event.target : null
    if (!input || input.type !== 'radio') return
    const override = parseOverrideName(input.name)
    if (override) {
      this.#setOverride(override.candidate, override.criterion, input.value === '' ? null : Number(input.value))
      return
    }
    if (!input.name.startsWith('score-')) return
    const id = input.name.slice('score-'.length)
    this.#draft[id] = { score: Number(input.value), comment: this.#draft[id]?.comment ?? '' }
    const li = /** @type {HTMLElement | null} */ (input.closest('li.criterion'))
    if (li) li.dataset.score = input.value
    // What "follow the group" says for this criterion, on every candidate's part.
    for (const hint of this.querySelectorAll(`[data-follow="${CSS.escape(id)}"]`)) hint.textContent = followText(Number(input.value))
    this.#markDirty()
  }

  /**
   * A candidate's override of a criterion changed (null: follows the group sheet again). Shown
   * in place, so the focus stays on the radio group.
   * @param {string} candidate
   * @param {string} criterion
   * @param {number | null} score
   */
  #setOverride(candidate, criterion, score) {
    const drafts = (this.#overrides[candidate] ??= {})
    if (score === null) delete drafts[criterion]
    else drafts[criterion] = { score, comment: drafts[criterion]?.comment ?? '' }
    this.#changed.add(`${candidate}\n${criterion}`)
    const part = this.querySelector(`details.candidate-sheet[data-candidate-id="${CSS.escape(candidate)}"]`)
    const row = part?.querySelector(`li.override-row[data-criterion-id="${CSS.escape(criterion)}"]`)
    if (row instanceof HTMLElement) {
      row.dataset.override = String(score !== null)
      const badge = row.querySelector('.override-badge')
      if (badge instanceof HTMLElement) badge.hidden = score === null
      const comment = row.querySelector('textarea')
      if (comment instanceof HTMLTextAreaElement) {
        comment.hidden = score === null
        if (score === null) comment.value = ''
      }
    }
    if (part instanceof HTMLElement) {
      const count = overrideCount(drafts)
      part.dataset.overrides = String(count)
      const text = part.querySelector('.override-count')
      if (text) text.textContent = countText(count)
    }
    this.dataset.overrides = String(this.#overrideTotal())
    this.#markDirty()
  }

  /** @param {Event} event */
  #onInput = (event) => {
    const area = event.target instanceof HTMLTextAreaElement ? event.target : null
    if (!area) return
    const override = parseOverrideName(area.name)
    if (override?.kind === 'comment') {
      const draft = this.#overrides[override.candidate]?.[override.criterion]
      if (!draft) return
      draft.comment = area.value
      this.#changed.add(`${override.candidate}\n${override.criterion}`)
      this.#markDirty()
      return
    }
    if (!area.name.startsWith('comment-')) return
    const id = area.name.slice('comment-'.length)
    this.#draft[id] = { score: this.#draft[id]?.score ?? null, comment: area.value }
    this.#markDirty()
  }

  /** @param {Event} event a part opened or closed (kept across re-renders) */
  #onToggle = (event) => {
    const part = event.target instanceof HTMLDetailsElement ? event.target : null
    const id = part?.dataset.candidateId
    if (!part || !id) return
    if (part.open) this.#open.add(id)
    else this.#open.delete(id)
  }

  /** @param {Event} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null
    if (!(button instanceof HTMLButtonElement)) return
    if (button.dataset.action === 'save') {
      this.#cancelAutosave()
      this.#dispatchSave(false)
    } else if (button.dataset.action === 'clear') {
      const id = button.dataset.criterion ?? ''
      this.#draft[id] = { score: null, comment: this.#draft[id]?.comment ?? '' }
      this.#markDirty()
      this.#rerender()
    }
  }

  /** @param {Event} event asks first: submitting locks the sheet and its overrides */
  #onSubmit = async (event) => {
    event.preventDefault()
    const confirmed = await confirmStep({
      name: 'submit-sheet',
      title: t('sheet.confirmTitle'),
      body: t('sheet.confirmBody', { overrides: this.#overrideTotal() }),
      confirm: t('sheet.confirmSubmit'),
    })
    if (!confirmed || !this.isConnected) return
    this.#cancelAutosave()
    this.dispatchEvent(
      new CustomEvent('atelier-scores-submit', {
        bubbles: true,
        detail: { scores: this.#scores(), overrides: this.#overrideChanges(), version: this.#version },
      }),
    )
  }
}

customElements.define('atelier-score-sheet', AtelierScoreSheet)
