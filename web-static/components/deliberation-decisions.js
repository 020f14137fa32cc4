import { DECISIONS, blockName, formatMark, needsJustification, verdictText } from '../lib/assessment.js'
import { html } from '../lib/html.js'
import { t } from '../lib/i18n.js'
import { candidateScores } from './candidate-scores.js'

/**
 * The jury's table of decisions for one group (components/atelier-deliberation.js draws it):
 * one row per candidate and assessment with the mark, the pass mark, the proposal, and the
 * decision — a select and a justification for whoever presides the group while the record is
 * open, text otherwise. The justification is marked required (in words) when the decision
 * departs from the proposal. Each row is `tr[data-row-id="{candidate}:{block}"]` with
 * `data-decision` (recorded, or empty) and `data-editable`.
 */

/**
 * @typedef {object} RowDraft
 * @property {string} decision
 * @property {string} justification
 */

/**
 * @param {object} view
 * @param {{ id: string, name: string }} view.group
 * @param {import('../lib/assessment.js').CandidateResults[]} view.candidates the group's
 * @param {import('../lib/assessment.js').DeliberationView} view.deliberation
 * @param {boolean} view.editable the reader presides this group and the record is open
 * @param {string | null} view.presiding who presides (a juror id), or null
 * @param {(id: string) => string} view.jurorName
 * @param {Map<string, RowDraft>} view.drafts by row id
 * @param {Map<string, string>} view.rowErrors by row id, the last refusal in words
 * @param {import('../lib/pitch.js').Criterion[]} view.criteria
 * @param {Set<string>} view.open the candidates whose scores are shown open
 */
export function decisionsSection({ group, candidates, deliberation, editable, presiding, jurorName, drafts, rowErrors, criteria, open }) {
  const assessorName = (/** @type {string} */ by) => (by === 'facilitator' ? t('candidates.facilitator') : jurorName(by))
  return html`<section class="card delib-group" data-group-id="${group.id}" data-editable="${String(editable)}">
    <div class="section-header">
      <h2>${group.name}</h2>
      <span class="muted">${presiding ? t('delib.presidedBy', { name: jurorName(presiding) }) : ''}</span>
    </div>
    ${presiding ? '' : html`<p class="notice warning">${t('delib.noPresident')}</p>`}
    <div class="table-scroll">
      <table class="data-table reflow decisions-table">
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
            candidate.blocks.map((block) => {
              const rowId = `${candidate.id}:${block.block}`
              const recorded = deliberation.decisions?.[candidate.id]?.[block.block] ?? null
              const draft = drafts.get(rowId)
              const decision = draft?.decision ?? recorded?.decision ?? block.proposal ?? ''
              const justification = draft?.justification ?? recorded?.justification ?? ''
              const required = decision !== '' && needsJustification(decision, block.proposal)
              const error = rowErrors.get(rowId)
              const who = `${candidate.name}, ${blockName(block.block)}`
              return html`<tr data-row-id="${rowId}" data-candidate="${candidate.id}" data-block="${block.block}"
                data-decision="${recorded?.decision ?? ''}" data-editable="${String(editable)}">
                <td data-label="${t('candidates.candidate')}">${candidate.name}</td>
                <td data-label="${t('candidates.assessment')}">${blockName(block.block)}</td>
                <td class="num" data-label="${t('candidates.mark')}">${formatMark(block.mark20)}</td>
                <td class="num" data-label="${t('candidates.passMark')}">${formatMark(block.passMark20)}</td>
                <td data-label="${t('candidates.proposal')}">${verdictText(block.proposal)}</td>
                <td data-label="${t('candidates.decision')}">
                  ${editable
                    ? html`<select id="${`dec-${rowId}`}" name="decision" aria-label="${t('delib.decisionFor', { who })}">
                        ${decision === '' ? html`<option value="" selected>${t('delib.choose')}</option>` : ''}
                        ${DECISIONS.map((d) => html`<option value="${d}" ${d === decision ? html`selected` : ''}>${verdictText(d)}</option>`)}
                      </select>`
                    : html`<strong>${recorded ? verdictText(recorded.decision) : t('common.none')}</strong>`}
                  <span class="decision-state muted">${recorded ? t('delib.recorded') : t('delib.notRecorded')}</span>
                </td>
                <td data-label="${t('candidates.justification')}">
                  ${editable
                    ? html`<textarea id="${`just-${rowId}`}" name="justification" rows="2" maxlength="4000"
                          aria-label="${t('delib.justificationFor', { who })}" ${required ? html`required aria-required="true"` : ''}
                          aria-describedby="${`hint-${rowId}`}">${justification}</textarea>
                        <p class="help justification-hint" id="${`hint-${rowId}`}">${required ? t('delib.justificationRequired') : t('delib.justificationOptional')}</p>
                        <button type="button" class="small" data-action="decide">${t('delib.record')}</button>`
                    : html`${recorded?.justification ?? ''}`}
                  ${error ? html`<p class="notice error" role="alert">${error}</p>` : ''}
                </td>
              </tr>`
            }),
          )}
        </tbody>
      </table>
    </div>
    ${candidates.map((candidate) => candidateScores(candidate, { criteria, assessorName, open }))}
  </section>`
}
