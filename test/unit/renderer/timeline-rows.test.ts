import { describe, expect, it } from 'vitest'
import { indexOfId } from '../../../renderer/src/lib/logic/message-merge'
import { isMessageRow, previousMessage, rowKey, sameSender, timelineRows, type TimelineRow } from '../../../renderer/src/lib/logic/timeline-rows'
import type { ChatMessage, HistoryGap } from '../../../shared/types/domain'

const msg = (id: number): ChatMessage => ({
  id,
  conversation: 'bob@localhost',
  direction: 'in',
  body: `m${id}`,
  timestamp: 1_000_000 + id * 1000,
  state: 'received',
  originId: `o${id}`,
  edited: false,
  retracted: false,
})
const gap = (beforeId: number, from = 1, to = 2): HistoryGap => ({ beforeId, from, to })
const keys = (rows: readonly TimelineRow[]) => rows.map(rowKey)

describe('timeline rows', () => {
  // Scroll-back gives ids below every earlier one, negative ones included.
  const messages = [msg(-3), msg(-2), msg(0), msg(4), msg(5), msg(9)]

  it('is the message array itself when there is nothing to mark', () => {
    expect(timelineRows(messages, [], null)).toBe(messages)
    expect(timelineRows(messages, [gap(7)], null)).toBe(messages)
  })

  it('puts each gap marker just before its message, when that message is loaded', () => {
    const rows = timelineRows(messages, [gap(9, 50, 60), gap(-2), gap(6), gap(4)], null)
    expect(keys(rows)).toEqual([-3, 'gap:-2:1:2', -2, 0, 'gap:4:1:2', 4, 5, 'gap:9:50:60', 9])
    const marker = rows[1]!
    expect(!isMessageRow(marker) && marker.kind === 'gap' && marker.gap).toEqual(gap(-2))
  })

  it('keeps identical gaps once and orders two gaps before one message by time', () => {
    const rows = timelineRows(messages, [gap(5, 30, 40), gap(5, 10, 20), gap(5, 10, 20)], null)
    expect(keys(rows)).toEqual([-3, -2, 0, 4, 'gap:5:10:20', 'gap:5:30:40', 5, 9])
  })

  it('puts the scroll-back row above the oldest message', () => {
    const rows = timelineRows(messages, [gap(-3)], 'loading')
    expect(keys(rows)).toEqual(['scroll-back', 'gap:-3:1:2', -3, -2, 0, 4, 5, 9])
    expect(rows[0]).toEqual({ kind: 'scroll-back', key: 'scroll-back', status: 'loading' })
  })

  it('finds the previous message only right before a row', () => {
    const rows = timelineRows(messages, [gap(4)], 'complete')
    expect(previousMessage(rows, 1)).toBeNull()
    expect(previousMessage(rows, 2)?.id).toBe(-3)
    expect(previousMessage(rows, 5)).toBeNull()
    expect(previousMessage(rows, 6)?.id).toBe(4)
  })

  it('finds ids by binary search in archive order', () => {
    expect(messages.map((m) => indexOfId(messages, m.id))).toEqual([0, 1, 2, 3, 4, 5])
    expect(indexOfId(messages, 1)).toBe(-1)
    expect(indexOfId(messages, -9)).toBe(-1)
    expect(indexOfId([], 1)).toBe(-1)
  })
})

describe('grouping by sender', () => {
  it('groups one side of a chat, and in a room only the same nick', () => {
    expect(sameSender(msg(1), msg(2))).toBe(true)
    expect(sameSender(msg(1), { ...msg(2), direction: 'out' })).toBe(false)
    expect(sameSender({ ...msg(1), senderNick: 'bob' }, { ...msg(2), senderNick: 'bob' })).toBe(true)
    expect(sameSender({ ...msg(1), senderNick: 'bob' }, { ...msg(2), senderNick: 'carol' })).toBe(false)
  })
})
