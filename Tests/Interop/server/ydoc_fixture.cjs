// Writes Yjs v1 update files for `atelier ydoc json` tests and prints what Yjs itself prints.
// usage: NODE_PATH=/usr/share/nodejs node ydoc_fixture.cjs OUT_DIR
// Files: full.bin (maps, arrays, text with formatting, nested types, XML, binary, unicode),
// part1.bin + part2.bin (two halves, applied in order), late.bin (depends on part1.bin).
// Prints one JSON line: {"full": <JSON.stringify of every root's toJSON>, "partsMissing": ...}
const Y = require('yjs')
const fs = require('fs')
const path = require('path')
const out = process.argv[2]

const doc = new Y.Doc()
doc.clientID = 42
const updates = []
doc.on('update', (u) => updates.push(u))
doc.transact(() => {
  const m = doc.getMap('m')
  m.set('n', 1.5); m.set('s', 'é\u0301 😀'); m.set('b', true); m.set('nil', null); m.set('bin', new Uint8Array([0, 255]))
  const inner = new Y.Map(); m.set('inner', inner); inner.set('deep', [1, { x: 'y' }])
})
doc.transact(() => {
  const a = doc.getArray('a')
  a.insert(0, [1, 'two', { three: 3 }])
  const t = new Y.Text(); a.push([t]); t.insert(0, 'nested')
})
doc.transact(() => {
  const t = doc.getText('t')
  t.insert(0, 'Hello world'); t.format(0, 5, { bold: true }); t.delete(5, 1)
})
doc.transact(() => {
  const x = doc.getXmlFragment('x')
  const p = new Y.XmlElement('p'); p.setAttribute('class', 'lead'); x.insert(0, [p])
  const txt = new Y.XmlText(); p.insert(0, [txt]); txt.insert(0, 'para')
})
fs.writeFileSync(path.join(out, 'full.bin'), Y.encodeStateAsUpdate(doc))
fs.writeFileSync(path.join(out, 'part1.bin'), updates[0])
fs.writeFileSync(path.join(out, 'part2.bin'), Y.mergeUpdates(updates.slice(1)))
const late = new Y.Doc(); late.clientID = 43
Y.applyUpdate(late, Y.encodeStateAsUpdate(doc))
const lateUpdates = []
late.on('update', (u) => lateUpdates.push(u))
late.getText('t').insert(0, 'A'); late.getText('t').insert(0, 'B')
fs.writeFileSync(path.join(out, 'late.bin'), lateUpdates[1])
const json = (d, kinds) => {
  const result = {}
  for (const [name, kind] of kinds) {
    const type = kind === 'map' ? d.getMap(name) : kind === 'array' ? d.getArray(name) : kind === 'text' ? d.getText(name) : d.getXmlFragment(name)
    result[name] = type.toJSON()
  }
  return JSON.stringify(result, (k, v) => v instanceof Uint8Array ? { $binary: Buffer.from(v).toString('base64') } : v)
}
console.log(JSON.stringify({ full: json(doc, [['m', 'map'], ['a', 'array'], ['t', 'text'], ['x', 'xml']]) }))
