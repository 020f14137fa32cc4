import * as Y from 'yjs'
import { html, render } from '../lib/html.js'
import { coarsePointer, currentLanguage, localized, t } from '../lib/i18n.js'
import { isColor } from '../lib/session.js'
import { LOCAL_ORIGIN } from '../board/board-model.js'
import { bindText } from '../board/text-binding.js'
import { PinchTracker } from '../board/gestures.js'

/**
 * @typedef {object} RemotePeer
 * @property {number} clientId
 * @property {string} name
 * @property {string} color
 * @property {{ x: number, y: number } | null} cursor board units
 * @property {string[]} selection item ids
 *
 * @typedef {object} VoteView what the notes' dots show (board/board-votes.js)
 * @property {boolean} canVote this person votes here now (a participant on a writable board)
 * @property {Set<string>} mine the items this person put a dot on
 * @property {boolean} counts whether the counts show (a named vote, or an anonymous one revealed)
 * @property {number} budget dots per person
 */

/**
 * The board canvas: zones of the board's layout, items in `z` order, connectors, others'
 * cursors and selections; pan, zoom, select, move, resize and edit text. What the board is
 * (its zones, whether notes take votes) comes from the model's kind (board/kinds/).
 *
 * Data down: `model` (board/board-model.js), `readOnly`, `peers` (RemotePeer[]), `votes`
 * ({@link VoteView}: the dots on notes, from the server's count in the document and this
 * person's own dots), `boardView` (`{ x, y, zoom }`: the board point at the top-left and
 * the scale; set to show what a leader shows). Events up: `atelier-selection`
 * (`detail.ids`) when the selection changes, `atelier-pointer` (`detail: { x, y, inside }`
 * in board units, throttled; `inside: false` when the pointer leaves) for the awareness
 * cursor and where new items go, `atelier-vote` (`detail.id`: this person's dot on a note,
 * put or taken back; the page asks the server), `atelier-view` when the view pans or zooms.
 * Items are drawn with `textContent` and validated numbers/colours only.
 *
 * Mouse: drag an item to move (the move is one transaction on drop), the corner handle
 * to resize, the background to select by rectangle, with Space, Alt or the middle button
 * to pan; the wheel pans, Ctrl+wheel zooms; double-click edits text. Touch: one finger
 * moves an item or pans the background, two fingers pan and pinch to zoom; a double tap
 * edits. Keyboard (canvas focused, with a visible focus ring): Tab/Shift+Tab walk the
 * items (focus selects), Space adds the focused item to the selection or removes it,
 * arrows move (Shift ×5), Alt+arrows resize, Enter edits, Escape stops editing or clears
 * the selection, Delete removes, `v` votes; with nothing selected the arrows pan.
 */
export class AtelierBoardCanvas extends HTMLElement {
  /** @type {import('../board/board-model.js').BoardModel | null} */
  #model = null
  #readOnly = false
  /** @type {RemotePeer[]} */
  peersList = []
  /** @type {Set<string>} */
  #selection = new Set()
  #view = { x: 24, y: 24, scale: 0.7 }
  /** @type {VoteView} */
  #votes = { canVote: false, mine: new Set(), counts: true, budget: 0 }
  /** @type {HTMLElement | null} */
  #viewport = null
  /** @type {HTMLElement | null} */
  #world = null
  /** @type {Map<string, HTMLElement>} */
  #elements = new Map()
  /** @type {{ id: string, area: HTMLTextAreaElement, ytext: Y.Text, unbind: () => void } | null} */
  #editing = null
  /** @type {any} */
  #drag = null
  #spaceDown = false
  #pointerActive = false
  #pinch = new PinchTracker()
  #lastPointerSent = 0
  #scheduled = false
  /** @type {(() => void) | null} */
  #stopLanguage = null

