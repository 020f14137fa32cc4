/**
 * Running the room, the browser's side (docs/API.md, "Facilitation"): the activity timers and
 * follow-me leads as the session state and the live channel carry them, where a lead takes
 * this person, the board views it sends, and the time's-up sound.
 *
 * The state (`GET /api/v1/sessions/{id}`, the live `hello`) holds `activityTimers` and
 * `follows`; the live channel then sends `{"type":"activity-timer","timer","signal"?}` and
 * `{"type":"follow","group","lead"}`. Pure functions apply them; nothing is mutated. For
 * example:
 *
 * ```js
 * timers = applyActivityTimer(timers, message.timer)       // a stopped timer leaves the list
 * const target = leadTarget(lead, { boardId, myBoards })   // the board to go to, or null
 * canvas.boardView = lead.view                               // {x, y, zoom}: top-left and scale
 * ```
 */

/**
 * @typedef {object} ActivityTimer as the server sends it
 * @property {string} id
 * @property {string} label
 * @property {string} [group] the group it is for; absent for the whole session
 * @property {'running' | 'paused' | 'stopped'} status
 * @property {string} startedBy
 * @property {number} deadline server epoch ms at which it reaches zero while running
 * @property {number} limitMs
 * @property {number} remainingMs when it was sent (frozen while paused)
 * @property {number} [pausedAt]
 *
 * @typedef {object} BoardView what a lead shows: the board point at the viewport's top-left, and the scale
 * @property {number} x
 * @property {number} y
 * @property {number} zoom
 *
 * @typedef {object} Lead where a facilitator leads people
 * @property {string} by who leads (their id)
 * @property {string} name their name
 * @property {string} board
 * @property {string} kind the board's kind: who may not read `board` goes to their own group's board of it
 * @property {BoardView} view
 * @property {string} [group] the group led; absent for the whole session
 * @property {number} at server epoch ms
 */

/**
 * The timers with one changed, added, or (stopped) taken out.
 * @param {ActivityTimer[]} timers
 * @param {ActivityTimer} timer
 * @returns {ActivityTimer[]}
 */
export function applyActivityTimer(timers, timer) {
  if (!isTimer(timer)) return timers
  const others = timers.filter((t) => t.id !== timer.id)
  if (timer.status === 'stopped') return others
  const index = timers.findIndex((t) => t.id === timer.id)
  if (index < 0) return [...timers, timer]
  return timers.map((t) => (t.id === timer.id ? timer : t))
}

/**
 * The well-formed timers of a state's `activityTimers`.
 * @param {unknown} list
 * @returns {ActivityTimer[]}
 */
export function readTimers(list) {
  return Array.isArray(list) ? list.filter(isTimer) : []
}

/**
 * @param {unknown} timer
 * @returns {timer is ActivityTimer}
 */
function isTimer(timer) {
  const t = /** @type {any} */ (timer)
  return Boolean(t) && typeof t.id === 'string' && typeof t.deadline === 'number' && typeof t.status === 'string'
}

/**
 * Milliseconds left on a timer now: counted down from its deadline while it runs, frozen
 * while paused (negative in overtime).
 * @param {ActivityTimer} timer
 * @param {{ serverNow(): number }} clock
 * @returns {number}
 */
export function timerRemaining(timer, clock) {
  return timer.status === 'running' ? timer.deadline - clock.serverNow() : timer.remainingMs
}

/**
 * The leads of a state's `follows`, by scope (`''` for the session, else the group id).
 * @param {unknown} list
 * @returns {Map<string, Lead>}
 */
export function readLeads(list) {
  /** @type {Map<string, Lead>} */
  const leads = new Map()
  for (const lead of Array.isArray(list) ? list : []) {
    if (isLead(lead)) leads.set(lead.group ?? '', lead)
  }
  return leads
}

/**
 * The leads with a `follow` event applied.
 * @param {Map<string, Lead>} leads
 * @param {{ group?: string | null, lead?: unknown }} message
 * @returns {Map<string, Lead>}
 */
export function applyFollow(leads, message) {
  const next = new Map(leads)
  const scope = typeof message.group === 'string' ? message.group : ''
  if (isLead(message.lead)) next.set(scope, message.lead)
  else next.delete(scope)
  return next
}

/**
 * The lead this person follows: their group's if there is one, else the session's.
 * @param {Map<string, Lead>} leads
 * @param {string | null | undefined} group this person's group
 * @returns {Lead | null}
 */
