import * as Y from 'yjs'
import { html, render } from '../lib/html.js'
import { coarsePointer, currentLanguage, facilitatorName, formatDuration, onLanguageChange, openingText, phaseName, t, withoutKeyHints } from '../lib/i18n.js'
import { currentLead, leadTarget, leaveLead, leftLead } from '../lib/facilitation.js'
import { DEFAULT_SIZES, DEFAULT_SLIDE_LIMIT } from '../lib/schema.js'
import { colorFor, currentProfile } from '../lib/session.js'
import { BoardAccess } from '../board/board-access.js'
import { BoardConnection } from '../board/board-connection.js'
import { BoardModel } from '../board/board-model.js'
import { BoardVotes } from '../board/board-votes.js'
import { IMAGE_TYPES, LocalRefusal, uploadImage } from '../board/board-images.js'
import { KeptEdits } from '../board/kept-edits.js'
import { DEFAULT_VARIANT } from '../board/kinds/kind.js'
import { kindLabel, kindOf, loadKinds } from '../board/kinds/registry.js'
import { placeItem } from '../board/placement.js'
import { readPresence } from '../board/presence.js'
import './board-canvas.js'
import './board-header.js'
import './board-toolbar.js'

/**
 * Modules the page needs only once it is up (so they are not on the way to an editable
 * board): the refusal texts and the shortcut table.
 */
const later = {
  errors: () => import('../lib/errors.js'),
  shortcuts: () => import('../board/shortcuts.js'),
  timers: () => import('./atelier-activity-timers.js'),
  facilitation: () => import('./board-facilitation.js'),
  checkpoints: () => import('./board-checkpoints.js'),
}

/**
 * The board editor page at `/boards/{id}`: one board's Yjs document (board/board-connection.js),
 * who may edit it and when it opens (board/board-access.js), drawn by `<atelier-board-canvas>`
 * or `<atelier-board-deck>` as the board's kind says (board/kinds/), with a toolbar
 * (`<atelier-board-toolbar>`), presence, connection state, and what the server refused kept
 * in view (`<atelier-board-kept>`).
 *
 * Data down: `boardId`, `token`. The document connects at once, while who we are and the
 * session load beside it; the board is editable once both are in and it is synced. When
 * the server refuses an edit, the text being typed is kept in view, the page drops its
 * document and resyncs read-only where the board is locked; the person's refused edits
 * (`GET /api/v1/boards/{id}/quarantine/mine`) show as "kept for the facilitator". When the
 * board locks under someone (a phase change), they are told; what they were typing is kept
 * the same way when it had not all reached the server (otherwise it is on the board).
 *
 * Shortcuts: board/shortcuts.js (`?` shows them); images can also be dropped on the board.
 *
 * Running the room (docs/API.md, "Facilitation"; the live channel through board/board-access.js):
 * the activity timers running for this person show under the bar; a lead (follow me) takes
 * them to its board — or their group's board of its kind — and shows its view, with a banner
 * "Following <name> — Leave (Esc)" (leaving holds until the next lead); on a voting board each
 * participant's dot goes through the vote API (board/board-votes.js). The facilitator gets
 * `<atelier-board-facilitation>` (lead here, stop leading, the vote's settings) and can follow
 * a person on the board from the people in the bar: the canvas then tracks the view that
 * person's page tells in its awareness state (`view: {x, y, zoom}`, sent by every page).
 * Private mode: a banner tells everyone on a private board who sees what (live, on
 * `board-mode`); the facilitator switches it in `<atelier-board-facilitation>`. The facilitator
 * also gets the board's checkpoints (`<atelier-board-checkpoints>`: save, view as it was,
 * compare, restore).
 *
 * For tests: `window.atelier` is `{ doc, provider, Y, model, editor, votes }` (replaced on a
 * reset), and this element mirrors `data-state` (connecting, online, reconnecting,
 * offline, stopped), `data-synced`, `data-writable`, `data-kind`, `data-unsynced` (local
 * edits not yet confirmed sent), `data-denied` (the last refusal's reason),
 * `data-denied-code`, `data-resets`, `data-people`, `data-lock` (`none`, `phase`, `role`,
 * `frozen`), `data-kept` (entries kept for the facilitator shown), `data-live` (the live
 * channel's state), `data-following` (`lead`, `person` or `none`) and `data-private`.
 */
export class AtelierBoardEditor extends HTMLElement {
  /** @type {string} */
  boardId = ''
  /** @type {string | null} */
  token = null
  /** @type {BoardConnection | null} a connection the page opened already (app.js starts it while this module loads) */
  connection = null

