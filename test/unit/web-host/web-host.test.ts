import { once } from 'node:events'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { CoreEventListener, CoreService } from '../../../electron/core/core-service'
import { startWebHost, staticPath, type WebHost } from '../../../electron/web-host/web-host'
import type { Envelope, EventName, EventPayload } from '../../../shared/ipc/contract'
import type { OwnPresence } from '../../../shared/types/domain'

const INDEX_HTML = '<!doctype html><title>XMPP Desk</title><script type="module" src="/app.js"></script>'

let tmp: string
let rendererDir: string

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'web-host-test-'))
  rendererDir = join(tmp, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(join(rendererDir, 'index.html'), INDEX_HTML)
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  // Files next to the renderer folder that must never be served.
  await writeFile(join(tmp, 'secret.txt'), 'TOP SECRET')
  await mkdir(join(tmp, 'renderer-evil'))
  await writeFile(join(tmp, 'renderer-evil', 'x.txt'), 'SIBLING')
})

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true })
})

describe('staticPath', () => {
  it('serves index.html for "/"', () => {
    expect(staticPath(rendererDir, '/')).toBe(join(rendererDir, 'index.html'))
  })

  it('resolves a normal path inside the root', () => {
    expect(staticPath(rendererDir, '/assets/app.js')).toBe(join(rendererDir, 'assets', 'app.js'))
  })

  it('keeps an absolute-looking path inside the root', () => {
    expect(staticPath(rendererDir, '/etc/passwd')).toBe(join(rendererDir, 'etc', 'passwd'))
    expect(staticPath(rendererDir, '//etc/passwd')).toBe(join(rendererDir, 'etc', 'passwd'))
    expect(staticPath(rendererDir, `/${encodeURIComponent(join(tmp, 'secret.txt'))}`)).toBe(join(rendererDir, tmp, 'secret.txt'))
  })

  it.each([
    ['plain ../', '/../secret.txt'],
    ['../ after a folder', '/assets/../../secret.txt'],
    ['just ..', '/..'],
    ['%2e%2e', '/%2e%2e/secret.txt'],
    ['upper-case %2E%2E with an encoded slash', '/%2E%2E%2Fsecret.txt'],
    ['encoded slashes after a folder', '/assets/..%2f..%2fsecret.txt'],
    ['a sibling folder sharing the root as prefix', '/../renderer-evil/x.txt'],
    ['encoded NUL', '/index.html%00.png'],
    ['raw NUL', '/index.html\0'],
    ['malformed percent-encoding', '/%E0%A4%A'],
  ])('refuses traversal: %s', (_name, urlPath) => {
    expect(staticPath(rendererDir, urlPath)).toBeNull()
  })
})

/** A stand-in core: answers every command with an echo and lets the test push events. */
class FakeCore implements CoreService {
  readonly listeners = new Set<CoreEventListener>()
  readonly handled: { command: string; request: unknown }[] = []

  async handle(command: string, rawRequest: unknown): Promise<Envelope<unknown>> {
    this.handled.push({ command, request: rawRequest })
    if (command === 'roster:list') return { ok: true, value: [] }
    return { ok: false, error: { code: 'unknown-command', message: 'Unknown command' } }
  }

  subscribe(listener: CoreEventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload)
  }

  ownPresence(): OwnPresence {
    return { show: 'available', status: '' }
  }

  viewingConversation(): string | null {
    return null
  }

  async setOwnPresence(): Promise<void> {}

  unreadTotal(): number {
    return 0
  }

  isBlocked(): boolean {
    return false
  }

  roomNotificationRule(): null {
    return null
  }

  async avatarFile(): Promise<string | null> {
    return null
  }

  reconnectNow(): void {}

  async setClientActive(): Promise<void> {}

  async resume(): Promise<void> {}

  async shutdown(): Promise<void> {}
}

interface HttpResult {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw HTTP request (lets the test send any path and Host header, unlike fetch). */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HttpResult> {
  return new Promise((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', fail)
    req.end()
  })
}

type Attempt = { accepted: true; ws: WebSocket } | { accepted: false; status: number }

/** Tries to open the host's WebSocket; reports the HTTP status when the upgrade is refused. */
function openSocket(url: string, options: WebSocket.ClientOptions): Promise<Attempt> {
  return new Promise((done, fail) => {
    const ws = new WebSocket(url, options)
    ws.once('open', () => done({ accepted: true, ws }))
    ws.once('unexpected-response', (_req, res) => {
      done({ accepted: false, status: res.statusCode ?? 0 })
      ws.terminate()
    })
    ws.once('error', fail)
  })
}

function nextFrame(ws: WebSocket): Promise<unknown> {
  return once(ws, 'message').then(([data]) => JSON.parse(String(data)) as unknown)
}

describe('startWebHost', () => {
  let core: FakeCore
  let host: WebHost
  const open: WebSocket[] = []

  beforeAll(async () => {
    core = new FakeCore()
    host = await startWebHost({ core, rendererDir, token: 'test-token-0123456789' })
  })

  afterEach(() => {
    for (const ws of open.splice(0)) ws.terminate()
  })

  afterAll(async () => {
    await host.close()
  })

  const wsUrl = (token: string | null, path = '/ws'): string => `ws://127.0.0.1:${host.port}${path}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`
  const ownOrigin = (): string => `http://127.0.0.1:${host.port}`

  async function connect(): Promise<WebSocket> {
    const attempt = await openSocket(wsUrl(host.token), { origin: ownOrigin() })
    if (!attempt.accepted) throw new Error(`refused with ${attempt.status}`)
    open.push(attempt.ws)
    return attempt.ws
  }

  it('listens on loopback and reports a URL carrying the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=test-token-0123456789`)
  })

  it('serves index.html with a CSP that only allows its own scripts', async () => {
    const res = await get(host.port, '/', { Host: `127.0.0.1:${host.port}` })
    expect(res.status).toBe(200)
    expect(res.body).toBe(INDEX_HTML)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain(`connect-src ws://127.0.0.1:${host.port} ws://localhost:${host.port}`)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
  })

  it('serves other files of the renderer with their type', async () => {
    const res = await get(host.port, '/assets/app.js', { Host: `127.0.0.1:${host.port}` })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8')
  })

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/../renderer-evil/x.txt', '/index.html%00'])(
    'does not serve files outside the renderer folder: %s',
    async (path) => {
      const res = await get(host.port, path, { Host: `127.0.0.1:${host.port}` })
      expect(res.status).toBe(404)
      expect(res.body).toBe('')
    },
  )

