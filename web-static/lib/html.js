/**
 * Escaping HTML templates for the no-build front end.
 *
 * `html` is a tagged template: every interpolated value is escaped unless it is itself the
 * result of `html` (a nested template) or an array of such results. The result is a
 * `SafeHTML`, and `render` refuses anything else, so user text can only reach the DOM as
 * text. For example:
 *
 * ```js
 * import { html, render } from './lib/html.js'
 * render(list, html`<ul>${names.map((n) => html`<li>${n}</li>`)}</ul>`)
 * ```
 *
 * Rules for template authors (checked where cheap):
 * - interpolate in text content or inside a quoted attribute value (`title="${x}"`), never
 *   in a tag or attribute name, an unquoted attribute (refused), an event-handler
 *   attribute (refused), or inside `<script>` / `<style>`;
 * - a value used in a `style` or URL attribute must be validated by the caller first
 *   (escaping keeps it inside the attribute, it does not make `javascript:` harmless).
 *
 * `null`, `undefined` and `false` render as nothing; numbers and `true` as their string.
 */

/** @type {Record<string, string>} */
const ESCAPES = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
}

/** Only this module can mint SafeHTML. */
const MINT = Symbol('SafeHTML')

/** A string of markup known to be safe: static template text plus escaped values. */
export class SafeHTML {
  /** @type {string} */
  #markup

  /**
   * @param {symbol} token
   * @param {string} markup
   */
  constructor(token, markup) {
    if (token !== MINT) throw new TypeError('SafeHTML is created by the html`` tag only')
    this.#markup = markup
  }

  /** @returns {string} */
  toString() {
    return this.#markup
  }
}

/**
 * Escapes a string for HTML text or a quoted attribute value.
 * @param {string} text
 * @returns {string}
 */
export function escapeHTML(text) {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c])
}

/**
 * @param {unknown} value
 * @returns {string}
 */
function interpolate(value) {
  if (value instanceof SafeHTML) return value.toString()
  if (Array.isArray(value)) return value.map(interpolate).join('')
  if (value === null || value === undefined || value === false) return ''
  return escapeHTML(String(value))
}

/** An attribute ending right before the hole without a quote, or an `on…=` handler. */
const UNQUOTED_ATTRIBUTE = /=\s*$/
const EVENT_HANDLER = /\son[a-z]+\s*=\s*["']?[^"']*$/i

/**
 * The escaping template tag.
 * @param {TemplateStringsArray} strings
 * @param {...unknown} values
 * @returns {SafeHTML}
 */
export function html(strings, ...values) {
  let out = strings[0]
  for (let i = 0; i < values.length; i++) {
    if (UNQUOTED_ATTRIBUTE.test(strings[i])) {
      throw new Error(`html: unquoted attribute value before hole ${i}: ${strings[i].slice(-40)}`)
    }
    if (EVENT_HANDLER.test(strings[i])) {
      throw new Error(`html: interpolation in an event-handler attribute: ${strings[i].slice(-40)}`)
    }
    out += interpolate(values[i]) + strings[i + 1]
  }
  return new SafeHTML(MINT, out)
}

/**
 * Replaces the children of `container` with the template's markup.
 * @param {Element | DocumentFragment} container
 * @param {SafeHTML} template
 */
export function render(container, template) {
  if (!(template instanceof SafeHTML)) {
    throw new TypeError('render() takes the result of html``, never a plain string')
  }
  const holder = document.createElement('template')
  holder.innerHTML = template.toString()
  container.replaceChildren(holder.content)
}
