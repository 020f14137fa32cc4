#!/usr/bin/env node
// Shows where two v1 updates differ, struct by struct (a debugging aid for byte-exact checks).
//
//   NODE_PATH=/usr/share/nodejs node compare_updates.cjs A B
//     A, B: files holding an update (raw bytes, or base64 text).
'use strict'

const fs = require('fs')
const { Y } = require('./common.cjs')

function load (path) {
  const raw = fs.readFileSync(path)
  const text = raw.toString('utf8').trim()
  return /^[A-Za-z0-9+/=\s]+$/.test(text) ? new Uint8Array(Buffer.from(text, 'base64')) : new Uint8Array(raw)
}

function describe (s) {
  const kind = s.constructor.name
  const id = `${s.id.client}:${s.id.clock}+${s.length}`
  if (kind !== 'Item') return `${kind} ${id}`
  const o = s.origin ? `${s.origin.client}:${s.origin.clock}` : '-'
  const r = s.rightOrigin ? `${s.rightOrigin.client}:${s.rightOrigin.clock}` : '-'
  const p = s.parent === null ? '(from origin)' : typeof s.parent === 'string' ? `root "${s.parent}"` : `${s.parent.client}:${s.parent.clock}`
  let content = s.content.constructor.name
  if (s.content.str !== undefined) content += ` ${JSON.stringify(s.content.str)}`
  else if (s.content.arr !== undefined) content += ` ${JSON.stringify(s.content.arr)}`
  else if (s.content.key !== undefined) content += ` ${s.content.key}=${JSON.stringify(s.content.value)}`
  else if (s.content.len !== undefined) content += ` len ${s.content.len}`
  return `Item ${id} origin ${o} right ${r} parent ${p}${s.parentSub ? ` sub "${s.parentSub}"` : ''} ${content}`
}

function dsLines (ds) {
  const out = []
  for (const [client, items] of [...ds.clients.entries()].sort((a, b) => b[0] - a[0])) {
    out.push(`${client}: ` + items.map(d => `${d.clock}+${d.len}`).join(' '))
  }
  return out
}

const [a, b] = process.argv.slice(2).map(load)
console.log(`A: ${a.length} bytes, B: ${b.length} bytes, ${Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0 ? 'identical' : 'different'}`)
const da = Y.decodeUpdate(a)
const db = Y.decodeUpdate(b)
const sa = da.structs.map(describe)
const sb = db.structs.map(describe)
console.log(`structs: A ${sa.length}, B ${sb.length}`)
let shown = 0
for (let i = 0; i < Math.max(sa.length, sb.length) && shown < 10; i++) {
  if (sa[i] !== sb[i]) {
    console.log(`#${i}\n  A: ${sa[i] || '(none)'}\n  B: ${sb[i] || '(none)'}`)
    shown++
  }
}
const xa = dsLines(da.ds)
const xb = dsLines(db.ds)
if (JSON.stringify(xa) !== JSON.stringify(xb)) console.log('delete sets differ:\n  A: ' + xa.join('\n     ') + '\n  B: ' + xb.join('\n     '))
else console.log('delete sets equal')
