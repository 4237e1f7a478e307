// migrate(): ordered numbered steps, one transaction, PRAGMA user_version.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ArchiveFromFutureError } from '../../../electron/core/archive/errors'
import { migrate, schemaVersion, type Migration } from '../../../electron/core/archive/migrate'
import { MIGRATIONS } from '../../../electron/core/archive/migrations'
import { tempPath } from './helpers'

function tables(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => row.name)
}

function withDb(test: (db: Database.Database) => void): void {
  const db = new Database(tempPath())
  try {
    test(db)
  } finally {
    db.close()
  }
}

const LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.version

describe('migrate', () => {
  it('creates the schema on a fresh file and records the version', () => {
    withDb((db) => {
      expect(migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.map((m) => m.version))
      expect(schemaVersion(db)).toBe(LATEST)
      expect(tables(db)).toEqual(expect.arrayContaining(['conversations', 'messages', 'outbox', 'roster', 'roster_versions', 'settings', 'sync_state']))
    })
  })

  it('is idempotent: a second run applies nothing', () => {
    withDb((db) => {
      migrate(db, MIGRATIONS)
      expect(migrate(db, MIGRATIONS)).toEqual([])
      expect(schemaVersion(db)).toBe(LATEST)
    })
  })

  it('applies only the steps above the current version, all in one go', () => {
    const applied: number[] = []
    const step = (version: number): Migration => ({ version, up: () => applied.push(version) })
    withDb((db) => {
      migrate(db, [step(10), step(20)])
      expect(migrate(db, [step(10), step(20), step(30), step(40)])).toEqual([30, 40])
      expect(applied).toEqual([10, 20, 30, 40])
      expect(schemaVersion(db)).toBe(40)
    })
  })

  it('rolls back every step when one fails', () => {
    const failing: Migration = {
      version: LATEST + 10,
      up(db) {
        db.exec('CREATE TABLE half_done (x INTEGER)')
        throw new Error('disk on fire')
      },
    }
    withDb((db) => {
      expect(() => migrate(db, [...MIGRATIONS, failing])).toThrow(`Archive migration ${LATEST + 10} failed: disk on fire`)
      expect(schemaVersion(db)).toBe(0)
      expect(tables(db)).toEqual([])
    })
  })

  it('refuses a list that is not strictly increasing', () => {
    const noop = (version: number): Migration => ({ version, up: () => undefined })
    withDb((db) => {
      expect(() => migrate(db, [noop(10), noop(10)])).toThrow('out of order: 10 after 10')
      expect(() => migrate(db, [noop(20), noop(10)])).toThrow('out of order: 10 after 20')
      expect(schemaVersion(db)).toBe(0)
    })
  })

  it('refuses a database from the future', () => {
    withDb((db) => {
      db.pragma('user_version = 999')
      expect(() => migrate(db, MIGRATIONS)).toThrow(ArchiveFromFutureError)
      expect(schemaVersion(db)).toBe(999)
      expect(tables(db)).toEqual([])
    })
  })
})
