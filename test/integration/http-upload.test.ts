// XEP-0363 HTTP File Upload against a real Prosody (mod_http_file_share on loopback HTTPS with the
// run's throwaway certificate, trusted only through the extra-CA list): discover the service and
// its limit, upload a 5 MB file with progress and fetch it back byte-identical, cancel an upload
// half-way (the file is then not there), and refuse a file over the limit without asking for a slot.
import type { Element } from '@xmpp/xml'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { downloadFile, putFile, TransferError, uploadFile, type UploadProgress } from '../../electron/core/file-upload'
import { discoverUploadService, requestSlot, type UploadService } from '../../electron/core/xmpp/features/http-upload'
import { startProsody, type ProsodyServer } from '../support/prosody'
import { RawSession } from '../support/raw-session'
import { describeWithService } from '../support/services'

const LIMIT = 8 * 1024 * 1024
const FIVE_MB = 5 * 1024 * 1024

describeWithService('prosody', 'HTTP File Upload (XEP-0363) against Prosody mod_http_file_share', () => {
  let server: ProsodyServer
  let alice: RawSession
  let dir: string
  let service: UploadService
  const iq = (stanza: Element): Promise<Element> => alice.session.iq(stanza)

  beforeAll(async () => {
    server = await startProsody({ users: { alice: 'alice-pw' }, httpFileShare: { sizeLimit: LIMIT, dailyQuota: 20 * LIMIT } })
    alice = await RawSession.start(server, 'alice')
    dir = mkdtempSync(join(tmpdir(), 'xmpp-desk-upload-'))
  })

  afterAll(async () => {
    await alice?.stop()
    await server?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('discovers the upload component through disco#items, with the configured limit', async () => {
    const found = await discoverUploadService(iq, server.domain)
    expect(found).toEqual({ jid: server.httpFileShare?.jid, maxFileSize: LIMIT })
    service = found as UploadService
  })

  it('uploads a 5 MB file with progress and fetches it back byte-identical', async () => {
    const content = randomBytes(FIVE_MB)
    const path = join(dir, 'five-mb.bin')
    writeFileSync(path, content)
    const progress: UploadProgress[] = []
    const url = await uploadFile({ iq, service, path, ca: [server.caCert], onProgress: (p) => progress.push(p) })

    expect(url.startsWith(server.httpFileShare?.baseUrl ?? '-')).toBe(true)
    expect(url.endsWith('/five-mb.bin')).toBe(true)
    expect(progress.length).toBeGreaterThan(10)
    expect(progress.every((p, i) => p.total === FIVE_MB && (i === 0 || p.sent > (progress[i - 1]?.sent ?? 0)))).toBe(true)
    expect(progress.at(-1)?.sent).toBe(FIVE_MB)

    const fetched = await downloadFile(url, { ca: [server.caCert], maxBytes: LIMIT, allowedTypes: ['application/octet-stream'] })
    expect(fetched.contentType).toBe('application/octet-stream')
    expect(fetched.data.length).toBe(FIVE_MB)
    expect(fetched.data.equals(content)).toBe(true)

    // The downloader's caps hold against the same real file.
    await expect(downloadFile(url, { ca: [server.caCert], maxBytes: FIVE_MB - 1, allowedTypes: ['application/octet-stream'] })).rejects.toMatchObject({ kind: 'too-large' })
    await expect(downloadFile(url, { ca: [server.caCert], maxBytes: LIMIT, allowedTypes: ['image/*'] })).rejects.toMatchObject({ kind: 'bad-type' })
    // Without the test CA the certificate is not trusted: nothing is turned off to make tests pass.
    await expect(downloadFile(url, { maxBytes: LIMIT, allowedTypes: ['application/octet-stream'] })).rejects.toMatchObject({ kind: 'network' })
  })

  it('cancels an upload half-way; the file never appears, and the slot can be used again', async () => {
    const path = join(dir, 'cancelled.bin')
    const content = randomBytes(FIVE_MB)
    writeFileSync(path, content)
    const slot = await requestSlot(iq, service.jid, { filename: 'cancelled.bin', size: FIVE_MB, contentType: 'application/octet-stream' })
    const controller = new AbortController()
    const progress: number[] = []
    const file = await open(path, 'r')
    try {
      const upload = putFile(slot, file, FIVE_MB, 'application/octet-stream', {
        ca: [server.caCert],
        signal: controller.signal,
        onProgress: ({ sent }) => {
          progress.push(sent)
          if (sent >= FIVE_MB / 4) controller.abort()
        },
      })
      await expect(upload).rejects.toMatchObject({ kind: 'cancelled' })
    } finally {
      await file.close()
    }
    expect(progress.at(-1)).toBeLessThan(FIVE_MB)
    // Prosody: 410 Gone for a slot whose file was never completed.
    const fetch = () => downloadFile(slot.getUrl, { ca: [server.caCert], maxBytes: LIMIT, allowedTypes: ['application/octet-stream'] })
    await expect(fetch()).rejects.toMatchObject({ kind: 'refused', status: 410 })

    // Nothing half-written was kept: the same slot takes the whole file afterwards.
    const again = await open(path, 'r')
    try {
      await putFile(slot, again, FIVE_MB, 'application/octet-stream', { ca: [server.caCert] })
    } finally {
      await again.close()
    }
    expect((await fetch()).data.equals(content)).toBe(true)
  })

  it('refuses a file over the limit before asking for a slot', async () => {
    const path = join(dir, 'too-big.bin')
    writeFileSync(path, '')
    truncateSync(path, LIMIT + 1) // sparse: the size is what counts
    const asked: Element[] = []
    const spy = (stanza: Element): Promise<Element> => {
      asked.push(stanza)
      return iq(stanza)
    }
    const failure = await uploadFile({ iq: spy, service, path, ca: [server.caCert] }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(TransferError)
    expect(failure).toMatchObject({ kind: 'too-large' })
    expect(asked).toEqual([])
  })
})
