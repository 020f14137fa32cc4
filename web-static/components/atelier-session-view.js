import { api, seg } from '../lib/api.js'
import { problemPhaseOf, unapprovedGroups } from '../lib/assessment.js'
import { codeText, errorText } from '../lib/errors.js'
import { loadKinds } from '../board/kinds/registry.js'
import { html, render } from '../lib/html.js'
import { formatDateTime, formatList, liveLabels, onLanguageChange, phaseMoveText, phaseName, setTimeZone, t } from '../lib/i18n.js'
import { LiveChannel } from '../lib/live.js'
import { applyActivityTimer, noteSessionShown, readTimers } from '../lib/facilitation.js'
import { applyBoardLock, applyPresence, mergeInvites, nextPhase, plannedPhase } from '../lib/session-state.js'
import './atelier-activity-timers.js'
import './atelier-audit-log.js'
import './atelier-connection-status.js'
import './atelier-countdown.js'
import './atelier-group-list.js'
import './atelier-invite-list.js'
import { notice } from './atelier-live-notices.js'
import './atelier-phase-bar.js'
import './atelier-phase-controls.js'
import './atelier-pitch-links.js'
import './atelier-problem-list.js'
import './atelier-people-editor.js'
import './atelier-quarantine-list.js'
import './atelier-session-lifecycle.js'

/**
 * One session in the facilitator's console: the phase bar, the phase commands and the
 * countdown, the activity timers (start one for everyone or a group; pause, resume, +1 min,
 * stop: components/atelier-activity-timers.js), each group's problem statement with "Approve", the groups with their boards and
 * who is online, each group's pitch (extra time, reset: components/atelier-pitch-links.js), the
 * invites, the audit log and the quarantine. It loads
 * `GET /api/v1/sessions/{id}` and then follows the live channel (`hello`, `phase`, `timer`,
 * `board-lock`, `presence`, `notice`, `quarantine`, `problem`, `activity-timer`, `pitch`);
 * commands are HTTP POSTs, and their refusals are shown where they were given, in the
 * reader's language from their code (lib/errors.js), with the way forward.
 *
 * Data down (set before connecting): `token`, `sessionId`, `knownInvites` (invite id →
 * invite with its one-time link, kept by the console), `fresh` (just created: the invites
 * and their "shown once" warning come right after the phase), `administrator` (false for a
 * co-facilitator: the administrator's own actions — deleting the session, a person's data —
 * are not offered). Events up: `atelier-invite-reissued` with
 * `detail: { invite }` (the new link, for the console to keep). Mirrors `data-phase`
 * (the current phase id) and `data-live` (the live channel's state).
 */
export class AtelierSessionView extends HTMLElement {
  /** @type {string} */
  token = ''
  /** @type {string} */
  sessionId = ''
  /** @type {Map<string, import('../lib/session-state.js').Invite>} */
  knownInvites = new Map()
  fresh = false
  administrator = true

  /** @type {import('../lib/session-state.js').SessionState | null} */
  #state = null
  /** @type {LiveChannel | null} */
  #live = null
  /** @type {import('./atelier-audit-log.js').AuditEntry[]} */
  #audit = []
  /** @type {import('./atelier-quarantine-list.js').QuarantineEntry[]} */
  #quarantine = []
  /** @type {import('./atelier-quarantine-list.js').QuarantineEntry[]} the live channel's entries, latest last */
  #liveQuarantine = []
  #busy = false
  #connected = false
  /** @type {(() => void) | null} */
  #stopLanguage = null

