/**
 * The session state the pages show (as `GET /api/v1/sessions/{id}` returns it and the live
 * channel's `hello` and `phase` events carry it), and pure functions that apply the live
 * channel's smaller events to it. Each returns a new state; nothing is mutated.
 */

/**
 * @typedef {{ fr?: string, en?: string }} Label
 *
 * @typedef {object} Phase
 * @property {string} id
 * @property {Label} label
 * @property {number} day
 * @property {number | null} [deadline] server epoch ms (current phase only)
 * @property {number} [startedAt] server epoch ms (current phase only)
 *
 * @typedef {object} PlannedPhase
 * @property {string} id
 * @property {Label} label
 * @property {number} day
 * @property {number | null} timeBoxMinutes
 * @property {boolean} dayBegun
 *
 * @typedef {object} Board
 * @property {string} id
 * @property {string} kind
 * @property {boolean} [writable]
 * @property {string[] | 'all'} [writableIn] the phases the session binds the board to (else the kind's defaults)
 *
 * @typedef {object} Group
 * @property {string} id
 * @property {string} name
 * @property {Board[]} boards
 * @property {string[]} [online] names of the group's members online now
 * @property {import('./assessment.js').CandidateRef[]} [candidates] one per participant (`c_…`), the unit the jury grades
 * @property {import('./assessment.js').ProblemStatement | null} [problem] the group's problem statement
 * @property {string} [problemAuthor] the name of who wrote it
 *
 * @typedef {object} Invite
 * @property {string} id
 * @property {string} name
 * @property {string} role
 * @property {string | null} group
 * @property {boolean} [revoked]
 * @property {boolean} [erased] when the server says so; else see `isErased`
 * @property {boolean} [online]
 * @property {string} [token] only right after creation or reissue
 * @property {string} [url] only right after creation or reissue
 *
 * @typedef {object} SessionState
 * @property {string} id
 * @property {string} title
 * @property {string} [timeZone]
 * @property {string} [facilitator] the facilitator's name (the definition's), when the server gives it
 * @property {string} [startDate]
 * @property {Phase} phase
 * @property {PlannedPhase[]} phases
 * @property {Group[]} groups
 * @property {Invite[]} [invites] facilitator only
 * @property {number} [slideLimit] the deck's slide limit
 * @property {string | null} [problemPhase] the definition's phase for problem statements, when the server gives it (lib/assessment.js `problemPhaseOf`)
 * @property {{ id: string, name: string }[]} [jurors] the definition's jurors
 * @property {import('./pitch.js').Criterion[]} [rubric]
 * @property {import('./pitch.js').Scale} [scale]
 * @property {number | null} [archivedAt] when the session was archived (read-only for everyone)
 * @property {number | null} [purgeAt] when the retention rules delete it (the facilitator's view)
 * @property {import('./facilitation.js').ActivityTimer[]} [activityTimers] the activity timers shown to the reader
 * @property {import('./facilitation.js').Lead[]} [follows] the follow-me leads in force for the reader
 */

/**
 * Whether an invite is an erased person's (GDPR erasure, `POST …/people/{id}/erase`): the
 * server's `erased` when it gives one, else a revoked invite whose name is the pseudonym the
 * erasure gives ("— " and the last six characters of the invite's id). Nothing can restore it:
 * the server refuses a new link (409 `person-erased`).
 * @param {{ id: string, name: string, revoked?: boolean, erased?: boolean }} invite
 * @returns {boolean}
 */
export function isErased(invite) {
  if (typeof invite.erased === 'boolean') return invite.erased
  return Boolean(invite.revoked) && typeof invite.name === 'string' && invite.name === `— ${invite.id.slice(-6)}`
}

/**
 * Applies a `board-lock` event: `{"boards":[{"id","writable"}]}`.
 * @param {SessionState} state
 * @param {{ id: string, writable: boolean }[]} boards
 * @returns {SessionState}
 */
export function applyBoardLock(state, boards) {
  if (!Array.isArray(boards)) return state
  const writable = new Map(boards.filter((b) => b && typeof b.id === 'string').map((b) => [b.id, Boolean(b.writable)]))
  return {
    ...state,
    groups: (state.groups ?? []).map((group) => ({
      ...group,
      boards: (group.boards ?? []).map((board) =>
        writable.has(board.id) ? { ...board, writable: writable.get(board.id) } : board,
      ),
    })),
  }
}

/**
 * Applies a `presence` event: `{"online":{"<inviteId>":true|false}}`. Updates each known
 * invite and recomputes the groups' `online` names from the invites (facilitator view);
 * without invites the state is returned as is.
 * @param {SessionState} state
 * @param {Record<string, boolean>} online
 * @returns {SessionState}
 */
export function applyPresence(state, online) {
  if (!online || typeof online !== 'object' || !Array.isArray(state.invites)) return state
  const invites = state.invites.map((invite) =>
    invite.id in online ? { ...invite, online: Boolean(online[invite.id]) } : invite,
  )
  const groups = (state.groups ?? []).map((group) => ({
    ...group,
    online: invites.filter((i) => i.group === group.id && i.online && !i.revoked).map((i) => i.name),
  }))
  return { ...state, invites, groups }
}

/**
 * The phase after the current one, or null at the last.
 * @param {SessionState} state
 * @returns {PlannedPhase | null}
 */
export function nextPhase(state) {
  const phases = state.phases ?? []
  const index = phases.findIndex((p) => p.id === state.phase?.id)
  return index >= 0 && index + 1 < phases.length ? phases[index + 1] : null
}

/**
 * The planned phase with this id.
 * @param {SessionState} state
 * @param {string} id
 * @returns {PlannedPhase | undefined}
 */
export function plannedPhase(state, id) {
  return (state.phases ?? []).find((p) => p.id === id)
}

/**
 * Merges invites known to this page (with their one-time `url` and `token`, from creation
 * or reissue) into the server's list, which never carries them again.
 * @param {Invite[]} fromServer
 * @param {Map<string, Invite>} known by invite id
 * @returns {Invite[]}
 */
export function mergeInvites(fromServer, known) {
  return fromServer.map((invite) => {
    const extra = known.get(invite.id)
    return extra && extra.url && !invite.revoked ? { ...invite, url: extra.url, token: extra.token } : invite
  })
}
