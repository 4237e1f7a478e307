// The verified XEP-0115 capabilities cache (table caps_cache): read it all at sign-in, add an
// entry when a ver was verified, keep at most CAPS_CACHE_LIMIT entries (a contact can make up as
// many valid vers as it likes; the cache must not grow with them). Layer: electron/core (Node,
// worker thread).
import type { Database } from 'better-sqlite3'
import type { VerifiedCaps } from './archive'

export const CAPS_CACHE_LIMIT = 500

export function capsEntries(db: Database): VerifiedCaps[] {
  return db
    .prepare<[], { hash: string; ver: string; features: string }>('SELECT hash, ver, features FROM caps_cache ORDER BY id')
    .all()
    .map((row) => ({ hash: row.hash, ver: row.ver, features: JSON.parse(row.features) as string[] }))
}

/** Stores (or refreshes) an entry as the newest, then evicts the oldest beyond the limit. */
export function storeCaps(db: Database, entry: VerifiedCaps, limit = CAPS_CACHE_LIMIT): void {
  db.transaction(() => {
    db.prepare<[string, string]>('DELETE FROM caps_cache WHERE hash = ? AND ver = ?').run(entry.hash, entry.ver)
    db.prepare<[string, string, string]>('INSERT INTO caps_cache (hash, ver, features) VALUES (?, ?, ?)').run(entry.hash, entry.ver, JSON.stringify(entry.features))
    db.prepare<[number]>('DELETE FROM caps_cache WHERE id NOT IN (SELECT id FROM caps_cache ORDER BY id DESC LIMIT ?)').run(limit)
  })()
}
