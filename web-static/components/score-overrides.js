import { html } from '../lib/html.js'
import { localized, t } from '../lib/i18n.js'
import { formatScore } from '../lib/pitch.js'

/**
 * The per-candidate part of a juror's score sheet (components/atelier-score-sheet.js): for
 * each candidate of the group a `<details>` with, per jury criterion, a radio group whose
 * first choice follows the group sheet ("Group: 3.5") and whose others override it for that
 * candidate. An override shows an "✎ Override" badge, a thick left rule and its own comment
 * field, and the candidate's summary counts the overrides: never by colour alone.
 *
 * The sheet owns the drafts; these functions only draw them, and name the controls so the
 * sheet can read a change back (`overrideName`, `parseOverrideName`).
 */

/**
 * @typedef {{ score: number | null, comment: string }} Draft
 * @typedef {Record<string, Record<string, Draft>>} OverrideDrafts candidate id → criterion id → draft
 */

/**
 * The name of a candidate's radio group (`kind` `score`) or comment field (`comment`) for a criterion.
 * @param {'score' | 'comment'} kind
 * @param {string} candidate
 * @param {string} criterion
 * @returns {string}
 */
export function overrideName(kind, candidate, criterion) {
  return `${kind === 'score' ? 'ov' : 'ovc'}:${candidate}:${criterion}`
}

/**
 * @param {string} name
 * @returns {{ kind: 'score' | 'comment', candidate: string, criterion: string } | null}
 */
export function parseOverrideName(name) {
  const match = name.match(/^(ov|ovc):([^:]+):(.+)$/)
  if (!match) return null
  return { kind: match[1] === 'ov' ? 'score' : 'comment', candidate: match[2], criterion: match[3] }
}

/**
 * The overrides a candidate has in a draft (criteria with a score).
 * @param {Record<string, Draft> | undefined} drafts
 * @returns {number}
 */
export function overrideCount(drafts) {
  return Object.values(drafts ?? {}).filter((d) => typeof d?.score === 'number').length
}

/**
 * What "follow the group sheet" says for a criterion: the group's score, or that it is not scored yet.
 * @param {number | null | undefined} score
 * @returns {string}
 */
export function followText(score) {
  return typeof score === 'number' ? t('overrides.follow', { score: formatScore(score) }) : t('overrides.followNone')
}

/**
 * @param {number} count
 * @returns {string}
 */
export function countText(count) {
  return count === 0 ? t('overrides.none') : count === 1 ? t('overrides.one') : t('overrides.count', { count })
}

/**
 * The per-candidate section of the sheet.
 * @param {object} view
 * @param {{ id: string, name: string }[]} view.candidates
 * @param {import('../lib/pitch.js').Criterion[]} view.criteria the jury's criteria
 * @param {number[]} view.steps the scale's steps
 * @param {Record<string, Draft>} view.group the group sheet's draft
 * @param {OverrideDrafts} view.overrides
 * @param {Set<string>} view.open the candidates whose part is open
 * @param {boolean} view.locked
 */
export function overridesSection({ candidates, criteria, steps, group, overrides, open, locked }) {
  if (!candidates.length) return html``
  return html`<section class="candidate-overrides" aria-labelledby="overrides-title">
    <h3 id="overrides-title">${t('overrides.title')}</h3>
    <p class="help">${t('overrides.help')}</p>
    ${candidates.map((candidate) => {
      const drafts = overrides[candidate.id] ?? {}
      const count = overrideCount(drafts)
      return html`<details class="candidate-sheet" data-candidate-id="${candidate.id}" data-overrides="${String(count)}" ${open.has(candidate.id) ? html`open` : ''}>
        <summary>
          <span class="candidate-name" id="${`cand-${candidate.id}`}">${candidate.name}</span>
          <span class="override-count">${countText(count)}</span>
        </summary>
        <ol class="criteria">
          ${criteria.map((criterion) => overrideRow(candidate, criterion, steps, group[criterion.id]?.score ?? null, drafts[criterion.id], locked))}
        </ol>
      </details>`
    })}
  </section>`
}

/**
 * @param {{ id: string, name: string }} candidate
 * @param {import('../lib/pitch.js').Criterion} criterion
 * @param {number[]} steps
 * @param {number | null} groupScore
 * @param {Draft | undefined} draft
 * @param {boolean} locked
 */
function overrideRow(candidate, criterion, steps, groupScore, draft, locked) {
  const score = typeof draft?.score === 'number' ? draft.score : null
  const overridden = score !== null
  const name = overrideName('score', candidate.id, criterion.id)
  const labelId = `ovl-${candidate.id}-${criterion.id}`
  return html`<li class="override-row" data-criterion-id="${criterion.id}" data-override="${String(overridden)}">
    <div class="criterion-head">
      ${criterion.block ? html`<span class="block-tag">${criterion.block}</span>` : ''}
      <p class="criterion-label" id="${labelId}">${localized(criterion.label, criterion.id)}</p>
      <span class="badge override-badge" ${overridden ? '' : html`hidden`}><span aria-hidden="true">✎ </span>${t('overrides.badge')}</span>
    </div>
    <div class="scale-steps" role="radiogroup" aria-labelledby="${`cand-${candidate.id} ${labelId}`}">
      <label class="scale-step follow">
        <input type="radio" name="${name}" value="" ${overridden ? '' : html`checked`} ${locked ? html`disabled` : ''} />
        <span data-follow="${criterion.id}">${followText(groupScore)}</span>
      </label>
      ${steps.map(
        (step) => html`<label class="scale-step">
          <input type="radio" name="${name}" value="${String(step)}" ${score === step ? html`checked` : ''} ${locked ? html`disabled` : ''} />
          <span>${formatScore(step)}</span>
        </label>`,
      )}
    </div>
    ${locked
      ? overridden && draft?.comment
        ? html`<p class="override-comment"><span class="visually-hidden">${t('overrides.comment', { name: candidate.name })}</span> ${draft.comment}</p>`
        : ''
      : html`<textarea name="${overrideName('comment', candidate.id, criterion.id)}" rows="1" maxlength="4000" ${overridden ? '' : html`hidden`}
          placeholder="${t('overrides.commentPlaceholder')}" aria-label="${t('overrides.comment', { name: candidate.name })}">${draft?.comment ?? ''}</textarea>`}
  </li>`
}
