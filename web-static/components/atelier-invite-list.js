import { html, render } from '../lib/html.js'
import { inviteRoleText, onLanguageChange, t } from '../lib/i18n.js'
import { confirmStep } from './confirm-step.js'
import { isErased } from '../lib/session-state.js'

/**
 * The session's invites: name, role, group, status (online, revoked; a revoked invite gets
 * "New link", which restores it), and, while this page
 * knows it, the invite link with a Copy button. Links are shown once by the server (at
 * creation, or when reissued), so when there are links a warning says so; Print prints
 * only this list (see the print stylesheet: one invite per line — name, role, group, URL).
 *
 * Data down: `invites` (Invite[] of lib/session-state.js), `groups` ({ id, name }[], to
 * name the groups), `sessionTitle` (printed as the heading). Events up:
 * `atelier-invite-action` with `detail: { action: 'reissue' | 'revoke', invite }`.
 */
export class AtelierInviteList extends HTMLElement {
  /** @type {import('../lib/session-state.js').Invite[]} */
  #invites = []
  /** @type {{ id: string, name: string }[]} */
  #groups = []
  #sessionTitle = ''
  /** @type {string | null} */
  #copied = null
  /** @type {ReturnType<typeof setTimeout> | null} */
  #copiedTimer = null
  /** @type {string | null} */
  #message = null
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {import('../lib/session-state.js').Invite[]} invites */
  set invites(invites) {
    this.#invites = invites
    if (this.isConnected) this.#render()
  }

  /** @param {{ id: string, name: string }[]} groups */
  set groups(groups) {
    this.#groups = groups
    if (this.isConnected) this.#render()
  }

  /** @param {string} title */
  set sessionTitle(title) {
    this.#sessionTitle = title
    if (this.isConnected) this.#render()
  }

