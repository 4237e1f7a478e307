// XEP-0425 moderated retraction: notices are taken only from the room's bare JID (never an
// occupant, never another entity), in the current (message-moderate:1) and older (:0) forms;
// and the request we send as a moderator.
import { describe, expect, it } from 'vitest'
import { moderationRequest, moderationVersion, parseModeration } from '../../../../electron/core/xmpp/features/moderation'
import { NS } from '../../../../electron/core/xmpp/ns'
import { parseStanza, roundTrip } from '../../../support/parse-xml'

const ROOM = 'room@muc.example.com'
const CURRENT =
  "<retract id='stanza-id-1' xmlns='urn:xmpp:message-retract:1'><moderated by='room@muc.example.com/macbeth' xmlns='urn:xmpp:message-moderate:1'>" +
  "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='dd72603d'/></moderated><reason>Inappropriate content</reason></retract>"
const LEGACY =
  "<apply-to id='stanza-id-1' xmlns='urn:xmpp:fasten:0'><moderated by='room@muc.example.com/macbeth' xmlns='urn:xmpp:message-moderate:0'>" +
  "<retract xmlns='urn:xmpp:message-retract:0'/><reason>Inappropriate content</reason></moderated></apply-to>"
const notice = (from: string, payload: string, type = 'groupchat'): string => `<message type='${type}' id='retraction-id-1' from='${from}' to='room@muc.example.com/witch'>${payload}</message>`

describe('moderation notices', () => {
  it('reads the current form from the room', () => {
    expect(parseModeration(parseStanza(notice(ROOM, CURRENT)), ROOM)).toEqual({
      target: 'stanza-id-1',
      by: 'room@muc.example.com/macbeth',
      byOccupantId: 'dd72603d',
      reason: 'Inappropriate content',
      version: 1,
    })
  })

  it('reads the older fastening form', () => {
    expect(parseModeration(parseStanza(notice(ROOM, LEGACY)), 'Room@MUC.example.com')).toEqual({
      target: 'stanza-id-1',
      by: 'room@muc.example.com/macbeth',
      reason: 'Inappropriate content',
      version: 0,
    })
  })

  it('prefers the current form when both are sent, and refuses them when they disagree', () => {
    expect(parseModeration(parseStanza(notice(ROOM, CURRENT + LEGACY)), ROOM)?.version).toBe(1)
    expect(parseModeration(parseStanza(notice(ROOM, CURRENT + LEGACY.replace('stanza-id-1', 'stanza-id-2'))), ROOM)).toBeNull()
  })

  it('accepts a notice that does not name the moderator (by is optional since 0.3.0)', () => {
    const anonymous = "<retract id='s1' xmlns='urn:xmpp:message-retract:1'><moderated xmlns='urn:xmpp:message-moderate:1'/></retract>"
    expect(parseModeration(parseStanza(notice(ROOM, anonymous)), ROOM)).toEqual({ target: 's1', by: null, version: 1 })
  })

  it('refuses a notice from an occupant, another room, another user, or without a from (A9)', () => {
    for (const from of [`${ROOM}/macbeth`, 'other@muc.example.com', 'room@evil.example', 'mallory@evil.example/x', 'muc.example.com']) {
      expect(parseModeration(parseStanza(notice(from, CURRENT)), ROOM), from).toBeNull()
      expect(parseModeration(parseStanza(notice(from, LEGACY)), ROOM), from).toBeNull()
    }
    expect(parseModeration(parseStanza(`<message type='groupchat'>${CURRENT}</message>`), ROOM)).toBeNull()
  })

  it('refuses non-groupchat messages and plain retractions', () => {
    expect(parseModeration(parseStanza(notice(ROOM, CURRENT, 'chat')), ROOM)).toBeNull()
    expect(parseModeration(parseStanza(notice(ROOM, CURRENT, 'error')), ROOM)).toBeNull()
    expect(parseModeration(parseStanza(notice(ROOM, "<retract id='s1' xmlns='urn:xmpp:message-retract:1'/>")), ROOM)).toBeNull()
    expect(parseModeration(parseStanza(notice(ROOM, "<apply-to id='s1' xmlns='urn:xmpp:fasten:0'><moderated xmlns='urn:xmpp:message-moderate:0'/></apply-to>")), ROOM)).toBeNull()
  })

  it('refuses malformed notices', () => {
    const bad = [
      CURRENT.replace("id='stanza-id-1' ", ''), // no target
      CURRENT.replace("id='stanza-id-1'", `id='${'x'.repeat(257)}'`),
      CURRENT.replace("id='stanza-id-1'", "id='a&#x85;b'"),
      CURRENT.replace("by='room@muc.example.com/macbeth'", "by='@@'"),
      CURRENT.replace('urn:xmpp:message-moderate:1', 'urn:xmpp:message-moderate:9'),
      CURRENT + CURRENT, // two retracts
      CURRENT.replace('</moderated>', "</moderated><moderated xmlns='urn:xmpp:message-moderate:1'/>"),
    ]
    for (const payload of bad) expect(parseModeration(parseStanza(notice(ROOM, payload)), ROOM), payload.slice(0, 90)).toBeNull()
  })

  it('drops an occupant-id or reason it cannot use, not the notice', () => {
    const payload = CURRENT.replace("id='dd72603d'", "id=''").replace('Inappropriate content', '  ')
    expect(parseModeration(parseStanza(notice(ROOM, payload)), ROOM)).toEqual({ target: 'stanza-id-1', by: 'room@muc.example.com/macbeth', version: 1 })
    const long = parseModeration(parseStanza(notice(ROOM, CURRENT.replace('Inappropriate content', 'r'.repeat(5000)))), ROOM)
    expect(long?.reason).toHaveLength(1024)
  })
})

