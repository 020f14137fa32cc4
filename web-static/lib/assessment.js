/**
 * The certification's assessment as the pages see it: candidates, per-candidate results,
 * the deliberation and problem statements (docs/API.md, "Assessment"), with the pure rules
 * the pages share — who presides a group, which decision needs a justification, what is
 * missing before the record can close — and marks in the reader's language.
 *
 * For example:
 *
 * ```js
 * import { formatMark, needsJustification, presidingJuror } from '../lib/assessment.js'
 * formatMark(12.5) // '12,50' in French, '12.50' in English
 * needsJustification('deferred', 'validated') // true
 * presidingJuror(deliberation, 'g1', ['j1', 'j2']) // 'j1' (the president), or the acting one
 * ```
 */

import { formatNumber, t } from './i18n.js'

/**
 * @typedef {object} CandidateRef
 * @property {string} id `c_…`
 * @property {string} name
 *
 * @typedef {object} AssessorScore
 * @property {string} by a juror id, or `facilitator`
 * @property {number} score
 * @property {string | null} [comment]
 * @property {boolean} override the juror's score for this candidate (not the group sheet's)
 *
 * @typedef {object} CandidateCriterion
 * @property {string} id
 * @property {'jury' | 'facilitator'} assessor
 * @property {AssessorScore[]} scores
 * @property {number | null} [mean]
 * @property {number | null} [spread]
 * @property {boolean | null} [flagged]
 *
 * @typedef {'validated' | 'not-validated'} Proposal
 * @typedef {'validated' | 'not-validated' | 'deferred' | 'absent'} Decision
 *
 * @typedef {object} AssessmentResult one candidate in one assessment (block)
 * @property {string} block `A14`, `A15`, or `overall` (with compensation)
 * @property {number | null} mark20 two decimals; null until every score is in
 * @property {number} passMark20
 * @property {Proposal | null} proposal
 * @property {Decision | null} decision
 * @property {string | null} [justification]
 * @property {CandidateCriterion[]} criteria
 *
 * @typedef {object} CandidateResults
 * @property {string} id
 * @property {string} name
 * @property {string} group
 * @property {AssessmentResult[]} blocks
 * @property {AssessmentResult | null} [overall]
 *
 * @typedef {object} RecordedDecision
 * @property {Decision} decision
 * @property {string | null} [justification]
 * @property {Proposal | null} [proposal]
 * @property {string} by
 * @property {number} at
 *
 * @typedef {object} DeliberationView `GET /api/v1/sessions/{id}/deliberation`
 * @property {string | null} president the president's juror id
 * @property {Record<string, string>} actingPresidents group id → juror id
 * @property {Record<string, number>} signatures juror id → when (epoch ms)
 * @property {string[]} jurors every juror of the session (each must sign)
 * @property {number | null} closedVersion
 * @property {number} versions
 * @property {boolean} published
 * @property {Record<string, Record<string, RecordedDecision>>} decisions candidate → block → decision
 * @property {{ fromVersion: number, reason: string, by: string, at: number } | null} [reopened] the last reopening
 *
 * @typedef {object} ProblemStatement
 * @property {string} text
 * @property {string} writtenBy an invite id or `facilitator`
 * @property {number} writtenAt
 * @property {number | null} [approvedAt]
 * @property {string | null} [approvedBy]
 */

/** The decisions a president may record, in the order the select offers them. */
export const DECISIONS = /** @type {const} */ (['validated', 'not-validated', 'deferred', 'absent'])

/** The phase in which groups write their problem statement (the server's default `problemPhase`). */
export const PROBLEM_PHASE = 'define'

/**
 * The phase in which groups write their problem statement: the definition's `problemPhase`
 * when the session's state carries it (null: the session has none), else `define` when the
 * sprint has that phase (the server's default), else the first phase the groups' "how might
 * we" board — where a group frames its problem — is bound to; null when none of these says.
 * @param {{ problemPhase?: string | null, phases?: { id: string }[], groups?: { boards?: { kind: string, writableIn?: string[] | 'all' }[] }[] } | null | undefined} state
 * @returns {string | null}
 */
export function problemPhaseOf(state) {
  if (!state) return null
  if (state.problemPhase === null || typeof state.problemPhase === 'string') return state.problemPhase
  const phases = (state.phases ?? []).map((p) => p.id)
  if (phases.includes(PROBLEM_PHASE)) return PROBLEM_PHASE
  for (const group of state.groups ?? []) {
    for (const board of group.boards ?? []) {
      if (board.kind !== 'hmw' || !Array.isArray(board.writableIn)) continue
      const first = phases.find((id) => board.writableIn?.includes(id))
      if (first) return first
    }
  }
  return null
}

