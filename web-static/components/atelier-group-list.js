import { html, render } from '../lib/html.js'
import { boardKindLabel, onLanguageChange, t } from '../lib/i18n.js'

/**
 * Every group of the session with its boards (open or locked in the current phase, each a
 * link to `/boards/{id}`) and who of the group is online.
 *
 * Data down: `groups` (Group[] of lib/session-state.js). No events. Each board is an
 * `li[data-board-id]` with `data-writable`.
 */
export class AtelierGroupList extends HTMLElement {
  /** @type {import('../lib/session-state.js').Group[]} */
  #groups = []
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {import('../lib/session-state.js').Group[]} groups */
  set groups(groups) {
    this.#groups = groups
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
    render(
      this,
      html`<h2>${t('groups.title')}</h2>
        <div class="group-grid">
          ${this.#groups.map(
            (group) => html`<section class="group" data-group-id="${group.id}">
              <h3>${group.name}</h3>
              <p class="online-line">
                <span class="online-dot ${group.online?.length ? 'on' : ''}" aria-hidden="true"></span>
                ${group.online?.length
                  ? html`<span class="visually-hidden">${t('groups.online')}:</span> ${group.online.join(', ')}`
                  : html`<span class="muted">${t('groups.nobodyOnline')}</span>`}
              </p>
              <ul class="board-list compact">
                ${group.boards.map((board) => boardItem(board))}
              </ul>
            </section>`,
          )}
        </div>`,
    )
  }
}

/**
 * One board as a link with its open/locked badge; shared with the participant home.
 * @param {import('../lib/session-state.js').Board} board
 */
export function boardItem(board) {
  const writable = board.writable !== false
  return html`<li data-board-id="${board.id}" data-kind="${board.kind}" data-writable="${String(writable)}">
    <a href="${`/boards/${encodeURIComponent(board.id)}`}" class="board-link">${boardKindLabel(board.kind)}</a>
    <span class="badge ${writable ? 'writable' : 'locked'}">${writable ? t('board.writable') : t('board.locked')}</span>
  </li>`
}

customElements.define('atelier-group-list', AtelierGroupList)
