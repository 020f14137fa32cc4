// Shared helpers for the YCore differential generators and checkers (Yjs side).
//
// Run under Debian's Yjs: `NODE_PATH=/usr/share/nodejs node …` (CommonJS only).
//
// JSON view contract (what the Swift side compares against `Doc.toJSON(rootKinds:)`):
// each root's `toJSON()` as Yjs computes it, with `Uint8Array` written as
// `{"$binary": base64}`, `BigInt` as a number, `undefined` dropped from objects and `null`
// in arrays, non-finite numbers as `null` — i.e. exactly what `JSON.stringify` would give
// once binary is mapped.
'use strict'

const Y = require('yjs')
const fs = require('fs')

/** A small, fast, seedable PRNG (mulberry32) with helpers. */
function makeRng (seed) {
  let a = (seed >>> 0) || 0x9e3779b9
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    chance: p => next() < p,
    pick: arr => arr[Math.floor(next() * arr.length)],
    u32: () => Math.floor(next() * 4294967296),
    shuffle: arr => {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        const t = arr[i]; arr[i] = arr[j]; arr[j] = t
      }
      return arr
    }
  }
  return rng
}

/** Derives the seed of scenario `index` of a batch seeded with `seed` (both < 2^32). */
function scenarioSeed (seed, index) {
  let h = (Number(BigInt(seed) & 0xffffffffn) ^ Math.imul(index + 1, 0x9E3779B1)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}

const b64 = u8 => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('base64')
const unb64 = s => new Uint8Array(Buffer.from(s, 'base64'))

/** Converts a value produced by Yjs's `toJSON()` into plain JSON data (see header). */
function plain (v) {
  if (v instanceof Uint8Array) return { $binary: b64(v) }
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (v === undefined) return undefined
  if (v === null || typeof v !== 'object') return v
  if (v instanceof Y.AbstractType) return plain(v.toJSON())
  if (v instanceof Y.Doc) return { guid: v.guid } // as YCore's JSON view prints a subdocument
  if (Array.isArray(v)) return v.map(x => { const p = plain(x); return p === undefined ? null : p })
  const out = {}
  for (const k of Object.keys(v)) {
    const p = plain(v[k])
    if (p !== undefined) out[k] = p
  }
  return out
}

/** JSON text with object keys sorted (for order-insensitive comparisons). */
function canonical (v) {
  const sort = x => {
    if (Array.isArray(x)) return x.map(sort)
    if (x && typeof x === 'object') {
      const o = {}
      for (const k of Object.keys(x).sort()) o[k] = sort(x[k])
      return o
    }
    return x
  }
  return JSON.stringify(sort(v))
}

const ROOT_KINDS = { m: 'map', a: 'array', t: 'text', x: 'xml' }

function getRoot (doc, name, kind) {
  switch (kind) {
    case 'map': return doc.getMap(name)
    case 'array': return doc.getArray(name)
    case 'text': return doc.getText(name)
    case 'xml': return doc.getXmlFragment(name)
    default: throw new Error('unknown root kind ' + kind)
  }
}

/**
 * A fresh document; with `rootKinds`, its roots are typed (getMap/getArray/getText/
 * getXmlFragment) before anything is applied, as an application does. This matters: Yjs
 * cleans up redundant formatting after remote transactions only on Y.Text instances, so a
 * root text that was never asked for with getText is not cleaned up while it stays untyped.
 */
function freshDoc (gc, clientID, rootKinds) {
  const doc = new Y.Doc({ gc })
  doc.clientID = clientID
  if (rootKinds) for (const name of Object.keys(rootKinds)) getRoot(doc, name, rootKinds[name])
  return doc
}

/** The contract JSON of a document: `{root: root.toJSON()}` for every root kind given. */
function docJSON (doc, rootKinds = ROOT_KINDS) {
  const out = {}
  for (const name of Object.keys(rootKinds)) out[name] = plain(getRoot(doc, name, rootKinds[name]).toJSON())
  return out
}

/**
 * A richer view used for round trips (Yjs ↔ YCore-encoded state): the text deltas of every
 * Y.Text reachable from the roots (formatting attributes and embeds included), in a
 * deterministic walk order, keyed by path.
 */
function docView (doc, rootKinds = ROOT_KINDS) {
  const texts = {}
  const walk = (type, path) => {
    if (type instanceof Y.XmlText || type instanceof Y.Text) {
      // adjacent string inserts with equal attributes joined (as normalize_delta in
      // pycrdt_common.py does for yrs, which splits runs at item boundaries)
      const delta = []
      for (const d of type.toDelta()) {
        const e = { insert: plain(d.insert) }
        if (d.attributes && Object.keys(d.attributes).length) e.attributes = plain(d.attributes)
        const last = delta[delta.length - 1]
        if (last && typeof last.insert === 'string' && typeof e.insert === 'string' && canonical(last.attributes) === canonical(e.attributes)) last.insert += e.insert
        else delta.push(e)
      }
      texts[path] = delta
      return
    }
    if (type instanceof Y.Map) {
      for (const k of [...type.keys()].sort()) {
        const v = type.get(k)
        if (v instanceof Y.AbstractType) walk(v, path + '/' + k)
      }
      return
    }
    if (type instanceof Y.Array || type instanceof Y.XmlFragment) {
      type.toArray().forEach((v, i) => { if (v instanceof Y.AbstractType) walk(v, path + '/' + i) })
    }
  }
  for (const name of Object.keys(rootKinds)) walk(getRoot(doc, name, rootKinds[name]), name)
  return texts
}

function svObject (doc) {
  const out = {}
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) out[String(client)] = clock
  return out
}

