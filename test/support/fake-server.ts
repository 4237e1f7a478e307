// A scripted, deliberately tiny XMPP server on 127.0.0.1 for hostile-server tests: it does what a
// real server must do to get a client online (STARTTLS with a certificate from its own throwaway
// CA, SASL PLAIN accepting any password, resource binding, minimal answers to the IQs the core asks:
// roster, disco#info, carbons, MAM, ping) and then lets the test write anything at all to the
// client, byte for byte, including what no real server would ever let through.
//
//   const fake = await startFakeServer()
//   // sign in as `me@${fake.domain}` at fake.host:fake.port, trusting [fake.caCert]
//   const session = await fake.waitForSession(1)
//   await session.write("<message from='peer@localhost/x' type='chat'><body>hi</body></message>")
//   await fake.close()
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TLSSocket } from 'node:tls'
import { readFileSync } from 'node:fs'
import { Parser, type Element } from '@xmpp/xml'
import { makeCertificates } from './certificates'

const NS = {
  tls: 'urn:ietf:params:xml:ns:xmpp-tls',
  sasl: 'urn:ietf:params:xml:ns:xmpp-sasl',
  bind: 'urn:ietf:params:xml:ns:xmpp-bind',
  stanzas: 'urn:ietf:params:xml:ns:xmpp-stanzas',
  roster: 'jabber:iq:roster',
  discoInfo: 'http://jabber.org/protocol/disco#info',
  carbons: 'urn:xmpp:carbons:2',
  mam: 'urn:xmpp:mam:2',
  rsm: 'http://jabber.org/protocol/rsm',
  ping: 'urn:xmpp:ping',
} as const

export interface FakeServerOptions {
  domain?: string
  /** Features advertised in disco#info for the account (default: MAM 2 and unique stanza ids). */
  accountFeatures?: string[]
}

/** One client connection that made it through STARTTLS, SASL and resource binding. */
export interface FakeSession {
  readonly index: number
  /** The full JID bound for the client. */
  readonly jid: string
  /** Top-level elements the client sent after binding, in order. */
  readonly received: Element[]
  /** Stream error conditions the client sent (e.g. 'policy-violation', 'bad-format'). */
  readonly streamErrors: string[]
  /** MAM query ids the client used, in order. */
  readonly mamQueries: string[]
  readonly closed: boolean
  /** Resolves when the connection is gone. */
  readonly whenClosed: Promise<void>
  /** Writes raw bytes or text to the client (inside TLS), resolving when written. */
  write(data: string | Buffer): Promise<void>
  /** Writes the pieces one by one with a pause between them, so each is its own TLS record and read. */
  writePieces(pieces: (string | Buffer)[], pauseMs?: number): Promise<void>
  /** The first element (already received or future) that matches. */
  waitFor(match: (element: Element) => boolean, timeoutMs?: number): Promise<Element>
  /** Ends the connection abruptly. */
  destroy(): void
}

export interface FakeServer {
  readonly host: string
  readonly port: number
  readonly domain: string
  /** PEM of the CA that signed the server certificate: what the client must trust. */
  readonly caCert: string
  /** TCP connections accepted so far. */
  readonly connections: number
  readonly sessions: FakeSession[]
  /** Resolves with session number `n` (1-based) once it is bound. */
  waitForSession(n: number, timeoutMs?: number): Promise<FakeSession>
  close(): Promise<void>
}

const STREAM_HEADER = (domain: string, id: string): string =>
  `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='${id}' from='${domain}' version='1.0' xml:lang='en'>`

