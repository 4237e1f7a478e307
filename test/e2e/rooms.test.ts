// Group chats end to end in Debian's Chromium: alice uses the real UI (a browser host running the
// real core) on a throwaway Prosody with its MUC service; bob and carol are real cores
// (CoreHarness). Alice creates a room from "Join a room…", bob and carol join it; she sees the
// three of them in the occupant list, their messages under their nicks, a mention of her nick
// highlighted; Tab completes a nick and her message reaches them. As the room's owner she removes
// carol's message for everyone; she sets the subject, writes to bob privately from the occupant
// list, picks a notification level, invites carol, leaves and forgets a room. A taken nick is
// refused in the join dialog and another one works right there. Then hostile text as a room's
// name (in the chat, the header and the room browser), subject, an occupant's nick and an
// invitation's reason is shown as inert text (the page guard of test/e2e/xss.test.ts: no script
// ran, nothing loaded, no markup). Needs `npm run build` first.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ChatMessage } from '../../shared/types/domain'
import { CHROMIUM_ARGS, browserTestNeeds } from '../support/chromium'
import { CoreHarness } from '../support/core-harness'
import { startHostProcess, type HostProcess } from '../support/host-process'
import { auditDom, guardContext, startCanary, type Canary, type ContextGuard } from '../support/page-guard'
import { MUC_SERVICE, startProsody, type ProsodyServer } from '../support/prosody'
import { describeRequiring } from '../support/services'
import { signInThroughUi } from '../support/ui'
import { xssCorpus, type XssPayload } from '../support/xss-corpus'

const PASSWORDS = { alice: 'alice-pw', bob: 'bob-pw', carol: 'carol-pw' }
const signedIn = (server: ProsodyServer, user: 'bob' | 'carol', dataDir?: string): Promise<CoreHarness> => CoreHarness.signedIn(server, user, PASSWORDS[user], dataDir)
const POLL = { timeout: 20_000 }
const ROOM = `team@${MUC_SERVICE}`
const TAKEN = `second@${MUC_SERVICE}`
const HOSTILE = `hostile@${MUC_SERVICE}`

const needs = browserTestNeeds()

