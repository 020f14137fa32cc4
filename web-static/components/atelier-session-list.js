import { html, render } from '../lib/html.js'
import { formatDateTime, onLanguageChange, phaseName as labelOf, t } from '../lib/i18n.js'

/**
 * @typedef {object} SessionSummary
 * @property {string} id
 * @property {string} title
 * @property {string | { id: string, label?: { fr?: string, en?: string } }} phase
 * @property {number | string} createdAt
 * @property {number} [archivedAt]
 * @property {number} [purgeAt] when the retention rules delete it
 *
 * @typedef {object} SessionListState
 * @property {boolean} loading
 * @property {SessionSummary[]} sessions
 * @property {string | null} error
 */

/**
 * The facilitator's sessions, newest first, each a link to `#/sessions/{id}`.
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
                      <td data-label="${t('sessions.phase')}">${phaseName(s.phase)}</td>
                      <td data-label="${t('sessions.created')}">${formatDateTime(s.createdAt)}</td>
                      <td data-label="${t('sessions.keptUntil')}">${typeof s.purgeAt === 'number' ? formatDateTime(s.purgeAt, { dateStyle: 'long' }) : t('sessions.keptForever')}${typeof s.archivedAt === 'number' ? html` <span class="badge">${t('sessions.archived')}</span>` : ''}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`}`,
    )
  }
}

/**
 * The label of a session's phase (the summary may give its id alone: the default phases'
 * labels then name it).
 * @param {SessionSummary['phase']} phase
 * @returns {string}
 */
function phaseName(phase) {
  if (typeof phase === 'string') return labelOf(phase)
  if (phase && typeof phase === 'object') return labelOf(typeof phase.id === 'string' ? phase.id : '', phase.label)
  return ''
}

customElements.define('atelier-session-list', AtelierSessionList)
