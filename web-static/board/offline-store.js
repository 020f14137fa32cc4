/**
 * A board's Yjs update log in IndexedDB, so edits made offline survive a reload and merge
 * when the page reconnects (Debian ships no y-indexeddb; this is the small part of it we
 * need).
 *
 * Database `atelier-boards`, object store `updates` (auto-increment key, value
 * `{ board, update }`, index `board`). `load` applies every stored update of the board to
 * the document; afterwards every document update is appended; past `COMPACT_AFTER`
 * entries the log is replaced by one state update. `clear` removes the board's entries
 * (the client resets after a refused edit, so the refused edit never comes back). For
 * example:
 *
 * ```js
 * const store = new OfflineStore('b_123', token)
 * await store.load(doc)   // applies what was stored, then follows the doc
 * await store.clear()     // before a reset
 * ```
 *
 * The log is the person's as well as the board's: `board` holds the board id and a digest of
 * the token that made the edits (`storeKey`), so on a shared browser edits kept under one
 * person's token are never replayed under another's (rows of an older build, keyed by the
 * board alone, are not replayed either).
 *
 * Every failure (private mode, quota) degrades to "no persistence", never to an error.
 */
import * as Y from 'yjs'

const DB_NAME = 'atelier-boards'
const STORE = 'updates'
const COMPACT_AFTER = 200

/** Origin of updates applied from the store, so they are not written back. */
export const STORE_ORIGIN = Symbol('offline-store')

/** @type {Promise<IDBDatabase | null> | null} */
let opening = null

/** @returns {Promise<IDBDatabase | null>} */
function openDatabase() {
  if (opening) return opening
  opening = new Promise((resolve) => {
    try {
      const request = indexedDB.open(DB_NAME, 1)
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore(STORE, { autoIncrement: true })
        store.createIndex('board', 'board')
      }
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => resolve(null)
    } catch {
      resolve(null)
    }
  })
  return opening
}

/**
 * @template T
 * @param {IDBRequest<T>} request
 * @returns {Promise<T>}
 */
function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

export class OfflineStore {
  /** @type {string} */
  #board
  /** @type {Y.Doc | null} */
  #doc = null
  #count = 0
  /** @type {Promise<unknown>} */
  #queue = Promise.resolve()

  /**
   * @param {string} board
   * @param {string} token whose edits these are (only a digest of it is stored)
   */
  constructor(board, token) {
    this.#board = storeKey(board, token)
  }

  /**
   * Applies the stored updates to `doc`, then appends each later update of `doc`.
   * @param {Y.Doc} doc
   * @returns {Promise<number>} how many updates were applied
   */
  async load(doc) {
    this.#doc = doc
    const db = await openDatabase()
    let applied = 0
    if (db) {
      try {
        const index = db.transaction(STORE).objectStore(STORE).index('board')
        const rows = /** @type {{ board: string, update: Uint8Array }[]} */ (await done(index.getAll(this.#board)))
        if (rows.length > 0) {
          Y.transact(doc, () => {
            for (const row of rows) Y.applyUpdate(doc, row.update)
          }, STORE_ORIGIN)
        }
        applied = rows.length
        this.#count = rows.length
      } catch {
        applied = 0
      }
    }
    if (this.#doc === doc) doc.on('update', this.#onUpdate)
    return applied
  }

  /** Stops following the document (the stored log stays). */
  detach() {
    this.#doc?.off('update', this.#onUpdate)
    this.#doc = null
  }

  /** Removes the board's stored updates and stops following. */
  async clear() {
    this.detach()
    await this.#enqueue(async (db) => {
      const store = db.transaction(STORE, 'readwrite').objectStore(STORE)
      const keys = await done(store.index('board').getAllKeys(this.#board))
      for (const key of keys) store.delete(key)
    })
    this.#count = 0
  }

  /**
   * @param {Uint8Array} update
   * @param {unknown} origin
   */
  #onUpdate = (update, origin) => {
    if (origin === STORE_ORIGIN) return
    const doc = this.#doc
    this.#count++
    if (this.#count > COMPACT_AFTER && doc) {
      const state = Y.encodeStateAsUpdate(doc)
      this.#count = 1
      this.#enqueue(async (db) => {
        const store = db.transaction(STORE, 'readwrite').objectStore(STORE)
        const keys = await done(store.index('board').getAllKeys(this.#board))
        for (const key of keys) store.delete(key)
        store.add({ board: this.#board, update: state })
      })
    } else {
      this.#enqueue(async (db) => {
        db.transaction(STORE, 'readwrite').objectStore(STORE).add({ board: this.#board, update })
      })
    }
  }

  /**
   * @param {(db: IDBDatabase) => Promise<void>} work
   * @returns {Promise<unknown>}
   */
  #enqueue(work) {
    this.#queue = this.#queue.then(async () => {
      const db = await openDatabase()
      if (!db) return
      try {
        await work(db)
      } catch {
        // persistence is best effort
      }
    })
    return this.#queue
  }
}

/**
 * The key of a board's log for one person: the board id and a digest of their token (cyrb53,
 * not a secret: it only tells people apart on one browser).
 * @param {string} board
 * @param {string} token
 * @returns {string}
 */
export function storeKey(board, token) {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return `${board} ${(h2 >>> 0).toString(16)}${(h1 >>> 0).toString(16)}`
}
