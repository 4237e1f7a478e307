// Where to connect for a domain: the user's host/port override, else DNS SRV records for direct
// TLS (XEP-0368, `_xmpps-client._tcp`) and STARTTLS (`_xmpp-client._tcp`), else the domain on
// port 5222. Layer: electron/core (Node).
import { promises as dns } from 'node:dns'
import type { Endpoint } from './client-factory'

export interface EndpointOverride {
  host: string | null
  port: number | null
  directTls: boolean
}

type SrvLookup = (name: string) => Promise<{ name: string; port: number; priority: number; weight: number }[]>

async function srv(lookup: SrvLookup, name: string): Promise<{ name: string; port: number; priority: number; weight: number }[]> {
  try {
    return await lookup(name)
  } catch {
    return [] // NXDOMAIN and friends: no records of that kind
  }
}

export async function resolveEndpoints(domain: string, override: EndpointOverride, lookup: SrvLookup = dns.resolveSrv): Promise<Endpoint[]> {
  if (override.host) {
    return [{ host: override.host, port: override.port ?? (override.directTls ? 5223 : 5222), directTls: override.directTls }]
  }
  const [direct, starttls] = await Promise.all([srv(lookup, `_xmpps-client._tcp.${domain}`), srv(lookup, `_xmpp-client._tcp.${domain}`)])
  const records = [
    ...direct.map((r) => ({ ...r, directTls: true })),
    ...starttls.map((r) => ({ ...r, directTls: false })),
  ]
    // "." as target means the service is decidedly not available (RFC 2782).
    .filter((r) => r.name !== '' && r.name !== '.')
    // Lower priority first; within a priority, heavier weight first, direct TLS before STARTTLS.
    .sort((a, b) => a.priority - b.priority || b.weight - a.weight || Number(b.directTls) - Number(a.directTls))
  if (records.length === 0) return [{ host: domain, port: override.port ?? 5222, directTls: false }]
  return records.map((r) => ({ host: r.name, port: r.port, directTls: r.directTls }))
}
