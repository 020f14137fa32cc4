import { api, seg } from '../lib/api.js'
import { errorText } from '../lib/errors.js'
import { html, render } from '../lib/html.js'
import { onLanguageChange, signedInText, t } from '../lib/i18n.js'
import './atelier-session-create.js'
import './atelier-session-list.js'
import './atelier-session-view.js'

/** How many sessions of the list have their state read (phase labels, time zone). */
const SESSION_DETAILS = 40

/**
 * The facilitator's console at `/`: the list of sessions and the form to create one, or
 * one session (`#/sessions/{id}` in the address, so the browser's back button and a reload
 * keep the place). A co-facilitator (`me.role` facilitator with a `me.session`: an invite
 * with the facilitator's rights on that session only) always sees their session, without
 * the list of sessions, the form to create one or the way back to them.
 *
 * It keeps, in memory only, the invite links it was given (at creation, or when one is
 * reissued): the server shows them once, so they stay visible while this page lives but
 * never reach any storage; while it holds some, leaving the page asks for confirmation.
 *
 * Data down: `token`, `me` (`GET /api/v1/me`). Events up: `atelier-sign-out`.
 * Mirrors `data-view` (`list`, `session`).
 */
export class AtelierConsole extends HTMLElement {
  /** @type {string} */
  token = ''
  /** @type {import('./atelier-home.js').Me | null} */
  me = null

  /** @type {Map<string, import('../lib/session-state.js').Invite>} invite id → invite with url */
  #knownInvites = new Map()
  /** @type {Set<string>} sessions created by this page (their links are still shown) */
  #fresh = new Set()
  /** @type {(() => void) | null} */
  #stopLanguage = null
  #generation = 0

