import { html, render } from '../lib/html.js'
import { currentLanguage, formatDateTime, onLanguageChange, phaseName as labelOf, t } from '../lib/i18n.js'

/**
 * @typedef {object} SessionSummary
 * @property {string} id
 * @property {string} title
 * @property {string | { id: string, label?: { fr?: string, en?: string } }} phase
 * @property {number | string} createdAt
 * @property {number} [archivedAt]
 * @property {number} [purgeAt] when the retention rules delete it
 * @property {string} [timeZone] the session's zone (the list's, else from its state, read after the list)
 * @property {{ fr?: string, en?: string }} [phaseLabel] the current phase's label (the list's)
 * @property {{ id: string, label?: { fr?: string, en?: string } }[]} [phases] its phases with their labels (from its state)
 * @property {boolean} [detailsFailed] its state could not be read: the browser's zone is used, named
 *
 * @typedef {object} SessionListState
 * @property {boolean} loading
 * @property {SessionSummary[]} sessions
 * @property {string | null} error
 */

/**
 * The facilitator's sessions, newest first, each a link to `#/sessions/{id}`: the phase by
 * its label (the session's `phases`, else the default phases' labels), and the times in the
 * session's own zone, named (never the zone of the last session visited). A time waits for
 * the zone ("…") until the console has read the session's state.
 *
 * Data down: `state` ({@link SessionListState}). No events: the links change the address.
 */
export class AtelierSessionList extends HTMLElement {
  /** @type {SessionListState} */
  #state = { loading: true, sessions: [], error: null }
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {SessionListState} state */
  set state(state) {
    this.#state = state
    if (this.isConnected) this.#render()
  }

  connectedCallback() {
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.#stopLanguage?.()
  }

  #render() {
    const { loading, sessions, error } = this.#state
    const sorted = [...sessions].sort((a, b) => Number(new Date(b.createdAt)) - Number(new Date(a.createdAt)))
    this.dataset.count = String(sessions.length)
    render(
      this,
      html`<h2>${t('console.sessions')}</h2>
        ${error ? html`<p class="notice error" role="alert">${error}</p>` : ''}
        ${loading
          ? html`<p class="loading">${t('common.loading')}</p>`
          : sorted.length === 0
            ? html`<p class="empty">${t('console.noSessions')}</p>`
            : html`<table class="data-table sessions reflow">
                <thead>
                  <tr><th>${t('sessions.title')}</th><th>${t('sessions.phase')}</th><th>${t('sessions.created')}</th><th>${t('sessions.keptUntil')}</th></tr>
                </thead>
                <tbody>
                  ${sorted.map(
                    (s) => html`<tr data-session-id="${s.id}">
                      <td data-label="${t('sessions.title')}"><a href="${`#/sessions/${encodeURIComponent(s.id)}`}">${s.title}</a></td>
                      <td data-label="${t('sessions.phase')}" data-phase-id="${typeof s.phase === 'string' ? s.phase : s.phase?.id ?? ''}">${phaseName(s.phase, s.phases)}</td>
                      <td data-label="${t('sessions.created')}" class="created" data-zone="${zoneOf(s) ?? ''}">${timeIn(s, s.createdAt)}</td>
                      <td data-label="${t('sessions.keptUntil')}">${typeof s.purgeAt === 'number' ? dateIn(s, s.purgeAt) : t('sessions.keptForever')}${typeof s.archivedAt === 'number' ? html` <span class="badge">${t('sessions.archived')}</span>` : ''}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`}`,
    )
  }
}

/**
 * The label of a session's phase: the summary may give its id alone, named then by the
 * session's phases (read from its state), else by the default phases' labels.
 * @param {SessionSummary['phase']} phase
 * @param {SessionSummary['phases']} [phases]
 * @returns {string}
 */
function phaseName(phase, phases) {
  const id = typeof phase === 'string' ? phase : phase && typeof phase === 'object' && typeof phase.id === 'string' ? phase.id : ''
  const given = typeof phase === 'object' && phase ? phase.label : undefined
  return labelOf(id, given ?? phases?.find((p) => p.id === id)?.label)
}

/**
 * The zone a session's times are shown in: its own, else (its state unreadable) the browser's;
 * null while its state is on its way.
 * @param {SessionSummary} session
 * @returns {string | null}
 */
function zoneOf(session) {
  if (session.timeZone) return session.timeZone
  return session.detailsFailed ? Intl.DateTimeFormat().resolvedOptions().timeZone : null
}

/**
 * A date and time in the session's zone, the zone named ("8 déc. 2026, 17:05 (Europe/Paris)").
 * @param {SessionSummary} session
 * @param {number | string} value
 * @returns {string}
 */
function timeIn(session, value) {
  const zone = zoneOf(session)
  if (!zone) return '…'
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  const locale = currentLanguage() === 'fr' ? 'fr-FR' : 'en-GB'
  return `${new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(date)} (${zone})`
}

/**
 * A day in the session's zone ("8 mars 2027").
 * @param {SessionSummary} session
 * @param {number} value
 * @returns {string}
 */
function dateIn(session, value) {
  const zone = zoneOf(session)
  if (!zone) return '…'
  return formatDateTime(value, { dateStyle: 'long', timeZone: zone })
}

customElements.define('atelier-session-list', AtelierSessionList)
