// The cached roster of each account and its RFC 6121 version, so a sign-in can ask the server
// for changes only. Layer: electron/core (Node, worker thread).
import type { Database } from 'better-sqlite3'
import type { Subscription } from '../../../shared/types/domain'
import type { RosterItem } from './archive'

interface RosterRow {
  jid: string
  name: string
  groups: string
  subscription: Subscription
  pending_out: 0 | 1
}

export function loadRoster(db: Database, account: string): { version: string | null; items: RosterItem[] } {
  const version = db
    .prepare<[string], { version: string | null }>('SELECT version FROM roster_versions WHERE account = ?')
    .get(account)
  const items = db
    .prepare<[string], RosterRow>('SELECT jid, name, groups, subscription, pending_out FROM roster WHERE account = ? ORDER BY jid')
    .all(account)
    .map(toItem)
  return { version: version?.version ?? null, items }
}

export function replaceRoster(db: Database, account: string, version: string | null, items: RosterItem[]): void {
  db.transaction(() => {
    db.prepare<[string]>('DELETE FROM roster WHERE account = ?').run(account)
    for (const item of items) upsert(db, account, item)
    setVersion(db, account, version)
  })()
}

export function applyRosterPush(
  db: Database,
  account: string,
  version: string | null,
  item: RosterItem | { jid: string; remove: true },
): void {
  db.transaction(() => {
    if ('remove' in item) db.prepare<[string, string]>('DELETE FROM roster WHERE account = ? AND jid = ?').run(account, item.jid)
    else upsert(db, account, item)
    setVersion(db, account, version)
  })()
}

function upsert(db: Database, account: string, item: RosterItem): void {
  db.prepare<[string, string, string, string, Subscription, number]>(
    `INSERT INTO roster (account, jid, name, groups, subscription, pending_out) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (account, jid) DO UPDATE SET
       name = excluded.name, groups = excluded.groups,
       subscription = excluded.subscription, pending_out = excluded.pending_out`,
  ).run(account, item.jid, item.name, JSON.stringify(item.groups), item.subscription, item.pendingOut ? 1 : 0)
}

/** A null version is stored too: it makes the next sign-in fetch the full roster. */
function setVersion(db: Database, account: string, version: string | null): void {
  db.prepare<[string, string | null]>(
    `INSERT INTO roster_versions (account, version) VALUES (?, ?)
     ON CONFLICT (account) DO UPDATE SET version = excluded.version`,
  ).run(account, version)
}

function toItem(row: RosterRow): RosterItem {
  return {
    jid: row.jid,
    name: row.name,
    // The CHECK constraint guarantees a JSON array; the writer only ever stores strings in it.
    groups: JSON.parse(row.groups) as string[],
    subscription: row.subscription,
    pendingOut: row.pending_out === 1,
  }
}
