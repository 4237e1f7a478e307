// 1:1 chat messages (RFC 6121 §5): parse a verified incoming message into an archive record,
// build the outgoing stanza with a UUID id mirrored in XEP-0359 <origin-id/>.
// Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { LIMITS } from '../../../../shared/types/domain'
import { bareJid } from '../../../../shared/types/jid'
import type { IncomingMessage, OutboxItem } from '../../archive/archive'
import { NS } from '../ns'
import { onlyChild, parseStamp } from '../xml-helpers'

/** An incoming chat/normal message with a body; null when there is nothing to show. */
export function parseChatMessage(stanza: Element, now: number): IncomingMessage | null {
  const from = stanza.attrs.from ?? ''
  const conversation = bareJid(from)
  if (!conversation) return null
  const bodyElement = onlyChild(stanza, 'body', NS.client) ?? stanza.getChildren('body', NS.client)[0]
  if (!bodyElement) return null
  const body = bodyElement.text().slice(0, LIMITS.body)
  if (body.trim() === '') return null
  // origin-id is what the sender chose for deduplication; fall back to the stanza id.
  const originId = onlyChild(stanza, 'origin-id', NS.sid)?.attrs.id ?? stanza.attrs.id ?? null
  // Offline storage delivers with <delay/>: show the original time, never a time in the future.
  const delay = stanza.getChildren('delay', NS.delay)[0]
  const stamp = parseStamp(delay?.attrs.stamp)
  const timestamp = stamp !== null && stamp <= now ? stamp : now
  return { conversation, senderJid: from, body, originId: originId && originId.length <= 256 ? originId : null, timestamp, receivedAt: now }
}

export function chatStanza(item: Pick<OutboxItem, 'conversation' | 'body' | 'originId'>): Element {
  return xml(
    'message',
    { to: item.conversation, type: 'chat', id: item.originId },
    xml('body', {}, item.body),
    xml('origin-id', { xmlns: NS.sid, id: item.originId }),
    // Ask for a delivery receipt (XEP-0184); matching receipts is part of the reliability work.
    xml('request', { xmlns: NS.receipts }),
    xml('active', { xmlns: NS.chatStates }),
  )
}
