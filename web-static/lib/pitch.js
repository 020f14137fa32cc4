/**
 * The pitch and the jury as the pages see them: the shapes of `GET …/groups/{gid}/pitch`,
 * the Q&A log, score sheets and results (docs/API.md, "Pitch and jury"), the countdown's
 * colour rules, and where the rubric comes from.
 *
 * Pure functions (tested by Tests/Browser/pitch_test.mjs); the rubric is read by
 * lib/rubric.js. Every countdown is computed from a
 * server deadline and the live channel's clock estimate (lib/clock.js), never from the
 * moment this page learned of it. For example:
 *
 * ```js
 * import { pitchPath, pitchThresholds, timerTier } from '../lib/pitch.js'
 * const pitch = await api(pitchPath(sessionId, groupId), { token })
 * const tier = timerTier(pitch.deadline - live.clock.serverNow(), pitchThresholds(session, pitch.limitMs))
 * // 'running' | 'warning' (amber) | 'critical' (red, last minute) | 'over' (red, counting up)
 * ```
 */

/**
 * @typedef {object} QARevision
 * @property {string} text
 * @property {number | null} [answeredAt]
 * @property {string | null} [answer]
 * @property {string} editedBy
 * @property {number} editedAt
 *
 * @typedef {object} QAEntry
 * @property {string} id `qa-1`, `qa-2`, …
 * @property {'question' | 'objection' | 'remark'} kind
 * @property {string} text
 * @property {number} askedAt server epoch ms
 * @property {number | null} [answeredAt]
 * @property {string | null} [answer]
 * @property {string} author
 * @property {QARevision[]} history oldest first
 *
 * @typedef {object} QAView
 * @property {'not-started' | 'running' | 'stopped'} state
 * @property {number} limitMs
 * @property {number | null} [startedAt]
 * @property {number | null} [deadline]
 * @property {number | null} [stoppedAt]
 * @property {number} overtimeMs
 * @property {QAEntry[]} entries
 *
 * @typedef {object} PitchView
 * @property {string} group
 * @property {'not-started' | 'running' | 'stopped'} state
 * @property {number} limitMs
 * @property {number | null} [startedAt]
 * @property {number | null} [deadline]
 * @property {number | null} [stoppedAt]
 * @property {number} elapsedMs
 * @property {number} overtimeMs
 * @property {number | null} [currentSlide] 0-based, while running
 * @property {number | null} [slideCount]
 * @property {Record<string, number>} slideTimings slide index → ms
 * @property {QAView} qa
 *
 * @typedef {object} Criterion
 * @property {string} id
 * @property {string} [block]
 * @property {{ fr?: string, en?: string } | string} label
 * @property {number} weight
 * @property {boolean} showsOvertime
 * @property {'jury' | 'facilitator'} [assessor] who scores it (jury when absent)
 *
 * @typedef {object} Scale
 * @property {number} min
 * @property {number} max
 * @property {number} step
 *
 * @typedef {object} Rubric
 * @property {Criterion[]} criteria in rubric order
 * @property {Scale} scale
 * @property {'session' | 'example'} source where the labels came from
 *
 * @typedef {object} ScoreEntry
 * @property {number | null} [score]
 * @property {string | null} [comment]
 *
 * @typedef {object} ScoreSheet
 * @property {string} juror
 * @property {string} group
 * @property {Record<string, ScoreEntry>} entries
 * @property {number | null} [submittedAt]
 * @property {number} updatedAt
 *
 * @typedef {'idle' | 'running' | 'warning' | 'critical' | 'over' | 'stopped'} TimerTier
 */

/** The default scale (0 to 5 in half points), as DESIGN.md states. */
export const DEFAULT_SCALE = Object.freeze({ min: 0, max: 5, step: 0.5 })
/** The default pitch warnings: 2 min left (amber), 1 min left (red: the last minute). */
export const DEFAULT_WARNING_MS = 120_000
export const LAST_MINUTE_MS = 60_000

/** Q&A kinds and the key that logs each in the juror console. */
export const QA_KINDS = /** @type {const} */ (['question', 'objection', 'remark'])
export const QA_KEYS = /** @type {Record<string, QAEntry['kind']>} */ ({ q: 'question', o: 'objection', r: 'remark' })

/**
 * The API path of a group's pitch resource, under `/api/v1`.
 * @param {string} sessionId
 * @param {string} groupId
 * @param {string} [rest] e.g. `/start`, `/scores` (appended to `…/groups/{gid}`; default `/pitch`)
 * @returns {string}
 */
export function pitchPath(sessionId, groupId, rest = '/pitch') {
  return `/sessions/${encodeURIComponent(sessionId)}/groups/${encodeURIComponent(groupId)}${rest}`
}

