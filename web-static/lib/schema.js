/**
 * The board document schema, in one place for the browser (docs/PROTOCOL.md, "Board
 * documents").
 *
 * A board is one Yjs document with three roots:
 * - `meta` (Y.Map): `kind`, `title`, `group`, written by the server only;
 * - `items` (Y.Map): item id → Y.Map with `type`, `x`, `y`, `w`, `h`, `z` (fractional
 *   index), `zone`, `color`, `text` (Y.Text), `asset`, `from`/`to`, `author`, `createdAt`,
 *   `votes` (Y.Map created empty with the item and then written by the server only, which
 *   counts the votes: participant id → true for a named vote, `{"count": n}` for an
 *   anonymous one once revealed, nothing before);
 * - `slides` (Y.Array, deck only): Y.Map with `title`, `body`, `notes` (Y.Text) and `asset`.
 *
 * Readers tolerate what they do not expect: `readItem` turns an item into plain values
 * whatever its shape. What a board kind is (its zones, tools and behaviours) lives in
 * `board/kinds/` (one module per kind, gathered by `board/kinds/registry.js`). For example:
 *
 * ```js
 * import { createItem, readItem } from '../lib/schema.js'
 * doc.transact(() => doc.getMap('items').set(id, createItem({ type: 'note', x: 40, y: 60, text: 'Hi' })), origin)
 * readItem(id, doc.getMap('items').get(id)) // { id, type: 'note', x: 40, y: 60, text: 'Hi', … }
 * ```
 */
import * as Y from 'yjs'

/** Item types. */
export const ITEM_TYPES = ['note', 'image', 'text', 'shape', 'frame', 'connector']

/** The deck's slide limit when the session does not say (`slideLimit`). */
export const DEFAULT_SLIDE_LIMIT = 10

/** Sticky-note colours (readable with dark text). */
export const NOTE_COLORS = ['#fff176', '#ffcc80', '#f8bbd0', '#c5e1a5', '#b3e5fc', '#d1c4e9', '#ffffff']

/** Default sizes per item type, in board units. */
export const DEFAULT_SIZES = {
  note: { w: 180, h: 140 },
  text: { w: 260, h: 60 },
  image: { w: 260, h: 200 },
  shape: { w: 180, h: 70 },
  frame: { w: 360, h: 330 },
  connector: { w: 0, h: 0 },
}

/**
 * @typedef {object} ItemInit
 * @property {string} type
 * @property {number} [x]
 * @property {number} [y]
 * @property {number} [w]
 * @property {number} [h]
 * @property {string} [z]
 * @property {string} [zone]
 * @property {string} [color]
 * @property {string} [text]
 * @property {string} [asset]
 * @property {string} [from]
 * @property {string} [to]
 * @property {string} [author]
 */

/**
 * A new item as a Y.Map, ready to be set into `items`; `text` and `votes` are created with
 * it (so two first edits never race to create them; the server fills `votes`).
 * @param {ItemInit} init
 * @returns {Y.Map<any>}
 */
export function createItem(init) {
  const size = DEFAULT_SIZES[/** @type {keyof typeof DEFAULT_SIZES} */ (init.type)] ?? DEFAULT_SIZES.note
  const item = new Y.Map()
  item.set('type', ITEM_TYPES.includes(init.type) ? init.type : 'note')
  item.set('x', Math.round(init.x ?? 0))
  item.set('y', Math.round(init.y ?? 0))
  item.set('w', Math.round(init.w ?? size.w))
  item.set('h', Math.round(init.h ?? size.h))
  item.set('z', init.z ?? 'i')
  item.set('zone', init.zone ?? '')
  item.set('color', init.color ?? defaultColor(init.type))
  const text = new Y.Text()
  if (init.text) text.insert(0, init.text)
  item.set('text', text)
  if (init.asset) item.set('asset', init.asset)
  if (init.from) item.set('from', init.from)
  if (init.to) item.set('to', init.to)
  item.set('author', init.author ?? '')
  item.set('createdAt', Date.now())
  item.set('votes', new Y.Map())
  return item
}

/**
 * @param {string} type
 * @returns {string}
 */
export function defaultColor(type) {
  if (type === 'note') return NOTE_COLORS[0]
  if (type === 'shape') return '#b3e5fc'
  if (type === 'frame') return '#ffffff'
  if (type === 'connector') return '#5b6472'
  return '#1d232b'
}

