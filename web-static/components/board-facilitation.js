import { api, seg } from '../lib/api.js'
import { errorText } from '../lib/errors.js'
import { html, render } from '../lib/html.js'
import { onLanguageChange, t } from '../lib/i18n.js'
import { confirmStep } from './confirm-step.js'

/**
 * The facilitator's tools on a board page (docs/API.md, "Facilitation"):
 * - follow me: "Bring everyone here" and, on a group's board, "Bring this group here" send
 *   this board and what the canvas shows (`POST /api/v1/sessions/{id}/follow`); "Stop
 *   leading …" lets them go (`POST …/follow/stop`), one per lead in force here;
 * - on a voting board, the vote: anonymous or named (only before the first dot), the dots
 *   per person, reveal or hide an anonymous vote's counts (`POST /api/v1/boards/{id}/vote`),
 *   reset it after a confirmation (`POST …/vote/reset`), and how many dots were cast;
 * - private mode: "Private brainstorm: each person sees only their own notes" makes the board
 *   private, "Reveal" shares it again (`POST /api/v1/boards/{id}/mode`).
 * A refusal shows in its status line, in the reader's language.
 *
 * Data down: `token`, `sessionId`, `boardId`, `group` (the board's group `{ id, name }`, or
 * null), `leads` (lib/facilitation.js leads by scope), `votes` (board/board-votes.js
 * `VoteState`, or null on a board without votes), `currentView` (a function giving the
 * canvas's `{ x, y, zoom }`), `privateMode` (whether the board is private now). Events up:
 * `atelier-board-mode` with `detail: { mode }` (`private` or `shared`, as the server answered),
 * `atelier-lead-changed` with
 * `detail: { group, lead }` (as the live `follow` event), `atelier-vote-settings` with
 * `detail: { state }` (the vote as the server now has it). Buttons carry `data-action`
 * (`lead`, `stop-lead` with `data-scope` `session` or `group`; `reveal`, `hide`, `reset`;
 * `mode` with `data-mode` `private` or `shared`), the
 * vote's form is `form[data-form="vote"]`.
 */
export class AtelierBoardFacilitation extends HTMLElement {
  /** @type {string} */
  token = ''
  /** @type {string} */
  sessionId = ''
  /** @type {string} */
  boardId = ''
  /** @type {() => import('../lib/facilitation.js').BoardView | null} */
  currentView = () => null
  /** @type {{ id: string, name: string } | null} */
  #group = null
  /** @type {Map<string, import('../lib/facilitation.js').Lead>} */
  #leads = new Map()
  /** @type {import('../board/board-votes.js').VoteState | null} */
  #votes = null
  #private = false
  /** @type {{ kind: 'ok' | 'error', text: string } | null} */
  #status = null
  #busy = false
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {{ id: string, name: string } | null} group */
  set group(group) {
    this.#group = group
    this.#render()
  }

  /** @param {Map<string, import('../lib/facilitation.js').Lead>} leads */
  set leads(leads) {
    this.#leads = leads
    this.#render()
  }

  /** @param {import('../board/board-votes.js').VoteState | null} votes */
  set votes(votes) {
    this.#votes = votes
    this.#render()
  }

