// History beyond the local archive: scroll-back pages stored before every local message, whether
// the server's start of a conversation was reached, where the sync stands in time, and the gaps the
// server could no longer fill. Layer: electron/core (Node, worker thread).
import type { Database } from 'better-sqlite3'
import type { HistoryGap } from '../../../shared/types/domain'
import type { IncomingMessage } from './archive'
import { insertIncoming } from './messages'

/**
 * Stores an older page of one conversation (oldest first) below every stored row, so it reads
 * before all of them, and remembers whether the server's history of it is complete. A conversation
 * with no summary yet gets one, with nothing unread: history is not news. Returns how many were new.
 */
export function storeOlderPage(db: Database, account: string, conversation: string, messages: IncomingMessage[], complete: boolean): number {
  return db.transaction(() => {
    const lowest = db.prepare<[], { id: number | null }>('SELECT min(id) AS id FROM messages').get()?.id ?? 1
    const { added } = insertIncoming(db, account, messages, Math.min(lowest, 1) - messages.length)
    db.prepare<[string, string, number], unknown>(
      `INSERT INTO history_state (account, conversation, complete) VALUES (?, ?, ?)
       ON CONFLICT (account, conversation) DO UPDATE SET complete = excluded.complete`,
    ).run(account, conversation, complete ? 1 : 0)
    const newest = added.at(-1)
    if (newest) {
      db.prepare<[string, string, number, string, string], unknown>(
        `INSERT INTO conversations (account, jid, last_activity, unread, last_body, last_direction) VALUES (?, ?, ?, 0, ?, ?)
         ON CONFLICT (account, jid) DO NOTHING`,
      ).run(account, conversation, newest.timestamp, newest.body, newest.direction)
    }
    return added.length
  })()
}

/**
 * Where scroll-back continues: the oldest stored message's time (null: none) and the archive id of
 * the oldest one that has one (in a room: the room archive's id), and whether the server's start
 * was reached.
 */
export function olderEdge(db: Database, account: string, conversation: string): { oldest: number | null; oldestArchiveId: string | null; complete: boolean } {
  const first = `FROM messages INDEXED BY messages_page WHERE account = ? AND conversation = ?`
  const oldest = db.prepare<[string, string], { timestamp: number }>(`SELECT timestamp ${first} ORDER BY id LIMIT 1`).get(account, conversation)?.timestamp ?? null
  const oldestArchiveId =
    db
      .prepare<[string, string], { archive_id: string }>(
        `SELECT coalesce(archive_id, room_archive_id) AS archive_id ${first} AND coalesce(archive_id, room_archive_id) IS NOT NULL ORDER BY id LIMIT 1`,
      )
      .get(account, conversation)?.archive_id ?? null
  const complete = db.prepare<[string, string], { complete: number }>(`SELECT complete FROM history_state WHERE account = ? AND conversation = ?`).get(account, conversation)?.complete === 1
  return { oldest, oldestArchiveId, complete }
}

/** The archive id of the newest message in this conversation that has one (either direction). */
export function newestArchiveIdIn(db: Database, account: string, conversation: string): string | null {
  return (
    db
      .prepare<[string, string], { archive_id: string }>(
        `SELECT archive_id FROM messages INDEXED BY messages_page WHERE account = ? AND conversation = ? AND archive_id IS NOT NULL ORDER BY id DESC LIMIT 1`,
      )
      .get(account, conversation)?.archive_id ?? null
  )
}

/**
 * How far in time our archive is synced: the newest message that came with an id from our server
 * archive (by catch-up or live, with its stanza-id); null when there is none.
 */
export function syncedUpTo(db: Database, account: string): number | null {
  return db.prepare<[string], { t: number | null }>(`SELECT max(timestamp) AS t FROM messages WHERE account = ? AND archive_id IS NOT NULL`).get(account)?.t ?? null
}

/** Records that messages from `from` to `to` may be missing; what is stored from now on lies after it. */
export function recordGap(db: Database, account: string, from: number, to: number): void {
  const newest = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM messages').get()?.id ?? 0
  db.prepare<[string, number, number, number, number], unknown>(`INSERT INTO archive_gaps (account, after_id, from_ts, to_ts, found_at) VALUES (?, ?, ?, ?, ?)`).run(
    account,
    newest,
    from,
    to,
    Date.now(),
  )
}

/** The gaps that fall inside this conversation: it has messages from after them. */
export function gapsIn(db: Database, account: string, conversation: string): HistoryGap[] {
  return db
    .prepare<[string, string], HistoryGap>(
      `SELECT beforeId, "from", "to" FROM (
         SELECT (SELECT min(m.id) FROM messages AS m INDEXED BY messages_page
                 WHERE m.account = g.account AND m.conversation = ? AND m.id > g.after_id) AS beforeId,
                g.from_ts AS "from", g.to_ts AS "to", g.after_id
         FROM archive_gaps AS g WHERE g.account = ?
       ) WHERE beforeId IS NOT NULL ORDER BY after_id`,
    )
    .all(conversation, account)
}
