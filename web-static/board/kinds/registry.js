/**
 * Every board kind, by id: the one place the app learns what a kind is (see kind.js). Each
 * kind is its own module, loaded when a page needs it: a board page loads its board's kind
 * only, pages that list boards load them all (`loadKinds()`). Until loaded, and for an id no
 * module defines (a board of a newer server), `kindOf` gives a stand-in: a free canvas with
 * the usual tools, labelled by its id. For example:
 *
 * ```js
 * import { kindLabel, kindOf, loadKinds } from '../board/kinds/registry.js'
 * await loadKinds()                 // or loadKinds(['ideas'])
 * if (kindOf(board.kind).votes) …
 * kindLabel('empathy-map', 'fr')    // "Carte d’empathie"
 * ```
 */
import { defineKind } from './kind.js'

/** @typedef {import('./kind.js').BoardKind} BoardKind */

/** The kinds' ids, in sprint order; each is the name of its module in this folder. */
export const KIND_IDS = Object.freeze([
  'empathy-map', 'hmw', 'mood-board', 'ideas', 'prototype', 'test-grid', 'deck',
  'swot', 'business-model-canvas', 'mind-map',
])

/** @type {Map<string, BoardKind>} */
const loaded = new Map()
/** @type {Map<string, Promise<BoardKind>>} */
const loading = new Map()
/** @type {Map<string, BoardKind>} */
const standIns = new Map()

/**
 * Loads kinds (all by default); unknown ids are skipped.
 * @param {readonly string[]} [ids]
 * @returns {Promise<BoardKind[]>} the kinds loaded, in the order asked
 */
export async function loadKinds(ids = KIND_IDS) {
  const known = ids.filter((id) => KIND_IDS.includes(id))
  return Promise.all(known.map((id) => {
    let pending = loading.get(id)
    if (!pending) {
      // The id is one of KIND_IDS: the module path is never built from outside data.
      pending = import(`./${id}.js`).then((module) => {
        loaded.set(id, module.default)
        return module.default
      })
      loading.set(id, pending)
    }
    return pending
  }))
}

/**
 * The kind with this id once loaded, else a stand-in.
 * @param {string | null | undefined} id
 * @returns {BoardKind}
 */
export function kindOf(id) {
  const kind = loaded.get(id ?? '')
  if (kind) return kind
  const key = id ?? ''
  let standIn = standIns.get(key)
  if (!standIn) {
    standIn = defineKind({ id: key, label: { fr: key, en: key } }, false)
    standIns.set(key, standIn)
  }
  return standIn
}

/** @returns {BoardKind[]} the kinds loaded so far, in sprint order */
export function loadedKinds() {
  return KIND_IDS.flatMap((id) => loaded.get(id) ?? [])
}

/**
 * A kind's label in a language (its id until the kind is loaded).
 * @param {string | null | undefined} id
 * @param {'fr' | 'en'} language
 * @returns {string}
 */
export function kindLabel(id, language) {
  return kindOf(id).label[language]
}
