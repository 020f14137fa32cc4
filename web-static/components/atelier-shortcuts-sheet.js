import { html, render } from '../lib/html.js'
import { t } from '../lib/i18n.js'
import { SHORTCUTS, keyName } from '../board/shortcuts.js'

/**
 * The keyboard shortcuts sheet of the board editor, as a modal dialog (`?` or the toolbar's
 * "?" button opens it; Escape or Close shuts it and gives the focus back).
 *
 * Data down: `kind` (the shortcuts of other kinds are left out). Call `open()`. Mirrors
 * `data-open`.
 */
export class AtelierShortcutsSheet extends HTMLElement {
  /** @type {import('../board/kinds/kind.js').BoardKind | null} */
  kind = null
  /** @type {HTMLElement | null} */
  #returnTo = null

  connectedCallback() {
    this.addEventListener('click', this.#onClick)
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
  }

  open() {
    this.#returnTo = /** @type {HTMLElement | null} */ (document.activeElement)
    const kind = this.kind
    const rows = SHORTCUTS.filter((s) => !s.when || (kind && s.when(kind)))
    render(
      this,
      html`<dialog class="shortcuts-sheet" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">${t('editor.shortcutsTitle')}</h2>
        <p class="help">${t('editor.shortcutsHelp')}</p>
        <table class="shortcuts">
          <tbody>
            ${rows.map((s) => html`<tr><th scope="row">${s.keys.map((k, i) => html`${i ? ' ' : ''}<kbd>${keyName(k)}</kbd>`)}</th><td>${t(s.text)}</td></tr>`)}
          </tbody>
        </table>
        <form method="dialog"><button type="submit" data-action="close">${t('common.close')}</button></form>
      </dialog>`,
    )
    const dialog = /** @type {HTMLDialogElement} */ (this.querySelector('dialog'))
    dialog.addEventListener('close', () => {
      this.dataset.open = 'false'
      this.#returnTo?.focus?.()
    })
    dialog.showModal()
    this.dataset.open = 'true'
  }

  /** @param {MouseEvent} event */
  #onClick = (event) => {
    // A click on the backdrop (the dialog itself, outside its content) closes it.
    const dialog = this.querySelector('dialog')
    if (dialog && event.target === dialog) dialog.close()
  }
}

customElements.define('atelier-shortcuts-sheet', AtelierShortcutsSheet)
