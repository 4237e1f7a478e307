// Schema version 50: what we know about the server's history beyond our own.
// - history_state: per conversation, whether scroll-back reached the start of the server's archive
//   (so scrolling to the top asks the server nothing more).
// - archive_gaps: stretches of time the server could no longer give us (our sync cursor was gone,
//   e.g. expired). `after_id`: the newest local message when the gap was found; everything stored
//   later lies after the gap, so a conversation shows the marker before its first such message.
// Layer: electron/core (Node, worker thread).
import type { Migration } from '../migrate'

export const history: Migration = {
  version: 50,
  up(db) {
    db.exec(`
      CREATE TABLE history_state (
        account TEXT NOT NULL,
        conversation TEXT NOT NULL,
        complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
        PRIMARY KEY (account, conversation)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE archive_gaps (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        after_id INTEGER NOT NULL,
        from_ts INTEGER NOT NULL,
        to_ts INTEGER NOT NULL,
        found_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX archive_gaps_account ON archive_gaps (account, after_id);
    `)
  },
}
