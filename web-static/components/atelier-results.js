import { api, seg } from '../lib/api.js'
import { documentHref, downloadOnClick } from '../lib/documents.js'
import { errorText } from '../lib/errors.js'
import { html, render } from '../lib/html.js'
import { formatDuration, liveLabels, localized, onLanguageChange, setTimeZone, t } from '../lib/i18n.js'
import { LiveChannel } from '../lib/live.js'
import { formatScore } from '../lib/pitch.js'
import { loadRubric } from '../lib/rubric.js'
import './atelier-candidate-results.js'
import './atelier-connection-status.js'
import './atelier-deliberation.js'
import './atelier-facilitator-scores.js'

/**
 * The facilitator's results page at `/results/{sessionId}` (linked from the console): the
 * deliberation's state (signatures, acting presidents, publication, the signed record:
 * components/atelier-deliberation.js), the facilitator's own scores of the criteria the
 * definition gives them (components/atelier-facilitator-scores.js), the results per
 * candidate and assessment (components/atelier-candidate-results.js), then per group, for
 * information, the total on 20, each criterion's mean, spread and deliberation flag, the
 * measured overtime beside the "format and time" criterion, who has submitted, and an early
 * reveal with a reason (audited by the server); and the exports — CSV with commas or
 * semicolons, per group and per candidate, and each group's printable report. Values the
 * server still hides come as null and show as such. It reloads on the live channel's
 * `scores`, `deliberation` and `pitch` events.
 *
 * Exports are real addresses of the app (`/#/doc/…`, lib/documents.js) that open with the
 * signed-in person's rights: a click on a CSV downloads it in place; a report opens in a new
 * tab at an address that can be copied.
 *
 * Data down (set before connecting): `token`, `sessionId`. No events. Mirrors `data-live`, and
 * per group `section[data-group-id][data-complete][data-revealed]`.
 */
export class AtelierResults extends HTMLElement {
  /** @type {string | null} */
  token = null
  /** @type {string} */
  sessionId = ''

  /** @type {any} */
  #session = null
  /** @type {import('../lib/pitch.js').Rubric | null} */
  #rubric = null
  /** @type {any[]} */
  #groups = []
  /** @type {import('../lib/assessment.js').CandidateResults[]} */
  #candidates = []
  #closed = false
  /** @type {Record<string, string>} feedback per group */
  #feedback = {}
  /** @type {LiveChannel | null} */
  #live = null
  #connected = false
  #reloading = false
  #reloadAgain = false
  /** @type {(() => void) | null} */
  #stopLanguage = null

  connectedCallback() {
    this.#connected = true
    if (!this.token) {
      render(this, html`<section class="card notice"><p>${t('stage.signInFirst')} <a href="/">${t('stage.home')}</a>.</p></section>`)
      return
    }
    void this.#start()
  }

