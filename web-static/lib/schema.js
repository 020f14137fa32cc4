/**
 * The board document schema, in one place for the browser (docs/PROTOCOL.md, "Board
 * documents"; the server's twin is `Workshop.BoardKind`).
 *
 * A board is one Yjs document with three roots:
 * - `meta` (Y.Map): `kind`, `title`, `group`, written by the server only;
 * - `items` (Y.Map): item id → Y.Map with `type`, `x`, `y`, `w`, `h`, `z` (fractional
 *   index), `zone`, `color`, `text` (Y.Text), `asset`, `from`/`to`, `author`, `createdAt`,
 *   `votes` (Y.Map participant id → true, created with the item);
 * - `slides` (Y.Array, deck only): Y.Map with `title`, `body`, `notes` (Y.Text) and `asset`.
 *
 * Readers tolerate what they do not expect: `readItem` turns an item into plain values
 * whatever its shape. For example:
 *
 * ```js
 * import { createItem, readItem, templateFor } from '../lib/schema.js'
 * doc.transact(() => doc.getMap('items').set(id, createItem({ type: 'note', x: 40, y: 60, text: 'Hi' })), origin)
 * const zones = templateFor('swot').zones // [{ id: 'strengths', label: { fr, en }, x, y, w, h, color }, …]
 * ```
 */
import * as Y from 'yjs'

/** Item types. */
export const ITEM_TYPES = ['note', 'image', 'text', 'shape', 'frame', 'connector']

/** Board kinds, in sprint order. */
export const BOARD_KINDS = [
  'empathy-map', 'hmw', 'mood-board', 'ideas', 'prototype', 'test-grid', 'deck',
  'swot', 'business-model-canvas', 'mind-map',
]

/** Votes per participant on an `ideas` board (dot voting). */
export const VOTE_BUDGET = 3

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
 * @typedef {object} Zone
 * @property {string} id
 * @property {{ fr: string, en: string }} label
 * @property {{ fr: string, en: string }} [hint]
 * @property {number} x
 * @property {number} y
 * @property {number} w
 * @property {number} h
 * @property {string} color background tint `#rrggbb`
 */

/**
 * @typedef {object} Template
 * @property {Zone[]} zones
 * @property {number} width board units
 * @property {number} height board units
 * @property {string[]} tools item types the toolbar offers
 * @property {boolean} votes whether dot voting is on
 * @property {boolean} connectors whether items can be joined
 */

/**
 * @param {string} id
 * @param {string} fr
 * @param {string} en
 * @param {[number, number, number, number]} rect
 * @param {string} color
 * @param {[string, string]} [hint] fr, en
 * @returns {Zone}
 */
function zone(id, fr, en, [x, y, w, h], color, hint) {
  return { id, label: { fr, en }, x, y, w, h, color, ...(hint ? { hint: { fr: hint[0], en: hint[1] } } : {}) }
}

const EMPATHY_ZONES = [
  zone('who', 'Pour qui ?', 'Who are we empathizing with?', [0, 0, 800, 260], '#eef2ff', ['Persona, situation, rôle', 'Persona, situation, role']),
  zone('goal', 'Que doit-il faire ?', 'What do they need to do?', [800, 0, 800, 260], '#fdf2f8', ['Objectif, décision, succès', 'Goal, decision, success']),
  zone('see', 'Que voit-il ?', 'What do they see?', [0, 260, 400, 380], '#f0fdf4'),
  zone('say', 'Que dit-il ?', 'What do they say?', [400, 260, 400, 380], '#fefce8'),
  zone('do', 'Que fait-il ?', 'What do they do?', [800, 260, 400, 380], '#fff7ed'),
  zone('hear', 'Qu’entend-il ?', 'What do they hear?', [1200, 260, 400, 380], '#ecfeff'),
  zone('pains', 'Pense et ressent : douleurs', 'Think & feel: pains', [0, 640, 800, 300], '#fef2f2', ['Peurs, frustrations, obstacles', 'Fears, frustrations, obstacles']),
  zone('gains', 'Pense et ressent : gains', 'Think & feel: gains', [800, 640, 800, 300], '#f0fdf4', ['Envies, besoins, mesures du succès', 'Wants, needs, measures of success']),
]

const EMPATHY_CLASSIC_ZONES = [
  zone('says', 'Dit', 'Says', [0, 0, 800, 470], '#fefce8'),
  zone('thinks', 'Pense', 'Thinks', [800, 0, 800, 470], '#eef2ff'),
  zone('does', 'Fait', 'Does', [0, 470, 800, 470], '#fff7ed'),
  zone('feels', 'Ressent', 'Feels', [800, 470, 800, 470], '#fdf2f8'),
]

