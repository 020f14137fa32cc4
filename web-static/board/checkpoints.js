/**
 * A board's checkpoints, the browser's side (docs/API.md, "Checkpoints"): the list, what a
 * checkpoint is called, the board as it was (from its `export.json`) and a comparison told
 * in words.
 *
 * The server answers `GET /api/v1/boards/{id}/checkpoints` with
 * `{"checkpoints": [{id, label, phase, createdAt, board, by?}]}` (a phase move's are labelled
 * `end of <phase>` and name nobody), `…/{cpId}/export.json` with the board's JSON (`items`:
 * id → fields, `text` a string; a deck's `slides`), and `…/{cpId}/compare?to=now|{cpId}` with
 * `{from, to, added, removed, changed: [{item, was, fields}], zones, slides?}`. For example:
 *
 * ```js
 * const doc = docFromExport(await api(`/boards/${seg(id)}/checkpoints/${cp.id}/export.json`, { token }))
 * canvas.model = new BoardModel(doc, { author: '', kind })       // then canvas.readOnly = true
 * for (const zone of comparisonByZone(comparison, kind)) show(zone.label, zone.added, …)
 * ```
 */
import * as Y from 'yjs'
import { checkpointLabelText, currentLanguage, phaseName, t } from '../lib/i18n.js'

/**
 * @typedef {object} Checkpoint as the server lists it
 * @property {string} id
 * @property {string} label
 * @property {string} phase the phase it was taken in (a phase move's: the phase that ended)
 * @property {number} createdAt epoch ms
 * @property {string} board
 * @property {string} [by] who named it; absent for a phase move's
 *
 * @typedef {object} ComparedItem
 * @property {string} id
 * @property {string} [type]
 * @property {string} [zone]
 * @property {string} [text] the start of its text
 * @property {string} [author]
 *
 * @typedef {object} Comparison
 * @property {string} from
 * @property {string} to
 * @property {ComparedItem[]} added
 * @property {ComparedItem[]} removed
 * @property {{ item: ComparedItem, was?: ComparedItem, fields: string[] }[]} changed the item now and as it was
 * @property {Record<string, { added: number, removed: number, changed: number }>} zones
 * @property {{ from: number, to: number }} [slides]
 *
 * @typedef {object} ZoneChanges one zone's part of a comparison, labelled
 * @property {string} id the zone's id ('' outside any zone)
 * @property {string} label
 * @property {ComparedItem[]} added
 * @property {ComparedItem[]} removed
 * @property {{ item: ComparedItem, was?: ComparedItem, fields: string[] }[]} changed
 */

/**
 * The well-formed checkpoints of a list answer, oldest first.
 * @param {unknown} answer
 * @returns {Checkpoint[]}
 */
export function readCheckpoints(answer) {
  const list = /** @type {any} */ (answer)?.checkpoints
  if (!Array.isArray(list)) return []
  return list
    .filter((c) => c && typeof c.id === 'string' && typeof c.label === 'string')
    .map((c) => ({ id: c.id, label: c.label, phase: String(c.phase ?? ''), createdAt: Number(c.createdAt) || 0, board: String(c.board ?? ''), ...(typeof c.by === 'string' ? { by: c.by } : {}) }))
    .sort((a, b) => a.createdAt - b.createdAt || Number(a.id) - Number(b.id))
}

/**
 * What a checkpoint is called here: a named one by its label, a phase move's as "End of
 * <phase>" in the reader's language.
 * @param {Checkpoint} checkpoint
 * @param {readonly { id: string, label?: unknown }[]} [phases] the session's phases (their labels)
 * @returns {string}
 */
export function checkpointName(checkpoint, phases = []) {
  if (checkpoint.by === undefined && checkpoint.label === `end of ${checkpoint.phase}`) {
    const phase = phases.find((p) => p.id === checkpoint.phase)
    return t('checkpoints.endOf', { phase: phaseName(checkpoint.phase, phase?.label) })
  }
  // "before restoring “…”" (the server's automatic label) in the reader's language.
  return checkpointLabelText(checkpoint.label, phases)
}

/** Item fields that hold a Y.Text in a live board. */
const ITEM_TEXTS = new Set(['text'])
/** Slide fields that hold a Y.Text. */
const SLIDE_TEXTS = new Set(['title', 'body', 'notes'])

/**
 * A Yjs document holding a board as its `export.json` gives it (items, a deck's slides), for
 * the canvas or the deck to draw read-only. The document is never connected.
 * @param {unknown} board the export's JSON
 * @returns {Y.Doc}
 */
