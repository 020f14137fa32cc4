import { api, APIError, requestKey } from '../lib/api.js'
import { codeText, errorText } from '../lib/errors.js'
import { keepFocus } from '../lib/focus.js'
import { html, render } from '../lib/html.js'
import { formatDuration, onLanguageChange, t } from '../lib/i18n.js'
import { pitchPath } from '../lib/pitch.js'
import { confirmStep } from './confirm-step.js'

/** The most extra time one grant may give, and all of a group's grants together: a week (docs/API.md). */
const MAX_EXTRA_SECONDS = 604_800

/**
 * @typedef {object} ExtraTime one grant of extra pitch time (`GET …/pitch`'s `extraTime`)
 * @property {string | null} [candidate] `c_…`, or none: the whole group
 * @property {number} seconds
 * @property {string} reason
 * @property {string} [by]
 *
 * @typedef {import('../lib/pitch.js').PitchView & { extraTime?: ExtraTime[] }} PitchWithExtra
 *
 * @typedef {{ id: string, name: string, candidates?: import('../lib/assessment.js').CandidateRef[] }} PitchGroup
 *
 * @typedef {{ group: string, kind: 'extra-time' | 'reset-pitch' }} OpenForm
 */

/**
 * The facilitator console's "Pitches" card: per group, the pitch's state and limit (with the
 * extra time granted, and to whom), a link to the group's stage (`/#/stage/{sessionId}/{groupId}`,
 * opened in a new tab for the projector) and the results page (`/#/results/{sessionId}`); and
 * the facilitator's pitch commands that are not for the audience's eyes (docs/API.md,
 * "Pitch and Q&A"):
 * - "Extra time…" (before the pitch starts): minutes and seconds, for the whole group or one
 *   of its candidates, with a required reason → `POST …/pitch/extra-time`, with an
 *   `Idempotency-Key` made once per grant and sent again when the same grant is sent again
 *   after a lost answer (the server then gives the time once);
 * - "Reset pitch…" (once it has started): a required reason and a confirmation → `POST …/pitch/reset`.
 * Refusals are said in the reader's language from their code (lib/errors.js). An open form
 * survives live updates and language changes.
 *
 * Data down: `token`, `sessionId`, `groups` (`{ id, name, candidates? }[]`), `archived` (no
 * commands then). Methods: `setPitch(pitch)` (a live `pitch` event), `reload()` (after
 * `hello`). Events up: `atelier-refresh` with `detail: { what: 'audit' }` after a command.
 * Hooks: `li[data-group-id][data-state][data-limit-ms][data-extra-seconds]`, buttons
 * `[data-action="extra-time"|"reset-pitch"|"cancel"]`, forms `form[data-form="extra-time"|"reset-pitch"]`
 * with `.form-status`; the reset's confirmation is `dialog[data-dialog="reset-pitch"]`.
 */
