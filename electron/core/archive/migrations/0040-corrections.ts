// Schema version 40: message corrections (XEP-0308). The current text stays in messages.body (so
// search indexes it); every replaced text is kept in message_edits with the id of the correction
// that replaced it, so a correction of a correction resolves to the original message.
// Retractions (XEP-0424) use messages.retracted_at (version 20) and delete the history too.
// Layer: electron/core (Node, worker thread).
import type { Migration } from '../migrate'

export const corrections: Migration = {
  version: 40,
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN edited_at INTEGER;
      CREATE TABLE message_edits (
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        -- The correction's own id (origin-id or @id), sender-asserted like any origin-id.
        origin_id TEXT,
        previous_body TEXT NOT NULL,
        replaced_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX message_edits_message ON message_edits (message_id);
      CREATE INDEX message_edits_origin ON message_edits (origin_id) WHERE origin_id IS NOT NULL;
    `)
  },
}
