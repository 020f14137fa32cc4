/**
 * Keeps the keyboard focus where it was across a re-render of a part of the page: before
 * `renderFn` runs, the focused element inside `container` is remembered by its `id`, else by
 * its `name` (and `value`, for radios), else by its `data-action` and the `data-*-id` of its
 * row; afterwards the element that matches again gets the focus back, with the caret where it
 * was in a text field. For example:
 *
 * ```js
 * import { keepFocus } from '../lib/focus.js'
 * keepFocus(this, () => render(this, html`…`))
 * ```
 *
 * @param {Element} container
 * @param {() => void} renderFn
 */
export function keepFocus(container, renderFn) {
  const active = document.activeElement
  const selector = active instanceof HTMLElement && container.contains(active) ? selectorFor(active) : null
  const field = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement ? active : null
  const caret = field && typeof field.selectionStart === 'number' ? [field.selectionStart, field.selectionEnd ?? field.selectionStart] : null
  renderFn()
  if (!selector) return
  const again = container.querySelector(selector)
  if (!(again instanceof HTMLElement)) return
  again.focus({ preventScroll: true })
  if (caret && (again instanceof HTMLInputElement || again instanceof HTMLTextAreaElement) && again.type !== 'radio') {
    try {
      again.setSelectionRange(caret[0], caret[1])
    } catch {
      // not a text field
    }
  }
}

/**
 * @param {HTMLElement} el
 * @returns {string | null}
 */
function selectorFor(el) {
  if (el.id) return `#${CSS.escape(el.id)}`
  const name = el.getAttribute('name')
  if (name) {
    const value = el instanceof HTMLInputElement && el.type === 'radio' ? `[value="${CSS.escape(el.value)}"]` : ''
    return `${el.localName}[name="${CSS.escape(name)}"]${value}`
  }
  const action = el.dataset.action
  if (!action) return el.localName === 'summary' ? rowSelector(el, 'summary') : null
  return rowSelector(el, `[data-action="${CSS.escape(action)}"]`)
}

/**
 * `own` inside the nearest row that carries a `data-…-id`, else `own` alone.
 * @param {HTMLElement} el
 * @param {string} own
 * @returns {string}
 */
function rowSelector(el, own) {
  for (let row = el.parentElement; row; row = row.parentElement) {
    for (const attribute of row.getAttributeNames()) {
      if (/^data-[a-z-]+-id$/.test(attribute)) {
        return `[${attribute}="${CSS.escape(row.getAttribute(attribute) ?? '')}"] ${own}`
      }
    }
  }
  return own
}
