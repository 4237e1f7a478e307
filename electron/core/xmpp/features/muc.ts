// XEP-0045 multi-user chat: build join/leave presence; strictly parse room presence (occupants,
// our own self-presence, join errors), subject changes, and invitations (XEP-0249 direct and
// XEP-0045 mediated). Every parser takes the room it expects and refuses anything that is not
// from that room (security notes A13/T13): a muc#user payload from elsewhere is never trusted.
// Layer: electron/core (pure: no I/O, no wiring).
import xml, { type Element } from '@xmpp/xml'
import { LIMITS } from '../../../../shared/types/limits'
import { formatJid, parseJid, type Jid } from '../../../../shared/types/jid'
import { NS } from '../ns'
import { onlyChild } from '../xml-helpers'

/** XEP-0421 occupant identifiers; meaningful only when the room advertises this feature. */
export const OCCUPANT_ID_NS = 'urn:xmpp:occupant-id:0'

export const MUC_ROLES = ['moderator', 'participant', 'visitor', 'none'] as const
export const MUC_AFFILIATIONS = ['owner', 'admin', 'member', 'outcast', 'none'] as const
export type MucRole = (typeof MUC_ROLES)[number]
export type MucAffiliation = (typeof MUC_AFFILIATIONS)[number]

/** RFC 7622: a resourcepart (the nick) is at most 1023 octets of UTF-8. */
export const MAX_NICK_BYTES = 1023
const MAX_OCCUPANT_ID = 256
const MAX_PASSWORD = 1023
const MAX_SUBJECT = 4096
const MAX_STATUS_ELEMENTS = 32

// C0, DEL and C1 controls; lone surrogates and U+FFFE/U+FFFF (not XML Chars, security notes A16).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\p{Cs}\uFFFE\uFFFF]/u
// Same, but tab, LF and CR are allowed in free text (subject, reason, password).
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\p{Cs}\uFFFE\uFFFF]/u

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length
}

/** A usable nick: non-blank, ≤ 1023 UTF-8 octets, no control characters. */
export function isValidNick(nick: string): boolean {
  return nick.trim() !== '' && !CONTROL.test(nick) && utf8Length(nick) <= MAX_NICK_BYTES
}

/** `room@service` with a local part and no resource, normalised; null otherwise. */
export function roomJidOf(input: string): string | null {
  const jid = parseJid(input)
  return jid && jid.local !== '' && jid.resource === '' ? formatJid(jid) : null
}

/** The occupant JID `room@service/nick`; null when the room or the nick is unusable. */
export function occupantJid(room: string, nick: string): string | null {
  const bare = roomJidOf(room)
  return bare && isValidNick(nick) ? `${bare}/${nick}` : null
}

function requireOccupant(room: string, nick: string): string {
  const to = occupantJid(room, nick)
  if (!to) throw new RangeError('muc: invalid room JID or nick')
  return to
}

export interface JoinOptions {
  password?: string
  /** History the room replays on join; 0 when we catch up from the room's archive instead. */
  maxStanzas?: number
}

/** XEP-0045 §7.2: enter a room. Throws RangeError on an unusable room, nick or password. */
export function joinPresence(room: string, nick: string, options: JoinOptions = {}): Element {
  const to = requireOccupant(room, nick)
  const maxStanzas = options.maxStanzas ?? 0
  if (!Number.isSafeInteger(maxStanzas) || maxStanzas < 0) throw new RangeError('muc: invalid maxStanzas')
  const { password } = options
  if (password !== undefined && (password.length > MAX_PASSWORD || TEXT_FORBIDDEN.test(password))) {
    throw new RangeError('muc: invalid password')
  }
  return xml(
    'presence',
    { to },
    xml('x', { xmlns: NS.muc }, xml('history', { maxstanzas: String(maxStanzas) }), password ? xml('password', {}, password) : null),
  )
}

/** XEP-0045 §7.6: change our nick in a room we are in (plain presence to the new occupant JID). */
export function nickChangePresence(room: string, nick: string): Element {
  return xml('presence', { to: requireOccupant(room, nick) })
}

/** XEP-0045 §7.14: exit a room. */
export function leavePresence(room: string, nick: string): Element {
  return xml('presence', { to: requireOccupant(room, nick), type: 'unavailable' })
}

export type MucJoinError = 'conflict' | 'not-authorized' | 'registration-required' | 'forbidden' | 'other'

