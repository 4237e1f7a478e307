import { describe, expect, it } from 'vitest'
import { resolveEndpoints, type EndpointOverride } from '../../../../electron/core/xmpp/endpoints'

type Srv = { name: string; port: number; priority: number; weight: number }

const NO_OVERRIDE: EndpointOverride = { host: null, port: null, directTls: false }

/** A DNS stand-in answering from a fixed table; unknown names fail like NXDOMAIN. */
function dnsTable(table: Record<string, Srv[] | Error>): { lookup: (name: string) => Promise<Srv[]>; asked: string[] } {
  const asked: string[] = []
  return {
    asked,
    lookup: async (name) => {
      asked.push(name)
      const answer = table[name]
      if (answer === undefined) throw Object.assign(new Error(`queryNotFound ${name}`), { code: 'ENOTFOUND' })
      if (answer instanceof Error) throw answer
      return answer
    },
  }
}

describe('resolveEndpoints', () => {
  it('uses the host override without asking DNS', async () => {
    const dns = dnsTable({})
    expect(await resolveEndpoints('example.org', { host: 'xmpp.example.net', port: 5299, directTls: false }, dns.lookup)).toEqual([
      { host: 'xmpp.example.net', port: 5299, directTls: false },
    ])
    expect(dns.asked).toEqual([])
  })

  it('defaults the override port to 5222 for STARTTLS and 5223 for direct TLS', async () => {
    const dns = dnsTable({})
    expect(await resolveEndpoints('example.org', { host: 'h.example', port: null, directTls: false }, dns.lookup)).toEqual([{ host: 'h.example', port: 5222, directTls: false }])
    expect(await resolveEndpoints('example.org', { host: 'h.example', port: null, directTls: true }, dns.lookup)).toEqual([{ host: 'h.example', port: 5223, directTls: true }])
  })

  it('asks for direct TLS and STARTTLS SRV records of the domain', async () => {
    const dns = dnsTable({})
    await resolveEndpoints('example.org', NO_OVERRIDE, dns.lookup)
    expect([...dns.asked].sort()).toEqual(['_xmpp-client._tcp.example.org', '_xmpps-client._tcp.example.org'])
  })

  it('orders SRV targets by priority, then weight, then direct TLS before STARTTLS', async () => {
    const dns = dnsTable({
      '_xmpps-client._tcp.example.org': [
        { name: 'tls-b.example.org', port: 443, priority: 10, weight: 5 },
        { name: 'tls-c.example.org', port: 5223, priority: 20, weight: 100 },
      ],
      '_xmpp-client._tcp.example.org': [
        { name: 'plain-c.example.org', port: 5222, priority: 10, weight: 5 },
        { name: 'plain-a.example.org', port: 5222, priority: 5, weight: 0 },
        { name: 'plain-b.example.org', port: 5222, priority: 10, weight: 50 },
      ],
    })
    expect(await resolveEndpoints('example.org', NO_OVERRIDE, dns.lookup)).toEqual([
      { host: 'plain-a.example.org', port: 5222, directTls: false },
      { host: 'plain-b.example.org', port: 5222, directTls: false },
      { host: 'tls-b.example.org', port: 443, directTls: true },
      { host: 'plain-c.example.org', port: 5222, directTls: false },
      { host: 'tls-c.example.org', port: 5223, directTls: true },
    ])
  })

  it('drops "." targets (service not offered) and keeps the others', async () => {
    const dns = dnsTable({
      '_xmpps-client._tcp.example.org': [{ name: '.', port: 0, priority: 0, weight: 0 }],
      '_xmpp-client._tcp.example.org': [{ name: 'xmpp.example.org', port: 5222, priority: 0, weight: 0 }],
    })
    expect(await resolveEndpoints('example.org', NO_OVERRIDE, dns.lookup)).toEqual([{ host: 'xmpp.example.org', port: 5222, directTls: false }])
  })

  it('falls back to the domain on port 5222 when there are no SRV records', async () => {
    const dns = dnsTable({ '_xmpps-client._tcp.example.org': [], '_xmpp-client._tcp.example.org': [] })
    expect(await resolveEndpoints('example.org', NO_OVERRIDE, dns.lookup)).toEqual([{ host: 'example.org', port: 5222, directTls: false }])
  })

  it('falls back to the domain when both lookups fail', async () => {
    const dns = dnsTable({
      '_xmpps-client._tcp.example.org': Object.assign(new Error('timeout'), { code: 'ETIMEOUT' }),
      '_xmpp-client._tcp.example.org': Object.assign(new Error('servfail'), { code: 'ESERVFAIL' }),
    })
    expect(await resolveEndpoints('example.org', NO_OVERRIDE, dns.lookup)).toEqual([{ host: 'example.org', port: 5222, directTls: false }])
  })

  it('uses the records of one kind when the lookup of the other kind fails', async () => {
    const dns = dnsTable({ '_xmpps-client._tcp.example.org': [{ name: 'tls.example.org', port: 443, priority: 1, weight: 1 }] })
    expect(await resolveEndpoints('example.org', NO_OVERRIDE, dns.lookup)).toEqual([{ host: 'tls.example.org', port: 443, directTls: true }])
  })
})
