import { api, seg } from '../lib/api.js'
import { errorText } from '../lib/errors.js'
import { keepFocus } from '../lib/focus.js'
import { html, render } from '../lib/html.js'
import { formatDateTime, onLanguageChange, t } from '../lib/i18n.js'

/**
 * A participant's view of their group's problem statement (A14: the group defines its
 * problem with the facilitator): while `editable` (the define phase) a text field and "Save"
 * (`PUT …/groups/{gid}/problem`), otherwise the text as it stands; and whether the
 * facilitator has approved it, in words (a new text needs a new approval). A new version
 * saved by someone else arrives live (`problem` events, through the parent) and replaces the
 * text, unless this person is editing it: then their draft stays, and the version saved
 * meanwhile shows beside it with who saved it and when, with the choice to replace it with
 * the draft (Save) or to take it (the draft is dropped).
 *
 * Data down: `token`, `sessionId`, `meId` (this person's invite id), `people` (invite id →
 * name, for naming who saved a version; others are "a member of the group"), `group`
 * (`{ id, name, problem }` of the session state), `editable`. No events. Mirrors
 * `data-state` (`none`, `waiting`, `approved`), `data-dirty` and `data-conflict` (`true`
 * while another version saved meanwhile stands beside the draft).
 */
export class AtelierProblemStatement extends HTMLElement {
  token = ''
  sessionId = ''
  meId = ''
  /** @type {Map<string, string>} invite id → name, for naming who saved a version */
  people = new Map()
  /** @type {{ id: string, name: string, problem?: import('../lib/assessment.js').ProblemStatement | null } | null} */
  #group = null
  #editable = false
  /** @type {string | null} the text being edited, unsaved */
  #draft = null
  #newerElsewhere = false
  /** @type {{ kind: 'ok' | 'error', text: () => string } | null} */
  #feedback = null
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {{ id: string, name: string, problem?: import('../lib/assessment.js').ProblemStatement | null } | null} group */
  set group(group) {
    const before = this.#group?.problem?.text
    this.#group = group
    const text = group?.problem?.text
    // Another version saved while this person has a draft: it stands beside the draft.
    if (this.#draft !== null && text !== before) this.#newerElsewhere = text !== undefined && text !== this.#draft
    this.#render()
  }

  /** @param {boolean} editable */
  set editable(editable) {
    if (Boolean(editable) === this.#editable) return
    this.#editable = Boolean(editable)
    this.#render()
  }

  connectedCallback() {
    this.addEventListener('click', this.#onClick)
    this.addEventListener('submit', this.#onSubmit)
    this.addEventListener('input', this.#onInput)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('submit', this.#onSubmit)
    this.removeEventListener('input', this.#onInput)
    this.#stopLanguage?.()
  }

  #render() {
    if (!this.isConnected) return
    const group = this.#group
    const problem = group?.problem ?? null
    const state = !problem ? 'none' : typeof problem.approvedAt === 'number' ? 'approved' : 'waiting'
    this.dataset.state = state
    this.dataset.dirty = String(this.#draft !== null)
    const conflict = this.#newerElsewhere && this.#draft !== null && problem !== null
    this.dataset.conflict = String(conflict)
    this.hidden = !group || (!this.#editable && !problem)
    // "Saved: the facilitator approves it" is moot once approved.
    const feedback = state === 'approved' && this.#feedback?.kind === 'ok' ? null : this.#feedback
    keepFocus(this, () =>
      render(
        this,
        html`<div class="section-header">
            <h2>${t('problem.title')}</h2>
            <span class="badge ${state === 'approved' ? 'writable' : 'draft'}">
              ${state === 'approved' ? html`<span aria-hidden="true">✓ </span>${t('problem.approved')}` : state === 'waiting' ? t('problem.waiting') : t('problem.none')}
            </span>
          </div>
          <p class="help">${this.#editable ? t('problem.help') : t('problem.helpLocked')}</p>
          ${problem
            ? html`<p class="muted problem-meta">${t('problem.writtenBy', {
                who: this.#author(problem.writtenBy),
                time: formatDateTime(problem.writtenAt, { dateStyle: 'medium', timeStyle: 'short' }),
              })}${typeof problem.approvedAt === 'number' ? html` · ${t('problem.approvedAt', { time: formatDateTime(problem.approvedAt, { timeStyle: 'short' }) })}` : ''}</p>`
            : ''}
          ${this.#editable
            ? html`<form class="problem-form stack">
                ${conflict && problem
                  ? html`<div class="notice warning problem-conflict" role="status">
                      <p>${t('problem.newerElsewhere', {
                        who: this.#author(problem.writtenBy),
                        time: formatDateTime(problem.writtenAt, { timeStyle: 'short' }),
                      })}</p>
                      <blockquote class="problem-text problem-theirs">${problem.text}</blockquote>
                      <p>${t('problem.conflictChoice')}</p>
                    </div>`
                  : ''}
                <label class="field">${conflict ? t('problem.yourDraft') : t('problem.label')}
                  <textarea id="problem-text" name="text" rows="4" maxlength="4000" required placeholder="${t('problem.placeholder')}">${this.#draft ?? problem?.text ?? ''}</textarea>
                </label>
                <div class="problem-actions">
                  <button type="submit">${conflict ? t('problem.replaceTheirs') : t('problem.save')}</button>
                  ${conflict ? html`<button type="button" class="secondary" data-action="take-theirs">${t('problem.takeTheirs')}</button>` : ''}
                </div>
              </form>`
            : problem
              ? html`<blockquote class="problem-text">${problem.text}</blockquote>`
              : ''}
          ${feedback ? html`<p class="notice ${feedback.kind}" role="${feedback.kind === 'error' ? 'alert' : 'status'}">${feedback.text()}</p>` : ''}`,
      ),
    )
  }

  /**
   * Who saved a version, in words.
   * @param {string} writtenBy an invite id or `facilitator`
   */
  #author(writtenBy) {
    if (writtenBy === this.meId) return t('problem.you')
    const name = this.people.get(writtenBy)
    if (name) return name
    return writtenBy === 'facilitator' ? t('problem.theFacilitator') : t('problem.someone')
  }

  /** @param {MouseEvent} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action="take-theirs"]') : null
    if (!button) return
    // Their version stands: the draft is dropped and the field shows the saved text.
    this.#draft = null
    this.#newerElsewhere = false
    this.#feedback = null
    this.#render()
    const field = this.querySelector('textarea[name="text"]')
    if (field instanceof HTMLTextAreaElement) field.focus()
  }

  /** @param {Event} event */
  #onInput = (event) => {
    if (!(event.target instanceof HTMLTextAreaElement) || event.target.name !== 'text') return
    this.#draft = event.target.value
    this.dataset.dirty = 'true'
  }

  /** @param {Event} event */
  #onSubmit = async (event) => {
    const form = event.target instanceof HTMLFormElement ? event.target : null
    if (!form?.classList.contains('problem-form') || !this.#group) return
    event.preventDefault()
    const text = String(new FormData(form).get('text') ?? '').trim()
    this.#feedback = null
    try {
      const problem = await api(`/sessions/${seg(this.sessionId)}/groups/${seg(this.#group.id)}/problem`, { token: this.token, method: 'PUT', body: { text } })
      this.#draft = null
      this.#newerElsewhere = false
      if (problem && typeof problem === 'object') this.#group = { ...this.#group, problem }
      this.#feedback = { kind: 'ok', text: () => t('problem.saved') }
    } catch (error) {
      this.#feedback = { kind: 'error', text: () => errorText(error) }
    }
    this.#render()
  }
}

customElements.define('atelier-problem-statement', AtelierProblemStatement)
