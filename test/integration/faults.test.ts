// Faults against a real Prosody: a network drop the XEP-0198 session must survive by resumption
// (no archive catch-up), a server that is SIGKILLed and restarted ten times during a 1,000-message
// exchange (every message stored exactly once, in order), and the core's own process SIGKILLed
// with messages in its outbox (each delivered exactly once after a restart on the same data).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../shared/types/domain'
import { CoreHarness, signInRequest } from '../support/core-harness'
import { startHostProcess, type HostProcess } from '../support/host-process'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeWithService } from '../support/services'
import { startTcpProxy } from '../support/tcp-proxy'

const signIn = (server: ProsodyServer, user: string, port = server.c2sPort) => signInRequest(server, user, `${user}-pw`, port)

type Core = CoreHarness | HostProcess

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** The whole conversation, oldest first, paging back with beforeId (500 per page). */
async function wholeHistory(core: Core, conversation: string): Promise<ChatMessage[]> {
  const pages: ChatMessage[][] = []
  let beforeId: number | null = null
  for (;;) {
    const page: { messages: ChatMessage[]; hasMore: boolean } = await core.invoke('messages:page', { conversation, beforeId, limit: 500 })
    pages.unshift(page.messages)
    if (!page.hasMore || page.messages.length === 0) break
    beforeId = page.messages[0]?.id ?? null
  }
  return pages.flat()
}

function recorded(core: Core, event: 'messages:added' | 'messages:archived'): ChatMessage[] {
  return core.events.filter((e) => e.event === event).flatMap((e) => e.payload as ChatMessage[])
}

