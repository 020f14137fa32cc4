import { APIError, api } from '../lib/api.js'
import { errorText } from '../lib/errors.js'
import { html, render } from '../lib/html.js'
import { t } from '../lib/i18n.js'
import './atelier-console.js'
import './atelier-juror-console.js'
import './atelier-participant-home.js'
import './atelier-sign-in.js'

/**
 * @typedef {object} Me
 * @property {'facilitator' | 'participant' | 'juror' | 'observer'} role
 * @property {string} name
 * @property {{ id: string, title: string } | null} session
 * @property {{ id: string, name: string, boards: { id: string, kind: string }[] } | null} group
 */

/**
 * The page at `/`: asks the server who the stored token belongs to (`GET /api/v1/me`) and
 * shows the facilitator's console, a juror's console, a participant's (observer's) home, or the
 * sign-in card when there is no token or the server refuses it.
 *
 * Data down: `token` (the token in effect, or null). Events up (from the pages inside):
 * `atelier-sign-in`, `atelier-open-board`, `atelier-sign-out`. The element mirrors what it
 * shows in `data-view` (`sign-in`, `loading`, `console`, `juror`, `participant`).
 */
export class AtelierHome extends HTMLElement {
  /** @type {string | null} */
  #token = null
  #generation = 0

  /** @param {string | null} token */
  set token(token) {
    this.#token = token
    if (this.isConnected) this.#load()
  }

  /** @returns {string | null} */
  get token() {
    return this.#token
  }

  connectedCallback() {
    this.#load()
  }

  disconnectedCallback() {
    this.#generation++
  }

  async #load() {
    const generation = ++this.#generation
    const token = this.#token
    if (!token) {
      this.#showSignIn(null)
      return
    }
    this.dataset.view = 'loading'
    render(this, html`<p class="loading">${t('common.loading')}</p>`)
    try {
      /** @type {Me} */
      const me = await api('/me', { token })
      if (generation !== this.#generation) return
      if (me?.role === 'facilitator') {
        const page = /** @type {import('./atelier-console.js').AtelierConsole} */ (document.createElement('atelier-console'))
        page.token = token
        page.me = me
        this.dataset.view = 'console'
        this.replaceChildren(page)
      } else if (me?.role === 'juror') {
        const page = /** @type {import('./atelier-juror-console.js').AtelierJurorConsole} */ (
          document.createElement('atelier-juror-console')
        )
        page.token = token
        page.me = me
        this.dataset.view = 'juror'
        this.replaceChildren(page)
      } else {
        const page = /** @type {import('./atelier-participant-home.js').AtelierParticipantHome} */ (
          document.createElement('atelier-participant-home')
        )
        page.token = token
        page.me = me
        this.dataset.view = 'participant'
        this.replaceChildren(page)
      }
    } catch (error) {
      if (generation !== this.#generation) return
      this.#showSignIn(error instanceof APIError && error.status === 401 ? errorText(error) : t('common.error', { message: errorText(error) }))
    }
  }

  /** @param {string | null} error */
  #showSignIn(error) {
    const card = /** @type {import('./atelier-sign-in.js').AtelierSignIn} */ (document.createElement('atelier-sign-in'))
    card.error = error
    card.signedIn = Boolean(this.#token)
    this.dataset.view = 'sign-in'
    this.replaceChildren(card)
  }
}

customElements.define('atelier-home', AtelierHome)
