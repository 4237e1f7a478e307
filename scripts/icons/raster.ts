// Image operations for icons: shrink by area averaging (with alpha weighting, so transparent
// pixels lend no colour to the edge), greyscale, and shapes drawn with anti-aliased coverage.
// Layer: build script.
import type { RgbaImage } from './png'

export type Rgb = readonly [number, number, number]

/** Shrinks a square image to `size` px; each output pixel averages the source area it covers. */
export function shrink(image: RgbaImage, size: number): RgbaImage {
  if (image.width !== image.height || size > image.width) throw new Error('shrink expects a square image at least `size` wide')
  const scale = image.width / size
  const out = new Uint8Array(size * size * 4)
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      let area = 0
      for (let sy = Math.floor(oy * scale); sy < Math.ceil((oy + 1) * scale); sy++) {
        const wy = Math.min(sy + 1, (oy + 1) * scale) - Math.max(sy, oy * scale)
        for (let sx = Math.floor(ox * scale); sx < Math.ceil((ox + 1) * scale); sx++) {
          const w = wy * (Math.min(sx + 1, (ox + 1) * scale) - Math.max(sx, ox * scale))
          const i = (sy * image.width + sx) * 4
          const alpha = (image.data[i + 3] ?? 0) * w
          r += (image.data[i] ?? 0) * alpha
          g += (image.data[i + 1] ?? 0) * alpha
          b += (image.data[i + 2] ?? 0) * alpha
          a += alpha
          area += w
        }
      }
      const o = (oy * size + ox) * 4
      if (a > 0) out.set([Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round(a / area)], o)
    }
  }
  return { width: size, height: size, data: out }
}

/** Luminance-only copy with its opacity scaled by `opacity` (offline looks switched off). */
export function greyed(image: RgbaImage, opacity: number): RgbaImage {
  const out = new Uint8Array(image.data)
  for (let i = 0; i < out.length; i += 4) {
    const grey = Math.round(0.299 * (out[i] ?? 0) + 0.587 * (out[i + 1] ?? 0) + 0.114 * (out[i + 2] ?? 0))
    out.set([grey, grey, grey, Math.round((out[i + 3] ?? 0) * opacity)], i)
  }
  return { width: image.width, height: image.height, data: out }
}

/** Whether a point of the unit square (0..1 on both axes) is inside a shape. */
export type Shape = (x: number, y: number) => boolean

const SAMPLES = 4

/** Fraction of pixel (px, py) of a `size` px image that `shape` covers, by 4×4 supersampling. */
function coverage(shape: Shape, px: number, py: number, size: number): number {
  let inside = 0
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      if (shape((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)) inside++
    }
  }
  return inside / SAMPLES ** 2
}

/** Makes what `shape` covers transparent: the gap that keeps a badge apart from the icon. */
export function cutOut(image: RgbaImage, shape: Shape): RgbaImage {
  const out = new Uint8Array(image.data)
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4 + 3
      out[i] = Math.round((out[i] ?? 0) * (1 - coverage(shape, x, y, image.width)))
    }
  }
  return { width: image.width, height: image.height, data: out }
}

/** Paints `shape` in an opaque colour over the image ("source over"). */
export function paint(image: RgbaImage, shape: Shape, colour: Rgb): RgbaImage {
  const out = new Uint8Array(image.data)
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const cover = coverage(shape, x, y, image.width)
      if (cover === 0) continue
      const i = (y * image.width + x) * 4
      const under = ((out[i + 3] ?? 0) / 255) * (1 - cover)
      const alpha = cover + under
      for (let c = 0; c < 3; c++) out[i + c] = Math.round(((colour[c] ?? 0) * cover + (out[i + c] ?? 0) * under) / alpha)
      out[i + 3] = Math.round(alpha * 255)
    }
  }
  return { width: image.width, height: image.height, data: out }
}

export function disc(cx: number, cy: number, r: number): Shape {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r ** 2
}

export function ring(cx: number, cy: number, outer: number, inner: number): Shape {
  return (x, y) => {
    const d = (x - cx) ** 2 + (y - cy) ** 2
    return d <= outer ** 2 && d > inner ** 2
  }
}

export function rect(x0: number, y0: number, x1: number, y1: number): Shape {
  return (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1
}
