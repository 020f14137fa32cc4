import { html, render } from '../lib/html.js'
import { kindLabel } from '../board/kinds/registry.js'
import { checkpointLabelText, currentLanguage, facilitatorName, formatDateTime, onLanguageChange, quote, t } from '../lib/i18n.js'

/**
 * @typedef {object} AuditEntry
 * @property {string | number} id
 * @property {number | string} at
 * @property {string} actor
 * @property {string} action
 * @property {string | null} [from]
 * @property {string | null} [to]
 * @property {string | null} [reason]
 * @property {Record<string, unknown> | null} [detail] what the line concerned, by ids (`{"group"}`, `{"invite"}`…)
 */

/**
 * The session's audit log, newest first, in words: what was done ("Phase changed with an
 * override"), by whom (names, not ids), from which phase to which; boards by their group and
 * kind, candidates and groups by name, the automatic checkpoints' labels and the vote settings
 * in the reader's language (never a raw `b_…` id nor the server's English).
 *
 * Data down: `entries` ({@link AuditEntry}[]), `error` (a message, or null),
 * `phaseLabel` (phase id → label), `people` (invite or juror id → name), `groups` (group id
 * → name), `session` (the session's state: its phases, and its groups with their boards and
 * candidates, to name what a line concerns). Events up: `atelier-refresh` with `detail: { what: 'audit' }` when the person
 * asks for a refresh. Rows: `tr[data-audit-id][data-action]`.
 */
export class AtelierAuditLog extends HTMLElement {
  /** @type {AuditEntry[]} */
  #entries = []
  /** @type {string | null} */
  #error = null
  /** @type {(id: string) => string} */
  #phaseLabel = (id) => id
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {AuditEntry[]} entries */
  set entries(entries) {
    this.#entries = entries
    if (this.isConnected) this.#render()
  }

  /** @param {string | null} error */
  set error(error) {
    this.#error = error
    if (this.isConnected) this.#render()
  }

  /** @param {(id: string) => string} phaseLabel */
  set phaseLabel(phaseLabel) {
    this.#phaseLabel = phaseLabel
    if (this.isConnected) this.#render()
  }

  /** @type {Map<string, string>} */
  #people = new Map()

  /** @param {Map<string, string>} people id → name */
  set people(people) {
    this.#people = people
    if (this.isConnected) this.#render()
  }

  /** @type {Map<string, string>} */
  #groups = new Map()

  /** @param {Map<string, string>} groups id → name (for entries that name a group) */
  set groups(groups) {
    this.#groups = groups
    if (this.isConnected) this.#render()
  }

  /** @type {import('../lib/session-state.js').SessionState | null} */
  #session = null

  /** @param {import('../lib/session-state.js').SessionState | null} session */
  set session(session) {
    this.#session = session
    if (this.isConnected) this.#render()
  }

