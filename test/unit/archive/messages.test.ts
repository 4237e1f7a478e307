// Storing messages: dedup of incoming by sender-scoped origin-id, outgoing + outbox atomicity,
// outbox order and delivery state transitions.
import { describe, expect, it } from 'vitest'
import { ALICE, BOB, ME, count, draft, incoming, openTestDb } from './helpers'

describe('storeIncoming', () => {
  it('skips a message whose origin-id this sender already used, and reports only new rows', () => {
    const { db, archive } = openTestDb()
    const first = archive.storeIncoming(ME, [incoming({ originId: 'o-1', body: 'one' })])
    expect(first.added).toMatchObject([{ id: 1, body: 'one', direction: 'in', state: 'received', originId: 'o-1' }])

    // Same sender bare JID from another resource, plus a repeat inside the same batch.
    const second = archive.storeIncoming(ME, [
      incoming({ originId: 'o-1', senderJid: `${ALICE}/laptop`, body: 'one again' }),
      incoming({ originId: 'o-2', body: 'two' }),
      incoming({ originId: 'o-2', body: 'two again' }),
    ])
    expect(second.added.map((m) => m.body)).toEqual(['two'])
    // Ids increase in arrival order (a skipped insert may leave a gap: AUTOINCREMENT never reuses).
    expect(second.added[0]!.id).toBeGreaterThan(1)
    expect(second.conversations).toEqual([{ jid: ALICE, lastActivity: 1_000, unread: 2, lastBody: 'two', lastDirection: 'in' }])
    expect(count(db, 'messages')).toBe(2)
  })

  it('does not treat the same origin-id from another sender as a duplicate', () => {
    const { archive } = openTestDb()
    archive.storeIncoming(ME, [incoming({ originId: 'shared' })])
    const result = archive.storeIncoming(ME, [
      // Another sender in the same conversation (e.g. our own other client).
      incoming({ originId: 'shared', senderJid: `${ME}/desktop`, body: 'from me elsewhere' }),
      // The same sender, but in another conversation.
      incoming({ originId: 'shared', conversation: BOB, senderJid: `${BOB}/x`, body: 'bob' }),
    ])
    expect(result.added.map((m) => m.body)).toEqual(['from me elsewhere', 'bob'])
    // The other account's archive is separate too.
    expect(archive.storeIncoming('other@example.org', [incoming({ originId: 'shared' })]).added).toHaveLength(1)
  })

  it('treats id-less messages from one sender with the same text within a minute as one', () => {
    const { archive } = openTestDb()
    const result = archive.storeIncoming(ME, [incoming({ body: 'a', timestamp: 1_000 }), incoming({ body: 'a', timestamp: 40_000 })])
    expect(result.added.map((m) => [m.id, m.originId])).toEqual([[1, '']])
  })

  it('keeps id-less messages that differ in text, sender or by more than a minute', () => {
    const { archive } = openTestDb()
    const result = archive.storeIncoming(ME, [
      incoming({ body: 'a', timestamp: 1_000 }),
      incoming({ body: 'b', timestamp: 1_000 }),
      incoming({ body: 'a', timestamp: 62_000 }),
    ])
    expect(result.added.map((m) => m.body)).toEqual(['a', 'b', 'a'])
  })

  it('reports nothing when every message was a duplicate', () => {
    const { archive } = openTestDb()
    archive.storeIncoming(ME, [incoming({ originId: 'x' })])
    expect(archive.storeIncoming(ME, [incoming({ originId: 'x' })])).toEqual({ added: [], conversations: [] })
    expect(archive.conversations(ME)[0]?.unread).toBe(1)
  })
})

describe('storeOutgoing', () => {
  it('stores the message as pending together with its outbox row', () => {
    const { archive } = openTestDb()
    const d = draft({ body: 'out', timestamp: 5_000 })
    const result = archive.storeOutgoing(ME, d)
    expect(result.added).toEqual([
      { id: 1, conversation: ALICE, direction: 'out', body: 'out', timestamp: 5_000, state: 'pending', originId: d.originId, edited: false, retracted: false },
    ])
    expect(result.conversations).toEqual([{ jid: ALICE, lastActivity: 5_000, unread: 0, lastBody: 'out', lastDirection: 'out' }])
    expect(archive.outbox(ME)).toEqual([
      { messageId: 1, conversation: ALICE, body: 'out', originId: d.originId, timestamp: 5_000, attempts: 0, oobUrl: null },
    ])
  })

  it('writes neither message nor summary when the outbox row cannot be written', () => {
    const { db, archive } = openTestDb()
    db.exec("CREATE TEMP TRIGGER outbox_full BEFORE INSERT ON main.outbox BEGIN SELECT RAISE(ABORT, 'outbox full'); END")
    expect(() => archive.storeOutgoing(ME, draft())).toThrow('outbox full')
    expect([count(db, 'messages'), count(db, 'conversations'), count(db, 'outbox')]).toEqual([0, 0, 0])
  })

  it('refuses a repeated origin-id of our own instead of silently dropping the message', () => {
    const { db, archive } = openTestDb()
    const d = draft()
    archive.storeOutgoing(ME, d)
    expect(() => archive.storeOutgoing(ME, { ...d, body: 'second' })).toThrow(/UNIQUE constraint failed/)
    expect([count(db, 'messages'), count(db, 'outbox')]).toEqual([1, 1])
  })

  it('is found again by the origin-id the peer refers to', () => {
    const { archive } = openTestDb()
    const d = draft()
    archive.storeOutgoing(ME, d)
    archive.storeIncoming(ME, [incoming({ originId: 'peer-id' })])
    expect(archive.findOutgoing(ME, ALICE, d.originId)).toMatchObject({ id: 1, direction: 'out', originId: d.originId })
    expect(archive.findOutgoing(ME, ALICE, 'peer-id')).toBeNull()
    expect(archive.findOutgoing(ME, BOB, d.originId)).toBeNull()
    expect(archive.findOutgoing('other@example.org', ALICE, d.originId)).toBeNull()
  })
})

