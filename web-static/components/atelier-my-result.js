import { APIError, api, seg } from '../lib/api.js'
import { blockName, formatMark, verdictText } from '../lib/assessment.js'
import { documentHref } from '../lib/documents.js'
import { errorText } from '../lib/errors.js'
import { html, render } from '../lib/html.js'
import { onLanguageChange, t } from '../lib/i18n.js'

/**
 * A participant's own result, once the facilitator has published the jury's signed record:
 * per assessment the mark on 20, the pass mark, the jury's decision and its justification,
 * and a link to their own page of the record (`record.html`, which shows them their section
 * only). Before publication the server answers 403 `not-published` and this stays hidden;
 * the parent calls `reload()` once the result may be published (lib/assessment.js
 * `resultsMayBePublished`) and when the live channel's notice `results-published` arrives.
 *
 * Data down: `token`, `sessionId`, `candidate` (this person's candidate id, from `/me`). No
 * events. Mirrors `data-state` (`unpublished`, `shown`, `error`).
 */
export class AtelierMyResult extends HTMLElement {
  token = ''
  sessionId = ''
  candidate = ''
  /** @type {import('../lib/assessment.js').CandidateResults | null} */
  #result = null
  /** @type {unknown} */
  #error = null
  /** @type {(() => void) | null} */
  #stopLanguage = null

  connectedCallback() {
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
    void this.reload()
  }

  disconnectedCallback() {
    this.#stopLanguage?.()
  }

  /** Reads the results again (after publication). */
  async reload() {
    if (!this.token || !this.sessionId) return
    try {
      const results = await api(`/sessions/${seg(this.sessionId)}/results`, { token: this.token })
      const mine = (results?.candidates ?? []).find((/** @type {{ id: string }} */ c) => c.id === this.candidate) ?? results?.candidates?.[0] ?? null
      this.#result = mine
      this.#error = null
    } catch (error) {
      this.#result = null
      this.#error = error instanceof APIError && error.code === 'not-published' ? null : error
    }
    this.#render()
  }

  #render() {
    if (!this.isConnected) return
    const result = this.#result
    this.dataset.state = result ? 'shown' : this.#error ? 'error' : 'unpublished'
    this.hidden = !result && !this.#error
    if (!result) {
      render(this, this.#error ? html`<p class="notice error" role="alert">${errorText(this.#error)}</p>` : html``)
      return
    }
    const blocks = [...result.blocks, ...(result.overall ? [result.overall] : [])]
    render(
      this,
      html`<div class="section-header">
          <h2>${t('myResult.title')}</h2>
          <a class="button-link secondary" href="${documentHref(`sessions/${encodeURIComponent(this.sessionId)}/record.html`)}" target="_blank" rel="noopener">${t('myResult.record')}</a>
        </div>
        <p class="help">${t('myResult.help')}</p>
        <div class="table-scroll">
          <table class="data-table reflow my-result">
            <thead>
              <tr>
                <th scope="col">${t('candidates.assessment')}</th>
                <th scope="col" class="num">${t('candidates.mark')}</th>
                <th scope="col" class="num">${t('candidates.passMark')}</th>
                <th scope="col">${t('candidates.decision')}</th>
                <th scope="col">${t('candidates.justification')}</th>
              </tr>
            </thead>
            <tbody>
              ${blocks.map(
                (block) => html`<tr data-block="${block.block}" data-decision="${block.decision ?? ''}">
                  <td data-label="${t('candidates.assessment')}">${blockName(block.block)}</td>
                  <td class="num" data-label="${t('candidates.mark')}">${formatMark(block.mark20)}</td>
                  <td class="num" data-label="${t('candidates.passMark')}">${formatMark(block.passMark20)}</td>
                  <td data-label="${t('candidates.decision')}"><strong>${verdictText(block.decision)}</strong></td>
                  <td data-label="${t('candidates.justification')}">${block.justification ?? ''}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`,
    )
  }
}

customElements.define('atelier-my-result', AtelierMyResult)
