// Builds the xmpp.js client the way we need it, from @xmpp/client 0.14's own parts, instead of
// using `client()` as is. Why: xmpp.js upgrades STARTTLS without SNI and without a way to pass our
// trust settings, runs STARTTLS only when offered (no "require"), will run SCRAM over plain TCP,
// and sends no SNI on direct TLS. Here:
//  - STARTTLS and direct TLS both send SNI = the JID's domain and verify the certificate for it;
//  - SASL refuses to start unless the stream is encrypted (developer loopback exception only);
//  - the socket data handler is guarded (see stream-guard.ts);
//  - XEP-0198 counts inbound stanzas exactly, IQ replies included (see sm-inbound.ts).
// Layer: electron/core (Node).
import { rootCertificates, type ConnectionOptions } from 'node:tls'
import { Client } from '@xmpp/client-core'
import iqCallerFactory, { type IqCaller } from '@xmpp/iq/caller.js'
import iqCalleeFactory, { type IqCallee } from '@xmpp/iq/callee.js'
import middlewareFactory, { type MiddlewareApi } from '@xmpp/middleware'
import resourceBinding from '@xmpp/resource-binding'
import sasl from '@xmpp/sasl'
import plain from '@xmpp/sasl-plain'
import scramsha1 from '@xmpp/sasl-scram-sha-1'
import streamFeaturesFactory from '@xmpp/stream-features'
import streamManagementFactory, { type StreamManagement } from '@xmpp/stream-management'
import tcp from '@xmpp/tcp'
import ConnectionTLS from '@xmpp/tls/lib/Connection.js'
import TlsSocket from '@xmpp/tls/lib/Socket.js'
import xml from '@xmpp/xml'
import SASLFactory from 'saslmechanisms'
import { TlsRequiredError } from './connection-errors'
import { NS } from './ns'
import { installFastScramHi } from './scram-hi'
import { countInbound } from './sm-inbound'
import { installStreamGuard } from './stream-guard'

installFastScramHi()

export interface Endpoint {
  host: string
  port: number
  directTls: boolean
}

export interface XmppClientOptions {
  local: string
  domain: string
  resource: string
  endpoint: Endpoint
  /** Read at authentication time, so the password is held by its owner only. */
  password: () => string
  /** Extra trusted CA certificates (PEM), e.g. a private CA, trusted in addition to the system store. */
  ca?: string[]
  /** Developer option: allow authenticating without TLS, only ever honoured for 127.0.0.1 / ::1. */
  allowPlaintextLoopback?: boolean
}

