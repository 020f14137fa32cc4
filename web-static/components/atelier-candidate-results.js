import { blockName, formatMark, verdictText } from '../lib/assessment.js'
import { html, render } from '../lib/html.js'
import { onLanguageChange, t } from '../lib/i18n.js'
import { candidateScores, trackOpenScores } from './candidate-scores.js'

/**
 * The results per candidate (the unit the certification grades), group by group: for each
 * candidate and assessment the mark on 20 with two decimals in the reader's language, the
 * pass mark, Atelier's proposal, the jury's decision and its justification (and the overall
 * result when the definition compensates); then each candidate's scores criterion by
 * criterion, every assessor by name, overrides marked. Marks the reader may not see yet
 * (the group's jury has not all submitted) are "—".
 *
 * Data down: `candidates` (the `candidates` of `GET …/results`), `groups` (`{ id, name }[]`),
 * `criteria` (the rubric), `jurorName` (id → name). No events. Rows are
 * `tr[data-candidate-id][data-block]` with `data-mark` (the mark as sent, or empty) and
 * `data-decision`.
 */
export class AtelierCandidateResults extends HTMLElement {
  /** @type {import('../lib/assessment.js').CandidateResults[]} */
  #candidates = []
  /** @type {{ id: string, name: string }[]} */
  #groups = []
  /** @type {import('../lib/pitch.js').Criterion[]} */
  #criteria = []
  /** @type {(id: string) => string} */
  #jurorName = (id) => id
  /** @type {Set<string>} */
  #open = new Set()
  /** @type {(() => void) | null} */
  #stopLanguage = null
  #onToggle = (/** @type {Event} */ event) => trackOpenScores(event, this.#open)

  /** @param {import('../lib/assessment.js').CandidateResults[]} candidates */
  set candidates(candidates) {
    this.#candidates = Array.isArray(candidates) ? candidates : []
    this.#render()
  }

  /** @param {{ id: string, name: string }[]} groups */
  set groups(groups) {
    this.#groups = Array.isArray(groups) ? groups : []
    this.#render()
  }

  /** @param {import('../lib/pitch.js').Criterion[]} criteria */
  set criteria(criteria) {
    this.#criteria = Array.isArray(criteria) ? criteria : []
    this.#render()
  }

  /** @param {(id: string) => string} names */
  set jurorName(names) {
    this.#jurorName = names
    this.#render()
  }

  connectedCallback() {
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.addEventListener('toggle', this.#onToggle, true)
    this.#render()
  }

  disconnectedCallback() {
    this.#stopLanguage?.()
    this.removeEventListener('toggle', this.#onToggle, true)
  }

  #render() {
    if (!this.isConnected) return
    const assessorName = (/** @type {string} */ by) => (by === 'facilitator' ? t('candidates.facilitator') : this.#jurorName(by))
    const groups = this.#groups.filter((g) => this.#candidates.some((c) => c.group === g.id))
    render(
      this,
      html`<h2>${t('candidates.title')}</h2>
        <p class="help">${t('candidates.help')}</p>
        ${groups.length === 0 ? html`<p class="empty">${t('candidates.none')}</p>` : ''}
        ${groups.map((group) => {
          const candidates = this.#candidates.filter((c) => c.group === group.id)
          return html`<section class="candidate-group" data-group-id="${group.id}">
            <h3>${group.name}</h3>
            <div class="table-scroll">
              <table class="data-table reflow candidate-table">
                <thead>
                  <tr>
                    <th scope="col">${t('candidates.candidate')}</th>
                    <th scope="col">${t('candidates.assessment')}</th>
                    <th scope="col" class="num">${t('candidates.mark')}</th>
                    <th scope="col" class="num">${t('candidates.passMark')}</th>
                    <th scope="col">${t('candidates.proposal')}</th>
                    <th scope="col">${t('candidates.decision')}</th>
                    <th scope="col">${t('candidates.justification')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${candidates.flatMap((candidate) =>
                    [...candidate.blocks, ...(candidate.overall ? [candidate.overall] : [])].map(
                      (block) => html`<tr data-candidate-id="${candidate.id}" data-block="${block.block}"
                        data-mark="${typeof block.mark20 === 'number' ? String(block.mark20) : ''}" data-decision="${block.decision ?? ''}">
                        <td data-label="${t('candidates.candidate')}">${candidate.name}</td>
                        <td data-label="${t('candidates.assessment')}">${blockName(block.block)}</td>
                        <td class="num" data-label="${t('candidates.mark')}">${formatMark(block.mark20)}</td>
                        <td class="num" data-label="${t('candidates.passMark')}">${formatMark(block.passMark20)}</td>
                        <td data-label="${t('candidates.proposal')}">${verdictText(block.proposal)}</td>
                        <td data-label="${t('candidates.decision')}"><strong>${verdictText(block.decision)}</strong></td>
                        <td data-label="${t('candidates.justification')}">${block.justification ?? ''}</td>
                      </tr>`,
                    ),
                  )}
                </tbody>
              </table>
            </div>
            ${candidates.map((candidate) => candidateScores(candidate, { criteria: this.#criteria, assessorName, open: this.#open }))}
          </section>`
        })}`,
    )
  }
}

customElements.define('atelier-candidate-results', AtelierCandidateResults)
