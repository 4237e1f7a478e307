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
import { CoreHarness } from '../support/core-harness'
import { startFakeServer, type FakeServer, type FakeSession } from '../support/fake-server'
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

    it('ignores a forged stanza-id from a server that does not stamp ids for us, and a result to an IQ it never sent', async () => {
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
