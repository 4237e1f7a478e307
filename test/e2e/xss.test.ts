// The XSS corpus (issue 4, "Hardening"; security notes A10/T9), end to end in Debian's Chromium:
// one browser host (the real core) signed in as alice on a throwaway Prosody, and three raw
// xmpp.js clients that send what the UI would never produce:
//  - mallory (a contact alice follows): message bodies, some with XHTML-IM / OOB / subject extras,
//    and presence status messages;
//  - trudy (a stranger): subscription requests carrying a nick (XEP-0172);
//  - alice's own second device ("twin"): roster pushes that rename mallory (the contact name).
// Alice also sends every payload herself through the composer (outgoing bodies).
//
// Every payload (test/support/xss-corpus.ts) goes through every channel the app renders today:
// incoming and outgoing bodies with their links, the conversation preview, the contact name (contact
// row, conversation header, chat list), the status message (contact row, header), the request nick,
// search results (Ctrl+K) and the history after a reload. vCard fields and file names have no UI
// yet: their payloads ride on these channels (see the corpus) and must be added to the profile and
// file screens when those land.
//
// Two pages watch the same host:
//  - "strict": the page as served, with the host's Content-Security-Policy (checked below to equal
//    the Electron app:// policy except connect-src). Expected CSP reports: none at all; the app
//    itself needs no inline script or style, and a payload that became markup would be reported.
//  - "no-CSP": the same page with CSP bypassed (Playwright bypassCSP), so a rendering bug would
//    actually run the payload's `__xss()` or load the canary instead of being blocked: this page is
//    what makes the sentinel meaningful, i.e. proves escaping does not rely on the CSP.
// On both, after every payload: it is shown as plain text where it belongs (exact text), links are
// exactly the linkifier's http(s) links, the DOM holds nothing only injected markup could produce,
// and no sentinel, dialog, new page, navigation, subframe, foreign request, canary hit, CSP report,
// console error/warning or page error happened. Chromium runs with a host resolver that resolves
// nothing, so no payload URL can leave the machine. Needs `npm run build` first.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import xml, { type Element } from '@xmpp/xml'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type XmppClient } from '../../electron/core/xmpp/client-factory'
import { startRawClient } from '../support/raw-client'
import { CONTENT_SECURITY_POLICY } from '../../electron/main/app-protocol'
import { messageToSend } from '../../renderer/src/lib/logic/composer-keys'
import { previewText, visibleText } from '../../renderer/src/lib/logic/display-text'
import { linkify } from '../../shared/util/linkify'
import { showLabel } from '../../shared/util/presence'
import { LIMITS } from '../../shared/types/limits'
import { CHROMIUM_ARGS as SHARED_CHROMIUM_ARGS, browserTestNeeds } from '../support/chromium'
import { cspDifferences, effectiveSources, parseCsp } from '../support/csp'
import { startHostProcess, type HostProcess } from '../support/host-process'
import { signInThroughUi } from '../support/ui'
import { auditDom, guardContext, startCanary, type Canary, type ContextGuard } from '../support/page-guard'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { describeRequiring } from '../support/services'
import { xssCorpus, type XssPayload } from '../support/xss-corpus'

const CHROMIUM_ARGS = [
  ...SHARED_CHROMIUM_ARGS,
  '--dns-prefetch-disable',
  // Nothing but loopback, whatever a payload points at: every other name fails to resolve.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
]
const USERS = { alice: 'alice-pw', mallory: 'mallory-pw', trudy: 'trudy-pw' }
const NS_ROSTER = 'jabber:iq:roster'
const NS_NICK = 'http://jabber.org/protocol/nick'
const POLL = { timeout: 15_000, interval: 50 }

const needs = browserTestNeeds()


/** What a hostile peer can add next to the body; none of it may be rendered. */
function extraElements(payload: XssPayload, canary: string): Element[] {
  const s = `__xss('${payload.id}')`
  switch (payload.extra) {
    case 'xhtml-im':
      return [
        xml('html', { xmlns: 'http://jabber.org/protocol/xhtml-im' },
          xml('body', { xmlns: 'http://www.w3.org/1999/xhtml' },
            xml('img', { src: `${canary}/${payload.id}-xhtml`, onerror: s }),
            xml('a', { href: `javascript:${s}` }, 'rich'),
            xml('script', {}, s),
          ),
        ),
      ]
    case 'oob':
      return [xml('x', { xmlns: 'jabber:x:oob' }, xml('url', {}, `javascript:${s}`), xml('desc', {}, `"><img src=x onerror=${s}>`))]
    case 'subject-thread':
      return [xml('subject', {}, `<img src=x onerror=${s}>`), xml('thread', {}, `"><script>${s}</script>`)]
    default:
      return []
  }
}