  connectedCallback() {
    window.addEventListener('hashchange', this.#route)
    window.addEventListener('beforeunload', this.#onBeforeUnload)
    this.addEventListener('atelier-session-created', this.#onCreated)
    this.addEventListener('atelier-invite-reissued', this.#onReissued)
    this.addEventListener('atelier-session-deleted', this.#onDeleted)
    this.addEventListener('click', this.#onClick)
    this.#stopLanguage = onLanguageChange(() => this.#renderHeader())
    this.#route()
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this.#route)
    window.removeEventListener('beforeunload', this.#onBeforeUnload)
    this.removeEventListener('atelier-session-created', this.#onCreated)
    this.removeEventListener('atelier-invite-reissued', this.#onReissued)
    this.removeEventListener('atelier-session-deleted', this.#onDeleted)
    this.removeEventListener('click', this.#onClick)
    this.#stopLanguage?.()
    this.#generation++
  }

  /** @returns {string | null} a co-facilitator's session (they see no other), else null */
  #ownSession() {
    return this.me?.role === 'facilitator' && this.me.session?.id ? this.me.session.id : null
  }

  /** @returns {string | null} the session shown: a co-facilitator's, else the one in the address, if any */
  #sessionInHash() {
    const own = this.#ownSession()
    if (own) return own
    const match = location.hash.match(/^#\/sessions\/([^/]+)$/)
    if (!match) return null
    try {
      return decodeURIComponent(match[1])
    } catch {
      return null
    }
  }

  #route = () => {
    this.#generation++
    const sessionId = this.#sessionInHash()
    render(
      this,
      html`<header class="page-header">
          <div class="page-title"></div>
          <p class="who"></p>
        </header>
        <div class="console-body"></div>`,
    )
    this.#renderHeader()
    const body = /** @type {HTMLElement} */ (this.querySelector('.console-body'))
    if (sessionId) {
      this.dataset.view = 'session'
      const view = /** @type {import('./atelier-session-view.js').AtelierSessionView} */ (
        document.createElement('atelier-session-view')
      )
      view.token = this.token
      view.sessionId = sessionId
      view.knownInvites = this.#knownInvites
      view.fresh = this.#fresh.has(sessionId)
      view.administrator = !this.#ownSession()
      body.replaceChildren(view)
    } else {
      this.dataset.view = 'list'
      const list = /** @type {import('./atelier-session-list.js').AtelierSessionList} */ (
        document.createElement('atelier-session-list')
      )
      const create = /** @type {import('./atelier-session-create.js').AtelierSessionCreate} */ (
        document.createElement('atelier-session-create')
      )
      list.className = 'card'
      create.className = 'card'
      create.token = this.token
      body.replaceChildren(list, create)
      this.#loadSessions(list)
    }
  }

  #renderHeader() {
    const title = this.querySelector('.page-title')
    const who = this.querySelector('.who')
    const sessionId = this.#sessionInHash()
    if (title) {
      render(
        title,
        this.#ownSession()
          ? html`<p class="crumbs"><span class="muted">${t('console.title')}</span></p>`
          : sessionId
            ? html`<p class="crumbs"><span class="muted">${t('console.title')}</span> · <a href="#" class="back">${t('console.back')}</a></p>`
            : html`<h1>${t('console.title')}</h1>`,
      )
    }
    if (who) {
      render(
        who,
        html`${signedInText(this.me)}
          <button type="button" class="secondary small" data-action="sign-out">${t('common.signOut')}</button>`,
      )
    }
  }

  /** @param {import('./atelier-session-list.js').AtelierSessionList} list */
  async #loadSessions(list) {
    const generation = this.#generation
    list.state = { loading: true, sessions: [], error: null }
    try {
      const { sessions } = await api('/sessions', { token: this.token })
      if (generation !== this.#generation) return
      /** @type {import('./atelier-session-list.js').SessionSummary[]} */
      let shown = Array.isArray(sessions) ? sessions : []
      list.state = { loading: false, sessions: shown, error: null }
      // The list names each session's phase (`phaseLabel`) and zone (`timeZone`); an older
      // server gave the phase's id alone: then each session's state gives them (a few at a
      // time, newest first).
      shown = shown.map((s) => (s.phaseLabel && typeof s.phase === 'string' ? { ...s, phase: { id: s.phase, label: s.phaseLabel } } : s))
      list.state = { loading: false, sessions: shown, error: null }
      const wanted = shown
        .filter((s) => typeof s.timeZone !== 'string')
        .sort((a, b) => Number(new Date(b.createdAt)) - Number(new Date(a.createdAt)))
        .slice(0, SESSION_DETAILS)
      const next = async () => {
        for (let summary = wanted.shift(); summary; summary = wanted.shift()) {
          const id = summary.id
          try {
            const state = await api(`/sessions/${seg(id)}`, { token: this.token })
            if (generation !== this.#generation) return
            shown = shown.map((s) => (s.id === id ? { ...s, timeZone: typeof state?.timeZone === 'string' ? state.timeZone : undefined, phases: Array.isArray(state?.phases) ? state.phases : undefined } : s))
          } catch {
            if (generation !== this.#generation) return
            shown = shown.map((s) => (s.id === id ? { ...s, detailsFailed: true } : s))
          }
          list.state = { loading: false, sessions: shown, error: null }
        }
      }
      await Promise.all([next(), next(), next(), next()])
    } catch (error) {
      if (generation !== this.#generation) return
      list.state = { loading: false, sessions: [], error: errorText(error) }
    }
  }

  /** @param {Event} event */
  #onCreated = (event) => {
    const created = /** @type {CustomEvent<{ id: string, invites: import('../lib/session-state.js').Invite[] }>} */ (event).detail
    for (const invite of created.invites ?? []) this.#knownInvites.set(invite.id, invite)
    this.#fresh.add(created.id)
    location.hash = `#/sessions/${encodeURIComponent(created.id)}`
  }

  /** @param {Event} event */
  #onReissued = (event) => {
    const { invite } = /** @type {CustomEvent<{ invite: import('../lib/session-state.js').Invite }>} */ (event).detail
    this.#knownInvites.set(invite.id, invite)
  }

  /** @param {Event} event a session was deleted: its links are gone; back to the list */
  #onDeleted = (event) => {
    const { id } = /** @type {CustomEvent<{ id: string }>} */ (event).detail
    this.#fresh.delete(id)
    history.pushState(null, '', location.pathname)
    this.#route()
  }

  /** @param {BeforeUnloadEvent} event */
  #onBeforeUnload = (event) => {
    if ([...this.#knownInvites.values()].some((invite) => invite.url)) event.preventDefault()
  }

  /** @param {Event} event */
  #onClick = (event) => {
    const target = event.target instanceof Element ? event.target : null
    if (target?.closest('[data-action="sign-out"]')) {
      this.dispatchEvent(new CustomEvent('atelier-sign-out', { bubbles: true }))
    } else if (target?.closest('a.back')) {
      event.preventDefault()
      history.pushState(null, '', location.pathname)
      this.#route()
    }
  }
}

customElements.define('atelier-console', AtelierConsole)
