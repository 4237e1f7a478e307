// THE entry point for inbound messages and presence: every stanza is checked for its origin
// before any feature sees it, unwrapped when it is a carbon or an archive result, and mapped to
// one typed event the core applies. IQ get/set have their own door (routes registered by the
// features), IQ results go to the IQ caller. Layer: electron/core (pure: stanza + context in,
// event out).
import type { Element } from '@xmpp/xml'
import { bareJid, formatJid, parseJid, resourceOf } from '../../../shared/types/jid'
import type { IncomingMessage } from '../archive/archive'
import { parseChatMessage, parseMessageChange, type MessageChange, type Via } from './features/chat'
import { AVATAR_NS, parseAvatarMetadata, type AvatarAdvert } from './features/avatar'
import { parseChatState, type ChatState } from './features/chat-states'
import { parseMdsItems, type DisplayedUpTo } from './features/mds'
import { parsePresence, type PresenceEvent } from './features/presence'
import { parseDirectInvite, parseMediatedInvite, parseMucPresence, parseRoomSubject, type MucPresence, type RoomInvite, type RoomSubject } from './features/muc'
import { parseRoomMessage, type RoomContext } from './features/muc-message'
import { parseModeration, type Moderation } from './features/moderation'
import { bookmarkEventAllowed, parseBookmarkEvent, type BookmarkChanges } from './features/bookmarks'
import { NS } from './ns'
import { onlyChild } from './xml-helpers'

export interface InboundContext {
  /** Our own bare JID. */
  account: string
  now: number
  /** Our archive queries in flight: queryid → the archive JID we asked (XEP-0313 §Security). */
  openQueries: ReadonlyMap<string, string>
  /** The server advertises urn:xmpp:sid:0 for our account, so its stanza-ids can be trusted. */
  trustStanzaIds: boolean
  /** Rooms we are in or joining (bare JID → what we know): only they may send room traffic. */
  rooms: ReadonlyMap<string, RoomContext>
}

export type Inbound =
  /** `stanzaId` is the message's own @id, which a receipt must name (XEP-0184). */
  | { kind: 'chat'; message: IncomingMessage; via: Via; receiptRequested: boolean; stanzaId: string | null }
  /** One result of an archive query; `message` is null when it holds nothing to show. */
  | { kind: 'archived'; queryId: string; archiveId: string; message: IncomingMessage | null; change?: MessageChange }
  /** A correction or retraction of a stored message, to apply if it comes from that message's sender. */
  | { kind: 'change'; change: MessageChange }
  /** XEP-0184 receipt or XEP-0333 marker for a message we sent to `peer`. */
  | { kind: 'delivered' | 'displayed'; peer: string; id: string }
  /** We displayed the peer's messages on another device (our own marker, carbon-copied). */
  | { kind: 'read-elsewhere'; peer: string }
  /** XEP-0490 notification from our own account: displayed up to these messages elsewhere. */
  | { kind: 'displayed-sync'; items: DisplayedUpTo[] }
  | { kind: 'presence'; event: PresenceEvent }
  /** A contact's (or our own) XEP-0084 avatar metadata, from that bare JID's PEP service. */
  | { kind: 'avatar'; jid: string; advert: AvatarAdvert }
  /** What the contact is doing in our chat (XEP-0085), from the resource that said so. */
  | { kind: 'chat-state'; peer: string; resource: string; state: ChatState }
  /** A bounce of something we sent: `id` is our stanza id, `peer` the bare JID it was for. */
  | { kind: 'message-error'; peer: string; id: string; text: string }
  /** A message in a room we are in (ours included: the room's reflection). */
  | { kind: 'room-message'; room: string; message: IncomingMessage }
  /** A correction or retraction by an occupant, keyed to that occupant's identity. */
  | { kind: 'room-change'; room: string; change: MessageChange }
  | { kind: 'room-subject'; room: string; subject: RoomSubject }
  | { kind: 'room-moderation'; room: string; moderation: Moderation }
  /** XEP-0402 notification from our own account: bookmarks published or retracted elsewhere. */
  | { kind: 'bookmarks'; changes: BookmarkChanges }
  /** Presence from a room we are in or joining: an occupant, ourselves, or why we cannot join. */
  | { kind: 'room-presence'; room: string; presence: MucPresence; event: PresenceEvent | null }
  /** An invitation to a room (XEP-0249 or mediated); the prompt shows `invite.inviter`. */
  | { kind: 'room-invite'; invite: RoomInvite }
  | { kind: 'rejected'; reason: RejectReason }
  | { kind: 'ignored'; reason: string }

