// History beyond what a device has, against a real Prosody on SQLite storage with a page cap of 5:
// scroll-back fetches older pages of one conversation on demand and files them before everything
// stored; the conversation open at sign-in is caught up first; and when the server no longer knows
// our sync cursor (its messages expired), the catch-up continues by time and marks what may be
// missing as a gap instead of skipping it silently.
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ChatMessage } from '../../shared/types/domain'
import { CoreHarness, signInRequest } from '../support/core-harness'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { checkProsodySql, describeRequiring } from '../support/services'

const signIn = (server: ProsodyServer, user: string, port = server.c2sPort) => signInRequest(server, user, `${user}-pw`, port)

const PAGE_CAP = 5
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function history(core: CoreHarness, conversation: string): Promise<ChatMessage[]> {
  return (await core.invoke('messages:page', { conversation, beforeId: null, limit: 500 })).messages
}

describeRequiring({ service: 'prosody with SQLite storage', ...checkProsodySql() }, 'history beyond the local archive', () => {
  let server: ProsodyServer
  // alice's phone stays online throughout, so messages to alice are delivered there instead of
  // waiting in Prosody's offline store: the desk can only learn of them from the archive.
  let phone: CoreHarness
  let bob: CoreHarness
  let carol: CoreHarness
  const users = { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' }

  beforeAll(async () => {
    server = await startProsody({ users, storage: 'sqlite', maxArchiveQueryResults: PAGE_CAP })
    const start = (): Promise<CoreHarness> => CoreHarness.start({ trustedCa: [server.caCert] })
    ;[phone, bob, carol] = await Promise.all([start(), start(), start()])
    for (const [core, user] of [[phone, 'alice'], [bob, 'bob'], [carol, 'carol']] as const) expect(await core.invoke('account:sign-in', signIn(server, user))).toEqual({ ok: true })
  })
  afterAll(async () => {
    for (const core of [phone, bob, carol]) await core?.stop()
    await server?.stop()
  })

  async function send(from: CoreHarness, to: string, bodies: string[]): Promise<ChatMessage[]> {
    const sent: ChatMessage[] = []
    for (const body of bodies) sent.push(await from.invoke('messages:send', { conversation: to, body }))
    for (const m of sent) await from.waitFor('messages:state', (s) => s.some((x) => x.id === m.id && x.state !== 'pending'))
    for (const m of sent) await phone.waitForStored(m.originId)
    return sent
  }

  it('scrolls back past a fresh install’s recent pages, a page per request, until the start', async () => {
    const sent = await send(bob, 'alice@localhost', Array.from({ length: 30 }, (_, n) => `long ago ${n}`))
    const desk = await CoreHarness.start({ trustedCa: [server.caCert] })
    try {
      expect(await desk.invoke('account:sign-in', signIn(server, 'alice'))).toEqual({ ok: true })
      await desk.waitForOnline()
      // A new install fetches four pages of recent history.
      expect((await history(desk, 'bob@localhost')).map((m) => m.body)).toEqual(sent.slice(10).map((m) => m.body))
      const answers = []
      for (;;) {
        const answer = await desk.invoke('messages:fetch-older', { conversation: 'bob@localhost' })
        answers.push(answer)
        if (answer.complete || answers.length > 5) break
      }
      expect(answers.map((a) => a.added)).toEqual([5, 5, 0].slice(0, answers.length))
      expect(answers.at(-1)?.complete).toBe(true)
      const all = await history(desk, 'bob@localhost')
      expect(all.map((m) => m.originId)).toEqual(sent.map((m) => m.originId))
      // The start is remembered: no more server round trips for this conversation.
      expect(await desk.invoke('messages:fetch-older', { conversation: 'bob@localhost' })).toEqual({ added: 0, complete: true })
      // History is not news.
      expect((await desk.invoke('conversations:list')).find((c: { jid: string }) => c.jid === 'bob@localhost')?.unread).toBe(20)
    } finally {
      await desk.stop()
    }
  })

  it('catches up the open conversation first, then the rest, each message once', async () => {
    // Fetching one conversation first starts from its newest message from the archive.
    await send(bob, 'alice@localhost', ['bob, before the desk signs in'])
    const desk = await CoreHarness.start({ trustedCa: [server.caCert] })
    expect(await desk.invoke('account:sign-in', signIn(server, 'alice'))).toEqual({ ok: true })
    await desk.waitForOnline()
    const dataDir = desk.dataDir
    await desk.stop({ keepData: true })

    const fromCarol = await send(carol, 'alice@localhost', ['carol 1', 'carol 2', 'carol 3', 'carol 4', 'carol 5', 'carol 6'])
    const fromBob = await send(bob, 'alice@localhost', ['bob 1', 'bob 2', 'bob 3'])
    await sleep(1_100) // older than the next session: history, not news

    const back = await CoreHarness.start({ dataDir, trustedCa: [server.caCert] })
    try {
      await back.invoke('conversation:viewing', { conversation: 'bob@localhost' })
      expect(await back.invoke('account:sign-in', signIn(server, 'alice'))).toEqual({ ok: true })
      await back.waitForOnline()
      const batches = back.events.filter((e) => e.event === 'messages:archived').map((e) => (e.payload as ChatMessage[]).map((m) => m.body))
      expect(batches[0]).toEqual(['bob 1', 'bob 2', 'bob 3'])
      expect(batches.flat().sort()).toEqual([...fromCarol, ...fromBob].map((m) => m.body).sort())
      expect((await history(back, 'carol@localhost')).map((m) => m.body)).toEqual(fromCarol.map((m) => m.body))
    } finally {
      await back.stop()
    }
  })

  it('continues by time when the server lost our cursor, and marks what may be missing', async () => {
    await send(bob, 'alice@localhost', ['in the archive before the desk signs in'])
    const desk = await CoreHarness.start({ trustedCa: [server.caCert] })
    expect(await desk.invoke('account:sign-in', signIn(server, 'alice'))).toEqual({ ok: true })
    await desk.waitForOnline()
    await send(bob, 'alice@localhost', ['the last one the desk saw'])
    await desk.waitFor('messages:added', (m) => m.some((x) => x.body === 'the last one the desk saw'))
    const dataDir = desk.dataDir
    await desk.stop({ keepData: true })

    // Everything alice's archive held until now expires, the desk's cursor included.
    await sleep(2_100)
    const db = new Database(server.sqlitePath!)
    try {
      const expired = db.prepare(`DELETE FROM prosodyarchive WHERE user = 'alice' AND store = 'archive' AND "when" < ?`).run(Math.floor(Date.now() / 1000)).changes
      expect(expired).toBeGreaterThan(0)
    } finally {
      db.close()
    }
    const after = await send(bob, 'alice@localhost', ['after expiry 1', 'after expiry 2'])
    await sleep(1_100)

    const back = await CoreHarness.start({ dataDir, trustedCa: [server.caCert] })
    try {
      expect(await back.invoke('account:sign-in', signIn(server, 'alice'))).toEqual({ ok: true })
      await back.waitForOnline()
      const stored = await history(back, 'bob@localhost')
      expect(stored.slice(-3).map((m) => m.body)).toEqual(['the last one the desk saw', 'after expiry 1', 'after expiry 2'])
      const gaps = await back.invoke('conversation:gaps', { conversation: 'bob@localhost' })
      expect(gaps).toHaveLength(1)
      expect(gaps[0].beforeId).toBe(stored.find((m) => m.originId === after[0]!.originId)?.id)
      expect(gaps[0].to - gaps[0].from).toBeGreaterThan(1_000)
      expect(await back.invoke('conversation:gaps', { conversation: 'carol@localhost' })).toEqual([])
    } finally {
      await back.stop()
    }
  })
})
