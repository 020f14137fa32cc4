import { html, render } from '../lib/html.js'
import { localized, onLanguageChange, t } from '../lib/i18n.js'
import { NOTE_COLORS } from '../lib/schema.js'
import { isColor } from '../lib/session.js'

/**
 * @typedef {object} ToolbarState
 * @property {boolean} writable
 * @property {string[]} selection selected item ids
 * @property {string} variant the layout in use
 * @property {boolean} canUndo
 * @property {boolean} canRedo
 * @property {{ used: number, budget: number } | null} votes this person's dots on a voting board (null: they do not vote)
 */

/**
 * The board's toolbar: the tools its kind offers (add a note, a text, a node, a frame, an
 * image; link two items), colours, order, undo, zoom, the kind's layouts and votes, export.
 * It only renders and tells: every button sends an action up.
 *
 * Data down: `kind` (board/kinds/kind.js), `state` ({@link ToolbarState}). Events up:
 * `atelier-board-action` with `detail: { action, type?, color?, variant? }`. Buttons keep
 * `data-action` (and `data-type`, `data-color`) for tests, and the keyboard focus survives
 * a re-render.
 */
export class AtelierBoardToolbar extends HTMLElement {
  /** @type {import('../board/kinds/kind.js').BoardKind | null} */
  #kind = null
  /** @type {ToolbarState} */
  #state = { writable: false, selection: [], variant: 'default', canUndo: false, canRedo: false, votes: null }
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {import('../board/kinds/kind.js').BoardKind | null} kind */
  set kind(kind) {
    this.#kind = kind
    this.#render()
  }

  /** @param {ToolbarState} state */
  set state(state) {
    this.#state = state
    this.#render()
  }

  connectedCallback() {
    this.classList.add('board-toolbar')
    this.setAttribute('role', 'toolbar')
    this.addEventListener('click', this.#onClick)
    this.addEventListener('change', this.#onChange)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('change', this.#onChange)
    this.#stopLanguage?.()
  }

  /** @param {MouseEvent} event */
  #onClick = (event) => {
    const button = /** @type {HTMLElement | null} */ ((/** @type {Element} */ (event.target)).closest('button[data-action]'))
    if (!button || (button instanceof HTMLButtonElement && button.disabled)) return
    const { action, type, color } = button.dataset
    this.dispatchEvent(new CustomEvent('atelier-board-action', { bubbles: true, detail: { action, type, color } }))
  }

  /** @param {Event} event */
  #onChange = (event) => {
    const target = event.target
    if (target instanceof HTMLSelectElement && target.dataset.action === 'variant') {
      this.dispatchEvent(new CustomEvent('atelier-board-action', { bubbles: true, detail: { action: 'variant', variant: target.value } }))
    }
  }

