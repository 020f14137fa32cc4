/**
 * A board's dot vote, counted by the server (docs/API.md, "Facilitation"): this person's
 * budget and dots from `GET /api/v1/boards/{id}/votes`, a dot put with `POST …/votes` and
 * taken back with `DELETE …/votes/{item}`. The counts themselves are in the board document,
 * written by the server (a named vote: `items[id].votes` = `{participantId: true}`; an
 * anonymous one: nothing until revealed, then `{"count": n}`); clients never write them.
 *
 * The page reloads it on the live `vote` event of its board (`reload()`). For example:
 *
 * ```js
 * const votes = new BoardVotes({ boardId, token })
 * votes.addEventListener('change', () => canvas.votes = votes.view(canVote))
 * await votes.load()
 * await votes.toggle(itemId) // 'added', 'removed', 'over-budget' or 'refused' (see `error`)
 * ```
 */
import { api, seg } from '../lib/api.js'

/**
 * @typedef {object} VoteState as `GET …/votes` answers
 * @property {number} budget
 * @property {boolean} anonymous
 * @property {boolean} revealed
 * @property {number} used
 * @property {string[]} mine
 * @property {Record<string, number>} [counts] absent while an anonymous vote is hidden from this person
 */

export class BoardVotes extends EventTarget {
  #path
  #token
  /** @type {VoteState | null} null until loaded */
  state = null
  /** @type {unknown} the last refusal */
  error = null
  #loading = 0

  /** @param {{ boardId: string, token: string }} options */
  constructor({ boardId, token }) {
    super()
    this.#path = `/boards/${seg(boardId)}/votes`
    this.#token = token
  }

  /** @returns {number} this person's dots used */
  get used() {
    return this.state?.used ?? 0
  }

  /** @returns {Set<string>} the items this person put a dot on */
  get mine() {
    return new Set(this.state?.mine ?? [])
  }

  /** @returns {boolean} whether the board shows the counts (a named vote, or an anonymous one revealed) */
  get countsShown() {
    return !this.state?.anonymous || this.state.revealed
  }

  /**
   * What the canvas draws (components/board-canvas.js `VoteView`).
   * @param {boolean} canVote
   * @returns {import('../components/board-canvas.js').VoteView}
   */
  view(canVote) {
    return { canVote, mine: this.mine, counts: this.countsShown, budget: this.state?.budget ?? 0 }
  }

  /** Loads the vote; the last of overlapping loads wins. */
  async load() {
    const ticket = ++this.#loading
    try {
      const state = await api(this.#path, { token: this.#token })
      if (ticket !== this.#loading) return
      this.#take(state)
    } catch (error) {
      if (ticket === this.#loading) this.error = error
    }
  }

  /** The vote changed (a live `vote` event): read it again. */
  reload() {
    void this.load()
  }

  /**
   * Puts this person's dot on an item, or takes it back.
   * @param {string} item
   * @returns {Promise<'added' | 'removed' | 'over-budget' | 'refused'>}
   */
  async toggle(item) {
    const had = this.mine.has(item)
    if (!had && this.state && this.used >= this.state.budget) return 'over-budget'
    this.#loading++
    try {
      const state = had
        ? await api(`${this.#path}/${seg(item)}`, { token: this.#token, method: 'DELETE' })
        : await api(this.#path, { token: this.#token, method: 'POST', body: { item } })
      this.#take(state)
      return had ? 'removed' : 'added'
    } catch (error) {
      this.error = error
      void this.load()
      return /** @type {any} */ (error)?.code === 'vote-budget' ? 'over-budget' : 'refused'
    }
  }

  /**
   * Takes an answer of the vote API (the facilitator's commands answer the same).
   * @param {unknown} state
   */
  take(state) {
    this.#loading++
    this.#take(state)
  }

  /** @param {any} state */
  #take(state) {
    if (!state || typeof state !== 'object' || typeof state.budget !== 'number') return
    this.state = {
      budget: state.budget,
      anonymous: Boolean(state.anonymous),
      revealed: Boolean(state.revealed),
      used: Number(state.used) || 0,
      mine: Array.isArray(state.mine) ? state.mine.filter((/** @type {unknown} */ m) => typeof m === 'string') : [],
      counts: state.counts && typeof state.counts === 'object' ? state.counts : undefined,
    }
    this.error = null
    this.dispatchEvent(new CustomEvent('change'))
  }
}
