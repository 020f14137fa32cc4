import { html, render } from '../lib/html.js'
import { onLanguageChange, t } from '../lib/i18n.js'
import { tokenFromInput } from '../lib/session.js'

/**
 * The sign-in card: paste an access token (the facilitator's, or an invite's; the whole invite
 * link works too, `lib/session.js` `tokenFromInput`), and a small
 * form to open a board by id (the board demo).
 *
 * Data down: `error` (a message to show, e.g. why the stored token was refused), `signedIn`
 * (whether a token is stored: the board form may then keep it). Events up:
 * `atelier-sign-in` with `detail: { token }`, `atelier-open-board` with
 * `detail: { token, boardId }` (token may be null: keep the stored one) and
 * `atelier-sign-out`.
 */
export class AtelierSignIn extends HTMLElement {
  /** @type {string | null} */
  #error = null
  #signedIn = false
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {string | null} error */
  set error(error) {
    this.#error = error
    if (this.isConnected) this.#render()
  }

  /** @param {boolean} signedIn */
  set signedIn(signedIn) {
    this.#signedIn = signedIn
    if (this.isConnected) this.#render()
  }

  connectedCallback() {
    this.addEventListener('submit', this.#onSubmit)
    this.addEventListener('click', this.#onClick)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('submit', this.#onSubmit)
    this.removeEventListener('click', this.#onClick)
    this.#stopLanguage?.()
  }

  /** @param {Event} event */
  #onSubmit = (event) => {
    event.preventDefault()
    const form = /** @type {HTMLFormElement} */ (event.target)
    const data = new FormData(form)
    if (form.dataset.form === 'sign-in') {
      // The token alone, or the whole invite link pasted as received.
      const token = tokenFromInput(String(data.get('token') ?? ''))
      if (token) this.dispatchEvent(new CustomEvent('atelier-sign-in', { bubbles: true, detail: { token } }))
    } else if (form.dataset.form === 'board') {
      const token = tokenFromInput(String(data.get('token') ?? '')) || null
      const boardId = String(data.get('board') ?? '').trim()
      if (boardId && (token || this.#signedIn)) {
        this.dispatchEvent(new CustomEvent('atelier-open-board', { bubbles: true, detail: { token, boardId } }))
      }
    }
  }

  /** @param {Event} event */
  #onClick = (event) => {
    if (event.target instanceof Element && event.target.closest('[data-action="sign-out"]')) {
      this.dispatchEvent(new CustomEvent('atelier-sign-out', { bubbles: true }))
    }
  }

  #render() {
    render(
      this,
      html`<section class="card home">
        <h1>${t('signIn.title')}</h1>
        <p class="lead">${t('signIn.lead')}</p>
        ${this.#error
          ? html`<p class="notice error" role="alert">${this.#error}
              ${this.#signedIn ? html`<button type="button" class="secondary" data-action="sign-out">${t('common.signOut')}</button>` : ''}</p>`
          : ''}
        <p>${t('signIn.help')}</p>
        <form class="stack" autocomplete="off" data-form="sign-in">
          <label class="field"
            >${t('signIn.token')}
            <input name="token" type="password" autocomplete="off" placeholder="${t('signIn.tokenPlaceholder')}" required />
          </label>
          <button type="submit">${t('signIn.submit')}</button>
        </form>
        <details class="board-open">
          <summary>${t('signIn.boardTitle')}</summary>
          <form class="stack" autocomplete="off" data-form="board">
            ${this.#signedIn
              ? ''
              : html`<label class="field"
                  >${t('signIn.token')}
                  <input name="token" type="password" autocomplete="off" placeholder="${t('signIn.tokenPlaceholder')}" required />
                </label>`}
            <label class="field"
              >${t('signIn.board')}
              <input name="board" placeholder="${t('signIn.boardPlaceholder')}" required pattern="[^\\/]+" title="${t('signIn.boardPattern')}" />
            </label>
            <button type="submit" class="secondary">${t('signIn.openBoard')}</button>
          </form>
        </details>
      </section>`,
    )
  }
}

customElements.define('atelier-sign-in', AtelierSignIn)
