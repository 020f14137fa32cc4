// Tests of web-static/lib/clock.js (the live channel's server-clock estimate) on a mock clock.
//
// Run: node --test Tests/Browser/clock_test.mjs   (Node 18+, no npm)
//
// A simulated network carries pings to a server whose clock is skewed by several seconds
// and pongs back, with one-way delays drawn from a seeded generator (round trips of about
// 40–400 ms, asymmetric: the way out and the way back differ). Nothing reads the wall
// clock, so every run is the same; the seed is printed so a failure can be replayed with
// CLOCK_TEST_SEED=<seed>.

import assert from 'node:assert/strict'
import { test } from 'node:test'

import {
  ServerClock,
  bestSample,
  isUsableSample,
  sampleOffset,
  sampleRoundTrip,
} from '../../web-static/lib/clock.js'

const SEED = Number(process.env.CLOCK_TEST_SEED ?? 0x5eed)

/** mulberry32: a small seeded generator, floats in [0, 1). */
function generator(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A client clock the test moves by hand. */
class MockClock {
  constructor(start) {
    this.time = start
  }
  now = () => this.time
  advance(ms) {
    this.time += ms
  }
}

/**
 * One ping/pong over the simulated network: `up` ms to the server, which stamps `at` from
 * its skewed clock on arrival, then `down` ms back.
 */
function roundTrip(clock, client, skew, up, down) {
  const ping = client.ping()
  clock.advance(up)
  const at = clock.time + skew
  clock.advance(down)
  client.pong({ type: 'pong', t: ping.t, at })
  return { up, down, rtt: up + down }
}

test('a sample with equal delays gives the exact offset', () => {
  const sample = { t: 1_000, at: 6_050, receivedAt: 1_100 }
  assert.equal(sampleRoundTrip(sample), 100)
  assert.equal(sampleOffset(sample), 5_000)
})

test('the best sample is the one with the smallest round trip', () => {
  const samples = [
    { t: 0, at: 10, receivedAt: 300 },
    { t: 1_000, at: 1_030, receivedAt: 1_050 },
    { t: 2_000, at: 2_100, receivedAt: 2_200 },
  ]
  assert.equal(bestSample(samples), samples[1])
  assert.equal(bestSample([]), null)
})

test('unusable pongs are ignored', () => {
  const clock = new MockClock(1_700_000_000_000)
  const client = new ServerClock({ now: clock.now })
  assert.equal(client.pong({ t: 'x', at: 5 }), false)
  assert.equal(client.pong({ t: clock.time + 10, at: clock.time }), false, 'negative round trip')
  assert.equal(isUsableSample({ t: 1, at: Number.NaN, receivedAt: 2 }), false)
  assert.equal(client.measured, false)
  assert.equal(client.offset, 0)
  assert.equal(client.serverNow(), clock.time)
})

test(`seeded asymmetric round trips with a skew of seconds (seed ${SEED})`, () => {
  const random = generator(SEED)
  for (let run = 0; run < 200; run++) {
    const clock = new MockClock(1_700_000_000_000 + Math.floor(random() * 1e9))
    const skew = Math.round((random() * 2 - 1) * 9_000) // up to ±9 s
    const client = new ServerClock({ now: clock.now, window: 8 })
    const trips = []
    for (let i = 0; i < 12; i++) {
      // A round trip of 40–400 ms, split unevenly between the way out and the way back.
      // Whole milliseconds, as Date.now() gives.
      const rtt = 40 + Math.floor(random() * 361)
      const up = Math.round(rtt * (0.1 + random() * 0.8))
      trips.push(roundTrip(clock, client, skew, up, rtt - up))
      clock.advance(2_000 + Math.floor(random() * 3_000))
    }
    const kept = trips.slice(-8)
    const smallest = Math.min(...kept.map((trip) => trip.rtt))
    const error = Math.abs(client.offset - skew)
    assert.ok(
      error <= smallest / 2,
      `seed ${SEED} run ${run}: offset ${client.offset} vs skew ${skew}, error ${error} > ${smallest / 2}`,
    )
    assert.ok(client.roundTrip === smallest, `run ${run}: uses the smallest round trip`)
    // Counting down to a server deadline uses the estimate.
    const deadline = clock.time + skew + 60_000
    assert.ok(Math.abs(client.remaining(deadline) - 60_000) <= smallest / 2)
  }
})

test('only the last `window` samples count', () => {
  const clock = new MockClock(1_700_000_000_000)
  const client = new ServerClock({ now: clock.now, window: 8 })
  const skew = 4_321
  // A fast but lopsided sample first (40 ms, all on the way out) ...
  roundTrip(clock, client, skew, 40, 0)
  assert.equal(client.offset, skew + 20)
  // ... then eight slower, even ones push it out of the window.
  for (let i = 0; i < 8; i++) {
    clock.advance(5_000)
    roundTrip(clock, client, skew, 100, 100)
  }
  assert.equal(client.roundTrip, 200)
  assert.equal(client.offset, skew)
})

test('reset forgets the samples', () => {
  const clock = new MockClock(0)
  const client = new ServerClock({ now: clock.now })
  roundTrip(clock, client, -7_000, 50, 50)
  assert.equal(client.offset, -7_000)
  client.reset()
  assert.equal(client.measured, false)
  assert.equal(client.offset, 0)
})

console.log(`clock_test seed: ${SEED}`)
