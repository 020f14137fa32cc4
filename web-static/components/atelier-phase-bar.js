import { html, render } from '../lib/html.js'
import { localized, onLanguageChange, t } from '../lib/i18n.js'

/**
 * The sprint's phases, day by day: the current phase highlighted, phases already passed
 * marked done, and the days that have not begun (in the session's time zone) greyed.
 *
 * Data down: `state` (SessionState of lib/session-state.js, or null). No events.
 * Each phase is an `li[data-phase-id]`; the current one has `aria-current="step"`.
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
    /** @type {Map<number, typeof phases>} */
    const days = new Map()
    for (const phase of phases) {
      const list = days.get(phase.day) ?? []
      list.push(phase)
      days.set(phase.day, list)
    }
    this.dataset.current = state.phase?.id ?? ''
    render(
      this,
      html`<ol class="phase-days" aria-label="${t('phase.current')}">
        ${[...days].map(([day, list]) => {
          const begun = list.every((p) => p.dayBegun !== false)
          return html`<li class="phase-day ${begun ? 'begun' : 'not-begun'}" data-day="${day}">
            <span class="day-label">${t('phase.day', { day })}${begun ? '' : html` · <em>${t('phase.notBegun')}</em>`}</span>
            <ol class="phase-steps">
              ${list.map((phase) => {
                const index = phases.indexOf(phase)
                const where = index === currentIndex ? 'current' : index < currentIndex ? 'done' : 'todo'
                return html`<li class="phase-step ${where}" data-phase-id="${phase.id}"
                  ${where === 'current' ? html`aria-current="step"` : ''}>
                  <span class="phase-name">${localized(phase.label, phase.id)}</span>
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
