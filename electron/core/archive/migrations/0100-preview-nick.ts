// Schema version 100: the chat list says who wrote a room's last message, names a shared file
// instead of showing its link, and counts the unread messages of a room that mention our nick (a
// room set to "mentions" may have many unread, few for us).
// Layer: electron/core (Node, worker thread).
import type { Migration } from '../migrate'

export const previewNick: Migration = {
  version: 100,
  up(db) {
    db.exec(`
      ALTER TABLE conversations ADD COLUMN last_sender_nick TEXT;
      ALTER TABLE conversations ADD COLUMN last_file_name TEXT;
      ALTER TABLE conversations ADD COLUMN unread_mentions INTEGER NOT NULL DEFAULT 0 CHECK (unread_mentions >= 0);
    `)
  },
}
