import { blockName, formatMark } from '../lib/assessment.js'
import { html } from '../lib/html.js'
import { localized, ofName, t } from '../lib/i18n.js'
import { formatScore } from '../lib/pitch.js'

/**
 * Keeps which candidates' scores are open across re-renders: call it from a `toggle` listener
 * (in the capture phase: `toggle` does not bubble).
 * @param {Event} event
 * @param {Set<string>} open
 */
export function trackOpenScores(event, open) {
  const details = event.target instanceof HTMLDetailsElement && event.target.classList.contains('candidate-scores') ? event.target : null
  const id = details?.dataset.candidateId
  if (!details || !id) return
  if (details.open) open.add(id)
  else open.delete(id)
}

/**
 * One candidate's scores, assessment by assessment, as a closed `<details>`: per criterion
 * every assessor's score by name (a juror's override for this candidate marked "✎ override",
 * in words), the mean and the spread with its deliberation flag. Shared by the results page
 * and the deliberation; values the reader may not see yet are "—".
 *
 * @param {import('../lib/assessment.js').CandidateResults} candidate
 * @param {object} context
 * @param {import('../lib/pitch.js').Criterion[]} context.criteria the rubric (labels)
 * @param {(by: string) => string} context.assessorName a juror's name, or "the facilitator"
 * @param {Set<string>} [context.open] the candidates whose scores are shown open
 */
export function candidateScores(candidate, { criteria, assessorName, open }) {
  const label = (/** @type {string} */ id) => localized(criteria.find((c) => c.id === id)?.label, id)
  return html`<details class="candidate-scores" data-candidate-id="${candidate.id}" ${open?.has(candidate.id) ? html`open` : ''}>
    <summary>${t('candidates.scoresOf', { name: candidate.name, ofName: ofName(candidate.name) })}</summary>
    ${candidate.blocks.map(
      (block) => html`<div class="table-scroll">
        <table class="data-table reflow criteria-table">
          <caption>${blockName(block.block)} · ${t('candidates.mark')} ${formatMark(block.mark20)}</caption>
          <thead>
            <tr><th scope="col">${t('results.criterion')}</th><th scope="col">${t('candidates.scores')}</th><th scope="col" class="num">${t('results.mean')}</th><th scope="col" class="num">${t('results.spread')}</th></tr>
          </thead>
          <tbody>
            ${block.criteria.map(
              (row) => html`<tr data-criterion-id="${row.id}" data-flagged="${String(Boolean(row.flagged))}">
                <td data-label="${t('results.criterion')}">${label(row.id)}${row.assessor === 'facilitator' ? html` <span class="muted">(${t('candidates.byFacilitator')})</span>` : ''}</td>
                <td data-label="${t('candidates.scores')}">
                  ${row.scores.length
                    ? html`<ul class="assessor-scores">
                        ${row.scores.map(
                          (s) => html`<li data-by="${s.by}" data-override="${String(Boolean(s.override))}">
                            ${t('candidates.assessor', { name: assessorName(s.by) })} <strong>${formatScore(s.score)}</strong>
                            ${s.override ? html`<span class="badge override-badge"><span aria-hidden="true">✎ </span>${t('overrides.badge')}</span>` : ''}
                            ${s.comment ? html`<span class="muted"> — ${s.comment}</span>` : ''}
                          </li>`,
                        )}
                      </ul>`
                    : html`<span class="muted">${t('common.none')}</span>`}
                </td>
                <td class="num" data-label="${t('results.mean')}">${typeof row.mean === 'number' ? formatScore(row.mean) : t('common.none')}</td>
                <td class="num" data-label="${t('results.spread')}">
                  ${typeof row.spread === 'number' ? formatScore(row.spread) : t('common.none')}
                  ${row.flagged ? html` <span class="flag" title="${t('results.flagHelp')}">⚑ ${t('results.deliberate')}</span>` : ''}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
    )}
  </details>`
}
