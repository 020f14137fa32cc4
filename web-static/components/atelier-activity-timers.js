import { api, seg } from '../lib/api.js'
import { errorText } from '../lib/errors.js'
import { beep, setSound, soundOn, timerRemaining } from '../lib/facilitation.js'
import { html, render } from '../lib/html.js'
import { formatDuration, onLanguageChange, t } from '../lib/i18n.js'

/**
 * The activity timers of a session (docs/API.md, "Facilitation"): each one's label, whom it is
 * for and its countdown, counted down locally from the server's deadline with the live
 * channel's clock estimate (lib/clock.js), frozen while paused; at zero a visible "Time's up"
 * (and, if the person turned it on, a short beep: the choice is kept in this browser).
 *
 * With `controls` (the facilitator's console) it also starts a timer (label, minutes, the
 * whole session or one group) and pauses, resumes, extends by a minute or stops each one,
 * through the API (`POST /api/v1/sessions/{id}/timers…`); a refusal shows under the form.
 * Without, it hides itself while no timer runs.
 *
 * Data down: `timers` (lib/facilitation.js `ActivityTimer[]`), `clock` (anything with
 * `serverNow()`), `groups` (`{ id, name }[]`, to name them), `controls`, and with controls
 * `token` and `sessionId`. Method: `signal(timerId)` (the live channel said time's up).
 * Events up: `atelier-activity-timer` with `detail: { timer }` (a command's answer, for the
 * page's state). Each timer is `li[data-timer-id]` with `data-state` (`running`, `paused`,
 * `over`) and `data-remaining` (whole seconds, negative in overtime); the form is
 * `form[data-form="timer"]`, the buttons `button[data-action="pause|resume|add|stop"]`.
 */
export class AtelierActivityTimers extends HTMLElement {
  /** @type {string} */
  token = ''
  /** @type {string} */
  sessionId = ''
  /** @type {import('../lib/facilitation.js').ActivityTimer[]} */
  #timers = []
  /** @type {{ serverNow(): number }} */
  #clock = { serverNow: () => Date.now() }
  /** @type {{ id: string, name: string }[]} */
  #groups = []
  #controls = false
  /** @type {Set<string>} timers (`id@deadline`) whose time's up was already signalled */
  #signalled = new Set()
  /** @type {string} the last refusal of a command, or '' */
  #error = ''
  #busy = false
  /** @type {ReturnType<typeof setInterval> | null} */
  #interval = null
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {import('../lib/facilitation.js').ActivityTimer[]} timers */
  set timers(timers) {
    this.#timers = timers
    this.#renderList()
  }

  /** @param {{ serverNow(): number }} clock */
  set clock(clock) {
    this.#clock = clock
    this.#tick()
  }