  #render() {
    if (!this.isConnected) return
    const kind = this.#kind
    this.setAttribute('aria-label', t('editor.toolbar'))
    if (!kind) {
      render(this, html``)
      return
    }
    const { writable, selection, variant, canUndo, canRedo, votes } = this.#state
    const ro = !writable
    const dis = ro ? html`disabled` : ''
    const none = ro || selection.length === 0 ? html`disabled` : ''
    // Re-rendering must not lose the keyboard focus of a tool.
    const focused = /** @type {HTMLElement | null} */ (this.contains(document.activeElement) ? document.activeElement : null)
    const focusKey = focused
      ? `[data-action="${focused.dataset.action}"]${focused.dataset.type ? `[data-type="${focused.dataset.type}"]` : ''}${focused.dataset.color ? `[data-color="${focused.dataset.color}"]` : ''}`
      : null
    const undo = html`<div class="tool-group">
      <button type="button" class="secondary" data-action="undo" ${ro || !canUndo ? html`disabled` : ''} title="${t('key.ctrl')}+Z">${t('editor.undo')}</button>
      <button type="button" class="secondary" data-action="redo" ${ro || !canRedo ? html`disabled` : ''} title="${t('key.ctrl')}+${t('key.shift')}+Z">${t('editor.redo')}</button>
    </div>`
    const help = html`<button type="button" class="secondary icon-text" data-action="help" aria-keyshortcuts="?" title="${t('editor.shortcuts')}" aria-label="${t('editor.shortcuts')}">?</button>`
    if (kind.surface === 'deck') {
      render(this, html`${undo}<div class="tool-group end">${help}</div>`)
      this.#restoreFocus(focusKey)
      return
    }
    const adders = kind.tools.filter((tool) => tool !== 'image')
    const layouts = kind.variants.length
      ? [{ id: 'default', label: kind.defaultVariantLabel ?? kind.label }, ...kind.variants]
      : []
    render(
      this,
      html`<div class="tool-group">${adders.map((tool) => html`<button type="button" data-action="add" data-type="${tool}" ${dis} title="${t(/** @type {any} */ (`editor.shortcut.${tool}`))}" aria-keyshortcuts="${tool === 'note' ? 'N' : tool === 'text' ? 'T' : tool === 'shape' ? 'S' : 'F'}">+ ${t(/** @type {any} */ (`editor.type.${tool}`))}</button>`)}
          ${kind.tools.includes('image') ? html`<button type="button" data-action="image" ${dis} aria-keyshortcuts="I">+ ${t('editor.type.image')}</button>` : ''}
          ${kind.connectors ? html`<button type="button" data-action="connect" ${ro || selection.length !== 2 ? html`disabled` : ''} title="${t('editor.connectHelp')}" aria-keyshortcuts="C">${t('editor.connect')}</button>` : ''}
        </div>
        <div class="tool-group colors" role="group" aria-label="${t('editor.color')}">${NOTE_COLORS.map(
          (c) => html`<button type="button" class="swatch" data-action="color" data-color="${c}" aria-label="${t('editor.colorNamed', { color: t(/** @type {any} */ (`editor.colorName.${c}`)) })}" title="${t(/** @type {any} */ (`editor.colorName.${c}`))}" ${none}></button>`,
        )}</div>
        <div class="tool-group">
          <button type="button" class="secondary" data-action="front" ${none} title="]">${t('editor.front')}</button>
          <button type="button" class="secondary" data-action="back" ${none} title="[">${t('editor.back')}</button>
          <button type="button" class="secondary" data-action="delete" ${none} title="${t('key.delete')}">${t('editor.delete')}</button>
        </div>
        ${undo}
        <div class="tool-group">
          <button type="button" class="secondary icon" data-action="zoom-out" aria-label="${t('editor.zoomOut')}" title="−">−</button>
          <button type="button" class="secondary" data-action="fit" title="0">${t('editor.fit')}</button>
          <button type="button" class="secondary icon" data-action="zoom-in" aria-label="${t('editor.zoomIn')}" title="+">+</button>
        </div>
        ${layouts.length
          ? html`<label class="tool-group">${t('editor.variant')} <select data-action="variant" ${dis}>${layouts.map(
              (v) => html`<option value="${v.id}" ${v.id === variant ? html`selected` : ''}>${localized(v.label)}</option>`,
            )}</select></label>`
          : ''}
        ${kind.votes && votes ? html`<p class="tool-group votes" data-used="${String(votes.used)}" data-budget="${String(votes.budget)}">${t('editor.votes', { used: votes.used, budget: votes.budget })}</p>` : ''}
        <div class="tool-group end">
          <button type="button" class="secondary" data-action="export-svg">${t('editor.exportSVG')}</button>
          <button type="button" class="secondary" data-action="export-png">${t('editor.exportPNG')}</button>
          ${help}
        </div>`,
    )
    this.querySelectorAll('[data-color]').forEach((el) => {
      const color = /** @type {HTMLElement} */ (el).dataset.color
      if (isColor(color)) /** @type {HTMLElement} */ (el).style.background = /** @type {string} */ (color)
    })
    this.#restoreFocus(focusKey)
  }

  /** @param {string | null} focusKey */
  #restoreFocus(focusKey) {
    if (!focusKey) return
    queueMicrotask(() => {
      if (document.activeElement === null || document.activeElement === document.body) /** @type {HTMLElement | null} */ (this.querySelector(focusKey))?.focus()
    })
  }
}

customElements.define('atelier-board-toolbar', AtelierBoardToolbar)
