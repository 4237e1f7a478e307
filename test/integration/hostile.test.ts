// Hostile input against the real core (security notes (a), T1–T20). Two sources:
//  - through a real Prosody, from another registered account (mallory): what a remote attacker can
//    actually get delivered, the server stamping the outer `from`;
//  - from a scripted fake server (test/support/fake-server.ts): what only a hostile or broken server
//    can send (a carbon from our own full JID, DTDs, illegal references, a 2 MiB stanza, deep
//    nesting, a character split across TCP writes, an unsolicited archive result).
// The core must drop what is forged, never crash (no uncaught exception, no unhandled rejection),
// and stay or come back online.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ChatMessage } from '../../shared/types/domain'
import { type XmppClient } from '../../electron/core/xmpp/client-factory'
import { startRawClient } from '../support/raw-client'
import { CoreHarness } from '../support/core-harness'
import { startFakeServer, type FakeServer, type FakeSession } from '../support/fake-server'
import { parseStanza } from '../support/parse-xml'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeWithService } from '../support/services'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Uncaught exceptions and unhandled rejections in this test process, per test. */
const problems: string[] = []
const onProblem = (error: unknown): void => void problems.push(error instanceof Error ? (error.stack ?? error.message) : String(error))

/** The core's own log lines (it logs every dropped stanza with the reason). */
const coreLog: string[] = []

/** Starts a core whose log lines land in `coreLog`. */
async function startLoggedCore(trustedCa: string[]): Promise<CoreHarness> {
  const previous = process.env.DEBUG_CORE
  process.env.DEBUG_CORE = '1' // CoreHarness then logs through console.error, captured below
  try {
    return await CoreHarness.start({ trustedCa })
  } finally {
    if (previous === undefined) delete process.env.DEBUG_CORE
    else process.env.DEBUG_CORE = previous
  }
}

/** Every stored message in every conversation. */
async function everything(core: CoreHarness): Promise<ChatMessage[]> {
  const conversations: { jid: string }[] = await core.invoke('conversations:list')
  const all: ChatMessage[] = []
  for (const { jid } of conversations) all.push(...(await core.invoke('messages:page', { conversation: jid, beforeId: null, limit: 500 })).messages)
  return all
}

function recorded(core: CoreHarness, event: 'messages:added' | 'messages:archived'): ChatMessage[] {
  return core.events.filter((e) => e.event === event).flatMap((e) => e.payload as ChatMessage[])
}

beforeAll(() => {
  process.on('uncaughtException', onProblem)
  process.on('unhandledRejection', onProblem)
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    coreLog.push(args.map(String).join(' '))
  })
})
afterAll(() => {
  process.off('uncaughtException', onProblem)
  process.off('unhandledRejection', onProblem)
  vi.restoreAllMocks()
})
beforeEach(() => {
  problems.length = 0
})
afterEach(() => {
  expect(problems, 'uncaught exceptions or unhandled rejections').toEqual([])
})

