// XEP-0198 'h' against a real Prosody: after many IQ round trips (replies to our own requests and
// the server's pushes) and some messages, a network drop is survived by resumption, the server
// resends only what it sent during the drop (nothing twice), and it never finds our count too high
// or too low ("Client acknowledged more/less stanzas ...").
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ChatMessage } from '../../shared/types/domain'
import { CoreHarness, signInRequest } from '../support/core-harness'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeWithService } from '../support/services'
import { startTcpProxy } from '../support/tcp-proxy'

const signIn = (server: ProsodyServer, user: string, port = server.c2sPort) => signInRequest(server, user, `${user}-pw`, port)

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

function added(core: CoreHarness): ChatMessage[] {
  return core.events.filter((e) => e.event === 'messages:added').flatMap((e) => e.payload as ChatMessage[])
}

describeWithService('prosody', 'XEP-0198 inbound count against Prosody', () => {
  let server: ProsodyServer
  beforeAll(async () => {
    server = await startProsody({ users: { alice: 'alice-pw', bob: 'bob-pw' } })
  })
  afterAll(async () => {
    await server?.stop()
  })

  it('after 30 IQ round trips and some messages, a network drop resumes with nothing resent twice', async () => {
    const proxy = await startTcpProxy(server.c2sPort)
    const alice = await CoreHarness.start({ trustedCa: [server.caCert] })
    const bob = await CoreHarness.start({ trustedCa: [server.caCert] })
    try {
      expect(await alice.invoke('account:sign-in', signIn(server, 'alice', proxy.port))).toEqual({ ok: true })
      expect(await bob.invoke('account:sign-in', signIn(server, 'bob'))).toEqual({ ok: true })
      await alice.waitFor('connection:state', (s) => s.status === 'online')
      await bob.waitFor('connection:state', (s) => s.status === 'online')

      // 30 IQ round trips from alice: each a reply to her request plus a blocklist push to her.
      for (let n = 0; n < 15; n++) {
        await alice.invoke('contacts:block', { jid: `spam${n}@localhost` })
        await alice.invoke('contacts:unblock', { jid: `spam${n}@localhost` })
      }
      const before: ChatMessage[] = []
      for (const n of [1, 2, 3, 4, 5]) before.push(await bob.invoke('messages:send', { conversation: 'alice@localhost', body: `before the drop ${n}` }))
      for (const m of before) await alice.waitForStored(m.originId)
      await sleep(1_000) // every <r/> of the server answered
      const logBefore = readFileSync(server.logPath, 'utf8').length

      alice.clearEvents()
      proxy.block()
      proxy.cut()
      await alice.waitFor('connection:state', (s) => s.status === 'reconnecting', 5_000)
      const during: ChatMessage[] = []
      for (const n of [1, 2, 3]) during.push(await bob.invoke('messages:send', { conversation: 'alice@localhost', body: `during the drop ${n}` }))
      for (const m of during) await bob.waitFor('messages:state', (s) => s.some((x) => x.id === m.id && x.state === 'sent'))
      proxy.unblock()

      await alice.waitFor('connection:state', (s) => s.status === 'online', 30_000)
      for (const m of during) await alice.waitForStored(m.originId)
      await sleep(1_500) // room for a duplicate to show up

      const log = readFileSync(server.logPath, 'utf8')
      expect(log, 'never an over- or under-count').not.toMatch(/acknowledged (?:more|less) stanzas/u)
      const afterDrop = log.slice(logBefore)
      expect(afterDrop, 'Prosody resumed the hibernated session').toMatch(/session resumed from/u)
      // What Prosody resends is exactly what it sent while alice was away: the three messages.
      const resent = /resending all unacked stanzas that are still queued after resume, #queue = (\d+)/u.exec(afterDrop)?.[1]
      expect(Number(resent), 'stanzas Prosody resent on resumption').toBe(during.length)
      for (const m of before) expect(added(alice).filter((x) => x.originId === m.originId), m.body).toHaveLength(0)
      for (const m of during) expect(added(alice).filter((x) => x.originId === m.originId), m.body).toHaveLength(1)
      expect(alice.events.filter((e) => e.event === 'messages:archived')).toEqual([])
    } finally {
      await alice.stop()
      await bob.stop()
      await proxy.close()
    }
  })
})
