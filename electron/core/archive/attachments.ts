// The file a stored message shares (migration 90): written next to the message in the same
// transaction, read back validated (a row is only as trustworthy as the code that wrote it), and
// looked up by message id when the user asks for the file, so the renderer never names a URL to
// fetch. Layer: electron/core (Node, worker thread).
import type { Database } from 'better-sqlite3'
import { attachment as attachmentSchema, type Attachment } from '../../../shared/types/domain'

/** What the core needs to decide whether, and from where, a message's file may be fetched. */
export interface StoredAttachment {
  attachment: Attachment
  conversation: string
  direction: 'in' | 'out'
  senderBare: string
}

/** Sets the row's attachment (a separate statement, so the message inserts stay as they are). */
export function storeAttachment<R extends { id: number; attachment: string | null }>(db: Database, row: R, attachment: Attachment | undefined): R {
  if (!attachment) return row
  const json = JSON.stringify(attachmentSchema.parse(attachment))
  db.prepare<[string, number], unknown>('UPDATE messages SET attachment = ? WHERE id = ?').run(json, row.id)
  return { ...row, attachment: json }
}

/** `{ attachment }` for a message row's column, or nothing when it has none (or an unreadable one). */
export function attachmentField(json: string | null): { attachment?: Attachment } {
  const parsed = readAttachment(json)
  return parsed ? { attachment: parsed } : {}
}

function readAttachment(json: string | null): Attachment | null {
  if (json === null) return null
  try {
    const result = attachmentSchema.safeParse(JSON.parse(json))
    return result.success ? result.data : null
  } catch {
    return null
  }
}

/** The attachment of one of this account's messages; null when it has none or was retracted. */
export function messageAttachment(db: Database, account: string, id: number): StoredAttachment | null {
  const row = db
    .prepare<[number, string], { conversation: string; direction: 'in' | 'out'; sender_bare: string; attachment: string | null }>(
      'SELECT conversation, direction, sender_bare, attachment FROM messages WHERE id = ? AND account = ? AND retracted_at IS NULL',
    )
    .get(id, account)
  const attachment = readAttachment(row?.attachment ?? null)
  return row && attachment ? { attachment, conversation: row.conversation, direction: row.direction, senderBare: row.sender_bare } : null
}
