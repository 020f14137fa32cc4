/**
 * The board editor's keyboard shortcuts, in one table: the editor reads a key press through
 * `shortcutAction`, and the shortcuts sheet (`?`) lists `SHORTCUTS`. The canvas's own keys
 * (walk, move, edit…) are listed here too, for the sheet; the canvas handles them.
 *
 * For example: `shortcutAction(event, kind)` gives `{ action: 'add', type: 'note' }` for N
 * on a kind whose tools include notes, or null.
 */
import { t } from '../lib/i18n.js'

/**
 * @typedef {object} Shortcut
 * @property {string[]} keys as shown (`Ctrl+Z`, `N`…)
 * @property {import('../lib/i18n.js').StringKey} text what it does
 * @property {(kind: import('./kinds/kind.js').BoardKind) => boolean} [when] only on some kinds
 */

/** @type {Shortcut[]} */
export const SHORTCUTS = [
  { keys: ['N', 'T', 'S', 'F', 'I'], text: 'keys.add', when: (kind) => kind.surface === 'canvas' },
  { keys: ['C'], text: 'keys.connect', when: (kind) => kind.connectors },
  { keys: [']', '['], text: 'keys.order', when: (kind) => kind.surface === 'canvas' },
  { keys: ['+', '−', '0'], text: 'keys.zoom', when: (kind) => kind.surface === 'canvas' },
  { keys: ['Ctrl+Z'], text: 'keys.undo' },
  { keys: ['Ctrl+Shift+Z', 'Ctrl+Y'], text: 'keys.redo' },
  { keys: ['Ctrl+A'], text: 'keys.selectAll', when: (kind) => kind.surface === 'canvas' },
  { keys: ['Tab', 'Shift+Tab'], text: 'keys.walk', when: (kind) => kind.surface === 'canvas' },
  { keys: ['Space'], text: 'keys.toggle', when: (kind) => kind.surface === 'canvas' },
  { keys: ['← ↑ → ↓'], text: 'keys.move', when: (kind) => kind.surface === 'canvas' },
  { keys: ['Alt+← ↑ → ↓'], text: 'keys.resize', when: (kind) => kind.surface === 'canvas' },
  { keys: ['Enter'], text: 'keys.edit', when: (kind) => kind.surface === 'canvas' },
  { keys: ['Esc'], text: 'keys.escape', when: (kind) => kind.surface === 'canvas' },
  { keys: ['Delete'], text: 'keys.delete', when: (kind) => kind.surface === 'canvas' },
  { keys: ['V'], text: 'keys.vote', when: (kind) => kind.votes },
  { keys: ['?'], text: 'keys.help' },
]

/** Key names that differ by language (French keyboards say Maj, Entrée, Échap, Espace, Suppr). */
const KEY_NAMES = /** @type {Record<string, import('../lib/i18n.js').StringKey>} */ ({
  Ctrl: 'key.ctrl', Shift: 'key.shift', Enter: 'key.enter', Esc: 'key.escape', Space: 'key.space', Delete: 'key.delete',
})

/**
 * A shortcut as the reader's keyboard names it (`Ctrl+Shift+Z` → `Ctrl+Maj+Z` in French).
 * @param {string} keys
 * @returns {string}
 */
export function keyName(keys) {
  return keys.split('+').map((k) => (KEY_NAMES[k] ? t(KEY_NAMES[k]) : k)).join('+')
}

/** Letters that add an item of a type. */
const ADD_KEYS = /** @type {Record<string, string>} */ ({ n: 'note', t: 'text', s: 'shape', f: 'frame' })

/**
 * @typedef {{ action: string, type?: string }} EditorAction
 */

/**
 * The editor action a key press asks for (outside text fields), or null.
 * @param {KeyboardEvent} event
 * @param {import('./kinds/kind.js').BoardKind} kind
 * @returns {EditorAction | null}
 */
export function shortcutAction(event, kind) {
  const mod = event.ctrlKey || event.metaKey
  const key = event.key.toLowerCase()
  if (mod && key === 'z') return { action: event.shiftKey ? 'redo' : 'undo' }
  if (mod && key === 'y') return { action: 'redo' }
  if (mod && key === 'a' && kind.surface === 'canvas') return { action: 'select-all' }
  if (mod || event.altKey) return null
  if (event.key === '?') return { action: 'help' }
  if (kind.surface !== 'canvas') return null
  const type = ADD_KEYS[key]
  if (type) return kind.tools.includes(type) ? { action: 'add', type } : null
  if (key === 'i' && kind.tools.includes('image')) return { action: 'image' }
  if (key === 'c' && kind.connectors) return { action: 'connect' }
  if (key === ']') return { action: 'front' }
  if (key === '[') return { action: 'back' }
  if (key === '+' || key === '=') return { action: 'zoom-in' }
  if (key === '-') return { action: 'zoom-out' }
  if (key === '0') return { action: 'fit' }
  return null
}
