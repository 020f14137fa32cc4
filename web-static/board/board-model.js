/**
 * The editing operations of one board document, all in transactions whose origin is
 * `LOCAL_ORIGIN`, so `Y.UndoManager` undoes one's own changes only.
 *
 * The page creates one model per document (a reset after a refused edit makes a new
 * document and a new model). Readers get plain `ItemView`s (lib/schema.js). What the board
 * is (its zones, whether it votes) comes from its kind (board/kinds/). On a template, an
 * item belongs to the zone holding its centre and is kept inside it when moved. For example:
 *
 * ```js
 * const [ideas] = await loadKinds(['ideas'])
 * const model = new BoardModel(doc, { author: me.id, kind: ideas })
 * const id = model.addItem({ type: 'note', x: 100, y: 80, text: 'Idea' })
 * model.move([id], 20, 0)
 * model.undo()
 * ```
 */
import * as Y from 'yjs'
import { createItem, createSlide, keyBetween, newItemId, readItem, sortByZ } from '../lib/schema.js'
import { DEFAULT_VARIANT } from './kinds/kind.js'
import { clampInto, zoneOfRect } from './placement.js'

/** The origin of this page's own transactions. */
export const LOCAL_ORIGIN = Symbol('local')

export class BoardModel {
  /** @type {Y.Doc} */
  doc
  /** @type {Y.UndoManager} */
  undoManager
  /** @type {string} */
  author
  /** @type {import('./kinds/kind.js').BoardKind} */
  kind

  /**
   * @param {Y.Doc} doc
   * @param {{ author: string, kind: import('./kinds/kind.js').BoardKind }} options
   */
  constructor(doc, { author, kind }) {
    this.doc = doc
    this.author = author
    this.kind = kind
    this.undoManager = new Y.UndoManager([this.itemsMap, this.slidesArray], {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTimeout: 400,
    })
  }

  /** @returns {Y.Map<any>} */
  get itemsMap() {
    return this.doc.getMap('items')
  }

  /** @returns {Y.Array<any>} */
  get slidesArray() {
    return this.doc.getArray('slides')
  }

  /** @returns {import('../lib/schema.js').ItemView[]} items in drawing order */
  items() {
    /** @type {import('../lib/schema.js').ItemView[]} */
    const out = []
    for (const [id, value] of this.itemsMap.entries()) {
      const view = readItem(id, value)
      if (view) out.push(view)
    }
    return sortByZ(out)
  }

  /** @returns {string} a `z` above every item */
  topZ() {
    const items = this.items()
    return keyBetween(items.length ? items[items.length - 1].z : '', null)
  }

  /** @param {() => void} fn */
  transact(fn) {
    this.doc.transact(fn, LOCAL_ORIGIN)
  }

  /** The zones of the board's layout. */
  zones() {
    return this.kind.zonesFor(this.variant)
  }

  /**
   * Adds an item on top; its zone is the template zone holding its centre unless given.
   * (Where it goes is the caller's choice: see board/placement.js.)
   * @param {import('../lib/schema.js').ItemInit} init
   * @returns {string} the new item's id
   */
  addItem(init) {
    const id = newItemId()
    const size = { w: init.w ?? 180, h: init.h ?? 140 }
    const zone = init.zone ?? zoneOfRect(this.zones(), { x: init.x ?? 0, y: init.y ?? 0, ...size })
    this.transact(() => this.itemsMap.set(id, createItem({ ...init, zone, z: this.topZ(), author: this.author })))
    return id
  }

  /** The layout in use (a variant id of the kind, or 'default'), set by the page. */
  variant = DEFAULT_VARIANT

  /**
   * @param {string[]} ids
   * @param {number} dx
   * @param {number} dy
   */
  move(ids, dx, dy) {
    const zones = this.zones()
    this.transact(() => {
      for (const id of ids) {
        const item = this.itemsMap.get(id)
        if (!(item instanceof Y.Map)) continue
        const view = readItem(id, item)
        if (!view || view.type === 'connector') continue
        let x = Math.round(view.x + dx)
        let y = Math.round(view.y + dy)
        const zone = zoneOfRect(zones, { x, y, w: view.w, h: view.h })
        const area = zones.find((z) => z.id === zone)
        // A template keeps an item inside the zone holding its centre.
        if (area) ({ x, y } = clampInto({ x, y, w: view.w, h: view.h }, area))
        if (x !== view.x) item.set('x', x)
        if (y !== view.y) item.set('y', y)
        if (zones.length && zone !== view.zone) item.set('zone', zone)
      }
    })
  }