export function docFromExport(board) {
  const doc = new Y.Doc()
  const json = /** @type {any} */ (board) ?? {}
  doc.transact(() => {
    const items = doc.getMap('items')
    for (const [id, fields] of Object.entries(isObject(json.items) ? json.items : {})) {
      if (isObject(fields)) items.set(id, mapOf(fields, ITEM_TEXTS))
    }
    if (Array.isArray(json.slides)) {
      doc.getArray('slides').push(json.slides.filter(isObject).map((/** @type {Record<string, unknown>} */ slide) => mapOf(slide, SLIDE_TEXTS)))
    }
    if (isObject(json.meta)) {
      const meta = doc.getMap('meta')
      for (const [key, value] of Object.entries(json.meta)) if (typeof value === 'string') meta.set(key, value)
    }
  })
  return doc
}

/**
 * @param {Record<string, unknown>} fields
 * @param {Set<string>} texts the keys whose strings become Y.Text
 * @returns {Y.Map<any>}
 */
function mapOf(fields, texts) {
  const map = new Y.Map()
  for (const [key, value] of Object.entries(fields)) {
    if (texts.has(key) && typeof value === 'string') map.set(key, new Y.Text(value))
    else if (isObject(value)) map.set(key, mapOf(/** @type {Record<string, unknown>} */ (value), new Set()))
    else if (value !== undefined) map.set(key, value)
  }
  return map
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, any>}
 */
function isObject(value) {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value)
}

/**
 * A zone's label in the reader's language, from the board kind (any of its layouts):
 * items outside every zone are "Outside the zones" on a template, "On the board" on a free one.
 * @param {import('./kinds/kind.js').BoardKind} kind
 * @param {string} id
 * @returns {string}
 */
export function zoneLabel(kind, id) {
  const zones = [...kind.zones, ...kind.variants.flatMap((v) => v.zones)]
  if (!id) return zones.length ? t('checkpoints.outsideZones') : t('checkpoints.onBoard')
  return zones.find((z) => z.id === id)?.label[currentLanguage()] ?? id
}

/**
 * A comparison by zone, in the kind's zone order (then any other zone, then items outside
 * the zones), each zone with its items; zones where nothing changed are left out.
 * @param {Comparison} comparison
 * @param {import('./kinds/kind.js').BoardKind} kind
 * @returns {ZoneChanges[]}
 */
export function comparisonByZone(comparison, kind) {
  const order = kind.allZoneIds()
  const ids = new Set([...order, ...Object.keys(comparison.zones ?? {})])
  for (const list of [comparison.added, comparison.removed, comparison.changed.map((c) => c.item)]) {
    for (const item of list) ids.add(item.zone ?? '')
  }
  const rank = (/** @type {string} */ id) => (id === '' ? order.length + 1 : order.includes(id) ? order.indexOf(id) : order.length)
  return [...ids]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((id) => ({
      id,
      label: zoneLabel(kind, id),
      added: comparison.added.filter((i) => (i.zone ?? '') === id),
      removed: comparison.removed.filter((i) => (i.zone ?? '') === id),
      changed: comparison.changed.filter((c) => (c.item.zone ?? '') === id),
    }))
    .filter((z) => z.added.length + z.removed.length + z.changed.length > 0)
}

/**
 * An item as a comparison shows it: its text, or what it is when it has none.
 * @param {ComparedItem} item
 * @returns {string}
 */
export function itemText(item) {
  const text = (item.text ?? '').trim()
  if (text) return text
  const type = TYPE_KEYS[item.type ?? ''] ?? 'checkpoints.type.note'
  return t('checkpoints.untitled', { type: t(type) })
}

/** @type {Record<string, import('../lib/i18n.js').StringKey>} */
const TYPE_KEYS = {
  note: 'checkpoints.type.note',
  text: 'checkpoints.type.text',
  image: 'checkpoints.type.image',
  shape: 'checkpoints.type.shape',
  frame: 'checkpoints.type.frame',
  connector: 'checkpoints.type.connector',
}

/** @type {Record<string, import('../lib/i18n.js').StringKey>} */
const FIELD_KEYS = {
  text: 'checkpoints.field.text',
  x: 'checkpoints.field.moved',
  y: 'checkpoints.field.moved',
  zone: 'checkpoints.field.moved',
  w: 'checkpoints.field.resized',
  h: 'checkpoints.field.resized',
  color: 'checkpoints.field.color',
  z: 'checkpoints.field.order',
  votes: 'checkpoints.field.votes',
  asset: 'checkpoints.field.image',
  from: 'checkpoints.field.link',
  to: 'checkpoints.field.link',
}

/**
 * What changed on an item, in words ("text, moved"), each once.
 * @param {string[]} fields the fields the server lists
 * @returns {string}
 */
export function fieldsText(fields) {
  const words = fields.map((f) => (FIELD_KEYS[f] ? t(FIELD_KEYS[f]) : f))
  return [...new Set(words)].join(', ')
}
