/**
 * Who is on a board page and what they may do there: `GET /api/v1/me` (enough to know
 * whether the board is writable: it carries the person's group and its boards), then, off
 * the critical path, the session state and the live channel (`board-lock`, `phase`,
 * `notice`, `timer`), so the page knows at every moment whether the board is writable for this
 * person, why not, and when it opens, and hears the phase's warnings.
 *
 * Writable: a participant writes their group's boards in the phases the kind is bound to
 * (`board.writable` in the state, then `board-lock` events); the facilitator always; jurors
 * and observers never. For example:
 *
 * ```js
 * const access = new BoardAccess({ boardId, token })
 * access.addEventListener('change', () => render(access.writable, access.lock))
 * access.addEventListener('locked', (e) => tellThem(e.detail.phase))
 * await access.load()
 * ```
 *
 * It also keeps what the facilitator runs in the room (lib/facilitation.js): the activity
 * timers and follow-me leads this person is shown (`timers`, `leads`, from the state and then
 * the live `activity-timer` and `follow` events). The administrator's `/me` names no session:
 * for them the session holding the board is looked up (the one the console showed last first).
 *
 * Events (`CustomEvent`): `change` (anything above changed), `locked` (`detail: { phase }`:
 * the board just became read-only under this person, live), `notice` (`detail`: a live
 * `notice` message for this person), `phase-timer` (`detail`: a live `timer` message of the
 * phase's time box: a warning or time's up), `facilitation` (`detail`: the live `activity-timer`,
 * `follow` or `vote` message; `timers` and `leads` are up to date by then), `live` (the live
 * channel's state changed: `live.info`). Private mode: `board.private` (from the state, then
 * the live `board-mode` event, which also fires `change`), `private` for short.
 */
import { APIError, api, seg } from '../lib/api.js'
import { applyActivityTimer, applyFollow, lastSessionShown, readLeads, readTimers } from '../lib/facilitation.js'
import { setTimeZone } from '../lib/i18n.js'
import { kindOf } from './kinds/registry.js'

/**
 * @typedef {object} Me
 * @property {string} id
 * @property {string} role
 * @property {string} name
 * @property {string | null} sessionId
 *
 * @typedef {object} LockInfo why the board is read-only
 * @property {'phase' | 'role' | 'frozen' | 'archived' | 'none'} cause
 * @property {import('../lib/phase-plan.js').Opening | null} opening when it opens (phase locks)
 */

export class BoardAccess extends EventTarget {
  /** @type {string} */
  #boardId
  /** @type {string} */
  #token
  /** @type {Me} */
  me = { id: '', role: '', name: '', sessionId: null }
  /** @type {import('../lib/session-state.js').SessionState | null} */
  session = null
  /** @type {{ id: string, kind: string, writable?: boolean, writableIn?: string[] | 'all', private?: boolean } | null} */
  board = null
  /** @type {{ id: string, name: string } | null} the group the board belongs to */
  group = null
  /** @type {string} the session of the live channel */
  #sessionId = ''
  /** @type {{ id: string, name: string, boards: { id: string, kind: string }[] } | null} this participant's group */
  myGroup = null
  /** @type {import('../lib/facilitation.js').ActivityTimer[]} */
  timers = []
  /** @type {Map<string, import('../lib/facilitation.js').Lead>} by scope: '' for the session, else the group */
  leads = new Map()
  /** @type {import('../lib/live.js').LiveChannel | null} */
  live = null
  /** @type {unknown} the error that stopped loading, if any */
  error = null
  #phaseWritable = true
  #stopped = false
  /** @type {typeof import('../lib/phase-plan.js') | null} loaded with the session state */
  #plan = null

  /** @param {{ boardId: string, token: string }} options */
  constructor({ boardId, token }) {
    super()
    this.#boardId = boardId
    this.#token = token
  }

  /** Whether this person may edit the board now (as far as the rules say). */
  get writable() {
    return this.#phaseWritable && !this.archived
  }

  /** Whether the session is archived (read-only for everyone until it is opened again). */
  get archived() {
    return typeof this.session?.archivedAt === 'number'
  }

