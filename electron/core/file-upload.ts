// XEP-0363 HTTP File Upload, the HTTP half, in the core (never the renderer): upload a file from
// disk to a slot, and fetch a shared file with caps. Both speak https only (plain http only to a
// loopback host with `allowInsecureLoopback`), verify certificates against the system roots plus
// the extra CAs the XMPP connection trusts, follow no redirects, and end on AbortSignal or when
// the peer stalls. The XMPP half (discovery, slots) is xmpp/features/http-upload.ts.
// Layer: electron/core (Node).
import type { Element } from '@xmpp/xml'
import { open, type FileHandle } from 'node:fs/promises'
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { basename } from 'node:path'
import { rootCertificates } from 'node:tls'
import { checkTransferUrl, requestSlot, type UploadService, type UploadSlot, type UrlPolicy } from './xmpp/features/http-upload'

export type TransferErrorKind = 'too-large' | 'not-a-file' | 'cancelled' | 'timeout' | 'refused' | 'bad-url' | 'bad-type' | 'network'

export class TransferError extends Error {
  constructor(
    readonly kind: TransferErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'TransferError'
  }
}

export interface TransferOptions extends UrlPolicy {
  /** Extra CAs to trust besides the system's (the same list the XMPP connection uses). */
  ca?: string[] | undefined
  signal?: AbortSignal | undefined
  /** No connection within this time fails the transfer (default 15 s). */
  connectTimeoutMs?: number
  /** No byte moving in either direction for this long fails the transfer (default 30 s). */
  idleTimeoutMs?: number
}

export interface UploadProgress {
  sent: number
  total: number
}

export interface UploadFileOptions extends TransferOptions {
  /** An IQ request whose reply must come from whom we asked (XmppSession.iq). */
  iq: (stanza: Element) => Promise<Element>
  service: UploadService
  path: string
  /** Default: the file's base name. */
  filename?: string
  /** Default application/octet-stream. */
  contentType?: string
  onProgress?: (progress: UploadProgress) => void
}

const DEFAULT_TYPE = 'application/octet-stream'

/**
 * Uploads the file at `path` and returns the URL to share (the slot's GET URL). The size is read
 * from the open file and checked against the service's limit before any slot is asked for.
 */
export async function uploadFile(options: UploadFileOptions): Promise<string> {
  throwIfAborted(options.signal)
  const file = await open(options.path, 'r')
  try {
    const stat = await file.stat()
    if (!stat.isFile()) throw new TransferError('not-a-file', 'Only regular files can be uploaded')
    const size = stat.size
    const limit = options.service.maxFileSize
    if (limit !== null && size > limit) throw new TransferError('too-large', `The file is ${size} bytes; the server accepts at most ${limit}`)
    const contentType = options.contentType ?? DEFAULT_TYPE
    const slot = await requestSlot(options.iq, options.service.jid, { filename: options.filename ?? basename(options.path), size, contentType }, options)
    throwIfAborted(options.signal)
    await putFile(slot, file, size, contentType, options)
    return slot.getUrl
  } finally {
    await file.close().catch(() => {})
  }
}

/**
 * PUTs `size` bytes of an open file to the slot, streaming with Content-Length and the slot's
 * allowed headers. Resolves on 200/201; rejects with a TransferError otherwise. The file handle
 * stays open (the caller closes it).
 */
export async function putFile(
  slot: UploadSlot,
  file: FileHandle,
  size: number,
  contentType: string,
  options: TransferOptions & { onProgress?: (progress: UploadProgress) => void },
): Promise<void> {
  const url = checkTransferUrl(slot.putUrl, options)
  if (!url) throw new TransferError('bad-url', 'The upload URL is not allowed')
  const headers = { ...slot.putHeaders, 'Content-Type': contentType, 'Content-Length': String(size) }
  await transfer(url, { method: 'PUT', headers }, options, (request, fail) => {
    if (size === 0) {
      request.end()
      return () => {}
    }
    // Exactly the bytes we announced, from the start; autoClose off: the handle is the caller's.
    // Progress counts bytes handed to the socket, which backpressure keeps close to what was sent.
    const source = file.createReadStream({ start: 0, end: size - 1, autoClose: false, highWaterMark: 64 * 1024 })
    let sent = 0
    source.on('data', (chunk) => {
      sent += chunk.length
      options.onProgress?.({ sent, total: size })
    })
    source.once('error', (error) => fail(new TransferError('network', `Could not read the file: ${error.message}`)))
    source.pipe(request)
    return () => source.destroy()
  }, async (response) => {
    response.resume()
    const status = response.statusCode ?? 0
    if (status !== 200 && status !== 201) throw new TransferError('refused', `The upload server answered ${status}`, status)
  })
}

