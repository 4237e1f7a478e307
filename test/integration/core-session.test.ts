// The application core against a real Prosody: sign-in outcomes, roster and subscriptions both
// ways, presence, messages live and offline, reconnect after a server restart with the outbox
// flushed exactly once, and history surviving a restart of the core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChatMessage, Contact } from '../../shared/types/domain'
import { CoreHarness } from '../support/core-harness'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeWithService } from '../support/services'

/** States past the outbox: acknowledged by the server, or already receipted/read by the peer. */
const LEFT_PENDING = new Set(['sent', 'delivered', 'read'])

function signIn(server: ProsodyServer, user: string, password: string, extra: Record<string, unknown> = {}) {
  return {
    jid: `${user}@${server.domain}`,
    password,
    rememberPassword: false,
    host: server.host,
    port: server.c2sPort,
    directTls: false,
    ...extra,
  }
}

describeWithService('prosody', 'core against a real Prosody', () => {
  let server: ProsodyServer
  beforeAll(async () => {
    server = await startProsody({ users: { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' } })
  })
  afterAll(async () => {
    await server?.stop()
  })

  describe('sign-in outcomes', () => {
    it('signs in over STARTTLS with a trusted certificate and reports online', async () => {
      const alice = await CoreHarness.start({ trustedCa: [server.caCert] })
      try {
        const result = await alice.invoke('account:sign-in', signIn(server, 'alice', 'alice-pw'))
        expect(result).toEqual({ ok: true })
        const online = await alice.waitFor('connection:state', (s) => s.status === 'online')
        expect(online).toMatchObject({ status: 'online' })
        const state = await alice.invoke('app:state')
        expect(state.account.jid).toBe('alice@localhost')
        expect(state.hasSavedPassword).toBe(false)
      } finally {
        await alice.stop()
      }
    })

    it('reports a wrong password as such and does not retry', async () => {
      const alice = await CoreHarness.start({ trustedCa: [server.caCert] })
      try {
        const result = await alice.invoke('account:sign-in', signIn(server, 'alice', 'wrong'))
        expect(result).toEqual({ ok: false, kind: 'auth-failed', message: 'Wrong address or password.' })
        const state = await alice.invoke('app:state')
        expect(state.connection).toMatchObject({ status: 'offline', kind: 'auth-failed' })
        expect(state.account).toBeNull()
      } finally {
        await alice.stop()
      }
    })

    it('refuses a certificate it does not trust', async () => {
      const alice = await CoreHarness.start() // no extra CA: the self-signed certificate is untrusted
      try {
        const result = await alice.invoke('account:sign-in', signIn(server, 'alice', 'alice-pw'))
        expect(result).toMatchObject({ ok: false, kind: 'certificate' })
        expect(result.message).toMatch(/certificate/u)
      } finally {
        await alice.stop()
      }
    })

    it('signs in over direct TLS (XEP-0368) with SNI and the certificate checked for the domain', async () => {
      const alice = await CoreHarness.start({ trustedCa: [server.caCert] })
      try {
        const result = await alice.invoke('account:sign-in', signIn(server, 'alice', 'alice-pw', { port: server.directTlsPort, directTls: true }))
        expect(result).toEqual({ ok: true })
      } finally {
        await alice.stop()
      }
    })

    it('renames and removes a contact through roster pushes from the server', async () => {
      const carol = await CoreHarness.start({ trustedCa: [server.caCert] })
      try {
        await carol.invoke('account:sign-in', signIn(server, 'carol', 'carol-pw'))
        await carol.invoke('roster:add', { jid: 'dave@localhost', name: 'Dave', groups: ['Work', 'Chess'] })
        await carol.waitFor('roster:changed', (c) => c.upserted.some((u) => u.jid === 'dave@localhost' && u.pendingOut))
        await carol.invoke('roster:rename', { jid: 'dave@localhost', name: 'David' })
        await carol.waitFor('roster:changed', (c) => c.upserted.some((u) => u.jid === 'dave@localhost' && u.name === 'David'))
        expect((await carol.invoke('roster:list')).find((c: Contact) => c.jid === 'dave@localhost')?.groups.sort()).toEqual(['Chess', 'Work'])
        await carol.invoke('roster:remove', { jid: 'dave@localhost' })
        await carol.waitFor('roster:changed', (c) => c.removed.includes('dave@localhost'))
        expect((await carol.invoke('roster:list')).some((c: Contact) => c.jid === 'dave@localhost')).toBe(false)
      } finally {
        await carol.stop()
      }
    })

    it('says when the server cannot be reached', async () => {
      const alice = await CoreHarness.start({ trustedCa: [server.caCert] })
      try {
        const closedPort = server.c2sPort + 1 === server.directTlsPort ? server.c2sPort + 2 : server.c2sPort + 1
        const result = await alice.invoke('account:sign-in', signIn(server, 'alice', 'alice-pw', { port: closedPort }))
        expect(result).toMatchObject({ ok: false, kind: 'unreachable' })
        expect(result.message).toMatch(/could not be reached/u)
      } finally {
        await alice.stop()
      }
    })

    it('remembers the password in the secret store only when asked, and forgets it on sign-out', async () => {
      const alice = await CoreHarness.start({ trustedCa: [server.caCert] })
      try {
        await alice.invoke('account:sign-in', signIn(server, 'alice', 'alice-pw', { rememberPassword: true }))
        expect(await alice.secrets.get('alice@localhost')).toBe('alice-pw')
        expect((await alice.invoke('app:state')).hasSavedPassword).toBe(true)
        await alice.invoke('account:sign-out')
        expect(await alice.secrets.get('alice@localhost')).toBeNull()
        expect((await alice.invoke('app:state')).account).toBeNull()
      } finally {
        await alice.stop()
      }
    })
  })

  describe('two people', () => {
    let alice: CoreHarness
    let bob: CoreHarness
    const bobData = { dir: '' }

    beforeAll(async () => {
      alice = await CoreHarness.start({ trustedCa: [server.caCert] })
      bob = await CoreHarness.start({ trustedCa: [server.caCert] })
      bobData.dir = bob.dataDir
      expect(await alice.invoke('account:sign-in', signIn(server, 'alice', 'alice-pw'))).toEqual({ ok: true })
      expect(await bob.invoke('account:sign-in', signIn(server, 'bob', 'bob-pw'))).toEqual({ ok: true })
    })
    afterAll(async () => {
      await alice?.stop()
      await bob?.stop()
    })

    it('adds a contact and both approve: subscription both ways, presence visible', async () => {
      await alice.invoke('roster:add', { jid: 'bob@localhost', name: 'Bob', groups: ['Friends'] })
      const pushed = await alice.waitFor('roster:changed', (c) => c.upserted.some((u) => u.jid === 'bob@localhost'))
      expect(pushed.upserted.find((u) => u.jid === 'bob@localhost')).toMatchObject({ name: 'Bob', groups: ['Friends'] })

      const requests = await bob.waitFor('subscription:requests', (r) => r.some((q) => q.jid === 'alice@localhost'))
      expect(requests[0]?.jid).toBe('alice@localhost')
      // Nothing is approved until the user says so.
      expect((await bob.invoke('roster:list')).find((c: Contact) => c.jid === 'alice@localhost')?.subscription ?? 'none').toMatch(/none/u)
      await bob.invoke('subscription:answer', { jid: 'alice@localhost', accept: true })

      // Bob's acceptance also asked for alice's presence; alice approves too.
      await alice.waitFor('subscription:requests', (r) => r.some((q) => q.jid === 'bob@localhost'))
      await alice.invoke('subscription:answer', { jid: 'bob@localhost', accept: true })

      await alice.waitFor('roster:changed', (c) => c.upserted.some((u) => u.jid === 'bob@localhost' && u.subscription === 'both'))
      await bob.waitFor('roster:changed', (c) => c.upserted.some((u) => u.jid === 'alice@localhost' && u.subscription === 'both'))
      await alice.waitForContact('bob@localhost', (c) => c.presence.show === 'available')
      await bob.waitForContact('alice@localhost', (c) => c.presence.show === 'available')
    })

    it('shows presence changes with the status message to the other side', async () => {
      await alice.invoke('presence:set', { show: 'away', status: 'lunch' })
      const seen = await bob.waitFor('presence:contact', (p) => p.jid === 'alice@localhost' && p.presence.show === 'away')
      expect(seen.presence.status).toBe('lunch')
      await alice.invoke('presence:set', { show: 'available', status: '' })
      await bob.waitFor('presence:contact', (p) => p.jid === 'alice@localhost' && p.presence.show === 'available' && p.presence.status === '')
    })

    it('sends messages both ways, archived before they are shown', async () => {
      const sent: ChatMessage = await alice.invoke('messages:send', { conversation: 'bob@localhost', body: 'Hi Bob 👋 https://example.org' })
      expect(sent).toMatchObject({ direction: 'out', conversation: 'bob@localhost', body: 'Hi Bob 👋 https://example.org' })
      const arrived = await bob.waitFor('messages:added', (m) => m.some((x) => x.originId === sent.originId))
      expect(arrived.find((x) => x.originId === sent.originId)).toMatchObject({ direction: 'in', conversation: 'alice@localhost', state: 'received' })
      await alice.waitFor('messages:state', (s) => s.some((x) => x.id === sent.id && LEFT_PENDING.has(x.state)))

      const reply: ChatMessage = await bob.invoke('messages:send', { conversation: 'alice@localhost', body: 'Hello Alice' })
      await alice.waitFor('messages:added', (m) => m.some((x) => x.originId === reply.originId && x.direction === 'in'))

      const page = await alice.invoke('messages:page', { conversation: 'bob@localhost', beforeId: null, limit: 50 })
      expect(page.messages.map((m: ChatMessage) => m.body)).toEqual(['Hi Bob 👋 https://example.org', 'Hello Alice'])
      const conversations = await alice.invoke('conversations:list')
      expect(conversations[0]).toMatchObject({ jid: 'bob@localhost', unread: 1, lastBody: 'Hello Alice', lastDirection: 'in' })
      await alice.invoke('conversation:mark-read', { conversation: 'bob@localhost' })
      expect((await alice.invoke('conversations:list'))[0].unread).toBe(0)
    })

    it('shows a bounced message as failed and sends it again on retry, with the same id', async () => {
      const sent: ChatMessage = await alice.invoke('messages:send', { conversation: 'nobody@unreachable.invalid', body: 'is anyone there?' })
      await alice.waitFor('messages:state', (s) => s.some((x) => x.id === sent.id && x.state === 'failed'))
      alice.clearEvents()
      await alice.invoke('messages:retry', { id: sent.id })
      await alice.waitFor('messages:state', (s) => s.some((x) => x.id === sent.id && x.state === 'pending'))
      await alice.waitFor('messages:state', (s) => s.some((x) => x.id === sent.id && x.state === 'failed'))
      const page = await alice.invoke('messages:page', { conversation: 'nobody@unreachable.invalid', beforeId: null, limit: 10 })
      expect(page.messages).toHaveLength(1)
      expect(page.messages[0]).toMatchObject({ originId: sent.originId, state: 'failed' })
      await expect(alice.invoke('messages:retry', { id: page.messages[0].id + 1000 })).rejects.toThrow(/failed can be sent again/u)
    })

    it('delivers a message sent while the recipient is offline, and bob sees alice go offline', async () => {
      await bob.stop({ keepData: true })
      const gone = await alice.waitFor('presence:contact', (p) => p.jid === 'bob@localhost' && p.presence.show === 'offline')
      // "Last seen" comes with the contact going offline.
      expect(gone.presence.lastSeen).toBeGreaterThan(Date.now() - 60_000)
      const sent: ChatMessage = await alice.invoke('messages:send', { conversation: 'bob@localhost', body: 'while you were away' })
      await alice.waitFor('messages:state', (s) => s.some((x) => x.id === sent.id && LEFT_PENDING.has(x.state)))

      bob = await CoreHarness.start({ dataDir: bobData.dir, trustedCa: [server.caCert] })
      expect(await bob.invoke('account:sign-in', signIn(server, 'bob', 'bob-pw'))).toEqual({ ok: true })
      // Offline storage and the archive both hold it; whichever comes first stores it, once.
      const message = await bob.waitForStored(sent.originId)
      // Offline storage keeps the original time (XEP-0203 delay), not the delivery time.
      expect(message?.timestamp).toBeLessThanOrEqual(Date.now())
      expect(message?.timestamp).toBeGreaterThanOrEqual(sent.timestamp - 2_000)
    })

    it('reconnects after the server restarts and sends the offline outbox exactly once', async () => {
      alice.clearEvents()
      bob.clearEvents()
      await server.stop({ keepData: true })
      await alice.waitFor('connection:state', (s) => s.status === 'reconnecting')
      const queued: ChatMessage = await alice.invoke('messages:send', { conversation: 'bob@localhost', body: 'queued while the server was down' })
      expect(queued.state).toBe('pending')
      await server.start()

      await alice.waitForOnline()
      await bob.waitForOnline()
      await alice.waitFor('messages:state', (s) => s.some((x) => x.id === queued.id && LEFT_PENDING.has(x.state)), 30_000)
      await bob.waitForStored(queued.originId, 30_000)
      // Give a duplicate time to show up, then count what bob has stored.
      await new Promise((r) => setTimeout(r, 1_500))
      const page = await bob.invoke('messages:page', { conversation: 'alice@localhost', beforeId: null, limit: 100 })
      expect(page.messages.filter((m: ChatMessage) => m.body === 'queued while the server was down')).toHaveLength(1)
      expect(bob.storedWith(queued.originId)).toHaveLength(1)
    })

    it('keeps messages written while offline in the outbox across a restart, then sends them once', async () => {
      await alice.invoke('presence:set', { show: 'offline', status: '' })
      await alice.waitFor('connection:state', (s) => s.status === 'offline')
      const queued: ChatMessage = await alice.invoke('messages:send', { conversation: 'bob@localhost', body: 'written offline, sent after restart' })
      expect(queued.state).toBe('pending')
      const dir = alice.dataDir
      await alice.stop({ keepData: true })

      bob.clearEvents()
      alice = await CoreHarness.start({ dataDir: dir, trustedCa: [server.caCert] })
      const pending = await alice.invoke('messages:page', { conversation: 'bob@localhost', beforeId: null, limit: 1 })
      expect(pending.messages[0]).toMatchObject({ originId: queued.originId, state: 'pending' })
      expect(await alice.invoke('account:sign-in', signIn(server, 'alice', 'alice-pw'))).toEqual({ ok: true })
      await alice.waitFor('messages:state', (s) => s.some((x) => x.id === queued.id && LEFT_PENDING.has(x.state)))
      await bob.waitForStored(queued.originId)
      await new Promise((r) => setTimeout(r, 1_000))
      expect(bob.storedWith(queued.originId)).toHaveLength(1)
    })

    it('keeps the history across a restart of the core', async () => {
      const dir = alice.dataDir
      await alice.stop({ keepData: true })
      alice = await CoreHarness.start({ dataDir: dir, trustedCa: [server.caCert] })
      const state = await alice.invoke('app:state')
      expect(state.account.jid).toBe('alice@localhost')
      const page = await alice.invoke('messages:page', { conversation: 'bob@localhost', beforeId: null, limit: 100 })
      expect(page.messages.map((m: ChatMessage) => m.body)).toEqual([
        'Hi Bob 👋 https://example.org',
        'Hello Alice',
        'while you were away',
        'queued while the server was down',
        'written offline, sent after restart',
      ])
    })
  })
})

describeWithService('prosody', 'core against a Prosody without TLS', () => {
  let server: ProsodyServer
  beforeAll(async () => {
    server = await startProsody({ tls: false, users: { alice: 'alice-pw' } })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('never sends the password over an unencrypted stream', async () => {
    const alice = await CoreHarness.start()
    try {
      const result = await alice.invoke('account:sign-in', signIn(server, 'alice', 'alice-pw'))
      expect(result).toMatchObject({ ok: false, kind: 'no-tls' })
      expect(result.message).toMatch(/encrypted/u)
    } finally {
      await alice.stop()
    }
  })
})

for (const [certificate, pattern] of [
  ['expired', /expired/u],
  ['wrong-name', /different name/u],
] as const) {
  describeWithService('prosody', `core against a Prosody with an ${certificate} certificate`, () => {
    let server: ProsodyServer
    beforeAll(async () => {
      server = await startProsody({ certificate, users: { alice: 'alice-pw' } })
    })
    afterAll(async () => {
      await server?.stop()
    })

    it('refuses to sign in and says why', async () => {
      const alice = await CoreHarness.start({ trustedCa: [server.caCert] }) // the CA is trusted; the certificate is not valid
      try {
        const result = await alice.invoke('account:sign-in', signIn(server, 'alice', 'alice-pw'))
        expect(result).toMatchObject({ ok: false, kind: 'certificate' })
        expect(result.message).toMatch(pattern)
      } finally {
        await alice.stop()
      }
    })
  })
}
