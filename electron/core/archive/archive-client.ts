// Main-thread side of the archive: implements Archive by forwarding each call to the worker thread
// that owns the SQLite connection (archive-worker.ts) and matching answers by sequence number.
// Layer: electron/core (Node).
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ChatMessage, ConversationSummary, HistoryGap, MessageState } from '../../../shared/types/domain'
import type { Archive, Correction, Retraction, IncomingMessage, OutboxItem, OutgoingDraft, RosterItem, SearchRequest, SearchResult, StoreResult, VerifiedCaps } from './archive'
import type { StoredAttachment } from './attachments'
import { ArchiveClosedError, deserializeError } from './errors'
import type { RoomRecord } from './rooms'
import {
  OPEN_SEQ,
  type ArchiveArgs,
  type ArchiveMethod,
  type ArchiveResults,
  type CallRequest,
  type CloseRequest,
  type WorkerData,
  type WorkerReply,
} from './protocol'

export interface ArchiveOptions {
  /**
   * The worker script, as a path or file: URL. Default: `archive-worker.js` next to this module
   * (a bundle whose build emits the worker as a sibling ESM entry), else `archive-worker.ts` (sources;
   * a `.ts` worker is loaded through tsx, a devDependency).
   */
  worker?: string | URL
}

/**
 * Starts the worker, which opens (creating if needed) and migrates the SQLite file. Rejects with
 * ArchiveFromFutureError when the file was written by a newer version of the app.
 */
export async function openArchive(file: string, options: ArchiveOptions = {}): Promise<Archive> {
  const client = new ArchiveClient(startWorker(options.worker ?? defaultWorker(), file))
  await client.opened
  return client
}

function defaultWorker(): URL {
  // In a CommonJS bundle esbuild empties import.meta; __filename is then the bundle itself.
  const here = import.meta.url || pathToFileURL(__filename).href
  const candidates = ['./archive-worker.js', './archive-worker.ts'].map((name) => new URL(name, here))
  const found = candidates.find((url) => existsSync(url))
  if (!found) throw new Error(`No archive-worker.js or archive-worker.ts next to ${here}`)
  return found
}