export interface DownloadOptions extends TransferOptions {
  /** The most bytes accepted; a larger Content-Length fails at once, a longer body when it grows past it. */
  maxBytes: number
  /** Accepted media types: exact (`image/png`) or by top-level type (`image/*`). */
  allowedTypes: readonly string[]
}

export interface Download {
  contentType: string
  data: Buffer
}

/** Fetches a shared file into memory, within the size and type caps, https only, no redirects. */
export async function downloadFile(rawUrl: string, options: DownloadOptions): Promise<Download> {
  const url = checkTransferUrl(rawUrl, options)
  if (!url) throw new TransferError('bad-url', 'Only https links can be downloaded')
  let result: Download | null = null
  await transfer(url, { method: 'GET', headers: { Accept: options.allowedTypes.join(', ') || '*/*' } }, options, (request) => {
    request.end()
    return () => {}
  }, async (response, fail) => {
    const status = response.statusCode ?? 0
    if (status !== 200) {
      response.resume()
      throw new TransferError('refused', `The file server answered ${status}`, status)
    }
    const contentType = mediaType(response.headers['content-type'])
    if (!typeAllowed(contentType, options.allowedTypes)) {
      response.resume()
      throw new TransferError('bad-type', `Files of type ${contentType || 'unknown'} are not downloaded`)
    }
    const declared = response.headers['content-length']
    if (declared !== undefined && !(Number(declared) <= options.maxBytes)) throw new TransferError('too-large', `The file is larger than ${options.maxBytes} bytes`)
    const chunks: Buffer[] = []
    let received = 0
    for await (const chunk of response as AsyncIterable<Buffer>) {
      received += chunk.length
      if (received > options.maxBytes) {
        fail(new TransferError('too-large', `The file is larger than ${options.maxBytes} bytes`))
        return
      }
      chunks.push(chunk)
    }
    if (!response.complete) throw new TransferError('network', 'The download ended early')
    result = { contentType, data: Buffer.concat(chunks, received) }
  })
  if (!result) throw new TransferError('network', 'The download ended early')
  return result
}

/** `type/subtype` of a Content-Type header, lowercased, without parameters; '' when absent. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

export function typeAllowed(type: string, allowed: readonly string[]): boolean {
  if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/u.test(type)) return false
  const top = type.slice(0, type.indexOf('/'))
  return allowed.some((a) => a.toLowerCase() === type || a.toLowerCase() === `${top}/*`)
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new TransferError('cancelled', 'The transfer was cancelled')
}

/**
 * One HTTP exchange with the shared rules: TLS against roots + extra CAs, connect and idle
 * timeouts, cancel by AbortSignal, no redirects (a 3xx is just a refusal). `send` writes the
 * body (and returns how to stop doing so); `receive` consumes the response.
 */
function transfer(
  url: string,
  init: { method: string; headers: Record<string, string> },
  options: TransferOptions,
  send: (request: ClientRequest, fail: (error: Error) => void) => () => void,
  receive: (response: IncomingMessage, fail: (error: Error) => void) => Promise<void>,
): Promise<void> {
  throwIfAborted(options.signal)
  const target = new URL(url)
  const secure = target.protocol === 'https:'
  const requestOptions: RequestOptions & Record<string, unknown> = {
    method: init.method,
    headers: init.headers,
    agent: false,
    timeout: options.connectTimeoutMs ?? 15_000,
    ...(secure
      ? { minVersion: 'TLSv1.2', rejectUnauthorized: true, ...(options.ca && options.ca.length > 0 ? { ca: [...rootCertificates, ...options.ca] } : {}) }
      : {}),
  }
  return new Promise<void>((resolve, reject) => {
    let settled = false
    let stopSending = (): void => {}
    const request = (secure ? httpsRequest : httpRequest)(target, requestOptions)
    const finish = (error: Error | null): void => {
      if (settled) return
      settled = true
      options.signal?.removeEventListener('abort', onAbort)
      if (error) {
        stopSending()
        request.destroy()
        reject(error)
      } else resolve()
    }
    const fail = (error: Error): void => finish(error)
    const onAbort = (): void => fail(new TransferError('cancelled', 'The transfer was cancelled'))
    options.signal?.addEventListener('abort', onAbort, { once: true })
    const idle = options.idleTimeoutMs ?? 30_000
    // Until the socket connects, `timeout` above is the connect timeout; then the idle one.
    request.once('socket', (socket) => {
      socket.once(secure ? 'secureConnect' : 'connect', () => request.setTimeout(idle))
    })
    request.on('timeout', () => fail(new TransferError('timeout', 'The server stopped responding')))
    request.on('error', (error) => fail(settled ? error : new TransferError('network', error.message)))
    request.on('response', (response) => {
      response.on('error', (error) => fail(new TransferError('network', error.message)))
      receive(response, fail).then(
        () => finish(null),
        (error: Error) => fail(error),
      )
    })
    stopSending = send(request, fail)
  })
}
