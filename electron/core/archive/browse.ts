// Reading a conversation forward and around one message (opening a search hit), next to page()
// in messages.ts, which reads backward. Keyset walks of the (account, conversation, id) index, in
// id (arrival) order like the message list. Layer: electron/core (Node, worker thread).
import type { Database } from 'better-sqlite3'
import type { ChatMessage } from '../../../shared/types/domain'
import { MESSAGE_COLUMNS, assertLimit, toMessage, type MessageRow } from './messages'

/** Oldest first, the messages just after `afterId` (reading forward from a search hit); keyset like page(). */
export function newer(
  db: Database,
  account: string,
  conversation: string,
  afterId: number,
  limit: number,
): { messages: ChatMessage[]; hasMore: boolean } {
  assertLimit(limit)
  const rows = db
    .prepare<[string, string, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE account = ? AND conversation = ? AND id > ? ORDER BY id LIMIT ?`,
    )
    .all(account, conversation, afterId, limit + 1)
  return { messages: rows.slice(0, limit).map(toMessage), hasMore: rows.length > limit }
}

/**
 * The message `messageId` with up to `context` messages on each side, oldest first: two index
 * walks from the message outwards. Nothing (and no more either way) when the message is not in
 * this conversation of this account.
 */
export function around(
  db: Database,
  account: string,
  conversation: string,
  messageId: number,
  context: number,
): { messages: ChatMessage[]; hasOlder: boolean; hasNewer: boolean } {
  if (!Number.isInteger(context) || context < 0) throw new RangeError(`Context must be a non-negative integer, got ${context}`)
  const select = `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE account = ? AND conversation = ?`
  const target = db.prepare<[string, string, number], MessageRow>(`${select} AND id = ?`).get(account, conversation, messageId)
  if (!target) return { messages: [], hasOlder: false, hasNewer: false }
  const older = db
    .prepare<[string, string, number, number], MessageRow>(`${select} AND id < ? ORDER BY id DESC LIMIT ?`)
    .all(account, conversation, messageId, context + 1)
  const later = db
    .prepare<[string, string, number, number], MessageRow>(`${select} AND id > ? ORDER BY id LIMIT ?`)
    .all(account, conversation, messageId, context + 1)
  const rows = [...older.slice(0, context).reverse(), target, ...later.slice(0, context)]
  return { messages: rows.map(toMessage), hasOlder: older.length > context, hasNewer: later.length > context }
}
