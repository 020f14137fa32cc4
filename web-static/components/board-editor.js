import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import * as authProtocol from 'y-protocols/auth'
import * as awarenessProtocol from 'y-protocols/awareness'
import { api, APIError, seg } from '../lib/api.js'
import { html, render } from '../lib/html.js'
import { boardKindLabel, currentLanguage, onLanguageChange, t } from '../lib/i18n.js'
import { LiveChannel } from '../lib/live.js'
import { DEFAULT_SLIDE_LIMIT, NOTE_COLORS, VOTE_BUDGET, detectVariant, templateFor } from '../lib/schema.js'
import { currentProfile, isColor } from '../lib/session.js'
import { BoardModel, LOCAL_ORIGIN } from '../board/board-model.js'
import { boardToSVG, download, svgToPNG } from '../board/export.js'
import { OfflineStore } from '../board/offline-store.js'
import './board-canvas.js'
import './board-deck.js'

/** y-websocket message type 2: y-protocols auth ("permission denied" + reason). */
const MESSAGE_AUTH = 2

/** Close codes after which reconnecting cannot help. */
const FINAL_CLOSE_CODES = new Set([4401, 4403, 4404])

/** Image types the server accepts (checked again from the bytes there). */
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif']
const MAX_IMAGE_BYTES = 10 * 1024 * 1024

/**
 * The board editor page at `/boards/{id}`: one board's Yjs document over y-websocket
 * (`disableBc`, token in the params), kept in IndexedDB for offline edits, drawn by
 * `<atelier-board-canvas>` (or `<atelier-board-deck>` for a deck), with a toolbar,
 * presence, connection state and read-only mode.
 *
 * Data down: `boardId`, `token`. Who we are and whether the board is writable come from
 * `GET /api/v1/me` and `GET /api/v1/sessions/{id}`, then from the live channel's
 * `board-lock` events. When the server refuses an edit (auth message "permission
 * denied"), the page drops its document and offline store, and resyncs read-only from
 * the server with a fresh client id.
 *
 * Shortcuts (outside text fields): N note, T text, S node (mind map, mood board), F frame
 * (prototype), I image, C link the two selected items, ] / [ to front / back, + / − / 0
 * zoom in / out / fit, Ctrl+Z undo, Ctrl+Shift+Z or Ctrl+Y redo, Ctrl+A select all; the
 * canvas adds its own (see board-canvas.js). Images can also be dropped on the board.
 *
 * For tests: `window.atelier` is `{ doc, provider, Y, model, editor }` (replaced on a
 * reset), and this element mirrors `data-state` (connecting, online, reconnecting,
 * offline, stopped), `data-synced`, `data-writable`, `data-kind`, `data-unsynced` (local
 * edits not yet confirmed sent), `data-denied` (the last refusal's reason) and
 * `data-resets`.
 */
export class AtelierBoardEditor extends HTMLElement {
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
  /** @type {BoardModel | null} */
  #model = null
  /** @type {OfflineStore | null} */
  #store = null
  /** @type {LiveChannel | null} */
  #live = null
  #profile = currentProfile()
  /** @type {{ id: string, role: string, name: string, sessionId: string | null }} */
  #me = { id: '', role: '', name: '', sessionId: null }
  #kind = ''
  #title = ''
  #phaseWritable = true
  #denied = false
  #slideLimit = DEFAULT_SLIDE_LIMIT
  #state = 'connecting'
  #everSynced = false
  #unsynced = 0
  #resets = 0
  #variant = 'canvas'
  /** @type {string} */
  #message = ''
  /** @type {(() => void) | null} */
  #stopLanguage = null
  /** @type {number | null} */
  #slideForImage = null
  #sentSelection = ''

