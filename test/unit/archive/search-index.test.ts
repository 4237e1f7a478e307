// The search index kept by migration 0020's triggers: corrections, retractions and deletions,
// secure-delete, keyset paging over equal timestamps and late arrivals, and the backfill of an
// archive written before search existed.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { SearchRequest } from '../../../electron/core/archive/archive'
import { migrate } from '../../../electron/core/archive/migrate'
import { MIGRATIONS } from '../../../electron/core/archive/migrations'
import type { ArchiveHandlers } from '../../../electron/core/archive/protocol'
import type { SearchFilters } from '../../../shared/types/domain'
import { ALICE, BOB, ME, count, draft, incoming, openTestDb, tempPath } from './helpers'

const NONE: SearchFilters = { conversation: null, sender: null, after: null, before: null }

function search(archive: ArchiveHandlers, text: string, request: Partial<SearchRequest> = {}) {
  const result = archive.search(ME, { text, filters: NONE, cursor: null, limit: 50, ...request })
  if (result === 'superseded') throw new Error('only the client supersedes')
  return result
}

const ids = (archive: ArchiveHandlers, text: string): number[] => search(archive, text).hits.map((hit) => hit.message.id)

/** FTS5's own check that each index matches its content (for messages_fts: the view over messages). */
function checkIntegrity(db: Database.Database): void {
  db.exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`)
  db.exec(`INSERT INTO messages_ngram (messages_ngram, rank) VALUES ('integrity-check', 1)`)
}

/** Index pages that still hold these bytes anywhere (a term, a prefix, a trigram). */
function traces(db: Database.Database, table: 'messages_fts' | 'messages_ngram', text: string): number {
  return db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM ${table}_data WHERE instr(block, CAST(? AS BLOB)) > 0`).get(text)?.n ?? -1
}

