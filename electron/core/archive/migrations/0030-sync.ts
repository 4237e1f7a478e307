// Schema version 30: what archive sync needs. Trusted server ids (XEP-0359 stanza-id / XEP-0313
// result id) as the first deduplication key, a per-archive sync cursor moved in the same
// transaction as the page it belongs to, and whether a message asked for chat markers.
// Layer: electron/core (Node, worker thread).
import type { Migration } from '../migrate'

export const sync: Migration = {
  version: 30,
  up(db) {
    db.exec(`
      -- The id our own archive (our bare JID) gave the message; only ever a trusted server id.
      ALTER TABLE messages ADD COLUMN archive_id TEXT;
      CREATE UNIQUE INDEX messages_archive ON messages (account, archive_id) WHERE archive_id IS NOT NULL;
      -- XEP-0333: the sender asked for displayed markers.
      ALTER TABLE messages ADD COLUMN markable INTEGER NOT NULL DEFAULT 0 CHECK (markable IN (0, 1));

      -- One cursor per archive (our account now; rooms later). last_id is the newest archive id
      -- whose page is committed; it never moves ahead of the messages.
      CREATE TABLE sync_state (
        account TEXT NOT NULL,
        archive TEXT NOT NULL,
        last_id TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account, archive)
      ) STRICT, WITHOUT ROWID;
    `)
  },
}
