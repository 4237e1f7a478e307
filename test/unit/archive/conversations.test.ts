// Conversation summaries: unread counting, markRead, preview and order.
import { describe, expect, it } from 'vitest'
import { ALICE, BOB, ME, draft, incoming, openTestDb } from './helpers'

describe('conversation summaries', () => {
  it('counts incoming messages as unread; sending does not reset it, markRead does', () => {
    const { archive } = openTestDb()
    archive.storeIncoming(ME, [incoming({ body: 'one', timestamp: 1_000 }), incoming({ body: 'two', timestamp: 2_000 })])
    expect(archive.conversations(ME)).toEqual([{ jid: ALICE, lastActivity: 2_000, unread: 2, lastBody: 'two', lastDirection: 'in' }])

    archive.storeOutgoing(ME, draft({ body: 'reply', timestamp: 3_000 }))
    expect(archive.conversations(ME)).toEqual([{ jid: ALICE, lastActivity: 3_000, unread: 2, lastBody: 'reply', lastDirection: 'out' }])

    expect(archive.markRead(ME, ALICE)).toEqual({ jid: ALICE, lastActivity: 3_000, unread: 0, lastBody: 'reply', lastDirection: 'out' })
    archive.storeIncoming(ME, [incoming({ body: 'three', timestamp: 4_000 })])
    expect(archive.conversations(ME)[0]?.unread).toBe(1)
  })

  it('markRead of an unknown conversation returns null and creates nothing', () => {
    const { archive } = openTestDb()
    expect(archive.markRead(ME, BOB)).toBeNull()
    expect(archive.conversations(ME)).toEqual([])
  })

  it('lists the most recently active conversation first, per account', () => {
    const { archive } = openTestDb()
    const carol = 'carol@example.org'
    archive.storeIncoming(ME, [incoming({ conversation: ALICE, timestamp: 1_000 })])
    archive.storeIncoming(ME, [incoming({ conversation: BOB, senderJid: `${BOB}/a`, timestamp: 3_000 })])
    archive.storeOutgoing(ME, draft({ conversation: carol, timestamp: 2_000 }))
    archive.storeIncoming('other@example.org', [incoming({ conversation: 'dave@example.org', timestamp: 9_000 })])
    expect(archive.conversations(ME).map((c) => c.jid)).toEqual([BOB, carol, ALICE])

    archive.storeOutgoing(ME, draft({ conversation: ALICE, timestamp: 4_000 }))
    expect(archive.conversations(ME).map((c) => c.jid)).toEqual([ALICE, BOB, carol])
  })

  it('a late message with an old timestamp updates the preview but not the activity', () => {
    const { archive } = openTestDb()
    archive.storeIncoming(ME, [incoming({ body: 'new', timestamp: 5_000 })])
    const result = archive.storeIncoming(ME, [incoming({ body: 'delayed', timestamp: 1_000, receivedAt: 6_000 })])
    expect(result.conversations).toEqual([{ jid: ALICE, lastActivity: 5_000, unread: 2, lastBody: 'delayed', lastDirection: 'in' }])
  })

  it('reports one summary per touched conversation', () => {
    const { archive } = openTestDb()
    const result = archive.storeIncoming(ME, [
      incoming({ body: 'a1' }),
      incoming({ conversation: BOB, senderJid: `${BOB}/x`, body: 'b1' }),
      incoming({ body: 'a2' }),
    ])
    expect(result.conversations.map((c) => [c.jid, c.unread, c.lastBody])).toEqual([
      [ALICE, 2, 'a2'],
      [BOB, 1, 'b1'],
    ])
  })
})
