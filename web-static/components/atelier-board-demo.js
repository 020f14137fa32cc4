import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import * as authProtocol from 'y-protocols/auth'
import * as awarenessProtocol from 'y-protocols/awareness'
import { html, render } from '../lib/html.js'
import { currentProfile, isColor, saveProfile } from '../lib/session.js'
import './atelier-connection-status.js'
import './atelier-presence-list.js'
import './atelier-shared-list.js'
import './atelier-shared-map.js'
import './atelier-shared-text.js'

/** y-websocket message type 2: y-protocols auth ("permission denied" + reason). */
const MESSAGE_AUTH = 2

/** Close codes after which reconnecting cannot help (bad token, not allowed, unknown board). */
const FINAL_CLOSE_CODES = new Set([4401, 4403, 4404])

/** Close codes that are ordinary (normal, none given, dropped) and not worth telling. */
const ORDINARY_CLOSE_CODES = new Set([1000, 1005, 1006])

/**
 * The sync demo page: joins one board over y-websocket and shows the connection state,
 * who is present, and the three root types `list` (Y.Array), `map` (Y.Map) and `text`
 * (Y.Text) live.
 *
 * Data down: `boardId`, `token`, optionally `serverUrl` (default `ws(s)://<this host>/sync`);
 * set them before the element is connected. Events up: `atelier-connection` with
 * `detail: ConnectionInfo` whenever the connection state changes. For tests, the page's
 * `window.atelier` holds `{ doc, provider, Y }`, and this element mirrors the state in
 * `data-state` (connecting, syncing, online, reconnecting, stopped), `data-synced`,
 * `data-close-code` and `data-close-reason` (the last close worth telling, kept after a
 * reconnect) and `data-denied` (the last "permission denied" reason).
 *
 * After close code 4401, 4403 or 4404 it stops reconnecting and offers a Retry button;
 * after any other close the provider reconnects with backoff. On `pagehide` it withdraws
 * its awareness state at once (browsers no longer fire `unload` reliably), and restores it
 * if the page comes back from the back/forward cache.
 */
