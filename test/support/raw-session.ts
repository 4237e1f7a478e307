// A bare XmppSession (our real connection code, no application core) for protocol tests that
// need to play a contact with its own behaviour: its own caps and disco#info answers, or a
// connection through a fault proxy. Records every state and inbound stanza.
//
//   const dave = await RawSession.start(server, 'dave', { port: proxy.port, keepalive: { idleMs: 1000, answerMs: 1000 } })
//   await dave.send(xml('presence', {}))
//   await dave.stop()
import type { Element } from '@xmpp/xml'
import type { ConnectionState } from '../../shared/types/domain'
import type { XmppClient } from '../../electron/core/xmpp/client-factory'
import type { KeepalivePolicy } from '../../electron/core/xmpp/keepalive'
import { XmppSession } from '../../electron/core/xmpp/session'
import type { ProsodyServer } from './prosody'

export interface RawSessionOptions {
  password?: string
  /** Where to connect (default the server's c2s port), e.g. a tcp-proxy in front of it. */
  port?: number
  keepalive?: KeepalivePolicy
  /** Registers IQ routes on each new client (e.g. a disco#info responder). */
  install?: (client: XmppClient) => void
}

export class RawSession {
  readonly states: ConnectionState[] = []
  readonly stanzas: Element[] = []
  /** One entry per ready session: whether the server resumed the old stream (XEP-0198). */
  readonly readies: boolean[] = []
  private constructor(readonly session: XmppSession) {}

  static async start(server: ProsodyServer, user: string, options: RawSessionOptions = {}): Promise<RawSession> {
    // Assigned before start(), so the callbacks (which only run after it) always find it.
    let raw: RawSession | null = null
    const session = new XmppSession(
      {
        local: user,
        domain: server.domain,
        resource: `raw-${Math.random().toString(36).slice(2, 8)}`,
        endpoints: async () => [{ host: server.host, port: options.port ?? server.c2sPort, directTls: false }],
        password: () => options.password ?? `${user}-pw`,
        ca: [server.caCert],
        ...(options.keepalive ? { keepalive: options.keepalive } : {}),
      },
      {
        state: (state) => void raw?.states.push(state),
        ready: ({ resumed }) => void raw?.readies.push(resumed),
        stanza: (stanza) => void raw?.stanzas.push(stanza),
        acked: () => {},
        failed: () => {},
        install: (client) => options.install?.(client),
      },
    )
    raw = new RawSession(session)
    await session.start()
    // XEP-0198's <enabled/> can arrive just after 'online'. xmpp.js 0.14 resets its inbound counter
    // when it handles <enabled/>, after counting stanzas that came in the same read: a stanza sent
    // before then can make us acknowledge fewer stanzas than before, and Prosody ends the stream.
    for (let n = 0; n < 100 && !session.acksEnabled; n++) await new Promise((resolve) => setTimeout(resolve, 20))
    return raw
  }

  get jid(): string {
    return this.session.jid
  }

  send(stanza: Element): Promise<void> {
    return this.session.send(stanza)
  }

  /** Resolves with the first recorded state (past or future) that matches. */
  async waitForState(match: (state: ConnectionState) => boolean, timeoutMs = 20_000): Promise<ConnectionState> {
    return this.#until(() => this.states.find(match), timeoutMs, 'state')
  }

  /** Resolves with the first inbound stanza (past or future) that matches. */
  async waitForStanza(match: (stanza: Element) => boolean, timeoutMs = 20_000): Promise<Element> {
    return this.#until(() => this.stanzas.find(match), timeoutMs, 'stanza')
  }

  async #until<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = find()
      if (found !== undefined) return found
      if (Date.now() > deadline) throw new Error(`timed out waiting for a ${what}; states: ${JSON.stringify(this.states.slice(-5))}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  stop(): Promise<void> {
    return this.session.stop()
  }
}
