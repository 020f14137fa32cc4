/**
 * Where the pages find the rubric (criteria with fr/en labels and weights) and the scale to
 * score on (see lib/pitch.js for the shapes).
 *
 * For example:
 *
 * ```js
 * import { loadRubric } from '../lib/rubric.js'
 * const { criteria, scale, source } = await loadRubric(token, session)
 * ```
 */

import { api, seg } from './api.js'
import { DEFAULT_SCALE } from './pitch.js'

/**
 * The rubric to score against. The session state's `rubric` and `scale` when it has them;
 * otherwise the criteria ids of `GET …/results` (in rubric order) with labels, weights and
 * scale from the default example definition (`GET /api/v1/examples/cdo-sprint`), an id
 * standing for its own label when the example does not know it.
 * @param {string | null} token
 * @param {{ id: string, rubric?: import('./pitch.js').Criterion[], scale?: import('./pitch.js').Scale }} session
 * @returns {Promise<import('./pitch.js').Rubric>}
 */
export async function loadRubric(token, session) {
  if (Array.isArray(session.rubric) && session.rubric.length) {
    return { criteria: session.rubric.map(normalizeCriterion), scale: normalizeScale(session.scale), source: 'session' }
  }
  const [results, example] = await Promise.all([
    api(`/sessions/${seg(session.id)}/results`, { token }),
    api('/examples/cdo-sprint', { token }).catch(() => null),
  ])
  const definition = example?.definition ?? example
  /** @type {Map<string, any>} */
  const known = new Map((Array.isArray(definition?.rubric) ? definition.rubric : []).map((c) => [c.id, c]))
  const ids = /** @type {string[]} */ ((results?.groups?.[0]?.criteria ?? []).map((/** @type {{ id: string }} */ c) => c.id))
  const criteria = ids.map((id) => normalizeCriterion(known.get(id) ?? { id, label: id }))
  return { criteria, scale: normalizeScale(session.scale ?? definition?.scale), source: 'example' }
}

/**
 * @param {any} raw
 * @returns {import('./pitch.js').Criterion}
 */
function normalizeCriterion(raw) {
  return {
    id: String(raw.id),
    block: typeof raw.block === 'string' ? raw.block : undefined,
    label: raw.label ?? raw.id,
    weight: Number.isFinite(raw.weight) && raw.weight > 0 ? raw.weight : 1,
    showsOvertime: raw.showsOvertime === true,
    assessor: raw.assessor === 'facilitator' ? 'facilitator' : 'jury',
  }
}

/**
 * @param {any} raw
 * @returns {import('./pitch.js').Scale}
 */
function normalizeScale(raw) {
  const pick = (/** @type {'min' | 'max' | 'step'} */ key) =>
    raw && Number.isFinite(raw[key]) ? /** @type {number} */ (raw[key]) : DEFAULT_SCALE[key]
  return { min: pick('min'), max: pick('max'), step: pick('step') }
}
