/**
 * One board's Yjs document and its connection to the server: y-websocket (`disableBc`, the
 * token in the params), the offline store (IndexedDB) and the refusals the server sends.
 *
 * When the server refuses an edit (a y-protocols auth message "permission denied" with a
 * reason), the page must drop its document: the refused structs are in it and every later
 * edit would build on them (docs/DESIGN.md, "Refusing an update"). `reset()` does that:
 * it clears the offline store, makes a fresh document (a new Yjs client id) and resyncs
 * from the server. For example:
 *
 * ```js
 * const connection = new BoardConnection({ boardId, token })
 * connection.addEventListener('doc', () => render(connection.doc))
 * connection.addEventListener('denied', (e) => { show(e.detail.reason); connection.reset() })
 * await connection.open()
 * ```
 *
 * Events (`CustomEvent`): `doc` (a new document is in place: after `open` and each reset),
 * `state` (`detail`: {@link ConnectionInfo}), `synced`, `denied` (`detail: { reason }`),
 * `awareness` (presence changed), `unsynced` (`detail: { count }`: local edits made while not
 * connected).
 *
 * The state follows the browser too: it turns `offline` at once on the window's `offline`
 * event (a socket can look open for many seconds after the network went away), and on
 * `online` it shows `online` again only once the server has answered on the socket (the
 * same one if it survived, after a sync step 1 asking for what the page lacks; otherwise a
 * new one). What is sent and when does not change.
 */
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import * as authProtocol from 'y-protocols/auth'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { LOCAL_ORIGIN } from './board-model.js'
import { OfflineStore } from './offline-store.js'

/** y-websocket message type 0: y-protocols sync. */
const MESSAGE_SYNC = 0
/** y-websocket message type 2: y-protocols auth ("permission denied" + reason). */
const MESSAGE_AUTH = 2

/** Close codes after which reconnecting cannot help (bad token, not allowed, unknown board). */
export const FINAL_CLOSE_CODES = new Set([4401, 4403, 4404, 4429])

/**
 * @typedef {'connecting' | 'online' | 'reconnecting' | 'offline' | 'stopped'} ConnectionState
 *
 * @typedef {object} ConnectionInfo
 * @property {ConnectionState} state
 * @property {{ code: number, reason: string } | null} closed the close that stopped it, if any
 */

export class BoardConnection extends EventTarget {
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
  /** @type {OfflineStore | null} */
  #store = null
  /** @type {ConnectionState} */
  #state = 'connecting'
  /** @type {{ code: number, reason: string } | null} */
  #closed = null
  #everSynced = false
  #unsynced = 0
  #resets = 0
  /** @type {Record<string, unknown>} */
  #presence = {}
  /** @type {Promise<void> | null} */
  #opening = null
  /** @type {WebSocket | null} the open socket whose answer would show the page online again */
  #probing = null

  /**
   * @param {{ boardId: string, token: string, serverUrl?: string }} options
   */
  constructor({ boardId, token, serverUrl }) {
    super()
    this.#boardId = boardId
    this.#token = token
    this.#serverUrl = serverUrl ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`
  }

  get doc() {
    return this.#doc
  }

  get provider() {
    return this.#provider
  }