export type RejectReason =
  | 'forged-carbon'
  | 'groupchat-carbon'
  | 'bare-forwarded'
  | 'unsolicited-mam-result'
  | 'mam-result-from-wrong-archive'
  | 'bad-from'
  | 'private-node-from-stranger'
  | 'avatar-not-from-bare-jid'
  | 'groupchat-from-unknown-room'
  | 'muc-presence-not-from-room'
  | 'bad-room-presence'

/** The message inside a <forwarded/> wrapper, with the wrapper's delay stamp. */
function forwardedMessage(wrapper: Element): { message: Element; delay: Element | null } | null {
  const forwarded = onlyChild(wrapper, 'forwarded', NS.forward)
  const message = forwarded ? onlyChild(forwarded, 'message', NS.client) : null
  if (!forwarded || !message) return null
  return { message, delay: onlyChild(forwarded, 'delay', NS.delay) }
}

/**
 * The id our own archive gave a live or carbon-copied message: a `stanza-id` whose `by` is our
 * bare JID, trusted only when the server says it stamps them and only when unambiguous.
 */
export function trustedStanzaId(message: Element, ctx: InboundContext): string | null {
  if (!ctx.trustStanzaIds) return null
  const ours = message.getChildren('stanza-id', NS.sid).filter((s) => s.attrs.by === ctx.account)
  const id = ours.length === 1 ? ours[0]?.attrs.id : undefined
  return id && id.length <= 256 ? id : null
}

function classifyMessage(stanza: Element, ctx: InboundContext): Inbound {
  const carbon = stanza.getChild('received', NS.carbons) ?? stanza.getChild('sent', NS.carbons)
  if (carbon) {
    // XEP-0280 §11: a carbon must come from our own bare JID (never a full JID, never anyone else).
    if (stanza.attrs.from !== undefined && stanza.attrs.from !== ctx.account) return { kind: 'rejected', reason: 'forged-carbon' }
    const inner = forwardedMessage(carbon)
    if (!inner) return { kind: 'ignored', reason: 'empty-carbon' }
    if (inner.message.attrs.type === 'groupchat') return { kind: 'rejected', reason: 'groupchat-carbon' }
    return classifyChat(inner.message, carbon.name === 'sent' ? 'carbon-sent' : 'carbon-received', ctx, trustedStanzaId(inner.message, ctx))
  }
  const result = stanza.getChild('result', NS.mam)
  if (result) return classifyArchived(stanza, result, ctx)
  const mds = stanza.getChild('event', NS.pubsubEvent)?.getChild('items', NS.pubsubEvent)
  if (mds?.attrs.node === NS.mds) {
    // A private node of ours: only our own account may tell us about it (security notes A7).
    if (stanza.attrs.from !== undefined && stanza.attrs.from !== ctx.account) return { kind: 'rejected', reason: 'private-node-from-stranger' }
    return { kind: 'displayed-sync', items: parseMdsItems(mds, ctx.account) }
  }
  if (mds?.attrs.node === NS.bookmarks) {
    // A bookmark can make us join a room: only our own account may tell us about them (T6).
    if (!bookmarkEventAllowed(stanza, ctx.account)) return { kind: 'rejected', reason: 'private-node-from-stranger' }
    const changes = parseBookmarkEvent(stanza, ctx.account)
    return changes ? { kind: 'bookmarks', changes } : { kind: 'ignored', reason: 'unusable-bookmark-event' }
  }
  if (stanza.getChild('forwarded', NS.forward)) return { kind: 'rejected', reason: 'bare-forwarded' }
  const avatar = stanza.getChild('event', NS.pubsubEvent)?.getChild('items', NS.pubsubEvent)
  if (avatar?.attrs.node === AVATAR_NS.metadata) return classifyAvatar(stanza, avatar, ctx)

  const type = stanza.attrs.type ?? 'normal'
  const peer = bareJid(stanza.attrs.from ?? '')
  if (type === 'groupchat') return classifyGroupchat(stanza, peer, ctx)
  if (type === 'headline') return { kind: 'ignored', reason: `type-${type}` }
  if (!peer) return { kind: 'rejected', reason: 'bad-from' }
  if (type === 'error') {
    const error = stanza.getChild('error', NS.client)
    const text = error?.getChildText('text', NS.stanzas) ?? error?.getChildElements()[0]?.name ?? 'error'
    return stanza.attrs.id ? { kind: 'message-error', peer, id: stanza.attrs.id, text } : { kind: 'ignored', reason: 'error-without-id' }
  }
  const invite = type === 'error' ? null : (parseMediatedInvite(stanza) ?? parseDirectInvite(stanza))
  if (invite) return { kind: 'room-invite', invite }
  return classifyChat(stanza, 'live', ctx, trustedStanzaId(stanza, ctx))
}

