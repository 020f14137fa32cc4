import { api, seg } from '../lib/api.js'
import { problemPhaseOf, resultsMayBePublished } from '../lib/assessment.js'
import { errorText } from '../lib/errors.js'
import { kindLabel, loadKinds } from '../board/kinds/registry.js'
import { html, render } from '../lib/html.js'
import { currentLanguage, facilitatorName, liveLabels, onLanguageChange, phaseMoveText, phaseName, setTimeZone, signedInText, t } from '../lib/i18n.js'
import { LiveChannel } from '../lib/live.js'
import { applyActivityTimer, applyFollow, currentLead, leadTarget, leftLead, readLeads, readTimers } from '../lib/facilitation.js'
import { applyBoardLock } from '../lib/session-state.js'
import './atelier-activity-timers.js'
import './atelier-connection-status.js'
import './atelier-countdown.js'
import { boardItem } from './atelier-group-list.js'
import { notice } from './atelier-live-notices.js'
import './atelier-my-result.js'
import './atelier-phase-bar.js'
import './atelier-problem-statement.js'

/**
 * The home of a participant, juror or observer at `/` (and after `/join/{token}`): the
 * session's title, the current phase and its countdown, the group's problem statement
 * (written and saved here in the definition's `problemPhase`, lib/assessment.js `problemPhaseOf`; approved by the facilitator:
 * components/atelier-problem-statement.js), and the person's group boards, open or locked,
 * each a link to `/boards/{id}`; once the jury's record is published, their own result and a
 * link to their page of the record (components/atelier-my-result.js). Everything follows the
 * live channel: a phase change, a board lock, a new or approved statement (`problem`) and the
 * publication (notice `results-published`) show without a reload; so do the activity timers
 * running for them (`activity-timer`), and a facilitator's new lead (`follow`) takes them to
 * its board, or their group's board of its kind.
 *
 * Data down: `token`, `me` (`GET /api/v1/me`). Events up: `atelier-sign-out`. Mirrors
 * `data-phase` (the current phase id, as the live channel last said), `data-live` and, per
 * board, `li[data-board-id][data-writable]`.
 */
export class AtelierParticipantHome extends HTMLElement {
  /** @type {string} */
  token = ''
  /** @type {import('./atelier-home.js').Me | null} */
  me = null

  /** @type {import('../lib/session-state.js').SessionState | null} */
  #state = null
  /** @type {LiveChannel | null} */
  #live = null
  #connected = false
  /** @type {(() => void) | null} */
  #stopLanguage = null
  /** @type {Map<string, import('../lib/facilitation.js').Lead>} */
  #leads = new Map()
  /** Whether the result was asked for (once it may be published: lib/assessment.js). */
  #resultAsked = false
  /** Whether this person's link was revoked or erased (the live channel closed with 4401). */
  #withdrawn = false
  /** Whether the live channel told this page of the archive (its notice is then shown already). */
  #archivedTold = false
  /** Whether the session was deleted (the live channel closed with 4404): nothing of it is shown any more. */
  #deleted = false

