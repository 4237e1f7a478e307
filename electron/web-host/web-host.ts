// The browser host: serves the built renderer and carries the IPC contract over a WebSocket, for
// development and for end-to-end tests in a real browser (the Electron binary is not always
// available). Bound to loopback only; the WebSocket needs the per-run token and our own Origin,
// and the Host header must name us (no DNS rebinding). Layer: Node host (never imports electron).
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, resolve, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { HostFrame } from '../../shared/ipc/contract'
import type { CoreService } from '../core/core-service'

export interface WebHostOptions {
  // The host only relays commands and events.
  core: Pick<CoreService, 'handle' | 'subscribe'>
  rendererDir: string
  port?: number
  token?: string
}

export interface WebHost {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

const MAX_FRAME_BYTES = 256 * 1024

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Resolves a URL path inside `root`, or null when it would escape it. */
export function staticPath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/u, '')
  const full = resolve(root, relative)
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : null
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url')
  const root = resolve(options.rendererDir)
  let port = 0
  const origins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])
  const hostAllowed = (host: string | undefined): boolean => host === `127.0.0.1:${port}` || host === `localhost:${port}`

  const server: Server = createServer((req, res) => void serveStatic(req, res))
  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(403).end()
      return
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    const file = staticPath(root, url.pathname)
    const body = file ? await readFile(file).catch(() => null) : null
    if (!file || !body) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src ws://127.0.0.1:${port} ws://localhost:${port}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    const ok = url.pathname === '/ws' && hostAllowed(req.headers.host) && origins().has(req.headers.origin ?? '') && sameToken(url.searchParams.get('token'), token)
    if (!ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws))
  })

  const sockets = new Set<WebSocket>()
  const unsubscribe = options.core.subscribe((event, payload) => {
    const frame = JSON.stringify({ kind: 'event', event, payload } satisfies HostFrame)
    for (const ws of sockets) ws.send(frame)
  })

  function serveSocket(ws: WebSocket): void {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    ws.on('message', (data) => {
      let frame: Partial<HostFrame>
      try {
        frame = JSON.parse(String(data)) as Partial<HostFrame>
      } catch {
        ws.close(1003, 'bad frame')
        return
      }
      if (frame.kind !== 'invoke' || typeof frame.seq !== 'number' || typeof frame.command !== 'string') {
        ws.close(1003, 'bad frame')
        return
      }
      const { seq, command, request } = frame
      void options.core.handle(command, request).then((envelope) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ kind: 'result', seq, envelope } satisfies HostFrame))
      })
    })
  }

  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 0, '127.0.0.1', () => done())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe()
      for (const ws of sockets) ws.terminate()
      wss.close()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}
