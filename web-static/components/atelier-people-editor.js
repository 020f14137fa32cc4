import { api, seg } from '../lib/api.js'
import { errorText } from '../lib/errors.js'
import { html, render } from '../lib/html.js'
import { inviteRoleText, onLanguageChange, t } from '../lib/i18n.js'
import { confirmStep } from './confirm-step.js'

/**
 * The people of a running session, in the facilitator's console: add a person (a participant
 * in a group, a juror, an observer, a co-facilitator — the facilitator's rights on this session
 * only: their invite link then shows in the invite list, once),
 * rename a person or move a participant to another group, export everything held about a
 * person (one JSON download) or erase them (their name replaced by a pseudonym, their link
 * revoked, their images deleted; after a confirmation; the administrator's only), rename a
 * group. Removing a person is revoking their invite, in the invite list.
 *
 * Three forms, `form[data-form="add"|"edit"|"group"]`, each answering in its own status line.
 * Data down: `token`, `sessionId`, `invites`, `groups`, `administrator` (false for a
 * co-facilitator: no export or erasure). Events up (bubbling):
 * `atelier-person-added` with `detail: { invite }` (with its `token` and `url`),
 * `atelier-roster-changed` (the session should be read again).
 */
export class AtelierPeopleEditor extends HTMLElement {
  /** @type {string} */
  token = ''
  /** @type {string} */
  sessionId = ''
  administrator = true
  /** @type {import('../lib/session-state.js').Invite[]} */
  #invites = []
  /** @type {{ id: string, name: string }[]} */
  #groups = []
  /** @type {{ form: string, kind: 'ok' | 'error', text: string } | null} */
  #status = null
  #busy = false
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {import('../lib/session-state.js').Invite[]} invites */
  set invites(invites) {
    this.#invites = invites
    if (this.isConnected && !this.contains(document.activeElement)) this.#render()
  }

  /** @param {{ id: string, name: string }[]} groups */
  set groups(groups) {
    this.#groups = groups
    if (this.isConnected && !this.contains(document.activeElement)) this.#render()
  }

