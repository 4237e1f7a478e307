import { describe, expect, it } from 'vitest'
import {
  HeightIndex,
  cssPixels,
  captureAnchor,
  computeWindow,
  findKey,
  isAtBottom,
  restoreAnchor,
} from '../../../renderer/src/lib/logic/virtual-window'

function naiveOffset(heights: number[], i: number): number {
  return heights.slice(0, i).reduce((a, b) => a + b, 0)
}

describe('HeightIndex', () => {
  const heights = [10, 20, 30, 40, 50, 5, 5, 100]
  const index = new HeightIndex(heights)

  it('sums prefixes like a plain loop', () => {
    for (let i = 0; i <= heights.length; i++) expect(index.offsetOf(i)).toBe(naiveOffset(heights, i))
    expect(index.total).toBe(260)
    expect(index.count).toBe(8)
  })

  it('finds the row containing an offset', () => {
    expect(index.indexAt(-5)).toBe(0)
    expect(index.indexAt(0)).toBe(0)
    expect(index.indexAt(9.9)).toBe(0)
    expect(index.indexAt(10)).toBe(1)
    expect(index.indexAt(29)).toBe(1)
    expect(index.indexAt(30)).toBe(2)
    expect(index.indexAt(154)).toBe(5)
    expect(index.indexAt(159)).toBe(6)
    expect(index.indexAt(10_000)).toBe(7)
    expect(new HeightIndex([]).indexAt(10)).toBe(-1)
  })

  it('updates one height in place', () => {
    const copy = new HeightIndex(heights)
    expect(copy.set(2, 35)).toBe(5)
    expect(copy.set(2, 35)).toBe(0)
    expect(copy.total).toBe(265)
    expect(copy.offsetOf(3)).toBe(65)
    expect(copy.height(2)).toBe(35)
    expect(copy.indexAt(64)).toBe(2)
    expect(copy.set(99, 1)).toBe(0)
  })

  it('stays exact on 100k random rows', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => 20 + ((i * 7919) % 80))
    const big = new HeightIndex(many)
    let sum = 0
    for (let i = 0; i < many.length; i += 997) {
      sum = naiveOffset(many, i)
      expect(big.offsetOf(i)).toBe(sum)
      expect(big.indexAt(sum)).toBe(i)
      expect(big.indexAt(sum + many[i]! - 0.5)).toBe(i)
    }
  })
})

describe('computeWindow', () => {
  const index = new HeightIndex(Array.from({ length: 1000 }, () => 50))

  it('renders the viewport plus overscan, with spacers for the rest', () => {
    const w = computeWindow(index, { scrollTop: 5000, viewportHeight: 500, overscan: 100 })
    expect(w.start).toBe(98)
    expect(w.end).toBe(113)
    expect(w.padTop).toBe(98 * 50)
    expect(w.padBottom).toBe((1000 - 113) * 50)
    expect(w.padTop + (w.end - w.start) * 50 + w.padBottom).toBe(index.total)
  })

  it('clamps at both ends', () => {
    expect(computeWindow(index, { scrollTop: 0, viewportHeight: 500, overscan: 100 }).start).toBe(0)
    const end = computeWindow(index, { scrollTop: 49_500, viewportHeight: 500, overscan: 100 })
    expect(end.end).toBe(1000)
    expect(end.padBottom).toBe(0)
  })

  it('caps the number of rows', () => {
    const tiny = new HeightIndex(Array.from({ length: 10_000 }, () => 1))
    const w = computeWindow(tiny, { scrollTop: 5000, viewportHeight: 1000, overscan: 500, maxRows: 100 })
    expect(w.end - w.start).toBe(100)
    expect(w.start).toBeLessThanOrEqual(5000)
    expect(w.end).toBeGreaterThan(5000)
  })

  it('never produces spacer heights that are invalid CSS (float residue)', () => {
    const fractional = new HeightIndex(Array.from({ length: 5000 }, (_, i) => 40.13 + (i % 7) * 0.37))
    const bottom = computeWindow(fractional, { scrollTop: fractional.total, viewportHeight: 600, overscan: 200 })
    expect(bottom.end).toBe(5000)
    expect(bottom.padBottom).toBe(0)
    for (const top of [0, 1234.5, 99_999.9]) {
      const w = computeWindow(fractional, { scrollTop: top, viewportHeight: 600, overscan: 200 })
      for (const pad of [w.padTop, w.padBottom]) expect(`${pad}px`).toMatch(/^\d+(\.\d{1,2})?px$/)
    }
  })

  it('is empty for no rows', () => {
    expect(computeWindow(new HeightIndex([]), { scrollTop: 0, viewportHeight: 100, overscan: 10 })).toEqual({
      start: 0,
      end: 0,
      padTop: 0,
      padBottom: 0,
    })
  })
})

describe('anchoring', () => {
  it('keeps the top row in place when a page is prepended', () => {
    const before = new HeightIndex(Array.from({ length: 100 }, () => 40))
    const anchor = captureAnchor(before, 1234)!
    expect(anchor).toEqual({ index: 30, delta: -6 })
    const after = new HeightIndex([...Array.from({ length: 50 }, () => 60), ...Array.from({ length: 100 }, () => 40)])
    const top = restoreAnchor(after, anchor.index + 50, anchor.delta)
    expect(top).toBe(50 * 60 + 30 * 40 + 34)
    expect(after.indexAt(top)).toBe(80)
  })

  it('keeps what follows the anchor row in place when that row loses its header', () => {
    // Row 0 (80 px: a day separator and a message) is at the viewport top; older rows arrive
    // above and, the day now continuing from them, the row shrinks to its message (40 px).
    const anchor = captureAnchor(new HeightIndex([80, 40, 40]), 10)!
    const after = new HeightIndex([...Array.from({ length: 5 }, () => 40), 40, 40, 40])
    const top = restoreAnchor(after, anchor.index + 5, anchor.delta)
    // The message's bottom edge was 70 px below the viewport top and still is.
    expect(after.offsetOf(6) - top).toBe(70)
  })

  it('passes over rows that may not anchor (markers) for the next one below', () => {
    const index = new HeightIndex([44, 60, 60, 60])
    expect(captureAnchor(index, 0, (i) => i !== 0)).toEqual({ index: 1, delta: -104 })
    expect(captureAnchor(index, 0, () => false)).toEqual({ index: 0, delta: -44 })
    // A marker row at the top stays above while rows arrive under it: the message stays put.
    const after = new HeightIndex([44, ...Array.from({ length: 10 }, () => 50), 60, 60, 60])
    expect(after.offsetOf(12) - restoreAnchor(after, 11, -104)).toBe(104)
  })

  it('finds keys with a hint, else by search', () => {
    expect(findKey([1, 2, 3], 3, 2)).toBe(2)
    expect(findKey([1, 2, 3], 1, 2)).toBe(0)
    expect(findKey([1, 2, 3], 9, 0)).toBe(-1)
  })

  it('rounds spacer pixels', () => {
    expect(cssPixels(1.4551915228366852e-11)).toBe(0)
    expect(cssPixels(-3)).toBe(0)
    expect(cssPixels(10.123)).toBe(10.12)
  })

  it('knows when the viewport is at the bottom', () => {
    expect(isAtBottom(900, 100, 1000)).toBe(true)
    expect(isAtBottom(880, 100, 1000)).toBe(true)
    expect(isAtBottom(800, 100, 1000)).toBe(false)
  })
})