  connectedCallback() {
    this.#connected = true
    this.addEventListener('click', this.#onClick)
    this.addEventListener('atelier-retry', this.#onRetry)
    this.#stopLanguage = onLanguageChange(() => this.#renderAll())
    const session = this.me?.session
    if (!session) {
      render(this, html`<section class="card notice">${this.#header()}<p>${t('home.noSession')}</p></section>`)
      return
    }
    this.#layout()
    this.#load(session.id)
  }

  disconnectedCallback() {
    this.#connected = false
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('atelier-retry', this.#onRetry)
    this.#stopLanguage?.()
    this.#live?.stop()
    this.#live = null
  }

  /** @param {string} sessionId */
  async #load(sessionId) {
    try {
      const [state] = await Promise.all([api(`/sessions/${seg(sessionId)}`, { token: this.token }), loadKinds()])
      if (!this.#connected) return
      if (!this.#state) this.#setState(state)
    } catch (error) {
      if (!this.#connected) return
      this.#part('live-notices').add?.(notice(() => errorText(error), 'error'))
    }
    const live = new LiveChannel({ sessionId, token: this.token })
    live.addEventListener('message', this.#onLiveMessage)
    live.addEventListener('state', this.#onLiveState)
    this.#live = live
    this.#part('countdown').clock = live.clock
    this.#part('activity-timers').clock = live.clock
    live.start()
  }

  #header() {
    const me = this.me
    return html`<p class="who">
      ${signedInText(me)}
      <button type="button" class="secondary small" data-action="sign-out">${t('common.signOut')}</button>
    </p>`
  }

  #layout() {
    render(
      this,
      html`<header class="page-header">
          <div>
            <h1 class="session-title">${this.me?.session?.title ?? ''}</h1>
            <div class="who-slot"></div>
          </div>
          <atelier-connection-status></atelier-connection-status>
        </header>
        <section class="card participant-phase">
          <div class="current-phase">
            <p class="phase-caption"></p>
            <p class="phase-now"></p>
          </div>
          <atelier-countdown></atelier-countdown>
        </section>
        <div class="archived-slot"></div>
        <atelier-activity-timers class="card" hidden></atelier-activity-timers>
        <atelier-live-notices></atelier-live-notices>
        <atelier-my-result class="card"></atelier-my-result>
        <atelier-problem-statement class="card"></atelier-problem-statement>
        <section class="card my-boards"></section>
        <section class="card"><atelier-phase-bar></atelier-phase-bar></section>`,
    )
    const status = this.#part('connection-status')
    status.labels = liveLabels()
    status.info = { state: 'connecting', lastClose: null }
    const sessionId = this.me?.session?.id ?? ''
    const problem = /** @type {import('./atelier-problem-statement.js').AtelierProblemStatement} */ (this.#part('problem-statement'))
    problem.token = this.token
    problem.sessionId = sessionId
    problem.meId = /** @type {any} */ (this.me)?.id ?? ''
    const result = /** @type {import('./atelier-my-result.js').AtelierMyResult} */ (this.#part('my-result'))
    result.token = this.token
    result.sessionId = sessionId
    result.candidate = /** @type {any} */ (this.me)?.candidate ?? ''
    this.#renderAll()
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
    this.#state = state
    setTimeZone(state.timeZone)
    this.dataset.phase = state.phase?.id ?? ''
    // The result is asked for once it may be published, not on every load before (a 403).
    const published = resultsMayBePublished(state)
    if (published && !this.#resultAsked) void this.#part('my-result').reload?.()
    this.#resultAsked = published
    this.#renderAll()
  }

  /** A lead in force takes this person to its board (or their group's board of its kind). */
  #followLead() {
    const lead = currentLead(this.#leads, this.me?.group?.id)
    if (!lead || leftLead(lead)) return
    const boards = this.#group()?.boards ?? []
    const target = leadTarget(lead, boards, this.me?.role === 'juror')
    if (target) location.assign(`/boards/${encodeURIComponent(target)}`)
  }

  /** @returns {{ id: string, name: string, boards: import('../lib/session-state.js').Board[], problem?: import('../lib/assessment.js').ProblemStatement | null, problemAuthor?: string } | null} */
  #group() {
    const mine = this.me?.group
    if (!mine) return null
    const fromState = this.#state?.groups?.find((g) => g.id === mine.id)
    return fromState ?? mine
  }

  #renderAll() {
    const who = this.querySelector('.who-slot')
    if (!who) return
    render(who, this.#header())
    this.#part('connection-status').labels = liveLabels()
    const state = this.#state
    const title = this.querySelector('.session-title')
    if (title && state) render(title, html`${state.title}`)
    if (state) document.title = `${state.title} · Atelier`

    const caption = this.querySelector('.phase-caption')
    if (caption) render(caption, html`${t('phase.current')}`)
    const now = this.querySelector('.phase-now')
    if (now) {
      render(
        now,
        state?.phase
          ? html`<span class="phase-name" data-phase-id="${state.phase.id}">${phaseName(state.phase.id, state.phase.label)}</span>
              <span class="muted">${t('phase.day', { day: state.phase.day })}</span>`
          : html`<span class="loading">${t('common.loading')}</span>`,
      )
    }
    const countdown = this.#part('countdown')
    const phaseCard = this.querySelector('.participant-phase')
    if (phaseCard instanceof HTMLElement) phaseCard.hidden = this.#deleted
    const phaseBar = this.querySelector('atelier-phase-bar')?.parentElement
    if (phaseBar instanceof HTMLElement) phaseBar.hidden = this.#deleted
    // An archived session: its timers are stopped and everything is read-only, said once here.
    const archived = typeof state?.archivedAt === 'number'
    countdown.hidden = archived
    const archivedSlot = this.querySelector('.archived-slot')
    if (archivedSlot) {
      render(archivedSlot, archived && !this.#deleted && !this.#archivedTold ? html`<p class="notice session-archived" role="status">${t('home.archived')}</p>` : html``)
    }
    if (this.#deleted || archived) countdown.deadline = null
    else if (state?.phase) {
      countdown.timeZone = state.timeZone
      countdown.phaseLabel = phaseName(state.phase.id, state.phase.label)
      countdown.deadline = state.phase.deadline ?? null
    }
    this.#part('phase-bar').state = state
    const timers = this.#part('activity-timers')
    timers.groups = (state?.groups ?? []).map((g) => ({ id: g.id, name: g.name }))
    timers.timers = this.#deleted || archived ? [] : readTimers(state?.activityTimers)
    const problem = this.#part('problem-statement')
    const group = this.#group()
    // Who saved a version, by name: the facilitator's from the state, a teammate's from the
    // name the server sends beside the statement (`problemAuthor`).
    const people = new Map(typeof state?.facilitator === 'string' && state.facilitator.trim() ? [['facilitator', facilitatorName(state)]] : [])
    const writer = group?.problem?.writtenBy
    if (writer && writer !== 'facilitator' && group?.problemAuthor) people.set(writer, group.problemAuthor)
    problem.people = people
    problem.group = this.me?.role === 'participant' && group ? { id: group.id, name: group.name, problem: /** @type {any} */ (group).problem ?? null } : null
    const problemPhase = problemPhaseOf(state)
    problem.editable = Boolean(problemPhase) && state?.phase?.id === problemPhase && !state?.archivedAt

    const boards = this.querySelector('.my-boards')
    if (boards && this.#deleted) {
      problem.group = null
      render(boards, html`<p class="notice error session-deleted" role="alert">${t('home.sessionDeleted')}</p>`)
    } else if (boards && this.#withdrawn) {
      problem.group = null
      render(boards, html`<p class="notice error access-withdrawn" role="alert">${t('home.accessWithdrawn')}</p>`)
    } else if (boards) {
      const list = group?.boards ?? []
      const open = list.filter((b) => b.writable !== false).length
      render(
        boards,
        group
          ? html`<div class="section-header">
                <h2>${t('home.yourBoards')} <small>· ${t('home.yourGroup', { group: group.name })}</small></h2>
                ${state ? html`<span class="muted">${t('home.boardsOpen', { open, total: list.length })}</span>` : ''}
              </div>
              <ul class="board-list cards">
                ${list.map((board) => boardItem(board, state))}
              </ul>
              <p class="help">${t('home.lockedHelp')}</p>`
          : this.me?.role === 'observer' && state?.phase?.id === 'pitch'
            ? this.#pitchGroups(state)
            : html`<p class="empty">${t('home.noGroup')}</p>`,
      )
    }
  }

  /**
   * An observer in the pitch phase: each group's stage and its boards, to read.
   * @param {import('../lib/session-state.js').SessionState} state
   */
  #pitchGroups(state) {
    const session = encodeURIComponent(state.id)
    return html`<h2>${t('home.pitchGroups')}</h2>
      <ul class="board-list cards pitch-groups">
        ${(state.groups ?? []).map(
          (group) => html`<li data-group-id="${group.id}">
            <strong>${group.name}</strong>
            <a href="${`/#/stage/${session}/${encodeURIComponent(group.id)}`}" data-link="stage">${t('pitchLinks.stage')}</a>
            ${(group.boards ?? []).map((board) => html` · <a href="${`/boards/${encodeURIComponent(board.id)}`}" class="board-link">${kindLabel(board.kind, currentLanguage())}</a>`)}
          </li>`,
        )}
      </ul>
      <p class="help">${t('home.pitchGroupsHelp')}</p>`
  }

  /** @param {Event} event */
  #onLiveMessage = (event) => {
    const message = /** @type {CustomEvent<any>} */ (event).detail
    const state = this.#state
    switch (message.type) {
      case 'hello':
        if (message.session) {
          this.#setState(message.session)
          // A lead already in force when the page opened does not move it: only a new one does.
          this.#leads = readLeads(message.session.follows)
        }
        // Renamed while the channel was away: `you` has the name as it stands.
        if (this.me && typeof message.you?.name === 'string' && message.you.name !== this.me.name) {
          this.me = { ...this.me, name: message.you.name }
          this.#renderAll()
        }
        break
      case 'activity-timer':
        if (state) this.#setState({ ...state, activityTimers: applyActivityTimer(readTimers(state.activityTimers), message.timer) })
        if (message.signal) this.#part('activity-timers').signal?.(String(message.timer?.id ?? ''))
        break
      case 'follow':
        this.#leads = applyFollow(this.#leads, message)
        this.#followLead()
        break
      case 'phase': {
        if (message.session) this.#setState(message.session)
        else if (state && message.phase) this.#setState({ ...state, phase: message.phase })
        const current = this.#state
        if (current && message.from !== message.to) {
          this.#part('live-notices').clear?.('phase')
          this.#part('live-notices').add?.(notice(() => phaseMoveText(current.phases, message.from, message.to)))
        }
        break
      }
      case 'board-lock':
        if (state) this.#setState(applyBoardLock(state, message.boards))
        break
      case 'timer':
        if (state?.phase && message.scope === 'phase' && typeof message.deadline === 'number') {
          this.#setState({ ...state, phase: { ...state.phase, deadline: message.deadline } })
        }
        this.#addNotice(message)
        break
      case 'notice':
        this.#addNotice(message)
        // Told live that the session is archived: that notice says it (the lasting one is for a
        // page opened on an archived session), not twice.
        if (message.code === 'session-archived' || message.code === 'session-unarchived') this.#archivedTold = message.code === 'session-archived'
        if (message.code === 'results-published') void this.#part('my-result').reload?.()
        // Archived or opened again: the notice above says it once, the page follows.
        if ((message.code === 'session-archived' || message.code === 'session-unarchived') && this.#state) {
          this.#setState({ ...this.#state, archivedAt: message.code === 'session-archived' ? Number(message.at ?? Date.now()) : null })
        }
        // Moved to another group: the page shows the new group's boards.
        if (message.code === 'membership-changed') location.reload()
        // A rename: "Signed in as" says the new name.
        if (message.code === 'roster-changed') void this.#reloadMe()
        break
      case 'problem':
        if (state && typeof message.group === 'string' && message.problem) {
          this.#setState({
            ...state,
            groups: (state.groups ?? []).map((g) =>
              g.id === message.group ? { ...g, problem: message.problem, ...(typeof message.author === 'string' ? { problemAuthor: message.author } : {}) } : g,
            ),
          })
        }
        break
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
    const status = this.#part('connection-status')
    status.info = info
    // A revoked or erased link: no retry can help, and the boards are no longer theirs. A
    // deleted session (4404): no retry either, and its countdown, timers and boards are gone.
    const withdrawn = info.state === 'stopped' && info.lastClose?.code === 4401
    const deleted = info.state === 'stopped' && info.lastClose?.code === 4404
    status.hidden = withdrawn || deleted
    if (withdrawn !== this.#withdrawn || deleted !== this.#deleted) {
      this.#withdrawn = withdrawn
      this.#deleted = deleted
      this.dataset.withdrawn = String(withdrawn)
      this.dataset.deleted = String(deleted)
      if (deleted) this.#part('live-notices').clear?.('phase')
      this.#renderAll()
    }
  }

  /** Reads who this person is, and the session, again (a name or a group's name may have changed). */
  async #reloadMe() {
    try {
      const sessionId = this.me?.session?.id ?? ''
      const [me, state] = await Promise.all([
        api('/me', { token: this.token }),
        sessionId ? api(`/sessions/${seg(sessionId)}`, { token: this.token }) : Promise.resolve(null),
      ])
      if (!this.#connected || !this.me || typeof me?.name !== 'string') return
      this.me = { ...this.me, name: me.name }
      if (state && typeof state === 'object') this.#setState(state)
      this.#renderAll()
    } catch {
      // the old names stay until the next load
    }
  }

  #onRetry = () => {
    this.#live?.start()
  }

  /** @param {Event} event */
  #onClick = async (event) => {
    if (event.target instanceof Element && event.target.closest('[data-action="sign-out"]')) {
      // One tap on a phone must not leave someone outside with no link to come back with.
      const { confirmStep } = await import('./confirm-step.js')
      const sure = await confirmStep({
        title: t('home.signOutTitle'), body: t('home.signOutBody'), confirm: t('common.signOut'), name: 'sign-out',
      })
      if (sure) this.dispatchEvent(new CustomEvent('atelier-sign-out', { bubbles: true }))
    }
  }
}

customElements.define('atelier-participant-home', AtelierParticipantHome)
