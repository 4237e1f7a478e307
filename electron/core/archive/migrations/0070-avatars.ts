// Schema version 70: which avatar (SHA-1 hex of its bytes, the file name in the avatar cache) each
// contact of an account uses, so the roster shows pictures before any network traffic.
// Layer: electron/core (Node, worker thread).
import type { Migration } from '../migrate'

export const avatars: Migration = {
  version: 70,
  up(db) {
    db.exec(`
      CREATE TABLE avatars (
        account TEXT NOT NULL,
        jid TEXT NOT NULL,
        hash TEXT NOT NULL CHECK (length(hash) = 40),
        PRIMARY KEY (account, jid)
      ) STRICT;
    `)
  },
}
