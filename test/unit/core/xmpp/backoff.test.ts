import { describe, expect, it } from 'vitest'
import { DEFAULT_BACKOFF, backoffDelay } from '../../../../electron/core/xmpp/backoff'

// cap(n) = min(5 min, 1 s · 2^(n-1)); the delay lies in [cap/2, cap].
const CAPS: [attempt: number, cap: number][] = [
  [1, 1_000],
  [2, 2_000],
  [3, 4_000],
  [4, 8_000],
  [5, 16_000],
  [6, 32_000],
  [7, 64_000],
  [8, 128_000],
  [9, 256_000],
  [10, 300_000],
  [11, 300_000],
  [12, 300_000],
  [13, 300_000],
  [14, 300_000],
  [15, 300_000],
  [16, 300_000],
  [17, 300_000],
  [18, 300_000],
  [19, 300_000],
  [20, 300_000],
]

describe('backoffDelay', () => {
  it.each(CAPS)('attempt %i with random 0 waits half the cap (%i ms)', (attempt, cap) => {
    expect(backoffDelay(attempt, () => 0)).toBe(cap / 2)
  })

  it.each(CAPS)('attempt %i with random 1 waits the full cap (%i ms)', (attempt, cap) => {
    expect(backoffDelay(attempt, () => 1)).toBe(cap)
  })

  it('puts random 0.5 three quarters of the way to the cap', () => {
    expect(backoffDelay(3, () => 0.5)).toBe(3_000)
  })

  it('never exceeds the maximum however many attempts have failed', () => {
    expect(backoffDelay(1_000, () => 1)).toBe(DEFAULT_BACKOFF.maxMs)
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, () => 1)).toBe(DEFAULT_BACKOFF.maxMs)
  })

  it('never goes below half the cap with real randomness', () => {
    for (let attempt = 1; attempt <= 20; attempt++) {
      const cap = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.baseMs * 2 ** (attempt - 1))
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelay(attempt)
        expect(delay).toBeGreaterThanOrEqual(cap / 2)
        expect(delay).toBeLessThanOrEqual(cap)
      }
    }
  })

  it('treats attempt 0 and negative attempts like the first attempt', () => {
    expect(backoffDelay(0, () => 1)).toBe(1_000)
    expect(backoffDelay(-5, () => 0)).toBe(500)
  })

  it('follows a custom policy', () => {
    expect(backoffDelay(1, () => 0, { baseMs: 100, maxMs: 250 })).toBe(50)
    expect(backoffDelay(3, () => 1, { baseMs: 100, maxMs: 250 })).toBe(250)
  })
})