export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const domain = options.domain ?? 'localhost'
  const accountFeatures = options.accountFeatures ?? [NS.mam, 'urn:xmpp:sid:0']
  const dir = await mkdtemp(join(tmpdir(), 'xmpp-desk-fake-server-'))
  const certs = await makeCertificates(dir, domain, 'valid')
  const key = readFileSync(certs.keyPath)
  const cert = readFileSync(certs.certPath)

  const sessions: FakeSession[] = []
  const sessionWaiters = new Set<() => void>()
  const sockets = new Set<Socket>()
  let connections = 0

  const server: Server = createServer((plain) => {
    connections += 1
    sockets.add(plain)
    plain.on('close', () => sockets.delete(plain))
    serve(plain)
  })

  function serve(plain: Socket): void {
    let socket: Socket = plain
    let stage: 'plain' | 'tls' | 'authed' | 'bound' = 'plain'
    let parser = new Parser()
    let session: (FakeSession & { push(element: Element): void; close(): void }) | null = null
    const streamId = `fake-${connections}`
    const send = (text: string): void => {
      if (!socket.destroyed) socket.write(text)
    }
    plain.on('error', () => {})
    plain.on('close', () => session?.close())

    const features = (): string => {
      switch (stage) {
        case 'plain':
          return `<stream:features><starttls xmlns='${NS.tls}'><required/></starttls></stream:features>`
        case 'tls':
          return `<stream:features><mechanisms xmlns='${NS.sasl}'><mechanism>PLAIN</mechanism></mechanisms></stream:features>`
        default:
          return `<stream:features><bind xmlns='${NS.bind}'/></stream:features>`
      }
    }

    const attach = (): void => {
      parser = new Parser()
      parser.on('start', () => send(STREAM_HEADER(domain, streamId) + features()))
      parser.on('element', (element: Element) => onElement(element))
      parser.on('end', () => {
        send('</stream:stream>')
        socket.end()
      })
      parser.on('error', () => socket.destroy())
    }
    const onData = (data: Buffer): void => {
      try {
        parser.write(data.toString('utf8'))
      } catch {
        socket.destroy()
      }
    }
    attach()
    plain.on('data', onData)

    function onElement(element: Element): void {
      if (element.name === 'stream:error') {
        session?.streamErrors.push(element.children.filter((c): c is Element => typeof c !== 'string').map((c) => c.name).join(' '))
        return
      }
      if (stage === 'plain') {
        if (!element.is('starttls', NS.tls)) return void socket.destroy()
        send(`<proceed xmlns='${NS.tls}'/>`)
        plain.off('data', onData)
        const secure = new TLSSocket(plain, { isServer: true, key, cert })
        secure.on('error', () => {})
        secure.on('data', onData)
        socket = secure
        stage = 'tls'
        attach() // the client opens a new stream over TLS
        return
      }
      if (stage === 'tls') {
        if (!element.is('auth', NS.sasl)) return void socket.destroy()
        send(`<success xmlns='${NS.sasl}'/>`)
        stage = 'authed'
        attach()
        return
      }
      if (stage === 'authed') {
        const bind = element.name === 'iq' ? element.getChild('bind', NS.bind) : undefined
        if (!bind) return void socket.destroy()
        const resource = bind.getChildText('resource') || `fake-${connections}`
        const jid = `me@${domain}/${resource}`
        send(`<iq type='result' id='${escapeAttr(element.attrs.id ?? '')}'><bind xmlns='${NS.bind}'><jid>${jid}</jid></bind></iq>`)
        stage = 'bound'
        session = makeSession(sessions.length + 1, jid, socket)
        sessions.push(session)
        for (const wake of [...sessionWaiters]) wake()
        return
      }
      session?.push(element)
      if (element.name === 'iq' && (element.attrs.type === 'get' || element.attrs.type === 'set')) answerIq(element)
    }

    function answerIq(iq: Element): void {
      const id = escapeAttr(iq.attrs.id ?? '')
      const from = iq.attrs.to ? ` from='${escapeAttr(iq.attrs.to)}'` : ''
      const result = (payload = ''): void => send(`<iq type='result' id='${id}'${from}>${payload}</iq>`)
      const child = iq.getChildElements()[0]
      const xmlns = child?.attrs.xmlns
      if (xmlns === NS.roster && iq.attrs.type === 'get') return result(`<query xmlns='${NS.roster}'/>`)
      if (xmlns === NS.discoInfo)
        return result(
          `<query xmlns='${NS.discoInfo}'><identity category='account' type='registered'/>${accountFeatures.map((f) => `<feature var='${f}'/>`).join('')}</query>`,
        )
      if (xmlns === NS.carbons) return result()
      if (xmlns === NS.ping) return result()
      if (xmlns === NS.mam && child) {
        session?.mamQueries.push(child.attrs.queryid ?? '')
        return result(`<fin xmlns='${NS.mam}' complete='true'><set xmlns='${NS.rsm}'><count>0</count></set></fin>`)
      }
      send(`<iq type='error' id='${id}'${from}><error type='cancel'><service-unavailable xmlns='${NS.stanzas}'/></error></iq>`)
    }
  }

  function makeSession(index: number, jid: string, socket: Socket): FakeSession & { push(element: Element): void; close(): void } {
    const received: Element[] = []
    const waiters = new Set<(element: Element) => void>()
    let closed = false
    let markClosed: () => void = () => {}
    const whenClosed = new Promise<void>((resolve) => {
      markClosed = resolve
    })
    const write = (data: string | Buffer): Promise<void> =>
      new Promise((resolve) => {
        if (closed || socket.destroyed) return resolve()
        // Errors (the client closed meanwhile) are what some tests provoke: never a test failure here.
        socket.write(data, () => resolve())
      })
    return {
      index,
      jid,
      received,
      streamErrors: [],
      mamQueries: [],
      get closed() {
        return closed
      },
      whenClosed,
      write,
      async writePieces(pieces, pauseMs = 50) {
        for (const [i, piece] of pieces.entries()) {
          if (closed) return
          await write(piece)
          if (i < pieces.length - 1 && pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs))
        }
      },
      waitFor(match, timeoutMs = 10_000) {
        const found = received.find(match)
        if (found) return Promise.resolve(found)
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            waiters.delete(check)
            reject(new Error(`fake server: session ${index} received no matching element within ${timeoutMs} ms`))
          }, timeoutMs)
          const check = (element: Element): void => {
            if (!match(element)) return
            clearTimeout(timer)
            waiters.delete(check)
            resolve(element)
          }
          waiters.add(check)
        })
      },
      destroy() {
        socket.destroy()
      },
      push(element) {
        received.push(element)
        for (const waiter of [...waiters]) waiter(element)
      },
      close() {
        if (closed) return
        closed = true
        markClosed()
      },
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port

  return {
    host: '127.0.0.1',
    port,
    domain,
    caCert: certs.caCert,
    get connections() {
      return connections
    },
    sessions,
    waitForSession(n, timeoutMs = 20_000) {
      const existing = sessions[n - 1]
      if (existing) return Promise.resolve(existing)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          sessionWaiters.delete(check)
          reject(new Error(`fake server: no session ${n} within ${timeoutMs} ms (${sessions.length} so far, ${connections} connections)`))
        }, timeoutMs)
        const check = (): void => {
          const session = sessions[n - 1]
          if (!session) return
          clearTimeout(timer)
          sessionWaiters.delete(check)
          resolve(session)
        }
        sessionWaiters.add(check)
      })
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await rm(dir, { recursive: true, force: true })
    },
  }
}

function escapeAttr(value: string): string {
  return value.replace(/&/gu, '&amp;').replace(/'/gu, '&apos;').replace(/</gu, '&lt;')
}
