// Watches a Playwright browser context for everything a rendered XSS payload could do, for
// test/e2e/xss.test.ts:
//  - calls to the `__xss(id)` sentinel (exposed in every frame of every page of the context);
//  - JavaScript dialogs (alert/confirm/prompt/beforeunload), new pages (popups), main-frame
//    navigations, subframes;
//  - requests and WebSockets to anything but the browser host's own origin, and any request that
//    reaches the loopback canary server payloads point at;
//  - `securitypolicyviolation` events (recorded by an init script before the app's own code runs),
//    console errors/warnings and uncaught page errors;
//  - and, on demand, an audit of the live DOM for elements and attributes that only markup from a
//    payload could have produced (see AUDIT_SCRIPT).
// The page-side code is kept as plain JavaScript strings so no transpiler helper ends up in it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { BrowserContext, Page } from 'playwright-core'

/** A loopback HTTP server that records every request it gets (nothing should ever reach it). */
export interface Canary {
  readonly origin: string
  /** Requests received so far; the test may clear it after a self-test. */
  readonly hits: string[]
  close(): Promise<void>
}

export async function startCanary(): Promise<Canary> {
  const hits: string[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    hits.push(`${req.method ?? '?'} ${req.url ?? ''} (from ${req.headers.referer ?? 'no referer'})`)
    res.writeHead(204).end()
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((done) => server.close(() => done())),
  }
}

/** Recorded in the page before any of the app's scripts run; reported to the test at once. */
const CSP_INIT_SCRIPT = `(() => {
  const seen = []
  Object.defineProperty(window, '__cspViolations', { value: seen })
  document.addEventListener('securitypolicyviolation', (e) => {
    const report = {
      directive: e.effectiveDirective || e.violatedDirective,
      blocked: e.blockedURI,
      sample: e.sample,
      source: e.sourceFile,
      line: e.lineNumber,
      disposition: e.disposition,
      target: e.target && e.target.nodeName,
    }
    seen.push(report)
    try { window.__cspReport(JSON.stringify(report)) } catch (error) { /* binding not there yet: kept in __cspViolations */ }
  }, true)
})()`

export interface GuardOptions {
  /** The browser host's origin (http://127.0.0.1:<port>): the only one the page may talk to. */
  origin: string
  canary: Canary
  /** A name for the messages (e.g. "strict", "no-CSP"). */
  label: string
}

export interface ContextGuard {
  readonly sentinels: string[]
  readonly dialogs: string[]
  readonly popups: string[]
  readonly navigations: string[]
  readonly frames: string[]
  readonly foreignRequests: string[]
  readonly cspReports: string[]
  readonly consoleProblems: string[]
  /** The pages opened through `newPage()` (others are popups). */
  newPage(): Promise<Page>
  /** Everything that must not have happened, one line each, prefixed with the label; [] when clean. */
  problems(): string[]
  /** Forgets what the harness's own self-test caused (everything but the navigations). */
  reset(): void
}

