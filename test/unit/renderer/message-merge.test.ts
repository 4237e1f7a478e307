import { describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../../shared/types/domain'
import {
  appendMessages,
  applyStates,
  hasMessage,
  mergeNewest,
  oldestId,
  prependOlder,
} from '../../../renderer/src/lib/logic/message-merge'

const msg = (id: number, state: ChatMessage['state'] = 'received'): ChatMessage => ({
  id,
  conversation: 'bob@localhost',
  direction: state === 'received' ? 'in' : 'out',
  body: `m${id}`,
  timestamp: id * 1000,
  state,
  originId: `o${id}`,
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
    expect(ids(mergeNewest([msg(1), msg(2)], [msg(2), msg(3)]))).toEqual([1, 2, 3])
  })

  it('appends new messages and replaces known ones in place', () => {
    const current = [msg(1), msg(2, 'pending')]
    const next = appendMessages(current, [msg(2, 'sent'), msg(3)])
    expect(ids(next)).toEqual([1, 2, 3])
    expect(next[1]!.state).toBe('sent')
    expect(current[1]!.state).toBe('pending')
    expect(appendMessages(current, [])).toBe(current)
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
    expect(hasMessage([msg(7), msg(8)], 7)).toBe(true)
    expect(hasMessage([msg(7), msg(8)], 9)).toBe(false)
  })
})
