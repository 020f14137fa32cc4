import { api, seg } from '../lib/api.js'
import { errorText } from '../lib/errors.js'
import { html, render } from '../lib/html.js'
import { formatDateTime, onLanguageChange, phaseName, t } from '../lib/i18n.js'
import { BoardModel } from '../board/board-model.js'
import { checkpointName, comparisonByZone, docFromExport, fieldsText, itemText, readCheckpoints } from '../board/checkpoints.js'
import { kindOf } from '../board/kinds/registry.js'
import { confirmStep } from './confirm-step.js'

/**
 * The facilitator's checkpoints of a board, on its page (docs/API.md, "Checkpoints" and
 * "Checkpoints and private mode in the browser"), folded under "Checkpoints (n)":
 * - "Save checkpoint" with a name (`POST /api/v1/boards/{id}/checkpoints`);
 * - the board's checkpoints, oldest first (a phase move's named "End of <phase>"), each with
 *   "View" (the board as it was, read-only, in a dialog headed "As it was at …": the same
 *   canvas or deck as the page, drawing the checkpoint's `export.json`), "Compare with now"
 *   and "Restore";
 * - "Compare two checkpoints" (from one to another, or to now);
 * - a comparison, in a dialog: the items added, removed and changed (with what changed) per
 *   zone, zones named by the board kind, items by their text; from a comparison with now,
 *   "Restore" too;
 * - "Restore" asks first, saying that nothing is lost: the board as it stands is saved as a
 *   checkpoint "Before restoring …" and offline edits merge in; then `POST …/restore`, which
 *   reaches every open page as an ordinary update.
 * A refusal shows in the status line, in the reader's language.
 *
 * Data down: `token`, `boardId`, `kind` (board/kinds/ `BoardKind`), `phases` (the session's,
 * for their labels), `timeZone` (the session's), `slideLimit`. Call `reload()` when the list
 * may have changed (a phase move). Mirrors `data-count` and `data-state` (`loading`,
 * `ready`, `error`); rows are `li[data-checkpoint-id]`, buttons carry `data-action` (`view`,
 * `compare-now`, `restore`) and `data-id`; the forms are `form[data-form="save"]` and
 * `form[data-form="compare"]`; the dialogs `dialog[data-dialog="checkpoint-view"]` (with
 * `data-checkpoint-id`, `data-items`) and `dialog[data-dialog="checkpoint-compare"]` (with
 * `data-from`, `data-to`, `data-added`, `data-removed`, `data-changed`; a zone is
 * `section[data-zone]`, an item `li[data-item-id]`).
 */
export class AtelierBoardCheckpoints extends HTMLElement {
  /** @type {string} */
  token = ''
  /** @type {string} */
  boardId = ''
  /** @type {readonly { id: string, label?: unknown }[]} */
  phases = []
  /** @type {string | undefined} */
  timeZone = undefined
  /** @type {number} */
  slideLimit = 10
  /** @type {import('../board/kinds/kind.js').BoardKind} */
  #kind = kindOf('')
  /** @type {import('../board/checkpoints.js').Checkpoint[]} */
  #checkpoints = []
  /** @type {'loading' | 'ready' | 'error'} */
  #state = 'loading'
  #open = false
  #busy = false
  /** @type {{ kind: 'ok' | 'error', text: string } | null} */
  #status = null
  /** @type {(() => void) | null} */
  #stopLanguage = null
  #loaded = false

  /** @param {import('../board/kinds/kind.js').BoardKind} kind */
  set kind(kind) {
    this.#kind = kind
  }

