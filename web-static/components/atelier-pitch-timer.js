import { html, render } from '../lib/html.js'
import { formatDuration, onLanguageChange, t } from '../lib/i18n.js'
import { displaySeconds, timerTier } from '../lib/pitch.js'

/**
 * A pitch (or Q&A) countdown: counts down locally from the server's deadline with the live
 * channel's clock estimate (remaining = deadline − clock.serverNow(), lib/clock.js), turns
 * amber at the first warning and red at the last (by default the last minute), then counts the
 * overtime up in red.
 * Once the timer stopped it shows the recorded time and overtime; before the start, the limit.
 *
 * Data down: `timer` (`{ state, limitMs, deadline, startedAt, stoppedAt }`, the pitch view or
 * its `qa` part), `clock` (anything with `serverNow()`), `thresholds` (`{ amberMs, redMs }`, see
 * lib/pitch.js), `label`, `warnings` (how many live `timer` warnings arrived for this run: the
 * first turns it amber, a later one red, whatever the thresholds).
 * No events. Mirrors `data-tier` (`idle`, `running`, `warning`, `critical`, `over`,
 * `stopped`) and `data-remaining` (whole seconds; negative when over).
 */
export class AtelierPitchTimer extends HTMLElement {
  /** @type {Pick<import('../lib/pitch.js').PitchView, 'state' | 'limitMs' | 'deadline' | 'startedAt' | 'stoppedAt'> | null} */
  #timer = null
  /** @type {{ serverNow(): number }} */
  #clock = { serverNow: () => Date.now() }
  /** @type {import('../lib/pitch.js').Thresholds} */
  #thresholds = { amberMs: null, redMs: null }
  #label = ''
  #warnings = 0
  /** @type {ReturnType<typeof setInterval> | null} */
  #interval = null
  #shown = ''
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {AtelierPitchTimer['timer']} timer */
  set timer(timer) {
    this.#timer = timer
    this.#rerender()
  }

  /** @returns {Pick<import('../lib/pitch.js').PitchView, 'state' | 'limitMs' | 'deadline' | 'startedAt' | 'stoppedAt'> | null} */
  get timer() {
    return this.#timer
  }

  /** @param {{ serverNow(): number }} clock */
  set clock(clock) {
    this.#clock = clock
    this.#rerender()
  }

  /** @param {import('../lib/pitch.js').Thresholds} thresholds */
  set thresholds(thresholds) {
    this.#thresholds = thresholds
    this.#rerender()
  }

  /** @param {string} label */
  set label(label) {
    this.#label = label
    this.#rerender()
  }

  /** @param {number} count */
  set warnings(count) {
    this.#warnings = count
    this.#rerender()
  }

  connectedCallback() {
    this.#stopLanguage = onLanguageChange(() => this.#rerender())
    // 100 ms: a second boundary shows at most 0.1 s late.
    this.#interval = setInterval(() => this.#tick(), 100)
    this.#rerender()
  }

  disconnectedCallback() {
    if (this.#interval !== null) clearInterval(this.#interval)
    this.#interval = null
    this.#stopLanguage?.()
  }

  #rerender() {
    this.#shown = ''
    if (this.isConnected) this.#tick()
  }

  #tick() {
    const timer = this.#timer
    /** @type {import('../lib/pitch.js').TimerTier} */
    let tier = 'idle'
    let seconds = 0
    let main = ''
    let sub = ''
    if (timer?.state === 'running' && typeof timer.deadline === 'number') {
      const remaining = timer.deadline - this.#clock.serverNow()
      seconds = displaySeconds(remaining)
      tier = seconds > 0 ? timerTier(remaining, this.#thresholds, this.#warnings) : 'over'
      main = tier === 'over' ? `+${formatDuration(-seconds * 1000)}` : formatDuration(seconds * 1000)
      sub = tier === 'over' ? t('pitch.overtime') : t('pitch.left')
    } else if (timer?.state === 'stopped' && typeof timer.startedAt === 'number' && typeof timer.stoppedAt === 'number') {
      tier = 'stopped'
      const elapsed = timer.stoppedAt - timer.startedAt
      const over = typeof timer.deadline === 'number' ? Math.max(0, timer.stoppedAt - timer.deadline) : 0
      seconds = -Math.floor(over / 1000)
      main = formatDuration(elapsed)
      sub = over > 0 ? t('pitch.stoppedOver', { time: formatDuration(over), ms: over }) : t('pitch.stoppedInTime')
    } else {
      seconds = Math.round((timer?.limitMs ?? 0) / 1000)
      main = formatDuration((timer?.limitMs ?? 0))
      sub = t('pitch.notStarted')
    }
    const key = `${tier}:${seconds}:${main}:${sub}:${this.#label}`
    if (key === this.#shown) return
    this.#shown = key
    this.dataset.tier = tier
    this.dataset.remaining = String(seconds)
    render(
      this,
      html`${this.#label ? html`<p class="pitch-timer-label">${this.#label}</p>` : ''}
        <p class="pitch-timer-time" role="timer" aria-live="off">${main}</p>
        <p class="pitch-timer-sub">${sub}</p>`,
    )
  }
}

customElements.define('atelier-pitch-timer', AtelierPitchTimer)
