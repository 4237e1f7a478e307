// XEP-0115 verification strings (the XEP's own examples), strict reading of disco#info answers
// (hostile shapes), the <c/> of a presence through the inbound pipeline, and our own caps.
import { describe, expect, it } from 'vitest'
import type { Element } from '@xmpp/xml'
import {
  capsElement,
  capsHash,
  capsQuery,
  capsVerificationString,
  DISCO_LIMITS,
  isSupportedHash,
  parseCapsAdvert,
  parseDiscoInfo,
  type DiscoInfo,
} from '../../../../electron/core/xmpp/features/caps'
import { classifyInbound } from '../../../../electron/core/xmpp/inbound'
import { NS } from '../../../../electron/core/xmpp/ns'
import { parseStanza, roundTrip } from '../../../support/parse-xml'

const NOW = Date.parse('2025-06-01T12:00:00Z')

/** A disco#info <query/> as it arrives in a result. */
function query(inner: string): Element {
  const iq = parseStanza(`<iq type='result' from='romeo@montague.lit/orchard'><query xmlns='http://jabber.org/protocol/disco#info'>${inner}</query></iq>`)
  return iq.getChild('query', NS.discoInfo) as Element
}

function info(inner: string): DiscoInfo {
  const verdict = parseDiscoInfo(query(inner))
  if (!verdict.ok) throw new Error(`ill-formed: ${verdict.reason}`)
  return verdict.info
}

const reason = (inner: string): string | null => {
  const verdict = parseDiscoInfo(query(inner))
  return verdict.ok ? null : verdict.reason
}

// XEP-0115 §5.2 "Simple Generation Example".
const EXODUS = `<identity category='client' name='Exodus 0.9.1' type='pc'/>
  <feature var='http://jabber.org/protocol/caps'/>
  <feature var='http://jabber.org/protocol/disco#info'/>
  <feature var='http://jabber.org/protocol/disco#items'/>
  <feature var='http://jabber.org/protocol/muc'/>`

// XEP-0115 §5.3 "Complex Generation Example" (two identities in two languages, XEP-0128 form).
const PSI_FORM = `<x xmlns='jabber:x:data' type='result'>
    <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>
    <field var='ip_version'><value>ipv4</value><value>ipv6</value></field>
    <field var='os'><value>Mac</value></field>
    <field var='os_version'><value>10.5.1</value></field>
    <field var='software'><value>Psi</value></field>
    <field var='software_version'><value>0.11</value></field>
  </x>`
const PSI = `<identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>
  <identity xml:lang='el' category='client' name='Ψ 0.11' type='pc'/>
  <feature var='http://jabber.org/protocol/caps'/>
  <feature var='http://jabber.org/protocol/disco#info'/>
  <feature var='http://jabber.org/protocol/disco#items'/>
  <feature var='http://jabber.org/protocol/muc'/>
  ${PSI_FORM}`

describe('XEP-0115 verification string', () => {
  it('reproduces the simple generation example (§5.2)', () => {
    const exodus = info(EXODUS)
    expect(capsVerificationString(exodus)).toBe(
      'client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<',
    )
    expect(capsHash(exodus)).toBe('QgayPKawpkPSDYmwT/WM94uAlu0=')
  })

  it('reproduces the complex generation example with extended info (§5.3)', () => {
    const psi = info(PSI)
    expect(capsVerificationString(psi)).toBe(
      'client/pc/el/Ψ 0.11<client/pc/en/Psi 0.11<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<urn:xmpp:dataforms:softwareinfo<ip_version<ipv4<ipv6<os<Mac<os_version<10.5.1<software<Psi<software_version<0.11<',
    )
    expect(capsHash(psi)).toBe('q07IKJEyjvHSyhy//CH0CxmKi8w=')
  })

  it('does not depend on the order of identities, features, forms, fields or values', () => {
    const shuffled = info(`<x xmlns='jabber:x:data' type='result'>
        <field var='software_version'><value>0.11</value></field>
        <field var='os'><value>Mac</value></field>
        <field var='ip_version'><value>ipv6</value><value>ipv4</value></field>
        <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>
        <field var='software'><value>Psi</value></field>
        <field var='os_version'><value>10.5.1</value></field>
      </x>
      <feature var='http://jabber.org/protocol/muc'/>
      <identity xml:lang='el' category='client' name='Ψ 0.11' type='pc'/>
      <feature var='http://jabber.org/protocol/disco#items'/>
      <feature var='http://jabber.org/protocol/caps'/>
      <identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>
      <feature var='http://jabber.org/protocol/disco#info'/>`)
    expect(capsHash(shuffled)).toBe('q07IKJEyjvHSyhy//CH0CxmKi8w=')
  })

  it('sorts by UTF-8 bytes (i;octet), not by UTF-16 code units', () => {
    // U+FF5E is EF BD 9E in UTF-8 and sorts before U+1F600 (F0 9F 98 80), though its UTF-16 unit is larger.
    expect(capsVerificationString({ identities: [], features: ['\u{1F600}', '\uFF5E'], forms: [] })).toBe('\uFF5E<\u{1F600}<')
  })

  it('sorts identities by category, type and language before the name', () => {
    const two = info(`<identity category='client' type='pc' name='A'/><identity category='client' type='bot' name='Z'/>`)
    expect(capsVerificationString(two)).toBe('client/bot//Z<client/pc//A<')
  })

  it('hashes only with algorithms we can recompute', () => {
    expect(isSupportedHash('sha-1')).toBe(true)
    expect(isSupportedHash('md5')).toBe(false)
    expect(isSupportedHash('SHA-1')).toBe(false)
    expect(() => capsHash(info(EXODUS), 'md5')).toThrow('Unsupported caps hash md5')
  })
})

