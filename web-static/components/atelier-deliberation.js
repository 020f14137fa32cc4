import { api, seg } from '../lib/api.js'
import { blockName, missingMarks, needsJustification, presidingJuror, unsignedJurors } from '../lib/assessment.js'
import { documentHref, downloadOnClick } from '../lib/documents.js'
import { codeText, errorText } from '../lib/errors.js'
import { keepFocus } from '../lib/focus.js'
import { html, render } from '../lib/html.js'
import { formatDateTime, formatList, onLanguageChange, t } from '../lib/i18n.js'
import { confirmStep } from './confirm-step.js'
import { trackOpenScores } from './candidate-scores.js'
import { decisionsSection } from './deliberation-decisions.js'

/**
 * The jury's deliberation (docs/API.md, "Deliberation"), for the jurors (the juror console's
 * "Deliberation" tab, `mode` `jury`) and the facilitator (the results page, `mode`
 * `facilitator`):
 * - the record's state — open, signed (closed, version n) or published — with, once a version
 *   is signed, links to the printable record and the candidates' CSV (lib/documents.js);
 * - who has signed the record as it stands (any change of a mark, score, comment or decision clears every signature),
 *   "Sign the record" for each juror; the president's "Close the record" (asked first; a
 *   refusal names who has not signed, or which candidates have no mark yet) and "Reopen…"
 *   with a reason once closed;
 * - for the facilitator: naming an acting president for a group the president does not
 *   grade, and "Publish the results" once the record is signed (asked first);
 * - in `jury` mode, each group's decisions (components/deliberation-decisions.js): the
 *   president (or the group's acting president) records a decision per candidate and
 *   assessment, with a justification when it departs from the proposal.
 * Once the record is closed everything is read-only and a notice says it is signed.
 *
 * Data down: `token`, `sessionId`, `mode`, `me` (`GET /api/v1/me`: `jurorId`, `president`),
 * `session` (the session state: groups with their candidates, jurors), `criteria` (the
 * rubric). Call `reload()` to read the deliberation and the results again (after a `scores`
 * event), and set `deliberation` with a live `deliberation` event's view. Events up:
 * `atelier-deliberation-changed` with `detail: { deliberation }` after every change this page
 * made or learned. Mirrors `data-state` (`open`, `closed`, `published`), `data-signed`
 * ("n/total") and `data-loaded`.
 */
export class AtelierDeliberation extends HTMLElement {
  token = ''
  sessionId = ''
  /** @type {'jury' | 'facilitator'} */
  mode = 'jury'
  /** @type {{ role?: string, jurorId?: string | null, president?: boolean | null } | null} */
  me = null
  /** @type {import('../lib/pitch.js').Criterion[]} */
  #criteria = []
  /** @type {any} */
  #session = null
  /** @type {import('../lib/assessment.js').DeliberationView | null} */
  #view = null
  /** @type {{ groups: { id: string, jurors?: { id: string }[] }[], candidates: import('../lib/assessment.js').CandidateResults[] } | null} */
  #results = null
  /** @type {Map<string, import('./deliberation-decisions.js').RowDraft>} */
  #drafts = new Map()
  /** @type {Map<string, string>} */
  #rowErrors = new Map()
  /** @type {{ kind: 'ok' | 'error' | 'warning', text: () => string } | null} */
  #feedback = null
  /** This page is reopening the record (its own reopening needs no notice). */
  #reopening = false
  /** @type {Set<string>} candidates whose scores are shown open */
  #openScores = new Set()
  /** The reopening form, kept across re-renders (a live event may come while it is filled). */
  #reopen = { open: false, reason: '' }
  #busy = false
  #resultsAsked = 0
  #connected = false
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {any} session */
  set session(session) {
    this.#session = session
    this.#render()
  }

  /** @param {import('../lib/pitch.js').Criterion[]} criteria */
  set criteria(criteria) {
    this.#criteria = Array.isArray(criteria) ? criteria : []
    this.#render()
  }

  /** @param {import('../lib/assessment.js').DeliberationView | null} view a live `deliberation` event's view */
  set deliberation(view) {
    if (!view || typeof view !== 'object') return
    this.#setView(view)
    void this.#loadResults()
  }

  /** @returns {import('../lib/assessment.js').DeliberationView | null} */
  get deliberation() {
    return this.#view
  }

