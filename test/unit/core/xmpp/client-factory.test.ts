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

describe('IQ requests', () => {
  it('reject with the error reply even when it arrives before the request was written, with no unhandled rejection', async () => {
    const client = createXmppClient({ local: 'me', domain: 'example.org', resource: 'desk', endpoint: { host: 'example.org', port: 5222, directTls: false }, password: () => 'pw' })
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      let written = (): void => {}
      // The socket write completes only after the server's error reply has been handled.
      client.entity.send = (stanza: Element) =>
        new Promise<void>((resolve) => {
          written = resolve
          queueMicrotask(() =>
            client.entity.emit('element', xml('iq', { type: 'error', id: stanza.attrs.id, from: 'example.org' }, xml('error', { type: 'cancel' }, xml('item-not-found', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' })))),
          )
        })
      const request = client.iqCaller.request(xml('iq', { type: 'get', to: 'example.org' }, xml('query', { xmlns: 'jabber:iq:version' })))
      await new Promise((r) => setTimeout(r, 20)) // the reply is in; the write is not done yet
      written()
      await expect(request).rejects.toMatchObject({ condition: 'item-not-found' })
      await new Promise((r) => setTimeout(r, 20))
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})
