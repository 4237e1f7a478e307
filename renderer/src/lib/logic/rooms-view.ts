// How group chats (XEP-0045) are named, described and folded from events: room and occupant maps,
// occupants grouped by role, the status line of a room, private-message addresses and the chat
// list with rooms in it. Room names, subjects and nicks are chosen by others: everything shown
// goes through visibleText. Layer: renderer (pure logic).
import type { ConversationSummary } from '../../../../shared/types/domain'
import { bareJid, parseJid, resourceOf } from '../../../../shared/types/jid'
import type { Occupant, Room, RoomAffiliation, RoomJoinError, RoomRole } from '../../../../shared/types/room'
import { visibleText } from './display-text'

/** The room's name, else the local part of its address; invisible/bidi characters made visible. */
export function roomName(room: Pick<Room, 'jid' | 'name'>): string {
  const name = room.name.trim()
  return visibleText(name !== '' ? name : (parseJid(room.jid)?.local ?? room.jid))
}

const JOIN_ERRORS: Record<RoomJoinError, string> = {
  conflict: 'That nickname is taken in this room.',
  'not-authorized': 'This room needs a password.',
  'registration-required': 'Only members may enter this room.',
  forbidden: 'You are banned from this room.',
  kicked: 'You were removed from this room.',
  banned: 'You are banned from this room.',
  destroyed: 'This room no longer exists.',
  other: 'The room could not be joined.',
}

/** Our explanation of a join error, then the server's own words when it gave some. */
export function joinErrorText(error: RoomJoinError, serverText: string | null): string {
  const text = serverText?.trim() ?? ''
  return text === '' || text === JOIN_ERRORS[error] ? JOIN_ERRORS[error] : `${JOIN_ERRORS[error]} ${visibleText(text)}`
}

/** The short line under a room's name in the chat list and header; null when joined. */
export function roomStatusText(room: Pick<Room, 'status' | 'error' | 'errorText'>): string | null {
  switch (room.status) {
    case 'joined':
      return null
    case 'joining':
      return 'Joining…'
    case 'left':
      return 'Not joined'
    case 'error':
      return joinErrorText(room.error ?? 'other', room.errorText)
  }
}

/** Folds a `rooms:changed` event into the room map (returns a new map). */
export function applyRoomsChange(rooms: ReadonlyMap<string, Room>, change: { upserted: readonly Room[]; removed: readonly string[] }): Map<string, Room> {
  const next = new Map(rooms)
  for (const jid of change.removed) next.delete(jid)
  for (const room of change.upserted) next.set(room.jid, room)
  return next
}

/** Folds a `rooms:occupants` event into one room's occupants by nick (returns a new map). */
export function applyOccupantsChange(
  occupants: ReadonlyMap<string, Occupant>,
  change: { upserted: readonly Occupant[]; removed: readonly string[] },
): Map<string, Occupant> {
  const next = new Map(occupants)
  for (const nick of change.removed) next.delete(nick)
  for (const occupant of change.upserted) next.set(occupant.nick, occupant)
  return next
}

export interface OccupantGroup {
  role: RoomRole
  title: string
  occupants: Occupant[]
}

const ROLE_TITLES: [RoomRole, string][] = [
  ['moderator', 'Moderators'],
  ['participant', 'Participants'],
  ['visitor', 'Visitors'],
]

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })

/** Moderators, participants, visitors (empty groups left out), each sorted by nick. */
export function groupOccupants(occupants: Iterable<Occupant>): OccupantGroup[] {
  const list = [...occupants]
  return ROLE_TITLES.map(([role, title]) => ({
    role,
    title,
    occupants: list.filter((o) => o.role === role).sort((a, b) => collator.compare(a.nick, b.nick) || (a.nick < b.nick ? -1 : 1)),
  })).filter((group) => group.occupants.length > 0)
}

const AFFILIATIONS: Record<RoomAffiliation, string> = { owner: 'Owner', admin: 'Admin', member: 'Member', outcast: 'Banned', none: '' }

export function affiliationLabel(affiliation: RoomAffiliation): string {
  return AFFILIATIONS[affiliation]
}

/** Whether the room lets us set its subject: moderators always, others when the room allows it. */
export function mayChangeSubject(room: Pick<Room, 'role' | 'features'>): boolean {
  return room.role === 'moderator' || room.features.subjectByAnyone
}

/** The room and nick of a private conversation with an occupant (`room@service/nick`), or null. */
export function privateChatOf(jid: string, isRoom: (jid: string) => boolean): { room: string; nick: string } | null {
  const nick = resourceOf(jid)
  const room = bareJid(jid)
  return nick !== '' && room !== null && isRoom(room) ? { room, nick } : null
}

/** How a private conversation with an occupant is named: "Bob (The Team)". */
export function privateChatName(nick: string, room: Pick<Room, 'jid' | 'name'>): string {
  return `${visibleText(nick)} (${roomName(room)})`
}

/** The address of a private conversation with an occupant. */
export function privateChatJid(room: string, nick: string): string {
  return `${room}/${nick}`
}

/**
 * Typing notifications (XEP-0085) go only to one-to-one chats with an account: never to a room,
 * and not to an occupant's private address either (the core refuses both).
 */
export function sendsChatStates(jid: string, isRoom: (jid: string) => boolean): boolean {
  return resourceOf(jid) === '' && !isRoom(jid)
}

/**
 * The chat list's summaries with a placeholder for every room that has no messages yet (so a
 * room just joined is listed, after those with activity).
 */
export function withRooms(summaries: readonly ConversationSummary[], rooms: Iterable<Room>): ConversationSummary[] {
  const listed = new Set(summaries.map((s) => s.jid))
  const quiet = [...rooms]
    .filter((room) => !listed.has(room.jid))
    .map((room): ConversationSummary => ({ jid: room.jid, lastActivity: 0, unread: 0, lastBody: '', lastDirection: 'in' }))
    .sort((a, b) => a.jid.localeCompare(b.jid))
  return quiet.length === 0 ? [...summaries] : [...summaries, ...quiet]
}

/** A nick's default for joining: the local part of our account. */
export function defaultNick(ownJid: string): string {
  return parseJid(ownJid)?.local ?? ''
}

/**
 * Tab completion of a nick at the caret: the word before `caret` (at least one character)
 * completed to the first occupant nick (A–Z) it starts, with ": " when it is the whole message so
 * far, then a space unless one follows already. Null when nothing fits.
 */
export function completeNick(text: string, caret: number, nicks: readonly string[]): { text: string; caret: number } | null {
  const before = text.slice(0, caret)
  const word = /[^\s]+$/u.exec(before)?.[0] ?? ''
  if (word === '') return null
  const lower = word.toLocaleLowerCase()
  const match = [...nicks].sort((a, b) => collator.compare(a, b)).find((nick) => nick.toLocaleLowerCase().startsWith(lower))
  if (match === undefined) return null
  const start = caret - word.length
  const space = /^\s/u.test(text.slice(caret)) ? '' : ' '
  const completed = `${match}${start === 0 ? ':' : ''}${space}`
  return { text: text.slice(0, start) + completed + text.slice(caret), caret: start + completed.length }
}

/** What the join dialog starts with (an invitation, a failed room, a pick from the browser). */
export interface JoinPrefill {
  room: string
  nick?: string
  password?: string | null
}

/** The message of anything thrown by a command (a CoreError carries the core's text). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
