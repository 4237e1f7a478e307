// Archive sync bookkeeping: storing a server-archive page together with the archive's cursor, and
// the chat-marker queries (XEP-0333). Layer: electron/core (Node, worker thread).
import type { Database } from 'better-sqlite3'
import type { ConversationSummary, MessageState } from '../../../shared/types/domain'
import type { IncomingMessage, StoreResult } from './archive'
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './conversations'
import { insertIncoming } from './messages'

export function storeArchivePage(db: Database, account: string, archive: string, messages: IncomingMessage[], cursor: string | null): StoreResult {
  return db.transaction(() => {
    const result = insertIncoming(db, account, messages)
    if (cursor !== null) {
      db.prepare<[string, string, string, number], unknown>(
        `INSERT INTO sync_state (account, archive, last_id, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (account, archive) DO UPDATE SET last_id = excluded.last_id, updated_at = excluded.updated_at`,
      ).run(account, archive, cursor, Date.now())
    }
    return result
  })()
}

export function syncCursor(db: Database, account: string, archive: string): string | null {
  const row = db.prepare<[string, string], { last_id: string | null }>(`SELECT last_id FROM sync_state WHERE account = ? AND archive = ?`).get(account, archive)
  return row?.last_id ?? null
}

/** Our messages in the conversation up to (and including) the one the peer displayed become read. */
export function markReadUpTo(db: Database, account: string, conversation: string, originId: string): { id: number; state: MessageState }[] {
  return db.transaction(() => {
    const target = db
      .prepare<[string, string, string, string], { id: number }>(
        `SELECT id FROM messages WHERE account = ? AND conversation = ? AND sender_bare = ? AND origin_id = ? AND direction = 'out'`,
      )
      .get(account, conversation, account, originId)
    if (!target) return []
    return db
      .prepare<[string, string, number], { id: number; state: MessageState }>(
        `UPDATE messages SET state = 'read'
         WHERE account = ? AND conversation = ? AND direction = 'out' AND id <= ? AND state IN ('sent', 'delivered')
         RETURNING id, state`,
      )
      .all(account, conversation, target.id)
  })()
}

export function lastMarkable(db: Database, account: string, conversation: string): { originId: string; sender: string } | null {
  const row = db
    .prepare<[string, string], { origin_id: string | null; sender: string }>(
      `SELECT origin_id, sender FROM messages INDEXED BY messages_page
       WHERE account = ? AND conversation = ? AND direction = 'in' AND markable = 1 AND origin_id IS NOT NULL
       ORDER BY id DESC LIMIT 1`,
    )
    .get(account, conversation)
  return row?.origin_id ? { originId: row.origin_id, sender: row.sender } : null
}

/**
 * XEP-0490: another device of ours displayed the conversation up to the message with this archive
 * id. Unread becomes the number of incoming messages stored after it (0 when it is the newest).
 * Null when we do not have that message (yet) or nothing changed.
 */
export function readUpToArchiveId(db: Database, account: string, conversation: string, archiveId: string): ConversationSummary | null {
  return db.transaction(() => {
    const target = db
      .prepare<[string, string, string], { id: number }>(`SELECT id FROM messages WHERE account = ? AND archive_id = ? AND conversation = ?`)
      .get(account, archiveId, conversation)
    if (!target) return null
    const after = db
      .prepare<[string, string, number], { n: number }>(
        `SELECT count(*) AS n FROM messages INDEXED BY messages_page WHERE account = ? AND conversation = ? AND id > ? AND direction = 'in'`,
      )
      .get(account, conversation, target.id)
    const row = db
      .prepare<[number, string, string, number], SummaryRow>(
        // Which of the messages still unread mention us is not kept: reading past any clears the count.
        `UPDATE conversations SET unread = ?, unread_mentions = 0 WHERE account = ? AND jid = ? AND unread > ?
         RETURNING ${SUMMARY_COLUMNS}`,
      )
      .get(after?.n ?? 0, account, conversation, after?.n ?? 0)
    return row ? toSummary(row) : null
  })()
}

/** The archive id of the newest incoming message, for our own XEP-0490 displayed marker. */
export function lastIncomingArchiveId(db: Database, account: string, conversation: string): string | null {
  const row = db
    .prepare<[string, string], { archive_id: string }>(
      `SELECT archive_id FROM messages INDEXED BY messages_page
       WHERE account = ? AND conversation = ? AND direction = 'in' AND archive_id IS NOT NULL ORDER BY id DESC LIMIT 1`,
    )
    .get(account, conversation)
  return row?.archive_id ?? null
}
