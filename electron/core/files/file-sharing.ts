// Sharing files in one-to-one chats (XEP-0363 HTTP File Upload, sent as an XEP-0066 OOB link):
// the `files:*` commands. Uploads run here, never in the renderer: the renderer stages the bytes
// (staged-uploads.ts), the core asks the server's upload service (discovered once per session) for
// a slot, PUTs the file with progress and cancel, then stores and queues the message whose body is
// the link. Fetching is here too (file-cache.ts), and only when allowed (security notes A18):
// after the user asked, or automatically for a picture its sender marked as a file (OOB) when the
// sender is in our roster (and not blocked) or is us. Layer: electron/core (Node).
import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import type { EventName, EventPayload } from '../../../shared/ipc/contract'
import type { ChatMessage } from '../../../shared/types/domain'
import { FILE_LIMITS, formatBytes, looksLikeImage, safeToOpen } from '../../../shared/util/attachment'
import type { Archive } from '../archive/archive'
import type { StoredAttachment } from '../archive/attachments'
import type { HostPorts } from '../core-service'
import { TransferError, uploadFile, type TransferOptions } from '../file-upload'
import { UserFacingError } from '../ipc/command-dispatch'
import { describeUploadError, discoverUploadService, isPlainContentType, type UploadService } from '../xmpp/features/http-upload'
import type { XmppSession } from '../xmpp/session'
import { diskName, FileCache } from './file-cache'
import { StagedUploads, StagingError } from './staged-uploads'

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void

/** What a signed-in session lends to file sharing. */
export interface FileSession {
  account: string
  session: XmppSession
  /** Sends what the outbox holds (our file message joins it like any message). */
  flushOutbox(): Promise<void>
  /** A contact whose pictures may be fetched without a click: in our roster and not blocked. */
  trusted(bare: string): boolean
  /** Our nick when the conversation is a room (the message records who sent it there). */
  nickIn(conversation: string): string | undefined
}

export interface FileSharingOptions {
  archive: Archive
  dataDir: string
  ports: HostPorts
  emit: Emit
  /** The session while signed in (online or not); null when signed out. */
  live: () => FileSession | null
  /** TLS trust and the developer loopback option, as the XMPP connection has them. */
  transfer: () => TransferOptions
  log: (message: string) => void
}

/** At most this many progress events per second per upload (the last one always goes out). */
const PROGRESS_INTERVAL_MS = 100

export class FileSharing {
  readonly #staged: StagedUploads
  readonly #cache: FileCache
  /** The upload service of each session (discovered once; a failed discovery is asked again). */
  readonly #services = new WeakMap<XmppSession, Promise<UploadService | null>>()
  readonly #running = new Map<string, AbortController>()

  constructor(private readonly options: FileSharingOptions) {
    this.#staged = new StagedUploads(options.dataDir)
    this.#cache = new FileCache(options.dataDir, options.transfer)
  }

  async uploadLimit(): Promise<{ available: boolean; maxFileSize: number | null }> {
    const service = await this.#service(this.#online())
    return { available: service !== null, maxFileSize: service?.maxFileSize ?? null }
  }

  /** Checks the file against the service before a byte is handed over. */
  async stage(request: { conversation: string; name: string; mediaType: string; size: number }): Promise<{ upload: string }> {
    const live = this.#online()
    const service = await this.#service(live)
    if (!service) throw new UserFacingError('Your server does not accept file uploads.', 'no-upload-service')
    const limit = Math.min(service.maxFileSize ?? Infinity, FILE_LIMITS.uploadBytes)
    if (request.size > limit) throw new UserFacingError(`The file is ${formatBytes(request.size)}; files up to ${formatBytes(limit)} can be sent.`, 'too-large')
    const mediaType = isPlainContentType(request.mediaType) ? request.mediaType.toLowerCase() : 'application/octet-stream'
    const upload = await this.#staged.begin({ conversation: request.conversation, name: uploadName(request.name), mediaType, size: request.size })
    return { upload }
  }

  async stageChunk(request: { upload: string; offset: number; data: string }): Promise<void> {
    const bytes = Buffer.from(request.data, 'base64')
    if (bytes.length > FILE_LIMITS.chunkBytes) throw new UserFacingError('The file arrived in pieces too large.', 'bad-chunk')
    await this.#staged.append(request.upload, request.offset, bytes).catch(asUserFacing)
  }

