// Scroll-back in real Chromium: a fresh install holds only the newest pages of a conversation; at
// the top of the message list the app fetches the server's older pages, one at a time, until it
// reaches the start, and shows them in order above what was there. Prosody caps archive pages at
// 5 here, so the 30 messages need several requests; alice's phone stays online so the messages
// are delivered there (not held offline for the new install) and only the archive has them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ChatMessage } from '../../shared/types/domain'
import { CHROMIUM_ARGS, browserTestNeeds } from '../support/chromium'
import { CoreHarness } from '../support/core-harness'
import { startHostProcess, type HostProcess } from '../support/host-process'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeRequiring } from '../support/services'
import { signInThroughUi } from '../support/ui'

const MESSAGES = 30

const needs = browserTestNeeds()

describeRequiring(needs, 'scroll-back into the server archive in Chromium', () => {
  let server: ProsodyServer
  let phone: CoreHarness
  let bob: CoreHarness
  let host: HostProcess
  let browser: Browser
  let page: Page
  const root = mkdtempSync(join(tmpdir(), 'xmpp-desk-scroll-back-'))
  const problems: string[] = []
  const sent: ChatMessage[] = []

  beforeAll(async () => {
    server = await startProsody({ users: { alice: 'alice-pw', bob: 'bob-pw' }, maxArchiveQueryResults: 5 })
    phone = await CoreHarness.start({ trustedCa: [server.caCert] })
    bob = await CoreHarness.start({ trustedCa: [server.caCert] })
    const account = (user: string) => ({ jid: `${user}@${server.domain}`, password: `${user}-pw`, rememberPassword: false, host: server.host, port: server.c2sPort, directTls: false })
    expect(await phone.invoke('account:sign-in', account('alice'))).toEqual({ ok: true })
    expect(await bob.invoke('account:sign-in', account('bob'))).toEqual({ ok: true })
    for (let n = 0; n < MESSAGES; n++) sent.push(await bob.invoke('messages:send', { conversation: 'alice@localhost', body: `from long ago #${String(n).padStart(2, '0')}` }))
    for (const m of sent) await phone.waitForStored(m.originId)

    host = await startHostProcess({ dataDir: join(root, 'desk'), caPath: server.caPath })
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
    page = await (await browser.newContext({ viewport: { width: 1000, height: 700 } })).newPage()
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
    page.on('pageerror', (e) => problems.push(e.message))
    await page.goto(host.url)
  })

  afterAll(async () => {
    await browser?.close()
    await host?.kill('SIGTERM')
    for (const core of [phone, bob]) await core?.stop()
    await server?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  it('fetches older pages at the top until the start, and shows all of them in order', async () => {
    await signInThroughUi(page, server, 'alice', 'alice-pw')
    // The new install fetched four pages of five: the newest 20; the rest only the server has.
    await expect.poll(async () => (await host.invoke('messages:page', { conversation: 'bob@localhost', beforeId: null, limit: 100 })).messages.length, { timeout: 20_000 }).toBe(20)
    await page.getByRole('button', { name: /^bob@localhost/u }).first().click()
    const log = page.getByRole('log', { name: 'Messages' })
    await expect.poll(() => log.getByText('from long ago #29').isVisible(), { timeout: 20_000 }).toBe(true)

    // Scroll to the top until the start of the conversation shows (each arrival at the top asks once).
    for (let attempt = 0; attempt < 20; attempt++) {
      await log.evaluate((element) => element.scrollTo({ top: 0 }))
      if (await page.getByText('Start of the conversation').isVisible()) break
      await page.waitForTimeout(500)
    }
    await expect.poll(() => page.getByText('Start of the conversation').isVisible(), { timeout: 10_000 }).toBe(true)
    await expect.poll(() => log.getByText('from long ago #00').isVisible()).toBe(true)

    // In order: the rows on screen read oldest first, with nothing repeated.
    const shown = (await log.getByText(/^from long ago #\d\d$/u).allTextContents()).map((t) => Number(t.slice(-2)))
    expect(shown.length).toBeGreaterThan(5)
    expect(shown).toEqual([...shown].sort((a, b) => a - b))
    expect(new Set(shown).size).toBe(shown.length)
    expect(shown[0]).toBe(0)
    // Everything is in the archive once, oldest first.
    const page1 = await host.invoke('messages:page', { conversation: 'bob@localhost', beforeId: null, limit: 100 })
    expect(page1.messages.map((m: ChatMessage) => m.originId)).toEqual(sent.map((m) => m.originId))
    expect(problems).toEqual([])
  })
})
