// The outbox: outgoing messages still to be sent, one row per 'pending' message. Rows are written
// and removed only inside the message writers' transactions, so the outbox and message states
// never disagree. Layer: electron/core (Node, worker thread).
import type { Database } from 'better-sqlite3'
import type { OutboxItem } from './archive'

export function enqueue(db: Database, messageId: number, queuedAt: number): void {
  db.prepare<[number, number]>(
    'INSERT INTO outbox (message_id, queued_at) VALUES (?, ?) ON CONFLICT (message_id) DO NOTHING',
  ).run(messageId, queuedAt)
}

export function dequeue(db: Database, messageId: number): void {
  db.prepare<[number]>('DELETE FROM outbox WHERE message_id = ?').run(messageId)
}

/** Oldest first: message ids increase in the order the user sent them. */
export function listOutbox(db: Database, account: string): OutboxItem[] {
  return db
    .prepare<[string], OutboxItem>(
      `SELECT m.id AS messageId, m.conversation, m.body, m.origin_id AS originId, m.timestamp, o.attempts,
         json_extract(m.attachment, '$.url') AS oobUrl
       FROM outbox o JOIN messages m ON m.id = o.message_id
       WHERE m.account = ?
       ORDER BY o.message_id`,
    )
    .all(account)
}

/** No-op when the message has left the outbox meanwhile (or belongs to another account). */
export function noteAttempt(db: Database, account: string, messageId: number): void {
  db.prepare<[number, string]>(
    `UPDATE outbox SET attempts = attempts + 1
     WHERE message_id = ? AND EXISTS (SELECT 1 FROM messages WHERE id = outbox.message_id AND account = ?)`,
  ).run(messageId, account)
}
