import { api, seg } from '../lib/api.js'
import { errorText } from '../lib/errors.js'
import { keepFocus } from '../lib/focus.js'
import { html, render } from '../lib/html.js'
import { localized, onLanguageChange, t } from '../lib/i18n.js'
import { formatScore, scaleSteps } from '../lib/pitch.js'

/**
 * The facilitator's own scores: the criteria the definition gives to the facilitator (who
 * watched the three days, e.g. the collaborative posture), per candidate, group by group —
 * a radio group per criterion (arrow keys move along it; "not scored" removes a score) and a
 * comment; "Save" sends `PUT …/groups/{gid}/candidates/{cid}/scores` for every candidate of
 * the group whose scores changed. Read-only once the jury's record is signed.
 *
 * Data down: `token`, `sessionId`, `groups` (the session's groups with their `candidates`),
 * `criteria` (the rubric; only `assessor: "facilitator"` criteria are shown), `scale`,
 * `results` (the `candidates` of `GET …/results`, where the facilitator's scores are read
 * back), `closed`. Events up: `atelier-facilitator-scored` after a save (the page reloads the
 * results). Hidden when the rubric has no such criterion. Mirrors `data-scored` ("n/total").
 */
export class AtelierFacilitatorScores extends HTMLElement {
  token = ''
  sessionId = ''
  /** @type {{ id: string, name: string, candidates?: { id: string, name: string }[] }[]} */
  #groups = []
  /** @type {import('../lib/pitch.js').Criterion[]} */
  #criteria = []
  /** @type {import('../lib/pitch.js').Scale} */
  #scale = { min: 0, max: 5, step: 0.5 }
  /** @type {Record<string, Record<string, { score: number | null, comment: string }>>} candidate → criterion → draft */
  #drafts = {}
  /** @type {Set<string>} candidates changed since the last save */
  #changed = new Set()
  /** @type {Record<string, { kind: 'ok' | 'error', text: () => string }>} by group */
  #feedback = {}
  #closed = false
  /** @type {Set<string>} groups shown open */
  #open = new Set()
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {{ id: string, name: string, candidates?: { id: string, name: string }[] }[]} groups */
  set groups(groups) {
    this.#groups = Array.isArray(groups) ? groups : []
    this.#render()
  }

  /** @param {import('../lib/pitch.js').Criterion[]} criteria */
  set criteria(criteria) {
    this.#criteria = (Array.isArray(criteria) ? criteria : []).filter((c) => c.assessor === 'facilitator')
    this.#render()
  }

  /** @param {import('../lib/pitch.js').Scale} scale */
  set scale(scale) {
    this.#scale = scale
    this.#render()
  }

  /** @param {boolean} closed */
  set closed(closed) {
    this.#closed = Boolean(closed)
    this.#render()
  }

