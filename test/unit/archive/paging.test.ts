// Keyset paging through a conversation of 100k messages.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IncomingMessage } from '../../../electron/core/archive/archive'
import { closeDatabase, openDatabase } from '../../../electron/core/archive/database'
import { page, storeIncoming } from '../../../electron/core/archive/messages'
import { ALICE, BOB, ME, incoming } from './helpers'

const TOTAL = 100_000

function bulk(): IncomingMessage[] {
  const messages: IncomingMessage[] = []
  for (let i = 1; i <= TOTAL; i++) {
    messages.push(incoming({ body: `m${i}`, originId: `o${i}`, timestamp: i, receivedAt: i }))
    // Another conversation interleaved, so the pages must be scoped and ids are not contiguous.
    if (i % 10 === 0) messages.push(incoming({ conversation: BOB, senderJid: `${BOB}/r`, body: `b${i}`, timestamp: i, receivedAt: i }))
  }
  return messages
}

describe('page', () => {
  // Built once for the whole block: one call stores everything in one transaction, straight
  // through the query module.
  let dir: string
  let db: Database
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'archive-paging-'))
    db = openDatabase(join(dir, 'archive.db'))
    expect(storeIncoming(db, ME, bulk()).added).toHaveLength(TOTAL + TOTAL / 10)
  })
  afterAll(() => {
    closeDatabase(db)
    rmSync(dir, { recursive: true, force: true })
  })

  it('returns the newest page oldest-first, then older pages without overlap', () => {
    const newest = page(db, ME, ALICE, null, 50)
    expect(newest.hasMore).toBe(true)
    expect(newest.messages).toHaveLength(50)
    expect(newest.messages[0]?.body).toBe(`m${TOTAL - 49}`)
    expect(newest.messages.at(-1)?.body).toBe(`m${TOTAL}`)

    const older = page(db, ME, ALICE, newest.messages[0]!.id, 50)
    expect(older.messages.map((m) => m.body)).toEqual(Array.from({ length: 50 }, (_, i) => `m${TOTAL - 99 + i}`))
    expect(older.hasMore).toBe(true)
  })

  it('walks all messages with the largest page size and ends with hasMore false', () => {
    let beforeId: number | null = null
    let pages = 0
    let seen = 0
    let previousFirst = Number.POSITIVE_INFINITY
    for (;;) {
      const result = page(db, ME, ALICE, beforeId, 500)
      pages++
      seen += result.messages.length
      const ids = result.messages.map((m) => m.id)
      expect(ids).toEqual([...ids].sort((a, b) => a - b))
      expect(ids.at(-1)!).toBeLessThan(previousFirst)
      previousFirst = ids[0]!
      if (!result.hasMore) {
        expect(result.messages[0]?.body).toBe('m1')
        break
      }
      beforeId = ids[0]!
    }
    expect([pages, seen]).toEqual([TOTAL / 500, TOTAL])
  })

  it('has no older page before the first message, and exact boundaries report hasMore correctly', () => {
    const [first, , third] = db
      .prepare<[string], { id: number }>('SELECT id FROM messages WHERE conversation = ? ORDER BY id LIMIT 3')
      .all(ALICE)
      .map((row) => row.id)
    expect(page(db, ME, ALICE, first!, 10)).toEqual({ messages: [], hasMore: false })
    expect(page(db, ME, ALICE, third!, 2)).toMatchObject({ hasMore: false, messages: [{ body: 'm1' }, { body: 'm2' }] })
    expect(page(db, ME, ALICE, third!, 1)).toMatchObject({ hasMore: true, messages: [{ body: 'm2' }] })
    const bob = page(db, ME, BOB, null, 500)
    expect([bob.messages[0]?.body, bob.messages.at(-1)?.body, bob.hasMore]).toEqual([`b${TOTAL - 4_990}`, `b${TOTAL}`, true])
    expect(page(db, 'other@example.org', ALICE, null, 10)).toEqual({ messages: [], hasMore: false })
  })

  it('seeks through the (account, conversation, id) index instead of scanning', () => {
    const plan = db
      .prepare<[], { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT id FROM messages WHERE account = 'a' AND conversation = 'c' AND id < 5 ORDER BY id DESC LIMIT 10`,
      )
      .all()
      .map((row) => row.detail)
    expect(plan).toEqual(['SEARCH messages USING COVERING INDEX messages_page (account=? AND conversation=? AND id<?)'])
    const started = performance.now()
    for (let i = 0; i < 100; i++) page(db, ME, ALICE, 1_000 + i * 900, 500)
    // Generous bound (about 100x the usual time) so only a full scan per page would trip it.
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('refuses a limit that SQLite would read as "no limit"', () => {
    expect(() => page(db, ME, ALICE, null, 0)).toThrow(RangeError)
    expect(() => page(db, ME, ALICE, null, -1)).toThrow(RangeError)
  })
})