  connectedCallback() {
    if (!this.token) {
      render(this, html`<section class="card notice"><h1>${t('editor.title')}</h1><p>${t('editor.signInFirst')} <a href="/">${t('editor.home')}</a></p></section>`)
      return
    }
    this.#renderShell()
    this.#stopLanguage = onLanguageChange(() => this.#renderShell())
    this.addEventListener('click', this.#onClick)
    this.addEventListener('change', this.#onChange)
    this.addEventListener('atelier-selection', this.#renderToolbar)
    this.addEventListener('atelier-pointer', this.#onPointer)
    this.addEventListener('atelier-over-budget', this.#onOverBudget)
    this.addEventListener('atelier-slide-image', this.#onSlideImage)
    this.addEventListener('dragover', this.#onDragOver)
    this.addEventListener('drop', this.#onDrop)
    document.addEventListener('keydown', this.#onKeyDown)
    window.addEventListener('pagehide', this.#onPageHide)
    window.addEventListener('online', this.#onBrowserOnline)
    void this.#start()
  }

  disconnectedCallback() {
    this.#stopLanguage?.()
    document.removeEventListener('keydown', this.#onKeyDown)
    window.removeEventListener('pagehide', this.#onPageHide)
    window.removeEventListener('online', this.#onBrowserOnline)
    this.#live?.stop?.()
    this.#teardown()
  }

  async #start() {
    await this.#loadPermissions()
    await this.#join()
  }

  /** Reads who we are, the board's kind and whether it is writable now. */
  async #loadPermissions() {
    try {
      const me = await api('/me', { token: this.token })
      this.#me = { id: String(me.id ?? ''), role: String(me.role ?? ''), name: String(me.name ?? ''), sessionId: me.session?.id ?? null }
      if (this.#me.name) this.#profile = { ...this.#profile, name: this.#me.name }
      if (this.#me.sessionId) {
        const session = await api(`/sessions/${seg(this.#me.sessionId)}`, { token: this.token })
        this.#applySession(session)
        this.#startLive(this.#me.sessionId)
      }
      if (this.#me.role === 'juror' || this.#me.role === 'observer') this.#phaseWritable = false
    } catch (error) {
      this.#message = error instanceof APIError ? error.message : String(error)
    }
    this.#applyWritable()
  }

  /** @param {any} session */
  #applySession(session) {
    if (typeof session?.slideLimit === 'number') this.#slideLimit = session.slideLimit
    for (const group of session?.groups ?? []) {
      for (const board of group.boards ?? []) {
        if (board.id === this.boardId) {
          this.#kind ||= String(board.kind ?? '')
          if (this.#me.role === 'participant') this.#phaseWritable = board.writable !== false
        }
      }
    }
  }

  /** @param {string} sessionId */
  #startLive(sessionId) {
    const live = new LiveChannel({ sessionId, token: /** @type {string} */ (this.token) })
    live.addEventListener('message', (event) => {
      const message = /** @type {CustomEvent<any>} */ (event).detail
      if (message.type === 'board-lock' && this.#me.role === 'participant') {
        const entry = (message.boards ?? []).find((/** @type {any} */ b) => b.id === this.boardId)
        if (entry) {
          this.#phaseWritable = entry.writable !== false
          if (this.#phaseWritable) this.#denied = false
          this.#applyWritable()
        }
      } else if ((message.type === 'hello' || message.type === 'phase') && message.session) {
        this.#applySession(message.session)
        this.#applyWritable()
      }
    })
    live.start()
    this.#live = live
  }

  get writable() {
    return this.#phaseWritable && !this.#denied && this.#everSynced
  }

  async #join() {
    const doc = new Y.Doc()
    const store = new OfflineStore(this.boardId)
    if (!this.#denied) await store.load(doc)
    const model = new BoardModel(doc, { author: this.#me.id, kind: this.#kind || String(doc.getMap('meta').get('kind') ?? '') })
    const provider = new WebsocketProvider(this.serverUrl, encodeURIComponent(this.boardId), doc, {
      params: { token: /** @type {string} */ (this.token) },
      disableBc: true,
    })
    provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => this.#onPermissionDenied(reason))
    }
    this.#doc = doc
    this.#sentSelection = ''
    this.#store = store
    this.#model = model
    this.#provider = provider
    Object.assign(window, { atelier: { doc, provider, Y, model, editor: this } })

    doc.getMap('meta').observe(this.#onMeta)
    doc.on('update', this.#onDocUpdate)
    provider.on('status', this.#onStatus)
    provider.on('sync', this.#onSync)
    provider.on('connection-close', this.#onClose)
    provider.awareness.on('change', this.#onAwareness)
    provider.awareness.setLocalStateField('user', { ...this.#profile, id: this.#me.id })
    this.#onMeta()
    this.#attachViews()
  }

  #teardown() {
    this.#onPageHide()
    this.#provider?.destroy()
    this.#store?.detach()
    this.#model?.destroy()
    this.#doc?.destroy()
    this.#provider = null
    this.#doc = null
    this.#model = null
  }

  /** Drops the local document (and its offline copy) and resyncs from the server. */
  async #reset() {
    const store = this.#store
    this.#teardown()
    await store?.clear()
    this.#resets++
    this.#everSynced = false
    this.#unsynced = 0
    await this.#join()
  }

  #onMeta = () => {
    const meta = this.#doc?.getMap('meta')
    if (!meta || !this.#model) return
    const kind = meta.get('kind')
    if (typeof kind === 'string' && kind && kind !== this.#kind) {
      this.#kind = kind
      this.#model.kind = kind
      this.#attachViews()
      const canvas = this.#canvas()
      if (canvas) {
        canvas.refresh()
        requestAnimationFrame(() => canvas.fit())
      }
    }
    const title = meta.get('title')
    if (typeof title === 'string') this.#title = title
    this.#renderHeader()
  }

  /**
   * @param {Uint8Array} _update
   * @param {unknown} origin
   */
  #onDocUpdate = (_update, origin) => {
    const local = origin === LOCAL_ORIGIN || origin instanceof Y.UndoManager
    if (local && !(this.#provider?.wsconnected && this.#provider.synced)) {
      this.#unsynced++
      this.#renderStatus()
    }
    if (this.#kind === 'empathy-map' && this.#model) {
      const variant = detectVariant(this.#model.items())
      if (variant !== this.#variant && this.#model.items().length) this.#setVariant(variant)
    }
    this.#renderToolbar()
  }

  /** @param {string} variant */
  #setVariant(variant) {
    this.#variant = variant
    if (this.#model) this.#model.variant = variant
    this.#canvas()?.refresh()
    this.#renderToolbar()
  }

  /** @param {{ status: string }} event */
  #onStatus = ({ status }) => {
    if (this.#state === 'stopped') return
    if (status === 'connected') this.#state = this.#provider?.synced ? 'online' : 'connecting'
    else this.#state = this.#everSynced ? (navigator.onLine ? 'reconnecting' : 'offline') : 'connecting'
    this.#renderStatus()
  }

  /** @param {boolean} synced */
  #onSync = (synced) => {
    if (!synced || this.#state === 'stopped') return
    this.#everSynced = true
    this.#state = 'online'
    this.#unsynced = 0
    const meta = this.#doc?.getMap('meta')
    if (this.#model && this.#kind === 'empathy-map') this.#setVariant(detectVariant(this.#model.items()))
    if (meta) this.#onMeta()
    this.#applyWritable()
    this.#renderStatus()
  }

  /** @param {CloseEvent} event */
  #onClose = (event) => {
    if (FINAL_CLOSE_CODES.has(event?.code)) {
      this.#provider?.disconnect()
      this.#state = 'stopped'
      this.#message = `${event.code} ${event.reason}`
    } else if (this.#state !== 'stopped') {
      this.#state = this.#everSynced ? (navigator.onLine ? 'reconnecting' : 'offline') : 'connecting'
    }
    this.#renderStatus()
  }

  #onBrowserOnline = () => {
    if (this.#state !== 'stopped') this.#provider?.connect()
  }

  /** @param {string} reason */
  #onPermissionDenied(reason) {
    this.#denied = true
    this.dataset.denied = reason || 'permission denied'
    this.#message = t('editor.refused', { reason: reason || t('editor.noReason') })
    this.#applyWritable()
    void this.#reset()
  }

  #applyWritable() {
    const writable = this.writable
    this.dataset.writable = String(writable)
    const canvas = this.#canvas()
    if (canvas) canvas.readOnly = !writable
    const deck = this.#deck()
    if (deck) deck.readOnly = !writable
    this.#renderHeader()
    this.#renderToolbar()
  }

  #onPageHide = () => {
    const provider = this.#provider
    if (provider && provider.awareness.getLocalState() !== null) {
      awarenessProtocol.removeAwarenessStates(provider.awareness, [provider.awareness.clientID], 'pagehide')
    }
  }

  /** @param {Event} event */
  #onPointer = (event) => {
    const { x, y } = /** @type {CustomEvent<{ x: number, y: number }>} */ (event).detail
    this.#provider?.awareness.setLocalStateField('cursor', { x, y })
  }

  #onAwareness = () => {
    const provider = this.#provider
    if (!provider) return
    const self = provider.awareness.clientID
    /** @type {import('./board-canvas.js').RemotePeer[]} */
    const peers = []
    /** @type {{ name: string, color: string, self: boolean }[]} */
    const people = []
    for (const [clientId, state] of provider.awareness.getStates()) {
      const user = state?.user
      if (!user || typeof user !== 'object') continue
      const name = typeof user.name === 'string' && user.name.trim() ? user.name.trim().slice(0, 60) : `#${clientId}`
      const color = isColor(user.color) ? user.color : '#6b7280'
      people.push({ name, color, self: clientId === self })
      if (clientId === self) continue
      const c = state.cursor
      const cursor = c && Number.isFinite(c.x) && Number.isFinite(c.y) ? { x: c.x, y: c.y } : null
      const selection = Array.isArray(state.selection) ? state.selection.filter((/** @type {unknown} */ s) => typeof s === 'string').slice(0, 200) : []
      peers.push({ clientId, name, color, cursor, selection })
    }
    const canvas = this.#canvas()
    if (canvas) canvas.peers = peers
    const list = this.querySelector('.board-people')
    if (list) {
      people.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name))
      render(list, html`${people.map((p) => html`<li data-name="${p.name}" title="${p.name}"><span class="avatar" data-color="${p.color}">${initials(p.name)}</span><span class="visually-hidden">${p.name}${p.self ? ` (${t('editor.you')})` : ''}</span></li>`)}`)
      this.dataset.people = String(people.length)
      paintColors(list)
    }
  }

  /** @returns {import('./board-canvas.js').AtelierBoardCanvas | null} */
  #canvas() {
    return this.querySelector('atelier-board-canvas')
  }

  /** @returns {import('./board-deck.js').AtelierBoardDeck | null} */
  #deck() {
    return this.querySelector('atelier-board-deck')
  }

  #renderShell() {
    render(
      this,
      html`<header class="board-bar">
          <div class="board-heading"><h1></h1><p class="board-sub"></p></div>
          <div class="board-status" role="status" aria-live="polite"></div>
          <ul class="board-people" aria-label="${t('editor.people')}"></ul>
        </header>
        <p class="notice board-message" hidden></p>
        <div class="board-toolbar" role="toolbar" aria-label="${t('editor.toolbar')}"></div>
        <div class="board-surface"></div>
        <input type="file" class="board-file visually-hidden" tabindex="-1" aria-hidden="true" accept="${IMAGE_TYPES.join(',')}" />`,
    )
    this.#attachViews()
  }

  #attachViews() {
    const surface = this.querySelector('.board-surface')
    if (!surface) return
    this.dataset.kind = this.#kind
    if (this.#kind === 'deck') {
      let deck = this.#deck()
      if (!deck) {
        deck = /** @type {import('./board-deck.js').AtelierBoardDeck} */ (document.createElement('atelier-board-deck'))
        surface.replaceChildren(deck)
      }
      deck.slideLimit = this.#slideLimit
      deck.model = this.#model
      deck.readOnly = !this.writable
    } else {
      let canvas = this.#canvas()
      if (!canvas) {
        canvas = /** @type {import('./board-canvas.js').AtelierBoardCanvas} */ (document.createElement('atelier-board-canvas'))
        surface.replaceChildren(canvas)
      }
      canvas.voter = this.#me.id
      if (canvas.model !== this.#model) {
        canvas.model = this.#model
        requestAnimationFrame(() => canvas?.fit())
      }
      canvas.readOnly = !this.writable
    }
    this.#renderHeader()
    this.#renderStatus()
    this.#renderToolbar()
    this.#onAwareness()
  }

  #renderHeader() {
    const h1 = this.querySelector('.board-heading h1')
    const sub = this.querySelector('.board-sub')
    if (!h1 || !sub) return
    render(h1, html`${this.#title || boardKindLabel(this.#kind) || this.boardId}`)
    const lock = this.writable ? '' : html` · <strong class="read-only">${this.#denied ? t('editor.readOnlyRefused') : t('editor.readOnly')}</strong>`
    render(sub, html`${boardKindLabel(this.#kind)}${lock}`)
    const message = /** @type {HTMLElement | null} */ (this.querySelector('.board-message'))
    if (message) {
      message.hidden = this.#message === ''
      render(message, html`${this.#message}`)
    }
    document.title = `${this.#title || boardKindLabel(this.#kind) || this.boardId} · Atelier`
  }

  #renderStatus() {
    const holder = this.querySelector('.board-status')
    this.dataset.state = this.#state
    this.dataset.synced = String(Boolean(this.#provider?.synced))
    this.dataset.unsynced = String(this.#unsynced)
    this.dataset.resets = String(this.#resets)
    if (!holder) return
    const pending = this.#unsynced > 0 && this.#state !== 'online' ? html`<span class="unsynced">${t('editor.unsynced', { count: this.#unsynced })}</span>` : ''
    render(holder, html`<span class="status-pill" data-state="${this.#state}"><span class="status-dot"></span>${t(`editor.state.${this.#state}`)}</span>${pending}`)
  }

  #renderToolbar = () => {
    const bar = this.querySelector('.board-toolbar')
    if (!bar) return
    const ro = !this.writable
    const dis = ro ? html`disabled` : ''
    const model = this.#model
    const selected = this.#canvas()?.selection ?? []
    const none = ro || selected.length === 0 ? html`disabled` : ''
    const selectionKey = selected.join(',')
    if (this.#provider && selectionKey !== this.#sentSelection) {
      this.#sentSelection = selectionKey
      this.#provider.awareness.setLocalStateField('selection', selected)
    }
    // Re-rendering must not lose the keyboard focus of a tool.
    const focused = /** @type {HTMLElement | null} */ (bar.contains(document.activeElement) ? document.activeElement : null)
    const focusKey = focused ? `[data-action="${focused.dataset.action}"]${focused.dataset.type ? `[data-type="${focused.dataset.type}"]` : ''}${focused.dataset.color ? `[data-color="${focused.dataset.color}"]` : ''}` : null
    queueMicrotask(() => {
      if (focusKey && (document.activeElement === null || document.activeElement === document.body)) /** @type {HTMLElement | null} */ (bar.querySelector(focusKey))?.focus()
    })
    if (this.#kind === 'deck') {
      render(bar, html`${this.#undoButtons(ro)}${this.#exportButtons()}`)
      return
    }
    const tpl = templateFor(this.#kind, this.#variant)
    const used = model ? model.votesUsed() : 0
    const tools = tpl.tools.filter((tool) => tool !== 'connector' && tool !== 'image')
    render(
      bar,
      html`<div class="tool-group">${tools.map((tool) => html`<button type="button" data-action="add" data-type="${tool}" ${dis} title="${t(`editor.shortcut.${tool}`)}">+ ${t(`editor.type.${tool}`)}</button>`)}
          <button type="button" data-action="image" ${dis}>+ ${t('editor.type.image')}</button>
          ${tpl.connectors ? html`<button type="button" data-action="connect" ${ro || selected.length !== 2 ? html`disabled` : ''} title="${t('editor.connectHelp')}">${t('editor.connect')}</button>` : ''}
        </div>
        <div class="tool-group colors" role="group" aria-label="${t('editor.color')}">${NOTE_COLORS.map((c) => html`<button type="button" class="swatch" data-action="color" data-color="${c}" aria-label="${t('editor.colorNamed', { color: c })}" ${none}></button>`)}</div>
        <div class="tool-group">
          <button type="button" class="secondary" data-action="front" ${none} title="]">${t('editor.front')}</button>
          <button type="button" class="secondary" data-action="back" ${none} title="[">${t('editor.back')}</button>
          <button type="button" class="secondary" data-action="delete" ${none} title="Delete">${t('editor.delete')}</button>
        </div>
        ${this.#undoButtons(ro)}
        <div class="tool-group">
          <button type="button" class="secondary icon" data-action="zoom-out" aria-label="${t('editor.zoomOut')}" title="-">−</button>
          <button type="button" class="secondary" data-action="fit" title="0">${t('editor.fit')}</button>
          <button type="button" class="secondary icon" data-action="zoom-in" aria-label="${t('editor.zoomIn')}" title="+">+</button>
        </div>
        ${this.#kind === 'empathy-map' ? html`<label class="tool-group">${t('editor.variant')} <select data-action="variant" ${dis}><option value="canvas" ${this.#variant === 'canvas' ? html`selected` : ''}>${t('editor.variantCanvas')}</option><option value="classic" ${this.#variant === 'classic' ? html`selected` : ''}>${t('editor.variantClassic')}</option></select></label>` : ''}
        ${tpl.votes ? html`<p class="tool-group votes" data-used="${String(used)}">${t('editor.votes', { used, budget: VOTE_BUDGET })}</p>` : ''}
        ${this.#exportButtons()}`,
    )
    paintColors(bar)
  }

  /** @param {boolean} ro */
  #undoButtons(ro) {
    const um = this.#model?.undoManager
    return html`<div class="tool-group">
      <button type="button" class="secondary" data-action="undo" ${ro || !um?.canUndo() ? html`disabled` : ''} title="Ctrl+Z">${t('editor.undo')}</button>
      <button type="button" class="secondary" data-action="redo" ${ro || !um?.canRedo() ? html`disabled` : ''} title="Ctrl+Shift+Z">${t('editor.redo')}</button>
    </div>`
  }

  #exportButtons() {
    if (this.#kind === 'deck') return ''
    return html`<div class="tool-group end">
      <button type="button" class="secondary" data-action="export-svg">${t('editor.exportSVG')}</button>
      <button type="button" class="secondary" data-action="export-png">${t('editor.exportPNG')}</button>
    </div>`
  }

  /**
   * Adds an item of a type at the centre of the view, or beside the selection.
   * @param {string} type
   * @returns {string | null}
   */
  addItem(type) {
    const model = this.#model
    const canvas = this.#canvas()
    if (!model || !canvas || !this.writable) return null
    const center = canvas.viewCenter()
    const jitter = () => Math.round((Math.random() - 0.5) * 60)
    const selected = canvas.selection
    const id = model.addItem({ type, x: center.x - 90 + jitter(), y: center.y - 70 + jitter() })
    if (this.#kind === 'mind-map' && selected.length === 1 && type !== 'text') model.connect(selected[0], id)
    canvas.select([id])
    canvas.editSelected()
    return id
  }

  /**
   * Uploads an image to the board's assets.
   * @param {File | Blob} file
   * @returns {Promise<string | null>} the hash, or null (the error is shown)
   */
  async upload(file) {
    if (!IMAGE_TYPES.includes(file.type)) {
      this.#flash(t('editor.uploadType'))
      return null
    }
    if (file.size > MAX_IMAGE_BYTES) {
      this.#flash(t('editor.uploadSize'))
      return null
    }
    try {
      const response = await fetch(`/api/v1/boards/${seg(this.boardId)}/assets`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': file.type },
        body: file,
      })
      const data = await response.json().catch(() => null)
      if (!response.ok) {
        this.#flash(t('editor.uploadFailed', { message: data?.error?.message ?? `${response.status}` }))
        return null
      }
      return typeof data?.hash === 'string' ? data.hash : null
    } catch {
      this.#flash(t('common.networkError'))
      return null
    }
  }

  /** @param {File} file */
  async #placeImage(file) {
    const hash = await this.upload(file)
    if (!hash || !this.#model) return
    if (this.#slideForImage !== null) {
      this.#model.setSlideAsset(this.#slideForImage, hash)
      this.#slideForImage = null
      return
    }
    const canvas = this.#canvas()
    const center = canvas?.viewCenter() ?? { x: 200, y: 200 }
    const selected = canvas?.selection ?? []
    const frame = selected.length === 1 ? this.#model.items().find((i) => i.id === selected[0] && i.type === 'frame') : null
    if (frame) {
      this.#model.transact(() => this.#model?.itemsMap.get(frame.id)?.set('asset', hash))
      return
    }
    const id = this.#model.addItem({ type: 'image', x: center.x - 130, y: center.y - 100, asset: hash })
    canvas?.select([id])
  }

  /** @param {string} message */
  #flash(message) {
    this.#message = message
    this.#renderHeader()
  }

  #onOverBudget = () => this.#flash(t('editor.overBudget', { budget: VOTE_BUDGET }))

  /** @param {Event} event */
  #onSlideImage = (event) => {
    this.#slideForImage = /** @type {CustomEvent<{ index: number }>} */ (event).detail.index
    /** @type {HTMLInputElement} */ (this.querySelector('.board-file')).click()
  }

  /** @param {DragEvent} event */
  #onDragOver = (event) => {
    if (this.writable && event.dataTransfer?.types.includes('Files')) event.preventDefault()
  }

  /** @param {DragEvent} event */
  #onDrop = (event) => {
    const file = event.dataTransfer?.files[0]
    if (!file || !this.writable) return
    event.preventDefault()
    void this.#placeImage(file)
  }

  /** @param {Event} event */
  #onChange = (event) => {
    const target = /** @type {HTMLElement} */ (event.target)
    if (target instanceof HTMLInputElement && target.classList.contains('board-file')) {
      const file = target.files?.[0]
      target.value = ''
      if (file) void this.#placeImage(file)
    } else if (target instanceof HTMLSelectElement && target.dataset.action === 'variant') {
      this.#setVariant(target.value)
    }
  }

  /** @param {MouseEvent} event */
  #onClick = (event) => {
    const button = /** @type {HTMLElement | null} */ ((/** @type {Element} */ (event.target)).closest('.board-toolbar [data-action]'))
    if (!button || button.tagName === 'SELECT') return
    this.#act(/** @type {string} */ (button.dataset.action), button.dataset)
  }

  /**
   * @param {string} action
   * @param {DOMStringMap} [data]
   */
  #act(action, data = {}) {
    const model = this.#model
    const canvas = this.#canvas()
    if (!model) return
    const selected = canvas?.selection ?? []
    const ro = !this.writable
    switch (action) {
      case 'add':
        if (data.type) this.addItem(data.type)
        break
      case 'image':
        if (!ro) {
          this.#slideForImage = null
          /** @type {HTMLInputElement} */ (this.querySelector('.board-file')).click()
        }
        break
      case 'connect':
        if (!ro && selected.length === 2) model.connect(selected[0], selected[1])
        break
      case 'color':
        if (!ro && data.color) model.setColor(selected, data.color)
        break
      case 'front':
      case 'back':
        if (!ro) model.reorder(selected, action)
        break
      case 'delete':
        if (!ro) {
          model.remove(selected)
          canvas?.select([])
        }
        break
      case 'undo':
        if (!ro) model.undo()
        break
      case 'redo':
        if (!ro) model.redo()
        break
      case 'zoom-in':
        canvas?.zoomBy(1.25)
        break
      case 'zoom-out':
        canvas?.zoomBy(0.8)
        break
      case 'fit':
        canvas?.fit()
        break
      case 'export-svg':
      case 'export-png':
        void this.export(action === 'export-svg' ? 'svg' : 'png')
        break
    }
    this.#renderToolbar()
  }

  /**
   * Exports the board as an SVG or PNG download.
   * @param {'svg' | 'png'} format
   * @returns {Promise<Blob | null>}
   */
  async export(format) {
    if (!this.#model) return null
    const svg = await boardToSVG(this.#model, { title: this.#title || boardKindLabel(this.#kind), lang: currentLanguage() })
    const blob = format === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await svgToPNG(svg)
    download(blob, `${this.#kind || 'board'}-${this.boardId}.${format}`)
    return blob
  }

  /** @param {KeyboardEvent} event */
  #onKeyDown = (event) => {
    const target = /** @type {HTMLElement} */ (event.target)
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return
    const mod = event.ctrlKey || event.metaKey
    const key = event.key.toLowerCase()
    if (mod && key === 'z') {
      event.preventDefault()
      this.#act(event.shiftKey ? 'redo' : 'undo')
    } else if (mod && key === 'y') {
      event.preventDefault()
      this.#act('redo')
    } else if (mod && key === 'a' && this.#canvas()) {
      event.preventDefault()
      this.#canvas()?.select((this.#model?.items() ?? []).filter((i) => i.type !== 'connector').map((i) => i.id))
    } else if (mod || event.altKey) {
      return
    } else if (this.#kind !== 'deck' && (key === 'n' || key === 't' || key === 's' || key === 'f')) {
      const type = { n: 'note', t: 'text', s: 'shape', f: 'frame' }[key]
      if (type && templateFor(this.#kind).tools.includes(type)) {
        event.preventDefault()
        this.addItem(type)
      }
    } else if (key === 'i') {
      this.#act('image')
    } else if (key === 'c') {
      this.#act('connect')
    } else if (key === ']' || key === '[') {
      this.#act(key === ']' ? 'front' : 'back')
    } else if (key === '+' || key === '=') {
      this.#act('zoom-in')
    } else if (key === '-') {
      this.#act('zoom-out')
    } else if (key === '0') {
      this.#act('fit')
    }
  }
}

/**
 * Sets the background of `[data-color]` descendants through the CSSOM (no inline style).
 * @param {Element} root
 */
function paintColors(root) {
  root.querySelectorAll('[data-color]').forEach((el) => {
    const color = /** @type {HTMLElement} */ (el).dataset.color
    if (isColor(color)) /** @type {HTMLElement} */ (el).style.background = /** @type {string} */ (color)
  })
}

/** @param {string} name @returns {string} */
function initials(name) {
  const parts = name.split(/\s+/).filter(Boolean)
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase()
}

customElements.define('atelier-board-editor', AtelierBoardEditor)
