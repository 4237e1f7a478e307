// THE entry point for inbound messages and presence: every stanza is checked for its origin
// before any feature sees it, then mapped to one typed event the core applies. IQ get/set have
// their own door (the routes registered in iq-routes.ts), IQ results go to the IQ caller.
// Layer: electron/core (pure: stanza + context in, event out).
import type { Element } from '@xmpp/xml'
import { bareJid } from '../../../shared/types/jid'
import type { IncomingMessage } from '../archive/archive'
import { parseChatMessage } from './features/chat'
import { parsePresence, type PresenceEvent } from './features/presence'
import { NS } from './ns'

export interface InboundContext {
  /** Our own bare JID. */
  account: string
  now: number
}

export type Inbound =
  | { kind: 'chat'; message: IncomingMessage }
  | { kind: 'presence'; event: PresenceEvent }
  /** A bounce of something we sent: `id` is our stanza id, `peer` the bare JID it was for. */
  | { kind: 'message-error'; peer: string; id: string; text: string }
  | { kind: 'rejected'; reason: RejectReason }
  | { kind: 'ignored'; reason: string }

export type RejectReason =
  | 'forged-carbon'
  | 'groupchat-carbon'
  | 'bare-forwarded'
  | 'unsolicited-mam-result'
  | 'bad-from'

function classifyMessage(stanza: Element, ctx: InboundContext): Inbound {
  const carbon = stanza.getChild('received', NS.carbons) ?? stanza.getChild('sent', NS.carbons)
  if (carbon) {
    // XEP-0280 §11: a carbon must come from our own bare JID (never a full JID, never anyone else).
    if (stanza.attrs.from !== undefined && stanza.attrs.from !== ctx.account) return { kind: 'rejected', reason: 'forged-carbon' }
    const inner = carbon.getChild('forwarded', NS.forward)?.getChild('message', NS.client)
    if (inner?.attrs.type === 'groupchat') return { kind: 'rejected', reason: 'groupchat-carbon' }
    return { kind: 'ignored', reason: 'carbons-not-enabled' }
  }
  if (stanza.getChild('forwarded', NS.forward)) return { kind: 'rejected', reason: 'bare-forwarded' }
  // We have no archive queries open yet, so any result is unsolicited (XEP-0313 §Security).
  if (stanza.getChild('result', NS.mam)) return { kind: 'rejected', reason: 'unsolicited-mam-result' }

  const type = stanza.attrs.type ?? 'normal'
  if (type === 'groupchat' || type === 'headline') return { kind: 'ignored', reason: `type-${type}` }
  const peer = bareJid(stanza.attrs.from ?? '')
  if (!peer) return { kind: 'rejected', reason: 'bad-from' }
  if (type === 'error') {
    const error = stanza.getChild('error', NS.client)
    const text = error?.getChildText('text', NS.stanzas) ?? error?.getChildElements()[0]?.name ?? 'error'
    return stanza.attrs.id ? { kind: 'message-error', peer, id: stanza.attrs.id, text } : { kind: 'ignored', reason: 'error-without-id' }
  }
  const message = parseChatMessage(stanza, ctx.now)
  return message ? { kind: 'chat', message } : { kind: 'ignored', reason: 'no-body' }
}

function classifyPresence(stanza: Element, ctx: InboundContext): Inbound {
  const event = parsePresence(stanza, ctx.now)
  if (!event) return { kind: 'rejected', reason: 'bad-from' }
  return { kind: 'presence', event }
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