  /** The page is the facilitator's (and the jury's): a participant or an observer is told so. */
  async #start() {
    const me = await api('/me', { token: this.token }).catch(() => null)
    if (!this.#connected) return
    if (me?.role === 'participant' || me?.role === 'observer') {
      this.dataset.refused = 'role'
      render(this, html`<section class="card notice"><p>${t('results.notForRole')} <a href="/">${t('stage.home')}</a>.</p></section>`)
      return
    }
    render(
      this,
      html`<header class="page-header">
          <div>
            <p class="crumbs"><a href="${`/#/sessions/${encodeURIComponent(this.sessionId)}`}" class="back-link"></a></p>
            <h1 class="results-title"></h1>
          </div>
          <atelier-connection-status></atelier-connection-status>
        </header>
        <section class="card results-exports"></section>
        <atelier-deliberation></atelier-deliberation>
        <atelier-facilitator-scores class="card"></atelier-facilitator-scores>
        <atelier-candidate-results class="card"></atelier-candidate-results>
        <h2 class="groups-heading"></h2>
        <div class="results-body"><p class="loading">${t('common.loading')}</p></div>`,
    )
    const deliberation = /** @type {import('./atelier-deliberation.js').AtelierDeliberation} */ (this.#part('deliberation'))
    deliberation.token = this.token ?? ''
    deliberation.sessionId = this.sessionId
    deliberation.mode = 'facilitator'
    deliberation.me = { role: 'facilitator' }
    const scores = /** @type {import('./atelier-facilitator-scores.js').AtelierFacilitatorScores} */ (this.#part('facilitator-scores'))
    scores.token = this.token ?? ''
    scores.sessionId = this.sessionId
    const status = this.#part('connection-status')
    status.labels = liveLabels()
    status.info = { state: 'connecting', lastClose: null }
    this.addEventListener('click', this.#onClick)
    this.addEventListener('submit', this.#onSubmit)
    this.addEventListener('atelier-facilitator-scored', this.#onScored)
    this.addEventListener('atelier-deliberation-changed', this.#onDeliberation)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#load()
  }

  disconnectedCallback() {
    this.#connected = false
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('submit', this.#onSubmit)
    this.removeEventListener('atelier-facilitator-scored', this.#onScored)
    this.removeEventListener('atelier-deliberation-changed', this.#onDeliberation)
    this.#stopLanguage?.()
    this.#live?.stop()
    this.#live = null
  }

  /**
   * @param {string} name the element name without `atelier-`
   * @returns {any}
   */
  #part(name) {
    return this.querySelector(`atelier-${name}`) ?? {}
  }

  async #load() {
    const token = /** @type {string} */ (this.token)
    try {
      this.#session = await api(`/sessions/${seg(this.sessionId)}`, { token })
      setTimeZone(this.#session?.timeZone)
      this.#rubric = await loadRubric(token, this.#session)
      const deliberation = this.#part('deliberation')
      deliberation.session = this.#session
      deliberation.criteria = this.#rubric.criteria
      void deliberation.reload()
      const scores = this.#part('facilitator-scores')
      scores.groups = this.#session?.groups ?? []
      scores.criteria = this.#rubric.criteria
      scores.scale = this.#rubric.scale
      await this.#reload()
    } catch (error) {
      if (!this.#connected) return
      const body = this.querySelector('.results-body')
      if (body) render(body, html`<p class="notice error" role="alert">${t('common.error', { message: messageOf(error) })}</p>`)
      return
    }
    const live = new LiveChannel({ sessionId: this.sessionId, token })
    live.addEventListener('message', this.#onLiveMessage)
    live.addEventListener('state', (event) => {
      const info = /** @type {CustomEvent<import('../lib/live.js').LiveInfo>} */ (event).detail
      this.dataset.live = info.state
      this.#part('connection-status').info = info
    })
    this.#live = live
    live.start()
  }

  /** Reads the results again; a reload asked while one is on its way runs once it is back. */
  async #reload() {
    if (this.#reloading) {
      this.#reloadAgain = true
      return
    }
    this.#reloading = true
    try {
      do {
        this.#reloadAgain = false
        const results = await api(`/sessions/${seg(this.sessionId)}/results`, { token: this.token })
        this.#groups = Array.isArray(results?.groups) ? results.groups : []
        this.#candidates = Array.isArray(results?.candidates) ? results.candidates : []
      } while (this.#reloadAgain && this.#connected)
    } finally {
      this.#reloading = false
    }
    if (this.#connected) this.#render()
  }

  /**
   * Juror id → name: the session state's `jurors` when it has them, else the facilitator's
   * invites (by `jurorId`, else invite id); an unknown juror shows as their id.
   * @returns {Record<string, string>}
   */
  #jurorNames() {
    /** @type {Record<string, string>} */
    const names = {}
    for (const invite of this.#session?.invites ?? []) {
      if (invite.role === 'juror') names[invite.jurorId ?? invite.id] = invite.name
    }
    for (const juror of this.#session?.jurors ?? []) {
      if (juror && typeof juror.id === 'string' && typeof juror.name === 'string') names[juror.id] = juror.name
    }
    return names
  }

  #render() {
    const session = this.#session
    const back = this.querySelector('.back-link')
    if (back) back.textContent = t('results.back')
    const title = this.querySelector('.results-title')
    if (title) render(title, html`${t('results.title')}${session ? html` <small class="muted">· ${session.title}</small>` : ''}`)
    document.title = `${t('results.title')} · Atelier`
    this.#part('connection-status').labels = liveLabels()
    const base = `sessions/${encodeURIComponent(this.sessionId)}`
    const exports = this.querySelector('.results-exports')
    if (exports) {
      render(
        exports,
        html`<div class="section-header">
            <h2>${t('results.exports')}</h2>
            <div class="actions">
              <a href="${documentHref(`${base}/candidates.csv`)}" class="button-link" data-download="candidates.csv">${t('results.candidatesCsvComma')}</a>
              <a href="${documentHref(`${base}/candidates.csv`, { sep: 'semicolon' })}" class="button-link" data-download="candidates-semicolon.csv">${t('results.candidatesCsvSemicolon')}</a>
              <a href="${documentHref(`${base}/results.csv`)}" class="button-link secondary" data-download="results.csv">${t('results.csvComma')}</a>
              <a href="${documentHref(`${base}/results.csv`, { sep: 'semicolon' })}" class="button-link secondary" data-download="results-semicolon.csv">${t('results.csvSemicolon')}</a>
            </div>
          </div>
          <p class="help">${t('results.help')}</p>
          ${this.#feedback[''] ? html`<p class="notice error" role="alert">${this.#feedback['']}</p>` : ''}`,
      )
    }
    const candidates = this.#part('candidate-results')
    candidates.groups = session?.groups ?? []
    candidates.criteria = this.#rubric?.criteria ?? []
    candidates.jurorName = (/** @type {string} */ id) => this.#jurorNames()[id] ?? id
    candidates.candidates = this.#candidates
    const scores = this.#part('facilitator-scores')
    scores.closed = this.#closed
    scores.results = this.#candidates
    const heading = this.querySelector('.groups-heading')
    if (heading) heading.textContent = t('results.groupsInfo')
    const body = this.querySelector('.results-body')
    if (!body) return
    const names = this.#jurorNames()
    const criteria = this.#rubric?.criteria ?? []
    const groupName = (/** @type {string} */ id) => session?.groups?.find((/** @type {{ id: string }} */ g) => g.id === id)?.name ?? id
    render(
      body,
      html`<div class="results-grid">
        ${this.#groups.map((group) => {
          const submittedCount = (group.jurors ?? []).filter((/** @type {any} */ j) => j.submitted).length
          const visible = typeof group.total20 === 'number'
          return html`<section class="card result-group" data-group-id="${group.id}" data-complete="${String(Boolean(group.complete))}"
            data-revealed="${String(Boolean(group.revealedEarly))}">
            <div class="section-header">
              <h2>${groupName(group.id)}</h2>
              <p class="total ${visible ? '' : 'hidden-value'}">
                ${visible ? html`<strong>${formatScore(group.total20)}</strong><small> / 20</small> <small class="muted">${t('results.forInformation')}</small>` : html`<span>${t('results.hidden')}</span>`}
              </p>
            </div>
            <p class="result-status">
              ${group.complete
                ? html`<span class="badge writable">${t('results.complete')}</span>`
                : group.revealedEarly
                  ? html`<span class="badge q-pending">${t('results.revealed')}</span>`
                  : html`<span class="badge locked">${t('results.waiting', { n: submittedCount, total: (group.jurors ?? []).length })}</span>`}
              ${typeof group.overtimeMs === 'number'
                ? html`<span class="muted">${group.overtimeMs > 0 ? t('results.overtime', { time: formatDuration(group.overtimeMs) }) : t('results.inTime')}</span>`
                : ''}
            </p>
            <ul class="juror-status">
              ${(group.jurors ?? []).map(
                (/** @type {{ id: string, submitted: boolean | null }} */ juror) => html`<li data-juror-id="${juror.id}" data-submitted="${String(Boolean(juror.submitted))}">
                  <span class="status-mark" aria-hidden="true">${juror.submitted ? '✓' : '…'}</span>
                  ${names[juror.id] ?? juror.id}
                  <span class="muted">${juror.submitted ? t('results.submitted') : t('results.pending')}</span>
                </li>`,
              )}
            </ul>
            <div class="result-actions">
              <a href="${documentHref(`${base}/groups/${encodeURIComponent(group.id)}/report.html`)}" target="_blank" rel="noopener" data-open="report" class="button-link secondary">${t('results.report')}</a>
              ${group.complete || group.revealedEarly
                ? ''
                : html`<details class="reveal">
                    <summary>${t('results.revealEarly')}</summary>
                    <form class="reveal-form" data-group-id="${group.id}">
                      <label class="field">${t('results.revealReason')}<input name="reason" type="text" required maxlength="500" /></label>
                      <button type="submit" class="critical">${t('results.revealSubmit')}</button>
                    </form>
                  </details>`}
            </div>
            <div class="table-scroll">
              <table class="data-table criteria-table">
                <thead>
                  <tr><th>${t('results.criterion')}</th><th class="num">${t('results.mean')}</th><th class="num">${t('results.spread')}</th><th>${t('results.flag')}</th></tr>
                </thead>
                <tbody>
                  ${(group.criteria ?? []).map((/** @type {any} */ row) => {
                    const criterion = criteria.find((c) => c.id === row.id)
                    return html`<tr data-criterion-id="${row.id}" data-flagged="${String(Boolean(row.flagged))}">
                      <td>
                        ${criterion?.block ? html`<span class="block-tag">${criterion.block}</span> ` : ''}${localized(criterion?.label, row.id)}
                        ${criterion?.assessor === 'facilitator' ? html` <span class="muted">(${t('results.perCandidate')})</span>` : ''}
                        ${typeof row.overtimeMs === 'number'
                          ? html`<span class="overtime-note ${row.overtimeMs > 0 ? 'over' : ''}">${row.overtimeMs > 0
                              ? t('results.overtime', { time: formatDuration(row.overtimeMs) })
                              : t('results.inTime')}</span>`
                          : ''}
                      </td>
                      <td class="num">${formatScore(row.mean)}</td>
                      <td class="num">${formatScore(row.spread)}</td>
                      <td>${row.flagged ? html`<span class="flag" title="${t('results.flagHelp')}">⚑ ${t('results.deliberate')}</span>` : ''}</td>
                    </tr>`
                  })}
                </tbody>
              </table>
            </div>
            ${this.#feedback[group.id] ? html`<p class="notice error" role="alert">${this.#feedback[group.id]}</p>` : ''}
          </section>`
        })}
      </div>`,
    )
  }

  /** @param {Event} event */
  #onSubmit = async (event) => {
    const form = event.target instanceof HTMLFormElement ? event.target : null
    if (!form?.classList.contains('reveal-form')) return
    event.preventDefault()
    const groupId = form.dataset.groupId ?? ''
    const reason = /** @type {HTMLInputElement} */ (form.elements.namedItem('reason')).value.trim()
    delete this.#feedback[groupId]
    try {
      await api(`/sessions/${seg(this.sessionId)}/groups/${seg(groupId)}/reveal`, { token: this.token, method: 'POST', body: { reason } })
    } catch (error) {
      this.#feedback[groupId] = messageOf(error)
    }
    await this.#reload()
  }

