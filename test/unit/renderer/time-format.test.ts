import { describe, expect, it } from 'vitest'
import { dayKey, formatAgo, formatDay, formatLastSeen, formatListTime, formatTime, secondsUntil } from '../../../renderer/src/lib/logic/time-format'

const opts = { locale: 'en-GB', timeZone: 'UTC' }
const NOW = Date.UTC(2025, 5, 10, 12, 0) // Tuesday 10 June 2025, 12:00 UTC
const MIN = 60_000
const DAY = 24 * 60 * MIN

describe('time format', () => {
  it('formats relative "ago" texts', () => {
    expect(formatAgo(NOW - 10_000, NOW, opts)).toBe('just now')
    expect(formatAgo(NOW + 10_000, NOW, opts)).toBe('just now')
    expect(formatAgo(NOW - 5 * MIN, NOW, opts)).toBe('5 min ago')
    expect(formatAgo(NOW - 3 * 60 * MIN, NOW, opts)).toBe('3 h ago')
    expect(formatAgo(NOW - 25 * 60 * MIN, NOW, opts)).toBe('yesterday')
    expect(formatAgo(NOW - 4 * DAY, NOW, opts)).toBe('4 days ago')
    expect(formatAgo(Date.UTC(2024, 0, 2), NOW, opts)).toBe('on 2 Jan 2024')
    expect(formatLastSeen(NOW - 5 * MIN, NOW, opts)).toBe('last seen 5 min ago')
  })

  it('labels days', () => {
    expect(formatDay(NOW - 60 * MIN, NOW, opts)).toBe('Today')
    expect(formatDay(NOW - DAY, NOW, opts)).toBe('Yesterday')
    expect(formatDay(NOW - 3 * DAY, NOW, opts)).toBe('Saturday')
    expect(formatDay(Date.UTC(2025, 0, 5), NOW, opts)).toBe('Sun 5 January')
    expect(formatDay(Date.UTC(2023, 0, 5), NOW, opts)).toBe('5 January 2023')
    expect(dayKey(NOW, opts)).toBe('2025-06-10')
  })

  it('formats times and list times', () => {
    expect(formatTime(NOW, opts)).toBe('12:00')
    expect(formatListTime(NOW - 5 * MIN, NOW, opts)).toBe('11:55')
    expect(formatListTime(NOW - DAY, NOW, opts)).toBe('Yesterday')
    expect(formatListTime(NOW - 3 * DAY, NOW, opts)).toBe('Sat')
    expect(formatListTime(Date.UTC(2025, 0, 5), NOW, opts)).toBe('5 Jan')
  })

  it('counts down whole seconds', () => {
    expect(secondsUntil(NOW + 4_200, NOW)).toBe(5)
    expect(secondsUntil(NOW - 1, NOW)).toBe(0)
  })
})