export type MucPresence =
  | {
      kind: 'occupant'
      nick: string
      role: MucRole
      affiliation: MucAffiliation
      /** Only present in non-anonymous rooms or for moderators; trusted because it comes from the room's own presence. */
      realJid?: string
      /** Raw XEP-0421 id; use it only when the room advertises urn:xmpp:occupant-id:0. */
      occupantId?: string
      /** Status 110 on a presence for the nick we joined with. */
      self: boolean
      /** Status 110 was present at all (even on another nick: a spoof, or a 210 service-assigned nick). */
      claimsSelf: boolean
      /** 201: we created the room (meaningful only with `self`). */
      created: boolean
      /** 303: the occupant's new nick (on an unavailable presence). */
      nickChanged?: string
      /** 307 / 301: removed from the room. */
      kicked: boolean
      banned: boolean
      /** The room was destroyed (<destroy/> in the payload). */
      destroyed: boolean
      unavailable: boolean
      /** Every well-formed status code, for the cases not named above (100, 170, 210, 321, 322, 332…). */
      codes: number[]
    }
  | { kind: 'error'; nick: string; error: MucJoinError; condition: string; text?: string }

const LEGACY_CODES: Record<string, MucJoinError> = {
  '409': 'conflict',
  '401': 'not-authorized',
  '407': 'registration-required',
  '403': 'forbidden',
}

function isRole(value: string | undefined): value is MucRole {
  return (MUC_ROLES as readonly string[]).includes(value ?? '')
}

function isAffiliation(value: string | undefined): value is MucAffiliation {
  return (MUC_AFFILIATIONS as readonly string[]).includes(value ?? '')
}

/** The `from` split into room and nick when it is `room/nick` of exactly this room. */
function occupantFrom(stanza: Element, room: string): { jid: Jid; nick: string } | null {
  const expected = roomJidOf(room)
  const from = stanza.attrs.from
  if (!expected || typeof from !== 'string') return null
  const jid = parseJid(from)
  if (!jid || formatJid({ ...jid, resource: '' }) !== expected) return null
  return { jid, nick: jid.resource }
}

function parseJoinError(stanza: Element, nick: string): MucPresence {
  const error = onlyChild(stanza, 'error', NS.client)
  const conditionElement = error?.children.find((c): c is Element => typeof c !== 'string' && c.attrs.xmlns === NS.stanzas && c.name !== 'text')
  const condition = conditionElement?.name ?? ''
  const known: Record<string, MucJoinError> = { conflict: 'conflict', 'not-authorized': 'not-authorized', 'registration-required': 'registration-required', forbidden: 'forbidden' }
  const kind = known[condition] ?? LEGACY_CODES[error?.attrs.code ?? ''] ?? 'other'
  const text = error ? onlyChild(error, 'text', NS.stanzas)?.text().slice(0, LIMITS.status) : undefined
  return { kind: 'error', nick, error: kind, condition: condition || (error?.attrs.code ?? ''), ...(text ? { text } : {}) }
}

/**
 * One presence from `room` (a bare `room@service`). `ownNick` is the nick we joined with: status
 * 110 counts only on a presence for that nick. Null for anything not from an occupant of this
 * room, or malformed: zero or several muc#user payloads or items, unknown role or affiliation,
 * bad nick, bad real JID.
 */
export function parseMucPresence(stanza: Element, room: string, ownNick: string): MucPresence | null {
  if (stanza.name !== 'presence') return null
  const from = occupantFrom(stanza, room)
  if (!from) return null
  const type = stanza.attrs.type
  if (type === 'error') {
    // The room bounces a join from the occupant JID we asked for; a bare-room bounce has no nick.
    if (from.nick !== '' && !isValidNick(from.nick)) return null
    return parseJoinError(stanza, from.nick)
  }
  if (type !== undefined && type !== 'unavailable') return null
  const { nick } = from
  if (!isValidNick(nick)) return null

  const payloads = stanza.getChildren('x', NS.mucUser)
  if (payloads.length !== 1 || !payloads[0]) return null
  const x = payloads[0]
  // One item, or one per session of an account that joined with the same nick from several
  // devices (Prosody's multi-session nicks): then all must agree on role, affiliation and account.
  const items = x.getChildren('item', NS.mucUser)
  const item = items[0]
  if (!item || items.length > MAX_STATUS_ELEMENTS) return null
  const { role, affiliation } = item.attrs
  if (!isRole(role) || !isAffiliation(affiliation)) return null
  if (items.some((i) => i.attrs.role !== role || i.attrs.affiliation !== affiliation)) return null

  let realJid: string | undefined
  if (item.attrs.jid !== undefined) {
    const jids = items.map((i) => parseJid(String(i.attrs.jid ?? '')))
    const first = jids[0]
    if (!first || first.local === '' || jids.some((j) => !j || j.local !== first.local || j.domain !== first.domain)) return null
    realJid = formatJid(items.length === 1 ? first : { ...first, resource: '' })
  }

  const statuses = x.getChildren('status', NS.mucUser)
  if (statuses.length > MAX_STATUS_ELEMENTS) return null
  const codes = [...new Set(statuses.map((s) => String(s.attrs.code ?? '')).filter((c) => /^\d{3}$/u.test(c)).map(Number))]
  const unavailable = type === 'unavailable'

  let nickChanged: string | undefined
  if (unavailable && codes.includes(303)) {
    const next = item.attrs.nick
    if (typeof next !== 'string' || !isValidNick(next)) return null
    nickChanged = next
  }

  const ids = stanza.getChildren('occupant-id', OCCUPANT_ID_NS)
  const rawId = ids.length === 1 ? ids[0]?.attrs.id : undefined
  const occupantId = typeof rawId === 'string' && rawId !== '' && rawId.length <= MAX_OCCUPANT_ID && !CONTROL.test(rawId) ? rawId : undefined

  const claimsSelf = codes.includes(110)
  return {
    kind: 'occupant',
    nick,
    role,
    affiliation,
    ...(realJid ? { realJid } : {}),
    ...(occupantId ? { occupantId } : {}),
    self: claimsSelf && nick === ownNick,
    claimsSelf,
    created: codes.includes(201),
    ...(nickChanged ? { nickChanged } : {}),
    kicked: unavailable && codes.includes(307),
    banned: unavailable && codes.includes(301),
    destroyed: unavailable && x.getChildren('destroy', NS.mucUser).length > 0,
    unavailable,
    codes,
  }
}