  /** @param {boolean} value */
  set privateMode(value) {
    if (value === this.#private) return
    this.#private = value
    this.#render()
  }

  connectedCallback() {
    this.classList.add('board-facilitation')
    this.addEventListener('click', this.#onClick)
    this.addEventListener('submit', this.#onSubmit)
    this.addEventListener('change', this.#onChange)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('submit', this.#onSubmit)
    this.removeEventListener('change', this.#onChange)
    this.#stopLanguage?.()
  }

  /** The leads in force on this board's people: the session's, and its group's. */
  #leadsHere() {
    const here = []
    const session = this.#leads.get('')
    if (session) here.push({ scope: 'session', who: t('follow.everyone'), lead: session })
    const group = this.#group ? this.#leads.get(this.#group.id) : undefined
    if (group && this.#group) here.push({ scope: 'group', who: this.#group.name, lead: group })
    return here
  }

  #render() {
    if (!this.isConnected) return
    const votes = this.#votes
    const cast = votes?.counts ? Object.values(votes.counts).reduce((n, c) => n + c, 0) : 0
    const focused = document.activeElement instanceof HTMLElement && this.contains(document.activeElement) ? document.activeElement : null
    // Typing the budget: the form stays as it is until the field is left.
    if (focused instanceof HTMLInputElement && focused.name === 'budget') return
    const focusKey = focused?.dataset.action === 'mode' ? '[data-action="mode"]' : focused?.dataset.action ? `[data-action="${focused.dataset.action}"]${focused.dataset.scope ? `[data-scope="${focused.dataset.scope}"]` : ''}` : null
    const leads = this.#leadsHere()
    render(
      this,
      html`<h2 class="visually-hidden">${t('follow.tools')}</h2>
        <div class="tool-group follow-tools" role="group" aria-label="${t('follow.title')}">
          <button type="button" data-action="lead" data-scope="session">${t('follow.bringEveryone')}</button>
          ${this.#group ? html`<button type="button" data-action="lead" data-scope="group">${t('follow.bringGroup')}</button>` : ''}
          ${leads.map(({ scope, who, lead }) => html`<button type="button" class="secondary" data-action="stop-lead" data-scope="${scope}">${t('follow.stop', { who })}</button>
            <span class="follow-status muted">${lead.board === this.boardId ? t('follow.leadingHere', { who }) : t('follow.leadingElsewhere', { who })}</span>`)}
        </div>
        <div class="tool-group private-tools" role="group" aria-label="${t('private.title')}" data-private="${String(this.#private)}">
          ${this.#private
            ? html`<span class="private-status">${t('private.title')}</span>
                <button type="button" data-action="mode" data-mode="shared">${t('private.reveal')}</button>`
            : html`<button type="button" class="secondary" data-action="mode" data-mode="private">${t('private.start')}</button>`}
        </div>
        ${votes
          ? html`<form data-form="vote" class="tool-group vote-tools" aria-label="${t('votes.title')}">
              <label class="check"><input type="checkbox" name="anonymous" ${votes.anonymous ? html`checked` : ''} ${cast > 0 ? html`disabled` : ''} /> ${t('votes.anonymous')}</label>
              <label>${t('votes.budget')} <input type="number" name="budget" min="1" max="100" step="1" required value="${String(votes.budget)}" inputmode="numeric" /></label>
              <button type="submit" class="secondary" data-action="budget">${t('votes.setBudget')}</button>
              ${votes.anonymous
                ? votes.revealed
                  ? html`<button type="button" class="secondary" data-action="hide">${t('votes.hide')}</button>`
                  : html`<button type="button" data-action="reveal">${t('votes.reveal')}</button>`
                : ''}
              <button type="button" class="secondary" data-action="reset" ${cast > 0 ? '' : html`disabled`}>${t('votes.reset')}</button>
              <span class="vote-cast muted" data-cast="${String(cast)}">${t('votes.cast', { count: cast })}${votes.anonymous && !votes.revealed ? ` · ${t('votes.hidden')}` : ''}</span>
            </form>`
          : ''}
        <p class="form-status ${this.#status?.kind === 'error' ? 'notice error' : ''}" role="${this.#status?.kind === 'error' ? 'alert' : 'status'}">${this.#status?.text ?? ''}</p>`,
    )
    if (focusKey) /** @type {HTMLElement | null} */ (this.querySelector(focusKey))?.focus()
  }

  /** @param {MouseEvent} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null
    if (!(button instanceof HTMLButtonElement) || button.disabled || this.#busy) return
    const action = button.dataset.action
    const group = button.dataset.scope === 'group' ? this.#group?.id : undefined
    if (action === 'lead') void this.#lead(group)
    else if (action === 'stop-lead') void this.#endLead(group)
    else if (action === 'reveal' || action === 'hide') void this.#setVote({ reveal: action === 'reveal' })
    else if (action === 'reset') void this.#reset()
    else if (action === 'mode') void this.#setMode(button.dataset.mode === 'private' ? 'private' : 'shared')
  }

  /** @param {Event} event */
  #onChange = (event) => {
    const target = event.target
    if (target instanceof HTMLInputElement && target.name === 'anonymous') void this.#setVote({ anonymous: target.checked })
  }

  /** @param {Event} event */
  #onSubmit = (event) => {
    const form = event.target instanceof HTMLFormElement ? event.target : null
    if (!form || form.dataset.form !== 'vote') return
    event.preventDefault()
    const budget = Number(new FormData(form).get('budget'))
    const field = form.elements.namedItem('budget')
    if (field instanceof HTMLElement) field.blur()
    if (Number.isInteger(budget)) void this.#setVote({ budget })
  }

  /** @param {string | undefined} group */
  async #lead(group) {
    const view = this.currentView()
    if (!view) return
    const lead = await this.#send(`/sessions/${seg(this.sessionId)}/follow`, { board: this.boardId, view, ...(group ? { group } : {}) })
    if (!lead) return
    this.#status = { kind: 'ok', text: t('follow.sent', { who: group ? this.#group?.name ?? group : t('follow.everyone') }) }
    this.dispatchEvent(new CustomEvent('atelier-lead-changed', { bubbles: true, detail: { group: group ?? null, lead } }))
    this.#render()
  }

  /** @param {string | undefined} group */
  async #endLead(group) {
    const done = await this.#send(`/sessions/${seg(this.sessionId)}/follow/stop`, group ? { group } : {})
    if (done === null) return
    this.#status = { kind: 'ok', text: t('follow.stopped') }
    this.dispatchEvent(new CustomEvent('atelier-lead-changed', { bubbles: true, detail: { group: group ?? null, lead: null } }))
    this.#render()
  }

