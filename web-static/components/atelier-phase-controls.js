import { html, render } from '../lib/html.js'
import { onLanguageChange, phaseName, t } from '../lib/i18n.js'
import { nextPhase } from '../lib/session-state.js'

/**
 * @typedef {{ action: 'advance', from?: string } | { action: 'goto', phase: string, override: boolean, reason?: string, from?: string }} PhaseCommand
 *   `from` is the phase the facilitator saw: if another facilitator moved the sprint first,
 *   the server answers 409 `phase-changed` instead of moving it twice
 *
 * @typedef {object} Feedback
 * @property {'error' | 'ok'} kind
 * @property {string} [code] the refusal's code: a refusal that an override would get past
 *   (`day-not-begun`, `skip-refused`, `override-required`) opens "Go to…" with the override ticked
 * @property {() => string} text the text in the language in effect when rendered
 */

/** Refusals whose way forward is "Go to…" with an override and a reason. */
const OVERRIDE_WAY = new Set(['day-not-begun', 'skip-refused', 'override-required', 'problem-not-approved'])

/**
 * The facilitator's phase commands: "Advance" (to the next phase) and "Go to…" (any phase;
 * with the override box ticked, a reason is required). The server decides; a refusal
 * comes back as `feedback` and is shown here with the way forward: when the next phase's
 * day has not begun, a hint says so before "Advance" is even pressed, and a refusal an
 * override gets past opens "Go to…" with the phase chosen and the override ticked.
 *
 * Data down: `state` (SessionState), `busy` (a command is in flight), `feedback`
 * ({@link Feedback} or null). Events up: `atelier-phase-command` with `detail` a
 * {@link PhaseCommand}.
 */
export class AtelierPhaseControls extends HTMLElement {
  /** @type {import('../lib/session-state.js').SessionState | null} */
  #state = null
  #busy = false
  /** @type {Feedback | null} */
  #feedback = null
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {import('../lib/session-state.js').SessionState | null} state */
  set state(state) {
    const phaseChanged = state?.phase?.id !== this.#state?.phase?.id || state?.phases?.length !== this.#state?.phases?.length
    this.#state = state
    if (this.isConnected) phaseChanged ? this.#render() : this.#renderDynamic()
  }

  /** @param {boolean} busy */
  set busy(busy) {
    this.#busy = busy
    if (this.isConnected) this.#renderDynamic()
  }

  /** @param {Feedback | null} feedback */
  set feedback(feedback) {
    this.#feedback = feedback
    if (!this.isConnected) return
    this.#renderDynamic()
    if (feedback?.kind === 'error' && feedback.code && OVERRIDE_WAY.has(feedback.code)) this.#offerOverride()
  }

  /** Opens "Go to…" with the override ticked and the reason to fill. */
  #offerOverride() {
    const details = /** @type {HTMLDetailsElement | null} */ (this.querySelector('details.goto'))
    const box = /** @type {HTMLInputElement | null} */ (this.querySelector('input[name="override"]'))
    const reason = /** @type {HTMLTextAreaElement | null} */ (this.querySelector('textarea[name="reason"]'))
    if (!details || !box || !reason) return
    details.open = true
    box.checked = true
    reason.required = true
  }

  connectedCallback() {
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

  /** @param {Event} event */
  #onClick = (event) => {
    if (event.target instanceof Element && event.target.closest('[data-action="advance"]')) {
      const from = this.#state?.phase?.id
      this.#send(from ? { action: 'advance', from } : { action: 'advance' })
    }
  }

  /** @param {Event} event */
  #onChange = (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name === 'override') {
      const reason = this.querySelector('textarea[name="reason"]')
      if (reason instanceof HTMLTextAreaElement) reason.required = event.target.checked
    }
  }

  /** @param {Event} event */
  #onSubmit = (event) => {
    event.preventDefault()
    const form = /** @type {HTMLFormElement} */ (event.target)
    const data = new FormData(form)
    const phase = String(data.get('phase') ?? '')
    const override = data.get('override') === 'on'
    const reason = String(data.get('reason') ?? '').trim()
    if (!phase) return
    if (override && reason === '') {
      this.feedback = { kind: 'error', text: () => t('phase.reasonRequired') }
      form.querySelector('textarea')?.focus()
      return
    }
    /** @type {PhaseCommand} */
    const command = override ? { action: 'goto', phase, override: true, reason } : { action: 'goto', phase, override: false }
    this.#send(command)
  }

  /** @param {PhaseCommand} command */
  #send(command) {
    if (this.#busy) return
    this.dispatchEvent(new CustomEvent('atelier-phase-command', { bubbles: true, detail: command }))
  }

  #render() {
    const state = this.#state
    if (!state) {
      render(this, html``)
      return
    }
    const next = nextPhase(state)
    const phases = state.phases ?? []
    // The next phase's day has not begun (a later day, or the day this one was opened early on).
    const laterDay = next && next.dayBegun === false
    render(
      this,
      html`<div class="phase-actions">
          <button type="button" data-action="advance" ${next ? '' : html`disabled`} ${laterDay ? html`aria-describedby="phase-next-hint"` : ''}>
            ${next ? t('phase.advanceTo', { phase: phaseName(next.id, next.label) }) : t('phase.last')}
          </button>
          <details class="goto">
            <summary>${t('phase.goto')}</summary>
            <form class="goto-form" autocomplete="off">
              <label class="field"
                >${t('phase.gotoPhase')}
                <select name="phase" required>
                  ${phases.map(
                    (p) => html`<option value="${p.id}" ${p.id === next?.id ? html`selected` : ''}>
                      ${t('phase.day', { day: p.day })} · ${phaseName(p.id, p.label)}${p.id === state.phase?.id ? ' ✓' : ''}
                    </option>`,
                  )}
                </select>
              </label>
              <label class="check"><input type="checkbox" name="override" /> ${t('phase.override')}</label>
              <label class="field"
                >${t('phase.reason')}
                <textarea name="reason" rows="2" maxlength="500" placeholder="${t('phase.reasonPlaceholder')}"></textarea>
              </label>
              <button type="submit" class="secondary" data-action="goto">${t('phase.gotoSubmit')}</button>
            </form>
          </details>
        </div>
        ${laterDay ? html`<p class="help phase-hint" id="phase-next-hint">${t('phase.nextDayHint', { day: next.day })}</p>` : ''}
        <div class="phase-feedback" aria-live="polite"></div>`,
    )
    this.#renderDynamic()
  }

  #renderDynamic() {
    this.dataset.busy = String(this.#busy)
    for (const button of this.querySelectorAll('button')) {
      if (button instanceof HTMLButtonElement && !(button.dataset.action === 'advance' && !nextPhase(/** @type {any} */ (this.#state)))) {
        button.disabled = this.#busy
      }
    }
    const slot = this.querySelector('.phase-feedback')
    if (!slot) return
    const feedback = this.#feedback
    this.dataset.feedback = feedback?.kind ?? ''
    render(
      slot,
      feedback
        ? html`<p class="notice ${feedback.kind === 'error' ? 'error' : 'ok'}" role="${feedback.kind === 'error' ? 'alert' : 'status'}">${feedback.text()}</p>`
        : html``,
    )
  }
}

customElements.define('atelier-phase-controls', AtelierPhaseControls)