describe('parseDiscoInfo: what may be hashed and cached', () => {
  it('rejects duplicate identities (§5.4 3.3)', () => {
    expect(reason(`<identity category='client' type='pc' name='X'/><identity category='client' type='pc' name='X'/>`)).toBe('duplicate-identity')
  })

  it('accepts the same category/type/lang under two names', () => {
    expect(info(`<identity category='client' type='pc' name='X'/><identity category='client' type='pc' name='Y'/>`).identities).toHaveLength(2)
  })

  it('rejects duplicate features (§5.4 3.4)', () => {
    expect(reason(`${EXODUS}<feature var='http://jabber.org/protocol/muc'/>`)).toBe('duplicate-feature')
  })

  it('rejects an identity without category or type, and a feature without var', () => {
    expect(reason(`<identity category='client' name='X'/>`)).toBe('incomplete-identity')
    expect(reason(`<identity category='client' type='pc'/><feature/>`)).toBe('feature-without-var')
  })

  it('rejects two forms with the same FORM_TYPE (§5.4 3.5)', () => {
    expect(reason(`${PSI}${PSI_FORM}`)).toBe('duplicate-form-type')
  })

  it('rejects a FORM_TYPE with two different values, accepts the same value twice (§5.4 3.5)', () => {
    const form = (values: string) => `<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'>${values}</field></x>`
    expect(reason(`${EXODUS}${form('<value>urn:a</value><value>urn:b</value>')}`)).toBe('ambiguous-form-type')
    expect(info(`${EXODUS}${form('<value>urn:a</value><value>urn:a</value>')}`).forms).toEqual([{ formType: 'urn:a', fields: [] }])
  })

  it('leaves out a form whose FORM_TYPE is not hidden or missing, and goes on (§5.4 3.6)', () => {
    const notHidden = `<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE'><value>urn:a</value></field><field var='os'><value>Mac</value></field></x>`
    const noFormType = `<x xmlns='jabber:x:data' type='result'><field var='os'><value>Mac</value></field></x>`
    expect(capsHash(info(`${EXODUS}${notHidden}${noFormType}`))).toBe('QgayPKawpkPSDYmwT/WM94uAlu0=')
  })

  it('rejects a form field without var (it has no place in the string)', () => {
    expect(reason(`${EXODUS}<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>urn:a</value></field><field type='fixed'><value>x</value></field></x>`)).toBe(
      'field-without-var',
    )
  })

  it("refuses text containing '<': two different answers would hash the same (preimage by merging)", () => {
    // The identity name swallows the next feature: both answers give the very same string S.
    const honest = `<identity category='client' type='pc' name='SomeClient'/><feature var='http://jabber.org/protocol/muc'/>`
    const merged = `<identity category='client' type='pc' name='SomeClient&lt;http://jabber.org/protocol/muc'/>`
    expect(capsVerificationString({ identities: [{ category: 'client', type: 'pc', lang: '', name: 'SomeClient<http://jabber.org/protocol/muc' }], features: [], forms: [] })).toBe(
      capsVerificationString(info(honest)),
    )
    expect(reason(merged)).toBe('separator-in-text')
    expect(reason(`<identity category='client' type='pc'/><feature var='urn:a&lt;urn:b'/>`)).toBe('separator-in-text')
  })

  it('refuses answers past the size limits (huge or numerous identities, features, forms, text)', () => {
    const identities = Array.from({ length: DISCO_LIMITS.identities + 1 }, (_, n) => `<identity category='client' type='pc' name='n${n}'/>`).join('')
    expect(reason(identities)).toBe('too-large')
    const features = Array.from({ length: DISCO_LIMITS.features + 1 }, (_, n) => `<feature var='urn:f${n}'/>`).join('')
    expect(reason(`<identity category='client' type='pc'/>${features}`)).toBe('too-large')
    expect(reason(`<identity category='client' type='pc' name='${'x'.repeat(DISCO_LIMITS.text + 1)}'/>`)).toBe('too-large')
    const values = Array.from({ length: DISCO_LIMITS.values + 1 }, (_, n) => `<value>${n}</value>`).join('')
    expect(reason(`<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>urn:a</value></field><field var='v'>${values}</field></x>`)).toBe('too-large')
  })

  it('only reads identities and features in the disco#info namespace', () => {
    const read = info(`<identity category='client' type='pc'/><feature xmlns='urn:other' var='urn:smuggled'/><feature var='urn:real'/>`)
    expect(read.features).toEqual(['urn:real'])
  })
})

