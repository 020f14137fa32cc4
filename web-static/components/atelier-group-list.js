import { html, render } from '../lib/html.js'
import { currentLanguage, onLanguageChange, openingText, t } from '../lib/i18n.js'
import { boardOpening } from '../lib/phase-plan.js'
import { kindLabel, kindOf } from '../board/kinds/registry.js'

/**
 * Every group of the session with its boards (open or locked in the current phase, and when
 * a locked one opens; each a link to `/boards/{id}`) and who of the group is online.
 *
 * Data down: `groups` (Group[] of lib/session-state.js), `state` (the session, to say when
 * locked boards open). No events. Each board is an `li[data-board-id]` with `data-writable`.
 */
export class AtelierGroupList extends HTMLElement {
  /** @type {import('../lib/session-state.js').Group[]} */
  #groups = []
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @type {import('../lib/session-state.js').SessionState | null} */
  #state = null

  /** @param {import('../lib/session-state.js').Group[]} groups */
  set groups(groups) {
    this.#groups = groups
    if (this.isConnected) this.#render()
  }

  /** @param {import('../lib/session-state.js').SessionState | null} state */
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
                ${group.boards.map((board) => boardItem(board, this.#state))}
              </ul>
            </section>`,
          )}
        </div>`,
    )
  }
}

/**
 * One board as a link with its open/locked badge, and when a locked one opens; shared with
 * the participant home.
 * @param {import('../lib/session-state.js').Board} board
 * @param {import('../lib/session-state.js').SessionState | null} [state]
 */
export function boardItem(board, state = null) {
  const writable = board.writable !== false
  const opening = !writable && state ? boardOpening(state, board, kindOf(board.kind).defaultPhases) : null
  return html`<li data-board-id="${board.id}" data-kind="${board.kind}" data-writable="${String(writable)}">
    <a href="${`/boards/${encodeURIComponent(board.id)}`}" class="board-link">${kindLabel(board.kind, currentLanguage())}</a>
    <span class="badge ${writable ? 'writable' : 'locked'}">${writable ? t('board.writable') : t('board.locked')}</span>
    ${opening ? html`<span class="board-opens muted">${opening.phase ? t('board.opens', { when: openingText(opening, state?.timeZone) }) : t('board.staysLocked')}</span>` : ''}
  </li>`
}

customElements.define('atelier-group-list', AtelierGroupList)