  it('refuses a request whose Host header names another site (DNS rebinding)', async () => {
    const res = await get(host.port, '/', { Host: `evil.example:${host.port}` })
    expect(res.status).toBe(403)
    expect(res.body).toBe('')
  })

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get(host.port, '/', { Host: `127.0.0.1:${host.port}` }, 'POST')).status).toBe(403)
  })

  it.each([
    ['without a token', () => ({ url: wsUrl(null), options: { origin: ownOrigin() } })],
    ['with a wrong token', () => ({ url: wsUrl('test-token-0123456788'), options: { origin: ownOrigin() } })],
    ['with a token of another length', () => ({ url: wsUrl('x'), options: { origin: ownOrigin() } })],
    ['from a foreign Origin', () => ({ url: wsUrl(host.token), options: { origin: 'http://evil.example' } })],
    ['without an Origin', () => ({ url: wsUrl(host.token), options: {} })],
    ['with a wrong Host header', () => ({ url: wsUrl(host.token), options: { origin: ownOrigin(), headers: { Host: `evil.example:${host.port}` } } })],
    ['on another path', () => ({ url: wsUrl(host.token, '/other'), options: { origin: ownOrigin() } })],
  ])('refuses a WebSocket %s', async (_name, make) => {
    const { url, options } = make()
    const attempt = await openSocket(url, options)
    if (attempt.accepted) open.push(attempt.ws)
    expect(attempt).toEqual({ accepted: false, status: 403 })
  })

  it('accepts a WebSocket with the right token from our own origin', async () => {
    const attempt = await openSocket(wsUrl(host.token), { origin: ownOrigin() })
    if (attempt.accepted) open.push(attempt.ws)
    expect(attempt.accepted).toBe(true)
  })

  it('accepts the localhost spelling of our origin and host', async () => {
    const attempt = await openSocket(wsUrl(host.token), { origin: `http://localhost:${host.port}`, headers: { Host: `localhost:${host.port}` } })
    if (attempt.accepted) open.push(attempt.ws)
    expect(attempt.accepted).toBe(true)
  })

  it('answers an invoke frame with a result carrying the same seq', async () => {
    const ws = await connect()
    ws.send(JSON.stringify({ kind: 'invoke', seq: 41, command: 'roster:list', request: null }))
    expect(await nextFrame(ws)).toEqual({ kind: 'result', seq: 41, envelope: { ok: true, value: [] } })
    expect(core.handled.at(-1)).toEqual({ command: 'roster:list', request: null })
  })

  it('passes the core’s error envelope through for an unknown command', async () => {
    const ws = await connect()
    ws.send(JSON.stringify({ kind: 'invoke', seq: 7, command: 'shell:exec', request: { cmd: 'rm -rf /' } }))
    expect(await nextFrame(ws)).toEqual({ kind: 'result', seq: 7, envelope: { ok: false, error: { code: 'unknown-command', message: 'Unknown command' } } })
  })

  it('pushes core events to connected sockets as event frames', async () => {
    const ws = await connect()
    const frame = nextFrame(ws)
    core.emit('presence:own', { show: 'away', status: 'lunch' })
    expect(await frame).toEqual({ kind: 'event', event: 'presence:own', payload: { show: 'away', status: 'lunch' } })
  })

  it.each([
    ['a non-JSON frame', 'not json {'],
    ['a frame of the wrong kind', JSON.stringify({ kind: 'result', seq: 1, envelope: { ok: true, value: null } })],
    ['an invoke without a numeric seq', JSON.stringify({ kind: 'invoke', seq: '1', command: 'roster:list', request: null })],
  ])('closes the socket on %s', async (_name, frame) => {
    const ws = await connect()
    const handledBefore = core.handled.length
    const closed = once(ws, 'close')
    ws.send(frame)
    const [code, reason] = (await closed) as [number, Buffer]
    expect(code).toBe(1003)
    expect(String(reason)).toBe('bad frame')
    expect(core.handled.length).toBe(handledBefore)
  })

  it('stops listening to the core when closed', async () => {
    const other = await startWebHost({ core, rendererDir: resolve(rendererDir) })
    expect(core.listeners.size).toBe(2)
    expect(other.token).toMatch(/^[A-Za-z0-9_-]{32}$/u)
    await other.close()
    expect(core.listeners.size).toBe(1)
  })
})
