// A participant trying to get an extra slide past a full deck by sending updates out of order,
// on Debian's Yjs stack (yjs, y-protocols, ws under Node).
//
// usage: NODE_PATH=/usr/share/nodejs node deck_smuggle.cjs WS_BASE TOKEN BOARD
//
// Once synced with the deck (full: at its slide limit) it makes, on a copy of the server's
// document, three edits: U0 pushes a "ghost" slide, U1 deletes it, U2 pushes a slide after it
// (so U2 can only be placed once the ghost is known). It sends U2 first (it waits on the
// server for the ghost), then U0 and U1 merged (one slide added, one deleted: no change to the
// count by themselves), then asks for the server's state to know both were handled. It prints
// one JSON line: {"denied": [reasons of the auth messages received], "slides": slides in the
// server's state as this peer last received it}. Exits 1 on a timeout (30 s).
const Y = require('yjs')
const WebSocket = require('ws')
const encoding = require('lib0/encoding')
const decoding = require('lib0/decoding')
const syncProtocol = require('y-protocols/sync')

const [base, token, board] = process.argv.slice(2)
const doc = new Y.Doc()
const denied = []
const ws = new WebSocket(`${base}/sync/${board}?token=${encodeURIComponent(token)}`)
ws.binaryType = 'arraybuffer'
setTimeout(() => { console.error('timeout'); process.exit(1) }, 30000)

const send = (write) => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0) // messageSync
  write(encoder)
  ws.send(encoding.toUint8Array(encoder))
}
const slide = (title) => {
  const map = new Y.Map()
  const text = new Y.Text()
  text.insert(0, title)
  map.set('title', text)
  return map
}

let step2s = 0
let smuggled = false
ws.on('open', () => send((encoder) => syncProtocol.writeSyncStep1(encoder, doc)))
ws.on('message', (data) => {
  const decoder = decoding.createDecoder(new Uint8Array(data))
  const kind = decoding.readVarUint(decoder)
  if (kind === 2) { // auth: permission denied with its reason
    decoding.readVarUint(decoder)
    denied.push(decoding.readVarString(decoder))
    return
  }
  if (kind !== 0) return
  const step = decoding.readVarUint(decoder)
  if (step === 0) { // the server's step 1: answer with what it lacks (nothing, here)
    send((encoder) => syncProtocol.writeSyncStep2(encoder, doc, decoding.readVarUint8Array(decoder)))
    return
  }
  Y.applyUpdate(doc, decoding.readVarUint8Array(decoder))
  if (step !== 1) return
  step2s += 1
  if (!smuggled) {
    smuggled = true
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
    const updates = []
    copy.on('update', (update) => updates.push(update))
    const slides = copy.getArray('slides')
    slides.push([slide('ghost')])
    slides.delete(slides.length - 1, 1)
    slides.push([slide('smuggled')])
    send((encoder) => syncProtocol.writeUpdate(encoder, updates[2]))
    send((encoder) => syncProtocol.writeUpdate(encoder, Y.mergeUpdates([updates[0], updates[1]])))
    // The server's step 2 to this step 1 comes after it handled both updates.
    send((encoder) => syncProtocol.writeSyncStep1(encoder, new Y.Doc()))
    return
  }
  const fresh = new Y.Doc()
  Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc))
  process.stdout.write(JSON.stringify({ denied, slides: fresh.getArray('slides').length }) + '\n')
  ws.close()
  process.exit(0)
})
