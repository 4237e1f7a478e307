// The message log: storing incoming (deduplicated) and outgoing messages, paging, delivery states.
// Each writer is one transaction that also updates the conversation summary and the outbox.
// Layer: electron/core (Node, worker thread).
import type { Database } from 'better-sqlite3'
import type { ChatMessage, MessageState } from '../../../shared/types/domain'
import type { IncomingMessage, OutgoingDraft, StoreResult } from './archive'
import { recordMessages } from './conversations'
import { attachmentField, storeAttachment } from './attachments'
import { dequeue, enqueue } from './outbox'

export interface MessageRow {
  id: number
  conversation: string
  direction: 'in' | 'out'
  body: string
  timestamp: number
  state: MessageState
  origin_id: string | null
  edited_at: number | null
  retracted_at: number | null
  sender_nick: string | null
  /** JSON of the shared file (migration 90). */
  attachment: string | null
}

export const MESSAGE_COLUMNS = 'id, conversation, direction, body, timestamp, state, origin_id, edited_at, retracted_at, sender_nick, attachment'

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

const INSERT_OUTGOING = `INSERT INTO messages
  (account, conversation, direction, sender, sender_bare, body, timestamp, received_at, state, origin_id, sender_nick)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

/** Messages without any id from the same sender with the same text this close together are one message. */
const ID_LESS_WINDOW_MS = 60_000

/**
 * Stores what is new, in one transaction. Duplicates, in order of trust: the same id in our own
 * archive; the same (conversation, sender bare JID, origin-id); for senders that set no id at all,
 * the same sender and text within a minute. A duplicate that brings an archive id we lacked (our
 * own sent message coming back from the archive, a live message met again in catch-up) lends it
 * to the stored row.
 */
export function storeIncoming(db: Database, account: string, messages: IncomingMessage[]): StoreResult {
  return db.transaction(() => insertIncoming(db, account, messages))()
}

/**
 * The body of storeIncoming, for callers that already hold a transaction. `firstId` places the
 * messages at explicit row ids (message i at firstId + i) instead of after every stored one: older
 * history goes below the oldest row, since row ids are the conversation's order. A placed batch
 * is history, so it leaves conversation summaries alone.
 */
export function insertIncoming(db: Database, account: string, messages: IncomingMessage[], firstId: number | null = null): StoreResult {
  // A NULL id lets SQLite pick the next one (AUTOINCREMENT).
  const insert = db.prepare<[number | null, ...InsertParams, string | null, number, string | null, string | null, string | null], MessageRow>(
    `INSERT INTO messages
       (id, account, conversation, direction, sender, sender_bare, body, timestamp, received_at, state, origin_id, archive_id, markable,
        sender_nick, occupant_id, room_archive_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING RETURNING ${MESSAGE_COLUMNS}`,
  )
  const byRoomArchiveId = db.prepare<[string, string, string], { id: number }>(
    `SELECT id FROM messages WHERE account = ? AND conversation = ? AND room_archive_id = ?`,
  )
  const lendRoomArchiveId = db.prepare<[string, number], unknown>(`UPDATE messages SET room_archive_id = ? WHERE id = ? AND room_archive_id IS NULL`)
  const byOrigin = db.prepare<[string, string, string, string], { id: number; archive_id: string | null; state: MessageState; direction: 'in' | 'out' }>(
    `SELECT id, archive_id, state, direction FROM messages WHERE account = ? AND conversation = ? AND sender_bare = ? AND origin_id = ?`,
  )
  const idLess = db.prepare<[string, string, string, string, number, number], { id: number }>(
    `SELECT id FROM messages INDEXED BY messages_page
     WHERE account = ? AND conversation = ? AND sender_bare = ? AND body = ? AND origin_id IS NULL AND timestamp BETWEEN ? AND ?
     LIMIT 1`,
  )
  const lendArchiveId = db.prepare<[string, number], unknown>(`UPDATE messages SET archive_id = ? WHERE id = ? AND archive_id IS NULL`)
  const added: ChatMessage[] = []
  const reconciled: { id: number; state: MessageState }[] = []
  const mentioning = new Set<number>()
  for (const [index, message] of messages.entries()) {
    const direction = message.direction ?? 'in'
    const senderBare = message.room?.senderKey ?? bareJid(message.senderJid)
    const archiveId = message.archiveId ?? null
    const roomArchiveId = message.room?.archiveId ?? null
    if (roomArchiveId !== null && byRoomArchiveId.get(account, message.conversation, roomArchiveId)) continue
    if (message.originId !== null) {
      const known =
        (message.room?.mayBeOwn ? byOrigin.get(account, message.conversation, account, message.originId) : undefined) ??
        byOrigin.get(account, message.conversation, senderBare, message.originId)
      if (known) {
        if (archiveId !== null && known.archive_id === null) lendArchiveId.run(archiveId, known.id)
        if (roomArchiveId !== null) lendRoomArchiveId.run(roomArchiveId, known.id)
        // Our archive holds a message we still thought pending: the server has it, it was sent.
        if (archiveId !== null && direction === 'out' && known.state === 'pending') reconciled.push(...setStates(db, account, [{ id: known.id, state: 'sent' }]))
        // The room reflected our message to its occupants (XEP-0045 §7.4): it was delivered.
        if (message.room?.mayBeOwn && known.direction === 'out') reconciled.push(...setStates(db, account, [{ id: known.id, state: 'delivered' }]))
        continue
      }
    } else if (idLess.get(account, message.conversation, senderBare, message.body, message.timestamp - ID_LESS_WINDOW_MS, message.timestamp + ID_LESS_WINDOW_MS)) {
      continue
    }
    const row = insert.get(
      firstId === null ? null : firstId + index,
      account,
      message.conversation,
      direction,
      message.senderJid,
      senderBare,
      message.body,
      message.timestamp,
      message.receivedAt,
      direction === 'out' ? 'sent' : 'received',
      message.originId,
      archiveId,
      message.markable ? 1 : 0,
      message.room?.nick ?? null,
      message.room?.occupantId ?? null,
      roomArchiveId,
    )
    if (!row) continue
    added.push(toMessage(storeAttachment(db, row, message.attachment)))
    if (message.room?.mentionsUs) mentioning.add(row.id)
  }
  const conversations = firstId === null ? recordMessages(db, account, added, mentioning) : []
  return { added, conversations, ...(reconciled.length > 0 ? { reconciled } : {}) }
}

/** Stores the draft as 'pending' together with its outbox row. */
export function storeOutgoing(db: Database, account: string, draft: OutgoingDraft): StoreResult {
  return db.transaction(() => {
    // No ON CONFLICT: a repeated origin-id of our own is a bug (a UUID collision), not a duplicate.
    const row = db
      .prepare<[...InsertParams, string | null], MessageRow>(`${INSERT_OUTGOING} RETURNING ${MESSAGE_COLUMNS}`)
      .get(account, draft.conversation, 'out', account, account, draft.body, draft.timestamp, draft.timestamp, 'pending', draft.originId, draft.senderNick ?? null)
    if (!row) throw new Error('INSERT … RETURNING returned no row')
    enqueue(db, row.id, draft.timestamp)
    const added = [toMessage(storeAttachment(db, row, draft.attachment))]
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
  assertLimit(limit)
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

const STATES = new Set<string>(['pending', 'sent', 'delivered', 'read', 'failed', 'received'])

/** The order of outgoing states as an SQL expression; -1 for states outside the sequence. */
const RANK = (column: string): string =>
  `(CASE ${column} WHEN 'pending' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE -1 END)`

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
    // States only move forward (pending → sent → delivered → read); 'failed' can follow pending
    // or sent, and 'pending' only a failure (a retry). So a late SM ack cannot undo a receipt.
    `UPDATE messages SET state = @state
     WHERE id = @id AND account = @account AND direction = 'out' AND (
       (@state = 'failed' AND state IN ('pending', 'sent')) OR
       (@state = 'pending' AND state = 'failed') OR
       (${RANK('@state')} > ${RANK('state')} AND state <> 'failed'))
     RETURNING id, state`,
  )
  return db.transaction(() => {
    const changed: { id: number; state: MessageState }[] = []
    for (const { id, state } of updates) {
      if (!STATES.has(state)) throw new RangeError(`Unknown message state: ${String(state)}`)
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

/** SQLite reads a negative LIMIT as "no limit", and 0 would say nothing about what is left. */
export function assertLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Page limit must be a positive integer, got ${limit}`)
}

/** The resource is case-sensitive and ours to strip; normalising the rest is the protocol layer's job. */
function bareJid(jid: string): string {
  const slash = jid.indexOf('/')
  return slash === -1 ? jid : jid.slice(0, slash)
}

export function toMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    conversation: row.conversation,
    direction: row.direction,
    body: row.body,
    timestamp: row.timestamp,
    state: row.state,
    // The domain type has no null: a message that came without any id has an empty origin-id.
    originId: row.origin_id ?? '',
    edited: row.edited_at !== null,
    retracted: row.retracted_at !== null,
    ...(row.sender_nick === null ? {} : { senderNick: row.sender_nick }),
    ...attachmentField(row.attachment),
  }
}
