// Schema version 100: the chat list preview of a room says who wrote the last message.
// Layer: electron/core (Node, worker thread).
import type { Migration } from '../migrate'

export const previewNick: Migration = {
  version: 100,
  up(db) {
    db.exec(`ALTER TABLE conversations ADD COLUMN last_sender_nick TEXT;`)
  },
}
