// End to end, as people use it: two browser hosts (the real core, each with its own data dir) on a
// throwaway Prosody, driven through the real UI in Debian's Chromium. Alice signs in, adds Bob,
// Bob approves, they write to each other, Alice goes away and Bob sees it, Alice reloads and the
// history is still there. Needs `npm run build` first (`npm test` does it).
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { CHROMIUM_ARGS, browserTestNeeds } from '../support/chromium'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeRequiring } from '../support/services'
import { signInThroughUi } from '../support/ui'

const HOST_ENTRY = 'out/web-host/index.js'

interface RunningHost {
  url: string
  process: ChildProcess
  dataDir: string
}

/** Starts `node out/web-host/index.js` and resolves with the URL it prints. */
async function startHost(server: ProsodyServer, dataDir: string): Promise<RunningHost> {
  const child = spawn(process.execPath, [HOST_ENTRY, `--data-dir=${dataDir}`, `--trust-ca=${server.caPath}`], {
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'disabled:' }, // no keychain here: memory only
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start:\n${output}`)), 20_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/u.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`browser host exited with ${code}:\n${output}`)))
  })
  return { url, process: child, dataDir }
}

const needs = browserTestNeeds()

describeRequiring(needs, 'messenger end to end in Chromium', () => {
  let server: ProsodyServer
  let browser: Browser
  let alice: RunningHost
  let bob: RunningHost
  let alicePage: Page
  let bobPage: Page
  const root = mkdtempSync(join(tmpdir(), 'xmpp-desk-e2e-'))
  /** Console errors and uncaught exceptions in either page (CSP violations show up here too). */
  const problems: string[] = []

  beforeAll(async () => {
    expect(existsSync(HOST_ENTRY), 'run `npm run build` first').toBe(true)
    server = await startProsody({ users: { alice: 'alice-pw', bob: 'bob-pw' } })
    alice = await startHost(server, join(root, 'alice'))
    bob = await startHost(server, join(root, 'bob'))
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
    alicePage = await (await browser.newContext({ viewport: { width: 1100, height: 720 } })).newPage()
    bobPage = await (await browser.newContext({ viewport: { width: 1100, height: 720 } })).newPage()
    for (const page of [alicePage, bobPage]) {
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
      page.on('pageerror', (e) => problems.push(e.message))
    }
    await alicePage.goto(alice.url)
    await bobPage.goto(bob.url)
  })

  afterAll(async () => {
    await browser?.close()
    for (const host of [alice, bob]) host?.process.kill('SIGTERM')
    await server?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  it('signs both people in through the UI', async () => {
    await signInThroughUi(alicePage, server, 'alice', 'alice-pw')
    await signInThroughUi(bobPage, server, 'bob', 'bob-pw')
  })

  it('alice adds bob, bob approves, alice approves back', async () => {
    await alicePage.getByRole('button', { name: 'Add contact' }).click()
    const dialog = alicePage.getByRole('dialog', { name: 'Add contact' })
    await dialog.getByLabel('Address', { exact: true }).fill('bob@localhost')
    await dialog.getByLabel('Name').fill('Bob')
    await dialog.getByRole('button', { name: 'Add', exact: true }).click()

    // Bob sees the request with alice's address and accepts it.
    await bobPage.getByRole('button', { name: 'Accept alice@localhost' }).click()
    // Bob's acceptance asks for alice's presence in turn; alice accepts.
    await alicePage.getByRole('button', { name: 'Accept bob@localhost' }).click()

    await expect.poll(() => alicePage.getByRole('button', { name: /^Bob, Available/u }).count(), { timeout: 20_000 }).toBeGreaterThan(0)
    await expect.poll(() => bobPage.getByRole('button', { name: /^alice@localhost, Available/u }).count(), { timeout: 20_000 }).toBeGreaterThan(0)
  })

  it('they exchange messages both ways', async () => {
    await alicePage.getByRole('button', { name: /^Bob, Available/u }).first().click()
    const composer = alicePage.getByLabel('Message', { exact: true })
    await composer.fill('Hello Bob, see https://example.org')
    await composer.press('Enter')
    await expect.poll(() => alicePage.getByRole('log', { name: 'Messages' }).getByText('Hello Bob, see').count()).toBe(1)
    // The server acknowledged it (XEP-0198) and bob's client confirmed it (XEP-0184).
    const mine = alicePage.getByRole('article').filter({ hasText: 'Hello Bob, see' })
    await expect.poll(() => mine.getByText('Delivered', { exact: true }).count(), { timeout: 15_000 }).toBe(1)
    const link = alicePage.getByRole('link', { name: 'https://example.org' })
    expect(await link.getAttribute('href')).toBe('https://example.org/')

    await bobPage.getByRole('button', { name: /^alice@localhost/u }).first().click()
    await expect.poll(() => bobPage.getByRole('log', { name: 'Messages' }).getByText('Hello Bob, see').count(), { timeout: 20_000 }).toBe(1)
    const bobComposer = bobPage.getByLabel('Message', { exact: true })
    await bobComposer.fill('Hi Alice!')
    await bobComposer.press('Shift+Enter')
    await bobComposer.pressSequentially('Second line')
    await bobComposer.press('Enter')
    await expect.poll(() => alicePage.getByRole('log', { name: 'Messages' }).getByText('Second line').count(), { timeout: 20_000 }).toBe(1)
  })

  it('alice goes away and bob sees it', async () => {
    await alicePage.getByLabel('Presence').selectOption({ label: 'Away' })
    await alicePage.getByLabel('Status message').fill('back soon')
    await alicePage.getByRole('button', { name: 'Set' }).click()
    await expect.poll(() => bobPage.getByRole('button', { name: /^alice@localhost, Away/u }).count(), { timeout: 20_000 }).toBeGreaterThan(0)
  })

  it('alice reloads and the history is still there', async () => {
    await alicePage.reload()
    await alicePage.getByRole('button', { name: /^Bob/u }).first().click()
    const log = alicePage.getByRole('log', { name: 'Messages' })
    await expect.poll(() => log.getByText('Hello Bob, see').count(), { timeout: 20_000 }).toBe(1)
    await expect.poll(() => log.getByText('Second line').count()).toBe(1)
    mkdirSync('docs', { recursive: true })
    await alicePage.screenshot({ path: 'docs/screenshot.png' })
  })

  it('finds a message with Ctrl+K and opens the conversation at it', async () => {
    await alicePage.keyboard.press('Control+k')
    const panel = alicePage.getByRole('dialog', { name: 'Search messages' })
    await panel.getByRole('combobox', { name: 'Search', exact: true }).fill('secon')
    const results = panel.getByRole('listbox', { name: 'Search results' })
    await expect.poll(() => results.getByRole('option').count(), { timeout: 10_000 }).toBe(1)
    expect(await results.locator('mark').first().textContent()).toBe('Second')
    await alicePage.keyboard.press('Enter')
    await expect.poll(() => panel.isVisible()).toBe(false)
    const log = alicePage.getByRole('log', { name: 'Messages' })
    await expect.poll(() => log.getByText('Second line').isVisible()).toBe(true)
  })

  it('ran without console errors or CSP violations', () => {
    expect(problems).toEqual([])
  })
})
