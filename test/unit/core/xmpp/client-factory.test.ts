import { rootCertificates } from 'node:tls'
import { describe, expect, it } from 'vitest'
import xml, { type Element } from '@xmpp/xml'
import { createXmppClient, tlsOptionsFor } from '../../../../electron/core/xmpp/client-factory'

const PRIVATE_CA = '-----BEGIN CERTIFICATE-----\nprivate\n-----END CERTIFICATE-----\n'

describe('tlsOptionsFor', () => {
  it('checks the certificate against the XMPP domain and sends it as SNI, TLS 1.2 or newer', () => {
    expect(tlsOptionsFor('example.org', undefined)).toEqual({ servername: 'example.org', host: 'example.org', minVersion: 'TLSv1.2', rejectUnauthorized: true })
  })

  it('uses Node’s own roots when no extra authority is trusted', () => {
    expect(tlsOptionsFor('example.org', []).ca).toBeUndefined()
  })

  it('trusts an extra authority in addition to the system roots, never instead of them', () => {
    const ca = tlsOptionsFor('example.org', [PRIVATE_CA]).ca as string[]
    expect(ca).toContain(PRIVATE_CA)
    expect(ca.length).toBe(rootCertificates.length + 1)
    expect(ca.slice(0, rootCertificates.length)).toEqual([...rootCertificates])
  })
})

describe('createXmppClient', () => {
  it('counts the replies to our own IQs as received stanzas (XEP-0198 h), like every other stanza', async () => {
    const client = createXmppClient({ local: 'me', domain: 'example.org', resource: 'desk', endpoint: { host: 'example.org', port: 5222, directTls: false }, password: () => 'pw' })
    const sent: Element[] = []
    client.entity.send = async (stanza: Element) => void sent.push(stanza)
    const reply = client.iqCaller.request(xml('iq', { type: 'get', to: 'example.org' }, xml('ping', { xmlns: 'urn:xmpp:ping' })))
    await new Promise((r) => setTimeout(r, 0))
    const id = sent[0]?.attrs.id as string
    client.entity.emit('element', xml('message', { from: 'a@example.org/x', type: 'chat' }, xml('body', {}, 'hi')))
    client.entity.emit('element', xml('iq', { type: 'result', id, from: 'example.org' }))
    await reply
    expect(client.streamManagement.inbound).toBe(2)
  })
})
