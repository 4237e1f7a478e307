// Window math for the virtualized message list: a Fenwick tree of row heights (measured or
// estimated) answering "where does row i start" and "which row is at y" in O(log n), plus the
// visible range and scroll-anchor helpers. Pure: no DOM, unit-tested in node.
// Layer: renderer (pure logic).

/** Prefix sums over row heights. Rebuilt in O(n) when rows change, updated in O(log n) per measurement. */
export class HeightIndex {
  readonly #heights: Float64Array
  readonly #tree: Float64Array
  #total = 0

  constructor(heights: ArrayLike<number>) {
    const n = heights.length
    this.#heights = Float64Array.from(heights)
    this.#tree = new Float64Array(n + 1)
    for (let i = 1; i <= n; i++) {
      const h = this.#heights[i - 1] ?? 0
      this.#total += h
      this.#tree[i] = (this.#tree[i] ?? 0) + h
      const parent = i + (i & -i)
      if (parent <= n) this.#tree[parent] = (this.#tree[parent] ?? 0) + (this.#tree[i] ?? 0)
    }
  }

  get count(): number {
    return this.#heights.length
  }

  /** Sum of all heights. */
  get total(): number {
    return this.#total
  }

  height(i: number): number {
    return this.#heights[i] ?? 0
  }

  /** Sets row i's height; returns the change. */
  set(i: number, height: number): number {
    if (i < 0 || i >= this.#heights.length) return 0
    const delta = height - (this.#heights[i] ?? 0)
    if (delta === 0) return 0
    this.#heights[i] = height
    this.#total += delta
    for (let k = i + 1; k < this.#tree.length; k += k & -k) this.#tree[k] = (this.#tree[k] ?? 0) + delta
    return delta
  }

  /** Top offset of row i (sum of heights of rows before it); i may equal count (the end). */
  offsetOf(i: number): number {
    let sum = 0
    for (let k = Math.min(Math.max(i, 0), this.#heights.length); k > 0; k -= k & -k) sum += this.#tree[k] ?? 0
    return sum
  }

  /** The row containing offset y (clamped to the first/last row); -1 when empty. */
  indexAt(y: number): number {
    const n = this.#heights.length
    if (n === 0) return -1
    if (y <= 0) return 0
    // Binary lifting: the largest prefix whose sum is <= y is the number of rows fully above y.
    let pos = 0
    let rest = y
    let step = 1
    while (step * 2 <= n) step *= 2
    for (; step > 0; step >>= 1) {
      const next = pos + step
      if (next <= n && (this.#tree[next] ?? 0) <= rest) {
        pos = next
        rest -= this.#tree[next] ?? 0
      }
    }
    return Math.min(pos, n - 1)
  }
}

export interface WindowRange {
  /** First rendered row. */
  start: number
  /** One past the last rendered row. */
  end: number
  /** Height of the spacer above the rendered rows. */
  padTop: number
  /** Height of the spacer below them. */
  padBottom: number
}

export interface WindowInput {
  scrollTop: number
  viewportHeight: number
  /** Extra pixels rendered above and below the viewport. */
  overscan: number
  /** Hard cap on rendered rows (guards against tiny estimates). */
  maxRows?: number
}

/**
 * A spacer height safe to write as CSS: float sums of fractional heights leave residue such as
 * 1.4e-11, and `1.4e-11px` is not a valid CSS length (the browser would keep the old height).
 */
export function cssPixels(value: number): number {
  return value < 0.005 ? 0 : Math.round(value * 100) / 100
}

/** Which rows to render for a scroll position. */
export function computeWindow(index: HeightIndex, input: WindowInput): WindowRange {
  const n = index.count
  if (n === 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 }
  const top = Math.max(0, input.scrollTop - input.overscan)
  const bottom = Math.max(top, input.scrollTop + Math.max(input.viewportHeight, 0) + input.overscan)
  const start = index.indexAt(top)
  let end = Math.min(n, index.indexAt(bottom) + 1)
  const maxRows = input.maxRows ?? 200
  if (end - start > maxRows) {
    // Keep the rows around the viewport itself rather than the overscan at the top.
    const first = Math.max(start, index.indexAt(input.scrollTop) - Math.floor(maxRows / 4))
    end = Math.min(n, first + maxRows)
    return { start: first, end, padTop: cssPixels(index.offsetOf(first)), padBottom: cssPixels(index.total - index.offsetOf(end)) }
  }
  return { start, end, padTop: cssPixels(index.offsetOf(start)), padBottom: cssPixels(index.total - index.offsetOf(end)) }
}

/** True when the viewport shows the end of the content (within `slack` pixels). */
export function isAtBottom(scrollTop: number, viewportHeight: number, scrollHeight: number, slack = 24): boolean {
  return scrollHeight - (scrollTop + viewportHeight) <= slack
}

export interface Anchor {
  /** Row at the top edge of the viewport. */
  index: number
  /**
   * How far the viewport top is below that row's bottom edge (usually negative). The bottom edge,
   * not the top: a row that loses its header (a day separator, once the same day's older messages
   * arrive above it) shrinks from the top, and what follows it must stay where it is.
   */
  delta: number
}

/**
 * The row at the top of the viewport and where the viewport top is relative to its bottom edge,
 * to restore after rows change. Rows that `canAnchor` refuses (markers that come and go around
 * the rows they mark) are skipped for the next one below; when none below qualifies, the top row.
 */
export function captureAnchor(index: HeightIndex, scrollTop: number, canAnchor: (i: number) => boolean = () => true): Anchor | null {
  const top = index.indexAt(scrollTop)
  if (top < 0) return null
  let i = top
  while (i < index.count - 1 && !canAnchor(i)) i++
  if (!canAnchor(i)) i = top
  return { index: i, delta: scrollTop - index.offsetOf(i + 1) }
}

/** The scrollTop that puts the anchor row back where it was (after prepends or re-measuring). */
export function restoreAnchor(index: HeightIndex, anchorIndex: number, delta: number): number {
  return Math.max(0, index.offsetOf(anchorIndex + 1) + delta)
}

/** Finds `key` in `keys`, trying `hint` first (the common case after a prepend/append). */
export function findKey<K>(keys: readonly K[], key: K, hint: number): number {
  if (hint >= 0 && hint < keys.length && keys[hint] === key) return hint
  return keys.indexOf(key)
}
