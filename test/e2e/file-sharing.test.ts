// Files end to end in Debian's Chromium: two browser hosts (real cores) on a throwaway Prosody
// with mod_http_file_share. Alice picks a picture with "Attach file", pastes another into the
// message field and drops a document on the conversation; her core uploads them and she sees her
// own previews. Bob, for whom alice is not a contact, sees file cards and no picture until he
// clicks "Show picture", then exactly the bytes she sent; he saves the document. Mallory sends
// file links whose names are the corpus's payloads (and the T17 `invoice\u202Efdp.exe`): bob's
// file cards show them as inert text, nothing runs or loads.
// Needs `npm run build`.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import xml from '@xmpp/xml'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type XmppClient } from '../../electron/core/xmpp/client-factory'
import { startRawClient } from '../support/raw-client'
import { CHROMIUM_ARGS, browserTestNeeds } from '../support/chromium'
import { startHostProcess, type HostProcess } from '../support/host-process'
import { BLUE_PNG, RED_PNG } from '../support/images'
import { guardContext, startCanary, type Canary, type ContextGuard } from '../support/page-guard'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeRequiring } from '../support/services'
import { signInThroughUi } from '../support/ui'
import { xssCorpus } from '../support/xss-corpus'

const PASSWORDS = { alice: 'alice-pw', bob: 'bob-pw', mallory: 'mallory-pw' }
const POLL = { timeout: 20_000 }
const dataUrl = (png: Buffer): string => `data:image/png;base64,${png.toString('base64')}`

const needs = browserTestNeeds()

