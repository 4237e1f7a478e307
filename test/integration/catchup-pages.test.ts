// An archive catch-up that spans many pages, against a Prosody whose page cap is 5: every page
// is stored (with the cursor after it) while the next query is already on its way, so this checks
// that overlap keeps the order, loses nothing and stores nothing twice, and that the cursor the
// last page left behind is where the next session starts.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ChatMessage } from '../../shared/types/domain'
import { CoreHarness, signInRequest } from '../support/core-harness'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeWithService } from '../support/services'

const signIn = (server: ProsodyServer, user: string, port = server.c2sPort) => signInRequest(server, user, `${user}-pw`, port)

const PAGE_CAP = 5
const MISSED = 23 // five pages, the last one partial

/** Archive times have whole seconds; what is older than the session start is history, not news. */
const beforeTheNextSession = (): Promise<void> => new Promise((r) => setTimeout(r, 1_100))

function archived(core: CoreHarness): ChatMessage[] {
  return core.events.filter((e) => e.event === 'messages:archived').flatMap((e) => e.payload as ChatMessage[])
}

describeWithService('prosody', 'archive catch-up over many pages', () => {
  let server: ProsodyServer
  let bob: CoreHarness
  beforeAll(async () => {
    server = await startProsody({ users: { alice: 'alice-pw', bob: 'bob-pw' }, maxArchiveQueryResults: PAGE_CAP })
    bob = await CoreHarness.start({ trustedCa: [server.caCert] })
    expect(await bob.invoke('account:sign-in', signIn(server, 'bob'))).toEqual({ ok: true })
  })
  afterAll(async () => {
    await bob?.stop()
    await server?.stop()
  })

  it('stores every missed message once and in order, and the next session starts after the last one', async () => {
    const alice = await CoreHarness.start({ trustedCa: [server.caCert] })
    expect(await alice.invoke('account:sign-in', signIn(server, 'alice'))).toEqual({ ok: true })
    await alice.waitForOnline()
    const dataDir = alice.dataDir
    await alice.stop({ keepData: true })

    const sent: ChatMessage[] = []
    for (let n = 0; n < MISSED; n++) sent.push(await bob.invoke('messages:send', { conversation: 'alice@localhost', body: `missed ${n}` }))
    for (const m of sent) await bob.waitFor('messages:state', (s) => s.some((x) => x.id === m.id && x.state === 'sent'))
    await beforeTheNextSession()

    const back = await CoreHarness.start({ dataDir, trustedCa: [server.caCert] })
    try {
      expect(await back.invoke('account:sign-in', signIn(server, 'alice'))).toEqual({ ok: true })
      await back.waitForOnline() // online is reported once the catch-up is done
      const batches = back.events.filter((e) => e.event === 'messages:archived').length
      expect(batches, 'one stored batch per archive page').toBeGreaterThanOrEqual(Math.ceil(MISSED / PAGE_CAP))
      expect(archived(back).map((m) => m.body)).toEqual(sent.map((m) => m.body))
      const page = await back.invoke('messages:page', { conversation: 'bob@localhost', beforeId: null, limit: 100 })
      expect(page.messages.map((m: ChatMessage) => m.originId)).toEqual(sent.map((m) => m.originId))
    } finally {
      await back.stop({ keepData: true })
    }

    // From the stored cursor: one more message, and only that one comes.
    const last: ChatMessage = await bob.invoke('messages:send', { conversation: 'alice@localhost', body: 'after the cursor' })
    await bob.waitFor('messages:state', (s) => s.some((x) => x.id === last.id && x.state === 'sent'))
    await beforeTheNextSession()
    const again = await CoreHarness.start({ dataDir, trustedCa: [server.caCert] })
    try {
      expect(await again.invoke('account:sign-in', signIn(server, 'alice'))).toEqual({ ok: true })
      await again.waitForOnline()
      expect(archived(again).map((m) => m.body)).toEqual(['after the cursor'])
    } finally {
      await again.stop()
    }
  })
})