async function waitForBody(core: CoreHarness, room: string, body: string): Promise<ChatMessage> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const page = (await core.invoke('messages:page', { conversation: room, beforeId: null, limit: 200 })).messages as ChatMessage[]
    const found = page.find((m) => m.body === body)
    if (found) return found
    if (Date.now() > deadline) throw new Error(`"${body}" never arrived in ${room}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describeRequiring(needs, 'group chats in Chromium', () => {
  let server: ProsodyServer
  let host: HostProcess
  let browser: Browser
  let page: Page
  let guard: ContextGuard
  let canary: Canary
  let bob: CoreHarness
  let carol: CoreHarness
  let hostile: XssPayload[]
  const root = mkdtempSync(join(tmpdir(), 'xmpp-desk-e2e-rooms-'))
  const conversation = () => page.getByRole('region', { name: 'Conversation with ' + (ROOM.split('@')[0] ?? '') })
  const log = () => page.getByRole('log', { name: 'Messages' })

  beforeAll(async () => {
    server = await startProsody({ users: PASSWORDS })
    canary = await startCanary()
    // Short markup payloads that would run script if rendered as anything but text.
    hostile = xssCorpus(canary.origin).filter((p) => ['script', 'event-handler', 'svg-mathml', 'frame'].includes(p.kind) && p.text.length <= 200)
    host = await startHostProcess({ dataDir: join(root, 'alice'), caPath: server.caPath })
    bob = await signedIn(server, 'bob')
    carol = await signedIn(server, 'carol')
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
    const context = await browser.newContext({ viewport: { width: 1200, height: 760 } })
    guard = await guardContext(context, { origin: new URL(host.url).origin, canary, label: 'strict' })
    page = await guard.newPage()
    await page.goto(host.url)
  })

  afterAll(async () => {
    await browser?.close()
    for (const core of [bob, carol]) await core?.stop()
    await host?.stop()
    await canary?.close()
    await server?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  it('signs alice in through the UI', async () => {
    await signInThroughUi(page, server, 'alice', PASSWORDS.alice)
    expect(hostile.length).toBeGreaterThanOrEqual(4)
  })

  it('creates a room from "Join a room…"; it opens and is listed among the chats', async () => {
    await page.getByRole('button', { name: 'Join a room…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Join a room' })
    await dialog.getByRole('tab', { name: 'Create a room' }).click()
    await dialog.getByLabel('New room address').fill(ROOM)
    expect(await dialog.getByLabel('Your nickname').inputValue()).toBe('alice')
    await dialog.getByRole('button', { name: 'Create', exact: true }).click()
    await expect.poll(() => dialog.count(), POLL).toBe(0)
    await expect.poll(() => conversation().count(), POLL).toBe(1)
    const chats = page.getByRole('navigation', { name: 'Chats' })
    await expect.poll(() => chats.getByRole('button', { name: /^team \(group chat\)/u }).count(), POLL).toBe(1)
  })

  it('shows bob and carol joining in the occupant list, alice marked as herself', async () => {
    expect(await bob.invoke('rooms:join', { room: ROOM, nick: 'Bob', password: null, bookmark: false })).toEqual({ ok: true })
    expect(await carol.invoke('rooms:join', { room: ROOM, nick: 'Carol', password: null, bookmark: false })).toEqual({ ok: true })
    const people = conversation().getByRole('complementary', { name: 'People' })
    await expect.poll(() => people.getByRole('listitem').count(), POLL).toBe(3)
    await expect.poll(() => people.getByRole('listitem').filter({ hasText: '(you)' }).textContent(), POLL).toContain('alice')
    await expect.poll(() => people.getByRole('list', { name: /^Moderators/u }).textContent(), POLL).toContain('alice')
    await expect.poll(() => conversation().locator('header').getByText('3 people').count(), POLL).toBe(1)
  })

  it('shows their messages under their nicks and highlights a mention of hers', async () => {
    await bob.invoke('messages:send', { conversation: ROOM, body: 'hello from bob' })
    await carol.invoke('messages:send', { conversation: ROOM, body: 'welcome, alice!' })
    const fromBob = log().getByRole('article').filter({ hasText: 'hello from bob' })
    await expect.poll(() => fromBob.locator('.sender').textContent(), POLL).toBe('Bob')
    const fromCarol = log().getByRole('article').filter({ hasText: 'welcome, alice!' })
    await expect.poll(() => fromCarol.locator('.sender').textContent(), POLL).toBe('Carol')
    await expect.poll(() => fromCarol.locator('mark.mention').allTextContents(), POLL).toEqual(['alice'])
    expect(await fromBob.locator('mark.mention').count()).toBe(0)
  })

  it('completes a nick with Tab, and sends alice’s message to the room: bob and carol get it under her nick', async () => {
    const composer = page.getByRole('textbox', { name: 'Message', exact: true })
    await composer.fill('ca')
    await composer.press('Tab')
    expect(await composer.inputValue()).toBe('Carol: ')
    await composer.fill('hi both')
    await page.keyboard.press('Enter')
    for (const core of [bob, carol]) expect(await waitForBody(core, ROOM, 'hi both')).toMatchObject({ direction: 'in', senderNick: 'alice' })
  })

  it('lets alice, the room’s owner, remove carol’s message for everyone', async () => {
    const fromCarol = log().getByRole('article').filter({ hasText: 'welcome, alice!' })
    await fromCarol.hover()
    await fromCarol.getByRole('button', { name: 'Remove for everyone' }).click()
    const dialog = page.getByRole('dialog', { name: 'Remove for everyone' })
    await dialog.getByLabel('Reason').fill('off topic')
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click()
    await expect.poll(() => dialog.count(), POLL).toBe(0)
    await bob.waitFor('messages:updated', (ms) => ms.some((m) => m.conversation === ROOM && m.retracted))
    await expect.poll(() => log().getByText('welcome, alice!').count(), POLL).toBe(0)
  })

  it('sets the subject from the room menu, and writes privately to bob from the occupant list', async () => {
    await conversation().getByRole('button', { name: 'Room options' }).click()
    await page.getByRole('menuitem', { name: 'Change subject…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Change subject' })
    await dialog.getByLabel('Subject').fill('Release on Friday')
    await dialog.getByRole('button', { name: 'Set subject' }).click()
    await bob.waitFor('rooms:changed', (c) => c.upserted.some((r) => r.jid === ROOM && r.subject === 'Release on Friday'))
    await expect.poll(() => conversation().locator('header .subject').textContent(), POLL).toBe('Release on Friday')

    const people = conversation().getByRole('complementary', { name: 'People' })
    await people.getByRole('button', { name: /\bBob\b/u }).click()
    await people.getByRole('button', { name: 'Private message' }).click()
    await expect.poll(() => page.getByRole('region', { name: 'Conversation with Bob (team)' }).count(), POLL).toBe(1)
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('just for you')
    await page.keyboard.press('Enter')
    expect(await waitForBody(bob, `${ROOM}/alice`, 'just for you')).toMatchObject({ direction: 'in' })
  })

  it('refuses a taken nick in the join dialog, and joins with another one typed right there', async () => {
    expect(await bob.invoke('rooms:create', { room: TAKEN, nick: 'alice', config: null, bookmark: false })).toEqual({ ok: true })
    await page.getByRole('button', { name: 'Join a room…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Join a room' })
    await dialog.getByLabel('Room address').fill(TAKEN)
    await dialog.getByRole('button', { name: 'Join', exact: true }).click()
    await expect.poll(() => dialog.getByRole('alert').textContent(), POLL).toContain('already uses the nickname')
    await dialog.getByLabel('Nickname').fill('alice2')
    await dialog.getByRole('button', { name: 'Join', exact: true }).click()
    await expect.poll(() => dialog.count(), POLL).toBe(0)
    await expect.poll(() => page.getByRole('region', { name: 'Conversation with second' }).count(), POLL).toBe(1)
  })

  it('sets the notification level, invites carol and leaves and forgets a room, each from "Room options"', async () => {
    const view = page.getByRole('region', { name: 'Conversation with second' })
    const options = view.getByRole('button', { name: 'Room options' })
    await options.click()
    await page.getByRole('menuitemradio', { name: 'Never notify' }).click()
    await expect.poll(() => host.events.some((e) => e.event === 'rooms:changed' && JSON.stringify(e.payload).includes('"notify":"none"')), POLL).toBe(true)
    await options.click()
    expect(await page.getByRole('menuitemradio', { name: 'Never notify' }).getAttribute('aria-checked')).toBe('true')
    await page.getByRole('menuitem', { name: 'Invite someone…' }).click()
    const invite = page.getByRole('dialog', { name: 'Invite to this room' })
    await invite.getByLabel('Contact\'s address').fill('carol@localhost')
    await invite.getByLabel('Message').fill('join us')
    await invite.getByRole('button', { name: 'Invite', exact: true }).click()
    const received = await carol.waitFor('rooms:invitations', (list) => list.some((i) => i.room === TAKEN))
    expect(received.find((i) => i.room === TAKEN)).toMatchObject({ inviter: 'alice@localhost', reason: 'join us' })

    await options.click()
    await page.getByRole('menuitem', { name: 'Leave and forget…' }).click()
    const confirm = page.getByRole('dialog', { name: 'Leave and forget room' })
    await confirm.getByRole('button', { name: 'Leave and forget' }).click()
    await expect.poll(() => page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: /^second/u }).count(), POLL).toBe(0)
    await expect.poll(() => view.count(), POLL).toBe(0)
  })

  it('shows a hostile room name, subject, nick and invitation reason as inert text', async () => {
    const [name, subject, nick, reason] = hostile as [XssPayload, XssPayload, XssPayload, XssPayload]
    const config = { name: name.text, description: '', persistent: true, membersOnly: false, password: '', nonAnonymous: false, public: true }
    expect(await bob.invoke('rooms:create', { room: HOSTILE, nick: 'Bob', config, bookmark: false })).toEqual({ ok: true })
    await bob.invoke('rooms:set-subject', { room: HOSTILE, subject: subject.text })
    expect(await carol.invoke('rooms:join', { room: HOSTILE, nick: nick.text, password: null, bookmark: false })).toEqual({ ok: true })
    await carol.invoke('messages:send', { conversation: HOSTILE, body: 'from a strange nick' })
    await bob.invoke('rooms:invite', { room: HOSTILE, jid: 'alice@localhost', reason: reason.text })

    const invitations = page.getByRole('region', { name: 'Group chat invitations' })
    await expect.poll(() => invitations.textContent(), POLL).toContain(reason.text)
    expect(await invitations.textContent()).toContain('bob@localhost')
    await invitations.getByRole('button', { name: `Join ${HOSTILE}` }).click()
    const dialog = page.getByRole('dialog', { name: 'Join a room' })
    expect(await dialog.getByLabel('Room address').inputValue()).toBe(HOSTILE)
    await dialog.getByRole('button', { name: 'Join', exact: true }).click()
    await expect.poll(() => dialog.count(), POLL).toBe(0)
    await expect.poll(() => invitations.count(), POLL).toBe(0)

    const view = page.getByRole('region', { name: `Conversation with ${name.text}` })
    await expect.poll(() => view.locator('header h2').textContent(), POLL).toBe(name.text)
    await expect.poll(() => view.locator('header .subject').textContent(), POLL).toBe(subject.text)
    await expect.poll(() => view.getByRole('complementary', { name: 'People' }).textContent(), POLL).toContain(nick.text)
    const message = view.getByRole('log', { name: 'Messages' }).getByRole('article').filter({ hasText: 'from a strange nick' })
    await expect.poll(() => message.locator('.sender').textContent(), POLL).toBe(nick.text)

    // The room browser lists it by its name and tells about it before joining.
    await page.getByRole('button', { name: 'Join a room…' }).click()
    const browser = page.getByRole('dialog', { name: 'Join a room' })
    await browser.getByRole('tab', { name: 'Browse rooms' }).click()
    const listed = browser.getByRole('list', { name: 'Rooms' }).getByRole('button').filter({ hasText: HOSTILE })
    await expect.poll(() => listed.textContent(), POLL).toContain(name.text)
    await listed.click()
    const about = browser.getByRole('region', { name: `About ${name.text}` })
    await expect.poll(() => about.textContent(), POLL).toContain('3 people in it')
    await about.getByRole('button', { name: 'Use this room' }).click()
    expect(await browser.getByLabel('Room address').inputValue()).toBe(HOSTILE)
    await browser.getByRole('button', { name: 'Cancel' }).click()

    expect((await auditDom(page, canary)).findings).toEqual([])
    expect(guard.problems()).toEqual([])
  })
})