/**
 * @typedef {object} Thresholds when a countdown changes colour, ms before its deadline
 * @property {number | null} amberMs the first warning (null: only a live warning turns it amber)
 * @property {number | null} redMs the last warning, by default the last minute (null: only a
 *   second live warning turns it red)
 */

/**
 * The colour tier of a countdown with `remainingMs` left (negative once over). `warnings` is
 * how many `timer` warnings the live channel sent for this run: the first turns it amber and
 * a later one red even when the thresholds are unknown (or the page's clock lags).
 * @param {number} remainingMs
 * @param {Thresholds} thresholds
 * @param {number} [warnings]
 * @returns {'running' | 'warning' | 'critical' | 'over'}
 */
export function timerTier(remainingMs, { amberMs, redMs }, warnings = 0) {
  if (remainingMs <= 0) return 'over'
  if ((redMs !== null && remainingMs <= redMs) || warnings >= 2) return 'critical'
  if ((amberMs !== null && remainingMs <= amberMs) || warnings >= 1) return 'warning'
  return 'running'
}

/**
 * Whole seconds to show for `remainingMs`: counting down, 0:00 shows at the deadline; then
 * the overtime counts up (negative seconds).
 * @param {number} remainingMs
 * @returns {number}
 */
export function displaySeconds(remainingMs) {
  return remainingMs > 0 ? Math.ceil(remainingMs / 1000) : -Math.floor(-remainingMs / 1000) || 0
}

/**
 * The pitch countdown's colour thresholds: amber at the first of the session's
 * `pitch.warningsSeconds` (default 2 min left) and red at the last (default 1 min: the last
 * minute), when the session state carries them. Without them, the defaults hold only for a
 * pitch longer than 2 minutes; a shorter one follows the live warnings alone.
 * @param {{ pitch?: { warningsSeconds?: number[] } } | null | undefined} session
 * @param {number | null | undefined} limitMs
 * @returns {Thresholds}
 */
export function pitchThresholds(session, limitMs) {
  const warnings = (session?.pitch?.warningsSeconds ?? []).filter((w) => Number.isFinite(w) && w > 0)
  if (warnings.length) {
    const amberMs = Math.max(...warnings) * 1000
    const redMs = warnings.length >= 2 ? Math.min(...warnings) * 1000 : Math.min(LAST_MINUTE_MS, amberMs)
    return { amberMs, redMs }
  }
  const limit = limitMs ?? 0
  return limit > DEFAULT_WARNING_MS ? { amberMs: DEFAULT_WARNING_MS, redMs: LAST_MINUTE_MS } : { amberMs: null, redMs: null }
}

/**
 * The Q&A countdown's thresholds (the server sends no Q&A warnings): amber at 2 minutes and
 * red for the last minute, each only when the Q&A is longer than that.
 * @param {number | null | undefined} limitMs
 * @returns {Thresholds}
 */
export function qaThresholds(limitMs) {
  const limit = limitMs ?? 0
  return { amberMs: limit > DEFAULT_WARNING_MS ? DEFAULT_WARNING_MS : null, redMs: limit > LAST_MINUTE_MS ? LAST_MINUTE_MS : null }
}

/**
 * The scores a scale allows, lowest first (`0, 0.5, …, 5`).
 * @param {Scale} scale
 * @returns {number[]}
 */
export function scaleSteps(scale) {
  const { min, max, step } = scale
  if (![min, max, step].every(Number.isFinite) || step <= 0 || max < min) return []
  const count = Math.round((max - min) / step)
  return Array.from({ length: count + 1 }, (_, k) => Math.round((min + k * step) * 1000) / 1000)
}

/**
 * A score as text in the page's language (`<html lang>`, set by lib/i18n.js; English
 * without a page): `3`, `3.5`, `3.25` — in French `3,5`, `3,25` (no trailing zeros).
 * @param {number | null | undefined} value
 * @param {number} [digits]
 * @returns {string}
 */
export function formatScore(value, digits = 2) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—'
  const rounded = Math.round(value * 10 ** digits) / 10 ** digits
  const lang = globalThis.document?.documentElement?.lang === 'fr' ? 'fr-FR' : 'en-GB'
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits, useGrouping: false }).format(rounded)
}

/**
 * Inserts or replaces a Q&A entry (by id) in a pitch view; returns a new view.
 * @param {PitchView} pitch
 * @param {QAEntry} entry
 * @returns {PitchView}
 */
export function upsertEntry(pitch, entry) {
  if (!entry || typeof entry.id !== 'string') return pitch
  const entries = pitch.qa?.entries ?? []
  const index = entries.findIndex((e) => e.id === entry.id)
  const next = index >= 0 ? entries.map((e, i) => (i === index ? entry : e)) : [...entries, entry]
  return { ...pitch, qa: { ...pitch.qa, entries: next } }
}
