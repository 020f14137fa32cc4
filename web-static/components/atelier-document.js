import { errorText } from '../lib/errors.js'
import { downloadFile, fetchFile, showPage } from '../lib/documents.js'
import { html, render } from '../lib/html.js'
import { currentLanguage, onLanguageChange, t } from '../lib/i18n.js'

/**
 * A file of the server opened at its app address (`/#/doc/…`, lib/documents.js) with the
 * rights of whoever is signed in on this browser: a page (`record.html`, `report.html`)
 * replaces the app's document once fetched, in the reader's language unless the address
 * says `?lang=`; a CSV is downloaded, and this card says so with a way to download it again.
 * Without a sign-in, or when the server refuses (not published yet, no record closed yet,
 * another session's file), it says why in words.
 *
 * Data down (set before connecting): `token`, `route` (a DocumentRoute). No events. Mirrors
 * `data-state` (`loading`, `downloaded`, `error`, `signed-out`).
 */
export class AtelierDocument extends HTMLElement {
  /** @type {string | null} */
  token = null
  /** @type {import('../lib/documents.js').DocumentRoute | null} */
  route = null

  /** @type {(() => void) | null} */
  #stopLanguage = null
  /** @type {(() => import('../lib/html.js').SafeHTML) | null} */
  #view = null

  connectedCallback() {
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.addEventListener('click', this.#onClick)
    void this.#load()
  }

  disconnectedCallback() {
    this.#stopLanguage?.()
    this.removeEventListener('click', this.#onClick)
  }

  #render() {
    if (this.#view) render(this, this.#view())
  }

  /**
   * @param {string} state
   * @param {() => import('../lib/html.js').SafeHTML} view
   */
  #show(state, view) {
    this.dataset.state = state
    this.#view = view
    this.#render()
  }

  async #load() {
    const route = this.route
    if (!route) return
    const token = this.token
    if (!token) {
      this.#show('signed-out', () => html`<section class="card notice"><p>${t('doc.signInFirst')} <a href="/">${t('stage.home')}</a>.</p></section>`)
      return
    }
    this.#show('loading', () => html`<p class="loading">${t('common.loading')}</p>`)
    try {
      if (route.kind === 'html') {
        const params = new URLSearchParams(route.params)
        if (!params.has('lang')) params.set('lang', currentLanguage())
        const response = await fetchFile({ ...route, params }, token)
        showPage(await response.text())
        return
      }
      const saved = await downloadFile(route, token)
      this.#show(
        'downloaded',
        () => html`<section class="card notice">
          <h1>${t('doc.downloadedTitle')}</h1>
          <p>${t('doc.downloaded', { name: saved })}</p>
          <p class="actions"><button type="button" data-action="again">${t('doc.downloadAgain')}</button> <a href="/">${t('stage.home')}</a></p>
        </section>`,
      )
    } catch (error) {
      const code = /** @type {{ code?: string }} */ (error)?.code
      this.#show('error', () => {
        const message = code === 'not_found' && route.name === 'record.html' ? t('doc.noRecord') : errorText(error)
        return html`<section class="card notice error" role="alert">
          <h1>${t('doc.refusedTitle')}</h1>
          <p>${message}</p>
          <p><a href="/">${t('stage.home')}</a></p>
        </section>`
      })
    }
  }

  /** @param {Event} event */
  #onClick = (event) => {
    if (event.target instanceof Element && event.target.closest('[data-action="again"]')) void this.#load()
  }
}

customElements.define('atelier-document', AtelierDocument)