  /** @returns {ConnectionInfo} */
  get info() {
    return { state: this.#state, closed: this.#closed }
  }

  /** Whether the document is synced with the server now. */
  get synced() {
    return Boolean(this.#provider?.synced)
  }

  /** Whether it has been synced since the last (re)open. */
  get everSynced() {
    return this.#everSynced
  }

  get unsynced() {
    return this.#unsynced
  }

  /**
   * Whether every local edit has gone out: online, none made while not connected, none
   * waiting in the socket's buffer. (The server may still refuse what it receives after a
   * lock: that comes as `denied`.)
   */
  get allSent() {
    const provider = this.#provider
    return this.#state === 'online' && this.#unsynced === 0 && Boolean(provider?.wsconnected && provider.synced) && (provider?.ws?.bufferedAmount ?? 0) === 0
  }

  get resets() {
    return this.#resets
  }

  /** The first `open()` under way or done (null before it). */
  get opening() {
    return this.#opening
  }

  /**
   * Makes a document (from the offline store unless `fresh`) and connects it.
   * @param {{ fresh?: boolean }} [options]
   * @returns {Promise<void>}
   */
  open(options = {}) {
    const opening = this.#open(options)
    this.#opening ??= opening
    return opening
  }

  /** @param {{ fresh?: boolean }} options */
  async #open({ fresh = false }) {
    window.addEventListener('offline', this.#onBrowserOffline)
    const doc = new Y.Doc()
    const store = new OfflineStore(this.#boardId, this.#token)
    // The socket opens at once; edits kept offline join the document as they load (they
    // reach the server as updates, or in the sync if they come first).
    const stored = fresh ? Promise.resolve(0) : store.load(doc)
    const provider = new WebsocketProvider(this.#serverUrl, encodeURIComponent(this.#boardId), doc, {
      params: { token: this.#token },
      disableBc: true,
    })
    provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => this.#emit('denied', { reason: reason ?? '' }))
    }
    this.#doc = doc
    this.#store = store
    this.#provider = provider
    doc.on('update', this.#onDocUpdate)
    provider.on('status', this.#onStatus)
    provider.on('sync', this.#onSync)
    provider.on('connection-close', this.#onClose)
    provider.awareness.on('change', this.#onAwareness)
    for (const [field, value] of Object.entries(this.#presence)) provider.awareness.setLocalStateField(field, value)
    this.#emit('doc')
    await stored
  }

  /** Drops the document and its offline copy, and resyncs from the server with a fresh one. */
  async reset() {
    const store = this.#store
    this.#teardown()
    await store?.clear()
    this.#resets++
    this.#everSynced = false
    this.#unsynced = 0
    if (this.#state !== 'stopped') this.#state = 'connecting'
    await this.open({ fresh: true })
  }

  /** Leaves the board: presence removed, socket closed, document dropped. */
  close() {
    window.removeEventListener('offline', this.#onBrowserOffline)
    this.#teardown()
  }

  /**
   * Reconnects now (e.g. when the browser comes back online), unless stopped for good. A
   * socket still open (the network went away and back before it closed) is asked for the
   * server's news (sync step 1): its answer shows the page online again.
   */
  reconnect() {
    if (this.#state === 'stopped') return
    const provider = this.#provider
    const socket = provider?.ws
    if (provider?.wsconnected && socket?.readyState === WebSocket.OPEN && this.#state !== 'online') {
      if (this.#state === 'offline') this.#setState('reconnecting')
      this.#probe(socket, provider)
    }
    provider?.connect()
  }

  /**
   * Sets a field of this person's presence (kept across resets).
   * @param {string} field
   * @param {unknown} value
   */
  setPresence(field, value) {
    this.#presence[field] = value
    this.#provider?.awareness.setLocalStateField(field, value)
  }

  /** Removes this person's presence at once (the page is going away). */
  leave() {
    const provider = this.#provider
    if (provider && provider.awareness.getLocalState() !== null) {
      awarenessProtocol.removeAwarenessStates(provider.awareness, [provider.awareness.clientID], 'pagehide')
    }
  }

  #teardown() {
    this.#stopProbe()
    this.leave()
    this.#doc?.off('update', this.#onDocUpdate)
    this.#provider?.destroy()
    this.#store?.detach()
    this.#doc?.destroy()
    this.#provider = null
    this.#doc = null
  }

  /**
   * @param {string} type
   * @param {unknown} [detail]
   */
  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }))
  }

  #setState(/** @type {ConnectionState} */ state) {
    if (state !== 'online' && state !== 'reconnecting') this.#stopProbe()
    this.#state = state
    this.#emit('state', this.info)
  }

  /** The browser lost the network: say so now, without waiting for the socket to close. */
  #onBrowserOffline = () => {
    if (this.#state === 'stopped' || this.#state === 'offline') return
    this.#setState('offline')
  }

  /**
   * Asks the server, on a socket that stayed open, for a sync step 2; the first message back
   * shows the page online again.
   * @param {WebSocket} socket
   * @param {WebsocketProvider} provider
   */
  #probe(socket, provider) {
    this.#stopProbe()
    this.#probing = socket
    socket.addEventListener('message', this.#onProbeAnswer)
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    syncProtocol.writeSyncStep1(encoder, provider.doc)
    socket.send(encoding.toUint8Array(encoder))
  }

  #stopProbe() {
    this.#probing?.removeEventListener('message', this.#onProbeAnswer)
    this.#probing = null
  }

  #onProbeAnswer = () => {
    this.#stopProbe()
    if (this.#state === 'stopped' || !navigator.onLine || !this.#provider?.synced) return
    this.#unsynced = 0
    this.#setState('online')
  }

  /**
   * @param {Uint8Array} _update
   * @param {unknown} origin
   */
  #onDocUpdate = (_update, origin) => {
    const local = origin === LOCAL_ORIGIN || origin instanceof Y.UndoManager
    if (local && (this.#state === 'offline' || !(this.#provider?.wsconnected && this.#provider.synced))) {
      this.#unsynced++
      this.#emit('unsynced', { count: this.#unsynced })
    }
  }

  /** @param {{ status: string }} event */
  #onStatus = ({ status }) => {
    if (this.#state === 'stopped') return
    if (status === 'connected') this.#setState(this.#provider?.synced ? 'online' : 'connecting')
    else this.#setState(this.#everSynced ? (navigator.onLine ? 'reconnecting' : 'offline') : 'connecting')
  }

  /** @param {boolean} synced */
  #onSync = (synced) => {
    if (!synced || this.#state === 'stopped') return
    this.#everSynced = true
    this.#unsynced = 0
    this.#setState('online')
    this.#emit('synced')
  }

  /** @param {CloseEvent} event */
  #onClose = (event) => {
    if (FINAL_CLOSE_CODES.has(event?.code)) {
      this.#provider?.disconnect()
      this.#closed = { code: event.code, reason: event.reason ?? '' }
      this.#setState('stopped')
    } else if (this.#state !== 'stopped') {
      this.#setState(this.#everSynced ? (navigator.onLine ? 'reconnecting' : 'offline') : 'connecting')
    }
  }

  #onAwareness = () => this.#emit('awareness')
}