describe('parseCapsAdvert', () => {
  const presence = (c: string) => parseStanza(`<presence from='romeo@montague.lit/orchard'>${c}</presence>`)

  it('reads node, ver and hash', () => {
    expect(parseCapsAdvert(presence(`<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://code.google.com/p/exodus' ver='QgayPKawpkPSDYmwT/WM94uAlu0='/>`))).toEqual({
      node: 'http://code.google.com/p/exodus',
      ver: 'QgayPKawpkPSDYmwT/WM94uAlu0=',
      hash: 'sha-1',
    })
  })

  it('keeps an algorithm it cannot check (the caller decides what that is worth)', () => {
    expect(parseCapsAdvert(presence(`<c xmlns='http://jabber.org/protocol/caps' hash='md5' node='n' ver='v'/>`))).toEqual({ node: 'n', ver: 'v', hash: 'md5' })
  })

  it.each([
    ['the legacy format (no hash)', `<c xmlns='http://jabber.org/protocol/caps' node='n' ver='0.9'/>`],
    ['no ver', `<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n'/>`],
    ['a foreign namespace', `<c xmlns='urn:other' hash='sha-1' node='n' ver='v'/>`],
    ['two <c/> (ambiguous)', `<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='a'/><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='b'/>`],
    ['a huge ver', `<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='${'v'.repeat(257)}'/>`],
  ])('ignores %s', (_name, c) => {
    expect(parseCapsAdvert(presence(c))).toBeNull()
  })
})

describe('caps through the inbound pipeline', () => {
  const ctx = { account: 'me@example.org', now: NOW, openQueries: new Map<string, string>(), trustStanzaIds: true, rooms: new Map() }

  it('an available presence carries its advert in the event', () => {
    const stanza = parseStanza(`<presence from='alice@example.org/phone'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/></presence>`)
    expect(classifyInbound(stanza, ctx)).toMatchObject({ kind: 'presence', event: { kind: 'available', jid: 'alice@example.org', caps: { node: 'n', ver: 'v', hash: 'sha-1' } } })
  })

  it('a presence without caps has none', () => {
    const inbound = classifyInbound(parseStanza(`<presence from='alice@example.org/phone'/>`), ctx)
    expect(inbound.kind === 'presence' && inbound.event.kind === 'available' && 'caps' in inbound.event).toBe(false)
  })

  it('a presence the pipeline rejects yields no advert at all', () => {
    const inbound = classifyInbound(parseStanza(`<presence from='@evil.example/x'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/></presence>`), ctx)
    expect(inbound).toEqual({ kind: 'rejected', reason: 'bad-from' })
  })
})

describe('caps stanzas we build', () => {
  it('asks the advertising full JID about node#ver', () => {
    const iq = roundTrip(capsQuery('romeo@montague.lit/orchard', { node: 'http://code.google.com/p/exodus', ver: 'QgayPKawpkPSDYmwT/WM94uAlu0=', hash: 'sha-1' }))
    expect(iq.attrs).toMatchObject({ type: 'get', to: 'romeo@montague.lit/orchard' })
    expect(iq.getChild('query', NS.discoInfo)?.attrs.node).toBe('http://code.google.com/p/exodus#QgayPKawpkPSDYmwT/WM94uAlu0=')
  })

  it('our <c/> names the algorithm', () => {
    expect(roundTrip(capsElement('urn:x', 'abc=')).attrs).toEqual({ xmlns: NS.caps, hash: 'sha-1', node: 'urn:x', ver: 'abc=' })
  })
})