  connectedCallback() {
    this.classList.add('board-checkpoints')
    this.addEventListener('click', this.#onClick)
    this.addEventListener('submit', this.#onSubmit)
    this.addEventListener('toggle', this.#onToggle, true)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('submit', this.#onSubmit)
    this.removeEventListener('toggle', this.#onToggle, true)
    this.#stopLanguage?.()
  }

  /** Loads the list once the board and the token are known (later calls reload it). */
  async reload() {
    if (!this.boardId || !this.token) return
    this.#loaded = true
    try {
      this.#checkpoints = readCheckpoints(await api(`/boards/${seg(this.boardId)}/checkpoints`, { token: this.token }))
      this.#state = 'ready'
    } catch (error) {
      this.#state = 'error'
      this.#status = { kind: 'error', text: errorText(error) }
    }
    this.#render()
  }

  /** Loads the list the first time it is wanted. */
  start() {
    if (!this.#loaded) void this.reload()
  }

  /** @param {import('../board/checkpoints.js').Checkpoint} checkpoint */
  #name(checkpoint) {
    return checkpointName(checkpoint, this.phases)
  }

  /** @param {import('../board/checkpoints.js').Checkpoint} checkpoint */
  #when(checkpoint) {
    return formatDateTime(checkpoint.createdAt, { dateStyle: 'short', timeStyle: 'short', timeZone: this.timeZone })
  }

  #render() {
    if (!this.isConnected) return
    const focused = document.activeElement instanceof HTMLElement && this.contains(document.activeElement) ? document.activeElement : null
    const named = focused instanceof HTMLInputElement || focused instanceof HTMLSelectElement ? focused.name : ''
    const focusKey = named ? `[name="${named}"]` : focused?.dataset.action ? `[data-action="${focused.dataset.action}"]${focused.dataset.id ? `[data-id="${focused.dataset.id}"]` : ''}` : null
    // What is typed or chosen in the forms stays across a render.
    const kept = [...this.querySelectorAll('input[name], select[name]')].map((el) => /** @type {HTMLInputElement | HTMLSelectElement} */ (el))
    const values = new Map(kept.map((el) => [el.name, el.value]))
    const list = this.#checkpoints
    this.dataset.count = String(list.length)
    this.dataset.state = this.#state
    render(
      this,
      html`<details ${this.#open ? html`open` : ''}>
        <summary>${t('checkpoints.count', { count: list.length })}</summary>
        <div class="checkpoints-body">
          <form data-form="save" class="tool-group">
            <label>${t('checkpoints.label')} <input type="text" name="label" required maxlength="200" autocomplete="off" /></label>
            <button type="submit" data-action="save">${t('checkpoints.save')}</button>
          </form>
          ${this.#state === 'loading'
            ? html`<p class="muted">${t('checkpoints.loading')}</p>`
            : list.length === 0
              ? html`<p class="muted checkpoints-none">${t('checkpoints.none')}</p>`
              : html`<ol class="checkpoint-list" aria-label="${t('checkpoints.list')}">
                  ${[...list].reverse().map((cp) => {
                    const name = this.#name(cp)
                    return html`<li data-checkpoint-id="${cp.id}">
                      <span class="checkpoint-name">${name}</span>
                      <span class="muted checkpoint-meta">${t('checkpoints.meta', { time: this.#when(cp), phase: phaseName(cp.phase, this.phases.find((p) => p.id === cp.phase)?.label) })}</span>
                      <span class="checkpoint-actions">
                        <button type="button" class="secondary small" data-action="view" data-id="${cp.id}" aria-label="${t('checkpoints.viewLabel', { label: name })}">${t('checkpoints.view')}</button>
                        <button type="button" class="secondary small" data-action="compare-now" data-id="${cp.id}" aria-label="${t('checkpoints.compareNowLabel', { label: name })}">${t('checkpoints.compareNow')}</button>
                        <button type="button" class="secondary small" data-action="restore" data-id="${cp.id}" aria-label="${t('checkpoints.restoreLabel', { label: name })}">${t('checkpoints.restore')}</button>
                      </span>
                    </li>`
                  })}
                </ol>`}
          ${list.length > 0
            ? html`<form data-form="compare" class="tool-group" aria-label="${t('checkpoints.compareTwo')}">
                <span class="compare-title">${t('checkpoints.compareTwo')}</span>
                <label>${t('checkpoints.from')} <select name="from">${list.map((cp) => html`<option value="${cp.id}">${this.#name(cp)}</option>`)}</select></label>
                <label>${t('checkpoints.to')} <select name="to">
                  <option value="now">${t('checkpoints.now')}</option>
                  ${list.map((cp) => html`<option value="${cp.id}">${this.#name(cp)}</option>`)}
                </select></label>
                <button type="submit" class="secondary" data-action="compare">${t('checkpoints.compare')}</button>
              </form>`
            : ''}
          <p class="form-status ${this.#status?.kind === 'error' ? 'notice error' : ''}" role="${this.#status?.kind === 'error' ? 'alert' : 'status'}">${this.#status?.text ?? ''}</p>
        </div>
      </details>`,
    )
    for (const [name, value] of values) {
      const field = this.querySelector(`[name="${name}"]`)
      if ((field instanceof HTMLInputElement || field instanceof HTMLSelectElement) && (field instanceof HTMLInputElement || [...field.options].some((o) => o.value === value))) field.value = value
    }
    if (focusKey) /** @type {HTMLElement | null} */ (this.querySelector(focusKey))?.focus()
  }

  /** @param {Event} event */
  #onToggle = (event) => {
    const details = event.target
    // A render makes the panel anew (open as it was): only a person's toggle counts.
    if (!(details instanceof HTMLDetailsElement) || details.parentElement !== this || details.open === this.#open) return
    this.#open = details.open
    if (details.open) void this.reload()
  }

  /** @param {MouseEvent} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action][data-id]') : null
    if (!(button instanceof HTMLButtonElement) || this.#busy) return
    const checkpoint = this.#checkpoints.find((cp) => cp.id === button.dataset.id)
    if (!checkpoint) return
    const action = button.dataset.action
    if (action === 'view') void this.#view(checkpoint)
    else if (action === 'compare-now') void this.#compare(checkpoint, 'now')
    else if (action === 'restore') void this.#restore(checkpoint)
  }

  /** @param {SubmitEvent} event */
  #onSubmit = (event) => {
    const form = event.target instanceof HTMLFormElement ? event.target : null
    if (!form) return
    event.preventDefault()
    const data = new FormData(form)
    if (form.dataset.form === 'save') void this.#save(String(data.get('label') ?? '').trim(), form)
    else if (form.dataset.form === 'compare') {
      const from = this.#checkpoints.find((cp) => cp.id === data.get('from'))
      if (from) void this.#compare(from, String(data.get('to') ?? 'now'))
    }
  }

  /**
   * @param {string} label
   * @param {HTMLFormElement} form
   */
  async #save(label, form) {
    if (!label || this.#busy) return
    // Cleared before the answer's render, which keeps what the fields hold.
    const field = form.elements.namedItem('label')
    if (field instanceof HTMLInputElement) field.value = ''
    const saved = await this.#call(`/boards/${seg(this.boardId)}/checkpoints`, { method: 'POST', body: { label } })
    if (!saved) {
      const again = this.querySelector('input[name="label"]')
      if (again instanceof HTMLInputElement) again.value = label
      return
    }
    this.#status = { kind: 'ok', text: t('checkpoints.saved', { label }) }
    await this.reload()
  }

  /**
   * The board as it was, read-only, in a dialog.
   * @param {import('../board/checkpoints.js').Checkpoint} checkpoint
   */
  async #view(checkpoint) {
    const board = await this.#call(`/boards/${seg(this.boardId)}/checkpoints/${seg(checkpoint.id)}/export.json`, {})
    if (!board) return
    const name = this.#name(checkpoint)
    const doc = docFromExport(board)
    const model = new BoardModel(doc, { author: '', kind: this.#kind })
    const items = model.items()
    model.variant = this.#kind.variantOf(items)
    const dialog = openDialog('checkpoint-view', t('checkpoints.asItWas', { label: name }), html`<p class="notice info checkpoint-read-only">${t('checkpoints.readOnly', { label: name, time: this.#when(checkpoint) })}</p>
      <div class="checkpoint-surface"></div>`)
    dialog.dataset.checkpointId = checkpoint.id
    dialog.dataset.items = String(items.length)
    const surface = /** @type {HTMLElement} */ (dialog.querySelector('.checkpoint-surface'))
    if (this.#kind.surface === 'deck') {
      await import('./board-deck.js')
      const deck = /** @type {import('./board-deck.js').AtelierBoardDeck} */ (document.createElement('atelier-board-deck'))
      deck.slideLimit = this.slideLimit
      deck.readOnly = true
      surface.append(deck)
      deck.model = model
    } else {
      await import('./board-canvas.js')
      const canvas = /** @type {import('./board-canvas.js').AtelierBoardCanvas} */ (document.createElement('atelier-board-canvas'))
      canvas.readOnly = true
      surface.append(canvas)
      canvas.model = model
      requestAnimationFrame(() => canvas.fit())
    }
    dialog.addEventListener('close', () => {
      model.destroy()
      doc.destroy()
    })
  }

  /**
   * A comparison in a dialog: from a checkpoint to now or to another.
   * @param {import('../board/checkpoints.js').Checkpoint} from
   * @param {string} to `now` or a checkpoint's id
   */
  async #compare(from, to) {
    /** @type {import('../board/checkpoints.js').Comparison | null} */
    const comparison = await this.#call(`/boards/${seg(this.boardId)}/checkpoints/${seg(from.id)}/compare?to=${encodeURIComponent(to)}`, {})
    if (!comparison) return
    const target = this.#checkpoints.find((cp) => cp.id === to)
    const title = target ? t('checkpoints.changesTo', { from: this.#name(from), to: this.#name(target) }) : t('checkpoints.changesToNow', { from: this.#name(from) })
    const zones = comparisonByZone(comparison, this.#kind)
    const counts = { added: comparison.added.length, removed: comparison.removed.length, changed: comparison.changed.length }
    const slidesMoved = Boolean(comparison.slides && comparison.slides.from !== comparison.slides.to)
    const dialog = openDialog(
      'checkpoint-compare',
      title,
      html`<p class="checkpoint-summary">${counts.added + counts.removed + counts.changed > 0 ? t('checkpoints.summary', counts) : slidesMoved ? '' : t('checkpoints.noChange')}</p>
        ${slidesMoved && comparison.slides ? html`<p class="checkpoint-slides">${t('checkpoints.slides', comparison.slides)}</p>` : ''}
        ${zones.map((zone) => html`<section class="zone-changes" data-zone="${zone.id}" aria-label="${zone.label}">
          <h3>${zone.label}</h3>
          ${zone.added.length ? html`<h4>${t('checkpoints.added', { count: zone.added.length })}</h4>
            <ul class="changes added">${zone.added.map((item) => html`<li data-item-id="${item.id}">${itemText(item)}</li>`)}</ul>` : ''}
          ${zone.removed.length ? html`<h4>${t('checkpoints.removed', { count: zone.removed.length })}</h4>
            <ul class="changes removed">${zone.removed.map((item) => html`<li data-item-id="${item.id}">${itemText(item)}</li>`)}</ul>` : ''}
          ${zone.changed.length ? html`<h4>${t('checkpoints.changed', { count: zone.changed.length })}</h4>
            <ul class="changes changed">${zone.changed.map(({ item, was, fields }) => html`<li data-item-id="${item.id}">${was && fields.includes('text') && itemText(was) !== itemText(item) ? html`<del>${itemText(was)}</del> → ` : ''}${itemText(item)} <span class="muted">(${fieldsText(fields)})</span></li>`)}</ul>` : ''}
        </section>`)}`,
      to === 'now' ? html`<button type="button" class="critical" data-action="restore-from-compare">${t('checkpoints.restoreLabel', { label: this.#name(from) })}</button>` : html``,
    )
    Object.assign(dialog.dataset, { from: from.id, to, ...Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, String(v)])) })
    dialog.querySelector('[data-action="restore-from-compare"]')?.addEventListener('click', () => {
      dialog.close()
      void this.#restore(from)
    })
  }

  /**
   * Restores a checkpoint after a confirmation, the board as it stands saved first.
   * @param {import('../board/checkpoints.js').Checkpoint} checkpoint
   */
  async #restore(checkpoint) {
    const label = this.#name(checkpoint)
    const before = t('checkpoints.beforeRestore', { label: label.length > 120 ? `${label.slice(0, 119)}…` : label })
    const confirmed = await confirmStep({
      title: t('checkpoints.restoreTitle', { label }),
      body: t('checkpoints.restoreBody', { label, before }),
      confirm: t('checkpoints.restore'),
      name: 'restore-checkpoint',
      critical: true,
    })
    if (!confirmed) return
    // The server saves the board as it stands under `before`, then restores, in one request.
    const answer = await this.#call(`/boards/${seg(this.boardId)}/checkpoints/${seg(checkpoint.id)}/restore`, { method: 'POST', body: { saveAs: before } })
    if (!answer) return
    /** @type {import('../board/checkpoints.js').Comparison} */
    const restored = answer.restored ?? { added: [], removed: [], changed: [] }
    const summary = t('checkpoints.summary', { added: restored.added?.length ?? 0, removed: restored.removed?.length ?? 0, changed: restored.changed?.length ?? 0 })
    this.#status = { kind: 'ok', text: t('checkpoints.restored', { label, summary }) }
    this.dataset.restored = checkpoint.id
    await this.reload()
  }

