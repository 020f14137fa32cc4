// Tests of web-static/board/placement.js and the board kinds' registry: a new note goes to
// free space in the zone aimed at, never on top of another; ten in a row overlap none;
// every kind has labels in both languages and its zones inside its template.
//
// Run: node --test Tests/Browser/placement_test.mjs   (Node 18+, no npm)

import assert from 'node:assert/strict'
import { test } from 'node:test'

import { GAP, overlaps, placeItem, zoneAtPoint, zoneInterior } from '../../web-static/board/placement.js'
import { KIND_IDS, kindOf, loadKinds, loadedKinds } from '../../web-static/board/kinds/registry.js'

await loadKinds()
const KINDS = loadedKinds()

const NOTE = { w: 180, h: 140 }

test('ten notes aimed at one point of a zone overlap none and stay in that zone', () => {
  const zones = kindOf('swot').zones
  const items = []
  const view = { x: 0, y: 0, w: 1600, h: 940 }
  for (let i = 0; i < 10; i++) {
    const spot = placeItem({ size: NOTE, target: { x: 400, y: 235 }, zones, items, view })
    const rect = { x: spot.x, y: spot.y, ...NOTE }
    for (const other of items) assert.ok(!overlaps(rect, other), `note ${i} overlaps ${JSON.stringify(other)}`)
    const inside = zoneInterior(zones.find((z) => z.id === spot.zone))
    if (i < 4) assert.equal(spot.zone, 'strengths')
    assert.ok(rect.x >= inside.x && rect.y >= inside.y && rect.x + rect.w <= inside.x + inside.w && rect.y + rect.h <= inside.y + inside.h, `note ${i} leaves its zone`)
    items.push(rect)
  }
})

test('a full zone spills into the next one, still without overlap', () => {
  const zones = kindOf('hmw').zones
  const items = []
  for (let i = 0; i < 40; i++) {
    const spot = placeItem({ size: NOTE, target: { x: 800, y: 150 }, zones, items })
    const rect = { x: spot.x, y: spot.y, ...NOTE }
    assert.ok(items.every((o) => !overlaps(rect, o)))
    items.push(rect)
  }
  assert.ok(items.some((r) => zoneAtPoint(zones, { x: r.x + 1, y: r.y + 1 })?.id === 'questions'))
})

test('a free board places near the target, outside the view when the view is full', () => {
  const items = []
  const view = { x: 0, y: 0, w: 400, h: 300 }
  for (let i = 0; i < 12; i++) {
    const spot = placeItem({ size: NOTE, target: { x: 200, y: 150 }, zones: [], items, view })
    assert.equal(spot.zone, '')
    const rect = { x: spot.x, y: spot.y, ...NOTE }
    assert.ok(items.every((o) => !overlaps(rect, o, GAP - 1)))
    items.push(rect)
  }
})

test('the zone under the pointer wins over the view centre', () => {
  const zones = kindOf('empathy-map').zones
  const spot = placeItem({ size: NOTE, target: { x: 1300, y: 400 }, zones, items: [], view: { x: 0, y: 0, w: 1600, h: 940 } })
  assert.equal(spot.zone, 'hear')
})

test('every kind: both languages, zones inside the template, variants detected', () => {
  for (const kind of KINDS) {
    assert.ok(kind.label.fr && kind.label.en, kind.id)
    for (const z of [...kind.zones, ...kind.variants.flatMap((v) => v.zones)]) {
      assert.ok(z.label.fr && z.label.en, `${kind.id}/${z.id}`)
      assert.ok(z.x >= 0 && z.y >= 0 && z.x + z.w <= kind.width && z.y + z.h <= kind.height, `${kind.id}/${z.id}`)
    }
  }
  const empathy = kindOf('empathy-map')
  assert.equal(empathy.variantOf([{ zone: 'says' }]), 'classic')
  assert.equal(empathy.variantOf([{ zone: 'says' }, { zone: 'see' }]), 'default')
  assert.equal(kindOf('no-such-kind').known, false)
  assert.equal(kindOf('deck').surface, 'deck')
  assert.deepEqual(KINDS.map((k) => k.id), [...KIND_IDS])
})
