// Schema version 90: the file a message shares (XEP-0363/XEP-0066), as the JSON of the domain
// type `attachment` ({url, name, size, mediaType, oob}); NULL for an ordinary message. The body
// keeps the link itself, so search and previews need nothing new.
// Layer: electron/core (Node, worker thread).
import type { Migration } from '../migrate'

export const attachments: Migration = {
  version: 90,
  up(db) {
    db.exec(`ALTER TABLE messages ADD COLUMN attachment TEXT CHECK (attachment IS NULL OR json_valid(attachment));`)
  },
}
