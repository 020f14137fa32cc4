/**
 * The live session channel: WebSocket `/live/{sessionId}?token=…`, JSON text frames
 * `{"type", …, "at": <server epoch ms>}` from the server (`hello`, `phase`, `timer`,
 * `board-lock`, `presence`, `notice`, `pong`, …); the client only sends
 * `{"type":"ping","t":<client epoch ms>}`, every `pingInterval` ms, and keeps its estimate
 * of the server clock in `clock` (see lib/clock.js).
 *
 * It reconnects by itself with exponential backoff (0.5 s doubling to 15 s, with jitter)
 * after any close but 4401 (bad token), 4403 (not allowed) and 4404 (unknown session),
 * after which it stops; a socket silent for three ping intervals counts as dead. Each
 * (re)connection starts with a `hello` snapshot, so a page that renders from `hello`
 * resumes where it was. Its state turns `offline` at once on the window's `offline` event
 * (a socket can look open for many seconds after the network went away); on `online` it
 * reconnects, or pings a socket that stayed open, and shows `online` again on the server's
 * first answer. For example:
 *
 * ```js
 * const live = new LiveChannel({ sessionId, token })
 * live.addEventListener('message', (e) => console.log(e.detail.type))
 * live.addEventListener('state', (e) => console.log(e.detail.state)) // connecting, online, reconnecting, offline, stopped
 * live.start()
 * ```
 */

import { ServerClock } from './clock.js'

/** Close codes after which reconnecting cannot help. */
const FINAL_CLOSE_CODES = new Set([4401, 4403, 4404])

/** Close codes that are ordinary and not worth telling. */
const ORDINARY_CLOSE_CODES = new Set([1000, 1005, 1006])

/** @typedef {'connecting' | 'online' | 'reconnecting' | 'offline' | 'stopped'} LiveState */

/**
 * @typedef {object} LiveInfo
 * @property {LiveState} state
 * @property {{ code: number, reason: string } | null} lastClose
 */

export class LiveChannel extends EventTarget {
  /** @type {string} */
  #url
  #pingInterval
  /** The server clock estimate, shared with the countdowns. */
  clock = new ServerClock()
  /** @type {WebSocket | null} */
  #socket = null
  /** @type {LiveInfo} */
  #info = { state: 'connecting', lastClose: null }
  #attempt = 0
  #everOpen = false
  #stopped = true
  /** @type {ReturnType<typeof setTimeout> | null} */
  #retryTimer = null
  /** @type {ReturnType<typeof setInterval> | null} */
  #pingTimer = null
  #lastMessageAt = 0

