#!/usr/bin/env node
// Malformed updates for YCore, with what Yjs does on exactly the same bytes.
//
//   NODE_PATH=/usr/share/nodejs node gen_fuzz.cjs --seed S --count N --out DIR [--only K]
//
// Valid updates come from gen_yjs.cjs scenarios of the same seed. Case k: a base state (a
// fresh document with its roots typed, or the state Yjs reaches after a prefix of a scenario's schedule, given as
// one update) and one update mutated from a valid one — truncated, bytes flipped, inserted,
// deleted or overwritten with interesting values, runs of 0xff (huge varints), two updates
// spliced. Yjs applies base then the mutated update to a fresh doc in try/catch under a
// vm timeout. Output DIR/fuzz-S.jsonl, one line a case:
//   { seed, index, mutation, rootKinds, gc, base: base64 | "", update: base64,
//     yjs: { outcome: "ok", json, sv } | { outcome: "throw", error } |
//          { outcome: "integrate-error", error } | { outcome: "timeout" } | { outcome: "broken", error } }
// "throw": Yjs cannot decode the bytes. "integrate-error": they decode but Yjs throws while
// integrating them (a Yjs bug). "broken": the update applied but Yjs then fails to read its
// own document (toJSON throws).
//
// Contract checked on the Swift side: YCore either throws (and its document is unchanged) or
// reaches the same JSON and state vector as Yjs ("ok"); if Yjs throws, YCore must throw; on
// "integrate-error"/"timeout"/"broken" YCore must only not crash (and be unchanged if it throws).
'use strict'

const path = require('path')
const fs = require('fs')
const vm = require('vm')
const { Y, makeRng, scenarioSeed, b64, unb64, ROOT_KINDS, docJSON, svObject, parseArgs, writeLines, freshDoc } = require('./common.cjs')
const { generateScenario } = require('./gen_yjs.cjs')

const INTERESTING = [0x00, 0x01, 0x02, 0x07, 0x08, 0x0f, 0x1f, 0x20, 0x3f, 0x40, 0x7f, 0x80, 0x81, 0xc0, 0xfe, 0xff]

function mutate (rng, u, other) {
  const bytes = Array.from(u)
  const pos = () => rng.int(0, Math.max(0, bytes.length - 1))
  const kind = rng.int(0, 10)
  switch (kind) {
    case 0: { const n = rng.int(0, Math.max(0, bytes.length - 1)); return ['truncate', bytes.slice(0, n)] }
    case 1: { const n = rng.int(1, 3); for (let i = 0; i < n && bytes.length; i++) bytes[pos()] ^= 1 << rng.int(0, 7); return ['flip-bits', bytes] }
    case 2: { const n = rng.int(1, 4); for (let i = 0; i < n && bytes.length; i++) bytes[pos()] = rng.int(0, 255); return ['random-bytes', bytes] }
    case 3: { const at = rng.int(0, bytes.length); const ins = Array.from({ length: rng.int(1, 6) }, () => rng.int(0, 255)); bytes.splice(at, 0, ...ins); return ['insert-bytes', bytes] }
    case 4: { if (!bytes.length) return ['empty', bytes]; const at = pos(); bytes.splice(at, rng.int(1, Math.min(8, bytes.length - at))); return ['delete-bytes', bytes] }
    case 5: { const at = rng.int(0, bytes.length); const run = Array(rng.int(5, 12)).fill(0xff); run.push(rng.chance(0.5) ? 0x7f : 0x01); bytes.splice(at, rng.chance(0.5) ? 1 : 0, ...run); return ['huge-varint', bytes] }
    case 6: { const n = rng.int(1, 3); for (let i = 0; i < n && bytes.length; i++) bytes[pos()] = rng.pick(INTERESTING); return ['interesting-bytes', bytes] }
    case 7: { const a = rng.int(0, bytes.length); const o = Array.from(other); const b = rng.int(0, o.length); return ['splice-two', bytes.slice(0, a).concat(o.slice(b))] }
    case 8: { // a plausible varint made huge: overwrite 1..9 bytes with continuation bits
      const at = pos(); for (let i = 0; i < rng.int(1, 9) && at + i < bytes.length; i++) bytes[at + i] |= 0x80; return ['continuation-bits', bytes] }
    case 9: { const at = pos(); const n = rng.int(1, Math.min(16, bytes.length - at)); const dup = bytes.slice(at, at + n); bytes.splice(at, 0, ...dup); return ['duplicate-region', bytes] }
    default: { // small well-known shapes
      return ['shape', rng.pick([[], [0], [0, 0], [0, 0, 0], [1], [1, 1], [1, 0, 0], [0, 1], [0, 1, 1, 1, 1, 1], [1, 1, 1, 0, 4, 1, 1, 109, 1, 97, 0], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]])]
    }
  }
}