  /** @type {BoardConnection | null} */
  #connection = null
  /** @type {BoardAccess | null} */
  #access = null
  /** @type {BoardModel | null} */
  #model = null
  #profile = currentProfile()
  /** @type {import('../board/kinds/kind.js').BoardKind} */
  #kind = kindOf('')
  #metaTitle = ''
  #denied = false
  #variant = DEFAULT_VARIANT
  /** @type {{ text: string, level: 'info' | 'warning' | 'error', home?: boolean, phaseTimer?: boolean } | null} */
  #message = null
  /** @type {KeptEdits | null} */
  #kept = null
  /** @type {(() => void) | null} */
  #stopLanguage = null
  /** @type {number | null} */
  #slideForImage = null
  #sentSelection = ''
  /** @type {{ x: number, y: number } | null} board point under the pointer, while it is over the canvas */
  #pointer = null
  /** @type {typeof import('../board/shortcuts.js').shortcutAction | null} */
  #shortcutAction = null
  #accessLoaded = false
  /** @type {BoardVotes | null} */
  #votes = null
  /** @type {{ name: string, lead: import('../lib/facilitation.js').Lead | null, clientId: number | null } | null} whom the view follows */
  #following = null
  /** the lead last applied (`group@at`), so each moves this page once */
  #appliedLead = ''
  /** @type {ReturnType<typeof setTimeout> | null} */
  #viewTimer = null
  /** @type {boolean | null} whether the board was private when last shown (null before the state is known) */
  #wasPrivate = null

