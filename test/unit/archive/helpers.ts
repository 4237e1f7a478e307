// Shared setup for the archive tests: real SQLite files in a fresh temp directory per test, opened
// in-process exactly as the worker opens them, and builders for messages.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { afterEach } from 'vitest'
import type { IncomingMessage, OutgoingDraft } from '../../../electron/core/archive/archive'
import { closeDatabase, openDatabase } from '../../../electron/core/archive/database'
import { archiveHandlers } from '../../../electron/core/archive/handlers'
import type { ArchiveHandlers } from '../../../electron/core/archive/protocol'

export const ME = 'me@example.org'
export const ALICE = 'alice@example.org'
export const BOB = 'bob@example.org'

const dirs: string[] = []
const open: Database[] = []

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) closeDatabase(db)
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A path in a fresh temp directory, removed after the test. */
export function tempPath(name = 'archive.db'): string {
  const dir = mkdtempSync(join(tmpdir(), 'archive-test-'))
  dirs.push(dir)
  return join(dir, name)
}

/** Opens (creating and migrating) a database file in-process; closed after the test. */
export function openTestDb(file = tempPath()): { db: Database; archive: ArchiveHandlers; file: string } {
  const db = openDatabase(file)
  open.push(db)
  return { db, archive: archiveHandlers(db), file }
}

export function incoming(overrides: Partial<IncomingMessage> = {}): IncomingMessage {
  return {
    conversation: ALICE,
    senderJid: `${ALICE}/phone`,
    body: 'hello',
    originId: null,
    timestamp: 1_000,
    receivedAt: 1_000,
    ...overrides,
  }
}

export function draft(overrides: Partial<OutgoingDraft> = {}): OutgoingDraft {
  return { conversation: ALICE, body: 'hi there', originId: crypto.randomUUID(), timestamp: 2_000, ...overrides }
}

export function count(db: Database, table: string): number {
  return db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? -1
}
