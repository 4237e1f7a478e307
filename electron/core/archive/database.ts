// Opening and closing the archive's single connection: schema check, pragmas (asserted, not
// assumed) and migrations. Layer: electron/core (Node, worker thread).
import Database from 'better-sqlite3'
import { migrate, refuseFutureSchema } from './migrate'
import { MIGRATIONS } from './migrations'

export const BUSY_TIMEOUT_MS = 5000

/** Each pragma is set, then read back: a silently ignored pragma must fail the open. */
const PRAGMAS: readonly { set: string; read: string; expected: string | number }[] = [
  { set: 'journal_mode = WAL', read: 'journal_mode', expected: 'wal' },
  // better-sqlite3 builds default WAL to NORMAL, where a commit can vanish on power loss; the
  // outbox and (later) sync cursors cannot be re-fetched, so pay one fsync per commit.
  { set: 'synchronous = FULL', read: 'synchronous', expected: 2 },
  { set: 'foreign_keys = ON', read: 'foreign_keys', expected: 1 },
  { set: 'trusted_schema = OFF', read: 'trusted_schema', expected: 0 },
  { set: `busy_timeout = ${BUSY_TIMEOUT_MS}`, read: 'busy_timeout', expected: BUSY_TIMEOUT_MS },
]

export function openDatabase(file: string): Database.Database {
  const db = new Database(file)
  try {
    // Before any pragma: switching to WAL rewrites the file header of a database we must not touch.
    refuseFutureSchema(db, MIGRATIONS)
    for (const { set, read, expected } of PRAGMAS) {
      db.pragma(set)
      const actual = db.pragma(read, { simple: true })
      if (actual !== expected) throw new Error(`PRAGMA ${read} is ${String(actual)}, expected ${expected}`)
    }
    migrate(db, MIGRATIONS)
    return db
  } catch (error) {
    db.close()
    throw error
  }
}

export function closeDatabase(db: Database.Database): void {
  try {
    db.pragma('optimize')
  } finally {
    db.close()
  }
}
