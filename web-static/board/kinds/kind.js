/**
 * What a board kind is, in one place: its id, its labels in both languages, its template
 * (zones, size), the tools its toolbar offers, and its behaviours (dot votes, connectors,
 * a new item linked to the selected one, layout variants). Each kind is one module of
 * this folder (`empathy-map.js`, `swot.js`, …) that calls `defineKind`; `registry.js`
 * gathers them. The editor, the canvas, the export and the pages ask the kind
 * (`kindOf(id).votes`, `.surface`, `.zonesFor(variant)`…) and never compare kind ids.
 *
 * The server keeps only the ids and the default phase bindings (`Workshop.BoardKind`);
 * `defaultPhases` here is the same table, used to say when a locked board opens when the
 * session does not say (docs/PROTOCOL.md, "Board kinds"). For example:
 *
 * ```js
 * import { defineKind, zone } from './kind.js'
 * export default defineKind({
 *   id: 'swot', label: { fr: 'SWOT', en: 'SWOT' },
 *   zones: [zone('strengths', 'Forces', 'Strengths', [0, 0, 800, 470], '#f0fdf4')],
 *   defaultPhases: 'all',
 * })
 * ```
 */

/** @typedef {{ fr: string, en: string }} Label */

/**
 * A template zone, in board units.
 * @typedef {object} Zone
 * @property {string} id
 * @property {Label} label
 * @property {Label} [hint]
 * @property {number} x
 * @property {number} y
 * @property {number} w
 * @property {number} h
 * @property {string} color background tint `#rrggbb`
 */

/**
 * A layout variant of a kind (the classic empathy map).
 * @typedef {object} Variant
 * @property {string} id
 * @property {Label} label
 * @property {Zone[]} zones
 */

/**
 * What a kind module gives `defineKind`; everything but `id` and `label` has a default.
 * @typedef {object} KindSpec
 * @property {string} id the kind's id in the board's `meta.kind` and the API
 * @property {Label} label e.g. "Carte d'empathie" / "Empathy map"
 * @property {Label} [emptyHint] what to do on an empty board
 * @property {'canvas' | 'deck'} [surface] a canvas of items (default) or the slide editor
 * @property {Zone[]} [zones] the default layout's zones (none: a free board)
 * @property {Label} [defaultVariantLabel] the default layout's name, when there are variants
 * @property {Variant[]} [variants] other layouts of the same zones' role
 * @property {string[]} [tools] item types the toolbar offers (`note`, `text`, `shape`, `frame`, `image`)
 * @property {boolean} [votes] dot voting on notes
 * @property {boolean} [connectors] items can be linked two by two
 * @property {boolean} [linksNewItems] a new item is linked to the one selected (mind map)
 * @property {string[] | 'all'} [defaultPhases] phases the kind is writable in by default
 * @property {number} [width] template width, board units
 * @property {number} [height] template height, board units
 */

/**
 * A board kind as the app uses it.
 * @typedef {object} BoardKind
 * @property {string} id
 * @property {Label} label
 * @property {Label | null} emptyHint
 * @property {'canvas' | 'deck'} surface
 * @property {Zone[]} zones
 * @property {Label | null} defaultVariantLabel
 * @property {Variant[]} variants
 * @property {string[]} tools
 * @property {boolean} votes
 * @property {boolean} connectors
 * @property {boolean} linksNewItems
 * @property {string[] | 'all'} defaultPhases
 * @property {number} width
 * @property {number} height
 * @property {boolean} known false for the stand-in of an id no module defines
 * @property {(variant?: string) => Zone[]} zonesFor the zones of a layout ('default' or a variant id)
 * @property {(items: Iterable<{ zone: string }>) => string} variantOf the layout a board's items use
 * @property {() => string[]} allZoneIds every zone id of every layout
 */

/** The default layout's id. */
export const DEFAULT_VARIANT = 'default'

/**
 * A zone.
 * @param {string} id
 * @param {string} fr
 * @param {string} en
 * @param {[number, number, number, number]} rect x, y, w, h
 * @param {string} color
 * @param {[string, string]} [hint] fr, en
 * @returns {Zone}
 */
export function zone(id, fr, en, [x, y, w, h], color, hint) {
  return { id, label: { fr, en }, x, y, w, h, color, ...(hint ? { hint: { fr: hint[0], en: hint[1] } } : {}) }
}

/**
 * A kind from its spec, with defaults and the questions the app asks it.
 * @param {KindSpec} spec
 * @param {boolean} [known]
 * @returns {Readonly<BoardKind>}
 */
export function defineKind(spec, known = true) {
  const zones = spec.zones ?? []
  const variants = spec.variants ?? []
  /** @type {BoardKind} */
  const kind = {
    id: spec.id,
    label: spec.label,
    emptyHint: spec.emptyHint ?? null,
    surface: spec.surface ?? 'canvas',
    zones,
    defaultVariantLabel: spec.defaultVariantLabel ?? null,
    variants,
    tools: spec.tools ?? ['note', 'text', 'image'],
    votes: spec.votes ?? false,
    connectors: spec.connectors ?? false,
    linksNewItems: spec.linksNewItems ?? false,
    defaultPhases: spec.defaultPhases ?? 'all',
    width: spec.width ?? 1600,
    height: spec.height ?? 940,
    known,
    zonesFor(variant) {
      return variants.find((v) => v.id === variant)?.zones ?? zones
    },
    variantOf(items) {
      if (variants.length === 0) return DEFAULT_VARIANT
      // A variant is in use when some item sits in its zones and none in the default's.
      const counts = new Map()
      const owner = new Map()
      for (const z of zones) owner.set(z.id, DEFAULT_VARIANT)
      for (const v of variants) for (const z of v.zones) if (!owner.has(z.id)) owner.set(z.id, v.id)
      for (const item of items) {
        const layout = owner.get(item.zone)
        if (layout) counts.set(layout, (counts.get(layout) ?? 0) + 1)
      }
      if (counts.get(DEFAULT_VARIANT)) return DEFAULT_VARIANT
      return variants.find((v) => counts.get(v.id))?.id ?? DEFAULT_VARIANT
    },
    allZoneIds() {
      return [...new Set([...zones, ...variants.flatMap((v) => v.zones)].map((z) => z.id))]
    },
  }
  return Object.freeze(kind)
}
