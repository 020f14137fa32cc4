import { html, render } from '../lib/html.js'
import { onLanguageChange, t } from '../lib/i18n.js'

/**
 * The facilitator console's way to the pitch views: each group's stage
 * (`/stage/{sessionId}/{groupId}`, opened in a new tab for the projector) and the results page
 * (`/results/{sessionId}`).
 *
 * Data down: `sessionId`, `groups` (`{ id, name }[]`). No events.
 */
export class AtelierPitchLinks extends HTMLElement {
  #sessionId = ''
  /** @type {{ id: string, name: string }[]} */
  #groups = []
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {string} id */
  set sessionId(id) {
    this.#sessionId = id
    if (this.isConnected) this.#render()
  }

  /** @param {{ id: string, name: string }[]} groups */
  set groups(groups) {
    const same = groups.length === this.#groups.length && groups.every((g, i) => g.id === this.#groups[i]?.id && g.name === this.#groups[i]?.name)
    this.#groups = groups
    if (this.isConnected && !same) this.#render()
  }

  connectedCallback() {
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.#stopLanguage?.()
  }

  #render() {
    const session = encodeURIComponent(this.#sessionId)
    render(
      this,
      html`<div class="section-header">
          <h2>${t('pitchLinks.title')}</h2>
          <div class="actions"><a class="button-link" href="${`/#/results/${session}`}">${t('pitchLinks.results')}</a></div>
        </div>
        <ul class="pitch-links">
          ${this.#groups.map(
            (group) => html`<li data-group-id="${group.id}">
              <span>${group.name}</span>
              <a href="${`/#/stage/${session}/${encodeURIComponent(group.id)}`}" target="_blank" rel="noopener">${t('pitchLinks.stage')}</a>
            </li>`,
          )}
        </ul>`,
    )
  }
}

customElements.define('atelier-pitch-links', AtelierPitchLinks)
