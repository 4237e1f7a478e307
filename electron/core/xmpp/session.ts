// One account's connection: connect (trying each endpoint), stay connected (reconnect with backoff
// and jitter after a drop, resuming the XEP-0198 session when the server still has it), and stop.
// It reports a ConnectionState for the UI, hands every inbound stanza to one handler, and offers
// `send` and an IQ request whose reply must come from whom we asked. Layer: electron/core (Node).
import { randomUUID } from 'node:crypto'
import type { Client } from '@xmpp/client-core'
import type { Element } from '@xmpp/xml'
import type { ConnectionState } from '../../../shared/types/domain'
import { backoffDelay } from './backoff'
import { createXmppClient, type Endpoint, type XmppClient } from './client-factory'
import { classifyConnectionError, type ClassifiedError } from './connection-errors'
import { Keepalive, keepaliveProbe, type KeepalivePolicy } from './keepalive'

export interface SessionOptions {
  local: string
  domain: string
  resource: string
  endpoints: () => Promise<Endpoint[]>
  password: () => string
  ca?: string[]
  allowPlaintextLoopback?: boolean
  /** How long a silent connection is trusted (default: KEEPALIVE). */
  keepalive?: KeepalivePolicy
}

export interface SessionEvents {
  state(state: ConnectionState): void
  /** A session is bound and ready. `resumed` = the server kept the old one (XEP-0198). */
  ready(info: { resumed: boolean; jid: string }): Promise<void> | void
  stanza(stanza: Element): void
  /** Stanzas the server acknowledged (XEP-0198 <a/>) or that were lost with a failed resumption. */
  acked(stanza: Element): void
  failed(stanza: Element): void
  /** Registers IQ get/set handlers on a new client (each reconnect may build one). */
  install(client: XmppClient): void
}

/**
 * Whether an IQ reply comes from whom we asked (security notes A4): exactly the `to` we used, or,
 * for a request to our own account, no `from`, our bare or full JID or our domain.
 */
export function iqReplyFromExpected(to: string | undefined, from: string | undefined, self: { bare: string; full: string; domain: string }): boolean {
  if (!to || to === self.bare) return from === undefined || from === self.bare || from === self.full || from === self.domain
  return from === to
}

export class ConnectionFailure extends Error {
  constructor(readonly classified: ClassifiedError) {
    super(classified.message)
    this.name = 'ConnectionFailure'
  }
}

export class XmppSession {
  #client: XmppClient | null = null
  #stopped = false
  #attempt = 0
  #retryTimer: NodeJS.Timeout | null = null
  #online = false
  #fullJid = ''
  /** Rejecters of the IQ requests waiting for a reply on the current stream. */
  readonly #pending = new Set<(error: Error) => void>()
  readonly #keepalive: Keepalive

  constructor(
    private readonly options: SessionOptions,
    private readonly events: SessionEvents,
    private readonly random: () => number = Math.random,
  ) {
    this.#keepalive = new Keepalive({ probe: () => this.#probe(), dead: () => this.#abandonDeadConnection() }, options.keepalive)
  }

  get online(): boolean {
    return this.#online
  }

  get jid(): string {
    return this.#fullJid
  }

  /** True when the current stream has XEP-0198 enabled, so the server acknowledges stanzas. */
  get acksEnabled(): boolean {
    return this.#client?.streamManagement.enabled === true
  }

  /** Stream features the server announced after authentication (namespaces of their elements). */
  readonly features = new Set<string>()

  /** First connection: resolves when online, rejects with a ConnectionFailure (no retry then). */
  async start(): Promise<void> {
    this.#stopped = false
    this.events.state({ status: 'connecting' })
    try {
      await this.#connectOnce()
    } catch (error) {
      const classified = error instanceof ConnectionFailure ? error.classified : classifyConnectionError(error)
      await this.#teardown()
      this.events.state({ status: 'offline', reason: classified.message, kind: classified.kind })
      throw new ConnectionFailure(classified)
    }
  }

