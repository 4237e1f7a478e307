// Corrections (XEP-0308) and retractions (XEP-0424) of stored messages, applied only for the
// original sender (security notes A9): the target is looked up by (conversation, sender bare JID,
// id), so nobody can change someone else's message. A correction of a correction resolves to the
// original; a correction naming itself is refused (Gajim CVE-2021-41055 crashed on one).
// Layer: electron/core (Node, worker thread).
import type { Database } from 'better-sqlite3'
import type { ChatMessage } from '../../../shared/types/domain'
import type { Correction, Retraction } from './archive'
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from './messages'

/**
 * The original message an id refers to: by its own origin-id, or by the id of one of its corrections;
 * none when it is older than `notBefore` (sent before the sender's current identity was vouched for).
 */
function findTarget(db: Database, account: string, conversation: string, senderBare: string, id: string, notBefore = -Infinity): MessageRow | undefined {
  const target = (
    db
      .prepare<[string, string, string, string], MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE account = ? AND conversation = ? AND sender_bare = ? AND origin_id = ?`,
      )
      .get(account, conversation, senderBare, id) ??
    db
      .prepare<[string, string, string, string], MessageRow>(
        `SELECT ${MESSAGE_COLUMNS.split(', ').map((c) => `m.${c}`).join(', ')}
         FROM message_edits e JOIN messages m ON m.id = e.message_id
         WHERE m.account = ? AND m.conversation = ? AND m.sender_bare = ? AND e.origin_id = ?`,
      )
      .get(account, conversation, senderBare, id)
  )
  return target && target.timestamp >= notBefore ? target : undefined
}

/**
 * The chat list preview follows the newest message's current text and file (a retracted text, or
 * a link corrected away, must not linger there).
 */
function refreshPreview(db: Database, account: string, conversation: string): void {
  const newest = db
    .prepare<[string, string], { body: string; file: string | null }>(
      `SELECT body, json_extract(attachment, '$.name') AS file FROM messages INDEXED BY messages_page WHERE account = ? AND conversation = ? ORDER BY id DESC LIMIT 1`,
    )
    .get(account, conversation)
  db.prepare<[string, string | null, string, string], unknown>(`UPDATE conversations SET last_body = ?, last_file_name = ? WHERE account = ? AND jid = ?`).run(
    newest?.body ?? '',
    newest?.file ?? null,
    account,
    conversation,
  )
}

function reload(db: Database, id: number): ChatMessage {
  const row = db.prepare<[number], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`).get(id)
  if (!row) throw new Error(`message ${id} vanished`)
  return toMessage(row)
}

/** Returns the corrected message, or null when the correction does not apply (unknown, foreign, repeated, retracted). */
export function applyCorrection(db: Database, account: string, correction: Correction): ChatMessage | null {
  if (correction.originId !== null && correction.originId === correction.replaceId) return null
  return db.transaction(() => {
    const target = findTarget(db, account, correction.conversation, correction.senderBare, correction.replaceId, correction.notBefore)
    if (!target || target.retracted_at !== null) return null
    // The same correction again (live, then by carbon or from the archive) changes nothing.
    if (correction.originId !== null) {
      const seen = db.prepare<[number, string], { id: number }>(`SELECT id FROM message_edits WHERE message_id = ? AND origin_id = ?`).get(target.id, correction.originId)
      if (seen || target.origin_id === correction.originId) return null
    }
    if (target.body === correction.body) return null
    db.prepare<[number, string | null, string, number], unknown>(
      `INSERT INTO message_edits (message_id, origin_id, previous_body, replaced_at) VALUES (?, ?, ?, ?)`,
    ).run(target.id, correction.originId, target.body, correction.timestamp)
    // A file message stays one only while its text is still the file's link.
    db.prepare<[string, number, string, number], unknown>(
      `UPDATE messages SET body = ?, edited_at = ?, attachment = CASE WHEN json_extract(attachment, '$.url') = ? THEN attachment END WHERE id = ?`,
    ).run(correction.body, correction.timestamp, correction.body, target.id)
    refreshPreview(db, account, target.conversation)
    return reload(db, target.id)
  })()
}

/** Empties the message and its history; returns it, or null when it does not apply. */
export function applyRetraction(db: Database, account: string, retraction: Retraction): ChatMessage | null {
  return db.transaction(() => {
    const target = findTarget(db, account, retraction.conversation, retraction.senderBare, retraction.targetId, retraction.notBefore)
    return target ? retract(db, account, target, retraction.timestamp) : null
  })()
}

function retract(db: Database, account: string, target: MessageRow, timestamp: number): ChatMessage | null {
  if (target.retracted_at !== null) return null
  db.prepare<[number], unknown>(`DELETE FROM message_edits WHERE message_id = ?`).run(target.id)
  db.prepare<[number, number], unknown>(`UPDATE messages SET body = '', retracted_at = ?, attachment = NULL WHERE id = ?`).run(timestamp, target.id)
  refreshPreview(db, account, target.conversation)
  return reload(db, target.id)
}

/**
 * A room's moderator removed a message (XEP-0425): the room names it by its own stanza-id. The
 * caller checked the notice came from the room itself, the only party that may send one.
 */
export function applyModeration(db: Database, account: string, room: string, roomArchiveId: string, timestamp: number): ChatMessage | null {
  return db.transaction(() => {
    const target = db
      .prepare<[string, string, string], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE account = ? AND conversation = ? AND room_archive_id = ?`)
      .get(account, room, roomArchiveId)
    return target ? retract(db, account, target, timestamp) : null
  })()
}

/** The room's stanza-id of a stored room message (what a moderation request names); null when it has none. */
export function roomArchiveIdOf(db: Database, account: string, room: string, messageId: number): string | null {
  const row = db
    .prepare<[string, string, number], { room_archive_id: string | null }>(`SELECT room_archive_id FROM messages WHERE account = ? AND conversation = ? AND id = ?`)
    .get(account, room, messageId)
  return row?.room_archive_id ?? null
}
