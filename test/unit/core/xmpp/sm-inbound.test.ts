// XEP-0198 inbound counting ('h') of the client createXmppClient builds, against a scripted server:
// the real xmpp.js entity and middleware, with a fake socket whose every `feed` is one socket read.
import { EventEmitter } from 'node:events'
import xml from '@xmpp/xml'
import { afterEach, describe, expect, it } from 'vitest'
import { createXmppClient, type XmppClient } from '../../../../electron/core/xmpp/client-factory'

const SM = 'urn:xmpp:sm:3'
const SERVER_HEADER =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='localhost' version='1.0' xml:lang='en'>"
const FEATURES_NEW = `<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><required/></bind><sm xmlns='${SM}'><optional/></sm></stream:features>`
const FEATURES_RESUME = `<stream:features><sm xmlns='${SM}'><optional/></sm></stream:features>`

/** One TCP connection as the entity sees it: what it wrote, and `feed` for one read from the server. */
class FakeSocket extends EventEmitter {
  readonly written: string[] = []
  connect(): void {
    setImmediate(() => this.emit('connect'))
  }
  write(data: string, done: (error?: Error) => void): void {
    this.written.push(data)
    this.emit('written', data)
    process.nextTick(done)
  }
  end(): void {
    setImmediate(() => this.emit('close', false))
  }
  feed(data: string): void {
    this.emit('data', Buffer.from(data))
  }
  /**
   * The first write matching `pattern`, already made or still to come; resolves once the write
   * completed (as a server answers only what reached it).
   */
  async waitForWrite(pattern: RegExp): Promise<string> {
    const data = await this.#written(pattern)
    await new Promise((resolve) => setImmediate(resolve))
    return data
  }
  #written(pattern: RegExp): Promise<string> {
    const made = this.written.find((w) => pattern.test(w))
    if (made !== undefined) return Promise.resolve(made)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no write matching ${pattern}; written:\n${this.written.join('\n')}`)), 2_000)
      const onWrite = (data: string): void => {
        if (!pattern.test(data)) return
        clearTimeout(timer)
        this.off('written', onWrite)
        resolve(data)
      }
      this.on('written', onWrite)
    })
  }
}

interface Harness {
  client: XmppClient
  sockets: FakeSocket[]
  socket(): FakeSocket
}

const running: Harness[] = []

/** A client from createXmppClient whose TCP transport uses FakeSocket instead of a network socket. */
function harness(): Harness {
  const client = createXmppClient({
    local: 'alice',
    domain: 'localhost',
    resource: 'desk',
    endpoint: { host: '127.0.0.1', port: 5222, directTls: false },
    password: () => 'unused',
  })
  const sockets: FakeSocket[] = []
  class Socket extends FakeSocket {
    constructor() {
      super()
      sockets.push(this)
    }
  }
  const tcp = client.entity.transports[0] as { prototype: object }
  const FakeTransport = function FakeTransport(): void {} as unknown as { prototype: object }
  FakeTransport.prototype = Object.create(tcp.prototype, { Socket: { value: Socket } }) as object
  client.entity.transports.unshift(FakeTransport)
  client.entity.on('error', () => {})
  // As the session does: no xmpp.js liveness timers.
  client.streamManagement.requestAckInterval = 0
  client.streamManagement.timeout = 0
  const h: Harness = {
    client,
    sockets,
    socket: () => {
      const last = sockets.at(-1)
      if (!last) throw new Error('not connected')
      return last
    },
  }
  running.push(h)
  return h
}

afterEach(() => {
  for (const h of running.splice(0)) for (const socket of h.sockets) socket.removeAllListeners('written')
})

function idOf(written: string): string {
  const id = /\bid=["']([^"']+)["']/u.exec(written)?.[1]
  if (!id) throw new Error(`no id in ${written}`)
  return id
}

function hOf(written: string): number {
  const h = /\bh=["'](\d+)["']/u.exec(written)?.[1]
  if (h === undefined) throw new Error(`no h in ${written}`)
  return Number(h)
}

/** An IQ get to our server whose result arrives in its own read. */
async function roundTrip(h: Harness, id: string): Promise<void> {
  const reply = h.client.iqCaller.request(xml('iq', { type: 'get', to: 'localhost', id }, xml('ping', { xmlns: 'urn:xmpp:ping' })))
  await h.socket().waitForWrite(new RegExp(`id=["']${id}["']`, 'u'))
  h.socket().feed(`<iq type='result' id='${id}' from='localhost'/>`)
  await reply
}

/** Signs in up to (not including) <enabled/>: bind answered, two requests of the app sent at 'online'. */
async function signInUntilEnable(h: Harness): Promise<{ early: Promise<unknown>; late: Promise<unknown> }> {
  const { entity, iqCaller } = h.client
  let requests: { early: Promise<unknown>; late: Promise<unknown> } | undefined
  // Like the app: 'online' comes with resource binding, before xmpp.js sends <enable/>.
  entity.once('online', () => {
    requests = {
      early: iqCaller.request(xml('iq', { type: 'get', id: 'early' }, xml('query', { xmlns: 'jabber:iq:roster' }))),
      late: iqCaller.request(xml('iq', { type: 'get', id: 'late', to: 'localhost' }, xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' }))),
    }
  })
  const started = entity.start()
  await h.socket().waitForWrite(/<stream:stream/u)
  h.socket().feed(SERVER_HEADER + FEATURES_NEW)
  const bind = await h.socket().waitForWrite(/urn:ietf:params:xml:ns:xmpp-bind/u)
  h.socket().feed(`<iq type='result' id='${idOf(bind)}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>alice@localhost/desk</jid></bind></iq>`)
  await started
  await h.socket().waitForWrite(/<enable /u)
  if (!requests) throw new Error('the app did not send its requests at online')
  return requests
}

describe('XEP-0198 inbound count (h)', () => {
  it('counts from <enabled/> on, exactly, when stanzas share a read with <enabled/> and <r/>', async () => {
    const h = harness()
    const { early, late } = await signInUntilEnable(h)
    // A presence in a read of its own before <enabled/>: the server sent it before enabling.
    h.socket().feed("<presence from='bob@localhost/phone' to='alice@localhost/desk'/>")
    // One read: a reply and a message sent before <enabled/>, then <enabled/>, then a reply and a
    // message sent after it, then an ack request. The server counts 2 sent since <enabled/>.
    h.socket().feed(
      "<iq type='result' id='early'><query xmlns='jabber:iq:roster'/></iq>" +
        "<message from='bob@localhost/phone' to='alice@localhost/desk' type='chat'><body>before</body></message>" +
        `<enabled xmlns='${SM}' id='sm-1' resume='true' max='600'/>` +
        "<iq type='result' id='late' from='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>" +
        "<message from='bob@localhost/phone' to='alice@localhost/desk' type='chat'><body>hi</body></message>" +
        `<r xmlns='${SM}'/>`,
    )
    expect(hOf(await h.socket().waitForWrite(/<a /u))).toBe(2)
    await Promise.all([early, late])
    expect(h.client.streamManagement.enabled).toBe(true)
    // Once xmpp.js has finished its enable procedure, the count is still the same.
    const acks = h.socket().written.length
    h.socket().feed(`<r xmlns='${SM}'/>`)
    await h.socket().waitForWrite(/<a /u)
    const again = h.socket().written.slice(acks).find((w) => w.startsWith('<a '))
    expect(again && hOf(again)).toBe(2)
  })

  it('counts the replies to our own IQs and the server’s requests, and resumes with that count', async () => {
    const h = harness()
    const { early, late } = await signInUntilEnable(h)
    h.socket().feed(`<enabled xmlns='${SM}' id='sm-1' resume='true' max='600'/>`)
    h.socket().feed("<iq type='result' id='early'/><iq type='result' id='late' from='localhost'/>")
    await Promise.all([early, late])
    for (let n = 0; n < 30; n++) await roundTrip(h, `rt-${n}`)
    // A request from the server (answered by the IQ callee) and a message count as well.
    h.socket().feed("<iq type='get' id='srv-ping' from='localhost'><ping xmlns='urn:xmpp:ping'/></iq>")
    await h.socket().waitForWrite(/id=["']srv-ping["']/u)
    h.socket().feed("<message from='bob@localhost/phone' type='chat'><body>one</body></message>")
    const expected = 2 + 30 + 1 + 1
    h.socket().feed(`<r xmlns='${SM}'/>`)
    expect(hOf(await h.socket().waitForWrite(/<a /u))).toBe(expected)

    // The network drops; the session reconnects on the same client and resumes with that count.
    const { entity } = h.client
    const first = h.socket()
    first.emit('close', true)
    expect(entity.status).toBe('disconnect')
    await entity.connect('xmpp://127.0.0.1:5222')
    const opened = entity.open({ domain: 'localhost' })
    expect(h.socket()).not.toBe(first)
    await h.socket().waitForWrite(/<stream:stream/u)
    h.socket().feed(SERVER_HEADER + FEATURES_RESUME)
    await opened
    const resume = await h.socket().waitForWrite(/<resume /u)
    expect(hOf(resume)).toBe(expected)
    expect(resume).toMatch(/previd=["']sm-1["']/u)
    // Stanzas in the same read as <resumed/> continue the count of the resumed session.
    const resumed = new Promise<void>((resolve) => h.client.streamManagement.on('resumed', () => resolve()))
    h.socket().feed(`<resumed xmlns='${SM}' previd='sm-1' h='0'/><message from='bob@localhost/phone' type='chat'><body>two</body></message><r xmlns='${SM}'/>`)
    await resumed
    expect(hOf(await h.socket().waitForWrite(new RegExp(`<a [^>]*h=["']${expected + 1}["']`, 'u')))).toBe(expected + 1)
  })
})
