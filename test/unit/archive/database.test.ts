// openDatabase(): pragmas asserted at open, migrations, and a future file left untouched.
import { existsSync, readFileSync, statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openArchive } from '../../../electron/core/archive/archive-client'
import { openDatabase } from '../../../electron/core/archive/database'
import { ArchiveFromFutureError } from '../../../electron/core/archive/errors'
import { MIGRATIONS } from '../../../electron/core/archive/migrations'
import { ME, incoming, openTestDb, tempPath } from './helpers'

describe('openDatabase', () => {
  it('sets and keeps the connection pragmas', () => {
    const { db } = openTestDb()
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('trusted_schema', { simple: true })).toBe(0)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
  })

  it('leaves the file in WAL mode for any later connection', () => {
    const { file } = openTestDb()
    const other = new Database(file, { readonly: true })
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal')
    other.close()
  })

  it('reopens an existing file without migrating again and keeps the data', () => {
    const first = openTestDb()
    first.archive.storeIncoming(ME, [incoming({ body: 'kept' })])
    first.db.close()
    const second = openTestDb(first.file)
    expect(second.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version)
    expect(second.archive.page(ME, 'alice@example.org', null, 10).messages.map((m) => m.body)).toEqual(['kept'])
  })

  it('refuses a database from the future without modifying it', async () => {
    const file = tempPath()
    const raw = new Database(file)
    raw.exec('CREATE TABLE from_the_future (x INTEGER)')
    raw.pragma('user_version = 9000')
    raw.close()
    const before = readFileSync(file)
    const mtime = statSync(file).mtimeMs

    expect(() => openDatabase(file)).toThrow(ArchiveFromFutureError)
    const error: unknown = await openArchive(file).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ArchiveFromFutureError)
    expect(error).toMatchObject({ found: 9000, known: MIGRATIONS[MIGRATIONS.length - 1]!.version, message: expect.stringContaining('newer than this app knows') })

    expect(readFileSync(file).equals(before)).toBe(true)
    expect(statSync(file).mtimeMs).toBe(mtime)
    // Switching to WAL would have rewritten the header and left a -wal file behind.
    expect(existsSync(`${file}-wal`)).toBe(false)
    const check = new Database(file, { readonly: true })
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete')
    check.close()
  })
})