export class AtelierBoardDemo extends HTMLElement {
  /** @type {string} */
  boardId = ''
  /** @type {string | null} */
  token = null
  /** @type {string} */
  serverUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`

  /** @type {Y.Doc | null} */
  #doc = null
  /** @type {WebsocketProvider | null} */
  #provider = null
  /** @type {import('./atelier-connection-status.js').ConnectionInfo} */
  #connection = { state: 'connecting', lastClose: null }
  #everConnected = false
  #profile = currentProfile()
  connectedCallback() {
    if (!this.token) {
      render(
        this,
        html`<section class="card notice">
          <h1>Board <code>${this.boardId}</code></h1>
          <p>You are not signed in on this browser. Open your invite link, or paste a token on the <a href="/">home page</a>.</p>
        </section>`,
      )
      return
    }
    render(
      this,
      html`<header class="board-header">
          <h1>Board <code>${this.boardId}</code></h1>
          <atelier-connection-status></atelier-connection-status>
        </header>
        <p class="notice denied" hidden></p>
        <div class="board-grid">
          <div class="board-main">
            <atelier-shared-list class="card"></atelier-shared-list>
            <atelier-shared-map class="card"></atelier-shared-map>
            <atelier-shared-text class="card"></atelier-shared-text>
          </div>
          <aside class="board-side">
            <atelier-presence-list class="card"></atelier-presence-list>
          </aside>
        </div>`,
    )
    this.addEventListener('atelier-list-add', this.#onListAdd)
    this.addEventListener('atelier-list-delete', this.#onListDelete)
    this.addEventListener('atelier-map-set', this.#onMapSet)
    this.addEventListener('atelier-map-delete', this.#onMapDelete)
    this.addEventListener('atelier-rename', this.#onRename)
    this.addEventListener('atelier-retry', this.#onRetry)
    window.addEventListener('pagehide', this.#onPageHide)
    window.addEventListener('pageshow', this.#onPageShow)
    this.#join()
  }

  disconnectedCallback() {
    this.removeEventListener('atelier-list-add', this.#onListAdd)
    this.removeEventListener('atelier-list-delete', this.#onListDelete)
    this.removeEventListener('atelier-map-set', this.#onMapSet)
    this.removeEventListener('atelier-map-delete', this.#onMapDelete)
    this.removeEventListener('atelier-rename', this.#onRename)
    this.removeEventListener('atelier-retry', this.#onRetry)
    window.removeEventListener('pagehide', this.#onPageHide)
    window.removeEventListener('pageshow', this.#onPageShow)
    this.#onPageHide()
    this.#provider?.destroy()
    this.#doc?.destroy()
    this.#provider = null
    this.#doc = null
  }

  #join() {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(this.serverUrl, encodeURIComponent(this.boardId), doc, {
      params: { token: /** @type {string} */ (this.token) },
      disableBc: true,
    })
    // The stock provider only logs a refusal; show it instead.
    provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder, _provider, _emitSynced, _type) => {
      authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => this.#onPermissionDenied(reason))
    }
    this.#doc = doc
    this.#provider = provider
    Object.assign(window, { atelier: { doc, provider, Y } })

    provider.on('status', this.#onStatus)
    provider.on('sync', this.#onSync)
    provider.on('connection-close', this.#onClose)
    provider.awareness.on('change', this.#renderPresence)
    provider.awareness.setLocalStateField('user', { ...this.#profile })

    const list = doc.getArray('list')
    const map = doc.getMap('map')
    list.observe(() => this.#renderList())
    map.observe(() => this.#renderMap())
    const text = /** @type {import('./atelier-shared-text.js').AtelierSharedText} */ (
      this.querySelector('atelier-shared-text')
    )
    text.ytext = doc.getText('text')

    this.#renderList()
    this.#renderMap()
    this.#renderPresence()
    this.#setConnection({ state: 'connecting', lastClose: null })
  }

  /** @param {{ status: 'connecting' | 'connected' | 'disconnected' }} event */
  #onStatus = ({ status }) => {
    if (this.#connection.state === 'stopped') return
    if (status === 'connected') {
      this.#everConnected = true
      this.#setConnection({ ...this.#connection, state: this.#provider?.synced ? 'online' : 'syncing' })
    } else if (status === 'connecting') {
      this.#setConnection({ ...this.#connection, state: this.#everConnected ? 'reconnecting' : 'connecting' })
    } else {
      this.#setConnection({ ...this.#connection, state: 'reconnecting' })
    }
  }

  /** @param {boolean} synced */
  #onSync = (synced) => {
    if (this.#connection.state === 'stopped') return
    if (this.#provider?.wsconnected) {
      this.#setConnection({ state: synced ? 'online' : 'syncing', lastClose: synced ? null : this.#connection.lastClose })
    }
  }

  /** @param {CloseEvent} event */
  #onClose = (event) => {
    const telling = !ORDINARY_CLOSE_CODES.has(event.code) || event.reason !== ''
    const lastClose = telling ? { code: event.code, reason: event.reason } : this.#connection.lastClose
    if (FINAL_CLOSE_CODES.has(event.code)) {
      this.#provider?.disconnect()
      this.#setConnection({ state: 'stopped', lastClose })
    } else {
      this.#setConnection({ state: this.#everConnected ? 'reconnecting' : 'connecting', lastClose })
    }
  }

  #onPageHide = () => {
    const provider = this.#provider
    if (provider && provider.awareness.getLocalState() !== null) {
      awarenessProtocol.removeAwarenessStates(provider.awareness, [provider.awareness.clientID], 'pagehide')
    }
  }

  /** @param {PageTransitionEvent} event */
  #onPageShow = (event) => {
    if (event.persisted) this.#provider?.awareness.setLocalState({ user: { ...this.#profile } })
  }

  #onRetry = () => {
    this.#setConnection({ state: 'connecting', lastClose: this.#connection.lastClose })
    this.#provider?.connect()
  }

  /** @param {string} reason */
  #onPermissionDenied(reason) {
    const notice = /** @type {HTMLElement} */ (this.querySelector('.denied'))
    render(notice, html`The server refused an edit: ${reason || '(no reason given)'}`)
    notice.hidden = false
    this.dataset.denied = reason
  }

  /** @param {import('./atelier-connection-status.js').ConnectionInfo} info */
  #setConnection(info) {
    this.#connection = info
    this.dataset.state = info.state
    this.dataset.synced = String(Boolean(this.#provider?.synced))
    if (info.lastClose) {
      this.dataset.closeCode = String(info.lastClose.code)
      this.dataset.closeReason = info.lastClose.reason
    }
    const status = /** @type {import('./atelier-connection-status.js').AtelierConnectionStatus} */ (
      this.querySelector('atelier-connection-status')
    )
    if (status) status.info = info
    this.dispatchEvent(new CustomEvent('atelier-connection', { bubbles: true, detail: info }))
  }

  #renderList() {
    const element = /** @type {import('./atelier-shared-list.js').AtelierSharedList} */ (
      this.querySelector('atelier-shared-list')
    )
    if (element && this.#doc) element.items = this.#doc.getArray('list').toJSON()
  }

  #renderMap() {
    const element = /** @type {import('./atelier-shared-map.js').AtelierSharedMap} */ (
      this.querySelector('atelier-shared-map')
    )
    if (element && this.#doc) element.entries = this.#doc.getMap('map').toJSON()
  }

  #renderPresence = () => {
    const element = /** @type {import('./atelier-presence-list.js').AtelierPresenceList} */ (
      this.querySelector('atelier-presence-list')
    )
    const provider = this.#provider
    if (!element || !provider) return
    const self = provider.awareness.clientID
    /** @type {import('./atelier-presence-list.js').Person[]} */
    const people = []
    for (const [clientId, state] of provider.awareness.getStates()) {
      const user = state?.user
      if (!user || typeof user !== 'object') continue
      const name = typeof user.name === 'string' && user.name.trim() !== '' ? user.name.trim().slice(0, 60) : `Client ${clientId}`
      const color = isColor(user.color) ? user.color : '#6b7280'
      people.push({ clientId, name, color, self: clientId === self })
    }
    people.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name))
    element.name = this.#profile.name
    element.people = people
  }

  /** @param {Event} event */
  #onListAdd = (event) => {
    const { text } = /** @type {CustomEvent<{ text: string }>} */ (event).detail
    const list = this.#doc?.getArray('list')
    list?.push([text])
  }

  /** @param {Event} event */
  #onListDelete = (event) => {
    const { index } = /** @type {CustomEvent<{ index: number }>} */ (event).detail
    const list = this.#doc?.getArray('list')
    if (list && Number.isInteger(index) && index >= 0 && index < list.length) list.delete(index, 1)
  }

  /** @param {Event} event */
  #onMapSet = (event) => {
    const { key, value } = /** @type {CustomEvent<{ key: string, value: string }>} */ (event).detail
    this.#doc?.getMap('map').set(key, value)
  }

  /** @param {Event} event */
  #onMapDelete = (event) => {
    const { key } = /** @type {CustomEvent<{ key: string }>} */ (event).detail
    this.#doc?.getMap('map').delete(key)
  }

  /** @param {Event} event */
  #onRename = (event) => {
    const { name } = /** @type {CustomEvent<{ name: string }>} */ (event).detail
    this.#profile = { ...this.#profile, name: name.slice(0, 60) }
    saveProfile(this.#profile)
    const awareness = this.#provider?.awareness
    awareness?.setLocalState({ ...(awareness.getLocalState() ?? {}), user: { ...this.#profile } })
  }
}

customElements.define('atelier-board-demo', AtelierBoardDemo)
