import { APIError, api } from '../lib/api.js'
import { html, render } from '../lib/html.js'
import { inviteRoleText, onLanguageChange, t } from '../lib/i18n.js'

/**
 * @typedef {object} Who what `GET /api/v1/me` says a token is
 * @property {'ok' | 'unknown' | 'loading'} state
 * @property {string} [name]
 * @property {string} [role]
 * @property {string} [group]
 * @property {string} [session]
 */

/**
 * The question a link with a new token asks when this browser holds another one: who is
 * signed in now, who the link signs in as (both from `GET /api/v1/me`), keep or switch. A
 * facilitator's token is never dropped without a warning and a way to copy it first.
 * (A stored token the server refuses is replaced without asking: nothing is lost.)
 *
 * Data down: `current`, `incoming` (tokens). Events up: `atelier-token-choice` with
 * `detail: { token }`, the token to keep. Mirrors `data-state` (`loading`, `ask`) and
 * `data-current-role`.
 */
export class AtelierTokenSwitch extends HTMLElement {
  /** @type {string} */
  current = ''
  /** @type {string} */
  incoming = ''
  /** @type {Who} */
  #now = { state: 'loading' }
  /** @type {Who} */
  #next = { state: 'loading' }
  #copied = false
  /** @type {(() => void) | null} */
  #stopLanguage = null

  connectedCallback() {
    this.addEventListener('click', this.#onClick)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
    void this.#load()
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
    this.#stopLanguage?.()
  }

  async #load() {
    const [now, next] = await Promise.all([who(this.current), who(this.incoming)])
    this.#now = now
    this.#next = next
    // A stored token the server no longer knows holds nothing worth keeping.
    if (now.state === 'unknown') {
      this.#choose(this.incoming)
      return
    }
    this.#render()
  }

  /** @param {string} token */
  #choose(token) {
    this.dispatchEvent(new CustomEvent('atelier-token-choice', { bubbles: true, detail: { token } }))
  }

  /** @param {MouseEvent} event */
  #onClick = async (event) => {
    const button = /** @type {HTMLElement | null} */ ((/** @type {Element} */ (event.target)).closest('button[data-action]'))
    if (!button) return
    const action = button.dataset.action
    if (action === 'keep') this.#choose(this.current)
    else if (action === 'switch') this.#choose(this.incoming)
    else if (action === 'copy') {
      try {
        await navigator.clipboard.writeText(this.current)
      } catch {
        const field = /** @type {HTMLInputElement | null} */ (this.querySelector('input.current-token'))
        field?.select()
      }
      this.#copied = true
      this.#render()
    }
  }

  #render() {
    const loading = this.#now.state === 'loading' || this.#next.state === 'loading'
    this.dataset.state = loading ? 'loading' : 'ask'
    this.dataset.currentRole = this.#now.role ?? ''
    // The administrator's token (a co-facilitator's has a session, and can be reissued).
    const facilitator = this.#now.role === 'facilitator' && !this.#now.session
    render(
      this,
      html`<section class="card token-switch" aria-labelledby="token-switch-title">
        <h1 id="token-switch-title">${t('token.title')}</h1>
        <p>${t('token.help')}</p>
        ${loading
          ? html`<p class="loading">${t('token.checking')}</p>`
          : html`<dl class="token-people">
                <dt>${t('token.current')}</dt><dd class="token-current">${describe(this.#now)}</dd>
                <dt>${t('token.incoming')}</dt><dd class="token-incoming">${describe(this.#next)}</dd>
              </dl>
              ${facilitator
                ? html`<p class="notice warning" role="note">${t('token.facilitatorWarning')}</p>
                    <p class="copy-row"><input class="current-token visually-hidden" type="text" readonly value="${this.current}" aria-hidden="true" tabindex="-1" />
                      <button type="button" class="secondary" data-action="copy">${this.#copied ? t('token.copied') : t('token.copyCurrent')}</button></p>`
                : ''}
              <div class="actions">
                <button type="button" data-action="keep">${t('token.keep')}</button>
                <button type="button" class="secondary" data-action="switch" ${this.#next.state === 'unknown' ? html`disabled` : ''}>${t('token.switch', { name: this.#next.name ?? t('token.unknown') })}</button>
              </div>`}
      </section>`,
    )
  }
}

/**
 * @param {string} token
 * @returns {Promise<Who>}
 */
async function who(token) {
  try {
    const me = await api('/me', { token })
    return {
      state: 'ok',
      name: me?.role === 'facilitator' && (!me.name || me.name === 'facilitator') ? t('token.theFacilitator') : String(me?.name ?? ''),
      role: String(me?.role ?? ''),
      group: typeof me?.group?.name === 'string' ? me.group.name : undefined,
      session: typeof me?.session?.title === 'string' ? me.session.title : undefined,
    }
  } catch (error) {
    // Only a refusal of the token makes it unknown; a network failure leaves it as it is.
    if (error instanceof APIError && error.status === 401) return { state: 'unknown' }
    return { state: 'ok', name: '?', role: '' }
  }
}

/** @param {Who} person */
function describe(person) {
  if (person.state === 'unknown') return html`<em>${t('token.unknown')}</em>`
  const administrator = person.role === 'facilitator' && !person.session
  const role = person.role ? inviteRoleText(person.role) : ''
  return html`<strong>${person.name}</strong>${role && !administrator ? html` · ${role}` : ''}${person.group ? html` · ${person.group}` : ''}${person.session ? html`<br /><span class="muted">${person.session}</span>` : ''}`
}

customElements.define('atelier-token-switch', AtelierTokenSwitch)
