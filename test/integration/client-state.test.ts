// Client state indication (XEP-0352) end to end: Prosody (mod_csi_simple) holds back presence
// updates for a client that said it is inactive and delivers them once it says it is active
// again. So what the `client:active` command does is visible in what the other side's updates do.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { CoreHarness } from '../support/core-harness'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeWithService } from '../support/services'

const PASSWORDS = { gus: 'gus-pw', hal: 'hal-pw' }
const GUS = 'gus@localhost'
const HAL = 'hal@localhost'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describeWithService('prosody', 'client state indication against a real Prosody', () => {
  let server: ProsodyServer
  let gus: CoreHarness
  let hal: CoreHarness

  beforeAll(async () => {
    server = await startProsody({ users: PASSWORDS })
    const signIn = (user: keyof typeof PASSWORDS) => ({ jid: `${user}@localhost`, password: PASSWORDS[user], rememberPassword: false, host: server.host, port: server.c2sPort, directTls: false })
    gus = await CoreHarness.start({ trustedCa: [server.caCert] })
    hal = await CoreHarness.start({ trustedCa: [server.caCert] })
    expect(await gus.invoke('account:sign-in', signIn('gus'))).toEqual({ ok: true })
    expect(await hal.invoke('account:sign-in', signIn('hal'))).toEqual({ ok: true })
    await gus.invoke('roster:add', { jid: HAL, name: 'Hal', groups: [] })
    await hal.waitFor('subscription:requests', (r) => r.some((q) => q.jid === GUS))
    await hal.invoke('subscription:answer', { jid: GUS, accept: true })
    await gus.waitForContact(HAL, (c) => c.presence.show === 'available')
  })
  afterAll(async () => {
    await gus?.stop()
    await hal?.stop()
    await server?.stop()
  })

  it('while hidden, presence updates wait at the server; shown again, they arrive', async () => {
    await gus.invoke('client:active', { active: false })
    // Prosody keeps writing for csi_resume_inactive_delay (5 s) after anything important went out,
    // such as its answer to our last ack request; only then does it hold updates back.
    await sleep(6_500)
    gus.clearEvents()
    await hal.invoke('presence:set', { show: 'away', status: 'held back' })
    await sleep(2_000)
    expect(gus.events.filter((e) => e.event === 'presence:contact')).toEqual([])

    await gus.invoke('client:active', { active: true })
    const seen = await gus.waitFor('presence:contact', (p) => p.jid === HAL && p.presence.show === 'away', 5_000)
    expect(seen.presence.status).toBe('held back')
  })

  it('while shown, presence updates arrive at once', async () => {
    gus.clearEvents()
    await hal.invoke('presence:set', { show: 'dnd', status: 'live' })
    await gus.waitFor('presence:contact', (p) => p.jid === HAL && p.presence.show === 'dnd', 2_000)
  })
})
