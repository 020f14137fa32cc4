import { html, render } from '../lib/html.js'

/**
 * The home page placeholder: sign in by pasting a token, open a board by id.
 *
 * Data down: `token` (the token in effect, or null). Events up: `atelier-open-board` with
 * `detail: { token, boardId }` and `atelier-sign-out`.
 */
export class AtelierHome extends HTMLElement {
  /** @type {string | null} */
  #token = null

  /** @param {string | null} token */
  set token(token) {
    this.#token = token
    if (this.isConnected) this.#render()
  }

  /** @returns {string | null} */
  get token() {
    return this.#token
  }

  connectedCallback() {
    this.addEventListener('submit', this.#onSubmit)
    this.addEventListener('click', this.#onClick)
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('submit', this.#onSubmit)
    this.removeEventListener('click', this.#onClick)
  }

  /** @param {Event} event */
  #onSubmit = (event) => {
    event.preventDefault()
    const form = /** @type {HTMLFormElement} */ (event.target)
    const data = new FormData(form)
    const token = String(data.get('token') ?? '').trim() || this.#token
    const boardId = String(data.get('board') ?? '').trim()
    if (!token || !boardId) return
    this.dispatchEvent(new CustomEvent('atelier-open-board', { bubbles: true, detail: { token, boardId } }))
  }

  /** @param {Event} event */
  #onClick = (event) => {
    if (event.target instanceof Element && event.target.closest('[data-action="sign-out"]')) {
      this.dispatchEvent(new CustomEvent('atelier-sign-out', { bubbles: true }))
    }
  }

  #render() {
    const signedIn = Boolean(this.#token)
    render(
      this,
      html`<section class="card home">
        <h1>Atelier</h1>
        <p class="lead">Design Thinking sprints, co-edited live.</p>
        ${signedIn
          ? html`<p class="signed-in">This browser is signed in.
              <button type="button" class="secondary" data-action="sign-out">Sign out</button></p>`
          : html`<p>Open your invite link to sign in, or paste your access token below.</p>`}
        <form class="stack" autocomplete="off">
          <label class="field"
            >Access token
            <input name="token" type="password" autocomplete="off" placeholder="${signedIn ? 'Keep the current token' : 'Paste your token'}"
              ${signedIn ? '' : html`required`} />
          </label>
          <label class="field"
            >Board id
            <input name="board" placeholder="e.g. demo" required pattern="[^\\/]+" title="A board id has no slash" />
          </label>
          <button type="submit">Open board</button>
        </form>
      </section>`,
    )
  }
}

customElements.define('atelier-home', AtelierHome)
