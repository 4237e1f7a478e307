// Files the renderer hands over for upload, as bytes (picked, dropped or pasted: a path never
// comes from the renderer, so a compromised page cannot make the core upload ~/.ssh/id_ed25519).
// Chunks are written in order to a temporary file under `<data dir>/uploads/`, announced size
// first and never exceeded; the file stays until it was sent or the user gives up, so a failed
// upload can be retried. Layer: electron/core (Node).
import { randomUUID } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { open, rm, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'

export interface StagedFile {
  id: string
  conversation: string
  name: string
  mediaType: string
  size: number
  path: string
}

interface Staging extends StagedFile {
  received: number
  /** Open while chunks arrive; null once complete. */
  handle: FileHandle | null
  /** Chunks are written one at a time, in order. */
  writing: Promise<void>
}

export class StagedUploads {
  readonly #dir: string
  readonly #files = new Map<string, Staging>()

  /** Removes what an earlier run left behind: nothing can refer to it any more. */
  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'uploads')
    rmSync(this.#dir, { recursive: true, force: true })
    mkdirSync(this.#dir, { recursive: true })
  }

  async begin(file: Omit<StagedFile, 'id' | 'path'>): Promise<string> {
    const id = randomUUID()
    const path = join(this.#dir, id)
    const handle = await open(path, 'wx', 0o600)
    this.#files.set(id, { ...file, id, path, received: 0, handle, writing: Promise.resolve() })
    return id
  }

  /** Writes the next chunk; `offset` must be where the previous one ended, and the total stays within the announced size. */
  async append(id: string, offset: number, bytes: Buffer): Promise<void> {
    const file = this.#require(id)
    const write = file.writing.then(async () => {
      if (!file.handle || offset !== file.received) throw new StagingError('The file arrived out of order')
      if (file.received + bytes.length > file.size) throw new StagingError('The file is larger than announced')
      await file.handle.write(bytes, 0, bytes.length, offset)
      file.received += bytes.length
      if (file.received === file.size) {
        await file.handle.close()
        file.handle = null
      }
    })
    file.writing = write.catch(() => {})
    await write
  }

  /** The staged file once every byte arrived. */
  async complete(id: string): Promise<StagedFile> {
    const file = this.#require(id)
    await file.writing
    if (file.received !== file.size) throw new StagingError('The file has not fully arrived')
    const { id: fileId, conversation, name, mediaType, size, path } = file
    return { id: fileId, conversation, name, mediaType, size, path }
  }

  /** Forgets a complete file without deleting it: the caller now owns `path`. */
  release(id: string): void {
    if (this.#files.get(id)?.handle === null) this.#files.delete(id)
  }

  async discard(id: string): Promise<void> {
    const file = this.#files.get(id)
    if (!file) return
    this.#files.delete(id)
    await file.writing
    await file.handle?.close().catch(() => {})
    await rm(file.path, { force: true })
  }

  #require(id: string): Staging {
    const file = this.#files.get(id)
    if (!file) throw new StagingError('This upload is gone; add the file again')
    return file
  }
}

export class StagingError extends Error {
  override name = 'StagingError'
}