  /** Sends a stanza; rejects when there is no connection. */
  async send(stanza: Element): Promise<void> {
    const client = this.#client
    if (!client || !this.#online) throw new Error('Not connected')
    await client.entity.send(stanza)
  }

  /**
   * Sends an IQ and waits for its reply. The reply must come from the JID we addressed (or, for
   * requests to our own account, from our bare JID, our full JID, our domain or no `from`):
   * xmpp.js matches replies on the id alone (security notes A4).
   */
  async iq(stanza: Element, timeoutMs = 20_000): Promise<Element> {
    const client = this.#client
    if (!client || !this.#online) throw new Error('Not connected')
    stanza.attrs.id = randomUUID()
    const to = stanza.attrs.to
    // xmpp.js keeps waiting for a reply across a dropped connection until the timeout; a request
    // whose stream is gone can never be answered, so it fails now (see #abandonRequests).
    let abandon = (_error: Error): void => {}
    const abandoned = new Promise<never>((_resolve, reject) => (abandon = reject))
    this.#pending.add(abandon)
    let reply: Element
    try {
      reply = await Promise.race([client.iqCaller.request(stanza, timeoutMs), abandoned])
    } finally {
      this.#pending.delete(abandon)
    }
    const self = { bare: `${this.options.local}@${this.options.domain}`, full: this.#fullJid, domain: this.options.domain }
    if (!iqReplyFromExpected(to, reply.attrs.from, self)) throw new Error('IQ reply from an unexpected sender was ignored')
    return reply
  }

  #nudging = false

  /**
   * A whitespace keepalive (RFC 6120 §4.6.1) at the end of this tick, at most one per tick. Its
   * segment carries our TCP ACK at once: while archive results stream in, a server with Nagle's
   * algorithm on (Prosody's default) holds the rest of a page until it sees that ACK, and Linux
   * delays a bare ACK by ~40 ms, so every page would stall once (Node has no TCP_QUICKACK).
   */
  nudge(): void {
    const client = this.#client
    if (this.#nudging || !client || !this.#online) return
    this.#nudging = true
    queueMicrotask(() => {
      this.#nudging = false
      client.entity.write(' ').catch(() => {})
    })
  }

  /** User-initiated disconnect: no reconnect afterwards. */
  async stop(): Promise<void> {
    this.#stopped = true
    this.#keepalive.stop()
    this.#abandonRequests()
    if (this.#retryTimer) clearTimeout(this.#retryTimer)
    this.#retryTimer = null
    const client = this.#client
    this.#client = null
    this.#online = false
    if (client) await client.entity.stop().catch(() => {})
  }

  async #teardown(): Promise<void> {
    const client = this.#client
    this.#client = null
    this.#online = false
    this.#keepalive.stop()
    if (client) {
      client.entity.removeAllListeners('disconnect')
      await client.entity.stop().catch(() => {})
    }
  }

  async #connectOnce(): Promise<void> {
    const endpoints = await this.options.endpoints()
    let lastError: unknown = new Error('No server address to connect to')
    for (const endpoint of endpoints) {
      try {
        await this.#connectTo(endpoint)
        return
      } catch (error) {
        lastError = error
        await this.#teardown()
        // Only "could not reach it" is worth trying the next address for.
        if (classifyConnectionError(error).kind !== 'unreachable') break
      }
    }
    throw lastError
  }

  async #connectTo(endpoint: Endpoint): Promise<void> {
    const client = createXmppClient({ ...this.options, endpoint })
    this.#client = client
    this.#wire(client)
    await this.#open(client.entity, () => client.entity.start())
  }

  /** Runs `begin` and waits until the session is ready (online or resumed) or fails. */
  async #open(entity: Client, begin: () => Promise<unknown>): Promise<void> {
    const errors: unknown[] = []
    const onError = (error: unknown): void => {
      errors.push(error)
    }
    entity.on('error', onError)
    try {
      const ready = new Promise<void>((resolve, reject) => {
        const onReady = (): void => {
          cleanup()
          resolve()
        }
        const onDown = (): void => {
          cleanup()
          reject(errors[0] ?? new Error('The connection closed during sign-in'))
        }
        const cleanup = (): void => {
          entity.off('online', onReady)
          this.#client?.streamManagement.off('resumed', onReady)
          entity.off('disconnect', onDown)
        }
        entity.once('online', onReady)
        this.#client?.streamManagement.once('resumed', onReady)
        entity.once('disconnect', onDown)
      })
      await Promise.all([begin(), ready])
    } catch (error) {
      throw errors[0] ?? error
    } finally {
      entity.off('error', onError)
    }
  }

  #wire(client: XmppClient): void {
    const { entity, streamManagement } = client
    // An EventEmitter 'error' without a listener throws; errors are reported through state instead.
    entity.on('error', () => {})
    entity.on('stanza', (stanza: Element) => {
      if (stanza.name === 'iq') return // results go to the IQ caller, get/set to the installed routes
      this.events.stanza(stanza)
    })
    entity.on('online', (jid: { toString(): string }) => void this.#becameReady(jid.toString(), false))
    streamManagement.on('resumed', () => void this.#becameReady(entity.jid?.toString() ?? this.#fullJid, true))
    streamManagement.on('ack', (stanza) => this.events.acked(stanza))
    streamManagement.on('fail', (stanza) => this.events.failed(stanza))
    entity.on('disconnect', () => this.#dropped())
    entity.on('element', () => this.#keepalive.heard())
    // One liveness check, ours, for streams with and without XEP-0198: xmpp.js's own (an <r/> after
    // 30 s, then a polite close that waits another timeout for a peer that is gone) is switched off.
    streamManagement.requestAckInterval = 0
    streamManagement.timeout = 0
    entity.on('nonza', (element: Element) => {
      if (!element.is('features', 'http://etherx.jabber.org/streams')) return
      this.features.clear()
      for (const feature of element.getChildElements()) if (feature.attrs.xmlns) this.features.add(feature.attrs.xmlns)
    })
    this.events.install(client)
  }

  async #becameReady(jid: string, resumed: boolean): Promise<void> {
    this.#online = true
    this.#attempt = 0
    this.#fullJid = jid
    this.#keepalive.start()
    try {
      await this.events.ready({ resumed, jid })
    } finally {
      if (this.#online) this.events.state({ status: 'online', jid })
    }
  }

  #abandonRequests(): void {
    const error = new Error('The connection was lost before the server answered')
    for (const abandon of this.#pending) abandon(error)
    this.#pending.clear()
  }

  #dropped(): void {
    const wasOnline = this.#online
    this.#online = false
    this.#keepalive.stop()
    this.#abandonRequests()
    if (this.#stopped || !wasOnline) return
    this.#scheduleReconnect('The connection was lost.')
  }

  #probe(): void {
    const client = this.#client
    if (!client || !this.#online) return
    // A write that fails needs no handling here: the missing answer is what counts.
    client.entity.send(keepaliveProbe(client.streamManagement.enabled, this.options.domain, randomUUID())).catch(() => {})
  }

  /**
   * The server stopped answering: destroy the socket rather than close the stream politely (that
   * would wait for a peer that is gone), so 'disconnect' fires now and the usual reconnect runs,
   * resuming the XEP-0198 session if the server still has it.
   */
  #abandonDeadConnection(): void {
    type Destroyable = { destroy?: () => void; socket?: { destroy?: () => void } } | null
    const socket = this.#client?.entity.socket as Destroyable | undefined
    ;(socket?.destroy ? socket : socket?.socket)?.destroy?.()
  }

  #scheduleReconnect(reason: string): void {
    this.#attempt += 1
    const delay = backoffDelay(this.#attempt, this.random)
    this.events.state({ status: 'reconnecting', retryAt: Date.now() + delay, attempt: this.#attempt, reason })
    this.#retryTimer = setTimeout(() => void this.#reconnect(), delay)
  }

  /** Reconnects now (e.g. after the OS reports the network is back), skipping the wait. */
  reconnectNow(): void {
    if (this.#stopped || this.#online || !this.#retryTimer) return
    clearTimeout(this.#retryTimer)
    void this.#reconnect()
  }

  async #reconnect(): Promise<void> {
    this.#retryTimer = null
    if (this.#stopped) return
    this.events.state({ status: 'connecting' })
    const client = this.#client
    try {
      if (client && client.entity.status === 'disconnect') {
        // Same client, so a XEP-0198 session can be resumed.
        const { entity } = client
        await this.#open(entity, async () => {
          await entity.connect(client.service)
          await entity.open({ domain: this.options.domain })
        })
      } else {
        await this.#teardown()
        await this.#connectOnce()
      }
    } catch (error) {
      if (this.#stopped) return
      const classified = classifyConnectionError(error)
      if (!classified.retryable) {
        await this.#teardown()
        this.events.state({ status: 'offline', reason: classified.message, kind: classified.kind })
        return
      }
      if (this.#client && this.#client.entity.status !== 'disconnect') await this.#teardown()
      this.#scheduleReconnect(classified.message)
    }
  }
}
