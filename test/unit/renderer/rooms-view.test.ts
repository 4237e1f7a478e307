import { describe, expect, it } from 'vitest'
import {
  applyOccupantsChange,
  applyRoomsChange,
  completeNick,
  defaultNick,
  groupOccupants,
  joinErrorText,
  mayChangeSubject,
  privateChatJid,
  privateChatName,
  privateChatOf,
  roomName,
  roomStatusText,
  sendsChatStates,
  withRooms,
} from '../../../renderer/src/lib/logic/rooms-view'
import type { ConversationSummary } from '../../../shared/types/domain'
import type { Occupant, Room } from '../../../shared/types/room'

const room = (jid: string, extra: Partial<Room> = {}): Room => ({
  jid,
  name: '',
  nick: 'alice',
  subject: '',
  autojoin: true,
  bookmarked: true,
  notify: 'mentions',
  status: 'joined',
  error: null,
  errorText: null,
  role: 'participant',
  affiliation: 'none',
  features: { mam: true, occupantId: true, passwordProtected: false, membersOnly: false, nonAnonymous: false, moderation: true, subjectByAnyone: true },
  ...extra,
})
const occupant = (nick: string, extra: Partial<Occupant> = {}): Occupant => ({
  nick,
  role: 'participant',
  affiliation: 'none',
  realJid: null,
  show: 'available',
  status: '',
  self: false,
  ...extra,
})
const summary = (jid: string, lastActivity: number): ConversationSummary => ({ jid, lastActivity, unread: 0, lastBody: 'hi', lastDirection: 'in' })
const isRoom = (jid: string) => jid === 'team@conference.localhost'

describe('room names and status', () => {
  it('names a room by its name, else its local part, with bidi controls made visible', () => {
    expect(roomName(room('team@conference.localhost', { name: ' The Team ' }))).toBe('The Team')
    expect(roomName(room('team@conference.localhost'))).toBe('team')
    expect(roomName(room('team@conference.localhost', { name: 'evil\u202Etxt.exe' }))).toBe('evil\uFFFDtxt.exe')
  })

  it('says what is going on with a room that is not joined', () => {
    expect(roomStatusText(room('r@c'))).toBeNull()
    expect(roomStatusText(room('r@c', { status: 'joining' }))).toBe('Joining…')
    expect(roomStatusText(room('r@c', { status: 'left' }))).toBe('Not joined')
    expect(roomStatusText(room('r@c', { status: 'error', error: 'conflict', errorText: null }))).toBe('That nickname is taken in this room.')
    expect(roomStatusText(room('r@c', { status: 'error', error: 'not-authorized', errorText: 'Wrong\u200B password' }))).toBe(
      'This room needs a password. Wrong\uFFFD password',
    )
  })

  it('adds the server’s words only when they say something else', () => {
    expect(joinErrorText('destroyed', 'This room no longer exists.')).toBe('This room no longer exists.')
    expect(joinErrorText('other', '  ')).toBe('The room could not be joined.')
  })
})

describe('folding events', () => {
  it('replaces, adds and removes rooms without touching the old map', () => {
    const before = new Map([['a@c', room('a@c')], ['b@c', room('b@c')]])
    const after = applyRoomsChange(before, { upserted: [room('a@c', { subject: 'new' }), room('c@c')], removed: ['b@c'] })
    expect([...after.keys()]).toEqual(['a@c', 'c@c'])
    expect(after.get('a@c')?.subject).toBe('new')
    expect(before.size).toBe(2)
  })

  it('replaces, adds and removes occupants by nick', () => {
    const before = new Map([['bob', occupant('bob')], ['carol', occupant('carol')]])
    const after = applyOccupantsChange(before, { upserted: [occupant('bob', { show: 'away' }), occupant('dave')], removed: ['carol'] })
    expect([...after.keys()]).toEqual(['bob', 'dave'])
    expect(after.get('bob')?.show).toBe('away')
  })
})

describe('occupant groups', () => {
  it('groups by role in the order moderators, participants, visitors, sorted by nick, leaving out empty ones', () => {
    const groups = groupOccupants([occupant('zed'), occupant('Bob', { role: 'moderator' }), occupant('amy'), occupant('vic', { role: 'visitor' }), occupant('x', { role: 'none' })])
    expect(groups.map((g) => [g.title, g.occupants.map((o) => o.nick)])).toEqual([
      ['Moderators', ['Bob']],
      ['Participants', ['amy', 'zed']],
      ['Visitors', ['vic']],
    ])
    expect(groupOccupants([occupant('amy')]).map((g) => g.role)).toEqual(['participant'])
  })
})

describe('private messages and chat states', () => {
  it('recognises a private conversation with an occupant of a known room', () => {
    expect(privateChatOf('team@conference.localhost/Bob Smith', isRoom)).toEqual({ room: 'team@conference.localhost', nick: 'Bob Smith' })
    expect(privateChatOf('bob@localhost/phone', isRoom)).toBeNull()
    expect(privateChatOf('team@conference.localhost', isRoom)).toBeNull()
    expect(privateChatJid('team@conference.localhost', 'Bob')).toBe('team@conference.localhost/Bob')
    expect(privateChatName('B\u202Eob', room('team@conference.localhost', { name: 'The Team' }))).toBe('B\uFFFDob (The Team)')
  })

  it('sends chat states only to one-to-one chats with an account', () => {
    expect(sendsChatStates('bob@localhost', isRoom)).toBe(true)
    expect(sendsChatStates('team@conference.localhost', isRoom)).toBe(false)
    expect(sendsChatStates('team@conference.localhost/Bob', isRoom)).toBe(false)
  })
})

describe('the chat list with rooms', () => {
  it('lists rooms without messages after the conversations, in address order; listed rooms once', () => {
    const list = withRooms([summary('team@c', 5), summary('bob@l', 3)], [room('team@c'), room('zoo@c'), room('abc@c')])
    expect(list.map((s) => [s.jid, s.lastActivity])).toEqual([
      ['team@c', 5],
      ['bob@l', 3],
      ['abc@c', 0],
      ['zoo@c', 0],
    ])
  })
})

describe('nick defaults and completion', () => {
  it('suggests our account’s local part as the nick', () => {
    expect(defaultNick('alice@localhost')).toBe('alice')
    expect(defaultNick('')).toBe('')
  })

  it('completes the word before the caret to a nick, with ": " at the start of a message', () => {
    const nicks = ['carol', 'Bob', 'bobby']
    expect(completeNick('bo', 2, nicks)).toEqual({ text: 'Bob: ', caret: 5 })
    expect(completeNick('hi CA and more', 5, nicks)).toEqual({ text: 'hi carol and more', caret: 8 })
    expect(completeNick('hi CA', 5, nicks)).toEqual({ text: 'hi carol ', caret: 9 })
    expect(completeNick('hi x', 4, nicks)).toBeNull()
    expect(completeNick('hi ', 3, nicks)).toBeNull()
  })
})

describe('mayChangeSubject', () => {
  it('lets moderators always, others only where the room allows it', () => {
    const closed = { ...room('r@muc.example.org').features, subjectByAnyone: false }
    expect(mayChangeSubject({ role: 'moderator', features: closed })).toBe(true)
    expect(mayChangeSubject({ role: 'participant', features: closed })).toBe(false)
    expect(mayChangeSubject({ role: 'participant', features: { ...closed, subjectByAnyone: true } })).toBe(true)
  })
})