describe('from a hostile server (scripted fake server)', () => {
  let fake: FakeServer
  beforeAll(async () => {
    fake = await startFakeServer()
  })
  afterAll(async () => {
    await fake?.close()
  })

  const signIn = () => ({ jid: `me@${fake.domain}`, password: 'anything', rememberPassword: false, host: fake.host, port: fake.port, directTls: false })

  /** A signed-in core and its (newest) session on the fake server. */
  async function online(): Promise<{ core: CoreHarness; session: FakeSession }> {
    const core = await startLoggedCore([fake.caCert])
    const before = fake.sessions.length
    expect(await core.invoke('account:sign-in', signIn())).toEqual({ ok: true })
    const session = await fake.waitForSession(before + 1)
    await core.waitFor('connection:state', (s) => s.status === 'online')
    // The set-up of a new session has run: presence went out after roster, disco and carbons.
    await session.waitFor((e) => e.name === 'presence')
    return { core, session }
  }

  let sentinels = 0
  /** A harmless message from a contact; once it is stored, everything written before it was processed. */
  async function sentinel(core: CoreHarness, session: FakeSession): Promise<void> {
    const body = `sentinel ${++sentinels}`
    await session.write(`<message from='peer@localhost/phone' to='${session.jid}' type='chat' id='s${sentinels}'><body>${body}</body></message>`)
    await core.waitFor('messages:added', (m) => m.some((x) => x.body === body), 10_000)
  }

  describe('stanzas a real server would never deliver, on a stream that stays up', () => {
    let core: CoreHarness
    let session: FakeSession
    beforeAll(async () => {
      ;({ core, session } = await online())
    })
    afterAll(async () => {
      await core?.stop()
    })

    it('signed in: STARTTLS with a trusted certificate, roster, disco, carbons, presence, archive catch-up', async () => {
      const names = session.received.map((e) => (e.name === 'iq' ? `iq:${e.getChildElements()[0]?.attrs.xmlns}` : e.name))
      expect(names).toEqual(expect.arrayContaining(['iq:jabber:iq:roster', 'iq:http://jabber.org/protocol/disco#info', 'iq:urn:xmpp:carbons:2', 'presence']))
      await session.waitFor((e) => e.name === 'iq' && e.getChild('query', 'urn:xmpp:mam:2') !== undefined)
    })

    it('drops a carbon whose outer from is our own full JID, not our bare JID (T1b)', async () => {
      await session.write(
        `<message from='${session.jid.replace(/\/.*/u, '/otherres')}' to='${session.jid}' type='chat' id='c1'>` +
          `<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>` +
          `<message xmlns='jabber:client' from='peer@localhost/phone' to='me@localhost/laptop' type='chat' id='c1i'><body>forged carbon from a full JID</body></message>` +
          `</forwarded></received></message>`,
      )
      // And the same from the very resource we are bound to.
      await session.write(
        `<message from='${session.jid}' to='${session.jid}' type='chat' id='c2'>` +
          `<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>` +
          `<message xmlns='jabber:client' from='me@localhost/phone' to='peer@localhost' type='chat' id='c2i'><body>forged sent carbon from our full JID</body></message>` +
          `</forwarded></sent></message>`,
      )
      await sentinel(core, session)
      const bodies = (await everything(core)).map((m) => m.body)
      expect(bodies.filter((b) => b.startsWith('forged'))).toEqual([])
      expect(coreLog.filter((l) => l.includes('forged-carbon')).length).toBeGreaterThanOrEqual(2)
    })

    it('drops an archive result for a query id it never used, even from our own archive (T5b)', async () => {
      await session.write(
        `<message from='me@localhost' to='${session.jid}' id='m1'><result xmlns='urn:xmpp:mam:2' queryid='not-a-query-of-ours' id='fake-archive-id'>` +
          `<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/>` +
          `<message xmlns='jabber:client' from='peer@localhost/phone' to='me@localhost' type='chat'><body>injected history</body></message>` +
          `</forwarded></result></message>`,
      )
      await sentinel(core, session)
      expect((await everything(core)).map((m) => m.body)).not.toContain('injected history')
      expect(recorded(core, 'messages:archived').map((m) => m.body)).not.toContain('injected history')
      expect(coreLog.some((l) => l.includes('unsolicited-mam-result'))).toBe(true)
    })

    it('keeps an emoji intact when its bytes are split across two TCP writes (T16a)', async () => {
      const bytes = Buffer.from(`<message from='peer@localhost/phone' to='${session.jid}' type='chat' id='u1'><body>split 😀 here</body></message>`, 'utf8')
      const emoji = bytes.indexOf(Buffer.from('😀', 'utf8'))
      // Two bytes of the four in each write, with a pause so they are two reads on the client.
      await session.writePieces([bytes.subarray(0, emoji + 2), bytes.subarray(emoji + 2)], 150)
      const added = await core.waitFor('messages:added', (m) => m.some((x) => x.originId === 'u1'))
      expect(added.find((x) => x.originId === 'u1')?.body).toBe('split 😀 here')
      expect((await everything(core)).filter((m) => m.body.includes('\uFFFD'))).toEqual([])
    })

    it('survives 20,000 nested elements in a message (T15b) and stays on the same stream', async () => {
      const depth = 20_000
      await session.write(
        `<message from='peer@localhost/phone' to='${session.jid}' type='chat' id='deep1'><body>deeply nested</body>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}</message>`,
      )
      await sentinel(core, session)
      expect(session.closed).toBe(false)
      expect((await core.invoke('app:state')).connection.status).toBe('online')
      // Its body is ordinary text: stored once, or dropped; never twice, never a crash.
      expect((await everything(core)).filter((m) => m.body === 'deeply nested').length).toBeLessThanOrEqual(1)
    })

    it('ignores an IQ result it never asked for and refuses a roster push from another JID (T3, T4-like)', async () => {
      await session.write(`<iq type='result' id='guessed-id' from='me@localhost'><query xmlns='jabber:iq:roster'><item jid='mallory@evil.example' subscription='both'/></query></iq>`)
      await session.write(
        `<iq type='set' id='push-from-elsewhere' from='mallory@evil.example/x' to='${session.jid}'><query xmlns='jabber:iq:roster'><item jid='mallory@evil.example' name='Peer' subscription='both'/></query></iq>`,
      )
      const error = await session.waitFor((e) => e.name === 'iq' && e.attrs.id === 'push-from-elsewhere')
      expect(error.attrs.type).toBe('error')
      await sentinel(core, session)
      expect(await core.invoke('roster:list')).toEqual([])
    })
  })

  describe('streams the core must close and then reconnect', () => {
    // Each vector on a core of its own: one broken stream never leaks into the next vector.
    const vectors: { name: string; condition: string; payload: (jid: string) => (string | Buffer)[]; body: string }[] = [
      {
        name: 'a DOCTYPE with entity declarations (T14a)',
        condition: 'restricted-xml',
        payload: (jid) => [
          `<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>`,
          `<message from='peer@localhost/phone' to='${jid}' type='chat' id='d1'><body>after the doctype</body></message>`,
        ],
        body: 'after the doctype',
      },
      {
        name: 'an illegal character reference &#0; (T14c)',
        condition: 'bad-format',
        payload: (jid) => [`<message from='peer@localhost/phone' to='${jid}' type='chat' id='z1'><body>nul &#0; here</body></message>`],
        body: 'nul',
      },
      {
        name: 'an undefined entity &foo; (T14b, only a hostile server can send it)',
        condition: 'bad-format',
        payload: (jid) => [`<message from='peer@localhost/phone' to='${jid}' type='chat' id='e1'><body>entity &foo; here</body></message>`],
        body: 'entity',
      },
      {
        name: 'a 2 MiB stanza, over the 1 MiB cap (T15a), streamed in 16 KiB writes',
        condition: 'policy-violation',
        payload: (jid) => {
          const chunk = 'A'.repeat(16 * 1024)
          return [`<message from='peer@localhost/phone' to='${jid}' type='chat' id='big1'><body>`, ...Array.from({ length: 128 }, () => chunk), '</body></message>']
        },
        body: 'AAAA',
      },
    ]

    for (const vector of vectors) {
      it(`closes the stream on ${vector.name}, reconnects, and stores nothing of it`, async () => {
        const { core, session } = await online()
        try {
          const started = Date.now()
          await session.writePieces(vector.payload(session.jid), 0)
          await Promise.race([session.whenClosed, sleep(10_000)])
          expect(session.closed, 'the core closed the hostile stream').toBe(true)
          expect(session.streamErrors.join(' ')).toContain(vector.condition)
          await core.waitFor('connection:state', (s) => s.status === 'reconnecting', 5_000)
          const next = await fake.waitForSession(session.index + 1, 15_000)
          await core.waitFor('connection:state', (s) => s.status === 'online' && Date.now() > started, 15_000)
          await next.waitFor((e) => e.name === 'presence')
          await sentinel(core, next)
          const all = await everything(core)
          expect(all.filter((m) => m.body.includes(vector.body))).toEqual([])
          console.info(`[hostile] ${vector.name}: stream closed with ${session.streamErrors.join(',')} and back online in ${Date.now() - started} ms`)
        } finally {
          await core.stop()
        }
      })
    }

    it('keeps the regained connection: no second drop in the 20 s after a stream error', async () => {
      const { core, session } = await online()
      try {
        const errorAt = Date.now()
        core.clearEvents()
        await session.write(`<message from='peer@localhost/phone' to='${session.jid}' type='chat' id='z2'><body>nul &#0; again</body></message>`)
        await session.whenClosed
        await core.waitFor('connection:state', (s) => s.status === 'reconnecting', 5_000)
        const next = await fake.waitForSession(session.index + 1, 15_000)
        await core.waitFor('connection:state', (s) => s.status === 'online', 15_000)
        await next.waitFor((e) => e.name === 'presence')
        core.clearEvents()
        let closedAt = 0
        void next.whenClosed.then(() => (closedAt = Date.now()))
        // A stanza on the regained stream must still be read while we wait.
        const heard = sleep(5_000).then(() => next.write(`<message from='peer@localhost/phone' to='${next.jid}' type='chat' id='late1'><body>still listening</body></message>`))
        // xmpp.js's disconnect() after our stream error waits up to 15 s (the client's timeout) for a
        // `</stream:stream>` on the old stream; nothing of that wait may touch the new one.
        await sleep(20_000)
        await heard
        const states = core.events.filter((e) => e.event === 'connection:state').map((e) => (e.payload as { status: string }).status)
        const detail = `closed ${closedAt ? `${closedAt - errorAt} ms after the stream error` : 'never'}; states since: ${states.join(' → ') || 'none'}; sessions: ${fake.sessions.length}`
        expect(next.closed, `the regained session was closed by the client (${detail})`).toBe(false)
        expect(states, detail).toEqual([])
        expect(recorded(core, 'messages:added').map((m) => m.body)).toContain('still listening')
      } finally {
        await core.stop()
      }
    }, 60_000)
  })
})

