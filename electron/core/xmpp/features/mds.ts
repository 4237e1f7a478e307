// XEP-0490 Message Displayed Synchronization: one item per conversation in a private PEP node of
// our own account, naming (by the archive's stanza-id) the last message we displayed there. Every
// device reads it at session start, follows its notifications and publishes when the user reads.
// Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { bareJid } from '../../../../shared/types/jid'
import { NS } from '../ns'
import { privatePublish } from './private-pep'

export interface DisplayedUpTo {
  conversation: string
  archiveId: string
}

/** All our items (one per conversation). */
export function mdsFetch(): Element {
  return xml('iq', { type: 'get' }, xml('pubsub', { xmlns: NS.pubsub }, xml('items', { node: NS.mds })))
}

/** Subscribes this session to the node, so other devices' reads arrive as notifications. */
export function mdsSubscribe(fullJid: string): Element {
  return xml('iq', { type: 'set' }, xml('pubsub', { xmlns: NS.pubsub }, xml('subscribe', { node: NS.mds, jid: fullJid })))
}

/** Publishes "displayed up to" for a conversation; the node stays private to our account. */
export function mdsPublish(account: string, upTo: DisplayedUpTo): Element {
  return privatePublish(NS.mds, xml('item', { id: upTo.conversation }, xml('displayed', { xmlns: NS.mds }, xml('stanza-id', { xmlns: NS.sid, by: account, id: upTo.archiveId }))))
}

/** The items of a fetch result or an event; only stanza-ids from our own archive count. */
export function parseMdsItems(items: Element, account: string): DisplayedUpTo[] {
  return items.getChildren('item', items.getNS() ?? NS.pubsub).flatMap((item) => {
    const conversation = bareJid(item.attrs.id ?? '')
    const stanzaIds = item.getChild('displayed', NS.mds)?.getChildren('stanza-id', NS.sid).filter((s) => s.attrs.by === account) ?? []
    const archiveId = stanzaIds.length === 1 ? stanzaIds[0]?.attrs.id : undefined
    return conversation && archiveId && archiveId.length <= 256 ? [{ conversation, archiveId }] : []
  })
}