/** Polls `check` until it returns true or the time is up; the last failure message is thrown. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`)
    await sleep(everyMs)
  }
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}

/** A small seeded PRNG (mulberry32), so a failing chaos run can be replayed with FAULTS_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describeWithService('prosody', 'faults: network drops, server crashes, app crashes', () => {
  let server: ProsodyServer
  beforeAll(async () => {
    server = await startProsody({ users: { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw', dave: 'dave-pw', erin: 'erin-pw', frank: 'frank-pw', gina: 'gina-pw', hank: 'hank-pw' } })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('resumes the XEP-0198 session after a network drop: the messages sent meanwhile arrive live, once, with no archive catch-up', async () => {
    const proxy = await startTcpProxy(server.c2sPort)
    const alice = await CoreHarness.start({ trustedCa: [server.caCert] })
    const bob = await CoreHarness.start({ trustedCa: [server.caCert] })
    try {
      expect(await alice.invoke('account:sign-in', signIn(server, 'alice', proxy.port))).toEqual({ ok: true })
      expect(await bob.invoke('account:sign-in', signIn(server, 'bob'))).toEqual({ ok: true })
      const online = await alice.waitFor('connection:state', (s) => s.status === 'online')
      // Let the new session settle (roster, carbons, catch-up) before the drop.
      const hello: ChatMessage = await bob.invoke('messages:send', { conversation: 'alice@localhost', body: 'before the drop' })
      await alice.waitFor('messages:added', (m) => m.some((x) => x.originId === hello.originId))
      await sleep(500)
      const logBefore = readFileSync(server.logPath, 'utf8').length

      alice.clearEvents()
      bob.clearEvents()
      // One of alice's goes out just before the drop: on the wire, perhaps not yet acknowledged.
      const onTheWire: ChatMessage = await alice.invoke('messages:send', { conversation: 'bob@localhost', body: 'alice just before the drop' })
      proxy.block()
      proxy.cut()
      const dropped = Date.now()
      await alice.waitFor('connection:state', (s) => s.status === 'reconnecting', 5_000)
      const during: ChatMessage[] = []
      for (const n of [1, 2, 3]) during.push(await bob.invoke('messages:send', { conversation: 'alice@localhost', body: `during the drop ${n}` }))
      const queued: ChatMessage = await alice.invoke('messages:send', { conversation: 'bob@localhost', body: 'alice during the drop' })
      expect(queued.state).toBe('pending')
      // The server has them (acked to bob) while alice's session hibernates.
      for (const m of during) await bob.waitFor('messages:state', (s) => s.some((x) => x.id === m.id && x.state === 'sent'))
      proxy.unblock()

      const back = await alice.waitFor('connection:state', (s) => s.status === 'online', 30_000)
      const recovered = Date.now() - dropped
      expect(back).toMatchObject({ status: 'online', jid: (online as { jid: string }).jid })
      await alice.waitFor('messages:added', (m) => m.some((x) => x.originId === during[2]?.originId), 10_000)
      await sleep(1_500) // room for a duplicate or a late catch-up to show up

      const log = readFileSync(server.logPath, 'utf8').slice(logBefore)
      expect(log, 'Prosody resumed the hibernated session').toMatch(/session resumed from/u)
      const added = recorded(alice, 'messages:added')
      for (const m of during) expect(added.filter((x) => x.originId === m.originId), m.body).toHaveLength(1)
      // A resumed session needs no catch-up and no new roster: nothing was lost.
      expect(recorded(alice, 'messages:archived')).toEqual([])
      expect(alice.events.filter((e) => e.event === 'roster:changed')).toEqual([])
      const history = await wholeHistory(alice, 'bob@localhost')
      for (const m of [hello, ...during]) expect(history.filter((x) => x.originId === m.originId)).toHaveLength(1)
      expect(history.filter((m) => m.direction === 'in').map((m) => m.body)).toEqual(['before the drop', 'during the drop 1', 'during the drop 2', 'during the drop 3'])
      // Alice's own: the one on the wire and the one written during the drop reach bob once each.
      for (const m of [onTheWire, queued]) {
        await alice.waitFor('messages:state', (s) => s.some((x) => x.id === m.id && x.state === 'sent'), 10_000)
        await bob.waitFor('messages:added', (a) => a.some((x) => x.originId === m.originId), 10_000)
      }
      await sleep(1_000)
      for (const m of [onTheWire, queued]) expect(recorded(bob, 'messages:added').filter((x) => x.originId === m.originId), m.body).toHaveLength(1)
      const bobSide = await wholeHistory(bob, 'alice@localhost')
      for (const m of [onTheWire, queued]) expect(bobSide.filter((x) => x.originId === m.originId), m.body).toHaveLength(1)
      console.info(`[faults] network drop: back online and resumed after ${recovered} ms`)
    } finally {
      await alice.stop()
      await bob.stop()
      await proxy.close()
    }
  })

  it('keeps the sender’s order when messages lost with a crashed server come back from the archive after a newer one', async () => {
    // What the chaos run below sometimes hits, made deterministic: 1–3 reach the archive but die
    // with the server on their way to gina; 4 is written after the restart, while gina is still
    // away, and reaches her live (offline storage) the moment her new session sends presence,
    // before her archive catch-up brings back 1–3.
    const proxy = await startTcpProxy(server.c2sPort)
    const gina = await CoreHarness.start({ trustedCa: [server.caCert] })
    const hank = await CoreHarness.start({ trustedCa: [server.caCert] })
    try {
      expect(await gina.invoke('account:sign-in', signIn(server, 'gina', proxy.port))).toEqual({ ok: true })
      expect(await hank.invoke('account:sign-in', signIn(server, 'hank'))).toEqual({ ok: true })
      const send = async (n: number): Promise<ChatMessage> => {
        const m: ChatMessage = await hank.invoke('messages:send', { conversation: 'gina@localhost', body: `in order ${n}` })
        await hank.waitFor('messages:state', (s) => s.some((x) => x.id === m.id && x.state === 'sent'), 20_000)
        return m
      }
      const first = await send(0)
      await gina.waitFor('messages:added', (a) => a.some((x) => x.originId === first.originId))
      await sleep(500)

      proxy.pause() // gina's connection turns into a black hole: the server's writes to her go nowhere
      for (const n of [1, 2, 3]) await send(n)
      await sleep(300)
      proxy.block()
      hank.clearEvents()
      await server.kill()
      proxy.cut()
      proxy.resume()
      await server.start()
      await hank.waitForOnline()
      await send(4)
      gina.clearEvents()
      proxy.unblock()
      await gina.waitForOnline()
      await until('gina has all five', async () => (await wholeHistory(gina, 'hank@localhost')).length === 5, 20_000)
      const history = await wholeHistory(gina, 'hank@localhost')
      const how = history.map((m) => `${m.body} (${recorded(gina, 'messages:archived').some((x) => x.originId === m.originId) ? 'archive' : recorded(gina, 'messages:added').some((x) => x.originId === m.originId) ? 'live' : 'before'})`)
      expect(how.map((h) => h.replace(/ \(.*/u, '')), how.join(', ')).toEqual(['in order 0', 'in order 1', 'in order 2', 'in order 3', 'in order 4'])
    } finally {
      if (!server.running) await server.start()
      await gina.stop()
      await hank.stop()
      await proxy.close()
    }
  })

  it('loses and duplicates nothing when the server is SIGKILLed and restarted 10 times during a 1,000-message exchange', async () => {
    const seed = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 1e9))
    const perSide = Number(process.env.FAULTS_MESSAGES ?? 500)
    const kills = Number(process.env.FAULTS_KILLS ?? 10)
    console.info(`[faults] chaos seed ${seed} (FAULTS_SEED=${seed} replays the timing choices), ${perSide} messages per side, ${kills} kills`)
    const alice = await CoreHarness.start({ trustedCa: [server.caCert] })
    const bob = await CoreHarness.start({ trustedCa: [server.caCert] })
    const started = Date.now()
    const timeline: string[] = []
    const at = (what: string): void => void timeline.push(`${((Date.now() - started) / 1000).toFixed(1)}s ${what}`)
    try {
      expect(await alice.invoke('account:sign-in', signIn(server, 'carol'))).toEqual({ ok: true })
      expect(await bob.invoke('account:sign-in', signIn(server, 'dave'))).toEqual({ ok: true })

      const sent = { alice: [] as ChatMessage[], bob: [] as ChatMessage[] }
      const sendAll = async (from: CoreHarness, to: string, prefix: string, out: ChatMessage[], random: () => number): Promise<void> => {
        for (let i = 0; i < perSide; ) {
          const burst = 1 + Math.floor(random() * 19)
          for (let k = 0; k < burst && i < perSide; k++, i++)
            out.push(await from.invoke('messages:send', { conversation: to, body: `${prefix} ${String(i).padStart(4, '0')}` }))
          await sleep(150 + random() * 650)
        }
        at(`${prefix}: all ${perSide} written`)
      }
      const chaos = async (random: () => number): Promise<void> => {
        for (let k = 1; k <= kills; k++) {
          await sleep(1_000 + random() * 3_000)
          await server.kill()
          at(`kill ${k}`)
          await sleep(random() * 1_000)
          await server.start()
          at(`start ${k}`)
        }
      }
      await Promise.all([
        sendAll(alice, 'dave@localhost', 'carol→dave', sent.alice, prng(seed)),
        sendAll(bob, 'carol@localhost', 'dave→carol', sent.bob, prng(seed + 1)),
        chaos(prng(seed + 2)),
      ])
      const exchangeMs = Date.now() - started

      // Settle: both online, both outboxes empty, everything arrived.
      const settle = Date.now()
      for (const core of [alice, bob])
        await core.waitForOnline().catch((error: Error) => {
          throw new Error(`${error.message}\ntimeline:\n  ${timeline.join('\n  ')}`)
        })
      const pendingOf = async (core: CoreHarness, peer: string): Promise<number> =>
        (await wholeHistory(core, peer)).filter((m) => m.direction === 'out' && m.state === 'pending').length
      await until('both outboxes are empty', async () => (await pendingOf(alice, 'dave@localhost')) + (await pendingOf(bob, 'carol@localhost')) === 0, 90_000, 1_000)
      const incoming = async (core: CoreHarness, peer: string): Promise<number> => (await wholeHistory(core, peer)).filter((m) => m.direction === 'in').length
      await until(
        'each side has the other side’s messages',
        async () => (await incoming(alice, 'dave@localhost')) >= perSide && (await incoming(bob, 'carol@localhost')) >= perSide,
        90_000,
        1_000,
      ).catch((error: Error) => console.error(`[faults] ${error.message}; the checks below name what is missing\n  ${timeline.join('\n  ')}`))
      await sleep(2_000) // late duplicates
      at('settled')
      console.info(`[faults] exchange with ${kills} server kills took ${exchangeMs} ms, settling ${Date.now() - settle} ms\n  ${timeline.join('\n  ')}`)

      for (const [core, peer, mine, theirs] of [
        [alice, 'dave@localhost', sent.alice, sent.bob],
        [bob, 'carol@localhost', sent.bob, sent.alice],
      ] as const) {
        const history = await wholeHistory(core, peer)
        expect(history).toHaveLength(2 * perSide)
        const byOrigin = countBy(history, (m) => `${m.direction} ${m.originId} ${m.body}`)
        const missing = [...mine.map((m) => `out ${m.originId} ${m.body}`), ...theirs.map((m) => `in ${m.originId} ${m.body}`)].filter((k) => byOrigin.get(k) !== 1)
        expect(missing, 'messages not stored exactly once (by origin-id and body)').toEqual([])
        expect(history.filter((m) => m.state === 'failed' || m.state === 'pending')).toEqual([])
        // The other side's messages, in the order they were written.
        const incoming = history.filter((m) => m.direction === 'in')
        const order = incoming.map((m) => Number(m.body.slice(-4)))
        const how = (n: number): string => {
          const originId = incoming.find((m) => Number(m.body.slice(-4)) === n)?.originId
          return recorded(core, 'messages:archived').some((m) => m.originId === originId) ? 'from the archive catch-up' : 'live'
        }
        const inversions = order.flatMap((n, i) => {
          const previous = order[i - 1] ?? 0
          if (i === 0 || n > previous) return []
          const late = order.slice(i).filter((x) => x < previous)
          return [`#${previous} (${how(previous)}) was stored before #${n}…#${Math.max(...late)} (${late.length} messages, first one ${how(n)})`]
        })
        expect(inversions, `messages from ${peer} out of order`).toEqual([])
      }
    } finally {
      if (!server.running) await server.start()
      await alice.stop()
      await bob.stop()
    }
  }, 240_000)

  describe('the app-core process (browser host) is SIGKILLed and restarted on the same data', () => {
    let root = ''
    let bob: CoreHarness
    const hosts: HostProcess[] = []
    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'xmpp-desk-faults-'))
      bob = await CoreHarness.start({ trustedCa: [server.caCert] })
      expect(await bob.invoke('account:sign-in', signIn(server, 'frank'))).toEqual({ ok: true })
    })
    afterAll(async () => {
      for (const host of hosts) await host.kill('SIGKILL')
      await bob?.stop()
      if (root) rmSync(root, { recursive: true, force: true })
    })

    const start = async (dataDir: string): Promise<HostProcess> => {
      const host = await startHostProcess({ dataDir, caPath: server.caPath })
      hosts.push(host)
      return host
    }

    /** Restarts the host on the same data, signs in directly and checks bob got each message once. */
    async function restartAndDeliver(dataDir: string, queued: ChatMessage[]): Promise<void> {
      const again = await start(dataDir)
      const before = await wholeHistory(again, 'frank@localhost')
      for (const m of queued) expect(before.find((x) => x.originId === m.originId)?.state, `${m.body} survived the crash`).toBeDefined()
      expect(await again.invoke('account:sign-in', signIn(server, 'erin'))).toEqual({ ok: true })
      await until(
        'the outbox is empty',
        async () => (await wholeHistory(again, 'frank@localhost')).every((m) => m.direction !== 'out' || m.state !== 'pending'),
        20_000,
      )
      for (const m of queued) await bob.waitFor('messages:added', (a) => a.some((x) => x.originId === m.originId), 20_000)
      await sleep(1_500)
      const added = recorded(bob, 'messages:added')
      const history = await wholeHistory(bob, 'erin@localhost')
      for (const m of queued) {
        expect(added.filter((x) => x.originId === m.originId), `${m.body} announced once`).toHaveLength(1)
        expect(history.filter((x) => x.originId === m.originId && x.body === m.body), `${m.body} stored once`).toHaveLength(1)
      }
      const after = await wholeHistory(again, 'frank@localhost')
      for (const m of queued) expect(after.filter((x) => x.originId === m.originId), m.body).toHaveLength(1)
      await again.stop()
    }

    it('offline by choice: 5 messages written, kill -9, restart, each delivered exactly once', async () => {
      const dataDir = join(root, 'offline')
      const alice = await start(dataDir)
      expect(await alice.invoke('account:sign-in', signIn(server, 'erin'))).toEqual({ ok: true })
      await alice.waitFor('connection:state', (s) => s.status === 'online')
      await alice.invoke('presence:set', { show: 'offline', status: '' })
      await alice.waitFor('connection:state', (s) => s.status === 'offline')
      const queued: ChatMessage[] = []
      for (let n = 1; n <= 5; n++) queued.push(await alice.invoke('messages:send', { conversation: 'frank@localhost', body: `offline outbox ${n}` }))
      expect(queued.map((m) => m.state)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending'])
      bob.clearEvents()
      await alice.kill('SIGKILL')
      expect((await alice.exited).signal).toBe('SIGKILL')
      await restartAndDeliver(dataDir, queued)
    })

    it('receiver killed -9 in the middle of a burst: after the restart every message is there once, in the order sent', async () => {
      const dataDir = join(root, 'receiver')
      const alice = await start(dataDir)
      expect(await alice.invoke('account:sign-in', signIn(server, 'erin'))).toEqual({ ok: true })
      await alice.waitFor('connection:state', (s) => s.status === 'online')
      await sleep(500)
      const total = 150
      const sent: ChatMessage[] = []
      const sending = (async () => {
        for (let n = 0; n < total; n++) {
          sent.push(await bob.invoke('messages:send', { conversation: 'erin@localhost', body: `burst ${String(n).padStart(3, '0')}` }))
          await sleep(40)
        }
      })()
      let killedAt = 0
      let again: HostProcess
      try {
        await alice.waitFor('messages:added', (m) => m.some((x) => x.body === 'burst 040'), 20_000)
        await alice.kill('SIGKILL')
        killedAt = sent.length
        again = await start(dataDir)
        expect(await again.invoke('account:sign-in', signIn(server, 'erin'))).toEqual({ ok: true })
      } finally {
        await sending // never leave the sender running into the next test
      }
      const burst = async (): Promise<ChatMessage[]> => (await wholeHistory(again, 'frank@localhost')).filter((m) => m.direction === 'in' && m.body.startsWith('burst '))
      await until('the restarted receiver has the whole burst', async () => (await burst()).length >= total, 30_000)
      await sleep(1_500)
      const stored = await burst()
      const counts = countBy(stored, (m) => `${m.originId} ${m.body}`)
      expect(sent.filter((m) => counts.get(`${m.originId} ${m.body}`) !== 1).map((m) => m.body), 'not stored exactly once').toEqual([])
      const order = stored.map((m) => Number(m.body.slice(-3)))
      const firstInversion = order.findIndex((n, i) => i > 0 && n < (order[i - 1] ?? 0))
      expect(
        firstInversion,
        `killed after ${killedAt} of ${total} were written; stored order around the first inversion: ${order.slice(Math.max(0, firstInversion - 3), firstInversion + 6).join(', ')}`,
      ).toBe(-1)
      await again.stop()
    })

    it('connection black-holed: 5 messages on the wire but never acknowledged, kill -9, restart, each delivered exactly once', async () => {
      const dataDir = join(root, 'in-flight')
      const proxy = await startTcpProxy(server.c2sPort)
      try {
        const alice = await start(dataDir)
        expect(await alice.invoke('account:sign-in', signIn(server, 'erin', proxy.port))).toEqual({ ok: true })
        await alice.waitFor('connection:state', (s) => s.status === 'online')
        await sleep(500)
        // Bytes stop flowing both ways: the writes succeed, no acknowledgement can come back.
        proxy.pause()
        const queued: ChatMessage[] = []
        for (let n = 1; n <= 5; n++) queued.push(await alice.invoke('messages:send', { conversation: 'frank@localhost', body: `in-flight outbox ${n}` }))
        await sleep(500)
        const page = await wholeHistory(alice, 'frank@localhost')
        expect(queued.map((q) => page.find((m) => m.id === q.id)?.state)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending'])
        bob.clearEvents()
        await alice.kill('SIGKILL')
        // What was on the wire may still reach the server now: the restart must not make it twice.
        proxy.resume()
        await sleep(1_000)
        const early = recorded(bob, 'messages:added').filter((x) => queued.some((q) => q.originId === x.originId)).length
        console.info(`[faults] ${early} of 5 in-flight messages reached bob from the killed process's last bytes; the restarted core must not make them twice`)
        await restartAndDeliver(dataDir, queued)
      } finally {
        await proxy.close()
      }
    })
  })
})