  /** @param {{ anonymous?: boolean, budget?: number, reveal?: boolean }} body */
  async #setVote(body) {
    const state = await this.#send(`/boards/${seg(this.boardId)}/vote`, body)
    if (state) this.dispatchEvent(new CustomEvent('atelier-vote-settings', { bubbles: true, detail: { state } }))
  }

  /** @param {'private' | 'shared'} mode */
  async #setMode(mode) {
    const answer = await this.#send(`/boards/${seg(this.boardId)}/mode`, { mode })
    if (!answer) return
    this.#private = mode === 'private'
    this.#status = { kind: 'ok', text: t(mode === 'private' ? 'private.started' : 'private.revealedStatus') }
    this.dispatchEvent(new CustomEvent('atelier-board-mode', { bubbles: true, detail: { mode } }))
    this.#render()
  }

  async #reset() {
    const confirmed = await confirmStep({ title: t('votes.resetTitle'), body: t('votes.resetBody'), confirm: t('votes.reset'), name: 'reset-vote', critical: true })
    if (!confirmed) return
    const state = await this.#send(`/boards/${seg(this.boardId)}/vote/reset`, undefined)
    if (state) this.dispatchEvent(new CustomEvent('atelier-vote-settings', { bubbles: true, detail: { state } }))
  }

  /**
   * Posts a command; a refusal goes to the status line.
   * @param {string} path
   * @param {unknown} body
   * @returns {Promise<any>} the answer ({} for an empty one), or null when refused
   */
  async #send(path, body) {
    this.#busy = true
    this.#status = null
    try {
      return (await api(path, { token: this.token, method: 'POST', body })) ?? {}
    } catch (error) {
      this.#status = { kind: 'error', text: errorText(error) }
      return null
    } finally {
      this.#busy = false
      this.#render()
    }
  }
}

customElements.define('atelier-board-facilitation', AtelierBoardFacilitation)
