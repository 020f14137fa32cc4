// A board peer on Debian's Yjs stack (yjs + y-websocket's WebsocketProvider under Node).
//
// usage: NODE_PATH=/usr/share/nodejs node node_peer.cjs WS_BASE TOKEN BOARD NAME EXPECTED_NAMES
//   WS_BASE         e.g. ws://127.0.0.1:8080 (the provider connects to WS_BASE/sync/BOARD?token=TOKEN)
//   EXPECTED_NAMES  comma-separated names of every peer of the test (this one included)
//
// Once synced it sets its awareness `user.name` to NAME and, in one transaction, adds its mark to
// the three roots the web page shows: map.set(NAME, "from NAME"), list.push(["from NAME"]) and
// text.insert(0, "NAME "). It prints JSON lines on stdout:
//   {"event":"edited"}
//   {"event":"converged","doc":{map,list,text}}  once every expected name's mark is in all three roots
//   {"event":"left"}                             after standard input closes (it then disconnects)
// Exits 1 if it has not converged within 90 s.
const Y = require('yjs')
const { WebsocketProvider } = require('y-websocket')
const WebSocket = require('ws')

const [base, token, board, name, expected] = process.argv.slice(2)
const names = expected.split(',')
const doc = new Y.Doc()
const provider = new WebsocketProvider(`${base}/sync`, board, doc, {
  WebSocketPolyfill: WebSocket, disableBc: true, params: { token }
})
provider.awareness.setLocalStateField('user', { name, color: '#2a9d8f' })
const map = doc.getMap('map'); const list = doc.getArray('list'); const text = doc.getText('text')
const say = (line) => process.stdout.write(JSON.stringify(line) + '\n')
const snapshot = () => ({ map: map.toJSON(), list: list.toJSON(), text: text.toString() })

let edited = false
provider.on('sync', (synced) => {
  if (!synced || edited) return
  edited = true
  doc.transact(() => {
    map.set(name, `from ${name}`)
    list.push([`from ${name}`])
    text.insert(0, `${name} `)
  })
  say({ event: 'edited' })
})

let converged = false
const check = () => {
  if (converged) return
  const s = snapshot()
  const done = names.every((n) => s.map[n] === `from ${n}` && s.list.includes(`from ${n}`) && s.text.includes(`${n} `))
  if (done) { converged = true; say({ event: 'converged', doc: s }) }
}
doc.on('update', check)
const timer = setTimeout(() => { say({ event: 'timeout', doc: snapshot() }); process.exit(1) }, 90000)

process.stdin.resume()
process.stdin.on('end', () => {
  clearTimeout(timer)
  provider.destroy()
  say({ event: 'left' })
  setTimeout(() => process.exit(converged ? 0 : 1), 100)
})
