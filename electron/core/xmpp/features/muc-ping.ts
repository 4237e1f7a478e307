// XEP-0410 MUC self-ping: after a quiet spell, ping our own occupant JID to learn whether the room
// still counts us as joined (a restarted service or a broken s2s link drops occupants silently).
// Layer: electron/core (pure).
import xml, { type Element } from '@xmpp/xml'
import { NS } from '../ns'
import { occupantJid } from './muc'

/** 'unknown': no answer either way (timeout, unreachable server); ping again later, do not rejoin yet. */
export type SelfPingVerdict = 'joined' | 'not-joined' | 'unknown'

/** XEP-0410 §3.2: answered by one of our clients that does not do pings, or after a nick change elsewhere. */
const STILL_JOINED: ReadonlySet<string> = new Set(['service-unavailable', 'feature-not-implemented', 'item-not-found'])
/** XEP-0410 1.1.0: a remote server that cannot be reached decides nothing, like a timeout. */
const UNDECIDED: ReadonlySet<string> = new Set(['remote-server-not-found', 'remote-server-timeout'])

/** The ping to room/nick. Throws RangeError on an unusable room or nick. */
export function selfPingQuery(room: string, nick: string): Element {
  const to = occupantJid(room, nick)
  if (!to) throw new RangeError('muc-ping: invalid room JID or nick')
  return xml('iq', { type: 'get', to }, xml('ping', { xmlns: NS.ping }))
}

/** What an error condition says; any error not listed above means we are no longer an occupant. */
export function classifySelfPingCondition(condition: string): SelfPingVerdict {
  if (STILL_JOINED.has(condition)) return 'joined'
  return UNDECIDED.has(condition) ? 'unknown' : 'not-joined'
}

/** The verdict for a reply stanza: a result means joined, an error goes by its condition. */
export function classifySelfPingReply(reply: Element): SelfPingVerdict {
  if (reply.attrs.type === 'result') return 'joined'
  if (reply.attrs.type !== 'error') return 'unknown'
  const error = reply.getChild('error', NS.client)
  const condition = error?.children.find((c): c is Element => typeof c !== 'string' && c.attrs.xmlns === NS.stanzas && c.name !== 'text')
  return classifySelfPingCondition(condition?.name ?? '')
}

/**
 * The verdict when the IQ call rejected: xmpp.js turns an error reply into a StanzaError with its
 * condition; anything else (timeout, lost connection, a reply from an unexpected sender) is 'unknown'.
 */
export function classifySelfPingFailure(error: unknown): SelfPingVerdict {
  const e = error as { name?: unknown; condition?: unknown } | null
  return e?.name === 'StanzaError' && typeof e.condition === 'string' ? classifySelfPingCondition(e.condition) : 'unknown'
}