  /** @param {{ id: string, name: string }[]} groups */
  set groups(groups) {
    const changed = JSON.stringify(groups) !== JSON.stringify(this.#groups)
    this.#groups = groups
    if (changed) this.#render()
  }

  /** @param {boolean} value */
  set controls(value) {
    this.#controls = value
    this.#render()
  }

  connectedCallback() {
    this.addEventListener('submit', this.#onSubmit)
    this.addEventListener('click', this.#onClick)
    this.addEventListener('change', this.#onChange)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#interval = setInterval(() => this.#tick(), 200)
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('submit', this.#onSubmit)
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('change', this.#onChange)
    if (this.#interval !== null) clearInterval(this.#interval)
    this.#interval = null
    this.#stopLanguage?.()
  }

  /**
   * Shows time's up for a timer now (the server's signal), once per deadline.
   * @param {string} timerId
   */
  signal(timerId) {
    const timer = this.#timers.find((t) => t.id === timerId)
    if (timer) this.#timeUp(timer)
  }

  #render() {
    if (!this.isConnected) return
    render(
      this,
      html`${this.#controls
          ? html`<h2>${t('timers.title')}</h2>
              <form data-form="timer" class="timer-form">
                <label>${t('timers.label')} <input name="label" required maxlength="80" autocomplete="off" placeholder="${t('timers.labelExample')}" /></label>
                <label>${t('timers.minutes')} <input name="minutes" type="number" required min="1" max="1440" step="1" value="5" inputmode="numeric" /></label>
                <label>${t('timers.for')}
                  <select name="group"><option value="">${t('timers.everyone')}</option>${this.#groups.map((g) => html`<option value="${g.id}">${g.name}</option>`)}</select>
                </label>
                <button type="submit" data-action="start">${t('timers.start')}</button>
              </form>
              <p class="form-status" role="status"></p>`
          : html`<h2 class="visually-hidden">${t('timers.title')}</h2>`}
        <ul class="activity-timers"></ul>
        <label class="check timer-sound"><input type="checkbox" data-action="sound" ${soundOn() ? html`checked` : ''} /> ${t('timers.sound')}</label>
        <p class="visually-hidden timer-announce" role="status" aria-live="assertive"></p>`,
    )
    this.#renderList()
  }

  #renderList() {
    const list = this.querySelector('.activity-timers')
    if (!list) return
    this.hidden = !this.#controls && this.#timers.length === 0
    this.dataset.count = String(this.#timers.length)
    const focused = document.activeElement instanceof HTMLElement && list.contains(document.activeElement) ? document.activeElement : null
    const focusKey = focused?.dataset.action ? `[data-timer-id="${focused.closest('li')?.getAttribute('data-timer-id')}"] [data-action="${focused.dataset.action}"]` : null
    render(
      list,
      html`${this.#timers.length === 0 && this.#controls ? html`<li class="empty">${t('timers.none')}</li>` : ''}${this.#timers.map(
        (timer) => html`<li class="activity-timer" data-timer-id="${timer.id}">
          <span class="timer-name">${timer.label}<small> · ${this.#scope(timer)}</small></span>
          <span class="timer-time" role="timer"></span>
          <span class="timer-status"></span>
          ${this.#controls
            ? html`<span class="timer-actions">
                ${timer.status === 'paused'
                  ? html`<button type="button" class="secondary small" data-action="resume">${t('timers.resume')}</button>`
                  : html`<button type="button" class="secondary small" data-action="pause">${t('timers.pause')}</button>`}
                <button type="button" class="secondary small" data-action="add" aria-label="${t('timers.addMinuteTo', { label: timer.label })}">${t('timers.addMinute')}</button>
                <button type="button" class="secondary small" data-action="stop" aria-label="${t('timers.stopNamed', { label: timer.label })}">${t('timers.stop')}</button>
              </span>`
            : ''}
        </li>`,
      )}`,
    )
    const status = this.querySelector('.form-status')
    if (status) {
      status.className = `form-status${this.#error ? ' notice error' : ''}`
      status.setAttribute('role', this.#error ? 'alert' : 'status')
      render(status, html`${this.#error}`)
    }
    if (focusKey) /** @type {HTMLElement | null} */ (list.querySelector(focusKey))?.focus()
    this.#tick(true)
  }

  /** @param {import('../lib/facilitation.js').ActivityTimer} timer */
  #scope(timer) {
    if (!timer.group) return t('timers.everyone')
    return this.#groups.find((g) => g.id === timer.group)?.name ?? timer.group
  }

  /** @param {boolean} [force] */
  #tick(force = false) {
    for (const timer of this.#timers) {
      const row = /** @type {HTMLElement | null} */ (this.querySelector(`li[data-timer-id="${CSS.escape(timer.id)}"]`))
      if (!row) continue
      const remaining = timerRemaining(timer, this.#clock)
      const seconds = remaining > 0 ? Math.ceil(remaining / 1000) : -Math.floor(-remaining / 1000)
      const state = timer.status === 'paused' ? 'paused' : seconds > 0 ? 'running' : 'over'
      if (!force && row.dataset.remaining === String(seconds) && row.dataset.state === state) continue
      row.dataset.state = state
      row.dataset.remaining = String(seconds)
      const time = row.querySelector('.timer-time')
      if (time) time.textContent = seconds > 0 ? formatDuration(seconds * 1000) : `+${formatDuration(-seconds * 1000)}`
      const status = row.querySelector('.timer-status')
      if (status) status.textContent = state === 'paused' ? t('timers.paused') : state === 'over' ? t('timers.timeUp') : ''
      if (state === 'over' && timer.status === 'running') this.#timeUp(timer)
      row.classList.toggle('timeup', this.#signalled.has(`${timer.id}@${timer.deadline}`))
    }
  }

  /** @param {import('../lib/facilitation.js').ActivityTimer} timer */
  #timeUp(timer) {
    const key = `${timer.id}@${timer.deadline}`
    if (this.#signalled.has(key)) return
    this.#signalled.add(key)
    this.querySelector(`li[data-timer-id="${CSS.escape(timer.id)}"]`)?.classList.add('timeup')
    const announce = this.querySelector('.timer-announce')
    if (announce) announce.textContent = t('timers.timeUpNamed', { label: timer.label })
    beep()
  }

  /** @param {Event} event */
  #onChange = (event) => {
    const target = event.target
    if (target instanceof HTMLInputElement && target.dataset.action === 'sound') setSound(target.checked)
  }

  /** @param {Event} event */
  #onSubmit = async (event) => {
    const form = event.target instanceof HTMLFormElement ? event.target : null
    if (!form || form.dataset.form !== 'timer' || this.#busy) return
    event.preventDefault()
    const data = new FormData(form)
    const group = String(data.get('group') ?? '')
    const body = { label: String(data.get('label') ?? '').trim(), seconds: Math.round(Number(data.get('minutes')) * 60), ...(group ? { group } : {}) }
    const timer = await this.#command(`/sessions/${seg(this.sessionId)}/timers`, body)
    if (timer) form.reset()
  }

  /** @param {Event} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('li[data-timer-id] button[data-action]') : null
    if (!(button instanceof HTMLButtonElement) || this.#busy) return
    const id = button.closest('li')?.getAttribute('data-timer-id') ?? ''
    const action = button.dataset.action ?? ''
    if (!['pause', 'resume', 'add', 'stop'].includes(action)) return
    void this.#command(`/sessions/${seg(this.sessionId)}/timers/${seg(id)}/${action}`, action === 'add' ? { seconds: 60 } : undefined)
  }

  /**
   * Sends a command; its answer (the timer) goes up to the page.
   * @param {string} path
   * @param {unknown} body
   * @returns {Promise<import('../lib/facilitation.js').ActivityTimer | null>}
   */
  async #command(path, body) {
    this.#busy = true
    this.#error = ''
    let timer = null
    try {
      timer = await api(path, { token: this.token, method: 'POST', body })
      if (timer && typeof timer === 'object') this.dispatchEvent(new CustomEvent('atelier-activity-timer', { bubbles: true, detail: { timer } }))
    } catch (error) {
      this.#error = errorText(error)
    } finally {
      this.#busy = false
      this.#renderList()
    }
    return timer
  }
}

customElements.define('atelier-activity-timers', AtelierActivityTimers)