  /**
   * A board by its group and kind ("Comment pourrions-nous — Équipe Alpha"), or null when unknown.
   * @param {string} id
   * @returns {string | null}
   */
  #boardName(id) {
    for (const group of this.#session?.groups ?? []) {
      const board = (group.boards ?? []).find((b) => b.id === id)
      if (board) return t('editor.boardOf', { group: group.name, kind: kindLabel(board.kind, currentLanguage()) })
    }
    return null
  }

  /**
   * One end of a "from → to": a phase by its label, a board by its group and kind, a
   * candidate or a group by name, a checkpoint's automatic label in words; else as it is.
   * @param {string | null | undefined} value
   * @returns {string}
   */
  #value(value) {
    if (!value) return t('common.none')
    const phases = this.#session?.phases ?? []
    if (phases.some((p) => p.id === value)) return this.#phaseLabel(value)
    if (/^b_/.test(value)) return this.#boardName(value) ?? t('audit.someBoard')
    if (/^c_/.test(value)) {
      const candidate = (this.#session?.groups ?? []).flatMap((g) => g.candidates ?? []).find((c) => c.id === value)
      if (candidate?.name) return candidate.name
    }
    const group = this.#groups.get(value) ?? this.#people.get(value)
    if (group) return group
    if (!this.#session) return this.#phaseLabel(value)
    return checkpointLabelText(value, phases)
  }

  /**
   * What a line changed and why, in words, per action.
   * @param {AuditEntry} e
   * @returns {{ change: string, reason: string }}
   */
  #describe(e) {
    const none = t('common.none')
    const phases = this.#session?.phases ?? []
    const group = typeof e.detail?.group === 'string' ? this.#groups.get(e.detail.group) ?? '' : ''
    const arrow = (/** @type {string} */ from, /** @type {string} */ to) => `${from} → ${to}`
    switch (e.action) {
      case 'checkpoint.create':
        // `reason` holds the board, `to` the checkpoint's label.
        return { change: arrow(this.#value(e.reason), checkpointText(e.to ?? '', phases)), reason: none }
      case 'checkpoint.restore':
        return { change: arrow(checkpointText(e.from ?? '', phases), this.#value(e.to)), reason: none }
      case 'vote.settings':
        return { change: this.#value(e.to), reason: voteSettingsText(e.reason ?? '') || none }
      case 'board.private':
      case 'board.shared':
        return { change: this.#value(e.to ?? e.from), reason: e.reason || none }
    }
    const change = e.from || e.to ? arrow(this.#value(e.from), this.#value(e.to)) : group || none
    return { change, reason: e.reason || none }
  }

  /** @param {string} actor @returns {string} */
  #actorName(actor) {
    if (actor === 'facilitator') return facilitatorName({ facilitator: this.#people.get('facilitator') })
    if (actor === 'system' || actor === '') return t('audit.system')
    return this.#people.get(actor) ?? this.#people.get(actor.replace(/^(juror|participant|observer):/, '')) ?? t('audit.someone')
  }

  connectedCallback() {
    this.addEventListener('click', this.#onClick)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
    this.#stopLanguage?.()
  }

  /** @param {Event} event */
  #onClick = (event) => {
    if (event.target instanceof Element && event.target.closest('[data-action="refresh"]')) {
      this.dispatchEvent(new CustomEvent('atelier-refresh', { bubbles: true, detail: { what: 'audit' } }))
    }
  }

  #render() {
    const entries = [...this.#entries].sort((a, b) => Number(new Date(b.at)) - Number(new Date(a.at)))
    this.dataset.count = String(entries.length)
    render(
      this,
      html`<div class="section-header">
          <h2>${t('audit.title')}</h2>
          <button type="button" class="secondary small" data-action="refresh">${t('common.refresh')}</button>
        </div>
        ${this.#error ? html`<p class="notice error" role="alert">${this.#error}</p>` : ''}
        ${entries.length === 0
          ? html`<p class="empty">${t('audit.empty')}</p>`
          : html`<div class="table-scroll"><table class="data-table audit reflow">
              <thead>
                <tr><th>${t('audit.at')}</th><th>${t('audit.actor')}</th><th>${t('audit.action')}</th><th>${t('audit.change')}</th><th>${t('audit.reason')}</th></tr>
              </thead>
              <tbody>
                ${entries.map((e) => {
                  const { change, reason } = this.#describe(e)
                  return html`<tr data-audit-id="${e.id}" data-action="${e.action}">
                    <td class="nowrap" data-label="${t('audit.at')}">${formatDateTime(e.at, { dateStyle: 'short', timeStyle: 'medium' })}</td>
                    <td data-label="${t('audit.actor')}">${this.#actorName(String(e.actor ?? ''))}</td>
                    <td data-label="${t('audit.action')}">${actionText(e.action)}</td>
                    <td data-label="${t('audit.change')}">${change}</td>
                    <td data-label="${t('audit.reason')}">${reason}</td>
                  </tr>`
                })}
              </tbody>
            </table></div>`}`,
    )
  }
}

/**
 * An audit action in words; an action this page does not know is named generically.
 * @param {string} action
 * @returns {string}
 */
function actionText(action) {
  const key = /** @type {import('../lib/i18n.js').StringKey} */ (`audit.action.${action}`)
  const text = t(key)
  return text === key ? t('audit.otherAction') : text
}

/**
 * A checkpoint's label: one typed by someone in quotation marks, an automatic one in words
 * ("Fin de la phase Empathie", "avant de restaurer « … »").
 * @param {string} label
 * @param {readonly { id: string, label?: unknown }[]} phases
 * @returns {string}
 */
function checkpointText(label, phases) {
  const text = checkpointLabelText(label, phases)
  return text === label ? quote(label) : text
}

/**
 * The server's vote settings ("anonymous: false, budget: 5, revealed: true") in words
 * ("nominatif, 5 gommettes par personne"); '' when there is nothing to say.
 * @param {string} text
 * @returns {string}
 */
export function voteSettingsText(text) {
  /** @type {string[]} */
  const words = []
  for (const part of text.split(',')) {
    const [key, raw] = part.split(':').map((x) => x.trim())
    if (key === 'anonymous') words.push(t(raw === 'true' ? 'audit.vote.anonymous' : 'audit.vote.named'))
    else if (key === 'budget' && /^\d+$/.test(raw ?? '')) words.push(Number(raw) === 1 ? t('audit.vote.budgetOne') : t('audit.vote.budget', { count: Number(raw) }))
    else if (key === 'revealed') words.push(t(raw === 'true' ? 'audit.vote.revealed' : 'audit.vote.hidden'))
    else if (part.trim()) words.push(part.trim())
  }
  return words.join(', ')
}

customElements.define('atelier-audit-log', AtelierAuditLog)