/**
 * A new slide as a Y.Map for `slides`.
 * @param {{ title?: string, body?: string, notes?: string, asset?: string }} [init]
 * @returns {Y.Map<any>}
 */
export function createSlide(init = {}) {
  const slide = new Y.Map()
  for (const key of ['title', 'body', 'notes']) {
    const text = new Y.Text()
    const value = init[/** @type {'title' | 'body' | 'notes'} */ (key)]
    if (value) text.insert(0, value)
    slide.set(key, text)
  }
  if (init.asset) slide.set('asset', init.asset)
  return slide
}

/**
 * @typedef {object} ItemView
 * @property {string} id
 * @property {string} type
 * @property {number} x
 * @property {number} y
 * @property {number} w
 * @property {number} h
 * @property {string} z
 * @property {string} zone
 * @property {string} color
 * @property {string} text
 * @property {string} asset
 * @property {string} from
 * @property {string} to
 * @property {string} author
 * @property {string[]} voters who voted, for a named vote
 * @property {number} votes the dots on it, as the server wrote them (0 while an anonymous vote is hidden)
 */

/**
 * Plain values of an item, tolerant of any shape (a string for text, missing fields, a
 * plain object for votes).
 * @param {string} id
 * @param {unknown} value
 * @returns {ItemView | null}
 */
export function readItem(id, value) {
  if (!(value instanceof Y.Map)) return null
  const num = (/** @type {string} */ key, /** @type {number} */ fallback) => {
    const v = value.get(key)
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback
  }
  const str = (/** @type {string} */ key) => {
    const v = value.get(key)
    return typeof v === 'string' ? v : ''
  }
  const type = ITEM_TYPES.includes(str('type')) ? str('type') : 'note'
  const size = DEFAULT_SIZES[/** @type {keyof typeof DEFAULT_SIZES} */ (type)]
  const text = value.get('text')
  const votes = value.get('votes')
  /** @type {string[]} */
  let voters = []
  /** @type {unknown} */
  let count = null
  if (votes instanceof Y.Map) {
    voters = [...votes.entries()].filter(([, v]) => v === true).map(([k]) => k)
    count = votes.get('count')
  } else if (votes && typeof votes === 'object') {
    voters = Object.keys(votes).filter((k) => /** @type {any} */ (votes)[k] === true)
    count = /** @type {any} */ (votes).count
  }
  const color = str('color')
  return {
    id,
    type,
    x: num('x', 0),
    y: num('y', 0),
    w: Math.max(20, num('w', size.w)),
    h: Math.max(20, num('h', size.h)),
    z: str('z'),
    zone: str('zone'),
    color: /^#[0-9a-fA-F]{6}$/.test(color) ? color : defaultColor(type),
    text: text instanceof Y.Text ? text.toString() : typeof text === 'string' ? text : '',
    asset: /^[0-9a-f]{64}$/.test(str('asset')) ? str('asset') : '',
    from: str('from'),
    to: str('to'),
    author: str('author'),
    voters,
    votes: typeof count === 'number' && Number.isInteger(count) && count >= 0 ? count : voters.length,
  }
}

/**
 * Items in drawing order: increasing `z`, ties by id.
 * @param {ItemView[]} items
 * @returns {ItemView[]}
 */
export function sortByZ(items) {
  return [...items].sort((a, b) => (a.z < b.z ? -1 : a.z > b.z ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'

/**
 * A fractional index strictly between `a` and `b` (base-36 digit strings read as
 * fractions; `''` is the lowest bound, `null` the highest). Never ends in `0`, so there is
 * always room below it.
 * @param {string} a
 * @param {string | null} b
 * @returns {string}
 */
export function keyBetween(a, b) {
  if (b !== null && b <= a) b = null
  let result = ''
  for (let i = 0; ; i++) {
    const da = i < a.length ? Math.max(0, DIGITS.indexOf(a[i])) : 0
    const db = b !== null && i < b.length ? Math.max(0, DIGITS.indexOf(b[i])) : DIGITS.length
    if (da === db) {
      result += DIGITS[da]
      continue
    }
    const mid = Math.floor((da + db) / 2)
    if (mid > da) return result + DIGITS[mid]
    result += DIGITS[da]
    b = null
  }
}

/**
 * A random item id (12 base-36 characters).
 * @returns {string}
 */
export function newItemId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return Array.from(bytes, (v) => DIGITS[v % 36]).join('')
}
