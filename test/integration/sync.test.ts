// No message lost, none duplicated, against a real Prosody: carbons between two devices of one
// account, archive catch-up after being away, a fresh install filling recent history, delivery
// receipts and displayed markers, and reading on one device clearing unread on the other.
import xml from '@xmpp/xml'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startRawClient } from '../support/raw-client'
import type { ChatMessage } from '../../shared/types/domain'
import { CoreHarness, signInRequest } from '../support/core-harness'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeWithService } from '../support/services'

const signIn = (server: ProsodyServer, user: string, port = server.c2sPort) => signInRequest(server, user, `${user}-pw`, port)

/** Messages stored in a conversation, oldest first (up to 500). */
async function history(core: CoreHarness, conversation: string): Promise<ChatMessage[]> {
  return (await core.invoke('messages:page', { conversation, beforeId: null, limit: 500 })).messages
}

function stored(core: CoreHarness, event: 'messages:added' | 'messages:archived'): ChatMessage[] {
  return core.events.filter((e) => e.event === event).flatMap((e) => e.payload as ChatMessage[])
}

describeWithService('prosody', 'archive sync, carbons, receipts and markers against a real Prosody', () => {
  let server: ProsodyServer
  let desk: CoreHarness // alice's desktop
  let laptop: CoreHarness // alice's second device
  let bob: CoreHarness

  beforeAll(async () => {
    server = await startProsody({ users: { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' } })
    const trustedCa = [server.caCert]
    desk = await CoreHarness.start({ trustedCa })
    laptop = await CoreHarness.start({ trustedCa })
    bob = await CoreHarness.start({ trustedCa })
    expect(await desk.invoke('account:sign-in', signIn(server, 'alice'))).toEqual({ ok: true })
    expect(await bob.invoke('account:sign-in', signIn(server, 'bob'))).toEqual({ ok: true })
    // Mutual subscription: receipts and markers go only to contacts who may see our presence.
    await desk.invoke('roster:add', { jid: 'bob@localhost', name: 'Bob', groups: [] })
    await bob.waitFor('subscription:requests', (r) => r.some((q) => q.jid === 'alice@localhost'))
    await bob.invoke('subscription:answer', { jid: 'alice@localhost', accept: true })
    await desk.waitFor('subscription:requests', (r) => r.some((q) => q.jid === 'bob@localhost'))
    await desk.invoke('subscription:answer', { jid: 'bob@localhost', accept: true })
    await desk.waitFor('roster:changed', (c) => c.upserted.some((u) => u.jid === 'bob@localhost' && u.subscription === 'both'))
    await bob.waitFor('roster:changed', (c) => c.upserted.some((u) => u.jid === 'alice@localhost' && u.subscription === 'both'))
    expect(await laptop.invoke('account:sign-in', signIn(server, 'alice'))).toEqual({ ok: true })
  })

  afterAll(async () => {
    for (const core of [desk, laptop, bob]) await core?.stop()
    await server?.stop()
  })

  it('copies messages to the other device with carbons, in both directions', async () => {
    const fromBob: ChatMessage = await bob.invoke('messages:send', { conversation: 'alice@localhost', body: 'to both of your devices' })
    await desk.waitFor('messages:added', (m) => m.some((x) => x.originId === fromBob.originId && x.direction === 'in'))
    await laptop.waitFor('messages:added', (m) => m.some((x) => x.originId === fromBob.originId && x.direction === 'in'))

    const fromDesk: ChatMessage = await desk.invoke('messages:send', { conversation: 'bob@localhost', body: 'sent from the desk' })
    const copy = await laptop.waitFor('messages:added', (m) => m.some((x) => x.originId === fromDesk.originId))
    expect(copy.find((x) => x.originId === fromDesk.originId)).toMatchObject({ direction: 'out', conversation: 'bob@localhost', state: 'sent' })
  })

  it('marks our message delivered on the receipt and read on the displayed marker', async () => {
    const sent: ChatMessage = await desk.invoke('messages:send', { conversation: 'bob@localhost', body: 'did you get this?' })
    await desk.waitFor('messages:state', (s) => s.some((x) => x.id === sent.id && x.state === 'delivered'))
    await bob.waitFor('messages:added', (m) => m.some((x) => x.originId === sent.originId))
    await bob.invoke('conversation:mark-read', { conversation: 'alice@localhost' })
    await desk.waitFor('messages:state', (s) => s.some((x) => x.id === sent.id && x.state === 'read'))
  })

  it('clears unread on one device when the conversation was read on the other', async () => {
    desk.clearEvents()
    const fromBob: ChatMessage = await bob.invoke('messages:send', { conversation: 'alice@localhost', body: 'read me anywhere' })
    await desk.waitFor('conversations:changed', (c) => c.some((x) => x.jid === 'bob@localhost' && x.unread > 0))
    await laptop.waitFor('messages:added', (m) => m.some((x) => x.originId === fromBob.originId))
    await laptop.invoke('conversation:mark-read', { conversation: 'bob@localhost' })
    await desk.waitFor('conversations:changed', (c) => c.some((x) => x.jid === 'bob@localhost' && x.unread === 0))
  })

  it('learns what was read on another device while it was away (XEP-0490)', async () => {
    const dir = laptop.dataDir
    await laptop.stop({ keepData: true })
    const fromBob: ChatMessage = await bob.invoke('messages:send', { conversation: 'alice@localhost', body: 'read on the desk only' })
    await desk.waitFor('messages:added', (m) => m.some((x) => x.originId === fromBob.originId))
    await desk.invoke('conversation:mark-read', { conversation: 'bob@localhost' })

    laptop = await CoreHarness.start({ dataDir: dir, trustedCa: [server.caCert] })
    expect(await laptop.invoke('account:sign-in', signIn(server, 'alice'))).toEqual({ ok: true })
    await laptop.waitForStored(fromBob.originId)
    // The catch-up counted it unread; the synchronised read state then clears it.
    await laptop.waitFor('conversations:changed', (c) => c.some((x) => x.jid === 'bob@localhost' && x.unread === 0))
    expect((await laptop.invoke('conversations:list')).find((c: { jid: string }) => c.jid === 'bob@localhost')?.unread).toBe(0)
  })

  it('catches up from the archive after being away, exactly once and without notifying', async () => {
    const dir = laptop.dataDir
    await laptop.stop({ keepData: true })
    const missed: ChatMessage[] = []
    for (const body of ['while the laptop slept 1', 'while the laptop slept 2', 'while the laptop slept 3'])
      missed.push(await bob.invoke('messages:send', { conversation: 'alice@localhost', body }))
    const mine: ChatMessage = await desk.invoke('messages:send', { conversation: 'bob@localhost', body: 'answered from the desk' })
    await desk.waitFor('messages:added', (m) => m.some((x) => x.originId === missed[2]?.originId))
    // Archive times have whole seconds: let these be clearly older than the next session.
    await new Promise((r) => setTimeout(r, 1_100))

    laptop = await CoreHarness.start({ dataDir: dir, trustedCa: [server.caCert] })
    expect(await laptop.invoke('account:sign-in', signIn(server, 'alice'))).toEqual({ ok: true })
    const archived = await laptop.waitFor('messages:archived', (m) => m.some((x) => x.originId === mine.originId))
    expect(archived.find((x) => x.originId === mine.originId)).toMatchObject({ direction: 'out', state: 'sent' })
    const bodies = (await history(laptop, 'bob@localhost')).map((m) => m.body)
    for (const body of ['while the laptop slept 1', 'while the laptop slept 2', 'while the laptop slept 3', 'answered from the desk'])
      expect(bodies.filter((b) => b === body)).toHaveLength(1)
    // What came from the archive is shown, not announced as new.
    expect(stored(laptop, 'messages:added').filter((m) => missed.some((x) => x.originId === m.originId))).toEqual([])
  })

  it('syncing again from the stored cursor stores nothing twice', async () => {
    const before = await history(desk, 'bob@localhost')
    const dir = desk.dataDir
    await desk.stop({ keepData: true })
    desk = await CoreHarness.start({ dataDir: dir, trustedCa: [server.caCert] })
    expect(await desk.invoke('account:sign-in', signIn(server, 'alice'))).toEqual({ ok: true })
    await desk.waitFor('connection:state', (s) => s.status === 'online')
    await new Promise((r) => setTimeout(r, 1_000))
    expect(stored(desk, 'messages:archived')).toEqual([])
    expect((await history(desk, 'bob@localhost')).map((m) => m.id)).toEqual(before.map((m) => m.id))
  })

  it('applies the sender’s corrections and retractions, live and on the other device', async () => {
    // Carol uses another client (our protocol stack without the core) that can correct and retract.
    const carol = await startRawClient(server, 'carol', 'carol-pw', 'phone')
    try {
      const say = (id: string, body: string, extra: ReturnType<typeof xml>[] = []) =>
        carol.entity.send(xml('message', { to: 'alice@localhost', type: 'chat', id }, xml('body', {}, body), xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id }), ...extra))
      await say('c-1', 'meet at 5')
      await say('c-2', 'my password is hunter2')
      await desk.waitFor('messages:added', (m) => m.some((x) => x.originId === 'c-2'))
      await say('c-3', 'meet at 6', [xml('replace', { xmlns: 'urn:xmpp:message-correct:0', id: 'c-1' })])
      const corrected = await desk.waitFor('messages:updated', (m) => m.some((x) => x.originId === 'c-1'))
      expect(corrected.find((x) => x.originId === 'c-1')).toMatchObject({ body: 'meet at 6', edited: true })
      await carol.entity.send(xml('message', { to: 'alice@localhost', type: 'chat', id: 'c-4' }, xml('retract', { xmlns: 'urn:xmpp:message-retract:1', id: 'c-2' })))
      const retracted = await desk.waitFor('messages:updated', (m) => m.some((x) => x.originId === 'c-2' && x.retracted))
      expect(retracted.find((x) => x.originId === 'c-2')?.body).toBe('')
      await laptop.waitFor('messages:updated', (m) => m.some((x) => x.originId === 'c-2' && x.retracted))
      const found = await desk.invoke('search:messages', { text: 'hunter2', filters: { conversation: null, sender: null, after: null, before: null }, cursor: null, limit: 10 })
      expect(found.hits).toEqual([])
      expect((await history(desk, 'carol@localhost')).map((m) => m.body)).toEqual(['meet at 6', ''])
    } finally {
      await carol.entity.stop().catch(() => {})
    }
  })

  it('fills recent history on a fresh install, in order, once', async () => {
    const fresh = await CoreHarness.start({ trustedCa: [server.caCert] })
    try {
      expect(await fresh.invoke('account:sign-in', signIn(server, 'alice'))).toEqual({ ok: true })
      await fresh.waitFor('messages:archived', (m) => m.some((x) => x.body === 'answered from the desk'))
      const messages = await history(fresh, 'bob@localhost')
      // The same messages as the desk, each once; the desk's order is its own arrival order, the
      // fresh install's is the server's, so they are compared as sets.
      const key = (m: ChatMessage): string => `${m.direction} ${m.body}`
      const expected = (await history(desk, 'bob@localhost')).map(key).sort()
      expect(messages.map(key).sort()).toEqual(expected)
      expect(messages.every((m, i) => i === 0 || (messages[i - 1]?.timestamp ?? 0) <= m.timestamp)).toBe(true)
    } finally {
      await fresh.stop()
    }
  })
})
