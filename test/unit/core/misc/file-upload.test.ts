// The HTTP half of file sharing against a local loopback server: exactly the headers the slot
// allows plus Content-Length/Content-Type, the limit checked before any slot is asked for, http
// refused unless explicitly allowed for loopback, no redirects, stalls ending in a timeout, and the
// downloader's size and type caps.
import xml, { type Element } from '@xmpp/xml'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { downloadFile, mediaType, typeAllowed, uploadFile } from '../../../../electron/core/file-upload'
import { NS } from '../../../../electron/core/xmpp/ns'
import { roundTrip } from '../../../support/parse-xml'

const SERVICE = 'upload.example.org'
let server: Server
let base: string
let dir: string
const received: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }[] = []
const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>()

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xmpp-desk-upload-unit-'))
  server = createServer((req, res) => {
    const route = routes.get(req.url ?? '')
    if (route && req.url?.startsWith('/raw/')) return route(req, res) // answers before the body ends
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) })
      if (route) route(req, res)
      else res.writeHead(201).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

/** An IQ function playing the upload service: answers every request with a slot on our server. */
function serviceIq(headers: [string, string][], asked: Element[] = []): (stanza: Element) => Promise<Element> {
  return async (stanza) => {
    asked.push(stanza)
    const put = xml('put', { xmlns: NS.httpUpload, url: `${base}/put/1` }, ...headers.map(([name, value]) => xml('header', { xmlns: NS.httpUpload, name }, value)))
    return roundTrip(xml('iq', { type: 'result', from: SERVICE }, xml('slot', { xmlns: NS.httpUpload }, put, xml('get', { xmlns: NS.httpUpload, url: `${base}/get/1` }))))
  }
}

describe('uploadFile', () => {
  it('PUTs the file with Content-Length, Content-Type and only the allowed slot headers, and returns the GET URL', async () => {
    const path = join(dir, 'hello.txt')
    writeFileSync(path, 'hello world')
    received.length = 0
    const asked: Element[] = []
    const progress: number[] = []
    const url = await uploadFile({
      iq: serviceIq([['Authorization', 'Bearer t0k3n'], ['X-Evil', '1'], ['Host', 'evil.example']], asked),
      service: { jid: SERVICE, maxFileSize: 100 },
      path,
      contentType: 'text/plain',
      allowInsecureLoopback: true,
      onProgress: ({ sent }) => progress.push(sent),
    })
    expect(url).toBe(`${base}/get/1`)
    expect(asked[0]?.getChild('request', NS.httpUpload)?.attrs).toMatchObject({ filename: 'hello.txt', size: '11', 'content-type': 'text/plain' })
    const put = received.at(-1)
    expect(put?.method).toBe('PUT')
    expect(put?.body.toString()).toBe('hello world')
    expect(put?.headers).toMatchObject({ authorization: 'Bearer t0k3n', 'content-length': '11', 'content-type': 'text/plain' })
    expect(put?.headers['x-evil']).toBeUndefined()
    expect(put?.headers.host).toBe(new URL(base).host)
    expect(progress.at(-1)).toBe(11)
  })

  it('refuses a file over the service limit before asking for a slot', async () => {
    const path = join(dir, 'big.bin')
    writeFileSync(path, Buffer.alloc(101))
    const asked: Element[] = []
    await expect(uploadFile({ iq: serviceIq([], asked), service: { jid: SERVICE, maxFileSize: 100 }, path, allowInsecureLoopback: true })).rejects.toMatchObject({ kind: 'too-large' })
    expect(asked).toEqual([])
  })

  it('refuses directories, and an http slot unless loopback http was allowed', async () => {
    await expect(uploadFile({ iq: serviceIq([]), service: { jid: SERVICE, maxFileSize: null }, path: dir, allowInsecureLoopback: true })).rejects.toMatchObject({ kind: 'not-a-file' })
    const path = join(dir, 'a.txt')
    writeFileSync(path, 'a')
    await expect(uploadFile({ iq: serviceIq([]), service: { jid: SERVICE, maxFileSize: null }, path })).rejects.toThrow(/bad-put-url/u)
  })

  it('does not start when already cancelled, and reports a refusal with its status', async () => {
    const path = join(dir, 'b.txt')
    writeFileSync(path, 'b')
    const asked: Element[] = []
    await expect(uploadFile({ iq: serviceIq([], asked), service: { jid: SERVICE, maxFileSize: null }, path, allowInsecureLoopback: true, signal: AbortSignal.abort() })).rejects.toMatchObject({ kind: 'cancelled' })
    expect(asked).toEqual([])
    routes.set('/put/1', (_req, res) => res.writeHead(413).end())
    try {
      await expect(uploadFile({ iq: serviceIq([]), service: { jid: SERVICE, maxFileSize: null }, path, allowInsecureLoopback: true })).rejects.toMatchObject({ kind: 'refused', status: 413 })
    } finally {
      routes.delete('/put/1')
    }
  })
})

