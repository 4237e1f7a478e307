// XEP-0191 Blocking Command: fetch the blocklist (which also subscribes this session to pushes),
// block and unblock JIDs, read the pushes, and match a sender against the list.
// Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { LIMITS } from '../../../../shared/types/domain'
import { formatJid, parseJid } from '../../../../shared/types/jid'
import { NS } from '../ns'

/** A list longer than this is cut: a hostile or broken server must not make us hold millions. */
export const MAX_BLOCKED = 10_000

export type BlocklistPush = { kind: 'block'; jids: string[] } | { kind: 'unblock'; jids: string[] } | { kind: 'unblock-all' }

export function blocklistQuery(): Element {
  return xml('iq', { type: 'get' }, xml('blocklist', { xmlns: NS.blocking }))
}

export function blockRequest(jid: string): Element {
  return xml('iq', { type: 'set' }, xml('block', { xmlns: NS.blocking }, xml('item', { jid })))
}

/** Always names the JID: an <unblock/> without items would unblock everyone (XEP-0191 §3.5). */
export function unblockRequest(jid: string): Element {
  return xml('iq', { type: 'set' }, xml('unblock', { xmlns: NS.blocking }, xml('item', { jid })))
}

/** The normalised JIDs of a <blocklist/>, <block/> or <unblock/>; unusable items are skipped. */
function itemJids(parent: Element): string[] {
  const jids = new Set<string>()
  for (const item of parent.getChildren('item', NS.blocking)) {
    const jid = parseJid(item.attrs.jid ?? '')
    const text = jid ? formatJid(jid) : ''
    if (text !== '' && text.length <= LIMITS.jid) jids.add(text)
    if (jids.size >= MAX_BLOCKED) break
  }
  return [...jids]
}

/** The blocklist in a reply to blocklistQuery(); null when the reply is not one. */
export function parseBlocklist(reply: Element): string[] | null {
  const list = reply.getChild('blocklist', NS.blocking)
  return list ? itemJids(list) : null
}

/** A block or unblock push (an IQ set whose origin the caller has already checked). */
export function parseBlocklistPush(stanza: Element): BlocklistPush | null {
  const block = stanza.getChild('block', NS.blocking)
  if (block) {
    const jids = itemJids(block)
    return jids.length > 0 ? { kind: 'block', jids } : null
  }
  const unblock = stanza.getChild('unblock', NS.blocking)
  if (!unblock) return null
  // No items at all means "unblock everyone"; items that are all unusable mean nothing.
  if (unblock.getChildren('item', NS.blocking).length === 0) return { kind: 'unblock-all' }
  const jids = itemJids(unblock)
  return jids.length > 0 ? { kind: 'unblock', jids } : null
}

/**
 * Whether a sender is on the list, by the JID matching XEP-0191 §6 borrows from privacy lists: the
 * full JID, the bare JID, the domain with the resource, or the whole domain.
 */
export function isBlockedBy(list: ReadonlySet<string>, sender: string): boolean {
  const jid = parseJid(sender)
  if (!jid) return false
  const { local, domain, resource } = jid
  const candidates = [formatJid(jid), formatJid({ local, domain, resource: '' }), formatJid({ local: '', domain, resource }), domain]
  return candidates.some((candidate) => list.has(candidate))
}
