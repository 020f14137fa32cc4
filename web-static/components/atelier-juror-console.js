import { APIError, api, requestKey, seg } from '../lib/api.js'
import { errorText } from '../lib/errors.js'
import { html, render } from '../lib/html.js'
import { liveLabels, localized, onLanguageChange, setTimeZone, signedInText, t } from '../lib/i18n.js'
import { LiveChannel } from '../lib/live.js'
import { pitchPath, pitchThresholds, qaThresholds, upsertEntry } from '../lib/pitch.js'
import { loadRubric } from '../lib/rubric.js'
import './atelier-connection-status.js'
import './atelier-deliberation.js'
import './atelier-pitch-timer.js'
import './atelier-qa-log.js'
import './atelier-score-sheet.js'

/**
 * A juror's home at `/` (after `/join/{token}`): one tab per group (`#/groups/{gid}` in the
 * address), and for the selected group the pitch timer with Start / Stop (and the Q&A's), the
 * Q&A log (one keystroke per kind: q, o, r), the score sheet with its per-candidate
 * overrides, and the declaration of a conflict of interest; then a "Deliberation" tab
 * (`#/deliberation`: components/atelier-deliberation.js). Everything follows the live
 * channel (`pitch`, `qa`, `scores`, `timer`, `deliberation`); commands are HTTP calls whose
 * refusals are shown where they were given. Once the jury's record is signed, the sheet and
 * the Q&A log are read-only.
 *
 * Data down: `token`, `me` (`GET /api/v1/me`). Events up: `atelier-sign-out`. Mirrors
 * `data-group` (the selected group), `data-view` (`group`, `deliberation`), `data-closed`,
 * `data-live`, and per tab `a[data-group-id][data-submitted]`.
 */
export class AtelierJurorConsole extends HTMLElement {
  /** @type {string} */
  token = ''
  /** @type {import('./atelier-home.js').Me & { id?: string, jurorId?: string } | null} */
  me = null

  /** @type {any} */
  #session = null
  /** @type {import('../lib/pitch.js').Rubric | null} */
  #rubric = null
  /** @type {Map<string, import('../lib/pitch.js').PitchView>} */
  #pitches = new Map()
  /** @type {Map<string, import('../lib/pitch.js').ScoreSheet>} */
  #sheets = new Map()
  /** @type {Map<string, { jurors: { id: string, submitted: boolean | null }[], complete: boolean }>} */
  #status = new Map()
  /** @type {Map<string, Set<number>>} `${group}:${scope}` → the warnings received this run (seconds left) */
  #warnings = new Map()
  /** @type {LiveChannel | null} */
  #live = null
  #group = ''
  /** @type {{ group: string, kind: string, text: string, key: string } | null} the Q&A line last sent, until it is answered */
  #unsentQA = null
  /** @type {'group' | 'deliberation'} */
  #view = 'group'
  /** the jury's record is closed (signed): nothing of the jury's work changes */
  #closed = false
  /** @type {string | null} this juror's id in the jury (the sheet's `juror`; `/me` gives the invite id) */
  #jurorId = null
  /** @type {{ group: string, sheet: import('../lib/pitch.js').ScoreSheet | null | undefined }} what the sheet shows */
  #sheetShown = { group: '', sheet: undefined }
  /** @type {string} `${group}:${excluded}` the conflict card shows */
  #conflictShown = ''
  #connected = false
  /** @type {(() => void) | null} */
  #stopLanguage = null

