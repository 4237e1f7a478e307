// Draws the tray icon (a chat bubble) as PNG files in build/icons/: tray.png (16 px) and
// tray@2x.png (32 px, which Electron picks on HiDPI screens). Run once after changing the drawing;
// the PNGs are committed. Layer: build/dev script (Node, no dependencies).
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync } from 'node:zlib'

const OUT_DIR = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'build', 'icons')
const BUBBLE = [0x2b, 0x6c, 0xd4]
const DOT = [0xff, 0xff, 0xff]
const SAMPLES = 4

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes) {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, no interlace
  const rows = []
  for (let y = 0; y < size; y++) rows.push(Buffer.from([0]), rgba.subarray(y * size * 4, (y + 1) * size * 4))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function inTriangle(x, y, [ax, ay], [bx, by], [cx, cy]) {
  const d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by)
  const d2 = (x - cx) * (by - cy) - (bx - cx) * (y - cy)
  const d3 = (x - ax) * (cy - ay) - (cx - ax) * (y - ay)
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0))
}

/** The colour at a point of the unit square, or null for transparent. */
function shade(x, y) {
  const inBubble =
    ((x - 0.5) / 0.47) ** 2 + ((y - 0.44) / 0.38) ** 2 <= 1 || inTriangle(x, y, [0.16, 0.66], [0.4, 0.76], [0.08, 0.97])
  if (!inBubble) return null
  const onDot = [0.3, 0.5, 0.7].some((cx) => (x - cx) ** 2 + (y - 0.44) ** 2 <= 0.075 ** 2)
  return onDot ? DOT : BUBBLE
}

function draw(size) {
  const rgba = Buffer.alloc(size * size * 4)
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0]
      let covered = 0
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = shade((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)
          if (colour === null) continue
          covered++
          for (let i = 0; i < 3; i++) sum[i] += colour[i]
        }
      }
      const offset = (py * size + px) * 4
      if (covered === 0) continue
      for (let i = 0; i < 3; i++) rgba[offset + i] = Math.round(sum[i] / covered)
      rgba[offset + 3] = Math.round((255 * covered) / SAMPLES ** 2)
    }
  }
  return encodePng(size, rgba)
}

mkdirSync(OUT_DIR, { recursive: true })
writeFileSync(path.join(OUT_DIR, 'tray.png'), draw(16))
writeFileSync(path.join(OUT_DIR, 'tray@2x.png'), draw(32))
console.log(`Wrote tray.png and tray@2x.png to ${OUT_DIR}`)
