// Fetching shared files in the core, against a loopback HTTP server (plain http is allowed only
// with the developer option, which these tests set, and refused without any request otherwise):
// pictures only when their bytes are PNG/JPEG/GIF/WebP (an SVG labelled image/png is refused),
// never an image/svg+xml or text/html answer, size caps from Content-Length and from the body,
// no redirects, and a second look served from the disk cache without a request.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FileCache } from '../../../../electron/core/files/file-cache'
import { FILE_LIMITS } from '../../../../shared/util/attachment'
import { RED_PNG } from '../../../support/images'

const ROUTES: Record<string, { type: string; body: Buffer; length?: string; status?: number; location?: string }> = {
  '/red.png': { type: 'image/png', body: RED_PNG },
  '/fake.png': { type: 'image/png', body: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') },
  '/real.svg': { type: 'image/svg+xml', body: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') },
  '/page.png': { type: 'text/html', body: Buffer.from('<script>alert(1)</script>') },
  '/huge.png': { type: 'image/png', body: Buffer.alloc(0), length: String(10 * 1024 ** 3) },
  '/moved.png': { type: 'text/plain', body: Buffer.alloc(0), status: 302, location: '/red.png' },
  '/report.pdf': { type: 'application/pdf', body: Buffer.from('%PDF-1.4 tiny') },
}

describe('FileCache', () => {
  let server: Server
  let base: string
  const requests: string[] = []
  let dir: string
  const cache = (allowInsecureLoopback = true) => new FileCache(dir, () => ({ allowInsecureLoopback }))

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'file-cache-'))
    server = createServer((req, res) => {
      requests.push(req.url ?? '')
      const route = ROUTES[req.url ?? '']
      if (!route) return void res.writeHead(404).end()
      // A huge announced body that never comes: the cap must act on the header alone.
      res.writeHead(route.status ?? 200, { 'Content-Type': route.type, 'Content-Length': route.length ?? String(route.body.length), ...(route.location ? { Location: route.location } : {}) })
      if (route.length) res.flushHeaders()
      else res.end(route.body)
    })
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((done) => server.close(done))
    rmSync(dir, { recursive: true, force: true })
  })

  it('fetches a real PNG once; the second look comes from the cache', async () => {
    requests.length = 0
    const first = await cache().picture(`${base}/red.png`, 'red.png')
    expect(first).toEqual({ mediaType: 'image/png', data: RED_PNG })
    const again = await cache().picture(`${base}/red.png`, 'red.png')
    expect(again.data.equals(RED_PNG)).toBe(true)
    expect(requests).toEqual(['/red.png'])
  })

  it('refuses an SVG labelled image/png by its bytes, and image/svg+xml or text/html by its type', async () => {
    await expect(cache().picture(`${base}/fake.png`, 'fake.png')).rejects.toMatchObject({ kind: 'bad-type' })
    await expect(cache().picture(`${base}/real.svg`, 'real.png')).rejects.toMatchObject({ kind: 'bad-type' })
    await expect(cache().picture(`${base}/page.png`, 'page.png')).rejects.toMatchObject({ kind: 'bad-type' })
  })

  it('refuses a 10 GB picture from its Content-Length, and follows no redirect', async () => {
    expect(10 * 1024 ** 3).toBeGreaterThan(FILE_LIMITS.previewBytes)
    await expect(cache().picture(`${base}/huge.png`, 'huge.png')).rejects.toMatchObject({ kind: 'too-large' })
    requests.length = 0
    await expect(cache().picture(`${base}/moved.png`, 'moved.png')).rejects.toMatchObject({ kind: 'refused', status: 302 })
    expect(requests).toEqual(['/moved.png'])
  })

  it('keeps any file for Save/Open under a safe name', async () => {
    const path = await cache().file(`${base}/report.pdf`, '../report\u202e.pdf')
    expect(path.startsWith(join(dir, 'files'))).toBe(true)
    expect(path.endsWith('report_.pdf')).toBe(true)
    expect(readFileSync(path, 'utf8')).toBe('%PDF-1.4 tiny')
  })

  it('without the developer option plain http is refused before any request', async () => {
    requests.length = 0
    await expect(cache(false).picture(`${base}/red.png?again`, 'red.png')).rejects.toMatchObject({ kind: 'bad-url' })
    expect(requests).toEqual([])
  })
})
