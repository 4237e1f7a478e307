// XEP-0045 room messages (type groupchat), live or from the room's archive: who sent it as far as
// the room vouches for it, deduplication keys, and corrections/retractions by the same occupant.
// The caller has already checked that the stanza comes from a room we are in (or, for archive
// results, from the room archive we asked). Layer: electron/core (pure).
import type { Element } from '@xmpp/xml'
import type { IncomingMessage } from '../../archive/archive'
import { formatJid, parseJid } from '../../../../shared/types/jid'
import { outgoingStanza, parseChatMessage, parseMessageChange, type MessageChange, type OutgoingItem } from './chat'
import { isValidNick, OCCUPANT_ID_NS } from './muc'
import { mentionsNick } from '../../../../shared/util/mentions'
import { NS } from '../ns'

/** What we know about a room we are in, for reading its messages. */
export interface RoomContext {
  /** The room's bare JID. */
  room: string
  /** Our current nick there. */
  nick: string
  /** The room advertises XEP-0421: its occupant ids identify senders across nick changes. */
  occupantIds: boolean
  /** Our own occupant id in the room, from our self-presence. */
  ownOccupantId: string | null
  /** The room stamps XEP-0359 stanza-ids of its own (it has MAM or advertises urn:xmpp:sid:0). */
  stanzaIds: boolean
}

export interface RoomMessageOptions {
  account: string
  now: number
  via: 'live' | 'mam'
  /** The archive wrapper's <delay/>; for live messages the stanza's own (join history) is used. */
  delay: Element | null
  /** For archive results: the result id, the room archive's id of this message. */
  archiveId: string | null
}

export type RoomMessage = { kind: 'message'; message: IncomingMessage } | { kind: 'change'; change: MessageChange }

/** `room/nick` of this room with a usable nick; null for anything else (the room's own bare JID included). */
function senderNick(stanza: Element, room: string): string | null {
  const from = parseJid(String(stanza.attrs.from ?? ''))
  if (!from || formatJid({ ...from, resource: '' }) !== room || !isValidNick(from.resource)) return null
  return from.resource
}

function occupantIdOf(stanza: Element, ctx: RoomContext): string | null {
  if (!ctx.occupantIds) return null
  // The room replaces any occupant-id a sender put in (XEP-0421 §4): exactly one, from the room.
  const ids = stanza.getChildren('occupant-id', OCCUPANT_ID_NS)
  const id = ids.length === 1 ? ids[0]?.attrs.id : undefined
  return typeof id === 'string' && id !== '' && id.length <= 256 ? id : null
}

/** The room's stanza-id for a live message; only when the room stamps them, so a sender cannot pick one. */
function roomStanzaId(stanza: Element, ctx: RoomContext): string | null {
  if (!ctx.stanzaIds) return null
  const ours = stanza.getChildren('stanza-id', NS.sid).filter((s) => s.attrs.by === ctx.room)
  const id = ours.length === 1 ? ours[0]?.attrs.id : undefined
  return id && id.length <= 256 ? id : null
}

/**
 * A groupchat message with a body (or a correction/retraction of one) from an occupant of
 * `ctx.room`. Ours when the room says so (our occupant id) or, live, when it comes from our nick
 * (nicks are unique in a room while held). Corrections and retractions count only live: a room
 * archive replays them without the occupant's identity at the time (security notes A9, Dino).
 */
export function parseRoomMessage(stanza: Element, ctx: RoomContext, options: RoomMessageOptions): RoomMessage | null {
  if (stanza.name !== 'message' || stanza.attrs.type !== 'groupchat') return null
  const nick = senderNick(stanza, ctx.room)
  if (nick === null) return null
  const occupantId = occupantIdOf(stanza, ctx)
  const own = occupantId !== null ? occupantId === ctx.ownOccupantId : options.via === 'live' && nick === ctx.nick
  const senderKey = own ? options.account : occupantId !== null ? `${ctx.room}\u0000${occupantId}` : `${ctx.room}/${nick}`
  const archiveId = options.via === 'mam' ? options.archiveId : roomStanzaId(stanza, ctx)
  // Read like a 1:1 message from the room's JID (the conversation), then given the room's fields.
  const parseOptions = { account: options.account, via: options.via, outgoing: false, now: options.now, delay: options.delay, archiveId: null, groupchat: true }
  const change = parseMessageChange(stanza, parseOptions)
  if (change) return options.via === 'live' ? { kind: 'change', change: { ...change, senderBare: senderKey } } : null
  const parsed = parseChatMessage(stanza, parseOptions)
  if (!parsed) return null
  const message: IncomingMessage = {
    ...parsed,
    direction: own ? 'out' : 'in',
    markable: false,
    room: { nick, senderKey, occupantId, archiveId, mayBeOwn: own || nick === ctx.nick, mentionsUs: !own && mentionsNick(parsed.body, ctx.nick) },
  }
  return { kind: 'message', message }
}

/** Our message to a room: the origin-id is how we recognise the room's reflection of it. */
export function groupchatStanza(item: OutgoingItem): Element {
  return outgoingStanza(item, 'groupchat')
}