  /**
   * Calls the API; a refusal goes to the status line.
   * @param {string} path
   * @param {{ method?: string, body?: unknown }} options
   * @returns {Promise<any>} the answer ({} for an empty one), or null when refused
   */
  async #call(path, { method = 'GET', body }) {
    this.#busy = true
    this.#status = null
    try {
      return (await api(path, { token: this.token, method, body })) ?? {}
    } catch (error) {
      this.#status = { kind: 'error', text: errorText(error) }
      this.#open = true
      return null
    } finally {
      this.#busy = false
      this.#render()
    }
  }
}

let dialogs = 0

/**
 * A modal dialog on the page (not inside the board editor, whose canvas it must not shadow),
 * with a heading, content, a close button and optional actions; removed once closed, the
 * focus back where it was.
 * @param {string} name its `data-dialog`
 * @param {string} title
 * @param {import('../lib/html.js').SafeHTML} content
 * @param {import('../lib/html.js').SafeHTML} [actions]
 * @returns {HTMLDialogElement}
 */
function openDialog(name, title, content, actions = html``) {
  const id = `checkpoint-dialog-${++dialogs}`
  const dialog = document.createElement('dialog')
  dialog.className = 'checkpoint-dialog'
  dialog.dataset.dialog = name
  dialog.setAttribute('aria-labelledby', `${id}-title`)
  render(
    dialog,
    html`<div class="checkpoint-dialog-head">
        <h2 id="${`${id}-title`}">${title}</h2>
        <button type="button" class="secondary" data-action="close">${t('checkpoints.close')}</button>
      </div>
      <div class="checkpoint-dialog-body">${content}</div>
      <div class="dialog-actions">${actions}</div>`,
  )
  const before = document.activeElement instanceof HTMLElement ? document.activeElement : null
  document.body.append(dialog)
  dialog.querySelector('[data-action="close"]')?.addEventListener('click', () => dialog.close())
  dialog.addEventListener('close', () => {
    dialog.remove()
    if (before?.isConnected) before.focus()
  })
  dialog.showModal()
  const close = dialog.querySelector('[data-action="close"]')
  if (close instanceof HTMLElement) close.focus()
  return dialog
}

customElements.define('atelier-board-checkpoints', AtelierBoardCheckpoints)
