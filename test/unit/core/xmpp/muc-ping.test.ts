// XEP-0410 MUC self-ping: the ping to our own occupant JID, and what each answer means per §3.2
// (with 1.1.0's remote-server errors undecided, like a timeout).
import StanzaError from '@xmpp/middleware/lib/StanzaError.js'
import type { Element } from '@xmpp/xml'
import { describe, expect, it } from 'vitest'
import { classifySelfPingCondition, classifySelfPingFailure, classifySelfPingReply, selfPingQuery } from '../../../../electron/core/xmpp/features/muc-ping'
import { NS } from '../../../../electron/core/xmpp/ns'
import { parseStanza, roundTrip } from '../../../support/parse-xml'

const errorReply = (condition: string, by = ''): string =>
  `<iq from='characters@chat.shakespeare.lit/JuliC' type='error' id='s2c1'><error type='cancel'${by ? ` by='${by}'` : ''}><${condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`

describe('self-ping', () => {
  it('pings our own occupant JID', () => {
    const iq = roundTrip(selfPingQuery('Characters@chat.shakespeare.lit', 'JuliC'))
    expect(iq.attrs).toMatchObject({ type: 'get', to: 'characters@chat.shakespeare.lit/JuliC' })
    expect(iq.getChild('ping', NS.ping)).toBeDefined()
    expect(() => selfPingQuery('chat.shakespeare.lit', 'JuliC')).toThrow(RangeError)
    expect(() => selfPingQuery('characters@chat.shakespeare.lit', '')).toThrow(RangeError)
  })

  it('a result means joined', () => {
    expect(classifySelfPingReply(parseStanza("<iq type='result' id='s2c1' from='characters@chat.shakespeare.lit/JuliC'/>"))).toBe('joined')
  })

  it('errors from a client of ours that does not do pings, or after a nick change, mean joined', () => {
    for (const condition of ['service-unavailable', 'feature-not-implemented', 'item-not-found']) {
      expect(classifySelfPingReply(parseStanza(errorReply(condition))), condition).toBe('joined')
    }
  })

  it('not-acceptable (and not-allowed, bad-request, any other error) means not joined', () => {
    expect(classifySelfPingReply(parseStanza(errorReply('not-acceptable', 'characters@chat.shakespeare.lit')))).toBe('not-joined')
    for (const condition of ['not-allowed', 'bad-request', 'forbidden', 'internal-server-error', 'gone']) {
      expect(classifySelfPingReply(parseStanza(errorReply(condition))), condition).toBe('not-joined')
    }
    expect(classifySelfPingReply(parseStanza("<iq type='error' id='x'><error type='cancel'/></iq>"))).toBe('not-joined')
  })

  it('an unreachable remote server decides nothing', () => {
    for (const condition of ['remote-server-not-found', 'remote-server-timeout']) {
      expect(classifySelfPingReply(parseStanza(errorReply(condition))), condition).toBe('unknown')
    }
  })

  it('ignores conditions in other namespaces and stanza text', () => {
    const reply = parseStanza(
      "<iq type='error' id='x'><error type='cancel'><text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>service-unavailable</text><service-unavailable xmlns='urn:example'/><not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
    )
    expect(classifySelfPingReply(reply)).toBe('not-joined')
    expect(classifySelfPingReply(parseStanza("<iq type='get' id='x'/>"))).toBe('unknown')
  })

  it('classifies what the IQ call rejected with: stanza errors by condition, anything else unknown', () => {
    const fromWire = (condition: string): unknown => StanzaError.fromElement(parseStanza(errorReply(condition)).getChild('error', NS.client) as Element)
    expect(classifySelfPingFailure(fromWire('not-acceptable'))).toBe('not-joined')
    expect(classifySelfPingFailure(fromWire('feature-not-implemented'))).toBe('joined')
    expect(classifySelfPingFailure(fromWire('remote-server-timeout'))).toBe('unknown')
    expect(classifySelfPingFailure(Object.assign(new Error('timeout'), { name: 'TimeoutError' }))).toBe('unknown')
    expect(classifySelfPingFailure(new Error('IQ reply from an unexpected sender was ignored'))).toBe('unknown')
    expect(classifySelfPingFailure(new Error('Not connected'))).toBe('unknown')
    expect(classifySelfPingFailure({ name: 'SASLError', condition: 'not-acceptable' })).toBe('unknown')
    expect(classifySelfPingFailure(null)).toBe('unknown')
    expect(classifySelfPingCondition('')).toBe('not-joined')
  })
})