/**
 * What Yjs's update-level functions make of a delivery schedule (for byte-exact comparison):
 * Y.mergeUpdates of the whole schedule and the state a fresh doc reaches from it (Yjs's result
 * can differ from sequential delivery, e.g. where a surrogate pair gets split), the state
 * vector after the first `midAt` updates, Y.diffUpdate of the final state against it, and
 * Y.encodeStateVectorFromUpdate of the final state.
 */
function updateFunctions (schedule, gc, midAt, rootKinds, typedRoots, stateB64) {
  const ups = schedule.map(unb64)
  const merged = Y.mergeUpdates(ups)
  const m = freshDoc(gc, 464646, typedRoots ? rootKinds : null)
  Y.applyUpdate(m, merged)
  const mid = freshDoc(gc, 474747, typedRoots ? rootKinds : null)
  ups.slice(0, midAt).forEach(u => Y.applyUpdate(mid, u))
  const state = unb64(stateB64)
  const midSv = Y.encodeStateVector(mid)
  const diff = Y.diffUpdate(state, midSv)
  // What Yjs reaches from the mid state with that diff: text formatting may differ from the
  // final state's, since Yjs's formatting cleanup depends on how changes are grouped into
  // transactions.
  Y.applyUpdate(mid, diff)
  // What Yjs reaches applying the state to a fresh document: structs that were pending where
  // the state was encoded travel in it and may integrate there, so this can differ from the
  // document that encoded it.
  const fresh = freshDoc(gc, 484848, typedRoots ? rootKinds : null)
  Y.applyUpdate(fresh, state)
  return {
    merged: b64(merged),
    mergedJson: docJSON(m, rootKinds),
    mergedSv: svObject(m),
    midAt,
    midSv: b64(midSv),
    diff: b64(diff),
    midDiffJson: docJSON(mid, rootKinds),
    midDiffSv: svObject(mid),
    freshJson: docJSON(fresh, rootKinds),
    freshSv: svObject(fresh),
    svFromState: b64(Y.encodeStateVectorFromUpdate(state))
  }
}

function parseArgs (argv, defaults) {
  const out = Object.assign({}, defaults)
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]
    if (!a.startsWith('--')) throw new Error('unexpected argument ' + a)
    const key = a.slice(2)
    const next = argv[i + 1]
    if (next === undefined || next.startsWith('--')) out[key] = true
    else { out[key] = next; i++ }
  }
  return out
}

function writeLines (file, objects) {
  fs.writeFileSync(file, objects.map(o => JSON.stringify(o)).join('\n') + (objects.length ? '\n' : ''))
}

function readLines (file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter(l => l.trim() !== '').map(l => JSON.parse(l))
}

module.exports = { Y, canonical, updateFunctions, freshDoc, makeRng, scenarioSeed, b64, unb64, plain, ROOT_KINDS, getRoot, docJSON, docView, svObject, parseArgs, writeLines, readLines }
