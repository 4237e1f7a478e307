// The icon pipeline (scripts/icons) and the icons committed in build/: each must be what the
// script makes from build/icon-source.png, so the one source image really is the only source.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ICNS_ENTRIES, ICO_SIZES, generateIcons, trayImage } from '../../../scripts/icons/app-icons'
import { encodeIco } from '../../../scripts/icons/containers'
import { decodePng, encodePng, type RgbaImage } from '../../../scripts/icons/png'
import { greyed, shrink } from '../../../scripts/icons/raster'
import { PRESENCE_CHOICES } from '../../../electron/core/presence/presence-menu'

const BUILD = fileURLToPath(new URL('../../../build/', import.meta.url))
const source = decodePng(readFileSync(path.join(BUILD, 'icon-source.png')))
const generated = generateIcons(source)

function solid(size: number, rgba: [number, number, number, number]): RgbaImage {
  const data = new Uint8Array(size * size * 4)
  for (let i = 0; i < size * size; i++) data.set(rgba, i * 4)
  return { width: size, height: size, data }
}

function pixel(image: RgbaImage, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4
  return [...image.data.subarray(i, i + 4)]
}

describe('png', () => {
  it('reads back what it writes', () => {
    const image = { width: 3, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => i * 10) }
    expect(decodePng(encodePng(image))).toEqual(image)
  })

  it('reads a PNG written by another encoder (every row filter)', () => {
    expect([source.width, source.height]).toEqual([1024, 1024])
    expect(pixel(source, 512, 40)).toEqual([0x25, 0x63, 0xd8, 255]) // the blue square
    expect(pixel(source, 512, 400)).toEqual([255, 255, 255, 255]) // the white bubble
    expect(pixel(source, 2, 2)[3]).toBe(0) // outside the rounded corner
  })

  it('refuses what it cannot read', () => {
    expect(() => decodePng(Buffer.from('GIF89a'))).toThrow('Not a PNG file')
  })
})

describe('raster', () => {
  it('shrinks by averaging the covered area, ignoring the colour of transparent pixels', () => {
    const image = solid(4, [255, 0, 0, 255])
    for (const [x, y] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) image.data.set([0, 0, 255, 0], (y * 4 + x) * 4)
    const small = shrink(image, 2)
    expect(pixel(small, 0, 0)).toEqual([0, 0, 0, 0])
    expect(pixel(small, 1, 1)).toEqual([255, 0, 0, 255])
    const half = shrink(solid(2, [10, 20, 30, 255]), 1)
    expect(pixel(half, 0, 0)).toEqual([10, 20, 30, 255])
  })

  it('makes grey, fainter copies', () => {
    expect(pixel(greyed(solid(1, [255, 0, 0, 200]), 0.5), 0, 0)).toEqual([76, 76, 76, 100])
  })
})

describe('icon containers', () => {
  it('writes an .ico directory with one entry per size, 256 px as PNG', () => {
    const ico = generated.get('icon.ico') ?? Buffer.alloc(0)
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, ICO_SIZES.length])
    ICO_SIZES.forEach((size, index) => {
      const entry = 6 + 16 * index
      expect(ico[entry]).toBe(size === 256 ? 0 : size)
      const offset = ico.readUInt32LE(entry + 12)
      const length = ico.readUInt32LE(entry + 8)
      const payload = ico.subarray(offset, offset + length)
      if (size === 256) expect(decodePng(payload).width).toBe(256)
      else expect([payload.readUInt32LE(0), payload.readInt32LE(4), payload.readInt32LE(8)]).toEqual([40, size, size * 2])
    })
  })

  it('stores small .ico entries as bottom-up BGRA', () => {
    const image = solid(2, [1, 2, 3, 4])
    image.data.set([9, 8, 7, 6], 0) // top-left
    const ico = encodeIco([image])
    const bitmap = ico.readUInt32LE(6 + 12) + 40
    // The top row is stored last: its first pixel follows the bottom row.
    expect([...ico.subarray(bitmap + 8, bitmap + 12)]).toEqual([7, 8, 9, 6])
    expect([...ico.subarray(bitmap, bitmap + 4)]).toEqual([3, 2, 1, 4])
  })

  it('writes an .icns whose entries are PNGs of the right sizes', () => {
    const icns = generated.get('icon.icns') ?? Buffer.alloc(0)
    expect(icns.toString('ascii', 0, 4)).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    let offset = 8
    for (const [type, size] of ICNS_ENTRIES) {
      expect(icns.toString('ascii', offset, offset + 4)).toBe(type)
      const length = icns.readUInt32BE(offset + 4)
      expect(decodePng(icns.subarray(offset + 8, offset + length)).width).toBe(size)
      offset += length
    }
    expect(offset).toBe(icns.length)
  })
})

