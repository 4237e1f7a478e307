// Schema version 80: multi-user chat. The rooms of an account (joined or bookmarked) with what we
// keep about each, and on messages who sent a room message (nick, XEP-0421 occupant id) and the
// id the room's own archive gave it. Room archive ids live apart from our account's archive ids:
// a room picks its ids itself, so it must never be able to collide with (and so suppress) ours.
// Layer: electron/core (Node, worker thread).
import type { Migration } from '../migrate'

export const rooms: Migration = {
  version: 80,
  up(db) {
    db.exec(`
      CREATE TABLE rooms (
        account TEXT NOT NULL,
        jid TEXT NOT NULL,
        name TEXT NOT NULL,
        nick TEXT NOT NULL,
        -- The room's password when it has one (also in the bookmark, as XEP-0402 keeps it).
        password TEXT,
        autojoin INTEGER NOT NULL CHECK (autojoin IN (0, 1)),
        bookmarked INTEGER NOT NULL CHECK (bookmarked IN (0, 1)),
        notify TEXT NOT NULL CHECK (notify IN ('all', 'mentions', 'none')),
        subject TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (account, jid)
      ) STRICT, WITHOUT ROWID;

      ALTER TABLE messages ADD COLUMN sender_nick TEXT;
      ALTER TABLE messages ADD COLUMN occupant_id TEXT;
      ALTER TABLE messages ADD COLUMN room_archive_id TEXT;
      CREATE UNIQUE INDEX messages_room_archive ON messages (account, conversation, room_archive_id) WHERE room_archive_id IS NOT NULL;
    `)
  },
}