function phaseOf (e) {
  const frames = String(e && e.stack || '').split('\n').slice(1)
  for (const f of frames) {
    const m = /at (?:new )?([\w$.]+)/.exec(f)
    const name = m ? m[1] : ''
    // Yjs failing while re-encoding what it decoded (e.g. a zero-length delete range of an
    // unknown client kept as pending deletes: UpdateEncoderV2.writeDsLen throws) counts as
    // integrating too.
    if (/integrate|cleanup|tryGc|tryMerge|splitItem|callType|addToDeleteSet|getItem|findIndex|follow|write|Encoder/i.test(name)) return 'integrate'
    if (/read|decod|Decoder|JSON\.parse|Content\w*\b/.test(name)) return 'decode'
  }
  return 'decode'
}

function yjsOutcome (base, update, gc, rootKinds) {
  const doc = freshDoc(gc, 454545, rootKinds) // roots typed first, as a server does
  if (base.length) Y.applyUpdate(doc, base)
  // An error while decoding is Yjs rejecting the bytes ("throw"). An error while integrating
  // what it decoded is Yjs failing on input it accepted ("integrate-error"; Yjs 13.5.43 has
  // such bugs — see gen_yjs.cjs), which says nothing about what a correct result would be.
  // The phase is read off the stack: the innermost Yjs frame that reads or integrates.
  try {
    vm.runInNewContext('apply()', { apply: () => Y.applyUpdate(doc, update) }, { timeout: 2000 })
  } catch (e) {
    if (e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { outcome: 'timeout' }
    const error = String(e && e.message || e).slice(0, 200)
    return { outcome: phaseOf(e) === 'integrate' ? 'integrate-error' : 'throw', error }
  }
  try {
    return { outcome: 'ok', json: docJSON(doc, rootKinds), sv: svObject(doc) }
  } catch (e) {
    return { outcome: 'broken', error: String(e && e.message || e).slice(0, 200) }
  }
}

function main () {
  const args = parseArgs(process.argv, { seed: '1', count: '100', out: '.' })
  const seed = BigInt(args.seed) & 0xffffffffn
  const count = Number(args.count)
  fs.mkdirSync(args.out, { recursive: true })
  const nScen = 20 // fixed, so that --only K replays case K of a full run
  // distinct scenario indexes from the differential batch of the same seed (1e6 + i)
  const scenarios = Array.from({ length: nScen }, (_, i) => generateScenario(seed, 1000000 + i))
  const indexes = args.only !== undefined ? [Number(args.only)] : Array.from({ length: count }, (_, i) => i)
  const out = []
  const tally = {}
  for (const index of indexes) {
    const rng = makeRng(scenarioSeed(seed ^ 0x5a5a5a5an, index))
    const s = scenarios[index % scenarios.length]
    const schedule = s.schedule.map(unb64)
    let base = new Uint8Array(0)
    if (rng.chance(0.5) && schedule.length) {
      const d = freshDoc(s.gc, 454546, ROOT_KINDS)
      const k = rng.int(1, schedule.length)
      for (let i = 0; i < k; i++) Y.applyUpdate(d, schedule[i])
      base = Y.encodeStateAsUpdate(d)
    }
    const src = rng.chance(0.2) ? unb64(s.state) : rng.pick(schedule)
    const [mutation, bytes] = mutate(rng, src, rng.pick(schedule))
    const update = new Uint8Array(bytes)
    const yjs = yjsOutcome(base, update, s.gc, ROOT_KINDS)
    tally[yjs.outcome] = (tally[yjs.outcome] || 0) + 1
    out.push({ seed: String(args.seed), index, mutation, rootKinds: ROOT_KINDS, gc: s.gc, base: b64(base), update: b64(update), yjs })
  }
  const file = path.join(args.out, `fuzz-${args.seed}.jsonl`)
  writeLines(file, out)
  process.stdout.write(JSON.stringify({ file, cases: out.length, yjs: tally }) + '\n')
}

main()