  /** Whether the board is in private mode (each participant's work withheld from the others). */
  get private() {
    return this.board?.private === true
  }

  /**
   * Takes the board's mode as a facilitator's command answered it (the live event follows).
   * @param {'private' | 'shared'} mode
   */
  setMode(mode) {
    if (this.board) this.board = { ...this.board, private: mode === 'private' }
    this.#emit('change')
  }

  /** Why the board is read-only now, and when it opens. @returns {LockInfo} */
  get lock() {
    if (this.archived) return { cause: 'archived', opening: null }
    if (this.#phaseWritable) return { cause: 'none', opening: null }
    if (this.me.role === 'juror' || this.me.role === 'observer') return { cause: 'role', opening: null }
    const plan = this.#plan
    if (!this.session || !this.board || !plan) return { cause: 'phase', opening: null }
    const kind = kindOf(this.board.kind)
    const phases = plan.writablePhases(this.board, kind.defaultPhases, this.session.phases ?? [])
    // Writable in this phase by the bindings, yet locked: the deck is frozen for its pitch.
    if (kind.surface === 'deck' && this.session.phase && phases.has(this.session.phase.id)) return { cause: 'frozen', opening: null }
    return { cause: 'phase', opening: plan.boardOpening(this.session, this.board, kind.defaultPhases) }
  }

  /**
   * Loads who we are (and so whether the board is writable), then, without waiting, the
   * session state and the live channel.
   */
  async load() {
    try {
      const me = await api('/me', { token: this.#token })
      this.me = { id: String(me.id ?? ''), role: String(me.role ?? ''), name: String(me.name ?? ''), sessionId: me.session?.id ?? null }
      if (this.me.role === 'juror' || this.me.role === 'observer') this.#phaseWritable = false
      if (me.group) {
        this.#applyGroup(me.group)
        this.myGroup = { id: String(me.group.id ?? ''), name: String(me.group.name ?? ''), boards: Array.isArray(me.group.boards) ? me.group.boards : [] }
      }
    } catch (error) {
      this.error = error instanceof APIError ? error : String(error)
    }
    this.#emit('change')
    if (this.me.sessionId) void this.#follow(this.me.sessionId)
    else if (this.me.role === 'facilitator') void this.#findSession()
  }

  /** The administrator's: the session that holds this board (none for an ad-hoc board). */
  async #findSession() {
    try {
      const { sessions } = await api('/sessions', { token: this.#token })
      /** @type {string[]} */
      const ids = (Array.isArray(sessions) ? sessions : []).map((s) => String(s?.id ?? ''))
      const hint = lastSessionShown()
      if (hint && ids.includes(hint)) ids.unshift(...ids.splice(ids.indexOf(hint), 1))
      for (const id of ids) {
        const state = await api(`/sessions/${seg(id)}`, { token: this.#token })
        if (this.#stopped) return
        if ((state?.groups ?? []).some((/** @type {any} */ g) => (g?.boards ?? []).some((/** @type {any} */ b) => b?.id === this.#boardId))) {
          this.me = { ...this.me, sessionId: id }
          void this.#follow(id, state)
          return
        }
      }
    } catch {
      // Without its session the board still works; the room's tools are not shown.
    }
  }

  /**
   * The session state, the phase plan and the live channel (their modules load now).
   * @param {string} sessionId
   * @param {unknown} [loaded] the state, when it is in hand already
   */
  async #follow(sessionId, loaded) {
    try {
      const [session, plan, { LiveChannel }] = await Promise.all([
        loaded ?? api(`/sessions/${seg(sessionId)}`, { token: this.#token }),
        import('../lib/phase-plan.js'),
        import('../lib/live.js'),
      ])
      if (this.#stopped) return
      this.#plan = plan
      this.#applySession(session)
      this.#emit('change')
      this.#startLive(LiveChannel, sessionId)
    } catch (error) {
      this.error = error instanceof APIError ? error : String(error)
      this.#emit('change')
    }
  }

  stop() {
    this.#stopped = true
    this.live?.stop()
    this.live = null
  }

  /** @param {any} session */
  #applySession(session) {
    if (!session || typeof session !== 'object') return
    this.session = session
    setTimeZone(session.timeZone)
    for (const group of session.groups ?? []) this.#applyGroup(group)
    const mine = this.myGroup && (session.groups ?? []).find((/** @type {any} */ g) => g?.id === this.myGroup?.id)
    if (mine && this.myGroup) this.myGroup = { ...this.myGroup, name: String(mine.name ?? ''), boards: mine.boards ?? this.myGroup.boards }
    this.timers = readTimers(session.activityTimers)
    this.leads = readLeads(session.follows)
  }

  /** @param {any} group a group with its boards (from `/me` or the session state) */
  #applyGroup(group) {
    for (const board of group?.boards ?? []) {
      if (board?.id !== this.#boardId) continue
      this.board = board
      this.group = { id: String(group.id ?? ''), name: String(group.name ?? '') }
      if (this.me.role === 'participant') this.#phaseWritable = board.writable !== false
    }
  }

  /**
   * @param {typeof import('../lib/live.js').LiveChannel} LiveChannel
   * @param {string} sessionId
   */
  #startLive(LiveChannel, sessionId) {
    this.#sessionId = sessionId
    const live = new LiveChannel({ sessionId, token: this.#token })
    live.addEventListener('message', (event) => {
      const message = /** @type {CustomEvent<any>} */ (event).detail
      const was = this.#phaseWritable
      if (message.type === 'board-lock' && this.me.role === 'participant') {
        const entry = (message.boards ?? []).find((/** @type {any} */ b) => b?.id === this.#boardId)
        if (!entry) return
        this.#phaseWritable = entry.writable !== false
        if (this.board) this.board = { ...this.board, writable: this.#phaseWritable }
      } else if (message.type === 'board-mode') {
        if (message.board !== this.#boardId || !this.board) return
        this.board = { ...this.board, private: message.mode === 'private' }
      } else if ((message.type === 'hello' || message.type === 'phase') && message.session) {
        this.#applySession(message.session)
      } else if (message.type === 'notice') {
        // Archiving tells no new state: the notice says it, and the lock's cause follows.
        if ((message.code === 'session-archived' || message.code === 'session-unarchived') && this.session) {
          this.session = { ...this.session, archivedAt: message.code === 'session-archived' ? Number(message.at ?? Date.now()) : null }
          this.#emit('change')
        }
        // A name changed (a group's, a person's): read the session and who I am again.
        if (message.code === 'roster-changed') void this.#reloadRoster()
        this.#emit('notice', message)
        return
      } else if (message.type === 'timer' && message.scope === 'phase') {
        this.#emit('phase-timer', message)
        return
      } else if (message.type === 'activity-timer' || message.type === 'follow' || message.type === 'vote') {
        if (message.type === 'activity-timer') this.timers = applyActivityTimer(this.timers, message.timer)
        if (message.type === 'follow') this.leads = applyFollow(this.leads, message)
        this.#emit('facilitation', message)
        return
      } else {
        return
      }
      if (was && !this.#phaseWritable && !this.archived) this.#emit('locked', { phase: this.session?.phase ?? null })
      this.#emit('change')
    })
    live.addEventListener('state', () => this.#emit('live'))
    live.start()
    this.live = live
  }

  /** Reads the session's state and this person's name again (after a rename). */
  async #reloadRoster() {
    try {
      const [state, me] = await Promise.all([
        this.#sessionId ? api(`/sessions/${seg(this.#sessionId)}`, { token: this.#token }) : Promise.resolve(null),
        api('/me', { token: this.#token }),
      ])
      if (this.#stopped) return
      if (typeof me?.name === 'string') this.me = { ...this.me, name: me.name }
      if (state) this.#applySession(state)
      this.#emit('change')
    } catch {
      // the old names stay until the next load
    }
  }

  /**
   * @param {string} type
   * @param {unknown} [detail]
   */
  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }))
  }
}
