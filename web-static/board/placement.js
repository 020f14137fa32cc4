/**
 * Where a new item goes: free space in the zone under the pointer (or the one in view),
 * never on top of another item, and inside the zone on a template.
 *
 * Pure functions of rectangles in board units, so they are tested without a page
 * (`node --test Tests/Browser/placement_test.mjs`). For example:
 *
 * ```js
 * import { placeItem } from '../board/placement.js'
 * const spot = placeItem({ size: { w: 180, h: 140 }, target: { x: 500, y: 300 }, zones, items, view })
 * model.addItem({ type: 'note', x: spot.x, y: spot.y, zone: spot.zone })
 * ```
 */

/**
 * @typedef {{ x: number, y: number, w: number, h: number }} Rect
 * @typedef {{ id: string, x: number, y: number, w: number, h: number }} ZoneRect
 */

/** Space kept between items, board units. */
export const GAP = 16
/** Room left at the top of a zone for its title and hint. */
export const ZONE_HEADER = 72
/** Room left at the other edges of a zone. */
export const ZONE_PADDING = 16
/** The grid candidate positions are taken on. */
const STEP = 20

/**
 * @param {Rect} a
 * @param {Rect} b
 * @param {number} [gap]
 * @returns {boolean} whether a and b overlap once a is grown by `gap` on each side
 */
export function overlaps(a, b, gap = 0) {
  return a.x - gap < b.x + b.w && a.x + a.w + gap > b.x && a.y - gap < b.y + b.h && a.y + a.h + gap > b.y
}

/**
 * The zone containing a point, or null.
 * @template {ZoneRect} Z
 * @param {readonly Z[]} zones
 * @param {{ x: number, y: number }} point
 * @returns {Z | null}
 */
export function zoneAtPoint(zones, point) {
  return zones.find((z) => point.x >= z.x && point.x < z.x + z.w && point.y >= z.y && point.y < z.y + z.h) ?? null
}

/**
 * The zone an item belongs to: the one holding its centre, else ''.
 * @param {readonly ZoneRect[]} zones
 * @param {Rect} rect
 * @returns {string}
 */
export function zoneOfRect(zones, rect) {
  return zoneAtPoint(zones, { x: rect.x + rect.w / 2, y: rect.y + rect.h / 2 })?.id ?? ''
}

/**
 * The part of a zone where items may sit (below its title, inside its padding).
 * @param {ZoneRect} zone
 * @returns {Rect}
 */
export function zoneInterior(zone) {
  const header = Math.min(ZONE_HEADER, zone.h / 3)
  return { x: zone.x + ZONE_PADDING, y: zone.y + header, w: zone.w - 2 * ZONE_PADDING, h: zone.h - header - ZONE_PADDING }
}

/**
 * Moves a rectangle the least so it lies inside `area` (when it fits; else its top-left
 * corner is kept inside).
 * @param {Rect} rect
 * @param {Rect} area
 * @returns {{ x: number, y: number }}
 */
export function clampInto(rect, area) {
  const x = Math.max(area.x, Math.min(rect.x, area.x + area.w - rect.w))
  const y = Math.max(area.y, Math.min(rect.y, area.y + area.h - rect.h))
  return { x: Math.round(x), y: Math.round(y) }
}

/**
 * The first free spot for a `size` box in `area`, nearest to `target` (its centre), or
 * null when the area is full.
 * @param {{ w: number, h: number }} size
 * @param {Rect} area
 * @param {{ x: number, y: number }} target
 * @param {readonly Rect[]} obstacles
 * @returns {{ x: number, y: number } | null}
 */
export function freeSpot(size, area, target, obstacles) {
  if (size.w > area.w || size.h > area.h) return null
  // Slots of a tidy grid first (items side by side, `GAP` apart), then any point of a fine
  // grid (between items placed by hand).
  return (
    firstFree(size, candidates(area, size, size.w + GAP, size.h + GAP, target), obstacles) ??
    firstFree(size, candidates(area, size, STEP, STEP, target), obstacles)
  )
}

/**
 * Top-left corners on a grid over `area`, nearest to `target` first.
 * @param {Rect} area
 * @param {{ w: number, h: number }} size
 * @param {number} stepX
 * @param {number} stepY
 * @param {{ x: number, y: number }} target
 * @returns {{ x: number, y: number }[]}
 */
function candidates(area, size, stepX, stepY, target) {
  const cols = Math.floor((area.w - size.w) / stepX) + 1
  const rows = Math.floor((area.h - size.h) / stepY) + 1
  /** @type {{ x: number, y: number, d: number }[]} */
  const out = []
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = area.x + c * stepX
      const y = area.y + r * stepY
      const dx = x + size.w / 2 - target.x
      const dy = y + size.h / 2 - target.y
      // Reading order breaks ties: rows weigh a little more than columns.
      out.push({ x, y, d: dx * dx + dy * dy * 1.2 })
    }
  }
  return out.sort((a, b) => a.d - b.d)
}

