import { describe, expect, it } from 'vitest'
import type { ResourcePresence } from '../../../shared/types/domain'
import { aggregatePresence, compareResources } from '../../../shared/util/presence'

const res = (resource: string, show: ResourcePresence['show'], priority: number, status = ''): ResourcePresence => ({ resource, show, priority, status })

describe('aggregatePresence', () => {
  it('takes show and status from the resource with the highest priority', () => {
    const phone = res('phone', 'away', 10, 'on the road')
    const desk = res('desk', 'chat', 5, 'at my desk')
    expect(aggregatePresence([desk, phone], null)).toEqual({ show: 'away', status: 'on the road', resources: [phone, desk], lastSeen: null })
  })

  it('breaks a priority tie in favour of the more available show', () => {
    const busy = res('a', 'dnd', 0, 'busy')
    const free = res('b', 'available', 0, 'here')
    const away = res('c', 'away', 0)
    const xa = res('d', 'xa', 0)
    const chat = res('e', 'chat', 0)
    expect(aggregatePresence([busy, free], null).show).toBe('available')
    expect(aggregatePresence([busy, away, xa], null).show).toBe('away')
    expect(aggregatePresence([busy, free, chat], null).resources.map((r) => r.resource)).toEqual(['e', 'b', 'a'])
  })

  it('falls back to the resource name when priority and show are equal', () => {
    const b = res('b', 'away', 1)
    const a = res('a', 'away', 1)
    expect(aggregatePresence([b, a], null).resources).toEqual([a, b])
  })

  it('treats a resource with negative priority as online', () => {
    expect(aggregatePresence([res('bot', 'available', -1, 'auto')], 42)).toEqual({
      show: 'available',
      status: 'auto',
      resources: [res('bot', 'available', -1, 'auto')],
      lastSeen: 42,
    })
  })

  it('is offline with an empty status when no resource is online, keeping lastSeen', () => {
    expect(aggregatePresence([], 1_700_000_000_000)).toEqual({ show: 'offline', status: '', resources: [], lastSeen: 1_700_000_000_000 })
    expect(aggregatePresence([], null)).toEqual({ show: 'offline', status: '', resources: [], lastSeen: null })
  })

  it('does not reorder the array it was given', () => {
    const input = [res('low', 'chat', -5), res('high', 'dnd', 50)]
    aggregatePresence(input, null)
    expect(input.map((r) => r.resource)).toEqual(['low', 'high'])
  })
})

describe('compareResources', () => {
  it('orders by priority before availability', () => {
    expect(compareResources(res('a', 'dnd', 2), res('b', 'chat', 1))).toBeLessThan(0)
    expect(compareResources(res('a', 'chat', 1), res('b', 'dnd', 2))).toBeGreaterThan(0)
  })
})
