// Profiles end to end in Debian's Chromium: alice (the real UI on a browser host) edits her own
// profile from the account bar (fields, a photo picked with the file input, its preview; a fake
// PNG is refused with a message) and opens bob's card from the conversation header. Bob, a bare
// client, filled his vCard with the corpus's vCard and file-name payloads (X43–X45, X48, X53):
// they show as text, and none runs, loads or navigates (sentinel, canary, CSP). Needs `npm run build`.
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
import { RED_PNG } from '../support/images'
import { guardContext, startCanary, type Canary, type ContextGuard } from '../support/page-guard'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeRequiring } from '../support/services'
import { signInThroughUi } from '../support/ui'
import { xssCorpus } from '../support/xss-corpus'

const PASSWORDS = { alice: 'alice-pw', bob: 'bob-pw' }
const POLL = { timeout: 15_000 }
/** The vCard field each marked payload goes into. */
const FIELDS = { X43: 'FN', X44: 'NICKNAME', X45: 'URL', X48: 'NOTE', X53: 'EMAIL' } as const

const needs = browserTestNeeds()

describeRequiring(needs, 'profiles in Chromium', () => {
  let server: ProsodyServer
  let host: HostProcess
  let browser: Browser
  let page: Page
  let bob: XmppClient
  let canary: Canary
  let guard: ContextGuard
  const root = mkdtempSync(join(tmpdir(), 'xmpp-desk-e2e-profile-'))

  beforeAll(async () => {
    server = await startProsody({ users: PASSWORDS })
    host = await startHostProcess({ dataDir: join(root, 'alice'), caPath: server.caPath })
    canary = await startCanary()
    bob = await startRawClient(server, 'bob', PASSWORDS.bob)
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
    const context = await browser.newContext({ viewport: { width: 1200, height: 760 } })
    guard = await guardContext(context, { origin: new URL(host.url).origin, canary, label: 'profile' })
    page = await guard.newPage()
    await page.goto(host.url)
  })

  afterAll(async () => {
    await browser?.close()
    await bob?.entity.stop().catch(() => {})
    await host?.stop()
    await server?.stop()
    await canary?.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('signs alice in', async () => {
    await signInThroughUi(page, server, 'alice', PASSWORDS.alice)
  })

  it('edits her own profile with a photo, refusing a fake PNG', async () => {
    await page.getByRole('button', { name: 'Edit profile' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit profile' })
    await expect.poll(() => dialog.getByRole('button', { name: 'Save' }).isEnabled(), POLL).toBe(true)
    await dialog.getByLabel('Profile picture').setInputFiles({ name: 'evil.png', mimeType: 'image/png', buffer: Buffer.from('<svg onload="__xss(1)"/>') })
    await expect.poll(() => dialog.getByRole('alert').textContent(), POLL).toBe('Choose a PNG, JPEG, WebP or GIF picture.')
    await dialog.getByLabel('Profile picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: RED_PNG })
    await expect.poll(() => dialog.getByRole('img', { name: 'Your avatar (preview)' }).getAttribute('src'), POLL).toBe(`data:image/png;base64,${RED_PNG.toString('base64')}`)
    await dialog.getByLabel('Full name').fill('Alice Liddell')
    await dialog.getByLabel('Nickname').fill('al')
    await dialog.getByLabel('E-mail').fill('alice@example.org')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => dialog.isVisible(), POLL).toBe(false)

    // Opened again, it shows what the server now has.
    await page.getByRole('button', { name: 'Edit profile' }).click()
    await expect.poll(() => dialog.getByLabel('Full name').inputValue(), POLL).toBe('Alice Liddell')
    expect(await dialog.getByLabel('Nickname').inputValue()).toBe('al')
    expect(await dialog.getByLabel('E-mail').inputValue()).toBe('alice@example.org')
    expect(await dialog.getByRole('img', { name: 'Your avatar (preview)' }).getAttribute('src')).toBe(`data:image/png;base64,${RED_PNG.toString('base64')}`)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
  })

  it("shows bob's card, hostile vCard fields as text only", async () => {
    const payloads = xssCorpus(canary.origin).filter((p) => p.id in FIELDS)
    expect(payloads.map((p) => p.id).sort()).toEqual(Object.keys(FIELDS).sort())
    const field = (id: string) => FIELDS[id as keyof typeof FIELDS]
    const card = xml(
      'vCard',
      { xmlns: 'vcard-temp' },
      ...payloads.map((p) => (field(p.id) === 'EMAIL' ? xml('EMAIL', {}, xml('USERID', {}, p.text)) : xml(field(p.id), {}, p.text))),
    )
    await bob.iqCaller.request(xml('iq', { type: 'set' }, card))
    await bob.entity.send(xml('message', { to: 'alice@localhost', type: 'chat', id: 'hello-1' }, xml('body', {}, 'hello from bob')))
    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: /^bob@localhost/u }).click()
    await page.getByRole('button', { name: 'Profile', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Profile' })
    const details = dialog.getByRole('definition')
    await expect.poll(() => details.count(), POLL).toBe(payloads.length)
    const shown = (await details.allTextContents()).join('\n')
    for (const p of payloads) expect(shown, p.id).toContain(p.id)
    // Markup-bearing payloads arrive as the very characters sent (bidi controls made visible).
    expect(shown).toContain(payloads.find((p) => p.id === 'X43')?.text)
    expect(await dialog.locator('img, svg, script, iframe, a').count()).toBe(0)
    expect(guard.problems()).toEqual([])
    expect(canary.hits).toEqual([])
    await dialog.getByRole('button', { name: 'Close' }).click()
  })
})
