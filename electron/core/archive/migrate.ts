// Schema migrations: an ordered list of numbered steps, tracked with PRAGMA user_version. All
// pending steps run in one transaction, so a failure leaves the database exactly as it was.
// Layer: electron/core (Node, worker thread).
import type { Database } from 'better-sqlite3'
import { ArchiveFromFutureError } from './errors'

export interface Migration {
  /** Multiples of 10, so that a fix can be slotted in between two released versions. */
  version: number
  up(db: Database): void
}

export function schemaVersion(db: Database): number {
  return Number(db.pragma('user_version', { simple: true }))
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0
}

/** Throws ArchiveFromFutureError without writing anything when the file is newer than the code. */
export function refuseFutureSchema(db: Database, migrations: readonly Migration[]): void {
  const found = schemaVersion(db)
  const known = latestVersion(migrations)
  if (found > known) throw new ArchiveFromFutureError(found, known)
}

/** Applies the pending migrations; returns the versions applied (empty when up to date). */
export function migrate(db: Database, migrations: readonly Migration[]): number[] {
  assertIncreasing(migrations)
  refuseFutureSchema(db, migrations)
  const current = schemaVersion(db)
  const pending = migrations.filter((migration) => migration.version > current)
  if (pending.length === 0) return []
  db.transaction(() => {
    for (const migration of pending) {
      try {
        migration.up(db)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new Error(`Archive migration ${migration.version} failed: ${reason}`, { cause: error })
      }
    }
    // user_version lives in the database header, so it commits or rolls back with the steps.
    db.pragma(`user_version = ${latestVersion(migrations)}`)
  })()
  return pending.map((migration) => migration.version)
}

function assertIncreasing(migrations: readonly Migration[]): void {
  let previous = 0
  for (const { version } of migrations) {
    if (!Number.isInteger(version) || version <= previous) {
      throw new Error(`Archive migrations out of order: ${version} after ${previous}`)
    }
    previous = version
  }
}