  /** @param {import('../board/board-model.js').BoardModel | null} model */
  set model(model) {
    if (this.#model) this.#model.itemsMap.unobserveDeep(this.#onDocChange)
    this.#stopEditing()
    this.#model = model
    this.#selection.clear()
    for (const el of this.#elements.values()) el.remove()
    this.#elements.clear()
    if (model) model.itemsMap.observeDeep(this.#onDocChange)
    this.#renderAll()
  }

  /** @returns {import('../board/board-model.js').BoardModel | null} */
  get model() {
    return this.#model
  }

  /** @param {boolean} value */
  set readOnly(value) {
    this.#readOnly = value
    if (value) this.#stopEditing()
    this.dataset.readOnly = String(value)
    this.#schedule()
  }

  get readOnly() {
    return this.#readOnly
  }

  /** @param {RemotePeer[]} peers */
  set peers(peers) {
    this.peersList = peers
    this.#renderPeers()
    this.#renderItems()
  }

  /** @returns {string[]} */
  get selection() {
    return [...this.#selection]
  }

  /** @param {string[]} ids */
  select(ids) {
    this.#selection = new Set(ids)
    this.#selectionChanged()
  }

  /** @returns {{ x: number, y: number }} the board point at the centre of the view */
  viewCenter() {
    const rect = this.#viewport?.getBoundingClientRect()
    const w = rect?.width ?? 800
    const h = rect?.height ?? 600
    return { x: (w / 2 - this.#view.x) / this.#view.scale, y: (h / 2 - this.#view.y) / this.#view.scale }
  }

  /** @returns {{ x: number, y: number, w: number, h: number }} the part of the board in view, in board units */
  visibleRect() {
    const rect = this.#viewport?.getBoundingClientRect()
    const w = rect?.width ?? 800
    const h = rect?.height ?? 600
    const { x, y, scale } = this.#view
    return { x: -x / scale, y: -y / scale, w: w / scale, h: h / scale }
  }

  /** @returns {import('../lib/facilitation.js').BoardView} the board point at the view's top-left, and the scale */
  get boardView() {
    const { x, y, scale } = this.#view
    return { x: -x / scale, y: -y / scale, zoom: scale }
  }

  /** @param {import('../lib/facilitation.js').BoardView} view shows this (the zoom kept within the canvas's range) */
  set boardView(view) {
    const scale = Math.min(3, Math.max(0.15, view.zoom))
    this.#view = { scale, x: -view.x * scale, y: -view.y * scale }
    this.#applyView()
  }

  /** @param {VoteView} votes */
  set votes(votes) {
    this.#votes = votes
    this.#schedule()
  }

  /**
   * Pans so the item is in view (when it is not).
   * @param {string} id
   */
  reveal(id) {
    const item = this.#model?.items().find((i) => i.id === id)
    if (!item) return
    const view = this.visibleRect()
    if (item.x >= view.x && item.y >= view.y && item.x + item.w <= view.x + view.w && item.y + item.h <= view.y + view.h) return
    const scale = this.#view.scale
    this.#view = { scale, x: -(item.x + item.w / 2 - view.w / 2) * scale, y: -(item.y + item.h / 2 - view.h / 2) * scale }
    this.#applyView()
  }

  /** @returns {{ id: string, text: string } | null} the item being edited and the text in its box */
  editingText() {
    const editing = this.#editing
    return editing ? { id: editing.id, text: editing.area.value } : null
  }

  /** @param {number} factor */
  zoomBy(factor) {
    const rect = this.#viewport?.getBoundingClientRect()
    this.#zoomAt(factor, (rect?.width ?? 800) / 2, (rect?.height ?? 600) / 2)
  }

  /** Fits the template (and every item) in the view. */
  fit() {
    const model = this.#model
    const viewport = this.#viewport
    if (!model || !viewport) return
    const zoned = model.zones().length > 0
    let minX = 0
    let minY = 0
    let maxX = zoned ? model.kind.width : 400
    let maxY = zoned ? model.kind.height : 300
    for (const item of model.items()) {
      if (item.type === 'connector') continue
      minX = Math.min(minX, item.x)
      minY = Math.min(minY, item.y)
      maxX = Math.max(maxX, item.x + item.w)
      maxY = Math.max(maxY, item.y + item.h)
    }
    const rect = viewport.getBoundingClientRect()
    const pad = 24
    const scale = Math.min((rect.width - 2 * pad) / (maxX - minX), (rect.height - 2 * pad) / (maxY - minY), 1.5)
    const s = Math.max(0.1, scale)
    this.#view = { scale: s, x: pad - minX * s + (rect.width - 2 * pad - (maxX - minX) * s) / 2, y: pad - minY * s }
    this.#applyView()
  }

  /** Starts editing the text of the single selected item. */
  editSelected() {
    this.#renderItems()
    if (this.#selection.size === 1) this.#startEditing([...this.#selection][0])
  }

  connectedCallback() {
    render(
      this,
      html`<div class="bc-viewport" tabindex="0" role="application" aria-roledescription="${t('editor.canvasRole')}" aria-label="${t('editor.canvasLabel')}">
        <div class="bc-world"><div class="bc-zones"></div><div class="bc-links" aria-hidden="true"></div><div class="bc-items"></div><div class="bc-peers" aria-hidden="true"></div><div class="bc-marquee" hidden></div></div>
      </div>`,
    )
    this.#viewport = /** @type {HTMLElement} */ (this.querySelector('.bc-viewport'))
    this.#world = /** @type {HTMLElement} */ (this.querySelector('.bc-world'))
    const vp = this.#viewport
    vp.addEventListener('pointerdown', this.#onPointerDown)
    vp.addEventListener('pointermove', this.#onPointerMove)
    vp.addEventListener('pointerup', this.#onPointerUp)
    vp.addEventListener('pointercancel', this.#onPointerUp)
    vp.addEventListener('pointerleave', this.#onPointerLeave)
    vp.addEventListener('wheel', this.#onWheel, { passive: false })
    vp.addEventListener('dblclick', this.#onDoubleClick)
    vp.addEventListener('keydown', this.#onKeyDown)
    vp.addEventListener('keyup', this.#onKeyUp)
    vp.addEventListener('focusin', this.#onFocusIn)
    vp.addEventListener('click', this.#onClick)
    this.#stopLanguage = () => {}
    this.#applyView()
    this.#renderAll()
  }

  disconnectedCallback() {
    this.#stopEditing()
    if (this.#model) this.#model.itemsMap.unobserveDeep(this.#onDocChange)
    this.#stopLanguage?.()
  }

  /** Re-renders everything (after a language or variant change). */
  refresh() {
    this.#renderAll()
  }

  #onDocChange = () => this.#schedule()

  #schedule() {
    if (this.#scheduled) return
    this.#scheduled = true
    requestAnimationFrame(() => {
      this.#scheduled = false
      this.#renderItems()
    })
  }

  #renderAll() {
    this.#renderZones()
    this.#renderItems()
    this.#renderPeers()
  }

  #renderZones() {
    const holder = this.querySelector('.bc-zones')
    const model = this.#model
    if (!holder) return
    if (!model) {
      holder.replaceChildren()
      return
    }
    const lang = currentLanguage()
    const zones = model.zones()
    render(
      holder,
      html`${zones.map(
        (z) => html`<section class="bc-zone" data-zone="${z.id}">
          <h3>${localized(z.label)}</h3>${z.hint ? html`<p>${z.hint[lang]}</p>` : ''}
        </section>`,
      )}`,
    )
    // Positions go through the CSSOM, never a style attribute (the CSP allows no inline style).
    holder.querySelectorAll('.bc-zone').forEach((el, i) => {
      const z = zones[i]
      Object.assign(/** @type {HTMLElement} */ (el).style, {
        left: `${z.x}px`, top: `${z.y}px`, width: `${z.w}px`, height: `${z.h}px`, background: isColor(z.color) ? z.color : '#ffffff',
      })
    })
  }

  #renderItems() {
    const model = this.#model
    const holder = this.querySelector('.bc-items')
    const links = this.querySelector('.bc-links')
    if (!holder || !links) return
    const items = model ? model.items() : []
    const byId = new Map(items.map((i) => [i.id, i]))
    const seen = new Set()
    /** @type {Map<string, string[]>} */
    const remoteSel = new Map()
    for (const peer of this.peersList) {
      for (const id of peer.selection) remoteSel.set(id, [...(remoteSel.get(id) ?? []), peer.color, peer.name])
    }
    let order = 0
    for (const item of items) {
      if (item.type === 'connector') continue
      seen.add(item.id)
      let el = this.#elements.get(item.id)
      if (!el) {
        el = document.createElement('div')
        el.className = 'bc-item'
        el.dataset.id = item.id
        el.tabIndex = 0
        el.setAttribute('role', 'group')
        this.#elements.set(item.id, el)
      }
      if (holder.children[order] !== el) holder.insertBefore(el, holder.children[order] ?? null)
      order++
      this.#updateItem(el, item, remoteSel.get(item.id))
    }
    for (const [id, el] of this.#elements) {
      if (!seen.has(id)) {
        el.remove()
        this.#elements.delete(id)
        this.#selection.delete(id)
        if (this.#editing?.id === id) this.#stopEditing()
      }
    }
    // connectors
    const parts = []
    for (const item of items) {
      if (item.type !== 'connector') continue
      const a = byId.get(item.from)
      const b = byId.get(item.to)
      if (!a || !b) continue
      const ax = a.x + a.w / 2
      const ay = a.y + a.h / 2
      const bx = b.x + b.w / 2
      const by = b.y + b.h / 2
      const selected = this.#selection.has(item.id)
      parts.push(html`<line data-id="${item.id}" x1="${ax}" y1="${ay}" x2="${bx}" y2="${by}" stroke="${item.color}" stroke-width="${selected ? 6 : 3}" stroke-linecap="round"></line>`)
    }
    // The lines go in with their <svg>, so the parser puts them in the SVG namespace.
    render(links, html`<svg width="1" height="1">${parts}</svg>`)
    this.dataset.items = String(items.length)
  }

  /**
   * @param {HTMLElement} el
   * @param {import('../lib/schema.js').ItemView} item
   * @param {string[] | undefined} remote [colour, name, …] of peers selecting it
   */
  #updateItem(el, item, remote) {
    const dragging = this.#drag?.kind === 'move' && this.#selection.has(item.id)
    const dx = dragging ? this.#drag.dx : 0
    const dy = dragging ? this.#drag.dy : 0
    const resizing = this.#drag?.kind === 'resize' && this.#drag.id === item.id
    const w = resizing ? this.#drag.w : item.w
    const h = resizing ? this.#drag.h : item.h
    el.style.left = `${item.x + dx}px`
    el.style.top = `${item.y + dy}px`
    el.style.width = `${w}px`
    el.style.height = `${h}px`
    el.dataset.type = item.type
    el.dataset.zone = item.zone
    el.style.setProperty('--item-color', item.color)
    el.classList.toggle('selected', this.#selection.has(item.id))
    if (remote) {
      el.style.setProperty('--peer-color', remote[0])
      el.dataset.peer = remote[1]
      el.classList.add('peer-selected')
    } else {
      el.classList.remove('peer-selected')
      delete el.dataset.peer
    }
    el.setAttribute('aria-label', `${t(/** @type {import('../lib/i18n.js').StringKey} */ (`editor.type.${item.type}`))}: ${item.text.slice(0, 80)}`)
    const votes = this.#votes
    const key = JSON.stringify([item.type, item.asset, item.votes, votes.mine.has(item.id), votes.counts, votes.canVote, this.#readOnly, this.#model?.kind.id])
    if (el.dataset.key !== key) {
      el.dataset.key = key
      this.#buildItem(el, item)
    }
    const text = /** @type {HTMLElement | null} */ (el.querySelector('.bc-text'))
    if (text && this.#editing?.id !== item.id && text.textContent !== item.text) text.textContent = item.text
    if (text) text.classList.toggle('placeholder', item.text === '')
    if (text && this.#editing?.id !== item.id) {
      const fit = `${item.text.length}:${w}:${h}:${el.dataset.key}`
      if (text.dataset.fit !== fit) {
        text.dataset.fit = fit
        fitText(text)
      }
    }
  }

  /**
   * @param {HTMLElement} el
   * @param {import('../lib/schema.js').ItemView} item
   */
  #buildItem(el, item) {
    if (this.#editing?.id === item.id) this.#stopEditing()
    el.replaceChildren()
    if (item.asset && (item.type === 'image' || item.type === 'frame')) {
      const img = document.createElement('img')
      img.src = `/assets/${item.asset}`
      img.alt = ''
      img.draggable = false
      img.className = 'bc-image'
      el.append(img)
    } else if (item.type === 'frame') {
      const sketch = document.createElement('div')
      sketch.className = 'bc-sketch'
      sketch.textContent = t('editor.frameSketch')
      el.append(sketch)
    }
    if (item.type !== 'image' || item.text) {
      const text = document.createElement('div')
      text.className = 'bc-text'
      text.dataset.placeholder = t(coarsePointer() ? 'editor.emptyTextTouch' : 'editor.emptyText')
      text.textContent = item.text
      el.append(text)
    }
    if (this.#model?.kind.votes && item.type === 'note') {
      // The count is the server's (named votes, or anonymous ones once revealed); before an
      // anonymous vote is revealed each person sees their own dot only.
      const { canVote, counts, budget } = this.#votes
      const mine = this.#votes.mine.has(item.id)
      const votes = document.createElement('button')
      votes.type = 'button'
      votes.className = 'bc-vote'
      votes.dataset.action = 'vote'
      votes.classList.toggle('mine', mine)
      votes.disabled = this.#readOnly || !canVote
      votes.setAttribute('aria-pressed', String(mine))
      votes.title = t('editor.voteHelp', { budget })
      const shown = counts ? item.votes : mine ? 1 : 0
      votes.textContent = counts ? `${'●'.repeat(Math.min(shown, 8))}${shown ? ' ' : ''}${shown}` : mine ? '●' : '○'
      votes.setAttribute('aria-label', counts ? t('editor.voteCount', { count: shown }) : mine ? t('editor.voteMine') : t('editor.voteNone'))
      if (counts) el.dataset.votes = String(item.votes)
      else delete el.dataset.votes
      el.dataset.mine = String(mine)
      el.append(votes)
    }
    if (!this.#readOnly && item.type !== 'connector') {
      const handle = document.createElement('span')
      handle.className = 'bc-resize'
      handle.dataset.action = 'resize'
      handle.setAttribute('aria-hidden', 'true')
      el.append(handle)
    }
  }

  #renderPeers() {
    const holder = this.querySelector('.bc-peers')
    if (!holder) return
    const scale = this.#view.scale
    const shown = this.peersList.filter((p) => p.cursor)
    render(
      holder,
      html`${shown
        .map((p) => {
          const color = isColor(p.color) ? p.color : '#6b7280'
          return html`<div class="bc-cursor" data-name="${p.name}"><svg width="16" height="20" viewBox="0 0 16 20"><path d="M1 1 L1 17 L5 13 L8 19 L11 18 L8 12 L14 12 Z" fill="${color}" stroke="#fff" stroke-width="1.5"></path></svg><span>${p.name}</span></div>`
        })}`,
    )
    holder.querySelectorAll('.bc-cursor').forEach((el, i) => {
      const c = /** @type {{ x: number, y: number }} */ (shown[i].cursor)
      const style = /** @type {HTMLElement} */ (el).style
      style.left = `${c.x}px`
      style.top = `${c.y}px`
      style.transform = `scale(${1 / scale})`
      style.setProperty('--peer-color', isColor(shown[i].color) ? shown[i].color : '#6b7280')
    })
  }

  #applyView() {
    if (this.#world) {
      this.#world.style.transform = `translate(${this.#view.x}px, ${this.#view.y}px) scale(${this.#view.scale})`
      // Zone titles stay readable however far out the view is (see board.css).
      this.#world.style.setProperty('--zoom', String(this.#view.scale))
    }
    this.dataset.scale = this.#view.scale.toFixed(3)
    this.#renderPeers()
    this.dispatchEvent(new CustomEvent('atelier-view', { bubbles: true }))
  }

  /**
   * @param {number} factor
   * @param {number} cx viewport x
   * @param {number} cy viewport y
   */
  #zoomAt(factor, cx, cy) {
    const v = this.#view
    const scale = Math.min(3, Math.max(0.15, v.scale * factor))
    const k = scale / v.scale
    this.#view = { scale, x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k }
    this.#applyView()
  }

  /**
   * @param {PointerEvent | MouseEvent} event
   * @returns {{ x: number, y: number }}
   */
  #boardPoint(event) {
    const rect = /** @type {HTMLElement} */ (this.#viewport).getBoundingClientRect()
    return { x: (event.clientX - rect.left - this.#view.x) / this.#view.scale, y: (event.clientY - rect.top - this.#view.y) / this.#view.scale }
  }

  #selectionChanged() {
    for (const [id, el] of this.#elements) el.classList.toggle('selected', this.#selection.has(id))
    this.dataset.selected = String(this.#selection.size)
    this.#renderItems()
    this.dispatchEvent(new CustomEvent('atelier-selection', { bubbles: true, detail: { ids: this.selection } }))
  }

  /** @param {PointerEvent} event */
  #onPointerDown = (event) => {
    this.#pointerActive = true
    const target = /** @type {Element} */ (event.target)
    if (this.#pinch.down(event)) {
      // A second finger: whatever one finger started becomes a two-finger pan and zoom.
      if (this.#drag?.kind === 'marquee') /** @type {HTMLElement} */ (this.querySelector('.bc-marquee')).hidden = true
      this.#drag = { kind: 'pinch' }
      this.#renderItems()
      this.#viewport?.setPointerCapture(event.pointerId)
      return
    }
    if (target.closest('textarea')) return
    if (target.closest('[data-action="vote"]')) return
    const vp = /** @type {HTMLElement} */ (this.#viewport)
    const itemEl = /** @type {HTMLElement | null} */ (target.closest('.bc-item'))
    const link = target.closest('line[data-id]')
    const start = this.#boardPoint(event)
    if (event.button === 1 || this.#spaceDown || event.altKey || (!itemEl && !link && event.button === 0 && event.pointerType === 'touch')) {
      this.#drag = { kind: 'pan', sx: event.clientX, sy: event.clientY, vx: this.#view.x, vy: this.#view.y }
    } else if (itemEl || link) {
      const id = /** @type {string} */ ((itemEl ?? /** @type {HTMLElement} */ (link)).dataset.id)
      if (event.shiftKey || event.ctrlKey || event.metaKey) {
        if (this.#selection.has(id)) this.#selection.delete(id)
        else this.#selection.add(id)
        this.#selectionChanged()
        return
      }
      if (!this.#selection.has(id)) this.select([id])
      if (this.#editing && this.#editing.id !== id) this.#stopEditing()
      if (this.#editing?.id === id || this.#readOnly || link) return
      const item = this.#model?.items().find((i) => i.id === id)
      if (target.closest('[data-action="resize"]') && item) {
        this.#drag = { kind: 'resize', id, start, w: item.w, h: item.h, w0: item.w, h0: item.h }
      } else {
        this.#drag = { kind: 'move', start, dx: 0, dy: 0 }
      }
    } else {
      this.#stopEditing()
      this.#drag = { kind: 'marquee', start, end: start, base: event.shiftKey ? new Set(this.#selection) : new Set() }
      if (!event.shiftKey) this.select([])
    }
    // Capture only off items: a captured pointer would retarget click and dblclick.
    if (!itemEl && !link) {
      vp.setPointerCapture(event.pointerId)
      vp.focus({ preventScroll: true })
    }
  }

  /** @param {PointerEvent} event */
  #onPointerMove = (event) => {
    const point = this.#boardPoint(event)
    const now = performance.now()
    if (now - this.#lastPointerSent > 50 && event.pointerType !== 'touch') {
      this.#lastPointerSent = now
      this.dispatchEvent(new CustomEvent('atelier-pointer', { bubbles: true, detail: { x: Math.round(point.x), y: Math.round(point.y), inside: true } }))
    }
    const drag = this.#drag
    if (!drag) return
    if (drag.kind === 'pinch') {
      const step = this.#pinch.move(event)
      if (!step) return
      const rect = /** @type {HTMLElement} */ (this.#viewport).getBoundingClientRect()
      this.#view = { ...this.#view, x: this.#view.x + step.dx, y: this.#view.y + step.dy }
      this.#zoomAt(step.scale, step.x - rect.left, step.y - rect.top)
    } else if (drag.kind === 'pan') {
      this.#view = { ...this.#view, x: drag.vx + event.clientX - drag.sx, y: drag.vy + event.clientY - drag.sy }
      this.#applyView()
    } else if (drag.kind === 'move') {
      drag.dx = point.x - drag.start.x
      drag.dy = point.y - drag.start.y
      this.#renderItems()
    } else if (drag.kind === 'resize') {
      drag.w = Math.max(40, drag.w0 + point.x - drag.start.x)
      drag.h = Math.max(30, drag.h0 + point.y - drag.start.y)
      this.#renderItems()
    } else if (drag.kind === 'marquee') {
      drag.end = point
      const x = Math.min(drag.start.x, point.x)
      const y = Math.min(drag.start.y, point.y)
      const w = Math.abs(point.x - drag.start.x)
      const h = Math.abs(point.y - drag.start.y)
      const box = /** @type {HTMLElement} */ (this.querySelector('.bc-marquee'))
      box.hidden = false
      Object.assign(box.style, { left: `${x}px`, top: `${y}px`, width: `${w}px`, height: `${h}px` })
      const ids = new Set(drag.base)
      for (const item of this.#model?.items() ?? []) {
        if (item.type === 'connector') continue
        if (item.x < x + w && item.x + item.w > x && item.y < y + h && item.y + item.h > y) ids.add(item.id)
      }
      this.#selection = ids
      for (const [id, el] of this.#elements) el.classList.toggle('selected', ids.has(id))
    }
  }

  /** @param {PointerEvent} event */
  #onPointerUp = (event) => {
    this.#pointerActive = false
    this.#pinch.up(event)
    const drag = this.#drag
    if (drag?.kind === 'pinch') {
      // The gesture ends with the last finger; one finger left does nothing until lifted.
      if (this.#pinch.count === 0) this.#drag = null
      return
    }
    this.#drag = null
    if (!drag) return
    if (drag.kind === 'move' && (Math.abs(drag.dx) > 1 || Math.abs(drag.dy) > 1)) {
      this.#model?.move(this.selection, drag.dx, drag.dy)
    } else if (drag.kind === 'resize') {
      this.#model?.resize(drag.id, drag.w, drag.h)
    } else if (drag.kind === 'marquee') {
      /** @type {HTMLElement} */ (this.querySelector('.bc-marquee')).hidden = true
      this.#selectionChanged()
    }
    this.#renderItems()
    void event
  }

  /** @param {PointerEvent} event */
  #onPointerLeave = (event) => {
    if (event.pointerType === 'touch') return
    this.dispatchEvent(new CustomEvent('atelier-pointer', { bubbles: true, detail: { x: 0, y: 0, inside: false } }))
  }

  /** @param {WheelEvent} event */
  #onWheel = (event) => {
    if ((/** @type {Element} */ (event.target)).closest('textarea')) return
    event.preventDefault()
    if (event.ctrlKey || event.metaKey) {
      const rect = /** @type {HTMLElement} */ (this.#viewport).getBoundingClientRect()
      this.#zoomAt(Math.exp(-event.deltaY / 300), event.clientX - rect.left, event.clientY - rect.top)
    } else {
      this.#view = { ...this.#view, x: this.#view.x - event.deltaX, y: this.#view.y - event.deltaY }
      this.#applyView()
    }
  }

  /** @param {MouseEvent} event */
  #onClick = (event) => {
    const button = /** @type {Element} */ (event.target).closest('[data-action="vote"]')
    if (!button || this.#readOnly) return
    const id = /** @type {HTMLElement} */ (button.closest('.bc-item')).dataset.id
    if (id) this.#vote(id)
  }

  /** @param {string} id this person's dot on a note, put or taken back (the page asks the server) */
  #vote(id) {
    if (this.#votes.canVote) this.dispatchEvent(new CustomEvent('atelier-vote', { bubbles: true, detail: { id } }))
  }

  /** @param {MouseEvent} event */
  #onDoubleClick = (event) => {
    const itemEl = /** @type {HTMLElement | null} */ ((/** @type {Element} */ (event.target)).closest('.bc-item'))
    if (itemEl?.dataset.id) this.#startEditing(itemEl.dataset.id)
  }

  /** @param {FocusEvent} event */
  #onFocusIn = (event) => {
    const itemEl = /** @type {HTMLElement | null} */ ((/** @type {Element} */ (event.target)).closest('.bc-item'))
    // Focus selects, unless several items are selected (Space builds a multi-selection).
    if (itemEl?.dataset.id && this.#selection.size <= 1 && !this.#selection.has(itemEl.dataset.id) && !this.#drag && !this.#pointerActive) {
      this.select([itemEl.dataset.id])
    }
  }

  /** @param {KeyboardEvent} event */
  #onKeyDown = (event) => {
    this.#pointerActive = false
    if (event.target instanceof HTMLTextAreaElement) {
      if (event.key === 'Escape') {
        event.preventDefault()
        const id = this.#editing?.id
        this.#stopEditing()
        if (id) this.#elements.get(id)?.focus()
      }
      return
    }
    const focusedItem = /** @type {HTMLElement} */ (event.target).closest?.('.bc-item')
    if (event.key === ' ' && focusedItem instanceof HTMLElement && focusedItem.dataset.id) {
      // Space on an item adds it to the selection or takes it out (keyboard multi-select).
      event.preventDefault()
      const id = focusedItem.dataset.id
      if (this.#selection.has(id)) this.#selection.delete(id)
      else this.#selection.add(id)
      this.#selectionChanged()
      return
    }
    if (event.key === ' ') {
      this.#spaceDown = true
      return
    }
    const ids = this.selection
    const step = event.shiftKey ? 50 : 10
    /** @type {Record<string, [number, number]>} */
    const arrows = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }
    if (arrows[event.key] && event.altKey && ids.length === 1 && !this.#readOnly) {
      // Alt+arrows resize the selected item.
      event.preventDefault()
      const item = this.#model?.items().find((i) => i.id === ids[0])
      const [dw, dh] = arrows[event.key]
      if (item) this.#model?.resize(item.id, item.w + dw, item.h + dh)
    } else if (arrows[event.key] && ids.length && !this.#readOnly && !event.ctrlKey && !event.metaKey) {
      event.preventDefault()
      this.#model?.move(ids, ...arrows[event.key])
    } else if (arrows[event.key] && !ids.length) {
      event.preventDefault()
      const [dx, dy] = arrows[event.key]
      this.#view = { ...this.#view, x: this.#view.x - dx * 4, y: this.#view.y - dy * 4 }
      this.#applyView()
    } else if (event.key === 'Enter' && ids.length === 1) {
      event.preventDefault()
      this.#startEditing(ids[0])
    } else if (event.key === 'Escape') {
      this.select([])
      this.#viewport?.focus()
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && ids.length && !this.#readOnly) {
      event.preventDefault()
      this.#model?.remove(ids)
      this.select([])
      this.#viewport?.focus()
    } else if (event.key === 'v' && ids.length === 1 && this.#model?.kind.votes && !this.#readOnly) {
      this.#vote(ids[0])
    }
  }

  /** @param {KeyboardEvent} event */
  #onKeyUp = (event) => {
    if (event.key === ' ') this.#spaceDown = false
  }

  /** @param {string} id */
  #startEditing(id) {
    if (this.#readOnly || !this.#model) return
    if (this.#editing?.id === id) return
    this.#stopEditing()
    const el = this.#elements.get(id)
    const ytext = this.#model.textOf(id)
    if (!el || !ytext) return
    let text = /** @type {HTMLElement | null} */ (el.querySelector('.bc-text'))
    if (!text) {
      text = document.createElement('div')
      text.className = 'bc-text'
      el.append(text)
    }
    const area = document.createElement('textarea')
    area.className = 'bc-edit'
    area.setAttribute('aria-label', t('editor.editText'))
    text.replaceChildren(area)
    // The textarea and the item's Y.Text, bound both ways (the caret follows remote edits).
    const unbind = bindText(area, ytext, LOCAL_ORIGIN)
    this.#editing = { id, area, ytext, unbind }
    area.addEventListener('blur', this.#onEditBlur)
    area.focus()
    area.setSelectionRange(area.value.length, area.value.length)
    this.dataset.editing = id
  }

  #stopEditing() {
    const editing = this.#editing
    if (!editing) return
    this.#editing = null
    delete this.dataset.editing
    editing.unbind()
    editing.area.removeEventListener('blur', this.#onEditBlur)
    const text = editing.area.parentElement
    if (text) {
      text.textContent = editing.ytext.toString()
      fitText(text)
    }
  }

  #onEditBlur = () => {
    setTimeout(() => {
      if (this.#editing && document.activeElement !== this.#editing.area) this.#stopEditing()
    }, 0)
  }
}

/** The smallest size a text is shrunk to before it is clamped. */
const MIN_TEXT_PX = 12

/**
 * Fits an item's text in its box: the text shrinks a pixel at a time down to MIN_TEXT_PX;
 * a text longer still is clamped to the lines that fit and ends with an ellipsis, so a long
 * note never ends cut mid-line without a sign that there is more (the whole text shows
 * while it is edited, and in the item's label).
 * @param {HTMLElement} text the item's `.bc-text`
 */
function fitText(text) {
  text.style.removeProperty('font-size')
  text.style.removeProperty('-webkit-line-clamp')
  for (const property of ['max-height', 'padding-bottom', 'margin-bottom']) text.style.removeProperty(property)
  text.classList.remove('clamped')
  const fits = () => text.scrollHeight <= text.clientHeight + 1
  if (!text.isConnected || fits()) return
  for (let size = Math.floor(parseFloat(getComputedStyle(text).fontSize)) - 1; size >= MIN_TEXT_PX; size--) {
    text.style.fontSize = `${size}px`
    if (fits()) return
  }
  const style = getComputedStyle(text)
  const top = parseFloat(style.paddingTop)
  const bottom = parseFloat(style.paddingBottom)
  const lineHeight = parseFloat(style.lineHeight)
  const lines = Math.max(1, Math.floor((text.clientHeight - top - bottom) / lineHeight))
  text.style.setProperty('-webkit-line-clamp', String(lines))
  // The box ends with the last line shown (overflow clips at the padding's edge, so the
  // bottom padding becomes a margin): no half line under the ellipsis.
  text.style.maxHeight = `${top + lines * lineHeight}px`
  text.style.paddingBottom = '0'
  text.style.marginBottom = `${bottom}px`
  text.classList.add('clamped')
}

customElements.define('atelier-board-canvas', AtelierBoardCanvas)
