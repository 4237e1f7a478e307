// A room's history from its own archive (XEP-0313 on the room) against a real Prosody whose
// archive pages are small (5): a newcomer gets the newest pages on joining, scrolls back to the
// room's start page by page, and a message sent while they were away arrives once on return.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ChatMessage } from '../../shared/types/domain'
import { CoreHarness } from '../support/core-harness'
import { MUC_SERVICE, startProsody, type ProsodyServer } from '../support/prosody'
import { describeWithService } from '../support/services'

const PASSWORDS = { alice: 'alice-pw', bob: 'bob-pw' }
const signedIn = (server: ProsodyServer, user: keyof typeof PASSWORDS, dataDir?: string): Promise<CoreHarness> => CoreHarness.signedIn(server, user, PASSWORDS[user], dataDir)
const ROOM = `history@${MUC_SERVICE}`
const TOTAL = 30

const bodies = async (core: CoreHarness): Promise<string[]> =>
  ((await core.invoke('messages:page', { conversation: ROOM, beforeId: null, limit: 200 })).messages as ChatMessage[]).map((m) => m.body)

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describeWithService('prosody', 'room history from the room archive', () => {
  let server: ProsodyServer
  let alice: CoreHarness
  let bob: CoreHarness

  beforeAll(async () => {
    server = await startProsody({ users: PASSWORDS, maxArchiveQueryResults: 5 })
    alice = await signedIn(server, 'alice')
    expect(await alice.invoke('rooms:join', { room: ROOM, nick: 'alice', password: null, bookmark: false })).toEqual({ ok: true })
    for (let i = 0; i < TOTAL; i++) await alice.invoke('messages:send', { conversation: ROOM, body: `message ${i}` })
    await until(async () => (await bodies(alice)).length === TOTAL && (await alice.invoke('messages:page', { conversation: ROOM, beforeId: null, limit: 1 })).messages[0].state === 'delivered', 'all reflected')
  })
  afterAll(async () => {
    for (const core of [alice, bob]) await core?.stop()
    await server?.stop()
  })

  it('gives a newcomer the newest pages, then older ones on request, up to the start', async () => {
    bob = await signedIn(server, 'bob')
    expect(await bob.invoke('rooms:join', { room: ROOM, nick: 'bob', password: null, bookmark: false })).toEqual({ ok: true })
    // Four pages of five: the newest twenty, in order.
    await until(async () => (await bodies(bob)).length === 20, 'the newest pages')
    expect(await bodies(bob)).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i + 10}`))
    // Said before bob first came in: context, not unread.
    await until(async () => ((await bob.invoke('conversations:list')) as { jid: string; unread: number }[]).some((c) => c.jid === ROOM && c.unread === 0), 'nothing unread')
    const first = await bob.invoke('messages:fetch-older', { conversation: ROOM })
    expect(first).toEqual({ added: 5, complete: false })
    expect((await bodies(bob)).slice(0, 6)).toEqual(['message 5', 'message 6', 'message 7', 'message 8', 'message 9', 'message 10'])
    expect(await bob.invoke('messages:fetch-older', { conversation: ROOM })).toMatchObject({ added: 5 })
    expect(await bob.invoke('messages:fetch-older', { conversation: ROOM })).toEqual({ added: 0, complete: true })
    expect(await bodies(bob)).toEqual(Array.from({ length: TOTAL }, (_, i) => `message ${i}`))
  })

  it('brings what was said while away exactly once, on the next session', async () => {
    const dataDir = bob.dataDir
    await bob.stop({ keepData: true })
    await alice.invoke('messages:send', { conversation: ROOM, body: 'while you were out' })
    bob = await signedIn(server, 'bob', dataDir)
    await until(async () => (await bodies(bob)).includes('while you were out'), 'the missed message')
    const all = await bodies(bob)
    expect(all.filter((b) => b === 'while you were out')).toHaveLength(1)
    expect(new Set(all).size).toBe(all.length)
  })
})