  connectedCallback() {
    this.#connected = true
    this.dataset.live = 'connecting'
    render(this, html`<p class="loading">${t('common.loading')}</p>`)
    this.addEventListener('atelier-phase-command', this.#onPhaseCommand)
    this.addEventListener('atelier-invite-action', this.#onInviteAction)
    this.addEventListener('atelier-quarantine-action', this.#onQuarantineAction)
    this.addEventListener('atelier-refresh', this.#onRefresh)
    this.addEventListener('atelier-retry', this.#onRetry)
    this.addEventListener('atelier-problem-approve', this.#onApprove)
    this.addEventListener('atelier-session-archived', this.#onArchived)
    this.addEventListener('atelier-session-deleted', this.#onDeleted)
    this.addEventListener('atelier-person-added', this.#onPersonAdded)
    this.addEventListener('atelier-roster-changed', this.#reloadState)
    this.addEventListener('atelier-activity-timer', this.#onActivityTimer)
    this.#stopLanguage = onLanguageChange(() => this.#renderStatic())
    this.#load()
  }

  disconnectedCallback() {
    this.#connected = false
    this.removeEventListener('atelier-phase-command', this.#onPhaseCommand)
    this.removeEventListener('atelier-invite-action', this.#onInviteAction)
    this.removeEventListener('atelier-quarantine-action', this.#onQuarantineAction)
    this.removeEventListener('atelier-refresh', this.#onRefresh)
    this.removeEventListener('atelier-retry', this.#onRetry)
    this.removeEventListener('atelier-problem-approve', this.#onApprove)
    this.removeEventListener('atelier-session-archived', this.#onArchived)
    this.removeEventListener('atelier-session-deleted', this.#onDeleted)
    this.removeEventListener('atelier-person-added', this.#onPersonAdded)
    this.removeEventListener('atelier-roster-changed', this.#reloadState)
    this.removeEventListener('atelier-activity-timer', this.#onActivityTimer)
    this.#stopLanguage?.()
    this.#live?.stop()
    this.#live = null
  }

  async #load() {
    try {
      const [answer] = await Promise.all([api(`/sessions/${seg(this.sessionId)}`, { token: this.token }), loadKinds()])
      const state = /** @type {import('../lib/session-state.js').SessionState} */ (answer)
      if (!this.#connected) return
      noteSessionShown(this.sessionId)
      this.#layout()
      this.#setState(state)
    } catch (error) {
      if (!this.#connected) return
      const message = errorText(error)
      render(
        this,
        html`<section class="card notice error" role="alert"><p>${t('common.error', { message })}</p>
          <p><a href="#">${t('console.back')}</a></p></section>`,
      )
      return
    }
    this.#loadAudit()
    this.#loadQuarantine()
    const live = new LiveChannel({ sessionId: this.sessionId, token: this.token })
    live.addEventListener('message', this.#onLiveMessage)
    live.addEventListener('state', this.#onLiveState)
    this.#live = live
    live.start()
    this.#part('countdown').clock = live.clock
    this.#part('activity-timers').clock = live.clock
  }

  /** The page's frame; the parts are filled by #setState and the loaders. */
  #layout() {
    const invites = html`<atelier-invite-list class="card"></atelier-invite-list>`
    render(
      this,
      html`<header class="session-header">
          <div>
            <h1 class="session-title"></h1>
            <p class="session-meta muted"></p>
          </div>
          <atelier-connection-status></atelier-connection-status>
        </header>
        <section class="card phase-card">
          <atelier-phase-bar></atelier-phase-bar>
          <div class="phase-row">
            <atelier-countdown></atelier-countdown>
            <atelier-phase-controls></atelier-phase-controls>
          </div>
        </section>
        <atelier-live-notices></atelier-live-notices>
        <atelier-activity-timers class="card"></atelier-activity-timers>
        <atelier-problem-list class="card"></atelier-problem-list>
        ${this.fresh ? invites : ''}
        <atelier-group-list class="card"></atelier-group-list>
        <atelier-pitch-links class="card"></atelier-pitch-links>
        ${this.fresh ? '' : invites}
        <atelier-people-editor class="card"></atelier-people-editor>
        <atelier-quarantine-list class="card"></atelier-quarantine-list>
        <atelier-audit-log class="card"></atelier-audit-log>
        <atelier-session-lifecycle class="card"></atelier-session-lifecycle>`,
    )
    const status = this.#part('connection-status')
    status.labels = liveLabels()
    status.info = { state: 'connecting', lastClose: null }
    const timers = this.#part('activity-timers')
    timers.token = this.token
    timers.sessionId = this.sessionId
    timers.controls = true
    this.#part('pitch-links').token = this.token
  }

  /**
   * @param {string} name the element name without `atelier-`
   * @returns {any}
   */
  #part(name) {
    return this.querySelector(`atelier-${name}`) ?? {}
  }

  /** @param {import('../lib/session-state.js').SessionState} state */
  #setState(state) {
    // A live snapshot may come without the invites (they are the facilitator's): keep the last ones.
    const invites = Array.isArray(state.invites) ? mergeInvites(state.invites, this.knownInvites) : this.#state?.invites
    // So may the date the retention rules delete it (the facilitator's HTTP answers carry it).
    const purgeAt = typeof state.purgeAt === 'number' ? state.purgeAt : this.#state?.purgeAt
    this.#state = { ...state, invites, purgeAt }
    setTimeZone(state.timeZone)
    this.dataset.phase = state.phase?.id ?? ''
    this.#renderState()
  }

  #renderState() {
    const state = this.#state
    if (!state) return
    this.#renderStatic()
    // An archived session is read-only and its timers are stopped: no countdown, no timer,
    // and no command the server would refuse (409 session-archived); "Open again" is in the
    // lifecycle card.
    const archived = typeof state.archivedAt === 'number'
    const wasArchived = this.dataset.archived === 'true'
    this.#part('phase-bar').state = state
    const phaseControls = this.#part('phase-controls')
    phaseControls.state = state
    phaseControls.hidden = archived
    const countdown = this.#part('countdown')
    countdown.timeZone = state.timeZone
    countdown.phaseLabel = phaseName(state.phase?.id ?? '', state.phase?.label)
    countdown.deadline = archived ? null : state.phase?.deadline ?? null
    countdown.hidden = archived
    const timers = this.#part('activity-timers')
    timers.groups = (state.groups ?? []).map((g) => ({ id: g.id, name: g.name }))
    timers.timers = archived ? [] : readTimers(state.activityTimers)
    if (archived !== wasArchived) timers.controls = !archived
    const groupList = this.#part('group-list')
    groupList.state = state
    groupList.groups = state.groups ?? []
    const pitchLinks = this.#part('pitch-links')
    pitchLinks.archived = typeof state.archivedAt === 'number'
    pitchLinks.sessionId = state.id
    pitchLinks.groups = state.groups ?? []
    const quarantine = this.#part('quarantine-list')
    quarantine.groups = state.groups ?? []
    quarantine.invites = state.invites ?? []
    const inviteList = this.#part('invite-list')
    inviteList.groups = state.groups ?? []
    inviteList.sessionTitle = state.title
    inviteList.invites = state.invites ?? []
    const audit = this.#part('audit-log')
    audit.phaseLabel = (/** @type {string} */ id) => phaseName(id, plannedPhase(state, id)?.label)
    /** @type {Map<string, string>} */
    const people = new Map()
    for (const person of [...(state.invites ?? []), ...(state.jurors ?? [])]) people.set(person.id, person.name)
    // The definition's facilitator by name, once the state carries it (else the audit log says the role).
    if (typeof state.facilitator === 'string') people.set('facilitator', state.facilitator)
    audit.people = people
    audit.groups = new Map((state.groups ?? []).map((g) => [g.id, g.name]))
    audit.session = state
    const problems = this.#part('problem-list')
    problems.people = people
    problems.groups = state.groups ?? []
    const problemPhase = problemPhaseOf(state)
    problems.phase = problemPhase ? phaseName(problemPhase, plannedPhase(state, problemPhase)?.label) : ''
    const peopleEditor = this.#part('people-editor')
    peopleEditor.token = this.token
    peopleEditor.administrator = this.administrator
    peopleEditor.sessionId = state.id
    peopleEditor.groups = (state.groups ?? []).map((g) => ({ id: g.id, name: g.name }))
    peopleEditor.invites = state.invites ?? []
    const lifecycle = this.#part('session-lifecycle')
    lifecycle.token = this.token
    lifecycle.administrator = this.administrator
    lifecycle.state = { id: state.id, title: state.title, startDate: state.startDate, archivedAt: state.archivedAt ?? null, purgeAt: state.purgeAt ?? null }
    this.dataset.archived = String(typeof state.archivedAt === 'number')
  }

  /** What depends only on the language and the title. */
  #renderStatic() {
    const state = this.#state
    if (!state) return
    document.title = `${state.title} · Atelier`
    const title = this.querySelector('.session-title')
    if (title) render(title, html`${state.title}`)
    const meta = this.querySelector('.session-meta')
    if (meta) render(meta, html`${state.startDate ? formatDateTime(`${state.startDate}T12:00:00Z`, { dateStyle: 'long', timeZone: 'UTC' }) : ''}${state.timeZone ? html` · ${state.timeZone}` : ''}`)
    const countdown = this.#part('countdown')
    countdown.phaseLabel = phaseName(state.phase?.id ?? '', state.phase?.label)
    const status = this.#part('connection-status')
    status.labels = liveLabels()
  }

  async #loadAudit() {
    const log = this.#part('audit-log')
    try {
      const { entries } = await api(`/sessions/${seg(this.sessionId)}/audit`, { token: this.token })
      this.#audit = Array.isArray(entries) ? entries : []
      log.error = null
      log.entries = this.#audit
    } catch (error) {
      log.error = errorText(error)
    }
  }

  async #loadQuarantine() {
    const list = this.#part('quarantine-list')
    // Live events that come while the list loads are newer than what it returns: keep them.
    const since = this.#liveQuarantine.length
    try {
      const { entries } = await api(`/sessions/${seg(this.sessionId)}/quarantine`, { token: this.token })
      this.#quarantine = Array.isArray(entries) ? entries : []
      for (const entry of this.#liveQuarantine.slice(since)) this.#quarantine = upsert(this.#quarantine, entry)
      list.error = null
      list.entries = this.#quarantine
    } catch (error) {
      list.error = errorText(error)
    }
  }

  /**
   * Puts an entry of a live `quarantine` event in the list (new, grown, applied or discarded).
   * @param {any} entry
   */
  #upsertQuarantine(entry) {
    if (!entry || typeof entry !== 'object' || entry.id === undefined) return
    this.#liveQuarantine.push(entry)
    if (this.#liveQuarantine.length > 200) this.#liveQuarantine.splice(0, 100)
    this.#quarantine = upsert(this.#quarantine, entry)
    this.#part('quarantine-list').entries = this.#quarantine
  }

  /** @param {Event} event */
  #onLiveMessage = (event) => {
    const message = /** @type {CustomEvent<any>} */ (event).detail
    const state = this.#state
    switch (message.type) {
      case 'hello':
        if (message.session) this.#setState(message.session)
        // The snapshot has no pitches, quarantine or audit: read them again (a reconnect may
        // follow minutes offline, during which refused edits were kept).
        void this.#part('pitch-links').reload?.()
        this.#loadQuarantine()
        this.#loadAudit()
        break
      case 'pitch':
        if (message.pitch) this.#part('pitch-links').setPitch?.(message.pitch)
        break
      case 'phase': {
        if (message.session) this.#setState(message.session)
        else if (state && message.phase) this.#setState({ ...state, phase: message.phase })
        const current = this.#state
        if (current && message.from !== message.to) {
          this.#part('live-notices').clear?.('phase')
          // Who moved it: a co-facilitator by their name (their id is an invite's).
          const actor = typeof message.actor === 'string' ? message.actor : ''
          const name = current.invites?.find((i) => i.id === actor)?.name ?? actor
          const by = name ? ` (${name})` : ''
          this.#part('live-notices').add?.(notice(() => phaseMoveText(current.phases, message.from, message.to) + by))
        }
        this.#loadAudit()
        this.#loadQuarantine()
        break
      }
      case 'board-lock':
        if (state) this.#setState(applyBoardLock(state, message.boards))
        break
      case 'presence':
        if (state) this.#setState(applyPresence(state, message.online))
        break
      case 'timer':
        if (state && message.scope === 'phase' && typeof message.deadline === 'number' && state.phase) {
          this.#setState({ ...state, phase: { ...state.phase, deadline: message.deadline } })
        }
        this.#addNotice(message)
        break
      case 'notice':
        this.#addNotice(message)
        this.#loadQuarantine()
        if (message.code === 'roster-changed' || message.code === 'session-archived' || message.code === 'session-unarchived') void this.#reloadState()
        break
      case 'quarantine':
        this.#upsertQuarantine(message.entry)
        break
      case 'problem':
        if (state && typeof message.group === 'string' && message.problem) this.#setProblem(message.group, message.problem)
        break
      case 'activity-timer':
        if (state) this.#setState({ ...state, activityTimers: applyActivityTimer(readTimers(state.activityTimers), message.timer) })
        if (message.signal) this.#part('activity-timers').signal?.(String(message.timer?.id ?? ''))
        break
    }
  }

  /** @param {Event} event a timer command's answer: shown at once (its live event follows) */
  #onActivityTimer = (event) => {
    const { timer } = /** @type {CustomEvent<{ timer: any }>} */ (event).detail
    const state = this.#state
    if (state) this.#setState({ ...state, activityTimers: applyActivityTimer(readTimers(state.activityTimers), timer) })
    this.#loadAudit()
  }

  /**
   * @param {string} groupId
   * @param {import('../lib/assessment.js').ProblemStatement} problem
   */
  #setProblem(groupId, problem) {
    const state = this.#state
    if (!state) return
    this.#setState({ ...state, groups: (state.groups ?? []).map((g) => (g.id === groupId ? { ...g, problem } : g)) })
  }

  /** @param {Event} event the facilitator approves a group's problem statement */
  #onApprove = async (event) => {
    const { group } = /** @type {CustomEvent<{ group: string }>} */ (event).detail
    const list = this.#part('problem-list')
    list.busyGroup = group
    list.error = null
    try {
      const problem = await api(`/sessions/${seg(this.sessionId)}/groups/${seg(group)}/problem/approve`, { token: this.token, method: 'POST' })
      if (problem && typeof problem === 'object') this.#setProblem(group, problem)
      this.#loadAudit()
    } catch (error) {
      list.error = errorText(error)
    } finally {
      list.busyGroup = ''
    }
  }

  /** @param {any} message */
  #addNotice(message) {
    this.#part('live-notices').addMessage?.(message)
  }

  /** @param {Event} event */
  #onLiveState = (event) => {
    const info = /** @type {CustomEvent<import('../lib/live.js').LiveInfo>} */ (event).detail
    this.dataset.live = info.state
    this.#part('connection-status').info = info
  }

  #onRetry = () => {
    this.#live?.start()
  }

  /** @param {Event} event */
  #onPhaseCommand = async (event) => {
    const command = /** @type {CustomEvent<import('./atelier-phase-controls.js').PhaseCommand>} */ (event).detail
    if (this.#busy) return
    const controls = this.#part('phase-controls')
    this.#busy = true
    controls.busy = true
    controls.feedback = null
    try {
      // The live channel's `phase` event tells the move (to everyone); the answer is the new state.
      const state = await api(`/sessions/${seg(this.sessionId)}/phase`, { token: this.token, method: 'POST', body: command })
      if (state && typeof state === 'object' && state.phase) this.#setState(state)
      this.#loadAudit()
    } catch (error) {
      const state = this.#state
      // The way forward depends on where the command wanted to go: the next phase, or the named one.
      const target = state ? (command.action === 'goto' ? plannedPhase(state, command.phase) : nextPhase(state)) : null
      const context = target ? { phase: phaseName(target.id, target.label), day: target.day } : {}
      const code = /** @type {any} */ (error)?.code
      // Which groups' statements still wait, by name (the way forward: approve them, or override).
      const waiting = () => unapprovedGroups(this.#state?.groups ?? []).map((g) => g.name)
      const text =
        code === 'problem-not-approved'
          ? () => `${codeText('problem-not-approved')} ${waiting().length ? t('problems.missing', { groups: formatList(waiting()) }) : ''}`
          : () => errorText(error, context)
      controls.feedback = { kind: 'error', code, text }
    } finally {
      this.#busy = false
      controls.busy = false
    }
  }

  /** @param {Event} event */
  #onInviteAction = async (event) => {
    const { action, invite } = /** @type {CustomEvent<{ action: 'reissue' | 'revoke', invite: import('../lib/session-state.js').Invite }>} */ (
      event
    ).detail
    const state = this.#state
    if (!state) return
    const path = `/sessions/${seg(this.sessionId)}/invites/${seg(invite.id)}/${action}`
    try {
      const answer = await api(path, { token: this.token, method: 'POST' })
      const current = /** @type {import('../lib/session-state.js').SessionState} */ (this.#state)
      if (action === 'reissue' && answer?.invite) {
        const fresh = { ...invite, ...answer.invite, revoked: false }
        this.knownInvites.set(fresh.id, fresh)
        this.dispatchEvent(new CustomEvent('atelier-invite-reissued', { bubbles: true, detail: { invite: fresh } }))
        this.#setState({ ...current, invites: (current.invites ?? []).map((i) => (i.id === fresh.id ? { ...i, ...fresh } : i)) })
      } else if (action === 'revoke') {
        this.knownInvites.delete(invite.id)
        this.#setState({
          ...current,
          invites: (current.invites ?? []).map((i) => (i.id === invite.id ? { ...i, revoked: true, online: false, url: undefined, token: undefined } : i)),
        })
      }
    } catch (error) {
      this.#part('live-notices').add?.(notice(() => errorText(error), 'error'))
    }
  }

  /** @param {Event} event */
  #onQuarantineAction = async (event) => {
    const { action, id } = /** @type {CustomEvent<{ action: 'apply' | 'discard', id: string }>} */ (event).detail
    const list = this.#part('quarantine-list')
    list.busyId = id
    try {
      const answer = await api(`/sessions/${seg(this.sessionId)}/quarantine/${seg(id)}/${action}`, { token: this.token, method: 'POST' })
      const entry = answer?.entry
      this.#quarantine = this.#quarantine.map((e) =>
        String(e.id) === id ? (entry && typeof entry === 'object' ? entry : { ...e, status: action === 'apply' ? 'applied' : 'discarded' }) : e,
      )
      list.error = null
      list.entries = this.#quarantine
    } catch (error) {
      list.error = errorText(error)
      if (/** @type {any} */ (error)?.code === 'not_pending') this.#loadQuarantine()
    } finally {
      list.busyId = null
    }
    this.#loadAudit()
  }

  /** @param {Event} event a person was added: their one-time link is kept like a reissued one */
  #onPersonAdded = (event) => {
    const { invite } = /** @type {CustomEvent<{ invite: any }>} */ (event).detail
    if (!invite || typeof invite !== 'object' || typeof invite.id !== 'string') return
    this.knownInvites.set(invite.id, invite)
    this.dispatchEvent(new CustomEvent('atelier-invite-reissued', { bubbles: true, detail: { invite } }))
  }

  /** Reads the session again (its people changed). */
  #reloadState = async () => {
    try {
      const state = await api(`/sessions/${seg(this.sessionId)}`, { token: this.token })
      if (this.#connected && state && typeof state === 'object' && state.phase) this.#setState(state)
    } catch {
      // The live channel's next snapshot brings it.
    }
    this.#loadAudit()
  }

  /** A deleted session's one-time links are gone with it (the console would warn about them). */
  #onDeleted = () => {
    for (const invite of this.#state?.invites ?? []) this.knownInvites.delete(invite.id)
  }

  /** @param {Event} event the session was archived or opened again: its new state */
  #onArchived = (event) => {
    const { state } = /** @type {CustomEvent<{ state: any }>} */ (event).detail
    if (state && typeof state === 'object' && state.phase) this.#setState(state)
    this.#loadAudit()
  }

  /** @param {Event} event */
  #onRefresh = (event) => {
    const { what } = /** @type {CustomEvent<{ what: string }>} */ (event).detail
    if (what === 'audit') this.#loadAudit()
    if (what === 'quarantine') this.#loadQuarantine()
  }
}

/**
 * A list with an entry put in (replacing the one with its id, or first).
 * @param {import('./atelier-quarantine-list.js').QuarantineEntry[]} list
 * @param {import('./atelier-quarantine-list.js').QuarantineEntry} entry
 * @returns {import('./atelier-quarantine-list.js').QuarantineEntry[]}
 */
function upsert(list, entry) {
  const id = String(entry.id)
  return list.some((e) => String(e.id) === id) ? list.map((e) => (String(e.id) === id ? { ...e, ...entry } : e)) : [entry, ...list]
}

customElements.define('atelier-session-view', AtelierSessionView)