export function currentLead(leads, group) {
  return (group ? leads.get(group) : undefined) ?? leads.get('') ?? null
}

/**
 * @param {unknown} lead
 * @returns {lead is Lead}
 */
function isLead(lead) {
  const l = /** @type {any} */ (lead)
  return Boolean(l) && typeof l.board === 'string' && typeof l.at === 'number' && isView(l.view)
}

/**
 * @param {unknown} view
 * @returns {view is BoardView}
 */
export function isView(view) {
  const v = /** @type {any} */ (view)
  return Boolean(v) && Number.isFinite(v.x) && Number.isFinite(v.y) && Number.isFinite(v.zoom) && v.zoom > 0
}

/**
 * The board a lead takes this person to: the lead's board when they may read it, else their
 * group's board of the same kind; null when they have none.
 * @param {Lead} lead
 * @param {{ id: string, kind: string }[]} myBoards the boards this person may read (their group's)
 * @param {boolean} [readsAll] whether they may read every board of the session (a facilitator, a juror)
 * @returns {string | null}
 */
export function leadTarget(lead, myBoards, readsAll = false) {
  if (readsAll || myBoards.some((b) => b.id === lead.board)) return lead.board
  return myBoards.find((b) => b.kind === lead.kind)?.id ?? null
}

// MARK: - Leaving a lead

const LEFT_KEY = 'atelier.leftLead'

/**
 * A lead's identity: who, when, for whom (a new lead of the same scope is another one).
 * @param {Lead} lead
 * @returns {string}
 */
function leadKey(lead) {
  return `${lead.group ?? ''}@${lead.at}`
}

/**
 * Remembers (for this tab) that the person left this lead: it no longer moves them, the next one will.
 * @param {Lead} lead
 */
export function leaveLead(lead) {
  try {
    sessionStorage.setItem(LEFT_KEY, leadKey(lead))
  } catch {
    // Storage refused: the lead is left for this page only.
  }
}

/**
 * Whether the person left this lead (in this tab).
 * @param {Lead} lead
 * @returns {boolean}
 */
export function leftLead(lead) {
  try {
    return sessionStorage.getItem(LEFT_KEY) === leadKey(lead)
  } catch {
    return false
  }
}

// MARK: - The administrator's last session

const LAST_SESSION_KEY = 'atelier.lastSession'

/**
 * Notes the session the console shows, so a board page the administrator opens from it finds
 * the board's session first (their `/me` names none).
 * @param {string} id
 */
export function noteSessionShown(id) {
  try {
    sessionStorage.setItem(LAST_SESSION_KEY, id)
  } catch {
    // The board page looks through every session instead.
  }
}

/** @returns {string | null} the session the console showed last in this tab */
export function lastSessionShown() {
  try {
    return sessionStorage.getItem(LAST_SESSION_KEY)
  } catch {
    return null
  }
}

// MARK: - The time's-up sound

const SOUND_KEY = 'atelier.timerSound'

/** @returns {boolean} whether a beep sounds at time's up (off unless the person turned it on) */
export function soundOn() {
  try {
    return localStorage.getItem(SOUND_KEY) === 'on'
  } catch {
    return false
  }
}

/** @type {AudioContext | null} */
let audio = null

/**
 * Turns the time's-up sound on or off (remembered in this browser). Called from a click, so
 * the audio context may start.
 * @param {boolean} on
 */
export function setSound(on) {
  try {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off')
  } catch {
    // Not remembered; it still applies to this page.
  }
  if (on) {
    audio ??= new AudioContext()
    void audio.resume()
  }
}

/** A short beep (two tones), when the sound is on and the browser lets the page play it. */
export function beep() {
  if (!soundOn()) return
  try {
    audio ??= new AudioContext()
    const context = audio
    void context.resume()
    const start = context.currentTime
    for (const [offset, frequency] of [[0, 880], [0.25, 660]]) {
      const oscillator = context.createOscillator()
      const gain = context.createGain()
      oscillator.frequency.value = frequency
      gain.gain.setValueAtTime(0.0001, start + offset)
      gain.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.2)
      oscillator.connect(gain).connect(context.destination)
      oscillator.start(start + offset)
      oscillator.stop(start + offset + 0.22)
    }
  } catch {
    // No audio here: the visible signal says it.
  }
}
