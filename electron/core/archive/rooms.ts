// The rooms of an account (table rooms): what we keep about each room we are in or have
// bookmarked, so they are listed and re-joined before the server answers anything.
// Layer: electron/core (Node, worker thread).
import type { Database } from 'better-sqlite3'
import type { RoomNotify } from '../../../shared/types/room'

export interface RoomRecord {
  jid: string
  name: string
  nick: string
  password: string | null
  autojoin: boolean
  bookmarked: boolean
  notify: RoomNotify
  subject: string
}

interface RoomRow {
  jid: string
  name: string
  nick: string
  password: string | null
  autojoin: 0 | 1
  bookmarked: 0 | 1
  notify: RoomNotify
  subject: string
}

export function listRooms(db: Database, account: string): RoomRecord[] {
  return db
    .prepare<[string], RoomRow>('SELECT jid, name, nick, password, autojoin, bookmarked, notify, subject FROM rooms WHERE account = ? ORDER BY jid')
    .all(account)
    .map((row) => ({ ...row, autojoin: row.autojoin === 1, bookmarked: row.bookmarked === 1 }))
}

export function saveRoom(db: Database, account: string, room: RoomRecord): void {
  db.prepare<[string, string, string, string, string | null, number, number, string, string]>(
    `INSERT INTO rooms (account, jid, name, nick, password, autojoin, bookmarked, notify, subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (account, jid) DO UPDATE SET name = excluded.name, nick = excluded.nick, password = excluded.password,
       autojoin = excluded.autojoin, bookmarked = excluded.bookmarked, notify = excluded.notify, subject = excluded.subject`,
  ).run(account, room.jid, room.name, room.nick, room.password, room.autojoin ? 1 : 0, room.bookmarked ? 1 : 0, room.notify, room.subject)
}

export function deleteRoom(db: Database, account: string, jid: string): void {
  db.prepare<[string, string]>('DELETE FROM rooms WHERE account = ? AND jid = ?').run(account, jid)
}
