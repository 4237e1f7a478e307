// History beyond the local archive, on a real SQLite file: scroll-back pages placed before every
// stored row, the server's start of a conversation remembered, the sync's place in time, and gaps
// shown in the conversations they cut through.
import { describe, expect, it } from 'vitest'
import { ALICE, BOB, ME, incoming, openTestDb } from './helpers'

const older = (n: number, at: number) => incoming({ originId: `old-${n}`, archiveId: `A${n}`, body: `old ${n}`, timestamp: at, receivedAt: at })

describe('scroll-back pages', () => {
  it('reads before every stored message, oldest first, across repeated fetches, without touching unread', () => {
    const { archive } = openTestDb()
    archive.storeIncoming(ME, [incoming({ originId: 'new-1', body: 'new 1', timestamp: 9_000 }), incoming({ originId: 'b', conversation: BOB, senderJid: `${BOB}/x`, timestamp: 9_500 })])
    const unreadBefore = archive.conversations(ME)
    expect(archive.storeOlderPage(ME, ALICE, [older(3, 5_000), older(4, 6_000)], false)).toBe(2)
    expect(archive.storeOlderPage(ME, ALICE, [older(1, 3_000), older(2, 4_000)], true)).toBe(2)
    const page = archive.page(ME, ALICE, null, 10).messages
    expect(page.map((m) => m.body)).toEqual(['old 1', 'old 2', 'old 3', 'old 4', 'new 1'])
    expect(page.map((m) => m.id)).toEqual([...page.map((m) => m.id)].sort((a, b) => a - b))
    expect(archive.conversations(ME)).toEqual(unreadBefore)
    // Keyset paging walks into the placed rows like any other.
    const newest = archive.page(ME, ALICE, null, 1)
    expect(archive.page(ME, ALICE, newest.messages[0]!.id, 10).messages.map((m) => m.body)).toEqual(['old 1', 'old 2', 'old 3', 'old 4'])
  })

  it('skips what is already stored and counts only the new ones', () => {
    const { archive } = openTestDb()
    archive.storeIncoming(ME, [older(2, 4_000)])
    expect(archive.storeOlderPage(ME, ALICE, [older(1, 3_000), older(2, 4_000)], false)).toBe(1)
    expect(archive.page(ME, ALICE, null, 10).messages.map((m) => m.body)).toEqual(['old 1', 'old 2'])
  })

  it('remembers whether the server’s start was reached, per conversation', () => {
    const { archive } = openTestDb()
    expect(archive.olderEdge(ME, ALICE)).toEqual({ oldest: null, oldestArchiveId: null, complete: false })
    archive.storeOlderPage(ME, ALICE, [older(1, 3_000)], false)
    expect(archive.olderEdge(ME, ALICE)).toEqual({ oldest: 3_000, oldestArchiveId: 'A1', complete: false })
    archive.storeOlderPage(ME, ALICE, [incoming({ originId: 'no-archive-id', timestamp: 2_000 })], true)
    expect(archive.olderEdge(ME, ALICE)).toEqual({ oldest: 2_000, oldestArchiveId: 'A1', complete: true })
    expect(archive.olderEdge(ME, BOB)).toEqual({ oldest: null, oldestArchiveId: null, complete: false })
  })

  it('gives a conversation that had no summary one, with nothing unread', () => {
    const { archive } = openTestDb()
    archive.storeOlderPage(ME, ALICE, [older(1, 3_000), older(2, 4_000)], false)
    expect(archive.conversations(ME)).toEqual([{ jid: ALICE, lastActivity: 4_000, unread: 0, lastBody: 'old 2', lastDirection: 'in' }])
  })
})

describe('anchors in a conversation', () => {
  it('the newest archive id of either direction, ignoring messages without one', () => {
    const { archive } = openTestDb()
    expect(archive.newestArchiveIdIn(ME, ALICE)).toBeNull()
    archive.storeIncoming(ME, [
      incoming({ originId: '1', archiveId: 'S1' }),
      incoming({ originId: '2', archiveId: 'S2', direction: 'out', senderJid: `${ME}/desk` }),
      incoming({ originId: '3' }),
      incoming({ originId: '4', archiveId: 'S4', conversation: BOB, senderJid: `${BOB}/x` }),
    ])
    expect(archive.newestArchiveIdIn(ME, ALICE)).toBe('S2')
  })
})

describe('the sync in time', () => {
  it('is the time of the newest message that came with an archive id', () => {
    const { archive } = openTestDb()
    expect(archive.syncedUpTo(ME)).toBeNull()
    archive.storeIncoming(ME, [incoming({ originId: 'live', timestamp: 9_000 })]) // no archive id: not evidence of a sync
    expect(archive.syncedUpTo(ME)).toBeNull()
    archive.storeArchivePage(ME, ME, [incoming({ originId: '1', archiveId: 'S1', timestamp: 5_000 }), incoming({ originId: '2', archiveId: 'S2', timestamp: 7_000 })], 'S1')
    expect(archive.syncedUpTo(ME)).toBe(7_000)
  })
})

describe('gaps', () => {
  it('sit before the first message stored after them, only in conversations with such messages', () => {
    const { archive } = openTestDb()
    archive.storeIncoming(ME, [incoming({ originId: 'a1', timestamp: 1_000 }), incoming({ originId: 'b1', conversation: BOB, senderJid: `${BOB}/x`, timestamp: 1_000 })])
    archive.recordGap(ME, 1_000, 50_000)
    const after = archive.storeIncoming(ME, [incoming({ originId: 'a2', timestamp: 50_000 })]).added[0]!
    expect(archive.gapsIn(ME, ALICE)).toEqual([{ beforeId: after.id, from: 1_000, to: 50_000 }])
    expect(archive.gapsIn(ME, BOB)).toEqual([])
    expect(archive.gapsIn('someone-else@example.org', ALICE)).toEqual([])
  })
})
