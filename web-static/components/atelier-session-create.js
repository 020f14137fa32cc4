import { APIError, api, seg } from '../lib/api.js'
import { errorText } from '../lib/errors.js'
import { html, render } from '../lib/html.js'
import { onLanguageChange, t } from '../lib/i18n.js'

/**
 * Creating a session: pick one of the server's example definitions
 * (`GET /api/v1/examples`, then `GET /api/v1/examples/{name}`), or upload a definition
 * file; either is posted to `POST /api/v1/sessions`. A refused definition shows the app's
 * sentence naming the field in the reader's language and, on a second line, the server's own
 * message, which says the rule broken (`.error-detail`, in English: `lang="en"`).
 *
 * Data down: `token`. Events up: `atelier-session-created` with `detail` = the server's
 * answer (`{ id, title, groups, invites }`, invites with their one-time `url`).
 */
export class AtelierSessionCreate extends HTMLElement {
  /** @type {string} */
  token = ''

  /** @type {{ name: string, title: string }[] | null} */
  #examples = null
  /** @type {string | null} */
  #examplesError = null
  /**
   * What went wrong: an APIError (said in the reader's language at each render), or a sentence.
   * @type {unknown}
   */
  #error = null
  #busy = false
  /** @type {(() => void) | null} */
  #stopLanguage = null

  connectedCallback() {
    this.addEventListener('submit', this.#onSubmit)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
    this.#loadExamples()
  }

  disconnectedCallback() {
    this.removeEventListener('submit', this.#onSubmit)
    this.#stopLanguage?.()
  }

  async #loadExamples() {
    try {
      const { examples } = await api('/examples', { token: this.token })
      this.#examples = Array.isArray(examples) ? examples : []
    } catch (error) {
      this.#examples = []
      this.#examplesError = errorText(error)
    }
    this.#render()
  }

  /** @param {Event} event */
  #onSubmit = async (event) => {
    event.preventDefault()
    if (this.#busy) return
    const form = /** @type {HTMLFormElement} */ (event.target)
    const data = new FormData(form)
    this.#error = null
    this.#setBusy(true)
    try {
      /** @type {string | object} */
      let definition
      if (form.dataset.form === 'example') {
        const name = String(data.get('example') ?? '')
        definition = await api(`/examples/${seg(name)}`, { token: this.token })
      } else {
        const file = data.get('file')
        if (!(file instanceof File) || file.size === 0) throw new Error(t('create.pickFile'))
        const text = await file.text()
        try {
          JSON.parse(text)
        } catch {
          // The parser's own message is in the browser's language, not the reader's: say it ours.
          throw new Error(t('create.badJSON'))
        }
        definition = text
      }
      const created = await api('/sessions', { token: this.token, method: 'POST', body: definition })
      this.dispatchEvent(new CustomEvent('atelier-session-created', { bubbles: true, detail: created }))
    } catch (error) {
      this.#error = error instanceof APIError ? error : error instanceof Error ? error.message : String(error)
      this.#setBusy(false)
    }
  }

  /**
   * Shows the busy state and the error without re-rendering the forms (a chosen file stays).
   * @param {boolean} busy
   */
  #setBusy(busy) {
    this.#busy = busy
    this.dataset.busy = String(busy)
    for (const button of this.querySelectorAll('button[type="submit"]')) {
      if (button instanceof HTMLButtonElement) button.disabled = busy
    }
    this.#renderError()
  }

  #renderError() {
    const slot = this.querySelector('.create-error')
    if (!slot) return
    const error = this.#error
    const text = error instanceof APIError ? errorText(error) : error ? String(error) : ''
    // The server's message says which rule the definition breaks ("unknown field", "must not
    // hold…"): shown as it is beside the app's sentence, unless the sentence already is it.
    const detail = error instanceof APIError && error.status !== 0 && error.message && !text.includes(error.message) ? error.message : ''
    render(
      slot,
      text
        ? html`<div class="notice error" role="alert" data-error="create">
            <p>${text}</p>
            ${detail ? html`<p class="error-detail">${t('create.serverSays')} <code lang="en">${detail}</code></p>` : ''}
          </div>`
        : this.#busy
          ? html`<p class="loading" role="status">${t('create.creating')}</p>`
          : html``,
    )
  }

  #render() {
    const examples = this.#examples
    const chosen = this.querySelector('select[name="example"]')
    const chosenValue = chosen instanceof HTMLSelectElement ? chosen.value : null
    this.dataset.busy = String(this.#busy)
    render(
      this,
      html`<h2>${t('create.title')}</h2>
        <div class="create-error"></div>
        <div class="create-grid">
          <form class="stack" data-form="example">
            <h3>${t('create.fromExample')}</h3>
            ${examples === null
              ? html`<p class="loading">${t('common.loading')}</p>`
              : examples.length === 0
                ? html`<p class="empty">${this.#examplesError ?? t('create.noExamples')}</p>`
                : html`<label class="field"
                      >${t('create.example')}
                      <select name="example" required>
                        ${examples.map((e) => html`<option value="${e.name}">${e.title || e.name}</option>`)}
                      </select>
                    </label>
                    <button type="submit" data-action="create-example">${t('create.createExample')}</button>`}
          </form>
          <form class="stack" data-form="file">
            <h3>${t('create.fromFile')}</h3>
            <label class="field"
              >${t('create.file')}
              <input name="file" type="file" accept="application/json,.json" required />
            </label>
            <button type="submit" class="secondary" data-action="create-file">${t('create.createFile')}</button>
          </form>
        </div>`,
    )
    const select = this.querySelector('select[name="example"]')
    if (select instanceof HTMLSelectElement && chosenValue) select.value = chosenValue
    this.#setBusy(this.#busy)
  }
}

customElements.define('atelier-session-create', AtelierSessionCreate)
