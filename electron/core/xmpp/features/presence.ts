// RFC 6121 presence: parse contacts' presence and subscription requests, build our own presence
// and subscription answers. Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { LIMITS, type OwnPresence, type ResourcePresence } from '../../../../shared/types/domain'
import { bareJid, resourceOf } from '../../../../shared/types/jid'
import { NS } from '../ns'
import { childText, parseStamp } from '../xml-helpers'
import { parsePhotoUpdate } from './avatar'
import { capsElement, parseCapsAdvert, type CapsAdvert } from './caps'
import { CAPS_NODE, OWN_CAPS_VER } from './own-features'

export type PresenceEvent =
  /** `caps`: the XEP-0115 advert; `photo`: the XEP-0153 avatar hash ('' = none), when the presence carries one. */
  | { kind: 'available'; jid: string; resource: ResourcePresence; caps?: CapsAdvert; photo?: string }
  | { kind: 'unavailable'; jid: string; resource: string; at: number }
  | { kind: 'subscribe'; jid: string; nick: string }
  | { kind: 'subscribed' | 'unsubscribed' | 'unsubscribe'; jid: string }
  | { kind: 'error'; jid: string }

const SHOWS = new Set(['chat', 'away', 'xa', 'dnd'])

/** Maps one presence stanza; null when it is not about a usable JID. `now` clamps spoofed times. */
export function parsePresence(stanza: Element, now: number): PresenceEvent | null {
  const from = stanza.attrs.from ?? ''
  const jid = bareJid(from)
  if (!jid) return null
  const type = stanza.attrs.type
  switch (type) {
    case undefined: {
      const show = childText(stanza, 'show', NS.client)
      const priority = Number.parseInt(childText(stanza, 'priority', NS.client) ?? '0', 10)
      const caps = parseCapsAdvert(stanza)
      const photo = parsePhotoUpdate(stanza)
      return {
        kind: 'available',
        jid,
        resource: {
          resource: resourceOf(from),
          show: show && SHOWS.has(show) ? (show as ResourcePresence['show']) : 'available',
          status: (childText(stanza, 'status', NS.client) ?? '').slice(0, LIMITS.status),
          priority: Number.isFinite(priority) ? Math.max(-128, Math.min(127, priority)) : 0,
        },
        ...(caps ? { caps } : {}),
        ...(photo !== null ? { photo } : {}),
      }
    }
    case 'unavailable': {
      // A delayed unavailable presence (or XEP-0319 idle) may say when they really left.
      const delay = stanza.getChildren('delay', NS.delay)[0]
      const stamp = parseStamp(delay?.attrs.stamp)
      return { kind: 'unavailable', jid, resource: resourceOf(from), at: stamp !== null && stamp <= now ? stamp : now }
    }
    case 'subscribe':
      // The nick is self-asserted (XEP-0172): kept only to show next to the JID.
      return { kind: 'subscribe', jid, nick: (childText(stanza, 'nick', NS.nick) ?? '').slice(0, LIMITS.name) }
    case 'subscribed':
    case 'unsubscribed':
    case 'unsubscribe':
      return { kind: type, jid }
    case 'error':
      return { kind: 'error', jid }
    default:
      return null
  }
}

/** Our broadcast presence (no `to`) with our caps (XEP-0115). `offline` is an unavailable presence. */
export function ownPresenceStanza(presence: OwnPresence, priority = 0): Element {
  if (presence.show === 'offline') return xml('presence', { type: 'unavailable' })
  return xml(
    'presence',
    {},
    presence.show !== 'available' ? xml('show', {}, presence.show) : null,
    presence.status ? xml('status', {}, presence.status) : null,
    xml('priority', {}, String(priority)),
    capsElement(CAPS_NODE, OWN_CAPS_VER),
  )
}

export function subscriptionStanza(jid: string, type: 'subscribe' | 'subscribed' | 'unsubscribe' | 'unsubscribed'): Element {
  return xml('presence', { to: jid, type })
}

/** XEP-0012 last activity query to a contact's bare JID: the server answers for offline contacts. */
export function lastActivityQuery(jid: string): Element {
  return xml('iq', { type: 'get', to: jid }, xml('query', { xmlns: NS.last }))
}

/** Seconds since the contact was last online, turned into an epoch ms; null when unusable. */
export function parseLastActivity(reply: Element, now: number): number | null {
  const query = reply.getChild('query', NS.last)
  const seconds = Number.parseInt(query?.attrs.seconds ?? '', 10)
  if (!Number.isFinite(seconds) || seconds < 0) return null
  return now - seconds * 1000
}