export class AtelierPitchLinks extends HTMLElement {
  /** @type {string} */
  token = ''
  #sessionId = ''
  /** @type {PitchGroup[]} */
  #groups = []
  #archived = false
  /** @type {Map<string, PitchWithExtra>} */
  #pitches = new Map()
  /** @type {Map<string, string>} group → why its pitch could not be read */
  #loadErrors = new Map()
  /** @type {OpenForm | null} */
  #open = null
  /** @type {string} the open form's refusal, or '' */
  #formError = ''
  /** @type {Map<string, string>} group → the last command's outcome, in words */
  #done = new Map()
  #busy = false
  /** @type {{ group: string, seconds: number, candidate: string, reason: string, key: string } | null} a grant whose answer was lost */
  #unsent = null
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {string} id */
  set sessionId(id) {
    if (id === this.#sessionId) return
    this.#sessionId = id
    this.#pitches.clear()
    this.#render()
    void this.reload()
  }

  /** @param {PitchGroup[]} groups */
  set groups(groups) {
    const slim = (/** @type {PitchGroup[]} */ list) => JSON.stringify(list.map((g) => [g.id, g.name, (g.candidates ?? []).map((c) => [c.id, c.name])]))
    const same = slim(groups) === slim(this.#groups)
    const known = new Set(this.#groups.map((g) => g.id))
    this.#groups = groups
    if (same) return
    this.#render()
    const added = groups.filter((g) => !known.has(g.id)).map((g) => g.id)
    if (added.length) void this.#load(added)
  }

  /** @param {boolean} archived */
  set archived(archived) {
    if (archived === this.#archived) return
    this.#archived = archived
    if (archived) this.#open = null
    this.#render()
  }

  /**
   * A group's pitch as the server now has it (a live `pitch` event, or a command's answer).
   * @param {PitchWithExtra} pitch
   */
  setPitch(pitch) {
    if (!pitch || typeof pitch !== 'object' || typeof pitch.group !== 'string') return
    this.#pitches.set(pitch.group, pitch)
    this.#loadErrors.delete(pitch.group)
    this.#renderRow(pitch.group)
  }

  /** Reads every group's pitch again (the live channel's snapshot has none). */
  async reload() {
    await this.#load(this.#groups.map((g) => g.id))
  }

  connectedCallback() {
    this.addEventListener('click', this.#onClick)
    this.addEventListener('submit', this.#onSubmit)
    this.addEventListener('keydown', this.#onKey)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('submit', this.#onSubmit)
    this.removeEventListener('keydown', this.#onKey)
    this.#stopLanguage?.()
  }

  /** @param {string[]} groupIds */
  async #load(groupIds) {
    if (!this.#sessionId || !this.token || groupIds.length === 0) return
    const sessionId = this.#sessionId
    await Promise.all(
      groupIds.map(async (id) => {
        try {
          const pitch = await api(pitchPath(sessionId, id), { token: this.token })
          if (sessionId === this.#sessionId) this.setPitch(pitch)
        } catch (error) {
          if (sessionId !== this.#sessionId || this.#pitches.has(id)) return
          this.#loadErrors.set(id, errorText(error))
          this.#renderRow(id)
        }
      }),
    )
  }

  /** The whole card; an open form keeps what was typed in it. */
  #render() {
    if (!this.isConnected) return
    const kept = this.#formValues()
    const session = encodeURIComponent(this.#sessionId)
    keepFocus(this, () =>
      render(
        this,
        html`<div class="section-header">
            <h2>${t('pitchLinks.title')}</h2>
            <div class="actions"><a class="button-link" href="${`/#/results/${session}`}">${t('pitchLinks.results')}</a></div>
          </div>
          <p class="help">${t('pitchLinks.help')}</p>
          <ul class="pitch-links">
            ${this.#groups.map(
              (group) => html`<li data-group-id="${group.id}">
                <div class="pitch-line">
                  <span class="pitch-group">${group.name}</span>
                  <span class="pitch-summary muted"></span>
                  <span class="pitch-actions">
                    <a href="${`/#/stage/${session}/${encodeURIComponent(group.id)}`}" target="_blank" rel="noopener">${t('pitchLinks.stage')}</a>
                  </span>
                </div>
                <ul class="pitch-grants" aria-label="${t('pitchLinks.grantsLabel', { group: group.name })}"></ul>
                <div class="pitch-form-slot"></div>
                <p class="pitch-done" role="status"></p>
              </li>`,
            )}
          </ul>`,
      ),
    )
    for (const group of this.#groups) this.#renderRow(group.id)
    if (kept) this.#restoreFormValues(kept)
  }

  /**
   * One group's state, grants and commands, and its form when one is open.
   * @param {string} groupId
   */
  #renderRow(groupId) {
    const row = this.querySelector(`li[data-group-id="${CSS.escape(groupId)}"]`)
    const group = this.#groups.find((g) => g.id === groupId)
    if (!(row instanceof HTMLElement) || !group) return
    const pitch = this.#pitches.get(groupId) ?? null
    const grants = pitch?.extraTime ?? []
    const extraSeconds = grants.reduce((sum, g) => sum + (Number(g.seconds) || 0), 0)
    row.dataset.state = pitch?.state ?? (this.#loadErrors.has(groupId) ? 'unknown' : 'loading')
    row.dataset.limitMs = String(pitch?.limitMs ?? '')
    row.dataset.extraSeconds = String(extraSeconds)
    const summary = row.querySelector('.pitch-summary')
    if (summary) {
      const error = this.#loadErrors.get(groupId)
      render(
        summary,
        pitch
          ? html`${stateText(pitch.state)} · ${t('pitchLinks.limit', { time: formatDuration(pitch.limitMs) })}${extraSeconds > 0
              ? html` ${t('pitchLinks.extraTotal', { time: formatDuration(extraSeconds * 1000) })}`
              : ''}`
          : error
            ? html`${t('pitchLinks.loadFailed', { message: error })}`
            : html`${t('common.loading')}`,
      )
    }
    const list = row.querySelector('.pitch-grants')
    if (list instanceof HTMLElement) {
      list.hidden = grants.length === 0
      render(
        list,
        html`${grants.map(
          (grant) => html`<li>${t('pitchLinks.grant', { time: formatDuration(grant.seconds * 1000), who: this.#who(group, grant.candidate), reason: grant.reason })}</li>`,
        )}`,
      )
    }
    const actions = row.querySelector('.pitch-actions')
    if (actions) {
      const open = this.#open?.group === groupId ? this.#open.kind : null
      const canGrant = pitch?.state === 'not-started' && !this.#archived
      const canReset = (pitch?.state === 'running' || pitch?.state === 'stopped') && !this.#archived
      const hidden = html`<span class="visually-hidden"> (${group.name})</span>`
      keepFocus(actions, () =>
        render(
          actions,
          html`<a href="${`/#/stage/${encodeURIComponent(this.#sessionId)}/${encodeURIComponent(group.id)}`}" target="_blank" rel="noopener">${t('pitchLinks.stage')}</a>
            ${canGrant
              ? html`<button type="button" class="secondary small" data-action="extra-time" aria-expanded="${String(open === 'extra-time')}">${t('pitchLinks.extraTime')}${hidden}</button>`
              : ''}
            ${canReset
              ? html`<button type="button" class="secondary small" data-action="reset-pitch" aria-expanded="${String(open === 'reset-pitch')}">${t('pitchLinks.reset')}${hidden}</button>`
              : ''}`,
        ),
      )
    }
    const done = row.querySelector('.pitch-done')
    if (done instanceof HTMLElement) {
      const text = this.#done.get(groupId) ?? ''
      done.hidden = !text
      done.textContent = text
    }
    this.#renderForm(groupId)
  }

  /**
   * The open form of a group (nothing when none is open for it). Rendered only when it opens
   * or the page's language changes, so what is typed stays.
   * @param {string} groupId
   */
  #renderForm(groupId) {
    const row = this.querySelector(`li[data-group-id="${CSS.escape(groupId)}"]`)
    const slot = row?.querySelector('.pitch-form-slot')
    const group = this.#groups.find((g) => g.id === groupId)
    if (!(slot instanceof HTMLElement) || !group) return
    const kind = this.#open?.group === groupId ? this.#open.kind : null
    const shown = slot.querySelector('form')?.dataset.form ?? null
    if (kind === shown && shown !== null && slot.dataset.lang === document.documentElement.lang) {
      this.#renderFormStatus(slot)
      return
    }
    slot.dataset.lang = document.documentElement.lang
    if (!kind) {
      render(slot, html``)
      return
    }
    const id = `pitch-form-${groupId.replace(/[^A-Za-z0-9_-]/g, '_')}`
    if (kind === 'extra-time') {
      const pitch = this.#pitches.get(groupId)
      const extra = (pitch?.extraTime ?? []).reduce((sum, g) => sum + (Number(g.seconds) || 0), 0)
      const baseMs = Math.max(0, (pitch?.limitMs ?? 0) - extra * 1000)
      const third = Math.ceil(baseMs / 3000) * 1000
      render(
        slot,
        html`<form class="pitch-form" data-form="extra-time" aria-labelledby="${`${id}-title`}" novalidate>
          <h3 id="${`${id}-title`}">${t('pitchLinks.extraTitle', { group: group.name })}</h3>
          <p class="help">${t('pitchLinks.extraHelp', { base: formatDuration(baseMs), third: formatDuration(third) })}</p>
          <fieldset class="pitch-duration">
            <legend>${t('pitchLinks.duration')}</legend>
            <label>${t('pitchLinks.minutes')} <input name="minutes" type="number" min="0" max="10080" step="1" inputmode="numeric" /></label>
            <label>${t('pitchLinks.seconds')} <input name="seconds" type="number" min="0" max="59" step="1" inputmode="numeric" value="0" /></label>
          </fieldset>
          <label>${t('pitchLinks.candidate')}
            <select name="candidate">
              <option value="">${t('pitchLinks.wholeGroup')}</option>
              ${(group.candidates ?? []).map((c) => html`<option value="${c.id}">${c.name}</option>`)}
            </select>
          </label>
          <label>${t('pitchLinks.reason')} <input name="reason" required maxlength="500" autocomplete="off" /></label>
          <p class="form-status" role="status"></p>
          <div class="form-actions">
            <button type="submit">${t('pitchLinks.grantSubmit')}</button>
            <button type="button" class="secondary" data-action="cancel">${t('confirm.cancel')}</button>
          </div>
        </form>`,
      )
    } else {
      render(
        slot,
        html`<form class="pitch-form" data-form="reset-pitch" aria-labelledby="${`${id}-title`}" novalidate>
          <h3 id="${`${id}-title`}">${t('pitchLinks.resetTitle', { group: group.name })}</h3>
          <p class="help">${t('pitchLinks.resetHelp')}</p>
          <label>${t('pitchLinks.resetReason')} <input name="reason" required maxlength="500" autocomplete="off" /></label>
          <p class="form-status" role="status"></p>
          <div class="form-actions">
            <button type="submit" class="critical">${t('pitchLinks.resetSubmit')}</button>
            <button type="button" class="secondary" data-action="cancel">${t('confirm.cancel')}</button>
          </div>
        </form>`,
      )
    }
    this.#renderFormStatus(slot)
  }

  /** @param {Element} slot */
  #renderFormStatus(slot) {
    const status = slot.querySelector('.form-status')
    if (!(status instanceof HTMLElement)) return
    status.className = `form-status${this.#formError ? ' notice error' : ''}`
    status.setAttribute('role', this.#formError ? 'alert' : 'status')
    status.textContent = this.#formError
    const submit = slot.querySelector('button[type="submit"]')
    if (submit instanceof HTMLButtonElement) submit.disabled = this.#busy
  }

  /**
   * A grant's beneficiary in words: a candidate by name, or the whole group.
   * @param {PitchGroup} group
   * @param {string | null | undefined} candidate
   * @returns {string}
   */
  #who(group, candidate) {
    if (!candidate) return t('pitchLinks.wholeGroup')
    return group.candidates?.find((c) => c.id === candidate)?.name ?? candidate
  }

  /** @returns {{ values: Record<string, string>, focus: string | null } | null} the open form's fields */
  #formValues() {
    const form = this.querySelector('form.pitch-form')
    if (!(form instanceof HTMLFormElement)) return null
    /** @type {Record<string, string>} */
    const values = {}
    for (const el of Array.from(form.elements)) {
      if ((el instanceof HTMLInputElement || el instanceof HTMLSelectElement) && el.name) values[el.name] = el.value
    }
    const active = document.activeElement
    const focus = active instanceof HTMLInputElement || active instanceof HTMLSelectElement ? (form.contains(active) ? active.name : null) : null
    return { values, focus }
  }

  /** @param {{ values: Record<string, string>, focus: string | null }} kept */
  #restoreFormValues(kept) {
    const form = this.querySelector('form.pitch-form')
    if (!(form instanceof HTMLFormElement)) return
    for (const [name, value] of Object.entries(kept.values)) {
      const el = form.elements.namedItem(name)
      if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement) el.value = value
    }
    if (kept.focus) {
      const el = form.elements.namedItem(kept.focus)
      if (el instanceof HTMLElement) el.focus()
    }
  }

  /**
   * Opens a group's form (closing any other) and puts the focus in its first field.
   * @param {OpenForm | null} next
   * @param {{ focusBack?: boolean }} [options]
   */
  #setOpen(next, options = {}) {
    const focusBack = options.focusBack ?? false
    const before = this.#open
    this.#open = next
    this.#formError = ''
    if (before && before.group !== next?.group) this.#renderRow(before.group)
    if (next) {
      this.#done.delete(next.group)
      this.#renderRow(next.group)
      const field = this.querySelector(`li[data-group-id="${CSS.escape(next.group)}"] form.pitch-form input`)
      if (field instanceof HTMLInputElement) field.focus()
    } else if (before && focusBack) {
      this.#focusRow(before.group, before.kind)
    }
  }

  /**
   * Puts the focus back on a group's command (the one named, else the first there is).
   * @param {string} groupId
   * @param {string} [action]
   */
  #focusRow(groupId, action) {
    const row = this.querySelector(`li[data-group-id="${CSS.escape(groupId)}"]`)
    const target = (action && row?.querySelector(`button[data-action="${action}"]`)) || row?.querySelector('.pitch-actions button, .pitch-actions a')
    if (target instanceof HTMLElement) target.focus()
  }

  /** @param {Event} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null
    if (!(button instanceof HTMLButtonElement)) return
    const groupId = button.closest('li[data-group-id]')?.getAttribute('data-group-id') ?? ''
    const action = button.dataset.action
    if (action === 'cancel') {
      this.#setOpen(null, { focusBack: true })
    } else if (action === 'extra-time' || action === 'reset-pitch') {
      const same = this.#open?.group === groupId && this.#open.kind === action
      this.#setOpen(same ? null : { group: groupId, kind: action }, { focusBack: same })
    }
  }

  /** @param {KeyboardEvent} event Escape in a form closes it */
  #onKey = (event) => {
    if (event.key !== 'Escape' || !(event.target instanceof Element) || !event.target.closest('form.pitch-form')) return
    event.preventDefault()
    this.#setOpen(null, { focusBack: true })
  }

  /** @param {SubmitEvent} event */
  #onSubmit = (event) => {
    const form = event.target instanceof HTMLFormElement && event.target.classList.contains('pitch-form') ? event.target : null
    if (!form) return
    event.preventDefault()
    const groupId = form.closest('li[data-group-id]')?.getAttribute('data-group-id') ?? ''
    if (this.#busy || !groupId) return
    if (form.dataset.form === 'extra-time') void this.#grant(form, groupId)
    else if (form.dataset.form === 'reset-pitch') void this.#reset(form, groupId)
  }

  /**
   * Says what is wrong with a field in words, and focuses it.
   * @param {HTMLFormElement} form
   * @param {string} name
   * @param {string} message
   */
  #refuseField(form, name, message) {
    this.#formError = message
    this.#renderFormStatus(form)
    const field = form.elements.namedItem(name)
    if (field instanceof HTMLElement) field.focus()
  }

  /**
   * @param {HTMLFormElement} form
   * @param {string} groupId
   */
  async #grant(form, groupId) {
    const data = new FormData(form)
    const minutes = Number(data.get('minutes') || 0)
    const secs = Number(data.get('seconds') || 0)
    const seconds = Math.round(minutes * 60 + secs)
    const candidate = String(data.get('candidate') ?? '')
    const reason = String(data.get('reason') ?? '').trim()
    if (!Number.isFinite(seconds) || minutes < 0 || secs < 0 || seconds < 1) return this.#refuseField(form, 'minutes', t('pitchLinks.tooShort'))
    if (seconds > MAX_EXTRA_SECONDS) return this.#refuseField(form, 'minutes', t('pitchLinks.tooLong'))
    if (!reason) return this.#refuseField(form, 'reason', t('pitchLinks.reasonMissing'))
    // The same grant sent again after a lost answer reuses its key: the server gives the time once.
    const unsent = this.#unsent
    const same = unsent && unsent.group === groupId && unsent.seconds === seconds && unsent.candidate === candidate && unsent.reason === reason
    const key = same ? unsent.key : requestKey()
    this.#unsent = { group: groupId, seconds, candidate, reason, key }
    const body = { seconds, reason, ...(candidate ? { candidate } : {}) }
    const ok = await this.#send(form, groupId, 'extra-time', body, { 'Idempotency-Key': key })
    if (ok) {
      this.#unsent = null
      const group = this.#groups.find((g) => g.id === groupId)
      const limit = this.#pitches.get(groupId)?.limitMs ?? 0
      this.#done.set(
        groupId,
        t('pitchLinks.granted', {
          who: group ? this.#who(group, candidate) : candidate,
          time: formatDuration(seconds * 1000),
          group: group?.name ?? groupId,
          limit: formatDuration(limit),
        }),
      )
      this.#setOpen(null)
      this.#renderRow(groupId)
      this.#focusRow(groupId, 'extra-time')
    }
  }

  /**
   * @param {HTMLFormElement} form
   * @param {string} groupId
   */
  async #reset(form, groupId) {
    const reason = String(new FormData(form).get('reason') ?? '').trim()
    if (!reason) return this.#refuseField(form, 'reason', t('pitchLinks.reasonMissing'))
    const name = this.#groups.find((g) => g.id === groupId)?.name ?? groupId
    const confirmed = await confirmStep({
      title: t('pitchLinks.resetConfirmTitle', { group: name }),
      body: t('pitchLinks.resetConfirmBody'),
      confirm: t('pitchLinks.resetConfirm'),
      name: 'reset-pitch',
      critical: true,
    })
    if (!confirmed || !form.isConnected) return
    if (await this.#send(form, groupId, 'reset', { reason })) {
      this.#done.set(groupId, t('pitchLinks.resetDone', { group: name }))
      this.#setOpen(null)
      this.#renderRow(groupId)
      this.#focusRow(groupId)
    }
  }

  /**
   * Sends a pitch command; its answer is the pitch. A refusal shows in the form, in words.
   * @param {HTMLFormElement} form
   * @param {string} groupId
   * @param {'extra-time' | 'reset'} command
   * @param {object} body
   * @param {Record<string, string>} [headers]
   * @returns {Promise<boolean>} whether the server took it
   */
  async #send(form, groupId, command, body, headers) {
    this.#busy = true
    this.#formError = ''
    this.#renderFormStatus(form)
    try {
      const pitch = await api(pitchPath(this.#sessionId, groupId, `/pitch/${command}`), { token: this.token, method: 'POST', body, headers })
      if (pitch && typeof pitch === 'object' && pitch.group === groupId) this.setPitch(pitch)
      this.dispatchEvent(new CustomEvent('atelier-refresh', { bubbles: true, detail: { what: 'audit' } }))
      return true
    } catch (error) {
      // A refusal was an answer: the next send is a new grant. Only a lost answer keeps the key.
      if (command === 'extra-time' && error instanceof APIError && error.status !== 0 && error.status < 500) this.#unsent = null
      const code = error instanceof APIError ? error.code : ''
      this.#formError = codeText(`${command}.${code}`) ?? errorText(error)
      return false
    } finally {
      this.#busy = false
      if (form.isConnected) this.#renderFormStatus(form)
    }
  }
}

/**
 * A pitch's state in words.
 * @param {string} state
 * @returns {string}
 */
function stateText(state) {
  if (state === 'running') return t('pitchLinks.state.running')
  if (state === 'stopped') return t('pitchLinks.state.stopped')
  return t('pitchLinks.state.notStarted')
}

customElements.define('atelier-pitch-links', AtelierPitchLinks)