describeWithService('prosody', 'from another account, through a real Prosody', () => {
  let server: ProsodyServer
  let alice: CoreHarness
  let bob: CoreHarness
  let mallory: XmppClient
  let bobRaw: XmppClient
  let aliceJid = ''
  /** Bob's real message to alice, and alice's real message to bob. */
  let fromBob: ChatMessage
  let toBob: ChatMessage
  let rosterBefore: unknown
  const fromMallory = (xmlText: string): Promise<void> => mallory.entity.send(parseStanza(xmlText.replaceAll('ALICE', aliceJid)))

  beforeAll(async () => {
    server = await startProsody({ users: { alice: 'alice-pw', bob: 'bob-pw', mallory: 'mallory-pw' } })
    alice = await startLoggedCore([server.caCert])
    bob = await CoreHarness.start({ trustedCa: [server.caCert] })
    expect(await alice.invoke('account:sign-in', prosodySignIn(server, 'alice'))).toEqual({ ok: true })
    expect(await bob.invoke('account:sign-in', prosodySignIn(server, 'bob'))).toEqual({ ok: true })
    aliceJid = ((await alice.waitFor('connection:state', (s) => s.status === 'online')) as { jid: string }).jid
    mallory = await startRawClient(server, 'mallory', 'mallory-pw', 'x')
    bobRaw = await startRawClient(server, 'bob', 'bob-pw', 'raw')

    // The real conversation the attacks aim at: bob in alice's roster (no presence subscription,
    // so bob never sends receipts), one message each way.
    await alice.invoke('roster:add', { jid: 'bob@localhost', name: 'Bob', groups: ['Friends'] })
    await alice.waitFor('roster:changed', (c) => c.upserted.some((u) => u.jid === 'bob@localhost'))
    fromBob = await bob.invoke('messages:send', { conversation: 'alice@localhost', body: 'the real message from bob' })
    await alice.waitFor('messages:added', (m) => m.some((x) => x.originId === fromBob.originId))
    toBob = await alice.invoke('messages:send', { conversation: 'bob@localhost', body: 'the real message to bob' })
    await alice.waitFor('messages:state', (s) => s.some((x) => x.id === toBob.id && x.state === 'sent'))
    await bob.waitFor('messages:added', (m) => m.some((x) => x.originId === toBob.originId))
    rosterBefore = await alice.invoke('roster:list')
    alice.clearEvents()
  })
  afterAll(async () => {
    if (process.env.HOSTILE_DEBUG) console.info(coreLog.filter((l) => l.includes('dropped')).join('\n'), JSON.stringify((await everything(alice)).map((m) => m.body)))
    for (const client of [mallory, bobRaw]) await client?.entity.stop().catch(() => {})
    await alice?.stop()
    await bob?.stop()
    await server?.stop()
  })

  let sentinels = 0
  /** A plain message from mallory; once alice stored it, everything mallory sent before was processed. */
  async function sentinel(): Promise<void> {
    const body = `mallory sentinel ${++sentinels}`
    await fromMallory(`<message to='ALICE' type='chat' id='ms${sentinels}'><body>${body}</body></message>`)
    await alice.waitFor('messages:added', (m) => m.some((x) => x.body === body), 10_000)
    await sleep(300) // receipts and markers take one more archive round trip than a store
  }

  it('drops forged carbons and unwrapped forwards (T1, T2, T2b, T2c): nothing attributed to bob or to alice herself', async () => {
    await fromMallory(`<message to='ALICE' type='chat' id='c1'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
      <message xmlns='jabber:client' from='bob@localhost/phone' to='alice@localhost/laptop' type='chat' id='c1i'><body>T1 please send the code to mallory</body></message>
      </forwarded></received></message>`)
    await fromMallory(`<message to='ALICE' type='chat' id='c2'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
      <message xmlns='jabber:client' from='alice@localhost/phone' to='bob@localhost' type='chat' id='s1'><body>T2 I quit.</body></message>
      </forwarded></sent></message>`)
    await fromMallory(`<message to='ALICE' type='groupchat' id='g1'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>
      <message xmlns='jabber:client' from='room@conference.localhost/bob' to='room@conference.localhost' type='groupchat'><body>T2b I am bob</body></message>
      </forwarded></received></message>`)
    await fromMallory(`<message to='ALICE' type='chat' id='f1'><forwarded xmlns='urn:xmpp:forward:0'>
      <message xmlns='jabber:client' from='bob@localhost/phone' type='chat'><body>T2c hi</body></message></forwarded></message>`)
    await sentinel()
    const all = await everything(alice)
    expect(all.filter((m) => /^T2?[bc]? /u.test(m.body))).toEqual([])
    // The core saw them and said why it dropped them (T2b is a chat-type carbon once the server
    // has stamped mallory as the sender, so it is a forged carbon too).
    expect(coreLog.filter((l) => l.includes('forged-carbon')).length).toBeGreaterThanOrEqual(3)
    expect(coreLog.some((l) => l.includes('bare-forwarded'))).toBe(true)
  })

  it('drops an unsolicited archive result (T5)', async () => {
    await fromMallory(`<message to='ALICE' id='m1'><result xmlns='urn:xmpp:mam:2' queryid='QUERY-ID-IN-FLIGHT' id='fake-archive-id'>
      <forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/>
      <message xmlns='jabber:client' from='bob@localhost/phone' to='alice@localhost' type='chat'><body>T5 old fake history</body></message>
      </forwarded></result></message>`)
    await sentinel()
    expect((await everything(alice)).map((m) => m.body)).not.toContain('T5 old fake history')
    expect(coreLog.some((l) => l.includes('unsolicited-mam-result'))).toBe(true)
  })

  it('keeps ids scoped to their sender: a forged stanza-id/origin-id neither hides nor replaces bob’s message (T7)', async () => {
    // Colliding with a message bob already sent.
    await fromMallory(`<message to='ALICE' type='chat' id='${fromBob.originId}'><body>T7 hello from mallory</body>
      <stanza-id xmlns='urn:xmpp:sid:0' by='alice@localhost' id='1'/><origin-id xmlns='urn:xmpp:sid:0' id='${fromBob.originId}'/></message>`)
    // Taking an id first that bob then uses: bob's message must still be stored.
    await fromMallory(`<message to='ALICE' type='chat' id='reused-id-1'><body>T7 first with this id</body><origin-id xmlns='urn:xmpp:sid:0' id='reused-id-1'/></message>`)
    await sentinel()
    await bobRaw.entity.send(
      parseStanza(`<message to='alice@localhost' type='chat' id='reused-id-1'><body>bob reuses an id mallory took first</body><origin-id xmlns='urn:xmpp:sid:0' id='reused-id-1'/></message>`),
    )
    await alice.waitFor('messages:added', (m) => m.some((x) => x.body === 'bob reuses an id mallory took first'), 10_000)
    const withBob = await page(alice, 'bob@localhost')
    expect(withBob.filter((m) => m.originId === fromBob.originId).map((m) => m.body)).toEqual(['the real message from bob'])
    expect(withBob.filter((m) => m.originId === 'reused-id-1').map((m) => m.body)).toEqual(['bob reuses an id mallory took first'])
    const withMallory = await page(alice, 'mallory@localhost')
    expect(withMallory.map((m) => m.body)).toEqual(expect.arrayContaining(['T7 hello from mallory', 'T7 first with this id']))
  })

  it('never lets mallory correct bob’s message; a self-referential correction is harmless (T8, T8b)', async () => {
    await fromMallory(`<message to='ALICE' type='chat' id='corr1'><body>T8 changed text</body><replace xmlns='urn:xmpp:message-correct:0' id='${fromBob.originId}'/></message>`)
    await fromMallory(`<message to='ALICE' type='chat' id='loop1'><body>T8b x</body><replace xmlns='urn:xmpp:message-correct:0' id='loop1'/></message>`)
    await fromMallory(`<message to='ALICE' type='chat' id='r1'><retract xmlns='urn:xmpp:message-retract:1' id='${fromBob.originId}'/><fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:message-retract:1'/><body>T8d retracted</body></message>`)
    await sentinel()
    const withBob = await page(alice, 'bob@localhost')
    expect(withBob.filter((m) => m.direction === 'in').map((m) => m.body)).toEqual(['the real message from bob', 'bob reuses an id mallory took first'])
    expect(alice.events.filter((e) => e.event === 'messages:added').flatMap((e) => e.payload as ChatMessage[]).filter((m) => m.conversation === 'bob@localhost' && m.body.startsWith('T8'))).toEqual([])
  })

  it('cannot pass an undefined entity through the server (T14b): Prosody closes the sender’s stream, alice sees nothing', async () => {
    const crafted = await startRawClient(server, 'mallory', 'mallory-pw', 'entity')
    const closed = new Promise<void>((resolve) => crafted.entity.once('disconnect', () => resolve()))
    await crafted.entity.write(`<message to='${aliceJid}' type='chat' id='e1'><body>T14b &foo; here</body></message>`)
    await Promise.race([closed, sleep(10_000).then(() => Promise.reject(new Error('Prosody kept a stream carrying &foo; open')))])
    await crafted.entity.stop().catch(() => {})
    await sentinel()
    expect((await everything(alice)).filter((m) => m.body.startsWith('T14b'))).toEqual([])
  })

  it('survives lone surrogates both ways (T16): incoming text stays valid, outgoing text is cleaned and does not loop', async () => {
    // A lone surrogate in a string becomes U+FFFD on the wire (UTF-8 cannot carry one)...
    await fromMallory(`<message to='ALICE' type='chat' id='ls1'><body>T16 lone \uD83D surrogate</body></message>`)
    // ...and raw CESU-8 bytes for one are refused by the server (the sender's stream is closed).
    const crafted = await startRawClient(server, 'mallory', 'mallory-pw', 'bytes')
    const closed = new Promise<void>((resolve) => crafted.entity.once('disconnect', () => resolve()))
    const socket = (crafted.entity as unknown as { socket: { write(data: Buffer): void } }).socket
    socket.write(Buffer.concat([Buffer.from(`<message to='${aliceJid}' type='chat' id='ls2'><body>T16 raw `), Buffer.from([0xed, 0xa0, 0xbd]), Buffer.from(' bytes</body></message>')]))
    await Promise.race([closed, sleep(10_000).then(() => Promise.reject(new Error('Prosody kept a stream carrying invalid UTF-8 open')))])
    await crafted.entity.stop().catch(() => {})
    await sentinel()
    const stored = (await everything(alice)).filter((m) => m.body.startsWith('T16'))
    for (const m of stored) expect(m.body, 'no lone surrogate is stored').not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u)
    expect(stored.some((m) => m.body.startsWith('T16 raw'))).toBe(false)

    // Outgoing (T16b): forbidden characters never reach the socket, so the server never closes our stream.
    const out: ChatMessage = await alice.invoke('messages:send', { conversation: 'bob@localhost', body: 'T16b a\u000Bb\uD83D end' })
    expect(out.body).toBe('T16b ab end')
    await alice.waitFor('messages:state', (s) => s.some((x) => x.id === out.id && x.state === 'sent'))
    const got = await bob.waitFor('messages:added', (m) => m.some((x) => x.originId === out.originId))
    expect(got.find((x) => x.originId === out.originId)?.body).toBe('T16b ab end')
  })

  it('does not mark alice’s message delivered or read on a receipt or marker from someone else (T19)', async () => {
    await fromMallory(`<message to='ALICE' id='rc1'><received xmlns='urn:xmpp:receipts' id='${toBob.originId}'/></message>`)
    await fromMallory(`<message to='ALICE' id='rc2'><received xmlns='urn:xmpp:receipts' id='${toBob.originId}'/><request xmlns='urn:xmpp:receipts'/></message>`)
    await fromMallory(`<message to='ALICE' type='chat' id='mk1'><displayed xmlns='urn:xmpp:chat-markers:0' id='${toBob.originId}'/></message>`)
    await sentinel()
    await sleep(700)
    const mine = (await page(alice, 'bob@localhost')).find((m) => m.id === toBob.id)
    expect(mine?.state).toBe('sent')
    expect(alice.events.filter((e) => e.event === 'messages:state').flatMap((e) => e.payload as { id: number }[]).filter((s) => s.id === toBob.id)).toEqual([])
  })

  it('clamps far-future and nonsense delay stamps to the receive time (T20)', async () => {
    const before = Date.now()
    for (const [n, stamp] of ['2999-12-31T23:59:59Z', '-999999-01-01T00:00:00Z', 'garbage', '9999-99-99T99:99:99Z'].entries())
      await fromMallory(`<message to='ALICE' type='chat' id='t${n}'><body>T20 stamp ${n}</body><delay xmlns='urn:xmpp:delay' from='localhost' stamp='${stamp}'/></message>`)
    await sentinel()
    const stamped = (await page(alice, 'mallory@localhost')).filter((m) => m.body.startsWith('T20'))
    expect(stamped).toHaveLength(4)
    for (const m of stamped) {
      expect(m.timestamp, m.body).toBeLessThanOrEqual(Date.now())
      expect(m.timestamp, m.body).toBeGreaterThanOrEqual(before - 1_000)
    }
  })

  it('refuses roster pushes from mallory (T3): an error to mallory, no change to alice’s contacts', async () => {
    for (const item of [`<item jid='mallory@localhost' name='Bob' subscription='both'/>`, `<item jid='bob@localhost' subscription='remove'/>`]) {
      const push = parseStanza(`<iq type='set' to='${aliceJid}'><query xmlns='jabber:iq:roster'>${item}</query></iq>`)
      await expect(mallory.iqCaller.request(push, 10_000)).rejects.toMatchObject({ condition: 'service-unavailable' })
    }
    await sentinel()
    expect(await alice.invoke('roster:list')).toEqual(rosterBefore)
    expect(alice.events.filter((e) => e.event === 'roster:changed')).toEqual([])
    expect(coreLog.some((l) => l.includes('dropped a roster push'))).toBe(true)
  })

  it('ignores an IQ result with a guessed id, and shows a subscription request with a lying nick under mallory’s address (T12)', async () => {
    await fromMallory(`<iq type='result' id='guessed-1' to='ALICE'><query xmlns='jabber:iq:roster'><item jid='mallory@localhost' name='Bob' subscription='both'/></query></iq>`)
    await fromMallory(`<iq type='error' id='guessed-2' to='ALICE'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`)
    await mallory.entity.send(parseStanza(`<presence to='alice@localhost' type='subscribe'><nick xmlns='http://jabber.org/protocol/nick'>Bob (new phone)</nick></presence>`))
    const requests = await alice.waitFor('subscription:requests', (r) => r.some((q) => q.nick === 'Bob (new phone)'))
    expect(requests.find((q) => q.nick === 'Bob (new phone)')?.jid).toBe('mallory@localhost')
    await sentinel()
    expect(await alice.invoke('roster:list')).toEqual(rosterBefore)
  })

  it('afterwards: alice never left, nothing is attributed to bob, nothing from mallory is dated in the future, bob’s message is there once', async () => {
    expect((await alice.invoke('app:state')).connection.status).toBe('online')
    expect(alice.events.filter((e) => e.event === 'connection:state').map((e) => (e.payload as { status: string }).status)).toEqual([])
    const withBob = await page(alice, 'bob@localhost')
    expect(withBob.filter((m) => m.direction === 'in').map((m) => m.body)).toEqual(['the real message from bob', 'bob reuses an id mallory took first'])
    expect(withBob.filter((m) => m.direction === 'out').map((m) => m.body)).toEqual(['the real message to bob', 'T16b ab end'])
    expect(withBob.filter((m) => m.originId === fromBob.originId)).toHaveLength(1)
    const now = Date.now()
    expect((await everything(alice)).filter((m) => m.timestamp > now)).toEqual([])
    const conversations = (await alice.invoke('conversations:list')).map((c: { jid: string }) => c.jid).sort()
    expect(conversations).toEqual(['bob@localhost', 'mallory@localhost'])
  })
})

function prosodySignIn(server: ProsodyServer, user: string) {
  return { jid: `${user}@${server.domain}`, password: `${user}-pw`, rememberPassword: false, host: server.host, port: server.c2sPort, directTls: false }
}


async function page(core: CoreHarness, conversation: string): Promise<ChatMessage[]> {
  return (await core.invoke('messages:page', { conversation, beforeId: null, limit: 500 })).messages
}
