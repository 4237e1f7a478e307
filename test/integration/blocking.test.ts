// Blocking (XEP-0191) against a real Prosody (mod_blocklist): alice runs two sessions of her
// account. Blocking bob in one shows up in the other at once; bob's messages bounce instead of
// reaching her; a new session fetches the list; unblocking restores delivery. A subscription
// request from someone she blocks disappears, and a blocklist push from another account is refused.
import { afterAll, beforeAll, expect, it } from 'vitest'
import xml from '@xmpp/xml'
import type { ChatMessage } from '../../shared/types/domain'
import { type XmppClient } from '../../electron/core/xmpp/client-factory'
import { startRawClient } from '../support/raw-client'
import { CoreHarness } from '../support/core-harness'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeWithService } from '../support/services'

const PASSWORDS = { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' }
const signedIn = (server: ProsodyServer, user: keyof typeof PASSWORDS, dataDir?: string): Promise<CoreHarness> => CoreHarness.signedIn(server, user, PASSWORDS[user], dataDir)
const BOB = 'bob@localhost'
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))


const lists = (core: CoreHarness): string[][] => core.events.filter((e) => e.event === 'blocking:changed').map((e) => (e.payload as { jids: string[] }).jids)

describeWithService('prosody', 'blocking against a real Prosody', () => {
  let server: ProsodyServer
  let alice: CoreHarness
  let aliceElsewhere: CoreHarness
  let bob: CoreHarness
  let carol: XmppClient

  beforeAll(async () => {
    server = await startProsody({ users: PASSWORDS })
    alice = await signedIn(server, 'alice')
    aliceElsewhere = await signedIn(server, 'alice')
    bob = await signedIn(server, 'bob')
    carol = await startRawClient(server, 'carol', PASSWORDS.carol)
  })
  afterAll(async () => {
    await carol?.entity.stop().catch(() => {})
    for (const core of [alice, aliceElsewhere, bob]) await core?.stop()
    await server?.stop()
  })

  it('finds blocking offered and fetches the (empty) list in each new session', async () => {
    for (const core of [alice, aliceElsewhere]) {
      expect(await core.waitFor('blocking:changed', (s) => s.supported)).toEqual({ supported: true, jids: [] })
      expect(await core.invoke('blocking:list')).toEqual({ supported: true, jids: [] })
    }
  })

  it('blocks bob in one session; the other session hears of it; bob’s messages bounce and never arrive', async () => {
    for (const core of [alice, aliceElsewhere]) core.clearEvents()
    await alice.invoke('contacts:block', { jid: BOB })
    await alice.waitFor('blocking:changed', (s) => s.jids.includes(BOB))
    expect(await aliceElsewhere.waitFor('blocking:changed', (s) => s.jids.includes(BOB))).toEqual({ supported: true, jids: [BOB] })
    expect(alice.core.isBlocked(BOB)).toBe(true)
    expect(aliceElsewhere.core.isBlocked(`${BOB}/any-device`)).toBe(true)

    const sent: ChatMessage = await bob.invoke('messages:send', { conversation: 'alice@localhost', body: 'let me in' })
    await bob.waitFor('messages:state', (s) => s.some((x) => x.id === sent.id && x.state === 'failed'))
    await sleep(300)
    for (const core of [alice, aliceElsewhere]) expect(core.storedWith(sent.originId)).toEqual([])
  })

  it('a session started later fetches the list with bob on it', async () => {
    const later = await signedIn(server, 'alice')
    try {
      await later.waitFor('blocking:changed', (s) => s.supported)
      expect(await later.invoke('blocking:list')).toEqual({ supported: true, jids: [BOB] })
    } finally {
      await later.stop()
    }
  })

  it('unblocking from the other session restores delivery', async () => {
    alice.clearEvents()
    await aliceElsewhere.invoke('contacts:unblock', { jid: BOB })
    await alice.waitFor('blocking:changed', (s) => s.supported && !s.jids.includes(BOB))
    expect(alice.core.isBlocked(BOB)).toBe(false)
    const sent: ChatMessage = await bob.invoke('messages:send', { conversation: 'alice@localhost', body: 'hello again' })
    expect((await alice.waitForStored(sent.originId)).body).toBe('hello again')
  })

  it('drops a pending subscription request from someone alice then blocks', async () => {
    await carol.entity.send(xml('presence', { to: 'alice@localhost', type: 'subscribe' }))
    await alice.waitFor('subscription:requests', (r) => r.some((q) => q.jid === 'carol@localhost'))
    await alice.invoke('contacts:block', { jid: 'carol@localhost' })
    await alice.waitFor('subscription:requests', (r) => !r.some((q) => q.jid === 'carol@localhost'))
    expect(await alice.invoke('subscription:list')).toEqual([])
    alice.clearEvents()
    await alice.invoke('contacts:unblock', { jid: 'carol@localhost' })
    await alice.waitFor('blocking:changed', (s) => s.jids.length === 0)
    // The request went with the block (the server dropped it too); unblocking does not bring it back.
    expect(await alice.invoke('subscription:list')).toEqual([])
  })

  it('refuses a blocklist push sent by another account (service-unavailable, list unchanged)', async () => {
    aliceElsewhere.clearEvents()
    await alice.invoke('contacts:block', { jid: BOB })
    await aliceElsewhere.waitFor('blocking:changed', (s) => s.jids.includes(BOB))
    const aliceJid = ((await alice.invoke('app:state')).connection as { jid: string }).jid
    const before = lists(alice).length
    const unblockAll = xml('iq', { type: 'set', to: aliceJid }, xml('unblock', { xmlns: 'urn:xmpp:blocking' }))
    await expect(carol.iqCaller.request(unblockAll, 10_000)).rejects.toMatchObject({ condition: 'service-unavailable' })
    expect(alice.core.isBlocked(BOB)).toBe(true)
    expect(await alice.invoke('blocking:list')).toEqual({ supported: true, jids: [BOB] })
    expect(lists(alice)).toHaveLength(before)
  })
})
