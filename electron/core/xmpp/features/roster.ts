// RFC 6121 roster: parse items from a roster result or push, and build get/set/remove requests.
// Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { LIMITS, type Subscription } from '../../../../shared/types/domain'
import { bareJid } from '../../../../shared/types/jid'
import type { RosterItem } from '../../archive/archive'
import { NS } from '../ns'

const SUBSCRIPTIONS = new Set<string>(['none', 'to', 'from', 'both'])

export type RosterChange = RosterItem | { jid: string; remove: true }

/** One <item/>; null for an item we cannot use (bad JID). */
export function parseRosterItem(item: Element): RosterChange | null {
  const jid = bareJid(item.attrs.jid ?? '')
  if (!jid || jid.length > LIMITS.jid) return null
  const subscription = item.attrs.subscription ?? 'none'
  if (subscription === 'remove') return { jid, remove: true }
  const groups = [...new Set(item.getChildren('group', NS.roster).map((g) => g.text().trim().slice(0, LIMITS.group)))].filter((g) => g !== '')
  return {
    jid,
    name: (item.attrs.name ?? '').slice(0, LIMITS.name),
    groups,
    subscription: (SUBSCRIPTIONS.has(subscription) ? subscription : 'none') as Subscription,
    pendingOut: item.attrs.ask === 'subscribe',
  }
}

export function parseRosterQuery(query: Element): { version: string | null; items: RosterChange[] } {
  const items = query
    .getChildren('item', NS.roster)
    .map(parseRosterItem)
    .filter((i): i is RosterChange => i !== null)
  return { version: query.attrs.ver ?? null, items }
}

/** A roster get; `version` asks for versioned delivery (RFC 6121 §2.6) when the server offers it. */
export function rosterGet(version: string | null): Element {
  return xml('iq', { type: 'get' }, xml('query', { xmlns: NS.roster, ...(version !== null ? { ver: version } : {}) }))
}

export function rosterSet(jid: string, name: string, groups: readonly string[]): Element {
  return xml('iq', { type: 'set' }, xml('query', { xmlns: NS.roster }, xml('item', { jid, ...(name ? { name } : {}) }, ...groups.map((g) => xml('group', {}, g)))))
}

export function rosterRemove(jid: string): Element {
  return xml('iq', { type: 'set' }, xml('query', { xmlns: NS.roster }, xml('item', { jid, subscription: 'remove' })))
}