  connectedCallback() {
    this.addEventListener('click', this.#onClick)
    window.addEventListener('afterprint', this.#onAfterPrint)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
    window.removeEventListener('afterprint', this.#onAfterPrint)
    this.#stopLanguage?.()
  }

  /** @param {Event} event */
  #onClick = async (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null
    if (!(button instanceof HTMLButtonElement)) return
    const action = button.dataset.action
    const row = button.closest('tr')
    const invite = this.#invites.find((i) => i.id === row?.dataset.inviteId)
    if (action === 'copy' && invite?.url) {
      await this.#copy(invite.url, row?.querySelector('input'))
      this.#showCopied(invite.id)
    } else if (action === 'copy-all') {
      const lines = this.#invites
        .filter((i) => i.url && !i.revoked)
        .map((i) => [i.name, inviteRoleText(i.role), this.#groupName(i.group), i.url].join('\t'))
      await this.#copy(lines.join('\n'), null)
      this.#showCopied('*')
    } else if (action === 'print') {
      document.body.dataset.print = 'invites'
      window.print()
    } else if ((action === 'reissue' || action === 'revoke') && invite) {
      const reissue = action === 'reissue'
      const confirmed = await confirmStep({
        name: `${action}-invite`,
        title: `${t(reissue ? 'invites.reissue' : 'invites.revoke')} — ${invite.name}`,
        body: t(reissue ? (invite.revoked ? 'invites.confirmRestore' : 'invites.confirmReissue') : 'invites.confirmRevoke', { name: invite.name }),
        confirm: t(reissue ? 'invites.reissue' : 'invites.revoke'),
        critical: !reissue,
      })
      if (!confirmed) return
      this.dispatchEvent(new CustomEvent('atelier-invite-action', { bubbles: true, detail: { action, invite } }))
    }
  }

  #onAfterPrint = () => {
    delete document.body.dataset.print
  }

  /**
   * Copies text with the Clipboard API, else by selecting it in a field.
   * @param {string} text
   * @param {Element | null | undefined} field
   */
  async #copy(text, field) {
    this.#message = null
    try {
      await navigator.clipboard.writeText(text)
      return
    } catch {
      // not a secure context, or no permission: fall back to a selection
    }
    let input = field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement ? field : null
    const temporary = !input
    if (!input) {
      input = document.createElement('textarea')
      input.value = text
      input.className = 'visually-hidden'
      this.append(input)
    }
    input.select()
    const ok = document.execCommand('copy')
    if (temporary) input.remove()
    if (!ok) this.#message = t('invites.copyFailed')
  }

  /** @param {string | null} id @returns {string} */
  #groupName(id) {
    if (!id) return t('common.none')
    return this.#groups.find((g) => g.id === id)?.name ?? id
  }

  #render() {
    const invites = this.#invites
    const withLinks = invites.some((i) => i.url && !i.revoked)
    this.dataset.links = String(withLinks)
    render(
      this,
      html`<div class="section-header">
          <h2>${t('invites.title')} <small>(${invites.length})</small></h2>
          <div class="actions">
            ${withLinks
              ? html`<button type="button" class="secondary small" data-action="copy-all">${this.#copied === '*' ? t('invites.copied') : t('invites.copyAll')}</button>
                  <button type="button" class="secondary small" data-action="print">${t('invites.print')}</button>`
              : ''}
          </div>
        </div>
        <h1 class="print-only">${t('invites.printTitle', { title: this.#sessionTitle })}</h1>
        ${withLinks ? html`<p class="notice warn once-warning" role="note">${t('invites.onceWarning')}</p>` : ''}
        ${this.#message ? html`<p class="notice error" role="alert">${this.#message}</p>` : ''}
        <table class="data-table invites reflow">
          <thead>
            <tr>
              <th scope="col">${t('invites.name')}</th>
              <th scope="col">${t('invites.role')}</th>
              <th scope="col">${t('invites.group')}</th>
              <th scope="col" class="link-col">${t('invites.link')}</th>
              <th scope="col" class="status-col">${t('invites.status')}</th>
              <th scope="col" class="actions-col"><span class="visually-hidden">${t('invites.reissue')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${invites.map((invite) => this.#row(invite))}
          </tbody>
        </table>`,
    )
  }

  /** @param {import('../lib/session-state.js').Invite} invite */
  #row(invite) {
    const url = invite.revoked ? null : invite.url ?? null
    const status = invite.revoked ? 'revoked' : invite.online ? 'online' : 'offline'
    // An erased person's invite cannot be given a new link (409 `person-erased`): no button.
    const erased = isErased(invite)
    return html`<tr data-invite-id="${invite.id}" data-role="${invite.role}" data-group="${invite.group ?? ''}" data-status="${status}"
      data-erased="${String(erased)}"
      class="${url ? 'has-link' : 'no-link'}">
      <td class="name" data-label="${t('invites.name')}">${invite.name}</td>
      <td data-label="${t('invites.role')}">${inviteRoleText(invite.role)}</td>
      <td data-label="${t('invites.group')}">${this.#groupName(invite.group)}</td>
      <td class="link-col" data-label="${t('invites.link')}">
        ${url
          ? html`<span class="copy-field">
                <input class="invite-url" readonly value="${url}" aria-label="${t('invites.link')} — ${invite.name}" />
                <button type="button" class="secondary small" data-action="copy">${this.#copied === invite.id ? t('invites.copied') : t('invites.copy')}</button>
              </span>
              <span class="print-only url-text">${url}</span>`
          : html`<span class="muted">${invite.revoked ? t('common.none') : t('invites.hidden')}</span>`}
      </td>
      <td class="status-col" data-label="${t('invites.status')}"><span class="badge ${status}">${erased ? t('invites.erased') : t(/** @type {any} */ (`invites.${status}`))}</span></td>
      <td class="actions-col">
        ${erased
          ? ''
          : invite.revoked
          ? html`<button type="button" class="link-button" data-action="reissue">${t('invites.reissue')}</button>`
          : html`<button type="button" class="link-button" data-action="reissue">${t('invites.reissue')}</button>
              <button type="button" class="link-button danger" data-action="revoke">${t('invites.revoke')}</button>`}
      </td>
    </tr>`
  }

  /**
   * "Copied" on the button just used, for a few seconds (then it offers to copy again).
   * @param {string} id an invite id, or `*` for every link
   */
  #showCopied(id) {
    this.#copied = id
    this.#render()
    if (this.#copiedTimer !== null) clearTimeout(this.#copiedTimer)
    this.#copiedTimer = setTimeout(() => {
      this.#copiedTimer = null
      this.#copied = null
      if (this.isConnected) this.#render()
    }, 4000)
  }
}

customElements.define('atelier-invite-list', AtelierInviteList)
