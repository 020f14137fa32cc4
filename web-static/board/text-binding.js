/**
 * Binds an `<input>` or `<textarea>` to a shared Y.Text: local input becomes one delete
 * and one insert (see lib/text-diff.js) in a transaction with
 * the given origin; remote deltas replace the value and shift the caret. For example:
 *
 * ```js
 * const unbind = bindText(textarea, slide.get('title'), LOCAL_ORIGIN)
 * unbind() // when the field goes away
 * ```
 */
import { diff } from '../lib/text-diff.js'

/**
 * @param {HTMLInputElement | HTMLTextAreaElement} field
 * @param {import('yjs').Text} ytext
 * @param {unknown} origin
 * @returns {() => void} unbinds
 */
export function bindText(field, ytext, origin) {
  field.value = ytext.toString()
  const onInput = () => {
    const { start, removed, inserted } = diff(ytext.toString(), field.value)
    if (removed === 0 && inserted === '') return
    ytext.doc?.transact(() => {
      if (removed > 0) ytext.delete(start, removed)
      if (inserted !== '') ytext.insert(start, inserted)
    }, origin)
  }
  /** @param {import('yjs').YTextEvent} event */
  const onRemote = (event) => {
    if (field.value === ytext.toString()) return
    let selStart = field.selectionStart ?? 0
    let selEnd = field.selectionEnd ?? 0
    let pos = 0
    for (const op of event.delta) {
      if (op.retain !== undefined) pos += op.retain
      else if (op.insert !== undefined) {
        const len = typeof op.insert === 'string' ? op.insert.length : 1
        if (pos < selStart) selStart += len
        if (pos < selEnd) selEnd += len
        pos += len
      } else if (op.delete !== undefined) {
        if (selStart > pos) selStart -= Math.min(op.delete, selStart - pos)
        if (selEnd > pos) selEnd -= Math.min(op.delete, selEnd - pos)
      }
    }
    field.value = ytext.toString()
    if (document.activeElement === field) field.setSelectionRange(selStart, selEnd)
  }
  field.addEventListener('input', onInput)
  ytext.observe(onRemote)
  return () => {
    field.removeEventListener('input', onInput)
    ytext.unobserve(onRemote)
  }
}