/** Only rooms we are in may send us groupchat messages; the room's archive is the only other source. */
function classifyGroupchat(stanza: Element, room: string | null, ctx: InboundContext): Inbound {
  const known = room === null ? undefined : ctx.rooms.get(room)
  if (!known || room === null) return { kind: 'rejected', reason: 'groupchat-from-unknown-room' }
  const subject = parseRoomSubject(stanza, room)
  if (subject) return { kind: 'room-subject', room, subject }
  // Only the room itself may say a moderator removed a message (XEP-0425).
  const moderation = parseModeration(stanza, room)
  if (moderation) return { kind: 'room-moderation', room, moderation }
  const parsed = parseRoomMessage(stanza, known, { account: ctx.account, now: ctx.now, via: 'live', delay: null, archiveId: null })
  if (!parsed) return { kind: 'ignored', reason: 'room-message-without-body' }
  return parsed.kind === 'message' ? { kind: 'room-message', room, message: parsed.message } : { kind: 'room-change', room, change: parsed.change }
}

/** XEP-0313: only results of our own open queries, only from the archive we asked. */
function classifyArchived(stanza: Element, result: Element, ctx: InboundContext): Inbound {
  const queryId = result.attrs.queryid ?? ''
  const archive = ctx.openQueries.get(queryId)
  if (archive === undefined) return { kind: 'rejected', reason: 'unsolicited-mam-result' }
  const from = stanza.attrs.from
  if (archive === ctx.account ? from !== undefined && from !== ctx.account : from !== archive)
    return { kind: 'rejected', reason: 'mam-result-from-wrong-archive' }
  const archiveId = result.attrs.id
  const inner = forwardedMessage(result)
  if (!archiveId || archiveId.length > 256 || !inner) return { kind: 'ignored', reason: 'malformed-mam-result' }
  if (archive !== ctx.account) return classifyRoomArchived(inner, queryId, archiveId, archive, ctx)
  if (inner.message.attrs.type === 'groupchat' || inner.message.attrs.type === 'error') return { kind: 'archived', queryId, archiveId, message: null }
  const outgoing = bareJid(inner.message.attrs.from ?? '') === ctx.account
  const options = { account: ctx.account, via: 'mam' as const, outgoing, now: ctx.now, delay: inner.delay, archiveId }
  const change = parseMessageChange(inner.message, options)
  if (change) return { kind: 'archived', queryId, archiveId, message: null, change }
  return { kind: 'archived', queryId, archiveId, message: parseChatMessage(inner.message, options) }
}

/**
 * A result of a room's archive: only that room's own groupchat messages (security notes A6, T5c:
 * a room archive can never supply 1:1 messages, nor another room's). Corrections are not taken
 * from it (see parseRoomMessage).
 */
function classifyRoomArchived(inner: { message: Element; delay: Element | null }, queryId: string, archiveId: string, room: string, ctx: InboundContext): Inbound {
  const known = ctx.rooms.get(room)
  const parsed = known ? parseRoomMessage(inner.message, known, { account: ctx.account, now: ctx.now, via: 'mam', delay: inner.delay, archiveId }) : null
  return { kind: 'archived', queryId, archiveId, message: parsed?.kind === 'message' ? parsed.message : null }
}

/**
 * Public PEP data belongs to the bare JID whose service sent it (security notes A7): a full JID,
 * or anything that is not a JID, is nobody's avatar. No `from` is our own account's service.
 */
function classifyAvatar(stanza: Element, items: Element, ctx: InboundContext): Inbound {
  const from = stanza.attrs.from ?? ctx.account
  const jid = bareJid(from)
  if (!jid || resourceOf(from) !== '') return { kind: 'rejected', reason: 'avatar-not-from-bare-jid' }
  const advert = parseAvatarMetadata(items)
  return advert ? { kind: 'avatar', jid, advert } : { kind: 'ignored', reason: 'unusable-avatar-metadata' }
}

