// Which avatar each contact uses (table avatars): read one, set or clear one. The hash is checked
// by the caller (it names a verified file in the cache). Layer: electron/core (Node, worker thread).
import type { Database } from 'better-sqlite3'

export function avatarHash(db: Database, account: string, jid: string): string | null {
  const row = db.prepare<[string, string], { hash: string }>('SELECT hash FROM avatars WHERE account = ? AND jid = ?').get(account, jid)
  return row?.hash ?? null
}

/** Remembers `hash` for the contact; null forgets it (they have no avatar). */
export function setAvatarHash(db: Database, account: string, jid: string, hash: string | null): void {
  if (hash === null) db.prepare<[string, string]>('DELETE FROM avatars WHERE account = ? AND jid = ?').run(account, jid)
  else db.prepare<[string, string, string]>('INSERT INTO avatars (account, jid, hash) VALUES (?, ?, ?) ON CONFLICT (account, jid) DO UPDATE SET hash = excluded.hash').run(account, jid, hash)
}
