import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

/**
 * A read-only view of a group's deck: joins the deck board over y-websocket
 * (`/sync/{boardId}?token=…`) and keeps the plain values of its `slides` array. It never
 * writes to the document. Readers tolerate what they do not expect: a plain string where a
 * Y.Text is expected reads as itself, anything else as empty (DESIGN.md, "Boards").
 *
 * The stage owns one. For example:
 *
 * ```js
 * const reader = new DeckReader({ boardId, token })
 * reader.addEventListener('change', () => console.log(reader.slides))
 * reader.start()
 * ```
 */
export class DeckReader extends EventTarget {
  /** @type {string} */
  #boardId
  /** @type {string} */
  #token
  /** @type {string} */
  #serverUrl
  /** @type {Y.Doc | null} */
  #doc = null
  /** @type {WebsocketProvider | null} */
  #provider = null
  /** @type {Slide[]} */
  slides = []
  synced = false

  /**
   * @typedef {object} Slide
   * @property {string} title
   * @property {string} body
   * @property {string} notes
   * @property {string} asset sha256 of an uploaded image, or ''
   */

  /** @param {{ boardId: string, token: string, serverUrl?: string }} options */
  constructor({ boardId, token, serverUrl }) {
    super()
    this.#boardId = boardId
    this.#token = token
    this.#serverUrl = serverUrl ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`
  }

  start() {
    if (this.#doc) return
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(this.#serverUrl, encodeURIComponent(this.#boardId), doc, {
      params: { token: this.#token },
      disableBc: true,
    })
    // The stage shows no presence of its own on the board.
    provider.awareness.setLocalState(null)
    provider.on('sync', (/** @type {boolean} */ synced) => {
      this.synced = synced
      this.#read()
    })
    doc.getArray('slides').observeDeep(() => this.#read())
    this.#doc = doc
    this.#provider = provider
  }

  stop() {
    this.#provider?.destroy()
    this.#doc?.destroy()
    this.#provider = null
    this.#doc = null
  }

  #read() {
    const slides = this.#doc?.getArray('slides')
    this.slides = slides ? slides.toArray().map(readSlide) : []
    this.dispatchEvent(new Event('change'))
  }
}

/**
 * @param {unknown} value a slide of the `slides` array
 * @returns {DeckReader['slides'][number]}
 */
export function readSlide(value) {
  const get = (/** @type {string} */ key) => {
    const v = value instanceof Y.Map ? value.get(key) : value && typeof value === 'object' ? /** @type {any} */ (value)[key] : null
    return v instanceof Y.Text ? v.toString() : typeof v === 'string' ? v : ''
  }
  const asset = get('asset')
  return { title: get('title'), body: get('body'), notes: get('notes'), asset: /^[0-9a-f]{64}$/.test(asset) ? asset : '' }
}
