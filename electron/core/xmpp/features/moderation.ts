// XEP-0425 moderated message retraction: the notice a room sends when a moderator retracted a
// message, and the request we send when we moderate. The current form (urn:xmpp:message-moderate:1)
// is a XEP-0424 <retract/> carrying <moderated/>; the older one (…:0) fastens a <moderated/> to the
// message with XEP-0422 <apply-to/>. Only the room itself may send a notice (XEP-0425 §Business
// Rules): one from an occupant or anyone else is no moderation at all (security notes A9).
// Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { LIMITS } from '../../../../shared/types/limits'
import { formatJid, parseJid } from '../../../../shared/types/jid'
import { stripXmlForbidden } from '../../../../shared/util/xml-chars'
import { hasControl, multiLine } from '../display-text'
import { NS } from '../ns'
import { onlyChild } from '../xml-helpers'
import { OCCUPANT_ID_NS, roomJidOf } from './muc'

/** 1 = urn:xmpp:message-moderate:1 (XEP-0425 ≥ 0.3), 0 = the fastening form before it. */
export type ModerationVersion = 0 | 1

export interface Moderation {
  /** The room's stanza-id (XEP-0359, by = the room) of the retracted message. */
  target: string
  /** The moderator as the room names them (usually room/nick); null when it does not say. */
  by: string | null
  /** The moderator's XEP-0421 id; meaningful only when the room advertises occupant-id. */
  byOccupantId?: string
  reason?: string
  version: ModerationVersion
}

const MAX_ID = 256

/** The version to speak with a room, from its disco#info features; null when it moderates neither way. */
export function moderationVersion(roomFeatures: ReadonlySet<string>): ModerationVersion | null {
  if (roomFeatures.has(NS.moderate)) return 1
  return roomFeatures.has(NS.moderateLegacy) ? 0 : null
}

function usableId(id: string | undefined): id is string {
  return typeof id === 'string' && id !== '' && id.length <= MAX_ID && !hasControl(id)
}

/** Whether the stanza's `from` is exactly the bare room: not an occupant, not anyone else. */
function fromRoom(stanza: Element, room: string): boolean {
  const expected = roomJidOf(room)
  const from = parseJid(String(stanza.attrs.from ?? ''))
  return expected !== null && from !== null && from.resource === '' && formatJid(from) === expected
}

/** Who moderated and why, from a <moderated/> and the element holding <reason/>. Null when `by` is not a JID. */
function moderator(moderated: Element, reasonParent: Element, reasonNs: string): Omit<Moderation, 'target' | 'version'> | null {
  const rawBy = moderated.attrs.by
  const byJid = rawBy === undefined ? null : parseJid(String(rawBy))
  if (rawBy !== undefined && !byJid) return null
  const occupantIds = moderated.getChildren('occupant-id', OCCUPANT_ID_NS)
  const occupantId = occupantIds.length === 1 ? occupantIds[0]?.attrs.id : undefined
  const reason = multiLine(onlyChild(reasonParent, 'reason', reasonNs)?.text(), LIMITS.status)
  return {
    by: byJid ? formatJid(byJid) : null,
    ...(usableId(occupantId) ? { byOccupantId: occupantId } : {}),
    ...(reason ? { reason } : {}),
  }
}

function parseCurrent(stanza: Element): Moderation | null {
  const retract = onlyChild(stanza, 'retract', NS.retract)
  const moderated = retract ? onlyChild(retract, 'moderated', NS.moderate) : null
  if (!retract || !moderated || !usableId(retract.attrs.id)) return null
  const who = moderator(moderated, retract, NS.retract)
  return who ? { target: retract.attrs.id, ...who, version: 1 } : null
}

function parseLegacy(stanza: Element): Moderation | null {
  const applyTo = onlyChild(stanza, 'apply-to', NS.fasten)
  const moderated = applyTo ? onlyChild(applyTo, 'moderated', NS.moderateLegacy) : null
  if (!applyTo || !moderated || !usableId(applyTo.attrs.id)) return null
  if (!onlyChild(moderated, 'retract', NS.retractLegacy)) return null
  const who = moderator(moderated, moderated, NS.moderateLegacy)
  return who ? { target: applyTo.attrs.id, ...who, version: 0 } : null
}

/**
 * A moderation notice from `room` (a bare `room@service`): a groupchat message whose `from` is the
 * room itself. Services send both forms at once for older clients; the current one wins, and the
 * notice is refused when the two name different messages. Null for anything else.
 */
export function parseModeration(stanza: Element, room: string): Moderation | null {
  if (stanza.name !== 'message' || stanza.attrs.type !== 'groupchat' || !fromRoom(stanza, room)) return null
  const current = parseCurrent(stanza)
  const legacy = parseLegacy(stanza)
  if (current && legacy && current.target !== legacy.target) return null
  return current ?? legacy
}

/**
 * Asks `room` to retract the message with the room's stanza-id `target` (we must be a moderator).
 * Throws RangeError on an unusable room, id or reason.
 */
export function moderationRequest(room: string, target: string, version: ModerationVersion, reason?: string): Element {
  const to = roomJidOf(room)
  if (!to) throw new RangeError('moderation: invalid room JID')
  if (!usableId(target)) throw new RangeError('moderation: invalid stanza id')
  if (reason !== undefined && (reason.length > LIMITS.status || stripXmlForbidden(reason) !== reason)) throw new RangeError('moderation: invalid reason')
  const why = reason ? xml('reason', {}, reason) : null
  if (version === 1) {
    return xml('iq', { type: 'set', to }, xml('moderate', { xmlns: NS.moderate, id: target }, xml('retract', { xmlns: NS.retract }), why))
  }
  return xml(
    'iq',
    { type: 'set', to },
    xml('apply-to', { xmlns: NS.fasten, id: target }, xml('moderate', { xmlns: NS.moderateLegacy }, xml('retract', { xmlns: NS.retractLegacy }), why)),
  )
}
