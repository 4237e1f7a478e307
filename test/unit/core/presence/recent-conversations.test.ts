import { describe, expect, it } from 'vitest'
import { RECENT_CONVERSATIONS, mergeSummaries, pickRecent } from '../../../../electron/core/presence/recent-conversations'
import type { ConversationSummary } from '../../../../shared/types/domain'

const summary = (jid: string, lastActivity: number, unread = 0): ConversationSummary => ({
  jid,
  lastActivity,
  unread,
  lastBody: '',
  lastDirection: 'in',
})

describe('mergeSummaries', () => {
  it('replaces a conversation by JID and adds new ones, leaving the input untouched', () => {
    const known = new Map([['a@x.example', summary('a@x.example', 1, 2)]])
    const merged = mergeSummaries(known, [summary('a@x.example', 5, 0), summary('b@x.example', 3)])
    expect([...merged.values()]).toEqual([summary('a@x.example', 5, 0), summary('b@x.example', 3)])
    expect(known.get('a@x.example')?.unread).toBe(2)
  })
})

describe('pickRecent', () => {
  it('keeps the newest few, newest first', () => {
    const all = Array.from({ length: 8 }, (_, i) => summary(`c${i}@x.example`, i))
    expect(pickRecent(all).map((c) => c.jid)).toEqual(['c7@x.example', 'c6@x.example', 'c5@x.example', 'c4@x.example', 'c3@x.example'])
    expect(RECENT_CONVERSATIONS).toBe(5)
  })

  it('orders equal times by JID, so the menu is stable', () => {
    expect(pickRecent([summary('b@x.example', 1), summary('a@x.example', 1)], 2).map((c) => c.jid)).toEqual(['a@x.example', 'b@x.example'])
  })
})
