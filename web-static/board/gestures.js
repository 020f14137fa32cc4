/**
 * Two-finger gestures on the board: pan with two fingers, pinch to zoom. Feed it every
 * touch pointer's down, move and up; while two fingers are down, `move` says how far the
 * pair's midpoint moved and by what factor their spread changed since the last move.
 * For example:
 *
 * ```js
 * const pinch = new PinchTracker()
 * viewport.addEventListener('pointermove', (e) => {
 *   const step = pinch.move(e)
 *   if (step) zoomAt(step.scale, step.x, step.y), panBy(step.dx, step.dy)
 * })
 * ```
 */

/** @typedef {{ scale: number, dx: number, dy: number, x: number, y: number }} PinchStep */

export class PinchTracker {
  /** @type {Map<number, { x: number, y: number }>} */
  #points = new Map()
  /** @type {{ spread: number, x: number, y: number } | null} */
  #last = null

  /** How many touch pointers are down. */
  get count() {
    return this.#points.size
  }

  /** Whether two fingers are down (a pan-and-zoom gesture is going on). */
  get active() {
    return this.#points.size >= 2
  }

  /** @param {PointerEvent} event @returns {boolean} whether a two-finger gesture starts or goes on */
  down(event) {
    if (event.pointerType !== 'touch') return false
    this.#points.set(event.pointerId, { x: event.clientX, y: event.clientY })
    this.#last = this.#pair()
    return this.active
  }

  /** @param {PointerEvent} event @returns {PinchStep | null} */
  move(event) {
    if (!this.#points.has(event.pointerId)) return null
    this.#points.set(event.pointerId, { x: event.clientX, y: event.clientY })
    const now = this.#pair()
    const last = this.#last
    this.#last = now
    if (!now || !last || last.spread === 0) return null
    return { scale: now.spread / last.spread, dx: now.x - last.x, dy: now.y - last.y, x: now.x, y: now.y }
  }

  /** @param {PointerEvent} event */
  up(event) {
    this.#points.delete(event.pointerId)
    this.#last = this.#pair()
  }

  /** The first two fingers' midpoint and spread, or null. */
  #pair() {
    const [a, b] = [...this.#points.values()]
    if (!a || !b) return null
    return { spread: Math.hypot(b.x - a.x, b.y - a.y), x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }
  }
}
