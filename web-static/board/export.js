/**
 * Exports a board as a standalone SVG, and as PNG by drawing that SVG on a canvas, in the
 * browser (no server round trip). Images are inlined as data URLs so the SVG stands alone
 * and the canvas is not tainted; text is wrapped into `<tspan>` lines (no foreignObject,
 * which would taint the canvas). For example:
 *
 * ```js
 * const svg = await boardToSVG(model, { title: 'SWOT', lang: 'fr' })
 * download(new Blob([svg], { type: 'image/svg+xml' }), 'board.svg')
 * download(await svgToPNG(svg), 'board.png')
 * ```
 */
import { escapeHTML } from '../lib/html.js'

const FONT = "system-ui, 'DejaVu Sans', sans-serif"

/**
 * @param {string} text
 * @param {number} width board units
 * @param {number} size font size
 * @returns {string[]}
 */
function wrap(text, width, size) {
  const perLine = Math.max(4, Math.floor(width / (size * 0.55)))
  const lines = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const word of paragraph.split(/\s+/)) {
      if (line && (line + ' ' + word).length > perLine) {
        lines.push(line)
        line = word
      } else {
        line = line ? `${line} ${word}` : word
      }
    }
    lines.push(line)
  }
  return lines
}

/**
 * @param {string} text
 * @param {number} x
 * @param {number} y
 * @param {number} w
 * @param {number} h
 * @param {number} size
 * @param {string} [weight]
 * @returns {string}
 */
function textBlock(text, x, y, w, h, size, weight = 'normal') {
  const lines = wrap(text, w, size).slice(0, Math.max(1, Math.floor(h / (size * 1.3))))
  const spans = lines.map((line, i) => `<tspan x="${x}" y="${y + size + i * size * 1.3}">${escapeHTML(line)}</tspan>`).join('')
  return `<text font-family="${FONT}" font-size="${size}" font-weight="${weight}" fill="#1d232b">${spans}</text>`
}

/**
 * @param {string} hash
 * @returns {Promise<string | null>}
 */
async function assetDataURL(hash) {
  try {
    const response = await fetch(`/assets/${hash}`)
    if (!response.ok) return null
    const blob = await response.blob()
    return await new Promise((resolve) => {
      const reader = new FileReader()
      reader.onload = () => resolve(String(reader.result))
      reader.onerror = () => resolve(null)
      reader.readAsDataURL(blob)
    })
  } catch {
    return null
  }
}

/**
 * The board as an SVG document (zones, connectors, items in `z` order).
 * @param {import('./board-model.js').BoardModel} model
 * @param {{ title: string, lang: 'fr' | 'en' }} options
 * @returns {Promise<string>}
 */
export async function boardToSVG(model, { title, lang }) {
  const zones = model.zones()
  const items = model.items()
  let minX = 0
  let minY = 0
  let maxX = zones.length ? model.kind.width : 200
  let maxY = zones.length ? model.kind.height : 100
  for (const item of items) {
    if (item.type === 'connector') continue
    minX = Math.min(minX, item.x)
    minY = Math.min(minY, item.y)
    maxX = Math.max(maxX, item.x + item.w)
    maxY = Math.max(maxY, item.y + item.h)
  }
  const pad = 20
  const head = 50
  const ox = minX - pad
  const oy = minY - pad - head
  const width = maxX - minX + 2 * pad
  const height = maxY - minY + 2 * pad + head
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${ox} ${oy} ${width} ${height}">`,
    `<rect x="${ox}" y="${oy}" width="${width}" height="${height}" fill="#f6f7f9"/>`,
    `<text x="${minX}" y="${minY - 24}" font-family="${FONT}" font-size="26" font-weight="bold" fill="#1d232b">${escapeHTML(title)}</text>`,
  ]
  for (const z of zones) {
    out.push(`<rect x="${z.x}" y="${z.y}" width="${z.w}" height="${z.h}" fill="${z.color}" stroke="#c7cdd6" stroke-width="2"/>`)
    out.push(textBlock(z.label[lang], z.x + 14, z.y + 6, z.w - 28, 40, 22, 'bold'))
  }
  const byId = new Map(items.map((i) => [i.id, i]))
  for (const item of items) {
    if (item.type !== 'connector') continue
    const a = byId.get(item.from)
    const b = byId.get(item.to)
    if (!a || !b) continue
    out.push(`<line x1="${a.x + a.w / 2}" y1="${a.y + a.h / 2}" x2="${b.x + b.w / 2}" y2="${b.y + b.h / 2}" stroke="${item.color}" stroke-width="3"/>`)
  }
  for (const item of items) {
    if (item.type === 'connector') continue
    const { x, y, w, h } = item
    if (item.type === 'note' || item.type === 'shape' || item.type === 'frame') {
      const rx = item.type === 'shape' ? Math.min(h / 2, 30) : 4
      out.push(`<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${rx}" fill="${item.color}" stroke="#00000022"/>`)
    }
    let textTop = y + 8
    if (item.asset) {
      const data = await assetDataURL(item.asset)
      const ih = item.type === 'frame' ? h * 0.62 : item.text ? h - 40 : h
      if (data) out.push(`<image x="${x + (item.type === 'frame' ? 8 : 0)}" y="${y + (item.type === 'frame' ? 8 : 0)}" width="${item.type === 'frame' ? w - 16 : w}" height="${ih}" href="${escapeHTML(data)}" preserveAspectRatio="xMidYMid slice"/>`)
      textTop = y + ih + 12
    }
    if (item.text) {
      const size = item.type === 'text' ? 26 : 18
      out.push(textBlock(item.text, x + 10, textTop, w - 20, y + h - textTop, size, item.type === 'text' ? 'bold' : 'normal'))
    }
    if (item.votes) {
      out.push(`<text x="${x + w - 10}" y="${y + h - 10}" text-anchor="end" font-family="${FONT}" font-size="16" fill="#c0262d">${'●'.repeat(Math.min(8, item.votes))} ${item.votes}</text>`)
    }
  }
  out.push('</svg>')
  return out.join('\n')
}

/**
 * Draws an SVG document on a canvas and returns it as a PNG blob.
 * @param {string} svg
 * @param {number} [scale]
 * @returns {Promise<Blob>}
 */
export async function svgToPNG(svg, scale = 1) {
  // A data: URL, not a blob: one: the CSP allows `img-src 'self' data:`.
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
  {
    const img = new Image()
    img.src = url
    await img.decode()
    const canvas = document.createElement('canvas')
    canvas.width = Math.ceil(img.naturalWidth * scale)
    canvas.height = Math.ceil(img.naturalHeight * scale)
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'))
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height)
    return await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob'))), 'image/png'))
  }
}

/**
 * Saves a blob as a file through a temporary link.
 * @param {Blob} blob
 * @param {string} filename
 */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
