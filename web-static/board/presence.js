/**
 * Who is on a board, from the y-protocols awareness states: each person's name, colour,
 * cursor, selection and view (`view: {x, y, zoom}`, what their canvas shows: a facilitator
 * can follow it), told apart from this page's own state. A person's colour follows
 * their id (`colorFor`), so everyone sees the same colour for them on every page and reload;
 * a state without an id keeps the colour it claims. Readers tolerate any shape. For example:
 *
 * ```js
 * const { people, peers } = readPresence(provider.awareness.getStates(), provider.awareness.clientID)
 * ```
 */
import { isView } from '../lib/facilitation.js'
import { colorFor, isColor } from '../lib/session.js'

/**
 * @typedef {object} Person someone shown among the board's people
 * @property {string} name
 * @property {string} color `#rrggbb`
 * @property {boolean} self this page
 * @property {number} clientId their awareness client id
 * @property {import('../lib/facilitation.js').BoardView | null} view what their canvas shows, if they tell
 */

/**
 * @param {Map<number, any>} states client id → awareness state
 * @param {number} self this page's client id
 * @param {string} [facilitator] what to call the facilitator, whose awareness name is the id
 *   `facilitator` (lib/i18n.js `facilitatorName`)
 * @returns {{ people: Person[], peers: import('../components/board-canvas.js').RemotePeer[] }}
 */
export function readPresence(states, self, facilitator = 'facilitator') {
  /** @type {Person[]} */
  const people = []
  /** @type {import('../components/board-canvas.js').RemotePeer[]} */
  const peers = []
  for (const [clientId, state] of states) {
    const user = state?.user
    if (!user || typeof user !== 'object') continue
    const given = typeof user.name === 'string' && user.name.trim() ? user.name.trim().slice(0, 60) : `#${clientId}`
    const name = user.id === 'facilitator' && given === 'facilitator' ? facilitator : given
    const color = typeof user.id === 'string' && user.id ? colorFor(user.id) : isColor(user.color) ? user.color : '#5b6472'
    const view = isView(state.view) ? { x: state.view.x, y: state.view.y, zoom: state.view.zoom } : null
    people.push({ name, color, self: clientId === self, clientId, view })
    if (clientId === self) continue
    const c = state.cursor
    const cursor = c && Number.isFinite(c.x) && Number.isFinite(c.y) ? { x: c.x, y: c.y } : null
    const selection = Array.isArray(state.selection) ? state.selection.filter((/** @type {unknown} */ s) => typeof s === 'string').slice(0, 200) : []
    peers.push({ clientId, name, color, cursor, selection })
  }
  people.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name))
  return { people, peers }
}