/** Installs the sentinel, the CSP recorder and all listeners on `context`; call before opening pages. */
export async function guardContext(context: BrowserContext, options: GuardOptions): Promise<ContextGuard> {
  const { origin, canary, label } = options
  const sentinels: string[] = []
  const dialogs: string[] = []
  const popups: string[] = []
  const navigations: string[] = []
  const frames: string[] = []
  const foreignRequests: string[] = []
  const cspReports: string[] = []
  const consoleProblems: string[] = []
  const ownPages = new Set<Page>()
  let opening = 0

  await context.exposeBinding('__xss', (source, id: unknown) => {
    sentinels.push(`__xss(${JSON.stringify(id)}) ran in ${source.frame.url() || 'a frame'}`)
  })
  await context.exposeBinding('__cspReport', (_source, report: unknown) => {
    cspReports.push(String(report))
  })
  await context.addInitScript({ content: CSP_INIT_SCRIPT })

  const wsPrefix = `${origin.replace(/^http/u, 'ws')}/ws?`
  context.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(`${origin}/`)) foreignRequests.push(`${request.method()} ${url.slice(0, 300)}`)
  })
  context.on('page', (page) => {
    if (opening > 0) {
      opening -= 1
      ownPages.add(page)
    } else {
      popups.push(page.url() || '(new page)')
      page.once('load', () => popups.push(`popup loaded ${page.url()}`))
    }
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`)
      void dialog.dismiss().catch(() => {})
    })
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url())
    })
    page.on('frameattached', (frame) => frames.push(`subframe attached (${frame.url() || frame.name() || 'no url'})`))
    page.on('websocket', (ws) => {
      if (!ws.url().startsWith(wsPrefix)) foreignRequests.push(`WebSocket ${ws.url()}`)
    })
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') consoleProblems.push(`console.${message.type()}: ${message.text().slice(0, 500)}`)
    })
    page.on('pageerror', (error) => consoleProblems.push(`uncaught: ${error.message}`))
  })

  return {
    sentinels,
    dialogs,
    popups,
    navigations,
    frames,
    foreignRequests,
    cspReports,
    consoleProblems,
    async newPage() {
      opening += 1
      return context.newPage()
    },
    reset() {
      // Navigations stay: the test counts them against its own goto/reload calls.
      for (const list of [sentinels, dialogs, popups, frames, foreignRequests, cspReports, consoleProblems]) list.length = 0
    },
    problems() {
      const unexpectedNavigations = navigations.filter((url) => {
        const parsed = new URL(url)
        return parsed.origin !== origin || parsed.pathname !== '/'
      })
      return [
        ...sentinels.map((s) => `sentinel: ${s}`),
        ...dialogs.map((d) => `dialog: ${d}`),
        ...popups.map((p) => `new page: ${p}`),
        ...unexpectedNavigations.map((n) => `navigation: ${n}`),
        ...frames.map((f) => `frame: ${f}`),
        ...foreignRequests.map((r) => `request: ${r}`),
        ...canary.hits.map((h) => `canary hit: ${h}`),
        ...cspReports.map((r) => `CSP: ${r}`),
        ...consoleProblems,
      ].map((line) => `[${label}] ${line}`)
    },
  }
}

/**
 * Scans the whole document for what only injected markup could produce; returns one line per
 * finding (empty when clean). The app itself renders network text as text nodes and <a href>
 * (http/https only) from the linkifier, and its own markup is buttons, inputs, lists and inline
 * SVG icons made of <path>s. Argument: { canary } (the canary origin).
 */
export const AUDIT_SCRIPT = `(({ canary }) => {
  const findings = []
  const where = (el) => {
    const parts = []
    for (let n = el; n && n.nodeType === 1 && parts.length < 4; n = n.parentElement) parts.unshift(n.localName + (n.className && typeof n.className === 'string' ? '.' + n.className.trim().split(/\\s+/)[0] : ''))
    return parts.join('>')
  }
  const BANNED = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'img', 'image', 'math', 'base', 'style', 'link', 'meta',
    'video', 'audio', 'source', 'track', 'picture', 'template', 'noscript', 'marquee', 'portal', 'applet', 'xmp', 'plaintext', 'title',
    'details', 'animate', 'set', 'animatetransform', 'animatemotion', 'foreignobject', 'use', 'mglyph', 'mtext', 'table'])
  const SVG_OK = new Set(['svg', 'path', 'g', 'circle', 'rect', 'line', 'polyline', 'polygon', 'ellipse'])
  const TEXT_ATTRIBUTES = new Set(['title', 'aria-label', 'aria-description', 'aria-roledescription', 'value', 'placeholder', 'alt'])
  const URL_ATTRIBUTES = new Set(['href', 'xlink:href', 'src', 'srcset', 'srcdoc', 'action', 'formaction', 'data', 'background', 'poster', 'ping', 'codebase', 'manifest', 'lowsrc', 'dynsrc'])
  const MARKERS = ['__xss', canary, 'javascript:', 'vbscript:', 'data:text', 'expression(']
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName.toLowerCase()
    const inHead = el.closest('head') !== null
    if (!inHead && tag !== 'html' && tag !== 'head' && tag !== 'body') {
      if (el.namespaceURI === 'http://www.w3.org/2000/svg' ? !SVG_OK.has(tag) : BANNED.has(tag)) findings.push('element <' + tag + '> at ' + where(el))
      if (el.namespaceURI === 'http://www.w3.org/1998/Math/MathML') findings.push('MathML <' + tag + '> at ' + where(el))
    }
    if (el.shadowRoot) findings.push('shadow root at ' + where(el))
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase()
      const value = attr.value
      if (name.startsWith('on')) { findings.push('event handler attribute ' + name + '="' + value.slice(0, 80) + '" at ' + where(el)); continue }
      if (name === 'href' && tag === 'a' && el.namespaceURI === 'http://www.w3.org/1999/xhtml') {
        let protocol = '(unparsable)'
        try { protocol = new URL(value, location.href).protocol } catch (error) { /* reported below */ }
        if (protocol !== 'http:' && protocol !== 'https:') findings.push('link to ' + protocol + ' ' + value.slice(0, 80) + ' at ' + where(el))
        if (el.getAttribute('rel') !== 'noopener noreferrer') findings.push('link without rel="noopener noreferrer" at ' + where(el))
        continue
      }
      if (URL_ATTRIBUTES.has(name) && !inHead) { findings.push('URL attribute ' + name + '="' + value.slice(0, 80) + '" at ' + where(el)); continue }
      if (name === 'style' && /url\\(|expression|behavior|__xss/i.test(value)) { findings.push('style="' + value.slice(0, 80) + '" at ' + where(el)); continue }
      if (TEXT_ATTRIBUTES.has(name) || (inHead && URL_ATTRIBUTES.has(name))) continue // the head is compared with its state after loading
      const lower = value.toLowerCase()
      const marker = MARKERS.find((m) => lower.includes(m.toLowerCase()))
      if (marker) findings.push('attribute ' + name + ' carries ' + marker + ' at ' + where(el))
    }
  }
  if (window.frames.length > 0) findings.push(window.frames.length + ' frame(s) in the window')
  if (!/^(\\(\\d+\\+?\\) )?XMPP Desk$/.test(document.title)) findings.push('document title changed: ' + document.title.slice(0, 80))
  const head = [...document.head.children].map((el) => el.outerHTML.slice(0, 200))
  return { findings, head }
})`

export interface AuditResult {
  findings: string[]
  /** The <head>'s children (truncated outerHTML), to compare with the state right after loading. */
  head: string[]
}

export function auditDom(page: Page, canary: Canary): Promise<AuditResult> {
  return page.evaluate(`${AUDIT_SCRIPT}(${JSON.stringify({ canary: canary.origin })})`) as Promise<AuditResult>
}
