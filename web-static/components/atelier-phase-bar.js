import { html, render } from '../lib/html.js'
import { formatDateTime, onLanguageChange, phaseName, t } from '../lib/i18n.js'
import { timelineDays } from '../lib/phase-plan.js'

/**
 * The sprint's phases, day by day: where the session is (the current phase highlighted,
 * "now"), phases already passed marked done, each day with its date and its state — done,
 * today, opened early (an override moved the session into a day that has not begun on the
 * calendar), or not begun.
 *
 * Data down: `state` (SessionState of lib/session-state.js, or null). No events.
 * Each phase is an `li[data-phase-id]` with `data-where` (`done`, `current`, `todo`); the
 * current one has `aria-current="step"`. Each day is `li.phase-day[data-day][data-where]`.
 */
export class AtelierPhaseBar extends HTMLElement {
  /** @type {import('../lib/session-state.js').SessionState | null} */
  #state = null
  /** @type {(() => void) | null} */
  #stopLanguage = null

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
    const state = this.#state
    if (!state) {
      render(this, html``)
      return
    }
    const phases = state.phases ?? []
    const currentIndex = phases.findIndex((p) => p.id === state.phase?.id)
    this.dataset.current = state.phase?.id ?? ''
    const dayNote = {
      done: () => t('phase.dayDone'),
      current: () => t('phase.dayNow'),
      early: () => t('phase.dayOpenedEarly'),
      later: () => t('phase.notBegun'),
    }
    render(
      this,
      html`<ol class="phase-days" aria-label="${t('phase.timeline')}">
        ${timelineDays(state).map((day) => {
          const date = day.date ? formatDateTime(`${day.date}T12:00:00Z`, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }) : ''
          const laterBegun = day.where === 'later' && day.begun
          return html`<li class="phase-day ${day.where}" data-day="${day.day}" data-where="${day.where}">
            <span class="day-label">${t('phase.day', { day: day.day })}${date ? html` · ${date}` : ''}${laterBegun ? '' : html` · <em>${dayNote[day.where]()}</em>`}</span>
            <ol class="phase-steps">
              ${day.phases.map((phase) => {
                const index = phases.indexOf(phase)
                const where = index === currentIndex ? 'current' : index < currentIndex ? 'done' : 'todo'
                return html`<li class="phase-step ${where}" data-phase-id="${phase.id}" data-where="${where}"
                  ${where === 'current' ? html`aria-current="step"` : ''}>
                  <span class="phase-name">${phaseName(phase.id, phase.label)}</span>
                  ${where === 'current' ? html`<span class="phase-now">${t('phase.youAreHere')}</span>` : ''}
                  ${phase.timeBoxMinutes ? html`<span class="phase-box">${t('phase.timeBox', { minutes: phase.timeBoxMinutes })}</span>` : ''}
                </li>`
              })}
            </ol>
          </li>`
        })}
      </ol>`,
    )
  }
}

customElements.define('atelier-phase-bar', AtelierPhaseBar)