  /**
   * @param {{ sessionId: string, token: string, pingInterval?: number, url?: string }} options
   *   `url` defaults to `ws(s)://<this host>/live/<sessionId>`.
   */
  constructor({ sessionId, token, pingInterval = 5000, url }) {
    super()
    const base = url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/live/${encodeURIComponent(sessionId)}`
    this.#url = `${base}?token=${encodeURIComponent(token)}`
    this.#pingInterval = pingInterval
  }

  /** @returns {LiveInfo} */
  get info() {
    return this.#info
  }

  /** Connects (again); safe to call while connected. */
  start() {
    this.#stopped = false
    if (this.#socket) return
    this.#clearRetry()
    this.#connect()
    window.addEventListener('online', this.#onBrowserOnline)
    window.addEventListener('offline', this.#onBrowserOffline)
  }

  /** Closes the channel for good (until `start()`). */
  stop() {
    this.#stopped = true
    this.#clearRetry()
    this.#stopPings()
    window.removeEventListener('online', this.#onBrowserOnline)
    window.removeEventListener('offline', this.#onBrowserOffline)
    const socket = this.#socket
    this.#socket = null
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null
      socket.close(1000, 'page closed')
    }
  }

  #connect() {
    this.#setInfo({ ...this.#info, state: this.#waitingState() })
    let socket
    try {
      socket = new WebSocket(this.#url)
    } catch {
      this.#scheduleRetry()
      return
    }
    this.#socket = socket
    socket.onopen = () => {
      this.#everOpen = true
      this.#attempt = 0
      this.#lastMessageAt = performance.now()
      this.#setInfo({ state: 'online', lastClose: this.#info.lastClose })
      this.#sendPing()
      this.#startPings()
    }
    socket.onmessage = (event) => {
      this.#lastMessageAt = performance.now()
      // The socket outlived a network loss: its first answer since shows the page online.
      if (this.#socket === socket && this.#info.state !== 'online' && this.#info.state !== 'stopped' && navigator.onLine) {
        this.#setInfo({ ...this.#info, state: 'online' })
      }
      if (typeof event.data !== 'string') return
      let message
      try {
        message = JSON.parse(event.data)
      } catch {
        return
      }
      if (!message || typeof message !== 'object' || typeof message.type !== 'string') return
      if (message.type === 'pong') {
        this.clock.pong(message)
        this.dispatchEvent(new CustomEvent('clock', { detail: { offset: this.clock.offset, roundTrip: this.clock.roundTrip } }))
        return
      }
      this.dispatchEvent(new CustomEvent('message', { detail: message }))
    }
    socket.onclose = (event) => {
      if (this.#socket !== socket) return
      this.#socket = null
      this.#stopPings()
      const telling = !ORDINARY_CLOSE_CODES.has(event.code) || event.reason !== ''
      const lastClose = telling ? { code: event.code, reason: event.reason } : this.#info.lastClose
      if (FINAL_CLOSE_CODES.has(event.code)) {
        this.#stopped = true
        this.#setInfo({ state: 'stopped', lastClose })
        return
      }
      this.#info = { ...this.#info, lastClose }
      if (!this.#stopped) this.#scheduleRetry()
    }
    socket.onerror = () => {
      // A close event follows; it decides what to do.
    }
  }

  #scheduleRetry() {
    this.#setInfo({ ...this.#info, state: this.#waitingState() })
    const delay = Math.min(15000, 500 * 2 ** this.#attempt) * (0.75 + Math.random() * 0.5)
    this.#attempt = Math.min(this.#attempt + 1, 10)
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null
      if (!this.#stopped && !this.#socket) this.#connect()
    }, delay)
  }

  #clearRetry() {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer)
    this.#retryTimer = null
  }

  /** The state while there is no answering socket: offline when the browser says so. */
  #waitingState() {
    if (!navigator.onLine) return 'offline'
    return this.#everOpen ? 'reconnecting' : 'connecting'
  }

  /** The browser lost the network: say so now, without waiting for the socket to close. */
  #onBrowserOffline = () => {
    if (this.#stopped) return
    this.#setInfo({ ...this.#info, state: 'offline' })
  }

  #onBrowserOnline = () => {
    if (this.#stopped) return
    if (this.#socket) {
      // A socket that stayed open: online again once the server answers (a pong).
      if (this.#info.state === 'offline') this.#setInfo({ ...this.#info, state: this.#waitingState() })
      if (this.#socket.readyState === WebSocket.OPEN) this.#sendPing()
      return
    }
    this.#clearRetry()
    this.#attempt = 0
    this.#connect()
  }

  #startPings() {
    this.#stopPings()
    this.#pingTimer = setInterval(() => {
      if (performance.now() - this.#lastMessageAt > 3 * this.#pingInterval) {
        // Silent for too long: drop it and reconnect.
        const socket = this.#socket
        if (socket) {
          socket.close(4000, 'no answer')
          socket.onclose?.(new CloseEvent('close', { code: 1006, reason: '' }))
        }
        return
      }
      this.#sendPing()
    }, this.#pingInterval)
  }

  #stopPings() {
    if (this.#pingTimer !== null) clearInterval(this.#pingTimer)
    this.#pingTimer = null
  }

  #sendPing() {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(this.clock.ping()))
  }

  /** @param {LiveInfo} info */
  #setInfo(info) {
    const changed = info.state !== this.#info.state || info.lastClose !== this.#info.lastClose
    this.#info = info
    if (changed) this.dispatchEvent(new CustomEvent('state', { detail: info }))
  }
}
