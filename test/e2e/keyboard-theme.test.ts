// Keyboard shortcuts, the notification settings and the OS theme end to end in Debian's Chromium:
// alice uses the real UI (a browser host running the real core) on a throwaway Prosody; bob and
// carol are bare XMPP clients that write to her, so she has two chats. Ctrl+Tab / Ctrl+Shift+Tab
// and Alt+↓ / Alt+↑ move through the chat list, Ctrl+L puts the cursor in the composer, the
// "Notifications" dialog keeps its choice (in the browser host's memory), and a dark OS scheme
// switches the app to its dark theme. Needs `npm run build` first.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import xml from '@xmpp/xml'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type XmppClient } from '../../electron/core/xmpp/client-factory'
import { startRawClient } from '../support/raw-client'
import { CHROMIUM_ARGS, browserTestNeeds } from '../support/chromium'
import { startHostProcess, type HostProcess } from '../support/host-process'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeRequiring } from '../support/services'
import { signInThroughUi } from '../support/ui'

const PASSWORDS = { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' }
const POLL = { timeout: 15_000 }

const needs = browserTestNeeds()

describeRequiring(needs, 'keyboard shortcuts, notification settings and theme in Chromium', () => {
  let server: ProsodyServer
  let host: HostProcess
  let browser: Browser
  let page: Page
  const clients: XmppClient[] = []
  const root = mkdtempSync(join(tmpdir(), 'xmpp-desk-e2e-keys-'))
  const problems: string[] = []

  async function writeToAlice(user: 'bob' | 'carol', body: string): Promise<void> {
    const client = await startRawClient(server, user, PASSWORDS[user])
    clients.push(client)
    await client.entity.send(xml('message', { to: `alice@${server.domain}`, type: 'chat' }, xml('body', {}, body)))
  }

  /** The bare JID of the open conversation, from its region's name. */
  async function openChat(): Promise<string | null> {
    const name = await page.getByRole('region', { name: /^Conversation with / }).getAttribute('aria-label')
    return name?.replace('Conversation with ', '') ?? null
  }

  beforeAll(async () => {
    server = await startProsody({ users: PASSWORDS })
    host = await startHostProcess({ dataDir: join(root, 'alice'), caPath: server.caPath })
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
    page = await (await browser.newContext({ viewport: { width: 1100, height: 720 }, colorScheme: 'light' })).newPage()
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
    page.on('pageerror', (e) => problems.push(e.message))
    await page.goto(host.url)
  })

  afterAll(async () => {
    await browser?.close()
    for (const client of clients) await client.entity.stop().catch(() => {})
    await host?.stop()
    await server?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  it('signs alice in and receives a message from bob, then one from carol', async () => {
    await signInThroughUi(page, server, 'alice', PASSWORDS.alice)
    const chats = page.getByRole('navigation', { name: 'Chats' })
    await writeToAlice('bob', 'Hi from bob')
    await expect.poll(() => chats.getByRole('button', { name: /^bob@localhost/u }).count(), POLL).toBe(1)
    await writeToAlice('carol', 'Hi from carol')
    await expect.poll(() => chats.getByRole('button', { name: /^carol@localhost/u }).count(), POLL).toBe(1)
  })

  it('Alt+Down and Alt+Up move through the chat list (newest first), wrapping at the ends', async () => {
    await page.locator('body').click({ position: { x: 600, y: 400 } })
    await page.keyboard.press('Alt+ArrowDown')
    await expect.poll(openChat, POLL).toBe('carol@localhost')
    await page.keyboard.press('Alt+ArrowDown')
    await expect.poll(openChat, POLL).toBe('bob@localhost')
    await page.keyboard.press('Alt+ArrowDown')
    await expect.poll(openChat, POLL).toBe('carol@localhost')
    await page.keyboard.press('Alt+ArrowUp')
    await expect.poll(openChat, POLL).toBe('bob@localhost')
  })

  it('Ctrl+Tab and Ctrl+Shift+Tab do the same, even from the composer', async () => {
    await page.getByLabel('Message', { exact: true }).focus()
    await page.keyboard.press('Control+Tab')
    await expect.poll(openChat, POLL).toBe('carol@localhost')
    await page.keyboard.press('Control+Shift+Tab')
    await expect.poll(openChat, POLL).toBe('bob@localhost')
  })

  it('Ctrl+L puts the cursor in the composer', async () => {
    await page.getByRole('button', { name: 'Notifications' }).focus()
    expect(await page.evaluate(() => document.activeElement?.id)).not.toBe('composer-input')
    await page.keyboard.press('Control+l')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), POLL).toBe('composer-input')
    await page.keyboard.type('typed after Ctrl+L')
    expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe('typed after Ctrl+L')
  })

  it('keeps the notification privacy and sound chosen in "Notifications"', async () => {
    await page.getByRole('button', { name: 'Notifications' }).click()
    const dialog = page.getByRole('dialog', { name: 'Notifications' })
    await expect.poll(() => dialog.getByLabel('Sender and message').isChecked(), POLL).toBe(true)
    await dialog.getByLabel('Sender only').check()
    await dialog.getByLabel('Play a sound').uncheck()
    await dialog.getByRole('button', { name: 'Close' }).click()
    await page.getByRole('button', { name: 'Notifications' }).click()
    await expect.poll(() => dialog.getByLabel('Sender only').isChecked(), POLL).toBe(true)
    expect(await dialog.getByLabel('Play a sound').isChecked()).toBe(false)
    // No chat shortcut while a dialog is open.
    await page.keyboard.press('Alt+ArrowDown')
    expect(await openChat()).toBe('bob@localhost')
    await dialog.getByRole('button', { name: 'Close' }).click()
  })

  it('follows the OS colour scheme: dark background and light text when it is dark', async () => {
    const colours = () =>
      page.evaluate(() => {
        const style = getComputedStyle(document.querySelector('.app') as Element)
        return { background: style.backgroundColor, text: getComputedStyle(document.body).color }
      })
    const light = await colours()
    expect(light.background).toBe('rgb(255, 255, 255)')
    await page.emulateMedia({ colorScheme: 'dark' })
    await expect.poll(async () => (await colours()).background, POLL).toBe('rgb(27, 29, 33)')
    expect((await colours()).text).toBe('rgb(232, 234, 237)')
    await page.emulateMedia({ colorScheme: 'light' })
    await expect.poll(async () => (await colours()).background, POLL).toBe(light.background)
  })

  it('ran without console errors or CSP violations', () => {
    expect(problems).toEqual([])
  })
})