/**
 * A mark on 20 with two decimals in the reader's language ("12,50"), or "—" when unknown.
 * @param {number | null | undefined} value
 * @returns {string}
 */
export function formatMark(value) {
  return typeof value === 'number' && Number.isFinite(value) ? formatNumber(value, 2, 2) : t('common.none')
}

/**
 * A proposal or decision in words ("validated" → "Validé" in French), "—" when there is none.
 * @param {string | null | undefined} value
 * @returns {string}
 */
export function verdictText(value) {
  if (!value) return t('common.none')
  const key = /** @type {import('./i18n.js').StringKey} */ (`verdict.${value}`)
  const text = t(key)
  return text === key ? value : text
}

/**
 * An assessment's name: "A14" stays the certification's code, `overall` is said in words.
 * @param {string} block
 * @returns {string}
 */
export function blockName(block) {
  return block === 'overall' ? t('verdict.overall') : block
}

/**
 * Whether a decision needs a justification: it departs from the proposal, or there is none yet.
 * @param {string} decision
 * @param {string | null | undefined} proposal
 * @returns {boolean}
 */
export function needsJustification(decision, proposal) {
  return !proposal || decision !== proposal
}

/**
 * The juror who records decisions for `group`: its acting president, else the president when
 * they grade the group (are among its active jurors), else no one.
 * @param {Pick<DeliberationView, 'president' | 'actingPresidents'> | null} deliberation
 * @param {string} group
 * @param {string[] | null} activeJurors the group's jurors after conflicts (null: unknown, trust the president)
 * @returns {string | null}
 */
export function presidingJuror(deliberation, group, activeJurors) {
  if (!deliberation) return null
  const acting = deliberation.actingPresidents?.[group]
  if (acting) return acting
  const president = deliberation.president ?? null
  if (!president) return null
  return activeJurors === null || activeJurors.includes(president) ? president : null
}

/**
 * The jurors who have not signed the record as it stands.
 * @param {DeliberationView | null} deliberation
 * @returns {string[]}
 */
export function unsignedJurors(deliberation) {
  if (!deliberation) return []
  return (deliberation.jurors ?? []).filter((id) => !deliberation.signatures?.[id])
}

/**
 * Candidate × assessment pairs without a mark yet (the record cannot close before every one has one).
 * @param {CandidateResults[]} candidates
 * @returns {{ candidate: CandidateResults, block: string }[]}
 */
export function missingMarks(candidates) {
  /** @type {{ candidate: CandidateResults, block: string }[]} */
  const out = []
  for (const candidate of candidates) {
    for (const block of candidate.blocks ?? []) {
      if (typeof block.mark20 !== 'number') out.push({ candidate, block: block.block })
    }
  }
  return out
}

/**
 * The groups whose problem statement is missing or not approved.
 * @param {{ id: string, name: string, problem?: ProblemStatement | null }[]} groups
 * @returns {{ id: string, name: string }[]}
 */
export function unapprovedGroups(groups) {
  return (groups ?? []).filter((g) => !g.problem || typeof g.problem.approvedAt !== 'number')
}

/**
 * The assessments (blocks) of a rubric, in rubric order.
 * @param {{ block?: string }[]} criteria
 * @returns {string[]}
 */
export function blocksOf(criteria) {
  /** @type {string[]} */
  const blocks = []
  for (const c of criteria ?? []) if (c.block && !blocks.includes(c.block)) blocks.push(c.block)
  return blocks
}

/**
 * Whether a participant's result may be published by now, so the page asks for it only then
 * (before publication `GET …/results` answers 403 `not-published`, which the browser logs):
 * the state's `resultsPublished` when the server gives it, else from the pitch phase on (the
 * jury closes its record after the pitches), or in the last phase of a sprint without one.
 * @param {{ resultsPublished?: unknown, phase?: { id: string } | null, phases?: { id: string }[] } | null | undefined} state
 * @returns {boolean}
 */
export function resultsMayBePublished(state) {
  if (typeof state?.resultsPublished === 'boolean') return state.resultsPublished
  const phases = (state?.phases ?? []).map((p) => p.id)
  const current = phases.indexOf(state?.phase?.id ?? '')
  const pitch = phases.includes('pitch') ? phases.indexOf('pitch') : phases.length - 1
  return current >= 0 && current >= pitch
}