  /** @param {import('../lib/assessment.js').CandidateResults[]} candidates the results, for the scores given so far */
  set results(candidates) {
    for (const candidate of Array.isArray(candidates) ? candidates : []) {
      if (this.#changed.has(candidate.id)) continue
      /** @type {Record<string, { score: number | null, comment: string }>} */
      const mine = {}
      for (const block of candidate.blocks ?? []) {
        for (const row of block.criteria ?? []) {
          if (row.assessor !== 'facilitator') continue
          const given = row.scores.find((s) => s.by === 'facilitator')
          mine[row.id] = { score: given ? given.score : null, comment: given?.comment ?? '' }
        }
      }
      this.#drafts[candidate.id] = mine
    }
    this.#render()
  }

  connectedCallback() {
    this.addEventListener('change', this.#onChange)
    this.addEventListener('input', this.#onInput)
    this.addEventListener('submit', this.#onSubmit)
    this.addEventListener('toggle', this.#onToggle, true)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('change', this.#onChange)
    this.removeEventListener('input', this.#onInput)
    this.removeEventListener('submit', this.#onSubmit)
    this.removeEventListener('toggle', this.#onToggle, true)
    this.#stopLanguage?.()
  }

  /** @param {Event} event a group opened or closed (kept across re-renders) */
  #onToggle = (event) => {
    const details = event.target instanceof HTMLDetailsElement ? event.target : null
    const id = details?.dataset.groupId
    if (!details || !id) return
    if (details.open) this.#open.add(id)
    else this.#open.delete(id)
  }

  #render() {
    if (!this.isConnected) return
    this.hidden = this.#criteria.length === 0
    const steps = scaleSteps(this.#scale)
    let scored = 0
    let total = 0
    for (const group of this.#groups) {
      for (const candidate of group.candidates ?? []) {
        for (const criterion of this.#criteria) {
          total++
          if (typeof this.#drafts[candidate.id]?.[criterion.id]?.score === 'number') scored++
        }
      }
    }
    this.dataset.scored = `${scored}/${total}`
    keepFocus(this, () =>
      render(
        this,
        html`<h2>${t('facScores.title')}</h2>
          <p class="help">${t('facScores.help')}</p>
          ${this.#closed ? html`<p class="notice info">${t('sheet.recordClosed')}</p>` : ''}
          ${this.#groups.map((group) => this.#groupForm(group, steps))}`,
      ),
    )
  }

  /**
   * @param {{ id: string, name: string, candidates?: { id: string, name: string }[] }} group
   * @param {number[]} steps
   */
  #groupForm(group, steps) {
    const feedback = this.#feedback[group.id]
    const locked = this.#closed
    const candidates = group.candidates ?? []
    const total = candidates.length * this.#criteria.length
    const scored = candidates.reduce(
      (n, c) => n + this.#criteria.filter((criterion) => typeof this.#drafts[c.id]?.[criterion.id]?.score === 'number').length,
      0,
    )
    return html`<details class="fac-group" data-group-id="${group.id}" data-scored="${`${scored}/${total}`}" ${this.#open.has(group.id) ? html`open` : ''}>
      <summary><strong>${group.name}</strong> <span class="muted">${t('facScores.progress', { n: scored, total })}</span></summary>
      <form class="fac-form" data-group-id="${group.id}">
      ${(group.candidates ?? []).map(
        (candidate) => html`<div class="fac-candidate" data-candidate-id="${candidate.id}">
          <h4 class="fac-name" id="${`fac-${candidate.id}`}">${candidate.name}</h4>
          ${this.#criteria.map((criterion) => {
            const draft = this.#drafts[candidate.id]?.[criterion.id]
            const score = typeof draft?.score === 'number' ? draft.score : null
            const name = `fac:${candidate.id}:${criterion.id}`
            const labelId = `facl-${candidate.id}-${criterion.id}`
            return html`<div class="criterion" data-criterion-id="${criterion.id}" data-score="${score === null ? '' : String(score)}">
              <div class="criterion-head">
                ${criterion.block ? html`<span class="block-tag">${criterion.block}</span>` : ''}
                <p class="criterion-label" id="${labelId}">${localized(criterion.label, criterion.id)}</p>
              </div>
              <div class="scale-steps" role="radiogroup" aria-labelledby="${`fac-${candidate.id} ${labelId}`}">
                <label class="scale-step follow">
                  <input type="radio" name="${name}" value="" ${score === null ? html`checked` : ''} ${locked ? html`disabled` : ''} />
                  <span>${t('facScores.notScored')}</span>
                </label>
                ${steps.map(
                  (step) => html`<label class="scale-step">
                    <input type="radio" name="${name}" value="${String(step)}" ${score === step ? html`checked` : ''} ${locked ? html`disabled` : ''} />
                    <span>${formatScore(step)}</span>
                  </label>`,
                )}
              </div>
              <textarea name="${`facc:${candidate.id}:${criterion.id}`}" rows="1" maxlength="4000" placeholder="${t('sheet.commentPlaceholder')}"
                aria-label="${t('overrides.comment', { name: candidate.name })}" ${locked ? html`disabled` : ''}>${draft?.comment ?? ''}</textarea>
            </div>`
          })}
        </div>`,
      )}
      ${locked ? '' : html`<div class="sheet-actions"><button type="submit">${t('facScores.save', { group: group.name })}</button></div>`}
      ${feedback ? html`<p class="notice ${feedback.kind}" role="${feedback.kind === 'error' ? 'alert' : 'status'}">${feedback.text()}</p>` : ''}
      </form>
    </details>`
  }

  /**
   * @param {string} name `fac:{cid}:{criterion}` or `facc:{cid}:{criterion}`
   * @returns {{ comment: boolean, candidate: string, criterion: string } | null}
   */
  #parse(name) {
    const match = name.match(/^(fac|facc):([^:]+):(.+)$/)
    return match ? { comment: match[1] === 'facc', candidate: match[2], criterion: match[3] } : null
  }

  /** @param {Event} event */
  #onChange = (event) => {
    const input = event.target instanceof HTMLInputElement && event.target.type === 'radio' ? event.target : null
    const field = input ? this.#parse(input.name) : null
    if (!input || !field) return
    const drafts = (this.#drafts[field.candidate] ??= {})
    drafts[field.criterion] = { score: input.value === '' ? null : Number(input.value), comment: drafts[field.criterion]?.comment ?? '' }
    this.#changed.add(field.candidate)
    const row = input.closest('[data-criterion-id]')
    if (row instanceof HTMLElement) row.dataset.score = input.value
  }

  /** @param {Event} event */
  #onInput = (event) => {
    const area = event.target instanceof HTMLTextAreaElement ? event.target : null
    const field = area ? this.#parse(area.name) : null
    if (!area || !field?.comment) return
    const drafts = (this.#drafts[field.candidate] ??= {})
    drafts[field.criterion] = { score: drafts[field.criterion]?.score ?? null, comment: area.value }
    this.#changed.add(field.candidate)
  }

  /** @param {Event} event a group's "Save" */
  #onSubmit = async (event) => {
    const form = event.target instanceof HTMLFormElement ? event.target : null
    if (!form?.classList.contains('fac-form')) return
    event.preventDefault()
    const groupId = form.dataset.groupId ?? ''
    const group = this.#groups.find((g) => g.id === groupId)
    delete this.#feedback[groupId]
    try {
      for (const candidate of group?.candidates ?? []) {
        if (!this.#changed.has(candidate.id)) continue
        /** @type {Record<string, { score: number | null, comment?: string }>} */
        const scores = {}
        for (const criterion of this.#criteria) {
          const draft = this.#drafts[candidate.id]?.[criterion.id]
          scores[criterion.id] = draft?.score === null || draft === undefined ? { score: null } : { score: draft.score, comment: draft.comment }
        }
        const path = `/sessions/${seg(this.sessionId)}/groups/${seg(groupId)}/candidates/${seg(candidate.id)}/scores`
        await api(path, { token: this.token, method: 'PUT', body: { scores } })
        this.#changed.delete(candidate.id)
      }
      this.#feedback[groupId] = { kind: 'ok', text: () => t('facScores.saved') }
      this.dispatchEvent(new CustomEvent('atelier-facilitator-scored', { bubbles: true, detail: { group: groupId } }))
    } catch (error) {
      this.#feedback[groupId] = { kind: 'error', text: () => errorText(error) }
    }
    this.#render()
  }
}

customElements.define('atelier-facilitator-scores', AtelierFacilitatorScores)
