/**
 * Where the sprint stands and what comes next, from the session state: the state of each day
 * on the timeline (even after an override moved the session into a day that has not begun
 * on the calendar), and when a locked board opens (its phase, its day, its date or an
 * estimated time). Pure functions of the state; the pages word the result (lib/i18n.js).
 *
 * A board is writable in the phases the session binds its kind to: the state's
 * `board.writableIn` when the server gives it, else the kind's default bindings
 * (`board/kinds/*.js`, `defaultPhases`). For example:
 *
 * ```js
 * const opening = boardOpening(state, board, kindOf(board.kind).defaultPhases)
 * // { phase: { id: 'ideate', … }, day: 2, date: '2026-03-11', at: null }
 * ```
 */

/**
 * @typedef {import('./session-state.js').SessionState} SessionState
 * @typedef {import('./session-state.js').PlannedPhase} PlannedPhase
 *
 * @typedef {object} DayState
 * @property {number} day
 * @property {PlannedPhase[]} phases
 * @property {'done' | 'current' | 'early' | 'later'} where `early`: the session is in this
 *   day although it has not begun on the calendar (an override), or a later day was opened early
 * @property {boolean} begun whether the calendar day has begun
 * @property {string | null} date the calendar date (YYYY-MM-DD) when the start date is known
 *
 * @typedef {object} Opening
 * @property {PlannedPhase | null} phase the phase the board opens in; null: not again in this sprint
 * @property {number} day
 * @property {string | null} date YYYY-MM-DD of that day
 * @property {number | null} at estimated epoch ms (same day only: the current deadline plus the time boxes in between)
 */

/**
 * The calendar date of day `day` of a sprint starting on `startDate` (YYYY-MM-DD).
 * @param {string | undefined} startDate
 * @param {number} day 1-based
 * @returns {string | null}
 */
export function dayDate(startDate, day) {
  const match = typeof startDate === 'string' ? startDate.match(/^(\d{4})-(\d{2})-(\d{2})$/) : null
  if (!match) return null
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + day - 1))
  return date.toISOString().slice(0, 10)
}

/**
 * The days of the sprint as the timeline shows them.
 * @param {SessionState} state
 * @returns {DayState[]}
 */
export function timelineDays(state) {
  const phases = state.phases ?? []
  const currentIndex = phases.findIndex((p) => p.id === state.phase?.id)
  const currentDay = currentIndex >= 0 ? phases[currentIndex].day : state.phase?.day ?? 1
  /** @type {Map<number, PlannedPhase[]>} */
  const days = new Map()
  for (const phase of phases) days.set(phase.day, [...(days.get(phase.day) ?? []), phase])
  return [...days].map(([day, list]) => {
    const begun = list.every((p) => p.dayBegun !== false)
    /** @type {DayState['where']} */
    let where = day < currentDay ? 'done' : day === currentDay ? 'current' : 'later'
    if (where === 'current' && !begun) where = 'early'
    return { day, phases: list, where, begun, date: dayDate(state.startDate, day) }
  })
}

/**
 * The phases a board is writable in.
 * @param {{ writableIn?: string[] | 'all' | null }} board
 * @param {string[] | 'all'} kindDefault the kind's default bindings
 * @param {PlannedPhase[]} phases
 * @returns {Set<string>}
 */
export function writablePhases(board, kindDefault, phases) {
  const binding = Array.isArray(board.writableIn) || board.writableIn === 'all' ? board.writableIn : kindDefault
  return new Set(binding === 'all' ? phases.map((p) => p.id) : binding)
}

/**
 * When a board locked now opens: the next phase (after the current one) it is writable in.
 * @param {SessionState} state
 * @param {{ writableIn?: string[] | 'all' | null }} board
 * @param {string[] | 'all'} kindDefault
 * @returns {Opening}
 */
export function boardOpening(state, board, kindDefault) {
  const phases = state.phases ?? []
  const writable = writablePhases(board, kindDefault, phases)
  const index = phases.findIndex((p) => p.id === state.phase?.id)
  const next = phases.findIndex((p, i) => i > index && writable.has(p.id))
  if (next < 0) return { phase: null, day: 0, date: null, at: null }
  const phase = phases[next]
  const current = index >= 0 ? phases[index] : null
  let at = null
  if (current && phase.day === current.day && typeof state.phase?.deadline === 'number' && state.phase.deadline > 0) {
    at = state.phase.deadline
    for (let i = index + 1; i < next; i++) at += (phases[i].timeBoxMinutes ?? 0) * 60_000
  }
  return { phase, day: phase.day, date: dayDate(state.startDate, phase.day), at }
}
