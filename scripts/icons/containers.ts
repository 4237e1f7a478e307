// Windows .ico and macOS .icns files, written in plain Node. Layer: build script.
import { encodePng, type RgbaImage } from './png'

/**
 * An .ico: 256 px entries as PNG, smaller ones as 32-bit BMP, the form every Windows version and
 * NSIS's installer compiler read (NSIS does not read PNG entries).
 */
export function encodeIco(images: readonly RgbaImage[]): Buffer {
  const payloads = images.map((image) => (image.width >= 256 ? encodePng(image) : bmpEntry(image)))
  const header = Buffer.alloc(6 + 16 * images.length)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2) // 1 = icon
  header.writeUInt16LE(images.length, 4)
  let offset = header.length
  images.forEach((image, index) => {
    const entry = 6 + 16 * index
    const payload = payloads[index] ?? Buffer.alloc(0)
    header.writeUInt8(image.width >= 256 ? 0 : image.width, entry) // 0 means 256
    header.writeUInt8(image.height >= 256 ? 0 : image.height, entry + 1)
    header.writeUInt16LE(1, entry + 4) // colour planes
    header.writeUInt16LE(32, entry + 6) // bits per pixel
    header.writeUInt32LE(payload.length, entry + 8)
    header.writeUInt32LE(offset, entry + 12)
    offset += payload.length
  })
  return Buffer.concat([header, ...payloads])
}

/** A BITMAPINFOHEADER, BGRA rows bottom-up, then the 1-bit AND mask (all zero: alpha decides). */
function bmpEntry(image: RgbaImage): Buffer {
  const { width, height, data } = image
  const maskStride = Math.ceil(width / 32) * 4
  const out = Buffer.alloc(40 + width * height * 4 + maskStride * height)
  out.writeUInt32LE(40, 0)
  out.writeInt32LE(width, 4)
  out.writeInt32LE(height * 2, 8) // colour rows plus mask rows
  out.writeUInt16LE(1, 12)
  out.writeUInt16LE(32, 14)
  out.writeUInt32LE(width * height * 4 + maskStride * height, 20)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4
      const to = 40 + ((height - 1 - y) * width + x) * 4
      out.set([data[from + 2] ?? 0, data[from + 1] ?? 0, data[from] ?? 0, data[from + 3] ?? 0], to)
    }
  }
  return out
}

/** An .icns from [type, image] pairs, each stored as PNG (macOS 10.7 and later). */
export function encodeIcns(entries: ReadonlyArray<readonly [string, RgbaImage]>): Buffer {
  const blocks = entries.map(([type, image]) => {
    const png = encodePng(image)
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(8 + blocks.reduce((sum, block) => sum + block.length, 0), 4)
  return Buffer.concat([head, ...blocks])
}