function classifyChat(message: Element, via: Via, ctx: InboundContext, archiveId: string | null): Inbound {
  const outgoing = via === 'carbon-sent'
  const peerAttr = outgoing ? message.attrs.to : message.attrs.from
  const peer = bareJid(peerAttr ?? '')
  if (!peer) return { kind: 'rejected', reason: 'bad-from' }
  if (ctx.rooms.has(peer)) return classifyPrivateMessage(message, peerAttr ?? '', via, ctx, archiveId)
  // A receipt or marker about a message of ours (never answered: that would loop).
  const receipt = message.getChild('received', NS.receipts)
  if (receipt?.attrs.id) return outgoing ? { kind: 'ignored', reason: 'own-receipt' } : { kind: 'delivered', peer, id: receipt.attrs.id }
  const displayed = message.getChild('displayed', NS.markers)
  if (displayed?.attrs.id) return outgoing ? { kind: 'read-elsewhere', peer } : { kind: 'displayed', peer, id: displayed.attrs.id }
  const options = { account: ctx.account, via, outgoing, now: ctx.now, delay: null, archiveId }
  const change = parseMessageChange(message, options)
  if (change) return { kind: 'change', change }
  const parsed = parseChatMessage(message, options)
  if (!parsed) return classifyChatState(message, via, peer, ctx)
  const receiptRequested = via === 'live' && receipt === undefined && message.getChild('request', NS.receipts) !== undefined
  return { kind: 'chat', message: parsed, via, receiptRequested, stanzaId: message.attrs.id ?? null }
}

/**
 * A private message with an occupant of a room we are in (XEP-0045 §7.5): its own conversation,
 * `room/nick`, never the room's. Only the text counts; receipts, markers and states are not used there.
 */
function classifyPrivateMessage(message: Element, occupant: string, via: Via, ctx: InboundContext, archiveId: string | null): Inbound {
  const jid = parseJid(occupant)
  if (!jid || jid.resource === '') return { kind: 'ignored', reason: 'room-message-not-groupchat' }
  const parsed = parseChatMessage(message, { account: ctx.account, via, outgoing: via === 'carbon-sent', now: ctx.now, delay: null, archiveId })
  if (!parsed) return { kind: 'ignored', reason: 'private-message-without-body' }
  return { kind: 'chat', message: { ...parsed, conversation: formatJid(jid), markable: false }, via, receiptRequested: false, stanzaId: null }
}

/**
 * A bodiless message may carry the contact's chat state: only their own, sent to us directly or
 * carbon-copied from another of our devices; our own devices' states and archived ones mean nothing now.
 */
function classifyChatState(message: Element, via: Via, peer: string, ctx: InboundContext): Inbound {
  const state = parseChatState(message)
  if (!state) return { kind: 'ignored', reason: 'no-body' }
  if ((via !== 'live' && via !== 'carbon-received') || peer === ctx.account) return { kind: 'ignored', reason: 'chat-state-not-from-peer' }
  const type = message.attrs.type ?? 'normal'
  if (type !== 'chat' && type !== 'normal') return { kind: 'ignored', reason: `chat-state-type-${type}` }
  return { kind: 'chat-state', peer, resource: resourceOf(message.attrs.from ?? ''), state }
}

function classifyPresence(stanza: Element, ctx: InboundContext): Inbound {
  const room = bareJid(stanza.attrs.from ?? '')
  const known = room === null ? undefined : ctx.rooms.get(room)
  if (known && room !== null) {
    const presence = parseMucPresence(stanza, room, known.nick)
    if (!presence) return { kind: 'rejected', reason: 'bad-room-presence' }
    return { kind: 'room-presence', room, presence, event: presence.kind === 'occupant' ? parsePresence(stanza, ctx.now) : null }
  }
  // Occupant data (roles, real JIDs, "this is you") only ever from a room we joined (T13).
  if (stanza.getChild('x', NS.mucUser)) return { kind: 'rejected', reason: 'muc-presence-not-from-room' }
  const event = parsePresence(stanza, ctx.now)
  return event ? { kind: 'presence', event } : { kind: 'rejected', reason: 'bad-from' }
}

export function classifyInbound(stanza: Element, ctx: InboundContext): Inbound {
  if (stanza.name === 'message') return classifyMessage(stanza, ctx)
  if (stanza.name === 'presence') return classifyPresence(stanza, ctx)
  return { kind: 'ignored', reason: `unexpected-${stanza.name}` }
}

/**
 * Roster pushes are accepted only without `from` or from our own bare JID, never a full JID
 * (RFC 6121 §2.1.6; Gajim CVE-2015-8688).
 */
export function rosterPushAllowed(stanza: Element, account: string): boolean {
  return stanza.attrs.from === undefined || stanza.attrs.from === account
}

/**
 * Blocklist pushes (XEP-0191) likewise only from our own account: anyone else could unblock a
 * spammer or silence a friend.
 */
export function blocklistPushAllowed(stanza: Element, account: string): boolean {
  return rosterPushAllowed(stanza, account)
}
