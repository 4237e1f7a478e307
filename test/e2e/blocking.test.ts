// Blocking, typing and /me end to end in Debian's Chromium: alice uses the real UI (a browser host
// running the real core) on a throwaway Prosody; bob is a bare XMPP client. Bob's "/me waves"
// shows as an action in the chat list and the conversation, his chat states as "typing…" in the
// header; alice blocks him from the conversation header (with a confirmation), finds him under
// "Blocked contacts" in the account bar and unblocks him there. Once bob may see her presence,
// her typing in the composer reaches him as chat states. Needs `npm run build` first.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import xml, { type Element } from '@xmpp/xml'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type XmppClient } from '../../electron/core/xmpp/client-factory'
import { startRawClient } from '../support/raw-client'
import { signInThroughUi } from '../support/ui'
import { CHROMIUM_ARGS, browserTestNeeds } from '../support/chromium'
import { startHostProcess, type HostProcess } from '../support/host-process'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeRequiring } from '../support/services'

const PASSWORDS = { alice: 'alice-pw', bob: 'bob-pw' }
const POLL = { timeout: 15_000 }
const CHAT_STATES = 'http://jabber.org/protocol/chatstates'

const needs = browserTestNeeds()

describeRequiring(needs, 'blocking, typing and /me in Chromium', () => {
  let server: ProsodyServer
  let host: HostProcess
  let browser: Browser
  let page: Page
  let bob: XmppClient
  const root = mkdtempSync(join(tmpdir(), 'xmpp-desk-e2e-blocking-'))
  /** Console errors and uncaught exceptions in the page (CSP violations show up here too). */
  const problems: string[] = []
  const fromBob = (...children: ReturnType<typeof xml>[]) => bob.entity.send(xml('message', { to: 'alice@localhost', type: 'chat' }, ...children))

  beforeAll(async () => {
    server = await startProsody({ users: PASSWORDS })
    host = await startHostProcess({ dataDir: join(root, 'alice'), caPath: server.caPath })
    bob = await startRawClient(server, 'bob', PASSWORDS.bob)
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
    page = await (await browser.newContext({ viewport: { width: 1100, height: 720 } })).newPage()
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
    page.on('pageerror', (e) => problems.push(e.message))
    await page.goto(host.url)
  })

  afterAll(async () => {
    await browser?.close()
    await bob?.entity.stop().catch(() => {})
    await host?.stop()
    await server?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  it('signs alice in through the UI', async () => {
    await signInThroughUi(page, server, 'alice', PASSWORDS.alice)
  })

  it('shows bob’s "/me waves" as an action in the chat list and in the conversation', async () => {
    await fromBob(xml('body', {}, '/me waves'))
    const chats = page.getByRole('navigation', { name: 'Chats' })
    await expect.poll(() => chats.getByText('* bob@localhost waves', { exact: true }).count(), POLL).toBe(1)
    await chats.getByRole('button', { name: /^bob@localhost/u }).click()
    const action = page.getByRole('log', { name: 'Messages' }).locator('p.action')
    await expect.poll(() => action.textContent(), POLL).toBe('* bob@localhost waves')
  })

  it('shows "typing…" in the header while bob composes, and not after he pauses', async () => {
    const header = page.getByRole('region', { name: 'Conversation with bob@localhost' }).locator('header')
    await fromBob(xml('composing', { xmlns: CHAT_STATES }))
    await expect.poll(() => header.getByText('typing…').count(), POLL).toBe(1)
    await fromBob(xml('paused', { xmlns: CHAT_STATES }))
    await expect.poll(() => header.getByText('typing…').count(), POLL).toBe(0)
  })

  it('blocks bob from the conversation header after a confirmation', async () => {
    const header = page.getByRole('region', { name: 'Conversation with bob@localhost' }).locator('header')
    await header.getByRole('button', { name: 'Block', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Block contact' })
    await expect.poll(() => dialog.getByText('bob@localhost').count()).toBeGreaterThan(0)
    await dialog.getByRole('button', { name: 'Block', exact: true }).click()
    await expect.poll(() => dialog.count(), POLL).toBe(0)
    await expect.poll(() => header.getByText('Blocked', { exact: true }).count(), POLL).toBe(1)
    await expect.poll(() => header.getByRole('button', { name: 'Unblock', exact: true }).count()).toBe(1)
  })

  it('lists bob under "Blocked contacts" and unblocks him there', async () => {
    await page.getByRole('button', { name: 'Blocked contacts' }).click()
    const dialog = page.getByRole('dialog', { name: 'Blocked contacts' })
    const list = dialog.getByRole('list', { name: 'Blocked addresses' })
    await expect.poll(() => list.getByRole('listitem').allTextContents(), POLL).toEqual([expect.stringContaining('bob@localhost')])
    await dialog.getByRole('button', { name: 'Unblock bob@localhost' }).click()
    await expect.poll(() => dialog.getByText('You have not blocked anyone.').count(), POLL).toBe(1)
    await expect.poll(() => list.count()).toBe(0)
    await dialog.getByRole('button', { name: 'Close' }).click()
    const header = page.getByRole('region', { name: 'Conversation with bob@localhost' }).locator('header')
    await expect.poll(() => header.getByRole('button', { name: 'Block', exact: true }).count(), POLL).toBe(1)
    await expect.poll(() => header.getByText('Blocked', { exact: true }).count()).toBe(0)
  })

  it('tells bob, once he may see her presence, that alice types, pauses and sends: one state per change', async () => {
    const seen: string[] = []
    let aliceOnline = false
    bob.entity.on('stanza', (stanza) => {
      if (stanza.is('presence') && stanza.attrs.type === 'subscribe') {
        void bob.entity.send(xml('presence', { to: 'alice@localhost', type: 'subscribed' }))
        void bob.entity.send(xml('presence', { to: 'alice@localhost', type: 'subscribe' }))
      } else if (stanza.is('presence') && stanza.attrs.type === undefined) aliceOnline = true
      else if (stanza.is('message')) {
        const state = stanza.getChildElements().find((c: Element) => c.getNS() === CHAT_STATES)?.name
        seen.push(stanza.getChild('body') ? `message (${state})` : (state ?? 'other'))
      }
    })
    await bob.entity.send(xml('presence'))
    await page.getByRole('button', { name: 'Add contact' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add contact' })
    await dialog.getByLabel('Address', { exact: true }).fill('bob@localhost')
    await dialog.getByRole('button', { name: 'Add', exact: true }).click()
    await page.getByRole('button', { name: 'Accept bob@localhost' }).click()
    await expect.poll(() => aliceOnline, POLL).toBe(true)
    // Her presence reaching bob does not mean her core has applied the roster push yet (under load
    // it can lag): states go only to contacts the core knows may see her presence.
    await host.waitFor('roster:changed', (change) => change.upserted.some((c) => c.jid === 'bob@localhost' && (c.subscription === 'from' || c.subscription === 'both')))

    const composer = page.getByLabel('Message', { exact: true })
    await composer.pressSequentially('Hel')
    await expect.poll(() => seen, POLL).toEqual(['composing'])
    await expect.poll(() => seen, { timeout: 10_000 }).toEqual(['composing', 'paused'])
    await composer.pressSequentially('lo')
    await composer.press('Enter')
    await expect.poll(() => seen, POLL).toEqual(['composing', 'paused', 'composing', 'message (active)'])
    await composer.blur()
    await new Promise((r) => setTimeout(r, 500))
    expect(seen).toHaveLength(4)
  })

  it('ran without console errors or CSP violations', () => {
    expect(problems).toEqual([])
  })
})