  /** @param {Event} event a CSV export: downloaded in place with the token (the address stays copyable) */
  #onClick = (event) => {
    if (!(event.target instanceof Element) || event.target.closest('atelier-deliberation')) return
    const download = downloadOnClick(event, this.token)
    download?.catch((error) => {
      this.#feedback[''] = messageOf(error)
      this.#render()
    })
  }

  #onScored = () => {
    this.#reload().catch(() => {})
  }

  /** @param {Event} event the deliberation changed: decisions and the lock follow */
  #onDeliberation = (event) => {
    const view = /** @type {CustomEvent<{ deliberation: import('../lib/assessment.js').DeliberationView }>} */ (event).detail.deliberation
    this.#closed = typeof view?.closedVersion === 'number'
    this.#reload().catch(() => {})
  }

  /** @param {Event} event */
  #onLiveMessage = (event) => {
    const message = /** @type {CustomEvent<any>} */ (event).detail
    if (message.type === 'deliberation' && message.deliberation) {
      this.#part('deliberation').deliberation = message.deliberation
      return
    }
    if (message.type === 'hello') void this.#part('deliberation').reload?.()
    if (message.type === 'hello' || message.type === 'scores' || (message.type === 'pitch' && message.pitch?.state === 'stopped')) {
      this.#reload().catch(() => {})
    }
  }
}

/**
 * A refusal in the reader's language (lib/errors.js).
 * @param {unknown} error
 * @returns {string}
 */
function messageOf(error) {
  return errorText(error)
}

customElements.define('atelier-results', AtelierResults)