describe('search index maintenance', () => {
  it('re-indexes a correction: the old text is gone, the new text is found', () => {
    const { db, archive } = openTestDb()
    const [message] = archive.storeIncoming(ME, [incoming({ body: 'meet at the stadium 今天晚上', originId: 'c' })]).added
    db.prepare('UPDATE messages SET body = ? WHERE id = ?').run('meet at the museum 明天早上', message!.id)
    expect(ids(archive, 'stadium')).toEqual([])
    expect(ids(archive, '今天')).toEqual([])
    expect(ids(archive, 'museum')).toEqual([message!.id])
    expect(ids(archive, '明天早')).toEqual([message!.id])
    expect(search(archive, 'museum').hits[0]?.message.body).toBe('meet at the museum 明天早上')
    checkIntegrity(db)
  })

  it('drops a retracted message from both indexes, and secure-delete purges its text', () => {
    const { db, archive } = openTestDb()
    const [kept, retracted] = archive.storeIncoming(ME, [
      incoming({ body: 'ordinary words', originId: 'k' }),
      incoming({ body: 'zanzibarquux 秘密计划书 ordinary', originId: 'r' }),
    ]).added
    expect(ids(archive, 'zanzibarquux')).toEqual([retracted!.id])
    expect(traces(db, 'messages_fts', 'zanzibarquux')).toBeGreaterThan(0)
    expect(traces(db, 'messages_ngram', '秘密计')).toBeGreaterThan(0)

    db.prepare('UPDATE messages SET retracted_at = ? WHERE id = ?').run(5_000, retracted!.id)
    expect(ids(archive, 'zanzibarquux')).toEqual([])
    expect(ids(archive, '秘密')).toEqual([])
    expect(ids(archive, '计划书')).toEqual([])
    expect(ids(archive, 'ordinary')).toEqual([kept!.id])
    // Not masked by a delete marker until some merge: the text is no longer in the index at all.
    expect(traces(db, 'messages_fts', 'zanzibarquux')).toBe(0)
    expect(traces(db, 'messages_ngram', '秘密计')).toBe(0)
    // An edit to a retracted message does not bring it back.
    db.prepare('UPDATE messages SET body = ? WHERE id = ?').run('zanzibarquux again', retracted!.id)
    expect(ids(archive, 'zanzibarquux')).toEqual([])
    checkIntegrity(db)
  })

  it('removes deleted messages from both indexes', () => {
    const { db, archive } = openTestDb()
    const [message] = archive.storeIncoming(ME, [incoming({ body: 'short lived 🎉 note', originId: 'd' })]).added
    expect(count(db, 'messages_ngram')).toBe(1)
    db.prepare('DELETE FROM messages WHERE id = ?').run(message!.id)
    expect(ids(archive, 'lived')).toEqual([])
    expect(ids(archive, '🎉')).toEqual([])
    expect(count(db, 'messages_ngram')).toBe(0)
    expect(traces(db, 'messages_fts', 'lived')).toBe(0)
    checkIntegrity(db)
  })

  it('leaves the index alone for other updates, and follows a changed timestamp', () => {
    const { db, archive } = openTestDb()
    const sent = archive.storeOutgoing(ME, draft({ body: 'status check', timestamp: 10_000 })).added[0]!
    const other = archive.storeIncoming(ME, [incoming({ body: 'status report', originId: 's', timestamp: 20_000 })]).added[0]!
    archive.setStates(ME, [{ id: sent.id, state: 'sent' }])
    expect(ids(archive, 'status')).toEqual([other.id, sent.id])
    db.prepare('UPDATE messages SET timestamp = ? WHERE id = ?').run(30 * 60_000, sent.id)
    expect(ids(archive, 'status')).toEqual([sent.id, other.id])
    expect(search(archive, 'status', { filters: { ...NONE, after: 60_000 } }).hits.map((hit) => hit.message.id)).toEqual([sent.id])
    checkIntegrity(db)
  })

  it('keeps the indexes consistent through a mixed workload', () => {
    const { db, archive } = openTestDb()
    const added = archive.storeIncoming(
      ME,
      Array.from({ length: 200 }, (_, i) => incoming({ body: i % 3 === 0 ? `第${i}条 消息 note ${i}` : `note number ${i}`, originId: `m${i}`, timestamp: (i % 17) * 45_000 })),
    ).added
    for (const message of added.filter((_, i) => i % 5 === 0)) db.prepare('UPDATE messages SET body = body || ? WHERE id = ?').run(' 改 edited', message.id)
    for (const message of added.filter((_, i) => i % 7 === 0)) db.prepare('UPDATE messages SET retracted_at = 1 WHERE id = ?').run(message.id)
    for (const message of added.filter((_, i) => i % 11 === 0)) db.prepare('DELETE FROM messages WHERE id = ?').run(message.id)
    checkIntegrity(db)
    const live = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM messages WHERE retracted_at IS NULL AND body LIKE '%note%'`).get()?.n
    let found = 0
    let cursor: string | null = null
    do {
      const page = search(archive, 'note', { cursor, limit: 30 })
      found += page.hits.length
      cursor = page.nextCursor
    } while (cursor !== null)
    expect(found).toBe(live)
  })
})

describe('search paging', () => {
  /** Messages in a scrambled arrival order, seven per timestamp, spread over several minutes. */
  function scrambled(total: number) {
    const test = openTestDb()
    const order = Array.from({ length: total }, (_, i) => (i * 37) % total)
    test.archive.storeIncoming(
      ME,
      order.map((i) => incoming({ conversation: i % 4 === 0 ? BOB : ALICE, senderJid: `${i % 4 === 0 ? BOB : ALICE}/r`, body: `tick ${i}`, originId: `t${i}`, timestamp: Math.floor(i / 7) * 17_000 })),
    )
    return test
  }

  function walk(archive: ArchiveHandlers, text: string, limit: number, filters = NONE): number[] {
    const seen: number[] = []
    let cursor: string | null = null
    for (;;) {
      const page = search(archive, text, { cursor, limit, filters })
      expect(page.hits.length).toBeLessThanOrEqual(limit)
      seen.push(...page.hits.map((hit) => hit.message.id))
      if (page.nextCursor === null) return seen
      expect(page.hits).toHaveLength(limit)
      cursor = page.nextCursor
    }
  }

  it('walks every hit once, newest first by (timestamp, id), across equal timestamps and minutes', () => {
    const { db, archive } = scrambled(231)
    const expected = db.prepare<[], { id: number }>('SELECT id FROM messages ORDER BY timestamp DESC, id DESC').all().map((row) => row.id)
    for (const limit of [1, 7, 10, 50, 231, 500]) expect(walk(archive, 'tick', limit), `limit ${limit}`).toEqual(expected)
    const inBob = db.prepare<[string], { id: number }>('SELECT id FROM messages WHERE conversation = ? ORDER BY timestamp DESC, id DESC').all(BOB).map((row) => row.id)
    expect(walk(archive, 'tick', 9, { ...NONE, conversation: BOB })).toEqual(inBob)
  })

  it('continues after the cursor when messages arrive between pages: none twice, older ones still found', () => {
    const { archive } = scrambled(70)
    const first = search(archive, 'tick', { limit: 20 })
    const last = first.hits.at(-1)!.message
    archive.storeIncoming(ME, [
      incoming({ body: 'tick newest', originId: 'late-new', timestamp: 10_000_000 }),
      incoming({ body: 'tick backfilled', originId: 'late-old', timestamp: last.timestamp - 1 }),
      // Same timestamp as the cursor's message, but stored later (higher id): sorts before it.
      incoming({ body: 'tick same time', originId: 'late-same', timestamp: last.timestamp }),
    ])
    const rest: string[] = []
    let cursor = first.nextCursor
    while (cursor !== null) {
      const page = search(archive, 'tick', { cursor, limit: 20 })
      rest.push(...page.hits.map((hit) => hit.message.body))
      cursor = page.nextCursor
    }
    const before = first.hits.map((hit) => hit.message.body)
    expect(rest).toContain('tick backfilled')
    expect(rest).not.toContain('tick newest')
    expect(rest).not.toContain('tick same time')
    expect(new Set([...before, ...rest]).size).toBe(before.length + rest.length)
    expect(before.length + rest.length).toBe(71)
  })

  it('finds the first page of a common word quickly in a large archive', () => {
    const { archive } = openTestDb()
    for (let batch = 0; batch < 30; batch++) {
      archive.storeIncoming(
        ME,
        Array.from({ length: 1_000 }, (_, i) => {
          const n = batch * 1_000 + i
          return incoming({ conversation: `c${n % 50}@example.org`, senderJid: `c${n % 50}@example.org/r`, body: `common words here ${n}`, originId: `p${n}`, timestamp: n * 1_000 })
        }),
      )
    }
    const started = performance.now()
    for (let i = 0; i < 20; i++) expect(search(archive, 'common').hits).toHaveLength(50)
    for (let i = 0; i < 20; i++) expect(search(archive, `common in:c7@example.org`).hits).toHaveLength(50)
    // Generous (about 50x the usual): only a plan that reads every match would trip it.
    expect(performance.now() - started).toBeLessThan(2_000)
  })
})

describe('migration 20', () => {
  it('indexes the messages of an archive written before search existed', () => {
    const file = tempPath()
    const old = new Database(file)
    migrate(old, MIGRATIONS.filter((migration) => migration.version <= 10))
    const insert = old.prepare(
      `INSERT INTO messages (account, conversation, direction, sender, sender_bare, body, timestamp, received_at, state, origin_id)
       VALUES (?, ?, 'in', ?, ?, ?, ?, ?, 'received', ?)`,
    )
    // Stored out of time order, two of them in the same millisecond.
    insert.run(ME, ALICE, `${ALICE}/r`, ALICE, 'older café note', 5_000, 9_000, 'a')
    insert.run(ME, ALICE, `${ALICE}/r`, ALICE, 'newest café note', 90_000, 9_000, 'b')
    insert.run(ME, BOB, `${BOB}/r`, BOB, '我们今天去吃饭 note', 5_000, 9_000, 'c')
    old.close()

    const { db, archive } = openTestDb(file)
    expect(search(archive, 'cafe').hits.map((hit) => hit.message.body)).toEqual(['newest café note', 'older café note'])
    expect(search(archive, '吃饭').hits.map((hit) => hit.message.body)).toEqual(['我们今天去吃饭 note'])
    expect(search(archive, 'note').hits.map((hit) => hit.message.id)).toEqual([2, 3, 1])
    const keys = db.prepare<[], { id: number; key: bigint }>('SELECT id, search_key AS key FROM messages ORDER BY id').safeIntegers(true).all()
    expect(keys.map((row) => row.key - keys[0]!.key)).toEqual([0n, 2n ** 20n, 1n])
    checkIntegrity(db)
  })
})