  /**
   * @param {string} id
   * @param {number} w
   * @param {number} h
   */
  resize(id, w, h) {
    const item = this.itemsMap.get(id)
    if (!(item instanceof Y.Map)) return
    this.transact(() => {
      item.set('w', Math.max(40, Math.round(w)))
      item.set('h', Math.max(30, Math.round(h)))
    })
  }

  /**
   * @param {string[]} ids
   * @param {string} color
   */
  setColor(ids, color) {
    this.transact(() => {
      for (const id of ids) {
        const item = this.itemsMap.get(id)
        if (item instanceof Y.Map) item.set('color', color)
      }
    })
  }

  /**
   * Deletes items and the connectors that join them.
   * @param {string[]} ids
   */
  remove(ids) {
    const gone = new Set(ids)
    for (const item of this.items()) {
      if (item.type === 'connector' && (gone.has(item.from) || gone.has(item.to))) gone.add(item.id)
    }
    this.transact(() => {
      for (const id of gone) this.itemsMap.delete(id)
    })
  }

  /**
   * Moves items to the top (`front`) or the bottom of the drawing order, keeping their order.
   * @param {string[]} ids
   * @param {'front' | 'back'} where
   */
  reorder(ids, where) {
    const all = this.items()
    const chosen = all.filter((i) => ids.includes(i.id))
    if (chosen.length === 0) return
    this.transact(() => {
      if (where === 'front') {
        let z = all[all.length - 1].z
        for (const item of chosen) {
          z = keyBetween(z, null)
          this.itemsMap.get(item.id)?.set('z', z)
        }
      } else {
        let z = all[0].z
        for (const item of [...chosen].reverse()) {
          z = keyBetween('', z)
          this.itemsMap.get(item.id)?.set('z', z)
        }
      }
    })
  }

  /**
   * Joins two items with a connector.
   * @param {string} from
   * @param {string} to
   * @returns {string | null}
   */
  connect(from, to) {
    if (from === to || !this.itemsMap.has(from) || !this.itemsMap.has(to)) return null
    return this.addItem({ type: 'connector', from, to, zone: '' })
  }

  /**
   * The Y.Text of an item, made a Y.Text if it was a plain string or missing.
   * @param {string} id
   * @returns {Y.Text | null}
   */
  textOf(id) {
    const item = this.itemsMap.get(id)
    if (!(item instanceof Y.Map)) return null
    const text = item.get('text')
    if (text instanceof Y.Text) return text
    const fresh = new Y.Text()
    if (typeof text === 'string') fresh.insert(0, text)
    this.transact(() => item.set('text', fresh))
    return fresh
  }

  /**
   * Adds a slide after the others unless the deck is at its limit.
   * @param {number} limit
   * @param {{ title?: string, body?: string }} [init]
   * @returns {boolean}
   */
  addSlide(limit, init) {
    if (this.slidesArray.length >= limit) return false
    this.transact(() => this.slidesArray.push([createSlide(init)]))
    return true
  }

  /** @param {number} index */
  removeSlide(index) {
    if (index < 0 || index >= this.slidesArray.length) return
    this.transact(() => this.slidesArray.delete(index, 1))
  }

  /**
   * @param {number} index
   * @param {number} to
   */
  moveSlide(index, to) {
    const slides = this.slidesArray
    if (index < 0 || index >= slides.length || to < 0 || to >= slides.length || index === to) return
    const json = slideValues(slides.get(index))
    this.transact(() => {
      slides.delete(index, 1)
      slides.insert(to, [createSlide(json)])
    })
  }

  /**
   * @param {number} index
   * @param {string} asset
   */
  setSlideAsset(index, asset) {
    const slide = this.slidesArray.get(index)
    if (slide instanceof Y.Map) this.transact(() => slide.set('asset', asset))
  }

  undo() {
    this.undoManager.undo()
  }

  redo() {
    this.undoManager.redo()
  }

  destroy() {
    this.undoManager.destroy()
  }
}

/**
 * Plain values of a slide, tolerant of any shape.
 * @param {unknown} slide
 * @returns {{ title: string, body: string, notes: string, asset: string }}
 */
export function slideValues(slide) {
  const get = (/** @type {string} */ key) => {
    const v = slide instanceof Y.Map ? slide.get(key) : null
    return v instanceof Y.Text ? v.toString() : typeof v === 'string' ? v : ''
  }
  const asset = get('asset')
  return { title: get('title'), body: get('body'), notes: get('notes'), asset: /^[0-9a-f]{64}$/.test(asset) ? asset : '' }
}
