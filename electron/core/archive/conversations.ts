// Conversation summaries (the chat list): last activity, last message preview and unread count,
// kept up to date by the message writers in their own transaction. Layer: electron/core (Node,
// worker thread).
import type { Database } from 'better-sqlite3'
import type { ChatMessage, ConversationSummary } from '../../../shared/types/domain'

export interface SummaryRow {
  jid: string
  last_activity: number
  unread: number
  last_body: string
  last_direction: 'in' | 'out'
  last_sender_nick: string | null
  last_file_name: string | null
  unread_mentions: number
}

export const SUMMARY_COLUMNS = 'jid, last_activity, unread, last_body, last_direction, last_sender_nick, last_file_name, unread_mentions'

/**
 * Folds newly stored messages (in arrival order) into their conversations' summaries and returns
 * the new summaries. Incoming messages count as unread; outgoing ones leave the count alone (only
 * markRead clears it). The preview follows arrival order, as the message list does, but
 * last_activity never goes back, so a late delayed message cannot sink a chat.
 */
export function recordMessages(db: Database, account: string, added: ChatMessage[], mentioning: ReadonlySet<number> = new Set()): ConversationSummary[] {
  const changes = new Map<string, { activity: number; unread: number; mentions: number; body: string; direction: 'in' | 'out'; nick: string | null; file: string | null }>()
  for (const message of added) {
    const previous = changes.get(message.conversation)
    changes.set(message.conversation, {
      activity: Math.max(previous?.activity ?? message.timestamp, message.timestamp),
      unread: (previous?.unread ?? 0) + (message.direction === 'in' ? 1 : 0),
      mentions: (previous?.mentions ?? 0) + (message.direction === 'in' && mentioning.has(message.id) ? 1 : 0),
      body: message.body,
      direction: message.direction,
      nick: message.senderNick ?? null,
      file: message.attachment?.name ?? null,
    })
  }
  const upsert = db.prepare<[string, string, number, number, string, string, string | null, string | null, number], SummaryRow>(
    `INSERT INTO conversations (account, jid, last_activity, unread, last_body, last_direction, last_sender_nick, last_file_name, unread_mentions)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (account, jid) DO UPDATE SET
       last_activity = max(last_activity, excluded.last_activity),
       unread = unread + excluded.unread,
       unread_mentions = unread_mentions + excluded.unread_mentions,
       last_body = excluded.last_body,
       last_direction = excluded.last_direction,
       last_sender_nick = excluded.last_sender_nick,
       last_file_name = excluded.last_file_name
     RETURNING ${SUMMARY_COLUMNS}`,
  )
  return [...changes].flatMap(([jid, change]) => {
    const row = upsert.get(account, jid, change.activity, change.unread, change.body, change.direction, change.nick, change.file, change.mentions)
    return row ? [toSummary(row)] : []
  })
}

/** Most recently active first. */
export function listConversations(db: Database, account: string): ConversationSummary[] {
  return db
    .prepare<[string], SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM conversations WHERE account = ? ORDER BY last_activity DESC, jid`,
    )
    .all(account)
    .map(toSummary)
}

export function markRead(db: Database, account: string, jid: string): ConversationSummary | null {
  const row = db
    .prepare<[string, string], SummaryRow>(
      `UPDATE conversations SET unread = 0, unread_mentions = 0 WHERE account = ? AND jid = ? RETURNING ${SUMMARY_COLUMNS}`,
    )
    .get(account, jid)
  return row ? toSummary(row) : null
}

export function toSummary(row: SummaryRow): ConversationSummary {
  return {
    jid: row.jid,
    lastActivity: row.last_activity,
    unread: row.unread,
    lastBody: row.last_body,
    lastDirection: row.last_direction,
    ...(row.last_sender_nick === null ? {} : { lastSenderNick: row.last_sender_nick }),
    ...(row.last_file_name === null ? {} : { lastFileName: row.last_file_name }),
    ...(row.unread_mentions > 0 ? { unreadMentions: row.unread_mentions } : {}),
  }
}