/** Roster names travel in an XML attribute: the server's parser turns tabs and newlines into spaces. */
const asAttribute = (text: string): string => text.replace(/[\t\n\r]/gu, ' ')

interface Expected {
  body: string
  /** The body as the conversation shows it: links as the linkifier displays them (look-alike hosts in ASCII). */
  shown: string
  direction: 'in' | 'out'
  links: { href: string; text: string; title: string }[]
  preview: string
  contactName: string
  status: string
  headerPresence: string
  requestNick: string
}

function expectations(payload: XssPayload, direction: 'in' | 'out'): Expected {
  // What the composer sends: trailing whitespace (\uFEFF included) is dropped.
  const body = direction === 'out' ? (messageToSend(payload.text) ?? '') : payload.text
  const name = visibleText(asAttribute(payload.text).slice(0, LIMITS.name).trim())
  const status = visibleText(payload.text.slice(0, LIMITS.status).trim())
  return {
    body,
    shown: linkify(body)
      .map((segment) => segment.text)
      .join(''),
    direction,
    links: linkify(body).flatMap((s) => (s.kind === 'link' ? [{ href: s.url, text: s.text, title: s.url }] : [])),
    preview: `${direction === 'out' ? 'You: ' : ''}${previewText(body)}`,
    contactName: name,
    status: status || showLabel('available'),
    headerPresence: status ? `${showLabel('available')}: ${status}` : showLabel('available'),
    requestNick: visibleText(payload.text.slice(0, LIMITS.name).trim()),
  }
}

/**
 * What the page shows for the open conversation with `peer` and the request from `requester`:
 * page-side JavaScript (a string, so no transpiler helper ends up in it).
 */
const SNAPSHOT_SCRIPT = `(({ body, direction, peer, requester }) => {
  const text = (el) => (el ? el.textContent : null)
  let shown = null
  for (const article of document.querySelectorAll('[role=log] [role=article]')) {
    if (article.classList.contains('out') !== (direction === 'out')) continue
    const p = article.querySelector('p.body')
    if (p && p.textContent === body) shown = p
  }
  const row = document.querySelector('button.list-row[title="' + peer + '"]')
  const previews = [...document.querySelectorAll('.preview')]
  const chat = previews.length === 1 ? previews[0].closest('button') : null
  const requests = [...document.querySelectorAll('section[aria-labelledby=requests-title] li')]
  const request = requests.find((li) => text(li.querySelector('.jid')) === requester)
  return {
    body: shown !== null,
    links: shown ? [...shown.children].map((a) => ({ tag: a.localName, href: a.getAttribute('href'), text: a.textContent, title: a.getAttribute('title') })) : null,
    preview: chat ? text(chat.querySelector('.preview')) : 'previews: ' + previews.length,
    chatName: chat ? text(chat.querySelector('.name')) : null,
    rowName: row ? text(row.querySelector('.name')) : null,
    rowStatus: row ? text(row.querySelector('.status')) : null,
    headerName: text(document.querySelector('header.pane-header h2.pane-header-name')),
    headerPresence: text(document.querySelector('header.pane-header .presence span[dir=auto]')),
    requestNick: request ? text(request.querySelector('.nick')) : null,
  }
})`

interface Snapshot {
  body: boolean
  links: { tag: string; href: string | null; text: string; title: string | null }[] | null
  preview: string | null
  chatName: string | null
  rowName: string | null
  rowStatus: string | null
  headerName: string | null
  headerPresence: string | null
  requestNick: string | null
}

interface Watched {
  label: string
  context: BrowserContext
  guard: ContextGuard
  page: Page
  /** <head> right after loading: nothing may be added to it later. */
  head: string[]
  /** Main-frame navigations the test itself made (goto, reload): the only ones allowed. */
  navigations: number
}

