import { rootCertificates } from 'node:tls'
import { describe, expect, it } from 'vitest'
import { tlsOptionsFor } from '../../../../electron/core/xmpp/client-factory'

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