function startWorker(worker: string | URL, file: string): Worker {
  const url = typeof worker === 'string' ? pathToFileURL(worker) : worker
  const workerData: WorkerData = { file }
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData })
  // From sources (vitest, tsx). Node 20 does not apply ESM loaders such as `--import tsx` to
  // workers (nodejs/node#47747), so a CommonJS bootstrap registers tsx's require hook and loads
  // the worker through it. Both paths are resolved here, so the working directory does not matter.
  const tsx = createRequire(url).resolve('tsx/cjs/api')
  const bootstrap = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(fileURLToPath(url))})`
  return new Worker(bootstrap, { eval: true, workerData })
}

interface Pending {
  resolve(value: unknown): void
  reject(error: Error): void
}

/** A search not yet sent to the worker. */
interface WaitingSearch {
  account: string
  request: SearchRequest
  resolve(value: SearchResult | 'superseded'): void
  reject(error: unknown): void
}

class ArchiveClient implements Archive {
  /** Settles when the worker has opened and migrated the database. */
  readonly opened: Promise<unknown>
  readonly #worker: Worker
  readonly #pending = new Map<number, Pending>()
  #nextSeq = OPEN_SEQ + 1
  /** Why calls are refused, once they are: closed, or the worker died. */
  #unavailable: string | null = null
  #closing: Promise<void> | null = null
  /**
   * Search as you type: at most one search is with the worker and at most one waits here. The
   * worker answers in order and a running query cannot be interrupted, so a search queued behind
   * another is stale by the time it could start; a newer one takes its place and the replaced one
   * resolves 'superseded' without ever running.
   */
  #searchRunning = false
  #searchWaiting: WaitingSearch | null = null

  constructor(worker: Worker) {
    this.#worker = worker
    this.opened = this.#expect(OPEN_SEQ)
    worker.on('message', (reply: WorkerReply) => this.#settle(reply))
    worker.on('error', (error) => this.#fail(`Archive worker crashed: ${error.message}`))
    worker.on('exit', (code) => this.#fail(`Archive worker exited (code ${code})`))
  }

  storeIncoming(account: string, messages: IncomingMessage[]): Promise<StoreResult> {
    return this.#call('storeIncoming', account, messages)
  }
  storeOutgoing(account: string, draft: OutgoingDraft): Promise<StoreResult> {
    return this.#call('storeOutgoing', account, draft)
  }
  page(account: string, conversation: string, beforeId: number | null, limit: number): Promise<{ messages: ChatMessage[]; hasMore: boolean }> {
    return this.#call('page', account, conversation, beforeId, limit)
  }
  newer(account: string, conversation: string, afterId: number, limit: number): Promise<{ messages: ChatMessage[]; hasMore: boolean }> {
    return this.#call('newer', account, conversation, afterId, limit)
  }
  around(account: string, conversation: string, messageId: number, context: number): Promise<{ messages: ChatMessage[]; hasOlder: boolean; hasNewer: boolean }> {
    return this.#call('around', account, conversation, messageId, context)
  }
  search(account: string, request: SearchRequest): Promise<SearchResult | 'superseded'> {
    return new Promise((resolve, reject) => {
      this.#searchWaiting?.resolve('superseded')
      this.#searchWaiting = { account, request, resolve, reject }
      this.#sendSearch()
    })
  }
  conversations(account: string): Promise<ConversationSummary[]> {
    return this.#call('conversations', account)
  }
  markRead(account: string, conversation: string): Promise<ConversationSummary | null> {
    return this.#call('markRead', account, conversation)
  }
  storeArchivePage(account: string, archive: string, messages: IncomingMessage[], cursor: string | null): Promise<StoreResult> {
    return this.#call('storeArchivePage', account, archive, messages, cursor)
  }
  syncCursor(account: string, archive: string): Promise<string | null> {
    return this.#call('syncCursor', account, archive)
  }
  storeOlderPage(account: string, conversation: string, messages: IncomingMessage[], complete: boolean): Promise<number> {
    return this.#call('storeOlderPage', account, conversation, messages, complete)
  }
  olderEdge(account: string, conversation: string): Promise<{ oldest: number | null; oldestArchiveId: string | null; complete: boolean }> {
    return this.#call('olderEdge', account, conversation)
  }
  newestArchiveIdIn(account: string, conversation: string): Promise<string | null> {
    return this.#call('newestArchiveIdIn', account, conversation)
  }
  syncedUpTo(account: string): Promise<number | null> {
    return this.#call('syncedUpTo', account)
  }
  recordGap(account: string, from: number, to: number): Promise<void> {
    return this.#call('recordGap', account, from, to)
  }
  gapsIn(account: string, conversation: string): Promise<HistoryGap[]> {
    return this.#call('gapsIn', account, conversation)
  }
  markReadUpTo(account: string, conversation: string, originId: string): Promise<{ id: number; state: MessageState }[]> {
    return this.#call('markReadUpTo', account, conversation, originId)
  }
  readUpToArchiveId(account: string, conversation: string, archiveId: string): Promise<ConversationSummary | null> {
    return this.#call('readUpToArchiveId', account, conversation, archiveId)
  }
  lastIncomingArchiveId(account: string, conversation: string): Promise<string | null> {
    return this.#call('lastIncomingArchiveId', account, conversation)
  }
  lastMarkable(account: string, conversation: string): Promise<{ originId: string; sender: string } | null> {
    return this.#call('lastMarkable', account, conversation)
  }
  applyCorrection(account: string, correction: Correction): Promise<ChatMessage | null> {
    return this.#call('applyCorrection', account, correction)
  }
  applyRetraction(account: string, retraction: Retraction): Promise<ChatMessage | null> {
    return this.#call('applyRetraction', account, retraction)
  }
  outbox(account: string): Promise<OutboxItem[]> {
    return this.#call('outbox', account)
  }
  noteAttempt(account: string, messageId: number): Promise<void> {
    return this.#call('noteAttempt', account, messageId)
  }
  setStates(account: string, updates: { id: number; state: MessageState }[]): Promise<{ id: number; state: MessageState }[]> {
    return this.#call('setStates', account, updates)
  }
  findOutgoing(account: string, conversation: string, originId: string): Promise<ChatMessage | null> {
    return this.#call('findOutgoing', account, conversation, originId)
  }
  messageAttachment(account: string, id: number): Promise<StoredAttachment | null> {
    return this.#call('messageAttachment', account, id)
  }
  loadRoster(account: string): Promise<{ version: string | null; items: RosterItem[] }> {
    return this.#call('loadRoster', account)
  }
  replaceRoster(account: string, version: string | null, items: RosterItem[]): Promise<void> {
    return this.#call('replaceRoster', account, version, items)
  }
  applyRosterPush(account: string, version: string | null, item: RosterItem | { jid: string; remove: true }): Promise<void> {
    return this.#call('applyRosterPush', account, version, item)
  }
  capsEntries(): Promise<VerifiedCaps[]> {
    return this.#call('capsEntries')
  }
  storeCaps(entry: VerifiedCaps): Promise<void> {
    return this.#call('storeCaps', entry)
  }
  avatarHash(account: string, jid: string): Promise<string | null> {
    return this.#call('avatarHash', account, jid)
  }
  setAvatarHash(account: string, jid: string, hash: string | null): Promise<void> {
    return this.#call('setAvatarHash', account, jid, hash)
  }
  applyModeration(account: string, room: string, roomArchiveId: string, timestamp: number): Promise<ChatMessage | null> {
    return this.#call('applyModeration', account, room, roomArchiveId, timestamp)
  }
  roomArchiveIdOf(account: string, room: string, messageId: number): Promise<string | null> {
    return this.#call('roomArchiveIdOf', account, room, messageId)
  }
  rooms(account: string): Promise<RoomRecord[]> {
    return this.#call('rooms', account)
  }
  saveRoom(account: string, room: RoomRecord): Promise<void> {
    return this.#call('saveRoom', account, room)
  }
  deleteRoom(account: string, jid: string): Promise<void> {
    return this.#call('deleteRoom', account, jid)
  }
  getSetting<T>(key: string): Promise<T | null> {
    // Settings are stored as JSON; the caller names the type it stored under the key.
    return this.#call('getSetting', key) as Promise<T | null>
  }
  setSetting(key: string, value: unknown): Promise<void> {
    return this.#call('setSetting', key, value)
  }
  deleteSetting(key: string): Promise<void> {
    return this.#call('deleteSetting', key)
  }

  /** Lets earlier calls finish, runs PRAGMA optimize, closes the connection and ends the thread. */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown()
    return this.#closing
  }

  async #shutDown(): Promise<void> {
    if (this.#unavailable !== null) return // the worker is gone already
    const seq = this.#nextSeq++
    const closed = this.#expect(seq)
    this.#worker.postMessage({ seq, method: 'close' } satisfies CloseRequest)
    this.#unavailable = 'Archive is closed'
    try {
      await closed
    } finally {
      await this.#worker.terminate()
    }
  }

  #sendSearch(): void {
    const next = this.#searchWaiting
    if (this.#searchRunning || !next) return
    this.#searchWaiting = null
    this.#searchRunning = true
    this.#call('search', next.account, next.request)
      .then(next.resolve, next.reject)
      .finally(() => {
        this.#searchRunning = false
        this.#sendSearch()
      })
  }

  async #call<M extends ArchiveMethod>(method: M, ...args: ArchiveArgs[M]): Promise<ArchiveResults[M]> {
    if (this.#unavailable !== null) throw new ArchiveClosedError(this.#unavailable)
    const seq = this.#nextSeq++
    const result = this.#expect(seq)
    try {
      this.#worker.postMessage({ seq, method, args } satisfies CallRequest<M>)
    } catch (error) {
      // e.g. DataCloneError: the request never left, so no answer will come.
      this.#pending.delete(seq)
      throw error
    }
    // The worker answers `seq` with the return value of `method`.
    return (await result) as ArchiveResults[M]
  }

  #expect(seq: number): Promise<unknown> {
    return new Promise((resolve, reject) => this.#pending.set(seq, { resolve, reject }))
  }

  #settle(reply: WorkerReply): void {
    const pending = this.#pending.get(reply.seq)
    this.#pending.delete(reply.seq)
    if (reply.kind === 'result') pending?.resolve(reply.value)
    else pending?.reject(deserializeError(reply.error))
  }

  #fail(reason: string): void {
    this.#unavailable ??= reason
    for (const pending of this.#pending.values()) pending.reject(new ArchiveClosedError(reason))
    this.#pending.clear()
  }
}