describeRequiring(needs, 'XSS corpus in Chromium: rendered as text everywhere, nothing runs', () => {
  let server: ProsodyServer
  let host: HostProcess
  let canary: Canary
  let browser: Browser
  let mallory: XmppClient
  let trudy: XmppClient
  let twin: XmppClient
  let fullCorpus: XssPayload[] = []
  let corpus: XssPayload[] = []
  /** XSS_ONLY=X02,X46 runs just those payloads (for debugging a finding). */
  const only = new Set((process.env.XSS_ONLY ?? '').split(',').map((id) => id.trim()).filter(Boolean))
  const watched: Watched[] = []
  const root = mkdtempSync(join(tmpdir(), 'xmpp-desk-xss-'))
  const alice = 'alice@localhost'
  const peer = 'mallory@localhost'
  const stranger = 'trudy@localhost'

  /** All problems on every page, plus DOM audit findings and <head> changes, labelled by `step`. */
  async function assertClean(step: string, earlier: string[] = []): Promise<void> {
    const problems: string[] = [...earlier]
    for (const w of watched) {
      const audit = await auditDom(w.page, canary)
      problems.push(...audit.findings.map((f) => `[${w.label}] DOM: ${f}`))
      if (audit.head.join('\n') !== w.head.join('\n')) problems.push(`[${w.label}] <head> changed:\n${audit.head.join('\n')}`)
      problems.push(...w.guard.problems())
    }
    expect(problems, `after ${step}`).toEqual([])
  }

  async function expectShown(w: Watched, payload: XssPayload, direction: 'in' | 'out'): Promise<void> {
    const want = expectations(payload, direction)
    const args = { body: want.shown, direction, peer, requester: stranger }
    await expect
      .poll(() => w.page.evaluate(`${SNAPSHOT_SCRIPT}(${JSON.stringify(args)})`) as Promise<Snapshot>, { ...POLL, message: `${payload.id} (${direction}) on the ${w.label} page` })
      .toEqual({
        body: true,
        links: want.links.map((l) => ({ tag: 'a', ...l })),
        preview: want.preview,
        chatName: want.contactName,
        rowName: want.contactName,
        rowStatus: want.status,
        headerName: want.contactName,
        headerPresence: want.headerPresence,
        // The request of this round stays until the next one replaces it.
        requestNick: want.requestNick,
      } satisfies Snapshot)
  }

  beforeAll(async () => {
    server = await startProsody({ users: USERS })
    canary = await startCanary()
    fullCorpus = xssCorpus(canary.origin)
    corpus = fullCorpus.filter((p) => only.size === 0 || only.has(p.id))
    host = await startHostProcess({ dataDir: join(root, 'alice'), caPath: server.caPath })

    // mallory approves whoever asks; alice's other device asks for mallory's presence before the
    // desk signs in, so mallory is a contact whose status alice sees.
    mallory = await startRawClient(server, 'mallory', USERS.mallory, 'evil')
    mallory.entity.on('stanza', (stanza: Element) => {
      if (stanza.is('presence') && stanza.attrs.type === 'subscribe') void mallory.entity.send(xml('presence', { to: stanza.attrs.from, type: 'subscribed' }))
    })
    await mallory.entity.send(xml('presence'))
    trudy = await startRawClient(server, 'trudy', USERS.trudy, 'evil')
    twin = await startRawClient(server, 'alice', USERS.alice, 'twin') // never available: messages go to the desk only
    await twin.entity.send(xml('presence', { to: peer, type: 'subscribe' }))
    const subscription = async (): Promise<string | undefined> => {
      const reply = await twin.iqCaller.request(xml('iq', { type: 'get' }, xml('query', { xmlns: NS_ROSTER })))
      return reply.getChild('query', NS_ROSTER)?.getChildren('item').find((i) => i.attrs.jid === peer)?.attrs.subscription
    }
    for (let tries = 0; (await subscription()) !== 'to'; tries++) {
      if (tries > 100) throw new Error(`mallory never approved alice's request:\n${server.logTail()}`)
      await new Promise((r) => setTimeout(r, 100))
    }

    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
    const origin = new URL(host.url).origin
    for (const [label, bypassCSP] of [['strict', false], ['no-CSP', true]] as const) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, bypassCSP })
      const guard = await guardContext(context, { origin, canary, label })
      watched.push({ label, context, guard, page: await guard.newPage(), head: [], navigations: 0 })
    }
  })

  afterAll(async () => {
    await browser?.close()
    for (const client of [mallory, trudy, twin]) await client?.entity.stop().catch(() => {})
    await host?.stop()
    await canary?.close()
    await server?.stop()
    rmSync(root, { recursive: true, force: true })
  })

  it('has a corpus of at least 30 distinct payloads, each carrying its id', () => {
    expect(fullCorpus.length).toBeGreaterThanOrEqual(30)
    expect(new Set(fullCorpus.map((p) => p.id)).size).toBe(fullCorpus.length)
    expect(new Set(fullCorpus.map((p) => p.text)).size).toBe(fullCorpus.length)
    for (const payload of fullCorpus) expect(payload.text, payload.id).toMatch(new RegExp(`(^|[^A-Za-z0-9])${payload.id}([^A-Za-z0-9]|$)`, 'u'))
    expect(corpus.length, `XSS_ONLY=${[...only].join(',')} names no payload`).toBeGreaterThan(0)
  })

  it('is served with the Electron app:// policy (connect-src: only its own WebSocket)', async () => {
    const [strict] = watched
    const response = await strict!.page.goto(host.url)
    strict!.navigations += 1
    const header = response?.headers()['content-security-policy'] ?? ''
    const served = parseCsp(header)
    expect(cspDifferences(parseCsp(CONTENT_SECURITY_POLICY), served, ['connect-src']), header).toEqual([])
    expect(effectiveSources(served, 'connect-src')).toEqual([`ws://127.0.0.1:${host.port}`, `ws://localhost:${host.port}`].sort())
  })

  it('signs alice in; both pages show mallory’s conversation and a clean DOM', async () => {
    const [strict, open] = watched as [Watched, Watched]
    await signInThroughUi(strict.page, server, 'alice', USERS.alice)
    await open.page.goto(host.url)
    open.navigations += 1
    await expect.poll(() => open.page.getByRole('button', { name: 'Sign out' }).isVisible(), { timeout: 20_000 }).toBe(true)
    for (const w of watched) {
      await w.page.locator(`button.list-row[title="${peer}"]`).click()
      await expect.poll(() => w.page.locator('header.pane-header h2.pane-header-name').textContent(), POLL).toBe(peer)
      w.head = (await auditDom(w.page, canary)).head
    }
    await assertClean('signing in')
  })

  it('catches a payload that does get into the DOM (self-test of the harness)', async () => {
    // Markup injected behind the app's back, exactly what a rendering bug would produce: the no-CSP
    // page must run it (sentinel, canary), the strict page must block and report it (CSP).
    const injected = `<img id="xss-self-test" src="${canary.origin}/self-test" onerror="__xss('self-test'); alert('self-test')">`
    for (const w of watched) await w.page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), injected)
    const [strict, open] = watched as [Watched, Watched]
    await expect.poll(() => open.guard.sentinels.length, POLL).toBeGreaterThan(0)
    await expect.poll(() => open.guard.dialogs.join('\n'), POLL).toBe('alert: self-test')
    await expect.poll(() => canary.hits.length, POLL).toBeGreaterThan(0)
    await expect.poll(() => strict.guard.cspReports.join('\n'), POLL).toMatch(/img-src[\s\S]*script-src-attr|script-src-attr[\s\S]*img-src/u)
    await expect.poll(() => strict.guard.consoleProblems.filter((m) => m.includes('Content Security Policy')).length, POLL).toBe(2)
    for (const w of watched) expect((await auditDom(w.page, canary)).findings.join('\n'), w.label).toMatch(/element <img>[\s\S]*event handler attribute onerror/u)
    expect(strict.guard.sentinels).toEqual([])
    for (const w of watched) {
      await w.page.evaluate(() => document.getElementById('xss-self-test')?.remove())
      w.guard.reset()
    }
    canary.hits.length = 0
    await assertClean('the self-test')
  })

  it('shows every payload as text in bodies, links, previews, names, status messages and request nicks', async () => {
    const [strict] = watched as [Watched, Watched]
    const composer = strict.page.getByLabel('Message', { exact: true })
    let previous: XssPayload | null = null
    for (const payload of corpus) {
      // All four hostile channels at once: body, status, contact name, request nick.
      const subscribe = xml('presence', { to: alice, type: 'subscribe' }, xml('nick', { xmlns: NS_NICK }, payload.text))
      await Promise.all([
        mallory.entity.send(xml('message', { to: alice, type: 'chat', id: `xss-${payload.id}` }, xml('body', {}, payload.text), ...extraElements(payload, canary.origin))),
        mallory.entity.send(xml('presence', {}, xml('status', {}, payload.text))),
        twin.iqCaller.request(xml('iq', { type: 'set' }, xml('query', { xmlns: NS_ROSTER }, xml('item', { jid: peer, name: payload.text })))),
        // The previous request is withdrawn first: the server holds one pending request per sender.
        (previous ? trudy.entity.send(xml('presence', { to: alice, type: 'unsubscribe' })) : Promise.resolve()).then(() => trudy.entity.send(subscribe)),
      ])
      // A payload not shown as text fails together with whatever it did (DOM, sentinel, CSP, …).
      const failures: string[] = []
      const shown = (direction: 'in' | 'out'): Promise<void> =>
        Promise.all(watched.map((w) => expectShown(w, payload, direction)))
          .then(() => {})
          .catch((error: unknown) => void failures.push(`not shown as text (${direction}): ${error instanceof Error ? error.message : String(error)}`))
      await shown('in')

      // Outgoing: alice types it.
      await composer.fill(payload.text)
      await composer.press('Enter')
      if (failures.length === 0) await shown('out')
      await assertClean(`payload ${payload.id} (${payload.kind})`, failures)
      previous = payload
    }
  })

  it('shows the payloads as text in search results (Ctrl+K), matches marked', async () => {
    for (const w of watched) {
      await w.page.keyboard.press('Control+k')
      const panel = w.page.getByRole('dialog', { name: 'Search messages' })
      const box = panel.getByRole('combobox', { name: 'Search', exact: true })
      const results = panel.getByRole('listbox', { name: 'Search results' })
      for (const payload of corpus) {
        await box.fill(payload.id)
        const id = payload.id.toLowerCase()
        const flat = payload.text.replace(/\s+/gu, ' ')
        /** Why a result row is not this payload shown as text with its id marked; null when it is. */
        const wrong = (hit: { snippet: string; marks: string[]; children: string[] }): string | null => {
          if (hit.children.some((c) => c !== 'mark')) return `elements in the snippet: ${hit.children.join(', ')}`
          if (hit.marks.some((m) => m !== id)) return `marks ${hit.marks.join(', ')}`
          // A snippet cut short may lose its mark (X34's hit sits behind a 20 000-character word).
          if (hit.marks.length === 0 && !hit.snippet.endsWith('…')) return 'no mark'
          const pieces = hit.snippet.replace(/^You:\u00a0/u, '').split('…').map((p) => p.trim()).filter(Boolean)
          const alien = pieces.find((piece) => !flat.includes(piece))
          if (pieces.length === 0 || alien !== undefined) return `not this payload's text: ${JSON.stringify(hit.snippet.slice(0, 300))}`
          return null
        }
        // One incoming and one outgoing copy (and not the previous query's results).
        const failures: string[] = []
        await expect
          .poll(
            async () =>
              (
                await results.getByRole('option').evaluateAll((options) =>
                  options.map((o) => ({
                    snippet: o.querySelector('.snippet')?.textContent ?? '',
                    marks: [...o.querySelectorAll('mark')].map((m) => (m.textContent ?? '').toLowerCase()),
                    children: [...(o.querySelector('.snippet bdi')?.children ?? [])].map((c) => c.localName),
                  })),
                )
              ).map(wrong),
            { ...POLL, message: `search ${payload.id} on the ${w.label} page` },
          )
          .toEqual([null, null])
          .catch((error: unknown) => void failures.push(`search results: ${error instanceof Error ? error.message : String(error)}`))
        if (failures.length > 0) await assertClean(`searching for ${payload.id} on the ${w.label} page`, failures)
      }
      await assertClean(`searching on the ${w.label} page`)
      await w.page.keyboard.press('Escape')
      await expect.poll(() => panel.isVisible()).toBe(false)
    }
  })

  it('shows the history from the archive after a reload, still as text', async () => {
    const recent = corpus.slice(-6).flatMap((p) => [p.text, messageToSend(p.text) ?? ''])
    for (const w of watched) {
      await w.page.reload()
      w.navigations += 1
      w.head = (await auditDom(w.page, canary)).head // a new document: its <head> as loaded
      await w.page.locator(`button.list-row[title="${peer}"]`).click()
      // The last round: name, status, request, preview and the outgoing copy, now from the archive.
      await expectShown(w, corpus[corpus.length - 1]!, 'out')
      await expect
        .poll(() => w.page.evaluate((bodies) => bodies.filter((b) => [...document.querySelectorAll('[role=log] p.body')].some((p) => p.textContent === b)).length, recent), POLL)
        .toBe(recent.length)
    }
    await assertClean('reloading')
  })

  it('ran no payload, loaded nothing foreign and reported no CSP violation', () => {
    // Expected CSP reports: none (see the top of this file). Anything here is a finding.
    for (const w of watched) {
      expect(w.guard.cspReports, w.label).toEqual([])
      expect(w.guard.sentinels, w.label).toEqual([])
      expect(w.guard.problems(), w.label).toEqual([])
      expect(w.guard.navigations, `${w.label}: main-frame navigations`).toHaveLength(w.navigations)
    }
    expect(canary.hits).toEqual([])
  })
})
