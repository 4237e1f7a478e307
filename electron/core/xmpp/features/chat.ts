// 1:1 chat messages (RFC 6121 §5): parse a verified message (live, carbon-copied or from the
// archive) into an archive record; build the outgoing stanza with a UUID id mirrored in XEP-0359
// <origin-id/>, asking for a receipt (XEP-0184) and displayed markers (XEP-0333); build receipts
// and markers. Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { LIMITS } from '../../../../shared/types/domain'
import { bareJid } from '../../../../shared/types/jid'
import type { Correction, IncomingMessage, OutboxItem, Retraction } from '../../archive/archive'
import { NS } from '../ns'
import { onlyChild, parseStamp } from '../xml-helpers'
import { oobElement, parseAttachment } from './oob'

/** How a message reached us: directly, as a carbon copy of another device's traffic, or from the archive. */
export type Via = 'live' | 'carbon-sent' | 'carbon-received' | 'mam'

export interface ParseOptions {
  account: string
  via: Via
  /** Sent by one of our own devices: the conversation is the recipient. */
  outgoing: boolean
  now: number
  /** The <delay/> of an archive or carbon wrapper, when there is one. */
  delay: Element | null
  archiveId: string | null
  /** A room message (type groupchat), already checked to come from a room we are in. */
  groupchat?: boolean
}

/** A chat/normal message with a body; null when there is nothing to show. */
export function parseChatMessage(stanza: Element, options: ParseOptions): IncomingMessage | null {
  const sender = stanza.attrs.from ?? (options.outgoing ? options.account : '')
  const conversation = bareJid((options.outgoing ? stanza.attrs.to : stanza.attrs.from) ?? '')
  if (!conversation || conversation === options.account) return null
  const type = stanza.attrs.type ?? 'normal'
  if (options.groupchat ? type !== 'groupchat' : type !== 'chat' && type !== 'normal') return null
  const bodyElement = onlyChild(stanza, 'body', NS.client) ?? stanza.getChildren('body', NS.client)[0]
  if (!bodyElement) return null
  const body = bodyElement.text().slice(0, LIMITS.body)
  if (body.trim() === '') return null
  // origin-id is what the sender chose for deduplication; fall back to the stanza id.
  const originId = onlyChild(stanza, 'origin-id', NS.sid)?.attrs.id ?? stanza.attrs.id ?? null
  // Offline storage and archives carry the original time (XEP-0203); never show a future time.
  const delay = options.delay ?? stanza.getChildren('delay', NS.delay)[0] ?? null
  const stamp = parseStamp(delay?.attrs.stamp)
  const timestamp = stamp !== null && stamp <= options.now ? stamp : options.now
  const attachment = parseAttachment(stanza, body)
  return {
    ...(attachment ? { attachment } : {}),
    conversation,
    senderJid: sender,
    body,
    originId: originId && originId.length <= 256 ? originId : null,
    timestamp,
    receivedAt: options.now,
    direction: options.outgoing ? 'out' : 'in',
    archiveId: options.archiveId,
    markable: !options.outgoing && stanza.getChild('markable', NS.markers) !== undefined,
  }
}

export type OutgoingItem = Pick<OutboxItem, 'conversation' | 'body' | 'originId'> & { oobUrl?: string | null }

/**
 * One of our messages: the body (with OOB when it shares a file), its id mirrored in XEP-0359
 * <origin-id/> (how receipts, corrections and a room's reflection name it), and `extra` children.
 */
export function outgoingStanza(item: OutgoingItem, type: 'chat' | 'groupchat', ...extra: Element[]): Element {
  return xml(
    'message',
    { to: item.conversation, type, id: item.originId },
    xml('body', {}, item.body),
    item.oobUrl ? oobElement(item.oobUrl) : null,
    xml('origin-id', { xmlns: NS.sid, id: item.originId }),
    ...extra,
  )
}

export function chatStanza(item: OutgoingItem): Element {
  return outgoingStanza(item, 'chat', xml('request', { xmlns: NS.receipts }), xml('markable', { xmlns: NS.markers }), xml('active', { xmlns: NS.chatStates }))
}

/** XEP-0184 receipt for a message we received (sent only for live messages from trusted contacts). */
export function receiptStanza(to: string, id: string, ownId: string): Element {
  return xml('message', { to, id: ownId }, xml('received', { xmlns: NS.receipts, id }))
}

/** XEP-0333: we displayed everything up to `id` in the conversation with `to`. */
export function displayedStanza(to: string, id: string, ownId: string): Element {
  return xml('message', { to, type: 'chat', id: ownId }, xml('displayed', { xmlns: NS.markers, id }), xml('store', { xmlns: 'urn:xmpp:hints' }))
}

/** A correction or retraction a message carries, attributed to the message's own sender. */
export type MessageChange = ({ kind: 'correction' } & Correction) | ({ kind: 'retraction' } & Retraction)

/**
 * XEP-0308 <replace/> (with the new body) or XEP-0424 <retract/> (v1, or v0 inside a XEP-0422
 * <apply-to/>). `parsed` is the message as parseChatMessage read it (null for a bodiless
 * retraction), which fixes the conversation, sender and time the change is checked against.
 */
export function parseMessageChange(stanza: Element, options: ParseOptions): MessageChange | null {
  const sender = bareJid(stanza.attrs.from ?? (options.outgoing ? options.account : ''))
  const conversation = bareJid((options.outgoing ? stanza.attrs.to : stanza.attrs.from) ?? '')
  if (!sender || !conversation || conversation === options.account) return null
  const retract = onlyChild(stanza, 'retract', NS.retract)
  const applyTo = onlyChild(stanza, 'apply-to', NS.fasten)
  const targetId = retract?.attrs.id ?? (applyTo?.getChild('retract', NS.retractLegacy) ? applyTo.attrs.id : undefined)
  if (targetId) return { kind: 'retraction', conversation, senderBare: sender, targetId, timestamp: options.now }
  const replace = onlyChild(stanza, 'replace', NS.correct)
  const parsed = replace?.attrs.id ? parseChatMessage(stanza, options) : null
  if (!replace?.attrs.id || !parsed) return null
  return { kind: 'correction', conversation, senderBare: sender, replaceId: replace.attrs.id, originId: parsed.originId, body: parsed.body, timestamp: parsed.timestamp }
}