export interface XmppClient {
  entity: Client
  middleware: MiddlewareApi
  iqCaller: IqCaller
  iqCallee: IqCallee
  streamManagement: StreamManagement
  service: string
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

/** TLS settings for both STARTTLS and direct TLS: SNI and identity check against the XMPP domain. */
export function tlsOptionsFor(domain: string, ca: string[] | undefined): ConnectionOptions {
  return {
    servername: domain,
    host: domain,
    minVersion: 'TLSv1.2',
    rejectUnauthorized: true,
    // Node's `ca` replaces its bundled roots, so extra authorities are added to them, not swapped in.
    ...(ca && ca.length > 0 ? { ca: [...rootCertificates, ...ca] } : {}),
  }
}

export function createXmppClient(options: XmppClientOptions): XmppClient {
  const { domain, endpoint } = options
  const tlsOptions = tlsOptionsFor(domain, options.ca)
  const service = `${endpoint.directTls ? 'xmpps' : 'xmpp'}://${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`

  const entity = new Client({ service, domain, timeout: 15_000 })
  installStreamGuard(entity)
  // Nagle's algorithm on both ends plus stream-management acks stall every request/answer round
  // trip (each archive page) by ~40 ms; XMPP stanzas are already whole messages.
  entity.on('connect', () => {
    const socket = entity.socket as { setNoDelay?: (on: boolean) => void; socket?: { setNoDelay?: (on: boolean) => void } } | null
    ;(socket?.setNoDelay ? socket : socket?.socket)?.setNoDelay?.(true)
  })
  tcp({ entity })
  entity.transports.push(directTlsTransport(tlsOptions))

  const middleware = middlewareFactory({ entity })
  // First in the inbound chain, so XEP-0198 counts every stanza (IQ replies included) exactly
  // from <enabled/> on; see sm-inbound.ts.
  const inbound = countInbound({ entity, middleware })
  const streamFeatures = streamFeaturesFactory({ middleware })
  const iqCaller = iqCallerFactory({ middleware, entity })
  observeEarlyReplies(iqCaller)
  const iqCallee = iqCalleeFactory({ middleware, entity })

  streamFeatures.use('starttls', NS.tls, async ({ entity: ent }, next) => {
    if (ent.isSecure()) return next()
    const answer = await ent.sendReceive(xml('starttls', { xmlns: NS.tls }))
    if (!answer.is('proceed', NS.tls)) throw new Error('STARTTLS_FAILURE')
    const secure = new TlsSocket()
    const connected = new Promise<void>((resolve, reject) => {
      secure.once('connect', () => resolve())
      secure.once('error', reject)
    })
    // Before the upgrade the entity's socket is the plain net.Socket of the TCP transport.
    secure.connect({ socket: ent.socket, ...tlsOptions })
    await connected
    ent._attachSocket(secure)
    await ent.restart()
  })

  const saslFactory = new SASLFactory()
  scramsha1(saslFactory)
  plain(saslFactory)
  const plaintextAllowed = options.allowPlaintextLoopback === true && LOOPBACK.has(endpoint.host)
  sasl({ streamFeatures, saslFactory }, async (authenticate, mechanisms) => {
    if (!entity.isSecure() && !plaintextAllowed) throw new TlsRequiredError()
    const mechanism = mechanisms.find((m) => m === 'SCRAM-SHA-1') ?? (entity.isSecure() ? mechanisms.find((m) => m === 'PLAIN') : undefined)
    if (!mechanism) throw Object.assign(new Error('SASL: No compatible mechanism available.'), { name: 'SASLError', condition: 'no-mechanism' })
    await authenticate({ username: options.local, password: options.password() }, mechanism)
  })
  // Here, after SASL and before resource binding: its stream-feature handler binds first, then enables.
  const streamManagement = inbound.adopt(streamManagementFactory({ streamFeatures, entity, middleware: inbound.middleware }))
  resourceBinding({ iqCaller, streamFeatures }, options.resource)
  iqCallee.get(NS.ping, 'ping', () => ({}))

  return { entity, middleware, iqCaller, iqCallee, streamManagement, service }
}

/** A direct-TLS (XEP-0368) transport whose socket parameters carry our TLS settings. */
function directTlsTransport(tlsOptions: ConnectionOptions): unknown {
  // xmpp.js's own direct-TLS transport (socket class, jabber:client namespace), with our parameters.
  class DirectTls extends ConnectionTLS {
    override socketParameters(service: string): { port: number; host: string } | undefined {
      const url = new URL(service)
      if (url.protocol !== 'xmpps:') return undefined
      const host = url.hostname.replace(/^\[(.*)\]$/u, '$1')
      // `host` is where we connect; the certificate is checked against the XMPP domain (servername).
      return { ...tlsOptions, port: Number(url.port) || 5223, host, ALPNProtocols: ['xmpp-client'] } as { port: number; host: string }
    }
  }
  return DirectTls
}

/**
 * xmpp.js 0.14's request() registers the reply's promise, then awaits the socket write before it
 * listens to that promise. An error reply that arrives before the write completes (loopback, a
 * server answering at once) rejects a promise nobody listens to yet: an unhandled rejection,
 * which crashes a Node process run with --unhandled-rejections=strict. Each registered promise
 * gets a no-op listener here; request() still awaits it and throws the error to its caller.
 */
export function observeEarlyReplies(iqCaller: IqCaller): void {
  const register = iqCaller.handlers.set.bind(iqCaller.handlers)
  iqCaller.handlers.set = (id, deferred) => {
    deferred.promise.catch(() => {})
    return register(id, deferred)
  }
}