describe('downloadFile', () => {
  const opts = { allowInsecureLoopback: true, maxBytes: 1000, allowedTypes: ['image/*', 'application/octet-stream'] }

  it('fetches within the caps', async () => {
    routes.set('/get/ok', (_req, res) => res.writeHead(200, { 'content-type': 'image/png; foo=bar' }).end(Buffer.alloc(10, 1)))
    const got = await downloadFile(`${base}/get/ok`, opts)
    expect(got).toEqual({ contentType: 'image/png', data: Buffer.alloc(10, 1) })
  })

  it('refuses non-https URLs, oversize files (declared or streamed), other types and redirects', async () => {
    await expect(downloadFile(`${base}/get/ok`, { ...opts, allowInsecureLoopback: false })).rejects.toMatchObject({ kind: 'bad-url' })
    for (const url of ['file:///etc/passwd', 'smb://evil.example/s/a.png', 'http://canary.evil.example/x.png'])
      await expect(downloadFile(url, opts), url).rejects.toMatchObject({ kind: 'bad-url' })
    routes.set('/get/declared', (_req, res) => res.writeHead(200, { 'content-type': 'image/png', 'content-length': '5000' }).end(Buffer.alloc(5000)))
    await expect(downloadFile(`${base}/get/declared`, opts)).rejects.toMatchObject({ kind: 'too-large' })
    routes.set('/get/streamed', (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'transfer-encoding': 'chunked' })
      for (let i = 0; i < 20; i++) res.write(Buffer.alloc(100))
      res.end()
    })
    await expect(downloadFile(`${base}/get/streamed`, opts)).rejects.toMatchObject({ kind: 'too-large' })
    routes.set('/get/html', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<script>'))
    await expect(downloadFile(`${base}/get/html`, opts)).rejects.toMatchObject({ kind: 'bad-type' })
    routes.set('/get/untyped', (_req, res) => res.writeHead(200).end('x'))
    await expect(downloadFile(`${base}/get/untyped`, opts)).rejects.toMatchObject({ kind: 'bad-type' })
    routes.set('/get/redirect', (_req, res) => res.writeHead(302, { location: 'http://canary.evil.example/' }).end())
    await expect(downloadFile(`${base}/get/redirect`, opts)).rejects.toMatchObject({ kind: 'refused', status: 302 })
  })

  it('gives up on a server that stops sending', async () => {
    routes.set('/raw/stall', (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': '100' })
      res.write(Buffer.alloc(10))
    })
    await expect(downloadFile(`${base}/raw/stall`, { ...opts, idleTimeoutMs: 200 })).rejects.toMatchObject({ kind: 'timeout' })
  })

  it('reads media types strictly', () => {
    expect(mediaType('Image/PNG ; charset=x')).toBe('image/png')
    expect(mediaType(undefined)).toBe('')
    expect(typeAllowed('image/png', ['image/*'])).toBe(true)
    expect(typeAllowed('image/svg+xml', ['image/png'])).toBe(false)
    expect(typeAllowed('', ['image/*'])).toBe(false)
    expect(typeAllowed('image', ['image/*'])).toBe(false)
  })
})