/**
 * @param {{ w: number, h: number }} size
 * @param {{ x: number, y: number }[]} spots
 * @param {readonly Rect[]} obstacles
 * @returns {{ x: number, y: number } | null}
 */
function firstFree(size, spots, obstacles) {
  for (const c of spots) {
    const box = { x: c.x, y: c.y, w: size.w, h: size.h }
    if (!obstacles.some((o) => overlaps(box, o, GAP))) return { x: Math.round(c.x), y: Math.round(c.y) }
  }
  return null
}

/**
 * Where a new item goes.
 *
 * On a template: the zone under `target` (the pointer, else the centre of the view), else
 * the zone with most of it in view, else the first zone; the first free spot of that zone
 * nearest the target, within the view if it can; if that zone is full, the next zone with
 * room. On a free board (or when every zone is full): the free spot nearest the target,
 * searching outwards from the view. Never on top of another item.
 *
 * @param {object} options
 * @param {{ w: number, h: number }} options.size
 * @param {{ x: number, y: number }} options.target
 * @param {readonly ZoneRect[]} options.zones
 * @param {readonly Rect[]} options.items existing items (connectors left out)
 * @param {Rect} [options.view] the visible part of the board
 * @param {string} [options.zone] a zone to use when it has room (e.g. the selected item's)
 * @returns {{ x: number, y: number, zone: string }}
 */
export function placeItem({ size, target, zones, items, view, zone }) {
  if (zones.length > 0) {
    const ordered = zoneOrder(zones, target, view, zone)
    for (const z of ordered) {
      const interior = zoneInterior(z)
      const aim = clampPoint(target, interior)
      const inView = view ? intersection(interior, view) : null
      const spot = (inView && freeSpot(size, inView, aim, items)) || freeSpot(size, interior, aim, items)
      if (spot) return { ...spot, zone: z.id }
    }
  }
  const spot = openSpot(size, target, items, view)
  return { ...spot, zone: zones.length ? zoneOfRect(zones, { ...spot, ...size }) : '' }
}

/**
 * The zones to try, best first: the one asked for or under the target, then the others
 * nearest the target first (the view breaks ties: more of it in view first).
 * @template {ZoneRect} Z
 * @param {readonly Z[]} zones
 * @param {{ x: number, y: number }} target
 * @param {Rect | undefined} view
 * @param {string | undefined} preferred
 * @returns {Z[]}
 */
function zoneOrder(zones, target, view, preferred) {
  const first = zones.find((z) => z.id === preferred) ?? zoneAtPoint(zones, target)
  const distance = (/** @type {Z} */ z) => {
    const dx = Math.max(z.x - target.x, 0, target.x - (z.x + z.w))
    const dy = Math.max(z.y - target.y, 0, target.y - (z.y + z.h))
    return Math.hypot(dx, dy)
  }
  const visible = (/** @type {Z} */ z) => {
    const i = view ? intersection(z, view) : null
    return i ? i.w * i.h : 0
  }
  const rest = zones.filter((z) => z !== first).sort((a, b) => distance(a) - distance(b) || visible(b) - visible(a))
  return first ? [first, ...rest] : rest
}

/**
 * A free spot on an unbounded board: in view first, then in growing rings around it.
 * @param {{ w: number, h: number }} size
 * @param {{ x: number, y: number }} target
 * @param {readonly Rect[]} items
 * @param {Rect | undefined} view
 * @returns {{ x: number, y: number }}
 */
function openSpot(size, target, items, view) {
  let area = view && view.w >= size.w && view.h >= size.h ? view : { x: target.x - 400, y: target.y - 300, w: 800, h: 600 }
  for (let ring = 0; ring < 12; ring++) {
    const spot = freeSpot(size, area, target, items)
    if (spot) return spot
    area = { x: area.x - area.w / 2, y: area.y - area.h / 2, w: area.w * 2, h: area.h * 2 }
  }
  // Everything near is taken: below every item.
  const bottom = items.reduce((m, i) => Math.max(m, i.y + i.h), target.y)
  return { x: Math.round(target.x - size.w / 2), y: Math.round(bottom + GAP * 2) }
}

/**
 * @param {Rect} a
 * @param {Rect} b
 * @returns {Rect | null}
 */
function intersection(a, b) {
  const x = Math.max(a.x, b.x)
  const y = Math.max(a.y, b.y)
  const w = Math.min(a.x + a.w, b.x + b.w) - x
  const h = Math.min(a.y + a.h, b.y + b.h) - y
  return w > 0 && h > 0 ? { x, y, w, h } : null
}

/**
 * @param {{ x: number, y: number }} point
 * @param {Rect} area
 * @returns {{ x: number, y: number }}
 */
function clampPoint(point, area) {
  return { x: Math.max(area.x, Math.min(point.x, area.x + area.w)), y: Math.max(area.y, Math.min(point.y, area.y + area.h)) }
}