describe('tray icons', () => {
  const base = shrink(source, 32)

  it('gives every presence its own icon, and each an unread variant that differs', () => {
    const images = PRESENCE_CHOICES.flatMap((show) => [trayImage(base, show, false), trayImage(base, show, true)])
    const distinct = new Set(images.map((image) => Buffer.from(image.data).toString('base64')))
    expect(distinct.size).toBe(PRESENCE_CHOICES.length * 2)
  })

  it('marks available with a green badge and unread with a red dot', () => {
    const image = trayImage(base, 'available', true)
    const [r, g, b] = pixel(image, 24, 24)
    expect(g).toBeGreaterThan(r ?? 0)
    expect(g).toBeGreaterThan(b ?? 0)
    const [dr, dg] = pixel(image, 25, 6)
    expect(dr).toBeGreaterThan(200)
    expect(dg).toBeLessThan(120)
  })

  it('greys out the whole icon when offline', () => {
    const image = trayImage(base, 'offline', false)
    const [r, g, b] = pixel(image, 8, 4)
    expect(r).toBe(g)
    expect(g).toBe(b)
  })
})

describe('the committed icons', () => {
  /** The images inside an icon file, whatever zlib version compressed its PNGs. */
  function images(name: string, bytes: Buffer): RgbaImage[] {
    if (name.endsWith('.png')) return [decodePng(bytes)]
    if (name.endsWith('.icns')) {
      const found: RgbaImage[] = []
      for (let offset = 8; offset < bytes.length; offset += bytes.readUInt32BE(offset + 4)) {
        found.push(decodePng(bytes.subarray(offset + 8, offset + bytes.readUInt32BE(offset + 4))))
      }
      return found
    }
    return Array.from({ length: bytes.readUInt16LE(4) }, (_, index) => {
      const entry = 6 + 16 * index
      const payload = bytes.subarray(bytes.readUInt32LE(entry + 12), bytes.readUInt32LE(entry + 12) + bytes.readUInt32LE(entry + 8))
      if (payload.subarray(1, 4).toString('ascii') === 'PNG') return decodePng(payload)
      const size = payload.readInt32LE(4)
      const data = new Uint8Array(size * size * 4)
      for (let i = 0; i < size * size; i++) {
        const [b, g, r, a] = payload.subarray(40 + i * 4, 44 + i * 4)
        data.set([r ?? 0, g ?? 0, b ?? 0, a ?? 0], ((size - 1 - Math.floor(i / size)) * size + (i % size)) * 4)
      }
      return { width: size, height: size, data }
    })
  }

  it('are exactly what scripts/make-icons.ts makes from build/icon-source.png (run `npm run icons`)', () => {
    for (const [name, contents] of generated) {
      const expected = images(name, contents)
      const committed = images(name, readFileSync(path.join(BUILD, name)))
      expect(committed.map((image) => image.width), name).toEqual(expected.map((image) => image.width))
      committed.forEach((image, index) => {
        expect(Buffer.from(image.data).equals(Buffer.from(expected[index]?.data ?? [])), `${name} #${index}`).toBe(true)
      })
    }
  })

  it('include a tray icon for every presence, read and unread, at 1× and 2×', () => {
    const tray = [...generated.keys()].filter((name) => name.startsWith('tray/'))
    expect(tray).toHaveLength(PRESENCE_CHOICES.length * 2 * 2)
    expect(tray).toContain('tray/tray-dnd-unread@2x.png')
  })
})