describe('moderation requests', () => {
  it('speaks the version the room advertises', () => {
    expect(moderationVersion(new Set([NS.moderate, NS.moderateLegacy]))).toBe(1)
    expect(moderationVersion(new Set([NS.moderateLegacy]))).toBe(0)
    expect(moderationVersion(new Set(['http://jabber.org/protocol/muc']))).toBeNull()
  })

  it('builds the current request', () => {
    const iq = roundTrip(moderationRequest('Room@muc.example.com', 'stanza-id-1', 1, 'Spam'))
    expect(iq.attrs).toMatchObject({ type: 'set', to: ROOM })
    const moderate = iq.getChild('moderate', NS.moderate)
    expect(moderate?.attrs.id).toBe('stanza-id-1')
    expect(moderate?.getChild('retract', NS.retract)).toBeDefined()
    expect(moderate?.getChildText('reason', NS.moderate)).toBe('Spam')
    expect(roundTrip(moderationRequest(ROOM, 's', 1)).getChild('moderate', NS.moderate)?.getChild('reason', NS.moderate)).toBeUndefined()
  })

  it('builds the older request', () => {
    const iq = roundTrip(moderationRequest(ROOM, 'stanza-id-1', 0, 'Spam'))
    const applyTo = iq.getChild('apply-to', NS.fasten)
    expect(applyTo?.attrs.id).toBe('stanza-id-1')
    const moderate = applyTo?.getChild('moderate', NS.moderateLegacy)
    expect(moderate?.getChild('retract', NS.retractLegacy)).toBeDefined()
    expect(moderate?.getChildText('reason', NS.moderateLegacy)).toBe('Spam')
  })

  it('refuses an unusable room, id or reason', () => {
    expect(() => moderationRequest(`${ROOM}/nick`, 's', 1)).toThrow(RangeError)
    expect(() => moderationRequest(ROOM, '', 1)).toThrow(RangeError)
    expect(() => moderationRequest(ROOM, 'x'.repeat(257), 1)).toThrow(RangeError)
    expect(() => moderationRequest(ROOM, 's', 1, 'bad\u0000')).toThrow(RangeError)
    expect(() => moderationRequest(ROOM, 's', 1, 'r'.repeat(1025))).toThrow(RangeError)
  })
})