export interface RoomSubject {
  subject: string
  /** The occupant who set it; null when the room itself sent it. */
  by: string | null
}

/** XEP-0045 §8.1: a groupchat message from this room with one <subject/> and no <body/>. '' clears the subject. */
export function parseRoomSubject(stanza: Element, room: string): RoomSubject | null {
  if (stanza.name !== 'message' || stanza.attrs.type !== 'groupchat') return null
  const from = occupantFrom(stanza, room)
  if (!from) return null
  if (from.nick !== '' && !isValidNick(from.nick)) return null
  if (stanza.getChildren('body', NS.client).length > 0) return null
  const subject = onlyChild(stanza, 'subject', NS.client)
  if (!subject) return null
  const text = subject.text()
  if (TEXT_FORBIDDEN.test(text)) return null
  return { subject: text.slice(0, MAX_SUBJECT), by: from.nick === '' ? null : from.nick }
}

export interface RoomInvite {
  kind: 'direct' | 'mediated'
  /** The bare room JID to join. */
  room: string
  /** Who invites us, to show in the prompt: the sender (direct) or the room's invite@from (mediated). */
  inviter: string
  password?: string
  reason?: string
}

function freeText(value: string | undefined, max: number): string | undefined {
  if (value === undefined || value === '' || TEXT_FORBIDDEN.test(value)) return undefined
  return value.slice(0, max)
}

function inviteMessage(stanza: Element): boolean {
  return stanza.name === 'message' && stanza.attrs.type !== 'error' && stanza.attrs.type !== 'groupchat'
}

/**
 * XEP-0249 direct invitation. The inviter is the sender's bare JID. Null when the room is not a
 * bare `room@service`, the sender is missing, or the message also carries a mediated invite (some
 * services send both from the room; the mediated one names the real inviter).
 */
export function parseDirectInvite(stanza: Element): RoomInvite | null {
  if (!inviteMessage(stanza) || typeof stanza.attrs.from !== 'string') return null
  const sender = parseJid(stanza.attrs.from)
  if (!sender) return null
  const user = stanza.getChildren('x', NS.mucUser)
  if (user.some((x) => x.getChildren('invite', NS.mucUser).length > 0)) return null
  const x = onlyChild(stanza, 'x', NS.conference)
  const room = roomJidOf(String(x?.attrs.jid ?? ''))
  if (!x || !room) return null
  const inviter = formatJid({ ...sender, resource: '' })
  if (inviter === room) return null
  const password = freeText(x.attrs.password, MAX_PASSWORD)
  const reason = freeText(x.attrs.reason, LIMITS.status)
  return { kind: 'direct', room, inviter, ...(password ? { password } : {}), ...(reason ? { reason } : {}) }
}

/**
 * XEP-0045 §7.8.2 mediated invitation: sent by the room (its bare JID is the `from`) on behalf
 * of invite@from. Null unless there is exactly one muc#user payload with exactly one <invite/>
 * naming a valid inviter.
 */
export function parseMediatedInvite(stanza: Element): RoomInvite | null {
  if (!inviteMessage(stanza) || typeof stanza.attrs.from !== 'string') return null
  const room = roomJidOf(stanza.attrs.from)
  if (!room) return null
  const x = onlyChild(stanza, 'x', NS.mucUser)
  const invite = x ? onlyChild(x, 'invite', NS.mucUser) : null
  if (!x || !invite || typeof invite.attrs.from !== 'string') return null
  const inviterJid = parseJid(invite.attrs.from)
  if (!inviterJid || inviterJid.local === '') return null
  // The person, not one of their devices: the prompt names them and blocking applies to them.
  const inviter = formatJid({ ...inviterJid, resource: '' })
  const password = freeText(onlyChild(x, 'password', NS.mucUser)?.text(), MAX_PASSWORD)
  const reason = freeText(onlyChild(invite, 'reason', NS.mucUser)?.text(), LIMITS.status)
  return { kind: 'mediated', room, inviter, ...(password ? { password } : {}), ...(reason ? { reason } : {}) }
}
