// Archive sync bookkeeping on a real SQLite file: the cursor moves with its page, read state from
// other devices and peers, and our own pending messages found in the archive count as sent.
import { describe, expect, it } from 'vitest'
import { ALICE, ME, count, draft, incoming, openTestDb } from './helpers'

describe('archive pages and the sync cursor', () => {
  it('stores a page and moves the cursor in the same transaction; a failing page moves neither', () => {
    const { archive } = openTestDb()
    archive.storeArchivePage(ME, ME, [incoming({ originId: 'a', archiveId: 'S1' })], 'S1')
    expect(archive.syncCursor(ME, ME)).toBe('S1')
    const broken = incoming({ originId: 'b', archiveId: 'S2', direction: 'sideways' as 'in' })
    expect(() => archive.storeArchivePage(ME, ME, [incoming({ originId: 'c', archiveId: 'S3' }), broken], 'S3')).toThrow()
    expect(archive.syncCursor(ME, ME)).toBe('S1')
    expect(archive.page(ME, ALICE, null, 10).messages.map((m) => m.originId)).toEqual(['a'])
  })

  it('deduplicates by archive id first, and lends an archive id to a message met live before', () => {
    const { db, archive } = openTestDb()
    archive.storeIncoming(ME, [incoming({ originId: 'live-1' })])
    const again = archive.storeArchivePage(ME, ME, [incoming({ originId: 'live-1', archiveId: 'S9' }), incoming({ originId: 'other', archiveId: 'S9' })], 'S9')
    expect(again.added).toEqual([])
    expect(db.prepare('SELECT archive_id FROM messages').pluck().all()).toEqual(['S9'])
  })

  it('counts our own pending message as sent when the archive proves the server has it', () => {
    const { archive } = openTestDb()
    const mine = archive.storeOutgoing(ME, draft({ originId: 'mine-1' })).added[0]!
    const result = archive.storeArchivePage(ME, ME, [incoming({ originId: 'mine-1', senderJid: `${ME}/desk`, direction: 'out', archiveId: 'S4' })], 'S4')
    expect(result.reconciled).toEqual([{ id: mine.id, state: 'sent' }])
    expect(archive.outbox(ME)).toEqual([])
  })
})

describe('read state', () => {
  it('XEP-0490: read elsewhere up to an archive id leaves only the later incoming messages unread', () => {
    const { archive } = openTestDb()
    archive.storeIncoming(ME, [
      incoming({ originId: '1', archiveId: 'S1' }),
      incoming({ originId: '2', archiveId: 'S2' }),
      incoming({ originId: '3', archiveId: 'S3' }),
    ])
    expect(archive.readUpToArchiveId(ME, ALICE, 'S2')).toMatchObject({ unread: 1 })
    // Never raises the count again, and unknown ids change nothing.
    expect(archive.readUpToArchiveId(ME, ALICE, 'S1')).toBeNull()
    expect(archive.readUpToArchiveId(ME, ALICE, 'nope')).toBeNull()
    expect(archive.lastIncomingArchiveId(ME, ALICE)).toBe('S3')
  })

  it('XEP-0333: a displayed marker marks our messages read up to the one it names, never a receipt-less downgrade', () => {
    const { db, archive } = openTestDb()
    const a = archive.storeOutgoing(ME, draft({ originId: 'o1' })).added[0]!
    const b = archive.storeOutgoing(ME, draft({ originId: 'o2' })).added[0]!
    const c = archive.storeOutgoing(ME, draft({ originId: 'o3' })).added[0]!
    archive.setStates(ME, [a, b, c].map((m) => ({ id: m.id, state: 'sent' as const })))
    expect(archive.markReadUpTo(ME, ALICE, 'o2')).toEqual([
      { id: a.id, state: 'read' },
      { id: b.id, state: 'read' },
    ])
    // A late ack or receipt cannot take a read message back.
    expect(archive.setStates(ME, [{ id: a.id, state: 'delivered' }])).toEqual([])
    expect(count(db, 'outbox')).toBe(0)
  })

  it('names the newest incoming markable message for our own marker', () => {
    const { archive } = openTestDb()
    archive.storeIncoming(ME, [incoming({ originId: 'm1', markable: true }), incoming({ originId: 'm2', markable: false })])
    expect(archive.lastMarkable(ME, ALICE)).toEqual({ originId: 'm1', sender: `${ALICE}/phone` })
  })
})
