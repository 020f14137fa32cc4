import { html, render } from '../lib/html.js'
import { formatDateTime, onLanguageChange, t } from '../lib/i18n.js'

/**
 * The facilitator's view of every group's problem statement: its text, who wrote it and when,
 * whether it is approved (in words, with a ✓), and "Approve" for one that is not. The sprint
 * leaves the definition's problem phase (named by its label) only once every statement is approved (the server refuses with
 * `problem-not-approved`; the console then names the groups still waiting).
 *
 * Data down: `groups` (the session state's groups with `problem`), `people` (invite id →
 * name), `busyGroup` (the group whose approval is on its way). Events up:
 * `atelier-problem-approve` with `detail: { group }`. Each group is
 * `li[data-group-id][data-state]` (`none`, `waiting`, `approved`).
 */
export class AtelierProblemList extends HTMLElement {
  /** @type {{ id: string, name: string, problem?: import('../lib/assessment.js').ProblemStatement | null }[]} */
  #groups = []
  /** @type {Map<string, string>} */
  #people = new Map()
  #busyGroup = ''
  /** The label of the phase in which the groups write their statements ('' when unknown). */
  #phase = ''
  /** @type {string | null} */
  #error = null
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {{ id: string, name: string, problem?: import('../lib/assessment.js').ProblemStatement | null }[]} groups */
  set groups(groups) {
    this.#groups = Array.isArray(groups) ? groups : []
    this.#render()
  }

  /** @param {string} phase the label of the problem phase (lib/assessment.js `problemPhaseOf`), '' when unknown */
  set phase(phase) {
    this.#phase = phase
    this.#render()
  }

  /** @param {Map<string, string>} people */
  set people(people) {
    this.#people = people
    this.#render()
  }

  /** @param {string} group */
  set busyGroup(group) {
    this.#busyGroup = group
    this.#render()
  }

  /** @param {string | null} error */
  set error(error) {
    this.#error = error
    this.#render()
  }

  connectedCallback() {
    this.addEventListener('click', this.#onClick)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
    this.#stopLanguage?.()
  }

  #render() {
    if (!this.isConnected) return
    const waiting = this.#groups.filter((g) => typeof g.problem?.approvedAt !== 'number').length
    const unwritten = this.#groups.filter((g) => !g.problem?.text).length
    this.dataset.waiting = String(waiting)
    // "2 to approve · 2 not written yet": what waits for the facilitator, and what for the groups.
    const status = [
      waiting - unwritten ? t('problems.toApprove', { count: waiting - unwritten }) : '',
      unwritten ? t('problems.unwrittenCount', { count: unwritten }) : '',
    ]
      .filter(Boolean)
      .join(' · ')
    render(
      this,
      html`<div class="section-header">
          <h2>${t('problems.title')}</h2>
          <span class="muted">${waiting ? status : t('problems.allApproved')}</span>
        </div>
        <p class="help">${this.#phase ? t('problems.help', { phase: this.#phase }) : t('problems.helpAnyPhase')}</p>
        <ul class="problem-list">
          ${this.#groups.map((group) => {
            const problem = group.problem ?? null
            const state = !problem ? 'none' : typeof problem.approvedAt === 'number' ? 'approved' : 'waiting'
            const author = problem ? (problem.writtenBy === 'facilitator' ? t('problem.theFacilitator') : this.#people.get(problem.writtenBy) ?? t('problem.someone')) : ''
            return html`<li data-group-id="${group.id}" data-state="${state}">
              <div class="section-header">
                <h3>${group.name}</h3>
                <span class="badge ${state === 'approved' ? 'writable' : 'draft'}">
                  ${state === 'approved' ? html`<span aria-hidden="true">✓ </span>${t('problem.approved')}` : state === 'waiting' ? t('problem.waiting') : t('problem.none')}
                </span>
              </div>
              ${problem
                ? html`<blockquote class="problem-text">${problem.text}</blockquote>
                    <p class="muted problem-meta">${t('problem.writtenBy', { who: author, time: formatDateTime(problem.writtenAt, { dateStyle: 'medium', timeStyle: 'short' }) })}</p>`
                : html`<p class="empty">${t('problems.notWritten')}</p>`}
              ${state === 'waiting'
                ? html`<button type="button" data-action="approve" ${this.#busyGroup === group.id ? html`disabled` : ''}>${t('problems.approve', { group: group.name })}</button>`
                : ''}
            </li>`
          })}
        </ul>
        ${this.#error ? html`<p class="notice error" role="alert">${this.#error}</p>` : ''}`,
    )
  }

  /** @param {Event} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action="approve"]') : null
    const group = button?.closest('li[data-group-id]')?.getAttribute('data-group-id')
    if (group) this.dispatchEvent(new CustomEvent('atelier-problem-approve', { bubbles: true, detail: { group } }))
  }
}

customElements.define('atelier-problem-list', AtelierProblemList)
