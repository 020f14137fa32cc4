/**
 * Text for showing a value read from a shared document. Readers tolerate shapes they do
 * not expect: strings show as themselves, anything else as compact JSON.
 * @param {unknown} value
 * @returns {string}
 */
export function describeValue(value) {
  if (typeof value === 'string') return value
  if (value instanceof Uint8Array) return `‹${value.length} bytes›`
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
