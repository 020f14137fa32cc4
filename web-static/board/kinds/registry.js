/**
 * Every board kind, by id: the one place the app learns what a kind is (see kind.js).
 * An id no module defines (a board of a newer server) gets a stand-in: a free canvas with
 * the usual tools, labelled by its id. For example:
 *
 * ```js
 * import { kindOf, kindLabel } from '../board/kinds/registry.js'
 * const kind = kindOf(board.kind)
 * if (kind.votes) …
 * kindLabel('empathy-map', 'fr') // "Carte d’empathie"
 * ```
 */
import businessModelCanvas from './business-model-canvas.js'
import deck from './deck.js'
import empathyMap from './empathy-map.js'
import hmw from './hmw.js'
import ideas from './ideas.js'
import { defineKind } from './kind.js'
import mindMap from './mind-map.js'
import moodBoard from './mood-board.js'
import prototype from './prototype.js'
import swot from './swot.js'
import testGrid from './test-grid.js'

/** @typedef {import('./kind.js').BoardKind} BoardKind */

/** The kinds, in sprint order. */
export const KINDS = Object.freeze([empathyMap, hmw, moodBoard, ideas, prototype, testGrid, deck, swot, businessModelCanvas, mindMap])

const BY_ID = new Map(KINDS.map((k) => [k.id, k]))
/** @type {Map<string, BoardKind>} */
const STAND_INS = new Map()

/**
 * The kind with this id, or a stand-in for an unknown one.
 * @param {string | null | undefined} id
 * @returns {BoardKind}
 */
export function kindOf(id) {
  const known = BY_ID.get(id ?? '')
  if (known) return known
  const key = id ?? ''
  let standIn = STAND_INS.get(key)
  if (!standIn) {
    standIn = defineKind({ id: key, label: { fr: key, en: key } }, false)
    STAND_INS.set(key, standIn)
  }
  return standIn
}

/**
 * A kind's label in a language.
 * @param {string | null | undefined} id
 * @param {'fr' | 'en'} language
 * @returns {string}
 */
export function kindLabel(id, language) {
  return kindOf(id).label[language]
}