describeRequiring(needs, 'file sharing in Chromium', () => {
  let server: ProsodyServer
  let aliceHost: HostProcess
  let bobHost: HostProcess
  let browser: Browser
  let alice: Page
  let bob: Page
  let guard: ContextGuard
  let canary: Canary
  let mallory: XmppClient
  const root = mkdtempSync(join(tmpdir(), 'xmpp-desk-e2e-files-'))
  const problems: string[] = []

  const openChat = async (page: Page, peer: string): Promise<void> => {
    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: new RegExp(`^${peer}@localhost`, 'u') }).click()
  }
  const card = (page: Page, name: string) => page.getByRole('group', { name: `File ${name}` })

  beforeAll(async () => {
    server = await startProsody({ users: PASSWORDS, httpFileShare: { sizeLimit: 2 * 1024 * 1024 } })
    aliceHost = await startHostProcess({ dataDir: join(root, 'alice'), caPath: server.caPath })
    bobHost = await startHostProcess({ dataDir: join(root, 'bob'), caPath: server.caPath })
    canary = await startCanary()
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
    alice = await (await browser.newContext({ viewport: { width: 1100, height: 760 } })).newPage()
    alice.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
    alice.on('pageerror', (e) => problems.push(e.message))
    const bobContext = await browser.newContext({ viewport: { width: 1100, height: 760 } })
    guard = await guardContext(bobContext, { origin: new URL(bobHost.url).origin, canary, label: 'files' })
    bob = await guard.newPage()
    await alice.goto(aliceHost.url)
    await bob.goto(bobHost.url)
  })

  afterAll(async () => {
    await browser?.close()
    await mallory?.entity.stop().catch(() => {})
    await aliceHost?.stop()
    await bobHost?.stop()
    await server?.stop()
    await canary?.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('signs both in; bob writes first', async () => {
    await signInThroughUi(alice, server, 'alice', PASSWORDS.alice)
    await signInThroughUi(bob, server, 'bob', PASSWORDS.bob)
    await bobHost.invoke('messages:send', { conversation: 'alice@localhost', body: 'send me a picture' })
    await openChat(alice, 'bob')
    await expect.poll(() => alice.getByRole('log').getByText('send me a picture').isVisible(), POLL).toBe(true)
  })

  it('alice attaches a picture with the file picker and sees her own preview', async () => {
    await expect.poll(() => alice.locator('label[for=composer-file]').getAttribute('title'), POLL).toBe('Attach a file (up to 2.1 MB)')
    await alice.getByLabel('Attach file').setInputFiles({ name: 'red.png', mimeType: 'image/png', buffer: RED_PNG })
    await expect.poll(() => card(alice, 'red.png').getByRole('img').getAttribute('src'), POLL).toBe(dataUrl(RED_PNG))
  })

  it('alice pastes a screenshot into the message field', async () => {
    await alice.getByLabel('Message', { exact: true }).evaluate((field, base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const data = new DataTransfer()
      data.items.add(new File([bytes], 'image.png', { type: 'image/png' }))
      field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    }, BLUE_PNG.toString('base64'))
    const pasted = alice.getByRole('group', { name: /^File pasted-.*\.png$/u })
    await expect.poll(() => pasted.getByRole('img').getAttribute('src'), POLL).toBe(dataUrl(BLUE_PNG))
    expect(problems).toEqual([])
  })

  it('alice drops a document onto the conversation (several chunks over the host socket)', async () => {
    await alice.getByRole('region', { name: 'Conversation with bob@localhost' }).evaluate((section) => {
      const data = new DataTransfer()
      data.items.add(new File([new Uint8Array(300_000).fill(0x25)], 'notes.pdf', { type: 'application/pdf' }))
      for (const type of ['dragover', 'drop']) section.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }))
    })
    await expect.poll(() => card(alice, 'notes.pdf').getByText('300 KB · application/pdf', { exact: false }).isVisible(), POLL).toBe(true)
  })

  it('bob sees file cards and no picture until he asks, then exactly what alice sent', async () => {
    await openChat(bob, 'alice')
    const red = card(bob, 'red.png')
    await expect.poll(() => red.getByRole('button', { name: 'Show picture' }).isVisible(), POLL).toBe(true)
    expect(await bob.locator('[role=log] img').count()).toBe(0)
    await red.getByRole('button', { name: 'Show picture' }).click()
    await expect.poll(() => red.getByRole('img', { name: 'Picture: red.png' }).getAttribute('src'), POLL).toBe(dataUrl(RED_PNG))

    const pasted = bob.getByRole('group', { name: /^File pasted-.*\.png$/u })
    await pasted.getByRole('button', { name: 'Show picture' }).click()
    await expect.poll(() => pasted.getByRole('img').getAttribute('src'), POLL).toBe(dataUrl(BLUE_PNG))

    // The browser host saves into <data dir>/saved/ (no OS dialog) and offers no Open.
    const notes = card(bob, 'notes.pdf')
    expect(await notes.getByRole('button', { name: 'Open' }).count()).toBe(0)
    await notes.getByRole('button', { name: 'Save…' }).click()
    await expect.poll(() => notes.getByRole('status').textContent(), POLL).toBe('Saved.')
    expect(statSync(join(root, 'bob', 'saved', 'notes.pdf')).size).toBe(300_000)
    expect(guard.problems()).toEqual([])
  })

  it('hostile file names from a stranger show as inert text in file cards', async () => {
    const payloads = [...xssCorpus(canary.origin).filter((p) => p.kind === 'filename'), { id: 'T17', text: 'invoice\u202Efdp.exe' }]
    mallory = await startRawClient(server, 'mallory', PASSWORDS.mallory)
    for (const [i, p] of payloads.entries()) {
      // The name is the link's last path segment; the host never resolves.
      const url = `https://files.invalid/${i}/${encodeURIComponent(p.text)}`
      await mallory.entity.send(xml('message', { to: 'bob@localhost', type: 'chat', id: `f${i}` }, xml('body', {}, url), xml('x', { xmlns: 'jabber:x:oob' }, xml('url', {}, url))))
    }
    await openChat(bob, 'mallory')
    const cards = bob.locator('[role=log] [role=group]')
    await expect.poll(() => cards.count(), POLL).toBe(payloads.length)
    const names = await cards.locator('.name').allTextContents()
    for (const p of payloads) expect(names.join('\n'), p.id).toContain(p.id === 'T17' ? 'invoice\ufffdfdp.exe' : p.id)
    // The override is shown, never obeyed, and no markup came to life.
    expect(names.join('')).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b]/u)
    expect(await bob.locator('[role=log] :is(img, svg:not([aria-hidden=true]), script, iframe, a, video, audio, form)').count()).toBe(0)
    expect(guard.problems()).toEqual([])
    expect(canary.hits).toEqual([])
  })
})