  connectedCallback() {
    this.#connected = true
    this.addEventListener('click', this.#onClick)
    this.addEventListener('change', this.#onChange)
    this.addEventListener('input', this.#onInput)
    this.addEventListener('submit', this.#onSubmit)
    this.addEventListener('toggle', this.#onToggle, true)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
    void this.reload()
  }

  disconnectedCallback() {
    this.#connected = false
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('change', this.#onChange)
    this.removeEventListener('input', this.#onInput)
    this.removeEventListener('submit', this.#onSubmit)
    this.removeEventListener('toggle', this.#onToggle, true)
    this.#stopLanguage?.()
  }

  /** Reads the deliberation and the results again (once `token` and `sessionId` are set). */
  async reload() {
    if (!this.token || !this.sessionId) return
    try {
      const [view] = await Promise.all([api(`/sessions/${seg(this.sessionId)}/deliberation`, { token: this.token }), this.#loadResults()])
      if (!this.#connected) return
      this.#setView(view)
    } catch (error) {
      if (!this.#connected) return
      this.#feedback = { kind: 'error', text: () => errorText(error) }
      this.#render()
    }
  }

  async #loadResults() {
    if (!this.token || !this.sessionId) return
    // Answers may come back out of order when events come in bursts: only the latest counts.
    const asked = ++this.#resultsAsked
    try {
      const results = await api(`/sessions/${seg(this.sessionId)}/results`, { token: this.token })
      if (asked !== this.#resultsAsked) return
      this.#results = { groups: Array.isArray(results?.groups) ? results.groups : [], candidates: Array.isArray(results?.candidates) ? results.candidates : [] }
      if (this.#connected) this.#render()
    } catch {
      // the status card still shows; the table waits for the next reload
    }
  }

  /** @param {import('../lib/assessment.js').DeliberationView} view */
  #setView(view) {
    if (!view || typeof view !== 'object') return
    this.#noticeChange(this.#view, view)
    this.#view = view
    // A closed record takes no decision: what the rows said about the last attempt is moot.
    if (this.#closed) {
      this.#rowErrors.clear()
      this.#drafts.clear()
    }
    this.#render()
    this.dispatchEvent(new CustomEvent('atelier-deliberation-changed', { bubbles: true, detail: { deliberation: view } }))
  }

  /**
   * Says why a signature went away: the record was reopened, or what it holds changed (marks,
   * scores, comments or decisions) since this juror signed. "Signed." no longer holds then.
   * @param {import('../lib/assessment.js').DeliberationView | null} before
   * @param {import('../lib/assessment.js').DeliberationView} after
   */
  #noticeChange(before, after) {
    if (!before) return
    const me = this.#myJuror
    const reopened = typeof before.closedVersion === 'number' && typeof after.closedVersion !== 'number'
    if (reopened) {
      if (!this.#reopening) this.#feedback = { kind: 'warning', text: () => t('delib.reopenedByPresident') }
    } else if (me && before.signatures?.[me] && !after.signatures?.[me] && typeof after.closedVersion !== 'number') {
      this.#feedback = { kind: 'warning', text: () => t('delib.signatureCleared') }
    }
  }

  /** @param {string} id @returns {string} a juror's name (their id only if the session does not know them) */
  #jurorName = (id) => this.#session?.jurors?.find((/** @type {{ id: string }} */ j) => j.id === id)?.name ?? id

  /** @param {string} group @returns {string[] | null} the group's active jurors, from the results */
  #activeJurors(group) {
    const found = this.#results?.groups.find((g) => g.id === group)
    return found ? (found.jurors ?? []).map((j) => j.id) : null
  }

  get #myJuror() {
    return this.me?.role === 'juror' ? this.me.jurorId ?? null : null
  }

  get #isPresident() {
    const me = this.#myJuror
    return Boolean(me && this.#view?.president === me)
  }

  get #closed() {
    return typeof this.#view?.closedVersion === 'number'
  }

  #render() {
    if (!this.#connected) return
    const view = this.#view
    const closed = this.#closed
    this.dataset.loaded = String(Boolean(view))
    this.dataset.state = !view ? '' : view.published ? 'published' : closed ? 'closed' : 'open'
    const jurors = view?.jurors ?? []
    this.dataset.signed = `${jurors.filter((j) => view?.signatures?.[j]).length}/${jurors.length}`
    keepFocus(this, () =>
      render(
        this,
        html`${this.#statusCard()}
          ${this.mode === 'jury' && view ? this.#decisions() : ''}`,
      ),
    )
  }

  #statusCard() {
    const view = this.#view
    if (!view) return html`<section class="card delib-status"><h2>${t('delib.title')}</h2><p class="loading">${t('common.loading')}</p>${this.#feedbackLine()}</section>`
    const closed = this.#closed
    const me = this.#myJuror
    const base = `sessions/${encodeURIComponent(this.sessionId)}`
    const state = view.published ? t('delib.statePublished') : closed ? t('delib.stateClosed', { version: view.closedVersion ?? 0 }) : t('delib.stateOpen')
    return html`<section class="card delib-status" aria-labelledby="delib-title">
      <div class="section-header">
        <h2 id="delib-title">${t('delib.title')}</h2>
        <span class="badge ${closed ? 'writable' : 'draft'}">${state}</span>
      </div>
      ${closed ? html`<p class="notice ok record-signed" role="status">${t('delib.signedNotice', { version: view.closedVersion ?? 0 })}</p>` : ''}
      ${!closed && view.reopened
        ? html`<p class="notice warning record-reopened" role="status">${t('delib.reopenedBecause', { version: view.reopened.fromVersion, reason: view.reopened.reason })}</p>`
        : ''}
      ${view.versions > 0
        ? html`<p class="record-links actions">
            <a class="button-link secondary" href="${documentHref(`${base}/record.html`)}" target="_blank" rel="noopener" data-open="record">${t('delib.openRecord')}</a>
            <a class="button-link secondary" href="${documentHref(`${base}/candidates.csv`)}" data-download="candidates.csv">${t('delib.candidatesCSV')}</a>
            <a class="button-link secondary" href="${documentHref(`${base}/candidates.csv`, { sep: 'semicolon' })}" data-download="candidates-semicolon.csv">${t('delib.candidatesCSVSemicolon')}</a>
          </p>`
        : ''}
      <h3>${t('delib.signatures')}</h3>
      <ul class="signatures">
        ${view.jurors.map((id) => {
          const at = view.signatures?.[id]
          return html`<li data-juror-id="${id}" data-signed="${String(Boolean(at))}">
            <span class="status-mark" aria-hidden="true">${at ? '✓' : '…'}</span>
            ${this.#jurorName(id)}${id === view.president ? html` <span class="muted">(${t('delib.president')})</span>` : ''}
            <span class="muted">${at ? t('delib.signedAt', { time: formatDateTime(at, { timeStyle: 'short' }) }) : t('delib.notSigned')}</span>
          </li>`
        })}
      </ul>
      ${closed ? '' : html`<p class="help">${t('delib.signHelp')}</p>`}
      <div class="delib-actions">
        ${me && !closed && !view.signatures?.[me] ? html`<button type="button" data-action="sign">${t('delib.sign')}</button>` : ''}
        ${this.#isPresident && !closed ? html`<button type="button" class="critical" data-action="close">${t('delib.close')}</button>` : ''}
        ${this.#isPresident && closed
          ? html`<details class="reopen" ${this.#reopen.open ? html`open` : ''}>
              <summary>${t('delib.reopen')}</summary>
              <form class="reopen-form stack">
                <label class="field">${t('delib.reopenReason')}<textarea id="reopen-reason" name="reason" rows="2" required maxlength="500">${this.#reopen.reason}</textarea></label>
                <button type="submit" class="critical">${t('delib.reopenSubmit')}</button>
              </form>
            </details>`
          : ''}
        ${this.mode === 'facilitator' && closed && !view.published ? html`<button type="button" data-action="publish">${t('delib.publish')}</button>` : ''}
      </div>
      ${this.mode === 'facilitator' && !closed ? this.#actingPresidents() : ''}
      ${this.#feedbackLine()}
    </section>`
  }

  #feedbackLine() {
    const feedback = this.#feedback
    return html`<div class="delib-feedback">${feedback
      ? html`<p class="notice ${feedback.kind}" role="${feedback.kind === 'error' ? 'alert' : 'status'}">${feedback.text()}</p>`
      : ''}</div>`
  }

  /** The facilitator's forms naming an acting president, for groups the president does not grade. */
  #actingPresidents() {
    const view = /** @type {import('../lib/assessment.js').DeliberationView} */ (this.#view)
    const groups = (this.#session?.groups ?? []).filter((/** @type {{ id: string }} */ g) => {
      const active = this.#activeJurors(g.id)
      return view.actingPresidents?.[g.id] || (active && view.president && !active.includes(view.president))
    })
    if (!groups.length) return html``
    return html`<h3>${t('delib.acting')}</h3>
      <p class="help">${t('delib.actingHelp')}</p>
      ${groups.map((/** @type {{ id: string, name: string }} */ group) => {
        const acting = view.actingPresidents?.[group.id]
        return html`<form class="acting-form" data-group-id="${group.id}">
          <p><strong>${group.name}</strong> · ${acting ? t('delib.presidedBy', { name: this.#jurorName(acting) }) : t('delib.noPresident')}</p>
          <label class="field">${t('delib.actingJuror')}
            <select name="juror" required>
              ${(this.#activeJurors(group.id) ?? []).map((id) => html`<option value="${id}" ${id === acting ? html`selected` : ''}>${this.#jurorName(id)}</option>`)}
            </select>
          </label>
          <label class="field">${t('delib.actingReason')}<input name="reason" type="text" maxlength="500" /></label>
          <button type="submit" class="secondary">${t('delib.actingSubmit')}</button>
        </form>`
      })}`
  }

  #decisions() {
    const view = /** @type {import('../lib/assessment.js').DeliberationView} */ (this.#view)
    const candidates = this.#results?.candidates ?? []
    if (!this.#results) return html`<p class="loading">${t('common.loading')}</p>`
    const closed = this.#closed
    return html`${(this.#session?.groups ?? []).map((/** @type {{ id: string, name: string }} */ group) => {
      const presiding = presidingJuror(view, group.id, this.#activeJurors(group.id))
      return decisionsSection({
        group,
        candidates: candidates.filter((c) => c.group === group.id),
        deliberation: view,
        editable: !closed && presiding !== null && presiding === this.#myJuror,
        presiding,
        jurorName: this.#jurorName,
        drafts: this.#drafts,
        rowErrors: this.#rowErrors,
        criteria: this.#criteria,
        open: this.#openScores,
      })
    })}`
  }

  /**
   * Runs a command, shows its answer (the deliberation view) or its refusal in words.
   * @param {string} path under the session
   * @param {unknown} [body]
   * @param {(error: unknown) => string} [explain]
   * @returns {Promise<boolean>}
   */
  async #command(path, body, explain = (error) => errorText(error)) {
    if (this.#busy) return false
    this.#busy = true
    this.#feedback = null
    try {
      const view = await api(`/sessions/${seg(this.sessionId)}${path}`, { token: this.token, method: 'POST', body: body ?? {} })
      this.#setView(view)
      void this.#loadResults()
      return true
    } catch (error) {
      this.#feedback = { kind: 'error', text: () => explain(error) }
      this.#render()
      return false
    } finally {
      this.#busy = false
    }
  }

  /** @param {unknown} error a refusal of "Close", said with who or what is missing */
  #closeRefusal = (error) => {
    const code = /** @type {{ code?: string }} */ (error)?.code
    if (code === 'unsigned') {
      const names = unsignedJurors(this.#view).map((id) => this.#jurorName(id))
      return `${codeText('unsigned')} ${names.length ? t('delib.notSignedYet', { names: formatList(names) }) : ''}`
    }
    if (code === 'incomplete-marks') {
      // Everyone the server refuses for: a recorded decision (e.g. absent) stands in for a mark.
      const missing = missingMarks(this.#results?.candidates ?? [])
        .filter(({ candidate, block }) => !this.#view?.decisions?.[candidate.id]?.[block])
        .map(({ candidate, block }) => `${candidate.name} (${blockName(block)})`)
      const shown = missing.length > 8 ? [...missing.slice(0, 8), t('delib.andMore', { n: missing.length - 8 })] : missing
      return `${codeText('incomplete-marks')} ${missing.length ? t('delib.noMarkYet', { list: formatList(shown) }) : ''}`
    }
    return errorText(error)
  }

  /** @param {Event} event */
  #onClick = async (event) => {
    const download = downloadOnClick(event, this.token)
    if (download) {
      download.catch((error) => {
        this.#feedback = { kind: 'error', text: () => errorText(error) }
        this.#render()
      })
      return
    }
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null
    if (!(button instanceof HTMLButtonElement)) return
    switch (button.dataset.action) {
      case 'sign':
        if (await this.#command('/deliberation/sign')) this.#feedback = { kind: 'ok', text: () => t('delib.signedOk') }
        this.#render()
        break
      case 'close': {
        const confirmed = await confirmStep({ name: 'close-record', title: t('delib.closeTitle'), body: t('delib.closeBody'), confirm: t('delib.closeConfirm'), critical: true })
        if (confirmed && (await this.#command('/deliberation/close', undefined, this.#closeRefusal))) {
          this.#feedback = { kind: 'ok', text: () => t('delib.closedOk') }
          this.#render()
        }
        break
      }
      case 'publish': {
        const confirmed = await confirmStep({ name: 'publish', title: t('delib.publishTitle'), body: t('delib.publishBody'), confirm: t('delib.publishConfirm') })
        if (confirmed && (await this.#command('/results/publish'))) {
          this.#feedback = { kind: 'ok', text: () => t('delib.publishedOk') }
          this.#render()
        }
        break
      }
      case 'decide':
        await this.#decide(button)
        break
    }
  }

  /** @param {HTMLButtonElement} button a row's "Record" */
  async #decide(button) {
    const row = button.closest('tr[data-row-id]')
    if (!(row instanceof HTMLElement)) return
    const rowId = row.dataset.rowId ?? ''
    const candidate = row.dataset.candidate ?? ''
    const block = row.dataset.block ?? ''
    const decision = /** @type {HTMLSelectElement | null} */ (row.querySelector('select[name="decision"]'))?.value ?? ''
    const justification = (/** @type {HTMLTextAreaElement | null} */ (row.querySelector('textarea[name="justification"]'))?.value ?? '').trim()
    this.#rowErrors.delete(rowId)
    if (!decision) {
      this.#rowErrors.set(rowId, t('delib.chooseFirst'))
      this.#render()
      return
    }
    /** @type {Record<string, string>} */
    const body = { candidate, block, decision }
    if (justification) body.justification = justification
    try {
      const view = await api(`/sessions/${seg(this.sessionId)}/deliberation/decisions`, { token: this.token, method: 'POST', body })
      this.#drafts.delete(rowId)
      this.#setView(view)
      void this.#loadResults()
    } catch (error) {
      const code = /** @type {{ code?: string }} */ (error)?.code
      this.#rowErrors.set(rowId, code === 'justification-required' ? t('delib.justificationMissing') : errorText(error))
      this.#render()
    }
  }

  /** @param {Event} event a decision picked: the justification says whether it is required */
  #onChange = (event) => {
    const select = event.target instanceof HTMLSelectElement && event.target.name === 'decision' ? event.target : null
    const row = select?.closest('tr[data-row-id]')
    if (!select || !(row instanceof HTMLElement)) return
    const rowId = row.dataset.rowId ?? ''
    const area = /** @type {HTMLTextAreaElement | null} */ (row.querySelector('textarea[name="justification"]'))
    this.#drafts.set(rowId, { decision: select.value, justification: area?.value ?? '' })
    // The row's refusal was about the choice made before this one.
    this.#rowErrors.delete(rowId)
    row.querySelector('.notice.error')?.remove()
    const proposal = this.#results?.candidates.find((c) => c.id === row.dataset.candidate)?.blocks.find((b) => b.block === row.dataset.block)?.proposal
    const required = needsJustification(select.value, proposal)
    if (area) {
      area.required = required
      area.setAttribute('aria-required', String(required))
    }
    const hint = row.querySelector('.justification-hint')
    if (hint) hint.textContent = required ? t('delib.justificationRequired') : t('delib.justificationOptional')
  }

  /** @param {Event} event */
  #onToggle = (event) => {
    if (event.target instanceof HTMLDetailsElement && event.target.classList.contains('reopen')) this.#reopen.open = event.target.open
    trackOpenScores(event, this.#openScores)
  }

  /** @param {Event} event */
  #onInput = (event) => {
    if (event.target instanceof HTMLTextAreaElement && event.target.closest('.reopen-form')) {
      this.#reopen.reason = event.target.value
      return
    }
    const area = event.target instanceof HTMLTextAreaElement && event.target.name === 'justification' ? event.target : null
    const row = area?.closest('tr[data-row-id]')
    if (!area || !(row instanceof HTMLElement)) return
    const select = /** @type {HTMLSelectElement | null} */ (row.querySelector('select[name="decision"]'))
    this.#drafts.set(row.dataset.rowId ?? '', { decision: select?.value ?? '', justification: area.value })
  }

  /** @param {Event} event reopening, or naming an acting president */
  #onSubmit = async (event) => {
    const form = event.target instanceof HTMLFormElement ? event.target : null
    if (!form) return
    event.preventDefault()
    const data = new FormData(form)
    if (form.classList.contains('reopen-form')) {
      const reason = String(data.get('reason') ?? '').trim()
      this.#reopening = true
      const reopened = await this.#command('/deliberation/reopen', { reason })
      this.#reopening = false
      if (reopened) {
        this.#reopen = { open: false, reason: '' }
        this.#feedback = { kind: 'ok', text: () => t('delib.reopenedOk') }
        this.#render()
      }
    } else if (form.classList.contains('acting-form')) {
      const reason = String(data.get('reason') ?? '').trim()
      /** @type {Record<string, string>} */
      const body = { group: form.dataset.groupId ?? '', juror: String(data.get('juror') ?? '') }
      if (reason) body.reason = reason
      await this.#command('/deliberation/acting-president', body)
    }
  }
}

customElements.define('atelier-deliberation', AtelierDeliberation)
