import { describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../../shared/types/domain'
import {
  appendMessages,
  applyStates,
  bufferLive,
  hasMessage,
  mergeNewestPage,
  newestId,
  oldestId,
  prependOlder,
  replaceMessages,
  storedLater,
} from '../../../renderer/src/lib/logic/message-merge'

const msg = (id: number, state: ChatMessage['state'] = 'received'): ChatMessage => ({
  id,
  conversation: 'bob@localhost',
  direction: state === 'received' ? 'in' : 'out',
  body: `m${id}`,
  timestamp: id * 1000,
  state,
  originId: `o${id}`,
  edited: false,
  retracted: false,
})
const ids = (list: ChatMessage[]) => list.map((m) => m.id)

describe('message merging', () => {
  it('prepends older pages without duplicates', () => {
    const current = [msg(5), msg(6)]
    expect(ids(prependOlder(current, [msg(3), msg(4), msg(5)]))).toEqual([3, 4, 5, 6])
    expect(prependOlder(current, [])).toBe(current)
    expect(prependOlder(current, [msg(5)])).toBe(current)
  })

  it('keeps messages that arrived while the newest page loaded', () => {
    const merged = mergeNewestPage([msg(2), msg(3)], [msg(1), msg(2)])
    expect(ids(merged.messages)).toEqual([1, 2, 3])
    expect(merged.keptOlder).toBe(false)
    expect(ids(mergeNewestPage([], [msg(1), msg(2)]).messages)).toEqual([1, 2])
  })

  it('keeps loaded history the newest page overlaps, in order (reload after a reconnect)', () => {
    const loaded = [msg(1), msg(2), msg(3), msg(4), msg(5, 'pending')]
    const merged = mergeNewestPage(loaded, [msg(4), msg(5, 'sent'), msg(6)])
    expect(ids(merged.messages)).toEqual([1, 2, 3, 4, 5, 6])
    expect(merged.messages[4]!.state).toBe('sent')
    expect(merged.keptOlder).toBe(true)
  })

  it('drops loaded history that ends before the newest page (a gap, or a slice far back)', () => {
    const merged = mergeNewestPage([msg(1), msg(2)], [msg(10), msg(11)])
    expect(ids(merged.messages)).toEqual([10, 11])
    expect(merged.keptOlder).toBe(false)
    // Live messages newer than the page still stay after it.
    expect(ids(mergeNewestPage([msg(1), msg(12)], [msg(10), msg(11)]).messages)).toEqual([10, 11, 12])
    expect(ids(mergeNewestPage([msg(3)], []).messages)).toEqual([3])
  })

  it('holds live messages back while a slice in the middle is shown (bounded, newest kept)', () => {
    let held = bufferLive([], [msg(20, 'pending')])
    held = bufferLive(held, [msg(20, 'sent'), msg(21)])
    expect(ids(held)).toEqual([20, 21])
    expect(held[0]!.state).toBe('sent')
    const many = Array.from({ length: 10 }, (_, i) => msg(100 + i))
    expect(ids(bufferLive(held, many, 4))).toEqual([106, 107, 108, 109])
  })

  it('appends new messages and replaces known ones in place', () => {
    const current = [msg(1), msg(2, 'pending')]
    const next = appendMessages(current, [msg(2, 'sent'), msg(3)])
    expect(ids(next)).toEqual([1, 2, 3])
    expect(next[1]!.state).toBe('sent')
    expect(current[1]!.state).toBe('pending')
    expect(appendMessages(current, [])).toBe(current)
  })

  it('leaves history stored behind the loaded slice to paging (scroll-back ids are lower)', () => {
    const current = [msg(1), msg(2, 'pending'), msg(3)]
    expect(ids(storedLater(current, [msg(-5), msg(0), msg(2, 'sent'), msg(4)]))).toEqual([2, 4])
    expect(ids(storedLater([], [msg(-5), msg(4)]))).toEqual([-5, 4])
  })

  it('finds duplicates beyond the recent tail', () => {
    const many = Array.from({ length: 2000 }, (_, i) => msg(i + 1))
    expect(appendMessages(many, [msg(3, 'read')]).length).toBe(2000)
  })

  it('applies state changes, keeping untouched rows', () => {
    const current = [msg(1), msg(2, 'pending'), msg(3, 'sent')]
    const next = applyStates(current, [
      { id: 2, state: 'delivered' },
      { id: 3, state: 'sent' },
      { id: 99, state: 'read' },
    ])
    expect(next.map((m) => m.state)).toEqual(['received', 'delivered', 'sent'])
    expect(next[0]).toBe(current[0])
    expect(next[2]).toBe(current[2])
    expect(applyStates(current, [{ id: 3, state: 'sent' }])).toBe(current)
  })

  it('reports the oldest id and membership', () => {
    expect(oldestId([])).toBeNull()
    expect(oldestId([msg(7), msg(8)])).toBe(7)
    expect(newestId([])).toBeNull()
    expect(newestId([msg(7), msg(8)])).toBe(8)
    expect(hasMessage([msg(7), msg(8)], 7)).toBe(true)
    expect(hasMessage([msg(7), msg(8)], 9)).toBe(false)
  })
})

describe('replaceMessages', () => {
  it('swaps in corrected or retracted versions of loaded messages and adds nothing else', () => {
    const current = [msg(1), msg(2), msg(3)]
    const corrected = { ...msg(2), body: 'fixed', edited: true }
    const next = replaceMessages(current, [corrected, { ...msg(9), retracted: true }])
    expect(next.map((m) => [m.id, m.body, m.edited])).toEqual([
      [1, 'm1', false],
      [2, 'fixed', true],
      [3, 'm3', false],
    ])
    expect(current[1]?.body).toBe('m2') // the input is not mutated
    expect(replaceMessages(current, [msg(9)])).toBe(current)
  })
})
