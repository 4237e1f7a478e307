// The message log: storing incoming (deduplicated) and outgoing messages, paging, delivery states.
// Each writer is one transaction that also updates the conversation summary and the outbox.
// Layer: electron/core (Node, worker thread).
import type { Database } from 'better-sqlite3'
import type { ChatMessage, MessageState } from '../../../shared/types/domain'
import type { IncomingMessage, OutgoingDraft, StoreResult } from './archive'
import { recordMessages } from './conversations'
import { dequeue, enqueue } from './outbox'

interface MessageRow {
  id: number
  conversation: string
  direction: 'in' | 'out'
  body: string
  timestamp: number
  state: MessageState
  origin_id: string | null
}

const MESSAGE_COLUMNS = 'id, conversation, direction, body, timestamp, state, origin_id'

type InsertParams = [
  account: string,
  conversation: string,
  direction: 'in' | 'out',
  sender: string,
  senderBare: string,
  body: string,
  timestamp: number,
  receivedAt: number,
  state: MessageState,
  originId: string | null,
]

const INSERT = `INSERT INTO messages
  (account, conversation, direction, sender, sender_bare, body, timestamp, received_at, state, origin_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

/** Stores what is new; a message whose (conversation, sender bare JID, origin-id) is known is skipped. */
export function storeIncoming(db: Database, account: string, messages: IncomingMessage[]): StoreResult {
  const insert = db.prepare<InsertParams, MessageRow>(`${INSERT} ON CONFLICT DO NOTHING RETURNING ${MESSAGE_COLUMNS}`)
  return db.transaction(() => {
    const added: ChatMessage[] = []
    for (const message of messages) {
      const row = insert.get(
        account,
        message.conversation,
        'in',
        message.senderJid,
        bareJid(message.senderJid),
        message.body,
        message.timestamp,
        message.receivedAt,
        'received',
        message.originId,
      )
      if (row) added.push(toMessage(row))
    }
    return { added, conversations: recordMessages(db, account, added) }
  })()
}

/** Stores the draft as 'pending' together with its outbox row. */
export function storeOutgoing(db: Database, account: string, draft: OutgoingDraft): StoreResult {
  return db.transaction(() => {
    // No ON CONFLICT: a repeated origin-id of our own is a bug (a UUID collision), not a duplicate.
    const row = db
      .prepare<InsertParams, MessageRow>(`${INSERT} RETURNING ${MESSAGE_COLUMNS}`)
      .get(account, draft.conversation, 'out', account, account, draft.body, draft.timestamp, draft.timestamp, 'pending', draft.originId)
    if (!row) throw new Error('INSERT … RETURNING returned no row')
    enqueue(db, row.id, draft.timestamp)
    const added = [toMessage(row)]
    return { added, conversations: recordMessages(db, account, added) }
  })()
}

/**
 * Oldest first. Keyset paging on (account, conversation, id): the cost does not grow with the
 * depth of the page, unlike OFFSET. One extra row is fetched to learn whether older ones exist.
 */
export function page(
  db: Database,
  account: string,
  conversation: string,
  beforeId: number | null,
  limit: number,
): { messages: ChatMessage[]; hasMore: boolean } {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Page limit must be a positive integer, got ${limit}`)
  const select = `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE account = ? AND conversation = ?`
  const rows =
    beforeId === null
      ? db.prepare<[string, string, number], MessageRow>(`${select} ORDER BY id DESC LIMIT ?`).all(account, conversation, limit + 1)
      : db
          .prepare<[string, string, number, number], MessageRow>(`${select} AND id < ? ORDER BY id DESC LIMIT ?`)
          .all(account, conversation, beforeId, limit + 1)
  const hasMore = rows.length > limit
  return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore }
}

/**
 * Applies the updates that change something, all or none. Leaving 'pending' removes the outbox row;
 * entering it (a retry of an outgoing message) queues the message again.
 */
export function setStates(
  db: Database,
  account: string,
  updates: { id: number; state: MessageState }[],
): { id: number; state: MessageState }[] {
  const update = db.prepare<{ id: number; account: string; state: MessageState }, { id: number; state: MessageState }>(
    `UPDATE messages SET state = @state
     WHERE id = @id AND account = @account AND state <> @state AND (@state <> 'pending' OR direction = 'out')
     RETURNING id, state`,
  )
  return db.transaction(() => {
    const changed: { id: number; state: MessageState }[] = []
    for (const { id, state } of updates) {
      const row = update.get({ id, account, state })
      if (!row) continue
      // queued_at records when the message (re-)entered the outbox.
      if (state === 'pending') enqueue(db, id, Date.now())
      else dequeue(db, id)
      changed.push(row)
    }
    return changed
  })()
}

export function findOutgoing(db: Database, account: string, conversation: string, originId: string): ChatMessage | null {
  // sender_bare = account matches the dedup index exactly, so this is a single index lookup.
  const row = db
    .prepare<[string, string, string, string], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages
       WHERE account = ? AND conversation = ? AND sender_bare = ? AND origin_id = ? AND direction = 'out'`,
    )
    .get(account, conversation, account, originId)
  return row ? toMessage(row) : null
}

/** The resource is case-sensitive and ours to strip; normalising the rest is the protocol layer's job. */
function bareJid(jid: string): string {
  const slash = jid.indexOf('/')
  return slash === -1 ? jid : jid.slice(0, slash)
}

function toMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    conversation: row.conversation,
    direction: row.direction,
    body: row.body,
    timestamp: row.timestamp,
    state: row.state,
    // The domain type has no null: a message that came without any id has an empty origin-id.
    originId: row.origin_id ?? '',
  }
}
