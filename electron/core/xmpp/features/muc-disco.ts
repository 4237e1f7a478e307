// XEP-0045 §6 room browser: find our server's chat services (disco#items, then disco#info with the
// conference/text identity), list a service's rooms, and read what a room says about itself before
// we join (name, description, occupant count, and the features that change how we treat it).
// Every answer is checked to come from the entity asked and is bounded. Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { LIMITS } from '../../../../shared/types/limits'
import { parseJid } from '../../../../shared/types/jid'
import { multiLine, singleLine } from '../display-text'
import { NS } from '../ns'
import { onlyChild } from '../xml-helpers'
import { findField, formsOfType, parseFormBoolean } from './data-forms'
import { discoInfoQuery } from './disco'
import { discoItemsQuery, parseDiscoItems } from './http-upload'
import { moderationVersion, type ModerationVersion } from './moderation'
import { OCCUPANT_ID_NS, roomJidOf } from './muc'

export interface MucService {
  jid: string
  /** The service's own name for itself; '' when it gives none. */
  name: string
}

export interface RoomListing {
  jid: string
  /** '' when the service gives none. */
  name: string
}

export interface RoomFeatures {
  /** The room keeps an archive (XEP-0313). */
  mam: boolean
  /** XEP-0421 occupant ids can be trusted in this room. */
  occupantId: boolean
  passwordProtected: boolean
  membersOnly: boolean
  moderated: boolean
  /** Occupants see each other's real JIDs. */
  nonAnonymous: boolean
  persistent: boolean
  /** The XEP-0425 version the room speaks; null when moderators cannot retract messages. */
  moderation: ModerationVersion | null
  /** Whether occupants other than moderators may set the subject; null when the room does not say. */
  subjectByAnyone: boolean | null
}

export interface RoomInfo {
  jid: string
  name: string
  description: string
  /** null when the room does not say (muc#roominfo_occupants). */
  occupants: number | null
  features: RoomFeatures
}

/** A service listing more rooms than this is cut (and asked for no more, XEP-0059). */
export const MAX_ROOMS = 500
const MAX_FEATURES = 256
const ROOM_INFO_FORM = 'http://jabber.org/protocol/muc#roominfo'

/** The name of the first conference/text identity in a disco#info query; null when there is none. */
function conferenceIdentity(query: Element): { name: string } | null {
  const identity = query.getChildren('identity', NS.discoInfo).find((i) => i.attrs.category === 'conference' && i.attrs.type === 'text')
  return identity ? { name: singleLine(identity.attrs.name, LIMITS.name) } : null
}

/** The disco#info `query` of a result from exactly `jid`; null otherwise. */
function infoQuery(reply: Element, jid: string): Element | null {
  if (reply.attrs.type !== 'result' || reply.attrs.from !== jid) return null
  return onlyChild(reply, 'query', NS.discoInfo)
}

/** Whether this disco#info answer (from `jid`) is a multi-user chat service. */
export function parseMucService(jid: string, reply: Element): MucService | null {
  const query = infoQuery(reply, jid)
  const identity = query ? conferenceIdentity(query) : null
  return identity ? { jid, name: identity.name } : null
}

type Iq = (stanza: Element) => Promise<Element>

/**
 * The chat services among our server's disco#items (at most MAX_DISCO_ITEMS asked, in parallel; an
 * item that fails to answer is skipped). `iq` must enforce the reply origin (XmppSession.iq does).
 */
export async function discoverMucServices(iq: Iq, domain: string): Promise<MucService[]> {
  const itemsReply = await iq(discoItemsQuery(domain))
  if (itemsReply.attrs.from !== domain) return []
  // A chat service is a domain (a component), never an account or a resource.
  const candidates = parseDiscoItems(itemsReply).filter((jid) => {
    const parsed = parseJid(jid)
    return parsed !== null && parsed.local === '' && parsed.resource === ''
  })
  const answers = await Promise.allSettled(candidates.map(async (jid) => parseMucService(jid, await iq(discoInfoQuery(jid)))))
  return answers.flatMap((a) => (a.status === 'fulfilled' && a.value ? [a.value] : []))
}

/** The rooms of a service, asking for at most MAX_ROOMS (XEP-0045 §6.3 with XEP-0059). */
export function roomListQuery(service: string): Element {
  return xml('iq', { type: 'get', to: service }, xml('query', { xmlns: NS.discoItems }, xml('set', { xmlns: NS.rsm }, xml('max', {}, String(MAX_ROOMS)))))
}

/**
 * The rooms in `service`'s answer: bare `room@service` JIDs of that service only, each once, at
 * most MAX_ROOMS, names cleaned and cut. Empty when the answer is not from `service`.
 */
export function parseRoomList(reply: Element, service: string): RoomListing[] {
  const domain = parseJid(service)?.domain
  if (reply.attrs.type !== 'result' || reply.attrs.from !== service) return []
  const query = onlyChild(reply, 'query', NS.discoItems)
  if (!query) return []
  const rooms = new Map<string, RoomListing>()
  for (const item of query.getChildren('item', NS.discoItems)) {
    const jid = roomJidOf(String(item.attrs.jid ?? ''))
    if (!jid || rooms.has(jid) || parseJid(jid)?.domain !== domain) continue
    rooms.set(jid, { jid, name: singleLine(item.attrs.name, LIMITS.name) })
    if (rooms.size >= MAX_ROOMS) break
  }
  return [...rooms.values()]
}

/** A plain non-negative decimal below a million; null otherwise. */
function occupantCount(text: string | undefined): number | null {
  return text !== undefined && /^[0-9]{1,6}$/u.test(text.trim()) ? Number(text.trim()) : null
}

/**
 * A room's disco#info (XEP-0045 §6.4) from exactly `room`: it must name itself a conference/text.
 * Name and description come from its identity and muc#roominfo form, cleaned and cut.
 */
export function parseRoomInfo(reply: Element, room: string): RoomInfo | null {
  const jid = roomJidOf(room)
  const query = jid ? infoQuery(reply, jid) : null
  const identity = query ? conferenceIdentity(query) : null
  if (!jid || !query || !identity) return null
  const features = new Set(
    query
      .getChildren('feature', NS.discoInfo)
      .slice(0, MAX_FEATURES)
      .map((f) => String(f.attrs.var ?? '')),
  )
  const forms = formsOfType(query, ROOM_INFO_FORM)
  const form = forms.length === 1 ? forms[0] : undefined
  const value = (name: string): string | undefined => (form ? findField(form, name)?.values[0] : undefined)
  return {
    jid,
    name: identity.name || singleLine(value('muc#roomconfig_roomname'), LIMITS.name),
    description: multiLine(value('muc#roominfo_description'), LIMITS.status),
    occupants: occupantCount(value('muc#roominfo_occupants')),
    features: {
      mam: features.has(NS.mam),
      occupantId: features.has(OCCUPANT_ID_NS),
      passwordProtected: features.has('muc_passwordprotected'),
      membersOnly: features.has('muc_membersonly'),
      moderated: features.has('muc_moderated'),
      nonAnonymous: features.has('muc_nonanonymous'),
      persistent: features.has('muc_persistent'),
      moderation: moderationVersion(features),
      // XEP-0045 names it muc#roominfo_changesubject; Prosody reports its config field instead.
      subjectByAnyone: parseFormBoolean(value('muc#roominfo_changesubject') ?? value('muc#roomconfig_changesubject') ?? ''),
    },
  }
}
