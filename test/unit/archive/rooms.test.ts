// Room messages in the archive (real SQLite): deduplicated by the room's own stanza-id and, for
// ours, by origin-id against what we sent (the reflection marks it delivered); a room's ids can
// never collide with our own archive's; moderation by room stanza-id; search by room and by
// occupant; room records.
import { describe, expect, it } from 'vitest'
import type { IncomingMessage, RoomMessageFields } from '../../../electron/core/archive/archive'
import type { RoomRecord } from '../../../electron/core/archive/rooms'
import { ALICE, ME, draft, incoming, openTestDb } from './helpers'

const ROOM = 'team@muc.example.org'
const EMPTY = { conversation: null, sender: null, after: null, before: null }

function inRoom(nick: string, body: string, room: Partial<RoomMessageFields> = {}, over: Partial<IncomingMessage> = {}): IncomingMessage {
  return incoming({
    conversation: ROOM,
    senderJid: `${ROOM}/${nick}`,
    body,
    room: { nick, senderKey: `${ROOM}/${nick}`, occupantId: null, archiveId: null, mayBeOwn: false, ...room },
    ...over,
  })
}

describe('room messages in the archive', () => {
  it('stores the sender’s nick and skips a message the room already gave us (same room stanza-id)', () => {
    const { archive } = openTestDb()
    const [first] = archive.storeIncoming(ME, [inRoom('alice', 'hi all', { archiveId: 'r1' })]).added
    expect(first).toMatchObject({ conversation: ROOM, senderNick: 'alice', direction: 'in' })
    // Met again in the room archive after a reconnect, even with a different origin-id claim.
    expect(archive.storeIncoming(ME, [inRoom('alice', 'hi all', { archiveId: 'r1' }, { originId: 'other' })]).added).toEqual([])
  })

  it('names the last sender of a room in its chat list summary', () => {
    const { archive } = openTestDb()
    expect(archive.storeIncoming(ME, [inRoom('alice', 'first'), inRoom('bob', 'second')]).conversations).toMatchObject([{ jid: ROOM, lastBody: 'second', lastSenderNick: 'bob' }])
    expect(archive.conversations(ME)).toMatchObject([{ jid: ROOM, lastSenderNick: 'bob' }])
    expect(archive.storeIncoming(ME, [incoming({ body: '1:1', originId: 'p' })]).conversations[0]).not.toHaveProperty('lastSenderNick')
  })

  it('counts unread messages that mention us, until the room is read', () => {
    const { archive } = openTestDb()
    archive.storeIncoming(ME, [inRoom('alice', 'me: hi', { mentionsUs: true }), inRoom('bob', 'unrelated'), inRoom('carol', 'me?', { mentionsUs: true })])
    expect(archive.conversations(ME)).toMatchObject([{ jid: ROOM, unread: 3, unreadMentions: 2 }])
    expect(archive.markRead(ME, ROOM)).not.toHaveProperty('unreadMentions')
  })

  it('recognises the reflection of our own message by origin-id: no second copy, and it is delivered', () => {
    const { archive } = openTestDb()
    const [sent] = archive.storeOutgoing(ME, draft({ conversation: ROOM, body: 'mine', originId: 'o-1', senderNick: 'me' })).added
    expect(sent).toMatchObject({ senderNick: 'me', state: 'pending' })
    const reflection = inRoom('me', 'mine', { senderKey: ME, archiveId: 'r2', mayBeOwn: true }, { originId: 'o-1', direction: 'out' })
    const result = archive.storeIncoming(ME, [reflection])
    expect(result.added).toEqual([])
    expect(result.reconciled).toContainEqual({ id: sent!.id, state: 'delivered' })
    // The room archive's copy later (not recognisable as ours by nick) is a duplicate by the room id it lent.
    expect(archive.storeIncoming(ME, [inRoom('me', 'mine', { archiveId: 'r2' }, { originId: 'o-1' })]).added).toEqual([])
    expect(archive.page(ME, ROOM, null, 10).messages).toHaveLength(1)
  })

  it('another occupant reusing our origin-id cannot pass as our message', () => {
    const { archive } = openTestDb()
    archive.storeOutgoing(ME, draft({ conversation: ROOM, body: 'mine', originId: 'o-1', senderNick: 'me' }))
    const copy = archive.storeIncoming(ME, [inRoom('mallory', 'fake', { archiveId: 'r3' }, { originId: 'o-1' })])
    expect(copy.added).toMatchObject([{ body: 'fake', direction: 'in', senderNick: 'mallory' }])
  })

  it('a room stanza-id equal to one of our own archive ids suppresses nothing', () => {
    const { archive } = openTestDb()
    archive.storeIncoming(ME, [incoming({ body: '1:1', originId: 'a', archiveId: 'SAME' })])
    expect(archive.storeIncoming(ME, [inRoom('alice', 'room', { archiveId: 'SAME' })]).added).toHaveLength(1)
    expect(archive.storeIncoming(ME, [incoming({ conversation: ALICE, body: 'later 1:1', originId: 'b', archiveId: 'SAME2' })]).added).toHaveLength(1)
    expect(archive.storeIncoming(ME, [inRoom('alice', 'room 2', { archiveId: 'SAME2' })]).added).toHaveLength(1)
  })

  it('applies a moderation to the message with that room stanza-id, in that room only', () => {
    const { archive } = openTestDb()
    const [target] = archive.storeIncoming(ME, [inRoom('alice', 'secret', { archiveId: 'r9' })]).added
    expect(archive.roomArchiveIdOf(ME, ROOM, target!.id)).toBe('r9')
    expect(archive.applyModeration(ME, 'other@muc.example.org', 'r9', 5_000)).toBeNull()
    expect(archive.applyModeration(ME, ROOM, 'r9', 5_000)).toMatchObject({ id: target!.id, body: '', retracted: true })
    expect(archive.search(ME, { text: 'secret', filters: EMPTY, cursor: null, limit: 10 })).toEqual({ hits: [], nextCursor: null })
  })

  it('searches a room (in:) and one occupant of it (from:room/nick)', () => {
    const { archive } = openTestDb()
    archive.storeIncoming(ME, [inRoom('alice', 'release plan'), inRoom('bob', 'release party'), incoming({ body: 'release elsewhere', originId: 'x' })])
    const bodies = (text: string) => (archive.search(ME, { text, filters: EMPTY, cursor: null, limit: 10 }) as { hits: { message: { body: string } }[] }).hits.map((h) => h.message.body).sort()
    expect(bodies(`release in:${ROOM}`)).toEqual(['release party', 'release plan'])
    expect(bodies(`release from:${ROOM}/bob`)).toEqual(['release party'])
    expect(bodies('release')).toHaveLength(3)
    // A contact's full JID still finds what they wrote from any device.
    expect(bodies(`release from:${ALICE}/phone`)).toEqual(['release elsewhere'])
  })

  it('keeps room records per account', () => {
    const { archive } = openTestDb()
    const record: RoomRecord = { jid: ROOM, name: 'Team', nick: 'me', password: null, autojoin: true, bookmarked: true, notify: 'mentions', subject: '' }
    archive.saveRoom(ME, record)
    archive.saveRoom(ME, { ...record, subject: 'Friday' })
    expect(archive.rooms(ME)).toEqual([{ ...record, subject: 'Friday' }])
    expect(archive.rooms('someone@else.example')).toEqual([])
    archive.deleteRoom(ME, ROOM)
    expect(archive.rooms(ME)).toEqual([])
  })
})