  connectedCallback() {
    this.#connected = true
    this.addEventListener('click', this.#onClick)
    this.addEventListener('submit', this.#onSubmit)
    this.addEventListener('atelier-qa-log', this.#onQALog)
    this.addEventListener('atelier-qa-edit', this.#onQAEdit)
    this.addEventListener('atelier-scores-save', this.#onScoresSave)
    this.addEventListener('atelier-scores-submit', this.#onScoresSubmit)
    this.addEventListener('atelier-retry', this.#onRetry)
    this.addEventListener('atelier-deliberation-changed', this.#onDeliberation)
    window.addEventListener('hashchange', this.#onHash)
    this.#stopLanguage = onLanguageChange(() => {
      this.#conflictShown = ''
      this.#renderAll()
    })
    const session = this.me?.session
    if (!session) {
      render(this, html`<section class="card notice"><p>${t('home.noSession')}</p></section>`)
      return
    }
    this.#layout()
    this.#load(session.id)
  }

  disconnectedCallback() {
    this.#connected = false
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('submit', this.#onSubmit)
    this.removeEventListener('atelier-qa-log', this.#onQALog)
    this.removeEventListener('atelier-qa-edit', this.#onQAEdit)
    this.removeEventListener('atelier-scores-save', this.#onScoresSave)
    this.removeEventListener('atelier-scores-submit', this.#onScoresSubmit)
    this.removeEventListener('atelier-retry', this.#onRetry)
    this.removeEventListener('atelier-deliberation-changed', this.#onDeliberation)
    window.removeEventListener('hashchange', this.#onHash)
    this.#stopLanguage?.()
    this.#live?.stop()
    this.#live = null
  }

  /** @returns {string} the session id */
  get #sessionId() {
    return this.me?.session?.id ?? ''
  }

  /** @param {string} sessionId */
  async #load(sessionId) {
    try {
      this.#session = await api(`/sessions/${seg(sessionId)}`, { token: this.token })
      setTimeZone(this.#session?.timeZone)
      if (!this.#connected) return
      const [rubric] = await Promise.all([loadRubric(this.token, this.#session), this.#loadResults()])
      this.#rubric = rubric
    } catch (error) {
      if (!this.#connected) return
      this.#showError(error)
    }
    if (!this.#connected) return
    this.#view = this.#deliberationInHash() ? 'deliberation' : 'group'
    this.#group = this.#groupInHash() ?? this.#session?.groups?.[0]?.id ?? ''
    const deliberation = this.#part('deliberation')
    deliberation.session = this.#session
    deliberation.criteria = this.#rubric?.criteria ?? []
    this.#renderAll()
    this.#loadGroup(this.#group)
    const live = new LiveChannel({ sessionId, token: this.token })
    live.addEventListener('message', this.#onLiveMessage)
    live.addEventListener('state', this.#onLiveState)
    this.#live = live
    for (const timer of this.querySelectorAll('atelier-pitch-timer')) {
      /** @type {import('./atelier-pitch-timer.js').AtelierPitchTimer} */ (timer).clock = live.clock
    }
    this.#part('qa-log').clock = live.clock
    live.start()
  }

  async #loadResults() {
    const results = await api(`/sessions/${seg(this.#sessionId)}/results`, { token: this.token })
    for (const group of results?.groups ?? []) {
      this.#status.set(group.id, { jurors: group.jurors ?? [], complete: Boolean(group.complete) })
    }
  }

  /** @param {string} groupId */
  async #loadGroup(groupId) {
    if (!groupId) return
    const [pitch, sheet] = await Promise.allSettled([
      api(pitchPath(this.#sessionId, groupId), { token: this.token }),
      api(pitchPath(this.#sessionId, groupId, '/scores'), { token: this.token }),
    ])
    if (!this.#connected) return
    if (pitch.status === 'fulfilled') this.#pitches.set(groupId, pitch.value)
    if (sheet.status === 'fulfilled') {
      this.#sheets.set(groupId, sheet.value)
      if (typeof sheet.value?.juror === 'string') this.#jurorId = sheet.value.juror
    }
    if (groupId !== this.#group) return
    this.#renderGroup()
    if (pitch.status === 'rejected') this.#timerFeedback(pitch.reason)
    if (sheet.status === 'rejected') this.#part('score-sheet').feedback = { kind: 'error', text: messageOf(sheet.reason) }
  }

  /** @returns {boolean} whether the address shows the deliberation */
  #deliberationInHash() {
    return location.hash === '#/deliberation'
  }

  /** @returns {string | null} */
  #groupInHash() {
    const match = location.hash.match(/^#\/groups\/([^/]+)$/)
    if (!match) return null
    try {
      const id = decodeURIComponent(match[1])
      return this.#session?.groups?.some((/** @type {{ id: string }} */ g) => g.id === id) ? id : null
    } catch {
      return null
    }
  }

  #layout() {
    render(
      this,
      html`<header class="page-header">
          <div>
            <h1 class="session-title">${this.me?.session?.title ?? ''}</h1>
            <div class="who-slot"></div>
          </div>
          <atelier-connection-status></atelier-connection-status>
        </header>
        <nav class="group-tabs" aria-label="${t('jury.groups')}"></nav>
        <atelier-deliberation hidden></atelier-deliberation>
        <div class="jury-grid">
          <div class="jury-column">
            <section class="card jury-timer">
              <div class="section-header"><h2 class="timer-title"></h2><a class="stage-link" target="_blank" rel="noopener"></a></div>
              <div class="timer-row">
                <atelier-pitch-timer class="pitch-main"></atelier-pitch-timer>
                <atelier-pitch-timer class="qa-main"></atelier-pitch-timer>
              </div>
              <div class="timer-actions"></div>
              <div class="timer-feedback"></div>
            </section>
            <atelier-qa-log class="card"></atelier-qa-log>
          </div>
          <div class="jury-column">
            <atelier-score-sheet class="card"></atelier-score-sheet>
            <section class="card conflict-card"></section>
          </div>
        </div>`,
    )
    const status = this.#part('connection-status')
    status.labels = liveLabels()
    status.info = { state: 'connecting', lastClose: null }
    const deliberation = /** @type {import('./atelier-deliberation.js').AtelierDeliberation} */ (this.#part('deliberation'))
    deliberation.token = this.token
    deliberation.sessionId = this.#sessionId
    deliberation.mode = 'jury'
    deliberation.me = this.me
    void deliberation.reload()
  }

  /**
   * @param {string} name the element name without `atelier-`
   * @returns {any}
   */
  #part(name) {
    return this.querySelector(`atelier-${name}`) ?? {}
  }

  /** @param {unknown} error */
  #showError(error) {
    const slot = this.querySelector('.timer-feedback')
    if (slot) render(slot, html`<p class="notice error" role="alert">${t('common.error', { message: messageOf(error) })}</p>`)
  }

  #renderAll() {
    const who = this.querySelector('.who-slot')
    if (!who) return
    render(
      who,
      html`<p class="who">${signedInText(this.me)}
        <button type="button" class="secondary small" data-action="sign-out">${t('common.signOut')}</button></p>`,
    )
    this.#part('connection-status').labels = liveLabels()
    if (this.#session) document.title = `${t('jury.title')} · ${this.#session.title} · Atelier`
    this.#renderTabs()
    this.#renderGroup()
  }

  /** @returns {'yes' | 'no' | 'excluded'} whether this juror submitted for the group */
  #submitted(/** @type {string} */ groupId) {
    const status = this.#status.get(groupId)
    const me = this.#jurorId ?? this.me?.jurorId ?? this.me?.id
    const mine = status?.jurors.find((j) => j.id === me)
    if (status && this.#jurorId && !mine) return 'excluded'
    return this.#sheets.get(groupId)?.submittedAt != null || mine?.submitted ? 'yes' : 'no'
  }

  #renderTabs() {
    const nav = this.querySelector('.group-tabs')
    if (!nav) return
    this.dataset.group = this.#group
    this.dataset.view = this.#view
    this.dataset.closed = String(this.#closed)
    const inGroup = this.#view === 'group'
    render(
      nav,
      html`${(this.#session?.groups ?? []).map((/** @type {{ id: string, name: string }} */ group) => {
        const submitted = this.#submitted(group.id)
        const pitch = this.#pitches.get(group.id)
        return html`<a href="${`#/groups/${encodeURIComponent(group.id)}`}" class="group-tab" data-group-id="${group.id}"
          data-submitted="${submitted}" ${inGroup && group.id === this.#group ? html`aria-current="page"` : ''}>
          <span>${group.name}</span>
          ${pitch?.state === 'running' ? html`<span class="badge live-badge">${t('jury.live')}</span>` : ''}
          ${submitted === 'yes' ? html`<span class="badge writable">${t('jury.submitted')}</span>` : ''}
          ${submitted === 'excluded' ? html`<span class="badge locked">${t('jury.excluded')}</span>` : ''}
        </a>`
      })}
      <a href="#/deliberation" class="group-tab deliberation-tab" ${inGroup ? '' : html`aria-current="page"`}>
        <span>${t('delib.title')}</span>
        ${this.#closed ? html`<span class="badge writable">${t('delib.signedBadge')}</span>` : ''}
      </a>`,
    )
  }

  #renderGroup() {
    const deliberation = this.#part('deliberation')
    deliberation.hidden = this.#view !== 'deliberation'
    const grid = /** @type {HTMLElement | null} */ (this.querySelector('.jury-grid'))
    if (grid) grid.hidden = this.#view !== 'group'
    const groupId = this.#group
    const group = this.#session?.groups?.find((/** @type {{ id: string }} */ g) => g.id === groupId)
    if (!group) return
    const pitch = this.#pitches.get(groupId) ?? null
    const title = this.querySelector('.timer-title')
    if (title) render(title, html`${t('jury.pitchOf', { group: group.name })}`)
    const link = this.querySelector('.stage-link')
    if (link) {
      link.setAttribute('href', `/#/stage/${encodeURIComponent(this.#sessionId)}/${encodeURIComponent(groupId)}`)
      link.textContent = t('jury.openStage')
    }
    const main = /** @type {any} */ (this.querySelector('atelier-pitch-timer.pitch-main') ?? {})
    main.label = t('stage.pitchTimer')
    main.thresholds = pitchThresholds(this.#session, pitch?.limitMs)
    main.warnings = this.#warnings.get(`${groupId}:pitch`)?.size ?? 0
    main.timer = pitch
    const qa = /** @type {any} */ (this.querySelector('atelier-pitch-timer.qa-main') ?? {})
    qa.label = t('stage.qaTimer')
    qa.thresholds = qaThresholds(pitch?.qa?.limitMs)
    qa.warnings = this.#warnings.get(`${groupId}:qa`)?.size ?? 0
    qa.timer = pitch?.qa ?? null
    this.#renderTimerActions(pitch)

    const excluded = this.#submitted(groupId) === 'excluded'
    const log = this.#part('qa-log')
    // Who logged each line, by name: the other jurors, the facilitator, and "you".
    /** @type {Record<string, string>} */
    const names = { facilitator: t('role.facilitator') }
    for (const juror of /** @type {{ id: string, name: string }[]} */ (this.#session?.jurors ?? [])) names[juror.id] = juror.name
    if (this.#jurorId) names[this.#jurorId] = t('jury.you')
    log.jurorNames = names
    log.canLog = !excluded && !this.#closed
    log.entries = pitch?.qa?.entries ?? []

    const sheet = this.#part('score-sheet')
    sheet.hidden = excluded
    if (this.#rubric) {
      sheet.criteria = this.#rubric.criteria
      sheet.scale = this.#rubric.scale
    }
    sheet.candidates = Array.isArray(group.candidates) ? group.candidates : []
    sheet.closed = this.#closed
    sheet.overtimeMs = pitch?.state === 'stopped' ? pitch.overtimeMs : null
    const current = this.#sheets.get(groupId) ?? null
    if (this.#sheetShown.group !== groupId || this.#sheetShown.sheet !== current) {
      if (this.#sheetShown.group !== groupId) sheet.feedback = null
      this.#sheetShown = { group: groupId, sheet: current }
      sheet.sheet = current
    }
    this.#renderConflict(excluded)
  }

  /** @param {import('../lib/pitch.js').PitchView | null} pitch */
  #renderTimerActions(pitch) {
    const slot = this.querySelector('.timer-actions')
    if (!slot) return
    render(
      slot,
      pitch
        ? html`${pitch.state === 'not-started' ? html`<button type="button" data-command="pitch/start">${t('pitch.start')}</button>` : ''}
            ${pitch.state === 'running' ? html`<button type="button" class="critical" data-command="pitch/stop">${t('pitch.stop')}</button>` : ''}
            ${pitch.state === 'stopped' && pitch.qa?.state === 'not-started' ? html`<button type="button" data-command="qa/start">${t('pitch.startQA')}</button>` : ''}
            ${pitch.qa?.state === 'running' ? html`<button type="button" class="critical" data-command="qa/stop">${t('pitch.stopQA')}</button>` : ''}
            ${pitch.state === 'running' && typeof pitch.currentSlide === 'number'
              ? html`<span class="muted">${t('stage.slideOf', { n: pitch.currentSlide + 1, count: pitch.slideCount ?? 0 })}</span>`
              : ''}`
        : html`<span class="loading">${t('common.loading')}</span>`,
    )
  }

  /** @param {boolean} excluded */
  #renderConflict(excluded) {
    const card = this.querySelector('.conflict-card')
    const key = `${this.#group}:${excluded}`
    if (!card || key === this.#conflictShown) return
    this.#conflictShown = key
    render(
      card,
      excluded
        ? html`<p class="notice info">${t('jury.excludedHelp')}</p>`
        : html`<details class="conflict">
            <summary>${t('jury.conflict')}</summary>
            <form class="conflict-form stack">
              <p class="help">${t('jury.conflictHelp')}</p>
              <label class="field">${t('jury.conflictReason')}<input name="reason" type="text" maxlength="500" /></label>
              <button type="submit" class="critical">${t('jury.conflictSubmit')}</button>
            </form>
          </details>`,
    )
  }

  /** @param {unknown} error */
  #timerFeedback(error) {
    const slot = this.querySelector('.timer-feedback')
    if (!slot) return
    render(slot, error ? html`<p class="notice error" role="alert">${messageOf(error)}</p>` : html``)
  }

  /** @param {import('../lib/pitch.js').PitchView} pitch */
  #setPitch(pitch) {
    const previous = this.#pitches.get(pitch.group)
    if (pitch.state === 'running' && previous?.state !== 'running') this.#warnings.delete(`${pitch.group}:pitch`)
    if (pitch.qa?.state === 'running' && previous?.qa?.state !== 'running') this.#warnings.delete(`${pitch.group}:qa`)
    this.#pitches.set(pitch.group, pitch)
    if (previous?.state !== pitch.state) this.#renderTabs()
    if (pitch.group === this.#group) this.#renderGroup()
  }

  /** @param {string} command `pitch/start`, `pitch/stop`, `qa/start`, `qa/stop` */
  async #command(command) {
    const groupId = this.#group
    this.#timerFeedback(null)
    try {
      const view = await api(pitchPath(this.#sessionId, groupId, `/${command}`), { token: this.token, method: 'POST' })
      if (view?.group) this.#setPitch(view)
    } catch (error) {
      this.#timerFeedback(error)
    }
  }

  /** @param {Event} event */
  #onQALog = async (event) => {
    const { kind, text } = /** @type {CustomEvent<{ kind: string, text: string }>} */ (event).detail
    const groupId = this.#group
    const log = this.#part('qa-log')
    log.error = null
    // Sending the same line again after a lost answer reuses its key: the server logs it once.
    const unsent = this.#unsentQA
    const key = unsent && unsent.group === groupId && unsent.kind === kind && unsent.text === text ? unsent.key : requestKey()
    this.#unsentQA = { group: groupId, kind, text, key }
    try {
      const entry = await api(pitchPath(this.#sessionId, groupId, '/qa'), {
        token: this.token,
        method: 'POST',
        body: { kind, text },
        headers: { 'Idempotency-Key': key },
      })
      this.#unsentQA = null
      log.logged()
      const pitch = this.#pitches.get(groupId)
      if (pitch && entry) this.#setPitch(upsertEntry(pitch, entry))
    } catch (error) {
      // A refusal was an answer: the next send is a new request. Only a lost answer keeps the key.
      if (!(error instanceof APIError) || (error.status !== 0 && error.status < 500)) this.#unsentQA = null
      log.error = messageOf(error)
    }
  }

  /** @param {Event} event */
  #onQAEdit = async (event) => {
    const { id, changes } = /** @type {CustomEvent<{ id: string, changes: object }>} */ (event).detail
    const groupId = this.#group
    const log = this.#part('qa-log')
    log.error = null
    try {
      const entry = await api(pitchPath(this.#sessionId, groupId, `/qa/${seg(id)}`), { token: this.token, method: 'PATCH', body: changes })
      const pitch = this.#pitches.get(groupId)
      if (pitch && entry) this.#setPitch(upsertEntry(pitch, entry))
    } catch (error) {
      log.error = messageOf(error)
    }
  }

  /**
   * Saves the sheet: each candidate's changed overrides (`PUT …/candidates/{cid}/scores`),
   * then the group sheet (`PUT …/scores`, whose answer carries the overrides too).
   * @param {Record<string, unknown>} scores
   * @param {Record<string, Record<string, unknown>>} overrides candidate id → criterion → entry
   * @param {number} [version] the sheet's edit count when the save was asked
   * @returns {Promise<boolean>}
   */
  async #save(scores, overrides = {}, version) {
    const groupId = this.#group
    const sheetEl = this.#part('score-sheet')
    for (const [candidate, entries] of Object.entries(overrides)) {
      await api(pitchPath(this.#sessionId, groupId, `/candidates/${seg(candidate)}/scores`), { token: this.token, method: 'PUT', body: { scores: entries } })
    }
    const sheet = await api(pitchPath(this.#sessionId, groupId, '/scores'), { token: this.token, method: 'PUT', body: { scores } })
    if (sheet) this.#sheets.set(groupId, sheet)
    // Saved for the group it was sent for; the sheet on screen may by now be another group's.
    if (groupId === this.#group) sheetEl.saved(version)
    return true
  }

  /** @param {Event} event a draft to save: the juror's button, or on its own (`auto`) */
  #onScoresSave = async (event) => {
    const { scores, overrides, version, auto } =
      /** @type {CustomEvent<{ scores: Record<string, unknown>, overrides: Record<string, Record<string, unknown>>, version?: number, auto?: boolean }>} */ (event).detail
    const sheetEl = this.#part('score-sheet')
    if (!auto) sheetEl.busy = true
    try {
      await this.#save(scores, overrides, version)
      // An automatic save leaves the sheet as it is on screen (the juror may be typing).
      if (!auto) this.#renderGroup()
      sheetEl.feedback = { kind: 'ok', text: t(auto ? 'sheet.savedAuto' : 'sheet.savedDraft') }
    } catch (error) {
      sheetEl.feedback = { kind: 'error', text: messageOf(error, this.#rubric) }
    } finally {
      if (!auto) sheetEl.busy = false
    }
  }

  /** @param {Event} event */
  #onScoresSubmit = async (event) => {
    const { scores, overrides, version } =
      /** @type {CustomEvent<{ scores: Record<string, unknown>, overrides: Record<string, Record<string, unknown>>, version?: number }>} */ (event).detail
    const groupId = this.#group
    const sheetEl = this.#part('score-sheet')
    sheetEl.busy = true
    try {
      await this.#save(scores, overrides, version)
      const sheet = await api(pitchPath(this.#sessionId, groupId, '/scores/submit'), { token: this.token, method: 'POST' })
      if (sheet) this.#sheets.set(groupId, sheet)
      this.#renderGroup()
      this.#renderTabs()
      sheetEl.feedback = { kind: 'ok', text: t('sheet.submittedOk') }
    } catch (error) {
      this.#renderGroup()
      sheetEl.feedback = { kind: 'error', text: messageOf(error, this.#rubric) }
    } finally {
      sheetEl.busy = false
    }
  }

  /** @param {Event} event */
  #onSubmit = async (event) => {
    const form = event.target instanceof HTMLFormElement ? event.target : null
    if (!form?.classList.contains('conflict-form')) return
    event.preventDefault()
    const reason = /** @type {HTMLInputElement} */ (form.elements.namedItem('reason')).value.trim()
    try {
      await api(pitchPath(this.#sessionId, this.#group, '/conflict'), { token: this.token, method: 'POST', body: reason ? { reason } : {} })
      await this.#loadResults()
      this.#renderTabs()
      this.#renderGroup()
    } catch (error) {
      const card = this.querySelector('.conflict-form')
      card?.insertAdjacentHTML('beforeend', '<p class="notice error" role="alert"></p>')
      const note = card?.lastElementChild
      if (note) note.textContent = messageOf(error)
    }
  }

  /** @param {Event} event */
  #onClick = (event) => {
    const target = event.target instanceof Element ? event.target : null
    if (target?.closest('[data-action="sign-out"]')) {
      this.dispatchEvent(new CustomEvent('atelier-sign-out', { bubbles: true }))
      return
    }
    const button = target?.closest('button[data-command]')
    if (button instanceof HTMLButtonElement) this.#command(button.dataset.command ?? '')
  }

  #onHash = () => {
    if (this.#deliberationInHash()) {
      if (this.#view === 'deliberation') return
      this.#view = 'deliberation'
      this.#renderTabs()
      this.#renderGroup()
      void this.#part('deliberation').reload?.()
      return
    }
    const id = this.#groupInHash()
    if (!id || (id === this.#group && this.#view === 'group')) return
    const changed = id !== this.#group
    // What the juror picked on this group's sheet is saved before another group's is shown.
    if (changed && this.#view === 'group') this.#part('score-sheet').flush?.()
    this.#view = 'group'
    this.#group = id
    this.#timerFeedback(null)
    this.#renderTabs()
    this.#renderGroup()
    if (changed) this.#loadGroup(id)
  }

  /** @param {Event} event the deliberation changed (here or live): is the record closed? */
  #onDeliberation = (event) => {
    const view = /** @type {CustomEvent<{ deliberation: import('../lib/assessment.js').DeliberationView }>} */ (event).detail.deliberation
    const closed = typeof view?.closedVersion === 'number'
    if (closed === this.#closed) return
    this.#closed = closed
    this.#renderTabs()
    this.#renderGroup()
    // Reopened: the sheet may be written again (a submitted sheet stays submitted).
    if (!closed) this.#loadGroup(this.#group)
  }

  #onRetry = () => {
    this.#live?.start()
  }

  /** @param {Event} event */
  #onLiveMessage = async (event) => {
    const message = /** @type {CustomEvent<any>} */ (event).detail
    switch (message.type) {
      case 'hello':
        if (message.session) this.#session = { ...this.#session, ...message.session }
        setTimeZone(this.#session?.timeZone)
        try {
          await this.#loadResults()
        } catch {
          // keep the last status
        }
        this.#loadGroup(this.#group)
        this.#renderTabs()
        void this.#part('deliberation').reload?.()
        break
      case 'deliberation':
        if (message.deliberation) this.#part('deliberation').deliberation = message.deliberation
        break
      case 'pitch':
        if (typeof message.group === 'string' && message.pitch) this.#setPitch(message.pitch)
        break
      case 'qa': {
        const pitch = this.#pitches.get(message.group)
        if (pitch && message.entry) this.#setPitch(upsertEntry(pitch, message.entry))
        break
      }
      case 'scores':
        if (typeof message.group === 'string' && Array.isArray(message.jurors)) {
          this.#status.set(message.group, { jurors: message.jurors, complete: Boolean(message.complete) })
          this.#renderTabs()
          if (message.group === this.#group) this.#renderConflict(this.#submitted(this.#group) === 'excluded')
          void this.#part('deliberation').reload?.()
        }
        break
      case 'timer':
        if ((message.scope === 'pitch' || message.scope === 'qa') && message.kind === 'warning' && typeof message.group === 'string') {
          const key = `${message.group}:${message.scope}`
          const seen = this.#warnings.get(key) ?? new Set()
          seen.add(Number.isFinite(message.secondsLeft) ? message.secondsLeft : Math.round(Number(message.remainingMs) / 1000))
          this.#warnings.set(key, seen)
          if (message.group === this.#group) this.#renderGroup()
        }
        break
    }
  }

  /** @param {Event} event */
  #onLiveState = (event) => {
    const info = /** @type {CustomEvent<import('../lib/live.js').LiveInfo>} */ (event).detail
    this.dataset.live = info.state
    this.#part('connection-status').info = info
  }
}

/**
 * A refusal in the reader's language, criteria named by their labels (lib/errors.js).
 * @param {unknown} error
 * @param {import('../lib/pitch.js').Rubric | null} [rubric]
 * @returns {string}
 */
function messageOf(error, rubric = null) {
  const labels = new Map((rubric?.criteria ?? []).map((c) => [c.id, localized(c.label, c.id)]))
  return errorText(error, { criterionLabel: (id) => labels.get(id) ?? id })
}

customElements.define('atelier-juror-console', AtelierJurorConsole)
