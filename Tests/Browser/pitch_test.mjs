// Tests of web-static/lib/pitch.js (the pitch views' pure rules): countdown colour tiers,
// thresholds from the session's warnings, whole seconds shown, scale steps, Q&A upserts.
//
// Run: node --test Tests/Browser/pitch_test.mjs   (Node 18+, no npm)

import assert from 'node:assert/strict'
import { test } from 'node:test'

import {
  displaySeconds,
  formatScore,
  pitchThresholds,
  qaThresholds,
  scaleSteps,
  timerTier,
  upsertEntry,
} from '../../web-static/lib/pitch.js'

test('tiers: amber at the first warning, red at the last, over at the deadline', () => {
  const th = pitchThresholds({ pitch: { warningsSeconds: [120, 60] } }, 600_000)
  assert.deepEqual(th, { amberMs: 120_000, redMs: 60_000 })
  assert.equal(timerTier(120_001, th), 'running')
  assert.equal(timerTier(120_000, th), 'warning')
  assert.equal(timerTier(60_001, th), 'warning')
  assert.equal(timerTier(60_000, th), 'critical')
  assert.equal(timerTier(1, th), 'critical')
  assert.equal(timerTier(0, th), 'over')
  assert.equal(timerTier(-12_345, th), 'over')
})

test('short pitches: the session warnings scale the tiers', () => {
  const th = pitchThresholds({ pitch: { warningsSeconds: [10, 15] } }, 20_000)
  assert.deepEqual(th, { amberMs: 15_000, redMs: 10_000 })
  assert.equal(timerTier(16_000, th), 'running')
  assert.equal(timerTier(12_000, th), 'warning')
  assert.equal(timerTier(9_000, th), 'critical')
})

test('without settings: defaults for long pitches, live warnings alone for short ones', () => {
  assert.deepEqual(pitchThresholds(null, 600_000), { amberMs: 120_000, redMs: 60_000 })
  const short = pitchThresholds({}, 20_000)
  assert.deepEqual(short, { amberMs: null, redMs: null })
  assert.equal(timerTier(5_000, short), 'running')
  assert.equal(timerTier(5_000, short, 1), 'warning')
  assert.equal(timerTier(5_000, short, 2), 'critical')
  assert.equal(timerTier(-1, short, 2), 'over')
  // A live warning wins over a page whose clock lags.
  assert.equal(timerTier(200_000, pitchThresholds(null, 600_000), 1), 'warning')
})

test('one warning: red no later than the last minute', () => {
  assert.deepEqual(pitchThresholds({ pitch: { warningsSeconds: [300] } }, 600_000), { amberMs: 300_000, redMs: 60_000 })
  assert.deepEqual(pitchThresholds({ pitch: { warningsSeconds: [30] } }, 600_000), { amberMs: 30_000, redMs: 30_000 })
})

test('Q&A thresholds only when the Q&A is longer than them', () => {
  assert.deepEqual(qaThresholds(600_000), { amberMs: 120_000, redMs: 60_000 })
  assert.deepEqual(qaThresholds(90_000), { amberMs: null, redMs: 60_000 })
  assert.deepEqual(qaThresholds(30_000), { amberMs: null, redMs: null })
})

test('whole seconds: 0:00 at the deadline, then overtime counts up', () => {
  assert.equal(displaySeconds(600_000), 600)
  assert.equal(displaySeconds(599_001), 600)
  assert.equal(displaySeconds(1), 1)
  assert.equal(displaySeconds(0), 0)
  assert.equal(displaySeconds(-999), 0)
  assert.equal(displaySeconds(-1000), -1)
  assert.equal(displaySeconds(-61_500), -61)
})

test('scale steps and scores', () => {
  assert.deepEqual(scaleSteps({ min: 0, max: 5, step: 0.5 }), [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5])
  assert.deepEqual(scaleSteps({ min: 1, max: 2, step: 0.25 }), [1, 1.25, 1.5, 1.75, 2])
  assert.deepEqual(scaleSteps({ min: 0, max: 20, step: 0 }), [])
  assert.equal(formatScore(13.333333), '13.33')
  assert.equal(formatScore(4), '4')
  assert.equal(formatScore(null), '—')
})

test('Q&A entries: a new one is appended, an edited one replaced in place', () => {
  const pitch = { group: 'g1', qa: { state: 'running', entries: [{ id: 'qa-1', text: 'a' }] } }
  const appended = upsertEntry(/** @type {any} */ (pitch), /** @type {any} */ ({ id: 'qa-2', text: 'b' }))
  assert.deepEqual(appended.qa.entries.map((e) => e.id), ['qa-1', 'qa-2'])
  const edited = upsertEntry(appended, /** @type {any} */ ({ id: 'qa-1', text: 'a2' }))
  assert.deepEqual(edited.qa.entries.map((e) => e.text), ['a2', 'b'])
  assert.equal(pitch.qa.entries[0].text, 'a', 'the input is not mutated')
})
