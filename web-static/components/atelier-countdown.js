import { html, render } from '../lib/html.js'
import { formatDateTime, formatDuration, onLanguageChange, t } from '../lib/i18n.js'

/** Below this much time left, the countdown turns to its warning colour. */
const WARNING_MS = 5 * 60 * 1000

/**
 * The phase countdown, big: time left until the server's deadline, counted down locally
 * with the live channel's clock estimate (remaining = deadline − (Date.now() + offset)),
 * then "Time's up" with the overtime counting.
 *
 * Data down: `deadline` (server epoch ms, or null for no time box), `clock` (anything with
 * `serverNow()`, e.g. the live channel's ServerClock), `phaseLabel`, `timeZone` (to show
 * the end time in the session's zone). No events. Mirrors `data-state` (`none`, `running`,
 * `warning`, `over`) and `data-remaining` (whole seconds; negative when over).
 */
export class AtelierCountdown extends HTMLElement {
  /** @type {number | null} */
  #deadline = null
  /** @type {{ serverNow(): number }} */
  #clock = { serverNow: () => Date.now() }
  #phaseLabel = ''
  /** @type {string | undefined} */
  #timeZone = undefined
  /** @type {ReturnType<typeof setInterval> | null} */
  #timer = null
  #shown = ''
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {number | null} deadline */
  set deadline(deadline) {
    this.#deadline = typeof deadline === 'number' && Number.isFinite(deadline) ? deadline : null
    this.#rerender()
  }

  /** @param {{ serverNow(): number }} clock */
  set clock(clock) {
    this.#clock = clock
    this.#rerender()
  }

  /** @param {string} label */
  set phaseLabel(label) {
    this.#phaseLabel = label
    this.#rerender()
  }

  /** @param {string | undefined} timeZone */
  set timeZone(timeZone) {
    this.#timeZone = timeZone
    this.#rerender()
  }

  connectedCallback() {
    this.#stopLanguage = onLanguageChange(() => this.#rerender())
    this.#timer = setInterval(() => this.#tick(), 200)
    this.#rerender()
  }

  disconnectedCallback() {
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
    this.#stopLanguage?.()
  }

  #rerender() {
    this.#shown = ''
    if (this.isConnected) this.#tick()
  }

  #tick() {
    const deadline = this.#deadline
    if (deadline === null) {
      if (this.#shown === 'none') return
      this.#shown = 'none'
      this.dataset.state = 'none'
      delete this.dataset.remaining
      render(
        this,
        html`<p class="countdown-label">${this.#phaseLabel}</p>
          <p class="countdown-time none">${t('countdown.noTimeBox')}</p>`,
      )
      return
    }
    const remaining = deadline - this.#clock.serverNow()
    // Count whole seconds down so 0:00 shows at the deadline, then the overtime up.
    const seconds = remaining > 0 ? Math.ceil(remaining / 1000) : -Math.floor(-remaining / 1000)
    const state = seconds > 0 ? (remaining <= WARNING_MS ? 'warning' : 'running') : 'over'
    const key = `${state}:${seconds}`
    if (key === this.#shown) return
    this.#shown = key
    this.dataset.state = state
    this.dataset.remaining = String(seconds)
    let ends = ''
    try {
      // The session's zone, named when it is not the reader's (lib/i18n.js formatDateTime).
      ends = formatDateTime(deadline, { timeStyle: 'short', timeZone: this.#timeZone })
    } catch {
      ends = formatDateTime(deadline, { timeStyle: 'short' })
    }
    render(
      this,
      html`<p class="countdown-label">${state === 'over' ? this.#phaseLabel : t('countdown.label', { phase: this.#phaseLabel })}</p>
        ${state === 'over'
          ? html`<p class="countdown-time over" role="timer">${t('countdown.timeUp')}</p>
              <p class="countdown-sub">${t('countdown.over', { time: formatDuration(-seconds * 1000) })}</p>`
          : html`<p class="countdown-time ${state}" role="timer">${formatDuration(seconds * 1000)}</p>
              <p class="countdown-sub">${t('countdown.deadline', { time: ends })}</p>`}`,
    )
  }
}

customElements.define('atelier-countdown', AtelierCountdown)