  connectedCallback() {
    this.addEventListener('submit', this.#onSubmit)
    this.addEventListener('change', this.#onChange)
    this.addEventListener('click', this.#onClick)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('submit', this.#onSubmit)
    this.removeEventListener('change', this.#onChange)
    this.removeEventListener('click', this.#onClick)
    this.#stopLanguage?.()
  }

  /** @param {string} form */
  #statusLine(form) {
    const status = this.#status?.form === form ? this.#status : null
    return html`<p class="form-status ${status?.kind === 'error' ? 'notice error' : ''}" role="${status?.kind === 'error' ? 'alert' : 'status'}">${status?.text ?? ''}</p>`
  }

  #render() {
    const people = this.#invites.filter((i) => !i.revoked)
    const groupOptions = this.#groups.map((g) => html`<option value="${g.id}">${g.name}</option>`)
    render(
      this,
      html`<h2>${t('people.title')}</h2>
        <form data-form="add" class="people-form">
          <h3>${t('people.add')}</h3>
          <label>${t('people.name')} <input name="name" required maxlength="200" autocomplete="off" /></label>
          <label>${t('people.role')}
            <select name="role">
              <option value="participant">${t('role.participant')}</option>
              <option value="juror">${t('role.juror')}</option>
              <option value="observer">${t('role.observer')}</option>
              <option value="facilitator">${t('role.coFacilitator')}</option>
            </select>
          </label>
          <label data-field="group">${t('people.group')} <select name="group">${groupOptions}</select></label>
          <button type="submit" ${this.#busy ? html`disabled` : ''}>${t('people.addButton')}</button>
          ${this.#statusLine('add')}
        </form>
        <form data-form="edit" class="people-form">
          <h3>${t('people.edit')}</h3>
          <label>${t('people.person')}
            <select name="invite">${people.map((p) => html`<option value="${p.id}" data-role="${p.role}">${p.name} — ${inviteRoleText(p.role)}</option>`)}</select>
          </label>
          <label>${t('people.newName')} <input name="name" maxlength="200" autocomplete="off" /></label>
          <label data-field="group">${t('people.moveTo')}
            <select name="group"><option value="">${t('people.sameGroup')}</option>${groupOptions}</select>
          </label>
          <button type="submit" ${this.#busy || people.length === 0 ? html`disabled` : ''}>${t('people.editButton')}</button>
          ${this.administrator
            ? html`<button type="button" class="secondary" data-action="export" ${this.#busy || people.length === 0 ? html`disabled` : ''}>${t('people.export')}</button>
                <button type="button" class="critical" data-action="erase" ${this.#busy || people.length === 0 ? html`disabled` : ''}>${t('people.erase')}</button>`
            : ''}
          ${this.#statusLine('edit')}
        </form>
        <form data-form="group" class="people-form">
          <h3>${t('people.renameGroup')}</h3>
          <label>${t('people.group')} <select name="group">${groupOptions}</select></label>
          <label>${t('people.newName')} <input name="name" required maxlength="200" autocomplete="off" /></label>
          <button type="submit" ${this.#busy ? html`disabled` : ''}>${t('people.renameButton')}</button>
          ${this.#statusLine('group')}
        </form>`,
    )
    this.#showGroupFields()
  }

  /** The group fields show only where they apply (a participant). */
  #showGroupFields() {
    const add = this.querySelector('form[data-form="add"]')
    const role = add?.querySelector('select[name="role"]')
    const addGroup = add?.querySelector('[data-field="group"]')
    if (role instanceof HTMLSelectElement && addGroup instanceof HTMLElement) addGroup.hidden = role.value !== 'participant'
    const edit = this.querySelector('form[data-form="edit"]')
    const person = edit?.querySelector('select[name="invite"]')
    const editGroup = edit?.querySelector('[data-field="group"]')
    if (person instanceof HTMLSelectElement && editGroup instanceof HTMLElement) {
      editGroup.hidden = person.selectedOptions[0]?.dataset.role !== 'participant'
    }
  }

  #onChange = () => this.#showGroupFields()

  /** @param {Event} event "Export data" or "Erase…" on the person chosen in the edit form */
  #onClick = async (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null
    if (!(button instanceof HTMLButtonElement) || this.#busy) return
    const action = button.dataset.action
    if (action !== 'export' && action !== 'erase') return
    const select = this.querySelector('form[data-form="edit"] select[name="invite"]')
    const person = this.#invites.find((i) => i.id === (select instanceof HTMLSelectElement ? select.value : ''))
    if (!person) return
    const path = `/sessions/${seg(this.sessionId)}/people/${seg(person.id)}`
    if (action === 'erase') {
      const confirmed = await confirmStep({
        title: t('people.eraseTitle', { name: person.name }),
        body: t('people.eraseBody'),
        confirm: t('people.eraseConfirm'),
        name: 'erase-person',
        critical: true,
      })
      if (!confirmed) return
    }
    this.#busy = true
    try {
      if (action === 'export') {
        const data = await api(`${path}/export`, { token: this.token })
        const link = document.createElement('a')
        link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }))
        link.download = `atelier-${person.id}.json`
        link.hidden = true
        this.append(link)
        link.click()
        link.remove()
        setTimeout(() => URL.revokeObjectURL(link.href), 10_000)
        this.#status = { form: 'edit', kind: 'ok', text: t('people.exported', { name: person.name }) }
      } else {
        await api(`${path}/erase`, { token: this.token, method: 'POST' })
        this.#status = { form: 'edit', kind: 'ok', text: t('people.erased') }
        this.dispatchEvent(new CustomEvent('atelier-roster-changed', { bubbles: true }))
      }
    } catch (error) {
      this.#status = { form: 'edit', kind: 'error', text: errorText(error) }
    } finally {
      this.#busy = false
      this.#render()
    }
  }

  /** @param {Event} event */
  #onSubmit = async (event) => {
    const form = event.target instanceof HTMLFormElement ? event.target : null
    if (!form || this.#busy) return
    event.preventDefault()
    const data = new FormData(form)
    const text = (/** @type {string} */ name) => String(data.get(name) ?? '').trim()
    const which = form.dataset.form ?? ''
    const base = `/sessions/${seg(this.sessionId)}`
    this.#busy = true
    try {
      if (which === 'add') {
        const role = text('role')
        const body = role === 'participant' ? { name: text('name'), role, group: text('group') } : { name: text('name'), role }
        const answer = await api(`${base}/people`, { token: this.token, method: 'POST', body })
        this.dispatchEvent(new CustomEvent('atelier-person-added', { bubbles: true, detail: { invite: answer?.invite } }))
        this.#status = { form: which, kind: 'ok', text: t('people.added', { name: body.name }) }
      } else if (which === 'edit') {
        /** @type {{ name?: string, group?: string }} */
        const body = {}
        if (text('name')) body.name = text('name')
        if (text('group') && !form.querySelector('[data-field="group"]')?.hasAttribute('hidden')) body.group = text('group')
        await api(`${base}/people/${seg(text('invite'))}`, { token: this.token, method: 'PATCH', body })
        this.#status = { form: which, kind: 'ok', text: t('people.edited') }
      } else if (which === 'group') {
        await api(`${base}/groups/${seg(text('group'))}`, { token: this.token, method: 'PATCH', body: { name: text('name') } })
        this.#status = { form: which, kind: 'ok', text: t('people.groupRenamed', { name: text('name') }) }
      }
      this.dispatchEvent(new CustomEvent('atelier-roster-changed', { bubbles: true }))
      form.reset()
    } catch (error) {
      this.#status = { form: which, kind: 'error', text: errorText(error) }
    } finally {
      this.#busy = false
      if (document.activeElement instanceof HTMLElement && this.contains(document.activeElement)) document.activeElement.blur()
      this.#render()
    }
  }
}

customElements.define('atelier-people-editor', AtelierPeopleEditor)
