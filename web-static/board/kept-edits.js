/**
 * What the server refused of this person's edits on a board and keeps for the facilitator,
 * so nothing they typed seems to vanish: the text that was in the open text box when the
 * refusal (or a lock) came, then their pending quarantine entries from
 * `GET /api/v1/boards/{id}/quarantine/mine` (the texts of each entry's preview). A text
 * captured here gives way to the server's entry that holds it. For example:
 *
 * ```js
 * const kept = new KeptEdits({ boardId, token })
 * kept.addEventListener('change', () => panel.entries = kept.entries)
 * kept.keepTyping(canvas.editingText())   // when a refusal or a lock comes
 * kept.scheduleLoad()                     // read the server's entries once the burst settles
 * ```
 *
 * Events: `change` (the entries to show changed).
 */
import { APIError, api, seg } from '../lib/api.js'
import { t } from '../lib/i18n.js'

/** A burst of refused keystrokes becomes one entry on the server: read it once it settles. */
const SETTLE_MS = 800

export class KeptEdits extends EventTarget {
  /** @type {string} */
  #boardId
  /** @type {string | null} */
  #token
  /** @type {import('../components/board-kept.js').KeptEntry[]} */
  #typed = []
  /** @type {import('../components/board-kept.js').KeptEntry[]} */
  #mine = []
  #hidden = false
  /** @type {ReturnType<typeof setTimeout> | null} */
  #timer = null

  /** @param {{ boardId: string, token: string | null }} options */
  constructor({ boardId, token }) {
    super()
    this.#boardId = boardId
    this.#token = token
  }

  /** @returns {import('../components/board-kept.js').KeptEntry[]} what to show (nothing once hidden) */
  get entries() {
    return this.#hidden ? [] : [...this.#typed, ...this.#mine]
  }

  /**
   * Keeps the text of the box that was open (it may not reach the board).
   * @param {{ id: string, text: string } | null} editing
   * @returns {boolean} whether there was any text
   */
  keepTyping(editing) {
    if (!editing || !editing.text.trim()) return false
    const id = `typing-${editing.id}`
    this.#typed = [{ id, texts: [editing.text], at: Date.now(), typing: true }, ...this.#typed.filter((e) => e.id !== id)].slice(0, 5)
    this.#hidden = false
    this.#changed()
    return true
  }

  /** Drops the texts kept from open text boxes (they reached the board: nothing refused them). */
  forgetTyping() {
    if (!this.#typed.length) return
    this.#typed = []
    this.#changed()
  }

  /** Reads the server's entries once the refusals have settled. */
  scheduleLoad() {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.#timer = null
      void this.load()
    }, SETTLE_MS)
  }

  /** Reads this person's pending entries on the board. */
  async load() {
    try {
      const answer = await api(`/boards/${seg(this.#boardId)}/quarantine/mine`, { token: this.#token })
      const entries = Array.isArray(answer?.entries) ? answer.entries : []
      this.#mine = entries
        .filter((/** @type {any} */ e) => (e.status ?? 'pending') === 'pending')
        .map((/** @type {any} */ e) => ({
          id: String(e.id),
          texts: previewTexts(e.preview),
          preview: e.preview,
          count: typeof e.count === 'number' ? e.count : 1,
          at: Number(e.lastAt ?? e.at ?? Date.now()),
        }))
      // Text typed here that an entry of the server holds: show the entry only.
      const held = this.#mine.flatMap((e) => e.texts)
      this.#typed = this.#typed.filter((e) => !e.texts.every((text) => held.some((k) => k.includes(text))))
      if (this.#mine.length) this.#hidden = false
    } catch (error) {
      // A server without the route: what was typed here stays shown. Other failures: try later.
      if (!(error instanceof APIError && (error.status === 404 || error.status === 405))) return
    }
    this.#changed()
  }

  /** Hides the panel until something new is kept. */
  dismiss() {
    this.#hidden = true
    this.#changed()
  }

  stop() {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
  }

  #changed() {
    this.dispatchEvent(new CustomEvent('change'))
  }
}

/**
 * The texts of a quarantine entry's preview, tolerant of any shape.
 * @param {unknown} preview `{ texts: string[], items: [{ id, type, text? }] }`
 * @returns {string[]}
 */
export function previewTexts(preview) {
  const p = /** @type {{ texts?: unknown, items?: unknown }} */ (preview && typeof preview === 'object' ? preview : {})
  const texts = Array.isArray(p.texts) ? p.texts.filter((x) => typeof x === 'string' && x.trim()) : []
  const fromItems = Array.isArray(p.items) ? p.items.map((i) => i?.text).filter((x) => typeof x === 'string' && x.trim()) : []
  return [...new Set([...texts, ...fromItems])]
}

/**
 * A kind of board item in words ("Post-it", "Diapositive"), "élément" for a kind the app has no word for.
 * @param {unknown} type
 * @returns {string}
 */
export function itemTypeText(type) {
  const key = /** @type {import('../lib/i18n.js').StringKey} */ (`editor.type.${typeof type === 'string' && type ? type : 'note'}`)
  const text = t(key)
  return text === key ? t('editor.type.item') : text
}

/**
 * What a quarantine entry's preview adds or changes beside its texts, in words: the items
 * without text it adds or changes ("Post-it ajouté"), and the slides it adds ("1 diapositive
 * ajoutée"; an added slide is not also listed as an item). Empty when there is nothing.
 * @param {unknown} preview `{ texts, items: [{ type, text?, added? }], slidesAdded }`
 * @returns {string[]}
 */
export function previewChanges(preview) {
  const p = /** @type {{ items?: unknown, slidesAdded?: unknown }} */ (preview && typeof preview === 'object' ? preview : {})
  const slides = typeof p.slidesAdded === 'number' && p.slidesAdded > 0 ? p.slidesAdded : 0
  const items = /** @type {{ type?: unknown, text?: unknown, added?: unknown }[]} */ (Array.isArray(p.items) ? p.items.filter((i) => i && typeof i === 'object') : [])
  const bare = items.filter((i) => !(typeof i.text === 'string' && i.text.trim()) && !(slides && i.type === 'slide' && i.added))
  const changes = bare.map((i) => t(i.added ? 'quarantine.itemAdded' : 'quarantine.itemChanged', { type: itemTypeText(i.type) }))
  if (slides) changes.push(slides === 1 ? t('quarantine.slideAdded') : t('quarantine.slidesAdded', { count: slides }))
  return changes
}
