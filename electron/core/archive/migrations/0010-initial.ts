// Schema version 10: messages, conversation summaries, outbox, roster cache and settings.
// Layer: electron/core (Node, worker thread).
import type { Migration } from '../migrate'

export const initial: Migration = {
  version: 10,
  up(db) {
    db.exec(`
      -- AUTOINCREMENT: ids reach the renderer and come back (beforeId, receipts), so one must
      -- never be reused, not even after the newest row is deleted.
      CREATE TABLE messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        conversation TEXT NOT NULL,
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
        sender TEXT NOT NULL,
        sender_bare TEXT NOT NULL,
        body TEXT NOT NULL,
        timestamp INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'delivered', 'read', 'failed', 'received')),
        origin_id TEXT
      ) STRICT;

      -- origin-id is chosen by the sender, so it is only unique per sender.
      CREATE UNIQUE INDEX messages_origin ON messages (account, conversation, sender_bare, origin_id)
        WHERE origin_id IS NOT NULL;
      CREATE INDEX messages_page ON messages (account, conversation, id);

      CREATE TABLE conversations (
        account TEXT NOT NULL,
        jid TEXT NOT NULL,
        last_activity INTEGER NOT NULL,
        unread INTEGER NOT NULL DEFAULT 0 CHECK (unread >= 0),
        last_body TEXT NOT NULL,
        last_direction TEXT NOT NULL CHECK (last_direction IN ('in', 'out')),
        PRIMARY KEY (account, jid)
      ) STRICT, WITHOUT ROWID;

      -- A row exists exactly while its message is 'pending'.
      CREATE TABLE outbox (
        message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
        attempts INTEGER NOT NULL DEFAULT 0,
        queued_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE roster (
        account TEXT NOT NULL,
        jid TEXT NOT NULL,
        name TEXT NOT NULL,
        groups TEXT NOT NULL CHECK (json_valid(groups) AND json_type(groups) = 'array'),
        subscription TEXT NOT NULL CHECK (subscription IN ('none', 'to', 'from', 'both')),
        pending_out INTEGER NOT NULL CHECK (pending_out IN (0, 1)),
        PRIMARY KEY (account, jid)
      ) STRICT, WITHOUT ROWID;

      -- RFC 6121 roster versioning; NULL means "fetch the full roster next time".
      CREATE TABLE roster_versions (
        account TEXT PRIMARY KEY,
        version TEXT
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT, WITHOUT ROWID;
    `)
  },
}