/** @type {Record<string, Zone[]>} */
const ZONES = {
  'empathy-map': EMPATHY_ZONES,
  swot: [
    zone('strengths', 'Forces', 'Strengths', [0, 0, 800, 470], '#f0fdf4', ['Internes, positives', 'Internal, helpful']),
    zone('weaknesses', 'Faiblesses', 'Weaknesses', [800, 0, 800, 470], '#fef2f2', ['Internes, négatives', 'Internal, harmful']),
    zone('opportunities', 'Opportunités', 'Opportunities', [0, 470, 800, 470], '#eff6ff', ['Externes, positives', 'External, helpful']),
    zone('threats', 'Menaces', 'Threats', [800, 470, 800, 470], '#fff7ed', ['Externes, négatives', 'External, harmful']),
  ],
  'business-model-canvas': [
    zone('partners', 'Partenaires clés', 'Key partners', [0, 0, 320, 640], '#f5f3ff'),
    zone('activities', 'Activités clés', 'Key activities', [320, 0, 320, 320], '#eff6ff'),
    zone('resources', 'Ressources clés', 'Key resources', [320, 320, 320, 320], '#ecfeff'),
    zone('value', 'Propositions de valeur', 'Value propositions', [640, 0, 320, 640], '#fefce8'),
    zone('relationships', 'Relations clients', 'Customer relationships', [960, 0, 320, 320], '#fdf2f8'),
    zone('channels', 'Canaux', 'Channels', [960, 320, 320, 320], '#fff7ed'),
    zone('segments', 'Segments de clientèle', 'Customer segments', [1280, 0, 320, 640], '#f0fdf4'),
    zone('costs', 'Structure de coûts', 'Cost structure', [0, 640, 800, 300], '#fef2f2'),
    zone('revenue', 'Sources de revenus', 'Revenue streams', [800, 640, 800, 300], '#f0fdf4'),
  ],
  hmw: [
    zone('problem', 'Énoncé du problème', 'Problem statement', [0, 0, 1600, 300], '#eef2ff', ['[Utilisateur] a besoin de [besoin] parce que [découverte]', '[User] needs [need] because [insight]']),
    zone('questions', 'Comment pourrions-nous… ?', 'How might we…?', [0, 300, 1600, 640], '#fefce8'),
  ],
  'test-grid': [
    zone('liked', 'Ce qui a plu (+)', 'Liked (+)', [0, 0, 800, 470], '#f0fdf4'),
    zone('criticism', 'Critiques constructives (Δ)', 'Constructive criticism (Δ)', [800, 0, 800, 470], '#fef2f2'),
    zone('questions', 'Questions (?)', 'Questions (?)', [0, 470, 800, 470], '#eff6ff'),
    zone('ideas', 'Idées (!)', 'Ideas (!)', [800, 470, 800, 470], '#fefce8'),
  ],
}

/** @type {Record<string, string[]>} */
const TOOLS = {
  'mood-board': ['note', 'text', 'image', 'shape'],
  prototype: ['frame', 'note', 'text', 'image'],
  'mind-map': ['shape', 'note', 'text', 'connector'],
  ideas: ['note', 'text', 'image'],
}

/**
 * The template of a board kind: zones (with the classic empathy-map variant when
 * `variant` is `classic`), canvas size and the tools the toolbar offers.
 * @param {string} kind
 * @param {string} [variant] `classic` for the says/thinks/does/feels empathy map
 * @returns {Template}
 */
export function templateFor(kind, variant) {
  const zones = kind === 'empathy-map' && variant === 'classic' ? EMPATHY_CLASSIC_ZONES : ZONES[kind] ?? []
  return {
    zones,
    width: 1600,
    height: 940,
    tools: TOOLS[kind] ?? ['note', 'text', 'image'],
    votes: kind === 'ideas',
    connectors: kind === 'mind-map' || kind === 'prototype',
  }
}

/**
 * The zone ids of a kind (both empathy-map variants for `empathy-map`).
 * @param {string} kind
 * @returns {string[]}
 */
export function zoneIds(kind) {
  const ids = (ZONES[kind] ?? []).map((z) => z.id)
  return kind === 'empathy-map' ? [...ids, ...EMPATHY_CLASSIC_ZONES.map((z) => z.id)] : ids
}

/**
 * Which empathy-map variant a board's items use: `classic` when any item sits in a
 * says/thinks/does/feels zone and none in the canvas zones, else `canvas`.
 * @param {Iterable<{ zone: string }>} items
 * @returns {'canvas' | 'classic'}
 */
export function detectVariant(items) {
  let classic = 0
  let canvas = 0
  const classicIds = new Set(EMPATHY_CLASSIC_ZONES.map((z) => z.id))
  const canvasIds = new Set(EMPATHY_ZONES.map((z) => z.id))
  for (const item of items) {
    if (classicIds.has(item.zone)) classic++
    else if (canvasIds.has(item.zone)) canvas++
  }
  return classic > 0 && canvas === 0 ? 'classic' : 'canvas'
}

/**
 * The zone containing a point, or '' when none does.
 * @param {Zone[]} zones
 * @param {number} x
 * @param {number} y
 * @returns {string}
 */
export function zoneAt(zones, x, y) {
  const found = zones.find((z) => x >= z.x && x < z.x + z.w && y >= z.y && y < z.y + z.h)
  return found ? found.id : ''
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
 * it (so two first edits or votes never race to create them).
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
 * @property {string[]} voters
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
  if (votes instanceof Y.Map) voters = [...votes.entries()].filter(([, v]) => v === true).map(([k]) => k)
  else if (votes && typeof votes === 'object') voters = Object.keys(votes).filter((k) => /** @type {any} */ (votes)[k] === true)
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

/**
 * The votes a participant has cast on a board.
 * @param {ItemView[]} items
 * @param {string} voter
 * @returns {number}
 */
export function votesCast(items, voter) {
  return items.reduce((n, item) => n + (item.voters.includes(voter) ? 1 : 0), 0)
}