  connectedCallback() {
    if (!this.token) {
      render(this, html`<section class="card notice"><h1>${t('editor.title')}</h1><p>${t('editor.signInFirst')} <a href="/">${t('editor.home')}</a></p></section>`)
      return
    }
    this.#renderShell()
    this.#stopLanguage = onLanguageChange(() => this.#renderShell())
    this.addEventListener('atelier-board-action', this.#onAction)
    this.addEventListener('change', this.#onChange)
    this.addEventListener('atelier-selection', this.#renderToolbar)
    this.addEventListener('atelier-pointer', this.#onPointer)
    this.addEventListener('atelier-vote', this.#onVote)
    this.addEventListener('atelier-view', this.#onView)
    this.addEventListener('atelier-follow-person', this.#onFollowPerson)
    this.addEventListener('atelier-lead-changed', this.#onLeadChanged)
    this.addEventListener('atelier-vote-settings', this.#onVoteSettings)
    this.addEventListener('atelier-board-mode', this.#onBoardMode)
    this.addEventListener('atelier-slide-image', this.#onSlideImage)
    this.addEventListener('atelier-kept-dismiss', this.#onKeptDismiss)
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
    this.#kept?.stop()
    if (this.#viewTimer !== null) clearTimeout(this.#viewTimer)
    this.#access?.stop()
    this.#connection?.close()
    this.#model?.destroy()
  }

  /** Connects the document and loads who we are side by side. */
  async #start() {
    const token = /** @type {string} */ (this.token)
    const connection = this.connection ?? new BoardConnection({ boardId: this.boardId, token })
    const access = new BoardAccess({ boardId: this.boardId, token })
    this.#connection = connection
    this.#access = access
    this.#kept = new KeptEdits({ boardId: this.boardId, token })
    this.#kept.addEventListener('change', () => this.#renderKept())
    connection.addEventListener('doc', this.#onDoc)
    connection.addEventListener('state', this.#renderStatus)
    connection.addEventListener('unsynced', this.#renderStatus)
    connection.addEventListener('synced', this.#onSynced)
    connection.addEventListener('denied', this.#onDenied)
    connection.addEventListener('awareness', this.#onAwareness)
    access.addEventListener('change', this.#onAccess)
    access.addEventListener('locked', this.#onLocked)
    access.addEventListener('notice', this.#onNotice)
    access.addEventListener('phase-timer', this.#onPhaseTimer)
    access.addEventListener('facilitation', this.#onFacilitation)
    access.addEventListener('live', this.#onLiveState)
    // A connection opened before this page existed: catch up with what it already told.
    if (connection.doc) this.#onDoc()
    if (connection.everSynced) this.#onSynced()
    this.#renderStatus()
    await Promise.all([connection.opening ?? connection.open(), access.load()])
    if (access.me.role === 'participant') void this.#kept.load()
    this.#shortcutAction = (await later.shortcuts()).shortcutAction
  }

  /** Whether this person can edit now: allowed, not refused since the last sync, synced. */
  get writable() {
    return Boolean(this.#access?.writable && !this.#denied && this.#connection?.everSynced && this.#connection.info.state !== 'stopped')
  }

  // MARK: - Document and access

  #onDoc = () => {
    const connection = /** @type {BoardConnection} */ (this.#connection)
    const doc = /** @type {Y.Doc} */ (connection.doc)
    this.#model?.destroy()
    const model = new BoardModel(doc, { author: this.#access?.me.id ?? '', kind: this.#kind })
    model.variant = this.#variant
    this.#model = model
    this.#sentSelection = ''
    Object.assign(window, { atelier: { doc, provider: connection.provider, Y, model, editor: this, votes: this.#votes } })
    doc.getMap('meta').observe(this.#onMeta)
    doc.on('update', this.#onDocUpdate)
    this.#setPresence()
    this.#onMeta()
    void this.#attachViews()
  }

  #onMeta = () => {
    const meta = this.#connection?.doc?.getMap('meta')
    if (!meta) return
    const kind = meta.get('kind')
    if (typeof kind === 'string' && kind && kind !== this.#kind.id) void this.#setKind(kind)
    const title = meta.get('title')
    if (typeof title === 'string') this.#metaTitle = title
    this.#renderHeader()
  }

  /**
   * Takes the board's kind (its module loads first).
   * @param {string} id
   */
  async #setKind(id) {
    if (id === this.#kind.id && this.#kind.known) return
    await loadKinds([id])
    const kind = kindOf(id)
    if (kind === this.#kind) return
    this.#kind = kind
    if (this.#model) this.#model.kind = kind
    if (this.#model && kind.variants.length) this.#setVariant(kind.variantOf(this.#model.items()))
    void this.#attachViews()
    this.#applyWritable()
    this.#renderRoom()
  }

  #onAccess = () => {
    const access = /** @type {BoardAccess} */ (this.#access)
    this.#accessLoaded = true
    if (access.me.id && this.#model && !this.#model.author) this.#model.author = access.me.id
    if (access.board?.kind) void this.#setKind(access.board.kind)
    if (access.writable) this.#denied = false
    if (access.error) void later.errors().then(({ errorText }) => this.#flash(errorText(access.error), 'error'))
    this.#setPresence()
    this.#applyWritable()
    this.#startVotes()
    this.#renderRoom()
    this.#applyLead()
  }

  #onSynced = () => {
    if (this.#model && this.#kind.variants.length) this.#setVariant(this.#kind.variantOf(this.#model.items()))
    this.#onMeta()
    this.#applyWritable()
    this.#renderStatus()
  }

  /** @param {Event} event */
  #onDenied = async (event) => {
    const { reason } = /** @type {CustomEvent<{ reason: string }>} */ (event).detail
    this.#keepTyping()
    this.#denied = true
    this.dataset.denied = reason || 'permission denied'
    this.#applyWritable()
    void this.#connection?.reset()
    this.#kept?.scheduleLoad()
    const { refusalCode, refusalText } = await later.errors()
    this.dataset.deniedCode = refusalCode(reason)
    this.#flash(t('editor.refusedKept', { reason: refusalText(reason) }), 'warning')
  }

  /** @param {Event} event */
  #onLocked = (event) => {
    if (this.#access?.archived) return
    const { phase } = /** @type {CustomEvent<{ phase: { id: string, label?: unknown } | null }>} */ (event).detail
    // "What you were typing is kept below" only when something typed had not reached the
    // server: text that had is on the board (what the server refuses later comes as `denied`).
    const typed = this.#connection?.allSent ? false : this.#keepTyping()
    this.#flash(t(typed ? 'editor.lockedNow' : 'editor.lockedNowIdle', { phase: phase ? phaseName(phase.id, phase.label) : '' }), 'warning')
    if (typed) this.#kept?.scheduleLoad()
  }

  /** @param {Event} event */
  #onNotice = (event) => {
    const message = /** @type {CustomEvent<any>} */ (event).detail
    if (message?.code === 'quarantine-applied') {
      this.#flash(t('notice.quarantine-applied'), 'info')
      void this.#kept?.load()
    } else if (message?.code === 'session-archived' || message?.code === 'session-unarchived') {
      // The board-lock came first and read like a phase lock: say the real reason. What was
      // being typed had reached the board; only what the server refused stays kept.
      this.#kept?.forgetTyping()
      void this.#kept?.load()
      if (message.code === 'session-archived') this.#flash(t('editor.archivedNow'), 'warning')
      else this.#clearFlash()
      this.#applyWritable()
    }
  }

  /**
   * The phase's warnings and time's up, said on the board too: people spend the sprint here,
   * not on their home. A lock or a refusal in view says more and stays.
   * @param {Event} event
   */
  #onPhaseTimer = (event) => {
    const message = /** @type {CustomEvent<any>} */ (event).detail
    if (this.#message && !this.#message.phaseTimer) return
    let text = ''
    if (message?.kind === 'warning' && typeof message.remainingMs === 'number') {
      text = t('timer.warning', { time: formatDuration(Math.round(message.remainingMs / 1000) * 1000) })
    } else if (message?.kind === 'timeup') {
      text = t('timer.timeup')
    }
    if (!text) return
    this.#message = { text, level: message.kind === 'timeup' ? 'warning' : 'info', phaseTimer: true }
    this.#renderHeader()
  }

  /**
   * Keeps in view the text of the item being edited (it may not reach the board).
   * @returns {boolean} whether there was any
   */
  #keepTyping() {
    return this.#kept?.keepTyping(this.#canvas()?.editingText() ?? this.#deck()?.editingText() ?? null) ?? false
  }

  #onKeptDismiss = () => this.#kept?.dismiss()

  /**
   * @param {Uint8Array} _update
   * @param {unknown} _origin
   */
  #onDocUpdate = (_update, _origin) => {
    if (this.#kind.variants.length && this.#model) {
      const items = this.#model.items()
      const variant = this.#kind.variantOf(items)
      if (variant !== this.#variant && items.length) this.#setVariant(variant)
    }
    this.#renderToolbar()
    this.#renderEmpty()
  }

  /** @param {string} variant */
  #setVariant(variant) {
    this.#variant = variant
    if (this.#model) this.#model.variant = variant
    this.#canvas()?.refresh()
    this.#renderToolbar()
  }

  #onBrowserOnline = () => this.#connection?.reconnect()

  #applyWritable() {
    const writable = this.writable
    this.dataset.writable = String(writable)
    this.dataset.lock = this.#access?.lock.cause ?? 'none'
    const canvas = this.#canvas()
    if (canvas) {
      canvas.readOnly = !writable
      this.#renderVotes()
    }
    const deck = this.#deck()
    if (deck) deck.readOnly = !writable
    this.#renderHeader()
    this.#renderToolbar()
    this.#renderEmpty()
  }

  #onPageHide = () => this.#connection?.leave()

  // MARK: - Presence

  #setPresence() {
    // Others see who we are once we know it (never a passing "Guest" in a random colour).
    if (!this.#accessLoaded) return
    const me = this.#access?.me
    const name = me?.name || this.#profile.name
    const color = me?.id ? colorFor(me.id) : this.#profile.color
    this.#connection?.setPresence('user', { name, color, id: me?.id ?? '' })
  }

  /** @param {Event} event */
  #onPointer = (event) => {
    const { x, y, inside } = /** @type {CustomEvent<{ x: number, y: number, inside?: boolean }>} */ (event).detail
    this.#pointer = inside === false ? null : { x, y }
    if (inside !== false) this.#connection?.setPresence('cursor', { x, y })
  }

  #onAwareness = () => {
    const provider = this.#connection?.provider
    if (!provider) return
    const { people, peers } = readPresence(provider.awareness.getStates(), provider.awareness.clientID, facilitatorName(this.#access?.session))
    const canvas = this.#canvas()
    if (canvas) canvas.peers = peers
    const header = this.#header()
    if (header) {
      header.people = people
      header.followable = this.#access?.me.role === 'facilitator'
      header.following = this.#following?.clientId ?? null
    }
    this.dataset.people = String(people.length)
    const tracked = this.#following?.clientId
    if (typeof tracked === 'number') {
      const person = people.find((p) => p.clientId === tracked)
      if (!person) this.#stopFollowing()
      else if (person.view && canvas) canvas.boardView = person.view
    }
  }

  // MARK: - Views

  /** @returns {import('./board-canvas.js').AtelierBoardCanvas | null} */
  #canvas() {
    return this.querySelector('atelier-board-canvas')
  }

  /** @returns {import('./board-deck.js').AtelierBoardDeck | null} */
  #deck() {
    return this.querySelector('atelier-board-deck')
  }

  /** @returns {import('./board-header.js').AtelierBoardHeader | null} */
  #header() {
    return this.querySelector('atelier-board-header')
  }

  /** @returns {import('./board-toolbar.js').AtelierBoardToolbar | null} */
  #toolbar() {
    return this.querySelector('atelier-board-toolbar')
  }

  #renderShell() {
    render(
      this,
      html`<atelier-board-header></atelier-board-header>
        <div class="notice info follow-banner" role="status" hidden></div>
        <div class="notice warning private-banner" role="status" hidden></div>
        <atelier-activity-timers class="board-timers" hidden></atelier-activity-timers>
        <atelier-board-facilitation hidden></atelier-board-facilitation>
        <atelier-board-checkpoints hidden></atelier-board-checkpoints>
        <p class="notice board-message" role="status" aria-live="polite" hidden></p>
        <atelier-board-kept hidden></atelier-board-kept>
        <atelier-board-toolbar></atelier-board-toolbar>
        <div class="board-surface"><p class="board-empty muted" hidden></p></div>
        <atelier-shortcuts-sheet></atelier-shortcuts-sheet>
        <input type="file" class="board-file visually-hidden" tabindex="-1" aria-hidden="true" accept="${IMAGE_TYPES.join(',')}" />`,
    )
    void this.#attachViews()
    this.#renderKept()
    this.#renderRoom()
    this.#renderBanner()
    this.#renderPrivate()
  }

  async #attachViews() {
    const surface = this.querySelector('.board-surface')
    if (!surface) return
    const kind = this.#kind
    this.dataset.kind = kind.known ? kind.id : this.#access?.board?.kind ?? kind.id
    const toolbar = this.#toolbar()
    if (toolbar) toolbar.kind = kind
    if (kind.surface === 'deck') {
      this.#canvas()?.remove()
      let deck = this.#deck()
      if (!deck) {
        await import('./board-deck.js')
        if (this.#kind !== kind) return
        deck = /** @type {import('./board-deck.js').AtelierBoardDeck} */ (document.createElement('atelier-board-deck'))
        surface.append(deck)
      }
      deck.slideLimit = typeof this.#access?.session?.slideLimit === 'number' ? this.#access.session.slideLimit : DEFAULT_SLIDE_LIMIT
      if (deck.model !== this.#model) deck.model = this.#model
      deck.readOnly = !this.writable
    } else {
      this.#deck()?.remove()
      let canvas = this.#canvas()
      if (!canvas) {
        canvas = /** @type {import('./board-canvas.js').AtelierBoardCanvas} */ (document.createElement('atelier-board-canvas'))
        surface.append(canvas)
      }
      if (canvas.model !== this.#model) {
        canvas.model = this.#model
        requestAnimationFrame(() => {
          canvas?.fit()
          this.#showFollowedView()
        })
      } else {
        canvas.refresh()
      }
      canvas.readOnly = !this.writable
    }
    this.#renderHeader()
    this.#renderStatus()
    this.#renderToolbar()
    this.#renderEmpty()
    this.#renderVotes()
    this.#onAwareness()
  }

  /** The board's name: "Groupe 1 — Carte d’empathie", never the kind's id. */
  #boardName() {
    const label = kindLabel(this.#kind.id, currentLanguage())
    const group = this.#access?.group?.name
    if (group) return t('editor.boardOf', { group, kind: label })
    const suffix = ` — ${this.#kind.id}`
    if (this.#metaTitle.endsWith(suffix)) return t('editor.boardOf', { group: this.#metaTitle.slice(0, -suffix.length), kind: label })
    return this.#metaTitle || (this.#kind.known ? label : this.boardId)
  }

  #renderHeader() {
    const header = this.#header()
    if (!header) return
    const name = this.#boardName()
    const session = this.#access?.session
    header.heading = { name, phase: session?.phase ? phaseName(session.phase.id, session.phase.label) : '', lock: this.#lockText() }
    const message = /** @type {HTMLElement | null} */ (this.querySelector('.board-message'))
    if (message) {
      message.hidden = this.#message === null
      message.dataset.level = this.#message?.level ?? ''
      render(message, html`${this.#message?.text ?? ''}${this.#message?.home ? html` <a href="/" data-link="home">${t('editor.openHome')}</a>` : ''}`)
    }
    document.title = `${name} · Atelier`
  }

  /** Why the board is read-only and when it opens, or '' when it is writable. */
  #lockText() {
    if (this.writable || !this.#connection?.everSynced) return ''
    if (this.#denied) return t('editor.readOnlyRefused')
    const lock = this.#access?.lock
    if (!lock || lock.cause === 'none') return ''
    if (lock.cause === 'archived') return t('editor.lockedArchived')
    if (lock.cause === 'role') return t('editor.lockedRole')
    if (lock.cause === 'frozen') return t('editor.frozen')
    if (!lock.opening) return t('editor.readOnly')
    if (!lock.opening.phase) return t('editor.lockedForever')
    return t('editor.lockedUntil', { when: openingText(lock.opening, this.#access?.session?.timeZone) })
  }

  #renderStatus = () => {
    const connection = this.#connection
    const info = connection?.info ?? { state: 'connecting', closed: null }
    this.dataset.state = info.state
    this.dataset.synced = String(Boolean(connection?.synced))
    this.dataset.unsynced = String(connection?.unsynced ?? 0)
    this.dataset.resets = String(connection?.resets ?? 0)
    if (info.state === 'stopped' && info.closed) {
      const { code: closeCode, reason } = info.closed
      // Nothing typed now could ever be sent: read-only, and the reason in words.
      if (this.dataset.stopped !== String(closeCode)) {
        this.dataset.stopped = String(closeCode)
        this.#applyWritable()
      }
      if (closeCode === 4403 && /moved/i.test(reason)) this.#flash(t('editor.movedGroup'), 'error', true)
      else if (closeCode === 4404) this.#flash(t('editor.sessionDeleted'), 'error')
      else if (closeCode === 4401) this.#flash(t('editor.accessWithdrawn'), 'error')
      else if (closeCode === 4429 && /^replaced:/.test(reason)) {
        void later.errors().then(({ refusalText }) => this.#flash(refusalText('replaced'), 'error', true))
      } else {
        const code = closeCode === 4429 ? 'too-many' : closeCode === 4403 ? 'forbidden' : ''
        void later.errors().then(({ refusalText }) => this.#flash(t('editor.stopped', { reason: code ? refusalText(code) : reason }), 'error'))
      }
    }
    if (info.state === 'online' && this.writable === false) this.#applyWritable()
    const header = this.#header()
    if (header) header.status = { state: info.state, unsynced: connection?.unsynced ?? 0 }
  }

  #renderToolbar = () => {
    const toolbar = this.#toolbar()
    if (!toolbar) return
    const model = this.#model
    const selected = this.#canvas()?.selection ?? []
    const selectionKey = selected.join(',')
    if (this.#connection?.provider && selectionKey !== this.#sentSelection) {
      this.#sentSelection = selectionKey
      this.#connection.setPresence('selection', selected)
    }
    toolbar.state = {
      writable: this.writable,
      selection: selected,
      variant: this.#variant,
      canUndo: Boolean(model?.undoManager.canUndo()),
      canRedo: Boolean(model?.undoManager.canRedo()),
      votes: this.#kind.votes && this.#access?.me.role === 'participant' && this.#votes?.state ? { used: this.#votes.used, budget: this.#votes.state.budget } : null,
    }
  }

  /** The hint on an empty board: what to do first. */
  #renderEmpty() {
    const hint = /** @type {HTMLElement | null} */ (this.querySelector('.board-empty'))
    if (!hint) return
    const empty = Boolean(this.#connection?.everSynced) && this.#kind.surface === 'canvas' && (this.#model?.items().length ?? 0) === 0
    hint.hidden = !empty
    const kindHint = this.writable && this.#kind.emptyHint ? this.#kind.emptyHint[currentLanguage()] : ''
    if (empty) render(hint, html`${t('editor.emptyBoard')} ${coarsePointer() ? withoutKeyHints(kindHint) : kindHint}`)
  }

  #renderKept() {
    const entries = this.#kept?.entries ?? []
    this.dataset.kept = String(entries.length)
    // The panel's module loads the first time there is something to keep.
    if (!customElements.get('atelier-board-kept')) {
      if (entries.length) void import('./board-kept.js').then(() => this.#renderKept())
      return
    }
    const kept = /** @type {import('./board-kept.js').AtelierBoardKept | null} */ (this.querySelector('atelier-board-kept'))
    if (kept) kept.entries = entries
  }

  /**
   * @param {string} text
   * @param {'info' | 'warning' | 'error'} [level]
   * @param {boolean} [home] with a link to the home page
   */
  #flash(text, level = 'warning', home = false) {
    this.#message = { text, level, home }
    this.#renderHeader()
  }

  #clearFlash() {
    this.#message = null
    this.#renderHeader()
  }

  // MARK: - Running the room

  /** The vote of a voting board, once who we are is known (a participant's dots, the facilitator's settings). */
  #startVotes() {
    if (this.#votes || !this.#kind.votes || !this.#access?.me.id || !this.token) return
    const votes = new BoardVotes({ boardId: this.boardId, token: this.token })
    this.#votes = votes
    votes.addEventListener('change', () => {
      this.#renderVotes()
      this.#renderToolbar()
      this.#renderRoom()
    })
    const handle = /** @type {any} */ (window).atelier
    if (handle) Object.assign(handle, { votes })
    void votes.load()
  }

  #renderVotes() {
    const canvas = this.#canvas()
    if (!canvas || !this.#votes) return
    canvas.votes = this.#votes.view(this.#access?.me.role === 'participant' && this.writable)
  }

  /** @param {Event} event a participant's dot, put or taken back */
  #onVote = async (event) => {
    const votes = this.#votes
    if (!votes) return
    const result = await votes.toggle(/** @type {CustomEvent<{ id: string }>} */ (event).detail.id)
    if (result === 'over-budget') this.#flash(t('editor.overBudget', { budget: votes.state?.budget ?? 0 }))
    else if (result === 'refused') {
      const { errorText } = await later.errors()
      this.#flash(errorText(votes.error), 'error')
    }
  }

  /** @param {Event} event the vote as the facilitator's command left it */
  #onVoteSettings = (event) => this.#votes?.take(/** @type {CustomEvent<{ state: unknown }>} */ (event).detail.state)

  /** @param {Event} event a live `activity-timer`, `follow` or `vote` message */
  #onFacilitation = (event) => {
    const message = /** @type {CustomEvent<any>} */ (event).detail
    if (message.type === 'vote' && message.board === this.boardId) this.#votes?.reload()
    if (message.type === 'activity-timer' && message.signal) this.#timers()?.signal?.(String(message.timer?.id ?? ''))
    this.#renderRoom()
    if (message.type === 'follow') this.#applyLead(true)
  }

  #onLiveState = () => {
    const live = this.#access?.live
    this.dataset.live = live?.info.state ?? 'none'
    if (live?.info.state === 'online') this.#renderRoom()
  }

  /** @param {Event} event the facilitator's own lead, as its command answered */
  #onLeadChanged = (event) => {
    const { group, lead } = /** @type {CustomEvent<{ group: string | null, lead: any }>} */ (event).detail
    const access = this.#access
    if (!access) return
    const leads = new Map(access.leads)
    if (lead) leads.set(group ?? '', lead)
    else leads.delete(group ?? '')
    access.leads = leads
    this.#renderRoom()
  }

  /** @returns {import('./atelier-activity-timers.js').AtelierActivityTimers | null} */
  #timers() {
    return this.querySelector('atelier-activity-timers')
  }

  /** The timers under the bar and the facilitator's tools (their modules load when first needed). */
  #renderRoom() {
    const access = this.#access
    if (!access) return
    const group = access.group?.id
    const timers = access.timers.filter((timer) => !timer.group || timer.group === group || access.me.role !== 'facilitator')
    const timersElement = this.#timers()
    if (timersElement && (timers.length || customElements.get('atelier-activity-timers'))) {
      void later.timers().then(() => {
        timersElement.groups = (access.session?.groups ?? []).map((g) => ({ id: g.id, name: g.name }))
        if (access.live) timersElement.clock = access.live.clock
        timersElement.timers = timers
      })
    }
    this.#renderPrivate()
    const tools = /** @type {import('./board-facilitation.js').AtelierBoardFacilitation | null} */ (this.querySelector('atelier-board-facilitation'))
    if (!tools || access.me.role !== 'facilitator' || !access.me.sessionId || !access.board) return
    const checkpoints = /** @type {import('./board-checkpoints.js').AtelierBoardCheckpoints | null} */ (this.querySelector('atelier-board-checkpoints'))
    if (checkpoints && this.#kind.known) {
      void later.checkpoints().then(() => {
        checkpoints.token = this.token ?? ''
        checkpoints.boardId = this.boardId
        checkpoints.kind = this.#kind
        checkpoints.phases = access.session?.phases ?? []
        checkpoints.timeZone = access.session?.timeZone
        checkpoints.slideLimit = typeof access.session?.slideLimit === 'number' ? access.session.slideLimit : DEFAULT_SLIDE_LIMIT
        checkpoints.hidden = false
        checkpoints.start()
      })
    }
    void later.facilitation().then(() => {
      tools.token = this.token ?? ''
      tools.sessionId = access.me.sessionId ?? ''
      tools.boardId = this.boardId
      tools.currentView = () => this.#canvas()?.boardView ?? null
      tools.group = access.group
      tools.leads = access.leads
      tools.votes = this.#kind.votes ? this.#votes?.state ?? null : null
      tools.privateMode = access.private
      tools.hidden = this.#kind.surface !== 'canvas'
    })
  }

  /** @param {Event} event the facilitator's own mode change, as its command answered */
  #onBoardMode = (event) => {
    const { mode } = /** @type {CustomEvent<{ mode: 'private' | 'shared' }>} */ (event).detail
    this.#access?.setMode(mode)
  }

  /** The private mode's banner, for everyone on a private board; a participant is told of the reveal. */
  #renderPrivate() {
    const access = this.#access
    const banner = /** @type {HTMLElement | null} */ (this.querySelector('.private-banner'))
    if (!access || !banner || !access.board) return
    const on = access.private
    this.dataset.private = String(on)
    const role = access.me.role
    if (this.#wasPrivate && !on && role === 'participant') this.#flash(t('private.revealedNotice'), 'info')
    this.#wasPrivate = on
    banner.hidden = !on
    render(banner, html`${on ? t(role === 'participant' ? 'private.bannerParticipant' : role === 'facilitator' ? 'private.bannerFacilitator' : 'private.bannerOther') : ''}`)
  }

  /**
   * Follows the lead in force for this person, at its view when it is on this board; a new
   * lead (`moving`, from the live channel) also takes them to its board, or their group's of
   * its kind (one in force when the page opened does not move them elsewhere).
   * @param {boolean} [moving]
   */
  #applyLead(moving = false) {
    const access = this.#access
    if (!access || !this.#accessLoaded || access.me.role === 'facilitator') return
    const lead = currentLead(access.leads, access.myGroup?.id)
    if (!lead || leftLead(lead)) {
      if (this.#following?.lead) this.#stopFollowing()
      return
    }
    const key = `${lead.group ?? ''}@${lead.at}`
    if (key === this.#appliedLead) return
    this.#appliedLead = key
    const target = leadTarget(lead, access.myGroup?.boards ?? [], access.me.role === 'juror')
    if (!target) {
      if (moving) this.#flash(t('follow.noBoard', { name: lead.name }), 'info')
      return
    }
    if (target !== this.boardId) {
      if (moving) location.assign(`/boards/${encodeURIComponent(target)}`)
      return
    }
    this.#following = { name: lead.name, lead, clientId: null }
    this.#showFollowedView()
    this.#renderBanner()
  }

  /** Shows the followed lead's view, once the canvas is there. */
  #showFollowedView() {
    const view = this.#following?.lead?.view
    const canvas = this.#canvas()
    if (view && canvas) canvas.boardView = view
  }

  /** @param {Event} event the facilitator follows a person on the board (or stops, on the same one) */
  #onFollowPerson = (event) => {
    const { clientId, name } = /** @type {CustomEvent<{ clientId: number, name: string }>} */ (event).detail
    if (this.#following?.clientId === clientId) {
      this.#leave()
      return
    }
    this.#following = { name, lead: null, clientId }
    this.#renderBanner()
    this.#onAwareness()
  }

  /** This person leaves what they follow (Esc, or "Leave"); a lead left stays left until the next. */
  #leave() {
    const lead = this.#following?.lead
    if (lead) leaveLead(lead)
    this.#stopFollowing()
  }

  #stopFollowing() {
    this.#following = null
    this.#renderBanner()
    this.#onAwareness()
  }

  #renderBanner() {
    const banner = /** @type {HTMLElement | null} */ (this.querySelector('.follow-banner'))
    const following = this.#following
    this.dataset.following = following ? (following.lead ? 'lead' : 'person') : 'none'
    if (!banner) return
    banner.hidden = !following
    if (!following) {
      banner.replaceChildren()
      return
    }
    // The administrator leads under their id (no invite names them): "the facilitator".
    const lead = following.lead
    const who = lead && (!lead.name || lead.name === lead.by) ? t('follow.followingFacilitator') : t('follow.following', { name: following.name })
    render(banner, html`<span>${who}</span> <button type="button" class="secondary small" data-action="leave" aria-keyshortcuts="Escape">${t('follow.leave')}</button>`)
    banner.querySelector('[data-action="leave"]')?.addEventListener('click', () => this.#leave(), { once: true })
  }

  /** The canvas moved: its view goes into the awareness state (at most five times a second) so a facilitator can follow it. */
  #onView = () => {
    if (this.#viewTimer !== null) return
    this.#viewTimer = setTimeout(() => {
      this.#viewTimer = null
      const view = this.#canvas()?.boardView
      if (view) this.#connection?.setPresence('view', { x: Math.round(view.x), y: Math.round(view.y), zoom: Math.round(view.zoom * 1000) / 1000 })
    }, 200)
  }

  // MARK: - Acting

  /**
   * Adds an item of a type in free space: in the zone under the pointer, else in view; a
   * mind map links it to the selected item.
   * @param {string} type
   * @returns {string | null}
   */
  addItem(type) {
    const model = this.#model
    const canvas = this.#canvas()
    if (!model || !canvas || !this.writable) return null
    const size = DEFAULT_SIZES[/** @type {keyof typeof DEFAULT_SIZES} */ (type)] ?? DEFAULT_SIZES.note
    const view = canvas.visibleRect()
    const target = this.#pointer ?? canvas.viewCenter()
    const items = model.items().filter((i) => i.type !== 'connector')
    const selected = canvas.selection
    const spot = placeItem({ size, target, zones: model.zones(), items, view })
    const id = model.addItem({ type, x: spot.x, y: spot.y, zone: spot.zone })
    if (this.#kind.linksNewItems && selected.length === 1 && type !== 'text') model.connect(selected[0], id)
    canvas.select([id])
    canvas.reveal(id)
    canvas.editSelected()
    return id
  }

  /**
   * Uploads an image to the board's assets (board/board-images.js); a refusal is shown.
   * @param {File | Blob} file
   * @returns {Promise<string | null>} the hash, or null
   */
  async upload(file) {
    try {
      return await uploadImage(file, { boardId: this.boardId, token: this.token })
    } catch (error) {
      if (error instanceof LocalRefusal) {
        this.#flash(t(error.reason === 'type' ? 'editor.uploadType' : 'editor.uploadSize'))
      } else {
        const { errorText } = await later.errors()
        this.#flash(t('editor.uploadFailed', { message: errorText(error) }), 'error')
      }
      return null
    }
  }

  /** @param {File} file */
  async #placeImage(file) {
    const hash = await this.upload(file)
    const model = this.#model
    if (!hash || !model) return
    if (this.#slideForImage !== null) {
      model.setSlideAsset(this.#slideForImage, hash)
      this.#slideForImage = null
      return
    }
    const canvas = this.#canvas()
    const selected = canvas?.selection ?? []
    const frame = selected.length === 1 ? model.items().find((i) => i.id === selected[0] && i.type === 'frame') : null
    if (frame) {
      model.transact(() => model.itemsMap.get(frame.id)?.set('asset', hash))
      return
    }
    const size = DEFAULT_SIZES.image
    const spot = placeItem({
      size, target: this.#pointer ?? canvas?.viewCenter() ?? { x: 200, y: 200 }, zones: model.zones(),
      items: model.items().filter((i) => i.type !== 'connector'), view: canvas?.visibleRect(),
    })
    const id = model.addItem({ type: 'image', x: spot.x, y: spot.y, zone: spot.zone, asset: hash })
    canvas?.select([id])
  }


  /** @param {Event} event */
  #onSlideImage = (event) => {
    this.#slideForImage = /** @type {CustomEvent<{ index: number }>} */ (event).detail.index
    this.#pickFile()
  }

  /** Opens the file picker for an image. */
  #pickFile() {
    const input = /** @type {HTMLInputElement | null} */ (this.querySelector('.board-file'))
    input?.click()
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
    }
  }

  /** @param {Event} event */
  #onAction = (event) => {
    const { action, type, color, variant } = /** @type {CustomEvent<{ action: string, type?: string, color?: string, variant?: string }>} */ (event).detail
    if (action === 'variant' && variant) this.#setVariant(variant)
    else this.#act(action, { type, color })
  }

  /**
   * @param {string} action
   * @param {{ type?: string, color?: string }} [data]
   */
  #act(action, data = {}) {
    const model = this.#model
    const canvas = this.#canvas()
    if (action === 'help') {
      void this.#openShortcuts()
      return
    }
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
          this.#pickFile()
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
      case 'select-all':
        canvas?.select(model.items().filter((i) => i.type !== 'connector').map((i) => i.id))
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

  /** Opens the shortcuts sheet (its module loads on first use). */
  async #openShortcuts() {
    await import('./atelier-shortcuts-sheet.js')
    const sheet = /** @type {import('./atelier-shortcuts-sheet.js').AtelierShortcutsSheet | null} */ (this.querySelector('atelier-shortcuts-sheet'))
    if (!sheet) return
    sheet.kind = this.#kind
    sheet.open()
  }

  /**
   * Exports the board as an SVG or PNG download (the exporter loads on first use).
   * @param {'svg' | 'png'} format
   * @returns {Promise<Blob | null>}
   */
  async export(format) {
    if (!this.#model) return null
    const { boardToSVG, download, svgToPNG } = await import('../board/export.js')
    const svg = await boardToSVG(this.#model, { title: this.#boardName(), lang: currentLanguage() })
    const blob = format === 'svg' ? new Blob([svg], { type: 'image/svg+xml' }) : await svgToPNG(svg)
    download(blob, `${this.#kind.id || 'board'}-${this.boardId}.${format}`)
    return blob
  }

  /** @param {KeyboardEvent} event */
  #onKeyDown = (event) => {
    const target = /** @type {HTMLElement} */ (event.target)
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return
    if (target.closest?.('dialog')) return
    if (event.key === 'Escape' && this.#following) {
      this.#leave()
      return
    }
    const wanted = this.#shortcutAction?.(event, this.#kind)
    if (!wanted) return
    event.preventDefault()
    this.#act(wanted.action, { type: wanted.type })
  }
}

customElements.define('atelier-board-editor', AtelierBoardEditor)