  /**
   * Uploads the staged file and sends its link. Offline it is refused, not queued: the slot needs
   * the session, and a file silently waiting in the background is worse than a visible Retry.
   */
  async upload(uploadId: string): Promise<ChatMessage> {
    const live = this.#online()
    if (this.#running.has(uploadId)) throw new UserFacingError('This file is already being sent.', 'busy')
    const file = await this.#staged.complete(uploadId).catch(asUserFacing)
    const service = await this.#service(live)
    if (!service) throw new UserFacingError('Your server does not accept file uploads.', 'no-upload-service')
    const controller = new AbortController()
    this.#running.set(uploadId, controller)
    let lastProgress = 0
    let url: string
    try {
      url = await uploadFile({
        ...this.options.transfer(),
        iq: (stanza) => live.session.iq(stanza),
        service,
        path: file.path,
        filename: file.name,
        contentType: file.mediaType,
        signal: controller.signal,
        onProgress: ({ sent, total }) => {
          const now = Date.now()
          if (sent < total && now - lastProgress < PROGRESS_INTERVAL_MS) return
          lastProgress = now
          this.options.emit('files:progress', { upload: uploadId, sent, total })
        },
      })
    } catch (error) {
      throw uploadFailure(error)
    } finally {
      this.#running.delete(uploadId)
    }
    const result = await this.options.archive.storeOutgoing(live.account, {
      conversation: file.conversation,
      body: url,
      originId: randomUUID(),
      timestamp: Date.now(),
      attachment: { url, name: file.name, size: file.size, mediaType: file.mediaType, oob: true },
      ...(live.nickIn(file.conversation) ? { senderNick: live.nickIn(file.conversation) } : {}),
    })
    // Our own copy is the cached one: showing our picture costs no download.
    this.#staged.release(uploadId)
    await this.#cache.adopt(url, file.name, file.path).catch(() => rm(file.path, { force: true }))
    const stored = result.added[0]
    if (!stored) throw new Error('The archive did not store the message')
    this.options.emit('messages:added', result.added)
    this.options.emit('conversations:changed', result.conversations)
    void live.flushOutbox()
    return stored
  }

  async cancel(uploadId: string): Promise<void> {
    this.#running.get(uploadId)?.abort()
    await this.#staged.discard(uploadId)
  }

  /** The picture of a message, fetched only when allowed (see the header). */
  async preview(messageId: number, asked: boolean): Promise<{ status: 'shown'; dataUrl: string } | { status: 'ask' }> {
    const live = this.options.live()
    const stored = await this.#attachment(live, messageId)
    if (!looksLikeImage(stored.attachment.name)) throw new UserFacingError('This file is not a picture.', 'not-a-picture')
    const automatic = stored.attachment.oob && (stored.direction === 'out' || (live?.trusted(stored.senderBare) ?? false))
    if (!asked && !automatic) return { status: 'ask' }
    const picture = await this.#cache.picture(stored.attachment.url, stored.attachment.name).catch(fetchFailure)
    return { status: 'shown', dataUrl: `data:${picture.mediaType};base64,${picture.data.toString('base64')}` }
  }

  async save(messageId: number): Promise<{ saved: boolean }> {
    const saveFile = this.options.ports.saveFile
    if (!saveFile) throw new UserFacingError('Saving files is not available here.', 'unsupported')
    const stored = await this.#attachment(this.options.live(), messageId)
    const path = await this.#cache.file(stored.attachment.url, stored.attachment.name).catch(fetchFailure)
    return { saved: await saveFile(path, diskName(stored.attachment.name)) }
  }

  async open(messageId: number): Promise<void> {
    const openFile = this.options.ports.openFile
    if (!openFile) throw new UserFacingError('Opening files is not available here; save the file instead.', 'unsupported')
    const stored = await this.#attachment(this.options.live(), messageId)
    if (!safeToOpen(stored.attachment.name)) throw new UserFacingError('Files of this kind could run programs; save the file instead.', 'unsafe-file')
    const path = await this.#cache.file(stored.attachment.url, stored.attachment.name).catch(fetchFailure)
    await openFile(path)
  }

  async #attachment(live: FileSession | null, messageId: number): Promise<StoredAttachment> {
    const stored = live ? await this.options.archive.messageAttachment(live.account, messageId) : null
    if (!stored) throw new UserFacingError('This message has no file.', 'no-file')
    return stored
  }

  #online(): FileSession {
    const live = this.options.live()
    if (!live?.session.online) throw new UserFacingError('You are offline; files can be sent once you are connected.', 'offline')
    return live
  }

  #service(live: FileSession): Promise<UploadService | null> {
    let found = this.#services.get(live.session)
    if (!found) {
      found = discoverUploadService((stanza) => live.session.iq(stanza), domainOf(live.account))
      this.#services.set(live.session, found)
      found.catch((error: unknown) => {
        this.options.log(`upload service discovery failed: ${String(error)}`)
        this.#services.delete(live.session)
      })
    }
    return found.catch(() => {
      throw new UserFacingError('Could not ask your server about file uploads; try again.', 'discovery-failed')
    })
  }
}

function domainOf(bare: string): string {
  return bare.slice(bare.indexOf('@') + 1)
}

/**
 * The name the upload service is given (and the recipient sees): no path separators, control,
 * bidi or invisible characters, at most 200 characters.
 */
export function uploadName(name: string): string {
  return diskName(name).slice(0, 200)
}

function asUserFacing(error: unknown): never {
  if (error instanceof StagingError) throw new UserFacingError(error.message, 'staging')
  throw error
}

function uploadFailure(error: unknown): UserFacingError {
  if (error instanceof TransferError) {
    if (error.kind === 'cancelled') return new UserFacingError('The upload was cancelled.', 'cancelled')
    if (error.kind === 'too-large') return new UserFacingError(error.message, 'too-large')
    return new UserFacingError(`The upload failed (${error.message}); try again.`, 'upload-failed')
  }
  const described = describeUploadError(error)
  if (described.condition === 'file-too-large')
    return new UserFacingError(`Your server refused the file as too large${described.maxFileSize ? ` (at most ${formatBytes(described.maxFileSize)})` : ''}.`, 'too-large')
  return new UserFacingError(`Your server refused the upload (${described.condition}); try again.`, 'upload-failed')
}

function fetchFailure(error: unknown): never {
  if (error instanceof TransferError) {
    const reason =
      error.kind === 'too-large'
        ? 'it is larger than allowed'
        : error.kind === 'bad-type'
          ? 'it is not a kind of file that is shown here'
          : error.kind === 'bad-url'
            ? 'only https links are fetched'
            : error.message
    throw new UserFacingError(`The file could not be fetched: ${reason}.`, `fetch-${error.kind}`)
  }
  throw error
}