describe('outbox and states', () => {
  it('lists what is pending for the account, oldest first, with attempts', () => {
    const { archive } = openTestDb()
    const a = archive.storeOutgoing(ME, draft({ body: 'a', timestamp: 3_000 })).added[0]!
    const b = archive.storeOutgoing(ME, draft({ body: 'b', conversation: BOB, timestamp: 1_000 })).added[0]!
    const c = archive.storeOutgoing(ME, draft({ body: 'c', timestamp: 2_000 })).added[0]!
    archive.storeOutgoing('other@example.org', draft({ body: 'not mine' }))

    archive.noteAttempt(ME, b.id)
    archive.noteAttempt(ME, b.id)
    archive.noteAttempt('other@example.org', a.id) // wrong account: ignored
    expect(archive.outbox(ME).map((item) => [item.messageId, item.body, item.attempts])).toEqual([
      [a.id, 'a', 0],
      [b.id, 'b', 2],
      [c.id, 'c', 0],
    ])
  })

  it('leaving pending removes the outbox row; only real changes are reported', () => {
    const { db, archive } = openTestDb()
    const a = archive.storeOutgoing(ME, draft({ body: 'a' })).added[0]!
    const b = archive.storeOutgoing(ME, draft({ body: 'b' })).added[0]!

    expect(archive.setStates(ME, [{ id: a.id, state: 'sent' }])).toEqual([{ id: a.id, state: 'sent' }])
    expect(archive.outbox(ME).map((item) => item.messageId)).toEqual([b.id])

    expect(
      archive.setStates(ME, [
        { id: a.id, state: 'sent' }, // unchanged
        { id: a.id, state: 'delivered' },
        { id: 999, state: 'read' }, // unknown
        { id: b.id, state: 'pending' }, // unchanged
      ]),
    ).toEqual([{ id: a.id, state: 'delivered' }])
    expect(archive.setStates('other@example.org', [{ id: b.id, state: 'sent' }])).toEqual([])
    expect(archive.outbox(ME)).toHaveLength(1)

    expect(archive.setStates(ME, [{ id: b.id, state: 'failed' }])).toEqual([{ id: b.id, state: 'failed' }])
    expect(archive.outbox(ME)).toEqual([])
    expect(archive.page(ME, ALICE, null, 10).messages.map((m) => [m.body, m.state])).toEqual([
      ['a', 'delivered'],
      ['b', 'failed'],
    ])
    expect(count(db, 'outbox')).toBe(0)
  })

  it('going back to pending queues an outgoing message again, never an incoming one', () => {
    const { archive } = openTestDb()
    const out = archive.storeOutgoing(ME, draft()).added[0]!
    const inc = archive.storeIncoming(ME, [incoming()]).added[0]!
    archive.setStates(ME, [{ id: out.id, state: 'failed' }])
    expect(archive.setStates(ME, [{ id: out.id, state: 'pending' }, { id: inc.id, state: 'pending' }])).toEqual([{ id: out.id, state: 'pending' }])
    expect(archive.outbox(ME)).toMatchObject([{ messageId: out.id, attempts: 0 }])
  })

  it('applies a batch of updates all or nothing', () => {
    const { archive } = openTestDb()
    const a = archive.storeOutgoing(ME, draft()).added[0]!
    const bogus = { id: a.id, state: 'lost' } as unknown as { id: number; state: 'sent' }
    expect(() => archive.setStates(ME, [{ id: a.id, state: 'sent' }, bogus])).toThrow(/Unknown message state/)
    expect(archive.page(ME, ALICE, null, 1).messages[0]?.state).toBe('pending')
    expect(archive.outbox(ME)).toHaveLength(1)
  })

  it('drops the outbox row with its message (foreign keys are enforced)', () => {
    const { db, archive } = openTestDb()
    const a = archive.storeOutgoing(ME, draft()).added[0]!
    db.prepare<[number]>('DELETE FROM messages WHERE id = ?').run(a.id)
    expect(count(db, 'outbox')).toBe(0)
    expect(() => db.prepare('INSERT INTO outbox (message_id, queued_at) VALUES (42, 0)').run()).toThrow(/FOREIGN KEY/)
  })
})
