/**
 * The smallest single edit turning one string into another: one delete and one insert at
 * one place (what a keystroke, a paste or an autocorrection does), never splitting a UTF-16
 * surrogate pair. Shared text fields turn input events into Y.Text edits with it. For
 * example: `diff('abc', 'abXc')` is `{ start: 2, removed: 0, inserted: 'X' }`.
 */

/**
 * The single replaced range that turns `before` into `after`.
 * @param {string} before
 * @param {string} after
 * @returns {{ start: number, removed: number, inserted: string }}
 */
export function diff(before, after) {
  let start = 0
  const max = Math.min(before.length, after.length)
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--
  let endBefore = before.length
  let endAfter = after.length
  while (
    endBefore > start &&
    endAfter > start &&
    before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)
  ) {
    endBefore--
    endAfter--
  }
  if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore))) {
    endBefore++
    endAfter++
  }
  return { start, removed: endBefore - start, inserted: after.slice(start, endAfter) }
}

/** @param {number} c */
const isHighSurrogate = (c) => c >= 0xd800 && c <= 0xdbff
/** @param {number} c */
const isLowSurrogate = (c) => c >= 0xdc00 && c <= 0xdfff

