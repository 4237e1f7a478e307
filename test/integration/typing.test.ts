// Typing notifications (XEP-0085) between two real cores through Prosody: alice and bob are
// mutual contacts, carol is not alice's. What alice's composer reports reaches bob as
// `typing:changed`; it ends with "paused", with her message, and when she goes offline. Carol,
// who may not see alice's presence, is never told.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ChatMessage } from '../../shared/types/domain'
import { CoreHarness } from '../support/core-harness'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeWithService } from '../support/services'

const PASSWORDS = { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' }
const signedIn = (server: ProsodyServer, user: keyof typeof PASSWORDS, dataDir?: string): Promise<CoreHarness> => CoreHarness.signedIn(server, user, PASSWORDS[user], dataDir)
const ALICE = 'alice@localhost'
const BOB = 'bob@localhost'

/** Every typing:changed the core emitted about `jid`, in order. */
const typingOf = (core: CoreHarness, jid: string): boolean[] =>
  core.events.filter((e) => e.event === 'typing:changed' && (e.payload as { jid: string }).jid === jid).map((e) => (e.payload as { typing: boolean }).typing)

describeWithService('prosody', 'typing notifications between two cores', () => {
  let server: ProsodyServer
  let alice: CoreHarness
  let bob: CoreHarness
  let carol: CoreHarness

  beforeAll(async () => {
    server = await startProsody({ users: PASSWORDS })
    alice = await signedIn(server, 'alice')
    bob = await signedIn(server, 'bob')
    carol = await signedIn(server, 'carol')
    // alice and bob see each other's presence (subscription both).
    await alice.invoke('roster:add', { jid: BOB, name: 'Bob', groups: [] })
    await bob.waitFor('subscription:requests', (r) => r.some((q) => q.jid === ALICE))
    await bob.invoke('subscription:answer', { jid: ALICE, accept: true })
    await alice.waitFor('subscription:requests', (r) => r.some((q) => q.jid === BOB))
    await alice.invoke('subscription:answer', { jid: BOB, accept: true })
    await alice.waitForContact(BOB, (c) => c.subscription === 'both' && c.presence.show === 'available')
    await bob.waitForContact(ALICE, (c) => c.subscription === 'both' && c.presence.show === 'available')
  })
  afterAll(async () => {
    for (const core of [alice, bob, carol]) await core?.stop()
    await server?.stop()
  })

  it('shows bob that alice is typing, then that she paused', async () => {
    await alice.invoke('chat-state:send', { conversation: BOB, state: 'composing' })
    await bob.waitFor('typing:changed', (t) => t.jid === ALICE && t.typing)
    await alice.invoke('chat-state:send', { conversation: BOB, state: 'paused' })
    await bob.waitFor('typing:changed', (t) => t.jid === ALICE && !t.typing)
    expect(typingOf(bob, ALICE)).toEqual([true, false])
  })

  it('ends "typing" when her message arrives', async () => {
    bob.clearEvents()
    await alice.invoke('chat-state:send', { conversation: BOB, state: 'composing' })
    await bob.waitFor('typing:changed', (t) => t.jid === ALICE && t.typing)
    const sent: ChatMessage = await alice.invoke('messages:send', { conversation: BOB, body: 'done typing' })
    await bob.waitForStored(sent.originId)
    expect(typingOf(bob, ALICE)).toEqual([true, false])
  })

  it('never tells carol, who may not see alice’s presence', async () => {
    await alice.invoke('chat-state:send', { conversation: 'carol@localhost', state: 'composing' })
    // Stanzas from one sender to one recipient arrive in order: had the state gone out, carol
    // would have it before this message.
    const sent: ChatMessage = await alice.invoke('messages:send', { conversation: 'carol@localhost', body: 'hello carol' })
    await carol.waitForStored(sent.originId)
    expect(typingOf(carol, ALICE)).toEqual([])
  })

  it('ends "typing" when alice goes offline', async () => {
    bob.clearEvents()
    await alice.invoke('chat-state:send', { conversation: BOB, state: 'composing' })
    await bob.waitFor('typing:changed', (t) => t.jid === ALICE && t.typing)
    await alice.invoke('presence:set', { show: 'offline', status: '' })
    await bob.waitFor('typing:changed', (t) => t.jid === ALICE && !t.typing)
    expect(typingOf(bob, ALICE)).toEqual([true, false])
  })
})
